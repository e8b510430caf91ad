//! Slow work off the UI thread: native file dialogs (rfd), opening and saving cases. Each job
//! runs on its own thread and reports back over a channel, waking the UI with
//! `request_repaint`; the UI thread never blocks on a disk or a dialog.

use crate::model::Case;
use crate::store::recovery::{DiskStamp, Orphan};
use crate::store::{self, LoadError, SaveError};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    /// Where to write the relationship map (SVG or PNG).
    ExportMap,
    /// Where to write the timeline (SVG or PNG).
    ExportTimeline,
    /// Where to write the case as a STIX 2.1 bundle.
    ExportStix,
    /// Which STIX 2.1 bundle to import.
    ImportStix,
    /// Where to write a briefing (the briefing dialog stays open meanwhile).
    ExportBriefing,
}

/// A dialog answered faster than this was most likely never shown.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(300);

/// A finished background job.
#[derive(Debug)]
pub enum JobEvent {
    /// A file dialog closed. `dialog_missing` is set when it seems no dialog appeared at all.
    Picked {
        purpose: Purpose,
        path: Option<PathBuf>,
        dialog_missing: bool,
    },
    Loaded {
        path: PathBuf,
        result: Result<OpenedCase, LoadError>,
    },
    Saved {
        path: PathBuf,
        edit_count: u64,
        result: Result<DiskStamp, SaveFailure>,
    },
    /// The file on disk was read, to compare with the open case.
    DiskVersionRead {
        path: PathBuf,
        /// The case on disk, and the case rules it breaks (it may, having been written
        /// elsewhere).
        result: Result<(Box<Case>, Vec<crate::model::validate::Problem>), LoadError>,
    },
    /// An autosave was read back, to restore.
    Restored {
        orphan: Box<Orphan>,
        result: Result<Box<Case>, LoadError>,
    },
    Exported {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// The note beside a case file was read and this process's note left there (on a worker:
    /// the folder may be a slow or hostile shared drive).
    Presence {
        path: PathBuf,
        other: Option<crate::store::presence::Presence>,
        note: Result<crate::store::presence::PresenceNote, crate::store::presence::NoteRefused>,
    },
    /// A STIX bundle was read (not yet merged into the case).
    BundleRead {
        path: PathBuf,
        result: Result<Box<crate::stix::import::ImportedBundle>, String>,
    },
}

/// A case read from disk, with what the app would otherwise work out on its first frame.
#[derive(Debug)]
pub struct OpenedCase {
    pub case: Box<Case>,
    /// The file as read, to tell later whether another program changed it.
    pub stamp: DiskStamp,
    /// The tradecraft checks of the case, run on the loading thread: on a case of 100,000
    /// objects they take tens of milliseconds, too long for the frame that shows the case.
    pub findings: Vec<crate::checks::Finding>,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveFailure {
    /// Writing failed; the file on disk is as it was.
    Error(SaveError),
    /// The file changed on disk since it was opened or last saved here; nothing was written.
    ChangedOnDisk,
}

/// A case being opened, with how far it has got.
#[derive(Debug)]
pub struct Loading {
    pub path: PathBuf,
    progress_bits: Arc<AtomicU32>,
}

impl Loading {
    pub fn fraction(&self) -> f32 {
        f32::from_bits(self.progress_bits.load(Ordering::Relaxed))
    }
}

/// The background jobs of the app.
pub struct Jobs {
    sender: Sender<JobEvent>,
    receiver: Receiver<JobEvent>,
    ctx: egui::Context,
    pub loading: Option<Loading>,
    pub saving: Option<PathBuf>,
    pub picking: Option<Purpose>,
    pub exporting: Option<PathBuf>,
    pub importing: Option<PathBuf>,
    /// Notes beside case files being read and left.
    noting: usize,
}

/// Whether this machine can show a native file dialog. On Linux and the BSDs rfd needs the XDG
/// desktop portal (over D-Bus) or zenity; without either it returns at once, as if cancelled.
pub fn dialog_service_available() -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        return true;
    }
    let has_session_bus =
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
    let has_zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    has_session_bus || has_zenity
}

impl Jobs {
    pub fn new(ctx: &egui::Context) -> Self {
        let (sender, receiver) = channel();
        Jobs {
            sender,
            receiver,
            ctx: ctx.clone(),
            loading: None,
            saving: None,
            picking: None,
            exporting: None,
            importing: None,
            noting: 0,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.loading.is_some()
            || self.saving.is_some()
            || self.picking.is_some()
            || self.exporting.is_some()
            || self.importing.is_some()
            || self.noting > 0
    }

    /// Writes `case` as a STIX 2.1 bundle to `path` in the background (atomically).
    /// With a `label`, only what may be shared at it goes (see [`crate::stix::export::to_bytes_at`]).
    pub fn export_stix(
        &mut self,
        case: Case,
        label: Option<crate::tradecraft::Tlp>,
        path: PathBuf,
    ) {
        self.exporting = Some(path.clone());
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = crate::stix::export::write_file(&case, label, &path)
                .map(|_| ())
                .map_err(|e| format!("{}: {e}", path.display()));
            let _ = sender.send(JobEvent::Exported { path, result });
            ctx.request_repaint();
        });
    }

    /// Reads the note beside the case file at `path` and leaves this process's note there, in
    /// the background.
    pub fn note_presence(&mut self, path: PathBuf) {
        self.noting += 1;
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let other = crate::store::presence::read_other(&path);
            let note = crate::store::presence::PresenceNote::leave(&path);
            let _ = sender.send(JobEvent::Presence { path, other, note });
            ctx.request_repaint();
        });
    }

    /// Reads a STIX 2.1 bundle in the background.
    pub fn import_stix(&mut self, path: PathBuf) {
        self.importing = Some(path.clone());
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = crate::stix::import::read_bundle_file(&path, "Imported STIX bundle")
                .map(Box::new)
                .map_err(|e| e.to_string());
            let _ = sender.send(JobEvent::BundleRead { path, result });
            ctx.request_repaint();
        });
    }

    /// Opens `path` in the background.
    pub fn open(&mut self, path: PathBuf) {
        let progress_bits = Arc::new(AtomicU32::new(0f32.to_bits()));
        self.loading = Some(Loading {
            path: path.clone(),
            progress_bits: progress_bits.clone(),
        });
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let report = |fraction: f32| {
                progress_bits.store(fraction.to_bits(), Ordering::Relaxed);
                ctx.request_repaint();
            };
            let result = store::load_stamped(&path, &report).map(|(case, stamp)| OpenedCase {
                findings: crate::checks::review(&case),
                case: Box::new(case),
                stamp,
            });
            let _ = sender.send(JobEvent::Loaded { path, result });
            ctx.request_repaint();
        });
    }

    /// Reads the case file at `path` as it is on disk now, to compare, in the background.
    pub fn read_disk_version(&mut self, path: PathBuf) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = store::load_for_comparison(&path)
                .map(|(case, problems)| (Box::new(case), problems));
            let _ = sender.send(JobEvent::DiskVersionRead { path, result });
            ctx.request_repaint();
        });
    }

    /// Reads an autosave back in the background, to restore it.
    pub fn restore(&mut self, orphan: Orphan) {
        self.loading = Some(Loading {
            path: orphan.slot.files.case.clone(),
            progress_bits: Arc::new(AtomicU32::new(0f32.to_bits())),
        });
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = store::load(&orphan.slot.files.case).map(Box::new);
            let _ = sender.send(JobEvent::Restored {
                orphan: Box::new(orphan),
                result,
            });
            ctx.request_repaint();
        });
    }

    /// Saves a copy of `case` to `path` in the background. With `unchanged_since`, the save
    /// first checks that the file on disk is still as that stamp says, and if not writes
    /// nothing and reports [`SaveFailure::ChangedOnDisk`].
    pub fn save(
        &mut self,
        case: Case,
        path: PathBuf,
        edit_count: u64,
        unchanged_since: Option<DiskStamp>,
    ) {
        self.saving = Some(path.clone());
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let changed = unchanged_since
                .map(|stamp| stamp.changed_on_disk(&path))
                .transpose()
                .map_err(|source| SaveError {
                    path: path.clone(),
                    source,
                });
            let result = match changed {
                Ok(Some(true)) => Err(SaveFailure::ChangedOnDisk),
                Ok(_) => store::save_stamped(&case, &path).map_err(SaveFailure::Error),
                Err(error) => Err(SaveFailure::Error(error)),
            };
            let _ = sender.send(JobEvent::Saved {
                path,
                edit_count,
                result,
            });
            ctx.request_repaint();
        });
    }

    /// Writes a figure (given as SVG) to `path` as SVG or PNG, by its extension, in the background.
    pub fn export_figure(&mut self, svg: String, path: PathBuf) {
        self.exporting = Some(path.clone());
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = crate::figure::file::write_figure(&svg, &path).map_err(|e| e.to_string());
            let _ = sender.send(JobEvent::Exported { path, result });
            ctx.request_repaint();
        });
    }

    /// Shows a native file dialog without blocking the UI thread.
    pub fn pick(&mut self, purpose: Purpose, suggested_name: String, folder: Option<PathBuf>) {
        self.picking = Some(purpose);
        let mut dialog = rfd::AsyncFileDialog::new()
            .add_filter("Casebook case", &["json"])
            .add_filter("All files", &["*"]);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        let started = Instant::now();
        let future = match purpose {
            Purpose::Open => Box::pin(dialog.set_title("Open a case").pick_file())
                as std::pin::Pin<Box<dyn Future<Output = Option<rfd::FileHandle>> + Send>>,
            Purpose::SaveAs => Box::pin(
                dialog
                    .set_title("Save the case as")
                    .set_file_name(suggested_name)
                    .save_file(),
            ),
            Purpose::ExportStix => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("STIX 2.1 bundle", &["json"])
                    .set_title("Export the case as a STIX 2.1 bundle")
                    .set_file_name(suggested_name)
                    .save_file(),
            ),
            Purpose::ExportBriefing => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("Briefing", &["pdf", "html", "md"])
                    .set_title("Write the briefing to")
                    .set_file_name(suggested_name)
                    .save_file(),
            ),
            Purpose::ImportStix => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("STIX 2.1 bundle", &["json"])
                    .add_filter("All files", &["*"])
                    .set_title("Import a STIX 2.1 bundle")
                    .pick_file(),
            ),
            Purpose::ExportMap | Purpose::ExportTimeline => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("SVG figure", &["svg"])
                    .add_filter("PNG image", &["png"])
                    .set_title(if purpose == Purpose::ExportMap {
                        "Export the map"
                    } else {
                        "Export the timeline"
                    })
                    .set_file_name(suggested_name)
                    .save_file(),
            ),
        };
        std::thread::spawn(move || {
            let path = pollster::block_on(future).map(|h| h.path().to_owned());
            let dialog_missing = path.is_none() && started.elapsed() < NO_DIALOG_THRESHOLD;
            let _ = sender.send(JobEvent::Picked {
                purpose,
                path,
                dialog_missing,
            });
            ctx.request_repaint();
        });
    }

    /// The jobs that finished since the last call.
    pub fn finished(&mut self) -> Vec<JobEvent> {
        let events: Vec<JobEvent> = self.receiver.try_iter().collect();
        for event in &events {
            match event {
                JobEvent::Picked { .. } => self.picking = None,
                JobEvent::Loaded { .. } | JobEvent::Restored { .. } => self.loading = None,
                JobEvent::DiskVersionRead { .. } => {}
                JobEvent::Presence { .. } => self.noting = self.noting.saturating_sub(1),
                JobEvent::Saved { .. } => self.saving = None,
                JobEvent::Exported { .. } => self.exporting = None,
                JobEvent::BundleRead { .. } => self.importing = None,
            }
        }
        events
    }
}
