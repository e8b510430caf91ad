//! Markings in the window, driven by accessible label: the import review's choice for
//! unmarked objects, the TLP chips in the lists and inspector, the marking field, the "View as"
//! reader filter, and the lists of what the briefing and STIX dialogs leave out at a label.

use casebook::model::Id;
use casebook::tradecraft::Tlp;
use casebook::ui::{CasebookApp, Startup};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{choose, harness, has_text, open_case};

const MARKED: &str = "tests/corpus/marked-bundle.json";

/// The example case with the marked bundle imported, its unmarked objects marked `unmarked`
/// in the review.
fn with_marked_bundle(unmarked: &str) -> Harness<'static, CasebookApp> {
    let mut harness = harness(Startup {
        typed_paths: true,
        ..Startup::default()
    });
    crate::common::read_bundle_into_review(&mut harness, MARKED);
    harness.get_by_label_contains("objects came with no TLP marking");
    harness.get_by_label_contains("The open case is TLP:CLEAR");
    choose(&mut harness, "as", unmarked);
    harness.get_by_label("Import").click();
    harness.run();
    harness
}

fn actor_named<'a>(
    harness: &'a Harness<'static, CasebookApp>,
    part: &str,
) -> &'a casebook::model::Actor {
    open_case(harness)
        .actors
        .iter()
        .find(|a| a.name.contains(part))
        .unwrap_or_else(|| panic!("no actor named like {part}"))
}

#[test]
fn the_import_review_marks_unmarked_objects_as_the_analyst_chooses() {
    let harness = with_marked_bundle("TLP:GREEN");
    assert_eq!(
        actor_named(&harness, "KX-UNMARKED-state").marking.tlp,
        Some(Tlp::Green),
        "the analyst's choice, not the case's CLEAR nor the bundle's strictest"
    );
    assert_eq!(
        actor_named(&harness, "KX-RED-group").marking.tlp,
        Some(Tlp::Red),
        "a marked object keeps its own"
    );
    assert_eq!(
        open_case(&harness).tlp,
        Tlp::Clear,
        "the case is not raised"
    );
}

#[test]
fn chips_show_markings_and_the_inspector_changes_one_through_undo() {
    let mut harness = with_marked_bundle("TLP:AMBER");
    // The actors list shows each row's chip.
    assert!(has_text(&harness, "TLP:RED"));
    assert!(has_text(&harness, "TLP:AMBER+STRICT"));
    harness.get_by_label("Slate Heron KX-AMBER-group").click();
    harness.run();
    let id: Id = actor_named(&harness, "KX-AMBER-group").id.clone();
    choose(&mut harness, "Marking (TLP)", "TLP:RED");
    assert_eq!(
        open_case(&harness).actor(&id).unwrap().marking.tlp,
        Some(Tlp::Red)
    );
    harness.get_by_label_contains("Stricter than the case (TLP:CLEAR)");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        open_case(&harness).actor(&id).unwrap().marking.tlp,
        Some(Tlp::Amber),
        "the change of marking is one edit that undo takes back"
    );
    // A new object starts with the case's marking, shown in its form.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    harness.run();
    harness.get_by_label("Name").type_text("Fresh actor");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run();
    let fresh = actor_named(&harness, "Fresh actor");
    assert_eq!(fresh.marking.tlp, Some(Tlp::Clear), "the case's marking");
}

#[test]
fn view_as_a_reader_hides_what_that_reader_may_not_see() {
    let mut harness = with_marked_bundle("TLP:GREEN");
    assert!(has_text(&harness, "Night Owl KX-RED-group"));
    choose(&mut harness, "View as", "TLP:GREEN reader");
    harness.get_by_label_contains(" hidden");
    assert!(
        !has_text(&harness, "Night Owl KX-RED-group"),
        "the RED group is not listed for a GREEN reader"
    );
    assert!(
        !has_text(&harness, "Slate Heron KX-AMBER-group"),
        "nor the AMBER one"
    );
    assert!(has_text(&harness, "Ember Kitten KX-GREEN-group"));
    // The example case's own actors are CLEAR (the case's marking): still there.
    assert!(has_text(&harness, "Homeland Justice"));
    choose(&mut harness, "View as", "TLP:CLEAR reader");
    assert!(!has_text(&harness, "Ember Kitten KX-GREEN-group"));
    assert!(has_text(&harness, "Homeland Justice"));
    choose(&mut harness, "View as", "Analyst (everything)");
    assert!(has_text(&harness, "Night Owl KX-RED-group"));
}

#[test]
fn the_briefing_dialog_lists_what_a_label_leaves_out_and_its_rules() {
    let mut harness = with_marked_bundle("TLP:GREEN");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export briefing… Ctrl+B").click();
    harness.run();
    choose(&mut harness, "TLP label", "TLP:GREEN");
    harness
        .get_by_label_contains("Left out at TLP:GREEN:")
        .click();
    harness.run();
    harness.get_by_label_contains("Recipients can spread this within their community");
    harness.get_by_label_contains("\"Night Owl KX-RED-group\": marked TLP:RED");
    choose(&mut harness, "TLP label", "TLP:RED");
    harness.get_by_label_contains("For the eyes and ears of the individual recipients only");
    assert!(has_text(
        &harness,
        "Nothing in the case is marked stricter than TLP:RED"
    ));
}

#[test]
fn a_stix_export_at_a_label_writes_only_what_it_allows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("green.stix.json");
    let mut harness = with_marked_bundle("TLP:GREEN");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export STIX 2.1 bundle…").click();
    harness.run();
    choose(
        &mut harness,
        "What goes",
        "Only what may be shared at TLP:GREEN",
    );
    harness.get_by_label_contains("Left out at TLP:GREEN:");
    crate::common::write_stix_to_typed_path(&mut harness, &path);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("KX-GREEN-group"));
    assert!(text.contains("Homeland Justice"), "the CLEAR example goes");
    for stricter in ["KX-AMBER-", "KX-AMBERSTRICT-", "KX-RED-"] {
        assert!(!text.contains(stricter), "{stricter} in a GREEN bundle");
    }
}
