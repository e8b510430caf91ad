//! The tradecraft checks panel: every finding of [`crate::checks::review`] in the open case,
//! recomputed after each edit, each linked to the object it concerns. A small case is checked at
//! once; a large one (where the checks take milliseconds to a tenth of a second) on a worker
//! thread, once the analyst pauses, the panel showing the last findings meanwhile. A finding can be
//! dismissed with a reason (kept in the case, shown in the briefing's methodology annex);
//! dismissed findings are listed apart, each with its reason, and can be restored.

use super::document::Document;
use super::forms::long_text_field;
use super::intent::Intent;
use super::job_runner::{JobRunner, Outcome};
use crate::checks::{Finding, Sorted, review, sort_findings};
use crate::model::{Case, Command, Dismissal, Id};
use egui::{RichText, Ui};
use std::time::{Duration, Instant};

/// Cases up to this many objects are checked at once, on the UI thread: well under a
/// millisecond at this size. Larger ones are checked on a worker.
const CHECK_AT_ONCE_UP_TO: usize = 20_000;

/// How long the analyst must pause before a large case is checked again: while typing, no
/// worker holds the case (an edit while one does copies it).
const PAUSE_BEFORE_CHECKING: Duration = Duration::from_millis(300);

/// Which version of a case was reviewed: its edit count and creation time.
type ReviewKey = (u64, chrono::DateTime<chrono::Utc>);

/// The panel's state: whether it is open, and the findings of the case as last reviewed.
#[derive(Default)]
pub struct ChecksPanel {
    pub open: bool,
    sorted: Sorted,
    /// The version of the case last reviewed.
    reviewed: Option<ReviewKey>,
    /// The worker that checks a large case (made with the first one), and when the version
    /// not yet reviewed was first seen.
    worker: Option<JobRunner<(), (ReviewKey, Vec<Finding>)>>,
    changed_at: Option<(ReviewKey, Instant)>,
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
    /// Reviews the case again if it changed since the last review: at once for a small case,
    /// else on the worker once the analyst has paused (the findings shown until then are the
    /// last ones).
    pub fn refresh(&mut self, ctx: &egui::Context, doc: &Document) {
        let case = doc.case();
        let key = (doc.edit_count(), case.created);
        if let Some(worker) = &mut self.worker {
            for done in worker.finished() {
                if let Outcome::Done((reviewed, findings)) = done.outcome {
                    self.sorted = sort_findings(findings, &case.dismissals);
                    self.reviewed = Some(reviewed);
                }
            }
        }
        if self.reviewed == Some(key) {
            self.changed_at = None;
            return;
        }
        if case.object_count() <= CHECK_AT_ONCE_UP_TO {
            self.sorted = sort_findings(review(case), &case.dismissals);
            self.reviewed = Some(key);
            return;
        }
        let since = match self.changed_at {
            Some((seen, at)) if seen == key => at,
            _ => {
                let now = Instant::now();
                self.changed_at = Some((key, now));
                now
            }
        };
        let waited = since.elapsed();
        if waited < PAUSE_BEFORE_CHECKING {
            ctx.request_repaint_after(PAUSE_BEFORE_CHECKING - waited);
            return;
        }
        let worker = self.worker.get_or_insert_with(|| JobRunner::new(ctx));
        if worker.is_running(()) {
            // One review at a time: the next starts when this one is in.
            return;
        }
        let shared = doc.shared_case();
        worker.spawn((), "Checking the case", false, move |_| {
            Ok((key, review(&shared)))
        });
    }

    /// Whether a review of the case is under way on the worker.
    pub fn is_checking(&self) -> bool {
        self.worker.as_ref().is_some_and(|w| w.is_running(()))
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
            if self.is_checking() {
                ui.spinner();
                ui.label(RichText::new("Checking the case…").weak());
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseObject, Source, SourceKind};
    use crate::synthetic::{SyntheticSpec, synthetic_case};

    /// Refreshes until the panel shows `count` findings with no review under way, or 20 s.
    fn refresh_until(panel: &mut ChecksPanel, ctx: &egui::Context, doc: &Document, count: usize) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            panel.refresh(ctx, doc);
            if !panel.is_checking() && panel.count() == count {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the panel shows {} findings, not {count}", panel.count());
    }

    #[test]
    fn a_large_case_is_checked_on_the_worker_once_the_analyst_pauses() {
        let ctx = egui::Context::default();
        let case = synthetic_case(SyntheticSpec {
            actors: 4_000,
            seed: 3,
            placed: false,
        });
        assert!(case.object_count() > CHECK_AT_ONCE_UP_TO);
        let expected = review(&case).len();
        let mut doc = Document::untitled(case, "large");
        let mut panel = ChecksPanel::default();
        panel.refresh(&ctx, &doc);
        assert_eq!(panel.count(), 0, "not checked on the UI thread");
        assert!(!panel.is_checking(), "not before the pause");
        refresh_until(&mut panel, &ctx, &doc, expected);

        // A new source nobody has graded or cited: two findings more, once checked again; until
        // then the last findings stay.
        doc.apply(Command::Put(CaseObject::Source(Source {
            id: Id::new("source--new"),
            title: "A new source".into(),
            publisher: String::new(),
            author: String::new(),
            kind: SourceKind::NewsReport,
            url: String::new(),
            published: None,
            accessed: None,
            reliability: None,
            language: String::new(),
            notes: String::new(),
            derived_from: Vec::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Default::default(),
        })))
        .unwrap();
        panel.refresh(&ctx, &doc);
        assert_eq!(panel.count(), expected);
        assert!(!panel.is_checking());
        refresh_until(&mut panel, &ctx, &doc, expected + 2);
    }
}
