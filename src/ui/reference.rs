//! The reference library of known groups in the app: read off the UI thread at start-up (the
//! first frame never waits for it), then shared by the ranking view and the briefing dialog.

use crate::attack::Library;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The library, once read.
pub struct ReferenceLibrary {
    loaded: Option<Arc<Library>>,
    /// Why an imported library was passed over, or why none could be read.
    pub notice: Option<String>,
    pending: Option<Receiver<(Library, Option<String>)>>,
}

impl ReferenceLibrary {
    /// Starts reading the library (the analyst's imported one in `data_dir`, else the
    /// built-in one) on a thread of its own; `ctx` is asked to draw again once it is read.
    pub fn start(ctx: &egui::Context, data_dir: Option<std::path::PathBuf>) -> Self {
        let (send, receive) = channel();
        let ctx = ctx.clone();
        let started = std::thread::Builder::new()
            .name("reference library".into())
            .spawn(move || {
                let _ = send.send(Library::load(data_dir.as_deref()));
                ctx.request_repaint();
            });
        ReferenceLibrary {
            loaded: None,
            notice: started
                .is_err()
                .then(|| "the reference library could not be read: no thread to read it".into()),
            pending: started.ok().map(|_| receive),
        }
    }

    /// The library, if it is read; takes it in when the reading thread has finished.
    pub fn get(&mut self) -> Option<Arc<Library>> {
        if let Some(pending) = &self.pending {
            match pending.try_recv() {
                Ok((library, notice)) => {
                    self.loaded = Some(Arc::new(library));
                    self.notice = notice;
                    self.pending = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.notice = Some("the reference library could not be read".into());
                    self.pending = None;
                }
            }
        }
        self.loaded.clone()
    }

    /// Uses a library read since (one the analyst imported).
    #[allow(
        dead_code,
        reason = "the ranking view imports a release with it (next step)"
    )]
    pub fn replace(&mut self, library: Library) {
        self.loaded = Some(Arc::new(library));
        self.notice = None;
        self.pending = None;
    }
}
