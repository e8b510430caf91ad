//! Benchmark of opening and saving a case file: prints the median, minimum and maximum time of
//! `store::load` (read, parse, check every rule) and `store::save` (serialize, write, fsync,
//! rename, keep a backup) for the example case and for synthetic cases of about 100,000 objects:
//! a sparse one (names and grades, little text; about 20 MB) and a worked one (descriptions,
//! quotes and rationales of a few sentences; about 70 MB). For each it also prints the memory
//! an opened case holds, measured in a fresh process (Linux), and the cost of the copy an
//! autosave takes on the UI thread.
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
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure-open") {
        measure_open(&args[i + 1]);
        return;
    }
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

    large_case(&dir, "sparse", false);
    large_case(&dir, "worked", true);
}

/// Resident and peak memory of this process, in bytes (Linux; `None` elsewhere).
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// In a fresh process (`--measure-open FILE`): opens the case and prints the memory it holds.
fn measure_open(path: &str) {
    let (before, _) = memory().unwrap_or_default();
    let case = store::load(std::path::Path::new(path)).expect("load");
    let (after, peak) = memory().unwrap_or_default();
    println!(
        "{} {} {}",
        after.saturating_sub(before),
        peak.saturating_sub(before),
        case.object_count()
    );
}

fn large_case(dir: &tempfile::TempDir, name: &str, prose: bool) {
    let path = dir.path().join(format!("{name}.casebook.json"));
    let mut case = casebook::synthetic::synthetic_case(casebook::synthetic::SyntheticSpec {
        actors: 16_000,
        seed: 7,
        placed: true,
    });
    if prose {
        case = casebook::synthetic::with_prose(case, 7);
    }
    store::save(&case, &path).expect("save the large case");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{name} case: {} objects, {:.1} MB",
        case.object_count(),
        size as f64 / 1e6
    );
    let opened = case;
    report(
        &format!("open {name} case (load + validate)"),
        measure(7, || {
            std::hint::black_box(store::load(&path).expect("load"));
        }),
    );
    report(
        &format!("save {name} case (atomic, fsync, backup)"),
        measure(7, || {
            store::save(&opened, &path).expect("save");
        }),
    );
    report(
        &format!("autosave {name}: copy the case (UI thread)"),
        measure(7, || {
            std::hint::black_box(opened.clone());
        }),
    );
    let child = std::process::Command::new(std::env::current_exe().expect("this benchmark"))
        .arg("--measure-open")
        .arg(&path)
        .output()
        .expect("the benchmark runs itself");
    let text = String::from_utf8_lossy(&child.stdout);
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    if let [held, peak, _] = numbers[..]
        && held > 0
    {
        println!(
            "memory after opening {name} case: {:.0} MB held ({:.2}× the file), {:.0} MB at the peak of opening ({:.2}×)",
            held as f64 / 1e6,
            held as f64 / size as f64,
            peak as f64 / 1e6,
            peak as f64 / size as f64
        );
    } else {
        println!("memory after opening {name} case: not measured on this platform");
    }
}
