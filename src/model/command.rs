//! The one path by which a case changes. Every edit, from any view or from a script, is a
//! [`Command`] applied by [`Case::apply`]: it is checked against the case's rules first and
//! refused whole if it would break one, so a case in memory is always valid. The app hooks its
//! dirty flag (and later undo and autosave) on this one place.

use super::validate::{Problem, check_info, check_object};
use super::version::{stamp, touch};
use super::{
    BriefingRecord, Case, CaseInfo, CaseObject, Dismissal, Id, MapPlacement, ObjectKind,
    ObjectVersion,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::collections::HashSet;

/// One edit of a case.
#[derive(Clone, Debug, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a command lives for one edit (or one undo step) at a time; boxing the object \
              of every Put would cost an allocation per keystroke for a few hundred bytes"
)]
pub enum Command {
    /// Replace the case's title, summary, TLP label and analysts.
    SetInfo(CaseInfo),
    /// Add the object, or replace the object with the same id.
    Put(CaseObject),
    /// Replace several objects as one edit (a change made to all of a selection); refused whole
    /// if any object breaks a rule.
    PutMany(Vec<CaseObject>),
    /// Delete the object and everything that cannot stand without it: relationships of a
    /// deleted actor, judgments on (or claimed by) a deleted event or actor, analyses of a
    /// deleted subject, citations of anything deleted or of a deleted source. Events only lose
    /// the deleted actor from their list; analyses only lose the rows and links it took.
    Delete(Id),
    /// Delete several objects (and their dependents) as one edit.
    DeleteMany(Vec<Id>),
    /// Place actors and technical objects on the map (or clear their place with `None`), all at
    /// once: a layout run or a drag of several nodes is one command.
    Place(Vec<(Id, Option<MapPlacement>)>),
    /// Add or replace many objects as one edit (an import), in the order given so each may
    /// refer to those before it, and keep STIX objects Casebook does not model with the case.
    /// Refused whole if any object breaks a rule.
    Import {
        objects: Vec<CaseObject>,
        stix_objects: Vec<serde_json::Value>,
    },
    /// Replace the records of briefings made from the case (a new briefing appends one).
    SetBriefings(Vec<BriefingRecord>),
    /// Replace the dismissed tradecraft findings (a dismissal appends one, a restore removes
    /// it). Refused if a reason is empty.
    SetDismissals(Vec<Dismissal>),
    /// Close the merge conflict about the object (or case field) `id`, keeping the version
    /// `take` names.
    ResolveConflict { id: String, take: ConflictChoice },
}

/// Which version a resolved merge conflict keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Ours, as the merge found it (an object ours deleted is deleted).
    Mine,
    /// Theirs (an object theirs deleted is deleted).
    Theirs,
    /// The object as it now is in the case: the analyst edited it.
    AsEdited,
}

/// Why a command was refused. The case is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),
    #[error("there is no object {0} in the case")]
    NotFound(Id),
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What an applied command changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    /// Ids of the objects deleted, the named one first.
    pub deleted: Vec<Id>,
}

macro_rules! put_into {
    ($list:expr, $object:expr, $created:expr, $at:expr) => {{
        let mut object = $object;
        match $list.iter_mut().find(|o| o.id == object.id) {
            Some(slot) => {
                stamp(Some(&*slot), &mut object, $created, $at);
                *slot = object
            }
            None => {
                stamp(None, &mut object, $created, $at);
                $list.push(object)
            }
        }
    }};
}

impl Command {
    /// A short description for the Undo and Redo menu items.
    pub fn describe(&self) -> String {
        match self {
            Command::SetInfo(_) => "case details".into(),
            Command::Put(object) => format!("edit of {}", object.kind().label()),
            Command::Delete(id) => {
                format!("delete of {}", id.kind().map_or("object", |k| k.label()))
            }
            Command::DeleteMany(ids) => format!("delete of {} objects", ids.len()),
            Command::PutMany(objects) => {
                let kind = objects.first().map(CaseObject::kind);
                match kind.filter(|k| objects.iter().all(|o| o.kind() == *k)) {
                    Some(kind) => format!(
                        "edit of {}",
                        crate::text::counted(objects.len(), kind.label(), kind.plural_label())
                    ),
                    None => format!(
                        "edit of {}",
                        crate::text::counted(objects.len(), "object", "objects")
                    ),
                }
            }
            Command::Import { objects, .. } => format!("import of {} objects", objects.len()),
            Command::Place(p) if p.len() == 1 => "move on the map".into(),
            Command::Place(_) => "map layout".into(),
            Command::SetBriefings(_) => "briefing record".into(),
            Command::ResolveConflict { .. } => "resolution of a merge conflict".into(),
            Command::SetDismissals(_) => "dismissal of a tradecraft finding".into(),
        }
    }

    /// As [`Self::describe`], naming the object an edit or a delete is of, as `case` names it
    /// (the case after an edit, before a delete): "delete of actor “NATO”".
    pub fn describe_in(&self, case: &Case) -> String {
        let id = match self {
            Command::Put(object) => object.id(),
            Command::Delete(id) => id,
            _ => return self.describe(),
        };
        if case.contains(id) {
            format!(
                "{} {}",
                self.describe(),
                crate::text::quoted(&case.display_name(id), 40)
            )
        } else {
            self.describe()
        }
    }
}

impl Case {
    /// Applies one command, or refuses it and leaves the case as it was.
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let now = ObjectVersion::now();
        let applied = match command {
            Command::SetBriefings(records) => {
                self.briefings = records;
                Applied::default()
            }
            Command::SetDismissals(dismissals) => {
                let problems = super::validate::check_dismissals(&dismissals);
                if !problems.is_empty() {
                    return Err(CommandError::Invalid(problems));
                }
                self.dismissals = dismissals;
                Applied::default()
            }
            Command::ResolveConflict { id, take } => {
                self.resolve_conflict(&id, take, now)?;
                Applied::default()
            }
            Command::SetInfo(info) => {
                let problems = check_info(&info);
                if !problems.is_empty() {
                    return Err(CommandError::Invalid(problems));
                }
                self.title = info.title;
                self.summary = info.summary;
                self.tlp = info.tlp;
                self.tlp_fields = info.tlp_fields;
                self.analysts = info.analysts;
                Applied::default()
            }
            Command::Put(object) => {
                let problems = check_object(self, &object);
                if !problems.is_empty() {
                    return Err(CommandError::Invalid(problems));
                }
                match object {
                    CaseObject::Actor(o) => put_into!(self.actors, o, self.created, now),
                    CaseObject::Technical(o) => put_into!(self.technical, o, self.created, now),
                    CaseObject::Relationship(o) => {
                        put_into!(self.relationships, o, self.created, now)
                    }
                    CaseObject::Event(o) => put_into!(self.events, o, self.created, now),
                    CaseObject::Source(o) => put_into!(self.sources, o, self.created, now),
                    CaseObject::Citation(o) => put_into!(self.citations, o, self.created, now),
                    CaseObject::Judgment(o) => put_into!(self.judgments, o, self.created, now),
                    CaseObject::Analysis(o) => put_into!(self.analyses, o, self.created, now),
                }
                Applied::default()
            }
            Command::Place(placements) => {
                // Actors and technical objects share the map: one index over both lists.
                let index: HashMap<&Id, (bool, usize)> = (self.actors.iter().enumerate())
                    .map(|(i, a)| (&a.id, (true, i)))
                    .chain(
                        self.technical
                            .iter()
                            .enumerate()
                            .map(|(i, t)| (&t.id, (false, i))),
                    )
                    .collect();
                let mut slots = Vec::with_capacity(placements.len());
                for (id, place) in &placements {
                    let Some(&slot) = index.get(id) else {
                        return Err(CommandError::NotFound(id.clone()));
                    };
                    if place.is_some_and(|p| !p.is_valid()) {
                        return Err(CommandError::Invalid(vec![Problem {
                            location: String::new(),
                            id: Some(id.clone()),
                            field: "map",
                            message: "x and y must be finite numbers within ±10,000,000".into(),
                        }]));
                    }
                    slots.push(slot);
                }
                let created = self.created;
                for ((is_actor, slot), (_, place)) in slots.into_iter().zip(placements) {
                    if is_actor {
                        let actor = &mut self.actors[slot];
                        if actor.map != place {
                            actor.map = place;
                            touch(actor, created, now);
                        }
                    } else {
                        let technical = &mut self.technical[slot];
                        if technical.map != place {
                            technical.map = place;
                            touch(technical, created, now);
                        }
                    }
                }
                Applied::default()
            }
            Command::PutMany(objects) => {
                self.import_objects(objects, now)?;
                Applied::default()
            }
            Command::Import {
                objects,
                stix_objects,
            } => {
                self.import_objects(objects, now)?;
                if !stix_objects.is_empty() {
                    let key = crate::stix::STIX_OBJECTS_KEY;
                    let kept = self
                        .extra
                        .0
                        .entry(key.to_owned())
                        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                    if let serde_json::Value::Array(kept) = kept {
                        // Matched by id through an index: an object with the id of one kept
                        // (a newer version, as the import's plan decided) takes its place.
                        let mut at: HashMap<String, usize> = kept
                            .iter()
                            .enumerate()
                            .filter_map(|(i, k)| Some((k.get("id")?.as_str()?.to_owned(), i)))
                            .collect();
                        for object in stix_objects {
                            let id = object.get("id").and_then(|i| i.as_str()).map(str::to_owned);
                            match id.as_ref().and_then(|id| at.get(id)) {
                                Some(&i) => kept[i] = object,
                                None => {
                                    if let Some(id) = id {
                                        at.insert(id, kept.len());
                                    }
                                    kept.push(object);
                                }
                            }
                        }
                    }
                }
                Applied::default()
            }
            Command::Delete(id) => {
                if !self.contains(&id) {
                    return Err(CommandError::NotFound(id));
                }
                Applied {
                    deleted: self.delete_with_dependents(id, now),
                }
            }
            Command::DeleteMany(ids) => {
                if let Some(missing) = ids.iter().find(|id| !self.contains(id)) {
                    return Err(CommandError::NotFound(missing.clone()));
                }
                let mut deleted = Vec::new();
                for id in ids {
                    // An earlier delete may already have taken it as a dependent.
                    if self.contains(&id) {
                        deleted.extend(self.delete_with_dependents(id, now));
                    }
                }
                Applied { deleted }
            }
        };
        self.modified = now;
        Ok(applied)
    }

    /// Adds or replaces many objects, checked against the case as it grows, with an index so a
    /// large import takes time in proportion to its size. Refused whole at the first problem.
    fn import_objects(
        &mut self,
        objects: Vec<CaseObject>,
        now: DateTime<Utc>,
    ) -> Result<(), CommandError> {
        use super::validate::check_object_with;
        let mut slots: HashMap<Id, usize> = HashMap::new();
        macro_rules! index {
            ($($list:ident),*) => {$(
                for (i, o) in self.$list.iter().enumerate() {
                    slots.insert(o.id.clone(), i);
                }
            )*};
        }
        index!(
            actors,
            technical,
            relationships,
            events,
            sources,
            citations,
            judgments,
            analyses
        );
        for object in &objects {
            let problems = check_object_with(&|id: &Id| slots.contains_key(id), object);
            if !problems.is_empty() {
                return Err(CommandError::Invalid(problems));
            }
            // Later objects may refer to this one.
            slots.entry(object.id().clone()).or_insert(usize::MAX);
        }
        macro_rules! place {
            ($list:ident, $o:expr) => {{
                let mut o = $o;
                match slots.get(&o.id).copied().filter(|&i| i != usize::MAX) {
                    Some(i) => {
                        stamp(Some(&self.$list[i]), &mut o, self.created, now);
                        self.$list[i] = o
                    }
                    None => {
                        stamp(None, &mut o, self.created, now);
                        slots.insert(o.id.clone(), self.$list.len());
                        self.$list.push(o);
                    }
                }
            }};
        }
        for object in objects {
            match object {
                CaseObject::Actor(o) => place!(actors, o),
                CaseObject::Technical(o) => place!(technical, o),
                CaseObject::Relationship(o) => place!(relationships, o),
                CaseObject::Event(o) => place!(events, o),
                CaseObject::Source(o) => place!(sources, o),
                CaseObject::Citation(o) => place!(citations, o),
                CaseObject::Judgment(o) => place!(judgments, o),
                CaseObject::Analysis(o) => place!(analyses, o),
            }
        }
        Ok(())
    }

    /// Closes the merge conflict about `id`, putting the chosen version in place: checked as
    /// any edit, and refused whole if the version would break a rule.
    fn resolve_conflict(
        &mut self,
        id: &str,
        take: ConflictChoice,
        now: DateTime<Utc>,
    ) -> Result<(), CommandError> {
        let Some(at) = self.conflicts.iter().position(|c| c.id == id) else {
            return Err(CommandError::NotFound(Id::new(id)));
        };
        let conflict = self.conflicts[at].clone();
        let chosen = match take {
            ConflictChoice::AsEdited => {
                self.conflicts.remove(at);
                return Ok(());
            }
            ConflictChoice::Mine => conflict.ours.clone(),
            ConflictChoice::Theirs => conflict.theirs.clone(),
        };
        let invalid = |message: String| {
            CommandError::Invalid(vec![Problem {
                location: String::new(),
                id: Some(Id::new(id)),
                field: "conflicts",
                message,
            }])
        };
        if conflict.kind == "case" {
            // One of the case's own fields: set through the case file's form of it.
            let mut value = serde_json::to_value(&*self).map_err(|e| invalid(e.to_string()))?;
            if let Some(fields) = value.as_object_mut() {
                match chosen {
                    Some(v) => fields.insert(id.to_owned(), v),
                    None => fields.remove(id),
                };
            }
            let mut case: Case =
                serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
            let problems = check_info(&case.info());
            if !problems.is_empty() {
                return Err(CommandError::Invalid(problems));
            }
            case.conflicts.remove(at);
            *self = case;
            return Ok(());
        }
        // Both changed some fields: the case holds ours for those, and the rest merged; theirs
        // takes their values of those fields alone.
        let chosen = if conflict.fields.is_empty() {
            chosen
        } else if take == ConflictChoice::Mine {
            self.conflicts.remove(at);
            return Ok(());
        } else {
            let current = self
                .object(&Id::new(id))
                .ok_or_else(|| CommandError::NotFound(Id::new(id)))?;
            let mut value = object_value(&current).map_err(invalid)?;
            let theirs = conflict.theirs.as_ref().and_then(|t| t.as_object());
            if let Some(fields) = value.as_object_mut() {
                for field in &conflict.fields {
                    match theirs.and_then(|t| t.get(field)) {
                        Some(v) => fields.insert(field.clone(), v.clone()),
                        None => fields.remove(field),
                    };
                }
            }
            Some(value)
        };
        match chosen {
            Some(value) => {
                let object = object_from_value(&conflict.kind, value).map_err(invalid)?;
                let problems = check_object(self, &object);
                if !problems.is_empty() {
                    return Err(CommandError::Invalid(problems));
                }
                self.import_objects(vec![object], now)?;
            }
            None => {
                let id = Id::new(id);
                if self.contains(&id) {
                    self.delete_with_dependents(id, now);
                }
            }
        }
        self.conflicts.remove(at);
        Ok(())
    }

    /// The ids a delete of all of `ids` would remove, the named ones first, each once.
    pub fn deletion_closure_of_all(&self, ids: &[Id]) -> Vec<Id> {
        let mut seen: HashSet<Id> = HashSet::new();
        let mut out: Vec<Id> = ids
            .iter()
            .filter(|id| seen.insert((*id).clone()))
            .cloned()
            .collect();
        for id in ids {
            for dependent in self.deletion_closure(id) {
                if seen.insert(dependent.clone()) {
                    out.push(dependent);
                }
            }
        }
        out
    }

    /// The ids a delete of `id` would remove, the named one first.
    pub fn deletion_closure(&self, id: &Id) -> Vec<Id> {
        let mut gone: Vec<Id> = vec![id.clone()];
        let mut set: HashSet<Id> = gone.iter().cloned().collect();
        let mut add = |id: &Id, gone: &mut Vec<Id>| {
            if set.insert(id.clone()) {
                gone.push(id.clone());
            }
        };
        // Relationships and judgments hang on actors and events; citations on anything.
        if matches!(id.kind(), Some(ObjectKind::Actor | ObjectKind::Technical)) {
            for r in &self.relationships {
                if &r.source == id || &r.target == id {
                    add(&r.id, &mut gone);
                }
            }
        }
        for j in &self.judgments {
            if &j.actor == id || &j.subject == id || j.claimed_by.as_ref() == Some(id) {
                add(&j.id, &mut gone);
            }
        }
        for a in &self.analyses {
            if &a.subject == id {
                add(&a.id, &mut gone);
            }
        }
        let removed: HashSet<Id> = gone.iter().cloned().collect();
        for c in &self.citations {
            if removed.contains(&c.cites) || removed.contains(&c.source) {
                add(&c.id, &mut gone);
            }
        }
        gone
    }

    fn delete_with_dependents(&mut self, id: Id, now: DateTime<Utc>) -> Vec<Id> {
        let gone = self.deletion_closure(&id);
        let set: HashSet<&Id> = gone.iter().collect();
        self.actors.retain(|o| !set.contains(&o.id));
        self.technical.retain(|o| !set.contains(&o.id));
        self.relationships.retain(|o| !set.contains(&o.id));
        self.events.retain(|o| !set.contains(&o.id));
        self.sources.retain(|o| !set.contains(&o.id));
        self.citations.retain(|o| !set.contains(&o.id));
        self.judgments.retain(|o| !set.contains(&o.id));
        self.analyses.retain(|o| !set.contains(&o.id));
        // What only loses a reference to what was deleted is changed too: a new version.
        for event in &mut self.events {
            let before = (event.actors.len(), event.roles.len(), event.technical.len());
            event.actors.retain(|a| !set.contains(a));
            event.roles.retain(|a, _| !set.contains(a));
            event.technical.retain(|t| !set.contains(t));
            if before != (event.actors.len(), event.roles.len(), event.technical.len()) {
                touch(event, self.created, now);
            }
        }
        for source in &mut self.sources {
            let relays = source.derived_from.len();
            source.derived_from.retain(|s| !set.contains(s));
            if relays != source.derived_from.len() {
                touch(source, self.created, now);
            }
        }
        // A finding about a deleted object is gone with it, and so is its dismissal.
        self.dismissals
            .retain(|d| d.object.as_ref().is_none_or(|o| !set.contains(o)));
        // An analysis loses the rows and links of what was deleted, not its other work.
        for analysis in &mut self.analyses {
            let mut changed = false;
            let rows = analysis.evidence.len();
            analysis.evidence.retain(|row| !set.contains(&row.citation));
            changed |= rows != analysis.evidence.len();
            for h in &mut analysis.hypotheses {
                if h.actor.as_ref().is_some_and(|a| set.contains(a)) {
                    h.actor = None;
                    changed = true;
                }
                if h.judgment.as_ref().is_some_and(|j| set.contains(j)) {
                    h.judgment = None;
                    changed = true;
                }
            }
            if changed {
                touch(analysis, self.created, now);
            }
        }
        gone
    }
}

/// An object's case-file form.
fn object_value(object: &CaseObject) -> Result<serde_json::Value, String> {
    let value = match object {
        CaseObject::Actor(o) => serde_json::to_value(o),
        CaseObject::Technical(o) => serde_json::to_value(o),
        CaseObject::Relationship(o) => serde_json::to_value(o),
        CaseObject::Event(o) => serde_json::to_value(o),
        CaseObject::Source(o) => serde_json::to_value(o),
        CaseObject::Citation(o) => serde_json::to_value(o),
        CaseObject::Judgment(o) => serde_json::to_value(o),
        CaseObject::Analysis(o) => serde_json::to_value(o),
    };
    value.map_err(|e| e.to_string())
}

/// An object of `kind` (`actor`, `event` …) from its case-file form.
fn object_from_value(kind: &str, value: serde_json::Value) -> Result<CaseObject, String> {
    let read = |e: serde_json::Error| format!("the {kind} cannot be read: {e}");
    Ok(match kind {
        "actor" => CaseObject::Actor(serde_json::from_value(value).map_err(read)?),
        "technical" => CaseObject::Technical(serde_json::from_value(value).map_err(read)?),
        "relationship" => CaseObject::Relationship(serde_json::from_value(value).map_err(read)?),
        "event" => CaseObject::Event(serde_json::from_value(value).map_err(read)?),
        "source" => CaseObject::Source(serde_json::from_value(value).map_err(read)?),
        "citation" => CaseObject::Citation(serde_json::from_value(value).map_err(read)?),
        "judgment" => CaseObject::Judgment(serde_json::from_value(value).map_err(read)?),
        "analysis" => CaseObject::Analysis(serde_json::from_value(value).map_err(read)?),
        other => return Err(format!("{other} is not a kind of object Casebook resolves")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::check_case;
    use crate::model::{Actor, ActorKind, Extra, Relationship, RelationshipKind};
    use crate::tradecraft::{Confidence, Tlp};

    fn actor(id: &str, name: &str) -> CaseObject {
        CaseObject::Actor(Actor {
            id: Id::new(id),
            name: name.into(),
            kind: ActorKind::ThreatGroup,
            aliases: vec![],
            country: String::new(),
            description: String::new(),
            map: None,
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        })
    }

    #[test]
    fn put_adds_then_replaces_and_refuses_bad_objects() {
        let mut case = Case::new("t");
        case.apply(Command::Put(actor("actor--a", "A"))).unwrap();
        case.apply(Command::Put(actor("actor--a", "A2"))).unwrap();
        assert_eq!(case.actors.len(), 1);
        assert_eq!(case.actors[0].name, "A2");
        let err = case
            .apply(Command::Put(actor("actor--b", "  ")))
            .unwrap_err();
        assert!(
            err.to_string().contains("`name`: must not be empty"),
            "{err}"
        );
        let err = case
            .apply(Command::Put(actor("event--b", "B")))
            .unwrap_err();
        assert!(err.to_string().contains("must start with actor--"), "{err}");
        assert_eq!(case.actors.len(), 1);
    }

    #[test]
    fn relationship_to_a_missing_actor_is_refused() {
        let mut case = Case::new("t");
        case.apply(Command::Put(actor("actor--a", "A"))).unwrap();
        let rel = Relationship {
            id: Id::new("relationship--r"),
            kind: RelationshipKind::Targets,
            source: Id::new("actor--a"),
            target: Id::new("actor--nobody"),
            directed: true,
            confidence: Confidence::Low,
            disputed: false,
            valid_from: None,
            valid_until: None,
            description: String::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        };
        let err = case
            .apply(Command::Put(CaseObject::Relationship(rel)))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("actor--nobody, which is not in the case"),
            "{err}"
        );
    }

    #[test]
    fn delete_takes_dependents_and_keeps_the_case_valid() {
        let mut case = crate::example::example_case();
        let hj = Id::new("actor--homeland-justice");
        let closure = case.deletion_closure(&hj);
        assert!(
            closure.len() > 1,
            "homeland justice has relationships and judgments"
        );
        let applied = case.apply(Command::Delete(hj.clone())).unwrap();
        assert_eq!(applied.deleted, closure);
        assert!(case.actor(&hj).is_none());
        assert!(case.referrers(&hj).is_empty());
        assert_eq!(check_case(&case), vec![]);
        assert!(matches!(
            case.apply(Command::Delete(hj)),
            Err(CommandError::NotFound(_))
        ));
    }

    #[test]
    fn several_objects_delete_as_one_edit() {
        let mut case = crate::example::example_case();
        let ids = vec![Id::new("actor--homeland-justice"), Id::new("actor--iran")];
        let closure = case.deletion_closure_of_all(&ids);
        assert_eq!(&closure[..2], &ids[..]);
        let applied = case.apply(Command::DeleteMany(ids.clone())).unwrap();
        let mut got = applied.deleted.clone();
        let mut want = closure.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(check_case(&case), vec![]);
        assert!(case.apply(Command::DeleteMany(ids)).is_err());
    }

    #[test]
    fn set_info_refuses_an_empty_title() {
        let mut case = Case::new("t");
        let mut info = case.info();
        info.title = String::new();
        assert!(case.apply(Command::SetInfo(info.clone())).is_err());
        info.title = "New".into();
        info.tlp = Tlp::Red;
        case.apply(Command::SetInfo(info)).unwrap();
        assert_eq!(case.tlp, Tlp::Red);
    }
}
