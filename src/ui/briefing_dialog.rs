//! The briefing export dialog: format, title, TLP, sections, judgments and where to write it;
//! then the export runs as a job with a progress bar and a Cancel button, and the folder opens
//! when it is done. The dialog reports the written files and, if asked, the record of the briefing that the
//! app applies to the case as an ordinary (undoable) command.

use super::job_runner::{Cancelled, JobRunner, Outcome};
use crate::briefing::{
    BriefingFormat, BriefingOptions, ExportError, Section, Written, export_unless, record_of,
};
use crate::model::{BriefingRecord, Case, Id};
use crate::tradecraft::Tlp;
use egui::{RichText, Ui};
use std::path::PathBuf;

/// An export under way, and the record it will leave in the case.
struct Running {
    job: JobRunner<(), Result<Written, ExportError>>,
    record: Option<BriefingRecord>,
}

/// What the dialog asks of the app.
pub enum BriefingOutcome {
    /// The user wants to pick the output file with the system's file dialog.
    ChooseFile(String),
    /// The export finished: show it, record it in the case (if given), open the folder.
    Done {
        written: Written,
        record: Option<BriefingRecord>,
        open_folder: bool,
    },
    Failed(String),
    Close,
}

impl std::fmt::Debug for BriefingDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BriefingDialog")
            .field("format", &self.format)
            .field("path", &self.path)
            .field("running", &self.running.is_some())
            .finish_non_exhaustive()
    }
}

pub struct BriefingDialog {
    format: BriefingFormat,
    title: String,
    tlp: Tlp,
    sections: std::collections::BTreeSet<Section>,
    /// Each judgment with its label and whether it goes in.
    judgments: Vec<(Id, String, bool)>,
    record: bool,
    open_folder: bool,
    pub path: String,
    running: Option<Running>,
    error: Option<String>,
    /// The reference library the overlap section ranks from (`None` while it loads).
    library: Option<std::sync::Arc<crate::attack::Library>>,
    /// What the briefing leaves out at the chosen label (worked out when the label changes).
    withheld: Option<(
        Tlp,
        Vec<crate::model::Withheld>,
        std::collections::HashSet<Id>,
    )>,
}

impl BriefingDialog {
    /// A dialog with everything chosen, writing next to the case file (or in the current
    /// folder for a case never saved).
    pub fn new(
        case: &Case,
        case_path: Option<&std::path::Path>,
        stem: &str,
        library: Option<std::sync::Arc<crate::attack::Library>>,
    ) -> Self {
        let folder = case_path
            .and_then(|p| p.parent().map(ToOwned::to_owned))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        // The same defaults as a briefing from the command line.
        let defaults = BriefingOptions::for_case(case, chrono::Utc::now());
        let mut dialog = BriefingDialog {
            format: BriefingFormat::Pdf,
            judgments: case
                .judgments
                .iter()
                .map(|j| {
                    (
                        j.id.clone(),
                        case.display_name(&j.id),
                        defaults.judgments.contains(&j.id),
                    )
                })
                .collect(),
            title: defaults.title,
            tlp: defaults.tlp,
            sections: defaults.sections,
            record: true,
            open_folder: true,
            path: String::new(),
            running: None,
            error: None,
            library,
            withheld: None,
        };
        dialog.path = folder
            .join(format!("{stem}-briefing.{}", dialog.format.extension()))
            .display()
            .to_string();
        dialog
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Sets the output path from the file dialog.
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = path.display().to_string();
    }

    fn options(&self) -> BriefingOptions {
        BriefingOptions {
            title: self.title.clone(),
            tlp: self.tlp,
            sections: self.sections.clone(),
            judgments: self
                .judgments
                .iter()
                .filter(|(_, _, on)| *on)
                .map(|(id, _, _)| id.clone())
                .collect(),
            at: crate::briefing::briefing_time(),
            library: self.library.clone(),
        }
    }

    /// Changes the format, and the output's extension with it.
    fn set_format(&mut self, format: BriefingFormat) {
        let path = PathBuf::from(&self.path);
        if path.extension().is_some() {
            self.path = path
                .with_extension(format.extension())
                .display()
                .to_string();
        }
        self.format = format;
    }

    fn start(&mut self, case: &Case, ctx: &egui::Context) {
        let options = self.options();
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            self.error = Some("Say where to write the briefing.".into());
            return;
        }
        if self.title.trim().is_empty() {
            self.error = Some("The briefing needs a title.".into());
            return;
        }
        self.error = None;
        let record = self.record.then(|| record_of(case, &options, self.format));
        let case = case.clone();
        let format = self.format;
        let mut job = JobRunner::new(ctx);
        let what = format!("Writing {}", path.display());
        job.spawn((), what, true, move |work| {
            let result = export_unless(
                &case,
                &options,
                format,
                &path,
                &mut |fraction, stage| work.report_stage(fraction, stage),
                &|| work.cancelled(),
            );
            match result {
                Err(ExportError::Cancelled) => Err(Cancelled),
                other => Ok(other),
            }
        });
        self.running = Some(Running { job, record });
    }

    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Option<BriefingOutcome> {
        ui.heading("Export a briefing");
        if let Some(running) = &mut self.running {
            ui.label(format!("Writing {}", self.path));
            if let Some(job) = running.job.running().first() {
                ui.add(
                    egui::ProgressBar::new(job.fraction())
                        .text(job.stage())
                        .desired_width(420.0),
                );
                let cancel = ui
                    .add_enabled(!job.cancel_asked(), egui::Button::new("Cancel export"))
                    .on_hover_text("Stop the export; no file is written");
                let id = job.id;
                if cancel.clicked() {
                    running.job.cancel(id);
                }
                // The bar asks for its own redraws; the job wakes the UI once it is done.
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
            if let Some(finished) = running.job.finished().pop() {
                let record = running.record.clone();
                self.running = None;
                return match finished.outcome {
                    Outcome::Done(Ok(written)) => Some(BriefingOutcome::Done {
                        written,
                        record,
                        open_folder: self.open_folder,
                    }),
                    Outcome::Done(Err(error)) => Some(BriefingOutcome::Failed(error.to_string())),
                    Outcome::Cancelled => {
                        self.error = Some("The export was cancelled; no file was written.".into());
                        None
                    }
                    Outcome::Failed(message) => Some(BriefingOutcome::Failed(format!(
                        "the export stopped unexpectedly: {message}"
                    ))),
                };
            }
            return None;
        }

        let mut outcome = None;
        ui.set_max_width(560.0);
        ui.label(RichText::new("Format").strong());
        ui.horizontal_wrapped(|ui| {
            for format in BriefingFormat::ALL {
                if ui.radio(self.format == format, format.label()).clicked() {
                    self.set_format(format);
                }
            }
        });
        crate::ui::forms::text_field(ui, "Briefing title", &mut self.title, &[]);
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            crate::ui::markings::tlp_choice_ui(ui, "briefing-tlp", "TLP label", &mut self.tlp);
        });
        crate::ui::markings::rules_ui(ui, self.tlp);
        if self
            .withheld
            .as_ref()
            .is_none_or(|(tlp, _, _)| *tlp != self.tlp)
        {
            let shareable = crate::model::shareable_at(case, self.tlp);
            self.withheld = Some((self.tlp, shareable.withheld, shareable.withheld_ids));
        }
        if let Some((tlp, withheld, _)) = &self.withheld {
            crate::ui::markings::withheld_ui(ui, "briefing-withheld", *tlp, withheld);
        }
        ui.add_space(4.0);
        ui.label(RichText::new("Sections").strong());
        ui.label("The bottom line up front, with the key judgments, is always there.");
        egui::Grid::new("briefing-sections")
            .num_columns(2)
            .show(ui, |ui| {
                for (i, section) in Section::ALL.into_iter().enumerate() {
                    let mut on = self.sections.contains(&section);
                    if ui.checkbox(&mut on, section.label()).changed() {
                        if on {
                            self.sections.insert(section);
                        } else {
                            self.sections.remove(&section);
                        }
                    }
                    if i % 2 == 1 {
                        ui.end_row();
                    }
                }
            });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("Judgments").strong());
            if ui.small_button("All").clicked() {
                self.judgments.iter_mut().for_each(|j| j.2 = true);
            }
            if ui.small_button("None").clicked() {
                self.judgments.iter_mut().for_each(|j| j.2 = false);
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("briefing-judgments")
            .max_height(150.0)
            .show(ui, |ui| {
                let left_out = self.withheld.as_ref().map(|(_, _, ids)| ids);
                for (id, label, on) in &mut self.judgments {
                    if left_out.is_some_and(|ids| ids.contains(id)) {
                        ui.add_enabled(false, egui::Checkbox::new(on, label.as_str()))
                            .on_disabled_hover_text(format!(
                                "Left out at {}: it, or what it rests on, is marked stricter",
                                self.tlp.code()
                            ));
                    } else {
                        ui.checkbox(on, label.as_str());
                    }
                }
                if self.judgments.is_empty() {
                    ui.label("The case has no judgments yet.");
                }
            });
        ui.add_space(4.0);
        ui.checkbox(
            &mut self.record,
            "Record this briefing in the case, so the next one lists what changed",
        );
        ui.checkbox(&mut self.open_folder, "Open the folder when done");
        ui.add_space(4.0);
        let path_label = ui.label(RichText::new("Save to").strong()).id;
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(400.0))
                .labelled_by(path_label);
            if ui.button("Choose…").clicked() {
                outcome = Some(BriefingOutcome::ChooseFile(
                    PathBuf::from(&self.path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ));
            }
        });
        if let Some(error) = &self.error {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let export_key =
                egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Enter);
            let pressed = ui.input_mut(|i| i.consume_shortcut(&export_key));
            let button =
                egui::Button::new("Export").shortcut_text(ui.ctx().format_shortcut(&export_key));
            if ui.add(button).clicked() || pressed {
                self.start(case, ui.ctx());
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(BriefingOutcome::Close);
            }
        });
        outcome
    }
}

/// Opens a folder in the system's file manager (never through a shell).
pub fn open_folder(folder: &std::path::Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(folder)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
