//! Markings in a STIX bundle: the granular markings an object gets for what it holds that is
//! stricter than itself (fields marked apart, citations of stricter sources, their copies in
//! the Casebook extension), and the bundle at one label — the case cut to what may be shared
//! at it, the objects kept from other platforms filtered the same way, and properties under a
//! stricter granular marking left out.

use super::{names, write_bundle};
use crate::model::Case;
use crate::model::{Id, Marking, Withheld, WithheldReason, shareable_at};
use crate::stix::EXTENSION_ID;
use crate::stix::{STIX_OBJECTS_KEY, tlp_marking_id};
use crate::tradecraft::Tlp;
use serde_json::{Map, Value, json};

/// Granular TLP markings to add to one object: the STIX property selected and its level.
#[derive(Default)]
pub(super) struct Granular(Vec<(Tlp, String)>);

impl Granular {
    /// Marks `selectors` at `level` when that is stricter than the object's own `object_level`.
    pub(super) fn mark(&mut self, level: Tlp, object_level: Tlp, selectors: &[String]) {
        if level > object_level {
            self.0.extend(selectors.iter().map(|s| (level, s.clone())));
        }
    }

    /// Adds them to the finished object as `granular_markings` (after any it brought), one
    /// entry per level, keeping only selectors of properties the object has.
    pub(super) fn apply(mut self, mut object: Value) -> Value {
        if self.0.is_empty() {
            return object;
        }
        self.0.sort();
        self.0.dedup();
        let mut entries: Vec<Value> = Vec::new();
        for level in Tlp::ALL {
            let selectors: Vec<&str> = self
                .0
                .iter()
                .filter(|(t, s)| t == level && resolves(&object, s))
                .map(|(_, s)| s.as_str())
                .collect();
            if !selectors.is_empty() {
                entries
                    .push(json!({"marking_ref": tlp_marking_id(*level), "selectors": selectors}));
            }
        }
        if let Value::Object(o) = &mut object
            && !entries.is_empty()
        {
            match o.get_mut("granular_markings") {
                Some(Value::Array(theirs)) => theirs.extend(entries),
                _ => {
                    o.insert("granular_markings".into(), Value::Array(entries));
                }
            }
        }
        object
    }
}

/// Whether a STIX selector (`name`, `external_references.[2]`, `extensions.X.citations.[0]`)
/// selects a property or list item the object has.
fn resolves(object: &Value, selector: &str) -> bool {
    let mut at = object;
    for step in selector.split('.') {
        let next = match step.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(index) => index.parse::<usize>().ok().and_then(|i| at.get(i)),
            None => at.get(step),
        };
        match next {
            Some(v) => at = v,
            None => return false,
        }
    }
    true
}

/// A selector of a property of the Casebook extension.
pub(super) fn in_extension(key: &str) -> String {
    format!("extensions.{EXTENSION_ID}.{key}")
}

/// The object's own marking, in its extension, so a round trip keeps whether it had one.
pub(super) fn mark_extension(cb: &mut Map<String, Value>, marking: &Marking) {
    if let Some(tlp) = marking.tlp {
        cb.insert("tlp".into(), json!(tlp));
    }
    if !marking.fields.is_empty() {
        cb.insert("tlp_fields".into(), json!(marking.fields));
    }
}

/// The STIX properties (and extension properties) that carry each field marked apart.
pub(super) fn field_selectors(
    marking: &Marking,
    selectors: &dyn Fn(&str) -> Vec<String>,
) -> Vec<(Tlp, Vec<String>)> {
    marking
        .fields
        .iter()
        .map(|(field, tlp)| (*tlp, selectors(field)))
        .collect()
}

/// A bundle of what may be shared at one label, and what was left out of it.
pub struct LabelledBundle {
    pub bytes: Vec<u8>,
    /// What was left out, for the analyst (never written into the bundle).
    pub withheld: Vec<Withheld>,
}

/// The case as a STIX 2.1 bundle at `label`: only what may be shared at it (see
/// [`crate::model::marking`]), each object keeping its own marking; objects kept as they came
/// from other platforms are left out when marked stricter or when they refer to what is left
/// out, and properties under a stricter granular marking are left out of what goes.
pub fn to_bytes_at(case: &Case, label: Tlp) -> LabelledBundle {
    let shareable = shareable_at(case, label);
    let mut filtered = shareable.case;
    let mut withheld = shareable.withheld;
    if !withheld.is_empty() {
        // Only the dismissals that still waive a finding of what is shared: their words are
        // then made from it, and quote nothing left out.
        filtered.dismissals = crate::checks::review_sorted(&filtered)
            .dismissed
            .into_iter()
            .map(|(_, d)| d)
            .collect();
    }
    let all = names(case);
    let mut gone: std::collections::HashSet<String> = shareable
        .withheld_ids
        .iter()
        .filter_map(|id| all.of(id).map(str::to_owned))
        .collect();
    if let Some(Value::Array(kept)) = filtered.extra.0.get_mut(STIX_OBJECTS_KEY) {
        let case_tlp = case.tlp;
        // Until nothing more goes: a kept object may refer to another kept object left out.
        loop {
            let before = kept.len();
            kept.retain_mut(
                |object| match kept_object_withheld(object, label, case_tlp, &gone) {
                    None => true,
                    Some(reason) => {
                        let id = object
                            .get("id")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned();
                        let name = object
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_else(|| {
                                object.get("type").and_then(Value::as_str).unwrap_or("")
                            })
                            .to_owned();
                        withheld.push(Withheld {
                            id: Id::new(id.clone()),
                            name,
                            reason,
                        });
                        gone.insert(id);
                        false
                    }
                },
            );
            if kept.len() == before {
                break;
            }
        }
    }
    LabelledBundle {
        bytes: write_bundle(&filtered, Some(label)),
        withheld,
    }
}

/// The TLP level a kept STIX object is marked with (the case's when it has none).
fn kept_object_level(object: &Value, case_tlp: Tlp) -> Tlp {
    object
        .get("object_marking_refs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(crate::stix::tlp_of_marking)
        .max()
        .unwrap_or(case_tlp)
}

/// Why a kept STIX object may not go out at `label`, if it may not; a reference list loses its
/// entries that are gone (and the object goes when such a list is left empty).
fn kept_object_withheld(
    object: &mut Value,
    label: Tlp,
    case_tlp: Tlp,
    gone: &std::collections::HashSet<String>,
) -> Option<WithheldReason> {
    let level = kept_object_level(object, case_tlp);
    if level > label {
        return Some(WithheldReason::Marked(level));
    }
    let Value::Object(o) = object else {
        return None;
    };
    for (key, value) in o.iter_mut() {
        if key.ends_with("_ref")
            && let Some(target) = value.as_str()
            && gone.contains(target)
        {
            return Some(WithheldReason::RefersTo(Id::new(target)));
        }
        if key.ends_with("_refs")
            && key != "object_marking_refs"
            && let Value::Array(list) = value
        {
            let first_gone = list
                .iter()
                .filter_map(Value::as_str)
                .find(|t| gone.contains(*t))
                .map(str::to_owned);
            list.retain(|v| !v.as_str().is_some_and(|t| gone.contains(t)));
            if list.is_empty()
                && let Some(target) = first_gone
            {
                return Some(WithheldReason::RefersTo(Id::new(target)));
            }
        }
    }
    None
}

/// Leaves out of an object every property a granular TLP marking stricter than `label`
/// selects: the whole top-level property (or extension property) it is in, since removing one
/// item of a list would shift the selectors of the rest. The granular markings that selected
/// what went go too.
pub(super) fn strip_stricter_properties(object: &mut Value, label: Tlp) {
    let Some(Value::Array(granular)) = object.get("granular_markings") else {
        return;
    };
    let stricter = |g: &Value| {
        g.get("marking_ref")
            .and_then(Value::as_str)
            .and_then(crate::stix::tlp_of_marking)
            .is_some_and(|t| t > label)
    };
    // The property a selector is in: its first step, or its first three for an extension's.
    let root = |selector: &str| -> String {
        let steps: Vec<&str> = selector.splitn(4, '.').collect();
        if steps[0] == "extensions" && steps.len() >= 3 {
            steps[..3].join(".")
        } else {
            steps[0].to_owned()
        }
    };
    let roots: Vec<String> = granular
        .iter()
        .filter(|g| stricter(g))
        .filter_map(|g| g.get("selectors").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(root)
        .collect();
    if roots.is_empty() {
        return;
    }
    let Value::Object(o) = object else {
        return;
    };
    for r in &roots {
        let steps: Vec<&str> = r.split('.').collect();
        if steps.len() == 3 {
            if let Some(Value::Object(ext)) =
                o.get_mut("extensions").and_then(|e| e.get_mut(steps[1]))
            {
                ext.remove(steps[2]);
            }
        } else {
            o.remove(steps[0]);
        }
    }
    if let Some(Value::Array(granular)) = o.get_mut("granular_markings") {
        granular.retain(|g| {
            !g.get("selectors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|s| roots.contains(&root(s)))
        });
        if granular.is_empty() {
            o.remove("granular_markings");
        }
    }
}
