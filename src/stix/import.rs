//! Reading a STIX 2.1 bundle into a case, from Casebook or from OpenCTI, MISP and the OASIS
//! examples.
//!
//! Objects Casebook made come back exactly, from their native properties and the Casebook
//! extension. Objects from elsewhere are mapped where Casebook has a place for them (threat
//! actors, intrusion sets, identities and locations as actors, campaigns and incidents as
//! events, relationships between actors, attributions of campaigns as judgments, reports as
//! sources with their citations), keeping their STIX id and every property Casebook does not
//! model, so exporting again gives them back. Objects of other types are kept as they came.
//!
//! A bundle that is not JSON, not a bundle or too large is refused whole. An object that is
//! invalid (no id, an id that does not match its type, a missing required property, a reference
//! to nothing) is reported with its id and property and left out; the rest is imported.

use super::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use super::scales::{dni_to_likelihood, stix_to_confidence, stix_to_credibility};
use super::{
    CASEBOOK_IDENTITY, EXTENSION_ID, STIX_ID_KEY, STIX_OBJECTS_KEY, STIX_ORIGINALS_KEY,
    STIX_PROPERTIES_KEY, is_stix_id, tlp_of_marking,
};
use crate::model::extra::StrictValue;
use crate::model::validate::check_object_with;
use crate::model::{
    Actor, ActorKind, Analysis, Case, CaseObject, Citation, Event, EventKind, Extra, Id, Judgment,
    JudgmentStatus, ObjectKind, PartialDate, Relationship, RelationshipKind, Source, SourceKind,
    Stance,
};
use crate::tradecraft::{AttributionLevel, Confidence, Likelihood, Reliability, Tlp};
use serde_json::{Map, Value};
use std::fmt;

/// The largest bundle read, in bytes (the same cap as a case file).
pub const MAX_BUNDLE_BYTES: u64 = crate::store::MAX_FILE_BYTES;

/// Properties Casebook models less precisely than STIX: their exact values are kept beside the
/// model and written back while they still say the same.
const ORIGINALS: &[&str] = &[
    "confidence",
    "first_seen",
    "last_seen",
    "start_time",
    "published",
];

/// Marks an analysis waiting for the citations it refers to.
const ANALYSIS_PENDING: &str = "analysis--pending";

/// Whether a marking definition is one of the fixed TLP 2.0 ones Casebook writes itself.
fn tlp2_marking(id: &str) -> bool {
    Tlp::ALL.iter().any(|t| super::tlp_marking_id(*t) == id)
}

/// Properties a STIX object has that Casebook regenerates on export, so they are not kept.
const REGENERATED: &[&str] = &["type", "id", "spec_version", "extensions"];

/// Why a whole bundle could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("the bundle is {size} bytes, more than the {limit} bytes Casebook reads")]
    TooLarge { size: u64, limit: u64 },
    #[error("the bundle is not valid JSON: {0}")]
    Json(String),
    #[error("not a STIX bundle: {0}")]
    NotABundle(String),
}

/// One object that could not be imported, or was imported with a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    /// The object's place in the bundle's `objects` array.
    pub index: usize,
    /// Its STIX id, if it had a usable one.
    pub id: Option<String>,
    pub property: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(
                f,
                "objects[{}] ({id}), property `{}`: {}",
                self.index, self.property, self.message
            ),
            None => write!(
                f,
                "objects[{}], property `{}`: {}",
                self.index, self.property, self.message
            ),
        }
    }
}

/// What a bundle held, read into a case.
#[derive(Debug)]
pub struct ImportedBundle {
    pub case: Case,
    /// Objects mapped into the case.
    pub mapped: usize,
    /// Objects of types Casebook does not model, kept as they came.
    pub kept: usize,
    /// Objects Casebook writes itself on export (its notes, markings, extension definition).
    pub regenerated: usize,
    pub problems: Vec<ImportProblem>,
}

/// Reads a bundle into a case of its own (named `title` unless the bundle is a Casebook case).
pub fn read_bundle(bytes: &[u8], title: &str) -> Result<ImportedBundle, BundleError> {
    if bytes.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_BUNDLE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: StrictValue =
        serde_json::from_slice(bytes).map_err(|e| BundleError::Json(format!("{e}")))?;
    let Value::Object(mut top) = value.0 else {
        return Err(BundleError::NotABundle(
            "the file holds no JSON object".into(),
        ));
    };
    if top.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(BundleError::NotABundle(
            "its `type` is not \"bundle\"".into(),
        ));
    }
    let Some(Value::Array(objects)) = top.remove("objects") else {
        return Err(BundleError::NotABundle("it has no `objects` array".into()));
    };
    let mut reader = Reader::new(title);
    reader.read(objects);
    Ok(reader.finish())
}

/// A STIX object being read, with what is known about it.
struct Entry {
    index: usize,
    id: String,
    stix_type: String,
    object: Map<String, Value>,
}

struct Reader {
    case: Case,
    problems: Vec<ImportProblem>,
    /// STIX id → Casebook id, for the objects mapped.
    ids: HashMap<String, Id>,
    kept: Vec<Value>,
    regenerated: usize,
    mapped: usize,
    tlp: Option<Tlp>,
    /// Where each citation stood in the case it was exported from.
    positions: HashMap<Id, usize>,
    /// Every Casebook id in the case so far, for checking references fast.
    present: HashSet<Id>,
}

fn text<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// The Casebook extension of an object, if it has one.
fn casebook_extension(o: &Map<String, Value>) -> Option<&Map<String, Value>> {
    o.get("extensions")?.get(EXTENSION_ID)?.as_object()
}

/// A value of the extension read as a Casebook type, if present and well-formed.
fn field<T: serde::de::DeserializeOwned>(ext: Option<&Map<String, Value>>, key: &str) -> Option<T> {
    ext?.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// A STIX timestamp as a date to the minute (or to the day when it is midnight).
fn stix_date(value: &str) -> Option<PartialDate> {
    let time = chrono::DateTime::parse_from_rfc3339(value).ok()?;
    let time = time.with_timezone(&chrono::Utc);
    use chrono::{Datelike, Timelike};
    if time.hour() == 0 && time.minute() == 0 {
        PartialDate::day(time.year(), time.month(), time.day())
    } else {
        PartialDate::minute(
            time.year(),
            time.month(),
            time.day(),
            time.hour(),
            time.minute(),
        )
    }
}

/// The id Casebook gives a STIX object from elsewhere: its kind and the STIX id's UUID.
fn foreign_id(kind: ObjectKind, stix_id: &str) -> Id {
    let uuid = stix_id.split_once("--").map_or(stix_id, |(_, u)| u);
    Id::new(format!("{}--{uuid}", kind.prefix()))
}

impl Reader {
    fn new(title: &str) -> Self {
        let mut case = Case::new(title);
        case.tlp = Tlp::Clear;
        Reader {
            case,
            problems: Vec::new(),
            ids: HashMap::default(),
            kept: Vec::new(),
            regenerated: 0,
            mapped: 0,
            tlp: None,
            positions: HashMap::default(),
            present: HashSet::default(),
        }
    }

    fn problem(&mut self, entry: &Entry, property: &str, message: impl Into<String>) {
        self.problems.push(ImportProblem {
            index: entry.index,
            id: Some(entry.id.clone()),
            property: property.to_owned(),
            message: message.into(),
        });
    }

    /// Checks each object's form, drops duplicates (keeping the latest version), notes the TLP
    /// markings, then maps the objects in dependency order.
    fn read(&mut self, objects: Vec<Value>) {
        let mut entries: Vec<Entry> = Vec::with_capacity(objects.len());
        let mut seen: HashMap<String, usize> = HashMap::default();
        for (index, value) in objects.into_iter().enumerate() {
            let Value::Object(object) = value else {
                self.problems.push(ImportProblem {
                    index,
                    id: None,
                    property: "(object)".into(),
                    message: "is not a JSON object".into(),
                });
                continue;
            };
            let Some(stix_type) = text(&object, "type").map(str::to_owned) else {
                self.problems.push(ImportProblem {
                    index,
                    id: text(&object, "id").map(str::to_owned),
                    property: "type".into(),
                    message: "is missing or not a string".into(),
                });
                continue;
            };
            let id = match text(&object, "id") {
                Some(id)
                    if is_stix_id(id) && id.split_once("--").map(|p| p.0) == Some(&stix_type) =>
                {
                    id.to_owned()
                }
                Some(id) => {
                    self.problems.push(ImportProblem {
                        index,
                        id: Some(id.chars().take(120).collect()),
                        property: "id".into(),
                        message: format!(
                            "is not a `{stix_type}--` id followed by a UUID; the object is left out"
                        ),
                    });
                    continue;
                }
                None => {
                    self.problems.push(ImportProblem {
                        index,
                        id: None,
                        property: "id".into(),
                        message: "is missing; the object is left out".into(),
                    });
                    continue;
                }
            };
            let entry = Entry {
                index,
                id: id.clone(),
                stix_type,
                object,
            };
            match seen.get(&id) {
                Some(&earlier) => {
                    let newer = text(&entry.object, "modified").unwrap_or("")
                        > text(&entries[earlier].object, "modified").unwrap_or("");
                    self.problem(
                        &entry,
                        "id",
                        format!(
                            "is used by objects[{}] too; the {} version is kept",
                            entries[earlier].index,
                            if newer { "later" } else { "earlier" }
                        ),
                    );
                    if newer {
                        entries[earlier] = entry;
                    }
                }
                None => {
                    seen.insert(id, entries.len());
                    entries.push(entry);
                }
            }
        }
        for entry in &entries {
            self.note_tlp(entry);
        }
        let order = |t: &str, e: &Entry| -> u8 {
            let ext = casebook_extension(&e.object);
            match t {
                "intrusion-set" | "threat-actor" | "identity" | "location" => 0,
                "campaign" | "incident" => 1,
                "note" if ext.is_some_and(|x| x.contains_key("start")) => 1,
                "report" if ext.is_some_and(|x| x.contains_key("reliability")) => 2,
                "relationship" => 3,
                "report" => 4,
                "note" => 5,
                _ => 6,
            }
        };
        entries.sort_by_key(|e| (order(&e.stix_type, e), e.index));
        let mut citations: Vec<(Entry, Id)> = Vec::new();
        for entry in entries {
            self.map(entry, &mut citations);
        }
        // Citations last: they refer to everything else; then the analyses, which refer to
        // citations.
        let mut analyses = Vec::new();
        for (entry, cited) in citations {
            if cited.as_str() == ANALYSIS_PENDING {
                analyses.push(entry);
            } else {
                self.citations_from(&entry, &cited);
            }
        }
        for entry in analyses {
            let ext = casebook_extension(&entry.object).cloned();
            self.analysis(&entry, ext.as_ref());
        }
    }

    fn note_tlp(&mut self, entry: &Entry) {
        let Some(Value::Array(refs)) = entry.object.get("object_marking_refs") else {
            return;
        };
        let levels: Vec<Tlp> = refs
            .iter()
            .filter_map(Value::as_str)
            .filter_map(tlp_of_marking)
            .collect();
        if levels.len() > 1 {
            let names: Vec<&str> = levels.iter().map(|t| t.code()).collect();
            self.problems.push(ImportProblem {
                index: entry.index,
                id: Some(entry.id.clone()),
                property: "object_marking_refs".into(),
                message: format!(
                    "carries {} TLP markings ({}); an object carries one, and the strictest is applied to the case",
                    levels.len(),
                    names.join(", ")
                ),
            });
        }
        for level in levels {
            self.tlp = Some(self.tlp.map_or(level, |t| t.max(level)));
        }
    }

    /// The properties of a foreign object Casebook does not model, kept for export.
    fn kept_properties(object: &Map<String, Value>, modelled: &[&str]) -> Extra {
        let kept: Map<String, Value> = object
            .iter()
            .filter(|(k, _)| !REGENERATED.contains(&k.as_str()) && !modelled.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut extra = Extra::default();
        let theirs: Map<String, Value> = object
            .get("extensions")
            .and_then(Value::as_object)
            .map(|e| {
                e.iter()
                    .filter(|(k, _)| k.as_str() != EXTENSION_ID)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut kept = kept;
        if !theirs.is_empty() {
            kept.insert("extensions".into(), Value::Object(theirs));
        }
        if !kept.is_empty() {
            extra
                .0
                .insert(STIX_PROPERTIES_KEY.into(), Value::Object(kept));
        }
        extra
    }

    /// The extra fields of an object: Casebook's own (from the extension) or, for an object from
    /// elsewhere, its STIX id and the properties Casebook does not model.
    fn extra_for(entry: &Entry, modelled: &[&str]) -> Extra {
        match casebook_extension(&entry.object) {
            Some(ext) => {
                let mut extra = match ext.get("extra") {
                    Some(Value::Object(own)) => Extra(own.clone().into_iter().collect()),
                    _ => Extra::default(),
                };
                // The properties it brought from another platform are on the object; the
                // extension names them.
                if let Some(Value::Array(names)) = extra.0.get(STIX_PROPERTIES_KEY) {
                    let mut kept = Map::new();
                    for name in names.iter().filter_map(Value::as_str) {
                        let value = if name == "extensions" {
                            entry
                                .object
                                .get("extensions")
                                .and_then(Value::as_object)
                                .map(|e| {
                                    Value::Object(
                                        e.iter()
                                            .filter(|(k, _)| k.as_str() != EXTENSION_ID)
                                            .map(|(k, v)| (k.clone(), v.clone()))
                                            .collect(),
                                    )
                                })
                        } else {
                            entry.object.get(name).cloned()
                        };
                        if let Some(value) = value {
                            kept.insert(name.to_owned(), value);
                        }
                    }
                    extra
                        .0
                        .insert(STIX_PROPERTIES_KEY.to_owned(), Value::Object(kept));
                }
                // Properties another tool added to the object since are kept too.
                let added = Self::kept_properties(&entry.object, modelled);
                if let Some(Value::Object(added)) = added.0.get(STIX_PROPERTIES_KEY) {
                    let kept = extra
                        .0
                        .entry(STIX_PROPERTIES_KEY.to_owned())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(kept) = kept {
                        for (k, v) in added {
                            kept.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                }
                extra
            }
            None => {
                let mut extra = Self::kept_properties(&entry.object, modelled);
                extra
                    .0
                    .insert(STIX_ID_KEY.into(), Value::String(entry.id.clone()));
                let originals: Map<String, Value> = ORIGINALS
                    .iter()
                    .filter(|k| modelled.contains(k))
                    .filter_map(|k| Some((k.to_string(), entry.object.get(*k)?.clone())))
                    .collect();
                if !originals.is_empty() {
                    extra
                        .0
                        .insert(STIX_ORIGINALS_KEY.into(), Value::Object(originals));
                }
                extra
            }
        }
    }

    fn casebook_id(entry: &Entry, kind: ObjectKind) -> Id {
        casebook_extension(&entry.object)
            .and_then(|x| text(x, "casebook_id"))
            .map(Id::new)
            .filter(|id| id.check() == Ok(kind))
            .unwrap_or_else(|| foreign_id(kind, &entry.id))
    }

    /// Adds an object if it is valid in the case as it stands; otherwise reports why.
    /// The problems of an object against what has been imported so far.
    fn check(&self, object: &CaseObject) -> Vec<crate::model::validate::Problem> {
        check_object_with(&|id: &Id| self.present.contains(id), object)
    }

    fn add(&mut self, entry: &Entry, object: CaseObject) -> bool {
        let problems = self.check(&object);
        if let Some(p) = problems.first() {
            let message = format!("cannot be imported: `{}` {}", p.field, p.message);
            self.problem(entry, p.field, message);
            return false;
        }
        if !self.present.insert(object.id().clone()) {
            self.problem(
                entry,
                "id",
                format!("maps to {}, already imported", object.id()),
            );
            return false;
        }
        self.ids.insert(entry.id.clone(), object.id().clone());
        match object {
            CaseObject::Actor(o) => self.case.actors.push(o),
            CaseObject::Relationship(o) => self.case.relationships.push(o),
            CaseObject::Event(o) => self.case.events.push(o),
            CaseObject::Source(o) => self.case.sources.push(o),
            CaseObject::Citation(o) => self.case.citations.push(o),
            CaseObject::Judgment(o) => self.case.judgments.push(o),
            CaseObject::Analysis(o) => self.case.analyses.push(o),
        }
        self.mapped += 1;
        true
    }

    fn keep(&mut self, entry: Entry) {
        self.kept.push(Value::Object(entry.object));
    }

    fn map(&mut self, entry: Entry, citations: &mut Vec<(Entry, Id)>) {
        let ext = casebook_extension(&entry.object).cloned();
        let ext = ext.as_ref();
        let is_casebook = ext.is_some();
        match entry.stix_type.as_str() {
            // TLP 2.0 markings and Casebook's extension are written again on export; other
            // markings (TLP 1.0, statements) are kept for the objects that refer to them.
            "marking-definition" if tlp2_marking(&entry.id) => self.regenerated += 1,
            "extension-definition" if entry.id == EXTENSION_ID => self.regenerated += 1,
            "identity" if entry.id == CASEBOOK_IDENTITY => self.regenerated += 1,
            "intrusion-set" | "threat-actor" | "identity" | "location" => {
                self.actor(&entry, ext);
                citations.push((entry, Id::new("")));
            }
            "campaign" | "incident" => {
                self.event(&entry, ext);
                citations.push((entry, Id::new("")));
            }
            "note" if ext.is_some_and(|x| x.contains_key("start")) => {
                self.event(&entry, ext);
                citations.push((entry, Id::new("")));
            }
            "note" if ext.is_some_and(|x| x.contains_key("analysis")) => {
                // Analyses refer to citations, read last: they wait for them.
                citations.push((entry, Id::new(ANALYSIS_PENDING)));
            }
            "note" if !is_casebook && self.is_generated_note(&entry) => self.regenerated += 1,
            "relationship" => {
                if self.relationship(&entry, ext) {
                    citations.push((entry, Id::new("")));
                } else if !is_casebook && !self.ids.contains_key(&entry.id) {
                    self.keep(entry);
                }
            }
            "report" if ext.is_some_and(|x| x.contains_key("casebook_case")) => {
                self.case_info(&entry, ext);
                self.regenerated += 1;
            }
            "report" if ext.is_some_and(|x| x.contains_key("reliability")) => {
                self.source(&entry, ext);
            }
            "report" => {
                if let Some(source) = self.source(&entry, None) {
                    citations.push((entry, source));
                }
            }
            _ => self.keep(entry),
        }
    }

    /// A note Casebook writes for each judgment: it refers only to judgments read from the
    /// extension, and is written again on export.
    fn is_generated_note(&self, entry: &Entry) -> bool {
        let Some(Value::Array(refs)) = entry.object.get("object_refs") else {
            return false;
        };
        !refs.is_empty()
            && refs.iter().all(|r| {
                r.as_str()
                    .and_then(|r| self.ids.get(r))
                    .is_some_and(|id| id.kind() == Some(ObjectKind::Judgment))
            })
            && entry.object.get(STIX_ID_KEY).is_none()
            && text(&entry.object, "abstract").is_some_and(|a| {
                a.starts_with("Attribution judgment: ") || a.starts_with("Claim: ")
            })
    }

    fn actor(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let o = &entry.object;
        let Some(name) = text(o, "name").filter(|n| !n.trim().is_empty()) else {
            self.problem(entry, "name", "is missing; an actor needs a name");
            return;
        };
        let kind = field(ext, "kind").unwrap_or(match entry.stix_type.as_str() {
            "intrusion-set" => ActorKind::ThreatGroup,
            "threat-actor" => {
                let types: Vec<&str> = o
                    .get("threat_actor_types")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if types.contains(&"nation-state") {
                    ActorKind::Agency
                } else {
                    ActorKind::ThreatGroup
                }
            }
            "location" => ActorKind::State,
            _ => match text(o, "identity_class") {
                Some("individual") => ActorKind::Person,
                Some("class") => ActorKind::Sector,
                _ => ActorKind::Organisation,
            },
        });
        let aliases: Vec<String> = field(ext, "aliases")
            .or_else(|| field(Some(o), "aliases"))
            .unwrap_or_default();
        let country = field(ext, "country")
            .or_else(|| {
                (entry.stix_type == "location")
                    .then(|| text(o, "country").map(str::to_owned))
                    .flatten()
            })
            .unwrap_or_default();
        let mut modelled = vec!["name", "description", "aliases"];
        if ext.is_some() {
            modelled.extend([
                "created",
                "modified",
                "object_marking_refs",
                "external_references",
                "identity_class",
                "sectors",
                "threat_actor_types",
            ]);
        }
        let actor = Actor {
            id: Self::casebook_id(entry, ObjectKind::Actor),
            name: name.to_owned(),
            kind,
            aliases,
            country,
            description: text(o, "description").unwrap_or("").to_owned(),
            map: field(ext, "map"),
            extra: Self::extra_for(entry, &modelled),
        };
        self.add(entry, CaseObject::Actor(actor));
    }

    fn event(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let o = &entry.object;
        let title = field::<String>(ext, "title")
            .or_else(|| text(o, "name").map(str::to_owned))
            .filter(|t| !t.trim().is_empty());
        let Some(title) = title else {
            self.problem(entry, "name", "is missing; an event needs a name");
            return;
        };
        let start = field(ext, "start")
            .or_else(|| text(o, "first_seen").and_then(stix_date))
            .or_else(|| text(o, "created").and_then(stix_date));
        let Some(start) = start else {
            self.problem(
                entry,
                "first_seen",
                "no date could be read (first_seen or created)",
            );
            return;
        };
        let end = field(ext, "end").or_else(|| {
            if ext.is_some() {
                None
            } else {
                text(o, "last_seen")
                    .and_then(stix_date)
                    .filter(|d: &PartialDate| d.start() > start.start())
            }
        });
        let actors: Vec<Id> = field(ext, "actors").unwrap_or_default();
        let actors = actors
            .into_iter()
            .filter(|a| self.present.contains(a))
            .collect();
        let mut modelled = vec!["name", "description"];
        if ext.is_some() {
            modelled.extend([
                "created",
                "modified",
                "object_marking_refs",
                "external_references",
                "first_seen",
                "last_seen",
                "abstract",
                "content",
                "object_refs",
            ]);
        } else {
            modelled.extend(["first_seen", "last_seen"]);
        }
        let extra = Self::extra_for(entry, &modelled);
        let event = Event {
            id: Self::casebook_id(entry, ObjectKind::Event),
            title,
            kind: field(ext, "kind").unwrap_or(EventKind::Attack),
            start,
            end,
            actors,
            location: field(ext, "location").unwrap_or_default(),
            description: field::<String>(ext, "description")
                .or_else(|| {
                    (entry.stix_type != "note")
                        .then(|| text(o, "description").map(str::to_owned))
                        .flatten()
                })
                .unwrap_or_default(),
            extra,
        };
        self.add(entry, CaseObject::Event(event));
    }

    /// A relationship between two actors, or a judgment; `false` if it maps to neither.
    fn relationship(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) -> bool {
        let o = &entry.object;
        let (Some(from), Some(to)) = (text(o, "source_ref"), text(o, "target_ref")) else {
            self.problem(
                entry,
                "source_ref",
                "a relationship needs source_ref and target_ref",
            );
            return false;
        };
        let (from_id, to_id) = (self.ids.get(from).cloned(), self.ids.get(to).cloned());
        let relationship_type = text(o, "relationship_type").unwrap_or("");
        let confidence = o.get("confidence").and_then(Value::as_u64);
        let is_judgment = ext.is_some_and(|x| x.contains_key("judgment"))
            || (ext.is_none()
                && relationship_type == "attributed-to"
                && from_id.as_ref().and_then(Id::kind) == Some(ObjectKind::Event)
                && to_id.as_ref().and_then(Id::kind) == Some(ObjectKind::Actor));
        let (Some(from_id), Some(to_id)) = (from_id, to_id) else {
            if ext.is_some() {
                self.problem(
                    entry,
                    "source_ref",
                    "refers to an object that is not in the bundle or could not be imported",
                );
            }
            return false;
        };
        let mut modelled = vec!["source_ref", "target_ref", "description", "confidence"];
        if ext.is_some() {
            modelled.extend([
                "created",
                "modified",
                "object_marking_refs",
                "external_references",
                "relationship_type",
                "confidence",
                "start_time",
                "stop_time",
                "created_by_ref",
                "revoked",
            ]);
        }
        if is_judgment {
            let claimed_by = field::<Id>(ext, "claimed_by").or_else(|| {
                if ext.is_some() {
                    return None;
                }
                // From elsewhere: the producer's claim, if the producer is in the case.
                text(o, "created_by_ref").and_then(|c| self.ids.get(c).cloned())
            });
            if ext.is_none() {
                modelled.extend(["relationship_type", "created_by_ref"]);
                if claimed_by.is_none() {
                    modelled.retain(|k| *k != "created_by_ref");
                }
            }
            let judgment = Judgment {
                id: Self::casebook_id(entry, ObjectKind::Judgment),
                subject: from_id,
                actor: to_id,
                level: field(ext, "level").unwrap_or(AttributionLevel::Operational),
                claimed_by,
                likelihood: field(ext, "likelihood")
                    .or_else(|| confidence.and_then(dni_to_likelihood))
                    .unwrap_or(Likelihood::RoughlyEvenChance),
                confidence: field(ext, "confidence").unwrap_or(Confidence::Low),
                status: field(ext, "status").unwrap_or(
                    if o.get("revoked") == Some(&Value::Bool(true)) {
                        JudgmentStatus::Retracted
                    } else {
                        JudgmentStatus::Assessed
                    },
                ),
                rationale: text(o, "description").unwrap_or("").to_owned(),
                revisions: field(ext, "revisions").unwrap_or_default(),
                extra: Self::extra_for(entry, &modelled),
            };
            return self.add(entry, CaseObject::Judgment(judgment));
        }
        if from_id.kind() != Some(ObjectKind::Actor) || to_id.kind() != Some(ObjectKind::Actor) {
            return false;
        }
        let kind = field(ext, "kind").or(match relationship_type {
            "attributed-to" => Some(RelationshipKind::AttributedTo),
            "targets" => Some(RelationshipKind::Targets),
            "located-at" => Some(RelationshipKind::LocatedAt),
            "impersonates" => Some(RelationshipKind::Impersonates),
            _ => None,
        });
        let Some(kind) = kind else {
            return false;
        };
        if ext.is_none() {
            modelled.extend(["relationship_type", "start_time"]);
        }
        let relationship = Relationship {
            id: Self::casebook_id(entry, ObjectKind::Relationship),
            kind,
            source: from_id,
            target: to_id,
            directed: field(ext, "directed").unwrap_or(true),
            confidence: field(ext, "confidence")
                .or_else(|| confidence.and_then(stix_to_confidence))
                .unwrap_or(Confidence::Low),
            disputed: field(ext, "disputed").unwrap_or(false),
            valid_from: field(ext, "valid_from").or_else(|| {
                ext.is_none()
                    .then(|| text(o, "start_time").and_then(stix_date))
                    .flatten()
            }),
            valid_until: field(ext, "valid_until"),
            description: text(o, "description").unwrap_or("").to_owned(),
            extra: Self::extra_for(entry, &modelled),
        };
        self.add(entry, CaseObject::Relationship(relationship))
    }

    /// A source from a report; returns its Casebook id.
    fn source(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) -> Option<Id> {
        let o = &entry.object;
        let Some(title) = text(o, "name").filter(|n| !n.trim().is_empty()) else {
            self.problem(entry, "name", "is missing; a report needs a name");
            return None;
        };
        let first_reference = o
            .get("external_references")
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .and_then(Value::as_object);
        let url = field::<String>(ext, "url")
            .or_else(|| {
                ext.is_none()
                    .then(|| {
                        first_reference
                            .and_then(|r| text(r, "url"))
                            .map(str::to_owned)
                    })
                    .flatten()
            })
            .filter(|u| crate::model::validate::check_url(u).is_ok())
            .unwrap_or_default();
        let mut modelled = vec!["name", "description"];
        if ext.is_some() {
            modelled.extend([
                "created",
                "modified",
                "object_marking_refs",
                "external_references",
                "report_types",
                "published",
                "object_refs",
            ]);
        } else {
            // Its object_refs may name objects Casebook does not model: kept as they came.
            modelled.push("published");
        }
        let source = Source {
            id: Self::casebook_id(entry, ObjectKind::Source),
            title: title.to_owned(),
            publisher: field(ext, "publisher").unwrap_or_default(),
            author: field(ext, "author").unwrap_or_default(),
            kind: field(ext, "kind").unwrap_or(SourceKind::VendorReport),
            url,
            published: field(ext, "published").or_else(|| {
                ext.is_none()
                    .then(|| text(o, "published").and_then(stix_date))
                    .flatten()
            }),
            accessed: field(ext, "accessed"),
            reliability: field(ext, "reliability").unwrap_or(Reliability::F),
            language: field(ext, "language").unwrap_or_default(),
            notes: text(o, "description").unwrap_or("").to_owned(),
            extra: Self::extra_for(entry, &modelled),
        };
        let id = source.id.clone();
        self.add(entry, CaseObject::Source(source)).then_some(id)
    }

    fn analysis(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let Some(mut value) = ext.and_then(|x| x.get("analysis")).cloned() else {
            return;
        };
        if let (Value::Object(m), Some(Value::Object(own))) =
            (&mut value, ext.and_then(|x| x.get("extra")))
        {
            m.extend(own.clone());
        }
        match serde_json::from_value::<Analysis>(value) {
            Ok(analysis) => {
                self.add(entry, CaseObject::Analysis(analysis));
            }
            Err(e) => self.problem(
                entry,
                "extensions",
                format!("the analysis cannot be read: {e}"),
            ),
        }
    }

    fn case_info(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let o = &entry.object;
        if let Some(title) = field::<String>(ext, "title").filter(|t| !t.trim().is_empty()) {
            self.case.title = title;
        }
        self.case.summary = text(o, "description").unwrap_or("").to_owned();
        if let Some(tlp) = field(ext, "tlp") {
            self.tlp = Some(tlp);
        }
        self.case.analysts = field(ext, "analysts").unwrap_or_default();
        if let Some(created) = field(ext, "created") {
            self.case.created = created;
        }
        if let Some(modified) = field(ext, "modified") {
            self.case.modified = modified;
        }
        if let Some(Value::Object(own)) = ext.and_then(|x| x.get("extra")) {
            self.case.extra.0.extend(own.clone());
        }
    }

    /// The citations an object carries in the Casebook extension, or, for a report from
    /// elsewhere, one citation of it on each object it refers to that Casebook can cite.
    fn citations_from(&mut self, entry: &Entry, source: &Id) {
        let Some(cited) = self.ids.get(&entry.id).cloned() else {
            return;
        };
        if !source.as_str().is_empty() {
            let refs: Vec<String> = entry
                .object
                .get("object_refs")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let credibility =
                stix_to_credibility(entry.object.get("confidence").and_then(Value::as_u64));
            let mut seen = HashSet::default();
            for r in refs {
                let Some(target) = self.ids.get(&r).cloned() else {
                    continue;
                };
                if target.kind() == Some(ObjectKind::Source) || !seen.insert(target.clone()) {
                    continue;
                }
                let citation = Citation {
                    id: Id::new(format!(
                        "citation--{}-{}",
                        source.as_str().trim_start_matches("source--"),
                        seen.len()
                    )),
                    source: source.clone(),
                    cites: target,
                    credibility,
                    stance: Stance::Supports,
                    quote: String::new(),
                    locator: String::new(),
                    extra: Extra::default(),
                };
                let citation_id = citation.id.clone();
                if self
                    .check(&CaseObject::Citation(citation.clone()))
                    .is_empty()
                    && self.present.insert(citation_id)
                {
                    self.case.citations.push(citation);
                }
            }
            return;
        }
        let Some(Value::Array(list)) = casebook_extension(&entry.object)
            .and_then(|x| x.get("citations"))
            .cloned()
        else {
            return;
        };
        for item in list {
            let mut item = item;
            let mut position = usize::MAX;
            if let Value::Object(m) = &mut item {
                m.insert("cites".into(), Value::String(cited.as_str().to_owned()));
                m.remove("credibility_stix");
                if let Some(p) = m.remove("position").and_then(|p| p.as_u64()) {
                    position = usize::try_from(p).unwrap_or(usize::MAX);
                }
            }
            match serde_json::from_value::<Citation>(item) {
                Ok(citation) => {
                    let problems = self.check(&CaseObject::Citation(citation.clone()));
                    if let Some(p) = problems.first() {
                        let message =
                            format!("a citation cannot be imported: `{}` {}", p.field, p.message);
                        self.problem(entry, "extensions", message);
                    } else if self.present.insert(citation.id.clone()) {
                        self.positions.insert(citation.id.clone(), position);
                        self.case.citations.push(citation);
                    }
                }
                Err(e) => self.problem(
                    entry,
                    "extensions",
                    format!("a citation cannot be read: {e}"),
                ),
            }
        }
    }

    fn finish(mut self) -> ImportedBundle {
        let positions = std::mem::take(&mut self.positions);
        self.case
            .citations
            .sort_by_key(|c| positions.get(&c.id).copied().unwrap_or(usize::MAX));
        if let Some(tlp) = self.tlp {
            self.case.tlp = tlp;
        }
        let kept = self.kept.len();
        if !self.kept.is_empty() {
            self.case
                .extra
                .0
                .insert(STIX_OBJECTS_KEY.into(), Value::Array(self.kept));
        }
        ImportedBundle {
            case: self.case,
            mapped: self.mapped,
            kept,
            regenerated: self.regenerated,
            problems: self.problems,
        }
    }
}

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
}

/// An imported case set against the open one, object by object (matched by id, which is the
/// STIX id for objects from elsewhere), in the order they can be added.
pub fn merge_plan(open: &Case, imported: &Case) -> Vec<MergeItem> {
    let mut index: HashMap<&Id, CaseObjectRef> = HashMap::default();
    index.extend(open.actors.iter().map(|o| (&o.id, CaseObjectRef::Actor(o))));
    index.extend(open.events.iter().map(|o| (&o.id, CaseObjectRef::Event(o))));
    index.extend(
        open.relationships
            .iter()
            .map(|o| (&o.id, CaseObjectRef::Relationship(o))),
    );
    index.extend(
        open.sources
            .iter()
            .map(|o| (&o.id, CaseObjectRef::Source(o))),
    );
    index.extend(
        open.judgments
            .iter()
            .map(|o| (&o.id, CaseObjectRef::Judgment(o))),
    );
    index.extend(
        open.citations
            .iter()
            .map(|o| (&o.id, CaseObjectRef::Citation(o))),
    );
    index.extend(
        open.analyses
            .iter()
            .map(|o| (&o.id, CaseObjectRef::Analysis(o))),
    );
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
            None => items.push(MergeItem::New(Box::new(theirs))),
            Some(mine) if mine.same_as(&theirs) => items.push(MergeItem::Same(theirs.id().clone())),
            Some(mine) => items.push(MergeItem::Conflict {
                mine: Box::new(mine.to_owned_object()),
                theirs: Box::new(theirs),
            }),
        }
    }
    items
}

/// A borrowed object of the open case, for the merge index.
#[derive(Clone, Copy)]
enum CaseObjectRef<'a> {
    Actor(&'a Actor),
    Event(&'a Event),
    Relationship(&'a Relationship),
    Source(&'a Source),
    Judgment(&'a Judgment),
    Citation(&'a Citation),
    Analysis(&'a Analysis),
}

impl CaseObjectRef<'_> {
    fn same_as(self, other: &CaseObject) -> bool {
        match (self, other) {
            (CaseObjectRef::Actor(a), CaseObject::Actor(b)) => a == b,
            (CaseObjectRef::Event(a), CaseObject::Event(b)) => a == b,
            (CaseObjectRef::Relationship(a), CaseObject::Relationship(b)) => a == b,
            (CaseObjectRef::Source(a), CaseObject::Source(b)) => a == b,
            (CaseObjectRef::Judgment(a), CaseObject::Judgment(b)) => a == b,
            (CaseObjectRef::Citation(a), CaseObject::Citation(b)) => a == b,
            (CaseObjectRef::Analysis(a), CaseObject::Analysis(b)) => a == b,
            _ => false,
        }
    }

    fn to_owned_object(self) -> CaseObject {
        match self {
            CaseObjectRef::Actor(o) => CaseObject::Actor(o.clone()),
            CaseObjectRef::Event(o) => CaseObject::Event(o.clone()),
            CaseObjectRef::Relationship(o) => CaseObject::Relationship(o.clone()),
            CaseObjectRef::Source(o) => CaseObject::Source(o.clone()),
            CaseObjectRef::Judgment(o) => CaseObject::Judgment(o.clone()),
            CaseObjectRef::Citation(o) => CaseObject::Citation(o.clone()),
            CaseObjectRef::Analysis(o) => CaseObject::Analysis(o.clone()),
        }
    }
}

#[cfg(test)]
mod tests;
