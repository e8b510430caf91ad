//! Markings hold: a bundle made with the OASIS stix2 library, whose objects carry every TLP
//! level (TLP 2.0 and 1.0 markings, granular markings, citations across levels, objects kept as
//! they came, objects with no marking), is imported and exported at every label to every
//! format. Every text in the bundle carries a token naming its level; each output is searched
//! for the tokens of every stricter level, and any hit fails. The same outputs must hold the
//! tokens of their own level, so a test that leaves everything out cannot pass.

use casebook::briefing::{BriefingFormat, BriefingOptions, build, html, markdown};
use casebook::model::{Case, shareable_at};
use casebook::stix::import::read_bundle;
use casebook::tradecraft::Tlp;
use std::path::Path;

const MARKED: &str = include_str!("corpus/marked-bundle.json");

/// The level each token stands for once imported with unmarked objects at TLP:GREEN.
const TOKENS: &[(&str, Tlp)] = &[
    ("KX-CLEAR-", Tlp::Clear),
    ("KX-GREEN-", Tlp::Green),
    ("KX-UNMARKED-", Tlp::Green),
    ("KX-AMBER-", Tlp::Amber),
    ("KX-AMBERSTRICT-", Tlp::AmberStrict),
    ("KX-RED-", Tlp::Red),
    ("kx-red.example", Tlp::Red),
];

fn marked_case() -> Case {
    let mut imported = read_bundle(MARKED.as_bytes(), "Marked").expect("the marked bundle");
    // Nothing in it is invalid; its attribution states no likelihood or confidence, which the
    // import reports for the analyst to set.
    let invalid: Vec<_> = imported
        .problems
        .iter()
        .filter(|p| !p.message.ends_with("for the analyst to set"))
        .collect();
    assert!(invalid.is_empty(), "{invalid:#?}");
    imported.set_unmarked(Tlp::Green);
    // Every finding dismissed: a dismissal's words quote what the finding quoted, at any level,
    // and must go out only where the finding itself would.
    let mut case = imported.case;
    let at = chrono::DateTime::UNIX_EPOCH;
    let dismissals = casebook::checks::review(&case)
        .iter()
        .map(|f| f.dismissed("Waived for the markings test.", "", at))
        .collect();
    case.apply(casebook::model::Command::SetDismissals(dismissals))
        .unwrap();
    case
}

/// Fails on any token of a level stricter than `label` in `text` (Markdown's escapes taken
/// out first, so `KX\-RED\-group` counts).
fn assert_holds_nothing_stricter(text: &str, label: Tlp, what: &str) {
    let text = &text.replace('\\', "");
    for (token, level) in TOKENS {
        if *level > label {
            assert!(
                !text.contains(token),
                "{what} at {} holds {token} ({}):\n{}",
                label.code(),
                level.code(),
                context(text, token)
            );
        }
    }
}

fn context(text: &str, token: &str) -> String {
    let at = text.find(token).unwrap_or(0);
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(200)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(400).collect()
}

fn briefing_options(case: &Case, label: Tlp) -> BriefingOptions {
    let mut options = BriefingOptions::for_case(case, chrono::DateTime::UNIX_EPOCH);
    options.tlp = label;
    options
}

#[test]
fn the_marked_bundle_keeps_each_objects_marking_and_granular_markings() {
    let case = marked_case();
    assert_eq!(case.tlp, Tlp::Green, "the case takes the unmarked choice");
    let level = |name: &str| {
        case.actors
            .iter()
            .find(|a| a.name.contains(name))
            .unwrap_or_else(|| panic!("{name}"))
            .marking
            .tlp
    };
    assert_eq!(level("KX-RED-group"), Some(Tlp::Red));
    assert_eq!(level("KX-AMBER-group"), Some(Tlp::Amber), "TLP 1.0 AMBER");
    assert_eq!(level("KX-AMBERSTRICT-persona"), Some(Tlp::AmberStrict));
    assert_eq!(
        level("KX-UNMARKED-state"),
        Some(Tlp::Green),
        "the analyst's choice"
    );
    let campaign = case
        .events
        .iter()
        .find(|e| e.title.contains("KX-CLEAR-campaign"))
        .unwrap();
    assert_eq!(campaign.marking.tlp, Some(Tlp::Clear));
    assert_eq!(campaign.marking.fields.get("description"), Some(&Tlp::Red));
    // Technical objects keep theirs; the unmarked tool is given the analyst's choice.
    let technical = |part: &str| {
        case.technical
            .iter()
            .find(|t| t.name.contains(part))
            .and_then(|t| t.marking.tlp)
    };
    assert_eq!(technical("KX-UNMARKED-tool"), Some(Tlp::Green));
    assert_eq!(technical("KX-RED-indicator"), Some(Tlp::Red));
    // Into the case file and back: nothing of the markings is lost.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marked.json");
    casebook::store::save(&case, &file).unwrap();
    assert_eq!(casebook::store::load(&file).unwrap(), case);
}

#[test]
fn no_output_at_any_label_holds_anything_marked_stricter() {
    let case = marked_case();
    let dir = tempfile::tempdir().unwrap();
    for label in Tlp::ALL.iter().copied() {
        // STIX.
        let bundle = casebook::stix::export::to_bytes_at(&case, label);
        let stix = String::from_utf8(bundle.bytes).unwrap();
        assert_holds_nothing_stricter(&stix, label, "the STIX bundle");
        // Every object keeps its own marking, none stricter than the label.
        let parsed: serde_json::Value = serde_json::from_str(&stix).unwrap();
        for object in parsed["objects"].as_array().unwrap() {
            for r in object["object_marking_refs"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let level = casebook::stix::tlp_of_marking(r.as_str().unwrap()).unwrap();
                assert!(level <= label, "{} at {}", object["id"], label.code());
            }
        }
        // Briefings: the data the PDF is typeset from, the HTML and the Markdown.
        let options = briefing_options(&case, label);
        let briefing = build(&case, &options);
        let data = serde_json::to_string(&briefing).unwrap();
        assert_holds_nothing_stricter(&data, label, "the briefing (PDF data)");
        assert_holds_nothing_stricter(&html::write(&briefing), label, "the HTML briefing");
        assert_holds_nothing_stricter(
            &markdown::write(&briefing, &[]),
            label,
            "the Markdown briefing",
        );
        // The written files, figures beside the Markdown among them.
        let stem = label.code().replace([':', '+'], "-");
        for format in [BriefingFormat::Html, BriefingFormat::Markdown] {
            let out = dir.path().join(format!("{stem}.{}", format.extension()));
            let written =
                casebook::briefing::export(&case, &options, format, &out, &mut |_, _| {}).unwrap();
            for file in &written.files {
                if file.extension().is_some_and(|e| e == "png") {
                    continue;
                }
                let text = std::fs::read_to_string(file).unwrap();
                assert_holds_nothing_stricter(&text, label, &file.display().to_string());
            }
        }
        // Standalone figures carry their label and nothing stricter.
        for (name, write) in [
            (
                "map",
                &(|c: &Case, l: Tlp, p: &Path| {
                    casebook::figure::file::write_map(c, l, p).map(|_| ())
                })
                    as &dyn Fn(
                        &Case,
                        Tlp,
                        &Path,
                    )
                        -> Result<(), casebook::figure::file::FigureFileError>,
            ),
            ("timeline", &|c: &Case, l: Tlp, p: &Path| {
                casebook::figure::file::write_timeline(
                    c,
                    l,
                    casebook::figure::timeline::LaneMode::ByActor,
                    p,
                )
                .map(|_| ())
            }),
        ] {
            let out = dir.path().join(format!("{stem}-{name}.svg"));
            write(&case, label, &out).unwrap();
            let svg = std::fs::read_to_string(&out).unwrap();
            assert_holds_nothing_stricter(&svg, label, name);
            assert!(svg.contains(label.code()), "{name} shows its label");
        }
        // What goes at the label does go: its own tokens are there.
        for (token, level) in TOKENS {
            if *level == label {
                assert!(stix.contains(token), "{token} missing at {}", label.code());
            }
        }
        let own = match label {
            Tlp::Clear => "KX-CLEAR-campaign",
            Tlp::Green => "KX-GREEN-group",
            Tlp::Amber => "KX-AMBER-group",
            Tlp::AmberStrict => "KX-AMBERSTRICT-persona",
            Tlp::Red => "KX-RED-group",
        };
        assert!(
            html::write(&briefing).contains(own),
            "{own} missing from the briefing at {}",
            label.code()
        );
        // What was left out is listed for the analyst, and only there.
        let withheld = shareable_at(&case, label).withheld;
        assert_eq!(withheld.is_empty(), label == Tlp::Red, "{}", label.code());
        assert!(!stix.contains("left out") && !data.contains("left out"));
    }
}

#[test]
fn derived_objects_go_with_what_they_come_from() {
    let case = marked_case();
    let green = shareable_at(&case, Tlp::Green);
    let shared = &green.case;
    // A GREEN relationship to the RED group goes with it.
    assert!(
        shared
            .relationships
            .iter()
            .all(|r| !r.description.contains("KX-GREEN-to-red-link"))
    );
    // The CLEAR campaign stays, without its RED description and the RED report's citation.
    let campaign = shared
        .events
        .iter()
        .find(|e| e.title.contains("KX-CLEAR-campaign"))
        .expect("the campaign goes out");
    assert!(campaign.description.is_empty());
    assert!(
        shared
            .citations_of(&campaign.id)
            .all(|c| shared.source(&c.source).is_some())
    );
    assert!(shared.sources.iter().all(|s| !s.title.contains("KX-RED")));
    // A judgment resting only on RED evidence is left out at GREEN even if marked GREEN.
    let mut case = case;
    let red_report = case
        .sources
        .iter()
        .find(|s| s.title.contains("KX-RED-report"))
        .unwrap()
        .id
        .clone();
    let judgment = case
        .judgments
        .iter_mut()
        .find(|j| j.rationale.contains("KX-GREEN-attribution"))
        .unwrap();
    let judgment_id = judgment.id.clone();
    for c in case.citations.iter_mut().filter(|c| c.cites == judgment_id) {
        c.source = red_report.clone();
    }
    let green = shareable_at(&case, Tlp::Green);
    assert!(green.case.judgment(&judgment_id).is_none());
    assert!(
        green.withheld.iter().any(|w| w.id == judgment_id
            && w.reason == casebook::model::WithheldReason::OnlyWithheldSupport)
    );
    // A GREEN source that relays the RED report says so only at RED: at GREEN the relay is
    // not named, in the case, the bundle or the briefing.
    let relay = case
        .sources
        .iter_mut()
        .find(|s| s.marking.tlp == Some(Tlp::Green))
        .expect("a GREEN source");
    relay.derived_from.push(red_report.clone());
    let relay_id = relay.id.clone();
    let green = shareable_at(&case, Tlp::Green);
    assert!(
        green
            .case
            .source(&relay_id)
            .unwrap()
            .derived_from
            .is_empty()
    );
    let red = shareable_at(&case, Tlp::Red);
    assert_eq!(
        red.case.source(&relay_id).unwrap().derived_from,
        vec![red_report.clone()]
    );
    let bundle = casebook::stix::export::to_bytes_at(&case, Tlp::Green).bytes;
    let bundle = String::from_utf8(bundle).unwrap();
    assert!(
        !bundle.contains("derived-from"),
        "no relay of the RED report at GREEN"
    );
    // `casebook check` names the judgment whose evidence is stricter than it.
    let findings = casebook::model::marking::marking_findings(&case);
    assert!(
        findings
            .iter()
            .any(|f| f.id == judgment_id && f.message.contains("TLP:RED")),
        "{findings:#?}"
    );
    // The judgment rests on the GREEN relay too, now: it goes out at GREEN. Its finding that
    // the relay and the RED report count as one names the RED report; so does the dismissal
    // of it, which must not go out at GREEN, while the judgment does.
    let mut also = case
        .citations
        .iter()
        .find(|c| c.cites == judgment_id)
        .unwrap()
        .clone();
    also.id = casebook::model::Id::new("citation--relay-for-the-test");
    also.source = relay_id.clone();
    also.marking = Default::default();
    case.citations.push(also);
    for c in case.citations.iter_mut().filter(|c| c.cites == judgment_id) {
        c.stance = casebook::model::Stance::Supports;
    }
    let circular = casebook::checks::review(&case)
        .into_iter()
        .find(|f| f.rule.code() == "circular-reporting" && f.object.as_ref() == Some(&judgment_id))
        .expect("the relay and the RED report count as one");
    assert!(
        circular.message.contains("KX-RED-report"),
        "{}",
        circular.message
    );
    case.dismissals = vec![circular.dismissed("Waived.", "", chrono::DateTime::UNIX_EPOCH)];
    let bundle = casebook::stix::export::to_bytes_at(&case, Tlp::Green);
    let text = String::from_utf8(bundle.bytes).unwrap();
    assert!(
        text.contains(&format!("\"casebook_id\":\"{judgment_id}\"")),
        "the judgment goes out at GREEN"
    );
    assert!(!text.contains("KX-RED"), "{}", context(&text, "KX-RED"));
    let at_red =
        String::from_utf8(casebook::stix::export::to_bytes_at(&case, Tlp::Red).bytes).unwrap();
    assert!(
        at_red.contains("Waived."),
        "the dismissal goes out where its words may"
    );
}

#[test]
fn the_unlabelled_stix_export_keeps_every_object_with_its_own_marking() {
    let case = marked_case();
    let stix = String::from_utf8(casebook::stix::export::to_bytes(&case)).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&stix).unwrap();
    let original: serde_json::Value = serde_json::from_str(MARKED).unwrap();
    let level_of = |bundle: &serde_json::Value, id: &str| {
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .and_then(|o| o["object_marking_refs"].as_array().cloned())
            .map(|refs| {
                refs.iter()
                    .filter_map(|r| casebook::stix::tlp_of_marking(r.as_str()?))
                    .max()
            })
    };
    for object in original["objects"].as_array().unwrap() {
        let id = object["id"].as_str().unwrap();
        if object["type"] == "marking-definition" {
            continue;
        }
        let before = level_of(&original, id).flatten();
        let after = level_of(&parsed, id)
            .unwrap_or_else(|| panic!("{id} is missing"))
            .unwrap_or_else(|| panic!("{id} has no TLP marking"));
        // Marked objects keep their level, never raised to the case's; unmarked ones get the
        // analyst's choice.
        assert_eq!(after, before.unwrap_or(Tlp::Green), "{id}");
    }
    // A CLEAR campaign cited by a RED report: the citation carries a granular RED marking,
    // and so does the RED description.
    let campaign = parsed["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["type"] == "campaign" && o["name"] == "Wiper attack KX-CLEAR-campaign")
        .unwrap();
    let red = casebook::stix::tlp_marking_id(Tlp::Red);
    let granular = campaign["granular_markings"].as_array().unwrap();
    let red_selectors: Vec<&str> = granular
        .iter()
        .filter(|g| g["marking_ref"] == red)
        .flat_map(|g| g["selectors"].as_array().unwrap())
        .filter_map(|s| s.as_str())
        .collect();
    assert!(red_selectors.contains(&"description"), "{granular:#?}");
    let refs = campaign["external_references"].as_array().unwrap();
    let red_ref = refs
        .iter()
        .position(|r| r["source_name"] == "Partner report KX-RED-report")
        .unwrap();
    assert!(
        red_selectors.contains(&format!("external_references.[{red_ref}]").as_str()),
        "{granular:#?}"
    );
    // Casebook's note wording a judgment on the RED group is RED, whatever the judgment.
    let notes: Vec<&serde_json::Value> = parsed["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["type"] == "note" && o["content"].as_str().is_some_and(|c| c.contains("KX-RED"))
        })
        .collect();
    assert!(!notes.is_empty());
    for note in notes {
        assert_eq!(note["object_marking_refs"][0], red, "{note:#}");
    }
    // The round trip keeps the markings.
    let back = read_bundle(stix.as_bytes(), "x").unwrap().case;
    assert_eq!(back.markings().count(), case.markings().count());
    for ((a, m), (b, n)) in back.markings().zip(case.markings()) {
        assert_eq!((a, m.level(back.tlp)), (b, n.level(case.tlp)));
        assert_eq!(m.fields, n.fields, "{a}");
    }
}
