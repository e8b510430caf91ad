//! The briefing export dialog driven as a user drives it (egui_kittest, by accessible label):
//! pick the format, leave out a section, type where to write, export in the background, and
//! find the file, the status line and the undoable record of the briefing in the case.

use casebook::ui::{CasebookApp, Startup};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{harness, has_text, open_case, settle};

fn open_dialog(harness: &mut Harness<'static, CasebookApp>) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export briefing… Ctrl+B").click();
    harness.run();
}

fn type_path(harness: &mut Harness<'static, CasebookApp>, path: &str) {
    harness.get_by_label("Save to").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.get_by_label("Save to").type_text(path);
    harness.run();
}

#[test]
fn a_briefing_exported_from_the_dialog_is_written_recorded_and_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("parliament-briefing.html");
    let mut harness = harness(Startup::default());
    assert!(open_case(&harness).briefings.is_empty());

    open_dialog(&mut harness);
    harness
        .get_by_label("HTML (one self-contained file)")
        .click();
    harness.run();
    harness.get_by_label("Methodology and scales").click();
    harness.get_by_label("Open the folder when done").click();
    harness.run();
    type_path(&mut harness, &target.display().to_string());
    harness.get_by_label("Export Ctrl+Enter").click();
    settle(&mut harness, Some(&target));
    settle(&mut harness, None);

    let html = std::fs::read_to_string(&target).unwrap();
    let case = open_case(&harness);
    assert!(html.contains(&case.title), "the title is in the briefing");
    assert!(html.contains("Sources</h2>"), "a chosen section is there");
    assert!(
        !html.contains("Methodology and scales</h2>"),
        "the section left out is not"
    );
    assert_eq!(
        case.briefings.len(),
        1,
        "the briefing is recorded in the case"
    );
    assert_eq!(case.briefings[0].format, "html");
    assert!(harness.state().document().unwrap().is_modified());
    assert!(has_text(&harness, "Wrote the briefing to"));
    assert!(
        has_text(&harness, "(1 file, "),
        "one HTML file, said in the singular"
    );
    assert!(
        harness.query_by_label("Export a briefing").is_none(),
        "the dialog closes when the export is done"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        open_case(&harness).briefings.is_empty(),
        "recording the briefing is one edit that undo takes back"
    );
}

#[test]
fn the_format_changes_the_extension_and_an_empty_path_is_refused() {
    let mut harness = harness(Startup::default());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    harness.run();
    assert!(
        harness.query_by_label("Export a briefing").is_some(),
        "Ctrl+B opens the dialog"
    );
    assert!(has_text(&harness, "-briefing.pdf"), "PDF is the default");
    harness
        .get_by_label("Markdown (with the figures beside it)")
        .click();
    harness.run();
    assert!(has_text(&harness, "-briefing.md"));

    type_path(&mut harness, "");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert!(has_text(&harness, "Say where to write the briefing."));
    assert!(!harness.state().is_busy());

    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Export a briefing").is_none());
    assert!(open_case(&harness).briefings.is_empty());
}

#[test]
fn an_export_that_fails_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, "a file where a folder should be").unwrap();
    let target = blocked.join("briefing.pdf");
    let mut harness = harness(Startup::default());
    open_dialog(&mut harness);
    type_path(&mut harness, &target.display().to_string());
    harness.get_by_label("Export Ctrl+Enter").click();
    settle(&mut harness, None);
    settle(&mut harness, None);
    assert!(has_text(&harness, "Could not export the briefing"));
    assert!(open_case(&harness).briefings.is_empty());
    assert!(!harness.state().document().unwrap().is_modified());
}
