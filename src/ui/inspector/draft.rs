//! The form's working copy of an object (a [`Draft`]), how it is read back into an object, and
//! the blank objects new forms start from.

use super::super::forms::{date_text, lines_of, parse_optional_date};
use crate::model::{
    Actor, ActorKind, Analysis, Case, CaseObject, Citation, Event, EventKind, EvidenceRow, Extra,
    Hypothesis, Id, Judgment, JudgmentStatus, ObjectKind, PartialDate, Relationship,
    RelationshipKind, Source, SourceKind, Stance, Technical, TechnicalKind,
};
use crate::tradecraft::{AttributionLevel, Confidence};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Draft {
    Actor {
        actor: Actor,
        aliases: String,
    },
    Technical {
        technical: Technical,
        aliases: String,
        types: String,
        valid_from: String,
        valid_until: String,
    },
    Relationship {
        rel: Relationship,
        valid_from: String,
        valid_until: String,
    },
    Event {
        event: Event,
        start: String,
        end: String,
    },
    Source {
        source: Source,
        published: String,
        accessed: String,
    },
    Citation {
        citation: Citation,
    },
    Judgment {
        judgment: Judgment,
        /// Why the likelihood or confidence is being changed.
        reason: String,
    },
    Analysis {
        analysis: Analysis,
    },
}

impl Draft {
    /// The reason field of a judgment's estimate change.
    pub(super) fn reason_mut(&mut self) -> Option<&mut String> {
        match self {
            Draft::Judgment { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// The marking of the object in the form.
    pub(super) fn marking_mut(&mut self) -> &mut crate::model::Marking {
        match self {
            Draft::Actor { actor, .. } => &mut actor.marking,
            Draft::Technical { technical, .. } => &mut technical.marking,
            Draft::Relationship { rel, .. } => &mut rel.marking,
            Draft::Event { event, .. } => &mut event.marking,
            Draft::Source { source, .. } => &mut source.marking,
            Draft::Citation { citation } => &mut citation.marking,
            Draft::Judgment { judgment, .. } => &mut judgment.marking,
            Draft::Analysis { analysis } => &mut analysis.marking,
        }
    }

    pub(super) fn of(object: &CaseObject) -> Self {
        match object.clone() {
            CaseObject::Actor(actor) => Draft::Actor {
                aliases: actor.aliases.join("\n"),
                actor,
            },
            CaseObject::Technical(technical) => Draft::Technical {
                aliases: technical.aliases.join("\n"),
                types: technical.types.join("\n"),
                valid_from: date_text(technical.valid_from),
                valid_until: date_text(technical.valid_until),
                technical,
            },
            CaseObject::Relationship(rel) => Draft::Relationship {
                valid_from: date_text(rel.valid_from),
                valid_until: date_text(rel.valid_until),
                rel,
            },
            CaseObject::Event(event) => Draft::Event {
                start: event.start.to_string(),
                end: date_text(event.end),
                event,
            },
            CaseObject::Source(source) => Draft::Source {
                published: date_text(source.published),
                accessed: date_text(source.accessed),
                source,
            },
            CaseObject::Citation(citation) => Draft::Citation { citation },
            CaseObject::Judgment(judgment) => Draft::Judgment {
                judgment,
                reason: String::new(),
            },
            CaseObject::Analysis(analysis) => Draft::Analysis { analysis },
        }
    }

    /// The object the form describes, and the fields whose text could not be read.
    pub(super) fn build(&self) -> (CaseObject, Vec<(&'static str, String)>) {
        let mut errors = Vec::new();
        let mut date = |field: &'static str, text: &str| match parse_optional_date(text) {
            Ok(d) => d,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let object = match self {
            Draft::Actor { actor, aliases } => {
                let mut actor = actor.clone();
                actor.aliases = lines_of(aliases);
                CaseObject::Actor(actor)
            }
            Draft::Technical {
                technical,
                aliases,
                types,
                valid_from,
                valid_until,
            } => {
                let mut technical = technical.clone();
                technical.aliases = lines_of(aliases);
                technical.types = lines_of(types);
                technical.valid_from = date("valid_from", valid_from);
                technical.valid_until = date("valid_until", valid_until);
                technical.external_id = technical.external_id.trim().to_owned();
                if technical.kind != TechnicalKind::Indicator {
                    // A pattern typed before the kind changed is not the object's.
                    technical.pattern.clear();
                    technical.pattern_type.clear();
                }
                CaseObject::Technical(technical)
            }
            Draft::Relationship {
                rel,
                valid_from,
                valid_until,
            } => {
                let mut rel = rel.clone();
                rel.valid_from = date("valid_from", valid_from);
                rel.valid_until = date("valid_until", valid_until);
                CaseObject::Relationship(rel)
            }
            Draft::Event { event, start, end } => {
                let mut event = event.clone();
                let parsed_start = date("start", start);
                event.end = date("end", end);
                match parsed_start {
                    Some(d) => event.start = d,
                    None if start.trim().is_empty() => {
                        errors.push(("start", "an event needs a start date".to_owned()))
                    }
                    None => {}
                }
                CaseObject::Event(event)
            }
            Draft::Source {
                source,
                published,
                accessed,
            } => {
                let mut source = source.clone();
                source.published = date("published", published);
                source.accessed = date("accessed", accessed);
                CaseObject::Source(source)
            }
            Draft::Citation { citation } => CaseObject::Citation(citation.clone()),
            Draft::Judgment { judgment, .. } => CaseObject::Judgment(judgment.clone()),
            Draft::Analysis { analysis } => CaseObject::Analysis(analysis.clone()),
        };
        (object, errors)
    }
}

pub fn blank_object(case: &Case, kind: ObjectKind, context: Option<&Id>) -> CaseObject {
    let id = Id::generate(kind);
    let first_actor = || {
        case.actors
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_else(|| Id::new(""))
    };
    let today = PartialDate::now_to_minute().with_precision(crate::model::DatePrecision::Day);
    match kind {
        ObjectKind::Actor => CaseObject::Actor(Actor {
            id,
            name: String::new(),
            kind: ActorKind::ThreatGroup,
            aliases: vec![],
            country: String::new(),
            description: String::new(),
            map: None,
            marking: crate::model::Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }),
        ObjectKind::Technical => {
            let mut technical = Technical::new(id, TechnicalKind::Technique, "");
            technical.marking = crate::model::Marking::of(case.tlp);
            CaseObject::Technical(technical)
        }
        ObjectKind::Relationship => {
            let source = context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .unwrap_or_else(first_actor);
            let target = case
                .actors
                .iter()
                .map(|a| a.id.clone())
                .find(|a| a != &source)
                .unwrap_or_else(|| Id::new(""));
            CaseObject::Relationship(Relationship {
                id,
                kind: RelationshipKind::AffiliatedWith,
                source,
                target,
                directed: true,
                confidence: Confidence::Moderate,
                disputed: false,
                valid_from: None,
                valid_until: None,
                description: String::new(),
                marking: crate::model::Marking::of(case.tlp),
                version: Default::default(),
                extra: Extra::default(),
            })
        }
        ObjectKind::Event => CaseObject::Event(Event {
            id,
            title: String::new(),
            kind: EventKind::Attack,
            start: today,
            end: None,
            actors: context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .into_iter()
                .collect(),
            roles: Default::default(),
            technical: context
                .filter(|c| c.kind() == Some(ObjectKind::Technical))
                .cloned()
                .into_iter()
                .collect(),
            location: String::new(),
            description: String::new(),
            marking: crate::model::Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }),
        ObjectKind::Source => CaseObject::Source(Source {
            id,
            title: String::new(),
            publisher: String::new(),
            author: String::new(),
            kind: SourceKind::NewsReport,
            url: String::new(),
            published: None,
            accessed: Some(today),
            // Not graded until the analyst grades it.
            reliability: None,
            language: String::new(),
            notes: String::new(),
            derived_from: Vec::new(),
            marking: crate::model::Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }),
        ObjectKind::Citation => CaseObject::Citation(Citation {
            id,
            // The source given, else the one last cited (the analyst is most likely working
            // through it), else the first.
            source: context
                .filter(|c| c.kind() == Some(ObjectKind::Source))
                .or_else(|| {
                    case.citations
                        .iter()
                        .rev()
                        .map(|c| &c.source)
                        .find(|s| case.source(s).is_some())
                })
                .or_else(|| case.sources.first().map(|s| &s.id))
                .cloned()
                .unwrap_or_else(|| Id::new("")),
            cites: context
                .filter(|c| c.kind() != Some(ObjectKind::Source))
                .cloned()
                .unwrap_or_else(|| Id::new("")),
            credibility: None,
            stance: Stance::Supports,
            line: None,
            quote: String::new(),
            locator: String::new(),
            marking: crate::model::Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }),
        // What is attributed to whom is the analyst's statement: it starts unchosen, unless the
        // form was opened from the event or actor concerned.
        ObjectKind::Judgment => CaseObject::Judgment(Judgment {
            id,
            subject: context
                .filter(|c| c.kind() == Some(ObjectKind::Event))
                .cloned()
                .unwrap_or_else(|| Id::new("")),
            actor: context
                .filter(|c| c.kind() == Some(ObjectKind::Actor))
                .cloned()
                .unwrap_or_else(|| Id::new("")),
            level: AttributionLevel::Operational,
            claimed_by: None,
            // The analyst's estimate: not stated until chosen.
            likelihood: None,
            confidence: None,
            status: JudgmentStatus::Assessed,
            rationale: String::new(),
            revisions: Vec::new(),
            marking: crate::model::Marking::of(case.tlp),
            version: Default::default(),
            extra: Extra::default(),
        }),
        ObjectKind::Analysis => CaseObject::Analysis(blank_analysis(case, id, context)),
    }
}

/// A new analysis of an incident (the context, or the latest attack), with the hypotheses an
/// analyst starts from: each actor already judged or claimed responsible, an unrelated actor,
/// and a false flag.
fn blank_analysis(case: &Case, id: Id, context: Option<&Id>) -> Analysis {
    let subject = context
        .filter(|c| matches!(c.kind(), Some(ObjectKind::Event | ObjectKind::Actor)))
        .cloned()
        .or_else(|| {
            case.events
                .iter()
                .filter(|e| e.kind == EventKind::Attack)
                .max_by_key(|e| e.start.start())
                .map(|e| e.id.clone())
        })
        .unwrap_or_else(|| Id::new(""));
    let title = match case.object(&subject) {
        Some(CaseObject::Event(e)) => format!("Who is behind {}?", e.title),
        Some(CaseObject::Actor(a)) => format!("Who is behind {}?", a.name),
        _ => String::new(),
    };
    let mut analysis = Analysis {
        id,
        subject: subject.clone(),
        title,
        hypotheses: Vec::new(),
        evidence: Vec::new(),
        notes: String::new(),
        marking: crate::model::Marking::of(case.tlp),
        version: Default::default(),
        extra: Extra::default(),
    };
    // The evidence already cited about the incident and about the judgments on it, ready to
    // be rated.
    let about: Vec<&Id> = std::iter::once(&subject)
        .chain(
            case.judgments
                .iter()
                .filter(|j| j.subject == subject)
                .map(|j| &j.id),
        )
        .collect();
    for citation in case.citations.iter().filter(|c| about.contains(&&c.cites)) {
        analysis.evidence.push(EvidenceRow {
            citation: citation.id.clone(),
            ratings: Default::default(),
            extra: Extra::default(),
        });
    }
    let mut candidates: Vec<&Id> = Vec::new();
    for j in case.judgments.iter().filter(|j| j.subject == subject) {
        if !candidates.contains(&&j.actor) {
            candidates.push(&j.actor);
        }
    }
    for actor in candidates {
        analysis.hypotheses.push(Hypothesis {
            key: analysis.next_key(),
            title: format!("{} is responsible", case.display_name(actor)),
            actor: Some(actor.clone()),
            judgment: None,
            extra: Extra::default(),
        });
    }
    for title in [
        "An unrelated actor is responsible",
        "False flag: made to look like another actor's work",
    ] {
        analysis.hypotheses.push(Hypothesis {
            key: analysis.next_key(),
            title: title.to_owned(),
            actor: None,
            judgment: None,
            extra: Extra::default(),
        });
    }
    analysis
}
