//! Slow work runs as jobs that can be cancelled: a cancelled export writes nothing, a cancelled
//! layout places nothing.

use crate::common::{has_text, open_case};
use casebook::model::MapPlacement;
use egui_kittest::kittest::Queryable;

/// Steps the app until the button `label` (shown while a job runs) is gone: the job ended.
fn step_until_gone(
    harness: &mut egui_kittest::Harness<'static, casebook::ui::CasebookApp>,
    label: &str,
) {
    for _ in 0..1000 {
        harness.step();
        if harness.query_by_label(label).is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
}

#[test]
fn a_briefing_export_cancelled_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("briefing.pdf");
    // A case big enough that its briefing takes a while to typeset.
    let (_, mut harness) = crate::common::open_synthetic(dir.path(), 3000, 3);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    harness.run();
    harness.get_by_label("Save to").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness
        .get_by_label("Save to")
        .type_text(&target.display().to_string());
    harness.run();
    harness.get_by_label("Export Ctrl+Enter").click();
    for _ in 0..6 {
        harness.step(); // the dialog settles at its new size
    }
    // Typesetting the PDF takes a while: cancel meanwhile.
    harness.get_by_label("Cancel export").click();
    step_until_gone(&mut harness, "Cancel export");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p != &dir.path().join("synthetic.casebook.json")
                && !p.to_string_lossy().ends_with(".casebook-open")
        })
        .collect();
    assert!(
        left.is_empty(),
        "nothing written, no temporary file left: {left:?}"
    );
    assert!(open_case(&harness).briefings.is_empty(), "nothing recorded");
    assert!(
        has_text(&harness, "The export was cancelled; no file was written."),
        "the dialog stays open and says so"
    );
}

#[test]
fn a_layout_cancelled_leaves_every_actor_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (case, mut harness) = crate::common::open_synthetic(dir.path(), 2500, 7);
    let before: Vec<Option<MapPlacement>> = case.actors.iter().map(|a| a.map).collect();
    let edits = harness.state().document().unwrap().edit_count();
    let first = case.actors[0].id.clone();
    let drawn_before = harness.state().map_screen_position(&first).unwrap();
    harness.get_by_label("Run layout").click();
    for _ in 0..5 {
        harness.step();
    }
    harness.get_by_label("Cancel layout").click();
    step_until_gone(&mut harness, "Cancel layout");
    let doc = harness.state().document().unwrap();
    assert_eq!(doc.edit_count(), edits, "no Place command");
    assert!(!doc.is_modified());
    let after: Vec<Option<MapPlacement>> = doc.case().actors.iter().map(|a| a.map).collect();
    assert_eq!(after, before);
    assert!(has_text(
        &harness,
        "Layout cancelled: every actor is where it was"
    ));
    let drawn_after = harness.state().map_screen_position(&first).unwrap();
    assert!(
        (drawn_after - drawn_before).length() < 0.5,
        "drawn where it was: {drawn_before:?} then {drawn_after:?}"
    );
}
