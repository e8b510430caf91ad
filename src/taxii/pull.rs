//! Taking a collection: its objects page by page (`limit`, `next`, `more`, or
//! `X-TAXII-Date-Added-Last` where a server gives no `next`) into one bundle for the import
//! review, with the versions the collection holds, so that a colleague's later version of an
//! object unchanged here is told from a conflicting edit.

use super::connection::{Connection, TaxiiError};
use super::exchange::{CollectionChoice, PageEnd, read_manifest, read_pages};
use super::resources::{Envelope, object_version, parse_time};
use crate::model::{Case, Id};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

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
                        versions
                            .iter()
                            .any(|v| parse_time(v).is_some_and(|v| same(v, mine_time)))
                    })
            })
            .map(|(mine, _)| mine.id().clone())
            .collect()
    }

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

/// Reads every object of the collection (added after `added_after`, if given).
pub fn pull(
    connection: &Connection,
    choice: &CollectionChoice,
    added_after: Option<&str>,
    progress: &dyn Fn(&str),
    cancelled: &dyn Fn() -> bool,
) -> Result<PullReport, TaxiiError> {
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
    read_pages(
        connection,
        &objects_url,
        &[],
        added_after,
        cancelled,
        |answer| {
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
            Ok(PageEnd {
                more: envelope.more,
                next: envelope.next,
                count,
            })
        },
    )?;
    let objects: Vec<Value> = order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect();
    // The versions the collection holds, to tell a later version from a conflicting edit
    // (not needed when nothing came).
    let held_versions = if objects.is_empty() {
        HashMap::new()
    } else {
        progress("reading the collection's manifest");
        match read_manifest(connection, choice, cancelled) {
            Ok(held) => held,
            Err(TaxiiError::Forbidden { .. } | TaxiiError::NotFound { .. }) => HashMap::new(),
            Err(e) => return Err(e),
        }
    };
    Ok(PullReport {
        choice: choice.clone(),
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
        (Some(a), Some(b)) => match (parse_time(a), parse_time(b)) {
            (Some(a), Some(b)) => a > b,
            _ => a > b,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CaseObject;

    fn report_holding(held: &[(&str, &str)]) -> PullReport {
        let mut held_versions: HashMap<String, Vec<String>> = HashMap::new();
        for (id, version) in held {
            held_versions
                .entry((*id).to_owned())
                .or_default()
                .push((*version).to_owned());
        }
        PullReport {
            choice: CollectionChoice {
                api_root_url: "https://x/api/".to_owned(),
                api_root: serde_json::from_str(r#"{"max_content_length": 1000}"#).unwrap(),
                collection: serde_json::from_str(
                    r#"{"id": "c", "can_read": true, "can_write": true}"#,
                )
                .unwrap(),
            },
            objects: Vec::new(),
            pages: 1,
            bytes: 0,
            added_after: None,
            date_added_last: None,
            held_versions,
        }
    }

    fn at(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn only_a_later_version_of_an_object_unchanged_here_is_taken() {
        let case = crate::example::example_case();
        let nato = case.actor(&Id::new("actor--nato")).unwrap().clone();
        let stix_id = crate::stix::export::stix_id_of(&CaseObject::Actor(nato.clone())).unwrap();
        let version = |modified: &str| {
            let mut actor = nato.clone();
            actor.version.modified = at(modified);
            CaseObject::Actor(actor)
        };
        let shared = version("2026-12-01T10:00:00Z");
        let theirs = version("2026-12-02T10:00:00Z");
        let pair = |mine: &CaseObject, theirs: &CaseObject| vec![(mine.clone(), theirs.clone())];
        // The collection holds the case's version as an earlier one: a colleague's edit.
        let report = report_holding(&[
            (&stix_id, "2026-12-01T10:00:00.000Z"),
            (&stix_id, "2026-12-02T10:00:00.000Z"),
        ]);
        assert_eq!(
            report.later_versions(&case, &pair(&shared, &theirs)).len(),
            1
        );
        // The case's version is not one the collection had: edited here too, a conflict.
        let edited_here = version("2026-12-01T12:00:00Z");
        assert!(
            report
                .later_versions(&case, &pair(&edited_here, &theirs))
                .is_empty()
        );
        // The collection's is older than the case's: a conflict, never a step back.
        assert!(
            report
                .later_versions(&case, &pair(&theirs, &shared))
                .is_empty()
        );
        // No manifest (the collection's versions unknown): every difference a conflict.
        assert!(
            report_holding(&[])
                .later_versions(&case, &pair(&shared, &theirs))
                .is_empty()
        );
        // An object with no time of its own was shared with the case's creation.
        let unversioned = CaseObject::Actor(nato.clone());
        let created = case.created.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        let report = report_holding(&[(&stix_id, &created)]);
        assert_eq!(
            report
                .later_versions(&case, &pair(&unversioned, &theirs))
                .len(),
            1
        );
    }
}
