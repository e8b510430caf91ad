//! The inspector: shows the selected object as a form and edits it. Every field is checked as
//! the analyst types, with the problem shown under the field. An existing object takes each
//! valid change at once (so nothing is lost by selecting something else); a new object is added
//! with its Add button once the form is valid. Changes leave as [`Command`]s for the app to apply.

mod draft;
mod evidence;
mod fields;

pub use draft::blank_object;

use super::forms::{errors_for, field_errors};
use super::intent::Intent;
use crate::checks::Finding;
use crate::model::validate::check_object;
use crate::model::{Case, CaseObject, Command, Id, ObjectKind};
use draft::Draft;
use egui::{RichText, Ui};

/// The form's working copy of an object, with the text of fields that need parsing.
struct Editor {
    /// The object as the case holds it; `None` while creating a new one.
    original: Option<CaseObject>,
    draft: Draft,
}

/// The inspector panel's state.
#[derive(Default)]
pub struct Inspector {
    editor: Option<Editor>,
    focus_first_field: bool,
}

impl Inspector {
    /// Starts the form for a new object.
    pub fn start_new(&mut self, object: CaseObject) {
        self.editor = Some(Editor {
            original: None,
            draft: Draft::of(&object),
        });
        self.focus_first_field = true;
    }

    /// Opens the form for a new object with nothing chosen for the analyst: as
    /// [`Self::start_new`], but a new event's date starts empty (not today) until typed.
    pub fn start_new_blank(&mut self, object: CaseObject) {
        self.start_new(object);
        if let Some(Editor {
            draft: Draft::Event { start, .. },
            ..
        }) = &mut self.editor
        {
            start.clear();
        }
    }

    /// Puts the keyboard in the form's first field on the next frame.
    pub fn focus_form(&mut self) {
        self.focus_first_field = true;
    }

    /// Whether a new, not yet added object is being edited.
    pub fn is_creating(&self) -> bool {
        self.editor.as_ref().is_some_and(|e| e.original.is_none())
    }

    /// Closes the form (for a new case, or when the selection is cleared).
    pub fn clear(&mut self) {
        self.editor = None;
    }

    /// Follows the selection and the case: a form for the selected object, reloaded when the
    /// case changed underneath it.
    fn sync(&mut self, case: &Case, selection: Option<&Id>) {
        if self.is_creating() {
            return;
        }
        let Some(id) = selection else {
            self.editor = None;
            return;
        };
        let current = case.object(id);
        let stale = match (&self.editor, &current) {
            (Some(editor), Some(object)) => editor.original.as_ref() != Some(object),
            (None, Some(_)) => true,
            (_, None) => {
                self.editor = None;
                false
            }
        };
        if stale && let Some(object) = current {
            self.editor = Some(Editor {
                draft: Draft::of(&object),
                original: Some(object),
            });
        }
    }

    /// Draws the inspector and returns what the analyst asked for.
    /// `findings` are the tradecraft checks' findings about the selected object, shown above
    /// its form.
    /// `also_selected`: actors selected with it on the map; with two or more actors selected
    /// the inspector shows them all and what can be done to all at once.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        selection: Option<&Id>,
        also_selected: &std::collections::BTreeSet<Id>,
        findings: &[&Finding],
    ) -> Vec<Intent> {
        let actors: Vec<Id> = selection
            .filter(|id| id.kind() == Some(ObjectKind::Actor))
            .into_iter()
            .chain(also_selected.iter().filter(|id| Some(*id) != selection))
            .filter(|id| case.contains(id))
            .cloned()
            .collect();
        if actors.len() > 1 && !self.is_creating() {
            return several_actors_ui(ui, case, &actors);
        }
        self.sync(case, selection);
        let mut actions = Vec::new();
        let Some(editor) = &mut self.editor else {
            ui.heading("Inspector");
            ui.label(RichText::new("Select an actor, relationship, event, source or judgment in the list to see and edit it here.").weak());
            return actions;
        };
        let creating = editor.original.is_none();
        let (object, _) = editor.draft.build();
        let kind = object.kind();
        let heading = if creating {
            format!("New {}", kind.label())
        } else {
            let label = kind.label();
            let mut chars = label.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        };
        ui.horizontal(|ui| {
            ui.heading(heading);
            super::markings::tlp_chip(ui, object.marking().level(case.tlp));
        });
        ui.label(
            RichText::new(object.id().as_str())
                .weak()
                .small()
                .monospace(),
        );
        ui.separator();

        let focus = std::mem::take(&mut self.focus_first_field);
        // A fixed id: the form's widgets keep theirs whatever appears above it.
        egui::ScrollArea::vertical()
            .id_salt("inspector-form")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let before = editor.draft.clone();
                let (object_now, parse_errors) = before.build();
                let problems = check_object(case, &object_now);
                let errors_of = |field: &str| errors_for(field, &parse_errors, &problems);
                let first = fields::draft_ui(ui, &mut editor.draft, case, &errors_of);
                super::markings::marking_ui(ui, editor.draft.marking_mut(), kind, case.tlp);
                // The tradecraft findings about it, under the fields: appearing and going as
                // the analyst types, they move none of the fields.
                if !creating {
                    for finding in findings {
                        ui.label(
                            RichText::new(format!("Check: {}", finding.message))
                                .color(ui.visuals().warn_fg_color),
                        )
                        .on_hover_text(format!("Tradecraft check {}", finding.rule.code()));
                    }
                }
                if focus && let Some(first) = first {
                    first.request_focus();
                }
                let id_errors = errors_of("id");
                field_errors(ui, &id_errors);

                // Check the form as it now stands.
                let (object, parse_errors) = editor.draft.build();
                let problems = check_object(case, &object);
                let valid = parse_errors.is_empty() && problems.is_empty();
                ui.add_space(8.0);
                if creating {
                    ui.horizontal(|ui| {
                        let add = ui
                            .add_enabled(valid, egui::Button::new(format!("Add {}", kind.label())))
                            .on_disabled_hover_text("Fix the fields marked in red first");
                        let shortcut = ui.input_mut(|i| {
                            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter)
                        });
                        if add.clicked() || (valid && shortcut) {
                            actions.push(Intent::Apply(Box::new(Command::Put(object.clone()))));
                            actions.push(Intent::Added(object.id().clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            actions.push(Intent::CancelNew);
                        }
                    });
                    if !valid {
                        ui.label(
                            RichText::new(format!(
                                "This {} cannot be added until the fields marked in red are fixed.",
                                kind.label()
                            ))
                            .color(super::forms::error_color(ui)),
                        );
                    }
                } else {
                    let pending = editor
                        .original
                        .as_ref()
                        .and_then(|original| evidence::pending_estimate_change(original, &object));
                    match pending {
                        Some(change) => {
                            if let Some(reason) = editor.draft.reason_mut()
                                && let Some(revised) =
                                    evidence::estimate_change_ui(ui, change, &object, reason, valid)
                            {
                                actions.push(Intent::Apply(Box::new(Command::Put(revised))));
                            }
                        }
                        None => {
                            if valid && editor.draft != before {
                                actions.push(Intent::Apply(Box::new(Command::Put(object.clone()))));
                            }
                        }
                    }
                    if !valid {
                        ui.label(
                            RichText::new("Changes marked in red are not taken until they are fixed; the case keeps the last valid value.")
                                .color(super::forms::error_color(ui)),
                        );
                    }
                    if pending.is_some() && ui.button("Revert the estimate").on_hover_text("Put back the likelihood and confidence the case holds").clicked()
                        && let Some(original) = &editor.original
                    {
                        editor.draft = Draft::of(original);
                    }
                    evidence::object_extras_ui(ui, case, &object, &mut actions);
                    evidence::citations_ui(ui, case, object.id(), &mut actions);
                    ui.add_space(12.0);
                    let referrers = case.referrers(object.id()).len();
                    let delete = ui.button(format!("Delete this {}…", kind.label()));
                    let delete = if referrers > 0 {
                        delete.on_hover_text(format!("{referrers} other objects refer to it; you will see them before anything is deleted"))
                    } else {
                        delete
                    };
                    if delete.clicked() {
                        actions.push(Intent::RequestDelete(object.id().clone()));
                    }
                }
            });
        actions
    }
}

/// Several actors selected on the map: who they are, each a link to it alone, and what can be
/// done to all of them at once.
/// One kind for every selected actor, as one edit ("mixed" while they differ).
fn kind_of_all_ui(ui: &mut Ui, case: &Case, actors: &[Id], actions: &mut Vec<Intent>) {
    let selected: Vec<&crate::model::Actor> =
        actors.iter().filter_map(|id| case.actor(id)).collect();
    let Some(first) = selected.first() else {
        return;
    };
    let shared = selected
        .iter()
        .all(|a| a.kind == first.kind)
        .then_some(first.kind);
    let mut chosen = shared;
    ui.horizontal(|ui| {
        let label = ui.label("Kind of all");
        egui::ComboBox::from_id_salt("kind-of-all")
            .selected_text(shared.map_or("(mixed)", |k| k.label()))
            .show_ui(ui, |ui| {
                for kind in crate::model::ActorKind::ALL {
                    ui.selectable_value(&mut chosen, Some(*kind), kind.label())
                        .on_hover_text(kind.meaning());
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(kind) = chosen
        && chosen != shared
    {
        let changed: Vec<CaseObject> = selected
            .iter()
            .filter(|a| a.kind != kind)
            .map(|a| {
                let mut a = (*a).clone();
                a.kind = kind;
                CaseObject::Actor(a)
            })
            .collect();
        actions.push(Intent::Apply(Box::new(Command::PutMany(changed))));
    }
}

fn several_actors_ui(ui: &mut Ui, case: &Case, actors: &[Id]) -> Vec<Intent> {
    let mut actions = Vec::new();
    ui.heading(format!("{} actors selected", actors.len()));
    ui.label(
        RichText::new(
            "Shift+click on the map adds or removes one; click one here to edit it alone.",
        )
        .weak()
        .small(),
    );
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Pin where they are")
            .on_hover_text("The layout leaves pinned actors where they are")
            .clicked()
        {
            actions.push(Intent::Pin(actors.to_vec(), true));
        }
        if ui.button("Unpin").clicked() {
            actions.push(Intent::Pin(actors.to_vec(), false));
        }
        if ui
            .button("Lay out these")
            .on_hover_text("Run the layout on these actors only; the rest stay")
            .clicked()
        {
            actions.push(Intent::LayOut(actors.to_vec()));
        }
        if ui
            .button(format!("Delete these {} actors…", actors.len()))
            .clicked()
        {
            actions.push(Intent::RequestDeleteAll(actors.to_vec()));
        }
    });
    kind_of_all_ui(ui, case, actors, &mut actions);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("several-actors")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for id in actors {
                let pinned = case.actor(id).and_then(|a| a.map).is_some_and(|m| m.pinned);
                ui.horizontal(|ui| {
                    let name = super::script::widget_text(
                        ui,
                        &case.display_name(id),
                        super::script::Base::FirstStrong,
                    );
                    if ui.link(name).clicked() {
                        actions.push(Intent::SelectOnly(id.clone()));
                    }
                    if pinned {
                        ui.label(RichText::new("pinned").weak().small());
                    }
                });
            }
        });
    actions
}
