//! Each check with a case that must trigger it and one that must not, and the example case,
//! written with care, raising nothing it should not.

use super::*;
use crate::model::{
    Actor, ActorKind, CaseObject, Command, Event, EventKind, Extra, JudgmentStatus, PartialDate,
    Revision, Source, SourceKind,
};
use crate::tradecraft::{AttributionLevel, Likelihood};

fn base_case() -> Case {
    let mut case = Case::new("Checks");
    for (id, kind) in [
        ("actor--a", ActorKind::Persona),
        ("actor--b", ActorKind::ThreatGroup),
        ("actor--gov", ActorKind::State),
    ] {
        case.apply(Command::Put(CaseObject::Actor(Actor {
            id: Id::new(id),
            name: id.trim_start_matches("actor--").to_uppercase(),
            kind,
            aliases: vec![],
            country: String::new(),
            description: String::new(),
            map: None,
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        })))
        .unwrap();
    }
    case.apply(Command::Put(CaseObject::Event(Event {
        id: Id::new("event--e"),
        title: "Attack".into(),
        kind: EventKind::Attack,
        start: PartialDate::day(2023, 12, 25).unwrap(),
        end: None,
        actors: vec![],
        roles: Default::default(),
        technical: Vec::new(),
        location: String::new(),
        description: String::new(),
        marking: Default::default(),
        version: Default::default(),
        extra: Extra::default(),
    })))
    .unwrap();
    for (id, reliability, publisher, kind) in [
        (
            "source--s1",
            Reliability::B,
            "Outlet One",
            SourceKind::NewsReport,
        ),
        (
            "source--s2",
            Reliability::A,
            "Agency Two",
            SourceKind::GovernmentStatement,
        ),
        (
            "source--s3",
            Reliability::E,
            "Forum Three",
            SourceKind::NewsReport,
        ),
        (
            "source--s4",
            Reliability::C,
            "outlet one",
            SourceKind::NewsReport,
        ),
    ] {
        case.apply(Command::Put(CaseObject::Source(Source {
            id: Id::new(id),
            title: id.into(),
            publisher: publisher.into(),
            author: String::new(),
            kind,
            url: String::new(),
            published: None,
            accessed: None,
            reliability: Some(reliability),
            language: String::new(),
            notes: String::new(),
            derived_from: Vec::new(),
            marking: Default::default(),
            version: Default::default(),
            extra: Extra::default(),
        })))
        .unwrap();
    }
    case
}

fn judge(case: &mut Case, name: &str, confidence: Confidence, rationale: &str) -> Id {
    let id = Id::new(format!("judgment--{name}"));
    case.apply(Command::Put(CaseObject::Judgment(Judgment {
        id: id.clone(),
        subject: Id::new("event--e"),
        actor: Id::new("actor--b"),
        level: AttributionLevel::Operational,
        claimed_by: None,
        likelihood: Some(Likelihood::Likely),
        confidence: Some(confidence),
        status: JudgmentStatus::Assessed,
        rationale: rationale.into(),
        revisions: vec![],
        marking: Default::default(),
        version: Default::default(),
        extra: Extra::default(),
    })))
    .unwrap();
    id
}

fn cite(case: &mut Case, cites: &Id, source: &str, credibility: Credibility, stance: Stance) {
    case.apply(Command::Put(CaseObject::Citation(Citation {
        id: Id::generate(crate::model::ObjectKind::Citation),
        source: Id::new(source),
        cites: cites.clone(),
        credibility: Some(credibility),
        stance,
        line: None,
        quote: String::new(),
        locator: String::new(),
        marking: Default::default(),
        version: Default::default(),
        extra: Extra::default(),
    })))
    .unwrap();
}

/// The rules the findings about one object break.
fn rules_for(case: &Case, id: &Id) -> Vec<Rule> {
    let mut rules: Vec<Rule> = review(case)
        .into_iter()
        .filter(|f| f.object.as_ref() == Some(id))
        .map(|f| f.rule)
        .collect();
    rules.sort();
    rules
}

const GOOD: Credibility = Credibility::ProbablyTrue;

#[test]
fn a_well_sourced_well_worded_judgment_raises_nothing() {
    let mut case = base_case();
    let j = judge(
        &mut case,
        "clean",
        Confidence::High,
        "We assess that the attack was likely the work of B. Two independent reports tie its infrastructure to B. We have high confidence in this judgment.",
    );
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    cite(
        &mut case,
        &j,
        "source--s2",
        Credibility::Confirmed,
        Stance::Supports,
    );
    cite(
        &mut case,
        &j,
        "source--s3",
        Credibility::Doubtful,
        Stance::Contradicts,
    );
    cite(
        &mut case,
        &Id::new("event--e"),
        "source--s4",
        GOOD,
        Stance::Supports,
    );
    case.summary = "The attack was likely the work of B. Our confidence is high.".into();
    assert_eq!(review(&case), vec![]);
}

#[test]
fn a_judgment_with_no_supporting_citation_is_flagged() {
    let mut case = base_case();
    let j = judge(&mut case, "bare", Confidence::Low, "");
    assert!(rules_for(&case, &j).contains(&Rule::NoCitation));
    // Contradicting evidence is not support.
    cite(&mut case, &j, "source--s1", GOOD, Stance::Contradicts);
    assert!(rules_for(&case, &j).contains(&Rule::NoCitation));
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    assert!(!rules_for(&case, &j).contains(&Rule::NoCitation));
}

#[test]
fn a_judgment_resting_only_on_weak_grades_is_flagged() {
    let mut case = base_case();
    let j = judge(&mut case, "weak", Confidence::Low, "");
    cite(&mut case, &j, "source--s3", GOOD, Stance::Supports); // E2
    cite(
        &mut case,
        &j,
        "source--s1",
        Credibility::Improbable,
        Stance::Supports,
    ); // B5
    let findings = review(&case);
    let weak = findings
        .iter()
        .find(|f| f.rule == Rule::WeakSourcesOnly)
        .expect("flagged");
    assert!(
        weak.message.contains("E2") && weak.message.contains("B5"),
        "{}",
        weak.message
    );
    cite(&mut case, &j, "source--s2", GOOD, Stance::Supports); // A2
    assert!(!rules_for(&case, &j).contains(&Rule::WeakSourcesOnly));
}

#[test]
fn a_single_source_attribution_is_flagged_but_a_single_source_claim_is_not() {
    let mut case = base_case();
    let j = judge(&mut case, "single", Confidence::Moderate, "");
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    cite(
        &mut case,
        &j,
        "source--s1",
        Credibility::Confirmed,
        Stance::Supports,
    );
    // One news report: one source, and one line of evidence.
    assert_eq!(
        rules_for(&case, &j),
        vec![Rule::SingleSource, Rule::SingleLineOfEvidence]
    );
    cite(&mut case, &j, "source--s2", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &j), vec![]);

    let mut claim = case.judgment(&j).unwrap().clone();
    claim.id = Id::new("judgment--claim");
    claim.claimed_by = Some(Id::new("actor--gov"));
    case.apply(Command::Put(CaseObject::Judgment(claim.clone())))
        .unwrap();
    cite(&mut case, &claim.id, "source--s2", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &claim.id), vec![]);
}

#[test]
fn high_confidence_needs_two_independent_publishers() {
    let mut case = base_case();
    let j = judge(&mut case, "high", Confidence::High, "");
    // Two sources, one publisher ("Outlet One" and "outlet one").
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &j, "source--s4", GOOD, Stance::Supports);
    assert_eq!(
        rules_for(&case, &j),
        vec![Rule::HighConfidenceThinSourcing, Rule::SingleLineOfEvidence]
    );
    cite(&mut case, &j, "source--s2", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &j), vec![]);
    // The same sourcing at moderate confidence needs no second publisher (but still a second
    // line of evidence).
    let k = judge(&mut case, "moderate", Confidence::Moderate, "");
    cite(&mut case, &k, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &k, "source--s4", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &k), vec![Rule::SingleLineOfEvidence]);
}

#[test]
fn sources_that_relay_one_another_count_once() {
    let mut case = base_case();
    let j = judge(&mut case, "relayed", Confidence::Moderate, "");
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &j, "source--s2", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &j), vec![]);
    // The news report turns out to relay the agency's statement.
    let mut relay = case.source(&Id::new("source--s1")).unwrap().clone();
    relay.derived_from = vec![Id::new("source--s2")];
    case.apply(Command::Put(CaseObject::Source(relay))).unwrap();
    assert_eq!(
        rules_for(&case, &j),
        vec![Rule::SingleSource, Rule::CircularReporting]
    );
    let circular = review(&case)
        .into_iter()
        .find(|f| f.rule == Rule::CircularReporting)
        .unwrap();
    assert_eq!(
        circular.message,
        "\"source--s1\" relays \"source--s2\"; they count as one source"
    );
    // Two sources relaying one original (not itself cited) count once too; a third,
    // independent source makes two.
    let mut other = case.source(&Id::new("source--s4")).unwrap().clone();
    other.derived_from = vec![Id::new("source--s3")];
    case.apply(Command::Put(CaseObject::Source(other))).unwrap();
    let mut first = case.source(&Id::new("source--s1")).unwrap().clone();
    first.derived_from = vec![Id::new("source--s3")];
    case.apply(Command::Put(CaseObject::Source(first))).unwrap();
    let k = judge(&mut case, "same-original", Confidence::Moderate, "");
    cite(&mut case, &k, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &k, "source--s4", GOOD, Stance::Supports);
    let findings: Vec<Finding> = review(&case)
        .into_iter()
        .filter(|f| f.object.as_ref() == Some(&k))
        .collect();
    assert!(findings.iter().any(
        |f| f.rule == Rule::CircularReporting && f.message.contains("relay the same original")
    ));
    assert!(findings.iter().any(|f| f.rule == Rule::SingleSource));
    cite(&mut case, &k, "source--s2", GOOD, Stance::Supports);
    assert_eq!(rules_for(&case, &k), vec![Rule::CircularReporting]);
    // A relay cycle (bad data) ends.
    let mut back = case.source(&Id::new("source--s3")).unwrap().clone();
    back.derived_from = vec![Id::new("source--s1")];
    case.apply(Command::Put(CaseObject::Source(back))).unwrap();
    let _ = review(&case);
}

#[test]
fn a_confident_attribution_needs_more_than_one_line_of_evidence() {
    let mut case = base_case();
    // Two news reports: open-source reporting only.
    let j = judge(&mut case, "one-line", Confidence::Moderate, "");
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    let mut second = case.source(&Id::new("source--s4")).unwrap().clone();
    second.publisher = "Outlet Four".into();
    case.apply(Command::Put(CaseObject::Source(second)))
        .unwrap();
    cite(&mut case, &j, "source--s4", GOOD, Stance::Supports);
    let finding = review(&case)
        .into_iter()
        .find(|f| f.object.as_ref() == Some(&j) && f.rule == Rule::SingleLineOfEvidence)
        .expect("one line of evidence");
    assert!(
        finding.message.contains("open-source and vendor reporting (2 citations)")
            && finding.message.contains(
                "add technical evidence, intelligence and government reporting or intent and context"
            ),
        "{}",
        finding.message
    );
    // The analyst records that the second citation is technical evidence (the report's
    // malware analysis).
    let mut citation = case
        .citations
        .iter()
        .find(|c| c.cites == j && c.source.as_str() == "source--s4")
        .unwrap()
        .clone();
    citation.line = Some(EvidenceLine::Technical);
    case.apply(Command::Put(CaseObject::Citation(citation)))
        .unwrap();
    assert_eq!(rules_for(&case, &j), vec![]);
    // Low confidence asks for no second line.
    let k = judge(&mut case, "low", Confidence::Low, "");
    cite(&mut case, &k, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &k, "source--s4", GOOD, Stance::Supports);
    assert!(!rules_for(&case, &k).contains(&Rule::SingleLineOfEvidence));
}

fn sourced(case: &mut Case, name: &str, rationale: &str) -> Id {
    let j = judge(case, name, Confidence::Moderate, rationale);
    cite(case, &j, "source--s1", GOOD, Stance::Supports);
    cite(case, &j, "source--s2", GOOD, Stance::Supports);
    j
}

#[test]
fn likelihood_and_confidence_in_one_sentence_are_flagged() {
    let mut case = base_case();
    let j = sourced(
        &mut case,
        "one-sentence",
        "We judge with moderate confidence that B is likely responsible.",
    );
    assert_eq!(rules_for(&case, &j), vec![Rule::LikelihoodWithConfidence]);
    case.summary = "B is likely responsible, and we are highly confident of it.".into();
    let findings = review(&case);
    assert!(findings.iter().any(|f| f.object.is_none()
        && f.field == "summary"
        && f.rule == Rule::LikelihoodWithConfidence));
}

#[test]
fn wording_that_contradicts_the_recorded_likelihood_is_flagged() {
    let mut case = base_case();
    let j = sourced(
        &mut case,
        "contradict",
        "B was very likely behind the attack.",
    );
    assert_eq!(
        rules_for(&case, &j),
        vec![Rule::WordingContradictsLikelihood]
    );
    let k = sourced(&mut case, "agree", "B was likely behind the attack.");
    assert_eq!(rules_for(&case, &k), vec![]);
    // "probable" is the second-row term for "likely": no contradiction (but see mixed rows).
    let m = sourced(&mut case, "second-row", "B's authorship is probable.");
    assert!(!rules_for(&case, &m).contains(&Rule::WordingContradictsLikelihood));
}

#[test]
fn only_the_clause_that_states_the_judgment_is_compared_and_its_words_are_quoted() {
    let mut case = base_case();
    // The judgment's actor is B; the other clause weighs an alternative.
    for rationale in [
        "The attack was likely the work of B, and it is unlikely that A acted alone.",
        "It is unlikely that A acted alone; it is likely that B carried it out.",
        "The wiper was likely reused, and it is unlikely that the leak was an accident.",
        "B's authorship was probable, and it is very unlikely that an insider helped.",
    ] {
        let j = sourced(&mut case, "alternative", rationale);
        assert!(
            !rules_for(&case, &j).contains(&Rule::WordingContradictsLikelihood),
            "{rationale}"
        );
    }
    let j = sourced(
        &mut case,
        "own-clause",
        "The attack was likely planned for weeks, and it is very likely that B carried it out.",
    );
    let findings: Vec<Finding> = review(&case)
        .into_iter()
        .filter(|f| f.object.as_ref() == Some(&j) && f.rule == Rule::WordingContradictsLikelihood)
        .collect();
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0]
            .message
            .contains(": \"it is very likely that B carried it out.\"; reword it"),
        "{}",
        findings[0].message
    );
}

#[test]
fn mixing_the_two_rows_of_terms_is_flagged_once_and_one_row_is_not() {
    let mut case = base_case();
    sourced(&mut case, "first", "B was likely behind the attack.");
    sourced(&mut case, "also-first", "It is likely B used a wiper.");
    assert!(review(&case).iter().all(|f| f.rule != Rule::MixedTermRows));
    let second = sourced(&mut case, "second", "B's authorship is probable.");
    let mixed: Vec<Finding> = review(&case)
        .into_iter()
        .filter(|f| f.rule == Rule::MixedTermRows)
        .collect();
    assert_eq!(mixed.len(), 1);
    assert_eq!(
        mixed[0].object.as_ref(),
        Some(&second),
        "points at the minority row"
    );
}

#[test]
fn a_change_without_a_reason_is_flagged() {
    let mut case = base_case();
    let j = sourced(&mut case, "changed", "");
    let mut judgment = case.judgment(&j).unwrap().clone();
    let revision = |reason: &str| Revision {
        at: chrono::Utc::now(),
        previous_likelihood: Some(Likelihood::Unlikely),
        previous_confidence: Some(Confidence::Low),
        likelihood: Some(Likelihood::Likely),
        confidence: Some(Confidence::Moderate),
        reason: reason.into(),
        extra: Extra::default(),
    };
    judgment.revisions = vec![revision("A second report corroborated the overlap.")];
    case.apply(Command::Put(CaseObject::Judgment(judgment.clone())))
        .unwrap();
    assert_eq!(rules_for(&case, &j), vec![]);
    judgment.revisions.push(revision("  "));
    case.apply(Command::Put(CaseObject::Judgment(judgment)))
        .unwrap();
    assert_eq!(rules_for(&case, &j), vec![Rule::ChangeWithoutReason]);
}

#[test]
fn an_unused_source_is_flagged_until_cited() {
    let mut case = base_case();
    let s3 = Id::new("source--s3");
    assert_eq!(rules_for(&case, &s3), vec![Rule::UnusedSource]);
    cite(
        &mut case,
        &Id::new("event--e"),
        "source--s3",
        GOOD,
        Stance::Supports,
    );
    assert_eq!(rules_for(&case, &s3), vec![]);
}

#[test]
fn weak_grades_are_e_f_5_and_6() {
    assert!(is_weak(Some(Reliability::E), Some(Credibility::Confirmed)));
    assert!(is_weak(Some(Reliability::F), Some(Credibility::Confirmed)));
    assert!(is_weak(Some(Reliability::A), Some(Credibility::Improbable)));
    assert!(is_weak(
        Some(Reliability::A),
        Some(Credibility::CannotBeJudged)
    ));
    assert!(!is_weak(Some(Reliability::D), Some(Credibility::Doubtful)));
}

#[test]
fn wording_that_states_another_confidence_than_the_recorded_one_is_flagged() {
    let mut case = base_case();
    let j = judge(
        &mut case,
        "lowered",
        Confidence::Low,
        "B was likely behind the attack. We hold this with moderate confidence.",
    );
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    cite(&mut case, &j, "source--s2", GOOD, Stance::Supports);
    let findings = review(&case);
    let contradiction = findings
        .iter()
        .find(|f| f.object.as_ref() == Some(&j) && f.rule == Rule::WordingContradictsConfidence)
        .expect("the stated confidence differs from the recorded one");
    assert!(
        contradiction
            .message
            .contains("says \"moderate confidence\" but the judgment records low confidence"),
        "{}",
        contradiction.message
    );
    let k = sourced(
        &mut case,
        "agreeing",
        "B was likely behind the attack. We hold this with moderate confidence.",
    );
    assert_eq!(rules_for(&case, &k), vec![]);
}

#[test]
fn a_judgment_hedged_only_with_uncalibrated_words_is_flagged() {
    let mut case = base_case();
    let j = sourced(
        &mut case,
        "hedged",
        "B might have used stolen credentials to reach the servers.",
    );
    assert_eq!(rules_for(&case, &j), vec![Rule::UncalibratedHedge]);
    // A capability, a permission, and a hedge beside a calibrated term raise nothing.
    let k = sourced(
        &mut case,
        "capability",
        "B's wiper could brute-force file names. It is likely that B ran it.",
    );
    assert_eq!(rules_for(&case, &k), vec![]);
    case.summary = "Perhaps B meant to destroy evidence.".into();
    assert!(review(&case).iter().any(|f| f.object.is_none()
        && f.field == "summary"
        && f.rule == Rule::UncalibratedHedge
        && f.message.contains("\"perhaps\"")));
}

#[test]
fn an_attribution_stated_as_fact_is_flagged_but_reporting_is_not() {
    let mut case = base_case();
    let mut russia = case.actor(&Id::new("actor--gov")).unwrap().clone();
    russia.name = "Russia".into();
    case.apply(Command::Put(CaseObject::Actor(russia))).unwrap();
    case.summary = "Moscow ordered the attack. According to the vendor, B wiped the modems.".into();
    let summary: Vec<Finding> = review(&case)
        .into_iter()
        .filter(|f| f.object.is_none() && f.rule == Rule::BareAttribution)
        .collect();
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert!(summary[0].message.contains("\"Moscow\" … \"ordered\""));
    let j = sourced(
        &mut case,
        "bare",
        "B wiped the modems to cut communications.",
    );
    assert_eq!(rules_for(&case, &j), vec![Rule::BareAttribution]);
    let k = sourced(&mut case, "worded", "It is likely that B wiped the modems.");
    assert_eq!(rules_for(&case, &k), vec![]);
}

#[test]
fn a_dismissed_finding_is_set_apart_until_it_reads_otherwise() {
    let mut case = base_case();
    let j = judge(&mut case, "thin", Confidence::Low, "");
    cite(&mut case, &j, "source--s1", GOOD, Stance::Supports);
    let finding = review(&case)
        .into_iter()
        .find(|f| f.rule == Rule::SingleSource)
        .unwrap();
    let at = chrono::Utc::now();
    // A dismissal needs a reason.
    let no_reason = finding.dismissed("  ", "A. Analyst", at);
    assert!(case.apply(Command::SetDismissals(vec![no_reason])).is_err());
    let dismissal = finding.dismissed("The one source is the victim's own log.", "A. Analyst", at);
    case.apply(Command::SetDismissals(vec![dismissal.clone()]))
        .unwrap();
    let sorted = review_sorted(&case);
    assert!(sorted.open.iter().all(|f| f.rule != Rule::SingleSource));
    assert_eq!(sorted.dismissed, vec![(finding, dismissal.clone())]);
    assert!(sorted.stale.is_empty());
    // The source is renamed: the finding reads otherwise, and is raised again; the dismissal
    // is kept, waiving nothing.
    let mut source = case.source(&Id::new("source--s1")).unwrap().clone();
    source.title = "Renamed".into();
    case.apply(Command::Put(CaseObject::Source(source)))
        .unwrap();
    let sorted = review_sorted(&case);
    assert!(sorted.open.iter().any(|f| f.rule == Rule::SingleSource));
    assert_eq!(sorted.stale, vec![dismissal]);
    // Deleting the judgment takes its dismissal with it.
    case.apply(Command::Delete(j)).unwrap();
    assert!(case.dismissals.is_empty());
}
