//! The STIX dialogs: before an export, what a platform without the Casebook extension will not
//! show; after a bundle is read, what it holds against the open case — new objects, the same
//! ones, conflicts (each kept or taken as the analyst chooses) and the objects that could not be
//! imported — before anything changes.

use crate::model::{Case, CaseObject, Command};
use crate::stix::import::{ImportedBundle, MergeItem, merge_plan};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// A bundle read and set against the open case, waiting for the analyst's go.
#[derive(Debug)]
pub struct ImportReview {
    pub path: PathBuf,
    new: Vec<CaseObject>,
    same: usize,
    /// Each conflict with the analyst's choice: `true` takes the bundle's version.
    conflicts: Vec<(CaseObject, CaseObject, bool)>,
    stix_objects: Vec<serde_json::Value>,
    problems: Vec<String>,
}

/// What the review asks for.
pub enum ReviewOutcome {
    Import(Box<Command>),
    Cancel,
}

impl ImportReview {
    pub fn new(path: PathBuf, mut bundle: ImportedBundle, open: &Case) -> Self {
        let mut new = Vec::new();
        let mut same = 0;
        let mut conflicts = Vec::new();
        for item in merge_plan(open, &bundle.case) {
            match item {
                MergeItem::New(object) => new.push(*object),
                MergeItem::Same(_) => same += 1,
                MergeItem::Conflict { mine, theirs } => conflicts.push((*mine, *theirs, false)),
            }
        }
        let stix_objects = match bundle.case.extra.0.remove(crate::stix::STIX_OBJECTS_KEY) {
            Some(serde_json::Value::Array(kept)) => kept,
            _ => Vec::new(),
        };
        ImportReview {
            path,
            new,
            same,
            conflicts,
            stix_objects,
            problems: bundle.problems.iter().map(ToString::to_string).collect(),
        }
    }

    /// The command that imports what the analyst chose.
    fn command(&self) -> Command {
        let mut objects = self.new.clone();
        objects.extend(
            self.conflicts
                .iter()
                .filter(|(_, _, take)| *take)
                .map(|(_, theirs, _)| theirs.clone()),
        );
        Command::Import {
            objects,
            stix_objects: self.stix_objects.clone(),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<ReviewOutcome> {
        let mut outcome = None;
        ui.heading("Import a STIX 2.1 bundle");
        ui.label(self.path.display().to_string());
        ui.add_space(6.0);
        ui.label(format!(
            "{} new objects will be added; {} are already in the case and the same; {} differ from the case; {} objects of types Casebook does not model are kept with the case for the next export.",
            self.new.len(),
            self.same,
            self.conflicts.len(),
            self.stix_objects.len()
        ));
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                if !self.conflicts.is_empty() {
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new("Conflicts: nothing is overwritten unless you choose it")
                            .strong(),
                    );
                    for (mine, theirs, take) in &mut self.conflicts {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(case.display_name(mine.id()));
                            ui.radio_value(take, false, "Keep mine");
                            ui.radio_value(take, true, "Take the bundle's");
                        })
                        .response
                        .on_hover_text(format!("Yours: {mine:?}\n\nThe bundle's: {theirs:?}"));
                    }
                }
                if !self.problems.is_empty() {
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new(format!(
                            "{} objects could not be imported and are left out:",
                            self.problems.len()
                        ))
                        .strong(),
                    );
                    for problem in self.problems.iter().take(200) {
                        ui.label(RichText::new(problem).small());
                    }
                    if self.problems.len() > 200 {
                        ui.label(format!("… and {} more", self.problems.len() - 200));
                    }
                }
            });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let nothing = self.new.is_empty()
                && self.stix_objects.is_empty()
                && !self.conflicts.iter().any(|(_, _, take)| *take);
            if ui
                .add_enabled(!nothing, egui::Button::new("Import"))
                .on_disabled_hover_text("Nothing new to import")
                .clicked()
            {
                outcome = Some(ReviewOutcome::Import(Box::new(self.command())));
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(ReviewOutcome::Cancel);
            }
        });
        outcome
    }
}

/// The note shown before a STIX export: what other platforms will not show.
pub fn export_notice_ui(ui: &mut Ui, lines: &[String]) -> Option<bool> {
    let mut outcome = None;
    ui.heading("Export a STIX 2.1 bundle");
    ui.label("The bundle holds the whole case. Casebook reads all of it back; a platform without the Casebook extension (OpenCTI, MISP, a TAXII feed) will not show:");
    for line in lines {
        ui.label(format!("· {line}"));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Choose where to write it…").clicked() {
            outcome = Some(true);
        }
        if ui.button("Cancel").clicked() {
            outcome = Some(false);
        }
    });
    outcome
}
