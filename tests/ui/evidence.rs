//! Sources, citations, judgments, the ACH matrix and the tradecraft checks, driven as an analyst
//! drives them: by the labels on screen, with the mouse and keyboard, through egui_kittest.

use casebook::model::{Consistency, Id, JudgmentStatus, ObjectKind, Stance};
use casebook::tradecraft::{Credibility, Likelihood, Reliability};
use casebook::ui::{CasebookApp, Startup};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common;
use crate::common::{choose, example, open_case};

/// Clicks a field and replaces its text, as a user selecting all and typing over it.
fn retype(harness: &mut Harness<'static, CasebookApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Clicks the first widget whose label starts with `prefix` (a list row before the links that
/// mention the same object further down).
fn click_starting(harness: &mut Harness<'static, CasebookApp>, prefix: &str) {
    harness
        .query_all_by(|node| node.label().is_some_and(|l| l.starts_with(prefix)))
        .next()
        .unwrap_or_else(|| panic!("nothing labelled {prefix}…"))
        .click();
    harness.run();
}

#[test]
fn a_source_is_refused_until_valid_then_cited_on_a_judgment_and_undone_and_redone() {
    let mut harness = example();
    harness.get_by_label("Sources 7").click();
    harness.run();
    harness.get_by_label("New source…").click();
    harness.run();
    retype(
        &mut harness,
        "Title",
        "Statement of the Albanian Prime Minister's office",
    );
    retype(&mut harness, "Publisher", "Government of Albania");
    retype(
        &mut harness,
        "URL (never fetched)",
        "ftp://kryeministria.al/statement",
    );
    retype(&mut harness, "Published", "2022-09-07");
    // The refused value says what is wrong, and the source cannot be added.
    harness.get_by_label_contains("must start with http:// or https://");
    harness.get_by_label_contains("cannot be added until the fields marked");
    harness.get_by_label("Add source").click();
    harness.run();
    assert_eq!(open_case(&harness).sources.len(), 7);

    // Each grade's meaning is shown where it is chosen.
    harness.get_by_label("Reliability").click();
    harness.run();
    harness.get_by_label("B — Usually reliable");
    harness.get_by_label("F — Reliability cannot be judged");
    // A new source is not graded until the analyst grades it: "not stated" is not F.
    harness.get_by_label("not stated — Nobody has stated it yet");
    harness.key_press(Key::Escape);
    harness.run();
    choose(&mut harness, "Reliability", "B — ");
    retype(
        &mut harness,
        "URL (never fetched)",
        "https://kryeministria.al/en/statement",
    );
    harness.get_by_label("Add source").click();
    harness.run();
    let source = open_case(&harness)
        .sources
        .iter()
        .find(|s| s.publisher == "Government of Albania" && s.title.contains("Prime Minister"))
        .expect("the source was added")
        .clone();
    assert_eq!(source.reliability, Some(Reliability::B));
    assert_eq!(source.url, "https://kryeministria.al/en/statement");
    assert_eq!(source.published.unwrap().to_string(), "2022-09-07");

    // Cite it, as supporting evidence, on the analyst's judgment that Iran was behind July 2022.
    harness.get_by_label("Judgments 5").click();
    harness.run();
    click_starting(
        &mut harness,
        "Iran for Cyberattack on Albanian government systems",
    );
    harness.get_by_label("Cite a supporting source…").click();
    harness.run();
    choose(
        &mut harness,
        "Source",
        "Statement of the Albanian Prime Minister's office",
    );
    choose(&mut harness, "Credibility of this information", "2 — ");
    harness.get_by_label_contains("Grade B2: source B (usually reliable)");
    harness.get_by_label("Quote").click();
    harness
        .get_by_label("Quote")
        .type_text("the attack was orchestrated and sponsored by the Islamic Republic of Iran");
    harness.run();
    harness.get_by_label("Add citation").click();
    harness.run();
    let judgment = Id::new("judgment--july-2022-iran");
    let cited = |h: &Harness<'static, CasebookApp>| {
        open_case(h)
            .citations
            .iter()
            .filter(|c| c.source == source.id && c.cites == judgment)
            .count()
    };
    assert_eq!(cited(&harness), 1);
    let citation = open_case(&harness)
        .citations
        .iter()
        .find(|c| c.source == source.id)
        .unwrap();
    assert_eq!(citation.credibility, Some(Credibility::ProbablyTrue));
    assert_eq!(citation.stance, Stance::Supports);
    // The judgment lists it as supporting evidence, graded "B2".
    harness.get_by_label("Judgments 5").click();
    harness.run();
    click_starting(
        &mut harness,
        "Iran for Cyberattack on Albanian government systems",
    );
    harness.get_by_label_contains("B2 Statement of the Albanian Prime Minister's office");

    // Undo takes the citation away, redo brings it back; the Edit menu names the edit.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo edit of citation");
    harness.key_press(Key::Escape);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(cited(&harness), 0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        open_case(&harness).source(&source.id).is_none(),
        "then the source"
    );
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(cited(&harness), 1);
}

#[test]
fn changing_a_judgments_estimate_asks_for_a_reason_and_keeps_a_dated_history() {
    let mut harness = example();
    let id = Id::new("judgment--july-2022-iran-mfa");
    harness.get_by_label("Judgments 5").click();
    harness.run();
    click_starting(
        &mut harness,
        "Iranian Ministry of Foreign Affairs for Cyberattack",
    );
    harness.get_by_label_contains("Unchanged since it was recorded");
    choose(
        &mut harness,
        "Likelihood (ICD 203)",
        "roughly even chance (45–55%)",
    );
    // Nothing is taken until a reason is given.
    harness.get_by_label_contains("A reason is needed to record the change");
    assert_eq!(
        open_case(&harness).judgment(&id).unwrap().likelihood,
        Some(Likelihood::Unlikely)
    );
    assert!(!harness.state().document().unwrap().is_modified());
    harness.get_by_label("Record the change").click();
    harness.run();
    assert!(
        open_case(&harness)
            .judgment(&id)
            .unwrap()
            .revisions
            .is_empty()
    );

    harness.get_by_label("Reason for the change").click();
    harness
        .get_by_label("Reason for the change")
        .type_text("Tirana's own statement names the ministry, not only AP's summary.");
    harness.run();
    harness.get_by_label("Record the change").click();
    harness.run();
    let judgment = open_case(&harness).judgment(&id).unwrap().clone();
    assert_eq!(judgment.likelihood, Some(Likelihood::RoughlyEvenChance));
    assert_eq!(judgment.revisions.len(), 1);
    let revision = &judgment.revisions[0];
    assert_eq!(revision.previous_likelihood, Some(Likelihood::Unlikely));
    assert!(revision.reason.starts_with("Tirana's own statement"));
    // The inspector shows the history.
    harness.get_by_label_contains("from unlikely with low confidence to roughly even chance with low confidence. Tirana's own statement");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let judgment = open_case(&harness).judgment(&id).unwrap().clone();
    assert_eq!(judgment.likelihood, Some(Likelihood::Unlikely));
    assert!(judgment.revisions.is_empty());
}

#[test]
fn a_claim_is_recorded_as_what_a_party_says() {
    let mut harness = example();
    harness.get_by_label("Judgments 5").click();
    harness.run();
    harness.get_by_label("New judgment…").click();
    harness.run();
    harness.get_by_label("A party's claim").click();
    harness.run();
    harness.get_by_label_contains("not our assessment");
    choose(&mut harness, "Claimed by", "United States (state)");
    choose(
        &mut harness,
        "Attributed (event, campaign, or actor for a link of the chain)",
        "2022-07 — Cyberattack on Albanian government systems",
    );
    choose(&mut harness, "Held responsible", "Iran (state)");
    harness.get_by_label("Likelihood the claimant asserts (ICD 203)");
    choose(&mut harness, "Status", "denied by the accused");
    harness.get_by_label("Add judgment").click();
    harness.run();
    let claim = open_case(&harness)
        .judgments
        .iter()
        .find(|j| j.claimed_by == Some(Id::new("actor--united-states")))
        .expect("the claim was added")
        .clone();
    assert_eq!(claim.actor, Id::new("actor--iran"));
    assert_eq!(claim.status, JudgmentStatus::DeniedByAccused);
    harness.get_by_label_contains(
        "United States claims Iran for Cyberattack on Albanian government systems",
    );
}

/// How many hypotheses the analysis has, as the case holds it.
fn hypotheses(harness: &Harness<'static, CasebookApp>, analysis: &Id) -> usize {
    open_case(harness)
        .analysis(analysis)
        .unwrap()
        .hypotheses
        .len()
}

#[test]
fn the_ach_matrix_is_edited_in_place_and_rescored() {
    let mut harness = example();
    harness.get_by_label("Hypotheses (ACH)").click();
    harness.run();
    // h2 and h4 tie as least inconsistent.
    assert_eq!(harness.query_all_by_label("least inconsistent").count(), 2);
    let analysis = Id::new("analysis--parliament-attack-2023");
    let score = |h: &Harness<'static, CasebookApp>| {
        let case = open_case(h);
        case.analysis(&analysis).unwrap().score(case).inconsistency
    };
    assert_eq!(score(&harness), vec![0.8, 0.0, 0.5, 0.0]);
    // Row 6 (the MEK statement) is neutral everywhere: rate it very inconsistent with h2.
    harness
        .get_by_label("Rating of evidence 6 against h2")
        .click();
    harness.run();
    harness.get_by_label("II — Very inconsistent").click();
    harness.run();
    let rated = open_case(&harness)
        .analysis(&analysis)
        .unwrap()
        .rating(5, "h2");
    assert_eq!(rated, Some(Consistency::VeryInconsistent));
    let after = score(&harness);
    assert!((after[1] - 1.6).abs() < 1e-9, "{after:?}");
    // The new score is shown, and the least inconsistent moved to h4 alone.
    harness.get_by_label("1.6");
    let analysis_now = open_case(&harness).analysis(&analysis).unwrap().clone();
    assert_eq!(
        analysis_now.score(open_case(&harness)).least_inconsistent,
        vec![3]
    );

    // A new hypothesis is a new column; undo takes it away again.
    harness.get_by_label("Add hypothesis").click();
    harness.run();
    assert_eq!(hypotheses(&harness, &analysis), 5);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(hypotheses(&harness, &analysis), 4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        open_case(&harness)
            .analysis(&analysis)
            .unwrap()
            .rating(5, "h2"),
        Some(Consistency::Neutral)
    );
}

#[test]
fn the_checks_panel_lists_problems_links_to_them_and_follows_edits() {
    let mut harness = example();
    harness.get_by_label("5 tradecraft checks").click();
    harness.run();
    harness.get_by_label("Tradecraft checks");
    harness.get_by_label("5 problems");
    click_starting(
        &mut harness,
        "Iranian Ministry of Foreign Affairs for Cyberattack",
    );
    assert_eq!(
        harness.state().selection(),
        Some(&Id::new("judgment--july-2022-iran-mfa"))
    );
    // Out of the way while citing, back to see the result.
    harness.key_press(Key::F8);
    harness.run();
    // Cite a second source on it: the Albanian government's attribution, which AP relays. It is
    // not independent of AP: the single-source finding stays, and circular reporting is shown.
    harness.get_by_label("Cite a supporting source…").click();
    harness.run();
    choose(
        &mut harness,
        "Source",
        "Albanian government attribution of the July 2022 attack",
    );
    // A new citation is not graded until the analyst grades it.
    harness.get_by_label_contains("Grade B, credibility not stated");
    choose(
        &mut harness,
        "Credibility of this information",
        "2 — Probably true",
    );
    harness.get_by_label("Add citation").click();
    harness.run();
    assert_eq!(open_case(&harness).count(ObjectKind::Citation), 26);
    harness.get_by_label("6 tradecraft checks").click();
    harness.run();
    harness.get_by_label("6 problems");
    assert!(crate::common::has_text(
        &harness,
        "relays \"Albanian government attribution of the July 2022 attack\"; they count as one source"
    ));
    // F8 hides the panel.
    harness.key_press(Key::F8);
    harness.run();
    assert!(harness.query_by_label("6 problems").is_none());
}

#[test]
fn a_source_that_relays_another_is_recorded_in_its_form_and_counted_once() {
    let mut harness = example();
    harness.get_by_label("Sources 7").click();
    harness.run();
    click_starting(&mut harness, "Technology companies' findings");
    // The vendors' findings turn out to be the government's, passed on.
    choose(
        &mut harness,
        "Add a source it relays",
        "Albanian government attribution of the July 2022 attack",
    );
    let vendors = Id::new("source--vendor-2022-attribution");
    assert_eq!(
        open_case(&harness).source(&vendors).unwrap().derived_from,
        vec![Id::new("source--albania-2022-attribution")]
    );
    // The July 2022 judgment rested on the two: now they count as one.
    harness.get_by_label("7 tradecraft checks").click();
    harness.run();
    assert!(crate::common::has_text(
        &harness,
        "\"Technology companies' findings on the July 2022 attack\" relays \"Albanian government attribution of the July 2022 attack\"; they count as one source"
    ));
    harness.key_press(Key::F8);
    harness.run();
    // Removed in the form, the finding goes.
    harness.get_by_label("Remove").click();
    harness.run();
    assert!(
        open_case(&harness)
            .source(&vendors)
            .unwrap()
            .derived_from
            .is_empty()
    );
    harness.get_by_label("5 tradecraft checks");
}

#[test]
fn a_finding_is_dismissed_with_a_reason_kept_in_the_case_and_restored() {
    let mut harness = example();
    harness.get_by_label("5 tradecraft checks").click();
    harness.run();
    harness.get_by_label("5 problems");
    // The weak-sources finding on the 2023 Iran judgment: the analyst accepts it.
    let dismiss_buttons: Vec<_> = harness.query_all_by_label("Dismiss…").collect();
    assert_eq!(dismiss_buttons.len(), 5);
    // The third finding, in the order of the panel, is weak-sources-only.
    dismiss_buttons[2].click();
    harness.run();
    // No reason, no dismissal.
    assert!(
        harness
            .get_by_label("Dismiss the finding")
            .accesskit_node()
            .is_disabled()
    );
    harness
        .get_by_label("Why this finding does not apply")
        .click();
    harness.run();
    harness
        .get_by_label("Why this finding does not apply")
        .type_text("The judgment is held at low confidence because its only support is the unverified local claim; that is what it says.");
    harness.run();
    harness.get_by_label("Dismiss the finding").click();
    harness.run();
    harness.get_by_label("4 problems");
    let case = open_case(&harness);
    assert_eq!(case.dismissals.len(), 1);
    assert_eq!(case.dismissals[0].rule, "weak-sources-only");
    assert_eq!(
        case.dismissals[0].object,
        Some(Id::new("judgment--parliament-attack-iran"))
    );
    assert!(
        case.dismissals[0]
            .reason
            .starts_with("The judgment is held at low")
    );
    // Listed apart with its reason, and restored from there.
    harness.get_by_label("Show dismissed (1)").click();
    harness.run();
    assert!(crate::common::has_text(&harness, "that is what it says."));
    harness.get_by_label("Restore").click();
    harness.run();
    harness.get_by_label("5 problems");
    assert!(open_case(&harness).dismissals.is_empty());
    // Undo brings the dismissal back: it is an edit like any other.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(open_case(&harness).dismissals.len(), 1);
    harness.get_by_label("4 problems");
}

#[test]
fn a_sources_address_opens_only_after_it_is_shown() {
    let mut harness = example();
    // The example's sources carry no address; give one an address in its form.
    harness.get_by_label("Sources 7").click();
    harness.run();
    click_starting(&mut harness, "Statement of MEK spokesperson");
    retype(
        &mut harness,
        "URL (never fetched)",
        "https://www.example.org/mek-statement",
    );
    harness.get_by_label("Sources").click();
    harness.run();
    harness.get_by_label("Grade, sorted ascending");
    harness
        .query_all_by(|n| {
            n.label().as_deref() == Some("Publisher") && n.role() == egui::accesskit::Role::Button
        })
        .next()
        .expect("the Publisher column heading")
        .click();
    harness.run();
    harness.get_by_label("Publisher, sorted ascending").click();
    harness.run();
    harness.get_by_label("Publisher, sorted descending");
    let open = harness.query_all_by_label("Open…").next().unwrap();
    open.click();
    harness.run();
    harness.get_by_label("Open this address in your browser?");
    harness.get_by_label("https://www.example.org/mek-statement");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Open this address in your browser?")
            .is_none()
    );
    // The source's own form offers the same, behind the same question.
    harness
        .get_by_label("Open the address in a browser…")
        .click();
    harness.run();
    harness.get_by_label("Open this address in your browser?");
}

/// The app with typed paths instead of system file dialogs, as on a machine without them.
fn example_with_typed_paths() -> Harness<'static, CasebookApp> {
    let mut harness = common::harness(Startup {
        typed_paths: true,
        ..Startup::default()
    });
    harness.run();
    harness
}

#[test]
fn a_stix_export_says_what_other_platforms_lose_then_writes_a_bundle_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("albania.stix.json");
    let mut harness = example_with_typed_paths();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export STIX 2.1 bundle…").click();
    harness.run();
    harness.get_by_label_contains("will not show");
    harness.get_by_label_contains("Admiralty reliability (A–F) of 7 sources");
    crate::common::write_stix_to_typed_path(&mut harness, &path);
    let bytes = std::fs::read(&path).unwrap();
    let back = casebook::stix::import::read_bundle(&bytes, "x").unwrap();
    assert_eq!(&back.case, open_case(&harness));
}

#[test]
fn a_misp_event_is_exported_from_the_file_menu_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("albania.misp.json");
    let mut harness = example_with_typed_paths();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export MISP event…").click();
    harness.run();
    harness.get_by_label_contains("at the case's marking");
    harness
        .get_by_label("Path of the MISP event")
        .type_text(path.to_str().unwrap());
    harness.run();
    harness.get_by_label("Export").click();
    common::settle(&mut harness, Some(&path));
    let back = casebook::misp::import::read_event(&std::fs::read(&path).unwrap()).unwrap();
    let case = open_case(&harness);
    assert_eq!(back.case.title, case.title);
    assert_eq!(back.case.judgments.len(), case.judgments.len());
    assert!(common::has_text(&harness, "Exported to"));
}

#[test]
fn a_stix_import_is_reviewed_conflicts_chosen_and_undone_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.stix.json");
    let mut theirs = casebook::example::example_case();
    let nato = theirs
        .actors
        .iter_mut()
        .find(|a| a.id.as_str() == "actor--nato")
        .unwrap();
    nato.description = "Their description of NATO.".into();
    let mut newcomer = nato.clone();
    newcomer.id = Id::new("actor--osce");
    newcomer.name = "OSCE".into();
    theirs.actors.push(newcomer);
    std::fs::write(&path, casebook::stix::export::to_bytes(&theirs)).unwrap();

    let mut harness = example_with_typed_paths();
    common::read_bundle_into_review(&mut harness, path.to_str().unwrap());
    harness.get_by_label_contains("1 new objects will be added");
    harness.get_by_label_contains("1 differ from the case");
    assert!(
        !harness.state().document().unwrap().is_modified(),
        "nothing changes before Import"
    );
    harness.get_by_label("Take the bundle's").click();
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
    let nato = |h: &Harness<'static, CasebookApp>| {
        open_case(h)
            .actor(&Id::new("actor--nato"))
            .unwrap()
            .description
            .clone()
    };
    assert_eq!(nato(&harness), "Their description of NATO.");
    assert!(open_case(&harness).actor(&Id::new("actor--osce")).is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(open_case(&harness).actor(&Id::new("actor--osce")).is_none());
    assert_ne!(nato(&harness), "Their description of NATO.");
}

#[test]
fn typing_on_while_a_finding_appears_and_goes_keeps_every_keystroke() {
    let mut harness = example();
    harness.get_by_label("Judgments 5").click();
    harness.run();
    harness
        .query_all_by(|node| {
            node.label().is_some_and(|l| {
                l.starts_with("Iran for Cyberattack on Albanian government systems")
            })
        })
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.get_by_label("Rationale").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    // The first words state a likelihood and a confidence in one sentence: a finding appears
    // above the form; the last sentence splits them and it goes again.
    let chunks = [
        "We assess it is likely ",
        "with high confidence ",
        "that Iran did it. ",
        "Tooling and timing",
        " point the same way.",
    ];
    for chunk in chunks {
        harness.get_by_label("Rationale").type_text(chunk);
        harness.run();
    }
    let judgment = open_case(&harness)
        .judgment(&Id::new("judgment--july-2022-iran"))
        .unwrap()
        .rationale
        .clone();
    assert_eq!(judgment, chunks.concat());
}

#[test]
fn an_actors_inspector_links_its_relationships_events_and_judgments() {
    let mut harness = crate::common::example();
    harness.get_by_label("Iran").click();
    harness.run();
    assert!(crate::common::has_text(&harness, "Relationships (4)"));
    assert!(crate::common::has_text(&harness, "Events (1)"));
    assert!(crate::common::has_text(
        &harness,
        "Judgments and claims naming it (2)"
    ));
    harness
        .get_by_label("Albania cuts diplomatic relations with Iran (2022-09)")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selection().map(|id| id.as_str()),
        Some("event--diplomatic-break")
    );
}

#[test]
fn citing_a_source_returns_to_the_object_cited() {
    let mut harness = crate::common::example();
    harness.get_by_label("Iran").click();
    harness.run();
    let citations = open_case(&harness).citations.len();
    harness.get_by_label("Cite a source…").click();
    harness.run();
    harness.get_by_label("Add citation").click();
    harness.run();
    assert_eq!(open_case(&harness).citations.len(), citations + 1);
    assert_eq!(
        harness.state().selection().map(|id| id.as_str()),
        Some("actor--iran"),
        "back on the actor, not on the new citation"
    );
    assert!(crate::common::has_text(
        &harness,
        "The citation is added to “Iran”"
    ));
}

#[test]
fn the_ach_matrix_is_rated_from_the_keyboard_as_a_spreadsheet() {
    let mut harness = example();
    harness.get_by_label("Hypotheses (ACH)").click();
    harness.run();
    let analysis = Id::new("analysis--parliament-attack-2023");
    let rating = |h: &Harness<'static, CasebookApp>, row: usize, key: &str| {
        open_case(h).analysis(&analysis).unwrap().rating(row, key)
    };
    // The first arrow puts the cursor on the first cell; arrows then move it.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::ArrowDown);
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    harness.key_press(egui::Key::I);
    harness.run();
    assert_eq!(rating(&harness, 1, "h2"), Some(Consistency::Inconsistent));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::I);
    harness.run();
    assert_eq!(
        rating(&harness, 1, "h2"),
        Some(Consistency::VeryInconsistent)
    );
    harness.key_press(egui::Key::ArrowRight);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    assert_eq!(rating(&harness, 1, "h3"), None, "Backspace clears");
    // Clicking a cell moves the cursor there.
    harness
        .get_by_label("Rating of evidence 6 against h3")
        .click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::C);
    harness.run();
    assert_eq!(rating(&harness, 5, "h3"), Some(Consistency::VeryConsistent));
}

#[test]
fn a_quick_shift_press_still_rates_very_inconsistent() {
    // xdotool and fast typists press and release Shift within one frame: the rating reads
    // Shift from the key's own event, not from the frame's end.
    let mut harness = example();
    harness.get_by_label("Hypotheses (ACH)").click();
    harness.run();
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.event(egui::Event::Key {
        key: egui::Key::I,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::SHIFT,
    });
    harness.run();
    let analysis = Id::new("analysis--parliament-attack-2023");
    assert_eq!(
        open_case(&harness)
            .analysis(&analysis)
            .unwrap()
            .rating(0, "h1"),
        Some(Consistency::VeryInconsistent)
    );
}

#[test]
fn a_new_analysis_starts_with_the_evidence_cited_about_its_incident() {
    let mut harness = example();
    let event = crate::common::select_the_parliament_attack(&mut harness);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::H,
    );
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let case = open_case(&harness);
    let analysis = case.analyses.last().unwrap();
    assert_eq!(analysis.subject, event);
    let about: Vec<&Id> = std::iter::once(&event)
        .chain(
            case.judgments
                .iter()
                .filter(|j| j.subject == event)
                .map(|j| &j.id),
        )
        .collect();
    let expected: Vec<&Id> = case
        .citations
        .iter()
        .filter(|c| about.contains(&&c.cites))
        .map(|c| &c.id)
        .collect();
    assert!(!expected.is_empty());
    let rows: Vec<&Id> = analysis.evidence.iter().map(|r| &r.citation).collect();
    assert_eq!(rows, expected);
}

#[test]
fn the_import_review_shows_the_producers_words_and_takes_a_desk_as_ours() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/desk-bundle.json");
    let mut harness = example_with_typed_paths();
    common::read_bundle_into_review(&mut harness, path.to_str().unwrap());
    harness.get_by_label_contains("What the producers stated");
    harness.get_by_label_contains(
        "Our Desk's claim on APT28: the wording says \"likely\" — recorded as likelihood likely",
    );
    harness.get_by_label_contains("Labelled B2: its labels give B — recorded as reliability B");
    harness.get_by_label_contains(
        "Vendor X's claim on APT28: no ICD 203 likelihood in the wording — recorded as likelihood not stated, for the analyst to set",
    );
    harness.get_by_label_contains("lists `fancy bear ` twice; the repeat is dropped");
    harness.get_by_label("Ours: Our Desk (1 objects)").click();
    harness.run();
    harness.get_by_label_contains("the judgment on APT28: the wording says \"likely\"");
    harness.get_by_label("Import").click();
    harness.run();
    let case = open_case(&harness);
    let desk = case
        .judgments
        .iter()
        .find(|j| j.rationale.starts_with("We assess"))
        .unwrap();
    assert_eq!(desk.claimed_by, None, "ticked as ours: an assessment");
    let vendor = case
        .judgments
        .iter()
        .find(|j| j.rationale.is_empty() && j.extra.0.contains_key("stix_id"))
        .unwrap();
    assert!(vendor.claimed_by.is_some(), "Vendor X's stays its claim");
}

#[test]
fn an_imported_judgment_with_no_likelihood_is_not_stated_until_the_analyst_states_it() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/desk-bundle.json");
    let mut harness = example_with_typed_paths();
    common::read_bundle_into_review(&mut harness, path.to_str().unwrap());
    // Vendor X's attribution (confidence 85, no estimative words) taken as the desk's own.
    click_starting(&mut harness, "Ours: Vendor X");
    harness.get_by_label("Import").click();
    harness.run();
    let vendor = |harness: &Harness<'static, CasebookApp>| {
        open_case(harness)
            .judgments
            .iter()
            .find(|j| j.rationale.is_empty() && j.extra.0.contains_key("stix_id"))
            .unwrap()
            .clone()
    };
    let judgment = vendor(&harness);
    assert_eq!(
        (judgment.likelihood, judgment.confidence),
        (None, Some(casebook::tradecraft::Confidence::High))
    );
    harness.get_by_label_contains("Judgments ").click();
    harness.run();
    harness
        .get_by_label("APT28 for Router wiping (2023-05-01)")
        .click();
    harness.run();
    harness.get_by_label_contains("likelihood is not stated; choose an ICD 203 likelihood");
    // Stating it for the first time is not a change of estimate: no reason is asked.
    choose(&mut harness, "Likelihood (ICD 203)", "likely (55–80%)");
    assert!(
        harness
            .query_by_label_contains("A reason is needed to record the change")
            .is_none()
    );
    let judgment = vendor(&harness);
    assert_eq!(judgment.likelihood, Some(Likelihood::Likely));
    assert!(judgment.revisions.is_empty());
}
