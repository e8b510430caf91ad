//! The automatic layout of the map on a worker thread: started from the toolbar or the context
//! menu (or, for a big case with unplaced actors, on first sight), publishing positions as it
//! goes, and landing as one `Place` command.

use super::{LayoutJob, MapView};
use crate::figure::map::case_layout;
use crate::model::{Case, Command, Id, MapPlacement};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

impl MapView {
    /// Starts the automatic layout on a worker thread: of every unpinned actor, or only of the
    /// selected ones.
    pub(super) fn start_layout(&mut self, case: &Case, only: Option<&BTreeSet<Id>>) {
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
        let planned = layout
            .planned_iterations()
            .min(crate::figure::map::LAYOUT_ITERATIONS);
        self.spawn_layout(case, graph, layout, planned, true);
    }

    /// Runs `layout` on a worker thread for up to `planned` iterations, publishing positions as
    /// it goes.
    pub(super) fn spawn_layout(
        &mut self,
        case: &Case,
        graph: crate::layout::LayoutGraph,
        mut layout: crate::layout::ForceLayout,
        planned: usize,
        apply: bool,
    ) {
        let movable: Vec<bool> = layout.fixed.iter().map(|f| !f).collect();
        let shared = Arc::new(Mutex::new(layout.positions.clone()));
        let iteration = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let job = LayoutJob {
            positions: shared.clone(),
            iteration: iteration.clone(),
            planned,
            stop: stop.clone(),
            done: done.clone(),
            ids: case.actors.iter().map(|a| a.id.clone()).collect(),
            movable,
            apply,
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
    pub(super) fn finish_layout(&mut self, case: &Case) -> Option<Command> {
        let job = self.layout.as_ref()?;
        if !job.done.load(Ordering::Acquire) {
            return None;
        }
        let job = self.layout.take()?;
        let positions = job.positions.lock().ok()?.clone();
        if !job.apply {
            for (id, p) in job.ids.into_iter().zip(positions) {
                self.positions.insert(id, p);
            }
            self.invalidate();
            if !self.moved_by_user {
                self.fit_pending = true;
            }
            return None;
        }
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
}
