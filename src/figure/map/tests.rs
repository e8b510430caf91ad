//! Tests of the map figure: layout, filters, legend and labels.
use super::*;
use crate::example::example_case;

fn figure(filter: &MapFilter) -> MapFigure {
    let case = example_case();
    MapFigure::build(&case, &positions(&case), filter)
}

#[test]
fn every_actor_and_relationship_is_drawn_without_a_filter() {
    let case = example_case();
    let fig = figure(&MapFilter::default());
    assert_eq!(fig.nodes.len(), case.actors.len());
    let candidates = candidate_edges(&case).len();
    assert_eq!(fig.edges.len(), case.relationships.len() + candidates);
    assert!(fig.nodes.iter().all(|n| n.position[0].is_finite()));
}

#[test]
fn candidate_attributions_are_long_dashed_and_can_be_hidden() {
    let case = example_case();
    // The example's analysis of the Parliament attack names two candidate actors, each
    // drawn to the one actor the attack involved (the Parliament).
    let candidates = candidate_edges(&case);
    assert_eq!(candidates.len(), 2);
    assert!(
        candidates
            .iter()
            .all(|(_, to, _, _)| to.as_str() == "actor--albanian-parliament")
    );
    let fig = figure(&MapFilter::default());
    let drawn: Vec<&MapEdge> = fig
        .edges
        .iter()
        .filter(|e| e.style == LineStyle::Candidate)
        .collect();
    assert_eq!(drawn.len(), 2);
    assert!(drawn.iter().all(|e| e.label.starts_with("candidate: ")));
    let hidden = figure(&MapFilter {
        show_candidates: false,
        ..MapFilter::default()
    });
    assert_eq!(hidden.edges.len(), case.relationships.len());
}

#[test]
fn positions_are_deterministic_and_keep_placed_actors() {
    let mut case = example_case();
    assert_eq!(positions(&case), positions(&case));
    case.actors[0].map = Some(crate::model::MapPlacement {
        x: 1234.0,
        y: -5.0,
        pinned: false,
    });
    assert_eq!(positions(&case)[0], [1234.0, -5.0]);
}

#[test]
fn labels_of_the_example_cover_no_actor_and_no_other_label() {
    use crate::figure::labels::LabelBox;
    let fig = figure(&MapFilter::default());
    let placed = fig.place_labels();
    let mut boxes: Vec<LabelBox> = fig
        .nodes
        .iter()
        .map(|n| LabelBox::new(n.position, [n.radius * 2.0; 2]))
        .collect();
    for (n, &at) in fig.nodes.iter().zip(&placed.nodes) {
        let size = [
            estimated_width(&n.label, NODE_LABEL_SIZE) + 4.0,
            NODE_LABEL_SIZE * 1.2,
        ];
        boxes.push(LabelBox::new(at, size));
    }
    let shown: Vec<_> = fig
        .edges
        .iter()
        .zip(&placed.edges)
        .filter_map(|(e, at)| Some((e, (*at)?)))
        .collect();
    for (e, at) in &shown {
        let size = [
            estimated_width(&e.label, EDGE_LABEL_SIZE) + 4.0,
            EDGE_LABEL_SIZE * 1.2,
        ];
        boxes.push(LabelBox::new(*at, size));
    }
    let mut placer = crate::figure::labels::LabelPlacer::new(48.0);
    for (i, b) in boxes.iter().enumerate() {
        assert!(placer.is_free(b), "box {i} overlaps one before it: {b:?}");
        placer.take(*b);
    }
    assert!(
        shown.len() * 2 > fig.edges.len(),
        "most relationships keep their label: {} of {}",
        shown.len(),
        fig.edges.len()
    );
}

#[test]
fn filters_hide_what_they_say() {
    let by_kind = figure(&MapFilter {
        hidden_actor_kinds: [ActorKind::State].into(),
        ..MapFilter::default()
    });
    assert!(by_kind.node_of(&Id::new("actor--iran")).is_none());
    assert!(
        by_kind
            .node_of(&Id::new("actor--homeland-justice"))
            .is_some()
    );
    assert!(
        by_kind
            .edges
            .iter()
            .all(|e| !e.id.as_str().contains("supports-albania"))
    );

    let confident = figure(&MapFilter {
        min_confidence: Confidence::High,
        ..MapFilter::default()
    });
    assert!(confident.edges.iter().all(|e| e.style != LineStyle::Dotted));
    assert!(
        confident
            .node_of(&Id::new("actor--homeland-justice"))
            .is_some(),
        "actors stay"
    );

    let kinds = figure(&MapFilter {
        hidden_relationship_kinds: [RelationshipKind::Supports].into(),
        ..MapFilter::default()
    });
    assert!(kinds.edges.iter().all(|e| e.label != "supports"));

    // Only relationships valid in 2013–2014: the shelter of the MEK and the timeless ones.
    let window = figure(&MapFilter {
        window: Some((
            "2013-01-01T00:00:00Z".parse().unwrap(),
            "2014-01-01T00:00:00Z".parse().unwrap(),
        )),
        ..MapFilter::default()
    });
    let ids: Vec<&str> = window.edges.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.contains(&"relationship--albania-shelters-mek"));
    assert!(!ids.contains(&"relationship--hj-targets-parliament"));
    assert!(ids.contains(&"relationship--mfa-part-of-iran"));

    let near = figure(&MapFilter {
        neighbourhood: Some((vec![Id::new("actor--homeland-justice")], 1)),
        ..MapFilter::default()
    });
    let mut names: Vec<&str> = near.nodes.iter().map(|n| n.label.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Albanian Parliament",
            "Albanian airline (unnamed)",
            "Albanian mobile phone operator (unnamed)",
            "Homeland Justice",
            "Iran"
        ]
    );
}

#[test]
fn parallel_relationships_stay_apart() {
    let mut case = example_case();
    let mut second = case.relationships[0].clone();
    second.id = Id::new("relationship--second");
    second.kind = RelationshipKind::AttributedTo;
    case.relationships.push(second);
    let fig = MapFigure::build(&case, &positions(&case), &MapFilter::default());
    let pair: Vec<&MapEdge> = fig
        .edges
        .iter()
        .filter(|e| e.id.as_str() == "relationship--second" || e.id == case.relationships[0].id)
        .collect();
    assert_eq!(pair.len(), 2);
    assert_ne!(pair[0].bend, pair[1].bend);
    assert_ne!(fig.curve(pair[0]).point(0.5), fig.curve(pair[1]).point(0.5));
}

#[test]
fn hit_testing_finds_nodes_and_edges() {
    let fig = figure(&MapFilter::default());
    let hj = fig.node_of(&Id::new("actor--homeland-justice")).unwrap();
    let p = fig.nodes[hj].position;
    assert_eq!(fig.node_at(p, 0.0), Some(hj));
    assert_eq!(
        fig.node_at([p[0] + fig.nodes[hj].radius - 1.0, p[1]], 0.0),
        Some(hj)
    );
    assert_eq!(fig.node_at([1.0e6, 1.0e6], 5.0), None);
    let e = 0;
    let middle = fig.curve(&fig.edges[e]).point(0.5);
    assert_eq!(fig.edge_at(middle, 3.0), Some(e));
    assert_eq!(fig.edge_at([1.0e6, 1.0e6], 3.0), None);
    let (min, max) = fig.bounds();
    assert_eq!(fig.nodes_in(min, max).len(), fig.nodes.len());
}

#[test]
fn the_legend_explains_every_kind_and_style() {
    let items = legend();
    assert_eq!(
        items
            .iter()
            .filter(|i| matches!(i, LegendItem::Actor { .. }))
            .count(),
        ActorKind::ALL.len()
    );
    for style in [
        LineStyle::Solid,
        LineStyle::Dashed,
        LineStyle::Dotted,
        LineStyle::DashDot,
    ] {
        assert!(
            items
                .iter()
                .any(|i| matches!(i, LegendItem::Line { style: s, .. } if *s == style))
        );
    }
}

/// The example case with a wiper the Homeland Justice persona uses, an indicator of it, a
/// technique linked to nothing, and `indicators` more indicators of the wiper.
fn with_technical(indicators: usize) -> Case {
    use crate::model::{Relationship, Technical};
    let mut case = example_case();
    let relationship = |id: &str, kind, source: &str, target: &str| Relationship {
        id: Id::new(id),
        kind,
        source: Id::new(source),
        target: Id::new(target),
        directed: true,
        confidence: Confidence::Moderate,
        disputed: false,
        valid_from: None,
        valid_until: None,
        description: String::new(),
        marking: Default::default(),
        version: Default::default(),
        extra: Default::default(),
    };
    case.technical.push(Technical::new(
        Id::new("technical--wiper"),
        TechnicalKind::Malware,
        "ZeroCleare",
    ));
    case.technical.push(Technical::new(
        Id::new("technical--alone"),
        TechnicalKind::Technique,
        "Web Shell",
    ));
    case.relationships.push(relationship(
        "relationship--uses-wiper",
        RelationshipKind::Uses,
        "actor--homeland-justice",
        "technical--wiper",
    ));
    for i in 0..=indicators {
        let mut ioc = Technical::new(
            Id::new(format!("technical--ioc-{i}")),
            TechnicalKind::Indicator,
            format!("ioc {i}"),
        );
        ioc.pattern = "[ipv4-addr:value = '10.0.0.1']".into();
        case.technical.push(ioc);
        case.relationships.push(relationship(
            &format!("relationship--ioc-{i}"),
            RelationshipKind::Indicates,
            &format!("technical--ioc-{i}"),
            "actor--homeland-justice",
        ));
    }
    assert_eq!(crate::model::validate::check_case(&case), vec![]);
    case
}

#[test]
fn the_technical_layer_hangs_evidence_off_the_actors_it_is_linked_to() {
    let case = with_technical(0);
    let fig = MapFigure::build(&case, &positions(&case), &MapFilter::default());
    let wiper = fig.node_of(&Id::new("technical--wiper")).expect("drawn");
    let persona = fig.node_of(&Id::new("actor--homeland-justice")).unwrap();
    let (a, b) = (fig.nodes[wiper].position, fig.nodes[persona].position);
    let distance = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    assert!((distance - TECHNICAL_RING).abs() < 1.0, "{distance}");
    assert_eq!(fig.nodes[wiper].shape, NodeShape::Diamond);
    assert!(
        fig.edges
            .iter()
            .any(|e| e.id.as_str() == "relationship--uses-wiper")
    );
    assert!(
        fig.node_of(&Id::new("technical--alone")).is_none(),
        "linked to no actor, never placed: not drawn"
    );
    // The indicator of the wiper is drawn too, one step further.
    let mut chained = case.clone();
    chained
        .relationships
        .retain(|r| r.id.as_str() != "relationship--ioc-0");
    chained.relationships.push(crate::model::Relationship {
        id: Id::new("relationship--ioc-of-wiper"),
        source: Id::new("technical--ioc-0"),
        target: Id::new("technical--wiper"),
        ..case.relationships.last().unwrap().clone()
    });
    let fig = MapFigure::build(&chained, &positions(&chained), &MapFilter::default());
    assert!(fig.node_of(&Id::new("technical--ioc-0")).is_some());
    assert!(
        fig.edges
            .iter()
            .any(|e| e.id.as_str() == "relationship--ioc-of-wiper")
    );
    assert!(fig.has_technical());
    assert_eq!(
        fig.legend().len(),
        legend().len() + TechnicalKind::ALL.len()
    );
    // The layer off, or malware hidden: gone with its edges.
    for filter in [
        MapFilter {
            show_technical: false,
            ..MapFilter::default()
        },
        MapFilter {
            hidden_technical_kinds: [TechnicalKind::Malware].into(),
            ..MapFilter::default()
        },
    ] {
        let fig = MapFigure::build(&case, &positions(&case), &filter);
        assert!(fig.node_of(&Id::new("technical--wiper")).is_none());
        assert!(
            !fig.edges
                .iter()
                .any(|e| e.id.as_str() == "relationship--uses-wiper")
        );
    }
    // Marked stricter than the reader: not drawn.
    let mut marked = case.clone();
    marked.technical[0].marking.tlp = Some(Tlp::Red);
    let fig = MapFigure::build(
        &marked,
        &positions(&marked),
        &MapFilter {
            max_tlp: Some(Tlp::Amber),
            ..MapFilter::default()
        },
    );
    assert!(fig.node_of(&Id::new("technical--wiper")).is_none());
    // Placed by the user: drawn where placed.
    let mut placed = case.clone();
    placed.technical[1].map = Some(crate::model::MapPlacement {
        x: 500.0,
        y: -20.0,
        pinned: true,
    });
    let fig = MapFigure::build(&placed, &positions(&placed), &MapFilter::default());
    let alone = fig.node_of(&Id::new("technical--alone")).unwrap();
    assert_eq!(fig.nodes[alone].position, [500.0, -20.0]);
}

#[test]
fn a_feed_of_indicators_is_left_off_the_map_unless_asked_for() {
    let case = with_technical(MAP_INDICATOR_LIMIT);
    let drawn = |fig: &MapFigure| {
        fig.nodes
            .iter()
            .filter(|n| n.id.as_str().starts_with("technical--ioc-"))
            .count()
    };
    let fig = MapFigure::build(&case, &positions(&case), &MapFilter::default());
    assert_eq!(drawn(&fig), 0, "more than the limit: left out");
    assert!(
        fig.node_of(&Id::new("technical--wiper")).is_some(),
        "the rest still drawn"
    );
    let all = MapFilter {
        all_indicators: true,
        ..MapFilter::default()
    };
    let fig = MapFigure::build(&case, &positions(&case), &all);
    assert_eq!(drawn(&fig), MAP_INDICATOR_LIMIT + 1);
    let few = with_technical(3);
    let fig = MapFigure::build(&few, &positions(&few), &MapFilter::default());
    assert_eq!(drawn(&fig), 4);
}
