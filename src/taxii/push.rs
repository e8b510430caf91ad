//! Sending a case: its STIX export at one TLP label, less what the collection's manifest
//! already holds at the same version, packed into envelopes the server takes, each status
//! followed until the server has dealt with every object.

use super::connection::{Connection, Purpose, TaxiiError};
use super::exchange::{CollectionChoice, read_manifest, url_segment};
use super::resources::{Status, StatusDetail, object_version, same_time};
use crate::model::{Case, Id, Withheld};
use crate::tradecraft::Tlp;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

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

/// Sends `case` to the collection.
pub fn push(
    connection: &Connection,
    choice: &CollectionChoice,
    case: &Case,
    options: &PushOptions,
    progress: &dyn Fn(&str),
    cancelled: &dyn Fn() -> bool,
) -> Result<PushReport, TaxiiError> {
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
        match read_manifest(connection, choice, cancelled) {
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
        let status = follow_status(connection, choice, status, cancelled)?;
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
    use crate::taxii::resources::Envelope;
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
