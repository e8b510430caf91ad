//! Benchmark of the tradecraft checks (run after every edit, for the checks panel) and of
//! scoring an ACH matrix (run every frame the matrix is shown): prints the median, minimum and
//! maximum time on synthetic cases and a large matrix.
//!
//! Run with `cargo bench --bench checks`.

mod common;

use casebook::checks::review;
use casebook::model::{Analysis, Consistency, EvidenceRow, Extra, Hypothesis, Id};
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use common::measure;
use std::time::Duration;

fn report(what: &str, (median, min, max): (Duration, Duration, Duration)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<52} median {:>8.3} ms   min {:>8.3} ms   max {:>8.3} ms",
        ms(median),
        ms(min),
        ms(max)
    );
}

fn main() {
    for actors in [1_000, 10_000, 100_000] {
        let case = synthetic_case(SyntheticSpec {
            actors,
            seed: 7,
            placed: false,
        });
        let findings = review(&case).len();
        report(
            &format!(
                "checks, {} objects ({findings} findings)",
                case.object_count()
            ),
            measure(if actors >= 100_000 { 10 } else { 50 }, || {
                std::hint::black_box(review(&case));
            }),
        );
    }

    // The worst case for the wording checks: every rationale states who did it as a fact, so
    // the index of every group's and state's name is built and every sentence looked up.
    for actors in [10_000, 100_000] {
        let mut case = synthetic_case(SyntheticSpec {
            actors,
            seed: 7,
            placed: false,
        });
        let names: Vec<String> = case.actors.iter().map(|a| a.name.clone()).collect();
        for (i, j) in case.judgments.iter_mut().enumerate() {
            j.rationale = format!(
                "{} wiped the servers on the first night. The operators might have planned it for weeks.",
                names[i * 7 % names.len()]
            );
        }
        let findings = review(&case).len();
        report(
            &format!(
                "checks, {} objects, every rationale a bare fact ({findings} findings)",
                case.object_count()
            ),
            measure(10, || {
                std::hint::black_box(review(&case));
            }),
        );
    }

    // A large matrix: 500 items of evidence against 12 hypotheses.
    let mut case = synthetic_case(SyntheticSpec {
        actors: 1_000,
        seed: 7,
        placed: false,
    });
    let hypotheses: Vec<Hypothesis> = (0..12)
        .map(|h| Hypothesis {
            key: format!("h{h}"),
            title: format!("Hypothesis {h}"),
            actor: None,
            judgment: None,
            extra: Extra::default(),
        })
        .collect();
    let evidence: Vec<EvidenceRow> = case
        .citations
        .iter()
        .take(500)
        .enumerate()
        .map(|(row, c)| EvidenceRow {
            citation: c.id.clone(),
            ratings: (0..12)
                .map(|h| (format!("h{h}"), Consistency::ALL[(row * 7 + h) % 6]))
                .collect(),
            extra: Extra::default(),
        })
        .collect();
    let analysis = Analysis {
        id: Id::new("analysis--bench"),
        subject: case.events[0].id.clone(),
        title: "Bench".into(),
        hypotheses,
        evidence,
        notes: String::new(),
        marking: Default::default(),
        version: Default::default(),
        extra: Extra::default(),
    };
    case.analyses.push(analysis.clone());
    report(
        "score an ACH matrix, 500 rows × 12 hypotheses",
        measure(200, || {
            std::hint::black_box(analysis.score(&case));
        }),
    );
}
