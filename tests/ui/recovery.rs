//! Never losing work, driven through the UI: unsaved edits autosaved and offered back after a
//! crash, the recovery dialog's restore, discard and decide-later, a file changed on disk
//! before a save (compare, overwrite, save elsewhere), and a case open in two windows.

use casebook::model::{Case, Id};
use casebook::store::presence::{self, Presence};
use casebook::store::recovery::{AutosaveFolder, AutosaveMeta};
use casebook::ui::{CasebookApp, Startup};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{harness, has_text, settle};

fn example_file(dir: &Path) -> PathBuf {
    let path = dir.join("albania.casebook.json");
    std::fs::write(&path, casebook::example::EXAMPLE_CASE_JSON).unwrap();
    path
}

fn open(file: Option<&Path>, data: &Path) -> Harness<'static, CasebookApp> {
    let mut harness = harness(Startup {
        file: file.map(Path::to_owned),
        data_dir: Some(data.to_owned()),
        typed_paths: true,
        ..Startup::default()
    });
    settle(&mut harness, None);
    harness
}

/// Edits Iran's country through the inspector, as a user would.
fn edit_iran(harness: &mut Harness<'static, CasebookApp>, text: &str) {
    harness.get_by_label("Iran").click();
    harness.run();
    harness.get_by_label("Country").click();
    harness.run();
    harness.get_by_label("Country").type_text(text);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
}

fn iran_country(harness: &Harness<'static, CasebookApp>) -> String {
    let doc = harness.state().document().unwrap();
    doc.case()
        .actor(&Id::new("actor--iran"))
        .unwrap()
        .country
        .clone()
}

/// Every file in the autosave folder ending in `.json` (cases and their details).
fn autosave_files(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("autosave"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The autosaves written in full: a case and, written after it, its details. Waiting for the
/// case alone races the writer thread, which has the details still to write.
fn autosaves(data: &Path) -> Vec<String> {
    let files = autosave_files(data);
    files
        .iter()
        .filter_map(|name| name.strip_suffix(".case.json"))
        .filter(|key| files.contains(&format!("{key}.meta.json")))
        .map(str::to_owned)
        .collect()
}

/// Steps the app (its autosave is due a second after an edit) until `done` holds.
fn step_until(harness: &mut Harness<'static, CasebookApp>, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn unsaved_edits_survive_a_crash_and_are_restored_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = example_file(dir.path());
    let mut first = open(Some(&file), &data);
    edit_iran(&mut first, " (Tehran)");
    assert!(autosaves(&data).is_empty(), "nothing is written at once");
    step_until(&mut first, || autosaves(&data).len() == 1);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        casebook::example::EXAMPLE_CASE_JSON,
        "the autosave never touches the user's file"
    );
    // The app goes away without the user saving (as in a crash: no question asked).
    drop(first);

    let mut second = open(None, &data);
    second.get_by_label("Recover unsaved work");
    assert!(has_text(&second, "albania.casebook.json"));
    assert!(has_text(&second, "Last edited"));
    second.get_by_label("Restore").click();
    settle(&mut second, None);
    let doc = second.state().document().unwrap();
    assert_eq!(doc.path(), Some(file.as_path()));
    assert!(doc.is_modified(), "restored work is unsaved until saved");
    assert_eq!(iran_country(&second), "Iran (Tehran)");
    assert!(has_text(&second, "Restored the unsaved work"));
    assert!(
        presence::note_path(&file).exists(),
        "the restored case tells other computers it is open"
    );

    // Saving it writes the user's file and the autosave goes.
    second.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut second, None);
    step_until(&mut second, || autosave_files(&data).is_empty());
    let saved = casebook::store::load(&file).unwrap();
    assert_eq!(
        saved.actor(&Id::new("actor--iran")).unwrap().country,
        "Iran (Tehran)"
    );
    drop(second);
    let third = open(None, &data);
    assert!(third.query_by_label("Recover unsaved work").is_none());
}

#[test]
fn edits_to_the_untitled_example_are_kept_too() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut first = open(None, &data);
    edit_iran(&mut first, " (example)");
    step_until(&mut first, || autosaves(&data).len() == 1);
    drop(first);
    let mut second = open(None, &data);
    assert!(has_text(&second, "Never saved to a file"));
    second.get_by_label("Restore").click();
    settle(&mut second, None);
    assert_eq!(iran_country(&second), "Iran (example)");
    assert!(second.state().document().unwrap().path().is_none());
}

/// Leaves unsaved work in `data` as a Casebook that crashed would.
fn leave_orphan(data: &Path, title: &str) {
    let folder = AutosaveFolder::in_data_dir(data);
    let slot = folder.claim(&format!("untitled-{title}")).unwrap();
    let case = Case::new(title);
    let meta = AutosaveMeta {
        file: None,
        title: title.into(),
        edited: chrono::Utc::now() - chrono::Duration::minutes(7),
        disk: None,
    };
    slot.files.write(&case, &meta).unwrap();
}

#[test]
fn decide_later_keeps_the_work_and_discard_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    leave_orphan(&data, "Lost evening");
    leave_orphan(&data, "Lost morning");

    let mut first = open(None, &data);
    assert!(has_text(&first, "Lost evening") && has_text(&first, "Lost morning"));
    assert!(has_text(&first, "7 minutes ago"));
    first.get_by_label("Decide later").click();
    first.run();
    assert!(first.query_by_label("Recover unsaved work").is_none());
    assert_eq!(autosaves(&data).len(), 2, "deciding later keeps them");
    // Offered again from the File menu.
    first.get_by_label("File").click();
    first.run();
    first.get_by_label("Recover unsaved work…").click();
    first.run();
    first.get_by_label("Recover unsaved work");
    drop(first);

    let mut second = open(None, &data);
    second.get_all_by_label("Discard…").next().unwrap().click();
    second.run();
    assert!(has_text(&second, "Discard these edits for good?"));
    second.get_by_label("Keep them").click();
    second.run();
    assert_eq!(autosaves(&data).len(), 2, "keeping them keeps them");
    second.get_all_by_label("Discard…").next().unwrap().click();
    second.run();
    second.get_by_label("Discard for good").click();
    second.run();
    step_until(&mut second, || autosave_files(&data).len() == 2);
    assert!(has_text(&second, "Discarded the unsaved work"));
    // The other one is still offered, and the open case was never replaced.
    assert_eq!(second.query_all_by_label("Restore").count(), 1);
    assert!(
        second
            .state()
            .document()
            .unwrap()
            .case()
            .title
            .contains("Albania")
    );
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_until_the_user_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = example_file(dir.path());
    let mut harness = open(Some(&file), &data);
    edit_iran(&mut harness, " (ours)");

    // A colleague saves the same file from another machine.
    let mut theirs = casebook::example::example_case();
    theirs.title = "Changed by a colleague".into();
    theirs
        .actors
        .retain(|a| a.id.as_str() != "actor--ali-safavi");
    theirs.relationships.retain(|r| {
        r.source.as_str() != "actor--ali-safavi" && r.target.as_str() != "actor--ali-safavi"
    });
    for event in &mut theirs.events {
        event.actors.retain(|a| a.as_str() != "actor--ali-safavi");
    }
    let theirs = casebook::store::to_bytes(&theirs);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&file, &theirs).unwrap();

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness, None);
    harness.get_by_label("The file changed on disk");
    assert_eq!(std::fs::read(&file).unwrap(), theirs, "nothing was written");
    assert!(harness.state().document().unwrap().is_modified());

    harness.get_by_label("Compare").click();
    step_until_text(&mut harness, "differences:");
    assert!(has_text(&harness, "the case's title"));
    assert!(
        has_text(&harness, "only in the open case"),
        "Ali Safavi is only here"
    );
    assert!(has_text(&harness, "Ali Safavi"));

    harness.get_by_label("Overwrite").click();
    settle(&mut harness, None);
    assert!(!harness.state().document().unwrap().is_modified());
    let saved = casebook::store::load(&file).unwrap();
    assert_eq!(
        saved.actor(&Id::new("actor--iran")).unwrap().country,
        "Iran (ours)"
    );
    assert_eq!(
        std::fs::read(casebook::store::atomic::backup_path(&file)).unwrap(),
        theirs,
        "the colleague's version is kept as the backup"
    );

    // A later save after another outside change offers to save elsewhere.
    edit_iran(&mut harness, "!");
    std::fs::write(&file, &theirs).unwrap();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness, None);
    harness.get_by_label("Save elsewhere…").click();
    harness.run();
    harness.get_by_label("Save the case as");
    assert_eq!(std::fs::read(&file).unwrap(), theirs);
}

fn step_until_text(harness: &mut Harness<'static, CasebookApp>, text: &str) {
    for _ in 0..1000 {
        if has_text(harness, text) {
            return;
        }
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no “{text}” after 20 s");
}

#[test]
fn a_case_open_in_another_window_is_reported_to_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = example_file(dir.path());
    let first = open(Some(&file), &data);
    assert!(
        first
            .query_by_label("This case is open in another window")
            .is_none()
    );
    let second = open(Some(&file), &data);
    second.get_by_label("This case is open in another window");
    assert!(has_text(
        &second,
        "already open in another Casebook (process"
    ));
    drop(first);
    drop(second);
    // Once both are closed, a new window opens it without a word.
    let third = open(Some(&file), &data);
    assert!(
        third
            .query_by_label("This case is open in another window")
            .is_none()
    );
}

#[test]
fn a_broken_file_on_disk_can_still_be_compared() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = example_file(dir.path());
    let mut harness = open(Some(&file), &data);
    edit_iran(&mut harness, " (ours)");
    // Another tool deletes NATO but leaves an event that involves it: not a valid case.
    let mut json: serde_json::Value =
        serde_json::from_str(casebook::example::EXAMPLE_CASE_JSON).unwrap();
    json["actors"]
        .as_array_mut()
        .unwrap()
        .retain(|a| a["id"] != "actor--nato");
    std::fs::write(&file, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    assert!(casebook::store::load(&file).is_err(), "the file is broken");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness, None);
    harness.get_by_label("Compare").click();
    step_until_text(&mut harness, "differences:");
    assert!(has_text(&harness, "breaks the case rules"));
    assert!(has_text(&harness, "actor--nato"));
    assert!(
        has_text(&harness, "NATO"),
        "NATO is listed as only in the open case"
    );
    harness.get_by_label("Overwrite").click();
    settle(&mut harness, None);
    assert!(
        casebook::store::load(&file).is_ok(),
        "the open case replaced it"
    );
}

#[test]
fn a_case_open_on_another_computer_is_reported_from_the_note_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = example_file(dir.path());
    let note = presence::note_path(&file);
    // A colleague's Casebook on another computer left its note beside the shared file.
    let theirs = Presence {
        user: "alice".into(),
        computer: "ws-12.analysis.example".into(),
        process: 4321,
        since: chrono::Utc::now(),
    };
    std::fs::write(&note, serde_json::to_vec(&theirs).unwrap()).unwrap();

    let mut harness = open(Some(&file), &data);
    harness.get_by_label("This case may be open on another computer");
    assert!(has_text(&harness, "alice on ws-12.analysis.example since"));
    harness.get_by_label("OK").click();
    harness.run();

    // Ours replaced theirs, so they are told in turn; closing the case takes it away.
    let ours: Presence = serde_json::from_slice(&std::fs::read(&note).unwrap()).unwrap();
    assert_eq!(ours.process, std::process::id());
    assert!(
        presence::read_other(&file).is_none(),
        "our own note is not news here"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::W);
    harness.run();
    assert!(!note.exists(), "closing the case takes the note away");

    // Opened again with no note beside it: not a word.
    let again = open(Some(&file), &data);
    assert!(
        again
            .query_by_label("This case may be open on another computer")
            .is_none()
    );
    assert!(note.exists());
    drop(again);
    assert!(!note.exists());
}
