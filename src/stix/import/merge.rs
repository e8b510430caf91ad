//! Setting an imported case against the open one, object by object, matched by id (the STIX id
//! for objects from elsewhere): new, the same, or in conflict — never overwritten unasked.

use crate::fast_hash::FastMap as HashMap;
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
        // Before what refers to it: the events that saw it, the relationships that link it.
        .chain(
            imported
                .technical
                .iter()
                .cloned()
                .map(CaseObject::Technical),
        )
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

/// The objects of types Casebook does not model that an import adds to the open case, with
/// what was decided for the others: each kept object is matched by id against those the case
/// keeps (in one pass, through an index). One not there is added; the same one is counted; a
/// different one with a later `modified` is a newer version and replaces the case's (said in
/// `newer`); any other different one is left out and said in `refused`, as is one whose STIX
/// id the case already writes for an object of its own (or the imported case does).
pub fn kept_to_merge(open: &Case, imported: &Case) -> KeptMerge {
    let mut merge = KeptMerge::default();
    let Some(serde_json::Value::Array(kept)) = imported.extra.0.get(crate::stix::STIX_OBJECTS_KEY)
    else {
        return merge;
    };
    let mut taken = crate::stix::export::stix_ids(open);
    taken.extend(crate::stix::export::stix_ids(imported));
    let kept_in_case: HashMap<&str, &serde_json::Value> =
        match open.extra.0.get(crate::stix::STIX_OBJECTS_KEY) {
            Some(serde_json::Value::Array(mine)) => mine
                .iter()
                .filter_map(|o| Some((o.get("id")?.as_str()?, o)))
                .collect(),
            _ => HashMap::default(),
        };
    let modified = |o: &serde_json::Value| {
        o.get("modified")
            .and_then(serde_json::Value::as_str)
            .and_then(|m| chrono::DateTime::parse_from_rfc3339(m).ok())
    };
    for object in kept {
        let id = object.get("id").and_then(serde_json::Value::as_str);
        if let Some((id, mine)) = id.and_then(|id| taken.get(id).map(|mine| (id, mine))) {
            merge.refused.push(format!(
                "{id} is the STIX id of {mine} in the case; the object is left out so ids stay unique"
            ));
            continue;
        }
        match id.and_then(|id| kept_in_case.get(id).map(|mine| (id, *mine))) {
            None => merge.objects.push(object.clone()),
            Some((_, mine)) if mine == object => merge.same += 1,
            Some((id, mine)) => match (modified(mine), modified(object)) {
                (Some(m), Some(t)) if t > m => {
                    merge.newer.push(format!(
                        "{id}: the bundle's version (modified {}) is newer than the one the case keeps ({}) and replaces it",
                        t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                        m.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    ));
                    merge.objects.push(object.clone());
                }
                (_, None) => merge.refused.push(format!(
                    "{id} differs from the one the case keeps and its `modified` is missing or not a timestamp; the case's is kept"
                )),
                _ => merge.refused.push(format!(
                    "{id} differs from the one the case keeps and is not newer; the case's is kept"
                )),
            },
        }
    }
    merge
}

/// What [`kept_to_merge`] decided for the objects kept as they came.
#[derive(Debug, Default)]
pub struct KeptMerge {
    /// Objects to add, or to put in place of an older version.
    pub objects: Vec<serde_json::Value>,
    /// How many the case keeps already, the same.
    pub same: usize,
    /// A line for each newer version that replaces the case's.
    pub newer: Vec<String>,
    /// A line for each left out, and why.
    pub refused: Vec<String>,
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
    /// Objects of types Casebook does not model, to keep with the case (added, or in place of
    /// an older version with the same id).
    pub stix_objects: Vec<serde_json::Value>,
    /// A line for each of those that replaces an older version.
    pub newer: Vec<String>,
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
    let kept = kept_to_merge(open, imported);
    split.stix_objects = kept.objects;
    split.same += kept.same;
    split.newer = kept.newer;
    split.refused.extend(kept.refused);
    split
}
