//! One open case in the app: the case itself, where it lives on disk (if anywhere yet), and
//! whether it holds edits that are not saved. Edits reach the case only through
//! [`Document::apply`], the app's one command path.

use crate::model::command::Applied;
use crate::model::history::History;
use crate::model::{Case, Command, CommandError};
use crate::store::presence::PresenceNote;
use crate::store::recovery::{DiskStamp, Slot};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug)]
pub struct Document {
    pub case: Case,
    /// The file the case was opened from or last saved to; `None` for an untitled case.
    pub path: Option<PathBuf>,
    /// What to call an untitled case in the title bar and the save dialog.
    pub untitled_name: String,
    /// Counts applied commands, so a save that finishes after further edits leaves the case
    /// marked modified.
    pub edit_count: u64,
    /// The edit count when the case was last saved or opened.
    pub saved_edit_count: u64,
    pub history: History,
    /// The case file as it was when opened or last saved here, to tell whether another
    /// program changed it since.
    pub disk: Option<DiskStamp>,
    /// This case's autosave slot (and the lock that tells other Casebooks it is open here).
    pub slot: Option<Slot>,
    /// The note beside the case file that tells Casebooks on other computers it is open here;
    /// dropped (and so taken away) with the document.
    pub presence: Option<PresenceNote>,
    /// The edit count the last autosave holds.
    pub autosaved_edit_count: u64,
    /// When the first edit not yet autosaved was made.
    pub unsaved_since: Option<Instant>,
    /// When the case was last edited, as the recovery dialog says it.
    pub edited_at: chrono::DateTime<chrono::Utc>,
}

impl Document {
    fn new(case: Case, path: Option<PathBuf>, untitled_name: String) -> Self {
        Document {
            case,
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
        let applied = self.history.apply(&mut self.case, command)?;
        self.edited();
        Ok(applied)
    }

    /// Undoes the last edit; returns what was undone.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.case)?;
        self.edited();
        Some(label)
    }

    /// Redoes the last undone edit; returns what was redone.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.case)?;
        self.edited();
        Some(label)
    }

    /// The file name shown in the title bar.
    pub fn file_label(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
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
