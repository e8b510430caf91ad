//! Where labels go on a figure so that they do not cover each other or the actors: labels are
//! placed in order of importance, each at the first of its candidate spots (under its actor,
//! then above it; along a relationship at its middle, then further towards either end) that
//! overlaps nothing placed before. What fits nowhere is left out, or for an actor's
//! name, which identifies it, put at its first spot anyway.
//!
//! The same placer serves the screen (in screen points, with measured text) and the SVG
//! export (in figure units, with estimated text), so both declutter alike.

use std::collections::HashMap;

/// A box by its centre and half its size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub centre: [f32; 2],
    pub half: [f32; 2],
}

impl LabelBox {
    pub fn new(centre: [f32; 2], size: [f32; 2]) -> Self {
        LabelBox {
            centre,
            half: [size[0] / 2.0, size[1] / 2.0],
        }
    }

    fn overlaps(&self, other: &LabelBox) -> bool {
        (self.centre[0] - other.centre[0]).abs() < self.half[0] + other.half[0]
            && (self.centre[1] - other.centre[1]).abs() < self.half[1] + other.half[1]
    }

    fn min(&self) -> [f32; 2] {
        [self.centre[0] - self.half[0], self.centre[1] - self.half[1]]
    }

    fn max(&self) -> [f32; 2] {
        [self.centre[0] + self.half[0], self.centre[1] + self.half[1]]
    }
}

/// The width of `text` at `font_size`, estimated where it cannot be measured (SVG): about
/// 0.56 em per character for the sans-serif fonts figures use.
pub fn estimated_width(text: &str, font_size: f32) -> f32 {
    text.chars().count() as f32 * font_size * 0.56
}

/// The spots tried for an actor's name of `height` at a node of radius `r` at `centre`: under
/// the actor, then above it.
pub fn node_label_spots(centre: [f32; 2], r: f32, height: f32) -> [[f32; 2]; 2] {
    let gap = r + 2.0 + height / 2.0;
    [[centre[0], centre[1] + gap], [centre[0], centre[1] - gap]]
}

/// Where along a relationship its label may go, as the curve's parameter: the middle first,
/// then further towards either end.
pub const EDGE_LABEL_POSITIONS: [f32; 5] = [0.5, 0.36, 0.64, 0.24, 0.76];

/// Boxes already taken, in a coarse grid so a figure with thousands of labels places them in
/// about linear time.
pub struct LabelPlacer {
    cell: f32,
    boxes: Vec<LabelBox>,
    grid: HashMap<(i32, i32), Vec<u32>>,
    /// Boxes spanning more than [`MAX_CELLS`] cells across, checked one by one.
    large: Vec<u32>,
}

/// The widest span of cells a box is filed under; wider boxes are kept apart.
const MAX_CELLS: i32 = 16;

impl LabelPlacer {
    /// A placer for boxes of about `typical_size` (the grid's cell size follows it).
    pub fn new(typical_size: f32) -> Self {
        LabelPlacer {
            cell: typical_size.max(1.0),
            boxes: Vec::new(),
            grid: HashMap::new(),
            large: Vec::new(),
        }
    }

    /// The cells `b` lies in, or `None` if it spans too many.
    fn cells(&self, b: &LabelBox) -> Option<impl Iterator<Item = (i32, i32)> + use<>> {
        let cell = self.cell;
        let [x0, y0] = b.min().map(|v| (v / cell).floor() as i32);
        let [x1, y1] = b.max().map(|v| (v / cell).floor() as i32);
        if x1.saturating_sub(x0) > MAX_CELLS || y1.saturating_sub(y0) > MAX_CELLS {
            return None;
        }
        Some((x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y))))
    }

    /// Whether `b` overlaps a box already taken.
    pub fn is_free(&self, b: &LabelBox) -> bool {
        let clear = |ids: &[u32]| ids.iter().all(|&i| !self.boxes[i as usize].overlaps(b));
        if !clear(&self.large) {
            return false;
        }
        match self.cells(b) {
            Some(mut cells) => cells.all(|key| self.grid.get(&key).is_none_or(|ids| clear(ids))),
            None => self.boxes.iter().all(|other| !other.overlaps(b)),
        }
    }

    /// Takes `b`, whatever it overlaps (an actor's outline, a label that must be shown).
    pub fn take(&mut self, b: LabelBox) {
        let id = self.boxes.len() as u32;
        match self.cells(&b) {
            Some(cells) => {
                for key in cells {
                    self.grid.entry(key).or_default().push(id);
                }
            }
            None => self.large.push(id),
        }
        self.boxes.push(b);
    }

    /// The first of `spots` where a label of `size` overlaps nothing taken; takes it.
    pub fn place(&mut self, spots: &[[f32; 2]], size: [f32; 2]) -> Option<[f32; 2]> {
        let spot = spots
            .iter()
            .copied()
            .find(|&c| self.is_free(&LabelBox::new(c, size)))?;
        self.take(LabelBox::new(spot, size));
        Some(spot)
    }

    /// As [`place`](Self::place), but a label that fits nowhere goes to its first spot anyway.
    pub fn place_or_first(&mut self, spots: &[[f32; 2]], size: [f32; 2]) -> [f32; 2] {
        self.place(spots, size).unwrap_or_else(|| {
            let first = spots[0];
            self.take(LabelBox::new(first, size));
            first
        })
    }
}

/// A map label to place: the spots it may take (the first preferred) and its size.
pub struct LabelWant {
    pub spots: Vec<[f32; 2]>,
    pub size: [f32; 2],
}

/// Where the map's labels go, the same on screen and in the SVG: no label covers an actor's
/// disc (`discs`: centre and radius) or another label; each node's name is placed, in the
/// order given, at its first free spot (or its first spot when none is free); then each
/// relationship's label, in the order given, where there is room (else left out, `None`).
pub fn place_map_labels(
    discs: impl Iterator<Item = ([f32; 2], f32)>,
    nodes: &[LabelWant],
    edges: &[LabelWant],
) -> (Vec<[f32; 2]>, Vec<Option<[f32; 2]>>) {
    let mut placer = LabelPlacer::new(48.0);
    for (centre, r) in discs {
        placer.take(LabelBox::new(centre, [r * 2.0; 2]));
    }
    let nodes = nodes
        .iter()
        .map(|l| placer.place_or_first(&l.spots, l.size))
        .collect();
    let edges = edges
        .iter()
        .map(|l| placer.place(&l.spots, l.size))
        .collect();
    (nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_moves_to_its_next_spot_and_is_left_out_when_none_is_free() {
        let mut placer = LabelPlacer::new(20.0);
        // An actor's outline is taken first.
        placer.take(LabelBox::new([0.0, 0.0], [20.0, 20.0]));
        let spots = [[0.0, 20.0], [0.0, -20.0]];
        assert_eq!(placer.place(&spots, [60.0, 12.0]), Some([0.0, 20.0]));
        assert_eq!(
            placer.place(&spots, [60.0, 12.0]),
            Some([0.0, -20.0]),
            "the second label goes above"
        );
        assert_eq!(placer.place(&spots, [60.0, 12.0]), None, "no room left");
        assert_eq!(placer.place_or_first(&spots, [60.0, 12.0]), [0.0, 20.0]);
        // Far away there is room; touching edges do not count as overlapping.
        assert!(placer.place(&[[500.0, 500.0]], [60.0, 12.0]).is_some());
        assert!(placer.is_free(&LabelBox::new([0.0, 36.0], [60.0, 20.0])));
        assert!(!placer.is_free(&LabelBox::new([0.0, 35.0], [60.0, 20.0])));
    }

    #[test]
    fn overlap_is_found_across_grid_cells_and_for_huge_or_negative_boxes() {
        let mut placer = LabelPlacer::new(10.0);
        placer.take(LabelBox::new([-95.0, -95.0], [400.0, 8.0]));
        assert!(!placer.is_free(&LabelBox::new([90.0, -95.0], [4.0, 4.0])));
        assert!(placer.is_free(&LabelBox::new([90.0, -80.0], [4.0, 4.0])));
        placer.take(LabelBox::new([0.0, 0.0], [1.0e9, 1.0e9]));
        assert!(!placer.is_free(&LabelBox::new([3.0, 3.0], [1.0, 1.0])));
    }

    #[test]
    fn widths_are_estimated_per_character_not_per_byte() {
        assert_eq!(
            estimated_width("Tirana", 10.0),
            estimated_width("Tiranë", 10.0)
        );
        assert!(estimated_width("Homeland Justice", 12.0) > estimated_width("Iran", 12.0));
    }
}
