//! A MISP event (MISP's own JSON, as MISP exports it or as [`super::event_at`] writes it) read
//! into a case, with MISP's taxonomies read back: `tlp` tags as markings,
//! `admiralty-scale` as sources' reliability and citations' credibility, `estimative-language`
//! as judgments' likelihood and confidence. Objects Casebook wrote come back as the objects they
//! were (their comments name their ids); an event from elsewhere maps its organisations and
//! persons to actors, incidents to events, reports to sources and threat-actor galaxy clusters
//! to threat groups. What Casebook does not model (plain attributes such as indicators, other
//! object templates) is kept with the case as it came, and counted.

use super::{ID_COMMENT, tlp_tag};
use crate::model::{
    Actor, ActorKind, Case, Citation, Event, EventKind, EventRole, Id, Judgment, Marking,
    ObjectVersion, PartialDate, Relationship, RelationshipKind, Source, SourceKind, Stance,
};
use crate::tradecraft::{AttributionLevel, Confidence, Credibility, Likelihood, Reliability, Tlp};
use serde_json::Value;
use std::collections::HashMap;

/// The most a MISP event file may be: the same cap as a case file.
pub const MAX_EVENT_BYTES: u64 = 512 * 1024 * 1024;

/// Why a MISP event could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MispError {
    #[error("the file is not valid JSON: {0}")]
    Json(String),
    #[error(
        "the file is not a MISP event: it has no \"Event\" object at the top (nor in \"response\")"
    )]
    NotAnEvent,
    #[error("the event makes a case that is not valid: {0}")]
    Invalid(String),
}

/// What an import of a MISP event gives.
#[derive(Debug)]
pub struct ImportedEvent {
    pub case: Case,
    /// MISP objects and attributes Casebook does not model, kept with the case.
    pub kept: usize,
    /// What was read as something Casebook models, one line each, for the analyst to check.
    pub notes: Vec<String>,
}

/// Whether these bytes (the start of a file is enough) look like a MISP event, wrapped as MISP
/// exports it (`{"Event": …}`, or a REST `response`) or bare as pymisp writes it, rather than a
/// STIX bundle.
pub fn is_misp_event(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    head.trim_start().starts_with('{')
        && !has("objects")
        && !has("spec_version")
        && [
            "Event",
            "response",
            "Attribute",
            "Object",
            "info",
            "Galaxy",
            "EventReport",
        ]
        .iter()
        .any(|key| has(key))
}

fn text<'a>(o: &'a Value, key: &str) -> &'a str {
    o.get(key).and_then(Value::as_str).unwrap_or("")
}

fn tags(o: &Value) -> Vec<String> {
    o.get("Tag")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The value of a machine tag `namespace:predicate="value"`.
fn machine_value<'a>(tags: &'a [String], prefix: &str) -> Option<&'a str> {
    tags.iter()
        .find_map(|t| t.strip_prefix(prefix))
        .map(|v| v.trim_matches('"'))
}

fn tlp_of(tags: &[String]) -> Option<Tlp> {
    tags.iter().find_map(|t| {
        Tlp::ALL
            .iter()
            .copied()
            .find(|tlp| tlp_tag(*tlp) == *t)
            .or_else(|| (t == "tlp:white").then_some(Tlp::Clear))
    })
}

fn unix_time(v: Option<&Value>) -> Option<chrono::DateTime<chrono::Utc>> {
    let seconds = match v? {
        Value::String(s) => s.parse::<i64>().ok()?,
        Value::Number(n) => n.as_i64()?,
        _ => return None,
    };
    chrono::DateTime::from_timestamp(seconds, 0)
}

fn date_of(v: Option<&Value>) -> Option<PartialDate> {
    use chrono::{Datelike, Timelike};
    let s = v?.as_str()?;
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .ok()?
        .with_timezone(&chrono::Utc);
    PartialDate::minute(t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// What Casebook wrote in an object's comment after its id (`; location Tirana`).
fn noted<'a>(comment: &'a str, key: &str) -> &'a str {
    comment
        .split("; ")
        .skip(1)
        .find_map(|part| part.strip_prefix(key)?.strip_prefix(' '))
        .unwrap_or("")
}

/// A date Casebook wrote in an object's comment (`; start 2023-12-25`), to its precision.
fn comment_date(comment: &str, key: &str) -> Option<PartialDate> {
    noted(comment, key).parse().ok()
}

/// An object's attributes by relation (several for a repeated one, such as `alias`).
struct Attributes<'a> {
    list: Vec<(&'a str, &'a Value)>,
}

impl<'a> Attributes<'a> {
    fn of(object: &'a Value) -> Self {
        let list = object
            .get("Attribute")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|attribute| (text(attribute, "object_relation"), attribute))
                    .collect()
            })
            .unwrap_or_default();
        Attributes { list }
    }

    fn first(&self, relation: &str) -> &'a str {
        self.list
            .iter()
            .find(|(r, _)| *r == relation)
            .map_or("", |(_, a)| text(a, "value"))
    }

    fn all(&self, relation: &str) -> Vec<String> {
        self.list
            .iter()
            .filter(|(r, _)| *r == relation)
            .map(|(_, a)| text(a, "value").to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn tags_of(&self, relation: &str) -> Vec<String> {
        self.list
            .iter()
            .find(|(r, _)| *r == relation)
            .map(|(_, a)| tags(a))
            .unwrap_or_default()
    }

    /// The object's marking: the TLP tag its attributes carry (the strictest, if they differ).
    fn tlp(&self) -> Option<Tlp> {
        self.list.iter().filter_map(|(_, a)| tlp_of(&tags(a))).max()
    }
}

/// The wordings of the judgments Casebook wrote as annotations: the event reports that repeat
/// them are read back from the annotations, so not kept twice.
fn judgment_wordings(event: &Value) -> std::collections::HashSet<&str> {
    event
        .get("Object")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|o| text(o, "name") == "annotation")
        .filter_map(|o| {
            let a = Attributes::of(o);
            matches!(a.first("type"), "Judgment" | "Claim").then(|| a.first("text"))
        })
        .collect()
}

/// Reads a MISP event into a case titled by the event's `info`.
pub fn read_event(bytes: &[u8]) -> Result<ImportedEvent, MispError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| MispError::Json(e.to_string()))?;
    let bare = root.get("info").is_some()
        || root.get("Attribute").is_some()
        || root.get("Object").is_some();
    let event = root
        .get("Event")
        .or_else(|| root.get("response")?.get(0)?.get("Event"))
        .or(bare.then_some(&root))
        .filter(|e| e.is_object())
        .ok_or(MispError::NotAnEvent)?;
    let mut case = Case::new(match text(event, "info") {
        "" => "Imported MISP event",
        info => info,
    });
    case.tlp = tlp_of(&tags(event)).unwrap_or(crate::stix::import::DEFAULT_UNMARKED);
    if let Some(time) = unix_time(event.get("timestamp")) {
        case.created = time;
        case.modified = time;
    }
    let mut notes = Vec::new();
    let mut kept: Vec<Value> = Vec::new();
    let wordings = judgment_wordings(event);
    for report in event
        .get("EventReport")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if text(report, "name") == super::SUMMARY_REPORT {
            case.summary = text(report, "content").to_owned();
        } else if !wordings.contains(text(report, "content")) {
            kept.push(report.clone());
        }
    }
    let objects: Vec<&Value> = event
        .get("Object")
        .and_then(Value::as_array)
        .map(|o| o.iter().collect())
        .unwrap_or_default();
    // Every object's id: the one its comment names, else one made from its uuid.
    let mut ids: HashMap<String, Id> = HashMap::new();
    for o in &objects {
        let prefix = match (text(o, "name"), Attributes::of(o).first("type")) {
            ("organization" | "person", _) => "actor",
            ("incident", _) => "event",
            ("report", _) => "source",
            ("annotation", "Citation") => "citation",
            ("annotation", "Judgment" | "Claim") => "judgment",
            _ => continue,
        };
        let id = text(o, "comment")
            .split("; ")
            .next()
            .unwrap_or("")
            .strip_prefix(ID_COMMENT)
            .filter(|id| id.starts_with(&format!("{prefix}--")))
            .map(Id::new)
            .unwrap_or_else(|| Id::new(format!("{prefix}--{}", text(o, "uuid"))));
        ids.insert(text(o, "uuid").to_owned(), id);
    }
    // An object marked as the event is marked has no marking of its own.
    let case_tlp = case.tlp;
    let marking = |attributes: &Attributes| Marking {
        tlp: attributes.tlp().filter(|t| *t != case_tlp),
        fields: Default::default(),
    };
    let version = |o: &Value| {
        let time = unix_time(o.get("timestamp"));
        ObjectVersion {
            created: None,
            modified: time,
        }
    };
    let references = |o: &Value| -> Vec<(String, Id, String)> {
        o.get("ObjectReference")
            .and_then(Value::as_array)
            .map(|refs| {
                refs.iter()
                    .filter_map(|r| {
                        let to = ids.get(text(r, "referenced_uuid"))?.clone();
                        Some((
                            text(r, "relationship_type").to_owned(),
                            to,
                            text(r, "comment").to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut judgments = Vec::new();
    let mut citations = Vec::new();
    for o in &objects {
        let Some(id) = ids.get(text(o, "uuid")).cloned() else {
            kept.push((*o).clone());
            continue;
        };
        let a = Attributes::of(o);
        match id.kind() {
            Some(crate::model::ObjectKind::Actor) => {
                let person = text(o, "name") == "person";
                let kind = ActorKind::from_code(a.first("role")).unwrap_or(if person {
                    ActorKind::Person
                } else {
                    ActorKind::Organisation
                });
                let name = if person {
                    a.first("full-name")
                } else {
                    a.first("name")
                };
                let name = if name.is_empty() {
                    a.first("alias")
                } else {
                    name
                };
                case.actors.push(Actor {
                    id,
                    name: name.to_owned(),
                    kind,
                    aliases: a.all("alias"),
                    country: (if person {
                        a.first("nationality")
                    } else {
                        a.first("address")
                    })
                    .to_owned(),
                    description: (if person {
                        a.first("text")
                    } else {
                        a.first("description")
                    })
                    .to_owned(),
                    map: None,
                    marking: marking(&a),
                    version: version(o),
                    extra: Default::default(),
                });
            }
            Some(crate::model::ObjectKind::Event) => {
                let kind = EventKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.label() == a.first("incident_type"))
                    .unwrap_or(EventKind::Attack);
                let comment = text(o, "comment");
                let start = comment_date(comment, "start")
                    .or_else(|| date_of(o.get("first_seen")))
                    .or_else(|| text(event, "date").parse().ok())
                    .or_else(|| {
                        use chrono::Datelike;
                        let d = case.created;
                        PartialDate::day(d.year(), d.month(), d.day())
                    })
                    .ok_or_else(|| MispError::Invalid("an incident has no date".into()))?;
                let mut actors = Vec::new();
                let mut roles = std::collections::BTreeMap::new();
                for (kind, to, _) in references(o) {
                    if to.kind() == Some(crate::model::ObjectKind::Actor) {
                        if let Some(role) = EventRole::from_code(&kind) {
                            roles.insert(to.clone(), role);
                        }
                        actors.push(to);
                    }
                }
                case.events.push(Event {
                    id,
                    title: a.first("name").to_owned(),
                    kind,
                    start,
                    end: comment_date(comment, "end").or_else(|| date_of(o.get("last_seen"))),
                    actors,
                    roles,
                    technical: Vec::new(),
                    location: noted(comment, "location").to_owned(),
                    description: a.first("description").to_owned(),
                    marking: marking(&a),
                    version: version(o),
                    extra: Default::default(),
                });
            }
            Some(crate::model::ObjectKind::Source) => {
                let title_tags = a.tags_of("title");
                let reliability = machine_value(&title_tags, "admiralty-scale:source-reliability=")
                    .and_then(|r| Reliability::from_code(&r.to_uppercase()));
                let derived_from = references(o)
                    .into_iter()
                    .filter(|(k, to, _)| {
                        k == "derived-from" && to.kind() == Some(crate::model::ObjectKind::Source)
                    })
                    .map(|(_, to, _)| to)
                    .collect();
                let comment = text(o, "comment");
                case.sources.push(Source {
                    id,
                    title: a.first("title").to_owned(),
                    publisher: noted(comment, "publisher").to_owned(),
                    author: noted(comment, "author").to_owned(),
                    kind: SourceKind::from_code(noted(comment, "kind"))
                        .or_else(|| {
                            SourceKind::ALL
                                .iter()
                                .copied()
                                .find(|k| k.label() == a.first("type"))
                        })
                        .unwrap_or(SourceKind::VendorReport),
                    url: a.first("link").to_owned(),
                    published: comment_date(comment, "published"),
                    accessed: comment_date(comment, "accessed"),
                    reliability,
                    language: noted(comment, "language").to_owned(),
                    notes: a.first("summary").to_owned(),
                    derived_from,
                    marking: marking(&a),
                    version: version(o),
                    extra: Default::default(),
                });
            }
            Some(crate::model::ObjectKind::Citation) => citations.push((id, *o)),
            Some(crate::model::ObjectKind::Judgment) => judgments.push((id, *o)),
            _ => kept.push((*o).clone()),
        }
    }
    // Relationships: references between actors' objects.
    for o in &objects {
        let Some(from) = ids.get(text(o, "uuid")) else {
            continue;
        };
        if from.kind() != Some(crate::model::ObjectKind::Actor) {
            continue;
        }
        for r in o
            .get("ObjectReference")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(to), Some(kind)) = (
                ids.get(text(r, "referenced_uuid")),
                RelationshipKind::from_code(text(r, "relationship_type")),
            ) else {
                continue;
            };
            let (comment, own_id) = super::split_id(text(r, "comment"));
            let confidence = Confidence::ALL
                .iter()
                .copied()
                .find(|c| comment.starts_with(&format!("{} confidence", c.label())))
                .unwrap_or(Confidence::Low);
            // "moderate confidence; disputed; both ways; from 2013: description"
            let rest = comment
                .split_once(" confidence")
                .map_or(comment, |(_, rest)| rest);
            let (qualifiers, description) = rest.split_once(": ").unwrap_or((rest, ""));
            let parts: Vec<&str> = qualifiers.split("; ").skip(1).collect();
            let disputed = parts.contains(&"disputed");
            let directed = !parts.contains(&"both ways");
            let date = |key: &str| {
                parts
                    .iter()
                    .find_map(|p| p.strip_prefix(key))
                    .and_then(|d| d.parse().ok())
            };
            let (valid_from, valid_until) = (date("from "), date("until "));
            let description = description.to_owned();
            let id = own_id
                .filter(|id| id.kind() == Some(crate::model::ObjectKind::Relationship))
                .unwrap_or_else(|| Id::new(format!("relationship--{}", text(r, "uuid"))));
            case.relationships.push(Relationship {
                id,
                kind,
                source: from.clone(),
                target: to.clone(),
                directed,
                confidence,
                disputed,
                valid_from,
                valid_until,
                description,
                marking: Marking::default(),
                version: ObjectVersion {
                    created: None,
                    modified: unix_time(r.get("timestamp")),
                },
                extra: Default::default(),
            });
        }
    }
    for (id, o) in citations {
        let a = Attributes::of(o);
        let grade_tags = a.tags_of("text");
        let mut source = None;
        let mut cited = None;
        for (kind, to, comment) in references(o) {
            // A citation of a relationship refers to its source actor and names it.
            let to = match super::split_id(&comment).1 {
                Some(id) if id.kind() == Some(crate::model::ObjectKind::Relationship) => id,
                _ => to,
            };
            match kind.as_str() {
                "derived-from" => source = Some(to),
                "supports" => cited = Some((to, Stance::Supports)),
                "contradicts" => cited = Some((to, Stance::Contradicts)),
                "mentions" => cited = Some((to, Stance::About)),
                _ => {}
            }
        }
        let (Some(source), Some((cites, stance))) = (source, cited) else {
            notes.push(format!(
                "a citation ({id}) without its source or what it cites is left out"
            ));
            continue;
        };
        let quote = a.first("text");
        case.citations.push(Citation {
            id,
            source,
            cites,
            credibility: machine_value(&grade_tags, "admiralty-scale:information-credibility=")
                .and_then(Credibility::from_code),
            stance,
            line: crate::model::EvidenceLine::from_code(noted(text(o, "comment"), "line")),
            quote: if quote == "(cited without a quote)" {
                String::new()
            } else {
                quote.to_owned()
            },
            locator: noted(text(o, "comment"), "at").to_owned(),
            marking: marking(&a),
            version: version(o),
            extra: Default::default(),
        });
    }
    for (id, o) in judgments {
        let a = Attributes::of(o);
        let term_tags = a.tags_of("text");
        let mut subject = None;
        let mut actor = None;
        let mut level = AttributionLevel::Operational;
        let mut claimed_by = None;
        for (kind, to, comment) in references(o) {
            match kind.as_str() {
                "annotates" => subject = Some(to),
                "attributed-to" => {
                    actor = Some(to);
                    if let Some(l) = AttributionLevel::ALL
                        .iter()
                        .copied()
                        .find(|l| l.label() == comment)
                    {
                        level = l;
                    }
                }
                "claimed-by" => claimed_by = Some(to),
                _ => {}
            }
        }
        let (Some(subject), Some(actor)) = (subject, actor) else {
            notes.push(format!(
                "a judgment ({id}) without its subject or actor is left out"
            ));
            continue;
        };
        let words = a.first("text");
        let rationale = words
            .split_once("\n\n")
            .map_or("", |(_, rest)| rest)
            .to_owned();
        case.judgments.push(Judgment {
            id,
            subject,
            actor,
            level,
            claimed_by,
            likelihood: machine_value(&term_tags, "estimative-language:likelihood-probability=")
                .and_then(Likelihood::from_code),
            confidence: machine_value(
                &term_tags,
                "estimative-language:confidence-in-analytic-judgment=",
            )
            .and_then(Confidence::from_code),
            status: crate::model::JudgmentStatus::from_code(noted(text(o, "comment"), "status"))
                .unwrap_or_default(),
            rationale,
            revisions: Vec::new(),
            marking: marking(&a),
            version: version(o),
            extra: Default::default(),
        });
    }
    // Threat-actor clusters not already an actor by name: threat groups.
    for galaxy in event
        .get("Galaxy")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for cluster in galaxy
            .get("GalaxyCluster")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if text(cluster, "type") != "threat-actor" {
                continue;
            }
            let name = text(cluster, "value");
            if name.is_empty() || case.actors.iter().any(|a| a.name == name) {
                continue;
            }
            let meta = cluster.get("meta").cloned().unwrap_or(Value::Null);
            let list = |key: &str| -> Vec<String> {
                match meta.get(key) {
                    Some(Value::Array(items)) => items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => Vec::new(),
                }
            };
            case.actors.push(Actor {
                id: Id::new(format!("actor--{}", text(cluster, "uuid"))),
                name: name.to_owned(),
                kind: ActorKind::ThreatGroup,
                aliases: list("synonyms"),
                country: list("country").into_iter().next().unwrap_or_default(),
                description: text(cluster, "description").to_owned(),
                map: None,
                marking: Marking::default(),
                version: ObjectVersion::default(),
                extra: Default::default(),
            });
            notes.push(format!(
                "threat-actor cluster \"{name}\" read as a threat group"
            ));
        }
    }
    // An event from elsewhere (not one Casebook wrote) is itself a source: graded as its
    // admiralty-scale tags say, cited on each actor it names, as information about it (the
    // event does not say it supports any judgment).
    let event_tags = tags(event);
    let from_casebook = objects
        .iter()
        .any(|o| text(o, "comment").starts_with(ID_COMMENT));
    if !from_casebook && !case.actors.is_empty() {
        let source = Id::new(format!("source--{}", text(event, "uuid")));
        case.sources.push(Source {
            id: source.clone(),
            title: format!("MISP event: {}", case.title),
            publisher: event
                .get("Orgc")
                .map(|o| text(o, "name").to_owned())
                .unwrap_or_default(),
            author: String::new(),
            kind: SourceKind::VendorReport,
            url: String::new(),
            published: text(event, "date").parse().ok(),
            accessed: None,
            reliability: machine_value(&event_tags, "admiralty-scale:source-reliability=")
                .and_then(|r| Reliability::from_code(&r.to_uppercase())),
            language: String::new(),
            notes: String::new(),
            derived_from: Vec::new(),
            marking: Marking::default(),
            version: ObjectVersion::default(),
            extra: Default::default(),
        });
        let credibility = machine_value(&event_tags, "admiralty-scale:information-credibility=")
            .and_then(Credibility::from_code);
        let actors: Vec<Id> = case.actors.iter().map(|a| a.id.clone()).collect();
        for (n, actor) in actors.into_iter().enumerate() {
            case.citations.push(Citation {
                id: Id::new(format!("citation--{}-{}", text(event, "uuid"), n + 1)),
                source: source.clone(),
                cites: actor,
                credibility,
                stance: Stance::About,
                line: None,
                quote: String::new(),
                locator: String::new(),
                marking: Marking::default(),
                version: ObjectVersion::default(),
                extra: Default::default(),
            });
        }
        if let Some(r) = case.sources.last().and_then(|s| s.reliability) {
            notes.push(format!(
                "the event is a source graded {} from its admiralty-scale tag",
                r.code()
            ));
        }
        let terms: Vec<&str> = [
            "estimative-language:likelihood-probability=",
            "estimative-language:confidence-in-analytic-judgment=",
        ]
        .iter()
        .filter_map(|p| machine_value(&event_tags, p))
        .collect();
        if !terms.is_empty() {
            notes.push(format!(
                "the event's estimative-language tags ({}) name no judgment: see its event reports",
                terms.join(", ")
            ));
        }
    }
    if let Some(attributes) = event.get("Attribute").and_then(Value::as_array) {
        kept.extend(attributes.iter().cloned());
    }
    let kept_count = kept.len();
    if !kept.is_empty() {
        case.extra.0.insert("misp_kept".into(), Value::Array(kept));
    }
    // Aliases as the case's rules want them: unique, none empty.
    for actor in &mut case.actors {
        let mut seen = std::collections::HashSet::new();
        actor
            .aliases
            .retain(|a| a.trim() != actor.name && seen.insert(a.trim().to_lowercase()));
    }
    let problems = crate::model::validate::check_case(&case);
    if let Some(first) = problems.first() {
        return Err(MispError::Invalid(first.to_string()));
    }
    Ok(ImportedEvent {
        case,
        kept: kept_count,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_events_are_refused_or_read_in_part_never_a_panic() {
        for text in [
            "{",
            "[]",
            "{\"Event\": 3}",
            "{\"nothing\": true}",
            "{\"Event\": {\"Object\": [{\"name\": \"organization\", \"Attribute\": \"x\"}]}}",
            "{\"Event\": {\"Object\": [{\"name\": \"incident\", \"uuid\": \"u\", \"ObjectReference\": 7}]}}",
            "{\"Event\": {\"info\": \"x\", \"Tag\": [{\"name\": 5}], \"timestamp\": \"-99999999999999\"}}",
            "{\"Event\": {\"Galaxy\": [{\"GalaxyCluster\": [{\"type\": \"threat-actor\", \"value\": \"\"}]}]}}",
        ] {
            let _ = read_event(text.as_bytes());
        }
        assert!(matches!(
            read_event(b"{\"nothing\": 1}"),
            Err(MispError::NotAnEvent)
        ));
        assert!(matches!(read_event(b"{"), Err(MispError::Json(_))));
        let bare = read_event(b"{\"info\": \"Bare\", \"Attribute\": [{\"type\": \"domain\", \"value\": \"x.example\"}]}")
            .unwrap();
        assert_eq!((bare.case.title.as_str(), bare.kept), ("Bare", 1));
    }

    #[test]
    fn a_stix_bundle_is_not_taken_for_a_misp_event() {
        let bundle = crate::stix::export::to_bytes(&crate::example::example_case());
        assert!(!is_misp_event(&bundle));
        assert!(is_misp_event(b"{\"Event\": {\"info\": \"x\"}}"));
    }
}
