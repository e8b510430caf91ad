//! Three-way merge of case files (`casebook merge BASE OURS THEIRS`, a git merge driver): edits
//! of different objects, and of different fields of one object, combine; two edits of the same
//! field are a conflict, kept in the case with all three versions for the analyst to resolve
//! (mine, theirs, or an edit), never lost and never a broken file.
//!
//! The merge works on the case file's JSON, so fields this version of Casebook does not know
//! merge too. An object deleted on one side and changed on the other is a conflict (the changed
//! version stays in the case); one deleted on one side that the other side still refers to is
//! kept, with a conflict saying why.

use super::diff::COLLECTIONS;
use super::{Case, Id};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Edits of one object (or one of the case's own fields) that a merge could not combine: the
/// three versions as the case file writes them (`None` where that side has no such object).
/// The case holds our version (theirs, if ours deleted it) until the analyst resolves it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeConflict {
    /// `actor`, `event` … or `case` for one of the case's own fields.
    pub kind: String,
    /// The object's id, or the case field's name.
    pub id: String,
    /// What to call it, as the case names it.
    pub name: String,
    /// The fields both sides changed differently (empty: one side deleted it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Why, in words: "both changed description", "deleted in theirs, changed in ours" …
    pub reason: String,
    #[serde(default)]
    pub base: Option<Value>,
    #[serde(default)]
    pub ours: Option<Value>,
    #[serde(default)]
    pub theirs: Option<Value>,
}

/// Why a merge could not be made (the inputs are left as they were).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("the merged case is not valid and could not be made valid: {0}")]
    Invalid(String),
}

/// The merged case and what the merge did.
#[derive(Debug)]
pub struct Merged {
    /// The merged case, its unresolved conflicts in `conflicts` (older ones kept).
    pub case: Case,
    /// Conflicts this merge found.
    pub new_conflicts: usize,
    /// Objects taken from theirs (added or changed there only).
    pub from_theirs: usize,
}

/// Which side a merged value came from, for the counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Either,
    Ours,
    Theirs,
}

/// Three-way merge of one value: `Ok` with the merged value and the side it came from, or
/// `Err` when both sides changed it differently. `None` is "absent".
fn merge_value(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Result<(Option<Value>, Side), ()> {
    if ours == theirs {
        return Ok((ours.cloned(), Side::Either));
    }
    if base == ours {
        return Ok((theirs.cloned(), Side::Theirs));
    }
    if base == theirs {
        return Ok((ours.cloned(), Side::Ours));
    }
    Err(())
}

/// Lists whose items have no id (analysts, briefing records, dismissals, aliases): an item
/// either side added is in, one either side removed is out, in our order then theirs.
fn merge_list(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = ours
        .iter()
        .filter(|v| theirs.contains(v) || !base.contains(v))
        .cloned()
        .collect();
    for v in theirs {
        if !ours.contains(v) && !base.contains(v) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

fn as_list(v: Option<&Value>) -> Option<&[Value]> {
    match v {
        None => Some(&[]),
        Some(Value::Array(items)) => Some(items),
        Some(_) => None,
    }
}

/// Fields whose lists merge item by item rather than as a whole.
const LIST_FIELDS: &[&str] = &["analysts", "briefings", "dismissals", "aliases"];

/// The later (or the earlier) of two times as the case file writes them; the one that is a time
/// if only one is.
fn pick_time(a: Option<&Value>, b: Option<&Value>, later: bool) -> Option<Value> {
    let time = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    };
    match (time(a), time(b)) {
        (Some(x), Some(y)) if (y > x) == later && y != x => b.cloned(),
        (Some(_), _) => a.cloned(),
        _ => b.cloned().or_else(|| a.cloned()),
    }
}

/// Merges the fields of one object (or of the case), returning the merged fields and the names
/// of those both sides changed differently (where ours is kept).
fn merge_fields(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    skip: &dyn Fn(&str) -> bool,
) -> (Map<String, Value>, Vec<String>, bool) {
    let mut keys: Vec<&String> = ours
        .keys()
        .chain(theirs.keys())
        .chain(base.keys())
        .collect();
    let mut seen = HashSet::new();
    keys.retain(|k| seen.insert(k.as_str()));
    let mut out = Map::new();
    let mut conflicts = Vec::new();
    let mut took_theirs = false;
    for key in keys {
        if skip(key) {
            continue;
        }
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        // A version's times are not edits: the later change, the earlier record.
        if key == "modified" || key == "created" {
            if let Some(v) = pick_time(o, t, key == "modified") {
                out.insert(key.clone(), v);
            }
            continue;
        }
        if LIST_FIELDS.contains(&key.as_str())
            && let (Some(bl), Some(ol), Some(tl)) = (as_list(b), as_list(o), as_list(t))
        {
            let mut merged = merge_list(bl, ol, tl);
            if key == "aliases" {
                // The same alias added on both sides in different case is one alias.
                let mut seen = HashSet::new();
                merged.retain(|a| seen.insert(a.as_str().map(|a| a.trim().to_lowercase())));
            }
            took_theirs |= merged.as_slice() != ol;
            if !merged.is_empty() || o.is_some() || t.is_some() {
                out.insert(key.clone(), Value::Array(merged));
            }
            continue;
        }
        match merge_value(b, o, t) {
            Ok((value, side)) => {
                took_theirs |= side == Side::Theirs;
                if let Some(value) = value {
                    out.insert(key.clone(), value);
                }
            }
            Err(()) => {
                conflicts.push(key.clone());
                if let Some(o) = o {
                    out.insert(key.clone(), o.clone());
                }
            }
        }
    }
    (out, conflicts, took_theirs)
}

/// A collection's objects by id, in file order, as the case file writes them.
type Items = Vec<(String, Map<String, Value>)>;

fn items_by_id(value: Option<&Value>) -> Items {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let o = item.as_object()?;
                    Some((o.get("id")?.as_str()?.to_owned(), o.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn name_of(object: &Map<String, Value>, id: &str) -> String {
    object
        .get("name")
        .or_else(|| object.get("title"))
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_owned()
}

/// Every string in `value` that is one of `ids`: the references an object makes.
fn references<'a>(value: &Value, ids: &'a HashSet<String>, out: &mut Vec<&'a String>) {
    match value {
        Value::String(s) => {
            if let Some(id) = ids.get(s) {
                out.push(id);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, ids, out)),
        Value::Object(m) => references_in(m, ids, out),
        _ => {}
    }
}

/// [`references`] of an object's fields.
fn references_in<'a>(
    fields: &Map<String, Value>,
    ids: &'a HashSet<String>,
    out: &mut Vec<&'a String>,
) {
    for (k, v) in fields {
        // Keys that are ids (an event's roles) are references too.
        if let Some(id) = ids.get(k) {
            out.push(id);
        }
        references(v, ids, out);
    }
}

/// Merges `ours` and `theirs`, both made from `base`.
pub fn merge(base: &Case, ours: &Case, theirs: &Case) -> Result<Merged, MergeError> {
    let to_map = |case: &Case| match serde_json::to_value(case) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let (b, o, t) = (to_map(base), to_map(ours), to_map(theirs));
    let is_collection = |k: &str| COLLECTIONS.iter().any(|(name, _)| *name == k);
    let mut conflicts: Vec<MergeConflict> = Vec::new();

    // The case's own fields.
    let (mut merged, case_conflicts, case_from_theirs) =
        merge_fields(&b, &o, &t, &|k| is_collection(k) || k == "conflicts");
    for field in case_conflicts {
        conflicts.push(MergeConflict {
            kind: "case".into(),
            id: field.clone(),
            name: format!("the case's {field}"),
            fields: vec![field.clone()],
            reason: format!("both changed the case's {field}"),
            base: b.get(&field).cloned(),
            ours: o.get(&field).cloned(),
            theirs: t.get(&field).cloned(),
        });
    }
    let mut taken_from_theirs = usize::from(case_from_theirs);

    // Every object of every side, to restore one deleted on one side but referred to.
    let mut anywhere: HashMap<String, (&str, Map<String, Value>)> = HashMap::new();
    let mut collections: Vec<(&str, Items)> = Vec::new();
    for (collection, kind) in COLLECTIONS {
        let (bi, oi, ti) = (
            items_by_id(b.get(collection)),
            items_by_id(o.get(collection)),
            items_by_id(t.get(collection)),
        );
        for (id, item) in bi.iter().chain(&ti).chain(&oi) {
            anywhere.insert(id.clone(), (collection, item.clone()));
        }
        let (out, taken) = merge_collection(kind, &bi, &oi, &ti, &mut conflicts);
        taken_from_theirs += taken;
        collections.push((collection, out));
    }

    // What one side deleted and the merged case still refers to comes back.
    let all_ids: HashSet<String> = anywhere.keys().cloned().collect();
    loop {
        let present: HashSet<&str> = collections
            .iter()
            .flat_map(|(_, items)| items.iter().map(|(id, _)| id.as_str()))
            .collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for (_, items) in &collections {
            for (id, item) in items {
                let mut refs = Vec::new();
                references_in(item, &all_ids, &mut refs);
                for r in refs {
                    if r != id && !present.contains(r.as_str()) {
                        missing.push((r.clone(), id.clone()));
                    }
                }
            }
        }
        if missing.is_empty() {
            break;
        }
        for (gone, by) in missing {
            let Some((collection, item)) = anywhere.get(&gone).cloned() else {
                continue;
            };
            let Some((_, items)) = collections.iter_mut().find(|(c, _)| *c == collection) else {
                continue;
            };
            if items.iter().any(|(id, _)| *id == gone) {
                continue;
            }
            let kind = COLLECTIONS
                .iter()
                .find(|(c, _)| *c == collection)
                .map_or("object", |(_, k)| k);
            let side = if find_in(&o, collection, &gone).is_some() {
                "theirs"
            } else {
                "ours"
            };
            conflicts.push(MergeConflict {
                kind: kind.into(),
                id: gone.clone(),
                name: name_of(&item, &gone),
                fields: vec![],
                reason: format!("deleted in {side}, but {by} still refers to it: kept"),
                base: find_in(&b, collection, &gone),
                ours: find_in(&o, collection, &gone),
                theirs: find_in(&t, collection, &gone),
            });
            items.push((gone, item));
        }
    }

    for (collection, items) in collections {
        merged.insert(
            collection.into(),
            Value::Array(items.into_iter().map(|(_, v)| Value::Object(v)).collect()),
        );
    }
    // Conflicts still open on either side stay, and this merge's join them.
    let older = |m: &Map<String, Value>| m.get("conflicts").and_then(Value::as_array).cloned();
    let mut all_conflicts = merge_list(
        &older(&b).unwrap_or_default(),
        &older(&o).unwrap_or_default(),
        &older(&t).unwrap_or_default(),
    );
    let new_conflicts = conflicts.len();
    all_conflicts.extend(
        conflicts
            .iter()
            .filter_map(|c| serde_json::to_value(c).ok()),
    );
    if !all_conflicts.is_empty() {
        merged.insert("conflicts".into(), Value::Array(all_conflicts));
    }
    let case: Case = serde_json::from_value(Value::Object(merged))
        .map_err(|e| MergeError::Invalid(e.to_string()))?;
    let problems = super::validate::check_case(&case);
    if let Some(first) = problems.first() {
        return Err(MergeError::Invalid(format!(
            "{first}{}",
            if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    Ok(Merged {
        case,
        new_conflicts,
        from_theirs: taken_from_theirs,
    })
}

/// Merges one collection's objects (ours in our order, then what theirs added), recording each
/// conflict; returns the merged objects and how many came from theirs.
fn merge_collection(
    kind: &str,
    bi: &Items,
    oi: &Items,
    ti: &Items,
    conflicts: &mut Vec<MergeConflict>,
) -> (Items, usize) {
    let mut taken_from_theirs = 0;
    let b_map: HashMap<&str, &Map<String, Value>> =
        bi.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let t_map: HashMap<&str, &Map<String, Value>> =
        ti.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let o_ids: HashSet<&str> = oi.iter().map(|(k, _)| k.as_str()).collect();
    let mut out: Items = Vec::new();
    let mut conflict = |id: &str, name: String, fields: Vec<String>, reason: String| {
        let get =
            |m: &HashMap<&str, &Map<String, Value>>| m.get(id).map(|v| Value::Object((*v).clone()));
        conflicts.push(MergeConflict {
            kind: kind.into(),
            id: id.to_owned(),
            name,
            fields,
            reason,
            base: get(&b_map),
            ours: oi
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, v)| Value::Object(v.clone())),
            theirs: get(&t_map),
        });
    };
    // Ours, in our order, merged with theirs.
    for (id, ours_item) in oi {
        let base_item = b_map.get(id.as_str()).copied();
        match (base_item, t_map.get(id.as_str()).copied()) {
            (_, Some(theirs_item)) => {
                let empty = Map::new();
                let (fields, both, took) =
                    merge_fields(base_item.unwrap_or(&empty), ours_item, theirs_item, &|_| {
                        false
                    });
                taken_from_theirs += usize::from(took);
                if !both.is_empty() {
                    let reason = format!("both changed {}", both.join(", "));
                    conflict(id, name_of(ours_item, id), both, reason);
                }
                out.push((id.clone(), fields));
            }
            // Deleted in theirs: gone, unless ours changed it.
            (Some(base_item), None) => {
                if base_item != ours_item {
                    let reason = "deleted in theirs, changed in ours".to_owned();
                    conflict(id, name_of(ours_item, id), vec![], reason);
                    out.push((id.clone(), ours_item.clone()));
                }
            }
            // Added in ours.
            (None, None) => out.push((id.clone(), ours_item.clone())),
        }
    }
    // Theirs that ours has not: added there, or deleted here.
    for (id, theirs_item) in ti {
        if o_ids.contains(id.as_str()) {
            continue;
        }
        match b_map.get(id.as_str()) {
            None => {
                taken_from_theirs += 1;
                out.push((id.clone(), theirs_item.clone()));
            }
            Some(base_item) if *base_item != theirs_item => {
                let reason = "deleted in ours, changed in theirs".to_owned();
                conflict(id, name_of(theirs_item, id), vec![], reason);
                out.push((id.clone(), theirs_item.clone()));
            }
            Some(_) => {}
        }
    }
    (out, taken_from_theirs)
}

fn find_in(side: &Map<String, Value>, collection: &str, id: &str) -> Option<Value> {
    side.get(collection)?
        .as_array()?
        .iter()
        .find(|item| item.get("id").and_then(Value::as_str) == Some(id))
        .cloned()
}

impl Case {
    /// The open merge conflict about `id`, if any.
    pub fn conflict_about(&self, id: &Id) -> Option<&MergeConflict> {
        self.conflicts.iter().find(|c| c.id == id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;
    use crate::model::{CaseObject, Command, ConflictChoice};

    fn edit(case: &mut Case, id: &str, change: impl FnOnce(&mut crate::model::Actor)) {
        let mut actor = case.actor(&Id::new(id)).unwrap().clone();
        change(&mut actor);
        case.apply(Command::Put(CaseObject::Actor(actor))).unwrap();
    }

    #[test]
    fn edits_of_different_objects_and_fields_merge_cleanly() {
        let base = example_case();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        edit(&mut ours, "actor--nato", |a| a.description = "Ours".into());
        edit(&mut theirs, "actor--iran", |a| {
            a.name = "Iran (theirs)".into()
        });
        edit(&mut theirs, "actor--nato", |a| a.country = "BE".into());
        theirs.title = "Their title".into();
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.new_conflicts, 0, "{:?}", merged.case.conflicts);
        let case = merged.case;
        let nato = case.actor(&Id::new("actor--nato")).unwrap();
        assert_eq!(
            (nato.description.as_str(), nato.country.as_str()),
            ("Ours", "BE")
        );
        assert_eq!(
            case.actor(&Id::new("actor--iran")).unwrap().name,
            "Iran (theirs)"
        );
        assert_eq!(case.title, "Their title");
        // The later of the two versions of NATO.
        let later = ours
            .actor(&Id::new("actor--nato"))
            .unwrap()
            .version
            .modified
            .max(
                theirs
                    .actor(&Id::new("actor--nato"))
                    .unwrap()
                    .version
                    .modified,
            );
        assert_eq!(nato.version.modified, later);
        assert!(case.conflicts.is_empty());
    }

    #[test]
    fn one_field_edited_both_ways_is_a_conflict_resolved_either_way() {
        let base = example_case();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        edit(&mut ours, "actor--nato", |a| a.description = "Ours".into());
        edit(&mut theirs, "actor--nato", |a| {
            a.description = "Theirs".into();
            a.country = "BE".into();
        });
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.new_conflicts, 1);
        let conflict = &merged.case.conflicts[0];
        assert_eq!(
            (conflict.id.as_str(), conflict.fields.clone()),
            ("actor--nato", vec!["description".to_owned()])
        );
        let nato = |case: &Case| case.actor(&Id::new("actor--nato")).unwrap().clone();
        assert_eq!(nato(&merged.case).description, "Ours");
        assert_eq!(
            nato(&merged.case).country,
            "BE",
            "the field only theirs changed"
        );

        let mut taken = merged.case.clone();
        let resolve = |take| Command::ResolveConflict {
            id: "actor--nato".into(),
            take,
        };
        taken.apply(resolve(ConflictChoice::Theirs)).unwrap();
        assert_eq!(nato(&taken).description, "Theirs");
        assert_eq!(nato(&taken).country, "BE");
        assert!(taken.conflicts.is_empty());
        let mut kept = merged.case.clone();
        kept.apply(resolve(ConflictChoice::Mine)).unwrap();
        assert_eq!(nato(&kept).description, "Ours");
        assert!(kept.conflicts.is_empty());
        // A case with an open conflict goes through its file unchanged.
        let bytes = crate::store::to_bytes(&merged.case);
        let path = std::path::Path::new("merged.casebook.json");
        assert_eq!(crate::store::from_bytes(&bytes, path).unwrap(), merged.case);
    }

    #[test]
    fn a_delete_against_an_edit_keeps_the_edit_and_a_reference_keeps_what_it_refers_to() {
        let base = example_case();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.apply(Command::Delete(Id::new("actor--nato"))).unwrap();
        edit(&mut theirs, "actor--nato", |a| {
            a.description = "Theirs".into()
        });
        let merged = merge(&base, &ours, &theirs).unwrap();
        let conflict = merged.case.conflict_about(&Id::new("actor--nato")).unwrap();
        assert_eq!(conflict.reason, "deleted in ours, changed in theirs");
        assert!(conflict.ours.is_none());
        assert_eq!(
            merged
                .case
                .actor(&Id::new("actor--nato"))
                .unwrap()
                .description,
            "Theirs"
        );
        let mut mine = merged.case.clone();
        mine.apply(Command::ResolveConflict {
            id: "actor--nato".into(),
            take: ConflictChoice::Mine,
        })
        .unwrap();
        assert!(mine.actor(&Id::new("actor--nato")).is_none());
        assert_eq!(crate::model::validate::check_case(&mine), vec![]);

        // Theirs deleted an actor; ours linked a new relationship to it.
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        theirs
            .apply(Command::Delete(Id::new("actor--iran")))
            .unwrap();
        let mut link = base.relationships[0].clone();
        link.id = Id::new("relationship--new-link");
        link.target = Id::new("actor--iran");
        ours.apply(Command::Put(CaseObject::Relationship(link)))
            .unwrap();
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert!(merged.case.actor(&Id::new("actor--iran")).is_some());
        let conflict = merged.case.conflict_about(&Id::new("actor--iran")).unwrap();
        assert!(
            conflict.reason.contains("still refers to it"),
            "{}",
            conflict.reason
        );
        assert_eq!(crate::model::validate::check_case(&merged.case), vec![]);
    }

    #[test]
    fn aliases_added_on_both_sides_merge_into_one_list() {
        let base = example_case();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        edit(&mut ours, "actor--nato", |a| a.aliases.push("OTAN".into()));
        edit(&mut theirs, "actor--nato", |a| {
            a.aliases.push("otan".into());
            a.aliases.push("Alliance".into());
        });
        let merged = merge(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.new_conflicts, 0);
        let nato = merged.case.actor(&Id::new("actor--nato")).unwrap();
        assert_eq!(
            nato.aliases,
            ["North Atlantic Treaty Organization", "OTAN", "Alliance"]
        );
    }

    #[test]
    fn the_same_addition_on_both_sides_is_one_object() {
        let base = example_case();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let mut actor = base.actors[0].clone();
        actor.id = Id::new("actor--both");
        actor.name = "Both".into();
        for (side, at) in [
            (&mut ours, "2026-01-01T10:00:00.001Z"),
            (&mut theirs, "2026-01-01T10:00:00.002Z"),
        ] {
            actor.version = crate::model::ObjectVersion {
                created: Some(at.parse().unwrap()),
                modified: Some(at.parse().unwrap()),
            };
            side.apply(Command::Put(CaseObject::Actor(actor.clone())))
                .unwrap();
        }
        let merged = merge(&base, &ours, &theirs).unwrap();
        let both: Vec<_> = merged
            .case
            .actors
            .iter()
            .filter(|a| a.name == "Both")
            .collect();
        assert_eq!(both.len(), 1);
        // Stamped at two moments, the two are otherwise equal: no conflict, the earlier record
        // and the later change.
        assert_eq!(merged.new_conflicts, 0, "{:?}", merged.case.conflicts);
        assert_eq!(
            both[0].version.created,
            Some("2026-01-01T10:00:00.001Z".parse().unwrap())
        );
        assert_eq!(
            both[0].version.modified,
            Some("2026-01-01T10:00:00.002Z".parse().unwrap())
        );
    }
}
