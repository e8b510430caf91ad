//! The app's command table drives both the menu bar and the keyboard: every command is found
//! in its menu, and every shortcut runs its command.

use crate::common::harness;
use casebook::ui::{AppCommand, CasebookApp, Menu, MenuEntry, Startup};
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app() -> (tempfile::TempDir, Harness<'static, CasebookApp>) {
    let dir = tempfile::tempdir().unwrap();
    let harness = harness(Startup {
        data_dir: Some(dir.path().join("data")),
        typed_paths: true,
        ..Startup::default()
    });
    (dir, harness)
}

fn count_labelled(harness: &Harness<'static, CasebookApp>, label: &str) -> usize {
    harness.query_all_by_label(label).count()
}

/// Deletes NATO through the inspector, so there is something to undo.
fn delete_nato(harness: &mut Harness<'static, CasebookApp>) {
    crate::common::delete_actor(harness, "NATO");
}

#[test]
fn every_command_of_the_table_has_an_entry_in_its_menu() {
    let (_dir, mut harness) = app();
    let mut seen = 0;
    for menu in Menu::ALL {
        for entry in menu.entries() {
            let MenuEntry::Command(command) = entry else {
                continue;
            };
            // A menu entry's accessible label ends with its shortcut.
            let label = match command.shortcuts().first() {
                Some(shortcut) => format!(
                    "{} {}",
                    command.label(),
                    harness.ctx.format_shortcut(shortcut)
                ),
                None => command.label(),
            };
            let before = count_labelled(&harness, &label);
            harness.get_by_label(menu.label()).click();
            harness.run();
            let after = count_labelled(&harness, &label);
            assert!(
                after > before,
                "{command:?}: no entry {label:?} in the {} menu",
                menu.label()
            );
            harness.key_press(egui::Key::Escape);
            harness.run();
            seen += 1;
        }
    }
    // Each command of the table, not only those a menu happens to list.
    for command in every_command() {
        assert!(
            AppCommand::all().contains(&command),
            "{command:?} is in no menu"
        );
    }
    assert!(seen >= every_command().len());
}

/// Every command, written out: the match makes a new command fail to compile here until it is
/// added to this list too.
fn every_command() -> Vec<AppCommand> {
    use casebook::model::ObjectKind;
    use casebook::ui::CentralView;
    let listed = |command: AppCommand| match command {
        AppCommand::NewCase
        | AppCommand::Open
        | AppCommand::OpenPath
        | AppCommand::OpenExample
        | AppCommand::RecoverUnsavedWork
        | AppCommand::Save
        | AppCommand::SaveAs
        | AppCommand::SaveAsPath
        | AppCommand::ImportStix
        | AppCommand::ExportStix
        | AppCommand::ExportMisp
        | AppCommand::ShareTaxii
        | AppCommand::ExportBriefing
        | AppCommand::CloseCase
        | AppCommand::Quit
        | AppCommand::Undo
        | AppCommand::Redo
        | AppCommand::DeleteSelection
        | AppCommand::Show(_)
        | AppCommand::ToggleChecks
        | AppCommand::Add(_)
        | AppCommand::About => command,
    };
    let mut all: Vec<AppCommand> = [
        AppCommand::NewCase,
        AppCommand::Open,
        AppCommand::OpenPath,
        AppCommand::OpenExample,
        AppCommand::RecoverUnsavedWork,
        AppCommand::Save,
        AppCommand::SaveAs,
        AppCommand::SaveAsPath,
        AppCommand::ImportStix,
        AppCommand::ExportStix,
        AppCommand::ExportMisp,
        AppCommand::ShareTaxii,
        AppCommand::ExportBriefing,
        AppCommand::CloseCase,
        AppCommand::Quit,
        AppCommand::Undo,
        AppCommand::Redo,
        AppCommand::DeleteSelection,
        AppCommand::ToggleChecks,
        AppCommand::About,
    ]
    .into_iter()
    .map(listed)
    .collect();
    all.extend(CentralView::ALL.map(AppCommand::Show));
    all.extend(ObjectKind::ALL.iter().map(|k| AppCommand::Add(*k)));
    all
}

#[test]
fn every_shortcut_runs_its_command() {
    let mut tried = 0;
    for command in AppCommand::all() {
        for shortcut in command.shortcuts() {
            let (_dir, mut harness) = app();
            match command {
                AppCommand::Undo => delete_nato(&mut harness),
                AppCommand::Redo => {
                    delete_nato(&mut harness);
                    harness.state_mut().undo();
                    harness.run();
                }
                AppCommand::DeleteSelection => {
                    harness.get_by_label("NATO").click();
                    harness.run();
                }
                _ => {}
            }
            assert_ne!(harness.state().last_command(), Some(command));
            harness.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
            harness.run();
            assert_eq!(
                harness.state().last_command(),
                Some(command),
                "{} did not run {command:?}",
                harness.ctx.format_shortcut(&shortcut)
            );
            tried += 1;
        }
    }
    assert!(tried >= 13, "{tried} shortcuts tried");
}

#[test]
fn ctrl_shift_s_is_save_as_and_not_also_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    std::fs::write(&path, casebook::example::EXAMPLE_CASE_JSON).unwrap();
    let mut harness = harness(Startup {
        file: Some(path.clone()),
        typed_paths: true,
        ..Startup::default()
    });
    crate::common::settle(&mut harness, None);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    crate::common::settle(&mut harness, None);
    assert_eq!(harness.state().last_command(), Some(AppCommand::SaveAs));
    harness.get_by_label("Path of the case file");
    // Save did not run too: the file is as written (no backup beside it).
    assert!(!casebook::store::atomic::backup_path(&path).exists());
}

#[test]
fn every_kind_has_a_shortcut_that_adds_about_the_selection() {
    for kind in casebook::model::ObjectKind::ALL {
        assert_eq!(
            AppCommand::Add(*kind).shortcuts().len(),
            1,
            "no shortcut to add {kind:?}"
        );
    }
    // Ctrl+Shift+C with an event selected: a citation of that event, as from the Add menu.
    let (_dir, mut harness) = app();
    let event = crate::common::select_the_parliament_attack(&mut harness);
    let before = harness.state().document().unwrap().case().citations.len();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::C);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    let case = harness.state().document().unwrap().case();
    assert_eq!(case.citations.len(), before + 1);
    assert_eq!(case.citations.last().unwrap().cites, event);
}
