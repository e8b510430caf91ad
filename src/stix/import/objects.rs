//! Mapping each kind of STIX object into the case: actors, events, relationships and
//! judgments, sources, analyses, the case's own report, and citations — from the Casebook
//! extension where the object has it, from the standard properties where it does not.

use super::super::scales::{stix_to_confidence, stix_to_credibility};
use super::stated;
use super::{Entry, Reader, casebook_extension, field, stix_date, text};
use crate::fast_hash::FastSet as HashSet;
use crate::model::{
    Actor, ActorKind, Analysis, CaseObject, Citation, Event, EventKind, Extra, Id, Judgment,
    JudgmentStatus, ObjectKind, PartialDate, Relationship, RelationshipKind, Source, SourceKind,
    Stance,
};
use crate::tradecraft::{AttributionLevel, Confidence, Likelihood, Reliability};
use serde_json::{Map, Value};

impl Reader {
    pub(super) fn actor(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
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
            // A national government is the state (as Casebook writes a state).
            _ if text(o, "identity_class") == Some("government")
                || o.get("sectors")
                    .and_then(Value::as_array)
                    .is_some_and(|s| s.iter().any(|s| s == "government-national")) =>
            {
                ActorKind::State
            }
            _ => match text(o, "identity_class") {
                Some("individual") => ActorKind::Person,
                Some("class") => ActorKind::Sector,
                _ => ActorKind::Organisation,
            },
        });
        let aliases: Vec<String> = field(ext, "aliases")
            .or_else(|| field(Some(o), "aliases"))
            .unwrap_or_default();
        let aliases = self.repaired_aliases(entry, aliases);
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
                // A state's location: its ISO code, written from the actor.
                "country",
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
            marking: Default::default(),
            version: super::version_of(&entry.object),
            extra: Self::extra_for(entry, &modelled),
        };
        self.add(entry, CaseObject::Actor(actor));
    }

    pub(super) fn event(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
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
        let actors: Vec<Id> = actors
            .into_iter()
            .filter(|a| self.present.contains(a))
            .collect();
        let roles: std::collections::BTreeMap<Id, crate::model::EventRole> =
            field(ext, "roles").unwrap_or_default();
        let roles = roles
            .into_iter()
            .filter(|(a, _)| actors.contains(a))
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
            roles,
            // What the event saw, from the extension; from elsewhere, from its relationships
            // (`Reader::event_technical`), read after it.
            technical: field::<Vec<Id>>(ext, "technical")
                .unwrap_or_default()
                .into_iter()
                .filter(|t| self.present.contains(t))
                .collect(),
            location: field(ext, "location").unwrap_or_default(),
            description: field::<String>(ext, "description")
                .or_else(|| {
                    (entry.stix_type != "note")
                        .then(|| text(o, "description").map(str::to_owned))
                        .flatten()
                })
                .unwrap_or_default(),
            marking: Default::default(),
            version: super::version_of(&entry.object),
            extra,
        };
        let seen: Vec<(Id, Id)> = (event.technical.iter())
            .map(|t| (event.id.clone(), t.clone()))
            .collect();
        if self.add(entry, CaseObject::Event(event)) {
            self.event_technical_seen.extend(seen);
        }
    }

    /// A relationship between two actors, or a judgment; `false` if it maps to neither.
    /// A `derived-from` relationship between two reports read as sources: the target relays the
    /// source (STIX 2.1: "the information in the target object is based on information from
    /// the source object"). Whether it was one.
    pub(super) fn derived_from(&mut self, entry: &Entry) -> bool {
        let o = &entry.object;
        if text(o, "relationship_type") != Some("derived-from") {
            return false;
        }
        let source_of = |key: &str| {
            text(o, key)
                .and_then(|r| self.ids.get(r))
                .filter(|id| id.kind() == Some(ObjectKind::Source))
                .cloned()
        };
        let (Some(original), Some(relay)) = (source_of("source_ref"), source_of("target_ref"))
        else {
            return false;
        };
        if relay == original {
            return false;
        }
        if let Some(source) = self.case.sources.iter_mut().find(|s| s.id == relay)
            && !source.derived_from.contains(&original)
        {
            source.derived_from.push(original);
        }
        true
    }

    /// The aliases without empty ones or repeats: a small fault, dropped and reported, not
    /// the object.
    pub(super) fn repaired_aliases(&mut self, entry: &Entry, aliases: Vec<String>) -> Vec<String> {
        let mut seen = HashSet::default();
        let mut repaired = Vec::with_capacity(aliases.len());
        for alias in aliases {
            if alias.trim().is_empty() {
                self.problem(entry, "aliases", "holds an empty alias; it is dropped");
            } else if !seen.insert(alias.trim().to_lowercase()) {
                self.problem(
                    entry,
                    "aliases",
                    format!("lists `{alias}` twice; the repeat is dropped"),
                );
            } else {
                repaired.push(alias);
            }
        }
        repaired
    }

    pub(super) fn relationship(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) -> bool {
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
        let confidence = if ext.is_some() {
            o.get("confidence").and_then(Value::as_u64)
        } else {
            self.stix_confidence(entry)
        };
        // A threat actor that originates from, or is located at, a state: the state-level
        // attribution of that actor.
        let kind_of = |id: &Option<Id>| id.as_ref().and_then(|i| self.actor_kinds.get(i)).copied();
        let state_link = ext.is_none()
            && matches!(relationship_type, "originates-from" | "located-at")
            && matches!(
                kind_of(&from_id),
                Some(ActorKind::ThreatGroup | ActorKind::Persona | ActorKind::Agency)
            )
            && kind_of(&to_id) == Some(ActorKind::State);
        let is_judgment = state_link
            || ext.is_some_and(|x| x.contains_key("judgment"))
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
            let producer = text(o, "created_by_ref");
            let claimed_by = field::<Id>(ext, "claimed_by").or_else(|| {
                if ext.is_some() {
                    return None;
                }
                // From elsewhere: the producer's claim, if the producer is in the case and is
                // not the analyst's own desk.
                producer
                    .filter(|c| !self.is_ours(c))
                    .and_then(|c| self.ids.get(c).cloned())
            });
            if ext.is_none() {
                modelled.extend(["relationship_type", "created_by_ref"]);
                if claimed_by.is_none() {
                    modelled.retain(|k| *k != "created_by_ref");
                }
            }
            let (likelihood, judgment_confidence) = match ext {
                Some(_) => (field(ext, "likelihood"), field(ext, "confidence")),
                None => self.stated_judgment(entry, confidence),
            };
            let id = Self::casebook_id(entry, ObjectKind::Judgment);
            if ext.is_none()
                && let Some(producer) = producer
            {
                let actor = self.ids.get(producer).cloned();
                self.judgment_producers
                    .push((id.clone(), producer.to_owned(), actor));
            }
            let judgment = Judgment {
                id,
                subject: from_id,
                actor: to_id,
                level: field(ext, "level").unwrap_or(if state_link {
                    AttributionLevel::Strategic
                } else {
                    AttributionLevel::Operational
                }),
                claimed_by,
                likelihood,
                confidence: judgment_confidence,
                status: field(ext, "status").unwrap_or(
                    if o.get("revoked") == Some(&Value::Bool(true)) {
                        JudgmentStatus::Retracted
                    } else {
                        JudgmentStatus::Assessed
                    },
                ),
                rationale: text(o, "description").unwrap_or("").to_owned(),
                revisions: field(ext, "revisions").unwrap_or_default(),
                marking: Default::default(),
                version: super::version_of(&entry.object),
                extra: without_unstated_confidence(Self::extra_for(entry, &modelled)),
            };
            return self.add(entry, CaseObject::Judgment(judgment));
        }
        let end = |id: &Id| matches!(id.kind(), Some(ObjectKind::Actor | ObjectKind::Technical));
        if !end(&from_id) || !end(&to_id) {
            return false;
        }
        let technical = to_id.kind() == Some(ObjectKind::Technical);
        let kind = field(ext, "kind").or(match relationship_type {
            "attributed-to" | "authored-by" => Some(RelationshipKind::AttributedTo),
            // A group that targets a vulnerability exploits it.
            "targets" if technical => Some(RelationshipKind::Exploits),
            "targets" => Some(RelationshipKind::Targets),
            "located-at" => Some(RelationshipKind::LocatedAt),
            "impersonates" => Some(RelationshipKind::Impersonates),
            "uses" => Some(RelationshipKind::Uses),
            "indicates" => Some(RelationshipKind::Indicates),
            "communicates-with" => Some(RelationshipKind::CommunicatesWith),
            "exploits" => Some(RelationshipKind::Exploits),
            "variant-of" => Some(RelationshipKind::VariantOf),
            _ => None,
        });
        let Some(kind) = kind else {
            return false;
        };
        // Only the pairs Casebook models: the rest is kept as it came.
        let from_technical = from_id.kind() == Some(ObjectKind::Technical);
        let fits = if kind.is_technical() {
            from_technical || technical
        } else {
            !technical && (!from_technical || kind == RelationshipKind::AttributedTo)
        };
        if !fits {
            return false;
        }
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
            marking: Default::default(),
            version: super::version_of(&entry.object),
            extra: Self::extra_for(entry, &modelled),
        };
        self.add(entry, CaseObject::Relationship(relationship))
    }

    /// A source from a report; returns its Casebook id.
    pub(super) fn source(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) -> Option<Id> {
        let o = &entry.object;
        let title = text(o, "name")
            .map(str::to_owned)
            .or_else(|| field(ext, "title"));
        let Some(title) = title.filter(|n| !n.trim().is_empty()) else {
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
        if entry.stix_type == "opinion" {
            modelled.extend(["explanation", "object_refs", "opinion"]);
        }
        let source = Source {
            id: Self::casebook_id(entry, ObjectKind::Source),
            title,
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
            reliability: match ext {
                Some(_) => field(ext, "reliability"),
                None => self.stated_reliability(entry),
            },
            language: field(ext, "language").unwrap_or_default(),
            notes: text(o, "description")
                .or_else(|| text(o, "explanation"))
                .unwrap_or("")
                .to_owned(),
            derived_from: Vec::new(),
            marking: Default::default(),
            version: super::version_of(&entry.object),
            extra: Self::extra_for(entry, &modelled),
        };
        let id = source.id.clone();
        self.add(entry, CaseObject::Source(source)).then_some(id)
    }

    /// The likelihood and confidence of a judgment from elsewhere: its confidence from STIX
    /// `confidence` (the producer's confidence, on the None/Low/Med/High scale), its
    /// likelihood from the ICD 203 terms of the producer's own wording. What the producer did
    /// not state is reported, with the value the analyst is to review.
    fn stated_judgment(
        &mut self,
        entry: &Entry,
        confidence: Option<u64>,
    ) -> (Option<Likelihood>, Option<Confidence>) {
        let description = text(&entry.object, "description").unwrap_or("").to_owned();
        let likelihood = match stated::likelihood_in_words(&description) {
            Some((likelihood, words)) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                self.reading(
                    entry,
                    format!("the wording says {}", quoted.join(", ")),
                    format!("likelihood {likelihood} ({})", likelihood.meaning()),
                );
                Some(likelihood)
            }
            None => {
                self.reading(
                    entry,
                    "no ICD 203 likelihood in the wording",
                    "likelihood not stated, for the analyst to set",
                );
                None
            }
        };
        let confidence = match confidence.and_then(stix_to_confidence) {
            Some(recorded) => {
                self.reading(
                    entry,
                    format!("confidence {} (None/Low/Med/High)", confidence.unwrap_or(0)),
                    format!("{recorded} confidence"),
                );
                Some(recorded)
            }
            None => {
                self.reading(
                    entry,
                    "no confidence",
                    "confidence not stated, for the analyst to set",
                );
                None
            }
        };
        (likelihood, confidence)
    }

    /// The Admiralty reliability a report's producer gave: in its labels (`admiralty:B2`,
    /// MISP's `admiralty-scale` tags), in OpenCTI's `x_opencti_reliability` on the report or
    /// on its author; not stated (weighed as F, "cannot be judged") when none is.
    fn stated_reliability(&mut self, entry: &Entry) -> Option<Reliability> {
        let o = &entry.object;
        let author = text(o, "created_by_ref")
            .and_then(|a| self.identities.get(a))
            .and_then(|(name, r)| r.map(|r| (name.clone(), r)));
        let (reliability, said) = if let Some(r) = stated::grade_in_labels(o).reliability {
            (r, "its labels give".to_owned())
        } else if let Some(r) = stated::opencti_reliability(o) {
            (r, "its x_opencti_reliability is".to_owned())
        } else if let Some((name, r)) = author {
            (r, format!("its author {name}'s x_opencti_reliability is"))
        } else {
            return None;
        };
        self.reading(
            entry,
            format!("{said} {}", reliability.code()),
            format!(
                "reliability {} ({})",
                reliability.code(),
                reliability.meaning()
            ),
        );
        Some(reliability)
    }

    /// A source made from an opinion from elsewhere: its producer's statement (a government
    /// statement when the producer is a state or agency), whose citations say how far it
    /// agrees. `None` (kept as it came) when it states no opinion Casebook reads.
    pub(super) fn opinion_source(&mut self, entry: &Entry) -> Option<Id> {
        let o = &entry.object;
        let opinion = text(o, "opinion")?;
        if ![
            "strongly-disagree",
            "disagree",
            "neutral",
            "agree",
            "strongly-agree",
        ]
        .contains(&opinion)
        {
            self.problem(
                entry,
                "opinion",
                "is not one of strongly-disagree, disagree, neutral, agree, strongly-agree; the opinion is kept as it came",
            );
            return None;
        }
        let producer = text(o, "created_by_ref");
        let producer_name = producer
            .and_then(|p| self.identities.get(p))
            .map(|(n, _)| n.clone());
        let authors: Vec<&str> = o
            .get("authors")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let by = producer_name
            .clone()
            .or_else(|| (!authors.is_empty()).then(|| authors.join(", ")));
        let title = match &by {
            Some(by) => format!("Opinion of {by}: {opinion}"),
            None => format!("An opinion: {opinion}"),
        };
        let state_like = producer
            .and_then(|p| self.ids.get(p))
            .and_then(|id| self.actor_kinds.get(id))
            .is_some_and(|k| matches!(k, ActorKind::State | ActorKind::Agency));
        let source = Source {
            id: Self::casebook_id(entry, ObjectKind::Source),
            title,
            publisher: producer_name.unwrap_or_default(),
            author: authors.join(", "),
            kind: if state_like {
                SourceKind::GovernmentStatement
            } else {
                SourceKind::OrganisationStatement
            },
            url: String::new(),
            published: text(o, "created").and_then(stix_date),
            accessed: None,
            reliability: self.stated_reliability(entry),
            language: String::new(),
            notes: text(o, "explanation").unwrap_or("").to_owned(),
            derived_from: Vec::new(),
            marking: Default::default(),
            version: super::version_of(&entry.object),
            extra: Self::extra_for(entry, &["explanation"]),
        };
        let id = source.id.clone();
        self.add(entry, CaseObject::Source(source)).then_some(id)
    }

    pub(super) fn analysis(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
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

    pub(super) fn case_info(&mut self, entry: &Entry, ext: Option<&Map<String, Value>>) {
        let o = &entry.object;
        if let Some(title) = field::<String>(ext, "title").filter(|t| !t.trim().is_empty()) {
            self.case.title = title;
        }
        self.case.summary = text(o, "description").unwrap_or("").to_owned();
        if let Some(tlp) = field(ext, "tlp") {
            self.tlp = Some(tlp);
        }
        self.casebook_case = true;
        self.case.tlp_fields = field(ext, "tlp_fields").unwrap_or_default();
        self.case.analysts = field(ext, "analysts").unwrap_or_default();
        self.case.briefings = field(ext, "briefings").unwrap_or_default();
        let dismissals: Vec<crate::model::Dismissal> = field(ext, "dismissals").unwrap_or_default();
        // One with no reason waives nothing: left out, so the case stays valid.
        self.case.dismissals = dismissals
            .into_iter()
            .filter(|d| {
                crate::model::validate::check_dismissals(std::slice::from_ref(d)).is_empty()
            })
            .collect();
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
    pub(super) fn citations_from(&mut self, entry: &Entry, source: &Id) {
        let Some(cited) = self.ids.get(&entry.id).cloned() else {
            return;
        };
        if !source.as_str().is_empty() {
            let mut refs = super::refs_of(&entry.object);
            // An opinion says how far its producer agrees with what it refers to: for a
            // report, with what that report is about.
            let (stance, quote) = if entry.stix_type == "opinion" {
                refs = refs
                    .into_iter()
                    .flat_map(|r| match self.report_refs.get(&r) {
                        Some(about) => about.clone(),
                        None => vec![r],
                    })
                    .collect();
                let opinion = text(&entry.object, "opinion").unwrap_or("");
                let stance = match opinion {
                    "strongly-disagree" | "disagree" => Stance::Contradicts,
                    "agree" | "strongly-agree" => Stance::Supports,
                    _ => {
                        self.reading(
                            entry,
                            format!("opinion \"{opinion}\""),
                            "no citation: it neither supports nor contradicts",
                        );
                        return;
                    }
                };
                self.reading(
                    entry,
                    format!("opinion \"{opinion}\""),
                    format!("a citation that {} what it refers to", stance.code()),
                );
                let quote = text(&entry.object, "explanation").unwrap_or("").to_owned();
                (stance, quote)
            } else {
                // A report's object_refs say what it is about, not whether it agrees.
                self.reading(
                    entry,
                    "object_refs (what the report is about)",
                    "a citation about each, its stance for the analyst to set",
                );
                (Stance::About, String::new())
            };
            let credibility = match stated::grade_in_labels(&entry.object).credibility {
                Some(credibility) => Some(credibility),
                None => {
                    let confidence = self.stix_confidence(entry);
                    let credibility = confidence.and_then(stix_to_credibility);
                    if let (Some(value), Some(credibility)) = (confidence, credibility) {
                        self.reading(
                            entry,
                            format!("confidence {value} (Admiralty scale)"),
                            format!(
                                "credibility {} ({})",
                                credibility.code(),
                                credibility.meaning()
                            ),
                        );
                    }
                    credibility
                }
            };
            let source_tlp = self.case.source(source).and_then(|s| s.marking.tlp);
            let source_unmarked = self.unmarked.contains(source);
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
                    stance,
                    line: None,
                    quote: quote.clone(),
                    locator: String::new(),
                    marking: crate::model::Marking {
                        tlp: source_tlp,
                        fields: Default::default(),
                    },
                    version: super::version_of(&entry.object),
                    extra: Extra::default(),
                };
                if source_unmarked {
                    self.unmarked.insert(citation.id.clone());
                }
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
}

/// A judgment's extra fields without the mark of a `confidence` the producer did not state: a
/// judgment holds "not stated" itself, so a confidence the analyst later sets (low, say) is
/// exported as set, not taken for the default of an import.
fn without_unstated_confidence(mut extra: Extra) -> Extra {
    if let Some(Value::Object(originals)) = extra.0.get_mut(crate::stix::STIX_ORIGINALS_KEY) {
        if originals.get("confidence").is_some_and(Value::is_null) {
            originals.remove("confidence");
        }
        if originals.is_empty() {
            extra.0.remove(crate::stix::STIX_ORIGINALS_KEY);
        }
    }
    extra
}
