//! The case and its parts: actors, relationships, events, sources, citations and attribution
//! judgments, with their ids and the rules that tie them together.
//!
//! This is plain data with no egui and no file IO. Every object keeps the fields it does not
//! know (`extra`), so a case written by a newer Casebook or by hand loses nothing when it passes
//! through this one. Changes go through [`command::Command`]; checks live in [`validate`].

pub mod ach;
pub mod command;
pub mod date;
pub mod diff;
pub mod extra;
pub mod history;
pub mod id;
pub mod marking;
pub mod merge;
pub mod record;
pub mod technical;
pub mod validate;
pub mod version;

pub use ach::{Analysis, Consistency, EvidenceRow, Hypothesis};
pub use command::{Command, CommandError, ConflictChoice};
pub use date::{DatePrecision, PartialDate};
pub use extra::Extra;
pub use id::{Id, ObjectKind};
pub use marking::{Marking, Shareable, Withheld, WithheldReason, shareable_at};
pub use record::{BriefingRecord, Dismissal, JudgmentState};
pub use technical::{Technical, TechnicalKind};
pub use version::ObjectVersion;

use crate::tradecraft::{
    AdmiraltyGrade, AttributionLevel, Confidence, Credibility, Likelihood, Reliability, Tlp, scale,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}
fn yes() -> bool {
    true
}

scale! {
    /// What an actor is. Drives its shape and colour on the map and its STIX type.
    ActorKind {
        ThreatGroup => ("threat-group", "threat group", "An intrusion set or hacking group"),
        Persona => ("persona", "persona", "A name or identity used in public by an operator or group"),
        State => ("state", "state", "A country's state as a whole"),
        Agency => ("agency", "state agency", "A ministry, service or other body of a state"),
        Organisation => ("organisation", "organisation", "A company, institution, alliance or movement"),
        Person => ("person", "person", "An individual"),
        Sector => ("sector", "sector", "A sector or class of targets"),
    }
}

scale! {
    /// How two actors are related.
    RelationshipKind {
        AttributedTo => ("attributed-to", "attributed to", "The source actor's activity is attributed to the target actor"),
        Targets => ("targets", "targets", "The source actor targets the target actor"),
        AffiliatedWith => ("affiliated-with", "affiliated with", "The two actors are affiliated"),
        Sponsors => ("sponsors", "sponsors", "The source actor sponsors or directs the target actor"),
        Supports => ("supports", "supports", "The source actor supports the target actor"),
        Shelters => ("shelters", "shelters", "The source actor shelters or hosts the target actor"),
        Denies => ("denies", "denies", "The source actor denies involvement in activity against the target actor"),
        HostileTo => ("hostile-to", "hostile to", "The source actor is hostile to the target actor"),
        Impersonates => ("impersonates", "impersonates", "The source actor poses as the target actor"),
        LocatedAt => ("located-at", "located at", "The source actor is located in the target (a state)"),
        Uses => ("uses", "uses", "The source (an actor, malware or tool) uses the target (malware, a tool, a technique or infrastructure)"),
        Indicates => ("indicates", "indicates", "The source (an indicator) detects the target's activity"),
        CommunicatesWith => ("communicates-with", "communicates with", "The source (malware or infrastructure) communicates with the target (infrastructure)"),
        Exploits => ("exploits", "exploits", "The source (an actor, malware or tool) exploits the target (a vulnerability)"),
        VariantOf => ("variant-of", "variant of", "The source (malware or a tool) is a variant of the target"),
    }
}

scale! {
    /// What kind of thing happened.
    EventKind {
        Attack => ("attack", "attack", "A cyberattack or intrusion"),
        Claim => ("claim", "claim", "A claim of responsibility or an allegation"),
        Attribution => ("attribution", "attribution", "A public attribution by a government or company"),
        Denial => ("denial", "denial", "A denial of responsibility"),
        Statement => ("statement", "statement", "A public statement"),
        Diplomatic => ("diplomatic", "diplomatic", "A diplomatic act"),
        LawEnforcement => ("law-enforcement", "law enforcement", "A raid, arrest, seizure or charge"),
        Other => ("other", "other", "Anything else"),
    }
}

scale! {
    /// What an actor was in an event.
    EventRole {
        Victim => ("victim", "victim", "Attacked, targeted or harmed by it"),
        AllegedPerpetrator => ("alleged-perpetrator", "alleged perpetrator", "Said (by someone) to be behind it; an attribution is a judgment, not this"),
        Responder => ("responder", "responder", "Responded to it: investigated, remediated, raided, sanctioned"),
        Claimant => ("claimant", "claimant", "Claimed it, or made the allegation or attribution"),
        Denier => ("denier", "denier", "Denied involvement in it"),
        Supporter => ("supporter", "supporter", "Took a side publicly, in support of a party"),
    }
}

impl EventRole {
    /// The role an actor most likely had in an event of this kind, from what the actor is; the
    /// analyst changes it where it is wrong. `None` where no role is likely enough to suggest.
    pub fn suggested(event: EventKind, actor: ActorKind) -> Option<EventRole> {
        use ActorKind as A;
        match (event, actor) {
            (EventKind::Attack, A::ThreatGroup | A::Persona) => Some(EventRole::AllegedPerpetrator),
            (EventKind::Attack, _) => Some(EventRole::Victim),
            (EventKind::Claim | EventKind::Attribution, _) => Some(EventRole::Claimant),
            (EventKind::Denial, _) => Some(EventRole::Denier),
            (EventKind::LawEnforcement, A::State | A::Agency) => Some(EventRole::Responder),
            _ => None,
        }
    }
}

scale! {
    /// Where a source's information comes from.
    SourceKind {
        NewsReport => ("news-report", "news report", "A report by a news outlet"),
        GovernmentStatement => ("government-statement", "government statement", "A statement by a government or state body"),
        VendorReport => ("vendor-report", "vendor report", "A report by a security or technology company"),
        OrganisationStatement => ("organisation-statement", "organisation statement", "A statement by a non-state organisation or its spokesperson"),
        SocialMedia => ("social-media", "social media", "A post on social media or a messaging channel"),
        TechnicalData => ("technical-data", "technical data", "Logs, samples, network or host data"),
        PersonalContact => ("personal-contact", "personal contact", "A person spoken to directly"),
    }
}

scale! {
    /// The lines of evidence an attribution should rest on more than one of (ICD 203; ODNI,
    /// "A Guide to Cyber Attribution").
    EvidenceLine {
        Technical => ("technical", "technical evidence", "Malware, infrastructure, techniques: what the intrusion itself shows"),
        Intelligence => ("intelligence", "intelligence and government reporting", "What a government or an intelligence service reports or states, and human sources"),
        OpenSource => ("open-source", "open-source and vendor reporting", "News, security vendors' reports, organisations' statements, social media"),
        Context => ("context", "intent and context", "Who gains: motive, timing, the political and historical setting"),
    }
}

impl SourceKind {
    /// The line of evidence a source of this kind gives, unless a citation says otherwise.
    pub fn line(self) -> EvidenceLine {
        match self {
            SourceKind::TechnicalData => EvidenceLine::Technical,
            SourceKind::GovernmentStatement | SourceKind::PersonalContact => {
                EvidenceLine::Intelligence
            }
            SourceKind::NewsReport
            | SourceKind::VendorReport
            | SourceKind::OrganisationStatement
            | SourceKind::SocialMedia => EvidenceLine::OpenSource,
        }
    }
}

scale! {
    /// How a citation bears on what it cites. Only judgments are contradicted in practice, but
    /// any cited object can be.
    #[derive(Default)]
    Stance {
        #[default]
        Supports => ("supports", "supports", "The cited information supports it"),
        Contradicts => ("contradicts", "contradicts", "The cited information contradicts it"),
        About => ("about", "is about", "The source is about it; whether it supports or contradicts it is not stated"),
    }
}

fn is_supports(stance: &Stance) -> bool {
    *stance == Stance::Supports
}

scale! {
    /// Where a judgment stands.
    #[derive(Default)]
    JudgmentStatus {
        #[default]
        Assessed => ("assessed", "assessed", "The current assessment"),
        Disputed => ("disputed", "disputed", "Contested by other analysts, agencies or researchers"),
        DeniedByAccused => ("denied-by-accused", "denied by the accused", "The party it names denies it"),
        Retracted => ("retracted", "retracted", "Withdrawn; kept for the record"),
    }
}

fn is_assessed(status: &JudgmentStatus) -> bool {
    *status == JudgmentStatus::Assessed
}

/// An actor: a group, persona, state, agency, organisation, person or sector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: Id,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Country or territory, in words or as an ISO 3166 code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Where the actor stands on the relationship map, once placed by the layout or the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<MapPlacement>,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An actor's place on the relationship map, in map units (the figure's own coordinates).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapPlacement {
    pub x: f32,
    pub y: f32,
    /// Placed by the user: the automatic layout leaves it where it is until released.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pinned: bool,
}

impl MapPlacement {
    /// The largest coordinate accepted, in map units.
    pub const LIMIT: f32 = 1.0e7;

    pub fn is_valid(&self) -> bool {
        self.x.is_finite()
            && self.y.is_finite()
            && self.x.abs() <= Self::LIMIT
            && self.y.abs() <= Self::LIMIT
    }
}

impl RelationshipKind {
    /// Whether the kind links technical evidence (uses, indicates …) rather than two actors.
    pub fn is_technical(self) -> bool {
        matches!(
            self,
            RelationshipKind::Uses
                | RelationshipKind::Indicates
                | RelationshipKind::CommunicatesWith
                | RelationshipKind::Exploits
                | RelationshipKind::VariantOf
        )
    }
}

/// A relationship from one actor or technical object (`source`) to another (`target`): between
/// two actors for the kinds of the actor map, and with technical objects at one end or both for
/// `uses`, `indicates`, `communicates-with`, `exploits`, `variant-of` and `attributed-to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: Id,
    pub kind: RelationshipKind,
    pub source: Id,
    pub target: Id,
    /// Whether the relationship points from source to target (`true`) or holds both ways.
    #[serde(default = "yes")]
    pub directed: bool,
    pub confidence: Confidence,
    /// Whether a party disputes or denies that this link exists.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disputed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Something that happened, when, and who was involved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Id,
    pub title: String,
    pub kind: EventKind,
    pub start: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Id>,
    /// What some of the actors involved were in it (victim, alleged perpetrator …), by actor.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub roles: std::collections::BTreeMap<Id, EventRole>,
    /// The technical objects seen in it: the malware, tools, techniques, infrastructure,
    /// indicators and vulnerabilities of the operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technical: Vec<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source of information, graded for reliability (A–F).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    pub kind: SourceKind,
    /// An http(s) address, checked for form and never fetched.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<PartialDate>,
    /// `None`: nobody has graded the source (shown as not stated; weighed as F).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Reliability>,
    /// Language of the source, as a BCP 47 tag or in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The sources whose information this one relays ("as AP relayed it": the wire report is
    /// derived from the statement it quotes). A source and what it relays count as one source
    /// for a judgment (circular reporting).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<Id>,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source cited for an actor, relationship, event or judgment, with the credibility (1–6) of
/// the information as cited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    pub id: Id,
    pub source: Id,
    /// The actor, relationship, event or judgment this citation supports.
    pub cites: Id,
    /// `None`: nobody has graded the information (shown as not stated; weighed as 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<Credibility>,
    /// Whether the information supports or contradicts what it cites.
    #[serde(default, skip_serializing_if = "is_supports")]
    pub stance: Stance,
    /// Which line of evidence the information is (ICD 203, ODNI's attribution guidance);
    /// `None`: as its source's kind suggests ([`SourceKind::line`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<EvidenceLine>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// Where in the source: page, paragraph, timestamp.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub locator: String,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A judgment of who is responsible for an event (or, one link further up an attribution
/// chain, for an actor), in ICD 203 terms. Either the analyst's own (`claimed_by` empty) or a
/// record of what a party claims, kept apart so a claim is never mistaken for an assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Judgment {
    pub id: Id,
    /// What is attributed: an event (incident or campaign), or an actor for a link of the
    /// chain persona → group → agency → state.
    pub subject: Id,
    /// The actor held responsible.
    pub actor: Id,
    pub level: AttributionLevel,
    /// The party that makes this claim; `None` for the analyst's own judgment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<Id>,
    /// For a claim: the likelihood the claimant asserts, in the nearest ICD 203 term. `None`:
    /// not stated (a judgment imported without an estimative term), for the analyst to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    /// For a claim: the confidence the claimant states. `None`: not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "is_assessed")]
    pub status: JudgmentStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Every change of likelihood or confidence, oldest first, with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Who may see it (TLP 2.0), and stricter levels for single fields.
    #[serde(flatten)]
    pub marking: Marking,
    /// When it was first recorded and last changed (STIX `created`, `modified`).
    #[serde(flatten)]
    pub version: ObjectVersion,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Judgment {
    /// Whether this records a party's claim rather than the analyst's judgment.
    pub fn is_claim(&self) -> bool {
        self.claimed_by.is_some()
    }
}

/// One change of a judgment's likelihood or confidence (ICD 203 standard 7: say what changed
/// and why).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_likelihood: Option<Likelihood>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub reason: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The case's own fields: what it is about and who may see it.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseInfo {
    pub title: String,
    pub summary: String,
    pub tlp: Tlp,
    /// The case's own fields (title, summary, analysts) marked apart from the case.
    pub tlp_fields: std::collections::BTreeMap<String, Tlp>,
    pub analysts: Vec<String>,
}

/// A whole case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The case's marking: of its own fields (unless marked apart in `tlp_fields`), and of
    /// every object that has none of its own.
    pub tlp: Tlp,
    /// The case's own fields (`title`, `summary`, `analysts`) marked apart from the case.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub tlp_fields: std::collections::BTreeMap<String, Tlp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analysts: Vec<String>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    /// Technical evidence: malware, tools, techniques, infrastructure, indicators and
    /// vulnerabilities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technical: Vec<Technical>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub judgments: Vec<Judgment>,
    /// Analyses of competing hypotheses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analyses: Vec<Analysis>,
    /// The briefings made from this case, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub briefings: Vec<BriefingRecord>,
    /// Tradecraft findings the analyst dismissed, with the reasons, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissals: Vec<Dismissal>,
    /// Edits a merge of two versions of the case could not combine, for the analyst to resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<merge::MergeConflict>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The short name of an object (as [`Case::display_name`] gives it), its parts looked up by
/// `find`: the case itself, or an index built once for naming many objects
/// ([`marking::Namer`]).
pub fn name_with<'a>(id: &Id, find: &dyn Fn(&Id) -> Option<ObjectRef<'a>>) -> String {
    let name = |other: &Id| name_with(other, find);
    match find(id) {
        Some(ObjectRef::Actor(a)) => a.name.clone(),
        Some(ObjectRef::Technical(t)) => t.title(),
        Some(ObjectRef::Event(e)) => format!("{} ({})", e.title, e.start),
        Some(ObjectRef::Source(s)) => s.title.clone(),
        Some(ObjectRef::Relationship(r)) => {
            format!("{} {} {}", name(&r.source), r.kind.label(), name(&r.target))
        }
        Some(ObjectRef::Citation(c)) => {
            let grade = match find(&c.source) {
                Some(ObjectRef::Source(s)) => Some(AdmiraltyGrade {
                    reliability: s.reliability,
                    credibility: c.credibility,
                }),
                _ => None,
            };
            match grade {
                Some(grade) if grade.is_stated() => format!("{grade} {}", name(&c.source)),
                Some(grade) => format!("{} ({grade})", name(&c.source)),
                None => format!(" {}", name(&c.source)),
            }
        }
        Some(ObjectRef::Judgment(j)) => match &j.claimed_by {
            None => format!(
                "{} for {} ({})",
                name(&j.actor),
                name(&j.subject),
                crate::tradecraft::estimate_words(j.likelihood, j.confidence)
            ),
            Some(claimant) => format!(
                "{} claims {} for {}",
                name(claimant),
                name(&j.actor),
                name(&j.subject),
            ),
        },
        Some(ObjectRef::Analysis(a)) => format!("ACH: {}", a.title),
        None => format!("{id} (missing)"),
    }
}

/// A borrowed object of a case: for indexes (the merge, names of many objects) that must not
/// clone what they look up.
#[derive(Clone, Copy)]
pub enum ObjectRef<'a> {
    Actor(&'a Actor),
    Technical(&'a Technical),
    Event(&'a Event),
    Relationship(&'a Relationship),
    Source(&'a Source),
    Judgment(&'a Judgment),
    Citation(&'a Citation),
    Analysis(&'a Analysis),
}

impl ObjectRef<'_> {
    /// Whether it is the same as `other`, field for field.
    pub fn same_as(self, other: &CaseObject) -> bool {
        match (self, other) {
            (ObjectRef::Actor(a), CaseObject::Actor(b)) => a == b,
            (ObjectRef::Technical(a), CaseObject::Technical(b)) => a == b,
            (ObjectRef::Event(a), CaseObject::Event(b)) => a == b,
            (ObjectRef::Relationship(a), CaseObject::Relationship(b)) => a == b,
            (ObjectRef::Source(a), CaseObject::Source(b)) => a == b,
            (ObjectRef::Judgment(a), CaseObject::Judgment(b)) => a == b,
            (ObjectRef::Citation(a), CaseObject::Citation(b)) => a == b,
            (ObjectRef::Analysis(a), CaseObject::Analysis(b)) => a == b,
            _ => false,
        }
    }

    pub fn to_owned_object(self) -> CaseObject {
        match self {
            ObjectRef::Actor(o) => CaseObject::Actor(o.clone()),
            ObjectRef::Technical(o) => CaseObject::Technical(o.clone()),
            ObjectRef::Event(o) => CaseObject::Event(o.clone()),
            ObjectRef::Relationship(o) => CaseObject::Relationship(o.clone()),
            ObjectRef::Source(o) => CaseObject::Source(o.clone()),
            ObjectRef::Judgment(o) => CaseObject::Judgment(o.clone()),
            ObjectRef::Citation(o) => CaseObject::Citation(o.clone()),
            ObjectRef::Analysis(o) => CaseObject::Analysis(o.clone()),
        }
    }
}

/// Any one object of a case, for commands and selection.
#[derive(Clone, Debug, PartialEq)]
pub enum CaseObject {
    Actor(Actor),
    Technical(Technical),
    Relationship(Relationship),
    Event(Event),
    Source(Source),
    Citation(Citation),
    Judgment(Judgment),
    Analysis(Analysis),
}

impl CaseObject {
    pub fn id(&self) -> &Id {
        match self {
            CaseObject::Actor(o) => &o.id,
            CaseObject::Technical(o) => &o.id,
            CaseObject::Relationship(o) => &o.id,
            CaseObject::Event(o) => &o.id,
            CaseObject::Source(o) => &o.id,
            CaseObject::Citation(o) => &o.id,
            CaseObject::Judgment(o) => &o.id,
            CaseObject::Analysis(o) => &o.id,
        }
    }

    pub fn kind(&self) -> ObjectKind {
        match self {
            CaseObject::Actor(_) => ObjectKind::Actor,
            CaseObject::Technical(_) => ObjectKind::Technical,
            CaseObject::Relationship(_) => ObjectKind::Relationship,
            CaseObject::Event(_) => ObjectKind::Event,
            CaseObject::Source(_) => ObjectKind::Source,
            CaseObject::Citation(_) => ObjectKind::Citation,
            CaseObject::Judgment(_) => ObjectKind::Judgment,
            CaseObject::Analysis(_) => ObjectKind::Analysis,
        }
    }
}

impl Case {
    /// An empty case made now.
    pub fn new(title: impl Into<String>) -> Self {
        let now = Utc::now();
        Case {
            title: title.into(),
            summary: String::new(),
            tlp: Tlp::Amber,
            tlp_fields: Default::default(),
            analysts: Vec::new(),
            created: now,
            modified: now,
            actors: Vec::new(),
            relationships: Vec::new(),
            technical: Vec::new(),
            events: Vec::new(),
            sources: Vec::new(),
            citations: Vec::new(),
            judgments: Vec::new(),
            analyses: Vec::new(),
            briefings: Vec::new(),
            dismissals: Vec::new(),
            conflicts: Vec::new(),
            extra: Extra::default(),
        }
    }

    pub fn info(&self) -> CaseInfo {
        CaseInfo {
            title: self.title.clone(),
            summary: self.summary.clone(),
            tlp: self.tlp,
            tlp_fields: self.tlp_fields.clone(),
            analysts: self.analysts.clone(),
        }
    }

    /// How many objects of each kind, in [`ObjectKind::ALL`] order.
    pub fn count(&self, kind: ObjectKind) -> usize {
        match kind {
            ObjectKind::Actor => self.actors.len(),
            ObjectKind::Technical => self.technical.len(),
            ObjectKind::Relationship => self.relationships.len(),
            ObjectKind::Event => self.events.len(),
            ObjectKind::Source => self.sources.len(),
            ObjectKind::Citation => self.citations.len(),
            ObjectKind::Judgment => self.judgments.len(),
            ObjectKind::Analysis => self.analyses.len(),
        }
    }

    pub fn object_count(&self) -> usize {
        ObjectKind::ALL.iter().map(|k| self.count(*k)).sum()
    }

    pub fn actor(&self, id: &Id) -> Option<&Actor> {
        self.actors.iter().find(|a| &a.id == id)
    }

    pub fn technical_object(&self, id: &Id) -> Option<&Technical> {
        self.technical.iter().find(|t| &t.id == id)
    }

    pub fn event(&self, id: &Id) -> Option<&Event> {
        self.events.iter().find(|e| &e.id == id)
    }

    pub fn source(&self, id: &Id) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }

    pub fn citation(&self, id: &Id) -> Option<&Citation> {
        self.citations.iter().find(|c| &c.id == id)
    }

    pub fn judgment(&self, id: &Id) -> Option<&Judgment> {
        self.judgments.iter().find(|j| &j.id == id)
    }

    pub fn analysis(&self, id: &Id) -> Option<&Analysis> {
        self.analyses.iter().find(|a| &a.id == id)
    }

    /// The Admiralty grade of a citation ("B2"), if its source is in the case.
    pub fn grade(&self, citation: &Citation) -> Option<AdmiraltyGrade> {
        self.source(&citation.source).map(|s| AdmiraltyGrade {
            reliability: s.reliability,
            credibility: citation.credibility,
        })
    }

    /// A copy of the object with this id, if there is one.
    pub fn object(&self, id: &Id) -> Option<CaseObject> {
        match id.kind()? {
            ObjectKind::Actor => self.actor(id).cloned().map(CaseObject::Actor),
            ObjectKind::Technical => self
                .technical_object(id)
                .cloned()
                .map(CaseObject::Technical),
            ObjectKind::Relationship => self
                .relationships
                .iter()
                .find(|o| &o.id == id)
                .cloned()
                .map(CaseObject::Relationship),
            ObjectKind::Event => self.event(id).cloned().map(CaseObject::Event),
            ObjectKind::Source => self.source(id).cloned().map(CaseObject::Source),
            ObjectKind::Citation => self.citation(id).cloned().map(CaseObject::Citation),
            ObjectKind::Judgment => self.judgment(id).cloned().map(CaseObject::Judgment),
            ObjectKind::Analysis => self.analysis(id).cloned().map(CaseObject::Analysis),
        }
    }

    pub fn contains(&self, id: &Id) -> bool {
        match id.kind() {
            Some(ObjectKind::Actor) => self.actor(id).is_some(),
            Some(ObjectKind::Technical) => self.technical_object(id).is_some(),
            Some(ObjectKind::Event) => self.event(id).is_some(),
            Some(ObjectKind::Source) => self.source(id).is_some(),
            Some(ObjectKind::Relationship) => self.relationships.iter().any(|o| &o.id == id),
            Some(ObjectKind::Citation) => self.citations.iter().any(|o| &o.id == id),
            Some(ObjectKind::Judgment) => self.judgments.iter().any(|o| &o.id == id),
            Some(ObjectKind::Analysis) => self.analyses.iter().any(|o| &o.id == id),
            None => false,
        }
    }

    /// Every object with its id, borrowed: actors, technical objects, relationships, events,
    /// sources, citations, judgments, analyses, each in case order (what an object refers to
    /// comes before it, but for judgments' and citations' references to each other).
    pub fn objects_by_id(&self) -> impl Iterator<Item = (&Id, ObjectRef<'_>)> + '_ {
        let a = self.actors.iter().map(|o| (&o.id, ObjectRef::Actor(o)));
        let e = self.events.iter().map(|o| (&o.id, ObjectRef::Event(o)));
        let t = self
            .technical
            .iter()
            .map(|o| (&o.id, ObjectRef::Technical(o)));
        let r = self
            .relationships
            .iter()
            .map(|o| (&o.id, ObjectRef::Relationship(o)));
        let s = self.sources.iter().map(|o| (&o.id, ObjectRef::Source(o)));
        let j = self
            .judgments
            .iter()
            .map(|o| (&o.id, ObjectRef::Judgment(o)));
        let c = self
            .citations
            .iter()
            .map(|o| (&o.id, ObjectRef::Citation(o)));
        let n = self
            .analyses
            .iter()
            .map(|o| (&o.id, ObjectRef::Analysis(o)));
        a.chain(r)
            .chain(t)
            .chain(e)
            .chain(s)
            .chain(c)
            .chain(j)
            .chain(n)
    }

    /// The object with this id, borrowed, if there is one.
    pub fn object_ref(&self, id: &Id) -> Option<ObjectRef<'_>> {
        Some(match id.kind()? {
            ObjectKind::Actor => ObjectRef::Actor(self.actor(id)?),
            ObjectKind::Technical => ObjectRef::Technical(self.technical_object(id)?),
            ObjectKind::Event => ObjectRef::Event(self.event(id)?),
            ObjectKind::Source => ObjectRef::Source(self.source(id)?),
            ObjectKind::Citation => ObjectRef::Citation(self.citation(id)?),
            ObjectKind::Judgment => ObjectRef::Judgment(self.judgment(id)?),
            ObjectKind::Analysis => ObjectRef::Analysis(self.analysis(id)?),
            ObjectKind::Relationship => {
                ObjectRef::Relationship(self.relationships.iter().find(|o| &o.id == id)?)
            }
        })
    }

    /// A short name for an object, as shown in lists and messages.
    pub fn display_name(&self, id: &Id) -> String {
        name_with(id, &|other| self.object_ref(other))
    }

    /// Every object that refers to `id`, with the field that does: what a delete would touch.
    pub fn referrers(&self, id: &Id) -> Vec<(Id, &'static str)> {
        let mut out = Vec::new();
        for r in &self.relationships {
            if &r.source == id {
                out.push((r.id.clone(), "source"));
            }
            if &r.target == id {
                out.push((r.id.clone(), "target"));
            }
        }
        for e in &self.events {
            if e.actors.contains(id) {
                out.push((e.id.clone(), "actors"));
            }
            if e.technical.contains(id) {
                out.push((e.id.clone(), "technical"));
            }
        }
        for s in &self.sources {
            if s.derived_from.contains(id) {
                out.push((s.id.clone(), "derived_from"));
            }
        }
        for c in &self.citations {
            if &c.source == id {
                out.push((c.id.clone(), "source"));
            }
            if &c.cites == id {
                out.push((c.id.clone(), "cites"));
            }
        }
        for j in &self.judgments {
            if &j.subject == id {
                out.push((j.id.clone(), "subject"));
            }
            if &j.actor == id {
                out.push((j.id.clone(), "actor"));
            }
            if j.claimed_by.as_ref() == Some(id) {
                out.push((j.id.clone(), "claimed_by"));
            }
        }
        for a in &self.analyses {
            if &a.subject == id {
                out.push((a.id.clone(), "subject"));
            }
            if a.hypotheses.iter().any(|h| h.actor.as_ref() == Some(id)) {
                out.push((a.id.clone(), "hypotheses.actor"));
            }
            if a.hypotheses.iter().any(|h| h.judgment.as_ref() == Some(id)) {
                out.push((a.id.clone(), "hypotheses.judgment"));
            }
            if a.evidence.iter().any(|e| &e.citation == id) {
                out.push((a.id.clone(), "evidence"));
            }
        }
        out
    }

    /// The attribution chain up from `subject` (an event or an actor): at each link the
    /// analyst's strongest standing judgment (not a claim, not retracted; the highest likelihood,
    /// then confidence), until no judgment goes further or the chain would loop.
    pub fn attribution_chain(&self, subject: &Id) -> Vec<&Judgment> {
        let mut chain = Vec::new();
        let mut seen = vec![subject];
        let mut at = subject;
        while let Some(link) = self
            .judgments
            .iter()
            .filter(|j| {
                &j.subject == at
                    && !j.is_claim()
                    && j.status != JudgmentStatus::Retracted
                    && !seen.contains(&&j.actor)
            })
            .max_by_key(|j| (j.likelihood, j.confidence))
        {
            chain.push(link);
            seen.push(&link.actor);
            at = &link.actor;
        }
        chain
    }

    /// The citations of one object.
    pub fn citations_of<'a>(&'a self, id: &'a Id) -> impl Iterator<Item = &'a Citation> + 'a {
        self.citations.iter().filter(move |c| &c.cites == id)
    }
}
