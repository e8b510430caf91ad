//! The Barnes–Hut quadtree: built fresh each iteration by partitioning an index array (no
//! per-node allocation), then walked per node to sum repulsion, treating a cell that is small
//! and far enough (size / distance < θ) as one mass at its centre.

/// Cells whose size over distance is below this are taken as one mass.
const THETA: f32 = 0.9;
/// Cells with this many points or fewer are leaves summed point by point.
const LEAF_SIZE: usize = 8;
/// Deeper than this, points are (nearly) coincident: stop splitting.
const MAX_DEPTH: u32 = 24;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Centre of mass and mass (point count).
    mass_x: f32,
    mass_y: f32,
    mass: f32,
    /// Side length of the cell's square.
    size: f32,
    /// Children (index of the first of 4 consecutive cells, or 0 for a leaf) and, for a leaf,
    /// its points as a range of `order`.
    first_child: u32,
    start: u32,
    end: u32,
}

pub struct QuadTree {
    cells: Vec<Cell>,
    /// Point indices, grouped by leaf.
    order: Vec<u32>,
}

impl QuadTree {
    pub fn build(positions: &[[f32; 2]]) -> Self {
        let mut order: Vec<u32> = (0..positions.len() as u32).collect();
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in positions {
            min_x = min_x.min(p[0]);
            min_y = min_y.min(p[1]);
            max_x = max_x.max(p[0]);
            max_y = max_y.max(p[1]);
        }
        let size = (max_x - min_x).max(max_y - min_y).max(1.0);
        let mut tree = QuadTree {
            cells: Vec::with_capacity(positions.len() / 2 + 8),
            order: Vec::new(),
        };
        tree.cells.push(Cell {
            mass_x: 0.0,
            mass_y: 0.0,
            mass: 0.0,
            size,
            first_child: 0,
            start: 0,
            end: 0,
        });
        if !positions.is_empty() {
            tree.split(0, positions, &mut order, 0, [min_x, min_y], size, 0);
        }
        tree.order = order;
        tree
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "a recursive build step over one cell's bounds"
    )]
    fn split(
        &mut self,
        cell: usize,
        positions: &[[f32; 2]],
        order: &mut [u32],
        offset: usize,
        corner: [f32; 2],
        size: f32,
        depth: u32,
    ) {
        let (mut sx, mut sy) = (0f32, 0f32);
        for &i in order.iter() {
            sx += positions[i as usize][0];
            sy += positions[i as usize][1];
        }
        let mass = order.len() as f32;
        self.cells[cell].mass_x = sx / mass;
        self.cells[cell].mass_y = sy / mass;
        self.cells[cell].mass = mass;
        self.cells[cell].size = size;
        if order.len() <= LEAF_SIZE || depth >= MAX_DEPTH {
            self.cells[cell].start = offset as u32;
            self.cells[cell].end = (offset + order.len()) as u32;
            return;
        }
        let half = size / 2.0;
        let mid = [corner[0] + half, corner[1] + half];
        // Partition into quadrants: x < mid, then y < mid within each half.
        let right = partition(order, |i| positions[i as usize][0] >= mid[0]);
        let (left_part, right_part) = order.split_at_mut(right);
        let left_top = partition(left_part, |i| positions[i as usize][1] >= mid[1]);
        let right_top = partition(right_part, |i| positions[i as usize][1] >= mid[1]);
        let first = self.cells.len();
        self.cells[cell].first_child = first as u32;
        for _ in 0..4 {
            self.cells.push(Cell {
                mass_x: 0.0,
                mass_y: 0.0,
                mass: 0.0,
                size: half,
                first_child: 0,
                start: 0,
                end: 0,
            });
        }
        let (a, b) = left_part.split_at_mut(left_top);
        let (c, d) = right_part.split_at_mut(right_top);
        let quadrants: [(&mut [u32], usize, [f32; 2]); 4] = [
            (a, offset, corner),
            (b, offset + left_top, [corner[0], mid[1]]),
            (c, offset + right, [mid[0], corner[1]]),
            (d, offset + right + right_top, mid),
        ];
        for (q, (points, at, q_corner)) in quadrants.into_iter().enumerate() {
            if !points.is_empty() {
                self.split(first + q, positions, points, at, q_corner, half, depth + 1);
            }
        }
    }

    /// Every point, in leaf order.
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// The repulsive displacement on point `i` from all others: Σ k²/d along the unit vector,
    /// i.e. k² · (dx, dy) / d².
    pub fn repulsion(&self, positions: &[[f32; 2]], i: usize, k2: f32) -> [f32; 2] {
        let [px, py] = positions[i];
        let (mut fx, mut fy) = (0f32, 0f32);
        // Depth ≤ MAX_DEPTH and 3 cells left behind per level: a fixed stack is enough.
        let mut stack = [0u32; 4 * MAX_DEPTH as usize + 8];
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let c = stack[top];
            let cell = &self.cells[c as usize];
            if cell.mass == 0.0 {
                continue;
            }
            let dx = px - cell.mass_x;
            let dy = py - cell.mass_y;
            let d2 = dx * dx + dy * dy;
            if cell.first_child == 0 {
                for &j in &self.order[cell.start as usize..cell.end as usize] {
                    if j as usize == i {
                        continue;
                    }
                    let [qx, qy] = positions[j as usize];
                    let (mut dx, mut dy) = (px - qx, py - qy);
                    let mut d2 = dx * dx + dy * dy;
                    if d2 < 1e-4 {
                        // Coincident points: push apart along a direction fixed by the pair.
                        let angle = ((i as u32).wrapping_mul(2654435761) ^ j) as f32;
                        dx = angle.cos() * 0.01;
                        dy = angle.sin() * 0.01;
                        d2 = 1e-4;
                    }
                    fx += dx * k2 / d2;
                    fy += dy * k2 / d2;
                }
            } else if cell.size * cell.size < THETA * THETA * d2 {
                fx += dx * k2 * cell.mass / d2;
                fy += dy * k2 * cell.mass / d2;
            } else {
                let first = cell.first_child;
                stack[top..top + 4].copy_from_slice(&[first, first + 1, first + 2, first + 3]);
                top += 4;
            }
        }
        [fx, fy]
    }
}

/// Moves the items for which `is_second` is false to the front; returns how many there are.
fn partition(items: &mut [u32], is_second: impl Fn(u32) -> bool) -> usize {
    let mut front = 0;
    for i in 0..items.len() {
        if !is_second(items[i]) {
            items.swap(front, i);
            front += 1;
        }
    }
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_approximation_is_close_to_the_exact_sum() {
        let mut rng = super::super::SplitMix64(4);
        let positions: Vec<[f32; 2]> = (0..2000)
            .map(|_| [rng.next_f32() * 5000.0, rng.next_f32() * 5000.0])
            .collect();
        let tree = QuadTree::build(&positions);
        let k2 = 8100.0;
        for i in [0, 17, 999, 1999] {
            let approx = tree.repulsion(&positions, i, k2);
            let mut exact = [0f32; 2];
            for (j, q) in positions.iter().enumerate() {
                if j != i {
                    let (dx, dy) = (positions[i][0] - q[0], positions[i][1] - q[1]);
                    let d2 = dx * dx + dy * dy;
                    exact[0] += dx * k2 / d2;
                    exact[1] += dy * k2 / d2;
                }
            }
            let error = ((approx[0] - exact[0]).powi(2) + (approx[1] - exact[1]).powi(2)).sqrt();
            let size = (exact[0].powi(2) + exact[1].powi(2)).sqrt();
            assert!(
                error < 0.25 * size + 1.0,
                "node {i}: approx {approx:?} exact {exact:?}"
            );
        }
    }
}
