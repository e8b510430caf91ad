//! The one way the app runs slow work off the UI thread: opening, saving, autosaving, file
//! dialogs, imports, exports, briefings, map layout and overview images are all jobs of a
//! [`JobRunner`]. A job runs on its own thread with a [`Work`] handle through which it reports
//! how far it has got and learns whether it was cancelled; its outcome comes back over a
//! channel and wakes the UI once, when it is done (a progress bar asks for its own redraws while
//! it is shown). A job that panics is reported as failed instead of being waited for forever.
//! A serial runner ([`JobRunner::serial`]) runs its jobs one after another on one thread, in the
//! order given: for the autosave, whose removal must never be undone by a write still queued.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// A job's number, unique within its runner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JobId(u64);

/// The job was cancelled: it stopped and changed nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// A job's side of the runner: to report progress and to hear of a cancel.
#[derive(Clone)]
pub struct Work {
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    /// What the job is doing now, in a few words, if it says.
    stage: Arc<std::sync::Mutex<String>>,
}

impl Work {
    /// Reports how far the job has got, from 0 to 1.
    pub fn report(&self, fraction: f32) {
        self.progress
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    /// Reports how far the job has got and what it is doing now ("Typesetting the PDF").
    pub fn report_stage(&self, fraction: f32, stage: &str) {
        self.report(fraction);
        if let Ok(mut words) = self.stage.lock() {
            stage.clone_into(&mut words);
        }
    }

    /// Whether the user cancelled the job.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once the user cancelled the job: for `?` at a safe point.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// A job that has not finished yet.
pub struct Running<K> {
    pub id: JobId,
    /// What kind of job it is, for its owner.
    pub kind: K,
    /// What it does, in words for the status bar ("Saving case.json").
    pub what: String,
    /// Whether cancelling means anything for it.
    pub cancellable: bool,
    work: Work,
}

impl<K> Running<K> {
    /// How far it has got, from 0 to 1, as last reported.
    pub fn fraction(&self) -> f32 {
        f32::from_bits(self.work.progress.load(Ordering::Relaxed))
    }

    /// What the job last said it is doing.
    pub fn stage(&self) -> String {
        self.work
            .stage
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// Whether a cancel was asked for (the job may still be winding down).
    pub fn cancel_asked(&self) -> bool {
        self.work.cancelled()
    }
}

/// How a job ended.
#[derive(Debug)]
pub enum Outcome<T> {
    Done(T),
    Cancelled,
    /// The job panicked; the message says where.
    Failed(String),
}

/// A finished job.
#[derive(Debug)]
pub struct Finished<K, T> {
    pub kind: K,
    pub what: String,
    pub outcome: Outcome<T>,
}

/// Where a runner's jobs run.
enum Lane {
    /// Each on a thread of its own, side by side.
    Threads,
    /// One after another on one thread, in the order given.
    Serial(Sender<Box<dyn FnOnce() + Send>>),
}

/// Runs jobs of one owner, each yielding a `T`, tagged with a `K` the owner chooses.
pub struct JobRunner<K, T> {
    ctx: egui::Context,
    lane: Lane,
    sender: Sender<(JobId, Outcome<T>)>,
    receiver: Receiver<(JobId, Outcome<T>)>,
    running: Vec<Running<K>>,
    next: u64,
}

impl<K: Copy + PartialEq, T: Send + 'static> JobRunner<K, T> {
    /// A runner whose finished jobs wake `ctx`.
    pub fn new(ctx: &egui::Context) -> Self {
        let (sender, receiver) = channel();
        JobRunner {
            ctx: ctx.clone(),
            lane: Lane::Threads,
            sender,
            receiver,
            running: Vec::new(),
            next: 0,
        }
    }

    /// A runner whose jobs run one after another, in order, on one thread named `name`.
    pub fn serial(ctx: &egui::Context, name: &str) -> Self {
        let mut runner = Self::new(ctx);
        let (queue, jobs) = channel::<Box<dyn FnOnce() + Send>>();
        let started = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                for job in jobs {
                    job();
                }
            });
        if started.is_ok() {
            runner.lane = Lane::Serial(queue);
        }
        runner
    }

    /// Starts `job` (on a thread of its own, or in turn on a serial runner's thread). It returns its result, or `Err(Cancelled)` when it
    /// stopped on a cancel (having changed nothing).
    pub fn spawn(
        &mut self,
        kind: K,
        what: impl Into<String>,
        cancellable: bool,
        job: impl FnOnce(&Work) -> Result<T, Cancelled> + Send + 'static,
    ) -> JobId {
        self.next += 1;
        let id = JobId(self.next);
        let work = Work {
            progress: Arc::new(AtomicU32::new(0f32.to_bits())),
            cancel: Arc::new(AtomicBool::new(false)),
            stage: Arc::default(),
        };
        let theirs = work.clone();
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let what = what.into();
        let run = move || {
            let outcome = match catch_unwind(AssertUnwindSafe(|| job(&theirs))) {
                Ok(Ok(value)) => Outcome::Done(value),
                Ok(Err(Cancelled)) => Outcome::Cancelled,
                Err(panic) => Outcome::Failed(panic_message(panic.as_ref())),
            };
            let _ = sender.send((id, outcome));
            ctx.request_repaint();
        };
        let started = match &self.lane {
            Lane::Threads => std::thread::Builder::new()
                .name(format!("job {}", id.0))
                .spawn(run)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Lane::Serial(queue) => queue
                .send(Box::new(run))
                .map_err(|_| "the worker thread has stopped".to_owned()),
        };
        if let Err(error) = started {
            // No thread to run it: report it as failed at once, so nothing waits for it.
            let _ = self.sender.send((
                id,
                Outcome::Failed(format!("no thread could be started: {error}")),
            ));
        }
        self.running.push(Running {
            id,
            kind,
            what,
            cancellable,
            work,
        });
        id
    }

    /// Asks the job to stop; it reports [`Outcome::Cancelled`] once it has.
    pub fn cancel(&self, id: JobId) {
        if let Some(job) = self.running.iter().find(|j| j.id == id) {
            job.work.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Asks every running job to stop.
    pub fn cancel_all(&self) {
        for job in &self.running {
            job.work.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The jobs still running, oldest first.
    pub fn running(&self) -> &[Running<K>] {
        &self.running
    }

    /// Whether a job of this kind is running.
    pub fn is_running(&self, kind: K) -> bool {
        self.running.iter().any(|j| j.kind == kind)
    }

    /// The jobs that finished since the last call.
    pub fn finished(&mut self) -> Vec<Finished<K, T>> {
        let arrived: Vec<_> = self.receiver.try_iter().collect();
        arrived
            .into_iter()
            .filter_map(|(id, outcome)| self.take(id, outcome))
            .collect()
    }

    /// Waits (at most `limit`) for the running jobs to finish, and gives back those that did.
    pub fn wait(&mut self, limit: std::time::Duration) -> Vec<Finished<K, T>> {
        let deadline = std::time::Instant::now() + limit;
        let mut done = Vec::new();
        while !self.running.is_empty() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok((id, outcome)) = self.receiver.recv_timeout(left) else {
                break;
            };
            done.extend(self.take(id, outcome));
        }
        done
    }

    /// The running job `id`, finished with `outcome`.
    fn take(&mut self, id: JobId, outcome: Outcome<T>) -> Option<Finished<K, T>> {
        let i = self.running.iter().position(|j| j.id == id)?;
        let job = self.running.remove(i);
        Some(Finished {
            kind: job.kind,
            what: job.what,
            outcome,
        })
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the job stopped unexpectedly".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_job_reports_its_result_progress_and_a_cancel() {
        let ctx = egui::Context::default();
        let mut runner: JobRunner<u8, u32> = JobRunner::new(&ctx);
        let (go, wait) = channel::<()>();
        let slow = runner.spawn(1, "slow", true, move |work| {
            work.report(0.5);
            let _ = wait.recv();
            work.check()?;
            Ok(7)
        });
        runner.spawn(2, "quick", false, |_| Ok(42));
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(runner.running().len(), 2);
        runner.cancel(slow);
        let _ = go.send(());
        let mut done = runner.wait(Duration::from_secs(10));
        done.sort_by_key(|f| f.kind);
        assert!(
            matches!(done[0].outcome, Outcome::Cancelled),
            "{:?}",
            done[0]
        );
        assert_eq!(done[0].what, "slow");
        assert!(matches!(done[1].outcome, Outcome::Done(42)));
        assert_eq!(done[1].what, "quick");
        assert!(runner.running().is_empty());
    }

    #[test]
    fn a_serial_runner_runs_its_jobs_in_order() {
        let ctx = egui::Context::default();
        let mut runner: JobRunner<(), usize> = JobRunner::serial(&ctx, "test-serial");
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        for n in 0..50 {
            let order = order.clone();
            runner.spawn((), format!("job {n}"), false, move |_| {
                if n % 7 == 0 {
                    std::thread::sleep(Duration::from_millis(2));
                }
                order.lock().unwrap().push(n);
                Ok(n)
            });
        }
        let done = runner.wait(Duration::from_secs(20));
        assert_eq!(done.len(), 50);
        assert_eq!(*order.lock().unwrap(), (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn a_job_that_panics_is_reported_as_failed() {
        let ctx = egui::Context::default();
        let mut runner: JobRunner<(), ()> = JobRunner::new(&ctx);
        runner.spawn((), "breaks", false, |_| panic!("broken on purpose"));
        let done = runner.wait(Duration::from_secs(10));
        assert!(
            matches!(&done[0].outcome, Outcome::Failed(m) if m.contains("broken on purpose")),
            "{:?}",
            done[0]
        );
    }
}
