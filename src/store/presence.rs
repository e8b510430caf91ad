//! A note left beside a case file while Casebook has it open, so that a colleague who opens the
//! same file on another computer (a shared drive, a synced folder) is told who has it open and
//! since when. On one computer the autosave slot's lock already tells (see
//! [`super::recovery`]); that lock lives in the local data folder, which other computers cannot
//! see, hence this note beside the file.
//!
//! The note is advice, not a lock: a note left behind by a crash is reported as "may be open"
//! and replaced, and whatever a note says, saving still checks the file for changes on disk.
//! A note is untrusted input: it is read only up to [`MAX_NOTE_BYTES`], never through a
//! symbolic link nor from a pipe or device, and what it says is cut short and shown with its
//! control and direction characters as visible marks (`[U+202E]`). Its place is untrusted too:
//! anyone who can write to a shared folder can put a link or a pipe there, so the note is
//! written to a new file and renamed into place (a link there is replaced, never followed),
//! and anything but a regular file in its place is refused and reported. Writing it is best
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

/// `text` as it may be shown: control and direction characters as visible marks, cut short.
fn shown(text: &str) -> String {
    let cut: String = text.chars().take(MAX_NAME_CHARS + 1).collect();
    let clean = crate::text::one_line_visible(&cut);
    if cut.chars().count() > MAX_NAME_CHARS || clean.chars().count() > MAX_NAME_CHARS * 2 {
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
    // A link, a pipe or a device in its place is refused: opening a pipe can wait forever,
    // and a link may lead anywhere.
    let file = super::open_regular_file_no_follow(&note_path(case)).ok()?;
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

/// Why no note was left beside a case.
#[derive(Debug, thiserror::Error)]
pub enum NoteRefused {
    /// Something that is not a regular file is where the note goes: a link, a pipe, a folder.
    #[error(
        "{} is {what}, not a note Casebook left; it was not touched, and no note was left (colleagues on other computers are not told this case is open here)",
        .path.display()
    )]
    NotANote { path: PathBuf, what: &'static str },
    /// The folder takes no note (read-only, gone); nothing to report.
    #[error("the folder of {} takes no note: {source}", .path.display())]
    Unwritable {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PresenceNote {
    /// Leaves a note beside `case` saying this process has it open: written to a new file and
    /// renamed into place, so a link put there is replaced, never followed. A link, a pipe, a
    /// folder or a device in its place is refused and left as it is.
    pub fn leave(case: &Path) -> Result<Self, NoteRefused> {
        let path = note_path(case);
        if let Ok(there) = fs::symlink_metadata(&path) {
            let kind = there.file_type();
            let what = if kind.is_symlink() {
                Some("a symbolic link")
            } else if kind.is_dir() {
                Some("a folder")
            } else if !kind.is_file() {
                Some("a pipe or a device")
            } else {
                None
            };
            if let Some(what) = what {
                return Err(NoteRefused::NotANote { path, what });
            }
        }
        let written = serde_json::to_vec_pretty(&Presence::here()).unwrap_or_default();
        super::atomic::write_atomically(&path, &written, false).map_err(|source| {
            NoteRefused::Unwritable {
                path: path.clone(),
                source,
            }
        })?;
        Ok(PresenceNote { path, written })
    }
}

impl Drop for PresenceNote {
    fn drop(&mut self) {
        // Only our own note goes: another computer may have written its own since. It is read
        // without following a link or waiting on a pipe put there meanwhile.
        let ours = super::open_regular_file_no_follow(&self.path).is_ok_and(|file| {
            let mut now = Vec::new();
            file.take(MAX_NOTE_BYTES + 1).read_to_end(&mut now).is_ok() && now == self.written
        });
        if ours {
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
        assert!(said.starts_with("eve[U+202E][U+000A]x"), "{said}");
        assert!(said.contains("[U+001B][31mWS-12"), "{said}");
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
        assert!(matches!(
            PresenceNote::leave(&dir.path().join("gone/case.json")),
            Err(NoteRefused::Unwritable { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_notes_place_is_refused_and_its_target_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case.json");
        let precious = dir.path().join("precious.txt");
        fs::write(&precious, b"the user's own file").unwrap();
        std::os::unix::fs::symlink(&precious, note_path(&case)).unwrap();
        let refused = PresenceNote::leave(&case).unwrap_err();
        assert!(matches!(
            refused,
            NoteRefused::NotANote {
                what: "a symbolic link",
                ..
            }
        ));
        assert_eq!(fs::read(&precious).unwrap(), b"the user's own file");
        assert!(
            fs::symlink_metadata(note_path(&case))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(read_other(&case), None, "a link is not read either");
        // A link to another computer's note is not followed when reading.
        fs::write(
            &precious,
            serde_json::to_vec(&other_computer("mallory")).unwrap(),
        )
        .unwrap();
        assert_eq!(read_other(&case), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_in_the_notes_place_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case.json");
        let fifo = note_path(&case);
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let started = std::time::Instant::now();
        assert_eq!(read_other(&case), None);
        assert!(matches!(
            PresenceNote::leave(&case),
            Err(NoteRefused::NotANote {
                what: "a pipe or a device",
                ..
            })
        ));
        // Swapped in after the look: the non-blocking open still refuses it.
        assert!(super::super::open_regular_file(&fifo).is_err());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
