//! Technical evidence in the window, by accessible label: a technique added through its form
//! (its ATT&CK id checked as typed), listed under the attack that saw it, the known groups
//! ranked against it in "Who works like this", and a group carried into ACH from there.

use crate::common::{choose, example, has_text, open_case, select_the_parliament_attack};
use casebook::model::TechnicalKind;
use egui_kittest::kittest::{NodeT, Queryable};

fn add_technical(
    harness: &mut egui_kittest::Harness<'static, casebook::ui::CasebookApp>,
    kind: &str,
    name: &str,
    id: &str,
) {
    harness.get_by_label("Add").click();
    harness.run();
    harness
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Technical object…"))
        })
        .next()
        .expect("Technical object… in the Add menu")
        .click();
    harness.run();
    choose(harness, "Technical kind", kind);
    harness.get_by_label("Name").click();
    harness.get_by_label("Name").type_text(name);
    harness.get_by_label("ATT&CK or CVE id").click();
    harness.get_by_label("ATT&CK or CVE id").type_text(id);
    harness.run();
}

#[test]
fn a_technique_is_added_checked_listed_under_its_event_and_ranked() {
    let mut harness = example();
    // A software id where a technique id belongs is refused beside the field.
    add_technical(&mut harness, "technique", "Data Destruction", "S0368");
    assert!(has_text(&harness, "is not an ATT&CK technique id"));
    assert!(
        harness
            .get_by_label("Add technical object")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    add_technical(&mut harness, "technique", "Data Destruction", "T1485");
    harness.get_by_label("Add technical object").click();
    harness.run();
    add_technical(&mut harness, "malware", "ZeroCleare", "S1151");
    harness.get_by_label("Add technical object").click();
    harness.run();
    let case = open_case(&harness);
    assert_eq!(case.technical.len(), 2);
    assert_eq!(case.technical[0].kind, TechnicalKind::Technique);
    assert_eq!(case.technical[0].external_id, "T1485");

    // The attack saw both: found by id and by name in its form.
    let event = select_the_parliament_attack(&mut harness);
    for (typed, button) in [
        ("T1485", "Add Data Destruction (T1485) (technique)"),
        ("zerocl", "Add ZeroCleare (S1151) (malware)"),
    ] {
        let search = "Add technical evidence (type a name or ATT&CK id)";
        harness.get_by_label(search).click();
        harness.get_by_label(search).type_text(typed);
        harness.run();
        harness.get_by_label(button).click();
        harness.run();
    }
    let seen = &open_case(&harness).event(&event).unwrap().technical;
    assert_eq!(seen.len(), 2);

    // Who works like this: the ranking with its reasons and its caveat.
    harness.get_by_label("Who works like this").click();
    harness.run();
    // The library is read on a thread of its own; the view waits for it, not the frame.
    for _ in 0..200 {
        if !has_text(&harness, "Reading the reference library…") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.run();
    }
    assert!(has_text(&harness, "a lead, not an attribution"));
    assert!(has_text(
        &harness,
        "Ranked on 1 technique, 1 piece of software"
    ));
    assert!(
        has_text(&harness, "OilRig (G0049)"),
        "ZeroCleare is OilRig's in ATT&CK"
    );
    assert!(
        harness
            .query_all_by(|n| n
                .label()
                .or_else(|| n.value())
                .is_some_and(|l| l.starts_with("software S1151 ZeroCleare: +")))
            .count()
            >= 1,
        "each shared item with its part of the score"
    );
    let analyses = open_case(&harness).analyses.len();
    harness
        .get_by_label("Add OilRig as an ACH hypothesis")
        .click();
    harness.run();
    let case = open_case(&harness);
    let analysis = case
        .analyses
        .iter()
        .find(|a| a.subject == event)
        .expect("the attack's analysis");
    assert!(
        analysis
            .hypotheses
            .iter()
            .any(|h| h.title == "OilRig is responsible"),
        "{:?} in {} analyses",
        analysis
            .hypotheses
            .iter()
            .map(|h| &h.title)
            .collect::<Vec<_>>(),
        case.analyses.len()
    );
    assert!(
        case.actors.iter().any(|a| a.name == "OilRig"),
        "the group as an actor"
    );
    assert!(case.analyses.len() >= analyses);
    // The analysis it went into is the one shown.
    assert!(has_text(&harness, "OilRig is responsible"));
    // One edit: undone as one.
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo").click();
    harness.run();
    assert!(
        !open_case(&harness)
            .actors
            .iter()
            .any(|a| a.name == "OilRig")
    );

    // The library search: other names, and who uses a piece of software.
    harness.get_by_label("Who works like this").click();
    harness.run();
    let search = "Search the reference library";
    harness.get_by_label(search).click();
    harness.get_by_label(search).type_text("Voodoo Bear");
    harness.run();
    assert!(
        harness
            .query_all_by(|n| n
                .label()
                .or_else(|| n.value())
                .is_some_and(|l| l.starts_with("Sandworm Team (G0034) is also known as")))
            .count()
            >= 1,
        "{:?}",
        harness
            .query_all_by(|n| n
                .label()
                .or_else(|| n.value())
                .is_some_and(|l| l.contains("Sandworm")))
            .map(|n| n
                .accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
                .unwrap_or_default())
            .collect::<Vec<_>>()
    );
}

#[test]
fn dated_infrastructure_is_drawn_in_the_timelines_technical_lane() {
    let mut harness = example();
    add_technical(&mut harness, "infrastructure", "c2.example.net", "");
    harness.get_by_label("First seen").click();
    harness.get_by_label("First seen").type_text("2022-06");
    harness.run();
    harness.get_by_label("Add technical object").click();
    harness.run();
    assert_eq!(
        open_case(&harness).technical[0]
            .valid_from
            .map(|d| d.to_string()),
        Some("2022-06".to_owned())
    );
    harness.get_by_label("Timeline").click();
    harness.run();
    let id = open_case(&harness).technical[0].id.clone();
    assert_eq!(
        harness.state().timeline_lanes().last().map(String::as_str),
        Some("Technical evidence"),
        "its lane"
    );
    assert!(harness.state().timeline_shows(&id));
    assert!(has_text(&harness, "infrastructure"), "its legend entry");
}

#[test]
fn a_candidate_goes_on_the_map_with_its_technical_layer() {
    let mut harness = example();
    add_technical(&mut harness, "malware", "ZeroCleare", "S1151");
    harness.get_by_label("Add technical object").click();
    harness.run();
    let event = select_the_parliament_attack(&mut harness);
    let search = "Add technical evidence (type a name or ATT&CK id)";
    harness.get_by_label(search).click();
    harness.get_by_label(search).type_text("S1151");
    harness.run();
    harness
        .get_by_label("Add ZeroCleare (S1151) (malware)")
        .click();
    harness.run();
    assert_eq!(
        open_case(&harness).event(&event).unwrap().technical.len(),
        1
    );
    harness.get_by_label("Who works like this").click();
    harness.run();
    for _ in 0..200 {
        if !has_text(&harness, "Reading the reference library…") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.run();
    }
    harness
        .get_by_label("Put OilRig on the map as a candidate")
        .click();
    harness.run();
    let case = open_case(&harness);
    let uses = case
        .relationships
        .iter()
        .find(|r| r.kind == casebook::model::RelationshipKind::Uses)
        .expect("OilRig uses ZeroCleare, as a lead")
        .clone();
    assert_eq!(uses.confidence, casebook::tradecraft::Confidence::Low);
    assert!(uses.description.contains("Not a finding of a source"));
    harness.get_by_label("Map").click();
    harness.run();
    harness.run();
    assert!(
        harness.state().map_shows(&uses.id),
        "drawn to the wiper on the technical layer"
    );
    assert!(
        harness.state().map_draws(&uses.target),
        "the wiper on the technical layer"
    );
    assert_eq!(
        harness.state().map_legend_len(),
        casebook::figure::map::legend().len() + casebook::model::TechnicalKind::ALL.len(),
        "the layer's kinds in the legend"
    );
}

#[test]
fn navigator_layers_go_out_of_and_into_the_event_from_the_ranking_view() {
    let mut harness = crate::common::harness(casebook::ui::Startup {
        typed_paths: true,
        ..casebook::ui::Startup::default()
    });
    add_technical(&mut harness, "technique", "Data Destruction", "T1485");
    harness.get_by_label("Add technical object").click();
    harness.run();
    let event = select_the_parliament_attack(&mut harness);
    let search = "Add technical evidence (type a name or ATT&CK id)";
    harness.get_by_label(search).click();
    harness.get_by_label(search).type_text("T1485");
    harness.run();
    harness
        .get_by_label("Add Data Destruction (T1485) (technique)")
        .click();
    harness.run();
    harness.get_by_label("Who works like this").click();
    harness.run();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("event-layer.json");
    harness
        .get_by_label("Export the event's techniques as a Navigator layer…")
        .click();
    harness.run();
    harness
        .get_by_label("Path of the layer")
        .type_text(out.to_str().unwrap());
    harness.run();
    harness.get_by_label("Write the layer").click();
    harness.run();
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("the layer is written")).unwrap();
    assert_eq!(written["techniques"][0]["techniqueID"], "T1485");
    // A layer from elsewhere, into the same event.
    let other = dir.path().join("other-layer.json");
    std::fs::write(
        &other,
        r#"{"name": "x", "techniques": [{"techniqueID": "T1059.001"}, {"techniqueID": "T1485"}]}"#,
    )
    .unwrap();
    harness
        .get_by_label("Add a Navigator layer's techniques to the event…")
        .click();
    harness.run();
    harness
        .get_by_label("Path of the layer")
        .type_text(other.to_str().unwrap());
    harness.run();
    harness.get_by_label("Add its techniques").click();
    harness.run();
    let case = open_case(&harness);
    let ids: Vec<&str> = case
        .event(&event)
        .unwrap()
        .technical
        .iter()
        .map(|t| case.technical_object(t).unwrap().external_id.as_str())
        .collect();
    assert_eq!(ids, ["T1485", "T1059.001"]);
    assert_eq!(
        case.technical[1].name, "PowerShell",
        "named as the library names it"
    );
    assert!(has_text(
        &harness,
        "Added 1 technique from the layer (1 new to the case, 1 already listed)"
    ));
}
