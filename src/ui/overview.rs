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
}

fn analysts_text(info: &CaseInfo) -> String {
    info.analysts.join("\n")
}

impl Overview {
    /// Draws the overview; returns the intent that applies a valid edit.
    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<Intent> {
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
        command.map(Intent::apply)
    }
}
