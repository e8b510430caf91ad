//! The app's modal windows (the open question, the recovery list, the dialogs of exports and
//! imports, conflicts on save): one place that draws whichever is open and acts on the answer.

use super::*;

impl CasebookApp {
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = &mut self.modal else { return };
        let mut close = false;
        let mut then: Option<AfterModal> = None;
        let response = egui::Modal::new(egui::Id::unique("casebook-modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match modal {
                Modal::UnsavedChanges(action) => {
                    let name = self.doc.as_ref().map(Document::file_label).unwrap_or_default();
                    ui.heading("Save changes?");
                    ui.label(format!("“{name}” has changes that are not saved. They will be lost if you don't save them."));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let action = action.clone();
                        if ui.button("Save").clicked() {
                            close = true;
                            then = Some(Box::new(move |app| {
                                app.after_save = Some(action);
                                app.save();
                            }));
                        } else if ui.button("Don't save").clicked() {
                            close = true;
                            then = Some(Box::new(move |app| app.perform(action)));
                        } else if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::TypedPath {
                    purpose,
                    text,
                    note,
                    focused,
                } => {
                    ui.heading(match purpose {
                        Purpose::Open => "Open a case file",
                        Purpose::SaveAs => "Save the case as",
                        Purpose::ExportMap => "Export the map (.svg or .png)",
                        Purpose::ExportTimeline => "Export the timeline (.svg or .png)",
                        Purpose::ExportStix => "Export a STIX 2.1 bundle (.json)",
                        Purpose::ExportMisp => "Export a MISP event (.json), at the case's marking",
                        Purpose::ImportStix => "Import a STIX 2.1 bundle",
                        Purpose::ExportBriefing => "Write the briefing to",
                        Purpose::ExportLayer => "Write an ATT&CK Navigator layer (.json)",
                        Purpose::ImportLayer => "Add a Navigator layer's techniques to the event",
                    });
                    if !note.is_empty() {
                        ui.label(note.as_str());
                    }
                    let label = ui.label(match purpose {
                        Purpose::ExportMap | Purpose::ExportTimeline => "Path of the figure",
                        Purpose::Open | Purpose::SaveAs => "Path of the case file",
                        Purpose::ExportStix | Purpose::ImportStix => "Path of the bundle",
                        Purpose::ExportMisp => "Path of the MISP event",
                        Purpose::ExportBriefing => "Path of the briefing",
                        Purpose::ExportLayer | Purpose::ImportLayer => "Path of the layer",
                    });
                    let edit = ui.add(egui::TextEdit::singleline(text).desired_width(480.0)).labelled_by(label.id);
                    // The keyboard goes to the path as the dialog opens, so what is typed
                    // lands there (Ctrl+A and typing replaces the suggested path).
                    if !*focused || (!edit.has_focus() && text.is_empty()) {
                        edit.request_focus();
                        *focused = true;
                    }
                    let submit = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.horizontal(|ui| {
                        let ok_label = match purpose {
                            Purpose::Open => "Open",
                            Purpose::SaveAs => "Save",
                            Purpose::ExportMap
                            | Purpose::ExportTimeline
                            | Purpose::ExportStix
                            | Purpose::ExportMisp => "Export",
                            Purpose::ImportStix => "Read the bundle",
                            Purpose::ExportBriefing => "Use this path",
                            Purpose::ExportLayer => "Write the layer",
                            Purpose::ImportLayer => "Add its techniques",
                        };
                        if (ui.button(ok_label).clicked() || submit) && !text.trim().is_empty() {
                            close = true;
                            let path = PathBuf::from(text.trim());
                            let purpose = *purpose;
                            then = Some(Box::new(move |app| match purpose {
                                Purpose::Open => app.request(Action::Open(Some(path))),
                                Purpose::SaveAs => app.save_to(path),
                                Purpose::ExportMap => app.export_map_to(path),
                                Purpose::ExportTimeline => app.export_timeline_to(path),
                                Purpose::ExportStix => app.export_stix_to(path),
                                Purpose::ExportMisp => app.export_misp_to(path),
                                Purpose::ImportStix => app.jobs.import_stix(path),
                                Purpose::ExportBriefing => app.open_briefing_dialog_at(path),
                                Purpose::ExportLayer => app.export_layer_to(path),
                                Purpose::ImportLayer => app.import_layer_from(path),
                            }));
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                            then = Some(Box::new(|app| app.after_save = None));
                        }
                    });
                }
                Modal::ConfirmDelete { roots, deleted } => {
                    let case = self.doc.as_ref().map(Document::case);
                    let name = |id: &Id| case.map(|c| c.display_name(id)).unwrap_or_default();
                    let chosen = roots.len();
                    let them = if chosen == 1 { "it" } else { "them" };
                    if chosen == 1 {
                        let only = name(&deleted[0]);
                        if script::has_right_to_left(&only) {
                            // A heading cannot shape Arabic script; the name goes under it.
                            ui.heading("Delete this object?");
                            script::label(ui, &only, script::base_for(deleted[0].kind()));
                        } else {
                            ui.heading(format!("Delete {only}?"));
                        }
                    } else {
                        ui.heading(format!("Delete {chosen} objects?"));
                        for id in roots.iter() {
                            script::label(ui, &format!("· {}", name(id)), script::Base::LeftToRight);
                        }
                    }
                    if deleted.len() > chosen {
                        ui.label(match deleted.len() - chosen {
                            1 => format!("This object refers to {them} and will be deleted with {them}:"),
                            n => format!("These {n} objects refer to {them} and will be deleted with {them}:"),
                        });
                        egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                            for id in &deleted[chosen..] {
                                let kind = id.kind().map(|k| k.label()).unwrap_or("object");
                                script::label(ui, &format!("· {kind}: {}", name(id)), script::Base::LeftToRight);
                            }
                        });
                    } else {
                        ui.label("Nothing else refers to it.");
                    }
                    if let Some(case) = case {
                        let events = case.events.iter().filter(|e| e.actors.iter().any(|a| roots.contains(a))).count();
                        if events > 0 {
                            ui.label(format!("{} will also be taken off the actor list of {events} event(s).", if chosen == 1 { "It" } else { "They" }));
                        }
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete").clicked() {
                            close = true;
                            let command = match roots.as_slice() {
                                [one] => Command::Delete(one.clone()),
                                many => Command::DeleteMany(many.to_vec()),
                            };
                            then = Some(Box::new(move |app| {
                                app.map.selected.clear();
                                // Undo brings the actors back where they were drawn.
                                app.settle_drawn_positions();
                                app.apply(command);
                            }));
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::OpenUrl { url } => {
                    ui.heading("Open this address in your browser?");
                    ui.label("Casebook never fetches addresses itself. Your browser will load this page over the network:");
                    ui.add(egui::Label::new(RichText::new(url.as_str()).monospace()).selectable(true).wrap());
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Open in browser").clicked() {
                            close = true;
                            let url = url.clone();
                            then = Some(Box::new(move |app| match crate::ui::sources::open_in_browser(&url) {
                                Ok(()) => app.set_status(format!("Opened {url} in the system browser"), false),
                                Err(e) => app.set_status(format!("Could not open {url}: {e}"), true),
                            }));
                        }
                        if ui.button("Copy address").clicked() {
                            ui.ctx().copy_text(url.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::StixExportNotice {
                    lines,
                    label,
                    withheld,
                } => match self
                    .doc
                    .as_ref()
                    .and_then(|doc| export_notice_ui(ui, lines, doc.case(), label, withheld))
                {
                    Some(true) => {
                        close = true;
                        let label = *label;
                        then = Some(Box::new(move |app| {
                            app.stix_label = label;
                            app.pick(Purpose::ExportStix);
                        }));
                    }
                    Some(false) => close = true,
                    None => {}
                },
                Modal::StixImport(review) => {
                    if let Some(doc) = &self.doc
                        && let Some(outcome) = review.ui(ui, doc.case())
                    {
                        close = true;
                        if let ReviewOutcome::Import(command) = outcome {
                            let mark = review.pulled_mark.take();
                            then = Some(Box::new(move |app| {
                                app.apply(*command);
                                if let Some((collection, last)) = mark {
                                    app.keep_pull_mark(&collection, &last);
                                }
                            }));
                        }
                    }
                }
                Modal::Taxii(dialog) => {
                    let selection: Vec<Id> = self
                        .focus
                        .selection
                        .iter()
                        .chain(self.map.selected.iter())
                        .cloned()
                        .collect::<std::collections::BTreeSet<Id>>()
                        .into_iter()
                        .collect();
                    if let Some(doc) = &self.doc
                        && let Some(outcome) = dialog.ui(ui, doc.case(), &selection)
                    {
                        close = true;
                        let settings = dialog.settings.clone();
                        then = Some(Box::new(move |app| {
                            app.taxii_settings = settings;
                            if let crate::ui::taxii_dialog::TaxiiOutcome::Review { bundle, source, mark, pulled } = outcome
                                && let Some(doc) = &app.doc
                            {
                                let mut review = ImportReview::new(PathBuf::from(source), *bundle, doc.case());
                                review.take_where(|conflicts| pulled.later_versions(doc.case(), conflicts));
                                review.pulled_mark = mark;
                                review.pulled = true;
                                app.modal = Some(Modal::StixImport(Box::new(review)));
                            }
                        }));
                    }
                }
                Modal::Briefing(dialog) => {
                    if let Some(doc) = &self.doc
                        && let Some(outcome) = dialog.ui(ui, doc.case())
                    {
                        match outcome {
                            BriefingOutcome::Close => close = true,
                            BriefingOutcome::ChooseFile(name) => {
                                then = Some(Box::new(move |app| app.pick_briefing_path(name)));
                            }
                            BriefingOutcome::Failed(error) => {
                                close = true;
                                then = Some(Box::new(move |app| {
                                    app.show_error("Could not export the briefing", error);
                                }));
                            }
                            BriefingOutcome::Done {
                                written,
                                record,
                                open_folder,
                            } => {
                                close = true;
                                then = Some(Box::new(move |app| {
                                    app.briefing_written(&written, record, open_folder);
                                }));
                            }
                        }
                    }
                }
                Modal::Recover { confirm } => {
                    match recover_ui(ui, &self.orphans, confirm.as_deref()) {
                        Some(RecoverChoice::Restore(key)) => {
                            close = true;
                            then = Some(Box::new(move |app| app.request(Action::Restore(key))));
                        }
                        Some(RecoverChoice::AskDiscard(key)) => {
                            *confirm = (!key.is_empty()).then_some(key);
                        }
                        Some(RecoverChoice::Discard(key)) => {
                            *confirm = None;
                            close = self.orphans.len() <= 1;
                            then = Some(Box::new(move |app| app.discard_orphan(&key)));
                        }
                        Some(RecoverChoice::Later) => {
                            close = true;
                            // Released, not removed: offered again at the next start.
                            then = Some(Box::new(|app| app.orphans.clear()));
                        }
                        None => {}
                    }
                }
                Modal::ChangedOnDisk(state) => match changed_on_disk_ui(ui, state) {
                    Some(ConflictChoice::Compare) => {
                        state.comparison = Comparison::Reading;
                        let path = state.path.clone();
                        then = Some(Box::new(move |app| app.jobs.read_disk_version(path)));
                    }
                    Some(ConflictChoice::Overwrite) => {
                        close = true;
                        let path = state.path.clone();
                        then = Some(Box::new(move |app| app.save_checked(path, false)));
                    }
                    Some(ConflictChoice::SaveElsewhere) => {
                        close = true;
                        then = Some(Box::new(|app| app.pick(Purpose::SaveAs)));
                    }
                    Some(ConflictChoice::Cancel) => {
                        close = true;
                        then = Some(Box::new(|app| app.after_save = None));
                    }
                    None => {}
                },
                Modal::About { notices_shown } => {
                    if super::super::about::about_ui(ui, &self.about, notices_shown) {
                        close = true;
                    }
                }
                Modal::Message { title, text } => {
                    ui.heading(title.as_str());
                    ui.add(egui::Label::new(text.as_str()).selectable(true).wrap());
                    ui.add_space(8.0);
                    // Enter closes it as OK does (the text is selectable, so it has no field
                    // that wants the key).
                    let enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter));
                    if ui.button("OK").clicked() || enter {
                        close = true;
                    }
                }
            }
        });
        let busy = match &self.modal {
            Some(Modal::UnsavedChanges(_) | Modal::Recover { .. } | Modal::ChangedOnDisk(_)) => {
                true
            }
            Some(Modal::Briefing(dialog)) => dialog.is_running(),
            Some(Modal::Taxii(dialog)) => dialog.is_running(),
            _ => false,
        };
        if response.should_close() && !busy {
            close = true;
        }
        // egui centres a modal by the size it had last frame: when its content grew or shrank
        // (a list filled in, a scroll area measured), draw once more so it stands still
        // before the pointer reaches it, instead of jumping at the first movement.
        let size = response.response.rect.size();
        if self.modal_size != Some(size) {
            self.modal_size = Some(size);
            ctx.request_repaint();
        }
        if close {
            self.modal = None;
            self.modal_size = None;
        }
        if let Some(then) = then {
            then(self);
        }
    }
}
