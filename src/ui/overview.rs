//! The case overview in the centre of the window: the case's own fields (title, summary, TLP,
//! analysts) as a form, what the case holds, and what deserves the analyst's attention. It is one
//! of the tabs of the centre, beside the map and the timeline.

use super::forms::{errors_for, field_errors, lines_of, long_text_field, scale_field, text_field};
use super::intent::Intent;
use crate::model::validate::check_info;
use crate::model::{Case, CaseInfo, Command, ObjectKind};
use crate::tradecraft::Tlp;
use egui::{RichText, Ui};

/// The overview's working copy of the case fields.
#[derive(Default)]
pub struct Overview {
    draft: Option<(CaseInfo, String)>,
    /// The case fields the draft was made from, to notice changes made elsewhere.
    made_from: Option<CaseInfo>,
    /// How many marking findings the case has, for the case as it was last edited.
    marking_findings: Option<((chrono::DateTime<chrono::Utc>, usize), usize)>,
    /// The case's bottom line as shown, and for which edit (edit count and creation time).
    bottom_line: Option<(BottomLineKey, crate::briefing::BottomLine)>,
    /// The newest edit seen and when, while the bottom line shown is older.
    wanted: Option<(BottomLineKey, std::time::Instant)>,
    /// Works out a large case's bottom line off the UI thread.
    runner: Option<crate::ui::job_runner::JobRunner<BottomLineKey, crate::briefing::BottomLine>>,
}

/// Which edit of which case a bottom line is of.
type BottomLineKey = (u64, chrono::DateTime<chrono::Utc>);

/// Up to this many objects the bottom line is worked out at once, on each edit; a larger case's
/// once typing pauses for [`BOTTOM_LINE_PAUSE`], off the UI thread (140 ms at 100,000 objects).
const BOTTOM_LINE_AT_ONCE: usize = 5_000;
const BOTTOM_LINE_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);

impl Overview {
    /// Brings the bottom line up to the case's edit `key`: at once for a small case, else in
    /// a job once edits pause. Returns whether the one shown is older than the case.
    fn update_bottom_line(&mut self, ctx: &egui::Context, case: &Case, key: BottomLineKey) -> bool {
        let runner = self
            .runner
            .get_or_insert_with(|| crate::ui::job_runner::JobRunner::new(ctx));
        for finished in runner.finished() {
            if let crate::ui::job_runner::Outcome::Done(line) = finished.outcome {
                self.bottom_line = Some((finished.kind, line));
            }
        }
        if self.bottom_line.as_ref().is_some_and(|(k, _)| *k == key) {
            self.wanted = None;
            return false;
        }
        if case.object_count() <= BOTTOM_LINE_AT_ONCE {
            self.bottom_line = Some((key, crate::briefing::bottom_line(case, chrono::Utc::now())));
            return false;
        }
        let now = std::time::Instant::now();
        let since = match self.wanted {
            Some((k, at)) if k == key => now - at,
            _ => {
                self.wanted = Some((key, now));
                std::time::Duration::ZERO
            }
        };
        if !runner.running().is_empty() {
            return true;
        }
        if since >= BOTTOM_LINE_PAUSE || self.bottom_line.is_none() {
            let copy = case.clone();
            runner.spawn(key, "Working out the bottom line", false, move |_| {
                Ok(crate::briefing::bottom_line(&copy, chrono::Utc::now()))
            });
        } else {
            ctx.request_repaint_after(BOTTOM_LINE_PAUSE - since);
        }
        true
    }
}

fn analysts_text(info: &CaseInfo) -> String {
    info.analysts.join("\n")
}

impl Overview {
    /// Draws the overview; returns the intent that applies a valid edit or follows a link.
    /// `open_findings`: how many tradecraft findings the case has now.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        edit_count: u64,
        open_findings: usize,
    ) -> Option<Intent> {
        let updating = self.update_bottom_line(ui.ctx(), case, (edit_count, case.created));
        let mut follow = None;
        let info = case.info();
        if self.made_from.as_ref() != Some(&info) {
            self.draft = Some((info.clone(), analysts_text(&info)));
            self.made_from = Some(info.clone());
        }
        let (draft, analysts) = self
            .draft
            .get_or_insert_with(|| (info.clone(), analysts_text(&info)));
        let mut command = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some((_, line)) = &self.bottom_line {
                    follow = bottom_line_ui(ui, line, open_findings);
                }
                if updating {
                    ui.label(RichText::new("Updating the bottom line…").weak().small());
                }
                ui.add_space(12.0);
                ui.heading("Case");
                draft.analysts = lines_of(analysts);
                let problems = check_info(draft);
                let errors_of = |field: &str| errors_for(field, &[], &problems);
                text_field(ui, "Case title", &mut draft.title, &errors_of("title"));
                scale_field(
                    ui,
                    "TLP label",
                    &mut draft.tlp,
                    Tlp::ALL,
                    |t| t.label().to_owned(),
                    Tlp::meaning,
                );
                ui.label(
                    RichText::new("The case's marking: of its title, summary and analysts, and of every object without a marking of its own. New objects start with it.")
                        .weak()
                        .small(),
                );
                // The title may be marked laxer than the case (so a GREEN briefing of an
                // AMBER case keeps it), or any of the three stricter.
                egui::Grid::new("case-field-markings").num_columns(2).show(ui, |ui| {
                    for field in crate::model::marking::CASE_FIELDS {
                        let label = ui.label(format!("Marking of the {field}")).id;
                        let current = draft.tlp_fields.get(*field).copied();
                        let mut chosen = current;
                        egui::ComboBox::from_id_salt(("case-field-marking", *field))
                            .selected_text(match current {
                                None => format!("The case's ({})", draft.tlp.code()),
                                Some(t) => t.code().to_owned(),
                            })
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut chosen, None, "The case's");
                                for t in Tlp::ALL {
                                    ui.selectable_value(&mut chosen, Some(*t), t.code());
                                }
                            })
                            .response
                            .labelled_by(label);
                        if chosen != current {
                            match chosen {
                                Some(t) => draft.tlp_fields.insert((*field).to_owned(), t),
                                None => draft.tlp_fields.remove(*field),
                            };
                        }
                        ui.end_row();
                    }
                });
                let key = (case.modified, case.object_count());
                if self.marking_findings.is_none_or(|(k, _)| k != key) {
                    self.marking_findings =
                        Some((key, crate::model::marking::marking_findings(case).len()));
                }
                let stricter = self.marking_findings.map_or(0, |(_, n)| n);
                if stricter > 0 {
                    ui.label(
                        RichText::new(format!(
                            "{stricter} marking findings: objects or evidence marked stricter than the case or their judgment (see `casebook check`, and the TLP chips in the lists)."
                        ))
                        .small()
                        .color(ui.visuals().warn_fg_color),
                    );
                }
                long_text_field(ui, "Summary", &mut draft.summary, &errors_of("summary"));
                long_text_field(
                    ui,
                    "Analysts (one per line)",
                    analysts,
                    &errors_of("analysts"),
                );
                draft.analysts = lines_of(analysts);
                let problems = check_info(draft);
                if problems.is_empty() {
                    if *draft != info {
                        command = Some(Command::SetInfo(draft.clone()));
                    }
                } else {
                    field_errors(
                        ui,
                        &["Changes shown in red are not taken until they are fixed.".to_owned()],
                    );
                }
                ui.add_space(4.0);
                ui.label(
                    RichText::new(format!(
                        "Created {} · last edited {}",
                        case.created.format("%Y-%m-%d %H:%M UTC"),
                        case.modified.format("%Y-%m-%d %H:%M UTC")
                    ))
                    .weak()
                    .small(),
                );

                ui.add_space(12.0);
                ui.heading("Contents");
                egui::Grid::new("case-counts")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for kind in ObjectKind::ALL {
                            ui.label(kind.collection());
                            ui.label(case.count(*kind).to_string());
                            ui.end_row();
                        }
                    });

                ui.add_space(12.0);
                ui.label(
                    RichText::new(
                        "Problems with the case's sourcing and wording are listed in the tradecraft checks panel: press F8, or click the checks count in the status bar.",
                    )
                    .weak(),
                );
            });
        if command.is_some() {
            // The draft becomes the case's state once applied; do not reload it over the typing.
            self.made_from = self.draft.as_ref().map(|(d, _)| d.clone());
        }
        follow.or(command.map(Intent::apply))
    }
}

/// What the case concludes: its key judgments and the claims it records, each in its ICD 203
/// terms and confidence and a link to the judgment; what changed since the last briefing; and
/// how many tradecraft findings are open.
fn bottom_line_ui(
    ui: &mut Ui,
    line: &crate::briefing::BottomLine,
    open_findings: usize,
) -> Option<Intent> {
    let mut follow = None;
    ui.heading("Bottom line");
    if line.key_judgments.is_empty() && line.claims.is_empty() {
        ui.label(RichText::new("No judgments yet: the case concludes nothing so far.").weak());
    }
    for judgment in line.key_judgments.iter().chain(&line.claims) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{}.", judgment.number)).strong());
            let text = crate::ui::script::widget_text(
                ui,
                &format!("{} {}", judgment.statement, judgment.confidence),
                crate::ui::script::Base::FirstStrong,
            );
            if ui
                .link(text)
                .on_hover_text("Show this judgment and what backs it")
                .clicked()
            {
                follow = Some(Intent::Select(Some(crate::model::Id::new(&judgment.id))));
            }
            if !judgment.status.is_empty() {
                ui.label(
                    RichText::new(&judgment.status)
                        .color(ui.visuals().warn_fg_color)
                        .small(),
                );
            }
        });
    }
    if let Some(changes) = &line.changes {
        ui.add_space(6.0);
        ui.label(RichText::new(format!("Since the last briefing ({})", changes.since)).strong());
        if changes.lines.is_empty() {
            ui.label(RichText::new("Nothing in its judgments has changed.").weak());
        }
        for change in &changes.lines {
            crate::ui::script::label(
                ui,
                &format!("· {change}"),
                crate::ui::script::Base::FirstStrong,
            );
        }
    }
    ui.add_space(6.0);
    ui.label(match open_findings {
        0 => "No tradecraft findings are open.".to_owned(),
        n => format!(
            "{} open: see the tradecraft checks (F8).",
            crate::text::counted(n, "tradecraft finding", "tradecraft findings")
        ),
    });
    follow
}
