//! The session: the open document and what keeps it safe — opening, closing and replacing it
//! (behind the unsaved-changes question), saving, the autosave and its recovery, and the note
//! beside the case file that tells other computers it is open here.

use super::*;

impl CasebookApp {
    /// Looks for unsaved work left by sessions that ended without saving, and offers it.
    /// `asked`: the user asked (from the menu), so say so when there is none.
    pub(super) fn offer_recovery(&mut self, asked: bool) {
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
    pub(super) fn autosave_if_due(&mut self) {
        let Some(folder) = self.autosaver.folder().cloned() else {
            return;
        };
        let Some(doc) = &mut self.doc else { return };
        if !doc.needs_autosave() {
            return;
        }
        let waited = doc.unsaved_for();
        if waited < AUTOSAVE_DELAY {
            self.ctx.request_repaint_after(AUTOSAVE_DELAY - waited);
            return;
        }
        self.settle_drawn_positions();
        let Some(doc) = &mut self.doc else { return };
        if doc.slot().is_none() {
            let key = match doc.path() {
                Some(path) => format!("{}-{}", key_for_file(path), std::process::id()),
                None => key_for_untitled(),
            };
            match folder.claim(&key) {
                Ok(slot) => doc.set_slot(slot),
                Err(error) => {
                    doc.autosaved(); // autosave is off for this case
                    self.set_status(format!("Autosave is off for this case: {error}"), true);
                    return;
                }
            }
        }
        let Some(slot) = doc.slot() else { return };
        self.autosaver
            .write(slot.files.clone(), doc.shared_case(), doc.autosave_meta());
        doc.autosaved();
    }

    /// Takes the autosave slot of the case file `path` for the open case. When another
    /// Casebook has the file open, says so, and autosaves under a slot of this process.
    pub(super) fn claim_slot_for(&mut self, path: &std::path::Path) {
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
                    doc.set_slot(slot);
                }
            }
            Err(ClaimError::Held { holder }) => {
                let name = crate::ui::file_name_of(path);
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
    pub(super) fn note_presence(&mut self, path: &std::path::Path) {
        if let Some(doc) = &mut self.doc {
            doc.set_presence(None); // the note of the file saved from, if any, goes first
        }
        self.jobs.note_presence(path.to_owned());
    }

    /// Says so when the note beside the case file tells that Casebook on another computer has
    /// it open, and keeps this process's note (replacing theirs, which a crash may have left
    /// behind), or says why none could be left.
    pub(super) fn presence_noted(
        &mut self,
        path: &std::path::Path,
        other: Option<presence::Presence>,
        note: Result<PresenceNote, presence::NoteRefused>,
    ) {
        if self.doc.as_ref().and_then(|d| d.path()) != Some(path) {
            return; // the case was closed or saved elsewhere meanwhile; the note goes with it
        }
        if let Some(other) = other {
            let name = crate::ui::file_name_of(path);
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
                    doc.set_presence(Some(note));
                }
            }
            Err(refused @ presence::NoteRefused::NotANote { .. }) => {
                self.set_status(crate::text::one_line_visible(&refused.to_string()), true);
            }
            Err(presence::NoteRefused::Unwritable { .. }) => {}
        }
    }

    /// Keeps with the case the positions the map draws actors at that the case has none for
    /// (see [`Document::settle_positions`]): before a save, an autosave and a delete.
    pub(super) fn settle_drawn_positions(&mut self) {
        if let Some(doc) = &mut self.doc {
            let drawn = self.map.drawn_positions_of_unplaced(doc.case());
            if !drawn.is_empty() {
                doc.settle_positions(&drawn);
            }
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

    pub(super) fn replace_document(&mut self, doc: Option<Document>) {
        // The case going away was saved, or its edits were discarded by the user.
        if let Some(slot) = self.doc.as_mut().and_then(|d| d.take_slot()) {
            self.autosaver.release(slot);
        }
        self.doc = doc;
        self.map.reset();
        self.timeline.reset();
        self.focus.set_time_window(None);
        self.focus.selection = None;
        self.inspector.clear();
        self.lists.filter.clear();
    }

    pub(super) fn perform(&mut self, action: Action) {
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
                if let Some(slot) = self.doc.as_mut().and_then(|d| d.take_slot()) {
                    self.autosaver.release(slot);
                    self.autosaver.flush(std::time::Duration::from_secs(2));
                }
                self.quitting = true;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Saves to the case's file, or asks where if it has none.
    pub fn save(&mut self) {
        let Some(doc) = &self.doc else { return };
        match doc.path().map(ToOwned::to_owned) {
            Some(path) => self.save_to(path),
            None => self.pick(Purpose::SaveAs),
        }
    }

    pub(super) fn save_to(&mut self, path: PathBuf) {
        self.save_checked(path, true);
    }

    /// Saves to `path`; with `check`, first makes sure the file on disk is still the one this
    /// case was opened from or last saved to.
    pub(super) fn save_checked(&mut self, path: PathBuf, check: bool) {
        if self.jobs.is_saving() {
            self.set_status("A save is already in progress", true);
            return;
        }
        // What the map shows is what reopens.
        self.settle_drawn_positions();
        let Some(doc) = &self.doc else { return };
        let unchanged_since = doc
            .disk()
            .cloned()
            .filter(|_| check && doc.path() == Some(path.as_path()));
        self.jobs
            .save(doc.case().clone(), path, doc.edit_count(), unchanged_since);
    }

    /// Removes the autosave with this key, for good (the user confirmed).
    pub(super) fn discard_orphan(&mut self, key: &str) {
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
            && let Some(slot) = doc.take_slot()
        {
            self.autosaver.release(slot);
            self.autosaver.flush(std::time::Duration::from_secs(2));
        }
    }
}
