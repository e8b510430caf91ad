//! The actor relationship map as geometry: nodes (actors) with shape, colour, size and label;
//! edges (relationships) as curves with line style, width, arrowhead and label; what the
//! filters let through; hit testing. Built from a case and the actors' positions.

use super::labels::{
    EDGE_LABEL_POSITIONS, LabelWant, estimated_width, node_label_spots, place_map_labels,
};
use super::{LineStyle, NodeShape, Rgb, actor_style, figure_text, relationship_line};
use crate::layout::{ForceLayout, LayoutGraph};
use crate::model::{ActorKind, Case, Id, RelationshipKind, TechnicalKind};
use crate::tradecraft::{Confidence, Tlp};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// The seed of the layout that places actors the user has not placed.
pub const LAYOUT_SEED: u64 = 0xCA5E_B00C;
/// Iterations of that layout at most.
pub const LAYOUT_ITERATIONS: usize = 400;
/// Characters of a label shown before it is cut.
const LABEL_CHARS: usize = 40;
/// How far apart parallel edges between the same two actors bow, in map units.
const PARALLEL_SPACING: f32 = 22.0;

/// Past this many indicators in the case, the map leaves them out unless asked (a feed of
/// thousands would bury the actors); the rest of the technical layer is still drawn.
pub const MAP_INDICATOR_LIMIT: usize = 200;
/// How far from the actor it hangs off technical evidence is drawn, in map units.
const TECHNICAL_RING: f32 = 70.0;

/// Font sizes of actor names and relationship labels in figure units (the SVG export).
pub const NODE_LABEL_SIZE: f32 = 12.0;
pub const EDGE_LABEL_SIZE: f32 = 9.0;

/// Where the labels of a figure go: the centre of each actor's name, and of each
/// relationship's label where it has room (`None`: left out).
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabels {
    pub nodes: Vec<[f32; 2]>,
    pub edges: Vec<Option<[f32; 2]>>,
}

/// What the map shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MapFilter {
    pub hidden_actor_kinds: BTreeSet<ActorKind>,
    pub hidden_relationship_kinds: BTreeSet<RelationshipKind>,
    pub min_confidence: Confidence,
    /// Only relationships valid at some time in this window (half-open, UTC).
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Only these actors and those within `hops` relationships of them.
    pub neighbourhood: Option<(Vec<Id>, usize)>,
    /// Draw the candidate attributions of analyses of competing hypotheses.
    pub show_candidates: bool,
    /// Only what a reader at this TLP label may see: actors and relationships marked
    /// stricter (or whose name is) are not drawn.
    pub max_tlp: Option<Tlp>,
    /// The technical layer: malware, tools, techniques, infrastructure, indicators and
    /// vulnerabilities linked to the actors drawn (or placed by the user).
    pub show_technical: bool,
    /// Kinds of technical evidence not drawn.
    pub hidden_technical_kinds: BTreeSet<TechnicalKind>,
    /// Draw indicators even when the case has more than [`MAP_INDICATOR_LIMIT`].
    pub all_indicators: bool,
}

impl Default for MapFilter {
    fn default() -> Self {
        MapFilter {
            hidden_actor_kinds: BTreeSet::new(),
            hidden_relationship_kinds: BTreeSet::new(),
            min_confidence: Confidence::Low,
            window: None,
            neighbourhood: None,
            show_candidates: true,
            max_tlp: None,
            show_technical: true,
            hidden_technical_kinds: BTreeSet::new(),
            all_indicators: false,
        }
    }
}

impl MapFilter {
    /// Whether anything is filtered out.
    pub fn is_active(&self) -> bool {
        *self != MapFilter::default()
    }
}

/// One actor, or one piece of technical evidence, on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapNode {
    pub id: Id,
    /// Index of the actor in `case.actors`; `usize::MAX` for technical evidence.
    pub actor_index: usize,
    pub position: [f32; 2],
    pub radius: f32,
    pub shape: NodeShape,
    pub fill: Rgb,
    pub label: String,
    pub pinned: bool,
}

/// One relationship on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEdge {
    pub id: Id,
    /// Indices into `MapFigure::nodes`.
    pub from: usize,
    pub to: usize,
    /// Sideways bow of the curve, in map units, to keep parallel relationships apart.
    pub bend: f32,
    pub style: LineStyle,
    pub width: f32,
    pub directed: bool,
    pub label: String,
    pub citations: usize,
}

impl MapEdge {
    /// Which of two labels is placed first where room is short: candidate attributions and
    /// disputed relationships (their colour says what they are, not between whom), then the
    /// most cited.
    pub fn label_precedence(&self, other: &MapEdge) -> std::cmp::Ordering {
        let notable = |e: &MapEdge| matches!(e.style, LineStyle::Candidate | LineStyle::DashDot);
        notable(other)
            .cmp(&notable(self))
            .then(other.citations.cmp(&self.citations))
    }
}

/// A quadratic Bézier curve from `start` to `end` through the pull of `control`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    pub start: [f32; 2],
    pub control: [f32; 2],
    pub end: [f32; 2],
}

impl Curve {
    pub fn point(&self, t: f32) -> [f32; 2] {
        let u = 1.0 - t;
        let [a, b, c] = [self.start, self.control, self.end];
        [
            u * u * a[0] + 2.0 * u * t * b[0] + t * t * c[0],
            u * u * a[1] + 2.0 * u * t * b[1] + t * t * c[1],
        ]
    }

    /// The curve as `segments` straight pieces.
    pub fn polyline(&self, segments: usize) -> Vec<[f32; 2]> {
        (0..=segments)
            .map(|i| self.point(i as f32 / segments as f32))
            .collect()
    }

    /// An arrowhead at the end: tip and the two back corners.
    pub fn arrowhead(&self, size: f32) -> [[f32; 2]; 3] {
        let tip = self.end;
        let from = self.point(0.9);
        let (dx, dy) = (tip[0] - from[0], tip[1] - from[1]);
        let len = (dx * dx + dy * dy).sqrt().max(1e-3);
        let (ux, uy) = (dx / len, dy / len);
        let back = [tip[0] - ux * size, tip[1] - uy * size];
        let half = size * 0.45;
        [
            tip,
            [back[0] - uy * half, back[1] + ux * half],
            [back[0] + uy * half, back[1] - ux * half],
        ]
    }
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let (abx, aby) = (b[0] - a[0], b[1] - a[1]);
    let len2 = abx * abx + aby * aby;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * abx + (p[1] - a[1]) * aby) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + abx * t - p[0], a[1] + aby * t - p[1]);
    (x * x + y * y).sqrt()
}

/// The map of a case as shown.
#[derive(Clone, Debug, Default)]
pub struct MapFigure {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    index: HashMap<Id, usize>,
}

/// The candidate attributions of the case's analyses, as (from, to, analysis, label): for an
/// analysis of an actor (a persona whose sponsor is in question), from that actor to each
/// candidate; for an analysis of an incident, from each candidate to each actor the incident
/// involved.
pub fn candidate_edges(case: &Case) -> Vec<(&Id, &Id, &Id, String)> {
    let mut out = Vec::new();
    for analysis in &case.analyses {
        for h in &analysis.hypotheses {
            let Some(candidate) = &h.actor else { continue };
            let label = format!("candidate: {}", figure_text(&h.title, 40));
            if let Some(event) = case.event(&analysis.subject) {
                for target in event.actors.iter().filter(|a| *a != candidate) {
                    out.push((candidate, target, &analysis.id, label.clone()));
                }
            } else if &analysis.subject != candidate {
                out.push((&analysis.subject, candidate, &analysis.id, label.clone()));
            }
        }
    }
    out
}

/// Each actor's place in `case.actors`, by id: its node in the layouts.
fn node_of_actor(case: &Case) -> HashMap<&Id, u32> {
    case.actors
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i as u32))
        .collect()
}

/// The case's actors and relationships as a layout graph (nodes in `case.actors` order).
pub fn case_graph(case: &Case) -> LayoutGraph {
    let index = node_of_actor(case);
    LayoutGraph {
        node_count: case.actors.len(),
        edges: case
            .relationships
            .iter()
            .filter_map(|r| Some((*index.get(&r.source)?, *index.get(&r.target)?)))
            .collect(),
    }
}

/// A layout run set up for the case: placed actors start where they are and pinned ones (or all
/// placed ones, with `keep_placed`) stay there.
pub fn case_layout(case: &Case, keep_placed: bool) -> (LayoutGraph, ForceLayout) {
    let graph = case_graph(case);
    let start: Vec<Option<[f32; 2]>> = case
        .actors
        .iter()
        .map(|a| a.map.map(|p| [p.x, p.y]))
        .collect();
    let fixed: Vec<bool> = case
        .actors
        .iter()
        .map(|a| a.map.is_some_and(|p| p.pinned || keep_placed))
        .collect();
    let layout = ForceLayout::new(&graph, &start, fixed, LAYOUT_SEED);
    (graph, layout)
}

/// Positions for every actor (in `case.actors` order): where the case places it, and for the
/// others where a deterministic layout around the placed ones puts them, its disconnected
/// parts packed side by side. The same case always gives the same positions, on screen and in
/// exports.
pub fn positions(case: &Case) -> Vec<[f32; 2]> {
    if case.actors.iter().all(|a| a.map.is_some()) {
        return case
            .actors
            .iter()
            .map(|a| a.map.map_or([0.0, 0.0], |p| [p.x, p.y]))
            .collect();
    }
    let (graph, mut layout) = case_layout(case, true);
    layout.run(&graph, LAYOUT_ITERATIONS);
    let movable: Vec<bool> = layout.fixed.iter().map(|f| !f).collect();
    crate::layout::arrange::pack_components(&graph, &mut layout.positions, &movable);
    layout.positions
}

/// How the map is arranged besides the force layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// Top-down along the attribution chain: persona, group, agency, state; a target under
    /// who targets it.
    Chain,
    /// Each kind of actor on its own circle.
    CirclesByKind,
}

impl Arrangement {
    pub const ALL: [Arrangement; 2] = [Arrangement::Chain, Arrangement::CirclesByKind];

    pub fn label(self) -> &'static str {
        match self {
            Arrangement::Chain => "Top-down: the attribution chain",
            Arrangement::CirclesByKind => "In circles, one per kind of actor",
        }
    }

    pub fn hover(self) -> &'static str {
        match self {
            Arrangement::Chain => {
                "Personas at the top, then groups, agencies and states, each link of the chain going down; targets under who targets them"
            }
            Arrangement::CirclesByKind => {
                "Threat groups, states, agencies… each on a circle of their own"
            }
        }
    }
}

/// The actor's layer in the attribution chain at the least (persona 0, group 1, agency 2,
/// state 3), so a chain reads the same way even where a link is missing.
fn chain_floor(kind: ActorKind) -> u32 {
    match kind {
        ActorKind::Persona => 0,
        ActorKind::ThreatGroup | ActorKind::Person => 1,
        ActorKind::Agency => 2,
        ActorKind::State => 3,
        ActorKind::Organisation | ActorKind::Sector => 0,
    }
}

/// Positions for every actor (in `case.actors` order) in the arrangement.
pub fn arranged(case: &Case, arrangement: Arrangement) -> Vec<[f32; 2]> {
    match arrangement {
        Arrangement::Chain => {
            let index = node_of_actor(case);
            // Each link as (upper, lower): what is attributed over what it is attributed to.
            let links: Vec<(u32, u32)> = case
                .relationships
                .iter()
                .filter_map(|r| {
                    let (s, t) = (*index.get(&r.source)?, *index.get(&r.target)?);
                    match r.kind {
                        RelationshipKind::AttributedTo
                        | RelationshipKind::LocatedAt
                        | RelationshipKind::Targets
                        | RelationshipKind::Impersonates => Some((s, t)),
                        RelationshipKind::Sponsors => Some((t, s)),
                        RelationshipKind::AffiliatedWith | RelationshipKind::Supports => {
                            let (ks, kt) = (
                                chain_floor(case.actors[s as usize].kind),
                                chain_floor(case.actors[t as usize].kind),
                            );
                            (ks != kt).then_some(if ks < kt { (s, t) } else { (t, s) })
                        }
                        _ => None,
                    }
                })
                .collect();
            let floor: Vec<u32> = case.actors.iter().map(|a| chain_floor(a.kind)).collect();
            crate::layout::arrange::layered(case.actors.len(), &links, &floor)
        }
        Arrangement::CirclesByKind => {
            let groups: Vec<u32> = case
                .actors
                .iter()
                .map(|a| {
                    ActorKind::ALL
                        .iter()
                        .position(|k| *k == a.kind)
                        .unwrap_or(0) as u32
                })
                .collect();
            crate::layout::arrange::circles(&groups)
        }
    }
}

/// The actors within `hops` relationships of `roots`, following relationships either way.
fn neighbourhood(
    case: &Case,
    roots: &[Id],
    hops: usize,
    visible_edge: &dyn Fn(usize) -> bool,
) -> BTreeSet<Id> {
    let mut adjacent: HashMap<&Id, Vec<&Id>> = HashMap::new();
    for (i, r) in case.relationships.iter().enumerate() {
        if visible_edge(i) {
            adjacent.entry(&r.source).or_default().push(&r.target);
            adjacent.entry(&r.target).or_default().push(&r.source);
        }
    }
    let mut seen: BTreeSet<Id> = roots.iter().cloned().collect();
    let mut queue: VecDeque<(&Id, usize)> = roots.iter().map(|r| (r, 0)).collect();
    while let Some((id, depth)) = queue.pop_front() {
        if depth == hops {
            continue;
        }
        for next in adjacent.get(id).into_iter().flatten() {
            if seen.insert((*next).clone()) {
                queue.push_back((next, depth + 1));
            }
        }
    }
    seen
}

impl MapFigure {
    /// The figure for `case` with actors at `positions` (in `case.actors` order), through
    /// `filter`.
    pub fn build(case: &Case, positions: &[[f32; 2]], filter: &MapFilter) -> Self {
        let mut citations: HashMap<&Id, usize> = HashMap::new();
        for c in &case.citations {
            *citations.entry(&c.cites).or_default() += 1;
        }
        let actor_index: HashMap<&Id, usize> = case
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (&a.id, i))
            .collect();
        let readable = |marking: &crate::model::Marking, name: Option<&str>| {
            filter.max_tlp.is_none_or(|max| {
                marking.level(case.tlp) <= max
                    && name.is_none_or(|f| marking.field_level(f, case.tlp) <= max)
            })
        };
        let actor_shown = |i: usize| {
            let actor = &case.actors[i];
            !filter.hidden_actor_kinds.contains(&actor.kind)
                && readable(&actor.marking, Some("name"))
        };
        let technical = technical_layer(case, filter, &actor_index, &actor_shown, &readable);
        let end_shown = |id: &Id| match actor_index.get(id) {
            Some(&a) => actor_shown(a),
            None => technical.contains_key(id),
        };
        let edge_shown = |i: usize| {
            let r = &case.relationships[i];
            end_shown(&r.source)
                && end_shown(&r.target)
                && !filter.hidden_relationship_kinds.contains(&r.kind)
                && readable(&r.marking, None)
                && r.confidence >= filter.min_confidence
                && filter.window.is_none_or(|(from, until)| {
                    r.valid_from.is_none_or(|v| v.start() < until)
                        && r.valid_until.is_none_or(|v| v.end_exclusive() > from)
                })
        };
        let near = filter
            .neighbourhood
            .as_ref()
            .map(|(roots, hops)| neighbourhood(case, roots, *hops, &edge_shown));

        let mut degree = vec![0usize; case.actors.len()];
        for (i, r) in case.relationships.iter().enumerate() {
            if edge_shown(i) {
                for end in [&r.source, &r.target] {
                    if let Some(&a) = actor_index.get(end) {
                        degree[a] += 1;
                    }
                }
            }
        }

        let mut figure = MapFigure::default();
        for (i, actor) in case.actors.iter().enumerate() {
            if !actor_shown(i) || near.as_ref().is_some_and(|n| !n.contains(&actor.id)) {
                continue;
            }
            let (shape, fill) = actor_style(actor.kind);
            figure.index.insert(actor.id.clone(), figure.nodes.len());
            figure.nodes.push(MapNode {
                id: actor.id.clone(),
                actor_index: i,
                position: positions.get(i).copied().unwrap_or([0.0, 0.0]),
                radius: (12.0 + 2.5 * (degree[i] as f32).sqrt()).min(30.0),
                shape,
                fill,
                label: figure_text(&actor.name, LABEL_CHARS),
                pinned: actor.map.is_some_and(|p| p.pinned),
            });
        }

        // Technical evidence: where the user placed it, else on a ring around the first actor
        // drawn that it is linked to.
        let mut around: HashMap<usize, usize> = HashMap::new();
        for t in &case.technical {
            let Some(&anchor) = technical.get(&t.id) else {
                continue;
            };
            if near.as_ref().is_some_and(|n| !n.contains(&t.id)) {
                continue;
            }
            let position = match (
                t.map,
                anchor.and_then(|a| figure.index.get(&case.actors[a].id)),
            ) {
                (Some(p), _) => [p.x, p.y],
                (None, Some(&node)) => {
                    let k = around.entry(node).or_default();
                    // The golden angle spreads any number of them evenly round the actor.
                    let angle = *k as f32 * 2.399_963;
                    *k += 1;
                    let centre = figure.nodes[node].position;
                    let r = TECHNICAL_RING + 6.0 * (*k / 8) as f32;
                    [centre[0] + r * angle.cos(), centre[1] + r * angle.sin()]
                }
                (None, None) => continue,
            };
            let (shape, fill) = super::technical_style(t.kind);
            figure.index.insert(t.id.clone(), figure.nodes.len());
            figure.nodes.push(MapNode {
                id: t.id.clone(),
                actor_index: usize::MAX,
                position,
                radius: 8.0,
                shape,
                fill,
                label: figure_text(&t.title(), LABEL_CHARS),
                pinned: t.map.is_some_and(|p| p.pinned),
            });
        }

        // Relationships between the same two actors, in either direction, fan out.
        let mut pairs: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (i, r) in case.relationships.iter().enumerate() {
            if !edge_shown(i) {
                continue;
            }
            let (Some(&from), Some(&to)) =
                (figure.index.get(&r.source), figure.index.get(&r.target))
            else {
                continue;
            };
            let count = citations.get(&r.id).copied().unwrap_or(0);
            pairs
                .entry((from.min(to), from.max(to)))
                .or_default()
                .push(figure.edges.len());
            figure.edges.push(MapEdge {
                id: r.id.clone(),
                from,
                to,
                bend: 0.0,
                style: relationship_line(r.kind, r.confidence, r.disputed),
                width: 1.2 + 0.8 * count.min(4) as f32,
                directed: r.directed,
                label: r.kind.label().to_owned(),
                citations: count,
            });
        }
        if filter.show_candidates {
            for (from, to, id, label) in candidate_edges(case) {
                if filter
                    .max_tlp
                    .is_some_and(|max| case.level_of(id).is_some_and(|t| t > max))
                {
                    continue;
                }
                let (Some(&from), Some(&to)) = (figure.index.get(from), figure.index.get(to))
                else {
                    continue;
                };
                pairs
                    .entry((from.min(to), from.max(to)))
                    .or_default()
                    .push(figure.edges.len());
                figure.edges.push(MapEdge {
                    id: id.clone(),
                    from,
                    to,
                    bend: 0.0,
                    style: LineStyle::Candidate,
                    width: 1.4,
                    directed: true,
                    label,
                    citations: 0,
                });
            }
        }
        for ((low, _), members) in pairs {
            let m = members.len();
            for (slot, &e) in members.iter().enumerate() {
                let offset = (slot as f32 - (m as f32 - 1.0) / 2.0) * PARALLEL_SPACING;
                // Bows are measured against the low→high direction so opposite edges separate.
                let edge = &mut figure.edges[e];
                edge.bend = if edge.from == low { offset } else { -offset };
            }
        }
        figure
    }

    /// The strictest marking of what the figure shows (its title's among them): the label
    /// an export of it must carry.
    pub fn strictest_level(&self, case: &Case) -> Tlp {
        let shown = self
            .nodes
            .iter()
            .map(|n| &n.id)
            .chain(self.edges.iter().map(|e| &e.id));
        super::strictest_level_of(case, shown)
    }

    /// The node of an actor, if shown.
    pub fn node_of(&self, id: &Id) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The curve of an edge, trimmed to the outlines of its nodes.
    pub fn curve(&self, edge: &MapEdge) -> Curve {
        let (a, b) = (&self.nodes[edge.from], &self.nodes[edge.to]);
        let (p, q) = (a.position, b.position);
        let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
        let len = (dx * dx + dy * dy).sqrt().max(1e-3);
        let (nx, ny) = (-dy / len, dx / len);
        let control = [
            (p[0] + q[0]) / 2.0 + nx * edge.bend * 2.0,
            (p[1] + q[1]) / 2.0 + ny * edge.bend * 2.0,
        ];
        let trim = |from: [f32; 2], towards: [f32; 2], r: f32| {
            let (dx, dy) = (towards[0] - from[0], towards[1] - from[1]);
            let len = (dx * dx + dy * dy).sqrt().max(1e-3);
            [from[0] + dx / len * r, from[1] + dy / len * r]
        };
        Curve {
            start: trim(p, control, a.radius + 2.0),
            control,
            end: trim(q, control, b.radius + 3.0),
        }
    }

    /// Where each label goes when the figure is drawn at its own scale (the SVG export),
    /// decluttered by [`crate::figure::labels::LabelPlacer`]: every actor's name (under it, or above it where that is
    /// taken), then relationship labels where they cover nothing, in
    /// [`MapEdge::label_precedence`].
    pub fn place_labels(&self) -> PlacedLabels {
        let height = NODE_LABEL_SIZE * 1.2;
        let nodes: Vec<LabelWant> = self
            .nodes
            .iter()
            .map(|n| LabelWant {
                spots: node_label_spots(n.position, n.radius, height).to_vec(),
                size: [estimated_width(&n.label, NODE_LABEL_SIZE) + 4.0, height],
            })
            .collect();
        let mut order: Vec<usize> = (0..self.edges.len()).collect();
        order.sort_by(|&a, &b| self.edges[a].label_precedence(&self.edges[b]));
        let edge_wants: Vec<LabelWant> = order
            .iter()
            .map(|&i| {
                let edge = &self.edges[i];
                let curve = self.curve(edge);
                LabelWant {
                    spots: EDGE_LABEL_POSITIONS.map(|t| curve.point(t)).to_vec(),
                    size: [
                        estimated_width(&edge.label, EDGE_LABEL_SIZE) + 4.0,
                        EDGE_LABEL_SIZE * 1.2,
                    ],
                }
            })
            .collect();
        let discs = self.nodes.iter().map(|n| (n.position, n.radius));
        let (nodes, placed) = place_map_labels(discs, &nodes, &edge_wants);
        let mut edges = vec![None; self.edges.len()];
        for (i, at) in order.into_iter().zip(placed) {
            edges[i] = at;
        }
        PlacedLabels { nodes, edges }
    }

    /// The smallest box holding every node, with room for labels: (min, max).
    pub fn bounds(&self) -> ([f32; 2], [f32; 2]) {
        if self.nodes.is_empty() {
            return ([-100.0, -100.0], [100.0, 100.0]);
        }
        let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
        for n in &self.nodes {
            // Names are centred under or over the node, as `place_labels` places them.
            let half_label = estimated_width(&n.label, NODE_LABEL_SIZE) / 2.0 + 2.0;
            let half_width = n.radius.max(half_label) + 4.0;
            min[0] = min[0].min(n.position[0] - half_width);
            // A name goes above its actor where the space under it is taken.
            min[1] = min[1].min(n.position[1] - n.radius - 24.0);
            max[0] = max[0].max(n.position[0] + half_width);
            max[1] = max[1].max(n.position[1] + n.radius + 24.0);
        }
        (min, max)
    }

    /// The topmost node under `p` (within `tolerance` map units of its outline).
    pub fn node_at(&self, p: [f32; 2], tolerance: f32) -> Option<usize> {
        self.nodes.iter().enumerate().rev().find_map(|(i, n)| {
            let (dx, dy) = (n.position[0] - p[0], n.position[1] - p[1]);
            let reach = n.radius + tolerance;
            (dx * dx + dy * dy <= reach * reach).then_some(i)
        })
    }

    /// The edge nearest `p` within `tolerance` map units.
    pub fn edge_at(&self, p: [f32; 2], tolerance: f32) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, e) in self.edges.iter().enumerate() {
            let curve = self.curve(e);
            // Skip edges whose box is far from the point.
            let min_x = curve.start[0].min(curve.end[0]).min(curve.control[0]) - tolerance;
            let max_x = curve.start[0].max(curve.end[0]).max(curve.control[0]) + tolerance;
            let min_y = curve.start[1].min(curve.end[1]).min(curve.control[1]) - tolerance;
            let max_y = curve.start[1].max(curve.end[1]).max(curve.control[1]) + tolerance;
            if p[0] < min_x || p[0] > max_x || p[1] < min_y || p[1] > max_y {
                continue;
            }
            let points = curve.polyline(12);
            let d = points
                .windows(2)
                .map(|w| distance_to_segment(p, w[0], w[1]))
                .fold(f32::MAX, f32::min);
            if d <= tolerance + e.width / 2.0 && best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The nodes inside a box (for box selection).
    pub fn nodes_in(&self, min: [f32; 2], max: [f32; 2]) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| {
                let p = self.nodes[i].position;
                p[0] >= min[0] && p[0] <= max[0] && p[1] >= min[1] && p[1] <= max[1]
            })
            .collect()
    }
}

/// One line of the legend.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendItem {
    Actor {
        label: &'static str,
        shape: NodeShape,
        fill: Rgb,
    },
    Line {
        label: &'static str,
        style: LineStyle,
        width: f32,
    },
}

/// The technical evidence the map draws, each with the actor (by index) it hangs off, if any:
/// what is linked by a relationship to an actor drawn, or placed by the user, and what is
/// linked to that; none when the layer is off. Indicators past [`MAP_INDICATOR_LIMIT`] only when asked for.
fn technical_layer<'a>(
    case: &'a Case,
    filter: &MapFilter,
    actor_index: &HashMap<&Id, usize>,
    actor_shown: &dyn Fn(usize) -> bool,
    readable: &dyn Fn(&crate::model::Marking, Option<&str>) -> bool,
) -> HashMap<&'a Id, Option<usize>> {
    let mut out = HashMap::new();
    if !filter.show_technical || case.technical.is_empty() {
        return out;
    }
    let indicators = (case.technical.iter())
        .filter(|t| t.kind == TechnicalKind::Indicator)
        .count();
    let indicators_drawn = filter.all_indicators || indicators <= MAP_INDICATOR_LIMIT;
    let drawn = |t: &crate::model::Technical| {
        !filter.hidden_technical_kinds.contains(&t.kind)
            && (t.kind != TechnicalKind::Indicator || indicators_drawn)
            && readable(&t.marking, Some("name"))
    };
    // Only what may be drawn is indexed: with indicators left out, a feed of thousands costs
    // one pass over them, not a lookup per link.
    let kinds: crate::fast_hash::FastMap<&Id, &crate::model::Technical> = (case.technical.iter())
        .filter(|t| drawn(t))
        .map(|t| (&t.id, t))
        .collect();
    if kinds.is_empty() {
        return out;
    }
    for r in &case.relationships {
        for (end, other) in [(&r.source, &r.target), (&r.target, &r.source)] {
            let Some(t) = kinds.get(end) else {
                continue;
            };
            if let Some(&a) = actor_index.get(other)
                && actor_shown(a)
            {
                out.entry(&t.id).or_insert(Some(a));
            }
        }
    }
    for t in kinds.values() {
        if t.map.is_some() {
            out.entry(&t.id).or_insert(None);
        }
    }
    // One step further: what is linked to evidence drawn (the indicator of a wiper, the server
    // it calls), round the same actor.
    let mut further = Vec::new();
    for r in &case.relationships {
        for (end, other) in [(&r.source, &r.target), (&r.target, &r.source)] {
            if let (Some(t), Some(&anchor)) = (kinds.get(end), out.get(other))
                && !out.contains_key(end)
            {
                further.push((&t.id, anchor));
            }
        }
    }
    for (id, anchor) in further {
        out.entry(id).or_insert(anchor);
    }
    out
}

/// The legend entries of the technical layer, for a map that draws some.
pub fn technical_legend() -> Vec<LegendItem> {
    TechnicalKind::ALL
        .iter()
        .map(|k| {
            let (shape, fill) = super::technical_style(*k);
            LegendItem::Actor {
                label: k.label(),
                shape,
                fill,
            }
        })
        .collect()
}

impl MapFigure {
    /// Whether the map draws technical evidence.
    pub fn has_technical(&self) -> bool {
        self.nodes.iter().any(|n| n.actor_index == usize::MAX)
    }

    /// The legend of this figure: [`legend`], and the technical layer's kinds when it draws
    /// some.
    pub fn legend(&self) -> Vec<LegendItem> {
        let mut items = legend();
        if self.has_technical() {
            items.extend(technical_legend());
        }
        items
    }
}

/// The legend: every shape, colour, line style and width the map uses.
pub fn legend() -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = ActorKind::ALL
        .iter()
        .map(|k| {
            let (shape, fill) = actor_style(*k);
            LegendItem::Actor {
                label: k.label(),
                shape,
                fill,
            }
        })
        .collect();
    items.extend([
        LegendItem::Line {
            label: "high confidence",
            style: LineStyle::Solid,
            width: 1.2,
        },
        LegendItem::Line {
            label: "moderate confidence",
            style: LineStyle::Dashed,
            width: 1.2,
        },
        LegendItem::Line {
            label: "low confidence",
            style: LineStyle::Dotted,
            width: 1.2,
        },
        LegendItem::Line {
            label: "disputed or denied",
            style: LineStyle::DashDot,
            width: 1.2,
        },
        LegendItem::Line {
            label: "candidate attribution (ACH)",
            style: LineStyle::Candidate,
            width: 1.4,
        },
        LegendItem::Line {
            label: "thicker: more sources cited",
            style: LineStyle::Solid,
            width: 4.4,
        },
    ]);
    items
}

#[cfg(test)]
mod tests;
