//! Pointer and keyboard input on the map: zoom and pan, selection (click, shift-click, box),
//! dragging actors to place and pin them, drawing relationships, the context menu and tooltips.

use super::paint::tooltip_ui;
use super::{Drag, MapView};
use crate::model::{Case, Command, Id, MapPlacement, ObjectKind};
use crate::ui::intent::Intent;
use egui::{Ui, Vec2};

impl MapView {
    /// The actor drawn under the screen point `p`, if any (none under the legend).
    fn node_under(&self, p: egui::Pos2, tolerance: f32) -> Option<usize> {
        if !self.map_area().contains(p) {
            return None;
        }
        self.figure.node_at(self.to_map(p), tolerance)
    }

    pub(super) fn input(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        case: &Case,
        primary: Option<&Id>,
        actions: &mut Vec<Intent>,
    ) {
        let pointer = response.hover_pos();
        let tolerance = 4.0 / self.zoom;
        let hovered_node = pointer.and_then(|p| self.node_under(p, tolerance));
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

        // Drags, decided by where the press began: a quick first move can take the pointer far
        // from it before egui calls it a drag.
        if response.drag_started_by(egui::PointerButton::Primary)
            && let Some(start) = ui
                .input(|i| i.pointer.press_origin())
                .or_else(|| response.interact_pointer_pos())
        {
            let node = self.node_under(start, tolerance);
            self.drag = Some(match node {
                Some(n) if modifiers.command => Drag::Link { from: n },
                Some(n) => {
                    let id = &self.figure.nodes[n].id;
                    let mut nodes = self.selected_nodes(primary);
                    if !nodes.contains(&n) {
                        nodes = vec![n];
                    }
                    if primary != Some(id) && !self.selected.contains(id) {
                        actions.push(Intent::Select(Some(id.clone())));
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
                Some(Drag::Pan) => {
                    self.offset += delta;
                    self.moved_by_user = true;
                }
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
                    actions.push(Intent::Apply(Box::new(Command::Place(placements))));
                }
                Some(Drag::Box { start }) => {
                    if let Some(end) = response.interact_pointer_pos().or(pointer) {
                        let (a, b) = (self.to_map(start), self.to_map(end));
                        let min = [a[0].min(b[0]), a[1].min(b[1])];
                        let max = [a[0].max(b[0]), a[1].max(b[1])];
                        for n in self.figure.nodes_in(min, max) {
                            self.selected.insert(self.figure.nodes[n].id.clone());
                        }
                        actions.push(Intent::Status(format!(
                            "{} actors selected",
                            self.selected.len()
                        )));
                    }
                }
                Some(Drag::Link { from }) => {
                    let target = response
                        .interact_pointer_pos()
                        .or(pointer)
                        .and_then(|p| self.node_under(p, tolerance));
                    match target {
                        Some(to) if to != from => actions.extend(new_relationship(
                            case,
                            self.figure.nodes[from].id.clone(),
                            self.figure.nodes[to].id.clone(),
                        )),
                        _ => actions.push(Intent::Status(
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
            let node = response
                .interact_pointer_pos()
                .and_then(|p| self.node_under(p, tolerance));
            let edge = if node.is_none() {
                at.and_then(|p| self.figure.edge_at(p, tolerance * 1.5))
            } else {
                None
            };
            if let (Some(from), Some(n)) = (self.link_from.take(), node) {
                let to = self.figure.nodes[n].id.clone();
                if from != to {
                    actions.extend(new_relationship(case, from, to));
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
                    actions.push(Intent::Select(Some(id)));
                }
            } else if let Some(e) = edge {
                self.selected.clear();
                actions.push(Intent::Select(Some(self.figure.edges[e].id.clone())));
            } else {
                self.selected.clear();
                actions.push(Intent::Select(None));
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
                        actions.push(Intent::Status(format!(
                            "Click the actor {} relates to",
                            node.label
                        )));
                        ui.close();
                    }
                    if node.pinned {
                        if ui.button("Release the pin").clicked() {
                            actions.push(Intent::Apply(Box::new(Command::Place(vec![(
                                node.id.clone(),
                                Some(MapPlacement {
                                    x: node.position[0],
                                    y: node.position[1],
                                    pinned: false,
                                }),
                            )]))));
                            ui.close();
                        }
                    } else if ui.button("Pin here").clicked() {
                        actions.push(Intent::Apply(Box::new(Command::Place(vec![(
                            node.id.clone(),
                            Some(MapPlacement {
                                x: node.position[0],
                                y: node.position[1],
                                pinned: true,
                            }),
                        )]))));
                        ui.close();
                    }
                    if ui
                        .button(format!(
                            "Show only its neighbourhood ({})",
                            crate::text::counted(self.hops, "hop", "hops")
                        ))
                        .clicked()
                    {
                        self.filter.neighbourhood = Some((vec![node.id.clone()], self.hops));
                        self.invalidate();
                        ui.close();
                    }
                    if ui.button("Delete…").clicked() {
                        actions.push(Intent::RequestDelete(node.id.clone()));
                        ui.close();
                    }
                }
                None => {
                    if ui.button("Add an actor here…").clicked() {
                        actions.push(Intent::new_actor_at(case, at));
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
}

/// The intents that open the new-relationship form between two actors, and say what to do next.
fn new_relationship(case: &Case, from: Id, to: Id) -> [Intent; 2] {
    [
        Intent::new_relationship(case, from, to),
        Intent::Status(
            "Choose the relationship's kind and confidence, then Add relationship".into(),
        ),
    ]
}
