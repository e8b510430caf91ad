//! What a user does with a TAXII server: see what it offers ([`list_server`]), send it a case
//! ([`push`]) and take a collection from it ([`pull`]).
//!
//! A push sends the case as its STIX export at one TLP label (nothing marked stricter goes),
//! leaves out what the collection's manifest already holds at the same version, packs the
//! rest into envelopes no larger than the API root's `max_content_length`, and follows each
//! envelope's status until the server has dealt with every object. A pull reads a collection
//! page by page (`limit`, `next`, `more`, or `X-TAXII-Date-Added-Last` where a server gives no
//! `next`) into one bundle, which goes through the same import review as a bundle file.

use super::connection::{Connection, Purpose, TaxiiError};
use super::resources::{
    ApiRoot, Collection, Collections, Discovery, Envelope, Manifest, Status, StatusDetail,
    object_version, same_time,
};
use crate::model::{Case, Id, Withheld};
use crate::tradecraft::Tlp;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// How many objects a page asks for (a server may give fewer).
pub const PAGE_LIMIT: &str = "1000";

/// An API root and what it says of itself and its collections.
#[derive(Clone, Debug)]
pub struct ApiRootListing {
    pub url: String,
    pub is_default: bool,
    /// Its information and collections, or why they could not be read.
    pub read: Result<(ApiRoot, Vec<Collection>), String>,
}

/// What a server offers.
#[derive(Clone, Debug)]
pub struct ServerListing {
    /// The server's title (discovery), or the API root's.
    pub title: String,
    pub api_roots: Vec<ApiRootListing>,
}

/// The collection a push or pull goes to, found on the server.
#[derive(Clone, Debug)]
pub struct CollectionChoice {
    /// The API root's address, ending in `/`.
    pub api_root_url: String,
    pub api_root: ApiRoot,
    pub collection: Collection,
}

impl CollectionChoice {
    /// The collection's address, ending in `/`.
    pub fn url(&self) -> String {
        format!(
            "{}collections/{}/",
            self.api_root_url,
            url_segment(&self.collection.id)
        )
    }

    /// How the collection is named to the user: its title and id.
    pub fn shown(&self) -> String {
        if self.collection.title.is_empty() {
            self.collection.id.clone()
        } else {
            format!("\"{}\" ({})", self.collection.title, self.collection.id)
        }
    }
}

/// An id as one segment of an address: anything that could change the path is escaped.
fn url_segment(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn with_slash(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

/// Reads the server at `url`: a discovery address (`…/taxii2/`) or an API root.
pub fn list_server(connection: &Connection, url: &str) -> Result<ServerListing, TaxiiError> {
    let url = with_slash(url);
    let answer = connection.get(&url, &[], Purpose::Discover)?;
    let value: Value = answer.resource(&url)?;
    if value.get("api_roots").is_some() {
        let discovery: Discovery = answer.resource(&url)?;
        let api_roots = discovery
            .api_roots
            .iter()
            .map(|root| {
                let root_url = with_slash(&absolute(&url, root)?);
                let is_default = discovery.default.as_deref().is_some_and(|d| {
                    absolute(&url, d).map(|d| with_slash(&d)).ok().as_ref() == Some(&root_url)
                });
                let read = read_api_root(connection, &root_url).map_err(|e| e.to_string());
                Ok(ApiRootListing {
                    url: root_url,
                    is_default,
                    read,
                })
            })
            .collect::<Result<Vec<_>, TaxiiError>>()?;
        Ok(ServerListing {
            title: discovery.title,
            api_roots,
        })
    } else if value.get("max_content_length").is_some() {
        let (root, collections) = read_api_root(connection, &url)?;
        Ok(ServerListing {
            title: root.title.clone(),
            api_roots: vec![ApiRootListing {
                url,
                is_default: true,
                read: Ok((root, collections)),
            }],
        })
    } else {
        Err(TaxiiError::NotTaxii {
            url,
            reason: "it is neither a server's discovery (api_roots) nor an API root (max_content_length)".to_owned(),
        })
    }
}

/// An address as given in discovery, which may be relative to the discovery address.
fn absolute(base: &str, given: &str) -> Result<String, TaxiiError> {
    url::Url::parse(base)
        .and_then(|b| b.join(given))
        .map(String::from)
        .map_err(|e| TaxiiError::BadAddress {
            url: given.to_owned(),
            reason: e.to_string(),
        })
}

fn read_api_root(
    connection: &Connection,
    root_url: &str,
) -> Result<(ApiRoot, Vec<Collection>), TaxiiError> {
    let root: ApiRoot = connection
        .get(root_url, &[], Purpose::Discover)?
        .resource(root_url)?;
    let collections_url = format!("{root_url}collections/");
    let collections: Collections = connection
        .get(&collections_url, &[], Purpose::Discover)?
        .resource(&collections_url)?;
    Ok((root, collections.collections))
}

/// Finds `collection` (an id, an alias or a title) on the server at `url`: in the API root
/// `url` names, or in the discovery's default root, or in whichever root holds it.
pub fn find_collection(
    connection: &Connection,
    url: &str,
    collection: &str,
) -> Result<CollectionChoice, TaxiiError> {
    let listing = list_server(connection, url)?;
    let wanted = collection.trim();
    let mut roots: Vec<&ApiRootListing> = listing.api_roots.iter().collect();
    roots.sort_by_key(|r| !r.is_default);
    let mut unreadable = Vec::new();
    for root in roots {
        let (info, collections) = match &root.read {
            Ok(read) => read,
            Err(e) => {
                unreadable.push(e.clone());
                continue;
            }
        };
        let found = collections
            .iter()
            .find(|c| c.id == wanted)
            .or_else(|| {
                collections.iter().find(|c| {
                    c.alias
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(wanted))
                })
            })
            .or_else(|| {
                let titled: Vec<&Collection> = collections
                    .iter()
                    .filter(|c| c.title.eq_ignore_ascii_case(wanted))
                    .collect();
                (titled.len() == 1).then(|| titled[0])
            });
        if let Some(found) = found {
            return Ok(CollectionChoice {
                api_root_url: root.url.clone(),
                api_root: info.clone(),
                collection: found.clone(),
            });
        }
    }
    let mut offered: Vec<String> = listing
        .api_roots
        .iter()
        .filter_map(|r| r.read.as_ref().ok())
        .flat_map(|(_, cs)| cs.iter().map(|c| format!("{} \"{}\"", c.id, c.title)))
        .collect();
    offered.truncate(20);
    let mut reason = format!("no collection {wanted:?} at {url}");
    if offered.is_empty() {
        reason.push_str("; it offers none you can see");
    } else {
        reason.push_str(&format!("; it offers {}", offered.join(", ")));
    }
    for e in unreadable {
        reason.push_str(&format!("; and one API root could not be read: {e}"));
    }
    Err(TaxiiError::Refused(reason))
}

/// What a pull brought.
#[derive(Debug)]
pub struct PullReport {
    pub choice: CollectionChoice,
    /// The objects, one version of each (the newest where pages gave more than one).
    pub objects: Vec<Value>,
    pub pages: usize,
    pub bytes: u64,
    /// What was asked for: objects added after this time.
    pub added_after: Option<String>,
    /// When the server added the last object pulled, for the next `--added-after`.
    pub date_added_last: Option<String>,
    /// Every version of every object the collection holds (from its manifest; empty if it
    /// cannot be read), to tell a later version of an object from a conflicting edit.
    pub held_versions: HashMap<String, Vec<String>>,
}

impl PullReport {
    /// Of the conflicts an import of this pull finds (the case's version, then the
    /// collection's), those where the collection's is a later version of an object not changed
    /// here since it was shared: the collection holds the case's version as an earlier one.
    /// Taking those loses nothing; the rest are conflicting edits, left for the analyst.
    /// (A citation has no STIX object of its own to look up, so its conflicts stay.)
    pub fn later_versions(
        &self,
        open: &Case,
        conflicts: &[(crate::model::CaseObject, crate::model::CaseObject)],
    ) -> HashSet<Id> {
        // STIX writes times to the millisecond at least; a server may write back more digits.
        let same = |a: chrono::DateTime<chrono::Utc>, b: chrono::DateTime<chrono::Utc>| {
            (a - b).abs() < chrono::TimeDelta::milliseconds(1)
        };
        conflicts
            .iter()
            .filter(|(mine, theirs)| {
                // An object with no time of its own was written with the case's creation.
                let (_, mine_time) = mine.version().or_case(open.created);
                let Some(their_time) = theirs.version().modified else {
                    return false;
                };
                let Some(stix_id) = crate::stix::export::stix_id_of(mine) else {
                    return false;
                };
                their_time > mine_time
                    && self.held_versions.get(&stix_id).is_some_and(|versions| {
                        versions.iter().any(|v| {
                            chrono::DateTime::parse_from_rfc3339(v)
                                .is_ok_and(|v| same(v.with_timezone(&chrono::Utc), mine_time))
                        })
                    })
            })
            .map(|(mine, _)| mine.id().clone())
            .collect()
    }
}

impl PullReport {
    /// The objects as one STIX bundle, for the import review.
    pub fn bundle_bytes(&self) -> Vec<u8> {
        let id = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!(
                "{}#{}",
                self.choice.url(),
                self.date_added_last.as_deref().unwrap_or("")
            )
            .as_bytes(),
        );
        let bundle = serde_json::json!({
            "type": "bundle",
            "id": format!("bundle--{id}"),
            "objects": self.objects,
        });
        serde_json::to_vec(&bundle).unwrap_or_default()
    }
}

/// The most bytes of objects a pull gathers, the same as the largest bundle file read.
const MAX_PULL_BYTES: u64 = crate::stix::import::MAX_BUNDLE_BYTES;

/// Reads every object of `collection` at `url` (added after `added_after`, if given).
pub fn pull(
    connection: &Connection,
    url: &str,
    collection: &str,
    added_after: Option<&str>,
    progress: &dyn Fn(&str),
    cancelled: &dyn Fn() -> bool,
) -> Result<PullReport, TaxiiError> {
    let choice = find_collection(connection, url, collection)?;
    if !choice.collection.can_read {
        return Err(TaxiiError::Refused(format!(
            "the collection {} may be written to but not read: the server says can_read is false",
            choice.shown()
        )));
    }
    let objects_url = format!("{}objects/", choice.url());
    let mut by_id: HashMap<String, Value> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut pages = 0;
    let mut bytes = 0u64;
    let mut date_added_last: Option<String> = None;
    let mut next: Option<String> = None;
    let mut after = added_after.map(str::to_owned);
    loop {
        if cancelled() {
            return Err(TaxiiError::Cancelled);
        }
        let mut query: Vec<(&str, &str)> = vec![("limit", PAGE_LIMIT)];
        if let Some(after) = &after {
            query.push(("added_after", after));
        }
        if let Some(next) = &next {
            query.push(("next", next));
        }
        let answer = connection.get(&objects_url, &query, Purpose::Read)?;
        bytes += answer.body.len() as u64;
        if bytes > MAX_PULL_BYTES {
            return Err(TaxiiError::Refused(format!(
                "the collection {} holds more than the {MAX_PULL_BYTES} bytes Casebook reads in one pull; pull it in parts with --added-after",
                choice.shown()
            )));
        }
        let envelope: Envelope = answer.resource(&objects_url)?;
        pages += 1;
        let count = envelope.objects.len();
        for object in envelope.objects {
            let Some(id) = object.get("id").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            match by_id.get(&id) {
                Some(held) if !newer(&object, held) => {}
                Some(_) => {
                    by_id.insert(id, object);
                }
                None => {
                    order.push(id.clone());
                    by_id.insert(id, object);
                }
            }
        }
        if let Some(last) = &answer.date_added_last {
            date_added_last = Some(last.clone());
        }
        progress(&format!("page {pages}: {} objects", order.len()));
        if !envelope.more {
            break;
        }
        match envelope.next {
            Some(n) if next.as_ref() != Some(&n) || count > 0 => next = Some(n),
            Some(_) => {
                return Err(TaxiiError::NotTaxii {
                    url: objects_url,
                    reason: "it says there is more but gives the same page again".to_owned(),
                });
            }
            None => {
                // A server may page by date instead: the next page is what was added after
                // the last object of this one.
                match &answer.date_added_last {
                    Some(last) if after.as_ref() != Some(last) && count > 0 => {
                        after = Some(last.clone());
                        next = None;
                    }
                    _ => {
                        return Err(TaxiiError::NotTaxii {
                            url: objects_url,
                            reason: "it says there is more but gives neither next nor X-TAXII-Date-Added-Last".to_owned(),
                        });
                    }
                }
            }
        }
    }
    let objects = order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect();
    progress("reading the collection's manifest");
    let held_versions = match read_manifest(connection, &choice, cancelled) {
        Ok(held) => held,
        Err(TaxiiError::Forbidden { .. } | TaxiiError::NotFound { .. }) => HashMap::new(),
        Err(e) => return Err(e),
    };
    Ok(PullReport {
        choice,
        objects,
        pages,
        bytes,
        added_after: added_after.map(str::to_owned),
        date_added_last,
        held_versions,
    })
}

/// Whether `object` is a later version than `held`.
fn newer(object: &Value, held: &Value) -> bool {
    match (object_version(object), object_version(held)) {
        (Some(a), Some(b)) => {
            let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
            match (parse(a), parse(b)) {
                (Some(a), Some(b)) => a > b,
                _ => a > b,
            }
        }
        _ => false,
    }
}

/// What to push.
#[derive(Clone, Debug)]
pub struct PushOptions {
    /// The label of what is sent: nothing marked stricter goes.
    pub label: Tlp,
    /// Only these objects (and what they refer to), or the whole case.
    pub only: Option<Vec<Id>>,
    /// Send the Casebook extension's definition too. Off by default: some servers (medallion
    /// 3.0.0) read its `version` property as a timestamp and then fail on every read of the
    /// collection. The definition is in every bundle file Casebook writes and in docs/stix.md.
    pub with_extension_definition: bool,
    /// Envelopes of at most this many bytes instead of the API root's `max_content_length`
    /// (for a proxy in front of the server that takes less, or a server that says the wrong
    /// size).
    pub max_envelope: Option<usize>,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    pub collection: String,
    /// Objects that may be shared at the label (after the selection).
    pub offered: usize,
    /// Of those, already in the collection at the same version, so not sent.
    pub unchanged: usize,
    /// Whether the collection's manifest could be read (if not, everything was sent).
    pub manifest_read: bool,
    pub sent: usize,
    pub envelopes: usize,
    pub bytes_sent: usize,
    pub succeeded: u64,
    pub failures: Vec<StatusDetail>,
    /// Objects the server had not finished with when Casebook stopped waiting, and the
    /// statuses to look them up by.
    pub pending: u64,
    pub pending_statuses: Vec<String>,
    /// What the label kept back.
    pub withheld: Vec<Withheld>,
}

/// The bytes of an envelope around objects: `{"objects":[` and `]}`.
const ENVELOPE_OVERHEAD: usize = 14;

/// Sends `case` to `collection` at `url`.
pub fn push(
    connection: &Connection,
    url: &str,
    collection: &str,
    case: &Case,
    options: &PushOptions,
    progress: &dyn Fn(&str),
    cancelled: &dyn Fn() -> bool,
) -> Result<PushReport, TaxiiError> {
    let choice = find_collection(connection, url, collection)?;
    if !choice.collection.can_write {
        return Err(TaxiiError::Refused(format!(
            "the collection {} may be read but not written to: the server says can_write is false",
            choice.shown()
        )));
    }
    let labelled = crate::stix::export::to_bytes_at(case, options.label);
    let bundle: Value = serde_json::from_slice(&labelled.bytes).map_err(|e| {
        TaxiiError::Refused(format!(
            "the case's STIX bundle could not be read back: {e}"
        ))
    })?;
    let Some(Value::Array(objects)) = bundle.get("objects").cloned() else {
        return Err(TaxiiError::Refused(
            "the case's STIX bundle has no objects".to_owned(),
        ));
    };
    let mut objects: Vec<Value> = objects
        .into_iter()
        .filter(|o| {
            options.with_extension_definition
                || o.get("type").and_then(Value::as_str) != Some("extension-definition")
        })
        .collect();
    if let Some(only) = &options.only {
        objects = selected_with_references(case, objects, only);
    }
    let mut report = PushReport {
        collection: choice.shown(),
        offered: objects.len(),
        withheld: labelled.withheld,
        ..PushReport::default()
    };
    let held = if choice.collection.can_read {
        progress("reading the collection's manifest");
        match read_manifest(connection, &choice, cancelled) {
            Ok(held) => {
                report.manifest_read = true;
                held
            }
            Err(TaxiiError::Forbidden { .. }) => HashMap::new(),
            Err(e) => return Err(e),
        }
    } else {
        HashMap::new()
    };
    let changed: Vec<Value> = objects
        .into_iter()
        .filter(|o| {
            let id = o.get("id").and_then(Value::as_str).unwrap_or("");
            let version = object_version(o);
            let unchanged = match (held.get(id), version) {
                (Some(versions), Some(v)) => versions.iter().any(|h| same_time(h, v)),
                _ => false,
            };
            !unchanged
        })
        .collect();
    report.unchanged = report.offered - changed.len();
    let advertised = choice.api_root.max_content_length as usize;
    let limit = options.max_envelope.unwrap_or(advertised);
    let envelopes = pack(&changed, limit, &mut report);
    let objects_url = format!("{}objects/", choice.url());
    let total = envelopes.len();
    for (n, (body, count)) in envelopes.into_iter().enumerate() {
        if cancelled() {
            return Err(TaxiiError::Cancelled);
        }
        progress(&format!(
            "sending envelope {} of {total} ({count} objects)",
            n + 1
        ));
        let answer = connection
            .post(&objects_url, &body, Purpose::Write)
            .map_err(|e| match e {
                TaxiiError::TooLarge {
                    url,
                    bytes,
                    server,
                    ..
                } => TaxiiError::TooLarge {
                    url,
                    bytes,
                    advertised: if bytes <= advertised {
                        format!(
                            ", although its API root says it takes up to {advertised} bytes; ask its administrator what it takes, or send smaller envelopes (--max-envelope BYTES)"
                        )
                    } else {
                        format!(
                            ": its API root says it takes up to {advertised} bytes, and envelopes of up to {limit} were asked for (--max-envelope)"
                        )
                    },
                    server,
                },
                other => other,
            })?;
        report.envelopes += 1;
        report.sent += count;
        report.bytes_sent += body.len();
        let status: Status = answer.resource(&objects_url)?;
        let status = follow_status(connection, &choice, status, cancelled)?;
        report.succeeded += status.success_count;
        report.failures.extend(status.failures.iter().cloned());
        if status.status != "complete" {
            report.pending += status.pending_count;
            report.pending_statuses.push(status.id.clone());
        }
    }
    Ok(report)
}

/// The chosen objects and, transitively, every object they refer to (markings, identities,
/// the ends of a relationship, what a note is about).
fn selected_with_references(case: &Case, objects: Vec<Value>, only: &[Id]) -> Vec<Value> {
    let chosen: HashSet<&Id> = only.iter().collect();
    let mut wanted: Vec<String> = crate::stix::export::stix_ids(case)
        .into_iter()
        .filter(|(_, id)| chosen.contains(id))
        .map(|(stix, _)| stix)
        .collect();
    let by_id: HashMap<&str, &Value> = objects
        .iter()
        .filter_map(|o| Some((o.get("id")?.as_str()?, o)))
        .collect();
    let mut keep: HashSet<String> = HashSet::new();
    while let Some(id) = wanted.pop() {
        if !keep.insert(id.clone()) {
            continue;
        }
        if let Some(object) = by_id.get(id.as_str()) {
            references(object, &mut wanted);
        }
    }
    objects
        .into_iter()
        .filter(|o| {
            o.get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| keep.contains(id))
        })
        .collect()
}

/// Every id in a `…_ref` or `…_refs` property, at any depth.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key.ends_with("_ref") {
                    if let Some(id) = v.as_str() {
                        out.push(id.to_owned());
                    }
                } else if key.ends_with("_refs") {
                    if let Some(ids) = v.as_array() {
                        out.extend(ids.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                } else {
                    references(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// Packs objects into envelopes of at most `limit` bytes. An object too large for any
/// envelope is not sent and goes into the report's failures.
fn pack(objects: &[Value], limit: usize, report: &mut PushReport) -> Vec<(Vec<u8>, usize)> {
    let mut envelopes = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    let mut count = 0;
    let close = |body: &mut Vec<u8>, count: &mut usize, envelopes: &mut Vec<(Vec<u8>, usize)>| {
        if *count > 0 {
            body.extend_from_slice(b"]}");
            envelopes.push((std::mem::take(body), *count));
            *count = 0;
        }
    };
    for object in objects {
        let bytes = serde_json::to_vec(object).unwrap_or_default();
        if bytes.len() + ENVELOPE_OVERHEAD > limit {
            report.failures.push(StatusDetail {
                id: object.get("id").and_then(Value::as_str).unwrap_or("?").to_owned(),
                version: object_version(object).map(str::to_owned),
                message: Some(format!(
                    "not sent: it is {} bytes, more than the {limit} bytes the server takes in one request",
                    bytes.len()
                )),
            });
            continue;
        }
        if count > 0 && body.len() + 1 + bytes.len() + 2 > limit {
            close(&mut body, &mut count, &mut envelopes);
        }
        if count == 0 {
            body.extend_from_slice(b"{\"objects\":[");
        } else {
            body.push(b',');
        }
        body.extend_from_slice(&bytes);
        count += 1;
    }
    close(&mut body, &mut count, &mut envelopes);
    envelopes
}

/// Every version of every object the collection holds, from its manifest.
fn read_manifest(
    connection: &Connection,
    choice: &CollectionChoice,
    cancelled: &dyn Fn() -> bool,
) -> Result<HashMap<String, Vec<String>>, TaxiiError> {
    let manifest_url = format!("{}manifest/", choice.url());
    let mut held: HashMap<String, Vec<String>> = HashMap::new();
    let mut next: Option<String> = None;
    let mut after: Option<String> = None;
    loop {
        if cancelled() {
            return Err(TaxiiError::Cancelled);
        }
        // Every version, not only the latest (TAXII's default): an earlier one tells an
        // object unchanged since it was shared.
        let mut query: Vec<(&str, &str)> = vec![("limit", PAGE_LIMIT), ("match[version]", "all")];
        if let Some(next) = &next {
            query.push(("next", next));
        }
        if let Some(after) = &after {
            query.push(("added_after", after));
        }
        let answer = connection.get(&manifest_url, &query, Purpose::Read)?;
        let page: Manifest = answer.resource(&manifest_url)?;
        let count = page.objects.len();
        for record in page.objects {
            if let Some(version) = record.version {
                held.entry(record.id).or_default().push(version);
            }
        }
        if !page.more {
            return Ok(held);
        }
        match (page.next, answer.date_added_last) {
            (Some(n), _) if next.as_ref() != Some(&n) || count > 0 => next = Some(n),
            (None, Some(last)) if after.as_ref() != Some(&last) && count > 0 => {
                after = Some(last);
                next = None;
            }
            _ => {
                return Err(TaxiiError::NotTaxii {
                    url: manifest_url,
                    reason: "its manifest says there is more but gives no way to get it".to_owned(),
                });
            }
        }
    }
}

/// How long to wait for a server to finish with an envelope before reporting it pending.
const STATUS_PATIENCE: Duration = Duration::from_secs(600);

/// Polls a pending status until it is complete (or patience runs out).
fn follow_status(
    connection: &Connection,
    choice: &CollectionChoice,
    mut status: Status,
    cancelled: &dyn Fn() -> bool,
) -> Result<Status, TaxiiError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(200);
    let status_url = format!("{}status/{}/", choice.api_root_url, url_segment(&status.id));
    while status.status != "complete" && started.elapsed() < STATUS_PATIENCE {
        if cancelled() {
            return Err(TaxiiError::Cancelled);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_secs(5));
        status = connection
            .get(&status_url, &[], Purpose::Status)?
            .resource(&status_url)?;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn envelopes_keep_to_the_limit_and_hold_every_object_once() {
        let objects: Vec<Value> = (0..50)
            .map(|n| json!({"id": format!("indicator--{n:04}"), "pad": "x".repeat(n * 7)}))
            .collect();
        let mut report = PushReport::default();
        let envelopes = pack(&objects, 1200, &mut report);
        assert!(report.failures.is_empty());
        let mut seen = Vec::new();
        for (body, count) in &envelopes {
            assert!(body.len() <= 1200, "{} bytes", body.len());
            let envelope: Envelope = serde_json::from_slice(body).unwrap();
            assert_eq!(envelope.objects.len(), *count);
            seen.extend(envelope.objects);
        }
        assert_eq!(seen, objects);
    }

    #[test]
    fn an_object_larger_than_any_envelope_is_reported_not_sent() {
        let objects = vec![
            json!({"id": "note--small", "modified": "2026-01-01T00:00:00Z"}),
            json!({"id": "note--big", "modified": "2026-01-01T00:00:00Z", "content": "y".repeat(500)}),
        ];
        let mut report = PushReport::default();
        let envelopes = pack(&objects, 200, &mut report);
        assert_eq!(envelopes.len(), 1);
        assert_eq!(envelopes[0].1, 1);
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].id, "note--big");
        assert!(
            report.failures[0]
                .message
                .as_deref()
                .unwrap()
                .contains("200 bytes")
        );
    }

    #[test]
    fn a_selection_brings_what_it_refers_to() {
        let case = crate::example::example_case();
        let bundle: Value = serde_json::from_slice(&crate::stix::export::to_bytes(&case)).unwrap();
        let objects = bundle["objects"].as_array().unwrap().clone();
        let relationship = case.relationships[0].clone();
        let chosen =
            selected_with_references(&case, objects, std::slice::from_ref(&relationship.id));
        let ids = crate::stix::export::stix_ids(&case);
        let chosen_ids: HashSet<Id> = chosen
            .iter()
            .filter_map(|o| ids.get(o["id"].as_str().unwrap()).cloned())
            .collect();
        assert!(chosen_ids.contains(&relationship.id));
        assert!(chosen_ids.contains(&relationship.source));
        assert!(chosen_ids.contains(&relationship.target));
        assert!(
            chosen.iter().all(|o| o["type"] != "report"),
            "the case report is not part of one relationship"
        );
        assert!(chosen.len() < 15, "{} objects", chosen.len());
    }
}
