//! What a view asks the app shell to do. Every view (lists, inspector, map, timeline, sources,
//! hypotheses, checks, overview) returns its [`Intent`]s from its `ui` call and changes nothing
//! shared itself; the shell handles them all in one place (`CasebookApp::handle`), so "select
//! this object" or "set the time window" means the same thing whichever view asked.

use super::dialogs::Purpose;
use super::focus::TimeWindow;
use super::inspector::blank_object;
use crate::model::{Case, CaseObject, Command, Id, MapPlacement, ObjectKind, PartialDate};

/// One request from a view to the app shell.
#[derive(Debug)]
pub enum Intent {
    /// Apply this command to the open case (the one command path).
    Apply(Box<Command>),
    /// Select this object (and show its kind's list), or clear the selection.
    Select(Option<Id>),
    /// Select this object and put the keyboard in its form.
    Edit(Id),
    /// Open the form for a new object of this kind, about this object (if any).
    StartNew(ObjectKind, Option<Id>),
    /// Open the form for a new object of this kind, about whatever is selected.
    StartNewAboutSelection(ObjectKind),
    /// Open the form for this new object, already filled in.
    StartNewObject(Box<CaseObject>),
    /// A new object was added from its form: select it.
    Added(Id),
    /// Close the form of a new object without adding it.
    CancelNew,
    /// Ask whether to delete this object and what goes with it.
    RequestDelete(Id),
    /// Ask whether to delete these objects and what goes with them.
    RequestDeleteAll(Vec<Id>),
    /// Select this one object alone, out of a selection of several.
    SelectOnly(Id),
    /// Pin these actors where they are drawn (`true`), or unpin them.
    Pin(Vec<Id>, bool),
    /// Run the layout on these actors only.
    LayOut(Vec<Id>),
    /// Set the time window every view shares, or clear it (`None`).
    SetWindow(Option<TimeWindow>),
    /// Show this analysis of competing hypotheses in the centre, selected.
    OpenAnalysis(Id),
    /// Ask whether to open this address in the system browser.
    OpenUrl(String),
    /// Show the case's own details (title, summary) in the case overview.
    ShowCaseDetails,
    /// Export a figure or the case: ask where, for this purpose.
    Export(Purpose),
    /// Say this on the status line.
    Status(String),
    /// Write an ATT&CK Navigator layer of an event's techniques, of a known group's (by
    /// name or id), or of the two overlaid: ask where.
    ExportLayer(Option<Id>, Option<String>),
    /// Add a Navigator layer's techniques to this event: ask which layer.
    ImportLayer(Id),
}

impl Intent {
    /// Select an object.
    pub fn select(id: &Id) -> Intent {
        Intent::Select(Some(id.clone()))
    }

    /// Apply a command.
    pub fn apply(command: Command) -> Intent {
        Intent::Apply(Box::new(command))
    }

    /// Open the new-relationship form from one actor to another.
    pub fn new_relationship(case: &Case, from: Id, to: Id) -> Intent {
        let mut object = blank_object(case, ObjectKind::Relationship, Some(&from));
        if let CaseObject::Relationship(r) = &mut object {
            r.target = to;
        }
        Intent::StartNewObject(Box::new(object))
    }

    /// Open the new-actor form; the actor will be placed (pinned) at this map point.
    pub fn new_actor_at(case: &Case, at: [f32; 2]) -> Intent {
        let mut object = blank_object(case, ObjectKind::Actor, None);
        if let CaseObject::Actor(a) = &mut object {
            a.map = Some(MapPlacement {
                x: at[0],
                y: at[1],
                pinned: true,
            });
        }
        Intent::StartNewObject(Box::new(object))
    }

    /// Open the new-event form at this date, involving this actor (if any).
    pub fn new_event_at(case: &Case, date: PartialDate, actor: Option<&Id>) -> Intent {
        let mut object = blank_object(case, ObjectKind::Event, actor);
        if let CaseObject::Event(e) = &mut object {
            e.start = date;
        }
        Intent::StartNewObject(Box::new(object))
    }
}
