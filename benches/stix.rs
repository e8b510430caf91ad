//! Benchmark of STIX 2.1 import and export. Import: a bundle of 100,000 objects as a CTI
//! platform exports it (threat actors, intrusion sets, identities, campaigns, indicators,
//! relationships, reports; about 70 MB), read into a case. Export: a synthetic case of about
//! 100,000 objects written as a bundle, in MB/s. The bundle is also left at
//! `target/stix-bench/bundle-100k.json` so other tools can be timed on the same file (see the
//! README).
//!
//! Merge: bundles of 10,000 and 100,000 objects read again into the case that already holds
//! them, beside a fresh import of the same bundle.
//!
//! Run with `cargo bench --bench stix`.

mod common;

use casebook::stix::{export, import};
use casebook::synthetic::{SyntheticSpec, synthetic_case};
use common::measure;
use serde_json::{Value, json};
use std::time::Duration;

fn report(what: &str, (median, min, max): (Duration, Duration, Duration), extra: &str) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<48} median {:>8.1} ms   min {:>8.1} ms   max {:>8.1} ms   {extra}",
        ms(median),
        ms(min),
        ms(max)
    );
}

/// A v4-looking UUID from a counter, so the bundle is the same on every run.
fn uuid(kind: u32, n: u32) -> String {
    format!(
        "{kind:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        n >> 16,
        n & 0xfff,
        kind & 0xfff,
        u64::from(n) * 7919
    )
}

/// A bundle of `n` objects in the proportions of a CTI platform's export.
fn platform_bundle(n: u32) -> Vec<u8> {
    let t = "2024-03-01T10:20:30.123Z";
    let marking = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    let text = "Observed in spear-phishing campaigns against government ministries and telecom operators in the Western Balkans; infrastructure overlaps with earlier wiper operations; tooling includes a custom loader, commodity remote access tools and living-off-the-land binaries.";
    let mut objects: Vec<Value> = Vec::with_capacity(n as usize + 1);
    let (actors, sets, identities, campaigns, indicators, reports) =
        (n / 20, n / 20, n * 3 / 20, n / 10, n * 3 / 10, n / 20);
    let id = |kind: &str, k: u32, i: u32| format!("{kind}--{}", uuid(k, i));
    for i in 0..actors {
        objects.push(json!({"type": "threat-actor", "spec_version": "2.1", "id": id("threat-actor", 1, i), "created": t, "modified": t,
            "name": format!("Actor {i}"), "description": text, "threat_actor_types": ["nation-state"], "aliases": [format!("APT-{i}"), format!("Group {i}")],
            "sophistication": "advanced", "resource_level": "government", "primary_motivation": "organizational-gain", "object_marking_refs": [marking], "confidence": 70}));
    }
    for i in 0..sets {
        objects.push(json!({"type": "intrusion-set", "spec_version": "2.1", "id": id("intrusion-set", 2, i), "created": t, "modified": t,
            "name": format!("Intrusion set {i}"), "description": text, "aliases": [format!("Set {i}")], "goals": ["espionage"], "object_marking_refs": [marking]}));
    }
    for i in 0..identities {
        objects.push(json!({"type": "identity", "spec_version": "2.1", "id": id("identity", 3, i), "created": t, "modified": t,
            "name": format!("Organisation {i}"), "description": "A targeted organisation.", "identity_class": "organization", "sectors": ["government-national"], "object_marking_refs": [marking]}));
    }
    for i in 0..campaigns {
        objects.push(json!({"type": "campaign", "spec_version": "2.1", "id": id("campaign", 4, i), "created": t, "modified": t,
            "name": format!("Campaign {i}"), "description": text, "first_seen": "2023-12-25T08:00:00.000Z", "last_seen": "2023-12-27T18:30:00.000Z", "objective": "disruption", "object_marking_refs": [marking]}));
    }
    for i in 0..indicators {
        objects.push(json!({"type": "indicator", "spec_version": "2.1", "id": id("indicator", 5, i), "created": t, "modified": t,
            "name": format!("Loader hash {i}"), "description": "SHA-256 of a loader sample seen in the campaign.", "indicator_types": ["malicious-activity"],
            "pattern": format!("[file:hashes.'SHA-256' = '{:064x}']", u64::from(i) * 104_729), "pattern_type": "stix", "valid_from": t, "object_marking_refs": [marking],
            "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}, {"kill_chain_name": "mitre-attack", "phase_name": "defense-evasion"}],
            "labels": ["loader", "wiper-stage"]}));
    }
    let relationships = n - actors - sets - identities - campaigns - indicators - reports;
    for i in 0..relationships {
        let (kind, from, to) = match i % 3 {
            0 => (
                "attributed-to",
                id("campaign", 4, i % campaigns),
                id("intrusion-set", 2, i % sets),
            ),
            1 => (
                "targets",
                id("intrusion-set", 2, i % sets),
                id("identity", 3, i % identities),
            ),
            _ => (
                "indicates",
                id("indicator", 5, i % indicators),
                id("campaign", 4, i % campaigns),
            ),
        };
        objects.push(json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", 6, i), "created": t, "modified": t,
            "relationship_type": kind, "source_ref": from, "target_ref": to, "confidence": 60, "description": "Seen together in the same intrusion.", "object_marking_refs": [marking]}));
    }
    for i in 0..reports {
        let refs: Vec<String> = (0..8)
            .map(|k| id("campaign", 4, (i * 8 + k) % campaigns))
            .chain((0..8).map(|k| id("indicator", 5, (i * 8 + k) % indicators)))
            .collect();
        objects.push(json!({"type": "report", "spec_version": "2.1", "id": id("report", 7, i), "created": t, "modified": t,
            "name": format!("Vendor report {i}"), "description": text, "published": t, "report_types": ["threat-report"], "object_refs": refs,
            "external_references": [{"source_name": "vendor", "url": format!("https://vendor.example/reports/{i}")}], "object_marking_refs": [marking]}));
    }
    serde_json::to_vec(&json!({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": objects})).unwrap()
}

fn main() {
    let bytes = platform_bundle(100_000);
    let mb = bytes.len() as f64 / 1e6;
    let folder = std::path::Path::new("target/stix-bench");
    let _ = std::fs::create_dir_all(folder);
    let _ = std::fs::write(folder.join("bundle-100k.json"), &bytes);
    let imported = import::read_bundle(&bytes, "bench").unwrap();
    println!(
        "platform bundle: 100000 objects, {mb:.1} MB; imported {} mapped, {} kept as they came, {} problems",
        imported.mapped,
        imported.kept,
        imported.problems.len()
    );
    report(
        "  of which: parse the JSON (duplicate keys refused)",
        measure(5, || {
            std::hint::black_box(
                serde_json::from_slice::<casebook::model::extra::StrictValue>(&bytes).unwrap(),
            );
        }),
        "",
    );
    report(
        "import 100k-object bundle (parse, map, check)",
        measure(5, || {
            std::hint::black_box(import::read_bundle(&bytes, "bench").unwrap());
        }),
        "",
    );
    // Merging a bundle into a case that already holds it (every object the same), beside
    // reading it into a new case: the merge must stay linear.
    for n in [10_000, 100_000] {
        let bytes = platform_bundle(n);
        let held = import::read_bundle(&bytes, "bench").unwrap().case;
        report(
            &format!("fresh import of a {n}-object bundle"),
            measure(3, || {
                std::hint::black_box(import::read_bundle(&bytes, "bench").unwrap());
            }),
            "",
        );
        report(
            "merge it again into the case that holds it (read, plan, apply)",
            measure(3, || {
                let again = import::read_bundle(&bytes, "bench").unwrap();
                let split = import::merge_split(&held, &again.case);
                let mut case = held.clone();
                case.apply(casebook::model::Command::Import {
                    objects: split.new,
                    stix_objects: split.stix_objects,
                })
                .unwrap();
                std::hint::black_box(case);
            }),
            "",
        );
    }
    let back = export::to_bytes(&imported.case);
    let (median, min, max) = measure(5, || {
        std::hint::black_box(export::to_bytes(&imported.case));
    });
    report(
        "export the imported case again",
        (median, min, max),
        &format!(
            "{:.0} MB/s ({:.1} MB)",
            back.len() as f64 / 1e6 / median.as_secs_f64(),
            back.len() as f64 / 1e6
        ),
    );

    let case = synthetic_case(SyntheticSpec {
        actors: 16_000,
        seed: 7,
        placed: true,
    });
    let out = export::to_bytes(&case);
    let (median, min, max) = measure(5, || {
        std::hint::black_box(export::to_bytes(&case));
    });
    report(
        &format!("export a {}-object Casebook case", case.object_count()),
        (median, min, max),
        &format!(
            "{:.0} MB/s ({:.1} MB)",
            out.len() as f64 / 1e6 / median.as_secs_f64(),
            out.len() as f64 / 1e6
        ),
    );
}
