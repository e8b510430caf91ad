//! Benchmark of markings: cutting a case to what may be shared at a label (done before every
//! briefing, figure and labelled STIX export, and when the window shows the case as a reader
//! at a label sees it), and the labelled STIX export against the unlabelled one. A synthetic
//! case of about 100,000 objects, a share of them marked stricter than the case.
//!
//! Run with `cargo bench --bench markings`.

mod common;

use casebook::model::{Marking, shareable_at};
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use casebook::tradecraft::Tlp;
use common::measure;
use std::time::Duration;

fn report(what: &str, (median, min, max): (Duration, Duration, Duration)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<60} median {:>9.1} ms   min {:>9.1} ms   max {:>9.1} ms",
        ms(median),
        ms(min),
        ms(max)
    );
}

fn main() {
    let mut case = synthetic_case(SyntheticSpec {
        actors: 16_000,
        seed: 7,
        placed: false,
    });
    case.tlp = Tlp::Green;
    // One actor in 7 RED, one source in 5 AMBER, one event in 11 AMBER+STRICT, one judgment
    // in 13 with a RED rationale.
    for (i, a) in case.actors.iter_mut().enumerate() {
        if i % 7 == 0 {
            a.marking = Marking::of(Tlp::Red);
        }
    }
    for (i, s) in case.sources.iter_mut().enumerate() {
        if i % 5 == 0 {
            s.marking = Marking::of(Tlp::Amber);
        }
    }
    for (i, e) in case.events.iter_mut().enumerate() {
        if i % 11 == 0 {
            e.marking = Marking::of(Tlp::AmberStrict);
        }
    }
    for (i, j) in case.judgments.iter_mut().enumerate() {
        if i % 13 == 0 {
            j.marking.fields.insert("rationale".into(), Tlp::Red);
        }
    }
    let objects = case.object_count();
    for label in [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::Red] {
        let shared = shareable_at(&case, label);
        report(
            &format!(
                "cut {objects} objects to {} ({} left out whole)",
                label.code(),
                shared.objects_left_out()
            ),
            measure(7, || {
                std::hint::black_box(shareable_at(&case, label));
            }),
        );
    }
    report(
        &format!("STIX export, every object ({objects} objects)"),
        measure(5, || {
            std::hint::black_box(casebook::stix::export::to_bytes(&case));
        }),
    );
    report(
        "STIX export at TLP:GREEN (cut, then written)",
        measure(5, || {
            std::hint::black_box(casebook::stix::export::to_bytes_at(&case, Tlp::Green));
        }),
    );
    report(
        "marking findings (casebook check)",
        measure(7, || {
            std::hint::black_box(casebook::model::marking::marking_findings(&case));
        }),
    );
}
