//! The menu bar and the keyboard shortcuts of the app's commands.

use super::*;

impl CasebookApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let has_doc = self.doc.is_some();
                if ui.add(egui::Button::new("New case").shortcut_text(ui.ctx().format_shortcut(&NEW))).clicked() {
                    self.request(Action::New);
                }
                if ui.add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN))).clicked() {
                    self.request(Action::Open(None));
                }
                if ui.button("Open a path…").on_hover_text("Type or paste the path of a case file").clicked() {
                    self.ask_for_path(Purpose::Open, "");
                }
                ui.menu_button("Open Recent", |ui| {
                    if self.recent.paths.is_empty() {
                        ui.label(RichText::new("No recent cases").weak());
                    }
                    for path in self.recent.paths.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.request(Action::Open(Some(path)));
                        }
                    }
                });
                if ui.button("Open the example case").clicked() {
                    self.request(Action::OpenExample);
                }
                if ui
                    .add_enabled(self.autosaver.folder().is_some(), egui::Button::new("Recover unsaved work…"))
                    .on_hover_text("Edits kept from sessions that ended without saving")
                    .clicked()
                {
                    self.offer_recovery(true);
                }
                ui.separator();
                if ui.add_enabled(has_doc, egui::Button::new("Save").shortcut_text(ui.ctx().format_shortcut(&SAVE))).clicked() {
                    self.save();
                }
                if ui.add_enabled(has_doc, egui::Button::new("Save As…").shortcut_text(ui.ctx().format_shortcut(&SAVE_AS))).clicked() {
                    self.pick(Purpose::SaveAs);
                }
                if ui.add_enabled(has_doc, egui::Button::new("Save As a path…")).clicked() {
                    self.ask_for_path(Purpose::SaveAs, "");
                }
                ui.separator();
                if ui.add_enabled(has_doc, egui::Button::new("Import STIX 2.1 bundle…")).on_hover_text("Read a bundle from OpenCTI, MISP or another tool into this case; you review it first").clicked() {
                    self.pick(Purpose::ImportStix);
                }
                if ui.add_enabled(has_doc, egui::Button::new("Export STIX 2.1 bundle…")).clicked()
                    && let Some(doc) = &self.doc
                {
                    self.modal = Some(Modal::StixExportNotice {
                        lines: crate::stix::export::what_platforms_lose(&doc.case),
                        label: None,
                        withheld: None,
                    });
                }
                if ui.add_enabled(has_doc, egui::Button::new("Export briefing…").shortcut_text(ui.ctx().format_shortcut(&BRIEFING))).on_hover_text("A briefing for a decision-maker: HTML, Markdown or PDF").clicked() {
                    self.open_briefing_dialog();
                }
                ui.separator();
                if ui.add_enabled(has_doc, egui::Button::new("Close case").shortcut_text(ui.ctx().format_shortcut(&CLOSE))).clicked() {
                    self.request(Action::Close);
                }
                if ui.add(egui::Button::new("Quit").shortcut_text(ui.ctx().format_shortcut(&QUIT))).clicked() {
                    self.request(Action::Quit);
                }
            });
            ui.add_enabled_ui(self.doc.is_some(), |ui| {
                ui.menu_button("Edit", |ui| {
                    let history = self.doc.as_ref().map(|d| &d.history);
                    let undo = history.and_then(|h| h.undo_label());
                    let redo = history.and_then(|h| h.redo_label());
                    let undo_text = undo.map_or("Undo".to_owned(), |w| format!("Undo {w}"));
                    let redo_text = redo.map_or("Redo".to_owned(), |w| format!("Redo {w}"));
                    let has_undo = history.is_some_and(|h| h.undo_label().is_some());
                    let has_redo = history.is_some_and(|h| h.redo_label().is_some());
                    if ui.add_enabled(has_undo, egui::Button::new(undo_text).shortcut_text(ui.ctx().format_shortcut(&UNDO))).clicked() {
                        self.undo();
                    }
                    if ui.add_enabled(has_redo, egui::Button::new(redo_text).shortcut_text(ui.ctx().format_shortcut(&REDO))).clicked() {
                        self.redo();
                    }
                });
                ui.menu_button("View", |ui| {
                    for view in CentralView::ALL {
                        if ui.selectable_label(self.central == view, view.menu_label()).clicked() {
                            self.central = view;
                            ui.close();
                        }
                    }
                    ui.separator();
                    let mut open = self.checks.open;
                    if ui
                        .add(egui::Checkbox::new(&mut open, "Tradecraft checks"))
                        .on_hover_text("F8")
                        .changed()
                    {
                        self.checks.open = open;
                    }
                });
                ui.menu_button("Add", |ui| {
                    for kind in ObjectKind::ALL {
                        let mut button = egui::Button::new(format!("{}…", capitalised(kind.label())));
                        if *kind == ObjectKind::Actor {
                            button = button.shortcut_text(ui.ctx().format_shortcut(&NEW_ACTOR));
                        } else if *kind == ObjectKind::Event {
                            button = button.shortcut_text(ui.ctx().format_shortcut(&NEW_EVENT));
                        }
                        if ui.add(button).clicked() {
                            self.start_new(*kind, self.selection.clone());
                        }
                    }
                });
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Open the example case").clicked() {
                    self.request(Action::OpenExample);
                }
                if ui.button("About Casebook").clicked() {
                    self.modal = Some(Modal::Message {
                        title: "About Casebook".into(),
                        text: format!(
                            "Casebook {}: an offline workbench for cyber-attribution case work.\nCase files are versioned JSON (format version {}); see docs/case-format.md.\nCasebook never uses the network.",
                            env!("CARGO_PKG_VERSION"),
                            crate::store::CURRENT_VERSION
                        ),
                    });
                }
            });
        });
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() {
            return;
        }
        let pressed = |s: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(s));
        if pressed(&SAVE_AS) {
            if self.doc.is_some() {
                self.pick(Purpose::SaveAs);
            }
        } else if pressed(&SAVE) {
            self.save();
        }
        if pressed(&NEW) {
            self.request(Action::New);
        }
        if pressed(&OPEN) {
            self.request(Action::Open(None));
        }
        if pressed(&CLOSE) && self.doc.is_some() {
            self.request(Action::Close);
        }
        if pressed(&QUIT) {
            self.request(Action::Quit);
        }
        if pressed(&TOGGLE_CHECKS) && self.doc.is_some() {
            self.checks.open = !self.checks.open;
        }
        if pressed(&BRIEFING) && self.doc.is_some() && self.modal.is_none() {
            self.open_briefing_dialog();
        }
        if pressed(&NEW_ACTOR) {
            self.start_new(ObjectKind::Actor, None);
        }
        if pressed(&NEW_EVENT) {
            self.start_new(ObjectKind::Event, None);
        }
        let typing = ctx.egui_wants_keyboard_input();
        // While a text field has the keyboard, Ctrl+Z belongs to it.
        if !typing {
            if pressed(&REDO) || pressed(&REDO_ALT) {
                self.redo();
            } else if pressed(&UNDO) {
                self.undo();
            }
        }
        if !typing && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Delete)) {
            // The selection: the selected object and any actors also selected on the map.
            let mut ids: Vec<Id> = self.selection.iter().cloned().collect();
            let primary = self.selection.as_ref();
            ids.extend(
                self.map
                    .selected
                    .iter()
                    .filter(|id| Some(*id) != primary)
                    .cloned(),
            );
            self.request_delete_all(ids);
        }
    }
}
