//! Setting an imported case against the open one, object by object, matched by id (the STIX id
//! for objects from elsewhere): new, the same, or in conflict — never overwritten unasked.

use super::super::fast_hash::FastMap as HashMap;
use crate::model::{Case, CaseObject, Id, ObjectRef};

/// How one imported object stands against the open case.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeItem {
    /// Not in the case: added.
    New(Box<CaseObject>),
    /// In the case and the same: nothing to do.
    Same(Id),
    /// In the case and different: the analyst chooses.
    Conflict {
        mine: Box<CaseObject>,
        theirs: Box<CaseObject>,
    },
    /// A different object that would be written with the STIX id of one in the case (a
    /// foreign object reusing the id Casebook derives for its own): left out, since ids must
    /// stay unique through export and a later import.
    Collides {
        theirs: Box<CaseObject>,
        stix_id: String,
        mine: Id,
    },
}

impl std::fmt::Display for MergeItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeItem::Collides {
                theirs,
                stix_id,
                mine,
            } => write!(
                f,
                "{} would be written as {stix_id}, the STIX id of {mine} in the case; it is left out so ids stay unique",
                theirs.id()
            ),
            MergeItem::New(o) => write!(f, "{} is new", o.id()),
            MergeItem::Same(id) => write!(f, "{id} is already in the case"),
            MergeItem::Conflict { mine, .. } => write!(f, "{} differs", mine.id()),
        }
    }
}

/// An imported case set against the open one, object by object (matched by id, which is the
/// STIX id for objects from elsewhere), in the order they can be added.
pub fn merge_plan(open: &Case, imported: &Case) -> Vec<MergeItem> {
    let index: HashMap<&Id, ObjectRef> = open.objects_by_id().collect();
    let taken = crate::stix::export::stix_ids(open);
    let mut items = Vec::new();
    let all = imported
        .actors
        .iter()
        .cloned()
        .map(CaseObject::Actor)
        .chain(imported.events.iter().cloned().map(CaseObject::Event))
        .chain(
            imported
                .relationships
                .iter()
                .cloned()
                .map(CaseObject::Relationship),
        )
        .chain(imported.sources.iter().cloned().map(CaseObject::Source))
        .chain(imported.judgments.iter().cloned().map(CaseObject::Judgment))
        .chain(imported.citations.iter().cloned().map(CaseObject::Citation))
        .chain(imported.analyses.iter().cloned().map(CaseObject::Analysis));
    for theirs in all {
        match index.get(theirs.id()) {
            None => {
                let collision = crate::stix::export::stix_id_of(&theirs)
                    .and_then(|stix| taken.get(&stix).map(|mine| (stix, mine.clone())));
                match collision {
                    Some((stix_id, mine)) if &mine != theirs.id() => {
                        items.push(MergeItem::Collides {
                            theirs: Box::new(theirs),
                            stix_id,
                            mine,
                        })
                    }
                    _ => items.push(MergeItem::New(Box::new(theirs))),
                }
            }
            Some(mine) if mine.same_as(&theirs) => items.push(MergeItem::Same(theirs.id().clone())),
            Some(mine) => items.push(MergeItem::Conflict {
                mine: Box::new(mine.to_owned_object()),
                theirs: Box::new(theirs),
            }),
        }
    }
    items
}

/// The objects of types Casebook does not model that an import adds to the open case, and a
/// line for each left out because its STIX id is one the case already writes for an object of
/// its own (or one the imported case does).
pub fn kept_to_merge(open: &Case, imported: &Case) -> (Vec<serde_json::Value>, Vec<String>) {
    let Some(serde_json::Value::Array(kept)) = imported.extra.0.get(crate::stix::STIX_OBJECTS_KEY)
    else {
        return (Vec::new(), Vec::new());
    };
    let mut taken = crate::stix::export::stix_ids(open);
    taken.extend(crate::stix::export::stix_ids(imported));
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for object in kept {
        let id = object.get("id").and_then(serde_json::Value::as_str);
        match id.and_then(|id| taken.get(id).map(|mine| (id, mine))) {
            Some((id, mine)) => refused.push(format!(
                "{id} is the STIX id of {mine} in the case; the object is left out so ids stay unique"
            )),
            None => out.push(object.clone()),
        }
    }
    (out, refused)
}

/// An import set against the open case, split by what is to be done with each object: the
/// command line and the app's review both start from this.
#[derive(Debug, Default)]
pub struct MergeSplit {
    /// Objects not in the case: added.
    pub new: Vec<CaseObject>,
    /// How many are in the case and the same.
    pub same: usize,
    /// Objects in the case that differ: the case's version, then the bundle's.
    pub conflicts: Vec<(CaseObject, CaseObject)>,
    /// Objects left out, each with why (their STIX id is taken).
    pub refused: Vec<String>,
    /// Objects of types Casebook does not model, to keep with the case.
    pub stix_objects: Vec<serde_json::Value>,
}

/// Splits an imported case against the open one (see [`merge_plan`] and [`kept_to_merge`]).
pub fn merge_split(open: &Case, imported: &Case) -> MergeSplit {
    let mut split = MergeSplit::default();
    for item in merge_plan(open, imported) {
        match item {
            MergeItem::New(object) => split.new.push(*object),
            MergeItem::Same(_) => split.same += 1,
            MergeItem::Conflict { mine, theirs } => split.conflicts.push((*mine, *theirs)),
            collision @ MergeItem::Collides { .. } => split.refused.push(collision.to_string()),
        }
    }
    let (kept, refused) = kept_to_merge(open, imported);
    split.stix_objects = kept;
    split.refused.extend(refused);
    split
}
