//! Undo and redo over the command path. Each applied command is kept with what undoes it: the
//! opposite command where one exists (the old object for an edit, the old places for a move),
//! or a copy of the case before a delete, which can take many objects with it.

use super::command::Applied;
use super::{Case, CaseObject, Command, CommandError, Id};
use std::time::{Duration, Instant};

/// How many steps are kept.
const MAX_STEPS: usize = 200;
/// Edits of the same object closer together than this undo as one (typing in a field).
const MERGE_WINDOW: Duration = Duration::from_secs(2);

#[derive(Debug)]
enum Backward {
    Command(Box<Command>),
    Snapshot(Box<Case>),
}

#[derive(Debug)]
struct Step {
    forward: Command,
    backward: Backward,
    at: Instant,
    /// What the step is, naming its object ("edit of actor “NATO”").
    label: String,
}

/// The undo and redo stacks of one open case.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

fn backward_of(case: &Case, command: &Command) -> Backward {
    match command {
        Command::SetInfo(_) => Backward::Command(Box::new(Command::SetInfo(case.info()))),
        Command::SetDismissals(_) => {
            Backward::Command(Box::new(Command::SetDismissals(case.dismissals.clone())))
        }
        Command::SetBriefings(_) => {
            Backward::Command(Box::new(Command::SetBriefings(case.briefings.clone())))
        }
        Command::Put(object) => Backward::Command(Box::new(match case.object(object.id()) {
            Some(old) => Command::Put(old),
            None => Command::Delete(object.id().clone()),
        })),
        // The actors and technical objects as they were, versions and all (a move is a new
        // version of each).
        Command::Place(placements) => {
            let index: std::collections::HashMap<_, _> = (case.actors.iter())
                .map(|a| (&a.id, crate::model::ObjectRef::Actor(a)))
                .chain(
                    (case.technical.iter()).map(|t| (&t.id, crate::model::ObjectRef::Technical(t))),
                )
                .collect();
            Backward::Command(Box::new(Command::PutMany(
                placements
                    .iter()
                    .filter_map(|(id, _)| index.get(id).map(|o| o.to_owned_object()))
                    .collect(),
            )))
        }
        Command::Delete(_)
        | Command::ResolveConflict { .. }
        | Command::DeleteMany(_)
        | Command::PutMany(_)
        | Command::Import { .. } => Backward::Snapshot(Box::new(case.clone())),
    }
}

/// What puts back the objects `forward` changed as they are now in `case` (just after it):
/// the same objects with their versions, so a redo is the state the edit made. Commands that
/// carry no versions, or whose effects reach further (deletes), stay as they are.
fn restoring(case: &Case, forward: Command) -> Command {
    let current = |ids: &mut dyn Iterator<Item = &Id>| -> Option<Vec<CaseObject>> {
        ids.map(|id| case.object(id)).collect()
    };
    let restored = match &forward {
        Command::Put(object) => case.object(object.id()).map(Command::Put),
        Command::PutMany(objects) => {
            current(&mut objects.iter().map(CaseObject::id)).map(Command::PutMany)
        }
        Command::Place(placements) => {
            current(&mut placements.iter().map(|(id, _)| id)).map(Command::PutMany)
        }
        _ => None,
    };
    restored.unwrap_or(forward)
}

fn same_object(a: &Command, b: &Command) -> bool {
    match (a, b) {
        (Command::Put(x), Command::Put(y)) => x.id() == y.id(),
        (Command::SetInfo(_), Command::SetInfo(_)) => true,
        _ => false,
    }
}

impl History {
    /// Applies a command to `case` and records how to undo it.
    pub fn apply(&mut self, case: &mut Case, command: Command) -> Result<Applied, CommandError> {
        let backward = backward_of(case, &command);
        // A delete is named before its object goes; anything else after it is in place.
        let deleting = matches!(command, Command::Delete(_));
        let label_before = deleting.then(|| command.describe_in(case));
        let applied = case.apply(command.clone())?;
        let label = label_before.unwrap_or_else(|| command.describe_in(case));
        self.redo.clear();
        let now = Instant::now();
        if let Some(last) = self.undo.last_mut()
            && same_object(&last.forward, &command)
            && now.duration_since(last.at) < MERGE_WINDOW
        {
            last.forward = command;
            last.at = now;
            last.label = label;
        } else {
            self.undo.push(Step {
                forward: command,
                backward,
                at: now,
                label,
            });
            if self.undo.len() > MAX_STEPS {
                self.undo.remove(0);
            }
        }
        Ok(applied)
    }

    /// Undoes the last step; returns what it was, or `None` if there is nothing to undo.
    pub fn undo(&mut self, case: &mut Case) -> Option<String> {
        let step = self.undo.pop()?;
        let redo_backward = backward_of(case, &step.forward);
        // A redo puts back the objects as the step left them, with their versions, rather
        // than making the edit again at a new time.
        let forward = restoring(case, step.forward);
        match step.backward {
            Backward::Command(command) => {
                // The opposite of an applied command always applies; if the case was changed
                // outside the history, drop the step rather than guess.
                case.apply(*command).ok()?;
            }
            Backward::Snapshot(before) => *case = *before,
        }
        let label = step.label.clone();
        self.redo.push(Step {
            forward,
            backward: redo_backward,
            at: Instant::now(),
            label: step.label,
        });
        Some(label)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, case: &mut Case) -> Option<String> {
        let step = self.redo.pop()?;
        let backward = backward_of(case, &step.forward);
        case.apply(step.forward.clone()).ok()?;
        let label = step.label.clone();
        self.undo.push(Step {
            forward: step.forward,
            backward,
            at: Instant::now() - MERGE_WINDOW,
            label: step.label,
        });
        Some(label)
    }

    pub fn undo_label(&self) -> Option<String> {
        self.undo.last().map(|s| s.label.clone())
    }

    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|s| s.label.clone())
    }

    /// Ends the current merge window: the next edit is a step of its own.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.at = Instant::now() - MERGE_WINDOW;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;
    use crate::model::{CaseObject, Id, MapPlacement};

    #[test]
    fn undo_and_redo_restore_every_kind_of_command() {
        let original = example_case();
        let mut case = original.clone();
        let mut history = History::default();
        let mut info = case.info();
        info.title = "Changed".into();
        history.apply(&mut case, Command::SetInfo(info)).unwrap();
        history.seal();
        let mut actor = case.actor(&Id::new("actor--nato")).unwrap().clone();
        actor.name = "OTAN".into();
        history
            .apply(&mut case, Command::Put(CaseObject::Actor(actor)))
            .unwrap();
        history.seal();
        history
            .apply(
                &mut case,
                Command::Place(vec![(
                    Id::new("actor--iran"),
                    Some(MapPlacement {
                        x: 1.0,
                        y: 2.0,
                        pinned: true,
                    }),
                )]),
            )
            .unwrap();
        history
            .apply(
                &mut case,
                Command::Delete(Id::new("actor--homeland-justice")),
            )
            .unwrap();
        let edited = case.clone();
        while history.undo(&mut case).is_some() {}
        assert_eq!(case.actors, original.actors);
        assert_eq!(case.relationships, original.relationships);
        assert_eq!(case.citations, original.citations);
        assert_eq!(case.title, original.title);
        while history.redo(&mut case).is_some() {}
        assert_eq!(case.actors, edited.actors);
        assert_eq!(case.judgments, edited.judgments);
        assert_eq!(case.title, "Changed");
    }

    #[test]
    fn typing_in_one_field_undoes_as_one_step() {
        let mut case = example_case();
        let mut history = History::default();
        for name in ["N", "NA", "NAT", "NATO!"] {
            let mut actor = case.actor(&Id::new("actor--nato")).unwrap().clone();
            actor.name = name.into();
            history
                .apply(&mut case, Command::Put(CaseObject::Actor(actor)))
                .unwrap();
        }
        // Named as it was last typed.
        assert_eq!(
            history.undo(&mut case).as_deref(),
            Some("edit of actor “NATO!”")
        );
        assert_eq!(case.actor(&Id::new("actor--nato")).unwrap().name, "NATO");
        assert!(history.undo(&mut case).is_none());
    }

    #[test]
    fn a_delete_is_named_by_what_it_took() {
        let mut case = example_case();
        let mut history = History::default();
        history
            .apply(&mut case, Command::Delete(Id::new("actor--nato")))
            .unwrap();
        assert_eq!(
            history.undo_label().as_deref(),
            Some("delete of actor “NATO”")
        );
        assert_eq!(
            history.undo(&mut case).as_deref(),
            Some("delete of actor “NATO”")
        );
        assert_eq!(
            history.redo_label().as_deref(),
            Some("delete of actor “NATO”")
        );
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut case = example_case();
        let mut history = History::default();
        history
            .apply(&mut case, Command::Delete(Id::new("actor--nato")))
            .unwrap();
        history.undo(&mut case).unwrap();
        assert!(history.redo_label().is_some());
        history
            .apply(&mut case, Command::Delete(Id::new("actor--iran")))
            .unwrap();
        assert!(history.redo_label().is_none());
    }
}
