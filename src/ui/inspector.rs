//! The inspector: shows the selected object as a form and edits it. Every field is checked as
//! the analyst types, with the problem shown under the field. An existing object takes each
//! valid change at once (so nothing is lost by selecting something else); a new object is added
//! with its Add button once the form is valid. Changes leave as [`Command`]s for the app to apply.

use super::forms::{
    check_field, date_field, date_text, errors_for, field_errors, lines_of, long_text_field,
    object_field, parse_optional_date, scale_field, text_field,
};
use crate::model::validate::check_object;
use crate::model::{
    Actor, ActorKind, Case, CaseObject, Citation, Command, Event, EventKind, Extra, Id, Judgment,
    ObjectKind, PartialDate, Relationship, RelationshipKind, Source, SourceKind,
};
use crate::tradecraft::{AttributionLevel, Confidence, Credibility, Likelihood, Reliability};
use egui::{RichText, Ui};

/// What the inspector asks the app to do.
pub enum InspectorAction {
    Apply(Box<Command>),
    RequestDelete(Id),
    Select(Id),
    /// A new object was added: select it.
    Added(Id),
    /// Open the form for a new object of this kind, about this object.
    StartNew(ObjectKind, Option<Id>),
    /// Close the form of a new object without adding it.
    CancelNew,
}

/// The form's working copy of an object, with the text of fields that need parsing.
#[derive(Clone, Debug, PartialEq)]
enum Draft {
    Actor {
        actor: Actor,
        aliases: String,
    },
    Relationship {
        rel: Relationship,
        valid_from: String,
        valid_until: String,
    },
    Event {
        event: Event,
        start: String,
        end: String,
    },
    Source {
        source: Source,
        published: String,
        accessed: String,
    },
    Citation {
        citation: Citation,
    },
    Judgment {
        judgment: Judgment,
    },
}

impl Draft {
    fn of(object: &CaseObject) -> Self {
        match object.clone() {
            CaseObject::Actor(actor) => Draft::Actor {
                aliases: actor.aliases.join("\n"),
                actor,
            },
            CaseObject::Relationship(rel) => Draft::Relationship {
                valid_from: date_text(rel.valid_from),
                valid_until: date_text(rel.valid_until),
                rel,
            },
            CaseObject::Event(event) => Draft::Event {
                start: event.start.to_string(),
                end: date_text(event.end),
                event,
            },
            CaseObject::Source(source) => Draft::Source {
                published: date_text(source.published),
                accessed: date_text(source.accessed),
                source,
            },
            CaseObject::Citation(citation) => Draft::Citation { citation },
            CaseObject::Judgment(judgment) => Draft::Judgment { judgment },
        }
    }

    /// The object the form describes, and the fields whose text could not be read.
    fn build(&self) -> (CaseObject, Vec<(&'static str, String)>) {
        let mut errors = Vec::new();
        let mut date = |field: &'static str, text: &str| match parse_optional_date(text) {
            Ok(d) => d,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let object = match self {
            Draft::Actor { actor, aliases } => {
                let mut actor = actor.clone();
                actor.aliases = lines_of(aliases);
                CaseObject::Actor(actor)
            }
            Draft::Relationship {
                rel,
                valid_from,
                valid_until,
            } => {
                let mut rel = rel.clone();
                rel.valid_from = date("valid_from", valid_from);
                rel.valid_until = date("valid_until", valid_until);
                CaseObject::Relationship(rel)
            }
            Draft::Event { event, start, end } => {
                let mut event = event.clone();
                let parsed_start = date("start", start);
                event.end = date("end", end);
                match parsed_start {
                    Some(d) => event.start = d,
                    None if start.trim().is_empty() => {
                        errors.push(("start", "an event needs a start date".to_owned()))
                    }
                    None => {}
                }
                CaseObject::Event(event)
            }
            Draft::Source {
                source,
                published,
                accessed,
            } => {
                let mut source = source.clone();
                source.published = date("published", published);
                source.accessed = date("accessed", accessed);
                CaseObject::Source(source)
            }
            Draft::Citation { citation } => CaseObject::Citation(citation.clone()),
            Draft::Judgment { judgment } => CaseObject::Judgment(judgment.clone()),
        };
        (object, errors)
    }
}

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

/// A blank object of a kind, ready for its form. References start at the first candidate.
pub fn blank_object(case: &Case, kind: ObjectKind, context: Option<&Id>) -> CaseObject {
    let id = Id::generate(kind);
    let first_actor = || {
        case.actors
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_else(|| Id::new(""))
    };
    let today = PartialDate::now_to_minute().with_precision(crate::model::DatePrecision::Day);
    match kind {
        ObjectKind::Actor => CaseObject::Actor(Actor {
            id,
            name: String::new(),
            kind: ActorKind::ThreatGroup,
            aliases: vec![],
            country: String::new(),
            description: String::new(),
            map: None,
            extra: Extra::default(),
        }),
        ObjectKind::Relationship => {
            let source = context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .unwrap_or_else(first_actor);
            let target = case
                .actors
                .iter()
                .map(|a| a.id.clone())
                .find(|a| a != &source)
                .unwrap_or_else(|| Id::new(""));
            CaseObject::Relationship(Relationship {
                id,
                kind: RelationshipKind::AffiliatedWith,
                source,
                target,
                directed: true,
                confidence: Confidence::Moderate,
                disputed: false,
                valid_from: None,
                valid_until: None,
                description: String::new(),
                extra: Extra::default(),
            })
        }
        ObjectKind::Event => CaseObject::Event(Event {
            id,
            title: String::new(),
            kind: EventKind::Attack,
            start: today,
            end: None,
            actors: context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .into_iter()
                .collect(),
            location: String::new(),
            description: String::new(),
            extra: Extra::default(),
        }),
        ObjectKind::Source => CaseObject::Source(Source {
            id,
            title: String::new(),
            publisher: String::new(),
            author: String::new(),
            kind: SourceKind::NewsReport,
            url: String::new(),
            published: None,
            accessed: Some(today),
            reliability: Reliability::F,
            language: String::new(),
            notes: String::new(),
            extra: Extra::default(),
        }),
        ObjectKind::Citation => CaseObject::Citation(Citation {
            id,
            source: case
                .sources
                .first()
                .map(|s| s.id.clone())
                .unwrap_or_else(|| Id::new("")),
            cites: context.cloned().unwrap_or_else(|| Id::new("")),
            credibility: Credibility::CannotBeJudged,
            quote: String::new(),
            locator: String::new(),
            extra: Extra::default(),
        }),
        ObjectKind::Judgment => CaseObject::Judgment(Judgment {
            id,
            subject: context
                .filter(|c| c.kind() == Some(ObjectKind::Event))
                .cloned()
                .or_else(|| case.events.first().map(|e| e.id.clone()))
                .unwrap_or_else(|| Id::new("")),
            actor: context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .unwrap_or_else(first_actor),
            level: AttributionLevel::Operational,
            likelihood: Likelihood::RoughlyEvenChance,
            confidence: Confidence::Low,
            rationale: String::new(),
            extra: Extra::default(),
        }),
    }
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
    pub fn ui(&mut self, ui: &mut Ui, case: &Case, selection: Option<&Id>) -> Vec<InspectorAction> {
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
        ui.heading(heading);
        ui.label(
            RichText::new(object.id().as_str())
                .weak()
                .small()
                .monospace(),
        );
        ui.separator();

        let focus = std::mem::take(&mut self.focus_first_field);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let before = editor.draft.clone();
                let (object_now, parse_errors) = before.build();
                let problems = check_object(case, &object_now);
                let errors_of = |field: &str| errors_for(field, &parse_errors, &problems);
                let first = draft_ui(ui, &mut editor.draft, case, &errors_of);
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
                            actions.push(InspectorAction::Apply(Box::new(Command::Put(object.clone()))));
                            actions.push(InspectorAction::Added(object.id().clone()));
                        }
                        if ui.button("Cancel").clicked() {
                            actions.push(InspectorAction::CancelNew);
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
                    if valid && editor.draft != before {
                        actions.push(InspectorAction::Apply(Box::new(Command::Put(object.clone()))));
                    }
                    if !valid {
                        ui.label(
                            RichText::new("Changes marked in red are not taken until they are fixed; the case keeps the last valid value.")
                                .color(super::forms::error_color(ui)),
                        );
                    }
                    citations_ui(ui, case, object.id(), &mut actions);
                    ui.add_space(12.0);
                    let referrers = case.referrers(object.id()).len();
                    let delete = ui.button(format!("Delete this {}…", kind.label()));
                    let delete = if referrers > 0 {
                        delete.on_hover_text(format!("{referrers} other objects refer to it; you will see them before anything is deleted"))
                    } else {
                        delete
                    };
                    if delete.clicked() {
                        actions.push(InspectorAction::RequestDelete(object.id().clone()));
                    }
                }
            });
        actions
    }
}

/// Lists the citations of an object with their grades, and offers to cite a source.
fn citations_ui(ui: &mut Ui, case: &Case, id: &Id, actions: &mut Vec<InspectorAction>) {
    if !matches!(
        id.kind(),
        Some(
            ObjectKind::Actor | ObjectKind::Relationship | ObjectKind::Event | ObjectKind::Judgment
        )
    ) {
        if id.kind() == Some(ObjectKind::Source) {
            let uses: Vec<_> = case.citations.iter().filter(|c| &c.source == id).collect();
            ui.add_space(8.0);
            ui.label(RichText::new(format!("Cited {} times", uses.len())).strong());
            for c in uses {
                if ui.link(case.display_name(&c.cites)).clicked() {
                    actions.push(InspectorAction::Select(c.cites.clone()));
                }
            }
        }
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Sources cited").strong());
    let mut any = false;
    for c in case.citations_of(id) {
        any = true;
        let text = if c.locator.is_empty() {
            case.display_name(&c.id)
        } else {
            format!("{} — {}", case.display_name(&c.id), c.locator)
        };
        if ui.link(text).on_hover_text(&c.quote).clicked() {
            actions.push(InspectorAction::Select(c.id.clone()));
        }
    }
    if !any {
        ui.label(RichText::new("No source cited yet.").weak());
    }
    if case.sources.is_empty() {
        ui.label(RichText::new("Add a source first to cite it.").weak());
    } else if ui.button("Cite a source…").clicked() {
        actions.push(InspectorAction::StartNew(
            ObjectKind::Citation,
            Some(id.clone()),
        ));
    }
}

fn actor_options(case: &Case) -> Vec<(Id, String)> {
    case.actors
        .iter()
        .map(|a| (a.id.clone(), format!("{} ({})", a.name, a.kind.label())))
        .collect()
}

fn event_options(case: &Case) -> Vec<(Id, String)> {
    case.events
        .iter()
        .map(|e| (e.id.clone(), format!("{} — {}", e.start, e.title)))
        .collect()
}

/// Draws the fields of a draft; returns the first field, to focus on a new form.
fn draft_ui(
    ui: &mut Ui,
    draft: &mut Draft,
    case: &Case,
    errors_of: &dyn Fn(&str) -> Vec<String>,
) -> Option<egui::Response> {
    match draft {
        Draft::Actor { actor, aliases } => {
            let first = text_field(ui, "Name", &mut actor.name, &errors_of("name"));
            scale_field(
                ui,
                "Actor kind",
                &mut actor.kind,
                ActorKind::ALL,
                |k| k.label().to_owned(),
                ActorKind::meaning,
            );
            long_text_field(ui, "Aliases (one per line)", aliases, &errors_of("aliases"));
            text_field(ui, "Country", &mut actor.country, &errors_of("country"));
            long_text_field(
                ui,
                "Description",
                &mut actor.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Relationship {
            rel,
            valid_from,
            valid_until,
        } => {
            let actors = actor_options(case);
            let first = object_field(
                ui,
                "From actor",
                &mut rel.source,
                &actors,
                &errors_of("source"),
            );
            scale_field(
                ui,
                "Relationship kind",
                &mut rel.kind,
                RelationshipKind::ALL,
                |k| k.label().to_owned(),
                RelationshipKind::meaning,
            );
            object_field(
                ui,
                "To actor",
                &mut rel.target,
                &actors,
                &errors_of("target"),
            );
            check_field(
                ui,
                "Directed (from the first actor to the second)",
                &mut rel.directed,
                "Untick for a relationship that holds both ways",
            );
            scale_field(
                ui,
                "Confidence",
                &mut rel.confidence,
                Confidence::ALL,
                |c| c.label().to_owned(),
                Confidence::meaning,
            );
            check_field(
                ui,
                "Disputed or denied by a party",
                &mut rel.disputed,
                "Drawn in its own style on the map",
            );
            date_field(ui, "Valid from", valid_from, &errors_of("valid_from"));
            date_field(ui, "Valid until", valid_until, &errors_of("valid_until"));
            long_text_field(
                ui,
                "Description",
                &mut rel.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Event { event, start, end } => {
            let first = text_field(ui, "Title", &mut event.title, &errors_of("title"));
            scale_field(
                ui,
                "Event kind",
                &mut event.kind,
                EventKind::ALL,
                |k| k.label().to_owned(),
                EventKind::meaning,
            );
            date_field(ui, "Start", start, &errors_of("start"));
            date_field(ui, "End (optional)", end, &errors_of("end"));
            event_actors_ui(ui, event, case, &errors_of("actors"));
            text_field(ui, "Location", &mut event.location, &errors_of("location"));
            long_text_field(
                ui,
                "Description",
                &mut event.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Source {
            source,
            published,
            accessed,
        } => {
            let first = text_field(ui, "Title", &mut source.title, &errors_of("title"));
            text_field(
                ui,
                "Publisher",
                &mut source.publisher,
                &errors_of("publisher"),
            );
            text_field(ui, "Author", &mut source.author, &errors_of("author"));
            scale_field(
                ui,
                "Source kind",
                &mut source.kind,
                SourceKind::ALL,
                |k| k.label().to_owned(),
                SourceKind::meaning,
            );
            text_field(
                ui,
                "URL (never fetched)",
                &mut source.url,
                &errors_of("url"),
            );
            date_field(ui, "Published", published, &errors_of("published"));
            date_field(ui, "Accessed", accessed, &errors_of("accessed"));
            scale_field(
                ui,
                "Reliability",
                &mut source.reliability,
                Reliability::ALL,
                |r| r.code().to_owned(),
                Reliability::meaning,
            );
            text_field(ui, "Language", &mut source.language, &errors_of("language"));
            long_text_field(ui, "Notes", &mut source.notes, &errors_of("notes"));
            Some(first)
        }
        Draft::Citation { citation } => {
            let sources: Vec<(Id, String)> = case
                .sources
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        format!("{} [{}]", s.title, s.reliability.code()),
                    )
                })
                .collect();
            let first = object_field(
                ui,
                "Source",
                &mut citation.source,
                &sources,
                &errors_of("source"),
            );
            ui.add_space(4.0);
            ui.label(RichText::new("Cites").strong());
            ui.label(case.display_name(&citation.cites));
            field_errors(ui, &errors_of("cites"));
            scale_field(
                ui,
                "Credibility",
                &mut citation.credibility,
                Credibility::ALL,
                |c| c.code().to_owned(),
                Credibility::meaning,
            );
            if let Some(source) = case.source(&citation.source) {
                ui.label(format!(
                    "Grade: {}{}",
                    source.reliability.code(),
                    citation.credibility.code()
                ));
            }
            long_text_field(ui, "Quote", &mut citation.quote, &errors_of("quote"));
            text_field(
                ui,
                "Locator (page, paragraph, timestamp)",
                &mut citation.locator,
                &errors_of("locator"),
            );
            Some(first)
        }
        Draft::Judgment { judgment } => {
            let events = event_options(case);
            let first = object_field(
                ui,
                "Event attributed",
                &mut judgment.subject,
                &events,
                &errors_of("subject"),
            );
            let actors = actor_options(case);
            object_field(
                ui,
                "Assessed responsible",
                &mut judgment.actor,
                &actors,
                &errors_of("actor"),
            );
            scale_field(
                ui,
                "Attribution level",
                &mut judgment.level,
                AttributionLevel::ALL,
                |l| l.label().to_owned(),
                AttributionLevel::meaning,
            );
            scale_field(
                ui,
                "Likelihood (ICD 203)",
                &mut judgment.likelihood,
                Likelihood::ALL,
                |l| format!("{} ({})", l.label(), l.meaning()),
                |l| l.alternative_term(),
            );
            scale_field(
                ui,
                "Confidence",
                &mut judgment.confidence,
                Confidence::ALL,
                |c| c.label().to_owned(),
                Confidence::meaning,
            );
            long_text_field(
                ui,
                "Rationale",
                &mut judgment.rationale,
                &errors_of("rationale"),
            );
            Some(first)
        }
    }
}

/// The actors of an event: each with a button to remove it, and a picker to add one.
fn event_actors_ui(ui: &mut Ui, event: &mut Event, case: &Case, errors: &[String]) {
    ui.add_space(4.0);
    ui.label(RichText::new("Actors involved").strong());
    let mut remove = None;
    for (index, actor) in event.actors.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("Remove from this event")
                .clicked()
            {
                remove = Some(index);
            }
            ui.label(case.display_name(actor));
        });
    }
    if let Some(index) = remove {
        event.actors.remove(index);
    }
    let mut chosen = Id::new("");
    let options: Vec<(Id, String)> = case
        .actors
        .iter()
        .filter(|a| !event.actors.contains(&a.id))
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    object_field(
        ui,
        "Add an actor to the event",
        &mut chosen,
        &options,
        errors,
    );
    if !chosen.as_str().is_empty() {
        event.actors.push(chosen);
    }
}
