//! A case as a MISP event, in MISP's own JSON (`{"Event": …}`), which MISP imports as it is
//! (Events → Add Event → Populate from… or the REST API), with no STIX converter between, so
//! what MISP's STIX import drops (analyst notes, reports, every `attributed-to`) arrives:
//!
//! | Casebook | MISP |
//! |---|---|
//! | the case | the event: `info` its title, tagged with its TLP label |
//! | threat group, persona | a cluster of MISP's threat-actor galaxy (synonyms, country), and an `organization` or `person` object |
//! | state, agency, organisation, sector | an `organization` object; a person a `person` object |
//! | event | an `incident` object, with `first_seen` and `last_seen` |
//! | relationship | an object reference from the source's object to the target's |
//! | source | a `report` object, tagged `admiralty-scale:source-reliability` |
//! | citation | an `annotation` object (the quote), tagged `admiralty-scale:information-credibility`, referring to the source (`derived-from`) and what it cites (`supports`, `contradicts`, `mentions`) |
//! | judgment | an `annotation` object tagged `estimative-language:likelihood-probability` and `confidence-in-analytic-judgment`, referring to the subject and (`attributed-to`) the actor; and an event report in the analyst's words |
//!
//! Every object's attributes carry its TLP tag, and its comment names its Casebook id so a
//! Casebook import of the event finds the same objects again. The event is written at a label:
//! nothing marked stricter is in it.

use crate::model::{ActorKind, Case, Id, Stance, Withheld, shareable_at};
use crate::tradecraft::Tlp;
use serde_json::{Map, Value, json};

pub mod import;

/// The uuid of MISP's threat-actor galaxy (the `misp-galaxy` project's `threat-actor.json`).
pub const THREAT_ACTOR_GALAXY: &str = "698774c7-8022-42c4-917f-8d6e4f06ada3";

/// The MISP object templates used, with their uuids and versions (the `misp-objects` project).
const TEMPLATES: &[(&str, &str, u32, &str)] = &[
    (
        "organization",
        "f750e12b-127a-432c-b022-b3f9153c4e2a",
        9,
        "misc",
    ),
    ("person", "a15b0477-e9d1-4b9c-9546-abe78a4f4248", 21, "misc"),
    (
        "incident",
        "38597424-f9bb-4865-9b4b-819172df0334",
        1,
        "misc",
    ),
    ("report", "70a68471-df22-4e3f-aa1a-5a3be19f82df", 8, "misc"),
    (
        "annotation",
        "5d8dc046-15a1-4ca3-a09f-ed4ede7c4487",
        3,
        "misc",
    ),
];

/// The name of the event report that holds the case's summary.
pub const SUMMARY_REPORT: &str = "Case summary";

/// The prefix of an object's comment that names its Casebook id.
pub const ID_COMMENT: &str = "casebook:";

/// A reference's comment naming the Casebook object it stands for (a relationship is a
/// reference in MISP, not an object): `moderate confidence (casebook:relationship--…)`.
fn with_id(words: &str, id: &Id) -> String {
    format!("{words} ({ID_COMMENT}{})", id.as_str())
}

/// The words and the Casebook id of a comment [`with_id`] wrote.
pub(crate) fn split_id(comment: &str) -> (&str, Option<Id>) {
    match comment
        .strip_suffix(')')
        .and_then(|c| c.rsplit_once(&format!(" ({ID_COMMENT}")))
    {
        Some((words, id)) => (words, Some(Id::new(id))),
        None => (comment, None),
    }
}

/// The MISP tag of a TLP label (`tlp:amber+strict`).
pub fn tlp_tag(tlp: Tlp) -> String {
    tlp.code().to_lowercase()
}

/// MISP's distribution for an event at a label: your organisation only (RED, AMBER+STRICT),
/// this community (AMBER), connected communities (GREEN), all (CLEAR).
fn distribution(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Red | Tlp::AmberStrict => "0",
        Tlp::Amber => "1",
        Tlp::Green => "2",
        Tlp::Clear => "3",
    }
}

/// A uuid that stays the same for the same object on every export.
fn uuid_of(name: &str) -> String {
    crate::stix::derived_id_of("misp", name)
        .trim_start_matches("misp--")
        .to_owned()
}

fn tag(name: &str) -> Value {
    json!({ "name": name })
}

fn unix(time: chrono::DateTime<chrono::Utc>) -> String {
    time.timestamp().to_string()
}

/// An object's one attribute; `uuid` is the attribute's own.
fn attribute(
    relation: &str,
    kind: &str,
    value: &str,
    tags: &[String],
    time: &str,
    uuid: String,
) -> Value {
    json!({
        "object_relation": relation,
        "type": kind,
        "category": if kind == "link" { "External analysis" } else { "Other" },
        "value": value,
        "to_ids": false,
        "disable_correlation": true,
        "timestamp": time,
        "uuid": uuid,
        "Tag": tags.iter().map(|t| tag(t)).collect::<Vec<_>>(),
    })
}

/// A MISP object being written: its template, its Casebook id, attributes and references.
struct Object {
    template: &'static str,
    id: String,
    uuid: String,
    time: String,
    tags: Vec<String>,
    attributes: Vec<Value>,
    references: Vec<Value>,
    first_seen: Option<String>,
    last_seen: Option<String>,
    /// What the template has no relation for, in the comment after the id (`; location
    /// Tirana`): an event's dates to the precision Casebook knows them, a source's publisher …
    more_comment: String,
}

impl Object {
    fn new(template: &'static str, id: &Id, time: &str, tlp: Tlp) -> Self {
        Object {
            template,
            id: id.as_str().to_owned(),
            uuid: uuid_of(id.as_str()),
            time: time.to_owned(),
            tags: vec![tlp_tag(tlp)],
            attributes: Vec::new(),
            references: Vec::new(),
            first_seen: None,
            last_seen: None,
            more_comment: String::new(),
        }
    }

    fn add(&mut self, relation: &str, kind: &str, value: &str) -> &mut Self {
        self.add_tagged(relation, kind, value, &[])
    }

    fn add_tagged(
        &mut self,
        relation: &str,
        kind: &str,
        value: &str,
        more: &[String],
    ) -> &mut Self {
        if !value.trim().is_empty() {
            let mut tags = self.tags.clone();
            tags.extend(more.iter().cloned());
            // Unique per object, so two objects with the same name keep apart.
            let uuid = uuid_of(&format!("{}:{relation}:{value}", self.id));
            let a = attribute(relation, kind, value, &tags, &self.time, uuid);
            self.attributes.push(a);
        }
        self
    }

    /// Adds `key value` to the comment, if there is a value.
    fn note(&mut self, key: &str, value: &str) -> &mut Self {
        if !value.trim().is_empty() {
            self.more_comment.push_str(&format!(
                "; {key} {}",
                value.replace("; ", ", ").replace('\n', " ")
            ));
        }
        self
    }

    fn refer(&mut self, to: &Id, relationship: &str, comment: &str) {
        self.references.push(json!({
            "referenced_uuid": uuid_of(to.as_str()),
            "relationship_type": relationship,
            "comment": comment,
            "uuid": uuid_of(&format!("reference:{}:{relationship}:{}", self.id, to.as_str())),
            "timestamp": self.time,
        }));
    }

    fn into_value(self) -> Value {
        let (_, template_uuid, version, category) = TEMPLATES
            .iter()
            .find(|(name, ..)| *name == self.template)
            .copied()
            .unwrap_or(("", "", 1, "misc"));
        let mut o = json!({
            "name": self.template,
            "meta-category": category,
            "template_uuid": template_uuid,
            "template_version": version.to_string(),
            "uuid": self.uuid,
            "timestamp": self.time,
            "distribution": "5",
            "comment": format!("{ID_COMMENT}{}{}", self.id, self.more_comment),
            "Attribute": self.attributes,
            "ObjectReference": self.references,
        });
        if let Some(first) = self.first_seen {
            o["first_seen"] = json!(first);
        }
        if let Some(last) = self.last_seen {
            o["last_seen"] = json!(last);
        }
        o
    }
}

/// The MISP event of a case at `label` (default: the case's marking) and what was left out.
pub fn event_at(case: &Case, label: Option<Tlp>) -> (Value, Vec<Withheld>) {
    let label = label.unwrap_or(case.tlp);
    let shared = shareable_at(case, label);
    (event(&shared.case, label), shared.withheld)
}

/// The event as pretty JSON bytes, at `label`.
pub fn to_bytes_at(case: &Case, label: Option<Tlp>) -> (Vec<u8>, Vec<Withheld>) {
    let (event, withheld) = event_at(case, label);
    let mut bytes = serde_json::to_vec_pretty(&event).unwrap_or_default();
    bytes.push(b'\n');
    (bytes, withheld)
}

fn time_of(case: &Case, version: crate::model::ObjectVersion) -> String {
    unix(version.or_case(case.created).1)
}

/// The event of a case already cut to what `label` may hold.
fn event(case: &Case, label: Tlp) -> Value {
    let level = |m: &crate::model::Marking| m.level(case.tlp);
    let mut objects: Vec<Value> = Vec::new();
    let mut clusters: Vec<Value> = Vec::new();
    let mut event_tags = vec![tag(&tlp_tag(label))];
    // Relationships: references on their source actors' objects, made first so each actor's
    // object is written whole.
    let mut references: std::collections::HashMap<&Id, Vec<Value>> = Default::default();
    for r in &case.relationships {
        references.entry(&r.source).or_default().push(json!({
            "referenced_uuid": uuid_of(r.target.as_str()),
            "relationship_type": r.kind.code(),
            "comment": with_id(
                &format!(
                    "{} confidence{}{}{}{}{}",
                    r.confidence.label(),
                    if r.disputed { "; disputed" } else { "" },
                    if r.directed { "" } else { "; both ways" },
                    r.valid_from.map(|d| format!("; from {d}")).unwrap_or_default(),
                    r.valid_until.map(|d| format!("; until {d}")).unwrap_or_default(),
                    if r.description.is_empty() { String::new() } else { format!(": {}", r.description) }
                ),
                &r.id,
            ),
            "uuid": uuid_of(&format!("relationship:{}", r.id.as_str())),
            "timestamp": time_of(case, r.version),
        }));
    }
    for a in &case.actors {
        let time = time_of(case, a.version);
        let template = match a.kind {
            ActorKind::Person | ActorKind::Persona => "person",
            _ => "organization",
        };
        let mut o = Object::new(template, &a.id, &time, level(&a.marking));
        if template == "person" {
            o.add("full-name", "full-name", &a.name);
            for alias in &a.aliases {
                o.add("alias", "text", alias);
            }
            o.add("nationality", "nationality", &a.country);
            o.add("text", "text", &a.description);
        } else {
            o.add("name", "text", &a.name);
            for alias in &a.aliases {
                o.add("alias", "text", alias);
            }
            o.add("type-of-organization", "text", a.kind.label());
            o.add("address", "text", &a.country);
            o.add("description", "text", &a.description);
        }
        o.add("role", "text", a.kind.code());
        o.references
            .extend(references.remove(&a.id).unwrap_or_default());
        objects.push(o.into_value());
        if matches!(a.kind, ActorKind::ThreatGroup | ActorKind::Persona) {
            let tag_name = format!("misp-galaxy:threat-actor=\"{}\"", a.name);
            let mut meta = Map::new();
            if !a.aliases.is_empty() {
                meta.insert("synonyms".into(), json!(a.aliases));
            }
            if !a.country.is_empty() {
                meta.insert("country".into(), json!(a.country));
            }
            clusters.push(json!({
                "uuid": uuid_of(&format!("cluster:{}", a.id.as_str())),
                "type": "threat-actor",
                "value": a.name,
                "tag_name": tag_name,
                "description": a.description,
                "source": "Casebook",
                "authors": case.analysts,
                "meta": meta,
            }));
            event_tags.push(tag(&tag_name));
        }
    }
    for e in &case.events {
        let time = time_of(case, e.version);
        let mut o = Object::new("incident", &e.id, &time, level(&e.marking));
        o.add("name", "text", &e.title)
            .add("incident_type", "text", e.kind.label())
            .add("description", "text", &e.description);
        o.first_seen = Some(
            e.start
                .start()
                .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
                .to_string(),
        );
        o.note("start", &e.start.to_string());
        if let Some(end) = e.end {
            o.last_seen = Some(
                end.start()
                    .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
                    .to_string(),
            );
            o.note("end", &end.to_string());
        }
        o.note("location", &e.location);
        for actor in &e.actors {
            let role = e.roles.get(actor).map_or("involves", |r| r.code());
            o.refer(actor, role, "");
        }
        objects.push(o.into_value());
    }
    for s in &case.sources {
        let time = time_of(case, s.version);
        let mut o = Object::new("report", &s.id, &time, level(&s.marking));
        let grade: Vec<String> = s
            .reliability
            .map(|r| {
                format!(
                    "admiralty-scale:source-reliability=\"{}\"",
                    r.code().to_lowercase()
                )
            })
            .into_iter()
            .collect();
        o.add_tagged("title", "text", &s.title, &grade)
            .add("type", "text", s.kind.label())
            .add("link", "link", &s.url)
            .add("summary", "text", &s.notes);
        let date =
            |d: Option<crate::model::PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        o.note("publisher", &s.publisher)
            .note("author", &s.author)
            .note("published", &date(s.published))
            .note("accessed", &date(s.accessed))
            .note("language", &s.language)
            .note("kind", s.kind.code());
        for original in &s.derived_from {
            o.refer(original, "derived-from", "relays its information");
        }
        objects.push(o.into_value());
    }
    for c in &case.citations {
        let time = time_of(case, c.version);
        let mut o = Object::new("annotation", &c.id, &time, level(&c.marking));
        let grade: Vec<String> = c
            .credibility
            .map(|g| format!("admiralty-scale:information-credibility=\"{}\"", g.code()))
            .into_iter()
            .collect();
        let quote = if c.quote.is_empty() {
            "(cited without a quote)"
        } else {
            c.quote.as_str()
        };
        o.note("at", &c.locator);
        if let Some(line) = c.line {
            o.note("line", line.code());
        }
        o.add_tagged("text", "text", quote, &grade)
            .add("type", "text", "Citation");
        o.refer(&c.source, "derived-from", "the source cited");
        let stance = match c.stance {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::About => "mentions",
        };
        // A relationship is a reference, not an object, in MISP: the citation refers to the
        // object of its source actor, and says which relationship.
        match case.relationships.iter().find(|r| r.id == c.cites) {
            Some(r) => o.refer(
                &r.source,
                stance,
                &with_id(&case.display_name(&r.id), &r.id),
            ),
            None => o.refer(&c.cites, stance, ""),
        }
        objects.push(o.into_value());
    }
    let mut reports = Vec::new();
    if !case.summary.trim().is_empty() {
        reports.push(json!({
            "uuid": uuid_of(&format!("summary:{}:{}", case.title, case.created)),
            "name": SUMMARY_REPORT,
            "content": case.summary,
            "distribution": "5",
            "timestamp": unix(case.modified),
            "deleted": false,
        }));
    }
    for j in &case.judgments {
        let time = time_of(case, j.version);
        let mut o = Object::new("annotation", &j.id, &time, level(&j.marking));
        let mut terms = Vec::new();
        if let Some(l) = j.likelihood {
            terms.push(format!(
                "estimative-language:likelihood-probability=\"{}\"",
                l.code()
            ));
        }
        if let Some(c) = j.confidence {
            terms.push(format!(
                "estimative-language:confidence-in-analytic-judgment=\"{}\"",
                c.code()
            ));
        }
        let words = judgment_words(case, j);
        o.add_tagged("text", "text", &words, &terms).add(
            "type",
            "text",
            if j.is_claim() { "Claim" } else { "Judgment" },
        );
        if j.status != Default::default() {
            o.note("status", j.status.code());
        }
        o.refer(&j.subject, "annotates", "what is attributed");
        o.refer(&j.actor, "attributed-to", j.level.label());
        if let Some(claimant) = &j.claimed_by {
            o.refer(claimant, "claimed-by", "");
        }
        objects.push(o.into_value());
        reports.push(json!({
            "uuid": uuid_of(&format!("report:{}", j.id.as_str())),
            "name": words.lines().next().unwrap_or("Judgment"),
            "content": words,
            "distribution": "5",
            "timestamp": time,
            "deleted": false,
        }));
    }
    // Analyses of competing hypotheses, as MISP has no such thing: their matrices, to read.
    for analysis in &case.analyses {
        reports.push(json!({
            "uuid": uuid_of(&format!("ach:{}", analysis.id.as_str())),
            "name": format!("ACH: {}", analysis.title),
            "content": ach_matrix(case, analysis),
            "distribution": "5",
            "timestamp": time_of(case, analysis.version),
            "deleted": false,
        }));
    }
    let date = case
        .events
        .iter()
        .map(|e| e.start.start())
        .min()
        .map_or_else(|| case.created.date_naive(), |d| d.date_naive());
    json!({
        "Event": {
            "uuid": uuid_of(&format!("event:{}:{}", case.title, case.created)),
            "info": case.title,
            "date": date.format("%Y-%m-%d").to_string(),
            "threat_level_id": "4",
            "analysis": "1",
            "distribution": distribution(label),
            "published": false,
            "timestamp": unix(case.modified),
            "Tag": event_tags,
            "Galaxy": if clusters.is_empty() { json!([]) } else { json!([{
                "uuid": THREAT_ACTOR_GALAXY,
                "name": "Threat Actor",
                "type": "threat-actor",
                "namespace": "misp",
                "GalaxyCluster": clusters,
            }]) },
            "Object": objects,
            "EventReport": reports,
        }
    })
}

/// An analysis of competing hypotheses as a Markdown table: a row per item of evidence, a
/// column per hypothesis, each cell its rating.
fn ach_matrix(case: &Case, analysis: &crate::model::Analysis) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "About: {}\n\n| Evidence |",
        cell(&case.display_name(&analysis.subject))
    );
    for h in &analysis.hypotheses {
        out.push_str(&format!(" {} |", cell(&h.title)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(analysis.hypotheses.len()));
    for row in &analysis.evidence {
        out.push_str(&format!(
            "\n| {} |",
            cell(&case.display_name(&row.citation))
        ));
        for h in &analysis.hypotheses {
            let rating = row.ratings.get(&h.key).map_or("", |r| r.label());
            out.push_str(&format!(" {rating} |"));
        }
    }
    if !analysis.notes.trim().is_empty() {
        out.push_str(&format!("\n\n{}", analysis.notes.trim()));
    }
    out
}

/// A judgment in the analyst's words: the estimative sentence, then the rationale.
fn judgment_words(case: &Case, j: &crate::model::Judgment) -> String {
    let name = |id: &Id| case.display_name(id);
    let estimate = crate::tradecraft::estimate_words(j.likelihood, j.confidence);
    let head = match &j.claimed_by {
        Some(claimant) => format!(
            "{} claims that {} is responsible for {}.",
            name(claimant),
            name(&j.actor),
            name(&j.subject)
        ),
        None => format!(
            "{} for {} ({estimate}, {} attribution).",
            name(&j.actor),
            name(&j.subject),
            j.level.label()
        ),
    };
    if j.rationale.trim().is_empty() {
        head
    } else {
        format!("{head}\n\n{}", j.rationale.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_case;

    fn tags_of(event: &Value) -> Vec<String> {
        let mut out = Vec::new();
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Array(tags)) = m.get("Tag") {
                        out.extend(
                            tags.iter()
                                .filter_map(|t| t["name"].as_str().map(str::to_owned)),
                        );
                    }
                    m.values().for_each(|v| walk(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        walk(event, &mut out);
        out
    }

    #[test]
    fn the_event_carries_misp_taxonomy_tags_for_markings_grades_and_estimates() {
        let case = example_case();
        let (event, withheld) = event_at(&case, None);
        assert!(withheld.is_empty());
        let tags = tags_of(&event);
        for expected in [
            "tlp:clear",
            "admiralty-scale:source-reliability=\"b\"",
            "admiralty-scale:information-credibility=\"2\"",
            "estimative-language:likelihood-probability=\"roughly-even-chance\"",
            "estimative-language:confidence-in-analytic-judgment=\"low\"",
            "misp-galaxy:threat-actor=\"Homeland Justice\"",
        ] {
            assert!(tags.iter().any(|t| t == expected), "{expected} in {tags:?}");
        }
        let e = &event["Event"];
        assert_eq!(e["info"], case.title.as_str());
        let objects = e["Object"].as_array().unwrap();
        assert_eq!(
            objects.len(),
            case.actors.len()
                + case.events.len()
                + case.sources.len()
                + case.citations.len()
                + case.judgments.len()
        );
        // Every reference points at an object of the event.
        let uuids: Vec<&str> = objects.iter().filter_map(|o| o["uuid"].as_str()).collect();
        for o in objects {
            for r in o["ObjectReference"].as_array().unwrap() {
                assert!(
                    uuids.contains(&r["referenced_uuid"].as_str().unwrap()),
                    "{r}"
                );
            }
        }
        // The judgments' wording as event reports, and their attribution as references.
        // The summary, each judgment's wording and each analysis's matrix.
        assert_eq!(
            e["EventReport"].as_array().unwrap().len(),
            1 + case.judgments.len() + case.analyses.len()
        );
        assert!(objects.iter().any(|o| {
            o["ObjectReference"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["relationship_type"] == "attributed-to")
        }));
        // The same case gives the same event.
        assert_eq!(to_bytes_at(&case, None).0, to_bytes_at(&case, None).0);
    }

    #[test]
    fn an_event_at_a_label_holds_nothing_marked_stricter() {
        let mut case = example_case();
        case.tlp = Tlp::Red;
        let secret = Id::new("actor--nato");
        case.actors
            .iter_mut()
            .find(|a| a.id == secret)
            .unwrap()
            .marking
            .tlp = Some(Tlp::Red);
        let (event, withheld) = event_at(&case, Some(Tlp::Green));
        assert!(!withheld.is_empty());
        let text = event.to_string();
        assert!(
            !text.contains("NATO") && !text.contains("actor--nato"),
            "NATO left out"
        );
        let tags = tags_of(&event);
        assert!(
            tags.iter().all(|t| t != "tlp:red" && t != "tlp:amber"),
            "{tags:?}"
        );
        assert_eq!(event["Event"]["distribution"], "2");
    }

    #[test]
    fn an_event_read_back_gives_the_case_it_was_written_from() {
        let case = example_case();
        let (bytes, _) = to_bytes_at(&case, None);
        assert!(import::is_misp_event(&bytes));
        let read = import::read_event(&bytes).unwrap();
        // The analysis's matrix is an event report to read: kept with the case as it came.
        assert_eq!(read.kept, case.analyses.len());
        let got = read.case;
        assert_eq!(
            (got.title.as_str(), got.tlp, got.summary.as_str()),
            (case.title.as_str(), case.tlp, case.summary.as_str())
        );
        // Objects marked as the case come back with no marking of their own, as they were.
        assert!(got.actors.iter().all(|a| a.marking.tlp.is_none()));
        for a in &case.actors {
            let b = got
                .actor(&a.id)
                .unwrap_or_else(|| panic!("{} is missing", a.id));
            assert_eq!(
                (&b.name, b.kind, &b.aliases, &b.country, &b.description),
                (&a.name, a.kind, &a.aliases, &a.country, &a.description)
            );
        }
        assert_eq!(got.actors.len(), case.actors.len());
        for e in &case.events {
            let f = got.event(&e.id).unwrap();
            assert_eq!(
                (&f.title, f.kind, f.start, f.end, &f.actors, &f.roles),
                (&e.title, e.kind, e.start, e.end, &e.actors, &e.roles)
            );
        }
        for s in &case.sources {
            let t = got.source(&s.id).unwrap();
            assert_eq!(
                (&t.title, t.kind, &t.url, t.reliability, &t.derived_from),
                (&s.title, s.kind, &s.url, s.reliability, &s.derived_from)
            );
        }
        assert_eq!(got.citations.len(), case.citations.len());
        for c in &case.citations {
            let d = got.citation(&c.id).unwrap();
            assert_eq!(
                (
                    &d.source,
                    &d.cites,
                    d.credibility,
                    d.stance,
                    &d.quote,
                    &d.locator
                ),
                (
                    &c.source,
                    &c.cites,
                    c.credibility,
                    c.stance,
                    &c.quote,
                    &c.locator
                ),
                "{}",
                c.id
            );
        }
        for j in &case.judgments {
            let k = got.judgment(&j.id).unwrap();
            assert_eq!(
                (
                    &k.subject,
                    &k.actor,
                    &k.claimed_by,
                    k.likelihood,
                    k.confidence,
                    k.level,
                    &k.rationale,
                    k.status
                ),
                (
                    &j.subject,
                    &j.actor,
                    &j.claimed_by,
                    j.likelihood,
                    j.confidence,
                    j.level,
                    &j.rationale,
                    j.status
                )
            );
        }
        assert_eq!(got.relationships.len(), case.relationships.len());
        for r in &case.relationships {
            let g = got.relationships.iter().find(|g| g.id == r.id).unwrap();
            assert_eq!(
                (
                    &g.source,
                    &g.target,
                    g.kind,
                    g.confidence,
                    g.disputed,
                    &g.description
                ),
                (
                    &r.source,
                    &r.target,
                    r.kind,
                    r.confidence,
                    r.disputed,
                    &r.description
                )
            );
        }
    }
}
