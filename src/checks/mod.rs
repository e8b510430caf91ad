//! Tradecraft checks: the problems in a case that make a judgment weaker than its wording,
//! found by the rules of ICD 203 and the Admiralty code (listed in the README). They do
//! not make a case invalid — the analyst may know why — but each is listed, linked to the
//! object it concerns, in the app's checks panel and by `casebook check`.

pub mod wording;

use crate::fast_hash::{FastMap as HashMap, FastSet as HashSet};
use crate::model::{Case, Citation, Dismissal, EvidenceLine, Id, Judgment, Source, Stance};
use crate::tradecraft::{AdmiraltyGrade, Confidence, Credibility, Reliability, estimate_words};
use std::fmt;
use wording::{
    ActorNames, TermRow, bare_attribution, likelihood_terms, mixed_sentences, sentences,
};

/// Which rule a finding breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A judgment or claim that cites no supporting source.
    NoCitation,
    /// A judgment whose support is all E/F reliability or 5/6 credibility.
    WeakSourcesOnly,
    /// An attribution resting on one source.
    SingleSource,
    /// High confidence with fewer than two independent sources.
    HighConfidenceThinSourcing,
    /// A likelihood term and a confidence level in one sentence.
    LikelihoodWithConfidence,
    /// Terms from both rows of the ICD 203 table in one product.
    MixedTermRows,
    /// Wording that states a likelihood other than the judgment's recorded one.
    WordingContradictsLikelihood,
    /// A change of estimate with no recorded reason.
    ChangeWithoutReason,
    /// A source cited nowhere.
    UnusedSource,
    /// Wording that states a confidence level other than the judgment's recorded one.
    WordingContradictsConfidence,
    /// A judgment or summary hedged only with words that have no calibrated meaning.
    UncalibratedHedge,
    /// An attribution stated as bare fact, with no estimative term and not as reporting.
    BareAttribution,
    /// A judgment whose likelihood or confidence nobody has stated (imported without it).
    EstimateNotStated,
    /// A source or a citation nobody has graded.
    GradeNotStated,
    /// A judgment cites sources that relay one another or the same original.
    CircularReporting,
    /// A moderate- or high-confidence attribution resting on one line of evidence.
    SingleLineOfEvidence,
}

impl Rule {
    /// A short name of the rule, as shown in the checks panel and by `casebook check`.
    pub fn code(self) -> &'static str {
        match self {
            Rule::NoCitation => "no-citation",
            Rule::WeakSourcesOnly => "weak-sources-only",
            Rule::SingleSource => "single-source",
            Rule::HighConfidenceThinSourcing => "high-confidence-thin-sourcing",
            Rule::LikelihoodWithConfidence => "likelihood-with-confidence",
            Rule::MixedTermRows => "mixed-term-rows",
            Rule::WordingContradictsLikelihood => "wording-contradicts-likelihood",
            Rule::ChangeWithoutReason => "change-without-reason",
            Rule::UnusedSource => "unused-source",
            Rule::WordingContradictsConfidence => "wording-contradicts-confidence",
            Rule::UncalibratedHedge => "uncalibrated-hedge",
            Rule::BareAttribution => "bare-attribution",
            Rule::EstimateNotStated => "estimate-not-stated",
            Rule::GradeNotStated => "grade-not-stated",
            Rule::CircularReporting => "circular-reporting",
            Rule::SingleLineOfEvidence => "single-line-of-evidence",
        }
    }
}

/// One problem: the rule, the object and field it concerns, and what is wrong in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// The object concerned; `None` for the case's own fields.
    pub object: Option<Id>,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(id) => write!(
                f,
                "[{}] {id} ({}): {}",
                self.rule.code(),
                self.field,
                self.message
            ),
            None => write!(
                f,
                "[{}] case ({}): {}",
                self.rule.code(),
                self.field,
                self.message
            ),
        }
    }
}

impl Finding {
    /// Whether `dismissal` waives this finding: the same rule, object and field, and the same
    /// words (a finding that reads otherwise now is raised again).
    pub fn is_waived_by(&self, dismissal: &Dismissal) -> bool {
        dismissal.rule == self.rule.code()
            && dismissal.object == self.object
            && dismissal.field == self.field
            && dismissal.finding == self.message
    }

    /// The dismissal of this finding, for `reason`, by `by`, at `at`.
    pub fn dismissed(
        &self,
        reason: &str,
        by: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Dismissal {
        Dismissal {
            rule: self.rule.code().to_owned(),
            object: self.object.clone(),
            field: self.field.to_owned(),
            finding: self.message.clone(),
            reason: reason.trim().to_owned(),
            by: by.trim().to_owned(),
            at,
            extra: Default::default(),
        }
    }
}

/// A case's findings sorted against its dismissals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sorted {
    /// Findings nobody dismissed.
    pub open: Vec<Finding>,
    /// Findings dismissed, each with its dismissal.
    pub dismissed: Vec<(Finding, Dismissal)>,
    /// Dismissals that waive no finding now (the case changed so that it is no longer raised,
    /// or reads otherwise).
    pub stale: Vec<Dismissal>,
}

/// Sorts `findings` against `dismissals`.
pub fn sort_findings(findings: Vec<Finding>, dismissals: &[Dismissal]) -> Sorted {
    let mut sorted = Sorted::default();
    let mut used = vec![false; dismissals.len()];
    for finding in findings {
        match dismissals.iter().position(|d| finding.is_waived_by(d)) {
            Some(i) => {
                used[i] = true;
                sorted.dismissed.push((finding, dismissals[i].clone()));
            }
            None => sorted.open.push(finding),
        }
    }
    sorted.stale = dismissals
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(d, _)| d.clone())
        .collect();
    sorted
}

/// The findings of a case sorted against the case's own dismissals.
pub fn review_sorted(case: &Case) -> Sorted {
    sort_findings(review(case), &case.dismissals)
}

/// Whether a cited item is too weak to rest a judgment on: an unreliable source (E), one whose
/// reliability cannot be judged (F) or was never graded, or information graded improbable (5),
/// unjudgeable (6) or not graded.
pub fn is_weak(reliability: Option<Reliability>, credibility: Option<Credibility>) -> bool {
    let (reliability, credibility) = AdmiraltyGrade {
        reliability,
        credibility,
    }
    .weighed();
    matches!(reliability, Reliability::E | Reliability::F)
        || matches!(
            credibility,
            Credibility::Improbable | Credibility::CannotBeJudged
        )
}

/// Every finding in the case, judgments first, then wording, then sources.
pub fn review(case: &Case) -> Vec<Finding> {
    let mut findings = Vec::new();
    let sources: HashMap<&Id, &Source> = case.sources.iter().map(|s| (&s.id, s)).collect();
    let mut supporting: HashMap<&Id, Vec<&Citation>> = HashMap::default();
    let mut about: HashMap<&Id, usize> = HashMap::default();
    for c in &case.citations {
        if c.cites.as_str().starts_with("judgment--") {
            match c.stance {
                Stance::Supports => supporting.entry(&c.cites).or_default().push(c),
                Stance::About => *about.entry(&c.cites).or_default() += 1,
                Stance::Contradicts => {}
            }
        }
    }
    for judgment in &case.judgments {
        let support = supporting.get(&judgment.id).map_or(&[][..], Vec::as_slice);
        let about = about.get(&judgment.id).copied().unwrap_or(0);
        check_sourcing(&sources, judgment, support, about, &mut findings);
        check_revisions(judgment, &mut findings);
        check_estimate_stated(judgment, &mut findings);
    }
    check_wording(case, &mut findings);
    for citation in case.citations.iter().filter(|c| c.credibility.is_none()) {
        findings.push(Finding {
            rule: Rule::GradeNotStated,
            object: Some(citation.id.clone()),
            field: "credibility",
            message: "nobody has graded the credibility of this information (1–6); it is weighed as 6, truth cannot be judged".into(),
        });
    }
    let cited: HashSet<&Id> = case.citations.iter().map(|c| &c.source).collect();
    for source in &case.sources {
        if source.reliability.is_none() {
            findings.push(Finding {
                rule: Rule::GradeNotStated,
                object: Some(source.id.clone()),
                field: "reliability",
                message: format!(
                    "nobody has graded the reliability of source \"{}\" (A–F); it is weighed as F, reliability cannot be judged",
                    source.title
                ),
            });
        }
        if !cited.contains(&source.id) {
            findings.push(Finding {
                rule: Rule::UnusedSource,
                object: Some(source.id.clone()),
                field: "id",
                message: format!("source \"{}\" is cited nowhere", source.title),
            });
        }
    }
    findings
}

fn check_sourcing(
    sources: &HashMap<&Id, &Source>,
    j: &Judgment,
    support: &[&Citation],
    about: usize,
    out: &mut Vec<Finding>,
) {
    let finding = |rule, message: String| Finding {
        rule,
        object: Some(j.id.clone()),
        field: "citations",
        message,
    };
    let what = if j.is_claim() { "claim" } else { "judgment" };
    if support.is_empty() {
        let message = match about {
            0 => format!("{what} cites no supporting source"),
            n => format!(
                "{what} cites no supporting source; {n} citation{} about it state{} no stance: choose whether each supports or contradicts it",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
            ),
        };
        out.push(finding(Rule::NoCitation, message));
        return;
    }
    let grades: Vec<String> = support
        .iter()
        .filter_map(|c| {
            let s = sources.get(&c.source)?;
            Some(
                AdmiraltyGrade {
                    reliability: s.reliability,
                    credibility: c.credibility,
                }
                .to_string(),
            )
        })
        .collect();
    let all_weak = support.iter().all(|c| {
        sources
            .get(&c.source)
            .is_none_or(|s| is_weak(s.reliability, c.credibility))
    });
    if all_weak {
        out.push(finding(
            Rule::WeakSourcesOnly,
            format!(
                "{what} rests only on E/F sources or 5/6 information, or on grades nobody stated ({})",
                grades.join(", ")
            ),
        ));
    }
    if j.is_claim() {
        // A claim is what one party says: one source for it is normal.
        return;
    }
    let title = |id: &Id| {
        sources
            .get(id)
            .map_or(id.as_str().to_owned(), |s| s.title.clone())
    };
    let groups = independent_groups(sources, support, false);
    for group in groups.iter().filter(|g| g.len() > 1) {
        out.push(finding(
            Rule::CircularReporting,
            format!(
                "{}; they count as one source",
                relay_words(sources, group, &title)
            ),
        ));
    }
    if groups.len() == 1 {
        let group = &groups[0];
        let message = match &group[..] {
            [only] => format!(
                "single-source attribution: every supporting citation is from \"{}\"",
                title(only)
            ),
            _ => format!(
                "single-source attribution: every supporting citation traces back to one source ({})",
                relay_words(sources, group, &title)
            ),
        };
        out.push(finding(Rule::SingleSource, message));
    }
    if j.confidence == Some(Confidence::High) {
        let independent = independent_groups(sources, support, true).len();
        if independent < 2 {
            out.push(finding(
                Rule::HighConfidenceThinSourcing,
                format!(
                    "high confidence rests on {independent} independent source{} (sources from one publisher, and sources that relay one another, count once); high confidence needs at least two",
                    if independent == 1 { "" } else { "s" }
                ),
            ));
        }
    }
    if let Some(confidence) = j
        .confidence
        .filter(|c| matches!(c, Confidence::Moderate | Confidence::High))
    {
        let lines: HashSet<EvidenceLine> = support
            .iter()
            .filter_map(|c| Some(c.line.unwrap_or(sources.get(&c.source)?.kind.line())))
            .collect();
        if let [line] = lines.into_iter().collect::<Vec<_>>()[..] {
            let missing: Vec<&str> = EvidenceLine::ALL
                .iter()
                .filter(|l| **l != line)
                .map(|l| l.label())
                .collect();
            out.push(finding(
                Rule::SingleLineOfEvidence,
                format!(
                    "{} confidence rests on one line of evidence, {} ({} citation{}); independent lines are needed: add {}, or lower the confidence",
                    confidence.label(),
                    line.label(),
                    support.len(),
                    if support.len() == 1 { "" } else { "s" },
                    or_list(&missing)
                ),
            ));
        }
    }
}

/// "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A source with the sources it relays, and theirs ("as AP relayed it"): two sources whose
/// lineages meet are not independent.
fn lineage<'a>(sources: &HashMap<&Id, &'a Source>, id: &'a Id) -> HashSet<&'a Id> {
    let mut seen = HashSet::default();
    seen.insert(id);
    let mut todo = vec![id];
    while let Some(next) = todo.pop() {
        for original in sources.get(next).map_or(&[][..], |s| &s.derived_from[..]) {
            if seen.insert(original) {
                todo.push(original);
            }
        }
    }
    seen
}

/// The cited sources of a judgment's support, grouped so that each group is one independent
/// source: sources that relay one another or the same original share a group, and, with
/// `by_publisher`, so do sources from one publisher. Groups and members in citation order.
fn independent_groups<'a>(
    sources: &HashMap<&Id, &'a Source>,
    support: &[&'a Citation],
    by_publisher: bool,
) -> Vec<Vec<&'a Id>> {
    /// What makes two sources one: a source in both lineages, or one publisher.
    #[derive(PartialEq, Eq, Hash)]
    enum Shared<'a> {
        Source(&'a Id),
        Publisher(String),
    }
    let mut groups: Vec<(HashSet<Shared<'a>>, Vec<&'a Id>)> = Vec::new();
    for c in support {
        if groups
            .iter()
            .any(|(_, members)| members.contains(&&c.source))
        {
            continue;
        }
        let mut keys: HashSet<Shared<'a>> = lineage(sources, &c.source)
            .into_iter()
            .map(Shared::Source)
            .collect();
        if by_publisher
            && let Some(s) = sources
                .get(&c.source)
                .filter(|s| !s.publisher.trim().is_empty())
        {
            keys.insert(Shared::Publisher(s.publisher.trim().to_lowercase()));
        }
        let mut members = vec![&c.source];
        let mut at = 0;
        while at < groups.len() {
            if groups[at].0.is_disjoint(&keys) {
                at += 1;
            } else {
                let (their_keys, their_members) = groups.remove(at);
                keys.extend(their_keys);
                members.splice(0..0, their_members);
            }
        }
        groups.push((keys, members));
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// How the sources of one group depend on one another: "\"AP\" relays \"Local media\"", or
/// "\"A\" and \"B\" relay the same original".
fn relay_words(
    sources: &HashMap<&Id, &Source>,
    group: &[&Id],
    title: &dyn Fn(&Id) -> String,
) -> String {
    let mut parts = Vec::new();
    for a in group {
        let originals = lineage(sources, a);
        let relayed: Vec<String> = group
            .iter()
            .filter(|b| *b != a && originals.contains(**b))
            .map(|b| format!("\"{}\"", title(b)))
            .collect();
        if !relayed.is_empty() {
            parts.push(format!("\"{}\" relays {}", title(a), relayed.join(" and ")));
        }
    }
    if parts.is_empty() {
        let names: Vec<String> = group
            .iter()
            .map(|id| format!("\"{}\"", title(id)))
            .collect();
        format!("{} relay the same original", names.join(" and "))
    } else {
        parts.join("; ")
    }
}

fn check_revisions(j: &Judgment, out: &mut Vec<Finding>) {
    for revision in &j.revisions {
        if revision.reason.trim().is_empty() {
            out.push(Finding {
                rule: Rule::ChangeWithoutReason,
                object: Some(j.id.clone()),
                field: "revisions",
                message: format!(
                    "the change of {} from {} to {} has no recorded reason",
                    revision.at.format("%Y-%m-%d"),
                    estimate_words(revision.previous_likelihood, revision.previous_confidence),
                    estimate_words(revision.likelihood, revision.confidence)
                ),
            });
        }
    }
}

fn check_estimate_stated(j: &Judgment, out: &mut Vec<Finding>) {
    let what = if j.is_claim() { "claim" } else { "judgment" };
    for (missing, field, scale) in [
        (
            j.likelihood.is_none(),
            "likelihood",
            "an ICD 203 likelihood",
        ),
        (j.confidence.is_none(), "confidence", "a confidence level"),
    ] {
        if missing {
            out.push(Finding {
                rule: Rule::EstimateNotStated,
                object: Some(j.id.clone()),
                field,
                message: format!("the {what}'s {field} is not stated; choose {scale}"),
            });
        }
    }
}

/// The analyst's own free text: the case summary, the rationales of judgments (not claims,
/// which report a party's words) and the notes of analyses.
/// One analyst text: the object it belongs to (and the judgment, for a rationale), its field,
/// and the text.
type AnalystText<'a> = (Option<&'a Id>, Option<&'a Judgment>, &'static str, &'a str);

fn analyst_texts(case: &Case) -> Vec<AnalystText<'_>> {
    let mut texts = vec![(None, None, "summary", case.summary.as_str())];
    for j in case.judgments.iter().filter(|j| !j.is_claim()) {
        texts.push((Some(&j.id), Some(j), "rationale", j.rationale.as_str()));
    }
    for a in &case.analyses {
        texts.push((Some(&a.id), None, "notes", a.notes.as_str()));
    }
    texts
}

/// The names by which a text may say who did it: each threat group's, persona's, agency's
/// and state's name and aliases, and for a state its country's name and capital ("Moscow").
fn responsible_names(case: &Case) -> ActorNames {
    use crate::model::ActorKind;
    // Only names whose first word a sentence stating a deed uses can be found there: the rest
    // of a large case's names are never indexed.
    let mut vocabulary = std::collections::HashSet::new();
    for (_, _, field, text) in analyst_texts(case) {
        if field != "notes" {
            wording::words_of_deed_sentences(text, &mut vocabulary);
        }
    }
    let mut names = ActorNames::default();
    if vocabulary.is_empty() {
        return names;
    }
    let mut add = |name: &str| {
        if wording::first_name_word(name).is_some_and(|w| vocabulary.contains(&w)) {
            names.add(name);
        }
    };
    for actor in &case.actors {
        if !matches!(
            actor.kind,
            ActorKind::ThreatGroup | ActorKind::Persona | ActorKind::Agency | ActorKind::State
        ) {
            continue;
        }
        add(&actor.name);
        for alias in &actor.aliases {
            add(alias);
        }
        if actor.kind == ActorKind::State
            && let Some(country) = crate::reference::country_of_state(&actor.country, &actor.name)
        {
            add(country.name);
            add(country.capital);
        }
    }
    names
}

fn check_wording(case: &Case, out: &mut Vec<Finding>) {
    // Built only if some sentence states a deed (see `bare_attribution`).
    let names_cell = std::cell::OnceCell::new();
    let names = || names_cell.get_or_init(|| responsible_names(case));
    // Looked up only for rationales that state an estimate.
    let actors_cell = std::cell::OnceCell::new();
    let actors = || {
        actors_cell.get_or_init(|| {
            // Only the actors judgments name: a large case has many more.
            let named: HashSet<&Id> = case.judgments.iter().map(|j| &j.actor).collect();
            case.actors
                .iter()
                .filter(|a| named.contains(&a.id))
                .map(|a| (&a.id, a))
                .collect::<HashMap<&Id, &crate::model::Actor>>()
        })
    };
    let actor_names_of = |j: &Judgment| -> Vec<String> {
        actors()
            .get(&j.actor)
            .map(|a| {
                std::iter::once(&a.name)
                    .chain(&a.aliases)
                    .map(|n| wording::name_key(n))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut first_row: Vec<(Option<&Id>, &'static str, &'static str)> = Vec::new();
    let mut second_row: Vec<(Option<&Id>, &'static str, &'static str)> = Vec::new();
    for (id, judgment, field, text) in analyst_texts(case) {
        if text.is_empty() {
            continue;
        }
        let terms = likelihood_terms(text);
        // Hedges and bare statements only in the judgments' own words (the summary and the
        // rationales), not in an analysis's notes, which weigh hypotheses.
        for (rule, message) in sentence_findings(text, &terms, &names, field != "notes") {
            out.push(Finding {
                rule,
                object: id.cloned(),
                field,
                message,
            });
        }
        if let Some((j, recorded)) = judgment
            .filter(|_| !terms.is_empty())
            .and_then(|j| Some((j, j.likelihood?)))
        {
            let actor_names = actor_names_of(j);
            let mut reported = HashSet::default();
            for (term, clause) in wording::terms_stating_the_judgment(text, &actor_names) {
                if term.likelihood != recorded && reported.insert(term.term) {
                    out.push(Finding {
                        rule: Rule::WordingContradictsLikelihood,
                        object: Some(j.id.clone()),
                        field,
                        message: format!(
                            "says \"{}\" ({}) but the judgment records \"{}\" ({}): \"{}\"; reword it, or change the recorded likelihood",
                            term.term,
                            term.likelihood.meaning(),
                            recorded.label(),
                            recorded.meaning(),
                            clip(&clause)
                        ),
                    });
                }
            }
        }
        if let Some((j, recorded)) = judgment
            .filter(|_| text.contains("onfiden"))
            .and_then(|j| Some((j, j.confidence?)))
        {
            let mut reported = HashSet::default();
            for (stated, words, clause) in
                wording::confidence_stating_the_judgment(text, &actor_names_of(j))
            {
                if stated != recorded && reported.insert(words.clone()) {
                    out.push(Finding {
                        rule: Rule::WordingContradictsConfidence,
                        object: Some(j.id.clone()),
                        field,
                        message: format!(
                            "says \"{words}\" but the judgment records {} confidence: \"{}\"; reword it, or change the recorded confidence",
                            recorded.label(),
                            clip(&clause)
                        ),
                    });
                }
            }
        }
        for term in terms {
            let list = match term.row {
                TermRow::First => &mut first_row,
                TermRow::Second => &mut second_row,
            };
            list.push((id, field, term.term));
        }
    }
    if !first_row.is_empty() && !second_row.is_empty() {
        // Point at the less used row: that is where the wording should change.
        let (minority, majority) = if second_row.len() <= first_row.len() {
            (&second_row, &first_row)
        } else {
            (&first_row, &second_row)
        };
        let (id, field, term) = minority[0];
        out.push(Finding {
            rule: Rule::MixedTermRows,
            object: id.cloned(),
            field,
            message: mixed_rows_message(term, minority.len(), majority[0].2, majority.len()),
        });
    }
}

/// The findings of a text's sentences that need no judgment to compare with: a likelihood
/// and a confidence in one sentence, and, in prose that states judgments (`prose`), hedges
/// with no calibrated meaning and attributions stated as bare fact.
fn sentence_findings<'a>(
    text: &str,
    terms: &[wording::TermUse],
    names: &dyn Fn() -> &'a ActorNames,
    prose: bool,
) -> Vec<(Rule, String)> {
    let mut out = Vec::new();
    for (_, sentence) in mixed_sentences(text, terms) {
        out.push((
            Rule::LikelihoodWithConfidence,
            format!(
                "puts a likelihood and a confidence level in one sentence: \"{}\"; state them in separate sentences",
                clip(&sentence)
            ),
        ));
    }
    if !prose {
        return out;
    }
    for (index, sentence) in sentences(text).into_iter().enumerate() {
        if let Some((actor, deed)) = bare_attribution(sentence, names) {
            out.push((
                Rule::BareAttribution,
                format!(
                    "states who did it as a fact (\"{actor}\" … \"{deed}\"): \"{}\"; give it an estimative term (\"We assess it is likely that …\") or say whose claim it is",
                    clip(sentence)
                ),
            ));
        }
        let states_likelihood = terms.iter().any(|t| t.sentence == index);
        if let Some(first) =
            wording::uncalibrated_hedges_of(&wording::words(sentence), states_likelihood).first()
        {
            out.push((
                Rule::UncalibratedHedge,
                format!(
                    "hedges with \"{first}\", which has no calibrated meaning: \"{}\"; say how likely in ICD 203 terms (almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain)",
                    clip(sentence)
                ),
            ));
        }
    }
    out
}

fn mixed_rows_message(term: &str, uses: usize, other: &str, other_uses: usize) -> String {
    format!(
        "the text mixes the two rows of the ICD 203 table: \"{term}\" ({uses} use{} of that row) with \"{other}\" ({other_uses} of the other); use one row throughout",
        if uses == 1 { "" } else { "s" },
    )
}

/// One finding in plain prose, by its line (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextFinding {
    pub line: usize,
    pub rule: Rule,
    pub message: String,
}

impl fmt::Display for TextFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: [{}] {}",
            self.line,
            self.rule.code(),
            self.message
        )
    }
}

/// The wording checks of briefing prose outside a case (`casebook check --text`): a likelihood
/// and a confidence in one sentence, hedges with no calibrated meaning, attributions stated as
/// fact (naming a state by its name or capital: with no case, the country table is all
/// Casebook knows of who might be named), and the two rows of terms mixed.
pub fn review_text(text: &str) -> Vec<TextFinding> {
    review_text_with(text, &ActorNames::of_countries())
}

/// As [`review_text`], with the names of possible culprits given (a case's groups and states,
/// a reference library's).
pub fn review_text_with(text: &str, names: &ActorNames) -> Vec<TextFinding> {
    let mut out = Vec::new();
    let mut rows: [Vec<(usize, &'static str)>; 2] = [Vec::new(), Vec::new()];
    for (i, line) in text.lines().enumerate() {
        let terms = likelihood_terms(line);
        for (rule, message) in sentence_findings(line, &terms, &|| names, true) {
            out.push(TextFinding {
                line: i + 1,
                rule,
                message,
            });
        }
        for term in terms {
            rows[usize::from(term.row == TermRow::Second)].push((i + 1, term.term));
        }
    }
    if rows.iter().all(|r| !r.is_empty()) {
        let (minority, majority) = if rows[1].len() <= rows[0].len() {
            (&rows[1], &rows[0])
        } else {
            (&rows[0], &rows[1])
        };
        out.push(TextFinding {
            line: minority[0].0,
            rule: Rule::MixedTermRows,
            message: mixed_rows_message(
                minority[0].1,
                minority.len(),
                majority[0].1,
                majority.len(),
            ),
        });
    }
    out.sort_by_key(|f| f.line);
    out
}

/// A sentence shortened for a message.
fn clip(text: &str) -> String {
    const MAX: usize = 140;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests;
