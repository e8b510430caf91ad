//! The tradecraft checks panel: every finding of [`crate::checks::review`] in the open case,
//! recomputed after each edit, each linked to the object it concerns.

use super::intent::Intent;
use crate::checks::{Finding, review};
use crate::model::{Case, Id};
use egui::{RichText, Ui};

/// The panel's state: whether it is open, and the findings of the case as last reviewed.
#[derive(Default)]
pub struct ChecksPanel {
    pub open: bool,
    findings: Vec<Finding>,
    /// The edit count and creation time of the case last reviewed.
    reviewed: Option<(u64, chrono::DateTime<chrono::Utc>)>,
}

impl ChecksPanel {
    /// Reviews the case again if it changed since the last review.
    pub fn refresh(&mut self, case: &Case, edit_count: u64) {
        let key = (edit_count, case.created);
        if self.reviewed != Some(key) {
            self.findings = review(case);
            self.reviewed = Some(key);
        }
    }

    /// Takes findings already worked out for this case (on the thread that loaded it).
    pub fn adopt(&mut self, findings: Vec<Finding>, case: &Case, edit_count: u64) {
        self.findings = findings;
        self.reviewed = Some((edit_count, case.created));
    }

    /// The findings about one object.
    pub fn findings_for(&self, id: Option<&Id>) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| id.is_some() && f.object.as_ref() == id)
            .collect()
    }

    pub fn count(&self) -> usize {
        self.findings.len()
    }

    /// Draws the list; returns the object the analyst clicked.
    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<Intent> {
        let mut clicked = None;
        ui.horizontal(|ui| {
            ui.heading("Tradecraft checks");
            ui.label(
                RichText::new(match self.findings.len() {
                    0 => {
                        "Nothing to flag: every judgment is cited, sourced and worded by the rules."
                            .to_owned()
                    }
                    1 => "1 problem".to_owned(),
                    n => format!("{n} problems"),
                })
                .weak(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for finding in &self.findings {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(finding.rule.code()).monospace().small());
                        let name = match &finding.object {
                            Some(id) => case.display_name(id),
                            None => "Case details".to_owned(),
                        };
                        let link = ui
                            .link(name)
                            .on_hover_text(format!("Show it ({})", finding.field));
                        if link.clicked() {
                            clicked = Some(match &finding.object {
                                Some(id) => Intent::select(id),
                                None => Intent::ShowCaseDetails,
                            });
                        }
                        ui.label(&finding.message);
                    });
                }
            });
        clicked
    }
}
