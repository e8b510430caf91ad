//! The case overview in the centre of the window: the case's own fields (title, summary, TLP,
//! analysts) as a form, what the case holds, and what deserves the analyst's attention. The map
//! and the timeline will take their places beside it as tabs of this area.

use super::forms::{errors_for, field_errors, lines_of, long_text_field, scale_field, text_field};
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
}

fn analysts_text(info: &CaseInfo) -> String {
    info.analysts.join("\n")
}

impl Overview {
    /// Draws the overview; returns the command that applies a valid edit.
    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<Command> {
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
        command
    }
}
