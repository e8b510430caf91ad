//! The main window's everyday work: the example case at start, adding, editing and deleting
//! actors through the forms, opening, saving and dropping case files, the unsaved-changes
//! guard, and undo and redo from the menu and the keyboard.

use casebook::model::{Id, ObjectKind};
use casebook::ui::{CasebookApp, Startup};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;
use crate::common::{example, harness, open_case};

fn settle(harness: &mut Harness<'static, CasebookApp>) {
    common::settle(harness, None);
}
use std::path::PathBuf;

fn actor_count(harness: &Harness<'static, CasebookApp>) -> usize {
    open_case(harness).count(ObjectKind::Actor)
}

#[test]
fn the_example_case_opens_with_its_actors_listed() {
    let harness = example();
    let doc = harness
        .state()
        .document()
        .expect("the example case is open");
    assert!(
        doc.path().is_none(),
        "the example opens as an untitled copy"
    );
    assert!(!doc.is_modified());
    for name in [
        "Homeland Justice",
        "Albanian Parliament",
        "Mujahedeen-e-Khalq",
        "Ali Safavi",
    ] {
        harness.get_by_label(name);
    }
    harness.get_by_label_contains("Actors 13");
}

#[test]
fn an_actor_added_through_the_form_is_listed_and_marks_the_case_modified() {
    let mut harness = example();
    harness.get_by_label("New actor…").click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.get_by_label("Name").type_text("Cyber Av3ngers");
    harness.run();
    harness.get_by_label("Add actor").click();
    harness.run();
    assert_eq!(actor_count(&harness), 14);
    let doc = harness.state().document().unwrap();
    assert!(doc.is_modified());
    assert!(
        doc.window_title().contains("modified"),
        "{}",
        doc.window_title()
    );
    assert!(doc.case().actors.iter().any(|a| a.name == "Cyber Av3ngers"));
    // Listed, and selected in the inspector.
    assert!(harness.query_all_by_label("Cyber Av3ngers").count() >= 1);
}

#[test]
fn a_bad_value_is_refused_with_a_message() {
    let mut harness = example();
    harness.get_by_label("Events 12").click();
    harness.run();
    harness.get_by_label("New event…").click();
    harness.run();
    harness.get_by_label("Title").click();
    harness.get_by_label("Title").type_text("Raid");
    harness.run();
    let start = harness.get_by_label("Start");
    start.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Start").type_text("2023-13-45");
    harness.run();
    harness.get_by_label_contains("`2023-13-45` is not a date: that day does not exist");
    harness.get_by_label_contains("cannot be added until the fields marked");
    harness.get_by_label("Add event").click();
    harness.run();
    assert_eq!(open_case(&harness).count(ObjectKind::Event), 12);
    assert!(!harness.state().document().unwrap().is_modified());

    // An empty name is refused on an existing actor; the case keeps the last valid name.
    harness.get_by_label("Actors 13").click();
    harness.run();
    harness.get_by_label("NATO").click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label_contains("must not be empty");
    let case = open_case(&harness);
    assert_eq!(case.actor(&Id::new("actor--nato")).unwrap().name, "NATO");
}

#[test]
fn editing_an_actor_changes_the_case_through_the_inspector() {
    let mut harness = example();
    harness.get_by_label("Ali Safavi").click();
    harness.run();
    harness.get_by_label("Country").click();
    harness.run();
    harness.get_by_label("Country").type_text("France");
    harness.run();
    let case = open_case(&harness);
    assert_eq!(
        case.actor(&Id::new("actor--ali-safavi")).unwrap().country,
        "France"
    );
    assert!(harness.state().document().unwrap().is_modified());
}

#[test]
fn delete_warns_with_what_refers_to_the_object() {
    let mut harness = example();
    harness.get_by_label("Homeland Justice").click();
    harness.run();
    harness.get_by_label("Delete this actor…").click();
    harness.run();
    harness.get_by_label_contains("objects refer to it and will be deleted with it");
    harness.get_by_label_contains("relationship: Homeland Justice targets Albanian Parliament");
    harness.get_by_label("Delete").click();
    harness.run();
    let case = open_case(&harness);
    assert!(case.actor(&Id::new("actor--homeland-justice")).is_none());
    assert!(
        case.relationships
            .iter()
            .all(|r| r.source.as_str() != "actor--homeland-justice")
    );
    assert_eq!(casebook::model::validate::check_case(case), vec![]);
}

#[test]
fn a_case_file_opens_and_ctrl_s_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("albania.casebook.json");
    std::fs::write(&path, casebook::example::EXAMPLE_CASE_JSON).unwrap();
    let mut harness = harness(Startup {
        file: Some(path.clone()),
        data_dir: Some(dir.path().join("data")),
        ..Startup::default()
    });
    settle(&mut harness);
    assert_eq!(
        harness.state().document().unwrap().path(),
        Some(path.as_path())
    );
    harness.get_by_label("Iran").click();
    harness.run();
    harness.get_by_label("Country").click();
    harness.run();
    harness.get_by_label("Country").type_text(" (Tehran)");
    harness.run();
    // Leave the text field, then save with the keyboard.
    harness.key_press(egui::Key::Escape);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert!(!harness.state().document().unwrap().is_modified());
    let saved = casebook::store::load(&path).unwrap();
    assert_eq!(
        saved.actor(&Id::new("actor--iran")).unwrap().country,
        "Iran (Tehran)"
    );
    let backup = casebook::store::atomic::backup_path(&path);
    assert_eq!(
        std::fs::read_to_string(backup).unwrap(),
        casebook::example::EXAMPLE_CASE_JSON
    );
    // The file is now in the recent list.
    let recent = std::fs::read_to_string(dir.path().join("data/recent.json")).unwrap();
    assert!(recent.contains("albania.casebook.json"), "{recent}");

    // The undo history survives the save: the edit can still be undone, and the case is then
    // modified against the file.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let doc = harness.state().document().unwrap();
    assert_eq!(
        doc.case().actor(&Id::new("actor--iran")).unwrap().country,
        "Iran"
    );
    assert!(doc.is_modified());
}

#[test]
fn a_broken_file_is_reported_and_nothing_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"format\": \"casebook-case\", \"version\": 99}").unwrap();
    let mut harness = harness(Startup {
        file: Some(path),
        ..Startup::default()
    });
    settle(&mut harness);
    harness.get_by_label("Could not open the case");
    assert!(
        harness
            .query_all_by_label_contains("written by a newer Casebook (case format version 99)")
            .count()
            >= 1
    );
    assert!(harness.state().document().is_none());
}

#[test]
fn unsaved_changes_are_guarded_on_new() {
    let mut harness = example();
    harness.get_by_label("Ali Safavi").click();
    harness.run();
    harness.get_by_label("Country").click();
    harness.get_by_label("Country").type_text("x");
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(actor_count(&harness), 13, "cancel keeps the case");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(actor_count(&harness), 0, "a new empty case");
    assert_eq!(open_case(&harness).title, "Untitled case");
}

#[test]
fn a_typed_path_saves_where_no_file_dialog_exists() {
    let dir = tempfile::tempdir().unwrap();
    let target: PathBuf = dir.path().join("typed.casebook.json");
    let mut harness = example();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save As a path…").click();
    harness.run();
    let field = harness.get_by_label("Path of the case file");
    field.click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Path of the case file")
        .type_text(&target.display().to_string());
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().document().unwrap().path(),
        Some(target.as_path())
    );
    // The case as it was, with every actor where the map drew it (unpinned): what the user saw
    // is what reopens.
    let saved = casebook::store::load(&target).unwrap();
    let mut expected = casebook::example::example_case();
    for actor in &mut expected.actors {
        let drawn = saved
            .actor(&actor.id)
            .unwrap()
            .map
            .expect("a position saved");
        assert!(!drawn.pinned);
        let on_screen = harness.state().map_screen_position(&actor.id);
        assert!(on_screen.is_some(), "{} is drawn", actor.name);
        actor.map = Some(drawn);
    }
    assert_eq!(
        casebook::store::to_bytes(&saved),
        casebook::store::to_bytes(&expected)
    );
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_case_file_dropped_on_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.casebook.json");
    let mut case = casebook::example::example_case();
    case.title = "Dropped case".into();
    casebook::store::save(&case, &path).unwrap();
    let mut harness = example();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.clone())));
    settle(&mut harness);
    let doc = harness.state().document().unwrap();
    assert_eq!(doc.case().title, "Dropped case");
    assert_eq!(doc.path(), Some(path.as_path()));
    assert_eq!(
        doc.window_title(),
        "Dropped case — dropped.casebook.json — Casebook"
    );
}

#[test]
fn closing_the_case_shows_the_welcome_screen_and_the_example_reopens() {
    let mut harness = example();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::W);
    harness.run();
    assert!(harness.state().document().is_none());
    harness.get_by_label("No case is open");
    harness.get_by_label("Open the example case").click();
    harness.run();
    assert_eq!(actor_count(&harness), 13);
}

#[test]
fn undo_and_redo_from_the_edit_menu_and_keyboard() {
    let mut harness = example();
    harness.get_by_label("NATO").click();
    harness.run();
    harness.get_by_label("Delete this actor…").click();
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
    assert_eq!(actor_count(&harness), 12);
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo delete of actor")
        .click();
    harness.run();
    assert_eq!(actor_count(&harness), 13);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(actor_count(&harness), 12);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(actor_count(&harness), 13);
}

#[test]
fn the_case_overview_says_what_the_case_concludes() {
    let mut harness = example();
    harness
        .state_mut()
        .show_view(casebook::ui::CentralView::Overview);
    harness.run();
    harness.get_by_label("Bottom line");
    let link = harness
        .query_all_by(|n| {
            n.role() == egui::accesskit::Role::Link
                && n.label().is_some_and(|l| l.contains("very likely"))
        })
        .next()
        .expect("the key judgment on the 2022 attack, in its ICD 203 term");
    link.click();
    harness.run();
    assert_eq!(
        harness.state().selection().map(|id| id.as_str()),
        Some("judgment--july-2022-iran")
    );
    // The open findings, as the status bar counts them.
    let none_open = harness.query_by_label("Checks: none").is_some();
    assert_eq!(
        crate::common::has_text(&harness, "No tradecraft findings are open."),
        none_open
    );
    assert_eq!(
        crate::common::has_text(&harness, "open: see the tradecraft checks (F8)"),
        !none_open
    );
}

#[test]
fn a_large_case_works_out_its_bottom_line_off_the_window_once_typing_pauses() {
    let dir = tempfile::tempdir().unwrap();
    // About 6,000 objects: over the size the bottom line is worked out at once.
    let (case, mut harness) = crate::common::open_synthetic(dir.path(), 1000, 11);
    assert!(case.object_count() > 5_000);
    // Tall enough that the case's fields show under its long bottom line.
    harness.set_size(egui::vec2(1600.0, 6000.0));
    harness
        .state_mut()
        .show_view(casebook::ui::CentralView::Overview);
    let wait_for_bottom_line = |harness: &mut Harness<'static, CasebookApp>| {
        for _ in 0..400 {
            harness.step();
            if !common::has_text(harness, "Updating the bottom line…")
                && harness.query_by_label("Bottom line").is_some()
            {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        false
    };
    assert!(wait_for_bottom_line(&mut harness), "no bottom line");
    // A keystroke in an actor's name: the window goes on at once, says the bottom line is
    // being updated, and has it again after the pause.
    harness.get_by_label(&case.actors[0].name).click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.event(egui::Event::Key {
        key: egui::Key::End,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::Text("!".into()));
    harness.run();
    assert!(open_case(&harness).actors[0].name.ends_with('!'));
    assert!(common::has_text(&harness, "Updating the bottom line…"));
    assert!(
        wait_for_bottom_line(&mut harness),
        "the bottom line did not come back"
    );
}

#[test]
fn help_about_shows_the_version_build_renderer_data_folder_and_notices() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut harness = harness(Startup {
        data_dir: Some(data.clone()),
        renderer: Some("glow on llvmpipe (test)".into()),
        ..Startup::default()
    });
    settle(&mut harness);
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About Casebook").click();
    harness.run();
    harness.get_by_label(&format!("Casebook {}", env!("CARGO_PKG_VERSION")));
    assert!(crate::common::has_text(&harness, "debug build for linux"));
    harness.get_by_label("glow on llvmpipe (test)");
    harness.get_by_label(&data.display().to_string());
    harness.get_by_label("Show the third-party notices").click();
    harness.run();
    harness.get_by_label("Casebook: third-party notices");
    harness.get_by_label("OK").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Casebook: third-party notices")
            .is_none()
    );
    // The notices name what is bundled: the fonts, the country data, Typst, egui.
    let notices = casebook::ui::third_party_notices();
    for needle in [
        "Noto Sans Arabic",
        "SIL OPEN FONT LICENSE",
        "MISP galaxy",
        "typst ",
        "egui ",
        "epaint_default_fonts",
    ] {
        assert!(
            notices.contains(needle),
            "the notices do not mention {needle}"
        );
    }
}
