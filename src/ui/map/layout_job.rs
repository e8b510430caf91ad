//! The automatic layout of the map as a job: started from the toolbar or the context menu (or,
//! for a big case with unplaced actors, on first sight), publishing positions as it goes, and
//! landing as one `Place` command. Cancelled, it places nothing.

use super::{LayoutJob, MapView};
use crate::figure::map::{Arrangement, case_layout};
use crate::model::{Case, Command, Id, MapPlacement};
use crate::ui::intent::Intent;
use crate::ui::job_runner::{Cancelled, JobRunner, Outcome};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
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
        // The whole map's disconnected parts are packed side by side; a selection's are not
        // (they stay among the rest).
        self.spawn_layout(case, graph, layout, planned, true, only.is_none());
    }

    /// Arranges every unpinned actor (top-down along the chain, or in circles by kind) on a
    /// worker thread; it lands as one `Place` command, as the force layout does.
    pub(super) fn start_arrangement(&mut self, case: &Case, arrangement: Arrangement) {
        if self.layout.is_some() {
            return;
        }
        let movable: Vec<bool> = case
            .actors
            .iter()
            .map(|a| !a.map.is_some_and(|m| m.pinned))
            .collect();
        let start: Vec<[f32; 2]> = case
            .actors
            .iter()
            .map(|a| self.positions.get(&a.id).copied().unwrap_or([0.0, 0.0]))
            .collect();
        let ids: Vec<Id> = case.actors.iter().map(|a| a.id.clone()).collect();
        let shared = Arc::new(Mutex::new(start));
        let mut runner = JobRunner::new(&self.ctx);
        let out = shared.clone();
        let case = case.clone();
        let keep = movable.clone();
        runner.spawn((), arrangement.label(), true, move |work| {
            let arranged = crate::figure::map::arranged(&case, arrangement);
            work.check()?;
            if let Ok(mut out) = out.lock() {
                for ((p, q), movable) in out.iter_mut().zip(arranged).zip(&keep) {
                    if *movable {
                        *p = q;
                    }
                }
            }
            Ok::<(), Cancelled>(())
        });
        self.layout = Some(LayoutJob {
            positions: shared,
            runner,
            planned: 1,
            stop: Arc::new(AtomicBool::new(false)),
            ids,
            movable,
            apply: true,
        });
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
        pack: bool,
    ) {
        let movable: Vec<bool> = layout.fixed.iter().map(|f| !f).collect();
        let packed = movable.clone();
        let shared = Arc::new(Mutex::new(layout.positions.clone()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut runner = JobRunner::new(&self.ctx);
        let (out, stop_here) = (shared.clone(), stop.clone());
        runner.spawn((), "Laying out the map", true, move |work| {
            let mut last_publish = std::time::Instant::now();
            for i in 0..planned {
                work.check()?;
                if stop_here.load(Ordering::Relaxed) {
                    break;
                }
                layout.step(&graph);
                work.report((i + 1) as f32 / planned.max(1) as f32);
                if last_publish.elapsed().as_millis() >= 50 || i + 1 == planned {
                    if let Ok(mut out) = out.lock() {
                        out.clone_from(&layout.positions);
                    }
                    last_publish = std::time::Instant::now();
                }
                if layout.is_settled() {
                    break;
                }
            }
            work.check()?;
            if pack {
                crate::layout::arrange::pack_components(&graph, &mut layout.positions, &packed);
            }
            if let Ok(mut out) = out.lock() {
                out.clone_from(&layout.positions);
            }
            Ok::<(), Cancelled>(())
        });
        self.layout = Some(LayoutJob {
            positions: shared,
            runner,
            planned,
            stop,
            ids: case.actors.iter().map(|a| a.id.clone()).collect(),
            movable,
            apply,
        });
    }

    /// When the layout job is done (or stopped), its result becomes one `Place` command;
    /// cancelled, the actors are drawn where they were.
    pub(super) fn finish_layout(&mut self, case: &Case) -> Vec<Intent> {
        let Some(job) = &mut self.layout else {
            return Vec::new();
        };
        let Some(finished) = job.runner.finished().pop() else {
            return Vec::new();
        };
        let Some(job) = self.layout.take() else {
            return Vec::new();
        };
        self.invalidate();
        match finished.outcome {
            Outcome::Done(()) => {}
            Outcome::Cancelled => {
                return vec![Intent::Status(
                    "Layout cancelled: every actor is where it was".into(),
                )];
            }
            Outcome::Failed(message) => {
                return vec![Intent::Status(format!(
                    "The layout stopped unexpectedly ({message}); every actor is where it was"
                ))];
            }
        }
        let positions = match job.positions.lock() {
            Ok(positions) => positions.clone(),
            Err(_) => return Vec::new(),
        };
        if !job.apply {
            for (id, p) in job.ids.into_iter().zip(positions) {
                self.positions.insert(id, p);
            }
            if !self.moved_by_user {
                self.fit_pending = true;
            }
            return Vec::new();
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
        if placements.is_empty() {
            return Vec::new();
        }
        vec![
            Intent::apply(Command::Place(placements)),
            Intent::Status("Layout done: undo puts the actors back".into()),
        ]
    }
}
