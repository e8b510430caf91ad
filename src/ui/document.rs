//! One open case in the app: the case itself, where it lives on disk (if anywhere yet), and
//! whether it holds edits that are not saved. Edits reach the case only through
//! [`Document::apply`], the app's one command path.

use crate::model::command::Applied;
use crate::model::history::History;
use crate::model::{Case, Command, CommandError};
use std::path::PathBuf;

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
}

impl Document {
    pub fn opened(case: Case, path: PathBuf) -> Self {
        Document {
            case,
            path: Some(path),
            untitled_name: String::new(),
            edit_count: 0,
            saved_edit_count: 0,
            history: History::default(),
        }
    }

    pub fn untitled(case: Case, name: impl Into<String>) -> Self {
        Document {
            case,
            path: None,
            untitled_name: name.into(),
            edit_count: 0,
            saved_edit_count: 0,
            history: History::default(),
        }
    }

    pub fn is_modified(&self) -> bool {
        self.edit_count != self.saved_edit_count
    }

    /// The one place a case changes in the app.
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let applied = self.history.apply(&mut self.case, command)?;
        self.edit_count += 1;
        Ok(applied)
    }

    /// Undoes the last edit; returns what was undone.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.case)?;
        self.edit_count += 1;
        Some(label)
    }

    /// Redoes the last undone edit; returns what was redone.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.case)?;
        self.edit_count += 1;
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
