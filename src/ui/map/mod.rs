//! The relationship map canvas: draws the [`MapFigure`] with egui and turns pointer and keyboard
//! input into selection, placement and new relationships. Everything that changes the case
//! leaves as a [`Command`]; the automatic layout runs on a worker thread and lands as one
//! `Place` command, so it can be undone.

mod input;
mod layout_job;
mod overview_image;
mod paint;

use crate::figure::Rgb;
use crate::figure::map::{MapFigure, MapFilter, case_layout, positions};
use crate::model::{ActorKind, Case, Id, ObjectKind, RelationshipKind};
use crate::tradecraft::Confidence;
use crate::ui::intent::Intent;
use egui::{Color32, Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Below this zoom no labels are drawn: they would be unreadable.
const LABEL_ZOOM: f32 = 0.45;
/// Edge labels need a little more room.
const EDGE_LABEL_ZOOM: f32 = 0.8;
/// At most this many node labels are laid out per frame.
const MAX_LABELS: usize = 2500;
/// With more relationships or actors than this in view, the map draws its overview: plain
/// lines and squares in one mesh.
const DETAIL_LIMIT: usize = 3000;
/// Up to this many unplaced actors are laid out before the first frame; more in the background.
const SYNC_LAYOUT_LIMIT: usize = 300;

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

/// A layout run as a job: cancelled, it leaves every actor where it was; stopped, it keeps
/// the positions it has reached.
struct LayoutJob {
    /// Positions as they stand (by actor index), shared with the worker.
    positions: Arc<Mutex<Vec<[f32; 2]>>>,
    runner: crate::ui::job_runner::JobRunner<(), ()>,
    planned: usize,
    /// Set by "Stop layout": finish now with the positions reached.
    stop: Arc<AtomicBool>,
    /// The actors the job may move (by id, in actor order at the start).
    ids: Vec<Id>,
    movable: Vec<bool>,
    /// Whether the result is placed in the case (a command) or only shown (the first layout of
    /// a case with unplaced actors, which must not mark it modified).
    apply: bool,
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
    /// The context the map was last drawn in, which a finished layout job wakes.
    ctx: egui::Context,
    search: String,
    hops: usize,
    show_legend: bool,
    /// Set by "draw relationship from here": the next click on an actor completes it.
    link_from: Option<Id>,
    /// The canvas rectangle of the last frame, for tests and zooming.
    pub canvas: Rect,
    /// Whether the user has panned or zoomed since the last fit.
    moved_by_user: bool,
    /// The selection the view last followed (see [`MapView::follow_selection`]).
    followed: Option<Id>,
    /// The whole-map image of a large map: what and at which zoom it was drawn, and the map area
    /// it covers.
    overview_cache: std::cell::RefCell<Option<(OverviewKey, f32, egui::TextureHandle, Rect)>>,
    overview_job: std::cell::RefCell<Option<OverviewJob>>,
}

/// What the cached overview depends on besides the zoom: the figure and the theme's line colour.
type OverviewKey = (Option<(u64, usize)>, Color32);

/// An overview image being drawn as a job.
struct OverviewJob {
    key: OverviewKey,
    zoom: f32,
    /// The map area the image covers.
    area: Rect,
    runner: crate::ui::job_runner::JobRunner<(), egui::ColorImage>,
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
            ctx: egui::Context::default(),
            search: String::new(),
            hops: 1,
            show_legend: true,
            link_from: None,
            canvas: Rect::NOTHING,
            moved_by_user: false,
            followed: None,
            overview_cache: std::cell::RefCell::new(None),
            overview_job: std::cell::RefCell::new(None),
        }
    }
}

/// A check box per kind, ticked when the kind is shown; unticking hides it.
fn shown_kinds_ui<K: Copy + Ord>(
    ui: &mut Ui,
    all: &[K],
    hidden: &mut BTreeSet<K>,
    label: impl Fn(K) -> &'static str,
) {
    for kind in all {
        let mut shown = !hidden.contains(kind);
        if ui.checkbox(&mut shown, label(*kind)).changed() {
            if shown {
                hidden.remove(kind);
            } else {
                hidden.insert(*kind);
            }
        }
    }
}

/// The first point on a spiral around `anchor` at least 110 map units from every placed actor,
/// so a new actor never lands on top of another.
fn free_place_near(anchor: [f32; 2], placed: &HashMap<Id, [f32; 2]>) -> [f32; 2] {
    const CLEARANCE: f32 = 110.0;
    let mut candidate = anchor;
    for step in 0..400 {
        // The anchor itself first (an empty spot in view), then outwards.
        let radius = if step == 0 {
            0.0
        } else {
            128.0 + 12.0 * step as f32
        };
        let angle = step as f32 * 2.4;
        candidate = [
            anchor[0] + radius * angle.cos(),
            anchor[1] + radius * angle.sin(),
        ];
        let crowded = placed.values().any(|p| {
            let (dx, dy) = (p[0] - candidate[0], p[1] - candidate[1]);
            dx * dx + dy * dy < CLEARANCE * CLEARANCE
        });
        if !crowded {
            break;
        }
    }
    candidate
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

    /// Sets the view: `zoom` screen points per map unit, with map point `centre` in the middle
    /// of the canvas (for benchmarks and tests).
    pub fn set_view(&mut self, zoom: f32, centre: [f32; 2]) {
        self.zoom = zoom;
        self.offset = self.canvas.size() / 2.0 - vec2(centre[0], centre[1]) * zoom;
        self.fit_pending = false;
        self.moved_by_user = true;
    }

    /// Shows only what a reader at this label may see (`None`: everything).
    pub fn set_reader(&mut self, reader: Option<crate::tradecraft::Tlp>) {
        if self.filter.max_tlp != reader {
            self.filter.max_tlp = reader;
            self.invalidate();
        }
    }

    /// Shows only relationships valid in this window (`None`: all): the shared time window,
    /// handed in every frame.
    pub fn set_window(&mut self, window: Option<crate::ui::focus::TimeWindow>) {
        if self.filter.window != window {
            self.filter.window = window;
            self.invalidate();
        }
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

    /// Where an actor is: its place in the case, or where the map last drew it.
    pub fn drawn_position(&self, case: &Case, id: &Id) -> Option<[f32; 2]> {
        case.actor(id)
            .and_then(|a| a.map)
            .map(|m| [m.x, m.y])
            .or_else(|| self.positions.get(id).copied())
    }

    /// Runs the layout on these actors only; the others stay where they are.
    pub fn lay_out(&mut self, case: &Case, only: &BTreeSet<Id>) {
        self.start_layout(case, Some(only));
    }

    /// Where the map draws the actors that have no position in the case, once it has drawn them
    /// and no layout is moving them.
    pub fn drawn_positions_of_unplaced(&self, case: &Case) -> Vec<(Id, [f32; 2])> {
        if self.layout.is_some() {
            return Vec::new();
        }
        case.actors
            .iter()
            .filter(|a| a.map.is_none())
            .filter_map(|a| Some((a.id.clone(), *self.positions.get(&a.id)?)))
            .collect()
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
            // First sight of the case: the same deterministic layout as the exports; in the
            // background when it would hold up the window.
            let unplaced = case.actors.iter().filter(|a| a.map.is_none()).count();
            if unplaced <= SYNC_LAYOUT_LIMIT {
                for (actor, p) in case.actors.iter().zip(positions(case)) {
                    self.positions.insert(actor.id.clone(), p);
                }
            } else {
                let (graph, layout) = case_layout(case, true);
                for (actor, p) in case.actors.iter().zip(&layout.positions) {
                    self.positions.insert(actor.id.clone(), *p);
                }
                self.spawn_layout(
                    case,
                    graph,
                    layout,
                    crate::figure::map::LAYOUT_ITERATIONS,
                    false,
                    true,
                );
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
        for id in pending {
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
                .unwrap_or_else(|| self.view_centre());
            let place = free_place_near(anchor, &next);
            next.insert(id, place);
        }
        self.positions = next;
    }

    /// The map point at the middle of what the map shows (the origin before the first frame),
    /// where a new actor with no relationship to place it by goes.
    fn view_centre(&self) -> [f32; 2] {
        self.settled_area()
            .map_or([0.0, 0.0], |area| self.to_map(area.center()))
    }

    /// The map's visible area, once the view is settled (drawn and fitted); `None` before.
    fn settled_area(&self) -> Option<Rect> {
        let area = self.map_area();
        (!self.fit_pending && area.is_positive()).then_some(area)
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
        // No closer than life size: a map of one or two actors is not blown up to fill it.
        self.zoom = ((size.x / w).min(size.y / h) * 0.95).clamp(0.002, 1.0);
        let centre = vec2((min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0);
        self.offset = (area.center() - self.canvas.min) - centre * self.zoom;
        self.fit_pending = false;
        self.moved_by_user = false;
    }

    /// When the selection changes to an actor drawn outside the visible part of the map (one
    /// just added, or chosen in a list), pans to bring it to the middle; the zoom stays.
    fn follow_selection(&mut self, primary: Option<&Id>) {
        if self.followed.as_ref() == primary {
            return;
        }
        self.followed = primary.cloned();
        let Some(node) = primary.and_then(|id| self.figure.node_of(id)) else {
            return;
        };
        let Some(area) = self.settled_area() else {
            return;
        };
        let at = self.to_screen(self.figure.nodes[node].position);
        if !area.shrink(24.0).contains(at) {
            self.offset += area.center() - at;
        }
    }

    fn zoom_at(&mut self, screen: Pos2, factor: f32) {
        self.moved_by_user = true;
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

    fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        primary: Option<&Id>,
        actions: &mut Vec<Intent>,
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
                let fraction = job.runner.running().first().map_or(1.0, |r| r.fraction());
                let done = (fraction * job.planned as f32).round() as usize;
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(120.0)
                        .text(format!("layout {done}/{}", job.planned)),
                );
                if ui
                    .button("Stop layout")
                    .on_hover_text("Keep the positions reached so far")
                    .clicked()
                {
                    job.stop.store(true, Ordering::Relaxed);
                }
                if ui
                    .button("Cancel layout")
                    .on_hover_text("Put every actor back where it was")
                    .clicked()
                {
                    job.runner.cancel_all();
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
                ui.menu_button("Arrange", |ui| {
                    for arrangement in crate::figure::map::Arrangement::ALL {
                        if ui
                            .button(arrangement.label())
                            .on_hover_text(arrangement.hover())
                            .clicked()
                        {
                            self.start_arrangement(case, arrangement);
                            ui.close();
                        }
                    }
                })
                .response
                .on_hover_text("Arrange the map as a chart: pinned actors stay; undo puts it back");
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
            self.filter_menu_ui(ui, primary, actions);
            let label =
                ui.add(egui::Label::new("Find actor").wrap_mode(egui::TextWrapMode::Extend));
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
                actions.push(Intent::Export(crate::ui::dialogs::Purpose::ExportMap));
            }
        });
    }

    fn find(&mut self, case: &Case, actions: &mut Vec<Intent>) {
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
                actions.push(Intent::Select(Some(actor.id.clone())));
                match self.figure.node_of(&actor.id) {
                    Some(node) => self.fit(Some(&[node])),
                    None => actions.push(Intent::Status(format!(
                        "{} is hidden by the map's filter",
                        actor.name
                    ))),
                }
            }
            None => actions.push(Intent::Status(format!(
                "No actor is called “{}”",
                self.search.trim()
            ))),
        }
    }

    fn filter_menu_ui(&mut self, ui: &mut Ui, primary: Option<&Id>, actions: &mut Vec<Intent>) {
        let title = if self.filter.is_active() {
            "Filter (on)"
        } else {
            "Filter"
        };
        let before = self.filter.clone();
        ui.menu_button(title, |ui| {
            ui.label(egui::RichText::new("Actor kinds").strong());
            shown_kinds_ui(
                ui,
                ActorKind::ALL,
                &mut self.filter.hidden_actor_kinds,
                |k| k.label(),
            );
            ui.separator();
            ui.label(egui::RichText::new("Relationship kinds").strong());
            shown_kinds_ui(
                ui,
                RelationshipKind::ALL,
                &mut self.filter.hidden_relationship_kinds,
                |k| k.label(),
            );
            ui.separator();
            ui.checkbox(
                &mut self.filter.show_candidates,
                "Candidate attributions (ACH hypotheses)",
            )
            .on_hover_text("Long-dashed orange edges from each hypothesis's candidate actor to the incident's targets, or from the persona in question to the candidate");
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
                    actions.push(Intent::SetWindow(None));
                }
            }
            ui.separator();
            if ui.button("Show everything").clicked() {
                // The time window is shared: it is cleared for every view, through the app.
                self.filter = MapFilter {
                    window: self.filter.window,
                    max_tlp: self.filter.max_tlp,
                    ..MapFilter::default()
                };
                actions.push(Intent::SetWindow(None));
            }
            ui.separator();
            ui.label(egui::RichText::new("Technical evidence").strong());
            ui.checkbox(&mut self.filter.show_technical, "Technical layer")
                .on_hover_text("Malware, tools, techniques, infrastructure, indicators and vulnerabilities linked to the actors drawn, or placed by you");
            if self.filter.show_technical {
                shown_kinds_ui(
                    ui,
                    crate::model::TechnicalKind::ALL,
                    &mut self.filter.hidden_technical_kinds,
                    |k| k.label(),
                );
                ui.checkbox(
                    &mut self.filter.all_indicators,
                    format!(
                        "Every indicator, even past {}",
                        crate::figure::map::MAP_INDICATOR_LIMIT
                    ),
                )
                .on_hover_text("A case with more indicators than this leaves them off the map unless asked: a feed of thousands would bury the actors");
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
    ) -> Vec<Intent> {
        self.ctx.clone_from(ui.ctx());
        let mut actions = self.finish_layout(case);
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
        self.follow_selection(primary);

        self.input(ui, &response, case, primary, &mut actions);
        // Nodes and names stop at the legend's edge instead of running under it.
        self.paint(ui, &painter.with_clip_rect(self.map_area()), case, primary);
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
}
