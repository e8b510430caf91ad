//! The dialogs that keep work safe: unsaved work found at start (restore, discard or decide
//! later), and a case file that changed on disk since it was opened here (compare, overwrite
//! or save elsewhere). They draw and report the user's choice; the app acts on it.

use crate::model::diff::{Change, Difference};
use crate::store::recovery::Orphan;
use chrono::{DateTime, Local, Utc};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// What the user chose in the recovery dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecoverChoice {
    /// Restore the autosave with this key.
    Restore(String),
    /// Ask before discarding the autosave with this key.
    AskDiscard(String),
    /// Discard it: confirmed.
    Discard(String),
    /// Keep them all for later.
    Later,
}

/// "3 minutes ago", "2 hours ago", "4 days ago".
pub fn how_long_ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - then).num_seconds().max(0);
    let (n, unit) = match seconds {
        0..60 => return "just now".to_owned(),
        60..3600 => (seconds / 60, "minute"),
        3600..86_400 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// When, in the user's time zone, and how long ago.
fn when(then: DateTime<Utc>) -> String {
    format!(
        "{} ({})",
        then.with_timezone(&Local).format("%-d %b %Y %H:%M"),
        how_long_ago(then, Utc::now())
    )
}

/// The list of unsaved work found at start. `confirm` is the key whose discard awaits a yes.
pub fn recover_ui(ui: &mut Ui, orphans: &[Orphan], confirm: Option<&str>) -> Option<RecoverChoice> {
    let mut choice = None;
    ui.heading("Recover unsaved work");
    ui.label(if orphans.len() == 1 {
        "A Casebook session ended before this case was saved. Its last edits were kept:"
    } else {
        "Casebook sessions ended before these cases were saved. Their last edits were kept:"
    });
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            for orphan in orphans {
                let key = &orphan.slot.key;
                ui.group(|ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(&orphan.meta.title).strong());
                    ui.label(match &orphan.meta.file {
                        Some(file) => format!("File: {}", file.display()),
                        None => "Never saved to a file".to_owned(),
                    });
                    ui.label(format!("Last edited {}", when(orphan.meta.edited)));
                    ui.horizontal(|ui| {
                        if confirm == Some(key.as_str()) {
                            ui.label("Discard these edits for good?");
                            if ui.button("Discard for good").clicked() {
                                choice = Some(RecoverChoice::Discard(key.clone()));
                            }
                            if ui.button("Keep them").clicked() {
                                choice = Some(RecoverChoice::AskDiscard(String::new()));
                            }
                        } else {
                            if ui
                                .button("Restore")
                                .on_hover_text(
                                    "Open these edits, unsaved, in place of the open case",
                                )
                                .clicked()
                            {
                                choice = Some(RecoverChoice::Restore(key.clone()));
                            }
                            if ui.button("Discard…").clicked() {
                                choice = Some(RecoverChoice::AskDiscard(key.clone()));
                            }
                        }
                    });
                });
            }
        });
    ui.add_space(6.0);
    ui.label(
        RichText::new(
            "Decide later keeps them: they are offered again at the next start, or from File > Recover unsaved work.",
        )
        .weak(),
    );
    if ui.button("Decide later").clicked() {
        choice = Some(RecoverChoice::Later);
    }
    choice
}

/// The state of the changed-on-disk dialog.
#[derive(Debug)]
pub struct ChangedOnDisk {
    pub path: PathBuf,
    pub comparison: Comparison,
}

/// The comparison of the open case with the file on disk, once asked for.
#[derive(Debug)]
pub enum Comparison {
    NotAsked,
    Reading,
    Done {
        differences: Vec<Difference>,
        /// The case rules the file on disk breaks, if any: it could not be opened as it is.
        disk_problems: Vec<String>,
    },
    Failed(String),
}

/// What the user chose when the file changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    Compare,
    Overwrite,
    SaveElsewhere,
    Cancel,
}

/// The differences between the open case and the file on disk, as a scrolling table.
fn differences_ui(ui: &mut Ui, differences: &[Difference]) {
    if differences.is_empty() {
        ui.label(
            "The file on disk holds the same case as the open one, apart from when it was modified.",
        );
        return;
    }
    let count = |change| differences.iter().filter(|d| d.change == change).count();
    ui.label(format!(
        "{} differences: {} changed in both, {} only in the open case, {} only in the file on disk.",
        differences.len(),
        count(Change::Changed),
        count(Change::OnlyHere),
        count(Change::OnlyOnDisk)
    ));
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("disk-differences")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    for difference in differences.iter().take(DIFFERENCES_SHOWN) {
                        ui.label(&difference.kind);
                        ui.label(&difference.name);
                        ui.label(difference.change.label());
                        ui.end_row();
                    }
                });
            if differences.len() > DIFFERENCES_SHOWN {
                ui.label(format!(
                    "and {} more",
                    differences.len() - DIFFERENCES_SHOWN
                ));
            }
        });
}

/// The most differences listed; past this the dialog says how many more.
const DIFFERENCES_SHOWN: usize = 200;

pub fn changed_on_disk_ui(ui: &mut Ui, state: &ChangedOnDisk) -> Option<ConflictChoice> {
    let mut choice = None;
    let name = super::file_name_of(&state.path);
    ui.heading("The file changed on disk");
    ui.label(format!(
        "“{name}” was changed by another program or person since you opened it here. Saving now would replace their changes with yours. Nothing has been written."
    ));
    ui.label(
        RichText::new(state.path.display().to_string())
            .monospace()
            .weak(),
    );
    ui.add_space(6.0);
    match &state.comparison {
        Comparison::NotAsked => {}
        Comparison::Reading => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the file on disk…");
            });
        }
        Comparison::Failed(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Could not read the file on disk: {error}"),
            );
        }
        Comparison::Done { disk_problems, .. } if !disk_problems.is_empty() => {
            let more = match disk_problems.len() {
                1 => String::new(),
                n => format!("; and {} more", n - 1),
            };
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "The file on disk breaks the case rules, so it could not be opened as it is ({}{more}). Overwriting replaces it with the open case; the broken version is kept as .bak.",
                    disk_problems[0]
                ),
            );
        }
        Comparison::Done { .. } => {}
    }
    if let Comparison::Done { differences, .. } = &state.comparison {
        differences_ui(ui, differences);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if matches!(
            state.comparison,
            Comparison::NotAsked | Comparison::Failed(_)
        ) && ui
            .button("Compare")
            .on_hover_text("List what differs between the open case and the file on disk")
            .clicked()
        {
            choice = Some(ConflictChoice::Compare);
        }
        if ui
            .button("Overwrite")
            .on_hover_text(
                "Replace the file on disk with the open case (the file on disk is kept as .bak)",
            )
            .clicked()
        {
            choice = Some(ConflictChoice::Overwrite);
        }
        if ui.button("Save elsewhere…").clicked() {
            choice = Some(ConflictChoice::SaveElsewhere);
        }
        if ui.button("Cancel").clicked() {
            choice = Some(ConflictChoice::Cancel);
        }
    });
    choice
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn says_how_long_ago_in_words() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        let ago = |s: i64| how_long_ago(now - chrono::Duration::seconds(s), now);
        assert_eq!(ago(5), "just now");
        assert_eq!(ago(-30), "just now");
        assert_eq!(ago(60), "1 minute ago");
        assert_eq!(ago(7200), "2 hours ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
    }
}
