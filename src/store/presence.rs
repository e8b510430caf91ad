//! A note left beside a case file while Casebook has it open, so that a colleague who opens the
//! same file on another computer (a shared drive, a synced folder) is told who has it open and
//! since when. On one computer the autosave slot's lock already tells (see
//! [`super::recovery`]); that lock lives in the local data folder, which other computers cannot
//! see, hence this note beside the file.
//!
//! The note is advice, not a lock: a note left behind by a crash is reported as "may be open"
//! and replaced, and whatever a note says, saving still checks the file for changes on disk.
//! A note is untrusted input: it is read only up to [`MAX_NOTE_BYTES`], and what it says is
//! cut short and cleaned of control characters before anyone sees it. Writing it is best
//! effort: a read-only folder simply gets no note.

use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most of a note read; a larger file is not a note of ours.
pub const MAX_NOTE_BYTES: u64 = 4096;
/// The most characters of a name shown from a note.
const MAX_NAME_CHARS: usize = 64;

/// Who has a case open, where and since when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub user: String,
    pub computer: String,
    pub process: u32,
    pub since: DateTime<Utc>,
}

impl Presence {
    /// This process, now.
    pub fn here() -> Self {
        let user = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            // With no user variable set (a service, a bare shell), the home folder's name.
            .or_else(|| {
                std::env::var_os("HOME")
                    .or_else(|| std::env::var_os("USERPROFILE"))
                    .and_then(|h| Some(Path::new(&h).file_name()?.to_string_lossy().into_owned()))
            })
            .unwrap_or_else(|| "someone".to_owned());
        Presence {
            user,
            computer: this_computer(),
            process: std::process::id(),
            since: Utc::now(),
        }
    }

    /// "alice on WS-12 since 25 Nov 2026 09:14" (local time).
    pub fn describe(&self) -> String {
        format!(
            "{} on {} since {}",
            shown(&self.user),
            shown(&self.computer),
            self.since.with_timezone(&Local).format("%-d %b %Y %H:%M")
        )
    }
}

/// This computer's name, as the network knows it.
fn this_computer() -> String {
    let name = gethostname::gethostname().to_string_lossy().into_owned();
    if name.is_empty() {
        "an unnamed computer".to_owned()
    } else {
        name
    }
}

/// `text` as it may be shown: control and direction characters dropped, cut short.
fn shown(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|&c| !crate::figure::is_hidden_or_reordering(c))
        .collect();
    if clean.chars().count() > MAX_NAME_CHARS {
        let cut: String = clean.chars().take(MAX_NAME_CHARS).collect();
        format!("{cut}…")
    } else if clean.trim().is_empty() {
        "someone".to_owned()
    } else {
        clean
    }
}

/// Where the note of `case` goes: `.NAME.casebook-open` beside it.
pub fn note_path(case: &Path) -> PathBuf {
    let name = case.file_name().unwrap_or_default().to_string_lossy();
    case.with_file_name(format!(".{name}.casebook-open"))
}

/// The note beside `case` left by Casebook on another computer, if there is one. Notes of this
/// computer are not reported: here the autosave lock tells whether they are still true.
pub fn read_other(case: &Path) -> Option<Presence> {
    // A pipe or device in its place is refused unopened: opening a pipe can wait forever.
    let file = super::open_regular_file(&note_path(case)).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_NOTE_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return None;
    }
    let presence: Presence = serde_json::from_slice(&bytes).ok()?;
    (presence.computer != this_computer()).then_some(presence)
}

/// The note this process left beside a case; dropping it takes the note away, unless someone
/// else has replaced it since.
#[derive(Debug)]
pub struct PresenceNote {
    path: PathBuf,
    written: Vec<u8>,
}

impl PresenceNote {
    /// Leaves a note beside `case` saying this process has it open; `None` if the folder
    /// takes no note (read-only, gone).
    pub fn leave(case: &Path) -> Option<Self> {
        let path = note_path(case);
        let written = serde_json::to_vec_pretty(&Presence::here()).ok()?;
        fs::write(&path, &written).ok()?;
        Some(PresenceNote { path, written })
    }
}

impl Drop for PresenceNote {
    fn drop(&mut self) {
        // Only our own note goes: another computer may have written its own since.
        if fs::read(&self.path).is_ok_and(|now| now == self.written) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other_computer(user: &str) -> Presence {
        Presence {
            user: user.to_owned(),
            computer: format!("not-{}", this_computer()),
            process: 4321,
            since: Utc::now(),
        }
    }

    #[test]
    fn a_note_from_another_computer_is_read_and_ours_is_not_reported() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("albania.casebook.json");
        assert_eq!(read_other(&case), None, "no note, nobody");

        let note = PresenceNote::leave(&case).expect("the folder takes a note");
        assert!(note_path(&case).exists());
        assert_eq!(
            read_other(&case),
            None,
            "our own computer's note is not news"
        );
        drop(note);
        assert!(!note_path(&case).exists(), "closing takes the note away");

        let theirs = other_computer("alice");
        fs::write(note_path(&case), serde_json::to_vec(&theirs).unwrap()).unwrap();
        let read = read_other(&case).expect("their note is read");
        assert!(
            read.describe().starts_with("alice on not-"),
            "{}",
            read.describe()
        );
    }

    #[test]
    fn a_note_replaced_by_another_computer_is_not_removed_by_ours() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case.json");
        let note = PresenceNote::leave(&case).unwrap();
        let theirs = serde_json::to_vec(&other_computer("bob")).unwrap();
        fs::write(note_path(&case), &theirs).unwrap();
        drop(note);
        assert_eq!(fs::read(note_path(&case)).unwrap(), theirs);
    }

    #[test]
    fn a_hostile_note_is_cut_cleaned_or_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case.json");
        let mut hostile = other_computer(&format!("eve\u{202E}\n{}", "x".repeat(500)));
        hostile.computer = "\u{1b}[31mWS-12".to_owned();
        fs::write(note_path(&case), serde_json::to_vec(&hostile).unwrap()).unwrap();
        let said = read_other(&case).unwrap().describe();
        assert!(said.starts_with("evex"), "{said}");
        assert!(
            !said.chars().any(|c| c.is_control() || c == '\u{202E}'),
            "{said:?}"
        );
        assert!(said.chars().count() < 2 * MAX_NAME_CHARS + 40, "{said}");

        fs::write(note_path(&case), b"{ not json").unwrap();
        assert_eq!(read_other(&case), None);
        fs::write(note_path(&case), vec![b' '; MAX_NOTE_BYTES as usize + 10]).unwrap();
        assert_eq!(read_other(&case), None, "too big to be a note");
    }

    #[test]
    fn a_folder_that_takes_no_note_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(PresenceNote::leave(&dir.path().join("gone/case.json")).is_none());
    }
}
