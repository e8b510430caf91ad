//! Writing a case as one STIX 2.1 bundle.
//!
//! | Casebook | STIX |
//! |---|---|
//! | threat group | `intrusion-set` |
//! | persona, state agency | `threat-actor` |
//! | state, organisation, person, sector | `identity` (organization, individual, class) |
//! | malware, tool, technique, infrastructure, indicator, vulnerability | `malware`, `tool`, `attack-pattern`, `infrastructure`, `indicator`, `vulnerability`, with the ATT&CK or CVE external reference |
//! | attack | `campaign` (first and last seen), `uses` what it saw |
//! | any other event | `note` about the actors involved |
//! | relationship | `relationship`, with the standard type where STIX suggests one for the two objects' types, else `related-to` |
//! | judgment | `relationship` `attributed-to` (else `related-to`) with its analytic confidence as `confidence` (None/Low/Med/High), and a `note` that words it with its likelihood |
//! | claim | the same, `created_by_ref` the claimant when it is an identity |
//! | source | `report` on the objects it is cited for, and an external reference on each |
//! | analysis of competing hypotheses | `note` on its subject |
//! | the case | `report` on everything |
//!
//! Every object carries the case's TLP 2.0 marking and the Casebook extension with what STIX has
//! no property for.

use super::scales::{confidence_to_stix, credibility_to_stix};
use super::{
    CASEBOOK_IDENTITY, EXTENSION_CREATED, EXTENSION_ID, EXTENSION_MODIFIED, EXTENSION_VERSION,
    STIX_ID_KEY, STIX_OBJECTS_KEY, STIX_ORIGINALS_KEY, STIX_PROPERTIES_KEY, TLP2_EXTENSION,
    derived_id, derived_id_of, tlp_marking_id,
};
use crate::fast_hash::FastMap as HashMap;
use crate::model::Withheld;
use crate::model::{
    Actor, ActorKind, Analysis, Case, CaseObject, Citation, Event, EventKind, Extra, Id, Judgment,
    JudgmentStatus, PartialDate, Relationship, RelationshipKind, Source,
};
use crate::tradecraft::Tlp;
use serde_json::{Map, Value, json};

/// The STIX type an actor is written as. A state whose country is known by name or code is a
/// `location` (the country: what OpenCTI models a state as, and where STIX's originates-from
/// and located-at lead); one that is not is an `identity` of the government sector.
pub fn actor_stix_type(actor: &Actor) -> &'static str {
    match actor.kind {
        ActorKind::ThreatGroup => "intrusion-set",
        ActorKind::Persona | ActorKind::Agency => "threat-actor",
        ActorKind::State if state_country(actor).is_some() => "location",
        ActorKind::State | ActorKind::Organisation | ActorKind::Person | ActorKind::Sector => {
            "identity"
        }
    }
}

/// The country a state actor is, by its country field or else its name.
pub fn state_country(actor: &Actor) -> Option<&'static crate::reference::Country> {
    crate::reference::country_of_state(&actor.country, &actor.name)
}

/// The STIX relationship type for a Casebook kind between two STIX types, where STIX 2.1
/// suggests one for that pair; `None` where it does not (written as `related-to`).
pub fn standard_relationship(
    kind: RelationshipKind,
    source_type: &str,
    target_type: &str,
) -> Option<&'static str> {
    let suggested: &[(&str, &[(&str, &str)])] = &[
        (
            "attributed-to",
            &[
                ("intrusion-set", "threat-actor"),
                ("threat-actor", "identity"),
                ("campaign", "intrusion-set"),
                ("campaign", "threat-actor"),
            ],
        ),
        (
            "targets",
            &[
                ("intrusion-set", "identity"),
                ("threat-actor", "identity"),
                ("campaign", "identity"),
                ("intrusion-set", "location"),
                ("threat-actor", "location"),
                ("campaign", "location"),
            ],
        ),
        (
            "located-at",
            &[("threat-actor", "location"), ("identity", "location")],
        ),
        ("impersonates", &[("threat-actor", "identity")]),
        (
            "uses",
            &[
                ("intrusion-set", "attack-pattern"),
                ("intrusion-set", "malware"),
                ("intrusion-set", "tool"),
                ("intrusion-set", "infrastructure"),
                ("threat-actor", "attack-pattern"),
                ("threat-actor", "malware"),
                ("threat-actor", "tool"),
                ("threat-actor", "infrastructure"),
                ("campaign", "attack-pattern"),
                ("campaign", "malware"),
                ("campaign", "tool"),
                ("campaign", "infrastructure"),
                ("malware", "attack-pattern"),
                ("malware", "malware"),
                ("malware", "tool"),
                ("malware", "infrastructure"),
                ("tool", "attack-pattern"),
                ("tool", "infrastructure"),
                ("infrastructure", "infrastructure"),
            ],
        ),
        (
            "indicates",
            &[
                ("indicator", "attack-pattern"),
                ("indicator", "campaign"),
                ("indicator", "infrastructure"),
                ("indicator", "intrusion-set"),
                ("indicator", "malware"),
                ("indicator", "threat-actor"),
                ("indicator", "tool"),
            ],
        ),
        ("communicates-with", &[("infrastructure", "infrastructure")]),
        (
            "exploits",
            &[
                ("malware", "vulnerability"),
                ("infrastructure", "vulnerability"),
            ],
        ),
        ("variant-of", &[("malware", "malware")]),
        (
            "authored-by",
            &[("malware", "intrusion-set"), ("malware", "threat-actor")],
        ),
        (
            "targets",
            &[
                ("intrusion-set", "vulnerability"),
                ("threat-actor", "vulnerability"),
                ("campaign", "vulnerability"),
                ("attack-pattern", "vulnerability"),
                ("malware", "vulnerability"),
                ("tool", "vulnerability"),
            ],
        ),
    ];
    let name = match kind {
        // Malware is authored by a group, in STIX's words; other things are attributed.
        RelationshipKind::AttributedTo if source_type == "malware" => "authored-by",
        // A group that exploits a vulnerability targets it, in STIX's words.
        RelationshipKind::Exploits
            if source_type != "malware" && source_type != "infrastructure" =>
        {
            "targets"
        }
        RelationshipKind::AttributedTo => "attributed-to",
        RelationshipKind::Targets => "targets",
        RelationshipKind::Uses => "uses",
        RelationshipKind::Indicates => "indicates",
        RelationshipKind::CommunicatesWith => "communicates-with",
        RelationshipKind::Exploits => "exploits",
        RelationshipKind::VariantOf => "variant-of",
        RelationshipKind::LocatedAt => "located-at",
        RelationshipKind::Impersonates => "impersonates",
        _ => return None,
    };
    suggested
        .iter()
        .find(|(n, pairs)| *n == name && pairs.contains(&(source_type, target_type)))
        .map(|(n, _)| *n)
}

/// A STIX timestamp (UTC, milliseconds) of a time.
fn timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// A version's time as STIX writes it: to the millisecond, or as finely as it came when it
/// came finer (another platform's version must go back as the same version).
fn version_timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    let nanos = time.timestamp_subsec_nanos();
    let format = if nanos.is_multiple_of(1_000_000) {
        "%Y-%m-%dT%H:%M:%S%.3fZ"
    } else if nanos.is_multiple_of(1_000) {
        "%Y-%m-%dT%H:%M:%S%.6fZ"
    } else {
        "%Y-%m-%dT%H:%M:%S%.9fZ"
    };
    time.format(format).to_string()
}

fn date_start(date: PartialDate) -> String {
    timestamp(date.start())
}

/// The last moment a partial date can mean (the end of its year, month, day or minute).
fn date_end(date: PartialDate) -> String {
    timestamp(date.end_exclusive() - chrono::Duration::milliseconds(1))
}

/// Ids and types of the case's objects in STIX, worked out before anything is written.
struct Names {
    ids: HashMap<Id, (String, &'static str)>,
}

impl Names {
    fn of(&self, id: &Id) -> Option<&str> {
        self.ids.get(id).map(|(s, _)| s.as_str())
    }

    fn type_of(&self, id: &Id) -> Option<&'static str> {
        self.ids.get(id).map(|(_, t)| *t)
    }
}

/// The STIX types an object from another platform may keep (its id's type), by what Casebook
/// made of it.
const KEPT_TYPES: &[&str] = &[
    "intrusion-set",
    "threat-actor",
    "identity",
    "location",
    "campaign",
    "incident",
    "note",
    "malware",
    "tool",
    "attack-pattern",
    "infrastructure",
    "indicator",
    "vulnerability",
    "relationship",
    "report",
    "opinion",
];

/// The STIX id and type of a Casebook object: those it came with from another platform, or
/// derived from its Casebook id and kind.
fn id_for(stix_type: &'static str, id: &Id, extra: &Extra) -> (String, &'static str) {
    let kept = extra
        .0
        .get(STIX_ID_KEY)
        .and_then(Value::as_str)
        .and_then(|kept| {
            let (kind, _) = kept.split_once("--")?;
            let kind = KEPT_TYPES.iter().find(|t| **t == kind)?;
            super::is_stix_id(kept).then(|| (kept.to_owned(), *kind))
        });
    kept.unwrap_or_else(|| (derived_id(stix_type, id), stix_type))
}

fn event_stix_type(kind: EventKind) -> &'static str {
    if kind == EventKind::Attack {
        "campaign"
    } else {
        "note"
    }
}

/// The STIX id an object of the case is written with (`None` for a citation, which is written
/// inside what it cites).
pub fn stix_id_of(object: &CaseObject) -> Option<String> {
    Some(
        match object {
            CaseObject::Actor(a) => id_for(actor_stix_type(a), &a.id, &a.extra),
            CaseObject::Technical(t) => id_for(technical_stix_type(t.kind), &t.id, &t.extra),
            CaseObject::Event(e) => id_for(event_stix_type(e.kind), &e.id, &e.extra),
            CaseObject::Relationship(r) => id_for("relationship", &r.id, &r.extra),
            CaseObject::Judgment(j) => id_for("relationship", &j.id, &j.extra),
            CaseObject::Source(s) => id_for("report", &s.id, &s.extra),
            CaseObject::Analysis(a) => id_for("note", &a.id, &a.extra),
            CaseObject::Citation(_) => return None,
        }
        .0,
    )
}

/// Every STIX id the case is written with, and the Casebook object it comes from.
pub fn stix_ids(case: &Case) -> HashMap<String, Id> {
    names(case)
        .ids
        .into_iter()
        .map(|(id, (stix, _))| (stix, id))
        .collect()
}

fn names(case: &Case) -> Names {
    let mut ids = HashMap::default();
    for a in &case.actors {
        ids.insert(a.id.clone(), id_for(actor_stix_type(a), &a.id, &a.extra));
    }
    for t in &case.technical {
        ids.insert(
            t.id.clone(),
            id_for(technical_stix_type(t.kind), &t.id, &t.extra),
        );
    }
    for e in &case.events {
        ids.insert(
            e.id.clone(),
            id_for(event_stix_type(e.kind), &e.id, &e.extra),
        );
    }
    for r in &case.relationships {
        ids.insert(r.id.clone(), id_for("relationship", &r.id, &r.extra));
    }
    for j in &case.judgments {
        ids.insert(j.id.clone(), id_for("relationship", &j.id, &j.extra));
    }
    for s in &case.sources {
        ids.insert(s.id.clone(), id_for("report", &s.id, &s.extra));
    }
    for a in &case.analyses {
        ids.insert(a.id.clone(), id_for("note", &a.id, &a.extra));
    }
    Names { ids }
}

/// Starts a STIX object with the properties every one has.
fn base(stix_type: &str, id: &str, common: &Times, marking: &str) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("type".into(), Value::String(stix_type.to_owned()));
    o.insert("spec_version".into(), Value::String("2.1".to_owned()));
    o.insert("id".into(), Value::String(id.to_owned()));
    o.insert("created".into(), common.created.clone());
    o.insert("modified".into(), common.modified.clone());
    o.insert(
        "object_marking_refs".into(),
        Value::Array(vec![Value::String(marking.to_owned())]),
    );
    o
}

/// The Casebook extension's list of an object's times that are the case's (it has none of
/// its own).
pub(crate) const CASE_TIMES_KEY: &str = "case_times";
/// The key under which an object's Casebook extension keeps its own `modified` when the STIX
/// `modified` is later, from a change of a citation written into it or of a source it cites
/// (`null`: it has no time of its own).
pub(crate) const OWN_MODIFIED_KEY: &str = "own_modified";

/// The case's own times: its creation stands in for an object's times it lacks (files written
/// before objects had versions); its last change is the case report's.
struct Common {
    created: chrono::DateTime<chrono::Utc>,
    modified: chrono::DateTime<chrono::Utc>,
}

/// An object's `created` and `modified` as STIX writes them.
struct Times {
    created: Value,
    modified: Value,
}

impl Common {
    /// The times of an object of this version.
    fn of(&self, version: crate::model::ObjectVersion) -> Times {
        // The case's times stand in to the millisecond, as STIX times were always written.
        let (created, modified) = version.or_case(self.created);
        let written = |own: Option<_>, time| match own {
            Some(own) if own == time => version_timestamp(time),
            _ => timestamp(time),
        };
        Times {
            created: json!(written(version.created, created)),
            modified: json!(written(version.modified, modified)),
        }
    }

    /// The case's own times, for the report on the whole case (which changes with every edit).
    fn case(&self) -> Times {
        Times {
            created: json!(timestamp(self.created)),
            modified: json!(timestamp(self.modified.max(self.created))),
        }
    }
}

fn put_text(o: &mut Map<String, Value>, key: &str, text: &str) {
    if !text.is_empty() {
        o.insert(key.into(), json!(text));
    }
}

/// Adds the Casebook extension and gives back the properties the object brought from another
/// platform (its kept STIX id aside), written over what Casebook wrote.
fn finish(
    mut o: Map<String, Value>,
    casebook: Map<String, Value>,
    extra: &Extra,
    version: Option<crate::model::ObjectVersion>,
) -> Value {
    let mut casebook = casebook;
    // Times the object has none of its own of: the case's stood in, and it reads back without.
    // (The report on the whole case, `None` here, has the case's own.)
    let stand_ins: Vec<Value> = version
        .map(|v| [("created", v.created), ("modified", v.modified)])
        .into_iter()
        .flatten()
        .filter(|(_, own)| own.is_none())
        .map(|(key, _)| json!(key))
        .collect();
    if !stand_ins.is_empty() {
        casebook.insert(CASE_TIMES_KEY.into(), Value::Array(stand_ins));
    }
    casebook.insert("extension_type".into(), json!("property-extension"));
    // All of the object's extra fields, those it brought from another platform too, so that
    // reading the bundle back gives the same object. The properties it brought are written on
    // the object itself; the extension only names them.
    let own: Map<String, Value> = extra
        .0
        .iter()
        .map(|(k, v)| match (k.as_str(), v) {
            (STIX_PROPERTIES_KEY, Value::Object(kept)) => (
                k.clone(),
                Value::Array(kept.keys().map(|n| Value::String(n.clone())).collect()),
            ),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    if !own.is_empty() {
        casebook.insert("extra".into(), Value::Object(own));
    }
    // Extensions of other platforms the object was given (OpenCTI's, for a source's grade).
    let mut extensions = match o.remove("extensions") {
        Some(Value::Object(theirs)) => theirs,
        _ => Map::new(),
    };
    if let Some(Value::Object(kept)) = extra.0.get(STIX_PROPERTIES_KEY) {
        for (k, v) in kept {
            if k == "extensions" {
                if let Value::Object(theirs) = v {
                    // What Casebook writes in another platform's extension (a grade the
                    // analyst changed) wins over what came in it; the rest is kept.
                    for (id, came) in theirs {
                        match (extensions.get_mut(id), came) {
                            (Some(Value::Object(mine)), Value::Object(came)) => {
                                for (key, value) in came {
                                    mine.entry(key.clone()).or_insert_with(|| value.clone());
                                }
                            }
                            _ => {
                                extensions.entry(id.clone()).or_insert_with(|| came.clone());
                            }
                        }
                    }
                }
            } else if k == "object_marking_refs" || k == "granular_markings" {
                // Markings Casebook does not model (other than TLP) join the ones it wrote.
                let mut merged = match o.remove(k) {
                    Some(Value::Array(mine)) => mine,
                    _ => Vec::new(),
                };
                if let Value::Array(theirs) = v {
                    for item in theirs {
                        if !merged.contains(item) {
                            merged.push(item.clone());
                        }
                    }
                }
                o.insert(k.clone(), Value::Array(merged));
            } else {
                o.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(Value::Object(originals)) = extra.0.get(STIX_ORIGINALS_KEY) {
        for (key, original) in originals {
            if original.as_str() == Some("") {
                // It came empty and is still empty (left out): it goes back empty.
                o.entry(key.clone()).or_insert_with(|| original.clone());
                continue;
            }
            if original.is_null() {
                if o.get(key)
                    .is_some_and(|now| still_the_default(key, now, &o))
                {
                    o.remove(key);
                }
                continue;
            }
            if key == "relationship_type" {
                // The type it came with, while its kind is still the one read from it (Casebook
                // writes `related-to` for a pair STIX suggests nothing for).
                let kind = casebook.get("kind").and_then(Value::as_str);
                if original
                    .as_str()
                    .is_some_and(|t| kind.is_some_and(|k| type_means_kind(t, k)))
                {
                    o.insert(key.clone(), original.clone());
                }
                continue;
            }
            if o.get(key)
                .is_some_and(|now| same_meaning(key, original, now))
            {
                o.insert(key.clone(), original.clone());
            }
        }
    }
    extensions.insert(EXTENSION_ID.into(), Value::Object(casebook));
    o.insert("extensions".into(), Value::Object(extensions));
    Value::Object(o)
}

/// Whether a property the producer did not state still holds the value Casebook gave it on
/// import (low confidence; a start taken from `created`), so it is left out again rather than
/// exported as if someone had said it.
fn still_the_default(key: &str, now: &Value, object: &Map<String, Value>) -> bool {
    match key {
        "confidence" => {
            now.as_u64().and_then(super::scales::stix_to_confidence)
                == Some(crate::tradecraft::Confidence::Low)
        }
        "first_seen" => {
            let created = object
                .get("created")
                .and_then(Value::as_str)
                .and_then(super::import::stix_date);
            created.is_some_and(|c| now.as_str() == Some(date_start(c).as_str()))
        }
        _ => false,
    }
}

/// Whether a property value that came from another platform says what Casebook now writes, so
/// the original (with its seconds, or its exact confidence) can be written back unchanged. An
/// analyst's edit changes the meaning, and then Casebook's value is written.
/// Whether a STIX relationship type is read as this Casebook relationship kind (its code).
fn type_means_kind(relationship_type: &str, kind: &str) -> bool {
    match relationship_type {
        "authored-by" => kind == "attributed-to",
        "targets" => kind == "targets" || kind == "exploits",
        other => other == kind,
    }
}

fn same_meaning(key: &str, original: &Value, now: &Value) -> bool {
    match key {
        "object_marking_refs" => {
            let level = |v: &Value| {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter_map(super::tlp_of_marking)
                    .max()
            };
            level(original).is_some() && level(original) == level(now)
        }
        "confidence" => {
            let (Some(a), Some(b)) = (original.as_u64(), now.as_u64()) else {
                return false;
            };
            super::scales::stix_to_confidence(a) == super::scales::stix_to_confidence(b)
        }
        _ => match (original.as_str(), now.as_str()) {
            // Times: the same to the minute, which is what a Casebook date holds.
            (Some(a), Some(b)) => a.len() >= 16 && b.len() >= 16 && a[..16] == b[..16],
            _ => original == now,
        },
    }
}

mod markings;
mod objects;
mod technical;
pub use technical::technical_stix_type;

use objects::KindWriter;

use markings::{
    Granular, field_selectors, in_extension, mark_extension, strip_stricter_properties,
};
pub use markings::{LabelledBundle, to_bytes_at};

/// The citations of one object, for its extension, and as external references. A citation
/// marked stricter than the object (or citing a stricter source) gets a granular marking.
fn citations_of(
    sources: &HashMap<&Id, &Source>,
    by_object: &HashMap<&Id, Vec<(usize, &Citation)>>,
    id: &Id,
    o: &mut Map<String, Value>,
    casebook: &mut Map<String, Value>,
    (object_level, case_tlp): (Tlp, Tlp),
    granular: &mut Granular,
) {
    let Some(list) = by_object.get(id) else {
        return;
    };
    let mut refs = Vec::new();
    let mut kept = Vec::new();
    for &(position, c) in list {
        let Some(source) = sources.get(&c.source) else {
            continue;
        };
        let level = c
            .marking
            .strictest(case_tlp)
            .max(source.marking.strictest(case_tlp));
        granular.mark(
            level,
            object_level,
            &[
                format!("external_references.[{}]", refs.len()),
                in_extension(&format!("citations.[{}]", kept.len())),
            ],
        );
        let grade = crate::tradecraft::AdmiraltyGrade {
            reliability: source.reliability,
            credibility: c.credibility,
        };
        let mut description = if grade.is_stated() {
            format!("Admiralty grade {grade}")
        } else {
            format!("Admiralty grade: {grade}")
        };
        match c.stance {
            crate::model::Stance::Supports => {}
            crate::model::Stance::Contradicts => description.push_str(", contradicts"),
            crate::model::Stance::About => {
                description.push_str(", about it (whether it supports it is not stated)")
            }
        }
        if !c.quote.is_empty() {
            description.push_str(&format!(": \"{}\"", c.quote));
        }
        if !c.locator.is_empty() {
            description.push_str(&format!(" ({})", c.locator));
        }
        let mut r = Map::new();
        r.insert("source_name".into(), json!(source.title));
        r.insert("description".into(), json!(description));
        put_text(&mut r, "url", &source.url);
        // OpenCTI keeps only external references with a `url` or an `external_id`: each
        // citation is identified by its own id, so none is dropped there.
        r.insert("external_id".into(), json!(c.id.as_str()));
        refs.push(Value::Object(r));
        // The citation as the case file has it (but `cites`, which is this object), with where
        // it stands among the case's citations, so a round trip keeps the order.
        let mut m = Map::new();
        m.insert("id".into(), Value::String(c.id.as_str().to_owned()));
        m.insert("source".into(), Value::String(c.source.as_str().to_owned()));
        if let Some(credibility) = c.credibility {
            m.insert("credibility".into(), json!(credibility.code()));
        }
        if c.stance != crate::model::Stance::Supports {
            m.insert("stance".into(), json!(c.stance.code()));
        }
        if let Some(line) = c.line {
            m.insert("line".into(), json!(line.code()));
        }
        put_text(&mut m, "quote", &c.quote);
        put_text(&mut m, "locator", &c.locator);
        for (k, v) in &c.extra.0 {
            m.insert(k.clone(), v.clone());
        }
        mark_extension(&mut m, &c.marking);
        // A citation is not an object of its own in STIX: its version goes with it here.
        if let Value::Object(version) = json!(c.version) {
            m.extend(version);
        }
        m.insert("position".into(), json!(position));
        if let Some(value) = c.credibility.and_then(credibility_to_stix) {
            m.insert("credibility_stix".into(), json!(value));
        }
        kept.push(Value::Object(m));
    }
    if !refs.is_empty() {
        o.insert("external_references".into(), Value::Array(refs));
        casebook.insert("citations".into(), Value::Array(kept));
    }
}

/// Writes a bundle's objects one by one as they are made, so no tree of the whole bundle is
/// ever built: the output grows, each object's tree is dropped once written.
struct BundleWriter {
    out: Vec<u8>,
    first: bool,
    levels: Vec<Tlp>,
    /// The label the bundle is written at: properties under a stricter granular marking are
    /// left out (everything else stricter was left out before writing).
    label: Option<Tlp>,
}

impl BundleWriter {
    fn push(&mut self, mut object: Value) {
        if let Some(label) = self.label {
            strip_stricter_properties(&mut object, label);
        }
        let granular = object
            .get("granular_markings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("marking_ref"));
        let refs = object
            .get("object_marking_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(granular);
        for level in refs.filter_map(Value::as_str).filter_map(tlp2_of) {
            if !self.levels.contains(&level) {
                self.levels.push(level);
            }
        }
        self.write(&object);
    }

    fn write(&mut self, object: &Value) {
        self.out
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        // Writing a Value to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.out, object);
    }
}

/// The case as a STIX 2.1 bundle (a tree; [`to_bytes`] writes it without building one).
pub fn bundle(case: &Case) -> Value {
    serde_json::from_slice(&to_bytes(case)).unwrap_or(Value::Null)
}

/// The case as a STIX 2.1 bundle, serialized: one object per line. Every object goes, each
/// with its own marking; see [`to_bytes_at`] for a bundle at one label.
pub fn to_bytes(case: &Case) -> Vec<u8> {
    write_bundle(case, None)
}

/// Writes the case as a bundle to `path`, atomically: every object with its own marking
/// (`label` `None`), or only what may be shared at `label`. Gives back the bundle's size in
/// bytes and what was left out.
pub fn write_file(
    case: &Case,
    label: Option<Tlp>,
    path: &std::path::Path,
) -> std::io::Result<(usize, Vec<Withheld>)> {
    write_file_unless(case, label, path, &|| false).map(|written| written.unwrap_or_default())
}

/// As [`write_file`], unless `cancelled` says so before the file is replaced: then nothing is
/// written and the answer is `Ok(None)`.
pub fn write_file_unless(
    case: &Case,
    label: Option<Tlp>,
    path: &std::path::Path,
    cancelled: &dyn Fn() -> bool,
) -> std::io::Result<Option<(usize, Vec<Withheld>)>> {
    let (bytes, withheld) = match label {
        Some(label) => {
            let bundle = to_bytes_at(case, label);
            (bundle.bytes, bundle.withheld)
        }
        None => (to_bytes(case), Vec::new()),
    };
    let written = crate::store::atomic::write_atomically_unless(path, &bytes, cancelled)?;
    Ok(written.then_some((bytes.len(), withheld)))
}

fn write_bundle(case: &Case, label: Option<Tlp>) -> Vec<u8> {
    let bundle_id = derived_id_of("bundle", &format!("bundle:{}:{}", case.title, case.created));
    let mut writer = BundleWriter {
        out: Vec::with_capacity(case.object_count() * 900 + 4096),
        first: true,
        levels: Vec::new(),
        label,
    };
    writer.out.extend_from_slice(
        format!("{{\"type\": \"bundle\", \"id\": \"{bundle_id}\", \"objects\": [").as_bytes(),
    );
    let names = names(case);
    let mut second = BundleWriter {
        out: Vec::with_capacity(case.object_count() * 500 + 4096),
        first: false,
        levels: Vec::new(),
        label,
    };
    std::thread::scope(|scope| {
        scope.spawn(|| write_objects(case, &names, false, &mut second));
        write_objects(case, &names, true, &mut writer);
    });
    if writer.first && !second.out.is_empty() {
        // Nothing in the first half: the second half's leading comma goes.
        writer.out.extend_from_slice(&second.out[1..]);
        writer.first = false;
    } else {
        writer.first &= second.out.is_empty();
        writer.out.extend_from_slice(&second.out);
    }
    for level in second.levels {
        if !writer.levels.contains(&level) {
            writer.levels.push(level);
        }
    }
    let mut levels = std::mem::take(&mut writer.levels);
    if !levels.contains(&Tlp::Clear) {
        levels.push(Tlp::Clear);
    }
    for fixed in fixed_objects(&levels) {
        writer.write(&fixed);
    }
    writer.out.extend_from_slice(b"\n]}\n");
    writer.out
}

/// Writes every object of the case, then the objects kept from other platforms.
/// Writes the first or the second half of each kind of the case's objects (and, with the
/// second, the case's own report and the objects kept from elsewhere), so two threads share the
/// work. Each kind stays in order across the halves, so reading the bundle back restores it.
fn write_objects(case: &Case, names: &Names, first_half: bool, objects: &mut BundleWriter) {
    let writer = KindWriter::new(case, names);
    for a in half_of(&case.actors, first_half) {
        writer.actor(a, objects);
    }
    for t in half_of(&case.technical, first_half) {
        writer.technical(t, objects);
    }
    for e in half_of(&case.events, first_half) {
        writer.event(e, objects);
        writer.event_technical(e, objects);
    }
    for r in half_of(&case.relationships, first_half) {
        writer.relationship(r, objects);
    }
    for j in half_of(&case.judgments, first_half) {
        writer.judgment(j, objects);
    }
    // Sources: a report on what each is cited for.
    let mut cited_for: HashMap<&Id, Vec<&str>> = HashMap::default();
    for c in &case.citations {
        if let Some(target) = names.of(&c.cites) {
            let list = cited_for.entry(&c.source).or_default();
            if !list.contains(&target) {
                list.push(target);
            }
        }
    }
    for s in half_of(&case.sources, first_half) {
        writer.source(s, &cited_for, objects);
    }
    for a in half_of(&case.analyses, first_half) {
        writer.analysis(a, objects);
    }
    // The case itself, last: a report on everything in it.
    if !first_half {
        writer.case_report(objects);
    }
}

/// The first or the second half of a list.
fn half_of<T>(list: &[T], first: bool) -> &[T] {
    let middle = list.len() / 2;
    if first {
        &list[..middle]
    } else {
        &list[middle..]
    }
}

/// The TLP level of a TLP 2.0 marking definition id.
fn tlp2_of(id: &str) -> Option<Tlp> {
    Tlp::ALL.iter().copied().find(|t| tlp_marking_id(*t) == id)
}

/// The TLP 2.0 marking definition of a level.
fn tlp_definition(tlp: Tlp) -> Value {
    let level = tlp.code().trim_start_matches("TLP:").to_lowercase();
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": tlp_marking_id(tlp),
        "created": "2022-10-01T00:00:00.000Z",
        "name": tlp.code(),
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}
        }
    })
}

/// The objects every bundle carries: Casebook's identity and the extension definition (both
/// public, so TLP:CLEAR) and the TLP 2.0 markings used.
fn fixed_objects(levels: &[Tlp]) -> Vec<Value> {
    let mut fixed = vec![
        json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": CASEBOOK_IDENTITY,
            "created": EXTENSION_CREATED,
            "modified": EXTENSION_CREATED,
            "name": "Casebook",
            "description": "Casebook, an offline workbench for cyber-attribution case work.",
            "identity_class": "system",
            "object_marking_refs": [tlp_marking_id(Tlp::Clear)]
        }),
        json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": EXTENSION_ID,
            "created": EXTENSION_CREATED,
            "modified": EXTENSION_MODIFIED,
            "created_by_ref": CASEBOOK_IDENTITY,
            "name": "Casebook case data",
            "description": "What a Casebook case holds that STIX 2.1 has no property for: Admiralty source reliability (A-F) and information credibility (1-6) of each citation, ICD 203 likelihood terms and analytic confidence of judgments, claims apart from assessments, estimate revisions with their reasons, date precision, map positions, what each source relays, each citation's line of evidence, dismissed tradecraft checks and analyses of competing hypotheses.",
            "schema": "Casebook STIX extension, version 1: the property extension holds casebook_id and, by object, the Casebook fields documented in docs/stix.md of the Casebook source.",
            "version": EXTENSION_VERSION,
            "extension_types": ["property-extension"],
            "object_marking_refs": [tlp_marking_id(Tlp::Clear)]
        }),
    ];
    fixed.extend(levels.iter().map(|t| tlp_definition(*t)));
    fixed
}

/// What a platform without the Casebook extension will not show of this case, for the export
/// dialog: one line per kind of loss, with counts.
pub fn what_platforms_lose(case: &Case) -> Vec<String> {
    let mut lines = Vec::new();
    if !case.sources.is_empty() {
        lines.push(format!(
            "The Admiralty reliability (A–F) of {} sources is written only in the Casebook extension; other platforms see it in the reference's description text.",
            case.sources.len()
        ));
    }
    if !case.citations.is_empty() {
        lines.push(format!(
            "The credibility (1–6), stance and locator of {} citations travel in the extension; other platforms see each as an external reference with its grade in words.",
            case.citations.len()
        ));
    }
    if !case.judgments.is_empty() {
        lines.push(format!(
            "{} judgments become relationships whose confidence is their analytic confidence (None/Low/Med/High); their ICD 203 likelihood, level of attribution, status and history are in the extension and in a note that words each one.",
            case.judgments.len()
        ));
    }
    let claims = case.judgments.iter().filter(|j| j.is_claim()).count();
    if claims > 0 {
        lines.push(if claims == 1 {
            "1 claim looks like an attribution on other platforms, save for its note and, where the claimant is an identity, its creator.".to_owned()
        } else {
            format!("{claims} claims look like attributions on other platforms, save for their notes and, where the claimant is an identity, their creator.")
        });
    }
    if !case.analyses.is_empty() {
        lines.push(if case.analyses.len() == 1 {
            "1 ACH matrix is a note with its scores; the matrix itself is only in the extension."
                .to_owned()
        } else {
            format!(
                "{} ACH matrices are notes with their scores; the matrices themselves are only in the extension.",
                case.analyses.len()
            )
        });
    }
    if case.actors.iter().any(|a| a.map.is_some()) {
        lines.push("Map positions are only in the extension.".into());
    }
    lines.push(
        "Date precision (a date known to the month or year) is only in the extension; STIX times are exact.".into(),
    );
    lines
}
