//! A briefing's data built from the case and the analyst's choices: the judgments worded in
//! ICD 203 terms, sources numbered in the order the judgments cite them, the figures drawn from
//! the same geometry as the screen, and every piece of case text made inert.

use super::changes::changes;
use super::text::{TextGuard, human_date, human_day};
use super::{
    AchHypothesis, AchSummary, ActorLine, Briefing, BriefingOptions, Chain, ChainLink, CitationRef,
    EvidenceGroup, EvidenceItem, Figure, KeyJudgment, Methodology, OverlapRow, OverlapTable,
    Section, Shown, SourceLine, TechnicalRow,
};
use crate::figure::map::{MapFigure, MapFilter, positions};
use crate::figure::svg::{map_svg, timeline_svg};
use crate::figure::timeline::{LaneMode, TimelineFigure};

/// The most lanes a briefing's timeline has with a lane per actor.
const MAX_ACTOR_LANES: usize = 30;
use crate::model::{Case, CaseObject, Id, Judgment, JudgmentStatus, Source, shareable_at};
use crate::tradecraft::{Confidence, Credibility, Likelihood, Reliability, Stated};
use std::collections::{HashMap, HashSet};

/// Whether an address may be a link in a briefing: http(s) or mailto, nothing that could
/// break out of an attribute or hide itself.
pub fn is_linkable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && url.len() <= 2048
        && !url.chars().any(|c| {
            c.is_whitespace()
                || crate::text::is_hidden_or_reordering(c)
                || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
        })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Numbers sources in the order they are first cited.
struct SourceNumbers<'a> {
    numbers: HashMap<&'a Id, usize>,
    order: Vec<&'a Id>,
}

impl<'a> SourceNumbers<'a> {
    fn number(&mut self, source: &'a Id) -> usize {
        if let Some(n) = self.numbers.get(source) {
            return *n;
        }
        self.order.push(source);
        let n = self.order.len();
        self.numbers.insert(source, n);
        n
    }
}

struct Builder<'a> {
    case: &'a Case,
    guard: TextGuard,
    sources: SourceNumbers<'a>,
}

impl<'a> Builder<'a> {
    fn name(&mut self, id: &Id) -> String {
        let case = self.case;
        match case.object(id) {
            Some(CaseObject::Actor(a)) => self.guard.line(&a.name, || format!("{id} (name)")),
            Some(CaseObject::Event(e)) => {
                let title = self.guard.line(&e.title, || format!("{id} (title)"));
                format!("“{title}” ({})", human_date(e.start))
            }
            _ => self.guard.line(&case.display_name(id), || id.to_string()),
        }
    }

    /// "was responsible for “…” (25 December 2023)" or, for an actor, "is responsible for the
    /// activity of …".
    fn responsibility(&mut self, judgment: &Judgment) -> String {
        let subject = self.name(&judgment.subject);
        if judgment.subject.kind() == Some(crate::model::ObjectKind::Actor) {
            format!("is responsible for the activity of {subject}")
        } else {
            format!("was responsible for {subject}")
        }
    }

    fn key_judgment(&mut self, judgment: &'a Judgment, number: String) -> KeyJudgment {
        let actor = self.name(&judgment.actor);
        let what = self.responsibility(judgment);
        let (statement, confidence) = match &judgment.claimed_by {
            None => (
                match judgment.likelihood {
                    Some(likelihood) => {
                        let (low, high) = likelihood.probability_percent();
                        format!(
                            "We assess that it is {} ({low}–{high}%) that {actor} {what}.",
                            likelihood.label()
                        )
                    }
                    None => format!(
                        "We judge that {actor} {what}; the likelihood of this judgment is not stated."
                    ),
                },
                match judgment.confidence {
                    Some(confidence) => format!(
                        "We have {} confidence in this judgment: {}.",
                        confidence.label(),
                        lower_first(confidence.meaning())
                    ),
                    None => "Our confidence in this judgment is not stated.".to_owned(),
                },
            ),
            Some(claimant) => {
                let claimant = self.name(claimant);
                (
                    match judgment.likelihood {
                        Some(likelihood) => format!(
                            "{claimant} claims that {actor} {what}. The claim presents this as {}.",
                            likelihood.label()
                        ),
                        None => format!(
                            "{claimant} claims that {actor} {what}. The claim states no likelihood."
                        ),
                    },
                    match judgment.confidence {
                        Some(confidence) => format!(
                            "The claimant's stated confidence is {}.",
                            confidence.label()
                        ),
                        None => "The claimant states no confidence.".to_owned(),
                    },
                )
            }
        };
        let status = if judgment.status == JudgmentStatus::Assessed {
            String::new()
        } else {
            format!(
                "{}: {}.",
                capitalised(judgment.status.label()),
                lower_first(judgment.status.meaning())
            )
        };
        let id = &judgment.id;
        let rationale = self
            .guard
            .paragraphs(&judgment.rationale, || format!("{id} (rationale)"));
        let case = self.case;
        let citations = case
            .citations_of(&judgment.id)
            .filter_map(|c| {
                let grade = case.grade(c)?;
                Some(CitationRef {
                    n: self.sources.number(&c.source),
                    grade: grade.to_string(),
                    contradicts: c.stance == crate::model::Stance::Contradicts,
                })
            })
            .collect();
        KeyJudgment {
            number,
            id: judgment.id.to_string(),
            statement,
            confidence,
            level: format!("{} attribution", capitalised(judgment.level.label())),
            status,
            rationale,
            citations,
        }
    }

    fn evidence(&mut self, judgment: &'a Judgment, number: &str) -> EvidenceGroup {
        let case = self.case;
        let mut items = Vec::new();
        for citation in case.citations_of(&judgment.id) {
            let (Some(grade), Some(source)) = (case.grade(citation), case.source(&citation.source))
            else {
                continue;
            };
            let cid = &citation.id;
            items.push(EvidenceItem {
                n: self.sources.number(&citation.source),
                grade: grade.to_string(),
                stance: citation.stance.label().to_owned(),
                source: self
                    .guard
                    .line(&source.title, || format!("{} (title)", source.id)),
                quote: self
                    .guard
                    .line(&citation.quote, || format!("{cid} (quote)")),
                locator: self
                    .guard
                    .line(&citation.locator, || format!("{cid} (locator)")),
            });
        }
        let actor = self.name(&judgment.actor);
        let subject = self.name(&judgment.subject);
        let heading = match &judgment.claimed_by {
            None => format!("Judgment {number}: {actor} for {subject}"),
            Some(claimant) => {
                let claimant = self.name(claimant);
                format!("Claim {number}: {claimant} names {actor} for {subject}")
            }
        };
        EvidenceGroup {
            number: number.to_owned(),
            heading,
            items,
            technical: self.technical_rows(&judgment.subject),
        }
    }

    /// The technical evidence of an event, with its sources numbered as the judgments': a row
    /// for each technique, piece of software, infrastructure and vulnerability, and one for
    /// all its indicators (a case may hold thousands; the STIX export carries them).
    fn technical_rows(&mut self, subject: &Id) -> Vec<TechnicalRow> {
        let case = self.case;
        let Some(event) = case.event(subject) else {
            return Vec::new();
        };
        let listed: HashSet<&Id> = event.technical.iter().collect();
        let mut cited: HashMap<&Id, Vec<&crate::model::Citation>> = HashMap::new();
        for c in case.citations.iter().filter(|c| listed.contains(&c.cites)) {
            cited.entry(&c.cites).or_default().push(c);
        }
        let by_id: HashMap<&Id, &crate::model::Technical> =
            case.technical.iter().map(|t| (&t.id, t)).collect();
        let mut rows = Vec::new();
        let mut indicators = 0usize;
        for t in event
            .technical
            .iter()
            .filter_map(|id| by_id.get(id).copied())
        {
            if t.kind == crate::model::TechnicalKind::Indicator {
                indicators += 1;
                continue;
            }
            let mut sources = Vec::new();
            for citation in cited.get(&t.id).into_iter().flatten() {
                if let Some(grade) = case.grade(citation) {
                    let n = self.sources.number(&citation.source);
                    sources.push(format!("[{n}] {grade}"));
                }
            }
            rows.push(TechnicalRow {
                kind: t.kind.label().to_owned(),
                name: self.guard.line(&t.name, || format!("{} (name)", t.id)),
                external_id: self
                    .guard
                    .line(&t.external_id, || format!("{} (external id)", t.id)),
                sources: sources.join(", "),
            });
        }
        if indicators > 0 {
            rows.push(TechnicalRow {
                kind: "indicators".into(),
                name: crate::text::counted(indicators, "indicator", "indicators"),
                external_id: String::new(),
                sources: "listed in the case and its STIX export".into(),
            });
        }
        rows
    }

    /// The known groups ranked against each event the judgments are about.
    fn overlap_tables(
        &mut self,
        judgments: &[&Judgment],
        library: &crate::attack::Library,
    ) -> Vec<OverlapTable> {
        use crate::attack::overlap::{Line, OverlapIndex, evidence_of};
        let case = self.case;
        let index = OverlapIndex::new(library);
        let mut seen = HashSet::new();
        let mut tables = Vec::new();
        for j in judgments {
            if j.subject.kind() != Some(crate::model::ObjectKind::Event) || !seen.insert(&j.subject)
            {
                continue;
            }
            let evidence = evidence_of(case, Some(&j.subject), library);
            if evidence.is_empty() {
                continue;
            }
            let rows = index
                .rank(&evidence, 5)
                .into_iter()
                .map(|r| {
                    let group = &library.groups[r.group];
                    let shared: Vec<String> = r
                        .shared
                        .iter()
                        .map(|s| match s.line {
                            Line::Infrastructure => format!("{} +{:.3}", s.name, s.part),
                            _ => format!("{} {} +{:.3}", s.key, s.name, s.part),
                        })
                        .collect();
                    OverlapRow {
                        rank: r.rank.to_string(),
                        group: self
                            .guard
                            .line(&group.title(), || "the reference library".into()),
                        score: format!("{:.3}", r.score),
                        shared: self
                            .guard
                            .line(&shared.join("; "), || "the reference library".into()),
                    }
                })
                .collect();
            tables.push(OverlapTable {
                event: self.name(&j.subject),
                basis: format!(
                    "{} techniques, {} software and {} infrastructure against {} groups ({}).",
                    evidence.count(Line::Technique),
                    evidence.count(Line::Software),
                    evidence.count(Line::Infrastructure),
                    index.population(),
                    library
                        .origins
                        .iter()
                        .map(|o| format!("{} {}", o.name, o.version))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                rows,
            });
        }
        tables
    }

    fn source_line(&mut self, n: usize, source: &Source, cited: bool) -> SourceLine {
        let id = &source.id;
        let url = if is_linkable(&source.url) {
            source.url.clone()
        } else {
            String::new()
        };
        SourceLine {
            n,
            title: self.guard.line(&source.title, || format!("{id} (title)")),
            publisher: self
                .guard
                .line(&source.publisher, || format!("{id} (publisher)")),
            author: self.guard.line(&source.author, || format!("{id} (author)")),
            kind: source.kind.label().to_owned(),
            reliability: source.reliability.code_or_not_stated().to_owned(),
            reliability_meaning: source
                .reliability
                .map_or("nobody has graded this source", Reliability::meaning)
                .to_owned(),
            published: source.published.map(human_date).unwrap_or_default(),
            accessed: source.accessed.map(human_date).unwrap_or_default(),
            url,
            cited,
            relays: self.relays(source),
        }
    }

    /// "Relays [2], [5]." for the listed sources a source relays (every source of the case at
    /// the label is numbered by now).
    fn relays(&self, source: &Source) -> String {
        let mut numbers: Vec<usize> = source
            .derived_from
            .iter()
            .filter_map(|id| self.sources.numbers.get(id).copied())
            .collect();
        numbers.sort_unstable();
        if numbers.is_empty() {
            return String::new();
        }
        let list: Vec<String> = numbers.iter().map(|n| format!("[{n}]")).collect();
        format!("Relays {}.", list.join(", "))
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().collect::<String>() + chars.as_str()
    })
}

/// Builds the briefing from what may be shared at its label (see [`shareable_at`]): whatever
/// is marked stricter than `options.tlp`, and whatever would reveal it, is not in it.
/// Judgments named in `options` that are not in the case, or are left out at the label, are
/// left out.
pub fn build(case: &Case, options: &BriefingOptions) -> Briefing {
    let shareable = shareable_at(case, options.tlp);
    if options.title == case.title && shareable.case.title != case.title {
        // The case's title is marked stricter than the briefing: a title the analyst typed
        // for this briefing is theirs to choose, the case's own is not shown.
        let mut options = options.clone();
        options.title = shareable.case.title.clone();
        return build_shareable(&shareable.case, &options);
    }
    build_shareable(&shareable.case, options)
}

/// Builds the briefing from a case already cut to the briefing's label.
fn build_shareable(case: &Case, options: &BriefingOptions) -> Briefing {
    let mut b = Builder {
        case,
        guard: TextGuard::default(),
        sources: SourceNumbers {
            numbers: HashMap::new(),
            order: Vec::new(),
        },
    };
    let chosen: HashSet<&Id> = options.judgments.iter().collect();
    let selected: Vec<&Judgment> = case
        .judgments
        .iter()
        .filter(|j| chosen.contains(&j.id))
        .collect();
    let analyst: Vec<&Judgment> = selected.iter().copied().filter(|j| !j.is_claim()).collect();
    let claims: Vec<&Judgment> = if options.has(Section::Claims) {
        selected.iter().copied().filter(|j| j.is_claim()).collect()
    } else {
        Vec::new()
    };

    let mut out = Briefing {
        title: b
            .guard
            .line(&options.title, || "the briefing's title".into()),
        tlp: options.tlp.label().to_owned(),
        tlp_sharing: options.tlp.meaning().to_owned(),
        tlp_colour: options.tlp.colour_hex().to_owned(),
        date: human_day(options.at),
        show: Shown {
            claims: options.has(Section::Claims),
            chain: options.has(Section::Chain),
            map: options.has(Section::Map),
            timeline: options.has(Section::Timeline),
            actors: options.has(Section::Actors),
            evidence: options.has(Section::Evidence),
            ach: options.has(Section::Ach),
            sources: options.has(Section::Sources),
            methodology: options.has(Section::Methodology),
            changes: options.has(Section::Changes),
            overlap: options.has(Section::Overlap),
        },
        ..Briefing::default()
    };
    out.analysts = case
        .analysts
        .iter()
        .map(|a| b.guard.line(a, || "the case's analysts".into()))
        .collect::<Vec<_>>()
        .join(", ");
    out.summary = b
        .guard
        .paragraphs(&case.summary, || "the case summary".into());

    let numbered: Vec<(&Judgment, String)> = analyst
        .iter()
        .enumerate()
        .map(|(i, j)| (*j, (i + 1).to_string()))
        .chain(
            claims
                .iter()
                .enumerate()
                .map(|(i, j)| (*j, format!("C{}", i + 1))),
        )
        .collect();
    for (judgment, number) in &numbered {
        let line = b.key_judgment(judgment, number.clone());
        if judgment.is_claim() {
            out.claims.push(line);
        } else {
            out.key_judgments.push(line);
        }
    }
    if options.has(Section::Evidence) {
        for (judgment, number) in &numbered {
            out.evidence.push(b.evidence(judgment, number));
        }
    }

    if options.has(Section::Overlap) {
        out.overlap_caveat = crate::attack::overlap::CAVEAT.to_owned();
        if let Some(library) = &options.library {
            out.overlap = b.overlap_tables(&analyst, library);
        }
    }

    if options.has(Section::Chain) {
        let mut seen = HashSet::new();
        for judgment in &analyst {
            if judgment.subject.kind() != Some(crate::model::ObjectKind::Event)
                || !seen.insert(&judgment.subject)
            {
                continue;
            }
            let links: Vec<ChainLink> = case
                .attribution_chain(&judgment.subject)
                .into_iter()
                .map(|link| ChainLink {
                    to: b.name(&link.actor),
                    level: link.level.label().to_owned(),
                    likelihood: link.likelihood.label_or_not_stated().to_owned(),
                    confidence: link.confidence.label_or_not_stated().to_owned(),
                })
                .collect();
            if !links.is_empty() {
                out.chains.push(Chain {
                    start: b.name(&judgment.subject),
                    links,
                });
            }
        }
    }

    if options.has(Section::Map) && !case.actors.is_empty() {
        let figure = MapFigure::build(case, &positions(case), &MapFilter::default());
        out.map = Some(Figure {
            name: "map".into(),
            caption: format!(
                "Relationship map: {} actors and {} relationships. Shape and colour give the kind of actor; solid, dashed and dotted lines high, moderate and low confidence; dash-dot a disputed or denied link.",
                case.actors.len(),
                case.relationships.len()
            ),
            svg: map_svg(&figure, &out.title, options.tlp),
        });
    }
    if options.has(Section::Timeline) && !case.events.is_empty() {
        // A lane per actor reads well up to a page's worth of lanes; past that the figure
        // would be a thin strip, so a large case gets a lane per kind of event instead.
        let mut figure = TimelineFigure::build(case, LaneMode::ByActor, None);
        let mut lanes = "one lane per actor";
        if figure.lanes.len() > MAX_ACTOR_LANES {
            figure = TimelineFigure::build(case, LaneMode::ByKind, None);
            lanes = "one lane per kind of event";
        }
        out.timeline = Some(Figure {
            name: "timeline".into(),
            caption: format!(
                "Timeline: {} events, {lanes}. A bar spans an event with a duration or one known only to the month or year.",
                case.events.len()
            ),
            svg: timeline_svg(&figure, &out.title, options.tlp),
        });
    }

    if options.has(Section::Actors) {
        let mut involved: HashSet<&Id> = HashSet::new();
        // The events the judgments are about, once each, for the roles of their actors.
        let mut subjects: Vec<&crate::model::Event> = Vec::new();
        for judgment in &selected {
            if let Some(event) = case.event(&judgment.subject)
                && !subjects.iter().any(|e| e.id == event.id)
            {
                subjects.push(event);
            }
        }
        for judgment in &selected {
            involved.insert(&judgment.actor);
            involved.extend(judgment.claimed_by.as_ref());
            match case.event(&judgment.subject) {
                Some(event) => involved.extend(event.actors.iter()),
                None => {
                    involved.insert(&judgment.subject);
                }
            }
            for link in case.attribution_chain(&judgment.subject) {
                involved.insert(&link.actor);
            }
        }
        for actor in case.actors.iter().filter(|a| involved.contains(&a.id)) {
            let id = &actor.id;
            let line = ActorLine {
                name: b.guard.line(&actor.name, || format!("{id} (name)")),
                kind: actor.kind.label().to_owned(),
                aliases: actor
                    .aliases
                    .iter()
                    .map(|a| b.guard.line(a, || format!("{id} (aliases)")))
                    .collect::<Vec<_>>()
                    .join(", "),
                country: b.guard.line(&actor.country, || format!("{id} (country)")),
                description: b
                    .guard
                    .line(&actor.description, || format!("{id} (description)")),
                roles: subjects
                    .iter()
                    .filter_map(|event| {
                        let role = event.roles.get(id)?;
                        Some(format!(
                            "{} of “{}”",
                            role.label(),
                            b.guard
                                .line(&event.title, || format!("{} (title)", event.id))
                        ))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            out.actors.push(line);
        }
    }

    if options.has(Section::Ach) {
        let subjects: HashSet<&Id> = selected.iter().map(|j| &j.subject).collect();
        for analysis in case
            .analyses
            .iter()
            .filter(|a| subjects.contains(&a.subject))
        {
            let scores = analysis.score(case);
            let id = &analysis.id;
            let hypotheses: Vec<AchHypothesis> = analysis
                .hypotheses
                .iter()
                .enumerate()
                .map(|(i, h)| AchHypothesis {
                    key: b.guard.line(&h.key, || format!("{id} (hypothesis key)")),
                    title: b
                        .guard
                        .line(&h.title, || format!("{id} (hypothesis title)")),
                    inconsistency: format!("{:.1}", scores.inconsistency.get(i).unwrap_or(&0.0)),
                    least: scores.least_inconsistent.contains(&i),
                })
                .collect();
            let least: Vec<String> = hypotheses
                .iter()
                .filter(|h| h.least)
                .map(|h| format!("{} ({})", h.key, h.title))
                .collect();
            let conclusion = if least.is_empty() {
                "No evidence in the matrix yet tells the hypotheses apart.".to_owned()
            } else {
                format!(
                    "Least inconsistent with the evidence: {}. ACH ranks hypotheses by the evidence against them; the survivor is not thereby proven.",
                    least.join(", ")
                )
            };
            out.analyses.push(AchSummary {
                title: b.guard.line(&analysis.title, || format!("{id} (title)")),
                subject: b.name(&analysis.subject),
                hypotheses,
                evidence_rows: analysis.evidence.len(),
                diagnostic_rows: scores.diagnostic.iter().filter(|d| **d).count(),
                conclusion,
            });
        }
    }

    // Every source is listed: those the briefing cites in the order cited, then the rest by
    // title. The list is built even when the section is left out, so that [n] stays stable.
    let cited = b.sources.order.len();
    let mut rest: Vec<&Source> = case
        .sources
        .iter()
        .filter(|s| !b.sources.numbers.contains_key(&s.id))
        .collect();
    rest.sort_by(|a, b| a.title.cmp(&b.title));
    for source in rest {
        b.sources.number(&source.id);
    }
    if options.has(Section::Sources) {
        let order = b.sources.order.clone();
        for (i, id) in order.into_iter().enumerate() {
            if let Some(source) = case.source(id) {
                let line = b.source_line(i + 1, source, i < cited);
                out.sources.push(line);
            }
        }
    }

    if options.has(Section::Methodology) {
        let mut m = methodology();
        m.waived = waived(case, &selected, &mut b.guard);
        out.methodology = Some(m);
    }
    if options.has(Section::Changes) {
        out.changes = changes(case, &selected, &mut b.guard);
    }
    out.text_warnings = b.guard.warnings();
    out
}

/// The tradecraft findings the analyst dismissed that still waive a finding of the case at
/// the briefing's label (so their words quote nothing left out), about the case, a judgment in
/// the briefing or anything else but a judgment left out: check, what it is about, the finding,
/// and why it was waived, by whom and when.
fn waived(case: &Case, selected: &[&Judgment], guard: &mut TextGuard) -> Vec<[String; 4]> {
    let in_briefing: HashSet<&Id> = selected.iter().map(|j| &j.id).collect();
    crate::checks::review_sorted(case)
        .dismissed
        .into_iter()
        .filter(|(f, _)| {
            f.object.as_ref().is_none_or(|id| {
                id.kind() != Some(crate::model::ObjectKind::Judgment) || in_briefing.contains(id)
            })
        })
        .map(|(finding, d)| {
            let about = match &finding.object {
                Some(id) => case.display_name(id),
                None => "the case".to_owned(),
            };
            let place = || format!("dismissal of {} ({})", d.rule, about);
            let by = if d.by.is_empty() {
                String::new()
            } else {
                format!("{}, ", d.by)
            };
            [
                d.rule.clone(),
                guard.line(&about, place),
                guard.clean(&finding.message, place),
                format!(
                    "{} ({by}{})",
                    guard.clean(&d.reason, place),
                    human_day(d.at)
                ),
            ]
        })
        .collect()
}

/// The scales explained: the same words for every briefing.
fn methodology() -> Methodology {
    Methodology {
        paragraphs: vec![
            "Each source is graded for reliability (A to F) and each piece of information as cited for credibility (1 to 6), on the Admiralty (NATO) system; a citation is written with both, e.g. B2. A grade nobody gave is written as not stated, never as a letter or digit. Citations are numbered [n] after the source list.".into(),
            "Likelihood is given in the estimative terms of US Intelligence Community Directive 203, with the probability range each term stands for; a briefing uses one row of terms throughout. Confidence is a separate judgment about the quality of the basis for an assessment, not about its probability, and is stated in a sentence of its own.".into(),
            "Attribution is assessed by level (Rid and Buchanan): tactical (what happened and how), operational (who did it), strategic (who is ultimately responsible) and communication (what is said in public). The attribution chain gives the analyst's strongest standing judgment at each link.".into(),
            "Where hypotheses were weighed against each other, Analysis of Competing Hypotheses (Heuer) was used: each item of evidence is rated for consistency with each hypothesis, weighted by its credibility, and the hypotheses are ranked by the weighted evidence against them.".into(),
            "Sources are counted by their independence: a source that relays another (marked \"Relays [n]\" in the source list) counts as one with it, so a report repeated by many outlets is one source, not many. A judgment held with moderate or high confidence is checked to rest on more than one line of evidence: technical evidence, intelligence and government reporting, open-source and vendor reporting, intent and context.".into(),
            "Claims by governments, companies or other parties are reported as claims, kept apart from the analyst's own judgments.".into(),
        ],
        reliability: Reliability::ALL
            .iter()
            .map(|r| [r.code().to_owned(), r.meaning().to_owned()])
            .collect(),
        credibility: Credibility::ALL
            .iter()
            .map(|c| [c.code().to_owned(), c.meaning().to_owned()])
            .collect(),
        likelihood: Likelihood::ALL
            .iter()
            .map(|l| {
                [
                    l.label().to_owned(),
                    l.alternative_term().to_owned(),
                    l.meaning().to_owned(),
                ]
            })
            .collect(),
        confidence: Confidence::ALL
            .iter()
            .map(|c| [capitalised(c.label()), c.meaning().to_owned()])
            .collect(),
        waived: Vec::new(),
    }
}
