//! The app's jobs: native file dialogs (rfd), opening, saving and restoring cases, reading the
//! note beside a case file, importing and exporting. Each runs as a job of the one
//! [`JobRunner`], so the UI thread never blocks on a disk or a dialog, shows what is running
//! and can cancel an export.

use super::job_runner::{JobId, JobRunner, Outcome, Running};
use crate::model::Case;
use crate::store::recovery::{DiskStamp, Orphan};
use crate::store::{self, LoadError, SaveError};
use std::path::PathBuf;
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
    /// Where to write the case as a MISP event.
    ExportMisp,
    /// Where to write a briefing (the briefing dialog stays open meanwhile).
    ExportBriefing,
    /// Where to write an ATT&CK Navigator layer.
    ExportLayer,
    /// Which ATT&CK Navigator layer to add to an event.
    ImportLayer,
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
        result: Result<(), ExportFailure>,
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
        result:
            Result<Box<crate::stix::import::ImportedBundle>, crate::stix::import::BundleFileError>,
    },
    /// A job stopped on the user's cancel, having changed nothing.
    Cancelled { kind: JobKind, what: String },
    /// A job broke off unexpectedly (it panicked); nothing it was doing was finished.
    Failed { what: String, message: String },
}

/// What kind of job is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Pick,
    Open,
    Save,
    ReadDisk,
    Restore,
    Export,
    Import,
    Presence,
}

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    #[error("{}: could not write the bundle: {source}", .path.display())]
    Stix {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: could not write the MISP event: {source}", .path.display())]
    Misp {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Figure(#[from] crate::figure::file::FigureFileError),
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

/// The background jobs of the app.
pub struct Jobs {
    runner: JobRunner<JobKind, JobEvent>,
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
        Jobs {
            runner: JobRunner::new(ctx),
        }
    }

    /// Whether the app is waiting on a job (a read of the disk version for a comparison
    /// excepted: the question it answers stays open meanwhile).
    pub fn is_busy(&self) -> bool {
        self.runner
            .running()
            .iter()
            .any(|j| j.kind != JobKind::ReadDisk)
    }

    /// Whether a save is under way.
    pub fn is_saving(&self) -> bool {
        self.runner.is_running(JobKind::Save)
    }

    /// The jobs running, oldest first.
    pub fn running(&self) -> &[Running<JobKind>] {
        self.runner.running()
    }

    /// Asks a job to stop.
    pub fn cancel(&self, id: JobId) {
        self.runner.cancel(id);
    }

    fn spawn(
        &mut self,
        kind: JobKind,
        what: String,
        job: impl FnOnce(&super::job_runner::Work) -> Result<JobEvent, super::job_runner::Cancelled>
        + Send
        + 'static,
    ) {
        let cancellable = kind == JobKind::Export;
        self.runner.spawn(kind, what, cancellable, job);
    }

    /// Writes `case` as a STIX 2.1 bundle to `path` in the background (atomically).
    /// With a `label`, only what may be shared at it goes (see [`crate::stix::export::to_bytes_at`]).
    pub fn export_stix(
        &mut self,
        case: Case,
        label: Option<crate::tradecraft::Tlp>,
        path: PathBuf,
    ) {
        let what = format!("Exporting {}", path.display());
        self.spawn(JobKind::Export, what, move |work| {
            let written =
                crate::stix::export::write_file_unless(&case, label, &path, &|| work.cancelled());
            let result = match written {
                Ok(None) => return Err(super::job_runner::Cancelled),
                Ok(Some(_)) => Ok(()),
                Err(source) => Err(ExportFailure::Stix {
                    path: path.clone(),
                    source,
                }),
            };
            Ok(JobEvent::Exported { path, result })
        });
    }

    /// Writes the case as a MISP event at its marking, in the background.
    pub fn export_misp(&mut self, case: Case, path: PathBuf) {
        let what = format!("Exporting {}", path.display());
        self.spawn(JobKind::Export, what, move |work| {
            let (bytes, _) = crate::misp::to_bytes_at(&case, None);
            let written =
                crate::store::atomic::write_atomically_unless(&path, &bytes, &|| work.cancelled());
            let result = match written {
                Ok(false) => return Err(super::job_runner::Cancelled),
                Ok(true) => Ok(()),
                Err(source) => Err(ExportFailure::Misp {
                    path: path.clone(),
                    source,
                }),
            };
            Ok(JobEvent::Exported { path, result })
        });
    }

    /// Reads the note beside the case file at `path` and leaves this process's note there, in
    /// the background.
    pub fn note_presence(&mut self, path: PathBuf) {
        let what = format!("Reading the note beside {}", path.display());
        self.spawn(JobKind::Presence, what, move |_| {
            let other = crate::store::presence::read_other(&path);
            let note = crate::store::presence::PresenceNote::leave(&path);
            Ok(JobEvent::Presence { path, other, note })
        });
    }

    /// Reads a STIX 2.1 bundle in the background.
    pub fn import_stix(&mut self, path: PathBuf) {
        let what = format!("Reading {}", path.display());
        self.spawn(JobKind::Import, what, move |_| {
            let result = crate::stix::import::read_bundle_file(
                &path,
                "Imported STIX bundle",
                &Default::default(),
            )
            .map(Box::new);
            Ok(JobEvent::BundleRead { path, result })
        });
    }

    /// Opens `path` in the background.
    pub fn open(&mut self, path: PathBuf) {
        let what = format!("Opening {}", path.display());
        self.spawn(JobKind::Open, what, move |work| {
            // Where the open is, in words beside the bar (the parse and the rules check each
            // take a while on a big case and report no steps of their own).
            let report = |fraction: f32| {
                let stage = if fraction < 0.2 {
                    "reading the file"
                } else if fraction < store::PARSED {
                    "reading the case"
                } else if fraction < 1.0 {
                    "checking every reference and value"
                } else {
                    "running the tradecraft checks"
                };
                work.report_stage(fraction.min(0.98), stage);
            };
            let result = store::load_stamped(&path, &report).map(|(case, stamp)| OpenedCase {
                findings: crate::checks::review(&case),
                case: Box::new(case),
                stamp,
            });
            Ok(JobEvent::Loaded { path, result })
        });
    }

    /// Reads the case file at `path` as it is on disk now, to compare, in the background.
    pub fn read_disk_version(&mut self, path: PathBuf) {
        let what = format!("Reading {}", path.display());
        self.spawn(JobKind::ReadDisk, what, move |_| {
            let result = store::load_for_comparison(&path)
                .map(|(case, problems)| (Box::new(case), problems));
            Ok(JobEvent::DiskVersionRead { path, result })
        });
    }

    /// Reads an autosave back in the background, to restore it.
    pub fn restore(&mut self, orphan: Orphan) {
        let what = format!("Restoring “{}”", orphan.meta.title);
        self.spawn(JobKind::Restore, what, move |_| {
            let result = store::load(&orphan.slot.files.case).map(Box::new);
            Ok(JobEvent::Restored {
                orphan: Box::new(orphan),
                result,
            })
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
        let what = format!("Saving {}", path.display());
        self.spawn(JobKind::Save, what, move |_| {
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
            Ok(JobEvent::Saved {
                path,
                edit_count,
                result,
            })
        });
    }

    /// Writes a figure (given as SVG) to `path` as SVG or PNG, by its extension, in the background.
    pub fn export_figure(&mut self, svg: String, path: PathBuf) {
        let what = format!("Exporting {}", path.display());
        self.spawn(
            JobKind::Export,
            what,
            move |work| match crate::figure::file::write_figure_unless(&svg, &path, &|| {
                work.cancelled()
            }) {
                Ok(false) => Err(super::job_runner::Cancelled),
                Ok(true) => Ok(JobEvent::Exported {
                    path,
                    result: Ok(()),
                }),
                Err(error) => Ok(JobEvent::Exported {
                    path,
                    result: Err(error.into()),
                }),
            },
        );
    }

    /// Shows a native file dialog without blocking the UI thread.
    pub fn pick(&mut self, purpose: Purpose, suggested_name: String, folder: Option<PathBuf>) {
        let mut dialog = rfd::AsyncFileDialog::new()
            .add_filter("Casebook case", &["json"])
            .add_filter("All files", &["*"]);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
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
            Purpose::ExportMisp => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("MISP event", &["json"])
                    .set_title("Export the case as a MISP event")
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
            Purpose::ExportLayer => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("ATT&CK Navigator layer", &["json"])
                    .set_title("Write the ATT&CK Navigator layer to")
                    .set_file_name(suggested_name)
                    .save_file(),
            ),
            Purpose::ImportLayer => Box::pin(
                rfd::AsyncFileDialog::new()
                    .add_filter("ATT&CK Navigator layer", &["json"])
                    .add_filter("All files", &["*"])
                    .set_title("Add an ATT&CK Navigator layer's techniques to the event")
                    .pick_file(),
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
        self.spawn(
            JobKind::Pick,
            "Waiting for the file dialog".into(),
            move |_| {
                let path = pollster::block_on(future).map(|h| h.path().to_owned());
                let dialog_missing = path.is_none() && started.elapsed() < NO_DIALOG_THRESHOLD;
                Ok(JobEvent::Picked {
                    purpose,
                    path,
                    dialog_missing,
                })
            },
        );
    }

    /// The jobs that finished since the last call.
    pub fn finished(&mut self) -> Vec<JobEvent> {
        self.runner
            .finished()
            .into_iter()
            .map(|job| match job.outcome {
                Outcome::Done(event) => event,
                Outcome::Cancelled => JobEvent::Cancelled {
                    kind: job.kind,
                    what: job.what,
                },
                Outcome::Failed(message) => JobEvent::Failed {
                    what: job.what,
                    message,
                },
            })
            .collect()
    }
}
