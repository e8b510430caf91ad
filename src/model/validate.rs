//! The rules a case must keep: well-formed unique ids, references that point at an object of the
//! right kind, and field values within their bounds. The same checks serve the file loader (which
//! refuses a case that breaks them), the commands (which refuse an edit that would) and the forms
//! (which show each problem beside its field as the analyst types).

use super::{
    Actor, Analysis, Case, CaseObject, Citation, Event, Id, Judgment, ObjectKind, Relationship,
    RelationshipKind, Source, Technical, TechnicalKind,
};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The longest name, title or short text field, in characters.
pub const MAX_SHORT_TEXT: usize = 500;
/// The longest free-text field (descriptions, notes, rationale, quotes), in characters.
pub const MAX_LONG_TEXT: usize = 100_000;
/// The longest URL, in bytes.
pub const MAX_URL: usize = 2048;

/// Tells whether an id names an object of the case.
type Exists<'a> = &'a dyn Fn(&Id) -> bool;

fn all_ids(case: &Case) -> impl Iterator<Item = &Id> {
    let ids = case.actors.iter().map(|o| &o.id);
    let ids = ids.chain(case.relationships.iter().map(|o| &o.id));
    let ids = ids.chain(case.technical.iter().map(|o| &o.id));
    let ids = ids.chain(case.events.iter().map(|o| &o.id));
    let ids = ids.chain(case.sources.iter().map(|o| &o.id));
    let ids = ids.chain(case.citations.iter().map(|o| &o.id));
    let ids = ids.chain(case.judgments.iter().map(|o| &o.id));
    ids.chain(case.analyses.iter().map(|o| &o.id))
}

/// One broken rule: which object (if any), which field, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where the object sits in the case file, e.g. `actors[3]`; empty for the case's own fields.
    pub location: String,
    pub id: Option<Id>,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.id, self.location.is_empty()) {
            (Some(id), false) => write!(
                f,
                "{} ({id}), field `{}`: {}",
                self.location, self.field, self.message
            ),
            (Some(id), true) => write!(f, "{id}, field `{}`: {}", self.field, self.message),
            (None, false) => write!(
                f,
                "{}, field `{}`: {}",
                self.location, self.field, self.message
            ),
            (None, true) => write!(f, "field `{}`: {}", self.field, self.message),
        }
    }
}

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Collects problems for one object.
struct Checker<'a> {
    location: String,
    id: Option<&'a Id>,
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(location: String, id: Option<&'a Id>) -> Self {
        Checker {
            location,
            id,
            problems: Vec::new(),
        }
    }

    fn fail(&mut self, field: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            location: self.location.clone(),
            id: self.id.cloned(),
            field,
            message: message.into(),
        });
    }

    fn required(&mut self, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        }
        self.short(field, value);
    }

    fn short(&mut self, field: &'static str, value: &str) {
        if value.chars().count() > MAX_SHORT_TEXT {
            self.fail(field, format!("is longer than {MAX_SHORT_TEXT} characters"));
        }
        if value.contains(['\n', '\r']) {
            self.fail(field, "must be a single line");
        }
    }

    fn long(&mut self, field: &'static str, value: &str) {
        if value.chars().count() > MAX_LONG_TEXT {
            self.fail(field, format!("is longer than {MAX_LONG_TEXT} characters"));
        }
    }

    fn own_id(&mut self, id: &Id, kind: ObjectKind) {
        match id.check() {
            Err(message) => self.fail("id", message),
            Ok(found) if found != kind => self.fail(
                "id",
                format!(
                    "{} {} id must start with {}--",
                    article(kind.label()),
                    kind.label(),
                    kind.prefix()
                ),
            ),
            Ok(_) => {}
        }
    }

    /// Checks that `target` names an existing object of one of `kinds`.
    fn reference(
        &mut self,
        exists: Exists,
        field: &'static str,
        target: &Id,
        kinds: &[ObjectKind],
    ) {
        let wanted = || {
            let wanted: Vec<String> = kinds
                .iter()
                .map(|k| format!("{} {}", article(k.label()), k.label()))
                .collect();
            wanted.join(" or ")
        };
        match target.kind() {
            // Not chosen yet (a new form's field starts empty).
            _ if target.as_str().is_empty() => self.fail(field, format!("choose {}", wanted())),
            Some(kind) if kinds.contains(&kind) => {
                if !exists(target) {
                    self.fail(
                        field,
                        format!("refers to {target}, which is not in the case"),
                    );
                }
            }
            _ => self.fail(
                field,
                format!("refers to {target}, which is not {}", wanted()),
            ),
        }
    }
}

/// Checks a URL's form (never fetches it): http or https, a host, no spaces or control
/// characters.
pub fn check_url(url: &str) -> Result<(), &'static str> {
    if url.len() > MAX_URL {
        return Err("is longer than 2048 characters");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with http:// or https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err("must name a host after http(s)://");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    Ok(())
}

fn check_actor(_exists: Exists, a: &Actor, c: &mut Checker) {
    c.own_id(&a.id, ObjectKind::Actor);
    c.required("name", &a.name);
    for alias in &a.aliases {
        c.required("aliases", alias);
    }
    let mut seen = std::collections::HashSet::new();
    for alias in &a.aliases {
        if !seen.insert(alias.trim().to_lowercase()) {
            c.fail("aliases", format!("lists `{alias}` twice"));
        }
    }
    c.short("country", &a.country);
    c.long("description", &a.description);
    if let Some(place) = &a.map
        && !place.is_valid()
    {
        c.fail("map", "x and y must be finite numbers within ±10,000,000");
    }
}

fn check_technical(_exists: Exists, t: &Technical, c: &mut Checker) {
    c.own_id(&t.id, ObjectKind::Technical);
    c.required("name", &t.name);
    let mut seen = std::collections::HashSet::new();
    for alias in &t.aliases {
        c.required("aliases", alias);
        if !seen.insert(alias.trim().to_lowercase()) {
            c.fail("aliases", format!("lists `{alias}` twice"));
        }
    }
    c.short("external_id", &t.external_id);
    let id = t.external_id.trim();
    if !id.is_empty() {
        let attack = super::technical::normal_attack_id(id);
        match t.kind {
            TechnicalKind::Technique if !attack.as_ref().is_some_and(|a| a.starts_with('T')) => c
                .fail(
                    "external_id",
                    format!("`{id}` is not an ATT&CK technique id (T1485, T1059.001)"),
                ),
            TechnicalKind::Malware | TechnicalKind::Tool
                if !attack.as_ref().is_some_and(|a| a.starts_with('S')) =>
            {
                c.fail(
                    "external_id",
                    format!("`{id}` is not an ATT&CK software id (S0368)"),
                )
            }
            TechnicalKind::Vulnerability if !super::technical::is_cve_id(id) => c.fail(
                "external_id",
                format!("`{id}` is not a CVE id (CVE-2023-23397)"),
            ),
            _ => {}
        }
    }
    for kind in &t.types {
        c.required("types", kind);
        c.short("types", kind);
    }
    c.long("pattern", &t.pattern);
    c.short("pattern_type", &t.pattern_type);
    match t.kind {
        // A pattern may run over many lines (Sigma, YARA).
        TechnicalKind::Indicator if t.pattern.trim().is_empty() => {
            c.fail("pattern", "an indicator needs its pattern")
        }
        TechnicalKind::Indicator => {}
        _ if !t.pattern.is_empty() => c.fail("pattern", "only an indicator has a pattern"),
        _ => {}
    }
    if let (Some(from), Some(until)) = (t.valid_from, t.valid_until)
        && until.end_exclusive() <= from.start()
    {
        c.fail(
            "valid_until",
            format!("{until} is before valid_from {from}"),
        );
    }
    c.long("description", &t.description);
    if let Some(place) = &t.map
        && !place.is_valid()
    {
        c.fail("map", "x and y must be finite numbers within ±10,000,000");
    }
}

fn check_relationship(exists: Exists, r: &Relationship, c: &mut Checker) {
    use ObjectKind::{Actor, Technical};
    c.own_id(&r.id, ObjectKind::Relationship);
    // Between actors for the kinds of the actor map; a technical kind (and attributed-to, as
    // malware is attributed to a group) may have technical evidence at either end.
    let ends: &[ObjectKind] = if r.kind.is_technical() || r.kind == RelationshipKind::AttributedTo {
        &[Actor, Technical]
    } else {
        &[Actor]
    };
    c.reference(exists, "source", &r.source, ends);
    c.reference(exists, "target", &r.target, ends);
    if r.kind.is_technical() && r.source.kind() == Some(Actor) && r.target.kind() == Some(Actor) {
        c.fail(
            "target",
            format!(
                "a `{}` relationship has technical evidence at one end at least",
                r.kind.code()
            ),
        );
    }
    if r.kind == RelationshipKind::AttributedTo && r.target.kind() == Some(Technical) {
        c.fail(
            "target",
            "is attributed to an actor, not to technical evidence",
        );
    }
    if r.source == r.target {
        c.fail(
            "target",
            if r.source.kind() == Some(Actor) {
                "must be a different actor from the source"
            } else {
                "must be different from the source"
            },
        );
    }
    if let (Some(from), Some(until)) = (r.valid_from, r.valid_until)
        && until.end_exclusive() <= from.start()
    {
        c.fail(
            "valid_until",
            format!("{until} is before valid_from {from}"),
        );
    }
    c.long("description", &r.description);
}

fn check_event(exists: Exists, e: &Event, c: &mut Checker) {
    c.own_id(&e.id, ObjectKind::Event);
    c.required("title", &e.title);
    if let Some(end) = e.end
        && end.end_exclusive() <= e.start.start()
    {
        c.fail("end", format!("{end} is before the start {}", e.start));
    }
    let mut seen = std::collections::HashSet::new();
    for actor in &e.actors {
        c.reference(exists, "actors", actor, &[ObjectKind::Actor]);
        if !seen.insert(actor) {
            c.fail("actors", format!("lists {actor} twice"));
        }
    }
    let mut seen_technical = std::collections::HashSet::new();
    for technical in &e.technical {
        c.reference(exists, "technical", technical, &[ObjectKind::Technical]);
        if !seen_technical.insert(technical) {
            c.fail("technical", format!("lists {technical} twice"));
        }
    }
    for actor in e.roles.keys() {
        if !seen.contains(actor) {
            c.fail(
                "roles",
                format!("gives {actor} a role, but {actor} is not among the actors involved"),
            );
        }
    }
    c.short("location", &e.location);
    c.long("description", &e.description);
}

fn check_source(exists: Exists, s: &Source, c: &mut Checker) {
    c.own_id(&s.id, ObjectKind::Source);
    for original in &s.derived_from {
        c.reference(exists, "derived_from", original, &[ObjectKind::Source]);
        if original == &s.id {
            c.fail("derived_from", "a source cannot relay itself");
        }
    }
    c.required("title", &s.title);
    c.short("publisher", &s.publisher);
    c.short("author", &s.author);
    c.short("language", &s.language);
    if !s.url.is_empty()
        && let Err(message) = check_url(&s.url)
    {
        c.fail("url", message);
    }
    if let (Some(published), Some(accessed)) = (s.published, s.accessed)
        && accessed.end_exclusive() <= published.start()
    {
        c.fail(
            "accessed",
            format!("{accessed} is before the publication date {published}"),
        );
    }
    c.long("notes", &s.notes);
}

fn check_citation(exists: Exists, ci: &Citation, c: &mut Checker) {
    c.own_id(&ci.id, ObjectKind::Citation);
    c.reference(exists, "source", &ci.source, &[ObjectKind::Source]);
    c.reference(
        exists,
        "cites",
        &ci.cites,
        &[
            ObjectKind::Actor,
            ObjectKind::Technical,
            ObjectKind::Relationship,
            ObjectKind::Event,
            ObjectKind::Judgment,
        ],
    );
    c.long("quote", &ci.quote);
    c.short("locator", &ci.locator);
}

fn check_judgment(exists: Exists, j: &Judgment, c: &mut Checker) {
    c.own_id(&j.id, ObjectKind::Judgment);
    c.reference(
        exists,
        "subject",
        &j.subject,
        &[ObjectKind::Event, ObjectKind::Actor],
    );
    c.reference(exists, "actor", &j.actor, &[ObjectKind::Actor]);
    if j.subject == j.actor {
        c.fail("actor", "an actor cannot be attributed to itself");
    }
    if let Some(claimant) = &j.claimed_by {
        c.reference(exists, "claimed_by", claimant, &[ObjectKind::Actor]);
    }
    c.long("rationale", &j.rationale);
    for revision in &j.revisions {
        c.long("revisions", &revision.reason);
    }
}

fn check_analysis(exists: Exists, a: &Analysis, c: &mut Checker) {
    c.own_id(&a.id, ObjectKind::Analysis);
    c.reference(
        exists,
        "subject",
        &a.subject,
        &[ObjectKind::Event, ObjectKind::Actor],
    );
    c.required("title", &a.title);
    let mut keys = HashSet::new();
    for h in &a.hypotheses {
        if h.key.trim().is_empty() || h.key.len() > 40 {
            c.fail(
                "hypotheses",
                "each hypothesis needs a key of 1 to 40 characters",
            );
        } else if !keys.insert(h.key.as_str()) {
            c.fail("hypotheses", format!("the key {} is used twice", h.key));
        }
        c.short("hypotheses", &h.title);
        if let Some(actor) = &h.actor {
            c.reference(exists, "hypotheses", actor, &[ObjectKind::Actor]);
        }
        if let Some(judgment) = &h.judgment {
            c.reference(exists, "hypotheses", judgment, &[ObjectKind::Judgment]);
        }
    }
    let mut rows = HashSet::new();
    for row in &a.evidence {
        c.reference(exists, "evidence", &row.citation, &[ObjectKind::Citation]);
        if !rows.insert(&row.citation) {
            c.fail("evidence", format!("lists {} twice", row.citation));
        }
        if let Some(key) = row.ratings.keys().find(|k| !keys.contains(k.as_str())) {
            c.fail(
                "evidence",
                format!(
                    "{} is rated against {key}, which is not a hypothesis",
                    row.citation
                ),
            );
        }
    }
    c.long("notes", &a.notes);
}

/// The problems of one object as it would stand in `case` (references are checked against it).
pub fn check_object(case: &Case, object: &CaseObject) -> Vec<Problem> {
    let exists = |id: &Id| case.contains(id);
    check_object_with(&exists, object)
}

/// [`check_object`] with references checked by `exists` (an index, for many objects at once).
pub fn check_object_with(exists: &dyn Fn(&Id) -> bool, object: &CaseObject) -> Vec<Problem> {
    let mut c = Checker::new(String::new(), Some(object.id()));
    match object {
        CaseObject::Actor(o) => check_actor(exists, o, &mut c),
        CaseObject::Technical(o) => check_technical(exists, o, &mut c),
        CaseObject::Relationship(o) => check_relationship(exists, o, &mut c),
        CaseObject::Event(o) => check_event(exists, o, &mut c),
        CaseObject::Source(o) => check_source(exists, o, &mut c),
        CaseObject::Citation(o) => check_citation(exists, o, &mut c),
        CaseObject::Judgment(o) => check_judgment(exists, o, &mut c),
        CaseObject::Analysis(o) => check_analysis(exists, o, &mut c),
    }
    c.problems
}

/// The problems of the case's own fields.
pub fn check_info(info: &super::CaseInfo) -> Vec<Problem> {
    let mut c = Checker::new(String::new(), None);
    c.required("title", &info.title);
    c.long("summary", &info.summary);
    for analyst in &info.analysts {
        c.required("analysts", analyst);
    }
    c.problems
}

/// The problems of the dismissed findings: each needs a reason. (The object a dismissal names
/// may be gone: it then waives nothing, and is not a broken reference.)
pub fn check_dismissals(dismissals: &[super::Dismissal]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (index, d) in dismissals.iter().enumerate() {
        let mut c = Checker::new(format!("dismissals[{index}]"), None);
        c.required("rule", &d.rule);
        c.long("finding", &d.finding);
        if d.reason.trim().is_empty() {
            c.fail("reason", "must say why the finding is dismissed");
        }
        c.long("reason", &d.reason);
        c.short("by", &d.by);
        problems.extend(c.problems);
    }
    problems
}

/// Every problem in the case, in file order. An empty list means the case is valid.
pub fn check_case(case: &Case) -> Vec<Problem> {
    let mut problems = check_info(&case.info());
    problems.extend(check_dismissals(&case.dismissals));
    let mut first_seen: HashMap<&Id, String> = HashMap::new();
    let all_ids: HashSet<&Id> = all_ids(case).collect();
    let exists = |id: &Id| all_ids.contains(id);

    macro_rules! each {
        ($field:ident, $check:ident) => {
            for (index, object) in case.$field.iter().enumerate() {
                let location = format!("{}[{index}]", stringify!($field));
                let mut c = Checker::new(location.clone(), Some(&object.id));
                if let Some(earlier) = first_seen.get(&object.id) {
                    c.fail("id", format!("is already used by {earlier}"));
                } else {
                    first_seen.insert(&object.id, location);
                }
                $check(&exists, object, &mut c);
                problems.extend(c.problems);
            }
        };
    }
    each!(actors, check_actor);
    each!(technical, check_technical);
    each!(relationships, check_relationship);
    each!(events, check_event);
    each!(sources, check_source);
    each!(citations, check_citation);
    each!(judgments, check_judgment);
    each!(analyses, check_analysis);
    problems
}
