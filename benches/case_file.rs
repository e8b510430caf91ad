//! Benchmark of opening and saving a case file: prints the median, minimum and maximum time of
//! `store::load` (read, parse, check every rule) and `store::save` (serialize, write, fsync,
//! rename, keep a backup) for the example case and for a synthetic case of about 100,000 objects.
//!
//! Run with `cargo bench --bench case_file`.

mod common;

use casebook::example::example_case;
use casebook::store;
use common::measure;
use std::time::Duration;

fn report(what: &str, (median, min, max): (Duration, Duration, Duration)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<44} median {:>8.3} ms   min {:>8.3} ms   max {:>8.3} ms",
        ms(median),
        ms(min),
        ms(max)
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("example.casebook.json");
    let case = example_case();
    store::save(&case, &path).expect("save the example");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "example case: {} objects, {size} bytes",
        case.object_count()
    );
    report(
        "open example case (load + validate)",
        measure(200, || {
            std::hint::black_box(store::load(&path).expect("load"));
        }),
    );
    report(
        "save example case (atomic, fsync, backup)",
        measure(100, || {
            store::save(&case, &path).expect("save");
        }),
    );
    report(
        "serialize example case to bytes",
        measure(200, || {
            std::hint::black_box(store::to_bytes(&case));
        }),
    );

    large_case(&dir);
}

fn large_case(dir: &tempfile::TempDir) {
    let path = dir.path().join("large.casebook.json");
    let case = casebook::synthetic::synthetic_case(casebook::synthetic::SyntheticSpec {
        actors: 16_000,
        seed: 7,
        placed: true,
    });
    store::save(&case, &path).expect("save the large case");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "large case: {} objects, {:.1} MB",
        case.object_count(),
        size as f64 / 1e6
    );
    let opened = case;
    report(
        "open large case (load + validate)",
        measure(7, || {
            std::hint::black_box(store::load(&path).expect("load"));
        }),
    );
    report(
        "save large case (atomic, fsync, backup)",
        measure(7, || {
            store::save(&opened, &path).expect("save");
        }),
    );
}
