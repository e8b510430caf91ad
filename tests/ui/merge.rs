//! A case merged with a conflict (`casebook merge`): the app shows the conflict with what each
//! version holds, and resolving it through the strip's buttons puts the chosen version in
//! place, on the one command path (it undoes), and the saved file holds no conflict.

use super::common::*;
use casebook::model::merge::merge;
use casebook::model::{CaseObject, Command, Id};
use casebook::ui::Startup;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn merged_with_a_conflict(dir: &std::path::Path) -> std::path::PathBuf {
    let base = casebook::example::example_case();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for (side, words) in [(&mut ours, "Ours"), (&mut theirs, "Theirs")] {
        let mut nato = side.actor(&Id::new("actor--nato")).unwrap().clone();
        nato.description = words.into();
        side.apply(Command::Put(CaseObject::Actor(nato))).unwrap();
    }
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.case.conflicts.len(), 1);
    let path = dir.join("merged.casebook.json");
    casebook::store::save(&merged.case, &path).unwrap();
    path
}

fn nato_description(harness: &Harness<'static, casebook::ui::CasebookApp>) -> String {
    open_case(harness)
        .actor(&Id::new("actor--nato"))
        .unwrap()
        .description
        .clone()
}

#[test]
fn a_merge_conflict_is_shown_and_resolved_by_taking_theirs_and_the_file_saves_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = merged_with_a_conflict(dir.path());
    let mut harness = harness(Startup {
        file: Some(path.clone()),
        data_dir: Some(dir.path().join("data")),
        typed_paths: true,
        ..Startup::default()
    });
    settle(&mut harness, None);
    assert!(has_text(&harness, "1 merge conflict"));
    assert!(has_text(&harness, "both changed description"));
    // What each version holds, side by side.
    for words in ["Ours", "Theirs", "Alliance of which Albania is a member"] {
        assert!(has_text(&harness, words), "{words}");
    }
    assert_eq!(nato_description(&harness), "Ours");

    harness.get_by_label("Take theirs").click();
    harness.run();
    assert_eq!(nato_description(&harness), "Theirs");
    assert!(open_case(&harness).conflicts.is_empty());
    assert!(!has_text(&harness, "merge conflict"));

    // It undoes like any edit, conflict and all.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(nato_description(&harness), "Ours");
    assert_eq!(open_case(&harness).conflicts.len(), 1);
    harness.get_by_label("Keep mine").click();
    harness.run();
    assert_eq!(nato_description(&harness), "Ours");
    assert!(open_case(&harness).conflicts.is_empty());

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness, None);
    let saved = casebook::store::load(&path).unwrap();
    assert!(saved.conflicts.is_empty());
    assert_eq!(
        saved.actor(&Id::new("actor--nato")).unwrap().description,
        "Ours"
    );
}

#[test]
fn edit_opens_the_object_and_mark_resolved_keeps_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = merged_with_a_conflict(dir.path());
    let mut harness = harness(Startup {
        file: Some(path),
        data_dir: Some(dir.path().join("data")),
        typed_paths: true,
        ..Startup::default()
    });
    settle(&mut harness, None);
    harness.get_by_label("Edit…").click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(&Id::new("actor--nato")),
        "the object in the inspector"
    );
    harness.get_by_label("Mark resolved").click();
    harness.run();
    assert!(open_case(&harness).conflicts.is_empty());
    assert_eq!(nato_description(&harness), "Ours");
}
