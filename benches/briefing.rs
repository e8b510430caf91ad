//! Benchmark of briefing exports: prints the median, minimum and maximum time to export the
//! example case and a synthetic case of about 10,000 objects to HTML, Markdown (with its figures
//! as SVG and PNG) and PDF (typeset by Typst), written atomically to a temporary folder, and the
//! size of what was written; and the case overview's bottom line (built from the briefing on
//! each edit while the overview is shown) on a case of about 100,000 objects.
//!
//! Run with `cargo bench --bench briefing`.

mod common;

use casebook::briefing::{BriefingFormat, BriefingOptions, export};
use casebook::example::example_case;
use casebook::model::Case;
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use chrono::{TimeZone, Utc};
use common::measure;
use std::time::Duration;

fn bench_case(name: &str, case: &Case, runs: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let options = BriefingOptions::for_case(case, at);
    println!(
        "{name}: {} objects, {} judgments in the briefing",
        case.object_count(),
        options.judgments.len()
    );
    for format in BriefingFormat::ALL {
        let out = dir.path().join(format!("briefing.{}", format.extension()));
        let mut written = None;
        let (median, min, max) = measure(runs, || {
            written = Some(export(case, &options, format, &out, &mut |_, _| {}).expect("export"));
        });
        let written = written.expect("at least one run");
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  {:<10} median {:>9.1} ms   min {:>9.1} ms   max {:>9.1} ms   {} file(s), {} KB",
            format.code(),
            ms(median),
            ms(min),
            ms(max),
            written.files.len(),
            written.bytes.div_ceil(1024)
        );
    }
}

fn main() {
    bench_case("example case", &example_case(), 10);
    let large = synthetic_case(SyntheticSpec {
        actors: 1_600,
        seed: 7,
        placed: true,
    });
    bench_case("synthetic case", &large, 3);
    let largest = synthetic_case(SyntheticSpec {
        actors: 16_000,
        seed: 7,
        placed: true,
    });
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let (median, min, max) = measure(5, || {
        casebook::briefing::bottom_line(&largest, at);
    });
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "the overview's bottom line, {} objects: median {:.1} ms   min {:.1} ms   max {:.1} ms",
        largest.object_count(),
        ms(median),
        ms(min),
        ms(max)
    );
}
