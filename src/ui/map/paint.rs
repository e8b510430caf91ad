//! Painting the map: culling to the view, level of detail (an overview mesh when too much is in
//! view to tell styles apart), edges with their line styles and arrowheads, node shapes, labels
//! on halos, the legend, and the tooltip's content.

use super::overview_image::{CACHE_LIMIT, MAX_OVERVIEW_SIDE};
use super::{DETAIL_LIMIT, Drag, EDGE_LABEL_ZOOM, LABEL_ZOOM, MAX_LABELS, MapView, color, to_pos};
use crate::figure::labels::{EDGE_LABEL_POSITIONS, LabelWant, node_label_spots, place_map_labels};
use crate::figure::map::{LegendItem, MapFigure};
use crate::figure::{LineStyle, NodeShape};
use crate::model::{Case, Id};
use crate::ui::script;
use egui::{Color32, Pos2, Rect, Shape, Stroke, Ui, Vec2, pos2, vec2};
use std::collections::BTreeSet;

/// An actor's name waiting to be placed.
struct NodeLabel {
    /// Placed before the others (the selection and what it touches).
    first: bool,
    centre: Pos2,
    radius: f32,
    text: String,
    colour: Color32,
}

/// A relationship's label waiting to be placed, with the spots along its curve it may take.
struct EdgeLabel {
    first: bool,
    /// Index into the figure's edges, for [`crate::figure::map::MapEdge::label_precedence`].
    edge: usize,
    spots: [Pos2; EDGE_LABEL_POSITIONS.len()],
    text: String,
    colour: Color32,
}

/// Places and paints the labels on halos so they read over lines: the actors' outlines are
/// taken first, then the names (the selection's first; a name with no free spot still goes
/// under its actor), then relationship labels where they cover nothing (the selection's
/// first). The same placement as the SVG export, in screen points with measured text.
fn paint_labels(
    painter: &egui::Painter,
    figure: &MapFigure,
    discs: impl Iterator<Item = (Pos2, f32)>,
    mut nodes: Vec<NodeLabel>,
    mut edges: Vec<EdgeLabel>,
    halo: Color32,
) {
    if nodes.is_empty() && edges.is_empty() {
        // Zoomed out past labels: nothing to place among the outlines.
        return;
    }
    // Stable sorts: within each rank, the figure's order.
    nodes.sort_by_key(|l| !l.first);
    edges.sort_by(|a, b| {
        b.first
            .cmp(&a.first)
            .then_with(|| figure.edges[a.edge].label_precedence(&figure.edges[b.edge]))
    });
    // Text is measured by egui here, so placement uses the exact sizes; the rules are the
    // figure's own (`place_map_labels`), as the SVG export uses them.
    let layout = |text: &str, base, size: f32, colour| {
        painter.layout_job(script::layout_job(
            painter.ctx(),
            text,
            base,
            egui::FontId::proportional(size),
            colour,
        ))
    };
    let node_galleys: Vec<_> = nodes
        .iter()
        .map(|l| layout(&l.text, script::Base::FirstStrong, 12.0, l.colour))
        .collect();
    let edge_galleys: Vec<_> = edges
        .iter()
        .map(|l| layout(&l.text, script::Base::LeftToRight, 10.0, l.colour))
        .collect();
    let node_wants: Vec<LabelWant> = nodes
        .iter()
        .zip(&node_galleys)
        .map(|(l, g)| {
            let size = g.size() + vec2(2.0, 2.0);
            LabelWant {
                spots: node_label_spots(l.centre.into(), l.radius, size.y).to_vec(),
                size: size.into(),
            }
        })
        .collect();
    let edge_wants: Vec<LabelWant> = edges
        .iter()
        .zip(&edge_galleys)
        .map(|(l, g)| LabelWant {
            spots: l.spots.map(<[f32; 2]>::from).to_vec(),
            size: (g.size() + vec2(2.0, 2.0)).into(),
        })
        .collect();
    let (node_spots, edge_spots) = place_map_labels(
        discs.map(|(centre, r)| (centre.into(), r)),
        &node_wants,
        &edge_wants,
    );
    let placed = node_spots
        .into_iter()
        .map(Some)
        .zip(node_galleys.into_iter().zip(nodes.iter().map(|l| l.colour)))
        .chain(
            edge_spots
                .into_iter()
                .zip(edge_galleys.into_iter().zip(edges.iter().map(|l| l.colour))),
        )
        .filter_map(|(at, (galley, colour))| Some((Pos2::from(at?), galley, colour)));
    for (at, galley, colour) in placed {
        let text_rect = Rect::from_center_size(at, galley.size());
        painter.rect_filled(text_rect.expand(1.0), 2.0, halo);
        painter.galley(text_rect.min, galley, colour);
    }
}

impl MapView {
    pub(super) fn paint(
        &self,
        ui: &Ui,
        painter: &egui::Painter,
        case: &Case,
        primary: Option<&Id>,
    ) {
        let visuals = ui.visuals();
        let rect = painter.clip_rect();
        let view_min = self.to_map(rect.min);
        let view_max = self.to_map(rect.max);
        let in_view = |p: [f32; 2], margin: f32| {
            p[0] >= view_min[0] - margin
                && p[0] <= view_max[0] + margin
                && p[1] >= view_min[1] - margin
                && p[1] <= view_max[1] + margin
        };

        // What is highlighted: the selection and its neighbours.
        let mut highlighted: BTreeSet<usize> = self.selected_nodes(primary).into_iter().collect();
        let selected_edge =
            primary.and_then(|id| self.figure.edges.iter().position(|e| &e.id == id));
        let focus = !highlighted.is_empty() || selected_edge.is_some();
        let mut lit_edges = BTreeSet::new();
        if focus {
            let chosen = highlighted.clone();
            for (i, e) in self.figure.edges.iter().enumerate() {
                if chosen.contains(&e.from) || chosen.contains(&e.to) || Some(i) == selected_edge {
                    lit_edges.insert(i);
                    highlighted.insert(e.from);
                    highlighted.insert(e.to);
                }
            }
        }
        let dim = |c: Color32, lit: bool| {
            if focus && !lit {
                c.gamma_multiply(0.25)
            } else {
                c
            }
        };
        let edge_base = visuals.text_color().gamma_multiply(0.55);
        let disputed = Color32::from_rgb(0xd0, 0x5c, 0xb0);
        let candidate = Color32::from_rgb(0xe0, 0x8a, 0x1e);
        let accent = Color32::from_rgb(0xff, 0xc8, 0x3d);

        // A large map seen whole, with nothing selected: the picture only changes with the
        // zoom, so it is built once in map units and moved into place each frame.
        if self.figure.edges.len() > CACHE_LIMIT && self.zoom < 0.2 && !focus {
            // The image is redrawn only when the zoom has moved more than 1.6× from the one it
            // was drawn at; in between it is scaled.
            let key = (self.built_for, edge_base);
            let zoom = self.zoom;
            let (min, max) = self.figure.bounds();
            let size = vec2(max[0] - min[0], max[1] - min[1]) * zoom;
            // Only when the whole map is about the canvas's size or smaller: zoomed further in,
            // the ordinary drawing culls what is off screen and is cheaper.
            let small = size.x <= (2.0 * rect.width()).min(MAX_OVERVIEW_SIDE)
                && size.y <= (2.0 * rect.height()).min(MAX_OVERVIEW_SIDE);
            if small {
                let area = Rect::from_min_max(to_pos(min), to_pos(max));
                let mut cache = self.overview_cache.borrow_mut();
                let mut job = self.overview_job.borrow_mut();
                // A finished image replaces the one shown.
                if let Some(done) = job.as_mut().and_then(|j| {
                    let finished = j.runner.finished().pop()?;
                    match finished.outcome {
                        crate::ui::job_runner::Outcome::Done(image) => {
                            Some((j.key, j.zoom, j.area, image))
                        }
                        _ => None,
                    }
                }) {
                    let (k, drawn_at, drawn_area, image) = done;
                    let texture =
                        ui.ctx()
                            .load_texture("map-overview", image, egui::TextureOptions::LINEAR);
                    *cache = Some((k, drawn_at, texture, drawn_area));
                    *job = None;
                }
                let usable = cache.as_ref().filter(|(k, ..)| *k == key);
                let sharp = usable.is_some_and(|(_, drawn_at, ..)| {
                    (1.0 / 1.6..=1.6).contains(&(zoom / drawn_at))
                });
                let waiting = job
                    .as_ref()
                    .is_some_and(|j| j.key == key && (1.0 / 1.6..=1.6).contains(&(zoom / j.zoom)));
                if !sharp && !waiting {
                    // Draw the new image on a worker; until it comes, the old one is scaled.
                    if let Some(old) = job.as_ref() {
                        old.runner.cancel_all();
                    }
                    *job = Some(self.start_overview_image(
                        ui.ctx(),
                        key,
                        zoom,
                        min,
                        size,
                        area,
                        edge_base,
                    ));
                }
                if let Some((_, _, texture, drawn_area)) = usable {
                    let on_screen = Rect::from_min_max(
                        self.to_screen([drawn_area.min.x, drawn_area.min.y]),
                        self.to_screen([drawn_area.max.x, drawn_area.max.y]),
                    );
                    let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                    painter.image(texture.id(), on_screen, uv, Color32::WHITE);
                    drop((cache, job));
                    self.paint_drag(ui, painter, case, accent);
                    return;
                }
                // No image of this map yet: draw it the ordinary way meanwhile.
            }
        }

        // Cull to the view first; how much is in view decides the level of detail.
        let crosses_view = |a: [f32; 2], b: [f32; 2]| {
            a[0].min(b[0]) <= view_max[0]
                && a[0].max(b[0]) >= view_min[0]
                && a[1].min(b[1]) <= view_max[1]
                && a[1].max(b[1]) >= view_min[1]
        };
        // Every node's place on screen, computed once.
        let screen: Vec<Pos2> = self
            .figure
            .nodes
            .iter()
            .map(|n| self.to_screen(n.position))
            .collect();
        let view = rect.expand(2.0);
        let visible_edges: Vec<usize> = (0..self.figure.edges.len())
            .filter(|&i| {
                let e = &self.figure.edges[i];
                let (a, b) = (screen[e.from], screen[e.to]);
                view.contains(a) || view.contains(b) || {
                    let (pa, pb) = (
                        self.figure.nodes[e.from].position,
                        self.figure.nodes[e.to].position,
                    );
                    crosses_view(pa, pb)
                }
            })
            .collect();
        let visible_nodes: Vec<usize> = (0..self.figure.nodes.len())
            .filter(|&i| {
                in_view(
                    self.figure.nodes[i].position,
                    self.figure.nodes[i].radius + 2.0,
                )
            })
            .collect();
        // Overview: too much in view to tell line styles or shapes apart. Everything goes into
        // one mesh of plain lines and squares; styles, arrows and outlines come back on zooming.
        let overview_edges = visible_edges.len() > DETAIL_LIMIT || self.zoom < 0.2;
        let overview_nodes = visible_nodes.len() > DETAIL_LIMIT;
        let clip = rect.expand(20.0);

        let mut mesh = egui::Mesh::default();
        // Room for a quad per edge and node (more if dashed), so the mesh is not regrown.
        let quads = visible_edges.len() * if overview_edges { 1 } else { 8 } + visible_nodes.len();
        mesh.vertices.reserve(quads * 4);
        mesh.indices.reserve(quads * 6);
        let mut shapes: Vec<Shape> = Vec::new();
        let segments = if self.zoom > 0.3 { 16 } else { 4 };
        let edge_labels_shown = self.zoom >= EDGE_LABEL_ZOOM && visible_edges.len() < 2_000;
        // Labels wait until every shape is known, then are placed so none covers another.
        let mut edge_labels: Vec<EdgeLabel> = Vec::new();
        let mut node_labels: Vec<NodeLabel> = Vec::new();
        for &i in &visible_edges {
            let edge = &self.figure.edges[i];
            let lit = lit_edges.contains(&i);
            let base = match edge.style {
                LineStyle::DashDot => disputed,
                LineStyle::Candidate => candidate,
                _ => edge_base,
            };
            let colour = if Some(i) == selected_edge {
                accent
            } else {
                dim(base, lit)
            };
            if overview_edges && Some(i) != selected_edge {
                // Straight, centre to centre; lines shorter than a pixel are not drawn.
                let (a, b) = (screen[edge.from], screen[edge.to]);
                if (a - b).length_sq() > 1.0 {
                    mesh_segment(&mut mesh, a, b, 0.8, colour);
                }
                continue;
            }
            let curve = self.figure.curve(edge);
            let width = (edge.width * self.zoom.sqrt()).clamp(0.6, 6.0)
                * if Some(i) == selected_edge { 1.6 } else { 1.0 };
            let path: Vec<Pos2> = curve
                .polyline(segments)
                .into_iter()
                .map(|p| self.to_screen(p))
                .collect();
            let stroke = Stroke::new(width, colour);
            for run in clip_polyline(&path, clip) {
                match edge.style.dashes() {
                    None => shapes.push(Shape::line(run, stroke)),
                    Some(pattern) => {
                        // Dashes go straight into the mesh: thousands of short pieces cost
                        // little there. At least 2 points each, so they stay visible.
                        let scaled: Vec<f32> =
                            pattern.iter().map(|d| (d * width).max(2.0)).collect();
                        mesh_dashed(&mut mesh, &run, width.max(1.0), colour, &scaled);
                    }
                }
            }
            if edge.directed && self.zoom > 0.15 && clip.contains(self.to_screen(curve.end)) {
                let head = curve.arrowhead((7.0 + edge.width * 1.5) / self.zoom.max(0.5));
                shapes.push(Shape::convex_polygon(
                    head.iter().map(|p| self.to_screen(*p)).collect(),
                    colour,
                    Stroke::NONE,
                ));
            }
            if edge_labels_shown && (lit || !focus) {
                edge_labels.push(EdgeLabel {
                    first: lit || Some(i) == selected_edge,
                    edge: i,
                    spots: EDGE_LABEL_POSITIONS.map(|t| self.to_screen(curve.point(t))),
                    text: edge.label.clone(),
                    colour,
                });
            }
        }

        let node_labels_shown = self.zoom >= LABEL_ZOOM;
        let text = visuals.strong_text_color();
        let mut label_count = 0;
        // A TLP chip on each actor marked apart from the case, where labels are shown.
        let mut chips: Vec<(Pos2, crate::tradecraft::Tlp)> = Vec::new();
        for &i in &visible_nodes {
            let node = &self.figure.nodes[i];
            let lit = highlighted.contains(&i);
            let centre = screen[i];
            let r = (node.radius * self.zoom).max(1.5);
            let fill = dim(color(node.fill), lit);
            let chosen = primary == Some(&node.id) || self.selected.contains(&node.id);
            let outline = if chosen {
                Stroke::new(3.0, accent)
            } else if node.pinned {
                Stroke::new(2.0, dim(text, lit))
            } else {
                Stroke::new(1.0, dim(visuals.window_stroke.color, lit))
            };
            if (overview_nodes || r < 3.0) && !chosen {
                mesh.add_colored_rect(Rect::from_center_size(centre, Vec2::splat(r * 2.0)), fill);
            } else if node.shape == NodeShape::Circle {
                shapes.push(Shape::circle_filled(centre, r, fill));
                shapes.push(Shape::circle_stroke(centre, r, outline));
            } else {
                let outline_points: Vec<Pos2> = node
                    .shape
                    .outline([0.0, 0.0], r)
                    .into_iter()
                    .map(|p| centre + vec2(p[0], p[1]))
                    .collect();
                shapes.push(Shape::convex_polygon(outline_points, fill, outline));
            }
            if node_labels_shown
                && let Some(actor) = case.actors.get(node.actor_index)
                && actor.marking.level(case.tlp) != case.tlp
            {
                chips.push((
                    centre + vec2(r * 0.8, -r * 0.9),
                    actor.marking.level(case.tlp),
                ));
            }
            if node_labels_shown && label_count < MAX_LABELS && (lit || !focus || self.zoom > 0.8) {
                label_count += 1;
                node_labels.push(NodeLabel {
                    first: chosen || (focus && lit),
                    centre,
                    radius: r,
                    text: node.label.clone(),
                    colour: dim(text, lit),
                });
            }
        }
        painter.add(Shape::mesh(mesh));
        painter.extend(shapes);

        let halo = visuals.extreme_bg_color.gamma_multiply(0.85);
        let discs = visible_nodes.iter().map(|&i| {
            let r = (self.figure.nodes[i].radius * self.zoom).max(1.5);
            (screen[i], r)
        });
        paint_labels(painter, &self.figure, discs, node_labels, edge_labels, halo);
        for (at, tlp) in chips {
            let galley = painter.layout_no_wrap(
                super::super::markings::chip_text(tlp).to_owned(),
                egui::FontId::proportional(9.0),
                super::super::markings::tlp_colour(tlp),
            );
            let rect = Rect::from_min_size(at, galley.size() + vec2(4.0, 1.0));
            painter.rect_filled(rect, 2.0, Color32::BLACK);
            painter.galley(rect.min + vec2(2.0, 0.5), galley, Color32::WHITE);
        }

        self.paint_drag(ui, painter, case, accent);
    }

    /// What a drag is doing (a selection box, a relationship being drawn), over the map.
    fn paint_drag(&self, ui: &Ui, painter: &egui::Painter, case: &Case, accent: Color32) {
        let rect = painter.clip_rect();
        // What a drag is doing.
        match &self.drag {
            Some(Drag::Box { start }) => {
                if let Some(p) = ui.ctx().pointer_latest_pos() {
                    let r = Rect::from_two_pos(*start, p);
                    painter.rect_filled(r, 0.0, accent.gamma_multiply(0.1));
                    painter.rect_stroke(r, 0.0, Stroke::new(1.0, accent), egui::StrokeKind::Inside);
                }
            }
            Some(Drag::Link { from }) => {
                if let Some(p) = ui.ctx().pointer_latest_pos() {
                    let a = self.to_screen(self.figure.nodes[*from].position);
                    painter.add(Shape::dashed_line(
                        &[a, p],
                        Stroke::new(2.0, accent),
                        8.0,
                        5.0,
                    ));
                }
            }
            _ => {}
        }
        if let Some(from) = &self.link_from {
            painter.text(
                rect.left_top() + vec2(10.0, 10.0),
                egui::Align2::LEFT_TOP,
                format!(
                    "Drawing a relationship from {}: click the other actor",
                    case.display_name(from)
                ),
                egui::FontId::proportional(13.0),
                accent,
            );
        }
    }

    /// The legend's place: a band along the bottom of the canvas, in as many rows as it needs.
    pub(super) fn legend_layout(rect: Rect, count: usize) -> (Rect, Vec<Pos2>) {
        const CELL: Vec2 = vec2(175.0, 18.0);
        let per_row = ((rect.width() - 16.0) / CELL.x).floor().max(1.0) as usize;
        let rows = count.div_ceil(per_row);
        let height = rows as f32 * CELL.y + 10.0;
        let band = Rect::from_min_max(pos2(rect.left(), rect.bottom() - height), rect.max);
        let cells = (0..count)
            .map(|i| {
                let (row, column) = (i / per_row, i % per_row);
                pos2(
                    band.left() + 12.0 + column as f32 * CELL.x,
                    band.top() + 5.0 + row as f32 * CELL.y + CELL.y / 2.0,
                )
            })
            .collect();
        (band, cells)
    }

    /// The part of the canvas the map may use (above the legend, if shown).
    /// The part of the canvas actors are drawn in (above the legend, when it is shown).
    pub fn visible_area(&self) -> Rect {
        self.map_area()
    }

    pub(super) fn map_area(&self) -> Rect {
        if self.show_legend {
            let (band, _) = Self::legend_layout(self.canvas, self.figure.legend().len());
            Rect::from_min_max(self.canvas.min, pos2(self.canvas.right(), band.top()))
        } else {
            self.canvas
        }
    }

    pub(super) fn legend_ui(&self, painter: &egui::Painter, rect: Rect, ui: &Ui) {
        let items = self.figure.legend();
        let (area, cells) = Self::legend_layout(rect, items.len());
        let visuals = ui.visuals();
        painter.rect_filled(area, 0.0, visuals.window_fill);
        let text = visuals.text_color();
        let edge = text.gamma_multiply(0.55);
        for (item, cell) in items.iter().zip(cells) {
            let (x, y) = (cell.x, cell.y);
            let label = match item {
                LegendItem::Actor { label, shape, fill } => {
                    let points: Vec<Pos2> = shape
                        .outline([x + 6.0, y], 6.0)
                        .into_iter()
                        .map(to_pos)
                        .collect();
                    painter.add(Shape::convex_polygon(
                        points,
                        color(*fill),
                        Stroke::new(1.0, visuals.window_stroke.color),
                    ));
                    *label
                }
                LegendItem::Line {
                    label,
                    style,
                    width,
                } => {
                    let colour = match style {
                        LineStyle::DashDot => Color32::from_rgb(0xd0, 0x5c, 0xb0),
                        LineStyle::Candidate => Color32::from_rgb(0xe0, 0x8a, 0x1e),
                        _ => edge,
                    };
                    let line = [pos2(x - 2.0, y), pos2(x + 16.0, y)];
                    let stroke = Stroke::new(*width, colour);
                    match style.dashes() {
                        None => {
                            painter.line_segment(line, stroke);
                        }
                        Some(pattern) => {
                            let dashes: Vec<f32> =
                                pattern.iter().step_by(2).map(|d| d * 1.5).collect();
                            let gaps: Vec<f32> =
                                pattern.iter().skip(1).step_by(2).map(|d| d * 1.5).collect();
                            painter.extend(Shape::dashed_line_with_offset(
                                &line, stroke, &dashes, &gaps, 0.0,
                            ));
                        }
                    }
                    *label
                }
            };
            painter.text(
                pos2(x + 24.0, y),
                egui::Align2::LEFT_CENTER,
                label,
                egui::FontId::proportional(11.0),
                text,
            );
        }
    }
}

/// Adds a straight line of `width` points as one quad.
fn mesh_segment(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, width: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.01 {
        return;
    }
    let n = vec2(-d.y, d.x) / len * (width / 2.0);
    let base = mesh.vertices.len() as u32;
    for p in [a + n, b + n, b - n, a - n] {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(base, base + 1, base + 2);
    mesh.add_triangle(base, base + 2, base + 3);
}

/// Adds a dashed polyline to a mesh: `pattern` alternates dash and gap lengths, in points.
fn mesh_dashed(
    mesh: &mut egui::Mesh,
    points: &[Pos2],
    width: f32,
    colour: Color32,
    pattern: &[f32],
) {
    let mut slot = 0;
    let mut left = pattern[0];
    for w in points.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut remaining = a.distance(b);
        if remaining <= 0.0 {
            continue;
        }
        let dir = (b - a) / remaining;
        while remaining > 0.0 {
            let step = left.min(remaining);
            let next = a + dir * step;
            if slot % 2 == 0 {
                mesh_segment(mesh, a, next, width, colour);
            }
            a = next;
            remaining -= step;
            left -= step;
            if left <= 0.0 {
                slot = (slot + 1) % pattern.len();
                left = pattern[slot];
            }
        }
    }
}

/// The parts of a polyline inside `rect`, as runs of connected points (Liang–Barsky per
/// segment), so long lines off screen cost nothing to dash or draw.
fn clip_polyline(points: &[Pos2], rect: Rect) -> Vec<Vec<Pos2>> {
    let mut runs: Vec<Vec<Pos2>> = Vec::new();
    let mut current: Vec<Pos2> = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let d = b - a;
        let (mut t0, mut t1) = (0f32, 1f32);
        let mut inside = true;
        for (p, q) in [
            (-d.x, a.x - rect.min.x),
            (d.x, rect.max.x - a.x),
            (-d.y, a.y - rect.min.y),
            (d.y, rect.max.y - a.y),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    inside = false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        if !inside || t0 > t1 {
            if current.len() > 1 {
                runs.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        }
        let (start, end) = (a + d * t0, a + d * t1);
        if current
            .last()
            .is_none_or(|last| last.distance(start) > 0.01)
        {
            if current.len() > 1 {
                runs.push(std::mem::take(&mut current));
            }
            current.clear();
            current.push(start);
        }
        current.push(end);
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

/// The tooltip of an actor or relationship: what it is, its grades and its sources.
pub(super) fn tooltip_ui(ui: &mut Ui, case: &Case, id: &Id) {
    ui.horizontal(|ui| {
        ui.strong(case.display_name(id));
        if let Some(tlp) = case.level_of(id) {
            super::super::markings::tlp_chip(ui, tlp);
        }
    });
    match case.object(id) {
        Some(crate::model::CaseObject::Actor(a)) => {
            ui.label(a.kind.label());
            if !a.aliases.is_empty() {
                ui.label(format!("Also: {}", a.aliases.join(", ")));
            }
            if !a.country.is_empty() {
                ui.label(format!("Country: {}", a.country));
            }
        }
        Some(crate::model::CaseObject::Relationship(r)) => {
            ui.label(format!(
                "{} confidence{}",
                r.confidence.label(),
                if r.disputed { ", disputed" } else { "" }
            ));
            if r.valid_from.is_some() || r.valid_until.is_some() {
                ui.label(format!(
                    "Valid {} to {}",
                    r.valid_from.map_or("?".to_owned(), |d| d.to_string()),
                    r.valid_until.map_or("now".to_owned(), |d| d.to_string())
                ));
            }
        }
        _ => {}
    }
    let mut any = false;
    for c in case.citations_of(id) {
        any = true;
        script::label(ui, &case.display_name(&c.id), script::Base::LeftToRight);
    }
    if !any {
        ui.weak("No source cited");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn polylines_are_clipped_to_the_view() {
        let view = Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 100.0));
        let runs = clip_polyline(
            &[pos2(-50.0, 50.0), pos2(50.0, 50.0), pos2(150.0, 50.0)],
            view,
        );
        assert_eq!(
            runs,
            vec![vec![pos2(0.0, 50.0), pos2(50.0, 50.0), pos2(100.0, 50.0)]]
        );
        assert!(clip_polyline(&[pos2(-50.0, -50.0), pos2(-10.0, 200.0)], view).is_empty());
        let two = clip_polyline(
            &[
                pos2(10.0, 10.0),
                pos2(10.0, 200.0),
                pos2(20.0, 200.0),
                pos2(20.0, 10.0),
            ],
            view,
        );
        assert_eq!(two.len(), 2);
    }
}
