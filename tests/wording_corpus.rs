//! The tradecraft wording checks against a labelled corpus of briefing sentences about public
//! incidents (`tests/corpus/wording-corpus.tsv`): faults and clean prose with traps ("remote
//! monitoring", "high-profile", "public confidence", a capability's "could", "not possible",
//! "improbable", "likely" and "unlikely" together). Prints the confusion table per rule; fails
//! below 95% recall on a rule, or on any finding on a clean sentence.
//!
//! A line with a recorded estimate (`likely,moderate,Sandworm`) is the rationale of a
//! well-sourced judgment with that likelihood and confidence naming that actor, checked in a
//! case; the others are briefing prose, checked as `casebook check --text` does.

use casebook::checks::wording::ActorNames;
use casebook::checks::{review, review_text_with};
use casebook::model::Case;
use std::collections::{BTreeMap, BTreeSet};

/// The groups and services the corpus names, as a case or a reference library would know them.
const CULPRITS: &[&str] = &[
    "GRU",
    "SVR",
    "Kremlin",
    "Sandworm",
    "Sandworm Team",
    "Unit 74455",
    "Lazarus Group",
    "APT28",
    "Fancy Bear",
    "APT29",
    "Cozy Bear",
    "APT41",
    "Equation Group",
    "DarkSide",
    "REvil",
    "Conti",
    "Kimsuky",
    "Turla",
    "Volt Typhoon",
];

/// A case with one judgment, cited by two independent well-graded sources, whose recorded
/// estimate and actor are `recorded` (`likely,moderate,Sandworm`) and whose rationale is
/// `rationale`.
fn judgment_case(recorded: &str, rationale: &str) -> Case {
    let parts: Vec<&str> = recorded.splitn(3, ',').collect();
    let [likelihood, confidence, actor] = parts[..] else {
        panic!("likelihood,confidence,actor: {recorded}");
    };
    let json = serde_json::json!({
        "format": "casebook-case", "version": 2, "title": "Corpus", "tlp": "TLP:CLEAR",
        "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z",
        "actors": [
            {"id": "actor--culprit", "name": actor, "kind": "threat-group"},
            {"id": "actor--victim", "name": "Victim Utility", "kind": "organisation"}
        ],
        "events": [{"id": "event--incident", "title": "Incident", "kind": "attack", "start": "2024-01-01"}],
        "sources": [
            {"id": "source--one", "title": "One", "publisher": "Vendor One", "kind": "vendor-report", "reliability": "B"},
            {"id": "source--two", "title": "Two", "publisher": "Agency Two", "kind": "government-statement", "reliability": "A"}
        ],
        "citations": [
            {"id": "citation--one", "source": "source--one", "cites": "judgment--corpus", "credibility": "2"},
            {"id": "citation--two", "source": "source--two", "cites": "judgment--corpus", "credibility": "2"}
        ],
        "judgments": [{
            "id": "judgment--corpus", "subject": "event--incident", "actor": "actor--culprit",
            "level": "operational", "likelihood": likelihood, "confidence": confidence,
            "rationale": rationale
        }]
    });
    serde_json::from_value(json).expect("a corpus case")
}

#[derive(Default)]
struct Counts {
    caught: usize,
    missed: usize,
    false_alarms: usize,
}

#[test]
fn the_wording_checks_catch_the_faults_of_the_corpus_and_pass_its_clean_prose() {
    let mut names = ActorNames::of_countries();
    for culprit in CULPRITS {
        names.add(culprit);
    }
    let corpus = include_str!("corpus/wording-corpus.tsv");
    let mut table: BTreeMap<String, Counts> = BTreeMap::new();
    let mut clean_alarms = Vec::new();
    let mut sentences = 0;
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (expected, recorded, sentence) = match fields[..] {
            [expected, sentence] => (expected, None, sentence),
            [expected, recorded, sentence] => (expected, Some(recorded), sentence),
            _ => panic!("rules<TAB>[likelihood,confidence,actor<TAB>]sentence: {line}"),
        };
        sentences += 1;
        let expected: BTreeSet<&str> = expected.split(',').filter(|r| *r != "-").collect();
        let found: BTreeSet<String> = match recorded {
            None => review_text_with(sentence, &names)
                .into_iter()
                .map(|f| f.rule.code().to_owned())
                .collect(),
            Some(recorded) => review(&judgment_case(recorded, sentence))
                .into_iter()
                .filter(|f| f.field == "rationale")
                .map(|f| f.rule.code().to_owned())
                .collect(),
        };
        for rule in &expected {
            let counts = table.entry((*rule).to_owned()).or_default();
            if found.contains(*rule) {
                counts.caught += 1;
            } else {
                counts.missed += 1;
                println!("missed {rule}: {sentence}");
            }
        }
        for rule in found.iter().filter(|r| !expected.contains(r.as_str())) {
            table.entry(rule.clone()).or_default().false_alarms += 1;
            println!("false alarm {rule}: {sentence}");
            if expected.is_empty() {
                clean_alarms.push(format!("{rule}: {sentence}"));
            }
        }
    }
    println!("\n{sentences} sentences\n| rule | caught | missed | recall | false alarms |");
    println!("|---|---|---|---|---|");
    let mut low = Vec::new();
    for (rule, c) in &table {
        let recall = c.caught as f64 / (c.caught + c.missed).max(1) as f64;
        println!(
            "| `{rule}` | {} | {} | {:.0}% | {} |",
            c.caught,
            c.missed,
            recall * 100.0,
            c.false_alarms
        );
        if c.caught + c.missed > 0 && recall < 0.95 {
            low.push(format!("{rule} {:.0}%", recall * 100.0));
        }
    }
    assert!(sentences >= 150, "the corpus holds {sentences} sentences");
    assert!(low.is_empty(), "recall below 95%: {low:?}");
    assert!(
        clean_alarms.is_empty(),
        "findings on clean sentences: {clean_alarms:#?}"
    );
}
