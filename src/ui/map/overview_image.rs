//! The whole map as one image, for a view of a case too big to draw line by line each frame:
//! drawn as a job into a raster (how many lines cross each texel, the colour of any node), then
//! shown as a texture and scaled until the zoom changes enough to draw it again.

use super::{MapView, color};
use egui::{Color32, Pos2, Rect, Vec2, pos2};

impl MapView {
    /// Starts drawing the whole map into an image at `zoom` (map units from `min`) as a job:
    /// plain lines and squares, no line styles or shapes (they cannot be told apart at that
    /// scale; they return on zooming in).
    #[allow(
        clippy::too_many_arguments,
        reason = "everything the worker needs, copied once"
    )]
    pub(super) fn start_overview_image(
        &self,
        ctx: &egui::Context,
        key: super::OverviewKey,
        zoom: f32,
        min: [f32; 2],
        size: Vec2,
        area: Rect,
        edge_base: Color32,
    ) -> super::OverviewJob {
        let at = |p: [f32; 2]| pos2((p[0] - min[0]) * zoom, (p[1] - min[1]) * zoom);
        let nodes: Vec<(Pos2, f32, Color32)> = self
            .figure
            .nodes
            .iter()
            .map(|n| (at(n.position), (n.radius * zoom).max(1.5), color(n.fill)))
            .collect();
        let edges: Vec<(u32, u32)> = self
            .figure
            .edges
            .iter()
            .map(|e| (e.from as u32, e.to as u32))
            .collect();
        let mut runner = crate::ui::job_runner::JobRunner::new(ctx);
        runner.spawn((), "Drawing the map overview", true, move |work| {
            let mut raster = Raster::new(size);
            for (i, (a, b)) in edges.into_iter().enumerate() {
                if i % 4096 == 0 {
                    work.check()?; // a newer image is wanted
                }
                raster.line(nodes[a as usize].0, nodes[b as usize].0);
            }
            for (centre, r, colour) in nodes {
                raster.square(centre, r, colour);
            }
            Ok(raster.into_image(edge_base))
        });
        super::OverviewJob {
            key,
            zoom,
            area,
            runner,
        }
    }
}

/// With more relationships than this, the whole-map view is drawn from a cached image.
pub(super) const CACHE_LIMIT: usize = 20_000;
/// The largest side of that image, in texels; a bigger view is drawn the ordinary way.
pub(super) const MAX_OVERVIEW_SIDE: f32 = 4096.0;

/// A picture of the map, one texel per screen point: how many lines cross each texel, and the
/// colour of any node drawn there.
struct Raster {
    width: usize,
    height: usize,
    coverage: Vec<u16>,
    nodes: Vec<Color32>,
}

impl Raster {
    fn new(size: Vec2) -> Self {
        let width = size.x.ceil().clamp(1.0, MAX_OVERVIEW_SIDE) as usize + 1;
        let height = size.y.ceil().clamp(1.0, MAX_OVERVIEW_SIDE) as usize + 1;
        Raster {
            width,
            height,
            coverage: vec![0; width * height],
            nodes: vec![Color32::TRANSPARENT; width * height],
        }
    }

    /// A one-texel line from `a` to `b`, clipped to the picture.
    fn line(&mut self, a: Pos2, b: Pos2) {
        let steps = (b.x - a.x)
            .abs()
            .max((b.y - a.y).abs())
            .ceil()
            .min(16_384.0) as i32;
        if steps == 0 {
            return;
        }
        let (dx, dy) = ((b.x - a.x) / steps as f32, (b.y - a.y) / steps as f32);
        let (w, h) = (self.width as f32, self.height as f32);
        for s in 0..=steps {
            let (x, y) = (a.x + dx * s as f32, a.y + dy * s as f32);
            if x >= 0.0 && y >= 0.0 && x < w && y < h {
                let i = y as usize * self.width + x as usize;
                self.coverage[i] = self.coverage[i].saturating_add(1);
            }
        }
    }

    /// A filled square of half-side `r` around `c`.
    fn square(&mut self, c: Pos2, r: f32, colour: Color32) {
        let clamp = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
        let (x0, x1) = (
            clamp((c.x - r).floor(), self.width),
            clamp((c.x + r).ceil(), self.width),
        );
        let (y0, y1) = (
            clamp((c.y - r).floor(), self.height),
            clamp((c.y + r).ceil(), self.height),
        );
        for y in y0..y1 {
            self.nodes[y * self.width + x0..y * self.width + x1].fill(colour);
        }
    }

    /// The picture: nodes over lines, lines darker where more of them cross.
    fn into_image(self, line: Color32) -> egui::ColorImage {
        let pixels = self
            .coverage
            .iter()
            .zip(&self.nodes)
            .map(|(&count, &node)| {
                if node != Color32::TRANSPARENT {
                    node
                } else if count == 0 {
                    Color32::TRANSPARENT
                } else {
                    line.gamma_multiply((0.45 + 0.15 * count as f32).min(1.0))
                }
            })
            .collect();
        egui::ColorImage::new([self.width, self.height], pixels)
    }
}
