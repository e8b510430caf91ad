//! Autosave in the app: a moment after an edit, a copy of the open case goes to its slot in
//! the data folder (see [`crate::store::recovery`]), written on a worker thread so the UI never
//! waits on the disk. Writes and removals go through one queue, in order, so a removal (the
//! case was saved or its edits discarded) is never undone by a write still on its way.

use crate::model::Case;
use crate::store::recovery::{AutosaveFolder, AutosaveMeta, Slot, SlotFiles};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long after the first edit not yet autosaved the autosave is written. With the write
/// itself, this bounds the work a crash can cost.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1000);

enum Request {
    Write {
        files: SlotFiles,
        case: Box<Case>,
        meta: Box<AutosaveMeta>,
    },
    /// Remove the autosave's files; the slot stays held.
    Clear(SlotFiles),
    /// Remove the autosave's files and release the slot.
    Release(Slot),
    /// Answer once everything before has been done.
    Flush(Sender<()>),
}

/// The autosave worker of the app.
pub struct Autosaver {
    folder: Option<AutosaveFolder>,
    sender: Sender<Request>,
    /// The last failure, for the status bar, taken once shown.
    failure: Arc<Mutex<Option<String>>>,
}

impl Autosaver {
    /// An autosaver writing into `data_dir`'s autosave folder; with no data folder it keeps
    /// nothing (and holds no locks).
    pub fn new(data_dir: Option<&std::path::Path>) -> Self {
        let (sender, receiver) = channel();
        let failure = Arc::new(Mutex::new(None));
        let worker_failure = failure.clone();
        let folder = data_dir.map(AutosaveFolder::in_data_dir);
        if folder.is_some() {
            std::thread::Builder::new()
                .name("autosave".into())
                .spawn(move || work(&receiver, &worker_failure))
                .expect("the autosave thread starts");
        }
        Autosaver {
            folder,
            sender,
            failure,
        }
    }

    pub fn folder(&self) -> Option<&AutosaveFolder> {
        self.folder.as_ref()
    }

    /// Queues a write of `case` into `files`.
    pub fn write(&self, files: SlotFiles, case: Case, meta: AutosaveMeta) {
        let _ = self.sender.send(Request::Write {
            files,
            case: Box::new(case),
            meta: Box::new(meta),
        });
    }

    /// Queues the removal of an autosave whose work is now saved.
    pub fn clear(&self, files: SlotFiles) {
        let _ = self.sender.send(Request::Clear(files));
    }

    /// Queues the removal of an autosave and the release of its slot.
    pub fn release(&self, slot: Slot) {
        let _ = self.sender.send(Request::Release(slot));
    }

    /// Waits (at most `limit`) until every queued request is done: before the app exits.
    pub fn flush(&self, limit: Duration) {
        if self.folder.is_none() {
            return;
        }
        let (done, finished) = channel();
        if self.sender.send(Request::Flush(done)).is_ok() {
            let _ = finished.recv_timeout(limit);
        }
    }

    /// The last autosave failure not yet shown.
    pub fn take_failure(&self) -> Option<String> {
        self.failure.lock().ok()?.take()
    }
}

fn work(receiver: &Receiver<Request>, failure: &Mutex<Option<String>>) {
    let report = |text: String| {
        if let Ok(mut slot) = failure.lock() {
            *slot = Some(text);
        }
    };
    while let Ok(first) = receiver.recv() {
        // Take everything queued; of several writes to one slot only the last matters.
        let mut batch = vec![first];
        batch.extend(receiver.try_iter());
        let last_write_to = |files: &SlotFiles, batch: &[Request]| {
            batch.iter().rposition(
                |r| matches!(r, Request::Write { files: f, .. } | Request::Clear(f) if f == files),
            )
        };
        let superseded: Vec<bool> = batch
            .iter()
            .enumerate()
            .map(|(i, request)| match request {
                Request::Write { files, .. } => last_write_to(files, &batch) != Some(i),
                _ => false,
            })
            .collect();
        for (request, superseded) in batch.into_iter().zip(superseded) {
            match request {
                Request::Write { .. } if superseded => {}
                Request::Write { files, case, meta } => {
                    if let Err(error) = files.write(&case, &meta) {
                        report(format!(
                            "Autosave failed ({}): {error}",
                            files.case.display()
                        ));
                    }
                }
                Request::Clear(files) => {
                    if let Err(error) = files.remove() {
                        report(format!("Could not remove the autosave: {error}"));
                    }
                }
                Request::Release(slot) => {
                    if let Err(error) = slot.remove() {
                        report(format!("Could not remove the autosave: {error}"));
                    }
                }
                Request::Flush(done) => {
                    let _ = done.send(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_land_in_order_and_a_clear_is_not_undone_by_an_earlier_write() {
        let dir = tempfile::tempdir().unwrap();
        let autosaver = Autosaver::new(Some(dir.path()));
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
                Case::new(format!("version {n}")),
                meta.clone(),
            );
        }
        autosaver.flush(Duration::from_secs(10));
        let case = crate::store::load(&slot.files.case).unwrap();
        assert_eq!(case.title, "version 19");

        autosaver.write(slot.files.clone(), Case::new("late"), meta.clone());
        autosaver.clear(slot.files.clone());
        autosaver.flush(Duration::from_secs(10));
        assert!(!slot.files.exists(), "the clear came last and wins");

        autosaver.write(slot.files.clone(), Case::new("again"), meta);
        let files = slot.files.clone();
        autosaver.release(slot);
        autosaver.flush(Duration::from_secs(10));
        assert!(!files.exists());
        assert!(autosaver.take_failure().is_none());
        assert!(autosaver.folder().unwrap().orphans().is_empty());
    }
}
