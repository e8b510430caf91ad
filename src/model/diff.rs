//! What differs between two versions of a case, object by object: the comparison shown when
//! the file on disk changed under an open case, so the analyst can decide what to keep.

use super::{Case, Id};
use serde_json::Value;
use std::collections::HashMap;

/// How one object differs between the two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only in the open case (added here, or deleted on disk).
    OnlyHere,
    /// Only on disk (added there, or deleted here).
    OnlyOnDisk,
    /// In both, with different content.
    Changed,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::OnlyHere => "only in the open case",
            Change::OnlyOnDisk => "only in the file on disk",
            Change::Changed => "changed",
        }
    }
}

/// One difference: the object (or case field), its kind and name, and how it differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// `actor`, `event` … or `case` for the case's own fields.
    pub kind: String,
    /// The object's id, or the field's name for the case's own fields.
    pub id: String,
    /// What to call it: the object's name or title in whichever version has it.
    pub name: String,
    pub change: Change,
}

/// The collections of a case, by the kind their objects are.
pub(crate) const COLLECTIONS: [(&str, &str); 9] = [
    ("actors", "actor"),
    ("relationships", "relationship"),
    ("technical", "technical"),
    ("events", "event"),
    ("sources", "source"),
    ("citations", "citation"),
    ("judgments", "judgment"),
    ("analyses", "analysis"),
    ("briefings", "briefing"),
];

fn by_id(value: &Value) -> Vec<(String, &Value)> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let key = item
                        .get("id")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("#{}", i + 1), str::to_owned);
                    (key, item)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The differences between the open case (`here`) and the version on disk, in the order of
/// the case file: the case's own fields, then each collection.
pub fn compare(here: &Case, on_disk: &Case) -> Vec<Difference> {
    // Serializing gives one generic view of every field, unknown ones included.
    let here_value = serde_json::to_value(here).unwrap_or_default();
    let disk_value = serde_json::to_value(on_disk).unwrap_or_default();
    let empty = serde_json::Map::new();
    let here_fields = here_value.as_object().unwrap_or(&empty);
    let disk_fields = disk_value.as_object().unwrap_or(&empty);
    let mut out = Vec::new();

    let is_collection = |field: &str| COLLECTIONS.iter().any(|(name, _)| *name == field);
    let mut own_fields: Vec<&String> = here_fields
        .keys()
        .chain(disk_fields.keys())
        .filter(|f| !is_collection(f) && f.as_str() != "modified")
        .collect();
    own_fields.sort();
    own_fields.dedup();
    for field in own_fields {
        let change = match (here_fields.get(field), disk_fields.get(field)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(_), Some(_)) => Change::Changed,
            (Some(_), None) => Change::OnlyHere,
            (None, _) => Change::OnlyOnDisk,
        };
        out.push(Difference {
            kind: "case".into(),
            id: field.clone(),
            name: format!("the case's {field}"),
            change,
        });
    }

    for (collection, kind) in COLLECTIONS {
        let here_items = by_id(here_fields.get(collection).unwrap_or(&Value::Null));
        let disk_items = by_id(disk_fields.get(collection).unwrap_or(&Value::Null));
        let disk_map: HashMap<&str, &Value> =
            disk_items.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let here_map: HashMap<&str, &Value> =
            here_items.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let name = |key: &str, case: &Case, value: &Value| {
            let id = Id::new(key);
            if case.contains(&id) {
                case.display_name(&id)
            } else {
                value
                    .get("title")
                    .or_else(|| value.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or(key)
                    .to_owned()
            }
        };
        for (key, value) in &here_items {
            let change = match disk_map.get(key.as_str()) {
                Some(other) if same_but_for_a_position_given(value, other) => continue,
                Some(_) => Change::Changed,
                None => Change::OnlyHere,
            };
            out.push(Difference {
                kind: kind.into(),
                id: key.clone(),
                name: name(key, here, value),
                change,
            });
        }
        for (key, value) in &disk_items {
            if !here_map.contains_key(key.as_str()) {
                out.push(Difference {
                    kind: kind.into(),
                    id: key.clone(),
                    name: name(key, on_disk, value),
                    change: Change::OnlyOnDisk,
                });
            }
        }
    }
    out
}

/// One field of an object (or of the case) that differs: its value before and after (`None`
/// where absent), as the case file writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// What changed from `before` to `after`, object by object, each with the fields that changed
/// (a version's `created` and `modified` left out: they change with every edit). "Only here"
/// is added in `after`, "only on disk" removed from it.
pub fn compare_fields(after: &Case, before: &Case) -> Vec<(Difference, Vec<FieldChange>)> {
    let differences = compare(after, before);
    if differences.is_empty() {
        return Vec::new();
    }
    let value = |case: &Case| serde_json::to_value(case).unwrap_or_default();
    let (after_value, before_value) = (value(after), value(before));
    let index = |v: &Value| -> HashMap<String, Value> {
        let mut out = HashMap::new();
        for (collection, _) in COLLECTIONS {
            for (id, item) in by_id(v.get(collection).unwrap_or(&Value::Null)) {
                out.insert(id, item.clone());
            }
        }
        out
    };
    let (after_items, before_items) = (index(&after_value), index(&before_value));
    differences
        .into_iter()
        .map(|d| {
            let fields = if d.kind == "case" {
                vec![FieldChange {
                    field: d.id.clone(),
                    before: before_value.get(&d.id).cloned(),
                    after: after_value.get(&d.id).cloned(),
                }]
            } else if d.change == Change::Changed {
                let empty = serde_json::Map::new();
                let a = after_items
                    .get(&d.id)
                    .and_then(Value::as_object)
                    .unwrap_or(&empty);
                let b = before_items
                    .get(&d.id)
                    .and_then(Value::as_object)
                    .unwrap_or(&empty);
                let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
                let mut seen = std::collections::HashSet::new();
                keys.retain(|k| seen.insert(k.as_str()));
                keys.into_iter()
                    .filter(|k| !matches!(k.as_str(), "created" | "modified"))
                    .filter(|k| a.get(*k) != b.get(*k))
                    .map(|k| FieldChange {
                        field: k.clone(),
                        before: b.get(k).cloned(),
                        after: a.get(k).cloned(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            (d, fields)
        })
        .collect()
}

/// Whether two versions of an object are the same, or differ only in that one gives a map
/// position the other has none for (the map keeps where it drew an actor with the case; that
/// is not an edit to compare).
fn same_but_for_a_position_given(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return false;
    };
    if a.contains_key("map") == b.contains_key("map") {
        return false;
    }
    let without = |o: &serde_json::Map<String, Value>| {
        let mut o = o.clone();
        o.remove("map");
        o
    };
    without(a) == without(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_the_map_gave_is_not_a_difference_but_a_move_is() {
        let disk = crate::example::example_case();
        let mut here = disk.clone();
        here.actors[0].map = Some(crate::model::MapPlacement {
            x: 1.0,
            y: 2.0,
            pinned: false,
        });
        assert!(compare(&here, &disk).is_empty());
        let mut moved = here.clone();
        moved.actors[0].map = Some(crate::model::MapPlacement {
            x: 5.0,
            y: 2.0,
            pinned: true,
        });
        assert_eq!(compare(&moved, &here).len(), 1);
    }

    #[test]
    fn lists_what_each_side_added_changed_and_left_out() {
        let base = crate::example::example_case();
        let mut here = base.clone();
        let mut disk = base.clone();
        here.title = "Our title".into();
        here.actors[0].name = "Renamed here".into();
        let removed_on_disk = disk.sources.pop().unwrap();
        // Remove its citations too, so the disk version stays a valid case.
        let removed = removed_on_disk.id.clone();
        disk.citations.retain(|c| c.source != removed);
        let mut added = base.actors[1].clone();
        added.id = Id::new("actor--00000000-0000-4000-8000-000000000001");
        added.name = "Added on disk".into();
        disk.actors.push(added);

        let differences = compare(&here, &disk);
        let find = |id: &str| differences.iter().find(|d| d.id == id).cloned();
        assert_eq!(find("title").unwrap().change, Change::Changed);
        let renamed = find(base.actors[0].id.as_str()).unwrap();
        assert_eq!(
            (renamed.change, renamed.name.as_str()),
            (Change::Changed, "Renamed here")
        );
        assert_eq!(
            find(removed.as_str()).unwrap().change,
            Change::OnlyHere,
            "a source deleted on disk is only here"
        );
        let new = find("actor--00000000-0000-4000-8000-000000000001").unwrap();
        assert_eq!(
            (new.change, new.name.as_str(), new.kind.as_str()),
            (Change::OnlyOnDisk, "Added on disk", "actor")
        );
        assert!(
            compare(&base, &base).is_empty(),
            "a case equals itself, whatever its modified time"
        );
    }
}
