//! Autosave in the app: a moment after an edit, a copy of the open case goes to its slot in
//! the data folder (see [`crate::store::recovery`]), written as a job so the UI never waits on
//! the disk. Writes and removals are jobs of one serial runner, done in order, so a removal (the
//! case was saved or its edits discarded) is never undone by a write still on its way; a write
//! already superseded by a later request for the same files is skipped.

use super::job_runner::{JobRunner, Outcome};
use crate::model::Case;
use crate::store::recovery::{AutosaveFolder, AutosaveMeta, Slot, SlotFiles};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long after the first edit not yet autosaved the autosave is written. With the write
/// itself, this bounds the work a crash can cost.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1000);

/// Why an autosave job failed.
#[derive(Debug, thiserror::Error)]
pub enum AutosaveFailure {
    #[error("Autosave failed ({}): {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Could not remove the autosave: {0}")]
    Remove(std::io::Error),
}

/// The autosave of the app.
pub struct Autosaver {
    folder: Option<AutosaveFolder>,
    runner: JobRunner<(), Result<(), AutosaveFailure>>,
    /// The number of the latest request for each autosave (by its case file): a write whose
    /// number is older when its turn comes has been superseded.
    latest: Arc<Mutex<HashMap<PathBuf, u64>>>,
    requests: u64,
    /// The last failure, for the status bar, taken once shown.
    failure: Option<AutosaveFailure>,
}

impl Autosaver {
    /// An autosaver writing into `data_dir`'s autosave folder; with no data folder it keeps
    /// nothing (and holds no locks).
    pub fn new(ctx: &egui::Context, data_dir: Option<&std::path::Path>) -> Self {
        Autosaver {
            folder: data_dir.map(AutosaveFolder::in_data_dir),
            runner: JobRunner::serial(ctx, "autosave"),
            latest: Arc::default(),
            requests: 0,
            failure: None,
        }
    }

    pub fn folder(&self) -> Option<&AutosaveFolder> {
        self.folder.as_ref()
    }

    /// Numbers a request for `files`, as the latest for them.
    fn number(&mut self, files: &SlotFiles) -> u64 {
        self.requests += 1;
        if let Ok(mut latest) = self.latest.lock() {
            latest.insert(files.case.clone(), self.requests);
        }
        self.requests
    }

    /// Queues a write of `case` into `files` (shared, not copied: an edit made while it is
    /// written copies the case it edits instead).
    pub fn write(&mut self, files: SlotFiles, case: Arc<Case>, meta: AutosaveMeta) {
        let number = self.number(&files);
        let latest = self.latest.clone();
        let what = format!("Autosaving {}", files.case.display());
        self.runner.spawn((), what, false, move |_| {
            let superseded = latest
                .lock()
                .is_ok_and(|l| l.get(&files.case).is_some_and(|n| *n != number));
            if superseded {
                return Ok(Ok(()));
            }
            Ok(files
                .write(&case, &meta)
                .map_err(|source| AutosaveFailure::Write {
                    path: files.case.clone(),
                    source,
                }))
        });
    }

    /// Queues the removal of an autosave whose work is now saved.
    pub fn clear(&mut self, files: SlotFiles) {
        self.number(&files);
        self.runner
            .spawn((), "Removing an autosave", false, move |_| {
                Ok(files.remove().map_err(AutosaveFailure::Remove))
            });
    }

    /// Queues the removal of an autosave and the release of its slot.
    pub fn release(&mut self, slot: Slot) {
        self.number(&slot.files);
        self.runner
            .spawn((), "Removing an autosave", false, move |_| {
                Ok(slot.remove().map_err(AutosaveFailure::Remove))
            });
    }

    /// Waits (at most `limit`) until every queued request is done: before the app exits.
    pub fn flush(&mut self, limit: Duration) {
        let done = self.runner.wait(limit);
        self.note(done.into_iter().map(|f| f.outcome));
    }

    fn note(&mut self, outcomes: impl Iterator<Item = Outcome<Result<(), AutosaveFailure>>>) {
        for outcome in outcomes {
            match outcome {
                Outcome::Done(Err(failure)) => self.failure = Some(failure),
                Outcome::Failed(message) => {
                    self.failure = Some(AutosaveFailure::Write {
                        path: PathBuf::new(),
                        source: std::io::Error::other(message),
                    });
                }
                Outcome::Done(Ok(())) | Outcome::Cancelled => {}
            }
        }
    }

    /// The last autosave failure not yet shown.
    pub fn take_failure(&mut self) -> Option<String> {
        let finished = self.runner.finished();
        self.note(finished.into_iter().map(|f| f.outcome));
        self.failure.take().map(|f| f.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_land_in_order_and_a_clear_is_not_undone_by_an_earlier_write() {
        let dir = tempfile::tempdir().unwrap();
        let mut autosaver = Autosaver::new(&egui::Context::default(), Some(dir.path()));
        let slot = autosaver.folder().unwrap().claim("untitled-test").unwrap();
        let meta = AutosaveMeta {
            file: None,
            title: "T".into(),
            edited: chrono::Utc::now(),
            disk: None,
        };
        for n in 0..20 {
            autosaver.write(
                slot.files.clone(),
                Arc::new(Case::new(format!("version {n}"))),
                meta.clone(),
            );
        }
        autosaver.flush(Duration::from_secs(10));
        let case = crate::store::load(&slot.files.case).unwrap();
        assert_eq!(case.title, "version 19");

        autosaver.write(
            slot.files.clone(),
            Arc::new(Case::new("late")),
            meta.clone(),
        );
        autosaver.clear(slot.files.clone());
        autosaver.flush(Duration::from_secs(10));
        assert!(!slot.files.exists(), "the clear came last and wins");

        autosaver.write(slot.files.clone(), Arc::new(Case::new("again")), meta);
        let files = slot.files.clone();
        autosaver.release(slot);
        autosaver.flush(Duration::from_secs(10));
        assert!(!files.exists());
        assert!(autosaver.take_failure().is_none());
        assert!(autosaver.folder().unwrap().orphans().is_empty());
    }
}
