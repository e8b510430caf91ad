//! Markings: who may see each object of a case (TLP 2.0), and the case as a reader at one TLP
//! label may see it.
//!
//! Every object carries a [`Marking`]: its own TLP level (none written means the case's
//! marking, as in files from before markings were per object) and, for single fields, a
//! stricter level (a STIX granular marking, say on an actor's description). [`shareable_at`]
//! makes the copy of a case that may go out under a label: everything marked stricter is left
//! out, and so is everything that would reveal it — a relationship or citation that refers to
//! it, a judgment about it or resting only on it, a hypothesis naming it, a briefing record of a
//! stricter briefing. Every export (briefings, figures, STIX) works from that copy, so text
//! Casebook composes and counts it prints can only speak of what the label allows. What was
//! left out is returned as a list for the analyst, never written into the output.
//!
//! No egui and no file IO here; the STIX objects kept as they came are filtered by the STIX
//! export, which knows their ids.

use super::{Case, CaseObject, Id, ObjectRef, Stance};
use crate::tradecraft::Tlp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Who may see one object: its TLP level, and stricter levels for some of its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marking {
    /// The object's TLP 2.0 level; `None` means the case's marking (files written before
    /// markings were per object, and objects whose analyst never set one).
    #[serde(default, rename = "tlp", skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    /// Fields marked apart from the object (by their case-file names), e.g. a description
    /// under a STIX granular marking.
    #[serde(
        default,
        rename = "tlp_fields",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub fields: BTreeMap<String, Tlp>,
}

impl Marking {
    /// A marking of one level for the whole object.
    pub fn of(tlp: Tlp) -> Self {
        Marking {
            tlp: Some(tlp),
            fields: BTreeMap::new(),
        }
    }

    /// The object's level, the case's marking standing in when it has none of its own.
    pub fn level(&self, case_tlp: Tlp) -> Tlp {
        self.tlp.unwrap_or(case_tlp)
    }

    /// The level of one field: its own marking if it has one, else the object's.
    pub fn field_level(&self, field: &str, case_tlp: Tlp) -> Tlp {
        self.fields
            .get(field)
            .copied()
            .unwrap_or_else(|| self.level(case_tlp))
    }

    /// The strictest level anywhere in the object, its fields included.
    pub fn strictest(&self, case_tlp: Tlp) -> Tlp {
        self.fields
            .values()
            .copied()
            .fold(self.level(case_tlp), Tlp::max)
    }
}

/// The fields of each kind of object that may be marked apart, in the case file's names. The
/// first of an actor, event, source or analysis is its name: an object whose name may not be
/// shown is left out whole.
pub fn markable_fields(kind: super::ObjectKind) -> &'static [&'static str] {
    use super::ObjectKind as K;
    match kind {
        K::Actor => &["name", "aliases", "country", "description"],
        // An indicator's pattern is what it is: marked with the object, not apart.
        K::Technical => &["name", "aliases", "description"],
        K::Event => &["title", "location", "description"],
        K::Source => &["title", "publisher", "author", "url", "notes"],
        K::Analysis => &["title", "notes"],
        K::Relationship => &["description"],
        K::Citation => &["quote", "locator"],
        K::Judgment => &["rationale", "revisions"],
    }
}

/// The case's own fields that may be marked apart from the case's marking.
pub const CASE_FIELDS: &[&str] = &["title", "summary", "analysts"];

/// The title a case is shown under when its own title may not be shown at a label.
pub const WITHHELD_TITLE: &str = "Case briefing";

impl CaseObject {
    pub fn marking(&self) -> &Marking {
        match self {
            CaseObject::Actor(o) => &o.marking,
            CaseObject::Technical(o) => &o.marking,
            CaseObject::Relationship(o) => &o.marking,
            CaseObject::Event(o) => &o.marking,
            CaseObject::Source(o) => &o.marking,
            CaseObject::Citation(o) => &o.marking,
            CaseObject::Judgment(o) => &o.marking,
            CaseObject::Analysis(o) => &o.marking,
        }
    }

    pub fn marking_mut(&mut self) -> &mut Marking {
        match self {
            CaseObject::Actor(o) => &mut o.marking,
            CaseObject::Technical(o) => &mut o.marking,
            CaseObject::Relationship(o) => &mut o.marking,
            CaseObject::Event(o) => &mut o.marking,
            CaseObject::Source(o) => &mut o.marking,
            CaseObject::Citation(o) => &mut o.marking,
            CaseObject::Judgment(o) => &mut o.marking,
            CaseObject::Analysis(o) => &mut o.marking,
        }
    }
}

impl<'a> ObjectRef<'a> {
    pub fn marking(self) -> &'a Marking {
        match self {
            ObjectRef::Actor(o) => &o.marking,
            ObjectRef::Technical(o) => &o.marking,
            ObjectRef::Relationship(o) => &o.marking,
            ObjectRef::Event(o) => &o.marking,
            ObjectRef::Source(o) => &o.marking,
            ObjectRef::Citation(o) => &o.marking,
            ObjectRef::Judgment(o) => &o.marking,
            ObjectRef::Analysis(o) => &o.marking,
        }
    }
}

impl Case {
    /// The level of one of the case's own fields (`title`, `summary`, `analysts`).
    pub fn own_field_level(&self, field: &str) -> Tlp {
        self.tlp_fields.get(field).copied().unwrap_or(self.tlp)
    }

    /// Every object with its marking, in case order.
    pub fn markings(&self) -> impl Iterator<Item = (&Id, &Marking)> + '_ {
        self.objects_by_id().map(|(id, o)| (id, o.marking()))
    }

    /// Calls `f` with every object's id and marking, to change markings in place.
    pub fn each_marking_mut(&mut self, mut f: impl FnMut(&Id, &mut Marking)) {
        self.actors
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.relationships
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.technical
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.events
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.sources
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.citations
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.judgments
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
        self.analyses
            .iter_mut()
            .for_each(|o| f(&o.id, &mut o.marking));
    }

    /// The TLP level of an object (the case's marking if it has none of its own), if it is in
    /// the case.
    pub fn level_of(&self, id: &Id) -> Option<Tlp> {
        use super::ObjectKind as K;
        let marking = match id.kind()? {
            K::Actor => &self.actor(id)?.marking,
            K::Technical => &self.technical_object(id)?.marking,
            K::Event => &self.event(id)?.marking,
            K::Source => &self.source(id)?.marking,
            K::Citation => &self.citation(id)?.marking,
            K::Judgment => &self.judgment(id)?.marking,
            K::Analysis => &self.analysis(id)?.marking,
            K::Relationship => &self.relationships.iter().find(|r| &r.id == id)?.marking,
        };
        Some(marking.level(self.tlp))
    }

    /// The strictest level anywhere in the case: its own fields, every object and field.
    pub fn strictest_level(&self) -> Tlp {
        let own = CASE_FIELDS
            .iter()
            .map(|f| self.own_field_level(f))
            .fold(self.tlp, Tlp::max);
        self.markings()
            .map(|(_, m)| m.strictest(self.tlp))
            .fold(own, Tlp::max)
    }
}

/// Why something was left out of an output at a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WithheldReason {
    /// The object is marked stricter than the label.
    Marked(Tlp),
    /// The object's name or title is marked stricter than the label.
    NameMarked(Tlp),
    /// Only this field of the object is marked stricter; the rest goes out.
    Field { field: String, tlp: Tlp },
    /// It refers to an object that is left out.
    RefersTo(Id),
    /// Everything supporting it is left out.
    OnlyWithheldSupport,
    /// A part of an analysis (a hypothesis, an evidence row) refers to what is left out.
    Part { part: String, refers_to: Id },
    /// A record of a briefing made at a stricter label.
    StricterBriefing(Tlp),
}

/// One thing left out of an output, for the analyst's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    /// The object (or `case` for the case's own fields).
    pub id: Id,
    /// What the analyst knows it as, in the full case.
    pub name: String,
    pub reason: WithheldReason,
}

impl fmt::Display for Withheld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} \"{}\": ", self.id, self.name)?;
        match &self.reason {
            WithheldReason::Marked(tlp) => write!(f, "marked {}", tlp.code()),
            WithheldReason::NameMarked(tlp) => {
                write!(f, "its name is marked {}", tlp.code())
            }
            WithheldReason::Field { field, tlp } => {
                write!(f, "its {field} is marked {} and is left out", tlp.code())
            }
            WithheldReason::RefersTo(other) => write!(f, "refers to {other}, which is left out"),
            WithheldReason::OnlyWithheldSupport => {
                write!(f, "everything that supports it is left out")
            }
            WithheldReason::Part { part, refers_to } => {
                write!(f, "its {part} refers to {refers_to}, which is left out")
            }
            WithheldReason::StricterBriefing(tlp) => {
                write!(f, "a record of a briefing marked {}", tlp.code())
            }
        }
    }
}

impl Withheld {
    /// Whether the whole object is left out (rather than a field or a part of it).
    pub fn is_whole(&self) -> bool {
        !matches!(
            self.reason,
            WithheldReason::Field { .. } | WithheldReason::Part { .. }
        )
    }
}

/// Names of a case's objects as [`Case::display_name`] gives them, looked up in an index built
/// once, for lists of many objects (a display name looks each object up in the whole case).
pub struct Namer<'a> {
    index: std::collections::HashMap<&'a Id, ObjectRef<'a>>,
}

impl<'a> Namer<'a> {
    pub fn new(case: &'a Case) -> Self {
        let index = case.objects_by_id().collect();
        Namer { index }
    }

    /// What [`Case::display_name`] says of `id`.
    pub fn name(&self, id: &Id) -> String {
        super::name_with(id, &|other| self.index.get(other).copied())
    }
}

/// A case as it may go out under one label, and what was left out of it.
#[derive(Clone, Debug)]
pub struct Shareable {
    pub label: Tlp,
    pub case: Case,
    pub withheld: Vec<Withheld>,
    /// The ids of the objects left out whole.
    pub withheld_ids: HashSet<Id>,
}

impl Shareable {
    /// How many objects are left out whole.
    pub fn objects_left_out(&self) -> usize {
        self.withheld_ids.len()
    }
}

/// The case as it may be shared at `label`: everything marked stricter left out, with
/// everything that would reveal it, and the list of what was left out. At a label as strict as
/// everything in the case, the copy equals the case and the list is empty.
pub fn shareable_at(case: &Case, label: Tlp) -> Shareable {
    let mut out = case.clone();
    let mut withheld = Vec::new();
    let mut gone: HashSet<Id> = HashSet::new();
    let case_tlp = case.tlp;
    let allowed = |t: Tlp| t <= label;
    let namer = Namer::new(case);
    let mut cited: std::collections::HashMap<&Id, Vec<&super::Citation>> =
        std::collections::HashMap::new();
    for c in &case.citations {
        cited.entry(&c.cites).or_default().push(c);
    }
    let citations_of = |id: &Id| cited.get(id).into_iter().flatten().copied();

    // The case's own fields.
    let case_id = Id::new("case");
    for field in CASE_FIELDS {
        let level = case.own_field_level(field);
        if allowed(level) {
            continue;
        }
        let had = match *field {
            "title" => {
                out.title = WITHHELD_TITLE.to_owned();
                true
            }
            "summary" => !std::mem::take(&mut out.summary).is_empty(),
            _ => !std::mem::take(&mut out.analysts).is_empty(),
        };
        if had {
            withheld.push(Withheld {
                id: case_id.clone(),
                name: case.title.clone(),
                reason: WithheldReason::Field {
                    field: (*field).to_owned(),
                    tlp: level,
                },
            });
        }
    }
    if !allowed(case.own_field_level("title")) {
        // The stand-in title is Casebook's own words: it may go out at any label.
        out.tlp_fields.insert("title".into(), Tlp::Clear);
    }

    // An object whose own level, or whose name's, is above the label goes whole.
    let own_check = |marking: &Marking, name_field: Option<&str>| {
        let level = marking.level(case_tlp);
        if !allowed(level) {
            return Some(WithheldReason::Marked(level));
        }
        let name = name_field?;
        let level = marking.field_level(name, case_tlp);
        (!allowed(level)).then_some(WithheldReason::NameMarked(level))
    };
    let mut leave_out = |gone: &mut HashSet<Id>, id: &Id, reason: WithheldReason| {
        gone.insert(id.clone());
        withheld.push(Withheld {
            id: id.clone(),
            name: namer.name(id),
            reason,
        });
    };

    for a in &case.actors {
        if let Some(reason) = own_check(&a.marking, Some("name")) {
            leave_out(&mut gone, &a.id, reason);
        }
    }
    for t in &case.technical {
        if let Some(reason) = own_check(&t.marking, Some("name")) {
            leave_out(&mut gone, &t.id, reason);
        }
    }
    for s in &case.sources {
        if let Some(reason) = own_check(&s.marking, Some("title")) {
            leave_out(&mut gone, &s.id, reason);
        }
    }
    for e in &case.events {
        if let Some(reason) = own_check(&e.marking, Some("title")) {
            leave_out(&mut gone, &e.id, reason);
        }
    }
    for r in &case.relationships {
        let reason = own_check(&r.marking, None).or_else(|| {
            [&r.source, &r.target]
                .into_iter()
                .find(|end| gone.contains(*end))
                .map(|end| WithheldReason::RefersTo(end.clone()))
        });
        if let Some(reason) = reason {
            leave_out(&mut gone, &r.id, reason);
        }
    }
    for j in &case.judgments {
        let reason = own_check(&j.marking, None).or_else(|| {
            [Some(&j.subject), Some(&j.actor), j.claimed_by.as_ref()]
                .into_iter()
                .flatten()
                .find(|other| gone.contains(*other))
                .map(|other| WithheldReason::RefersTo(other.clone()))
        });
        if let Some(reason) = reason {
            leave_out(&mut gone, &j.id, reason);
        }
    }
    let citation_reason = |c: &super::Citation, gone: &HashSet<Id>| {
        own_check(&c.marking, None).or_else(|| {
            [&c.source, &c.cites]
                .into_iter()
                .find(|other| gone.contains(*other))
                .map(|other| WithheldReason::RefersTo(other.clone()))
        })
    };
    for c in &case.citations {
        if let Some(reason) = citation_reason(c, &gone) {
            leave_out(&mut gone, &c.id, reason);
        }
    }
    // A judgment that had support and has none left rests only on what may not be shown. A
    // source about it whose stance nobody stated counts as support here: withholding it must
    // not leave the judgment standing on nothing.
    for j in &case.judgments {
        if gone.contains(&j.id) {
            continue;
        }
        let mut supporting = citations_of(&j.id)
            .filter(|c| c.stance != Stance::Contradicts)
            .peekable();
        if supporting.peek().is_none() {
            continue;
        }
        if supporting.all(|c| gone.contains(&c.id)) {
            leave_out(&mut gone, &j.id, WithheldReason::OnlyWithheldSupport);
            for c in citations_of(&j.id) {
                if !gone.contains(&c.id) {
                    leave_out(&mut gone, &c.id, WithheldReason::RefersTo(j.id.clone()));
                }
            }
        }
    }
    for a in &case.analyses {
        let reason = own_check(&a.marking, Some("title")).or_else(|| {
            gone.contains(&a.subject)
                .then(|| WithheldReason::RefersTo(a.subject.clone()))
        });
        if let Some(reason) = reason {
            leave_out(&mut gone, &a.id, reason);
        }
    }

    out.actors.retain(|o| !gone.contains(&o.id));
    out.technical.retain(|o| !gone.contains(&o.id));
    out.sources.retain(|o| !gone.contains(&o.id));
    out.events.retain(|o| !gone.contains(&o.id));
    out.relationships.retain(|o| !gone.contains(&o.id));
    out.judgments.retain(|o| !gone.contains(&o.id));
    out.citations.retain(|o| !gone.contains(&o.id));
    out.analyses.retain(|o| !gone.contains(&o.id));

    // What remains: parts that name what is gone, and fields marked stricter than the label.
    let mut parts = Vec::new();
    for e in &mut out.events {
        let before = e.actors.len();
        let lost: Vec<Id> = e
            .actors
            .iter()
            .filter(|a| gone.contains(*a))
            .cloned()
            .collect();
        e.actors.retain(|a| !gone.contains(a));
        // A role names its actor: it goes with it.
        e.roles.retain(|a, _| !gone.contains(a));
        if e.actors.len() != before {
            for actor in lost {
                parts.push((e.id.clone(), "actors".to_owned(), actor));
            }
        }
        let lost: Vec<Id> = e
            .technical
            .iter()
            .filter(|t| gone.contains(*t))
            .cloned()
            .collect();
        e.technical.retain(|t| !gone.contains(t));
        for technical in lost {
            parts.push((e.id.clone(), "technical".to_owned(), technical));
        }
    }
    for s in &mut out.sources {
        let lost: Vec<Id> = s
            .derived_from
            .iter()
            .filter(|o| gone.contains(*o))
            .cloned()
            .collect();
        s.derived_from.retain(|o| !gone.contains(o));
        for original in lost {
            parts.push((s.id.clone(), "derived_from".to_owned(), original));
        }
    }
    for a in &mut out.analyses {
        let lost: Vec<(String, Id)> = a
            .hypotheses
            .iter()
            .filter_map(|h| {
                h.actor
                    .as_ref()
                    .filter(|x| gone.contains(*x))
                    .map(|x| (h.key.clone(), x.clone()))
            })
            .collect();
        for (key, actor) in &lost {
            a.hypotheses.retain(|h| &h.key != key);
            for row in &mut a.evidence {
                row.ratings.remove(key);
            }
            parts.push((a.id.clone(), format!("hypothesis {key}"), actor.clone()));
        }
        for h in &mut a.hypotheses {
            if let Some(j) = h.judgment.as_ref().filter(|j| gone.contains(*j)).cloned() {
                h.judgment = None;
                parts.push((a.id.clone(), format!("hypothesis {}", h.key), j));
            }
        }
        let rows: Vec<Id> = a
            .evidence
            .iter()
            .filter(|r| gone.contains(&r.citation))
            .map(|r| r.citation.clone())
            .collect();
        a.evidence.retain(|r| !gone.contains(&r.citation));
        for citation in rows {
            parts.push((a.id.clone(), "evidence".to_owned(), citation));
        }
    }
    for (id, part, refers_to) in parts {
        withheld.push(Withheld {
            name: namer.name(&id),
            id,
            reason: WithheldReason::Part { part, refers_to },
        });
    }

    let mut fields = Vec::new();
    let mut strip = |id: &Id, marking: &mut Marking, clear: &mut dyn FnMut(&str) -> bool| {
        let stricter: Vec<(String, Tlp)> = marking
            .fields
            .iter()
            .filter(|(_, t)| !allowed(**t))
            .map(|(f, t)| (f.clone(), *t))
            .collect();
        for (field, tlp) in stricter {
            marking.fields.remove(&field);
            if clear(&field) {
                fields.push((id.clone(), field, tlp));
            }
        }
    };
    for a in &mut out.actors {
        strip(&a.id, &mut a.marking, &mut |f| match f {
            "aliases" => !std::mem::take(&mut a.aliases).is_empty(),
            "country" => !std::mem::take(&mut a.country).is_empty(),
            "description" => !std::mem::take(&mut a.description).is_empty(),
            _ => false,
        });
    }
    for t in &mut out.technical {
        strip(&t.id, &mut t.marking, &mut |f| match f {
            "aliases" => !std::mem::take(&mut t.aliases).is_empty(),
            "description" => !std::mem::take(&mut t.description).is_empty(),
            _ => false,
        });
    }
    for e in &mut out.events {
        strip(&e.id, &mut e.marking, &mut |f| match f {
            "location" => !std::mem::take(&mut e.location).is_empty(),
            "description" => !std::mem::take(&mut e.description).is_empty(),
            _ => false,
        });
    }
    for s in &mut out.sources {
        strip(&s.id, &mut s.marking, &mut |f| match f {
            "publisher" => !std::mem::take(&mut s.publisher).is_empty(),
            "author" => !std::mem::take(&mut s.author).is_empty(),
            "url" => !std::mem::take(&mut s.url).is_empty(),
            "notes" => !std::mem::take(&mut s.notes).is_empty(),
            _ => false,
        });
    }
    for r in &mut out.relationships {
        strip(&r.id, &mut r.marking, &mut |f| {
            f == "description" && !std::mem::take(&mut r.description).is_empty()
        });
    }
    for c in &mut out.citations {
        strip(&c.id, &mut c.marking, &mut |f| match f {
            "quote" => !std::mem::take(&mut c.quote).is_empty(),
            "locator" => !std::mem::take(&mut c.locator).is_empty(),
            _ => false,
        });
    }
    for j in &mut out.judgments {
        strip(&j.id, &mut j.marking, &mut |f| match f {
            "rationale" => !std::mem::take(&mut j.rationale).is_empty(),
            "revisions" => {
                let had = j.revisions.iter().any(|r| !r.reason.is_empty());
                for r in &mut j.revisions {
                    r.reason.clear();
                }
                had
            }
            _ => false,
        });
    }
    for a in &mut out.analyses {
        strip(&a.id, &mut a.marking, &mut |f| {
            f == "notes" && !std::mem::take(&mut a.notes).is_empty()
        });
    }
    for (id, field, tlp) in fields {
        withheld.push(Withheld {
            name: namer.name(&id),
            id,
            reason: WithheldReason::Field { field, tlp },
        });
    }

    // Records of briefings: one made at a stricter label is itself stricter; the others forget
    // what is left out, so "what changed" cannot name it.
    let mut records = Vec::new();
    for (i, record) in std::mem::take(&mut out.briefings).into_iter().enumerate() {
        if !allowed(record.tlp) {
            withheld.push(Withheld {
                id: Id::new(format!("briefing-record-{}", i + 1)),
                name: record.title.clone(),
                reason: WithheldReason::StricterBriefing(record.tlp),
            });
            continue;
        }
        let mut record = record;
        record.judgments.retain(|s| !gone.contains(&s.id));
        record.sources.retain(|s| !gone.contains(s));
        record.events.retain(|e| !gone.contains(e));
        records.push(record);
    }
    out.briefings = records;
    // A dismissal goes with the finding's object. Its words may quote what is left out: an
    // output shows only those that still waive a finding of the shared case (whose words are
    // made from what is shared).
    out.dismissals
        .retain(|d| d.object.as_ref().is_none_or(|o| !gone.contains(o)));

    Shareable {
        label,
        case: out,
        withheld,
        withheld_ids: gone,
    }
}

/// "3 objects, 1 field or part": how much an output leaves out, in words.
pub fn left_out_summary(objects: usize, parts: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        plural(objects, "object", "objects"),
        plural(parts, "field or part", "fields or parts")
    )
}

/// A problem with the markings of a case, for `casebook check` and the checks panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkingFinding {
    pub id: Id,
    pub message: String,
}

impl fmt::Display for MarkingFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.id, self.message)
    }
}

/// Objects marked stricter than the case, and judgments whose evidence is marked stricter than
/// the judgment (a reader of the judgment could not see what it rests on).
pub fn marking_findings(case: &Case) -> Vec<MarkingFinding> {
    let mut out = Vec::new();
    let namer = Namer::new(case);
    for (id, marking) in case.markings() {
        let level = marking.level(case.tlp);
        if level > case.tlp {
            out.push(MarkingFinding {
                id: id.clone(),
                message: format!(
                    "\"{}\" is marked {}, stricter than the case ({}): outputs at the case's label leave it out",
                    namer.name(id),
                    level.code(),
                    case.tlp.code()
                ),
            });
        }
        for (field, field_level) in &marking.fields {
            if *field_level > case.tlp && *field_level > level {
                out.push(MarkingFinding {
                    id: id.clone(),
                    message: format!(
                        "the {field} of \"{}\" is marked {}, stricter than the case ({}): outputs at the case's label leave it out",
                        namer.name(id),
                        field_level.code(),
                        case.tlp.code()
                    ),
                });
            }
        }
    }
    let source_levels: std::collections::HashMap<&Id, Tlp> = case
        .sources
        .iter()
        .map(|s| (&s.id, s.marking.level(case.tlp)))
        .collect();
    let mut cited: std::collections::HashMap<&Id, Vec<&super::Citation>> =
        std::collections::HashMap::new();
    for c in &case.citations {
        cited.entry(&c.cites).or_default().push(c);
    }
    for j in &case.judgments {
        let level = j.marking.level(case.tlp);
        let stricter: Vec<(&Id, Tlp)> = cited
            .get(&j.id)
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let source = source_levels.get(&c.source).copied().unwrap_or(case.tlp);
                let evidence = c.marking.level(case.tlp).max(source);
                (evidence > level).then_some((&c.id, evidence))
            })
            .collect();
        if let Some(strictest) = stricter.iter().map(|(_, t)| *t).max() {
            out.push(MarkingFinding {
                id: j.id.clone(),
                message: format!(
                    "the judgment is marked {} but {} of its citations (or their sources) are marked stricter, up to {}: a {} reader cannot see what it rests on",
                    level.code(),
                    stricter.len(),
                    strictest.code(),
                    level.code()
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namer_names_every_object_as_the_case_does() {
        let case = crate::example::example_case();
        let namer = Namer::new(&case);
        for (id, _) in case.markings() {
            assert_eq!(namer.name(id), case.display_name(id), "{id}");
        }
        assert_eq!(
            namer.name(&Id::new("actor--nobody")),
            case.display_name(&Id::new("actor--nobody"))
        );
    }

    #[test]
    fn at_the_strictest_label_nothing_is_left_out() {
        let mut case = crate::example::example_case();
        case.actors[0].marking = Marking::of(Tlp::Red);
        let shared = shareable_at(&case, Tlp::Red);
        assert!(shared.withheld.is_empty());
        assert_eq!(shared.case, case);
        let green = shareable_at(&case, Tlp::Clear);
        assert!(green.case.actor(&case.actors[0].id).is_none());
        assert!(
            green
                .case
                .relationships
                .iter()
                .all(|r| r.source != case.actors[0].id && r.target != case.actors[0].id)
        );
    }
}
