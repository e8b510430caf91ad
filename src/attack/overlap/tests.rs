//! The scoring on hand-worked examples.

use super::*;
use crate::attack::{Group, Library, Software, Technique};

/// A library of four groups over five techniques and two pieces of software:
/// T1 every group uses; T2 groups A and B; T3 group A only; T4 groups C and D; T5.001 group D
/// (so T5 is its parent); software S1 group A, S2 groups A and C.
fn library() -> Library {
    let technique = |id: &str| Technique {
        id: id.into(),
        name: format!("Technique {id}"),
        tactics: Vec::new(),
    };
    let group = |id: &str, techniques: &[u32], software: &[u32]| Group {
        id: id.into(),
        name: format!("Group {id}"),
        aliases: vec![format!("{id} alias")],
        techniques: techniques.to_vec(),
        software: software.to_vec(),
        country: String::new(),
        sponsor: String::new(),
        galaxy_name: String::new(),
    };
    let software = |id: &str| Software {
        id: id.into(),
        name: format!("Tool {id}"),
        kind: "malware".into(),
        aliases: Vec::new(),
        techniques: Vec::new(),
    };
    Library {
        format: crate::attack::FORMAT.into(),
        format_version: 1,
        built: "test".into(),
        origins: Vec::new(),
        techniques: ["T1001", "T1002", "T1003", "T1004", "T1005.001"]
            .map(technique)
            .to_vec(),
        software: vec![software("S0001"), software("S0002")],
        groups: vec![
            group("G0001", &[0, 1, 2], &[0, 1]),
            group("G0002", &[0, 1], &[]),
            group("G0003", &[0, 3], &[1]),
            group("G0004", &[0, 3, 4], &[]),
            // Known by name only: never ranked.
            group("", &[], &[]),
        ],
    }
}

fn seen(line: Line, keys: &[&str]) -> Vec<Observed> {
    keys.iter()
        .map(|k| Observed {
            line,
            key: (*k).into(),
            name: (*k).into(),
            object: None,
            linked_groups: Vec::new(),
        })
        .collect()
}

fn ids(ranked: &[Ranked], library: &Library) -> Vec<(usize, String)> {
    ranked
        .iter()
        .map(|r| (r.rank, library.groups[r.group].id.clone()))
        .collect()
}

#[test]
fn a_technique_every_group_uses_weighs_nothing() {
    let library = library();
    let index = OverlapIndex::new(&library);
    assert_eq!(index.population(), 4);
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1001"]),
        unmatched: Vec::new(),
    };
    // ln((4 + 1) / (4 + 1)) = 0: no group is a match on it.
    assert!(index.rank(&evidence, 10).is_empty());
}

#[test]
fn the_rarer_shared_technique_decides_and_the_parts_add_up() {
    let library = library();
    let index = OverlapIndex::new(&library);
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1001", "T1002", "T1003"]),
        unmatched: Vec::new(),
    };
    let ranked = index.rank(&evidence, 10);
    // Weights: T1 ln(5/5) = 0; T2 ln(5/3) = 0.5108; T3 ln(5/2) = 0.9163.
    let (w2, w3) = ((5.0f64 / 3.0).ln(), (5.0f64 / 2.0).ln());
    let event_norm = (w2 * w2 + w3 * w3).sqrt();
    // Group A has all three: its set is the event's, the cosine is 1.
    assert_eq!(ids(&ranked, &library)[0], (1, "G0001".into()));
    assert!((ranked[0].score - 1.0).abs() < 1e-9, "{}", ranked[0].score);
    // Group B shares T2 only: w2² / (|event| · |B|), |B| = w2.
    let b = w2 * w2 / (event_norm * w2);
    assert_eq!(ids(&ranked, &library)[1], (2, "G0002".into()));
    assert!((ranked[1].score - b).abs() < 1e-9);
    // Each part is said, and they add up to the score; the rare T3 gives the most.
    let parts: f64 = ranked[0].shared.iter().map(|s| s.part).sum();
    assert!((parts - ranked[0].score).abs() < 1e-12);
    assert_eq!(ranked[0].shared[0].key, "T1003");
    assert_eq!(ranked[0].shared[0].users, 1);
    // Groups C and D share only T1, which weighs nothing: not listed.
    assert_eq!(ranked.len(), 2);
}

#[test]
fn groups_with_the_same_score_share_a_rank() {
    let library = library();
    let index = OverlapIndex::new(&library);
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1004"]),
        unmatched: Vec::new(),
    };
    let ranked = index.rank(&evidence, 10);
    // C and D both have T4; C's set {T1, T4} is smaller than D's {T1, T4, T5.001}, so C's
    // cosine is higher.
    assert_eq!(
        ids(&ranked, &library),
        vec![(1, "G0003".into()), (2, "G0004".into())]
    );
    // T2 is shared by A and B, whose sets weigh differently; on software S2 (A and C),
    // scored alone, each group's software set decides: A {S1, S2}, C {S2}.
    let tie = Evidence {
        items: seen(Line::Technique, &["T1002"]),
        unmatched: Vec::new(),
    };
    let ranked = index.rank(&tie, 10);
    assert_eq!(ids(&ranked, &library)[0].1, "G0002");
    // A true tie: two groups with the same sets.
    let mut twins = library.clone();
    twins.groups[1] = Group {
        id: "G0009".into(),
        name: "Twin".into(),
        ..twins.groups[0].clone()
    };
    let index = OverlapIndex::new(&twins);
    let ranked = index.rank(
        &Evidence {
            items: seen(Line::Technique, &["T1003"]),
            unmatched: Vec::new(),
        },
        10,
    );
    assert_eq!(
        ids(&ranked, &twins),
        vec![(1, "G0001".into()), (1, "G0009".into())]
    );
}

#[test]
fn a_sibling_sub_technique_counts_half_and_lines_average() {
    let library = library();
    let index = OverlapIndex::new(&library);
    // T1005.002 is not in the library; group D has its sibling T1005.001.
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1005.002"]),
        unmatched: Vec::new(),
    };
    let ranked = index.rank(&evidence, 10);
    assert_eq!(ids(&ranked, &library), vec![(1, "G0004".into())]);
    assert!(!ranked[0].shared[0].exact);
    // Two lines: techniques T3 (A only) and software S2 (A and C). A's technique cosine is
    // w(T3)² / (w(T3) · |A's techniques|), its software cosine w(S2)² / (w(S2) · |A's
    // software|); the score is their mean.
    let mut items = seen(Line::Technique, &["T1003"]);
    items.extend(seen(Line::Software, &["S0002"]));
    let ranked = index.rank(
        &Evidence {
            items,
            unmatched: Vec::new(),
        },
        10,
    );
    let n = 4.0f64;
    let w = |users: f64| ((n + 1.0) / (users + 1.0)).ln();
    let a_techniques = (w(4.0).powi(2) + w(2.0).powi(2) + w(1.0).powi(2)).sqrt();
    let a_software = (w(1.0).powi(2) + w(2.0).powi(2)).sqrt();
    let a = (w(1.0) / a_techniques + w(2.0) / a_software) / 2.0;
    assert_eq!(library.groups[ranked[0].group].id, "G0001");
    assert!(
        (ranked[0].score - a).abs() < 1e-9,
        "{} {a}",
        ranked[0].score
    );
    // C shares only the software: its software cosine is 1, half of the score.
    let c = ranked
        .iter()
        .find(|r| library.groups[r.group].id == "G0003")
        .unwrap();
    assert!((c.score - 0.5).abs() < 1e-9);
    assert_eq!(c.shared[0].line, Line::Software);
}

#[test]
fn top_cuts_the_list() {
    let library = library();
    let index = OverlapIndex::new(&library);
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1002", "T1004"]),
        unmatched: Vec::new(),
    };
    assert_eq!(index.rank(&evidence, 10).len(), 4);
    assert_eq!(index.rank(&evidence, 1).len(), 1);
}
