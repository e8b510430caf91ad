//! The tradecraft wording checks against a labelled corpus of briefing sentences about public
//! incidents (`tests/corpus/wording-corpus.tsv`): faults and clean prose with traps ("remote
//! monitoring", "high-profile", "public confidence", a capability's "could", "not possible",
//! "improbable", "likely" and "unlikely" together). Prints the confusion table per rule; fails
//! below 95% recall on a rule, or on any finding on a clean sentence.

use casebook::checks::review_text_with;
use casebook::checks::wording::ActorNames;
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
        let (expected, sentence) = line.split_once('\t').expect("rules<TAB>sentence");
        sentences += 1;
        let expected: BTreeSet<&str> = expected.split(',').filter(|r| *r != "-").collect();
        let found: BTreeSet<String> = review_text_with(sentence, &names)
            .into_iter()
            .map(|f| f.rule.code().to_owned())
            .collect();
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
