//! How an imported object's markings are read: TLP 2.0 marking definitions (by their fixed
//! ids), granular markings on single fields (kept where Casebook models the field), and the
//! markings Casebook does not model (kept as they came, so nothing is lost on export).

use super::*;

/// Whether a marking definition is one of the fixed TLP 2.0 ones Casebook writes itself.
pub(super) fn tlp2_marking(id: &str) -> bool {
    Tlp::ALL
        .iter()
        .any(|t| crate::stix::tlp_marking_id(*t) == id)
}

/// The TLP levels of an object's `object_marking_refs`.
pub(super) fn tlp_levels(o: &Map<String, Value>) -> impl Iterator<Item = Tlp> + '_ {
    o.get("object_marking_refs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(tlp_of_marking)
}

/// The TLP granular markings of an object: each selector with its level.
pub(super) fn granular_tlp(o: &Map<String, Value>) -> Vec<(Tlp, String)> {
    let mut out = Vec::new();
    for g in o
        .get("granular_markings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(level) = g
            .get("marking_ref")
            .and_then(Value::as_str)
            .and_then(tlp_of_marking)
        else {
            continue;
        };
        for selector in g
            .get("selectors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            out.push((level, selector.to_owned()));
        }
    }
    out
}

/// The Casebook field a STIX selector of an object from elsewhere falls in, for the
/// properties Casebook models.
pub(super) fn modelled_field(kind: ObjectKind, selector: &str) -> Option<&'static str> {
    let root = selector.split('.').next().unwrap_or("");
    use ObjectKind as K;
    Some(match (kind, root) {
        (K::Actor, "name") => "name",
        (K::Actor, "description") => "description",
        (K::Actor, "aliases") => "aliases",
        (K::Technical, "name") => "name",
        (K::Technical, "description") => "description",
        (K::Technical, "aliases") => "aliases",
        (K::Event, "name") => "title",
        (K::Event, "description") => "description",
        (K::Source, "name") => "title",
        (K::Source, "description") => "notes",
        (K::Relationship, "description") => "description",
        (K::Judgment, "description") => "rationale",
        _ => return None,
    })
}

/// What Casebook makes of an object from elsewhere (`None` for one Casebook made), for
/// reading its granular markings.
pub(super) fn foreign_kind(o: &Map<String, Value>) -> Option<ObjectKind> {
    if casebook_extension(o).is_some() {
        return None;
    }
    Some(match text(o, "type")? {
        "intrusion-set" | "threat-actor" | "identity" | "location" => ObjectKind::Actor,
        "campaign" | "incident" => ObjectKind::Event,
        "malware" | "tool" | "attack-pattern" | "infrastructure" | "indicator"
        | "vulnerability" => ObjectKind::Technical,
        "report" => ObjectKind::Source,
        "relationship" => ObjectKind::Relationship,
        _ => return None,
    })
}

/// The markings of an object that Casebook does not model, to keep with it: marking refs
/// other than TLP, and granular markings other than TLP or on properties Casebook does not
/// model (for objects from elsewhere; Casebook writes its own again).
pub(super) fn not_modelled_markings(
    key: &str,
    value: &Value,
    kind: Option<ObjectKind>,
) -> Option<Value> {
    let Value::Array(list) = value else {
        return Some(value.clone());
    };
    let kept: Vec<Value> = if key == "object_marking_refs" {
        list.iter()
            .filter(|r| r.as_str().is_none_or(|r| tlp_of_marking(r).is_none()))
            .cloned()
            .collect()
    } else {
        list.iter()
            .filter_map(|g| {
                let is_tlp = g
                    .get("marking_ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| tlp_of_marking(r).is_some());
                if !is_tlp {
                    return Some(g.clone());
                }
                let kind = kind?;
                let mut g = g.clone();
                let selectors: Vec<Value> = g
                    .get("selectors")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter(|s| {
                        s.as_str()
                            .is_some_and(|s| modelled_field(kind, s).is_none())
                    })
                    .cloned()
                    .collect();
                if selectors.is_empty() {
                    return None;
                }
                g.as_object_mut()?
                    .insert("selectors".into(), Value::Array(selectors));
                Some(g)
            })
            .collect()
    };
    (!kept.is_empty()).then_some(Value::Array(kept))
}
