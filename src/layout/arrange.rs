//! Arrangements besides the force layout, as analysts read charts: layers top-down along
//! directed links (an attribution chain: persona, group, agency, state), groups of nodes each
//! on its own circle, and the packing of a graph's disconnected parts side by side instead of a
//! disc of loose nodes around the connected ones.
//!
//! Pure computation on node indices, as the force layout: `crate::figure::map` says which links
//! point down a chain and which group each actor is in.

use super::{IDEAL_EDGE_LENGTH, LayoutGraph};

/// Horizontal distance between neighbours in a layer, and vertical distance between layers.
const LAYER_GAP_X: f32 = 210.0;
const LAYER_GAP_Y: f32 = 150.0;
/// Space kept between packed parts and between circles.
const PART_GAP: f32 = 90.0;
/// Distance between neighbours on a circle, and the room a name takes beside and under a
/// node, in map units (names are wider than nodes).
const CIRCLE_SPACING: f32 = 190.0;
const NAME_ROOM: [f32; 2] = [170.0, 50.0];
/// Ordering sweeps (down and up) of the layered layout.
const ORDERING_SWEEPS: usize = 6;

/// A layered ("hierarchical") layout: every directed link `(upper, lower)` goes down at least
/// one layer where the links allow (cycles are broken by ignoring the links that close them),
/// each node is at least on its `floor` layer, and nodes are ordered within their layer by the
/// mean place of their neighbours (barycentre sweeps) so links cross little. Nodes in no link
/// are left out of the layers and packed beside them. Returns one position per node.
pub fn layered(node_count: usize, links: &[(u32, u32)], floor: &[u32]) -> Vec<[f32; 2]> {
    let n = node_count;
    let mut down: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut linked = vec![false; n];
    for &(a, b) in links {
        let (a, b) = (a as usize, b as usize);
        if a < n && b < n && a != b {
            down[a].push(b as u32);
            linked[a] = true;
            linked[b] = true;
        }
    }
    let kept = acyclic(&down);
    // Longest path from the top, never above a node's floor: nodes in topological order.
    let order = topological(&kept);
    let mut layer: Vec<u32> = (0..n).map(|i| floor.get(i).copied().unwrap_or(0)).collect();
    for &a in &order {
        for &b in &kept[a as usize] {
            let b = b as usize;
            layer[b] = layer[b].max(layer[a as usize] + 1);
        }
    }
    let deepest = (0..n)
        .filter(|&i| linked[i])
        .map(|i| layer[i])
        .max()
        .unwrap_or(0) as usize;
    let mut layers: Vec<Vec<u32>> = vec![Vec::new(); deepest + 1];
    for i in (0..n).filter(|&i| linked[i]) {
        layers[layer[i] as usize].push(i as u32);
    }
    // Neighbours either way, for the barycentre sweeps.
    let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (a, lower) in kept.iter().enumerate() {
        for &b in lower {
            up[b as usize].push(a as u32);
        }
    }
    let mut place = vec![0.0f32; n];
    for members in &layers {
        for (k, &i) in members.iter().enumerate() {
            place[i as usize] = k as f32;
        }
    }
    for sweep in 0..ORDERING_SWEEPS {
        let downwards = sweep % 2 == 0;
        let indices: Vec<usize> = if downwards {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in indices {
            let neighbours = if downwards { &up } else { &kept };
            let mut keyed: Vec<(f32, u32)> = layers[l]
                .iter()
                .map(|&i| {
                    let ns = &neighbours[i as usize];
                    let key = if ns.is_empty() {
                        place[i as usize]
                    } else {
                        ns.iter().map(|&j| place[j as usize]).sum::<f32>() / ns.len() as f32
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
            // Places spread to the widest layer's scale, so barycentres compare across layers.
            let width = layers[l].len().max(1) as f32;
            for (k, &i) in layers[l].iter().enumerate() {
                place[i as usize] = k as f32 - (width - 1.0) / 2.0;
            }
        }
    }
    let mut positions = vec![[0.0f32; 2]; n];
    for (l, members) in layers.iter().enumerate() {
        let width = members.len() as f32;
        for (k, &i) in members.iter().enumerate() {
            positions[i as usize] = [
                (k as f32 - (width - 1.0) / 2.0) * LAYER_GAP_X,
                l as f32 * LAYER_GAP_Y,
            ];
        }
    }
    let loose: Vec<usize> = (0..n).filter(|&i| !linked[i]).collect();
    place_loose_beside(&mut positions, &loose, &linked);
    positions
}

/// The links of `down` without those that close a cycle (found by a depth-first search: a link
/// to a node still on the search's path).
fn acyclic(down: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let n = down.len();
    // 0 unvisited, 1 on the path, 2 done.
    let mut state = vec![0u8; n];
    let mut kept: Vec<Vec<u32>> = vec![Vec::new(); n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = down[node].get(*next) {
                *next += 1;
                let c = child as usize;
                match state[c] {
                    0 => {
                        kept[node].push(child);
                        state[c] = 1;
                        stack.push((c, 0));
                    }
                    1 => {} // closes a cycle: left out
                    _ => kept[node].push(child),
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    kept
}

/// The nodes in an order where every link goes forward (Kahn's algorithm on an acyclic graph).
fn topological(down: &[Vec<u32>]) -> Vec<u32> {
    let n = down.len();
    let mut incoming = vec![0usize; n];
    for lower in down {
        for &b in lower {
            incoming[b as usize] += 1;
        }
    }
    let mut ready: Vec<u32> = (0..n as u32)
        .filter(|&i| incoming[i as usize] == 0)
        .collect();
    ready.reverse();
    let mut order = Vec::with_capacity(n);
    while let Some(a) = ready.pop() {
        order.push(a);
        for &b in &down[a as usize] {
            incoming[b as usize] -= 1;
            if incoming[b as usize] == 0 {
                ready.push(b);
            }
        }
    }
    order
}

/// Each group on its own circle (members in the order given, spaced about one link length
/// apart on the circumference), the circles packed in rows, largest first. `groups[i]` is node
/// `i`'s group. Returns one position per node.
pub fn circles(groups: &[u32]) -> Vec<[f32; 2]> {
    let mut members: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (i, &g) in groups.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut parts: Vec<Vec<usize>> = members.into_values().collect();
    parts.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let mut positions = vec![[0.0f32; 2]; groups.len()];
    let boxes: Vec<(f32, f32)> = parts
        .iter()
        .map(|m| {
            let d = 2.0 * circle_radius(m.len());
            (d + NAME_ROOM[0], d + NAME_ROOM[1])
        })
        .collect();
    let origins = shelves(&boxes);
    for (m, origin) in parts.iter().zip(origins) {
        let r = circle_radius(m.len());
        let centre = [origin[0] + r + NAME_ROOM[0] / 2.0, origin[1] + r];
        let count = m.len() as f32;
        for (k, &i) in m.iter().enumerate() {
            let angle = std::f32::consts::TAU * k as f32 / count - std::f32::consts::FRAC_PI_2;
            positions[i] = [centre[0] + r * angle.cos(), centre[1] + r * angle.sin()];
        }
    }
    positions
}

/// The radius of a circle holding `count` nodes about one link length apart.
fn circle_radius(count: usize) -> f32 {
    if count <= 1 {
        0.0
    } else {
        (count as f32 * CIRCLE_SPACING / std::f32::consts::TAU).max(IDEAL_EDGE_LENGTH * 0.8)
    }
}

/// Top-left corners for boxes `(width, height)` packed in rows ("shelves") about as wide as
/// the whole is tall, in the order given.
fn shelves(boxes: &[(f32, f32)]) -> Vec<[f32; 2]> {
    let area: f32 = boxes
        .iter()
        .map(|(w, h)| (w + PART_GAP) * (h + PART_GAP))
        .sum();
    let widest = boxes.iter().map(|b| b.0).fold(0.0, f32::max);
    let row_width = area.sqrt().max(widest);
    let (mut x, mut y, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    boxes
        .iter()
        .map(|&(w, h)| {
            if x > 0.0 && x + w > row_width {
                x = 0.0;
                y += row_height + PART_GAP;
                row_height = 0.0;
            }
            let at = [x, y];
            x += w + PART_GAP;
            row_height = row_height.max(h);
            at
        })
        .collect()
}

/// Puts the nodes `loose` in a grid under the others (`placed` marks those already drawn).
fn place_loose_beside(positions: &mut [[f32; 2]], loose: &[usize], placed: &[bool]) {
    if loose.is_empty() {
        return;
    }
    let (mut min_x, mut max_y) = (f32::MAX, f32::MIN);
    for (i, p) in positions.iter().enumerate() {
        if placed[i] {
            min_x = min_x.min(p[0]);
            max_y = max_y.max(p[1]);
        }
    }
    if min_x == f32::MAX {
        (min_x, max_y) = (0.0, -LAYER_GAP_Y);
    }
    let columns = (loose.len() as f32).sqrt().ceil().max(1.0) as usize;
    for (k, &i) in loose.iter().enumerate() {
        positions[i] = [
            min_x + (k % columns) as f32 * LAYER_GAP_X,
            max_y + LAYER_GAP_Y + (k / columns) as f32 * LAYER_GAP_Y * 0.7,
        ];
    }
}

/// Packs the graph's connected parts side by side, largest first in rows, each part keeping
/// its own shape; parts holding a node that may not move (`movable[i]` false) stay where they
/// are, and the packed parts go below them. Single nodes pack as small parts too, so loose
/// actors form a tidy block instead of a ring.
pub fn pack_components(graph: &LayoutGraph, positions: &mut [[f32; 2]], movable: &[bool]) {
    let n = graph.node_count.min(positions.len());
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    }
    for &(a, b) in &graph.edges {
        if (a as usize) < n && (b as usize) < n {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
        }
    }
    let mut parts: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i as u32);
        parts.entry(r).or_default().push(i);
    }
    let (mut still, mut loose): (Vec<Vec<usize>>, Vec<Vec<usize>>) = parts
        .into_values()
        .partition(|m| m.iter().any(|&i| !movable.get(i).copied().unwrap_or(true)));
    if loose.len() + still.len() <= 1 {
        return;
    }
    loose.sort_by_key(|m| std::cmp::Reverse(m.len()));
    let bounds = |m: &[usize], positions: &[[f32; 2]]| {
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for &i in m {
            let p = positions[i];
            lo = [lo[0].min(p[0]), lo[1].min(p[1])];
            hi = [hi[0].max(p[0]), hi[1].max(p[1])];
        }
        (lo, hi)
    };
    let boxes: Vec<(f32, f32)> = loose
        .iter()
        .map(|m| {
            let (lo, hi) = bounds(m, positions);
            (hi[0] - lo[0], hi[1] - lo[1])
        })
        .collect();
    let origins = shelves(&boxes);
    // The packed block is centred under what stays (or on the origin).
    let fixed: Vec<usize> = still.drain(..).flatten().collect();
    let block_width = origins
        .iter()
        .zip(&boxes)
        .map(|(o, b)| o[0] + b.0)
        .fold(0.0, f32::max);
    let offset = if fixed.is_empty() {
        let block_height = origins
            .iter()
            .zip(&boxes)
            .map(|(o, b)| o[1] + b.1)
            .fold(0.0, f32::max);
        [-block_width / 2.0, -block_height / 2.0]
    } else {
        let (lo, hi) = bounds(&fixed, positions);
        [
            (lo[0] + hi[0]) / 2.0 - block_width / 2.0,
            hi[1] + PART_GAP * 2.0,
        ]
    };
    for (m, origin) in loose.iter().zip(origins) {
        let (lo, _) = bounds(m, positions);
        for &i in m {
            positions[i] = [
                positions[i][0] - lo[0] + origin[0] + offset[0],
                positions[i][1] - lo[1] + origin[1] + offset[1],
            ];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_reads_top_down_and_a_cycle_does_not_hang() {
        // persona 0 → group 1 → agency 2 → state 3, and a link back up closing a cycle.
        let p = layered(4, &[(0, 1), (1, 2), (2, 3), (3, 0)], &[0, 0, 0, 0]);
        assert!(
            p[0][1] < p[1][1] && p[1][1] < p[2][1] && p[2][1] < p[3][1],
            "{p:?}"
        );
    }

    #[test]
    fn floors_hold_a_node_down_and_loose_nodes_go_below() {
        // A state (floor 3) linked from a group (floor 1); node 2 is in no link.
        let p = layered(3, &[(0, 1)], &[1, 3, 0]);
        assert!(p[1][1] - p[0][1] >= 2.0 * LAYER_GAP_Y - 0.1, "{p:?}");
        assert!(
            p[2][1] > p[1][1],
            "the loose node is below the layers: {p:?}"
        );
    }

    #[test]
    fn ordering_uncrosses_two_parallel_chains() {
        // Tops 0, 1; bottoms 2 (under 1) and 3 (under 0): the sweeps put 3 left of 2.
        let p = layered(4, &[(0, 3), (1, 2)], &[0, 0, 1, 1]);
        assert_eq!(p[0][0] < p[1][0], p[3][0] < p[2][0], "{p:?}");
    }

    #[test]
    fn circles_keep_groups_apart() {
        let groups = [0, 0, 0, 1, 1, 1, 1];
        let p = circles(&groups);
        let centre = |g: u32| {
            let m: Vec<[f32; 2]> = (0..7).filter(|&i| groups[i] == g).map(|i| p[i]).collect();
            let c = m.iter().fold([0.0, 0.0], |a, q| [a[0] + q[0], a[1] + q[1]]);
            [c[0] / m.len() as f32, c[1] / m.len() as f32]
        };
        let (a, b) = (centre(0), centre(1));
        let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        assert!(d > 2.0 * circle_radius(4), "circles {d} apart");
    }

    #[test]
    fn packing_sets_loose_parts_in_rows_not_a_ring() {
        // A linked pair and 16 single nodes scattered far away.
        let graph = LayoutGraph {
            node_count: 18,
            edges: vec![(0, 1)],
        };
        let mut p: Vec<[f32; 2]> = (0..18)
            .map(|i| {
                let a = i as f32;
                [5000.0 * a.cos(), 5000.0 * a.sin()]
            })
            .collect();
        p[1] = [p[0][0] + 120.0, p[0][1] + 30.0];
        pack_components(&graph, &mut p, &[true; 18]);
        let span = |k: usize| {
            p.iter().map(|q| q[k]).fold(f32::MIN, f32::max)
                - p.iter().map(|q| q[k]).fold(f32::MAX, f32::min)
        };
        // 17 parts in a block of rows, not spread over a 10,000-unit ring.
        assert!(
            span(0) < 1_000.0 && span(1) < 1_000.0,
            "{} × {}",
            span(0),
            span(1)
        );
        // The pair keeps its shape.
        assert_eq!([p[1][0] - p[0][0], p[1][1] - p[0][1]], [120.0, 30.0]);
    }

    #[test]
    fn a_part_with_a_pinned_node_stays() {
        let graph = LayoutGraph {
            node_count: 3,
            edges: vec![(0, 1)],
        };
        let mut p = vec![[10.0, 10.0], [130.0, 10.0], [900.0, 900.0]];
        pack_components(&graph, &mut p, &[false, true, true]);
        assert_eq!(p[0], [10.0, 10.0]);
        assert_eq!(p[1], [130.0, 10.0]);
        assert!(p[2][1] > 10.0, "the loose node goes below what stays");
    }
}
