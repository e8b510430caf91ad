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
    // Group A uses all three: the whole weight, 1.
    assert_eq!(ids(&ranked, &library)[0], (1, "G0001".into()));
    assert!((ranked[0].score - 1.0).abs() < 1e-9, "{}", ranked[0].score);
    // Group B shares T2 only: its weight over the whole.
    assert_eq!(ids(&ranked, &library)[1], (2, "G0002".into()));
    assert!((ranked[1].score - w2 / (w2 + w3)).abs() < 1e-9);
    // Each part is said, and they add up to the score; the rare T3 gives the most.
    let parts: f64 = ranked[0].shared.iter().map(|s| s.part).sum();
    assert!((parts - ranked[0].score).abs() < 1e-12);
    assert_eq!(ranked[0].shared[0].key, "T1003");
    assert!((ranked[0].shared[0].part - w3 / (w2 + w3)).abs() < 1e-9);
    assert_eq!(ranked[0].shared[0].users, 1);
    // Groups C and D share only T1, which weighs nothing: not listed.
    assert_eq!(ranked.len(), 2);
}

#[test]
fn groups_with_the_same_score_share_a_rank() {
    let library = library();
    let index = OverlapIndex::new(&library);
    // C and D both use T4, all the event saw: both score 1 and share the first rank; the
    // same size, so library order.
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1004"]),
        unmatched: Vec::new(),
    };
    assert_eq!(
        ids(&index.rank(&evidence, 10), &library),
        vec![(1, "G0003".into()), (1, "G0004".into())]
    );
    // A and B both use T2: tied, and B, recorded as using less, is listed first.
    let tie = Evidence {
        items: seen(Line::Technique, &["T1002"]),
        unmatched: Vec::new(),
    };
    assert_eq!(
        ids(&index.rank(&tie, 10), &library),
        vec![(1, "G0002".into()), (1, "G0001".into())]
    );
    // Twins: the same sets, the same score, library order.
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
    // T1005.002 is in no group's record (weight ln 5); group D has its sibling T1005.001, so
    // it gets half its parent's weight, ln(5/2) / 2.
    let evidence = Evidence {
        items: seen(Line::Technique, &["T1005.002"]),
        unmatched: Vec::new(),
    };
    let ranked = index.rank(&evidence, 10);
    assert_eq!(ids(&ranked, &library), vec![(1, "G0004".into())]);
    assert!(!ranked[0].shared[0].exact);
    let half = 0.5 * (5.0f64 / 2.0).ln() / 5.0f64.ln();
    assert!((ranked[0].score - half).abs() < 1e-9, "{}", ranked[0].score);
    // Two lines: technique T3 (A only) and software S2 (A and C). Each line counts half.
    let mut items = seen(Line::Technique, &["T1003"]);
    items.extend(seen(Line::Software, &["S0002"]));
    let ranked = index.rank(
        &Evidence {
            items,
            unmatched: Vec::new(),
        },
        10,
    );
    assert_eq!(library.groups[ranked[0].group].id, "G0001");
    assert!((ranked[0].score - 1.0).abs() < 1e-9);
    // C shares only the software: all of that line, half of the score.
    let c = ranked
        .iter()
        .find(|r| library.groups[r.group].id == "G0003")
        .unwrap();
    assert!((c.score - 0.5).abs() < 1e-9);
    assert_eq!(c.shared[0].line, Line::Software);
}

#[test]
fn on_the_same_score_a_rare_tool_outweighs_a_common_technique() {
    let library = library();
    let index = OverlapIndex::new(&library);
    // S1 is used by A alone (weight ln 2.5), T4 by C and D (weight ln 5/3).
    let mut items = seen(Line::Technique, &["T1004"]);
    items.extend(seen(Line::Software, &["S0001"]));
    let ranked = index.rank(
        &Evidence {
            items,
            unmatched: Vec::new(),
        },
        10,
    );
    // A explains the software line (S1, used by A alone), C and D the technique line (T4,
    // used by two): each 0.5, and A, sharing the rarer item, ranks first.
    assert_eq!(
        ids(&ranked, &library),
        vec![
            (1, "G0001".into()),
            (1, "G0003".into()),
            (1, "G0004".into())
        ]
    );
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
