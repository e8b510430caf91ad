//! The timeline view: the case's events on a calendar axis, drawn with egui_plot from the
//! [`TimelineFigure`]. Zoom and pan move in time only (the lanes stay put); click selects an
//! event, double-click opens it for editing, Shift+drag brushes a time window that the map and
//! the lists follow, and the context menu adds an event at the clicked date.

use super::intent::Intent;
use super::script;
use crate::figure::timeline::{
    LaneMode, MarkerShape, TimelineFigure, event_style, instant, marker_polygons, readout,
};
use crate::figure::{Rgb, figure_text};
use crate::model::{Case, EventKind, Id, ObjectKind, PartialDate};
use chrono::Datelike;
use egui::{Color32, Ui};
use egui_plot::{GridInput, GridMark, Plot, PlotPoints, Polygon, Span};

/// The timeline's state.
pub struct TimelineView {
    mode: LaneMode,
    figure: TimelineFigure,
    built_for: Option<(u64, LaneMode, usize)>,
    /// The brushed window, in days.
    pub window: Option<(f64, f64)>,
    /// The reader whose view is drawn.
    reader: Option<crate::tradecraft::Tlp>,
    /// Where a brush began, in days, while Shift+dragging.
    brush_from: Option<f64>,
    /// Bounds to show on the next frame (fit, jump to an event).
    pending_x: Option<(f64, f64)>,
    /// The first lane to show on the next frame, when there are more lanes than fit (the pager).
    pending_first_lane: Option<usize>,
    /// The first and last lane shown on the last frame.
    lanes_shown: (usize, usize),
    jump: String,
    /// The date and lane of the last right-click, for the context menu.
    menu_at: Option<(f64, usize)>,
    /// How the plot mapped days and lanes to the screen on the last frame.
    transform: Option<egui_plot::PlotTransform>,
}

impl Default for TimelineView {
    fn default() -> Self {
        TimelineView {
            mode: LaneMode::ByActor,
            figure: TimelineFigure::default(),
            built_for: None,
            window: None,
            reader: None,
            brush_from: None,
            pending_x: None,
            pending_first_lane: None,
            lanes_shown: (0, 0),
            jump: String::new(),
            menu_at: None,
            transform: None,
        }
    }
}

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// One mark per this many pixels of a lane: what falls closer together is drawn as one
/// (larger) mark.
const MARK_COLUMN_PX: f64 = 8.0;
/// With more lanes than this, the timeline shows this many at a time and scrolls vertically.
const MAX_LANES_SHOWN: usize = 30;
/// At most this many event titles are drawn per frame.
const MAX_TIMELINE_LABELS: usize = 400;

/// Adds a marker to a mesh: each of its convex polygons as a triangle fan.
fn mesh_marker(
    mesh: &mut egui::Mesh,
    shape: MarkerShape,
    centre: egui::Pos2,
    r: f32,
    fill: Color32,
) {
    for polygon in marker_polygons(shape, centre.x, centre.y, r) {
        let base = mesh.vertices.len() as u32;
        for p in &polygon {
            mesh.colored_vertex(egui::pos2(p[0], p[1]), fill);
        }
        for k in 1..polygon.len().saturating_sub(1) as u32 {
            mesh.add_triangle(base, base + k, base + k + 1);
        }
    }
}

/// Lane `i` is drawn at y = −i, so the first lane is at the top.
fn lane_y(lane: usize) -> f64 {
    -(lane as f64)
}

fn lane_of(y: f64) -> Option<usize> {
    let lane = (-y).round();
    (lane >= 0.0).then_some(lane as usize)
}

/// Calendar grid marks for the visible range: the step tells the formatter which unit to show.
fn calendar_spacer(input: GridInput) -> Vec<GridMark> {
    let (from, until) = input.bounds;
    let max_ticks = ((until - from) / (input.base_step_size * 8.0)).clamp(2.0, 16.0) as usize;
    let (unit, ticks) = crate::figure::timeline::calendar_ticks(from, until, max_ticks);
    let step = match unit {
        crate::figure::timeline::TickUnit::Years(n) => 365.25 * f64::from(n),
        crate::figure::timeline::TickUnit::Months(n) => 30.4 * f64::from(n),
        crate::figure::timeline::TickUnit::Days(n) => f64::from(n),
        crate::figure::timeline::TickUnit::Hours(n) => f64::from(n) / 24.0,
    };
    ticks
        .into_iter()
        .map(|(value, _)| GridMark {
            value,
            step_size: step,
        })
        .collect()
}

/// The label of a calendar grid mark, by the size of its step.
fn calendar_label(mark: GridMark) -> String {
    let Some(t) = instant(mark.value) else {
        return String::new();
    };
    if mark.step_size >= 365.0 {
        t.year().to_string()
    } else if mark.step_size >= 28.0 {
        if t.month() == 1 {
            t.format("%b %Y").to_string()
        } else {
            t.format("%b").to_string()
        }
    } else if mark.step_size >= 1.0 {
        t.format("%d %b %Y").to_string()
    } else {
        t.format("%d %b %H:%M").to_string()
    }
}

impl TimelineView {
    /// Forgets everything about the previous case.
    pub fn reset(&mut self) {
        *self = TimelineView::default();
    }

    /// Shows this time range (days since 1970) on the next frame (for benchmarks and tests).
    pub fn show_range(&mut self, from: f64, until: f64) {
        self.pending_x = Some((from, until));
    }

    /// Where an event is drawn on screen in a lane (the actor's lane, or its kind's lane when
    /// `lane_actor` is `None`), as of the last frame.
    pub fn screen_position_of(&self, event: &Id, lane_actor: Option<&Id>) -> Option<egui::Pos2> {
        let transform = self.transform.as_ref()?;
        let item = self.figure.items.iter().find(|i| {
            &i.id == event
                && lane_actor.is_none_or(|a| self.figure.actor_lanes.get(a) == Some(&i.lane))
        })?;
        Some(
            transform
                .position_from_point(&egui_plot::PlotPoint::new(item.centre(), lane_y(item.lane))),
        )
    }

    /// Draws the timeline for a reader at this label (`None`: everything): the app then
    /// hands [`TimelineView::ui`] the case as that reader sees it.
    pub fn set_reader(&mut self, reader: Option<crate::tradecraft::Tlp>) {
        if self.reader != reader {
            self.reader = reader;
            self.built_for = None;
        }
    }

    /// Shows the shared time window (handed in every frame): the brush drawn over the plot.
    pub fn show_window(&mut self, window: Option<crate::ui::focus::TimeWindow>) {
        let days = crate::figure::timeline::days;
        let wanted = window.map(|(a, b)| (days(a), days(b)));
        // A brush just drawn keeps its exact ends, which the instants round.
        let same = match (self.window, wanted) {
            (Some((a, b)), Some((c, d))) => (a - c).abs() < 1.0 && (b - d).abs() < 1.0,
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.window = wanted;
        }
    }

    /// The brushed window as the timeline draws it, in days (for tests).
    pub fn window_days(&self) -> Option<(f64, f64)> {
        self.window
    }

    /// The span of time the timeline showed on its last frame, in days.
    pub fn visible_days(&self) -> Option<(f64, f64)> {
        let bounds = self.transform.as_ref()?.bounds();
        Some((bounds.min()[0], bounds.max()[0]))
    }

    /// The figure as drawn now (for export).
    pub fn figure(&self) -> &TimelineFigure {
        &self.figure
    }

    fn rebuild(&mut self, case: &Case, edit_count: u64) {
        let key = (edit_count, self.mode, case.events.len());
        if self.built_for != Some(key) {
            let first = self.built_for.is_none();
            self.figure = TimelineFigure::build(case, self.mode, None);
            self.built_for = Some(key);
            if first {
                self.fit();
            }
        }
    }

    fn fit(&mut self) {
        if let Some((a, b)) = self.figure.range() {
            let pad = ((b - a) * 0.05).max(2.0);
            self.pending_x = Some((a - pad, b + pad));
        }
    }

    /// Centres the view on an event, a few weeks either side (or its whole span).
    fn jump_to(&mut self, id: &Id) -> bool {
        let Some(item) = self.figure.items.iter().find(|i| &i.id == id) else {
            return false;
        };
        let half = ((item.end - item.start) * 0.75).max(21.0);
        self.pending_x = Some((item.centre() - half, item.centre() + half));
        true
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, case: &Case, actions: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Lanes:");
            let before = self.mode;
            ui.radio_value(&mut self.mode, LaneMode::ByActor, "by actor");
            ui.radio_value(&mut self.mode, LaneMode::ByKind, "by event kind");
            if self.mode != before {
                self.built_for = None;
            }
            ui.separator();
            if ui
                .button("Fit")
                .on_hover_text("Show the whole case in time")
                .clicked()
            {
                self.fit();
            }
            let label =
                ui.add(egui::Label::new("Jump to event").wrap_mode(egui::TextWrapMode::Extend));
            let jump = ui
                .add(
                    egui::TextEdit::singleline(&mut self.jump)
                        .hint_text("title")
                        .desired_width(140.0),
                )
                .labelled_by(label.id);
            if jump.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let needle = self.jump.trim().to_lowercase();
                let found = case
                    .events
                    .iter()
                    .find(|e| e.title.to_lowercase().contains(&needle))
                    .map(|e| e.id.clone());
                match found {
                    Some(id) if !needle.is_empty() => {
                        self.jump_to(&id);
                        actions.push(Intent::Select(Some(id)));
                    }
                    _ => actions.push(Intent::Status(format!(
                        "No event's title holds “{}”",
                        self.jump.trim()
                    ))),
                }
            }
            ui.separator();
            match self.window {
                Some((a, b)) => {
                    ui.label(format!("Window: {} to {}", readout_day(a), readout_day(b)));
                    if ui
                        .button("Clear window")
                        .on_hover_text("Show the whole case again (Esc)")
                        .clicked()
                    {
                        self.window = None;
                        actions.push(Intent::SetWindow(None));
                    }
                }
                None => {
                    ui.weak("Shift+drag to brush a time window");
                }
            }
            let lanes = self.figure.lanes.len();
            if lanes > MAX_LANES_SHOWN {
                ui.separator();
                let (first, last) = self.lanes_shown;
                let up = ui
                    .add_enabled(first > 0, egui::Button::new("Lanes above"))
                    .on_hover_text("Show the lanes above (or scroll with the wheel)");
                ui.label(format!("Lanes {}–{} of {lanes}", first + 1, last + 1));
                let down = ui
                    .add_enabled(last + 1 < lanes, egui::Button::new("Lanes below"))
                    .on_hover_text("Show the lanes below (or scroll with the wheel)");
                if up.clicked() {
                    self.pending_first_lane = Some(first.saturating_sub(MAX_LANES_SHOWN));
                }
                if down.clicked() {
                    self.pending_first_lane =
                        Some((first + MAX_LANES_SHOWN).min(lanes - MAX_LANES_SHOWN));
                }
            }
            ui.separator();
            if ui
                .button("Export…")
                .on_hover_text("Write the timeline as SVG or PNG")
                .clicked()
            {
                actions.push(Intent::Export(crate::ui::dialogs::Purpose::ExportTimeline));
            }
        });
    }

    /// Draws the timeline; `highlight` is the selected object (an event, or an actor whose
    /// events are marked).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        edit_count: u64,
        highlight: Option<&Id>,
    ) -> Vec<Intent> {
        let mut actions = Vec::new();
        self.rebuild(case, edit_count);
        self.toolbar_ui(ui, case, &mut actions);
        self.legend_ui(ui);

        let lanes = self.figure.lanes.len().max(1);
        let all_lanes_fit = lanes <= MAX_LANES_SHOWN;
        let first_frame = self.transform.is_none();
        let names = self.figure.lanes.clone();
        let shift = ui.input(|i| i.modifiers.shift);
        let plot_height = ui.available_height().max(120.0);
        let figure = &self.figure;
        let window = self.window;
        let pending = self.pending_x.take();
        // How much time a point spanned on the last frame, for the date under the pointer.
        let readout_days_per_pixel = self.transform.as_ref().map_or(1.0, |t| {
            t.bounds().width() / f64::from(t.frame().width().max(1.0))
        });
        let pending_first_lane = self.pending_first_lane.take();
        // The plain wheel zooms in time at the pointer while every lane fits (with more lanes
        // it pages through them); Ctrl+wheel always zooms.
        let (wheel, wheel_modifiers) = ui.input(|i| (i.smooth_scroll_delta.y, i.modifiers));
        let wheel_zooms = all_lanes_fit && wheel != 0.0 && !wheel_modifiers.command;
        let brush_from = self.brush_from;
        let highlighted_actor = highlight.filter(|id| id.kind() == Some(ObjectKind::Actor));
        let actor_events: std::collections::HashSet<&Id> = highlighted_actor
            .map(|actor| {
                case.events
                    .iter()
                    .filter(|e| e.actors.contains(actor))
                    .map(|e| &e.id)
                    .collect()
            })
            .unwrap_or_default();
        let accent = Color32::from_rgb(0xff, 0xc8, 0x3d);
        let lane_band = ui.visuals().selection.bg_fill.gamma_multiply(0.35);

        let response = Plot::new("case-timeline")
            .height(plot_height)
            .allow_zoom([true, false])
            .allow_scroll([true, !all_lanes_fit])
            .allow_drag([!shift, !all_lanes_fit])
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_grid([true, false])
            .x_grid_spacer(calendar_spacer)
            .x_axis_formatter(|mark, _| calendar_label(mark))
            .y_grid_spacer(move |input| {
                // Only the lanes in view.
                let (low, high) = input.bounds;
                let first = lane_of(high).unwrap_or(0);
                let last = lane_of(low).unwrap_or(0).min(lanes.saturating_sub(1));
                (first..=last)
                    .map(|l| GridMark {
                        value: lane_y(l),
                        step_size: 1.0,
                    })
                    .collect()
            })
            .y_axis_formatter(move |mark, _| {
                // Names in right-to-left script are drawn by `paint_right_to_left_lane_names`:
                // the plot's own labels cannot shape them.
                lane_of(mark.value)
                    .and_then(|l| names.get(l))
                    .filter(|n| !script::has_right_to_left(n))
                    .map(|n| figure_text(n, 24))
                    .unwrap_or_default()
            })
            .y_axis_min_width(150.0)
            .label_formatter(|pos| {
                let p = match pos {
                    egui_plot::HoverPosition::NearDataPoint { position, .. }
                    | egui_plot::HoverPosition::Elsewhere { position } => position,
                };
                Some(readout(p.x, readout_days_per_pixel))
            })
            .show(ui, |plot| {
                if let Some((a, b)) = pending {
                    plot.set_plot_bounds_x(a..=b);
                } else if wheel_zooms && let Some(p) = plot.pointer_coordinate() {
                    let factor = f64::from((wheel * 0.002).exp());
                    let (from, until) = (plot.plot_bounds().min()[0], plot.plot_bounds().max()[0]);
                    plot.set_plot_bounds_x(
                        p.x - (p.x - from) / factor..=p.x + (until - p.x) / factor,
                    );
                }
                // The lanes stay put: y shows every lane, or, when there are too many to read,
                // a page of them that the user scrolls through (never zoomed).
                if all_lanes_fit {
                    plot.set_plot_bounds_y(lane_y(lanes - 1) - 0.6..=0.6);
                } else {
                    let [_, high] = plot.plot_bounds().max();
                    let top = match pending_first_lane {
                        Some(first) => lane_y(first) + 0.6,
                        None if first_frame => 0.6,
                        None => high,
                    }
                    .clamp(lane_y(lanes - 1) + MAX_LANES_SHOWN as f64 - 0.4, 0.6);
                    plot.set_plot_bounds_y(top - MAX_LANES_SHOWN as f64..=top);
                }
                let bounds = plot.plot_bounds();
                let width_px = plot.transform().frame().width().max(1.0) as f64;
                let days_per_pixel = bounds.width() / width_px;
                let (from, until) = (bounds.min()[0], bounds.max()[0]);

                if let Some(actor) = highlighted_actor
                    && let Some(&lane) = figure.actor_lanes.get(actor)
                {
                    let y = lane_y(lane);
                    plot.polygon(
                        Polygon::new(
                            "selected actor",
                            PlotPoints::new(vec![
                                [from, y - 0.45],
                                [until, y - 0.45],
                                [until, y + 0.45],
                                [from, y + 0.45],
                            ]),
                        )
                        .fill_color(lane_band)
                        .stroke(egui::Stroke::NONE),
                    );
                }
                if let Some((a, b)) = window {
                    plot.span(Span::new("window", a..=b).fill(accent.gamma_multiply(0.12)));
                }
                if let (Some(a), Some(p)) = (brush_from, plot.pointer_coordinate()) {
                    plot.span(
                        Span::new("brush", a.min(p.x)..=a.max(p.x))
                            .fill(accent.gamma_multiply(0.2)),
                    );
                }

                let shown = (
                    lane_of(bounds.max()[1] - 0.5).unwrap_or(0),
                    lane_of(bounds.min()[1] + 0.5)
                        .unwrap_or(0)
                        .min(lanes.saturating_sub(1)),
                );
                (plot.pointer_coordinate(), days_per_pixel, shown)
            });

        let (pointer, days_per_pixel, shown) = response.inner;
        self.lanes_shown = shown;
        self.transform = Some(response.transform);
        self.paint_right_to_left_lane_names(ui, &response.transform);
        self.paint_items(
            ui,
            &response.transform,
            highlight,
            highlighted_actor,
            &actor_events,
            accent,
        );
        let r = &response.response;
        // Brushing with Shift+drag.
        if r.drag_started() && shift {
            self.brush_from = pointer.map(|p| p.x);
        }
        if r.drag_stopped()
            && let Some(a) = self.brush_from.take()
            && let Some(p) = pointer.or_else(|| {
                r.interact_pointer_pos()
                    .map(|s| response.transform.value_from_position(s))
            })
        {
            let (from, until) = (a.min(p.x), a.max(p.x));
            if until - from > days_per_pixel * 3.0 {
                self.window = Some((from, until));
                if let (Some(a), Some(b)) = (instant(from), instant(until)) {
                    actions.push(Intent::SetWindow(Some((a, b))));
                }
            }
        }
        if r.hovered() && ui.input(|i| i.key_pressed(egui::Key::Escape)) && self.window.is_some() {
            self.window = None;
            actions.push(Intent::SetWindow(None));
        }
        // Clicks pick the nearest event in the lane under the pointer.
        let tolerance = days_per_pixel * 8.0;
        let picked = pointer
            .and_then(|p| lane_of(p.y).and_then(|lane| self.figure.pick(p.x, lane, tolerance)))
            .map(|i| i.id.clone());
        let double = r.hovered()
            && ui.input(|i| {
                i.pointer
                    .button_double_clicked(egui::PointerButton::Primary)
            });
        if double || r.double_clicked() {
            if let Some(id) = picked.clone() {
                actions.push(Intent::Edit(id));
            }
        } else if r.clicked() {
            actions.push(Intent::Select(picked.clone()));
        }
        if let Some(id) = &picked
            && !r.dragged()
        {
            let mut name = case.display_name(id);
            // Who was what in it, where the analyst said.
            if let Some(event) = case.events.iter().find(|e| &e.id == id)
                && !event.roles.is_empty()
            {
                for (actor, role) in &event.roles {
                    name.push_str(&format!("\n{}: {}", case.display_name(actor), role.label()));
                }
            }
            r.clone().on_hover_text_at_pointer(name);
        }
        if r.secondary_clicked() {
            self.menu_at = pointer.and_then(|p| lane_of(p.y).map(|lane| (p.x, lane)));
        }
        let menu_at = self.menu_at;
        let actor_lanes = self.figure.actor_lanes.clone();
        let mode = self.mode;
        r.context_menu(|ui| {
            let Some((x, lane)) = menu_at else {
                ui.close();
                return;
            };
            let Some(t) = instant(x) else { return };
            let date = PartialDate::day(t.year(), t.month(), t.day());
            let actor = (mode == LaneMode::ByActor)
                .then(|| {
                    actor_lanes
                        .iter()
                        .find(|(_, l)| **l == lane)
                        .map(|(id, _)| id.clone())
                })
                .flatten();
            if let Some(date) = date
                && ui.button(format!("Add an event on {date}…")).clicked()
            {
                actions.push(Intent::new_event_at(case, date, actor.as_ref()));
                ui.close();
            }
            if self.window.is_some() && ui.button("Clear the time window").clicked() {
                self.window = None;
                actions.push(Intent::SetWindow(None));
                ui.close();
            }
            if ui.button("Fit").clicked() {
                self.fit();
                ui.close();
            }
        });
        actions
    }

    /// The first and last lane the plot's `bounds` show (the last clamped to the lanes there are).
    fn lanes_in_view(&self, bounds: &egui_plot::PlotBounds) -> (usize, usize) {
        let lanes = self.figure.lanes.len();
        let first = lane_of(bounds.max()[1]).unwrap_or(0);
        let last = lane_of(bounds.min()[1])
            .unwrap_or(lanes)
            .min(lanes.saturating_sub(1));
        (first, last)
    }

    /// The names of the lanes in view that hold right-to-left script, where the plot would
    /// have written them: right-aligned left of the frame, shaped and in visual order.
    fn paint_right_to_left_lane_names(&self, ui: &Ui, transform: &egui_plot::PlotTransform) {
        let frame = *transform.frame();
        let bounds = transform.bounds();
        let (first, last) = self.lanes_in_view(bounds);
        let font = egui::TextStyle::Body.resolve(ui.style());
        let colour = ui.visuals().text_color();
        for lane in first..=last {
            let Some(name) = self.figure.lanes.get(lane) else {
                break;
            };
            if !script::has_right_to_left(name) {
                continue;
            }
            let painter = ui.painter();
            let galley = painter.layout_job(script::layout_job(
                ui.ctx(),
                &figure_text(name, 24),
                script::Base::FirstStrong,
                font.clone(),
                colour,
            ));
            let y = transform.position_from_point_y(lane_y(lane));
            let at = egui::Align2::RIGHT_CENTER
                .anchor_size(egui::pos2(frame.left() - 4.0, y), galley.size());
            painter.galley(at.min, galley, colour);
        }
    }

    /// Draws the events over the plot in one batch: markers and bars into one mesh (one mark
    /// per few pixels of a lane, standing for every event there), rings around the selection,
    /// and titles where there is room.
    fn paint_items(
        &self,
        ui: &Ui,
        transform: &egui_plot::PlotTransform,
        highlight: Option<&Id>,
        highlighted_actor: Option<&Id>,
        actor_events: &std::collections::HashSet<&Id>,
        accent: Color32,
    ) {
        let frame = *transform.frame();
        let painter = ui.painter().with_clip_rect(frame);
        let bounds = transform.bounds();
        let (from, until) = (bounds.min()[0], bounds.max()[0]);
        let days_per_pixel = bounds.width() / f64::from(frame.width().max(1.0));
        let column = days_per_pixel * MARK_COLUMN_PX;
        let lanes = self.figure.lanes.len();
        let (first_lane, last_lane) = self.lanes_in_view(bounds);
        let text = ui.visuals().strong_text_color();
        let mut mesh = egui::Mesh::default();
        let mut rings: Vec<egui::Shape> = Vec::new();
        let mut labels = 0;
        for lane in first_lane..=last_lane {
            if lane >= lanes {
                break;
            }
            let y = transform.position_from_point_y(lane_y(lane));
            let in_own_lane =
                highlighted_actor.and_then(|a| self.figure.actor_lanes.get(a)) == Some(&lane);
            let visible = self.figure.visible(lane, from, until, column);
            for (index, (item, count)) in visible.iter().enumerate() {
                let (shape, rgb) = item.mark.style();
                let fill = color(rgb);
                let wide = self.figure.is_bar(item, column);
                let x = transform.position_from_point_x(item.centre());
                if wide {
                    let (x0, x1) = (
                        transform.position_from_point_x(item.start),
                        transform.position_from_point_x(item.end),
                    );
                    let bar = egui::Rect::from_min_max(
                        egui::pos2(x0, y - 5.0),
                        egui::pos2(x1.max(x0 + 2.0), y + 5.0),
                    );
                    mesh.add_colored_rect(bar, fill.gamma_multiply(0.6));
                } else if item.is_hollow() && *count == 1 {
                    // The victim's lane: the outline only.
                    for polygon in marker_polygons(shape, x, y, 6.0) {
                        let points: Vec<egui::Pos2> =
                            polygon.iter().map(|p| egui::pos2(p[0], p[1])).collect();
                        rings.push(egui::Shape::closed_line(
                            points,
                            egui::Stroke::new(1.8, fill),
                        ));
                    }
                } else {
                    let r = if *count > 1 { 7.5 } else { 6.0 };
                    mesh_marker(&mut mesh, shape, egui::pos2(x, y), r, fill);
                }
                let marked = highlight == Some(&item.id)
                    || (actor_events.contains(&item.id)
                        && (self.figure.actor_lanes.is_empty() || in_own_lane));
                if marked {
                    let r = if highlight == Some(&item.id) {
                        11.0
                    } else {
                        9.0
                    };
                    rings.push(egui::Shape::circle_stroke(
                        egui::pos2(x, y),
                        r,
                        egui::Stroke::new(2.0, accent),
                    ));
                }
                // A title where there is room before the next mark of the lane.
                if labels < MAX_TIMELINE_LABELS && *count == 1 {
                    let after = if wide {
                        transform.position_from_point_x(item.end)
                    } else {
                        x + 9.0
                    };
                    let next = visible.get(index + 1).map_or(frame.right(), |(n, _)| {
                        transform.position_from_point_x(n.start)
                    });
                    let room = (next - after - 6.0).min(frame.right() - after);
                    let fits = (room / 6.5) as usize;
                    if fits >= 8 {
                        labels += 1;
                        let galley = painter.layout_job(script::layout_job(
                            painter.ctx(),
                            &figure_text(&item.label, fits.min(48)),
                            script::Base::FirstStrong,
                            egui::FontId::proportional(11.0),
                            text,
                        ));
                        let at = egui::Align2::LEFT_CENTER
                            .anchor_size(egui::pos2(after + 3.0, y), galley.size());
                        painter.galley(at.min, galley, text);
                    }
                }
            }
        }
        painter.add(egui::Shape::mesh(mesh));
        painter.extend(rings);
    }

    fn legend_ui(&self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            // Marker and name wrap together, never one at a line's end and one at the next.
            let entry =
                |ui: &mut Ui, (shape, rgb): (MarkerShape, crate::figure::Rgb), label: &str| {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 3.0;
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                        let mut mesh = egui::Mesh::default();
                        mesh_marker(&mut mesh, shape, rect.center(), 6.0, color(rgb));
                        ui.painter().add(egui::Shape::mesh(mesh));
                        ui.add(egui::Label::new(label).wrap_mode(egui::TextWrapMode::Extend));
                    });
                };
            for kind in EventKind::ALL {
                entry(ui, event_style(*kind), kind.label());
            }
            if self.figure.has_technical() {
                for kind in crate::model::TechnicalKind::ALL {
                    let style = crate::figure::timeline::technical_style(*kind);
                    entry(ui, style, kind.label());
                }
            }
            if self.figure.indicators_left_out > 0 {
                ui.weak(format!(
                    "· {} dated indicators not drawn (more than {}); the Technical list has them",
                    self.figure.indicators_left_out,
                    crate::figure::timeline::MAX_INDICATORS_DRAWN
                ));
            }
            ui.weak("· bars: a duration, or a date known only to the month or year");
            if self.mode == LaneMode::ByActor {
                ui.weak("· hollow: the lane's actor was the victim");
            }
        });
    }
}

fn readout_day(d: f64) -> String {
    instant(d).map_or_else(String::new, |t| t.format("%d %b %Y").to_string())
}
