//! The app shell: menu bar, keyboard shortcuts, the panels, the status bar and the dialogs that
//! guard unsaved work. It owns the open [`Document`] and is the one place where commands from
//! the views are applied.

pub mod commands;
mod intents;
mod jobs;
mod modals;

use super::ach::AchView;
use super::autosave::{AUTOSAVE_DELAY, Autosaver};
use super::briefing_dialog::{BriefingDialog, BriefingOutcome};
use super::checks::ChecksPanel;
use super::dialogs::{JobEvent, JobKind, Jobs, Purpose, SaveFailure, dialog_service_available};
use super::document::Document;
use super::inspector::{Inspector, blank_object};
use super::intent::Intent;
use super::lists::{ListState, lists_ui};
use super::map::MapView;
use super::overview::Overview;
use super::recent::RecentFiles;
use super::recovery::{
    ChangedOnDisk, Comparison, ConflictChoice, RecoverChoice, changed_on_disk_ui, recover_ui,
};
use super::script;
use super::sources::SourcesView;
use super::stix_dialogs::{ImportReview, ReviewOutcome, export_notice_ui};
use super::timeline::TimelineView;
use crate::example::example_case;
use crate::model::{Case, Command, Id, ObjectKind};
use crate::store::presence::{self, PresenceNote};
use crate::store::recovery::{AutosaveMeta, ClaimError, Orphan, key_for_file, key_for_untitled};
use crate::tradecraft::Tlp;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use std::path::PathBuf;
use std::sync::Arc;

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct Startup {
    /// A case file to open; the example case (as an untitled copy) if none.
    pub file: Option<PathBuf>,
    /// A message for the user from before the window opened (e.g. a renderer fallback).
    pub notice: Option<String>,
    /// Where the recent-files list lives; `None` keeps it in memory only.
    pub data_dir: Option<PathBuf>,
    /// When the process started, to report the time to the first frame when the environment
    /// variable `CASEBOOK_REPORT_STARTUP` is set (used by the startup benchmark).
    pub launched: Option<std::time::Instant>,
    /// Ask for paths in the app instead of native file dialogs (tests, or machines whose dialog
    /// service misbehaves).
    pub typed_paths: bool,
}

/// Something the user asked for that replaces or closes the open case, and so is guarded by
/// the unsaved-changes question.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    New,
    /// Open a file: the given one, or one chosen in a dialog.
    Open(Option<PathBuf>),
    OpenExample,
    /// Restore the unsaved work kept in the autosave with this key.
    Restore(String),
    Close,
    Quit,
}

#[derive(Debug)]
enum Modal {
    /// The open case has unsaved changes and `Action` would drop them.
    UnsavedChanges(Action),
    /// Type a path, where no file dialog is available.
    TypedPath {
        purpose: Purpose,
        text: String,
        note: String,
    },
    /// Confirm a delete that takes these objects with it.
    ConfirmDelete {
        /// What the user chose to delete.
        roots: Vec<Id>,
        /// Those and everything that goes with them, the chosen ones first.
        deleted: Vec<Id>,
    },
    Message {
        title: String,
        text: String,
    },
    /// Confirm opening a source's address in the system browser.
    OpenUrl {
        url: String,
    },
    /// What a STIX export leaves out elsewhere, before choosing where to write it.
    StixExportNotice {
        lines: Vec<String>,
        /// The bundle's label: `None` writes every object with its own marking.
        label: Option<Tlp>,
        /// What the label leaves out, worked out when it changes.
        withheld: Option<(Tlp, Vec<crate::model::Withheld>)>,
    },
    /// A STIX bundle read, to review before it changes the case.
    StixImport(Box<ImportReview>),
    /// The briefing export dialog, and the export it runs.
    Briefing(Box<BriefingDialog>),
    /// Unsaved work from sessions that ended without saving (in `CasebookApp::orphans`);
    /// `confirm` names the one whose discard awaits a yes.
    Recover {
        confirm: Option<String>,
    },
    /// The case file changed on disk since it was opened here; nothing was saved.
    ChangedOnDisk(Box<ChangedOnDisk>),
}

/// What to do once a modal closes, with the app at hand.
type AfterModal = Box<dyn FnOnce(&mut CasebookApp)>;

struct Status {
    text: String,
    is_error: bool,
}

/// What the centre of the window shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CentralView {
    Map,
    Timeline,
    Sources,
    Ach,
    Overview,
}

impl CentralView {
    /// Every view, in the order of the tabs and the View menu.
    pub const ALL: [CentralView; 5] = [
        CentralView::Map,
        CentralView::Timeline,
        CentralView::Sources,
        CentralView::Ach,
        CentralView::Overview,
    ];

    /// The view's name on its tab.
    pub fn tab_label(self) -> &'static str {
        match self {
            CentralView::Map => "Map",
            CentralView::Timeline => "Timeline",
            CentralView::Sources => "Sources",
            CentralView::Ach => "Hypotheses (ACH)",
            CentralView::Overview => "Case overview",
        }
    }

    /// The view's name in the View menu, where there is room to say it in full.
    pub fn menu_label(self) -> &'static str {
        match self {
            CentralView::Map => "Relationship map",
            CentralView::Sources => "Sources table",
            other => other.tab_label(),
        }
    }
}

/// The Casebook app.
pub struct CasebookApp {
    /// The last app command run, from the menu or the keyboard (for tests).
    last_command: Option<commands::AppCommand>,
    central: CentralView,
    map: MapView,
    timeline: TimelineView,
    ach: AchView,
    sources: SourcesView,
    checks: ChecksPanel,
    doc: Option<Document>,
    selection: Option<Id>,
    lists: ListState,
    inspector: Inspector,
    overview: Overview,
    jobs: Jobs,
    recent: RecentFiles,
    modal: Option<Modal>,
    status: Option<Status>,
    /// What to do once the save in progress succeeds (from the unsaved-changes question).
    after_save: Option<Action>,
    /// Set once the user has agreed to quit, so the close request is let through.
    quitting: bool,
    shown_title: String,
    dialogs_available: bool,
    ctx: egui::Context,
    launched: Option<std::time::Instant>,
    autosaver: Autosaver,
    /// Unsaved work found in the autosave folder, held by this app until the user decides.
    orphans: Vec<Orphan>,
    /// Whether the app's fonts (egui's and the bundled Arabic one) are given to egui yet.
    fonts_installed: bool,
    /// The label chosen for the STIX export whose file is being picked.
    stix_label: Option<Tlp>,
    /// What the views share: the time window and the reader.
    focus: super::focus::Focus,
    /// The case as the chosen reader sees it, worked out once per edit and label.
    reader_view: Option<(u64, Tlp, Arc<crate::model::Shareable>)>,
}

impl CasebookApp {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        let mut app = CasebookApp {
            last_command: None,
            central: CentralView::Map,
            map: MapView::default(),
            timeline: TimelineView::default(),
            ach: AchView::default(),
            sources: SourcesView::default(),
            checks: ChecksPanel::default(),
            doc: None,
            selection: None,
            lists: ListState::default(),
            inspector: Inspector::default(),
            overview: Overview::default(),
            jobs: Jobs::new(ctx),
            recent: RecentFiles::load(startup.data_dir.as_deref()),
            modal: None,
            status: None,
            after_save: None,
            quitting: false,
            shown_title: String::new(),
            dialogs_available: !startup.typed_paths && dialog_service_available(),
            ctx: ctx.clone(),
            launched: startup
                .launched
                .filter(|_| std::env::var_os("CASEBOOK_REPORT_STARTUP").is_some()),
            autosaver: Autosaver::new(ctx, startup.data_dir.as_deref()),
            orphans: Vec::new(),
            fonts_installed: false,
            stix_label: None,
            focus: super::focus::Focus::default(),
            reader_view: None,
        };
        match startup.file {
            Some(path) => app.jobs.open(path),
            None => app.perform(Action::OpenExample),
        }
        if let Some(notice) = startup.notice {
            app.set_status(notice, true);
        }
        app.offer_recovery(false);
        app
    }

    /// Looks for unsaved work left by sessions that ended without saving, and offers it.
    /// `asked`: the user asked (from the menu), so say so when there is none.
    fn offer_recovery(&mut self, asked: bool) {
        if let Some(folder) = self.autosaver.folder() {
            self.orphans.extend(folder.orphans());
        }
        if !self.orphans.is_empty() {
            self.modal = Some(Modal::Recover { confirm: None });
        } else if asked {
            self.set_status("There is no unsaved work to recover", false);
        }
    }

    /// Writes the open case's autosave once edits have waited [`AUTOSAVE_DELAY`].
    fn autosave_if_due(&mut self) {
        let Some(folder) = self.autosaver.folder().cloned() else {
            return;
        };
        let Some(doc) = &mut self.doc else { return };
        if !doc.needs_autosave() {
            return;
        }
        let waited = doc
            .unsaved_since
            .get_or_insert_with(std::time::Instant::now)
            .elapsed();
        if waited < AUTOSAVE_DELAY {
            self.ctx.request_repaint_after(AUTOSAVE_DELAY - waited);
            return;
        }
        if doc.slot.is_none() {
            let key = match &doc.path {
                Some(path) => format!("{}-{}", key_for_file(path), std::process::id()),
                None => key_for_untitled(),
            };
            match folder.claim(&key) {
                Ok(slot) => doc.slot = Some(slot),
                Err(error) => {
                    doc.unsaved_since = None;
                    doc.autosaved_edit_count = doc.edit_count;
                    self.set_status(format!("Autosave is off for this case: {error}"), true);
                    return;
                }
            }
        }
        let Some(slot) = &doc.slot else { return };
        let meta = AutosaveMeta {
            file: doc.path.clone(),
            title: doc.case.title.clone(),
            edited: doc.edited_at,
            disk: doc.disk.clone(),
        };
        self.autosaver
            .write(slot.files.clone(), doc.case.clone(), meta);
        doc.autosaved_edit_count = doc.edit_count;
        doc.unsaved_since = None;
    }

    /// Takes the autosave slot of the case file `path` for the open case. When another
    /// Casebook has the file open, says so, and autosaves under a slot of this process.
    fn claim_slot_for(&mut self, path: &std::path::Path) {
        let Some(folder) = self.autosaver.folder().cloned() else {
            return;
        };
        let key = key_for_file(path);
        if self.orphans.iter().any(|o| o.slot.key == key) {
            // Unsaved work of this very file is waiting: offer it again.
            self.modal = Some(Modal::Recover { confirm: None });
            return;
        }
        let claimed = folder.claim(&key).or_else(|_| {
            // The file may be the case just closed here, whose slot the autosave thread is
            // still releasing: wait for it (only then, so opening never waits on a write).
            self.autosaver.flush(std::time::Duration::from_secs(2));
            folder.claim(&key)
        });
        match claimed {
            Ok(slot) => {
                if let Some(doc) = &mut self.doc {
                    doc.slot = Some(slot);
                }
            }
            Err(ClaimError::Held { holder }) => {
                let name = super::file_name_of(path);
                let holder = holder.map(|h| format!(" ({h})")).unwrap_or_default();
                self.show_error(
                    "This case is open in another window",
                    format!(
                        "“{name}” is already open in another Casebook{holder}. Edits made in both will not be merged. Before either saves, Casebook checks whether the file changed on disk and lets you compare, overwrite or save elsewhere."
                    ),
                );
            }
            Err(error) => self.set_status(format!("Autosave is off for this case: {error}"), true),
        }
    }

    /// Reads the note beside the case file in the background, then leaves this process's note
    /// there (see [`Self::presence_noted`]).
    fn note_presence(&mut self, path: &std::path::Path) {
        if let Some(doc) = &mut self.doc {
            doc.presence = None; // the note of the file saved from, if any, goes first
        }
        self.jobs.note_presence(path.to_owned());
    }

    /// Says so when the note beside the case file tells that Casebook on another computer has
    /// it open, and keeps this process's note (replacing theirs, which a crash may have left
    /// behind), or says why none could be left.
    fn presence_noted(
        &mut self,
        path: &std::path::Path,
        other: Option<presence::Presence>,
        note: Result<PresenceNote, presence::NoteRefused>,
    ) {
        if self.doc.as_ref().and_then(|d| d.path.as_deref()) != Some(path) {
            return; // the case was closed or saved elsewhere meanwhile; the note goes with it
        }
        if let Some(other) = other {
            let name = super::file_name_of(path);
            let text = format!(
                "A note beside “{name}” says it is open in Casebook, by {}. If they are still working on it, edits made in both will not be merged; before either saves, Casebook checks whether the file changed on disk and lets you compare, overwrite or save elsewhere. If their Casebook stopped without closing the case, the note is out of date.",
                other.describe()
            );
            if self.modal.is_none() {
                self.show_error("This case may be open on another computer", text);
            } else {
                // Another question is open (recovering unsaved work): say it on the status line.
                self.set_status(text, true);
            }
        }
        match note {
            Ok(note) => {
                if let Some(doc) = &mut self.doc {
                    doc.presence = Some(note);
                }
            }
            Err(refused @ presence::NoteRefused::NotANote { .. }) => {
                self.set_status(crate::text::one_line_visible(&refused.to_string()), true);
            }
            Err(presence::NoteRefused::Unwritable { .. }) => {}
        }
    }

    /// The open case, if any (for tests and the CLI).
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    /// Where the timeline draws an event in an actor's lane (for tests).
    pub fn timeline_screen_position(&self, event: &Id, lane_actor: &Id) -> Option<egui::Pos2> {
        self.timeline.screen_position_of(event, Some(lane_actor))
    }

    /// The time window brushed on the timeline, if any.
    pub fn time_window(&self) -> Option<super::focus::TimeWindow> {
        self.focus.time_window()
    }

    /// The window the timeline draws, in days (for tests).
    pub fn timeline_window(&self) -> Option<(f64, f64)> {
        self.timeline.window_days()
    }

    /// Whether the map, as last drawn, shows this relationship (for tests).
    pub fn map_shows(&self, id: &Id) -> bool {
        self.map.figure().edges.iter().any(|e| &e.id == id)
    }

    /// The selected object, if any.
    pub fn selection(&self) -> Option<&Id> {
        self.selection.as_ref()
    }

    /// Where the map draws an actor on screen, if it is shown (for tests).
    pub fn map_screen_position(&self, id: &Id) -> Option<egui::Pos2> {
        self.map.screen_position_of(id)
    }

    /// Which view the centre of the window shows.
    pub fn show_view(&mut self, view: CentralView) {
        self.central = view;
    }

    /// Whether a file is being opened or saved, or a briefing exported.
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy()
            || matches!(&self.modal, Some(Modal::Briefing(dialog)) if dialog.is_running())
    }

    fn set_status(&mut self, text: impl Into<String>, is_error: bool) {
        self.status = Some(Status {
            text: text.into(),
            is_error,
        });
    }

    fn show_error(&mut self, title: &str, text: String) {
        self.set_status(format!("{title}: {text}"), true);
        self.modal = Some(Modal::Message {
            title: title.to_owned(),
            text,
        });
    }

    /// Applies one command to the open case: the app's one command path.
    fn apply(&mut self, command: Command) {
        let Some(doc) = &mut self.doc else { return };
        match doc.apply(command) {
            Ok(applied) => {
                if !applied.deleted.is_empty() {
                    let n = applied.deleted.len();
                    self.set_status(
                        format!("Deleted {n} object{}", if n == 1 { "" } else { "s" }),
                        false,
                    );
                    if self
                        .selection
                        .as_ref()
                        .is_some_and(|s| applied.deleted.contains(s))
                    {
                        self.selection = None;
                    }
                }
            }
            Err(error) => self.set_status(format!("Not changed: {error}"), true),
        }
    }

    /// Asks for an action, first asking about unsaved changes if it would drop them.
    pub fn request(&mut self, action: Action) {
        let needs_guard = !matches!(action, Action::Open(None)) || self.dialogs_available;
        if needs_guard && self.doc.as_ref().is_some_and(Document::is_modified) {
            self.modal = Some(Modal::UnsavedChanges(action));
        } else {
            self.perform(action);
        }
    }

    fn replace_document(&mut self, doc: Option<Document>) {
        // The case going away was saved, or its edits were discarded by the user.
        if let Some(slot) = self.doc.as_mut().and_then(|d| d.slot.take()) {
            self.autosaver.release(slot);
        }
        self.doc = doc;
        self.map.reset();
        self.timeline.reset();
        self.focus.set_time_window(None);
        self.selection = None;
        self.inspector.clear();
        self.lists.filter.clear();
    }

    fn perform(&mut self, action: Action) {
        match action {
            Action::New => {
                self.replace_document(Some(Document::untitled(
                    Case::new("Untitled case"),
                    "untitled",
                )));
                self.set_status("New case: nothing is saved until you save it", false);
            }
            Action::Open(Some(path)) => self.jobs.open(path),
            Action::Open(None) => self.pick(Purpose::Open),
            Action::OpenExample => {
                self.replace_document(Some(Document::untitled(
                    example_case(),
                    "example (unsaved copy)",
                )));
                self.set_status(
                    "Opened the example case as an unsaved copy: Save asks where to keep it",
                    false,
                );
            }
            Action::Restore(key) => {
                if let Some(i) = self.orphans.iter().position(|o| o.slot.key == key) {
                    let orphan = self.orphans.remove(i);
                    self.jobs.restore(orphan);
                }
            }
            Action::Close => self.replace_document(None),
            Action::Quit => {
                // Saved, or the user chose not to save: the autosave goes.
                if let Some(slot) = self.doc.as_mut().and_then(|d| d.slot.take()) {
                    self.autosaver.release(slot);
                    self.autosaver.flush(std::time::Duration::from_secs(2));
                }
                self.quitting = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn pick(&mut self, purpose: Purpose) {
        if self.dialogs_available {
            let stem = self
                .doc
                .as_ref()
                .map(Document::export_stem)
                .unwrap_or_default();
            let name = match purpose {
                Purpose::ExportMap => format!("{stem}-map.svg"),
                Purpose::ExportTimeline => format!("{stem}-timeline.svg"),
                Purpose::ExportStix => format!("{stem}.stix.json"),
                _ => self
                    .doc
                    .as_ref()
                    .map(Document::suggested_file_name)
                    .unwrap_or_default(),
            };
            let folder = self
                .doc
                .as_ref()
                .and_then(|d| d.path.as_ref())
                .and_then(|p| p.parent().map(ToOwned::to_owned));
            self.jobs.pick(purpose, name, folder);
        } else {
            self.ask_for_path(purpose, "This machine has no file dialog service (neither the XDG desktop portal nor zenity).");
        }
    }

    /// Sets or clears the time window every view shares, and says so.
    fn set_time_window(&mut self, window: Option<super::focus::TimeWindow>) {
        if !self.focus.set_time_window(window) {
            return;
        }
        match window {
            Some((a, b)) => self.set_status(
                format!(
                    "Map and lists show {} to {}",
                    a.format("%Y-%m-%d"),
                    b.format("%Y-%m-%d")
                ),
                false,
            ),
            None => self.set_status("Map and lists show the whole case", false),
        }
    }

    /// The case as the chosen reader sees it, if one is chosen (worked out again after an
    /// edit or a change of reader).
    fn reader_shareable(&mut self) -> Option<Arc<crate::model::Shareable>> {
        let (Some(tlp), Some(doc)) = (self.focus.reader, &self.doc) else {
            self.reader_view = None;
            return None;
        };
        match &self.reader_view {
            Some((count, at, view)) if *count == doc.edit_count && *at == tlp => Some(view.clone()),
            _ => {
                let view = Arc::new(crate::model::shareable_at(&doc.case, tlp));
                self.reader_view = Some((doc.edit_count, tlp, view.clone()));
                Some(view)
            }
        }
    }

    fn export_map_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        // Labelled with the strictest marking of what it shows: what is on screen goes out.
        let figure = self.map.figure();
        let label = figure.strictest_level(&doc.case);
        let svg = crate::figure::svg::map_svg(figure, &doc.case.title, label);
        self.export_figure_to(svg, path);
    }

    fn export_timeline_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        let figure = self.timeline.figure();
        let label = figure.strictest_level(&doc.case);
        let svg = crate::figure::svg::timeline_svg(figure, &doc.case.title, label);
        self.export_figure_to(svg, path);
    }

    fn open_briefing_dialog(&mut self) {
        let Some(doc) = &self.doc else { return };
        let stem = doc.export_stem();
        self.modal = Some(Modal::Briefing(Box::new(BriefingDialog::new(
            &doc.case,
            doc.path.as_deref(),
            &stem,
        ))));
    }

    /// The briefing dialog, writing to `path` (from the typed-path dialog).
    fn open_briefing_dialog_at(&mut self, path: PathBuf) {
        self.open_briefing_dialog();
        if let Some(Modal::Briefing(dialog)) = &mut self.modal {
            dialog.set_path(path);
        }
    }

    fn pick_briefing_path(&mut self, name: String) {
        if self.dialogs_available {
            let folder = self
                .doc
                .as_ref()
                .and_then(|d| d.path.as_ref())
                .and_then(|p| p.parent().map(ToOwned::to_owned));
            self.jobs.pick(Purpose::ExportBriefing, name, folder);
        } else {
            self.set_status(
                "This machine has no file dialog service: type the path in the dialog",
                true,
            );
        }
    }

    /// After a briefing is written: say so, record it in the case (one undoable edit) and
    /// open the folder if asked.
    fn briefing_written(
        &mut self,
        written: &crate::briefing::Written,
        record: Option<crate::model::BriefingRecord>,
        open_folder: bool,
    ) {
        let Some(first) = written.files.first() else {
            return;
        };
        let mut note = format!(
            "Wrote the briefing to {} ({}, {} KB)",
            first.display(),
            match written.files.len() {
                1 => "1 file".to_owned(),
                n => format!("{n} files"),
            },
            written.bytes.div_ceil(1024)
        );
        if let Some(record) = record
            && let Some(doc) = &self.doc
        {
            self.apply(crate::briefing::recording(&doc.case, record));
        }
        if open_folder {
            let folder = first
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), ToOwned::to_owned);
            if let Err(error) = crate::ui::briefing_dialog::open_folder(&folder) {
                note.push_str(&format!("; the folder could not be opened: {error}"));
            }
        }
        self.set_status(note, false);
    }

    fn export_stix_to(&mut self, path: PathBuf) {
        let Some(doc) = &self.doc else { return };
        self.jobs
            .export_stix(doc.case.clone(), self.stix_label, path);
    }

    fn export_figure_to(&mut self, svg: String, path: PathBuf) {
        if let Err(error) = crate::figure::file::FigureFormat::of(&path) {
            self.show_error("Could not export the figure", error.to_string());
            return;
        }
        self.jobs.export_figure(svg, path);
    }

    fn ask_for_path(&mut self, purpose: Purpose, note: &str) {
        let text = match (purpose, &self.doc) {
            (Purpose::SaveAs, Some(doc)) => doc
                .path
                .clone()
                .unwrap_or_else(|| {
                    std::env::current_dir()
                        .unwrap_or_default()
                        .join(doc.suggested_file_name())
                })
                .display()
                .to_string(),
            _ => String::new(),
        };
        self.modal = Some(Modal::TypedPath {
            purpose,
            text,
            note: note.to_owned(),
        });
    }

    /// Saves to the case's file, or asks where if it has none.
    pub fn save(&mut self) {
        let Some(doc) = &self.doc else { return };
        match doc.path.clone() {
            Some(path) => self.save_to(path),
            None => self.pick(Purpose::SaveAs),
        }
    }

    fn save_to(&mut self, path: PathBuf) {
        self.save_checked(path, true);
    }

    /// Saves to `path`; with `check`, first makes sure the file on disk is still the one this
    /// case was opened from or last saved to.
    fn save_checked(&mut self, path: PathBuf, check: bool) {
        let Some(doc) = &self.doc else { return };
        if self.jobs.is_saving() {
            self.set_status("A save is already in progress", true);
            return;
        }
        let unchanged_since = doc
            .disk
            .clone()
            .filter(|_| check && doc.path.as_ref() == Some(&path));
        self.jobs
            .save(doc.case.clone(), path, doc.edit_count, unchanged_since);
    }

    /// Undoes the last edit of the open case.
    pub fn undo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        match doc.undo() {
            Some(what) => self.set_status(format!("Undid the {what}"), false),
            None => self.set_status("Nothing to undo", false),
        }
        self.after_history_move();
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        match doc.redo() {
            Some(what) => self.set_status(format!("Redid the {what}"), false),
            None => self.set_status("Nothing to redo", false),
        }
        self.after_history_move();
    }

    fn after_history_move(&mut self) {
        if let (Some(doc), Some(selected)) = (&self.doc, &self.selection)
            && !doc.case.contains(selected)
        {
            self.selection = None;
        }
    }

    /// Asks to delete these objects, showing everything that would go with them.
    fn request_delete_all(&mut self, ids: Vec<Id>) {
        let Some(doc) = &self.doc else { return };
        let roots: Vec<Id> = ids.into_iter().filter(|id| doc.case.contains(id)).collect();
        if !roots.is_empty() {
            self.modal = Some(Modal::ConfirmDelete {
                deleted: doc.case.deletion_closure_of_all(&roots),
                roots,
            });
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            if let Some(job) = self
                .jobs
                .running()
                .iter()
                .find(|j| j.kind != JobKind::Presence)
            {
                if job.kind == JobKind::Open {
                    ui.label(&job.what);
                    ui.add(
                        egui::ProgressBar::new(job.fraction())
                            .desired_width(200.0)
                            .show_percentage(),
                    );
                    // The progress bar asks for its own redraws; the job wakes the UI once done.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                } else {
                    ui.spinner();
                    ui.label(&job.what);
                }
                if job.cancellable {
                    let id = job.id;
                    if ui
                        .add_enabled(!job.cancel_asked(), egui::Button::new("Cancel"))
                        .on_hover_text("Stop it; nothing is written")
                        .clicked()
                    {
                        self.jobs.cancel(id);
                    }
                }
            } else if let Some(status) = &self.status {
                let text = RichText::new(&status.text);
                ui.label(if status.is_error {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text
                });
            }
            if let Some(doc) = &self.doc {
                let checks = self.checks.count();
                let open = &mut self.checks.open;
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let text = match checks {
                        0 => "Checks: none".to_owned(),
                        1 => "1 tradecraft check".to_owned(),
                        n => format!("{n} tradecraft checks"),
                    };
                    if ui
                        .selectable_label(*open, text)
                        .on_hover_text("Show or hide the tradecraft checks (F8)")
                        .clicked()
                    {
                        *open = !*open;
                    }
                    let tlp = doc.case.tlp;
                    ui.label(RichText::new(tlp.label()).strong())
                        .on_hover_text(tlp.meaning());
                    ui.label(if doc.is_modified() {
                        "Modified"
                    } else if doc.path.is_none() {
                        "Not saved yet"
                    } else {
                        "Saved"
                    });
                });
            }
        });
    }

    fn welcome_ui(&mut self, ui: &mut Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading("No case is open");
            ui.add_space(12.0);
            if ui.button("New case").clicked() {
                self.request(Action::New);
            }
            if ui.button("Open a case…").clicked() {
                self.request(Action::Open(None));
            }
            if ui.button("Open the example case").clicked() {
                self.request(Action::OpenExample);
            }
            if !self.recent.paths.is_empty() {
                ui.add_space(16.0);
                ui.label(RichText::new("Recent cases").strong());
                for path in self.recent.paths.clone() {
                    if ui.link(path.display().to_string()).clicked() {
                        self.request(Action::Open(Some(path)));
                    }
                }
            }
            ui.add_space(16.0);
            ui.label(RichText::new("You can also drop a case file on this window.").weak());
        });
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.request(Action::Open(Some(path)));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.quitting
            && self.doc.as_ref().is_some_and(Document::is_modified)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(Action::Quit));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.doc {
            Some(doc) => doc.window_title(),
            None => "Casebook".to_owned(),
        };
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Draws the whole app into `ui`: the same for the window and for UI tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            // Before any text of the first pass is laid out, so it applies at once.
            ctx.set_fonts(super::script::font_definitions());
            self.fonts_installed = true;
        }
        for event in self.jobs.finished() {
            self.handle_job(event);
        }
        self.autosave_if_due();
        if let Some(failure) = self.autosaver.take_failure() {
            self.set_status(failure, true);
        }
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu-bar").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar(ui));

        if self.doc.is_none() {
            egui::CentralPanel::default_margins().show(ui, |ui| self.welcome_ui(ui));
        } else {
            let mut intents = Vec::new();
            let shared = self.reader_shareable();
            self.map.set_reader(self.focus.reader);
            self.timeline.set_reader(self.focus.reader);
            self.map.set_window(self.focus.time_window());
            self.timeline.show_window(self.focus.time_window());
            if let Some(doc) = &self.doc {
                let selection = self.selection.as_ref();
                // The lists, timeline and sources show what the chosen reader may see.
                let view_case = shared.as_ref().map_or(&doc.case, |s| &s.case);
                self.checks.refresh(&doc.case, doc.edit_count);
                if self.checks.open {
                    egui::Panel::bottom("tradecraft-checks")
                        .resizable(true)
                        .default_size(180.0)
                        .min_size(80.0)
                        .show(ui, |ui| intents.extend(self.checks.ui(ui, &doc.case)));
                }
                egui::Panel::left("case-lists")
                    .resizable(true)
                    .default_size(320.0)
                    .min_size(220.0)
                    .show(ui, |ui| {
                        intents.extend(lists_ui(
                            ui,
                            &mut self.lists,
                            view_case,
                            selection,
                            self.focus.time_window(),
                        ));
                    });
                egui::Panel::right("inspector")
                    .resizable(true)
                    .default_size(380.0)
                    .min_size(280.0)
                    .show(ui, |ui| {
                        let findings = self.checks.findings_for(selection);
                        intents.extend(self.inspector.ui(ui, &doc.case, selection, &findings));
                    });
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    // Wraps on a narrow window rather than cutting off the reader choice.
                    ui.horizontal_wrapped(|ui| {
                        for view in CentralView::ALL {
                            ui.selectable_value(&mut self.central, view, view.tab_label());
                        }
                        ui.separator();
                        reader_choice_ui(ui, &mut self.focus.reader, shared.as_deref());
                    });
                    ui.separator();
                    match self.central {
                        CentralView::Map => {
                            intents.extend(self.map.ui(ui, &doc.case, doc.edit_count, selection));
                        }
                        CentralView::Timeline => {
                            intents.extend(self.timeline.ui(
                                ui,
                                view_case,
                                doc.edit_count,
                                selection,
                            ));
                        }
                        CentralView::Sources => {
                            intents.extend(self.sources.ui(ui, view_case, selection));
                        }
                        CentralView::Ach => intents.extend(self.ach.ui(ui, &doc.case)),
                        CentralView::Overview => {
                            intents.extend(self.overview.ui(ui, &doc.case));
                        }
                    }
                });
            }
            for intent in intents {
                self.handle(intent);
            }
        }
        self.modal_ui(&ctx);
        self.update_title(&ctx);
        if let Some(launched) = self.launched.take() {
            eprintln!(
                "casebook: first frame built {:.0} ms after launch",
                launched.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

impl CasebookApp {
    /// Removes the autosave with this key, for good (the user confirmed).
    fn discard_orphan(&mut self, key: &str) {
        if let Some(i) = self.orphans.iter().position(|o| o.slot.key == key) {
            let orphan = self.orphans.remove(i);
            self.autosaver.release(orphan.slot);
            self.set_status(
                format!("Discarded the unsaved work on “{}”", orphan.meta.title),
                false,
            );
        }
    }
}

impl Drop for CasebookApp {
    /// A case closed with nothing unsaved leaves no autosave behind. One with unsaved edits
    /// (the app was ended without the usual question) keeps its autosave, to offer next time.
    fn drop(&mut self) {
        if let Some(doc) = &mut self.doc
            && !doc.is_modified()
            && let Some(slot) = doc.slot.take()
        {
            self.autosaver.release(slot);
            self.autosaver.flush(std::time::Duration::from_secs(2));
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl eframe::App for CasebookApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        CasebookApp::ui(self, ui);
    }
}

/// The choice of whose eyes the case is shown through: the analyst's (everything) or a reader
/// at one TLP label, with what that reader does not see.
fn reader_choice_ui(
    ui: &mut egui::Ui,
    reader: &mut Option<Tlp>,
    shared: Option<&crate::model::Shareable>,
) {
    let label = ui.label("View as").id;
    egui::ComboBox::from_id_salt("view-as-reader")
        .selected_text(match reader {
            None => "Analyst (everything)".to_owned(),
            Some(tlp) => format!("{} reader", tlp.code()),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(reader, None, "Analyst (everything)");
            for tlp in Tlp::ALL {
                ui.selectable_value(reader, Some(*tlp), format!("{} reader", tlp.code()))
                    .on_hover_text(format!(
                        "Hide what is marked stricter than {}, and what would reveal it",
                        tlp.code()
                    ));
            }
        })
        .response
        .labelled_by(label);
    if let Some(shared) = shared {
        ui.label(
            egui::RichText::new(format!("{} hidden", shared.objects_left_out()))
                .color(ui.visuals().warn_fg_color),
        )
        .on_hover_text("The map, lists, timeline and sources show what a reader at this label may see; editing forms still show the whole object.");
    }
}
