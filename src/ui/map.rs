//! The relationship map canvas: draws the [`MapFigure`] with egui and turns pointer and keyboard
//! input into selection, placement and new relationships. Everything that changes the case
//! leaves as a [`Command`]; the automatic layout runs on a worker thread and lands as one
//! `Place` command, so it can be undone.

use crate::figure::map::{LegendItem, MapFigure, MapFilter, case_layout, legend, positions};
use crate::figure::{LineStyle, NodeShape, Rgb};
use crate::model::{ActorKind, Case, Command, Id, MapPlacement, ObjectKind, RelationshipKind};
use crate::tradecraft::Confidence;
use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2, pos2, vec2};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Below this zoom no labels are drawn: they would be unreadable.
const LABEL_ZOOM: f32 = 0.45;
/// Edge labels need a little more room.
const EDGE_LABEL_ZOOM: f32 = 0.8;
/// At most this many node labels are laid out per frame.
const MAX_LABELS: usize = 2500;

/// What the map asks the app to do.
pub enum MapAction {
    Apply(Command),
    Select(Option<Id>),
    /// Open the new-relationship form from one actor to another.
    NewRelationship {
        from: Id,
        to: Id,
    },
    /// Open the new-actor form; the actor will be placed at this map point.
    NewActorAt([f32; 2]),
    RequestDelete(Id),
    Status(String),
    /// Export the map as a figure file.
    Export,
}

/// A drag in progress.
enum Drag {
    Pan,
    /// Moving these figure nodes.
    Move {
        nodes: Vec<usize>,
        moved: bool,
    },
    Box {
        start: Pos2,
    },
    Link {
        from: usize,
    },
}

/// A layout run on a worker thread.
struct LayoutJob {
    /// Positions as they stand (by actor index), shared with the worker.
    positions: Arc<Mutex<Vec<[f32; 2]>>>,
    iteration: Arc<AtomicUsize>,
    planned: usize,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    /// The actors the job may move (by id, in actor order at the start).
    ids: Vec<Id>,
    movable: Vec<bool>,
}

/// The map's state.
pub struct MapView {
    /// Where each actor is drawn (by id): the case's placement, or the computed layout.
    positions: HashMap<Id, [f32; 2]>,
    /// The edit count and actor count the figure was built for.
    built_for: Option<(u64, usize)>,
    figure: MapFigure,
    pub filter: MapFilter,
    /// Zoom (screen points per map unit) and the screen offset of the map origin from the
    /// canvas's top-left corner.
    zoom: f32,
    offset: Vec2,
    fit_pending: bool,
    /// Actors selected on the map besides the app's selection.
    pub selected: BTreeSet<Id>,
    drag: Option<Drag>,
    layout: Option<LayoutJob>,
    search: String,
    hops: usize,
    show_legend: bool,
    /// Set by "draw relationship from here": the next click on an actor completes it.
    link_from: Option<Id>,
    /// The canvas rectangle of the last frame, for tests and zooming.
    pub canvas: Rect,
}

impl Default for MapView {
    fn default() -> Self {
        MapView {
            positions: HashMap::new(),
            built_for: None,
            figure: MapFigure::default(),
            filter: MapFilter::default(),
            zoom: 1.0,
            offset: Vec2::ZERO,
            fit_pending: true,
            selected: BTreeSet::new(),
            drag: None,
            layout: None,
            search: String::new(),
            hops: 1,
            show_legend: true,
            link_from: None,
            canvas: Rect::NOTHING,
        }
    }
}

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn to_pos(p: [f32; 2]) -> Pos2 {
    pos2(p[0], p[1])
}

impl MapView {
    /// Forgets everything about the previous case.
    pub fn reset(&mut self) {
        *self = MapView::default();
    }

    fn to_screen(&self, p: [f32; 2]) -> Pos2 {
        self.canvas.min + self.offset + vec2(p[0], p[1]) * self.zoom
    }

    fn to_map(&self, s: Pos2) -> [f32; 2] {
        let v = (s - self.canvas.min - self.offset) / self.zoom;
        [v.x, v.y]
    }

    /// The figure as drawn now (for export).
    pub fn figure(&self) -> &MapFigure {
        &self.figure
    }

    /// Where an actor is drawn on screen (for tests and tooltips).
    pub fn screen_position_of(&self, id: &Id) -> Option<Pos2> {
        let node = self.figure.node_of(id)?;
        Some(self.to_screen(self.figure.nodes[node].position))
    }

    /// The positions the figure is drawn at, by actor index.
    fn actor_positions(&self, case: &Case) -> Vec<[f32; 2]> {
        if let Some(job) = &self.layout
            && let Ok(live) = job.positions.lock()
            && live.len() == case.actors.len()
        {
            return live.clone();
        }
        case.actors
            .iter()
            .map(|a| self.positions.get(&a.id).copied().unwrap_or([0.0, 0.0]))
            .collect()
    }

    /// Brings positions up to date with the case: placed actors where the case puts them; others
    /// where they were last drawn; new unplaced actors beside a related actor.
    fn sync_positions(&mut self, case: &Case) {
        if self.positions.is_empty() && case.actors.iter().any(|a| a.map.is_none()) {
            // First sight of the case: the same deterministic layout as the exports.
            for (actor, p) in case.actors.iter().zip(positions(case)) {
                self.positions.insert(actor.id.clone(), p);
            }
            return;
        }
        let mut next: HashMap<Id, [f32; 2]> = HashMap::with_capacity(case.actors.len());
        let mut pending = Vec::new();
        for actor in &case.actors {
            let p = actor
                .map
                .map(|m| [m.x, m.y])
                .or_else(|| self.positions.get(&actor.id).copied());
            match p {
                Some(p) => {
                    next.insert(actor.id.clone(), p);
                }
                None => pending.push(actor.id.clone()),
            }
        }
        for (n, id) in pending.into_iter().enumerate() {
            let anchor = case
                .relationships
                .iter()
                .find_map(|r| {
                    if r.source == id {
                        next.get(&r.target)
                    } else if r.target == id {
                        next.get(&r.source)
                    } else {
                        None
                    }
                })
                .copied()
                .unwrap_or([0.0, 0.0]);
            let angle = n as f32 * 2.4;
            next.insert(
                id,
                [
                    anchor[0] + 140.0 * angle.cos(),
                    anchor[1] + 140.0 * angle.sin(),
                ],
            );
        }
        self.positions = next;
    }

    fn rebuild(&mut self, case: &Case, edit_count: u64) {
        let key = (edit_count, case.actors.len());
        let running = self.layout.is_some();
        if self.built_for != Some(key) {
            self.sync_positions(case);
        }
        if self.built_for != Some(key) || running {
            self.figure = MapFigure::build(case, &self.actor_positions(case), &self.filter);
            self.built_for = Some(key);
        }
    }

    /// Rebuilds the figure on the next frame (after a filter change).
    fn invalidate(&mut self) {
        self.built_for = None;
    }

    fn fit(&mut self, nodes: Option<&[usize]>) {
        let (min, max) = match nodes {
            Some(nodes) if !nodes.is_empty() => {
                let mut min = [f32::MAX; 2];
                let mut max = [f32::MIN; 2];
                for &i in nodes {
                    let p = self.figure.nodes[i].position;
                    min = [min[0].min(p[0] - 80.0), min[1].min(p[1] - 60.0)];
                    max = [max[0].max(p[0] + 80.0), max[1].max(p[1] + 60.0)];
                }
                (min, max)
            }
            _ => self.figure.bounds(),
        };
        let area = self.map_area();
        let size = area.size();
        if size.x <= 0.0 || size.y <= 0.0 {
            self.fit_pending = true;
            return;
        }
        let (w, h) = ((max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0));
        self.zoom = (size.x / w).min(size.y / h).clamp(0.002, 4.0) * 0.95;
        let centre = vec2((min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0);
        self.offset = (area.center() - self.canvas.min) - centre * self.zoom;
        self.fit_pending = false;
    }

    fn zoom_at(&mut self, screen: Pos2, factor: f32) {
        let before = self.to_map(screen);
        self.zoom = (self.zoom * factor).clamp(0.002, 8.0);
        let after = self.to_screen(before);
        self.offset += screen - after;
    }

    fn selected_nodes(&self, primary: Option<&Id>) -> Vec<usize> {
        let mut nodes: Vec<usize> = self
            .selected
            .iter()
            .filter_map(|id| self.figure.node_of(id))
            .collect();
        if let Some(n) = primary.and_then(|id| self.figure.node_of(id))
            && !nodes.contains(&n)
        {
            nodes.push(n);
        }
        nodes
    }

    /// Starts the automatic layout on a worker thread: of every unpinned actor, or only of the
    /// selected ones.
    fn start_layout(&mut self, case: &Case, only: Option<&BTreeSet<Id>>) {
        if self.layout.is_some() {
            return;
        }
        let (graph, mut layout) = case_layout(case, false);
        // Start from what is on screen, so the run continues from the picture the user sees.
        for (i, actor) in case.actors.iter().enumerate() {
            if let Some(p) = self.positions.get(&actor.id) {
                layout.positions[i] = *p;
            }
            if let Some(only) = only
                && !only.contains(&actor.id)
            {
                layout.fixed[i] = true;
            }
        }
        let movable: Vec<bool> = layout.fixed.iter().map(|f| !f).collect();
        let shared = Arc::new(Mutex::new(layout.positions.clone()));
        let iteration = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let planned = layout
            .planned_iterations()
            .min(crate::figure::map::LAYOUT_ITERATIONS);
        let job = LayoutJob {
            positions: shared.clone(),
            iteration: iteration.clone(),
            planned,
            stop: stop.clone(),
            done: done.clone(),
            ids: case.actors.iter().map(|a| a.id.clone()).collect(),
            movable,
        };
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let mut last_publish = started;
            for i in 0..planned {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                layout.step(&graph);
                iteration.store(i + 1, Ordering::Relaxed);
                if last_publish.elapsed().as_millis() >= 50 || i + 1 == planned {
                    if let Ok(mut out) = shared.lock() {
                        out.clone_from(&layout.positions);
                    }
                    last_publish = std::time::Instant::now();
                }
                if layout.is_settled() {
                    break;
                }
            }
            if let Ok(mut out) = shared.lock() {
                out.clone_from(&layout.positions);
            }
            done.store(true, Ordering::Release);
        });
        self.layout = Some(job);
    }

    /// When the layout job is done (or stopped), its result becomes one `Place` command.
    fn finish_layout(&mut self, case: &Case) -> Option<Command> {
        let job = self.layout.as_ref()?;
        if !job.done.load(Ordering::Acquire) {
            return None;
        }
        let job = self.layout.take()?;
        let positions = job.positions.lock().ok()?.clone();
        let pinned: HashMap<&Id, bool> = case
            .actors
            .iter()
            .map(|a| (&a.id, a.map.is_some_and(|m| m.pinned)))
            .collect();
        let placements: Vec<(Id, Option<MapPlacement>)> = job
            .ids
            .into_iter()
            .zip(positions)
            .zip(job.movable)
            .filter(|((id, _), movable)| *movable && pinned.contains_key(id))
            .map(|((id, p), _)| {
                self.positions.insert(id.clone(), p);
                let pinned = pinned.get(&id).copied().unwrap_or(false);
                (
                    id,
                    Some(MapPlacement {
                        x: p[0],
                        y: p[1],
                        pinned,
                    }),
                )
            })
            .collect();
        self.invalidate();
        (!placements.is_empty()).then_some(Command::Place(placements))
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        primary: Option<&Id>,
        actions: &mut Vec<MapAction>,
    ) {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Fit")
                .on_hover_text("Zoom to fit the whole map (F)")
                .clicked()
            {
                self.fit(None);
            }
            let selection = self.selected_nodes(primary);
            if ui
                .add_enabled(
                    !selection.is_empty(),
                    egui::Button::new("Zoom to selection"),
                )
                .on_hover_text("Shift+F")
                .clicked()
            {
                self.fit(Some(&selection));
            }
            ui.separator();
            if let Some(job) = &self.layout {
                let done = job.iteration.load(Ordering::Relaxed);
                ui.add(
                    egui::ProgressBar::new(done as f32 / job.planned.max(1) as f32)
                        .desired_width(120.0)
                        .text(format!("layout {done}/{}", job.planned)),
                );
                if ui.button("Stop layout").clicked() {
                    job.stop.store(true, Ordering::Relaxed);
                }
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(30));
            } else {
                if ui
                    .button("Run layout")
                    .on_hover_text("Lay out every actor that is not pinned")
                    .clicked()
                {
                    self.start_layout(case, None);
                }
                let mut part: BTreeSet<Id> = self.selected.clone();
                part.extend(
                    primary
                        .filter(|id| id.kind() == Some(ObjectKind::Actor))
                        .cloned(),
                );
                if ui
                    .add_enabled(part.len() > 1, egui::Button::new("Lay out selection"))
                    .on_hover_text("Re-run the layout on the selected actors only; the rest stay")
                    .clicked()
                {
                    self.start_layout(case, Some(&part));
                }
            }
            ui.separator();
            self.filter_menu_ui(ui, primary);
            let label = ui.label("Find actor");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("name or alias")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                self.find(case, actions);
            }
            ui.checkbox(&mut self.show_legend, "Legend");
            if ui
                .button("Export…")
                .on_hover_text("Write the map as SVG or PNG")
                .clicked()
            {
                actions.push(MapAction::Export);
            }
        });
    }

    fn find(&mut self, case: &Case, actions: &mut Vec<MapAction>) {
        let needle = self.search.trim().to_lowercase();
        if needle.is_empty() {
            return;
        }
        let found = case.actors.iter().find(|a| {
            a.name.to_lowercase().contains(&needle)
                || a.aliases.iter().any(|x| x.to_lowercase().contains(&needle))
        });
        match found {
            Some(actor) => {
                actions.push(MapAction::Select(Some(actor.id.clone())));
                match self.figure.node_of(&actor.id) {
                    Some(node) => self.fit(Some(&[node])),
                    None => actions.push(MapAction::Status(format!(
                        "{} is hidden by the map's filter",
                        actor.name
                    ))),
                }
            }
            None => actions.push(MapAction::Status(format!(
                "No actor is called “{}”",
                self.search.trim()
            ))),
        }
    }

    fn filter_menu_ui(&mut self, ui: &mut Ui, primary: Option<&Id>) {
        let title = if self.filter.is_active() {
            "Filter (on)"
        } else {
            "Filter"
        };
        let before = self.filter.clone();
        ui.menu_button(title, |ui| {
            ui.label(egui::RichText::new("Actor kinds").strong());
            for kind in ActorKind::ALL {
                let mut shown = !self.filter.hidden_actor_kinds.contains(kind);
                if ui.checkbox(&mut shown, kind.label()).changed() {
                    if shown {
                        self.filter.hidden_actor_kinds.remove(kind);
                    } else {
                        self.filter.hidden_actor_kinds.insert(*kind);
                    }
                }
            }
            ui.separator();
            ui.label(egui::RichText::new("Relationship kinds").strong());
            for kind in RelationshipKind::ALL {
                let mut shown = !self.filter.hidden_relationship_kinds.contains(kind);
                if ui.checkbox(&mut shown, kind.label()).changed() {
                    if shown {
                        self.filter.hidden_relationship_kinds.remove(kind);
                    } else {
                        self.filter.hidden_relationship_kinds.insert(*kind);
                    }
                }
            }
            ui.separator();
            ui.label(egui::RichText::new("Least confidence shown").strong());
            for level in Confidence::ALL {
                ui.radio_value(&mut self.filter.min_confidence, *level, level.label());
            }
            ui.separator();
            ui.label(egui::RichText::new("Neighbourhood").strong());
            ui.add(egui::Slider::new(&mut self.hops, 1..=6).text("hops"));
            let roots: Vec<Id> = self
                .selected
                .iter()
                .cloned()
                .chain(
                    primary
                        .filter(|id| id.kind() == Some(ObjectKind::Actor))
                        .cloned(),
                )
                .collect();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !roots.is_empty(),
                        egui::Button::new("Only the selection's neighbourhood"),
                    )
                    .clicked()
                {
                    self.filter.neighbourhood = Some((roots.clone(), self.hops));
                }
                if self.filter.neighbourhood.is_some() && ui.button("Whole map").clicked() {
                    self.filter.neighbourhood = None;
                }
            });
            if let Some((from, until)) = self.filter.window {
                ui.separator();
                ui.label(format!(
                    "Time window {} to {} (set from the timeline)",
                    from.format("%Y-%m-%d"),
                    until.format("%Y-%m-%d")
                ));
                if ui.button("Clear the time window").clicked() {
                    self.filter.window = None;
                }
            }
            ui.separator();
            if ui.button("Show everything").clicked() {
                self.filter = MapFilter::default();
            }
        });
        if self.filter != before {
            self.invalidate();
        }
    }

    /// Draws the map and handles its input.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        edit_count: u64,
        primary: Option<&Id>,
    ) -> Vec<MapAction> {
        let mut actions = Vec::new();
        if let Some(command) = self.finish_layout(case) {
            actions.push(MapAction::Apply(command));
            actions.push(MapAction::Status(
                "Layout done: undo puts the actors back".into(),
            ));
        }
        self.rebuild(case, edit_count);
        self.toolbar_ui(ui, case, primary, &mut actions);

        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Relationship map")
        });
        self.canvas = response.rect;
        if self.fit_pending {
            self.fit(None);
        }
        painter.rect_filled(response.rect, 0.0, ui.visuals().extreme_bg_color);
        let painter = painter.with_clip_rect(response.rect);

        self.input(ui, &response, case, primary, &mut actions);
        self.paint(ui, &painter, case, primary);
        if self.show_legend {
            self.legend_ui(&painter, response.rect, ui);
        }
        if self.figure.nodes.is_empty() {
            let text = if case.actors.is_empty() {
                "No actors yet. Right-click to add one here."
            } else {
                "Every actor is hidden by the filter."
            };
            painter.text(
                response.rect.center(),
                egui::Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(15.0),
                ui.visuals().weak_text_color(),
            );
        }
        actions
    }

    fn input(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        case: &Case,
        primary: Option<&Id>,
        actions: &mut Vec<MapAction>,
    ) {
        let pointer = response.hover_pos();
        let tolerance = 4.0 / self.zoom;
        let hovered_node = pointer.and_then(|p| self.figure.node_at(self.to_map(p), tolerance));
        let modifiers = ui.input(|i| i.modifiers);

        // Zoom with the wheel or a pinch, at the pointer; sideways scrolling pans.
        if let Some(p) = pointer {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            if pinch != 1.0 {
                self.zoom_at(p, pinch);
            } else if scroll.y != 0.0 {
                self.zoom_at(p, (scroll.y * 0.002).exp());
            }
            self.offset.x += scroll.x;
        }

        // Keyboard, when no text field has the keyboard and the pointer is over the map.
        let typing = ui.ctx().egui_wants_keyboard_input();
        if response.hovered() && !typing {
            let step = 60.0;
            ui.input(|i| {
                if i.key_pressed(egui::Key::ArrowLeft) {
                    self.offset.x += step;
                }
                if i.key_pressed(egui::Key::ArrowRight) {
                    self.offset.x -= step;
                }
                if i.key_pressed(egui::Key::ArrowUp) {
                    self.offset.y += step;
                }
                if i.key_pressed(egui::Key::ArrowDown) {
                    self.offset.y -= step;
                }
            });
            let centre = response.rect.center();
            if ui.input(|i| i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals)) {
                self.zoom_at(centre, 1.25);
            }
            if ui.input(|i| i.key_pressed(egui::Key::Minus)) {
                self.zoom_at(centre, 0.8);
            }
            if ui.input(|i| i.key_pressed(egui::Key::F)) {
                if modifiers.shift {
                    let selection = self.selected_nodes(primary);
                    self.fit(Some(&selection));
                } else {
                    self.fit(None);
                }
            }
        }

        // Drags.
        if response.drag_started_by(egui::PointerButton::Primary)
            && let Some(start) = response.interact_pointer_pos()
        {
            let node = self.figure.node_at(self.to_map(start), tolerance);
            self.drag = Some(match node {
                Some(n) if modifiers.command => Drag::Link { from: n },
                Some(n) => {
                    let id = &self.figure.nodes[n].id;
                    let mut nodes = self.selected_nodes(primary);
                    if !nodes.contains(&n) {
                        nodes = vec![n];
                    }
                    if primary != Some(id) && !self.selected.contains(id) {
                        actions.push(MapAction::Select(Some(id.clone())));
                        self.selected.clear();
                    }
                    Drag::Move {
                        nodes,
                        moved: false,
                    }
                }
                None if modifiers.shift => Drag::Box { start },
                None => Drag::Pan,
            });
        } else if response.drag_started_by(egui::PointerButton::Middle) {
            self.drag = Some(Drag::Pan);
        }
        if response.dragged() {
            let delta = response.drag_delta();
            match &mut self.drag {
                Some(Drag::Pan) => self.offset += delta,
                Some(Drag::Move { nodes, moved, .. }) => {
                    let d = delta / self.zoom;
                    for &n in nodes.iter() {
                        let node = &mut self.figure.nodes[n];
                        node.position[0] += d.x;
                        node.position[1] += d.y;
                        self.positions.insert(node.id.clone(), node.position);
                    }
                    *moved |= delta != Vec2::ZERO;
                }
                _ => {}
            }
        }
        if response.drag_stopped() {
            match self.drag.take() {
                Some(Drag::Move {
                    nodes, moved: true, ..
                }) => {
                    let placements = nodes
                        .iter()
                        .map(|&n| {
                            let node = &self.figure.nodes[n];
                            (
                                node.id.clone(),
                                Some(MapPlacement {
                                    x: node.position[0],
                                    y: node.position[1],
                                    pinned: true,
                                }),
                            )
                        })
                        .collect();
                    actions.push(MapAction::Apply(Command::Place(placements)));
                }
                Some(Drag::Box { start }) => {
                    if let Some(end) = response.interact_pointer_pos().or(pointer) {
                        let (a, b) = (self.to_map(start), self.to_map(end));
                        let min = [a[0].min(b[0]), a[1].min(b[1])];
                        let max = [a[0].max(b[0]), a[1].max(b[1])];
                        for n in self.figure.nodes_in(min, max) {
                            self.selected.insert(self.figure.nodes[n].id.clone());
                        }
                        actions.push(MapAction::Status(format!(
                            "{} actors selected",
                            self.selected.len()
                        )));
                    }
                }
                Some(Drag::Link { from }) => {
                    let target = response
                        .interact_pointer_pos()
                        .or(pointer)
                        .and_then(|p| self.figure.node_at(self.to_map(p), tolerance));
                    match target {
                        Some(to) if to != from => actions.push(MapAction::NewRelationship {
                            from: self.figure.nodes[from].id.clone(),
                            to: self.figure.nodes[to].id.clone(),
                        }),
                        _ => actions.push(MapAction::Status(
                            "Drop on another actor to draw a relationship".into(),
                        )),
                    }
                }
                _ => {}
            }
        }

        // Clicks.
        if response.clicked() {
            let at = response.interact_pointer_pos().map(|p| self.to_map(p));
            let node = at.and_then(|p| self.figure.node_at(p, tolerance));
            let edge = if node.is_none() {
                at.and_then(|p| self.figure.edge_at(p, tolerance * 1.5))
            } else {
                None
            };
            if let (Some(from), Some(n)) = (self.link_from.take(), node) {
                let to = self.figure.nodes[n].id.clone();
                if from != to {
                    actions.push(MapAction::NewRelationship { from, to });
                }
            } else if let Some(n) = node {
                let id = self.figure.nodes[n].id.clone();
                if modifiers.shift {
                    if !self.selected.remove(&id) {
                        self.selected.insert(id);
                    }
                    if let Some(p) = primary.filter(|p| p.kind() == Some(ObjectKind::Actor)) {
                        self.selected.insert(p.clone());
                    }
                } else {
                    self.selected.clear();
                    actions.push(MapAction::Select(Some(id)));
                }
            } else if let Some(e) = edge {
                self.selected.clear();
                actions.push(MapAction::Select(Some(self.figure.edges[e].id.clone())));
            } else {
                self.selected.clear();
                actions.push(MapAction::Select(None));
            }
        }

        // Context menu.
        let menu_target = response.interact_pointer_pos().or(pointer);
        response.context_menu(|ui| {
            let at = ui.memory(|m| m.data.get_temp::<[f32; 2]>(egui::Id::unique("map-menu-at")));
            let at = match at {
                Some(at) => at,
                None => {
                    let p = menu_target.map(|p| self.to_map(p)).unwrap_or([0.0, 0.0]);
                    ui.memory_mut(|m| m.data.insert_temp(egui::Id::unique("map-menu-at"), p));
                    p
                }
            };
            match self.figure.node_at(at, tolerance) {
                Some(n) => {
                    let node = self.figure.nodes[n].clone();
                    ui.label(egui::RichText::new(&node.label).strong());
                    if ui.button("Draw a relationship from here…").clicked() {
                        self.link_from = Some(node.id.clone());
                        actions.push(MapAction::Status(format!(
                            "Click the actor {} relates to",
                            node.label
                        )));
                        ui.close();
                    }
                    if node.pinned {
                        if ui.button("Release the pin").clicked() {
                            actions.push(MapAction::Apply(Command::Place(vec![(
                                node.id.clone(),
                                Some(MapPlacement {
                                    x: node.position[0],
                                    y: node.position[1],
                                    pinned: false,
                                }),
                            )])));
                            ui.close();
                        }
                    } else if ui.button("Pin here").clicked() {
                        actions.push(MapAction::Apply(Command::Place(vec![(
                            node.id.clone(),
                            Some(MapPlacement {
                                x: node.position[0],
                                y: node.position[1],
                                pinned: true,
                            }),
                        )])));
                        ui.close();
                    }
                    if ui
                        .button(format!("Show only its neighbourhood ({} hops)", self.hops))
                        .clicked()
                    {
                        self.filter.neighbourhood = Some((vec![node.id.clone()], self.hops));
                        self.invalidate();
                        ui.close();
                    }
                    if ui.button("Delete…").clicked() {
                        actions.push(MapAction::RequestDelete(node.id.clone()));
                        ui.close();
                    }
                }
                None => {
                    if ui.button("Add an actor here…").clicked() {
                        actions.push(MapAction::NewActorAt(at));
                        ui.close();
                    }
                    if ui.button("Run layout").clicked() {
                        self.start_layout(case, None);
                        ui.close();
                    }
                    if ui.button("Fit").clicked() {
                        self.fit(None);
                        ui.close();
                    }
                }
            }
        });
        if !response.context_menu_opened() {
            ui.ctx()
                .memory_mut(|m| m.data.remove::<[f32; 2]>(egui::Id::unique("map-menu-at")));
        }

        // Tooltip.
        if self.drag.is_none()
            && let Some(p) = pointer
        {
            let at = self.to_map(p);
            if let Some(n) = hovered_node {
                let id = self.figure.nodes[n].id.clone();
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| tooltip_ui(ui, case, &id));
            } else if let Some(e) = self
                .figure
                .edge_at(at, tolerance * 1.5)
                .filter(|_| self.figure.edges.len() < 50_000)
            {
                let id = self.figure.edges[e].id.clone();
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| tooltip_ui(ui, case, &id));
            }
        }
        if let Some(Drag::Link { .. }) = self.drag {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
        } else if hovered_node.is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
    }

    fn paint(&self, ui: &Ui, painter: &egui::Painter, case: &Case, primary: Option<&Id>) {
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
        let accent = Color32::from_rgb(0xff, 0xc8, 0x3d);

        let mut shapes: Vec<Shape> =
            Vec::with_capacity(self.figure.edges.len() * 2 + self.figure.nodes.len());
        let segments = if self.zoom > 0.3 { 16 } else { 4 };
        let edge_labels = self.zoom >= EDGE_LABEL_ZOOM && self.figure.edges.len() < 20_000;
        let mut labels: Vec<(Pos2, String, f32, Color32)> = Vec::new();
        for (i, edge) in self.figure.edges.iter().enumerate() {
            let (a, b) = (
                self.figure.nodes[edge.from].position,
                self.figure.nodes[edge.to].position,
            );
            if !in_view(a, 0.0) && !in_view(b, 0.0) {
                // Both ends off screen: draw only if the segment may cross the view.
                let crosses = a[0].min(b[0]) <= view_max[0]
                    && a[0].max(b[0]) >= view_min[0]
                    && a[1].min(b[1]) <= view_max[1]
                    && a[1].max(b[1]) >= view_min[1];
                if !crosses {
                    continue;
                }
            }
            let lit = lit_edges.contains(&i);
            let base = if edge.style == LineStyle::DashDot {
                disputed
            } else {
                edge_base
            };
            let colour = if Some(i) == selected_edge {
                accent
            } else {
                dim(base, lit)
            };
            let width = (edge.width * self.zoom.sqrt()).clamp(0.6, 6.0)
                * if Some(i) == selected_edge { 1.6 } else { 1.0 };
            let curve = self.figure.curve(edge);
            let path: Vec<Pos2> = curve
                .polyline(segments)
                .into_iter()
                .map(|p| self.to_screen(p))
                .collect();
            let stroke = Stroke::new(width, colour);
            match edge.style.dashes() {
                None => shapes.push(Shape::line(path, stroke)),
                Some(pattern) if edge.style == LineStyle::Dotted => {
                    shapes.extend(Shape::dotted_line(
                        &path,
                        colour,
                        pattern[1] * width + width,
                        width * 0.6,
                    ));
                }
                Some(pattern) => {
                    let dashes: Vec<f32> = pattern.iter().step_by(2).map(|d| d * width).collect();
                    let gaps: Vec<f32> = pattern
                        .iter()
                        .skip(1)
                        .step_by(2)
                        .map(|d| d * width)
                        .collect();
                    shapes.extend(Shape::dashed_line_with_offset(
                        &path, stroke, &dashes, &gaps, 0.0,
                    ));
                }
            }
            if edge.directed && self.zoom > 0.15 {
                let head = curve.arrowhead((7.0 + edge.width * 1.5) / self.zoom.max(0.5));
                shapes.push(Shape::convex_polygon(
                    head.iter().map(|p| self.to_screen(*p)).collect(),
                    colour,
                    Stroke::NONE,
                ));
            }
            if edge_labels && (lit || !focus) {
                labels.push((
                    self.to_screen(curve.point(0.5)),
                    edge.label.clone(),
                    10.0,
                    colour,
                ));
            }
        }

        let node_labels = self.zoom >= LABEL_ZOOM;
        let text = visuals.strong_text_color();
        let mut label_count = 0;
        for (i, node) in self.figure.nodes.iter().enumerate() {
            if !in_view(node.position, node.radius + 2.0) {
                continue;
            }
            let lit = highlighted.contains(&i);
            let centre = self.to_screen(node.position);
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
            if r < 3.0 {
                shapes.push(Shape::rect_filled(
                    Rect::from_center_size(centre, Vec2::splat(r * 2.0)),
                    0.0,
                    fill,
                ));
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
            if node_labels && label_count < MAX_LABELS && (lit || !focus || self.zoom > 0.8) {
                label_count += 1;
                labels.push((
                    centre + vec2(0.0, r + 8.0),
                    node.label.clone(),
                    12.0,
                    dim(text, lit),
                ));
            }
        }
        painter.extend(shapes);

        // Labels on a halo so they read over lines.
        let halo = visuals.extreme_bg_color.gamma_multiply(0.85);
        for (at, label, size, colour) in labels {
            let galley = painter.layout_no_wrap(label, egui::FontId::proportional(size), colour);
            let text_rect = Rect::from_center_size(at, galley.size());
            painter.rect_filled(text_rect.expand(1.0), 2.0, halo);
            painter.galley(text_rect.min, galley, colour);
        }

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
    fn legend_layout(rect: Rect) -> (Rect, Vec<Pos2>) {
        const CELL: Vec2 = vec2(175.0, 18.0);
        let per_row = ((rect.width() - 16.0) / CELL.x).floor().max(1.0) as usize;
        let count = legend().len();
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
    fn map_area(&self) -> Rect {
        if self.show_legend {
            let (band, _) = Self::legend_layout(self.canvas);
            Rect::from_min_max(self.canvas.min, pos2(self.canvas.right(), band.top()))
        } else {
            self.canvas
        }
    }

    fn legend_ui(&self, painter: &egui::Painter, rect: Rect, ui: &Ui) {
        let items = legend();
        let (area, cells) = Self::legend_layout(rect);
        let visuals = ui.visuals();
        painter.rect_filled(area, 0.0, visuals.window_fill.gamma_multiply(0.95));
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
                    let colour = if *style == LineStyle::DashDot {
                        Color32::from_rgb(0xd0, 0x5c, 0xb0)
                    } else {
                        edge
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

/// The tooltip of an actor or relationship: what it is, its grades and its sources.
fn tooltip_ui(ui: &mut Ui, case: &Case, id: &Id) {
    ui.strong(case.display_name(id));
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
        ui.label(case.display_name(&c.id));
    }
    if !any {
        ui.weak("No source cited");
    }
}
