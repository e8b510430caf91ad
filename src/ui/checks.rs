//! The tradecraft checks panel: every finding of [`crate::checks::review`] in the open case,
//! recomputed after each edit, each linked to the object it concerns. A finding can be
//! dismissed with a reason (kept in the case, shown in the briefing's methodology annex);
//! dismissed findings are listed apart, each with its reason, and can be restored.

use super::forms::long_text_field;
use super::intent::Intent;
use crate::checks::{Finding, Sorted, review, sort_findings};
use crate::model::{Case, Command, Dismissal, Id};
use egui::{RichText, Ui};

/// The panel's state: whether it is open, and the findings of the case as last reviewed.
#[derive(Default)]
pub struct ChecksPanel {
    pub open: bool,
    sorted: Sorted,
    /// The edit count and creation time of the case last reviewed.
    reviewed: Option<(u64, chrono::DateTime<chrono::Utc>)>,
    /// The finding being dismissed and the reason typed so far.
    dismissing: Option<(Finding, String)>,
    /// Whether the reason's form has just opened (and is to be scrolled into view).
    dismiss_opened: bool,
    /// Whether the dismissed findings are shown, and whether they were just asked for (to be
    /// scrolled into view).
    show_dismissed: bool,
    dismissed_opened: bool,
}

impl ChecksPanel {
    /// Reviews the case again if it changed since the last review.
    pub fn refresh(&mut self, case: &Case, edit_count: u64) {
        let key = (edit_count, case.created);
        if self.reviewed != Some(key) {
            self.sorted = sort_findings(review(case), &case.dismissals);
            self.reviewed = Some(key);
        }
    }

    /// Takes findings already worked out for this case (on the thread that loaded it).
    pub fn adopt(&mut self, findings: Vec<Finding>, case: &Case, edit_count: u64) {
        self.sorted = sort_findings(findings, &case.dismissals);
        self.reviewed = Some((edit_count, case.created));
    }

    /// The findings about one object that nobody dismissed.
    pub fn findings_for(&self, id: Option<&Id>) -> Vec<&Finding> {
        self.sorted
            .open
            .iter()
            .filter(|f| id.is_some() && f.object.as_ref() == id)
            .collect()
    }

    /// How many findings nobody dismissed.
    pub fn count(&self) -> usize {
        self.sorted.open.len()
    }

    /// Draws the list; returns what the analyst asked for (show an object, dismiss or restore
    /// a finding).
    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<Intent> {
        let mut intent = None;
        ui.horizontal(|ui| {
            ui.heading("Tradecraft checks");
            ui.label(
                RichText::new(match self.sorted.open.len() {
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
                let dismissed = self.sorted.dismissed.len() + self.sorted.stale.len();
                if dismissed > 0 {
                    let label = if self.show_dismissed {
                        "Hide dismissed".to_owned()
                    } else {
                        format!("Show dismissed ({dismissed})")
                    };
                    if ui.button(label).clicked() {
                        self.show_dismissed = !self.show_dismissed;
                        self.dismissed_opened = self.show_dismissed;
                    }
                }
            });
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for finding in &self.sorted.open {
                    ui.horizontal_wrapped(|ui| {
                        finding_row(ui, case, finding, &mut intent);
                        let dismissing_this = self
                            .dismissing
                            .as_ref()
                            .is_some_and(|(f, _)| f == finding);
                        if !dismissing_this
                            && ui
                                .small_button("Dismiss…")
                                .on_hover_text(
                                    "Waive this finding, saying why: the reason is kept in the case and shown in the briefing's methodology annex",
                                )
                                .clicked()
                        {
                            self.dismissing = Some((finding.clone(), String::new()));
                            self.dismiss_opened = true;
                        }
                    });
                    if let Some((f, reason)) = self.dismissing.as_mut().filter(|(f, _)| f == finding)
                    {
                        let mut done = None;
                        let opened = std::mem::take(&mut self.dismiss_opened);
                        ui.indent(("dismissing", f.message.as_str()), |ui| {
                            let field =
                                long_text_field(ui, "Why this finding does not apply", reason, &[]);
                            if opened {
                                field.request_focus();
                            }
                            ui.horizontal(|ui| {
                                let ready = !reason.trim().is_empty();
                                let dismiss = ui
                                    .add_enabled(ready, egui::Button::new("Dismiss the finding"))
                                    .on_disabled_hover_text("Say why first: an editor will read it");
                                if dismiss.clicked() {
                                    done = Some(true);
                                }
                                if ui.button("Cancel").clicked() {
                                    done = Some(false);
                                }
                                if opened {
                                    // The panel is short: show the whole form.
                                    dismiss.scroll_to_me(Some(egui::Align::Max));
                                }
                            });
                        });
                        match done {
                            Some(true) => {
                                let by = case.analysts.first().map_or("", String::as_str);
                                let dismissal = f.dismissed(reason, by, chrono::Utc::now());
                                let mut all = case.dismissals.clone();
                                all.push(dismissal);
                                intent = Some(Intent::Apply(Box::new(Command::SetDismissals(all))));
                                self.dismissing = None;
                            }
                            Some(false) => self.dismissing = None,
                            None => {}
                        }
                    }
                }
                if self.show_dismissed {
                    ui.separator();
                    let heading = ui.label(RichText::new("Dismissed").strong());
                    if std::mem::take(&mut self.dismissed_opened) {
                        heading.scroll_to_me(Some(egui::Align::Min));
                    }
                    for (finding, dismissal) in &self.sorted.dismissed {
                        ui.horizontal_wrapped(|ui| {
                            finding_row(ui, case, finding, &mut intent);
                            restore_button(ui, case, dismissal, &mut intent);
                        });
                        ui.indent(("dismissed", finding.message.as_str()), |ui| {
                            ui.label(RichText::new(why(dismissal)).italics());
                        });
                    }
                    for dismissal in &self.sorted.stale {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(&dismissal.rule).monospace().small());
                            ui.label(
                                RichText::new(format!(
                                    "No longer raised as dismissed: \"{}\"",
                                    dismissal.finding
                                ))
                                .weak(),
                            );
                            restore_button(ui, case, dismissal, &mut intent);
                        });
                        ui.indent(("stale", dismissal.finding.as_str()), |ui| {
                            ui.label(RichText::new(why(dismissal)).italics());
                        });
                    }
                }
            });
        intent
    }
}

/// A finding's rule, the object it is about (a link to it) and its message.
fn finding_row(ui: &mut Ui, case: &Case, finding: &Finding, intent: &mut Option<Intent>) {
    ui.label(RichText::new(finding.rule.code()).monospace().small());
    let name = match &finding.object {
        Some(id) => case.display_name(id),
        None => "Case details".to_owned(),
    };
    let link = ui
        .link(name)
        .on_hover_text(format!("Show it ({})", finding.field));
    if link.clicked() {
        *intent = Some(match &finding.object {
            Some(id) => Intent::select(id),
            None => Intent::ShowCaseDetails,
        });
    }
    ui.label(&finding.message);
}

/// Takes a dismissal back: the finding is raised again (or, for one that waives nothing now,
/// the record goes).
fn restore_button(ui: &mut Ui, case: &Case, dismissal: &Dismissal, intent: &mut Option<Intent>) {
    if ui
        .small_button("Restore")
        .on_hover_text("Take the dismissal back")
        .clicked()
    {
        let all: Vec<Dismissal> = case
            .dismissals
            .iter()
            .filter(|d| *d != dismissal)
            .cloned()
            .collect();
        *intent = Some(Intent::Apply(Box::new(Command::SetDismissals(all))));
    }
}

/// "Dismissed by Name on 2 December 2026: reason".
fn why(dismissal: &Dismissal) -> String {
    let by = if dismissal.by.is_empty() {
        String::new()
    } else {
        format!(" by {}", dismissal.by)
    };
    format!(
        "Dismissed{by} on {}: {}",
        dismissal.at.format("%-d %B %Y"),
        dismissal.reason
    )
}
