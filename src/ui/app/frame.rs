//! The window's frame: the menu bar, the panels around the centre, the status bar, the welcome
//! screen, dropped files, the close request and the title — everything drawn each frame, with
//! the views' intents handled once they have drawn.

use super::*;

impl CasebookApp {
    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if let Some(job) = self
                .jobs
                .running()
                .iter()
                .find(|j| j.kind != JobKind::Presence)
            {
                if job.kind == JobKind::Open {
                    let stage = job.stage();
                    if stage.is_empty() {
                        ui.label(&job.what);
                    } else {
                        ui.label(format!("{}: {stage}", job.what));
                    }
                    ui.add(
                        egui::ProgressBar::new(job.fraction())
                            .desired_width(200.0)
                            .show_percentage(),
                    );
                    // The progress bar asks for its own redraws; the job wakes the UI once done.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                } else {
                    ui.spinner();
                    ui.label(&job.what);
                }
                if job.cancellable {
                    let id = job.id;
                    if ui
                        .add_enabled(!job.cancel_asked(), egui::Button::new("Cancel"))
                        .on_hover_text("Stop it; nothing is written")
                        .clicked()
                    {
                        self.jobs.cancel(id);
                    }
                }
            } else if let Some(status) = &self.status {
                // Status lines name case objects, in any script.
                if status.is_error {
                    ui.visuals_mut().override_text_color = Some(ui.visuals().error_fg_color);
                }
                script::label(ui, &status.text, script::Base::LeftToRight);
                ui.visuals_mut().override_text_color = None;
            }
            if let Some(doc) = &self.doc {
                let checks = self.checks.count();
                let open = &mut self.checks.open;
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let text = match checks {
                        0 => "Checks: none".to_owned(),
                        1 => "1 tradecraft check".to_owned(),
                        n => format!("{n} tradecraft checks"),
                    };
                    if ui
                        .selectable_label(*open, text)
                        .on_hover_text("Show or hide the tradecraft checks (F8)")
                        .clicked()
                    {
                        *open = !*open;
                    }
                    let tlp = doc.case().tlp;
                    ui.label(RichText::new(tlp.label()).strong())
                        .on_hover_text(tlp.meaning());
                    ui.label(if doc.is_modified() {
                        "Modified"
                    } else if doc.path().is_none() {
                        "Not saved yet"
                    } else {
                        "Saved"
                    });
                });
            }
        });
    }

    pub(super) fn welcome_ui(&mut self, ui: &mut Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("No case is open");
            ui.add_space(12.0);
            if ui.button("New case").clicked() {
                self.request(Action::New);
            }
            if ui.button("Open a case…").clicked() {
                self.request(Action::Open(None));
            }
            if ui.button("Open the example case").clicked() {
                self.request(Action::OpenExample);
            }
            if !self.recent.paths.is_empty() {
                ui.add_space(16.0);
                ui.label(RichText::new("Recent cases").strong());
                for path in self.recent.paths.clone() {
                    if ui.link(path.display().to_string()).clicked() {
                        self.request(Action::Open(Some(path)));
                    }
                }
            }
            ui.add_space(16.0);
            ui.label(RichText::new("You can also drop a case file on this window.").weak());
        });
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.request(Action::Open(Some(path)));
        }
    }

    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quitting
            && self.doc.as_ref().is_some_and(Document::is_modified)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(Action::Quit));
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.doc {
            Some(doc) => doc.window_title(),
            None => "Casebook".to_owned(),
        };
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Draws the whole app into `ui`: the same for the window and for UI tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            // Before any text of the first pass is laid out, so it applies at once.
            ctx.set_fonts(super::script::font_definitions());
            self.fonts_installed = true;
        }
        for event in self.jobs.finished() {
            self.handle_job(event);
        }
        self.autosave_if_due();
        if let Some(failure) = self.autosaver.take_failure() {
            self.set_status(failure, true);
        }
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu-bar").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar(ui));

        if self.doc.is_none() {
            egui::CentralPanel::default_margins().show(ui, |ui| self.welcome_ui(ui));
        } else {
            let mut intents = Vec::new();
            let shared = self.reader_shareable();
            self.map.set_reader(self.focus.reader);
            self.timeline.set_reader(self.focus.reader);
            self.map.set_window(self.focus.time_window());
            self.timeline.show_window(self.focus.time_window());
            if let Some(doc) = &self.doc {
                let selection = self.focus.selection.as_ref();
                // The lists, timeline and sources show what the chosen reader may see.
                let view_case = shared.as_ref().map_or(doc.case(), |s| &s.case);
                if !doc.case().conflicts.is_empty() {
                    egui::Panel::top("merge-conflicts").show(ui, |ui| {
                        intents.extend(crate::ui::conflicts::conflicts_ui(ui, doc.case()));
                    });
                }
                self.checks.refresh(&ctx, doc);
                if self.checks.open {
                    egui::Panel::bottom("tradecraft-checks")
                        .resizable(true)
                        .default_size(180.0)
                        .min_size(80.0)
                        .show(ui, |ui| intents.extend(self.checks.ui(ui, doc.case())));
                }
                egui::Panel::left("case-lists")
                    .resizable(true)
                    .default_size(320.0)
                    .min_size(220.0)
                    .show(ui, |ui| {
                        intents.extend(lists_ui(
                            ui,
                            &mut self.lists,
                            view_case,
                            selection,
                            &self.map.selected,
                            self.focus.time_window(),
                        ));
                    });
                egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(380.0)
                    .min_size(280.0)
                    .show(ui, |ui| {
                        let findings = self.checks.findings_for(selection);
                        intents.extend(self.inspector.ui(
                            ui,
                            doc.case(),
                            selection,
                            &self.map.selected,
                            &findings,
                        ));
                    });
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    // Wraps on a narrow window rather than cutting off the reader choice.
                    ui.horizontal_wrapped(|ui| {
                        for view in CentralView::ALL {
                            ui.selectable_value(&mut self.central, view, view.tab_label());
                        }
                        ui.separator();
                        reader_choice_ui(ui, &mut self.focus.reader, shared.as_deref());
                    });
                    ui.separator();
                    match self.central {
                        CentralView::Map => {
                            intents.extend(self.map.ui(
                                ui,
                                doc.case(),
                                doc.edit_count(),
                                selection,
                            ));
                        }
                        CentralView::Timeline => {
                            intents.extend(self.timeline.ui(
                                ui,
                                view_case,
                                doc.edit_count(),
                                selection,
                            ));
                        }
                        CentralView::Sources => {
                            intents.extend(self.sources.ui(ui, view_case, selection));
                        }
                        CentralView::Ach => intents.extend(self.ach.ui(ui, doc.case())),
                        CentralView::KnownGroups => {
                            let library = self.library.get();
                            intents.extend(self.known_groups.ui(
                                ui,
                                doc.case(),
                                doc.edit_count(),
                                library,
                                self.library.notice.as_deref(),
                            ));
                        }
                        CentralView::Overview => {
                            intents.extend(self.overview.ui(
                                ui,
                                doc.case(),
                                doc.edit_count(),
                                self.checks.count(),
                            ));
                        }
                    }
                });
            }
            for intent in intents {
                self.handle(intent);
            }
        }
        self.modal_ui(&ctx);
        self.update_title(&ctx);
        if let Some(launched) = self.launched.take() {
            eprintln!(
                "casebook: first frame built {:.0} ms after launch",
                launched.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

/// The choice of whose eyes the case is shown through: the analyst's (everything) or a reader
/// at one TLP label, with what that reader does not see.
fn reader_choice_ui(
    ui: &mut egui::Ui,
    reader: &mut Option<Tlp>,
    shared: Option<&crate::model::Shareable>,
) {
    let label = ui.label("View as").id;
    egui::ComboBox::from_id_salt("view-as-reader")
        .selected_text(match reader {
            None => "Analyst (everything)".to_owned(),
            Some(tlp) => format!("{} reader", tlp.code()),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(reader, None, "Analyst (everything)");
            for tlp in Tlp::ALL {
                ui.selectable_value(reader, Some(*tlp), format!("{} reader", tlp.code()))
                    .on_hover_text(format!(
                        "Hide what is marked stricter than {}, and what would reveal it",
                        tlp.code()
                    ));
            }
        })
        .response
        .labelled_by(label);
    if let Some(shared) = shared {
        ui.label(
            egui::RichText::new(format!("{} hidden", shared.objects_left_out()))
                .color(ui.visuals().warn_fg_color),
        )
        .on_hover_text("The map, lists, timeline and sources show what a reader at this label may see; editing forms still show the whole object.");
    }
}
