//! The STIX dialogs: before an export, what a platform without the Casebook extension will not
//! show; after a bundle is read, what it holds against the open case — new objects, the same
//! ones, conflicts (each kept or taken as the analyst chooses) and the objects that could not be
//! imported — before anything changes.

use crate::model::{Case, CaseObject, Command};
use crate::stix::import::{ImportedBundle, merge_split};
use crate::tradecraft::Tlp;
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
    /// What was read from the producers' own grades, numbers and words, one line each.
    readings: Vec<String>,
    /// The bundle as read, to plan again when the analyst changes the marking of objects that
    /// came with none.
    bundle: Box<ImportedBundle>,
    /// The marking of objects that came with none: the open case's by default.
    unmarked: Tlp,
    /// For a bundle pulled from a TAXII collection: the collection's address and the server's
    /// time of the last object pulled, kept once the import is made.
    pub pulled_mark: Option<(String, String)>,
    /// Whether the bundle was pulled from a TAXII collection (`path` is then its address).
    pub pulled: bool,
}

/// What the review asks for.
pub enum ReviewOutcome {
    Import(Box<Command>),
    Cancel,
}

impl ImportReview {
    pub fn new(path: PathBuf, bundle: ImportedBundle, open: &Case) -> Self {
        let mut review = ImportReview {
            path,
            new: Vec::new(),
            same: 0,
            conflicts: Vec::new(),
            stix_objects: Vec::new(),
            problems: bundle.problems.iter().map(ToString::to_string).collect(),
            readings: Vec::new(),
            bundle: Box::new(bundle),
            unmarked: open.tlp,
            pulled_mark: None,
            pulled: false,
        };
        review.plan(open);
        review
    }

    /// Sets the bundle against the open case, its unmarked objects marked as chosen; the
    /// conflicts the analyst chose to take stay taken.
    fn plan(&mut self, open: &Case) {
        let taken: std::collections::HashSet<crate::model::Id> = self
            .conflicts
            .iter()
            .filter(|(_, _, take)| *take)
            .map(|(mine, _, _)| mine.id().clone())
            .collect();
        self.bundle.set_unmarked(self.unmarked);
        let split = merge_split(open, &self.bundle.case);
        self.new = split.new;
        self.same = split.same;
        self.conflicts = split
            .conflicts
            .into_iter()
            .map(|(mine, theirs)| {
                let take = taken.contains(mine.id());
                (mine, theirs, take)
            })
            .collect();
        self.stix_objects = split.stix_objects;
        self.readings = reading_lines(&self.bundle);
        self.problems = self
            .bundle
            .problems
            .iter()
            .map(ToString::to_string)
            .chain(split.refused)
            .collect();
    }

    /// Chooses the bundle's version of the conflicts `pick` names (from the pairs of the
    /// case's version and the bundle's), as the analyst could by hand: for a pull, later
    /// versions of objects unchanged here since they were shared.
    pub fn take_where(
        &mut self,
        pick: impl FnOnce(&[(CaseObject, CaseObject)]) -> std::collections::HashSet<crate::model::Id>,
    ) {
        let pairs: Vec<(CaseObject, CaseObject)> = self
            .conflicts
            .iter()
            .map(|(mine, theirs, _)| (mine.clone(), theirs.clone()))
            .collect();
        let taken = pick(&pairs);
        for (mine, _, take) in &mut self.conflicts {
            if taken.contains(mine.id()) {
                *take = true;
            }
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

    /// The bundle's producers, each with a box for "these assessments are ours".
    fn producers_ui(&mut self, ui: &mut Ui, case: &Case) {
        let producers: Vec<_> = self
            .bundle
            .producers
            .iter()
            .filter(|p| p.in_bundle)
            .cloned()
            .collect();
        if producers.is_empty() {
            return;
        }
        ui.add_space(6.0);
        ui.label(
            "Producers: their judgments are their claims unless you tick them as your own desk's.",
        );
        let mut changed = false;
        for producer in &producers {
            let mut ours = producer.ours;
            let text = format!("Ours: {} ({} objects)", producer.name, producer.objects);
            if ui.checkbox(&mut ours, text).changed() {
                changed = true;
                self.bundle
                    .producers
                    .iter_mut()
                    .filter(|p| p.id == producer.id)
                    .for_each(|p| p.ours = ours);
            }
        }
        if changed {
            let ours: Vec<String> = self
                .bundle
                .producers
                .iter()
                .filter(|p| p.ours)
                .map(|p| p.id.clone())
                .collect();
            self.bundle.set_ours(&ours);
            self.plan(case);
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<ReviewOutcome> {
        let mut outcome = None;
        ui.heading(if self.pulled {
            "Import what was pulled from a TAXII collection"
        } else {
            "Import a STIX 2.1 bundle"
        });
        ui.label(self.path.display().to_string());
        ui.add_space(6.0);
        ui.label(format!(
            "{} new objects will be added; {} are already in the case and the same; {} differ from the case; {} objects of types Casebook does not model are kept with the case for the next export.",
            self.new.len(),
            self.same,
            self.conflicts.len(),
            self.stix_objects.len()
        ));
        self.producers_ui(ui, case);
        let unmarked = self.bundle.unmarked.len() + self.bundle.unmarked_kept.len();
        if unmarked > 0 {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{unmarked} objects came with no TLP marking. Mark them"
                ));
                let label_id = ui.label("as").id;
                let before = self.unmarked;
                egui::ComboBox::from_id_salt("import-unmarked")
                    .selected_text(self.unmarked.code())
                    .show_ui(ui, |ui| {
                        for tlp in Tlp::ALL {
                            ui.selectable_value(&mut self.unmarked, *tlp, tlp.code())
                                .on_hover_text(tlp.rules());
                        }
                    })
                    .response
                    .labelled_by(label_id);
                if self.unmarked != before {
                    self.plan(case);
                }
            });
            ui.label(
                RichText::new(format!(
                    "The open case is {}; objects that came marked keep their own marking.",
                    case.tlp.code()
                ))
                .small(),
            );
        }
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
                if !self.readings.is_empty() {
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new("What the producers stated, and what Casebook recorded:")
                            .strong(),
                    );
                    for line in self.readings.iter().take(200) {
                        ui.label(RichText::new(line).small());
                    }
                    if self.readings.len() > 200 {
                        ui.label(format!("… and {} more", self.readings.len() - 200));
                    }
                }
                if !self.problems.is_empty() {
                    ui.add_space(6.0);
                    ui.label(
                        RichText::new(format!(
                            "{} problems: each says whether the object was left out, repaired, or recorded for you to set:",
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

/// Each reading of the bundle as a line, named by the object it became (names found in one
/// pass over the bundle's case).
fn reading_lines(bundle: &ImportedBundle) -> Vec<String> {
    let case = &bundle.case;
    let stix_id = |extra: &crate::model::Extra| {
        extra
            .0
            .get(crate::stix::STIX_ID_KEY)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for a in &case.actors {
        names.extend(stix_id(&a.extra).map(|id| (id, a.name.clone())));
    }
    for s in &case.sources {
        names.extend(stix_id(&s.extra).map(|id| (id, s.title.clone())));
    }
    for j in &case.judgments {
        let name = match &j.claimed_by {
            Some(claimant) => format!(
                "{}'s claim on {}",
                case.display_name(claimant),
                case.display_name(&j.actor)
            ),
            None => format!("the judgment on {}", case.display_name(&j.actor)),
        };
        names.extend(stix_id(&j.extra).map(|id| (id, name)));
    }
    bundle
        .readings
        .iter()
        .map(|r| {
            let name = names.get(&r.id).map_or(r.id.as_str(), String::as_str);
            format!("{name}: {} — recorded as {}", r.stated, r.recorded)
        })
        .collect()
}

/// The note shown before a STIX export: the bundle's label and what it leaves out, and what
/// other platforms will not show.
pub fn export_notice_ui(
    ui: &mut Ui,
    lines: &[String],
    case: &Case,
    label: &mut Option<Tlp>,
    withheld: &mut Option<(Tlp, Vec<crate::model::Withheld>)>,
) -> Option<bool> {
    let mut outcome = None;
    ui.heading("Export a STIX 2.1 bundle");
    ui.set_max_width(620.0);
    let label_id = ui.label(RichText::new("What goes").strong()).id;
    egui::ComboBox::from_id_salt("stix-label")
        .selected_text(match label {
            None => "Every object, each with its own marking".to_owned(),
            Some(tlp) => format!("Only what may be shared at {}", tlp.code()),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(label, None, "Every object, each with its own marking")
                .on_hover_text("For a platform that enforces markings itself (OpenCTI, MISP)");
            for tlp in Tlp::ALL {
                ui.selectable_value(
                    label,
                    Some(*tlp),
                    format!("Only what may be shared at {}", tlp.code()),
                )
                .on_hover_text(tlp.rules());
            }
        })
        .response
        .labelled_by(label_id);
    match *label {
        None => {
            ui.label(
                RichText::new(format!(
                    "Every object keeps its own marking (the strictest in the case is {}); a field or citation stricter than its object carries a granular marking.",
                    case.strictest_level().code()
                ))
                .small(),
            );
        }
        Some(tlp) => {
            super::markings::rules_ui(ui, tlp);
            if withheld.as_ref().is_none_or(|(at, _)| *at != tlp) {
                *withheld = Some((tlp, crate::model::shareable_at(case, tlp).withheld));
            }
            if let Some((at, list)) = withheld {
                super::markings::withheld_ui(ui, "stix-withheld", *at, list);
            }
        }
    }
    ui.add_space(6.0);
    ui.label("Casebook reads all of the bundle back; a platform without the Casebook extension (OpenCTI, MISP, a TAXII feed) will not show:");
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
