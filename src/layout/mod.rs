//! Force-directed graph layout with the Barnes–Hut approximation: O(n log n) per iteration,
//! deterministic for a given seed, respecting fixed (pinned or not-to-move) nodes.
//!
//! Nodes repel each other (k²/d), edges pull their ends together (d²/k), a weak gravity keeps
//! separate components in view, and a temperature that cools each iteration caps how far a node
//! moves. Repulsion is summed through a quadtree: a far-away cell acts as one mass at its centre
//! (θ = 0.9). For large graphs the tree's build and the repulsion are split across threads
//! (the repulsion in runs the threads take in turn), with the pull along edges summed on the
//! calling thread meanwhile; each node's force is
//! computed the same way whatever the split, so results do not depend on the thread count.
//!
//! Pure computation: no egui, no model types. `crate::figure` maps a case onto it.

pub mod arrange;
mod quadtree;

use quadtree::QuadTree;

/// The ideal distance between two linked nodes, in map units.
pub const IDEAL_EDGE_LENGTH: f32 = 120.0;

/// A graph as the layout sees it: nodes `0..node_count`, undirected edges between them.
#[derive(Clone, Debug, Default)]
pub struct LayoutGraph {
    pub node_count: usize,
    pub edges: Vec<(u32, u32)>,
}

/// The state of a layout run.
#[derive(Clone, Debug)]
pub struct ForceLayout {
    pub positions: Vec<[f32; 2]>,
    /// Nodes that keep their place (pinned by the user, or outside the part being laid out).
    pub fixed: Vec<bool>,
    temperature: f32,
    min_temperature: f32,
    pub iteration: usize,
    k: f32,
    /// The most threads the force pass may use (graphs under 4000 nodes use one).
    pub max_threads: usize,
    /// Buffers kept from one iteration to the next.
    scratch: Scratch,
}

/// What one iteration needs and the next reuses, so a running layout does not allocate.
#[derive(Clone, Debug, Default)]
struct Scratch {
    tree: QuadTree,
    /// Repulsion on each node, in the tree's leaf order.
    in_order: Vec<[f32; 2]>,
    /// Attraction along edges on each node.
    pull: Vec<[f32; 2]>,
    displacement: Vec<[f32; 2]>,
    lists: Vec<quadtree::Interactions>,
}

/// A small, fast, seeded random number generator (SplitMix64), so layouts are reproducible.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

impl ForceLayout {
    /// Starts a layout. Nodes with a position keep it as their start; the others are scattered
    /// near a placed neighbour if they have one, else in a square sized for the graph.
    pub fn new(
        graph: &LayoutGraph,
        start: &[Option<[f32; 2]>],
        fixed: Vec<bool>,
        seed: u64,
    ) -> Self {
        let n = graph.node_count;
        let k = IDEAL_EDGE_LENGTH;
        let side = k * (n.max(1) as f32).sqrt() * 1.2;
        let mut rng = SplitMix64(seed);
        let mut positions: Vec<[f32; 2]> = Vec::with_capacity(n);
        for i in 0..n {
            let jitter = [rng.next_f32() - 0.5, rng.next_f32() - 0.5];
            positions.push(match start.get(i).copied().flatten() {
                Some(p) => p,
                None => [jitter[0] * side, jitter[1] * side],
            });
        }
        // Unplaced nodes next to a placed one start beside it, so new actors appear near their
        // relations instead of far off.
        for &(a, b) in &graph.edges {
            let (a, b) = (a as usize, b as usize);
            let placed = |i: usize| start.get(i).copied().flatten().is_some();
            for (unplaced, anchor) in [(a, b), (b, a)] {
                if !placed(unplaced) && placed(anchor) {
                    let angle = rng.next_f32() * std::f32::consts::TAU;
                    positions[unplaced] = [
                        positions[anchor][0] + k * angle.cos(),
                        positions[anchor][1] + k * angle.sin(),
                    ];
                }
            }
        }
        let mut fixed = fixed;
        fixed.resize(n, false);
        ForceLayout {
            positions,
            fixed,
            temperature: side / 10.0 + k,
            min_temperature: k / 50.0,
            iteration: 0,
            k,
            max_threads: std::thread::available_parallelism()
                .map_or(1, |p| p.get())
                .min(8),
            scratch: Scratch::default(),
        }
    }

    /// Whether the layout has cooled down: further iterations would move nodes only slightly.
    pub fn is_settled(&self) -> bool {
        self.temperature <= self.min_temperature
    }

    /// Runs one iteration; returns the largest distance a node moved.
    pub fn step(&mut self, graph: &LayoutGraph) -> f32 {
        let n = self.positions.len();
        if n == 0 {
            return 0.0;
        }
        let k = self.k;
        let k2 = k * k;
        // The tree's build and the repulsion through it are split across threads for large
        // graphs; each node's sum is the same whatever the split.
        let threads = if n >= 4000 {
            self.max_threads.max(1)
        } else {
            1
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.tree.rebuild(&self.positions, threads);
        let tree = &scratch.tree;

        // The repulsion in runs of whole groups, several per thread, taken in turn by the
        // threads (this one after the pull along edges), so no thread waits on a slower one.
        let ends = tree.split_points(if threads > 1 { threads * 4 } else { 1 });
        scratch.in_order.resize(n, [0.0; 2]);
        scratch.lists.resize_with(threads, Default::default);
        scratch.pull.clear();
        scratch.pull.resize(n, [0.0; 2]);
        let positions = &self.positions;
        let pull = &mut scratch.pull;
        let mut runs = Vec::with_capacity(ends.len());
        let mut rest = scratch.in_order.as_mut_slice();
        let mut from = 0;
        for &to in &ends {
            let (out, later) = rest.split_at_mut(to - from);
            runs.push(std::sync::Mutex::new(Some((from, to, out))));
            rest = later;
            from = to;
        }
        let lanes = quadtree::Lanes::detect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = |list: &mut quadtree::Interactions| {
            loop {
                let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(run) = runs.get(at) else { break };
                let taken = run.lock().map(|mut r| r.take()).unwrap_or_default();
                if let Some((from, to, out)) = taken {
                    tree.repulsion_in_order(from, to, k2, lanes, list, out);
                }
            }
        };
        let (own_list, other_lists) = scratch
            .lists
            .split_first_mut()
            .expect("one list per thread");
        std::thread::scope(|scope| {
            for list in other_lists {
                scope.spawn(|| work(list));
            }
            // The pull along edges, on this thread while the others sum the repulsion.
            for &(a, b) in &graph.edges {
                let (a, b) = (a as usize, b as usize);
                if a == b || a >= n || b >= n {
                    continue;
                }
                let dx = positions[a][0] - positions[b][0];
                let dy = positions[a][1] - positions[b][1];
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = d / k; // d²/k divided by d for the unit vector
                pull[a][0] -= dx * f;
                pull[a][1] -= dy * f;
                pull[b][0] += dx * f;
                pull[b][1] += dy * f;
            }
            work(own_list);
        });
        let displacement = &mut scratch.displacement;
        displacement.resize(n, [0.0; 2]);
        for (&node, &d) in tree.order().iter().zip(&scratch.in_order) {
            let pull = scratch.pull[node as usize];
            displacement[node as usize] = [d[0] + pull[0], d[1] + pull[1]];
        }

        // Gravity grows with the square of the distance from the centre: weaker than the
        // repulsion inside the graph's natural radius R = 0.6·k·√n, stronger outside it, so
        // loose nodes and small components stay at the edge of the picture instead of drifting
        // off, without squeezing the graph itself.
        let radius = 0.6 * k * (n as f32).sqrt();
        let gravity = n as f32 * k2 / (radius * radius * radius);
        let mut largest = 0f32;
        let moving = self
            .positions
            .iter_mut()
            .zip(displacement.iter_mut())
            .zip(&self.fixed);
        for ((position, d), _) in moving.filter(|(_, fixed)| !**fixed) {
            let p = *position;
            let from_centre = (p[0] * p[0] + p[1] * p[1]).sqrt();
            d[0] -= p[0] * from_centre * gravity;
            d[1] -= p[1] * from_centre * gravity;
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
            if len > 0.0 && len.is_finite() {
                let step = len.min(self.temperature);
                position[0] += d[0] / len * step;
                position[1] += d[1] / len * step;
                largest = largest.max(step);
            }
        }
        self.scratch = scratch;
        self.temperature = (self.temperature * 0.95).max(self.min_temperature);
        self.iteration += 1;
        largest
    }

    /// Runs until settled or `max_iterations`, whichever comes first.
    pub fn run(&mut self, graph: &LayoutGraph, max_iterations: usize) {
        for _ in 0..max_iterations {
            self.step(graph);
            if self.is_settled() {
                break;
            }
        }
    }

    /// Iterations a full run takes from the start temperature to settled.
    pub fn planned_iterations(&self) -> usize {
        let ratio = (self.min_temperature / self.temperature).ln() / 0.95f32.ln();
        ratio.ceil().max(1.0) as usize + 1
    }
}

/// A Barabási–Albert graph: each new node links to `m` existing nodes chosen with probability
/// proportional to their degree. Used by benchmarks and tests as a stand-in for real networks.
pub fn barabasi_albert(node_count: usize, m: usize, seed: u64) -> LayoutGraph {
    let mut rng = SplitMix64(seed);
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(node_count * m);
    // Every edge end, so picking uniformly from it picks nodes by degree.
    let mut ends: Vec<u32> = Vec::with_capacity(node_count * m * 2);
    let core = (m + 1).min(node_count);
    for a in 0..core {
        for b in 0..a {
            edges.push((a as u32, b as u32));
            ends.extend([a as u32, b as u32]);
        }
    }
    for new in core..node_count {
        let mut chosen: Vec<u32> = Vec::with_capacity(m);
        while chosen.len() < m.min(new) {
            let pick = ends[(rng.next_u64() % ends.len() as u64) as usize];
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        for &old in &chosen {
            edges.push((new as u32, old));
            ends.extend([new as u32, old]);
        }
    }
    LayoutGraph { node_count, edges }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_edge_length(layout: &ForceLayout, graph: &LayoutGraph) -> f32 {
        let total: f32 = graph
            .edges
            .iter()
            .map(|&(a, b)| {
                let (p, q) = (layout.positions[a as usize], layout.positions[b as usize]);
                ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
            })
            .sum();
        total / graph.edges.len() as f32
    }

    #[test]
    fn the_same_seed_gives_the_same_layout() {
        let graph = barabasi_albert(300, 2, 7);
        let run = |seed| {
            let mut layout = ForceLayout::new(&graph, &vec![None; 300], vec![], seed);
            layout.run(&graph, 100);
            layout.positions
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }

    #[test]
    fn a_large_graph_gives_the_same_layout_whatever_the_thread_split() {
        // 5000 nodes crosses the threshold for the threaded force pass; its result must equal
        // a run computed node by node.
        let graph = barabasi_albert(5000, 2, 3);
        let mut threaded = ForceLayout::new(&graph, &vec![None; 5000], vec![], 9);
        threaded.max_threads = 3;
        let mut single = threaded.clone();
        single.max_threads = 1;
        for _ in 0..3 {
            threaded.step(&graph);
            single.step(&graph);
        }
        assert_eq!(threaded.positions, single.positions);
    }

    #[test]
    fn edges_end_shorter_and_nodes_do_not_overlap() {
        let graph = barabasi_albert(200, 2, 11);
        let mut layout = ForceLayout::new(&graph, &vec![None; 200], vec![], 5);
        let before = mean_edge_length(&layout, &graph);
        layout.run(&graph, 500);
        let after = mean_edge_length(&layout, &graph);
        assert!(after < before / 2.0, "mean edge length {before} -> {after}");
        let mut closest = f32::MAX;
        for i in 0..200 {
            for j in 0..i {
                let (p, q) = (layout.positions[i], layout.positions[j]);
                closest = closest.min(((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt());
            }
        }
        assert!(closest > 10.0, "two nodes {closest} apart overlap");
    }

    #[test]
    fn fixed_nodes_do_not_move() {
        let graph = barabasi_albert(50, 2, 1);
        let mut start = vec![None; 50];
        start[0] = Some([500.0, -500.0]);
        let mut fixed = vec![false; 50];
        fixed[0] = true;
        let mut layout = ForceLayout::new(&graph, &start, fixed, 1);
        layout.run(&graph, 200);
        assert_eq!(layout.positions[0], [500.0, -500.0]);
        assert!(
            layout.positions[1..]
                .iter()
                .all(|p| p[0].is_finite() && p[1].is_finite())
        );
    }

    #[test]
    fn coincident_and_tiny_graphs_are_handled() {
        let graph = LayoutGraph {
            node_count: 3,
            edges: vec![(0, 1), (1, 2), (2, 2)],
        };
        let same = vec![Some([1.0, 1.0]); 3];
        let mut layout = ForceLayout::new(&graph, &same, vec![], 1);
        layout.run(&graph, 50);
        assert!(
            layout
                .positions
                .iter()
                .all(|p| p[0].is_finite() && p[1].is_finite())
        );
        let empty = LayoutGraph::default();
        let mut nothing = ForceLayout::new(&empty, &[], vec![], 1);
        assert_eq!(nothing.step(&empty), 0.0);
    }

    #[test]
    fn barabasi_albert_has_the_expected_size() {
        let graph = barabasi_albert(1000, 2, 42);
        assert_eq!(graph.node_count, 1000);
        assert_eq!(graph.edges.len(), 3 + (1000 - 3) * 2);
        assert!(
            graph
                .edges
                .iter()
                .all(|&(a, b)| a != b && (a as usize) < 1000 && (b as usize) < 1000)
        );
    }
}
