//! One open case in the app: the case itself, where it lives on disk (if anywhere yet), and
//! whether it holds edits that are not saved or not autosaved. Edits reach the case only
//! through [`Document::apply`], the app's one command path; its counters change only through
//! the methods that name what happened (opened, edited, saved, autosaved), so the session
//! around it cannot get them out of step.

use crate::model::command::Applied;
use crate::model::history::History;
use crate::model::{Case, Command, CommandError};
use crate::store::presence::PresenceNote;
use crate::store::recovery::{DiskStamp, Slot};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug)]
pub struct Document {
    /// Shared with work on other threads (the checks of a large case) at no cost; an edit
    /// while such work still holds it copies it first.
    case: Arc<Case>,
    /// The file the case was opened from or last saved to; `None` for an untitled case.
    path: Option<PathBuf>,
    /// What to call an untitled case in the title bar and the save dialog.
    untitled_name: String,
    /// Counts applied commands, so a save that finishes after further edits leaves the case
    /// marked modified.
    edit_count: u64,
    /// The edit count when the case was last saved or opened.
    saved_edit_count: u64,
    history: History,
    /// The case file as it was when opened or last saved here, to tell whether another
    /// program changed it since.
    disk: Option<DiskStamp>,
    /// This case's autosave slot (and the lock that tells other Casebooks it is open here).
    slot: Option<Slot>,
    /// The note beside the case file that tells Casebooks on other computers it is open here;
    /// dropped (and so taken away) with the document.
    presence: Option<PresenceNote>,
    /// The edit count the last autosave holds.
    autosaved_edit_count: u64,
    /// When the first edit not yet autosaved was made.
    unsaved_since: Option<Instant>,
    /// When the case was last edited, as the recovery dialog says it.
    edited_at: chrono::DateTime<chrono::Utc>,
}

impl Document {
    fn new(case: Case, path: Option<PathBuf>, untitled_name: String) -> Self {
        Document {
            case: Arc::new(case),
            path,
            untitled_name,
            edit_count: 0,
            saved_edit_count: 0,
            history: History::default(),
            disk: None,
            slot: None,
            presence: None,
            autosaved_edit_count: 0,
            unsaved_since: None,
            edited_at: chrono::Utc::now(),
        }
    }

    pub fn opened(case: Case, path: PathBuf) -> Self {
        Document::new(case, Some(path), String::new())
    }

    pub fn untitled(case: Case, name: impl Into<String>) -> Self {
        Document::new(case, None, name.into())
    }

    /// Unsaved work brought back from an autosave: modified until saved, and already
    /// autosaved (in `slot`, which it keeps using).
    pub fn restored(case: Case, meta: crate::store::recovery::AutosaveMeta, slot: Slot) -> Self {
        let mut doc = Document::new(case, meta.file, "recovered (unsaved)".to_owned());
        doc.disk = meta.disk;
        doc.slot = Some(slot);
        doc.edit_count = 1;
        doc.autosaved_edit_count = 1;
        doc.edited_at = meta.edited;
        doc
    }

    /// The case.
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// The case, shared, for work on another thread: no copy is made.
    pub fn shared_case(&self) -> Arc<Case> {
        Arc::clone(&self.case)
    }

    /// The file the case was opened from or last saved to; `None` for an untitled case.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// How many edits (commands, undos, redos) the case has had here: a version number of
    /// what the views show.
    pub fn edit_count(&self) -> u64 {
        self.edit_count
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The case file as it was when opened or last saved here.
    pub fn disk(&self) -> Option<&DiskStamp> {
        self.disk.as_ref()
    }

    /// Records the file as read when the case was opened.
    pub fn set_disk(&mut self, stamp: DiskStamp) {
        self.disk = Some(stamp);
    }

    /// This case's autosave slot, if it has one yet.
    pub fn slot(&self) -> Option<&Slot> {
        self.slot.as_ref()
    }

    /// Gives the case its autosave slot.
    pub fn set_slot(&mut self, slot: Slot) {
        self.slot = Some(slot);
    }

    /// Takes the autosave slot away (to release it).
    pub fn take_slot(&mut self) -> Option<Slot> {
        self.slot.take()
    }

    /// Keeps (or, with `None`, takes away) the note beside the case file.
    pub fn set_presence(&mut self, note: Option<PresenceNote>) {
        self.presence = note;
    }

    /// A save of the case as it was at `edit_count` to `path` finished. Returns whether the
    /// case now lives in another file than before.
    pub fn saved(&mut self, path: PathBuf, stamp: DiskStamp, edit_count: u64) -> bool {
        let moved = self.path.as_ref() != Some(&path);
        self.saved_edit_count = edit_count;
        self.path = Some(path);
        self.disk = Some(stamp);
        if !self.is_modified() {
            self.autosaved();
        }
        moved
    }

    /// How long the first edit not yet autosaved has waited.
    pub fn unsaved_for(&mut self) -> std::time::Duration {
        self.unsaved_since
            .get_or_insert_with(Instant::now)
            .elapsed()
    }

    /// The autosave now holds every edit (or will hold none: autosave is off for the case).
    pub fn autosaved(&mut self) {
        self.autosaved_edit_count = self.edit_count;
        self.unsaved_since = None;
    }

    /// What the autosave records beside the case.
    pub fn autosave_meta(&self) -> crate::store::recovery::AutosaveMeta {
        crate::store::recovery::AutosaveMeta {
            file: self.path.clone(),
            title: self.case.title.clone(),
            edited: self.edited_at,
            disk: self.disk.clone(),
        }
    }

    pub fn is_modified(&self) -> bool {
        self.edit_count != self.saved_edit_count
    }

    /// Whether there are edits the autosave does not hold yet.
    pub fn needs_autosave(&self) -> bool {
        self.is_modified() && self.edit_count != self.autosaved_edit_count
    }

    fn edited(&mut self) {
        self.edit_count += 1;
        self.edited_at = chrono::Utc::now();
        self.unsaved_since.get_or_insert_with(Instant::now);
    }

    /// The one place a case changes in the app.
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let applied = self.history.apply(Arc::make_mut(&mut self.case), command)?;
        self.edited();
        Ok(applied)
    }

    /// Gives the actors that have no map position yet the ones they are drawn at (unpinned).
    /// Not an edit of the analyst's: it is not undone and does not mark the case modified; it
    /// goes to the file with the next save, so the case reopens as it was drawn, and into the
    /// copy a delete keeps for undo, so undo brings actors back where they were.
    pub fn settle_positions(&mut self, positions: &[(crate::model::Id, [f32; 2])]) {
        let at: std::collections::HashMap<&crate::model::Id, [f32; 2]> =
            positions.iter().map(|(id, p)| (id, *p)).collect();
        let unplaced = |a: &crate::model::Actor| a.map.is_none() && at.contains_key(&a.id);
        if !self.case.actors.iter().any(unplaced) {
            // Nothing to settle: the shared case is not copied.
            return;
        }
        for actor in &mut Arc::make_mut(&mut self.case).actors {
            if actor.map.is_none()
                && let Some(p) = at.get(&actor.id)
            {
                actor.map = Some(crate::model::MapPlacement {
                    x: p[0],
                    y: p[1],
                    pinned: false,
                });
            }
        }
    }

    /// Undoes the last edit; returns what was undone.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(Arc::make_mut(&mut self.case))?;
        self.edited();
        Some(label)
    }

    /// Redoes the last undone edit; returns what was redone.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(Arc::make_mut(&mut self.case))?;
        self.edited();
        Some(label)
    }

    /// The file name shown in the title bar.
    pub fn file_label(&self) -> String {
        match &self.path {
            Some(path) => super::file_name_of(path),
            None => self.untitled_name.clone(),
        }
    }

    /// The window title: case, file, and a mark when modified.
    pub fn window_title(&self) -> String {
        let modified = if self.is_modified() {
            " • modified"
        } else {
            ""
        };
        format!(
            "{} — {}{modified} — Casebook",
            self.case.title,
            self.file_label()
        )
    }

    /// A file name to offer when saving an untitled case.
    pub fn suggested_file_name(&self) -> String {
        let stem: String = self
            .case
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .take(8)
            .collect::<Vec<_>>()
            .join("-");
        let stem = if stem.is_empty() {
            "case".to_owned()
        } else {
            stem
        };
        format!("{stem}.casebook.json")
    }

    /// The name exports are called after: the case file's name without its extension, or for
    /// an untitled case the stem of [`Self::suggested_file_name`].
    pub fn export_stem(&self) -> String {
        let name = self
            .path
            .as_deref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.suggested_file_name());
        let stem = name
            .strip_suffix(".casebook.json")
            .or_else(|| name.strip_suffix(".json"))
            .unwrap_or(&name);
        if stem.is_empty() { "case" } else { stem }.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_named_after_the_case_file_or_the_title() {
        let mut doc = Document::untitled(crate::example::example_case(), "example");
        assert!(doc.export_stem().starts_with("albania-the-december-2023"));
        doc.path = Some(PathBuf::from("/cases/tirana.casebook.json"));
        assert_eq!(doc.export_stem(), "tirana");
        doc.path = Some(PathBuf::from("/cases/tirana.json"));
        assert_eq!(doc.export_stem(), "tirana");
        doc.path = Some(PathBuf::from("/cases/.casebook.json"));
        assert_eq!(doc.export_stem(), "case");
    }
}
