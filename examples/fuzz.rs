//! A fuzzer for the two readers of untrusted files, the case loader and the STIX importer, that
//! runs on stable Rust: it mutates seed files (the example case, its STIX bundle, a bundle from
//! elsewhere and the hostile corpus in `tests/corpus/`) and feeds each mutant to both readers,
//! catching panics. A reader may refuse any input; it must never panic, hang or run away with
//! memory. Inputs that panic are written to `target/fuzz/crashes/` and the run fails.
//!
//! `cargo run --release --example fuzz -- [SECONDS] [SEED]` (default 60 seconds, seed 1). CI runs
//! it for a bounded time; run it for hours with a larger number.

use casebook::layout::SplitMix64;
use casebook::{stix, store};
use std::path::Path;
use std::time::{Duration, Instant};

/// Byte strings that change what a JSON reader has to do.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"1e-400",
    b"18446744073709551616",
    b"\"\\u0000\"",
    b"\"\\ud800\"",
    b"\"\\uDFFF\\uD800\"",
    b"\xEF\xBB\xBF",
    b"\xff\xfe",
    b"[[[[[[[[[[[[[[[[",
    b"{\"a\":{\"a\":{\"a\":",
    b"\"id\"",
    b"\"type\"",
    b"\"bundle\"",
    b"\"objects\"",
    b"\"actor--x\"",
    b"\"event--x\"",
    b"\"relationship\"",
    b"\"threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"",
    b"\"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82\"",
    b"\"version\": 99",
    b"\"2023-13-45\"",
    b"\"\xe2\x80\xae\"",
    b"\"<script>alert(1)</script>\"",
];

fn mutate(rng: &mut SplitMix64, seeds: &[Vec<u8>], input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.next_u64() % 4;
    for _ in 0..rounds {
        let len = out.len().max(1);
        let at = (rng.next_u64() as usize) % len;
        match rng.next_u64() % 7 {
            0 if !out.is_empty() => out[at] ^= 1 << (rng.next_u64() % 8),
            1 => out.insert(at.min(out.len()), rng.next_u64() as u8),
            2 if !out.is_empty() => {
                let end = (at + 1 + (rng.next_u64() as usize) % 64).min(out.len());
                out.drain(at..end);
            }
            3 if !out.is_empty() => {
                let end = (at + 1 + (rng.next_u64() as usize) % 256).min(out.len());
                let piece = out[at..end].to_vec();
                let to = (rng.next_u64() as usize) % out.len();
                out.splice(to..to, piece);
            }
            4 | 5 => {
                let token = TOKENS[(rng.next_u64() as usize) % TOKENS.len()];
                out.splice(at.min(out.len())..at.min(out.len()), token.iter().copied());
            }
            _ => {
                // Splice the tail of another seed in.
                let other = &seeds[(rng.next_u64() as usize) % seeds.len()];
                if !other.is_empty() {
                    let from = (rng.next_u64() as usize) % other.len();
                    out.truncate(at);
                    out.extend_from_slice(&other[from..]);
                }
            }
        }
    }
    out.truncate(4 * 1024 * 1024);
    out
}

fn seeds() -> Vec<Vec<u8>> {
    let example = casebook::example::example_case();
    let mut seeds = vec![
        casebook::example::EXAMPLE_CASE_JSON.as_bytes().to_vec(),
        stix::export::to_bytes(&example),
    ];
    if let Ok(dir) = std::fs::read_dir("tests/corpus") {
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            if let Ok(bytes) = std::fs::read(&file) {
                seeds.push(bytes);
            }
        }
    }
    seeds
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let seeds = seeds();
    let crashes = Path::new("target/fuzz/crashes");
    // Panics are caught and reported here; the default hook would print each one.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = SplitMix64(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut refused_case, mut refused_bundle, mut found) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let mut corpus: Vec<Vec<u8>> = seeds.clone();
    while Instant::now() < deadline {
        let parent = corpus[(rng.next_u64() as usize) % corpus.len()].clone();
        let input = mutate(&mut rng, &seeds, &parent);
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| {
            let case = store::from_bytes(&input, Path::new("fuzz.json")).is_ok();
            let bundle = stix::import::read_bundle(&input, "fuzz").is_ok();
            (case, bundle)
        });
        slowest = slowest.max(started.elapsed());
        runs += 1;
        match result {
            Ok((case, bundle)) => {
                refused_case += u64::from(!case);
                refused_bundle += u64::from(!bundle);
                // Inputs that still read as a case or a bundle are good parents.
                if (case || bundle) && corpus.len() < 2000 {
                    corpus.push(input);
                }
            }
            Err(_) => {
                found += 1;
                let _ = std::fs::create_dir_all(crashes);
                let name = format!("crash-{seed}-{runs}.json");
                let _ = std::fs::write(crashes.join(&name), &input);
                eprintln!("PANIC on input saved as target/fuzz/crashes/{name}");
            }
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz: {runs} inputs in {seconds} s (seed {seed}); refused as a case {refused_case}, as a bundle {refused_bundle}; slowest {:.1} ms; {found} panics",
        slowest.as_secs_f64() * 1000.0
    );
    if found > 0 {
        std::process::exit(1);
    }
}
