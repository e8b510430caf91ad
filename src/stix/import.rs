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

use super::{
    CASEBOOK_IDENTITY, EXTENSION_ID, STIX_ID_KEY, STIX_OBJECTS_KEY, STIX_ORIGINALS_KEY,
    STIX_PROPERTIES_KEY, is_stix_id, tlp_of_marking,
};
use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use crate::model::extra::StrictValue;
use crate::model::validate::check_object_with;
use crate::model::{Case, CaseObject, Extra, Id, ObjectKind, PartialDate};
use crate::tradecraft::Tlp;
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
    "valid_from",
    "valid_until",
    "relationship_type",
];

/// How many levels deeper than in its bundle an object may sit in a case file (the case, its
/// list of actors, the actor, the properties it kept from elsewhere).
pub const CASE_WRAPPING: usize = 3;

/// Marks an analysis waiting for the citations it refers to.
const ANALYSIS_PENDING: &str = "analysis--pending";

/// Properties a STIX object has that Casebook regenerates on export, so they are not kept.
/// `created` and `modified` are read into the object's own version and written from it.
const REGENERATED: &[&str] = &[
    "type",
    "id",
    "spec_version",
    "extensions",
    "created",
    "modified",
];

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

/// What Casebook made of something a producer stated in its own terms (a grade in a label, a
/// confidence number, a likelihood in its words), for the import review to show side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReading {
    /// The STIX id of the object it was read from.
    pub id: String,
    /// What the producer stated, as it stated it.
    pub stated: String,
    /// What Casebook recorded from it.
    pub recorded: String,
}

impl fmt::Display for ImportReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} → {}", self.id, self.stated, self.recorded)
    }
}

/// What the analyst says about a bundle before it is read.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The producers whose assessments are the analyst's own desk's (identity names or STIX
    /// ids): their judgments are assessments, not claims by a third party.
    pub ours: Vec<String>,
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
    /// What was read from the producers' own grades, numbers and words.
    pub readings: Vec<ImportReading>,
    /// The producers of the bundle's objects (`created_by_ref` identities): STIX id, name and
    /// whether the analyst said they are ours.
    pub producers: Vec<Producer>,
    /// Each judgment from elsewhere with its producer's STIX id and the actor that producer
    /// is in the case, for [`ImportedBundle::set_ours`].
    judgment_producers: Vec<(Id, String, Option<Id>)>,
    /// The objects that came with no TLP marking: they carry [`ImportedBundle::unmarked_level`]
    /// until the analyst chooses another ([`ImportedBundle::set_unmarked`]).
    pub unmarked: Vec<Id>,
    /// The places, among the objects kept as they came, of those that came with no TLP marking.
    pub unmarked_kept: Vec<usize>,
    /// The marking given to objects that came with none.
    pub unmarked_level: Tlp,
    /// Whether the bundle is a Casebook case, whose own marking it carries.
    pub casebook_case: bool,
}

/// The marking an object gets on import when it has none: the new-case default.
pub const DEFAULT_UNMARKED: Tlp = Tlp::Amber;

impl ImportedBundle {
    /// Says which producers are the analyst's own desk (by STIX id): their judgments become
    /// assessments, every other producer's judgments its claims (when it is in the case).
    pub fn set_ours(&mut self, ours: &[String]) {
        for producer in &mut self.producers {
            producer.ours = ours.contains(&producer.id);
        }
        let by_id: HashMap<&Id, (&String, &Option<Id>)> = self
            .judgment_producers
            .iter()
            .map(|(j, p, a)| (j, (p, a)))
            .collect();
        for judgment in &mut self.case.judgments {
            let Some((producer, actor)) = by_id.get(&judgment.id) else {
                continue;
            };
            let claimed_by = if ours.contains(producer) {
                None
            } else {
                (*actor).clone()
            };
            // A claim's producer is written from the claimant on export; an assessment of
            // ours keeps the producer as it came.
            let kept = judgment
                .extra
                .0
                .entry(STIX_PROPERTIES_KEY.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(kept) = kept {
                if claimed_by.is_some() {
                    kept.remove("created_by_ref");
                } else {
                    kept.insert("created_by_ref".into(), Value::String((*producer).clone()));
                }
                if kept.is_empty() {
                    judgment.extra.0.remove(STIX_PROPERTIES_KEY);
                }
            }
            judgment.claimed_by = claimed_by;
        }
    }

    /// Gives every object that came with no TLP marking the level `tlp` (the analyst's choice
    /// in the import review, `--unmarked` on the command line). A new case made from a bundle
    /// from elsewhere is marked so too.
    pub fn set_unmarked(&mut self, tlp: Tlp) {
        let case = &mut self.case;
        if !self.casebook_case {
            case.tlp = tlp;
        }
        let unmarked: HashSet<&Id> = self.unmarked.iter().collect();
        case.each_marking_mut(|id, marking| {
            if unmarked.contains(id) {
                marking.tlp = Some(tlp);
            }
        });
        if let Some(Value::Array(kept)) = case.extra.0.get_mut(STIX_OBJECTS_KEY) {
            for &i in &self.unmarked_kept {
                if let Some(Value::Object(o)) = kept.get_mut(i) {
                    let mut refs: Vec<Value> = match o.remove("object_marking_refs") {
                        Some(Value::Array(refs)) => refs
                            .into_iter()
                            .filter(|r| r.as_str().is_none_or(|r| tlp_of_marking(r).is_none()))
                            .collect(),
                        _ => Vec::new(),
                    };
                    refs.insert(0, Value::String(super::tlp_marking_id(tlp).to_owned()));
                    o.insert("object_marking_refs".into(), Value::Array(refs));
                }
            }
        }
        self.unmarked_level = tlp;
    }
}

/// Why a bundle file could not be imported: it could not be read (missing, not a regular
/// file, too large), or what it holds is not a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleFileError {
    #[error(transparent)]
    Read(#[from] crate::store::LoadError),
    #[error("{path}: {source}")]
    Bundle {
        path: std::path::PathBuf,
        #[source]
        source: BundleError,
    },
}

/// Reads the bundle file at `path`, refusing a file larger than [`MAX_BUNDLE_BYTES`] before
/// reading it (and however it grows meanwhile), and anything but a regular file.
pub fn read_bundle_file(
    path: &std::path::Path,
    title: &str,
    options: &ImportOptions,
) -> Result<ImportedBundle, BundleFileError> {
    let bytes = crate::store::read_file_capped(path, MAX_BUNDLE_BYTES, &|_| {})?;
    read_bundle_with(&bytes, title, options).map_err(|source| BundleFileError::Bundle {
        path: path.to_owned(),
        source,
    })
}

/// A producer of objects in a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    pub id: String,
    /// Its identity's name, or its id when the bundle does not hold the identity.
    pub name: String,
    /// How many objects it produced.
    pub objects: usize,
    pub ours: bool,
    /// Whether the bundle holds its identity (only then can its judgments be its claims).
    pub in_bundle: bool,
}

impl Producer {
    /// Whether `given` (a name or STIX id, as the analyst typed it) names this producer.
    pub fn is_named(&self, given: &str) -> bool {
        names_producer(given, &self.id, Some(&self.name))
    }
}

/// Whether `given` names the producer with this STIX id and identity name: the id, or the
/// name ignoring case and surrounding spaces.
fn names_producer(given: &str, id: &str, name: Option<&str>) -> bool {
    let given = given.trim().to_lowercase();
    given == id.to_lowercase() || name.is_some_and(|n| n.trim().to_lowercase() == given)
}

/// Reads a bundle into a case of its own (named `title` unless the bundle is a Casebook case).
pub fn read_bundle(bytes: &[u8], title: &str) -> Result<ImportedBundle, BundleError> {
    read_bundle_with(bytes, title, &ImportOptions::default())
}

/// [`read_bundle`] with the analyst's say on whose assessments are ours.
pub fn read_bundle_with(
    bytes: &[u8],
    title: &str,
    options: &ImportOptions,
) -> Result<ImportedBundle, BundleError> {
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
    reader.ours = options.ours.clone();
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
    /// Whether the bundle is a Casebook case (its case report was read).
    casebook_case: bool,
    unmarked: HashSet<Id>,
    unmarked_kept: Vec<usize>,
    /// Casebook objects with no marking of their own whose STIX marking says a level: kept
    /// as their own marking when it is not the case's.
    marked_elsewhere: Vec<(Id, Tlp)>,
    /// Where each citation stood in the case it was exported from.
    positions: HashMap<Id, usize>,
    /// Every Casebook id in the case so far, for checking references fast.
    present: HashSet<Id>,
    readings: Vec<ImportReading>,
    /// The analyst's own producers, names or ids as given.
    ours: Vec<String>,
    /// Identities in the bundle: STIX id → name and the reliability OpenCTI gives them.
    identities: HashMap<String, (String, Option<crate::tradecraft::Reliability>)>,
    /// Producers in the order first seen: STIX id → objects produced.
    producers: Vec<(String, usize)>,
    judgment_producers: Vec<(Id, String, Option<Id>)>,
    /// The kind of each actor imported, for mapping the relationships between them.
    actor_kinds: HashMap<Id, crate::model::ActorKind>,
    /// Where each event read so far sits in the case, for the relationships that add to it.
    event_slots: HashMap<Id, usize>,
    /// What each event is already listed as having seen (an event may see thousands).
    event_technical_seen: HashSet<(Id, Id)>,
    /// Each report's `object_refs`, by the report's STIX id.
    report_refs: HashMap<String, Vec<String>>,
}

/// An object's `object_refs`, the strings among them.
fn refs_of(o: &Map<String, Value>) -> Vec<String> {
    super::string_list(o.get("object_refs"))
}

fn text<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

/// The Casebook extension of an object, if it has one.
fn casebook_extension(o: &Map<String, Value>) -> Option<&Map<String, Value>> {
    o.get("extensions")?.get(EXTENSION_ID)?.as_object()
}

/// The optional timestamp properties of STIX 2.1 objects, checked on import.
const OPTIONAL_TIMES: &[&str] = &[
    "first_seen",
    "last_seen",
    "published",
    "valid_from",
    "valid_until",
    "start_time",
    "stop_time",
    "first_observed",
    "last_observed",
];

/// A STIX timestamp (RFC 3339, as STIX writes it), if the value is one.
fn stix_time(value: Option<&Value>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(value?.as_str()?).ok()
}

/// An object's version as its `created` and `modified` give it (already checked to be STIX
/// timestamps when present).
fn version_of(object: &Map<String, Value>) -> crate::model::ObjectVersion {
    // Times Casebook wrote from the case's, for an object that had none of its own.
    let stand_ins = casebook_extension(object)
        .and_then(|x| x.get(crate::stix::export::CASE_TIMES_KEY))
        .and_then(Value::as_array);
    let time = |key: &str| {
        if stand_ins.is_some_and(|s| s.iter().any(|k| k.as_str() == Some(key))) {
            return None;
        }
        stix_time(object.get(key)).map(|t| t.with_timezone(&chrono::Utc))
    };
    // An object whose `modified` is a citation's or a source's keeps its own beside it.
    let own_modified = casebook_extension(object)
        .and_then(|x| x.get(crate::stix::export::OWN_MODIFIED_KEY))
        .map(|own| stix_time(Some(own)).map(|t| t.with_timezone(&chrono::Utc)));
    crate::model::ObjectVersion {
        created: time("created"),
        modified: own_modified.unwrap_or_else(|| time("modified")),
    }
}

/// Whether a report's or opinion's Casebook extension holds a Casebook source (whose `kind` is
/// always written; its reliability only when someone graded it).
fn is_casebook_source(ext: Option<&Map<String, Value>>) -> bool {
    ext.is_some_and(|x| x.contains_key("kind") || x.contains_key("reliability"))
}

/// A value of the extension read as a Casebook type, if present and well-formed.
fn field<T: serde::de::DeserializeOwned>(ext: Option<&Map<String, Value>>, key: &str) -> Option<T> {
    ext?.get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// A STIX timestamp as a date to the minute (or to the day when it is midnight).
pub(crate) fn stix_date(value: &str) -> Option<PartialDate> {
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
            casebook_case: false,
            unmarked: HashSet::default(),
            unmarked_kept: Vec::new(),
            marked_elsewhere: Vec::new(),
            positions: HashMap::default(),
            present: HashSet::default(),
            readings: Vec::new(),
            ours: Vec::new(),
            identities: HashMap::default(),
            producers: Vec::new(),
            judgment_producers: Vec::new(),
            actor_kinds: HashMap::default(),
            event_slots: HashMap::default(),
            event_technical_seen: HashSet::default(),
            report_refs: HashMap::default(),
        }
    }

    /// Whether the producer with this STIX id is one the analyst said is ours (by id or name).
    fn is_ours(&self, producer: &str) -> bool {
        let name = self.identities.get(producer).map(|(name, _)| name.as_str());
        self.ours
            .iter()
            .any(|given| names_producer(given, producer, name))
    }

    fn reading(&mut self, entry: &Entry, stated: impl Into<String>, recorded: impl Into<String>) {
        self.readings.push(ImportReading {
            id: entry.id.clone(),
            stated: stated.into(),
            recorded: recorded.into(),
        });
    }

    /// The object's STIX `confidence`, with an out-of-range or non-numeric one reported and
    /// left out rather than read as something.
    fn stix_confidence(&mut self, entry: &Entry) -> Option<u64> {
        match stated::confidence(&entry.object) {
            Ok(value) => value,
            Err(held) => {
                self.problem(
                    entry,
                    "confidence",
                    format!("is {held}, not a whole number from 0 to 100; it is left out"),
                );
                None
            }
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

    /// Whether an object's timestamps are STIX timestamps. One whose `created` or `modified` is
    /// not is left out (its version cannot be known, and it would go out invalid); an optional
    /// time that is not (`first_seen`, `valid_from`, …) is left out of the object. Each is
    /// reported, never read as something.
    fn timestamps_hold(&mut self, index: usize, id: &str, object: &mut Map<String, Value>) -> bool {
        let shown = |v: &Value| v.to_string().chars().take(60).collect::<String>();
        for key in ["created", "modified"] {
            if let Some(value) = object.get(key)
                && stix_time(Some(value)).is_none()
            {
                self.problems.push(ImportProblem {
                    index,
                    id: Some(id.to_owned()),
                    property: key.into(),
                    message: format!(
                        "is {}, not a STIX timestamp; the object is left out",
                        shown(value)
                    ),
                });
                return false;
            }
        }
        for key in OPTIONAL_TIMES {
            if let Some(value) = object.get(*key)
                && stix_time(Some(value)).is_none()
            {
                let message = format!("is {}, not a STIX timestamp; it is left out", shown(value));
                object.remove(*key);
                self.problems.push(ImportProblem {
                    index,
                    id: Some(id.to_owned()),
                    property: (*key).into(),
                    message,
                });
            }
        }
        true
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
            // In the case file an object sits up to three levels deeper than in the bundle
            // (the case, its list, the object, the properties kept from elsewhere): one that
            // would make the case deeper than the loader reads is left out, so an import never
            // writes a case that cannot be opened.
            let object = Value::Object(object);
            let depth = crate::store::nesting(&object);
            if depth + CASE_WRAPPING > crate::store::MAX_NESTING {
                self.problems.push(ImportProblem {
                    index,
                    id: Some(id),
                    property: "(object)".into(),
                    message: format!(
                        "nests {depth} levels deep; a case file holds {} levels and the object would sit {CASE_WRAPPING} deeper there, so it is left out",
                        crate::store::MAX_NESTING
                    ),
                });
                continue;
            }
            let Value::Object(mut object) = object else {
                continue;
            };
            if !self.timestamps_hold(index, &id, &mut object) {
                continue;
            }
            let entry = Entry {
                index,
                id: id.clone(),
                stix_type,
                object,
            };
            match seen.get(&id) {
                Some(&earlier) => {
                    let newer = stix_time(entry.object.get("modified"))
                        > stix_time(entries[earlier].object.get("modified"));
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
        let mut produced: HashMap<String, usize> = HashMap::default();
        for entry in &entries {
            self.note_tlp(entry);
            if entry.stix_type == "identity" {
                let name = text(&entry.object, "name").unwrap_or(&entry.id).to_owned();
                let reliability = stated::opencti_reliability(&entry.object);
                self.identities
                    .insert(entry.id.clone(), (name, reliability));
            }
            if let Some(by) = text(&entry.object, "created_by_ref")
                && by != CASEBOOK_IDENTITY
            {
                match produced.get(by) {
                    Some(&at) => self.producers[at].1 += 1,
                    None => {
                        produced.insert(by.to_owned(), self.producers.len());
                        self.producers.push((by.to_owned(), 1));
                    }
                }
            }
        }
        let order = |t: &str, e: &Entry| -> u8 {
            let ext = casebook_extension(&e.object);
            match t {
                "intrusion-set" | "threat-actor" | "identity" | "location" => 0,
                "malware" | "tool" | "attack-pattern" | "infrastructure" | "indicator"
                | "vulnerability" => 0,
                "campaign" | "incident" => 1,
                "note" if ext.is_some_and(|x| x.contains_key("start")) => 1,
                "report" | "opinion" if is_casebook_source(ext) => 2,
                "relationship" => 3,
                "report" => 4,
                // After the reports: an opinion may be about one.
                "opinion" => 5,
                "note" => 5,
                _ => 6,
            }
        };
        entries.sort_by_key(|e| (order(&e.stix_type, e), e.index));
        let mut citations: Vec<(Entry, Id)> = Vec::new();
        for entry in entries {
            self.map(entry, &mut citations);
        }
        // What each report is about, for the opinions about a report.
        self.report_refs = citations
            .iter()
            .filter(|(e, _)| e.stix_type == "report")
            .map(|(e, _)| (e.id.clone(), refs_of(&e.object)))
            .collect();
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
                    "carries {} TLP markings ({}); an object carries one, and the strictest is kept",
                    levels.len(),
                    names.join(", ")
                ),
            });
        }
    }

    /// The properties of a foreign object Casebook does not model, kept for export.
    fn kept_properties(object: &Map<String, Value>, modelled: &[&str]) -> Extra {
        let kept: Map<String, Value> = object
            .iter()
            .filter(|(k, _)| !REGENERATED.contains(&k.as_str()) && !modelled.contains(&k.as_str()))
            .filter_map(|(k, v)| match k.as_str() {
                "object_marking_refs" | "granular_markings" => {
                    not_modelled_markings(k, v, foreign_kind(object)).map(|v| (k.clone(), v))
                }
                _ => Some((k.clone(), v.clone())),
            })
            .collect();
        let mut extra = Extra::default();
        let written_by_casebook = casebook_extension(object).is_some();
        let theirs: Map<String, Value> = object
            .get("extensions")
            .and_then(Value::as_object)
            .map(|e| {
                e.iter()
                    .filter(|(k, _)| k.as_str() != EXTENSION_ID)
                    .filter_map(|(k, v)| {
                        // The reliability Casebook writes in OpenCTI's extension is the
                        // source's own grade, written again from it on export.
                        if written_by_casebook
                            && k == crate::stix::OPENCTI_EXTENSION
                            && let Value::Object(m) = v
                        {
                            let rest: Map<String, Value> = m
                                .iter()
                                .filter(|(key, _)| {
                                    *key != "reliability" && *key != "extension_type"
                                })
                                .map(|(key, value)| (key.clone(), value.clone()))
                                .collect();
                            if rest.is_empty() {
                                return None;
                            }
                        }
                        Some((k.clone(), v.clone()))
                    })
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
                let mut originals = originals;
                // What the producer did not state, which Casebook needs a value for (a
                // relationship's confidence, a campaign's start): marked so the export leaves
                // it out while it still holds the value given on import.
                for key in ["confidence", "first_seen"] {
                    if modelled.contains(&key) && !entry.object.contains_key(key) {
                        originals.insert(key.to_owned(), Value::Null);
                    }
                }
                // A text property that came empty (Casebook leaves an empty text out): written
                // back empty while the object's own text stays empty.
                for key in ["description", "name"] {
                    if modelled.contains(&key)
                        && entry
                            .object
                            .get(key)
                            .is_some_and(|v| v.as_str() == Some(""))
                    {
                        originals.insert(key.to_owned(), Value::String(String::new()));
                    }
                }
                // The TLP marking exactly as it came (a TLP 1.0 id, say), written back while
                // the object keeps that level.
                if tlp_levels(&entry.object).next().is_some()
                    && let Some(refs) = entry.object.get("object_marking_refs")
                {
                    originals.insert("object_marking_refs".into(), refs.clone());
                }
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
        let mut object = object;
        self.set_marking(entry, &mut object);
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
            CaseObject::Actor(o) => {
                self.actor_kinds.insert(o.id.clone(), o.kind);
                self.case.actors.push(o)
            }
            CaseObject::Relationship(o) => self.case.relationships.push(o),
            CaseObject::Event(o) => {
                self.event_slots
                    .insert(o.id.clone(), self.case.events.len());
                self.case.events.push(o)
            }
            CaseObject::Technical(o) => self.case.technical.push(o),
            CaseObject::Source(o) => self.case.sources.push(o),
            CaseObject::Citation(o) => self.case.citations.push(o),
            CaseObject::Judgment(o) => self.case.judgments.push(o),
            CaseObject::Analysis(o) => self.case.analyses.push(o),
        }
        self.mapped += 1;
        true
    }

    fn keep(&mut self, entry: Entry) {
        let marked = tlp_levels(&entry.object).next().is_some();
        if !marked
            && !matches!(
                entry.stix_type.as_str(),
                "marking-definition" | "extension-definition"
            )
        {
            self.unmarked_kept.push(self.kept.len());
        }
        self.kept.push(Value::Object(entry.object));
    }

    /// Gives an object read from the bundle its marking: for one Casebook made, the marking in
    /// its extension (or, when another platform marked it stricter since, that); for one from
    /// elsewhere, its TLP marking and its granular TLP markings on the properties Casebook
    /// models, or none (the analyst's choice for unmarked objects) when it has no TLP marking.
    fn set_marking(&mut self, entry: &Entry, object: &mut CaseObject) {
        let levels: Vec<Tlp> = tlp_levels(&entry.object).collect();
        let strictest = levels.iter().copied().max();
        let kind = object.kind();
        let id = object.id().clone();
        let ext = casebook_extension(&entry.object);
        if let Some(ext) = ext.filter(|x| x.contains_key("casebook_id")) {
            let marking = object.marking_mut();
            if *marking == crate::model::Marking::default() {
                marking.tlp = field(Some(ext), "tlp");
                marking.fields = field(Some(ext), "tlp_fields").unwrap_or_default();
            }
            match (marking.tlp, strictest) {
                (Some(own), Some(there)) if there > own => marking.tlp = Some(there),
                (None, Some(there)) => self.marked_elsewhere.push((id, there)),
                _ => {}
            }
            return;
        }
        let marking = object.marking_mut();
        match strictest {
            Some(level) => marking.tlp = Some(level),
            None => {
                marking.tlp = Some(DEFAULT_UNMARKED);
                self.unmarked.insert(id);
            }
        }
        for (level, selector) in granular_tlp(&entry.object) {
            if let Some(field) = modelled_field(kind, &selector) {
                let at = marking.fields.entry(field.to_owned()).or_insert(level);
                *at = (*at).max(level);
            }
        }
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
            "malware" | "tool" | "attack-pattern" | "infrastructure" | "indicator"
            | "vulnerability" => {
                self.technical(&entry, ext);
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
            // A source that relays another: part of the source (written again from it), not a
            // relationship of actors.
            "relationship" if self.derived_from(&entry) => self.regenerated += 1,
            // What an event saw: part of the event, written again from it when Casebook wrote
            // it; one from elsewhere is kept as it came too, so its id and properties go back.
            "relationship" if self.event_technical(&entry) => {
                if is_casebook {
                    self.regenerated += 1
                } else {
                    self.keep(entry)
                }
            }
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
            "report" if is_casebook_source(ext) => {
                self.source(&entry, ext);
            }
            "report" => {
                if let Some(source) = self.source(&entry, None) {
                    citations.push((entry, source));
                }
            }
            "opinion" if is_casebook_source(ext) => {
                self.source(&entry, ext);
            }
            "opinion" if !is_casebook => match self.opinion_source(&entry) {
                Some(source) => citations.push((entry, source)),
                None => self.keep(entry),
            },
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

    fn finish(mut self) -> ImportedBundle {
        let positions = std::mem::take(&mut self.positions);
        self.case
            .citations
            .sort_by_key(|c| positions.get(&c.id).copied().unwrap_or(usize::MAX));
        match self.tlp {
            Some(tlp) => self.case.tlp = tlp,
            None => self.case.tlp = DEFAULT_UNMARKED,
        }
        let case_tlp = self.case.tlp;
        let elsewhere: HashMap<Id, Tlp> = std::mem::take(&mut self.marked_elsewhere)
            .into_iter()
            .filter(|(_, t)| *t != case_tlp)
            .collect();
        if !elsewhere.is_empty() {
            self.case.each_marking_mut(|id, marking| {
                if let Some(t) = elsewhere.get(id) {
                    marking.tlp = Some(*t);
                }
            });
        }
        let producers_list: Vec<Producer> = std::mem::take(&mut self.producers)
            .into_iter()
            .map(|(id, objects)| {
                let name = self
                    .identities
                    .get(&id)
                    .map_or_else(|| id.clone(), |(name, _)| name.clone());
                let ours = self.is_ours(&id);
                let in_bundle = self.ids.contains_key(&id);
                Producer {
                    id,
                    name,
                    objects,
                    ours,
                    in_bundle,
                }
            })
            .collect();
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
            readings: self.readings,
            producers: producers_list,
            judgment_producers: self.judgment_producers,
            unmarked: self.unmarked.into_iter().collect(),
            unmarked_kept: self.unmarked_kept,
            unmarked_level: DEFAULT_UNMARKED,
            casebook_case: self.casebook_case,
        }
    }
}

mod markings;
mod merge;
mod objects;
mod stated;
mod technical;
use markings::{
    foreign_kind, granular_tlp, modelled_field, not_modelled_markings, tlp_levels, tlp2_marking,
};
pub use merge::{MergeItem, MergeSplit, kept_to_merge, merge_plan, merge_split};

#[cfg(test)]
mod tests;
