//! The app shell, in parts: this module holds the app's state and its small shared helpers;
//! [`frame`] draws each frame (menu bar, panels, status bar) and hands the views' [`Intent`]s
//! to [`intents`], their one handler; [`commands`] is the table of app commands behind the menu
//! and the shortcuts; [`session`] keeps the open [`Document`] safe (open, close, save, autosave,
//! recovery, the note beside the file); [`exports`] asks where and starts exports; [`jobs`]
//! handles what background jobs report; [`modals`] draws the dialogs, one function each.

pub mod commands;
mod exports;
mod frame;
mod intents;
mod jobs;
mod modals;
mod session;

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
use crate::model::{Case, Command, Id, MapPlacement, ObjectKind};
use crate::store::presence::{self, PresenceNote};
use crate::store::recovery::{ClaimError, Orphan, key_for_file, key_for_untitled};
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
    /// The renderer in use and its adapter, for Help → About (`None`: no window, as in tests).
    pub renderer: Option<String>,
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
        /// Whether the path field has been given the keyboard (once, when the dialog opens).
        focused: bool,
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
    /// Help → About; whether the third-party notices are unfolded.
    About {
        notices_shown: bool,
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
    /// File → Share through TAXII…
    Taxii(Box<super::taxii_dialog::TaxiiDialog>),
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
    KnownGroups,
    Overview,
}

impl CentralView {
    /// Every view, in the order of the tabs and the View menu.
    pub const ALL: [CentralView; 6] = [
        CentralView::Map,
        CentralView::Timeline,
        CentralView::Sources,
        CentralView::Ach,
        CentralView::KnownGroups,
        CentralView::Overview,
    ];

    /// The view's name on its tab.
    pub fn tab_label(self) -> &'static str {
        match self {
            CentralView::Map => "Map",
            CentralView::Timeline => "Timeline",
            CentralView::Sources => "Sources",
            CentralView::Ach => "Hypotheses (ACH)",
            CentralView::KnownGroups => "Who works like this",
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
    known_groups: super::overlap::OverlapView,
    sources: SourcesView,
    checks: ChecksPanel,
    doc: Option<Document>,
    lists: ListState,
    inspector: Inspector,
    overview: Overview,
    jobs: Jobs,
    recent: RecentFiles,
    modal: Option<Modal>,
    /// The open modal's size last frame, to draw again while it settles.
    modal_size: Option<egui::Vec2>,
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
    /// The TAXII server last used, kept while the app runs (its secret in memory only).
    taxii_settings: super::taxii_dialog::TaxiiSettings,
    /// What the views share: the time window and the reader.
    focus: super::focus::Focus,
    /// The reference library of known groups, read off the UI thread.
    library: super::reference::ReferenceLibrary,
    /// The Navigator layer the file being picked is for: (event, known group).
    layer_request: Option<(Option<Id>, Option<String>)>,
    /// The case as the chosen reader sees it, worked out once per edit and label.
    reader_view: Option<(u64, Tlp, Arc<crate::model::Shareable>)>,
    /// What Help → About says of this run.
    about: super::about::AboutInfo,
}

impl CasebookApp {
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        let mut app = CasebookApp {
            last_command: None,
            central: CentralView::Map,
            map: MapView::default(),
            timeline: TimelineView::default(),
            ach: AchView::default(),
            known_groups: Default::default(),
            sources: SourcesView::default(),
            checks: ChecksPanel::default(),
            doc: None,
            lists: ListState::default(),
            inspector: Inspector::default(),
            overview: Overview::default(),
            jobs: Jobs::new(ctx),
            recent: RecentFiles::load(startup.data_dir.as_deref()),
            modal: None,
            modal_size: None,
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
            library: super::reference::ReferenceLibrary::start(ctx, startup.data_dir.clone()),
            layer_request: None,
            orphans: Vec::new(),
            fonts_installed: false,
            stix_label: None,
            taxii_settings: Default::default(),
            focus: super::focus::Focus::default(),
            reader_view: None,
            about: super::about::AboutInfo {
                renderer: startup.renderer.clone(),
                data_dir: startup.data_dir.clone(),
            },
        };
        // Scroll bars that show while the pointer is elsewhere: an analyst must see that a
        // list or the matrix goes on (egui's default floating bars are invisible until hovered).
        ctx.all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::thin());
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

    /// The timeline's lanes and whether it draws an object, as last built (for tests).
    pub fn timeline_lanes(&self) -> &[String] {
        &self.timeline.figure().lanes
    }

    pub fn timeline_shows(&self, id: &Id) -> bool {
        self.timeline.figure().items.iter().any(|i| &i.id == id)
    }

    /// The window the timeline draws, in days (for tests).
    pub fn timeline_window(&self) -> Option<(f64, f64)> {
        self.timeline.window_days()
    }

    /// The span of time the timeline showed on its last frame, in days (for tests).
    pub fn timeline_visible_days(&self) -> Option<(f64, f64)> {
        self.timeline.visible_days()
    }

    /// Whether the map, as last drawn, draws this actor or technical object as a node, and
    /// its legend's length (for tests).
    pub fn map_draws(&self, id: &Id) -> bool {
        self.map.figure().node_of(id).is_some()
    }

    pub fn map_legend_len(&self) -> usize {
        self.map.figure().legend().len()
    }

    /// Whether the map, as last drawn, shows this relationship (for tests).
    pub fn map_shows(&self, id: &Id) -> bool {
        self.map.figure().edges.iter().any(|e| &e.id == id)
    }

    /// The selected object, if any.
    pub fn selection(&self) -> Option<&Id> {
        self.focus.selection.as_ref()
    }

    /// Where the map draws an actor on screen, if it is shown (for tests).
    pub fn map_screen_position(&self, id: &Id) -> Option<egui::Pos2> {
        self.map.screen_position_of(id)
    }

    /// The part of the window the map draws actors in, without its legend (for tests).
    pub fn map_area(&self) -> egui::Rect {
        self.map.visible_area()
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
                        .focus
                        .selection
                        .as_ref()
                        .is_some_and(|s| applied.deleted.contains(s))
                    {
                        self.focus.selection = None;
                    }
                }
            }
            Err(error) => self.set_status(format!("Not changed: {error}"), true),
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
            Some((count, at, view)) if *count == doc.edit_count() && *at == tlp => {
                Some(view.clone())
            }
            _ => {
                let view = Arc::new(crate::model::shareable_at(doc.case(), tlp));
                self.reader_view = Some((doc.edit_count(), tlp, view.clone()));
                Some(view)
            }
        }
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
        if let (Some(doc), Some(selected)) = (&self.doc, &self.focus.selection)
            && !doc.case().contains(selected)
        {
            self.focus.selection = None;
        }
    }

    /// Asks to delete these objects, showing everything that would go with them.
    fn request_delete_all(&mut self, ids: Vec<Id>) {
        let Some(doc) = &self.doc else { return };
        let roots: Vec<Id> = ids
            .into_iter()
            .filter(|id| doc.case().contains(id))
            .collect();
        if !roots.is_empty() {
            self.modal = Some(Modal::ConfirmDelete {
                deleted: doc.case().deletion_closure_of_all(&roots),
                roots,
            });
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
