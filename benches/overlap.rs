//! Benchmark of the technical evidence: reading the reference library (the built-in one, as the
//! app does at start-up on a thread of its own), preparing it for ranking, and ranking an event
//! against every known group (target: at most 50 ms); and a case of 30,000 indicators: its
//! save, its open (read, parse, check every rule), its STIX export, and the relationship map's
//! geometry for it (the indicators are not drawn on the map, so they cost the map nothing).
//!
//! Run with `cargo bench --bench overlap`.

mod common;

use casebook::attack::Library;
use casebook::attack::overlap::{OverlapIndex, evidence_of};
use casebook::figure::map::{MapFigure, MapFilter, positions};
use casebook::model::{CaseObject, Command, Id, ObjectKind, Technical, TechnicalKind};
use common::measure;
use std::time::Duration;

fn report(what: &str, (median, min, max): (Duration, Duration, Duration)) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<52} median {:>9.3} ms   min {:>9.3} ms   max {:>9.3} ms",
        ms(median),
        ms(min),
        ms(max)
    );
}

/// The example case with `count` indicators and an attack that saw them and twelve techniques
/// and three pieces of software (NotPetya's, as public reporting gives them).
fn case_with_indicators(count: usize) -> (casebook::model::Case, Id) {
    let mut case = casebook::example::example_case();
    let event = Id::new("event--parliament-attack");
    let mut seen = Vec::new();
    let mut objects = Vec::new();
    let attack: [(&str, TechnicalKind); 13] = [
        ("T1195.002", TechnicalKind::Technique),
        ("T1210", TechnicalKind::Technique),
        ("T1003.001", TechnicalKind::Technique),
        ("T1047", TechnicalKind::Technique),
        ("T1569.002", TechnicalKind::Technique),
        ("T1053.005", TechnicalKind::Technique),
        ("T1486", TechnicalKind::Technique),
        ("T1561.002", TechnicalKind::Technique),
        ("T1070.001", TechnicalKind::Technique),
        ("T1529", TechnicalKind::Technique),
        ("S0368", TechnicalKind::Malware),
        ("S0002", TechnicalKind::Tool),
        ("S0029", TechnicalKind::Tool),
    ];
    for (id, kind) in attack {
        let mut t = Technical::new(Id::generate(ObjectKind::Technical), kind, id);
        t.external_id = id.to_owned();
        seen.push(t.id.clone());
        objects.push(CaseObject::Technical(t));
    }
    for i in 0..count {
        let mut t = Technical::new(
            Id::new(format!("technical--ioc-{i}")),
            TechnicalKind::Indicator,
            format!("C2 address {i}"),
        );
        t.pattern = format!(
            "[ipv4-addr:value = '10.{}.{}.{}']",
            i >> 16,
            (i >> 8) & 255,
            i & 255
        );
        t.types = vec!["malicious-activity".into()];
        seen.push(t.id.clone());
        objects.push(CaseObject::Technical(t));
    }
    let mut e = case.event(&event).expect("the example's attack").clone();
    e.technical = seen;
    objects.push(CaseObject::Event(e));
    case.apply(Command::Import {
        objects,
        stix_objects: Vec::new(),
    })
    .expect("valid");
    (case, event)
}

fn main() {
    report(
        "read the built-in reference library",
        measure(50, || {
            std::hint::black_box(Library::built_in());
        }),
    );
    let library = Library::built_in();
    println!("library: {}", library.describe());
    report(
        "prepare it for ranking (once per library)",
        measure(50, || {
            std::hint::black_box(OverlapIndex::new(&library));
        }),
    );
    let index = OverlapIndex::new(&library);
    let (case, event) = case_with_indicators(30_000);
    println!(
        "case: {} objects, {} technical ({} indicators)",
        case.object_count(),
        case.technical.len(),
        case.technical.len() - 13
    );
    report(
        "rank an event (13 items, 30,000 indicators beside)",
        measure(200, || {
            let evidence = evidence_of(&case, Some(&event), &library);
            std::hint::black_box(index.rank(&evidence, 10));
        }),
    );
    let evidence = evidence_of(&case, Some(&event), &library);
    report(
        "rank only (evidence already gathered)",
        measure(1000, || {
            std::hint::black_box(index.rank(&evidence, 10));
        }),
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("indicators.casebook.json");
    report(
        "save the 30k-indicator case",
        measure(10, || casebook::store::save(&case, &path).expect("save")),
    );
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("file: {size} bytes");
    report(
        "open the 30k-indicator case (load + validate)",
        measure(10, || {
            std::hint::black_box(casebook::store::load(&path).expect("load"));
        }),
    );
    report(
        "STIX export of the 30k-indicator case",
        measure(10, || {
            std::hint::black_box(casebook::stix::export::to_bytes(&case));
        }),
    );
    let placed = positions(&case);
    report(
        "map geometry of the 30k-indicator case",
        measure(50, || {
            std::hint::black_box(MapFigure::build(&case, &placed, &MapFilter::default()));
        }),
    );
    // Every indicator linked to the persona: the map's technical layer leaves them out past
    // its limit, unless asked to draw all 30,000.
    let mut linked = case.clone();
    let persona = Id::new("actor--homeland-justice");
    let links: Vec<CaseObject> = (linked.technical.iter())
        .filter(|t| t.kind == TechnicalKind::Indicator)
        .map(|t| {
            let mut r = linked.relationships[0].clone();
            r.id = Id::new(format!(
                "relationship--{}",
                t.id.as_str().trim_start_matches("technical--")
            ));
            r.kind = casebook::model::RelationshipKind::Indicates;
            r.source = t.id.clone();
            r.target = persona.clone();
            CaseObject::Relationship(r)
        })
        .collect();
    linked
        .apply(Command::Import {
            objects: links,
            stix_objects: Vec::new(),
        })
        .expect("valid links");
    let placed = positions(&linked);
    report(
        "map geometry, 30k indicators linked (layer default)",
        measure(20, || {
            std::hint::black_box(MapFigure::build(&linked, &placed, &MapFilter::default()));
        }),
    );
    let all = MapFilter {
        all_indicators: true,
        ..MapFilter::default()
    };
    report(
        "map geometry, 30k indicators linked, all drawn",
        measure(5, || {
            std::hint::black_box(MapFigure::build(&linked, &placed, &all));
        }),
    );
}
