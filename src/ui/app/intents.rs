//! The one handler of what the views ask for ([`Intent`]): every view's request to select,
//! edit, add, delete, set the time window, export or say something goes through here, so each
//! means the same whichever view asked.

use super::*;

impl CasebookApp {
    /// Does what a view asked.
    pub(super) fn handle(&mut self, intent: Intent) {
        match intent {
            Intent::Apply(command) => self.apply(*command),
            Intent::Select(id) => self.select(id),
            Intent::Edit(id) => {
                self.select(Some(id));
                self.inspector.focus_form();
            }
            Intent::StartNew(kind, about) => self.start_new(kind, about),
            Intent::StartNewAboutSelection(kind) => {
                self.start_new(kind, self.focus.selection.clone())
            }
            Intent::StartNewObject(object) => {
                self.lists.tab = object.kind();
                self.inspector.start_new(*object);
            }
            Intent::Added(id) => {
                let Some(case) = self.doc.as_ref().map(Document::case) else {
                    return;
                };
                // A new citation returns to what it cites, where the analyst was working.
                let cited = case
                    .citations
                    .iter()
                    .find(|c| c.id == id)
                    .filter(|c| case.contains(&c.cites))
                    .map(|c| c.cites.clone());
                match cited {
                    Some(object) => {
                        let name = crate::text::quoted(&case.display_name(&object), 60);
                        self.select(Some(object));
                        self.set_status(format!("The citation is added to {name}"), false);
                    }
                    None if case.contains(&id) => {
                        let what = match id.kind() {
                            Some(kind) => kind.label(),
                            None => "object",
                        };
                        let name = crate::text::quoted(&case.display_name(&id), 60);
                        self.set_status(format!("Added the {what} {name}"), false);
                        self.select(Some(id));
                    }
                    None => {}
                }
            }
            Intent::CancelNew => self.inspector.clear(),
            Intent::RequestDelete(id) => self.request_delete_all(vec![id]),
            Intent::RequestDeleteAll(ids) => self.request_delete_all(ids),
            Intent::SelectOnly(id) => {
                self.map.selected.clear();
                self.select(Some(id));
            }
            Intent::Pin(ids, pinned) => {
                let Some(doc) = &self.doc else { return };
                let placements: Vec<_> = ids
                    .iter()
                    .filter_map(|id| {
                        let [x, y] = self.map.drawn_position(doc.case(), id)?;
                        Some((id.clone(), Some(MapPlacement { x, y, pinned })))
                    })
                    .collect();
                if !placements.is_empty() {
                    self.apply(Command::Place(placements));
                }
            }
            Intent::LayOut(ids) => {
                if let Some(doc) = &self.doc {
                    self.map.lay_out(doc.case(), &ids.into_iter().collect());
                    self.central = CentralView::Map;
                }
            }
            Intent::SetWindow(window) => self.set_time_window(window),
            Intent::OpenAnalysis(id) => {
                self.ach.open(id.clone());
                self.central = CentralView::Ach;
                self.select(Some(id));
            }
            Intent::OpenUrl(url) => self.modal = Some(Modal::OpenUrl { url }),
            Intent::ShowCaseDetails => self.central = CentralView::Overview,
            Intent::Export(purpose) => self.pick(purpose),
            Intent::Status(text) => self.set_status(text, false),
            Intent::ExportLayer(event, group) => {
                self.layer_request = Some((event, group));
                self.pick(crate::ui::dialogs::Purpose::ExportLayer);
            }
            Intent::ImportLayer(event) => {
                self.layer_request = Some((Some(event), None));
                self.pick(crate::ui::dialogs::Purpose::ImportLayer);
            }
        }
    }

    /// Selects an object (showing its kind's list and its form), or clears the selection.
    pub(super) fn select(&mut self, id: Option<Id>) {
        if let Some(kind) = id.as_ref().and_then(Id::kind) {
            self.lists.tab = kind;
        }
        self.inspector.clear();
        self.focus.selection = id;
    }

    /// Opens the form for a new object of `kind`, about `context` where that makes sense.
    pub(super) fn start_new(&mut self, kind: ObjectKind, context: Option<Id>) {
        let Some(doc) = &self.doc else { return };
        self.lists.tab = kind;
        self.inspector
            .start_new_blank(blank_object(doc.case(), kind, context.as_ref()));
    }
}
