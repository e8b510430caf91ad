//! Never losing work: autosaves of unsaved edits in Casebook's data folder, the locks that
//! tell one Casebook that another has the same case open, and the stamp that tells whether a
//! case file changed on disk since it was opened.
//!
//! Each open case has a *slot* in `<data folder>/autosave/`: `<key>.lock`, locked by the
//! process that has the case open for as long as it has it open, `<key>.case.json` (the unsaved
//! case, written like a case file) and `<key>.meta.json` (which file it belongs to, when it was
//! last edited, and the stamp of that file when it was opened). The key of a case file comes
//! from its path, so a second Casebook opening the same file finds the lock held. The
//! operating system releases a lock when its process ends, however it ends, so after a crash
//! the slots whose lock can be taken are the ones to offer back to the user.
//!
//! Nothing here ever writes to the user's own case file.

use crate::model::Case;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The largest autosave metadata file read, in bytes.
const MAX_META_BYTES: u64 = 64 * 1024;

/// What a case file was like on disk when Casebook last read or wrote it: enough to tell
/// whether another program changed it since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskStamp {
    pub len: u64,
    /// The file's modification time, in nanoseconds since 1970, where the platform gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_ns: Option<u128>,
    /// CRC-32 of the content.
    pub crc32: u32,
}

fn nanos(time: SystemTime) -> Option<u128> {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_nanos())
}

impl DiskStamp {
    /// The stamp of `bytes`, just read from or written to `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        DiskStamp::written(path, bytes.len() as u64, crc32fast::hash(bytes))
    }

    /// The stamp of `len` bytes with this CRC-32, just written to `path`.
    pub fn written(path: &Path, len: u64, crc32: u32) -> Self {
        DiskStamp {
            len,
            modified_ns: fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(nanos),
            crc32,
        }
    }

    /// Whether the file at `path` holds something other than what this stamp describes. The
    /// size and modification time answer most cases at once; the content is read only when
    /// they differ, so a file touched but not changed (some sync clients do that) is not a
    /// change. A file that is gone is not a change either: saving re-creates it.
    pub fn changed_on_disk(&self, path: &Path) -> io::Result<bool> {
        let metadata = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        let modified = metadata.modified().ok().and_then(nanos);
        if metadata.len() == self.len && modified.is_some() && modified == self.modified_ns {
            return Ok(false);
        }
        if metadata.len() != self.len {
            return Ok(true);
        }
        let bytes = fs::read(path)?;
        Ok(crc32fast::hash(&bytes) != self.crc32)
    }
}

/// What an autosave says about the work it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutosaveMeta {
    /// The case file the work belongs to; `None` for a case never saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// The case's title when it was last autosaved.
    pub title: String,
    /// When the case was last edited.
    pub edited: DateTime<Utc>,
    /// The case file as it was when opened or last saved, to detect changes by others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk: Option<DiskStamp>,
}

/// The files of one slot. Cheap to clone and send to the thread that writes autosaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotFiles {
    pub case: PathBuf,
    pub meta: PathBuf,
}

/// Creates `folder` (and its parents) if missing; on Unix, folders it creates are its
/// owner's only, since autosaves hold whole cases.
fn create_private_folder(folder: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

impl SlotFiles {
    fn new(folder: &Path, key: &str) -> Self {
        SlotFiles {
            case: folder.join(format!("{key}.case.json")),
            meta: folder.join(format!("{key}.meta.json")),
        }
    }

    /// Writes the autosave: the case, then what it is. Each file is replaced atomically, so a
    /// crash leaves the previous autosave or the new one.
    pub fn write(&self, case: &Case, meta: &AutosaveMeta) -> io::Result<()> {
        super::atomic::write_private(&self.case, &super::to_bytes(case))?;
        let meta = serde_json::to_vec_pretty(meta).map_err(io::Error::other)?;
        super::atomic::write_private(&self.meta, &meta)
    }

    /// Removes the autosave (the work was saved or discarded).
    pub fn remove(&self) -> io::Result<()> {
        for path in [&self.meta, &self.case] {
            match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether an autosave is there.
    pub fn exists(&self) -> bool {
        self.case.is_file()
    }
}

/// A slot held by this process: its lock is taken for as long as the value lives.
#[derive(Debug)]
pub struct Slot {
    pub key: String,
    pub files: SlotFiles,
    lock_path: PathBuf,
    _lock: File,
}

impl Slot {
    /// Releases the lock and removes the slot's files.
    pub fn remove(self) -> io::Result<()> {
        self.files.remove()?;
        let lock_path = self.lock_path.clone();
        drop(self);
        // Another process may have taken the lock file meanwhile; then it stays.
        let _ = fs::remove_file(lock_path);
        Ok(())
    }
}

/// Why a slot could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("another Casebook has this case open{}", .holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Held { holder: Option<String> },
    #[error("cannot use the autosave folder {folder}: {source}")]
    Io {
        folder: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The autosave folder.
#[derive(Clone, Debug)]
pub struct AutosaveFolder {
    folder: PathBuf,
}

/// The slot key of a case file: from its absolute path, so every Casebook on this machine
/// finds the same key for the same file.
pub fn key_for_file(path: &Path) -> String {
    let absolute = fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_owned());
    let text = absolute.to_string_lossy();
    // Two different CRCs (of the path and of its reverse) make a 64-bit key.
    let reversed: String = text.chars().rev().collect();
    format!(
        "file-{:08x}{:08x}",
        crc32fast::hash(text.as_bytes()),
        crc32fast::hash(reversed.as_bytes())
    )
}

/// A fresh slot key for a case that has no file yet.
pub fn key_for_untitled() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("untitled-{}-{nanos:x}", std::process::id())
}

/// Work left behind by a Casebook that ended without saving it, found at start.
#[derive(Debug)]
pub struct Orphan {
    /// The slot, locked by this process while the user decides.
    pub slot: Slot,
    pub meta: AutosaveMeta,
}

impl AutosaveFolder {
    /// The autosave folder inside Casebook's data folder.
    pub fn in_data_dir(data_dir: &Path) -> Self {
        AutosaveFolder {
            folder: data_dir.join("autosave"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.folder
    }

    /// Takes the slot `key` for this process, creating the folder if need be. Fails with
    /// [`ClaimError::Held`] if another process (or another case in this one) holds it.
    pub fn claim(&self, key: &str) -> Result<Slot, ClaimError> {
        let io_error = |source| ClaimError::Io {
            folder: self.folder.clone(),
            source,
        };
        create_private_folder(&self.folder).map_err(io_error)?;
        let lock_path = self.folder.join(format!("{key}.lock"));
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            // A pipe put in its place must not make the start wait.
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
        }
        let mut lock = options.open(&lock_path).map_err(io_error)?;
        if !lock.metadata().map_err(io_error)?.is_file() {
            return Err(io_error(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", lock_path.display()),
            )));
        }
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // Windows forbids reading a locked file; then the holder is not named.
                let _ = (&mut lock).take(256).read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(ClaimError::Held {
                    holder: (!holder.is_empty()).then(|| holder.to_owned()),
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error(e)),
        }
        // Say who holds it, for the message another process shows.
        let holder = format!(
            "process {} since {}",
            std::process::id(),
            chrono::Local::now().format("%Y-%m-%d %H:%M")
        );
        let _ = lock.set_len(0);
        let _ = io::Write::write_all(&mut lock, holder.as_bytes());
        Ok(Slot {
            key: key.to_owned(),
            files: SlotFiles::new(&self.folder, key),
            lock_path,
            _lock: lock,
        })
    }

    /// The autosaves no running Casebook holds, newest first. Each is claimed by this process
    /// until it is dropped, restored or removed. Unreadable entries are skipped (and left).
    pub fn orphans(&self) -> Vec<Orphan> {
        let Ok(entries) = fs::read_dir(&self.folder) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(key) = name.strip_suffix(".case.json") else {
                continue;
            };
            let Ok(slot) = self.claim(key) else { continue };
            if !slot.files.exists() {
                continue;
            }
            let meta = read_meta(&slot.files).unwrap_or_else(|| AutosaveMeta {
                file: None,
                title: "(a case whose details were not saved)".into(),
                edited: fs::metadata(&slot.files.case)
                    .and_then(|m| m.modified())
                    .map(DateTime::<Utc>::from)
                    .unwrap_or_else(|_| Utc::now()),
                disk: None,
            });
            found.push(Orphan { slot, meta });
        }
        found.sort_by_key(|o| std::cmp::Reverse(o.meta.edited));
        found
    }
}

fn read_meta(files: &SlotFiles) -> Option<AutosaveMeta> {
    // A link or a pipe in its place is refused without waiting.
    let file = super::open_regular_file_no_follow(&files.meta).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_META_BYTES).read_to_end(&mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Removes temporary files left beside `path` by saves that were killed before they finished
/// (`.NAME.*.tmp`, and backup staging files), when they are older than `older_than`.
/// Returns how many were removed.
pub fn remove_stale_temporaries(path: &Path, older_than: std::time::Duration) -> usize {
    let Some(folder) = path.parent() else {
        return 0;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Some(name) = path.file_name() else {
        return 0;
    };
    let own_prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let ours = (entry_name.starts_with(&own_prefix)
            || entry_name.starts_with(".casebook-backup."))
            && entry_name.ends_with(".tmp");
        let old_enough = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|m| now.duration_since(m).is_ok_and(|age| age >= older_than));
        if ours && old_enough && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn meta(title: &str) -> AutosaveMeta {
        AutosaveMeta {
            file: Some(PathBuf::from("/cases/a.casebook.json")),
            title: title.into(),
            edited: Utc::now(),
            disk: None,
        }
    }

    #[test]
    fn a_held_slot_is_not_offered_and_a_released_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let folder = AutosaveFolder::in_data_dir(dir.path());
        let slot = folder.claim("file-1").unwrap();
        let mut case = Case::new("Edited");
        case.summary = "unsaved work".into();
        slot.files.write(&case, &meta("Edited")).unwrap();
        assert!(
            matches!(folder.claim("file-1"), Err(ClaimError::Held { holder: Some(h) }) if h.contains("process")),
            "a second claim is refused and says who holds it"
        );
        assert!(folder.orphans().is_empty(), "live work is not offered");

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(folder.path()), 0o700, "autosaves hold whole cases");
            assert_eq!(mode(&slot.files.case) & 0o077, 0, "the owner's only");
        }

        drop(slot); // the process ends without removing its autosave
        let orphans = folder.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].meta.title, "Edited");
        let restored = super::super::load(&orphans[0].slot.files.case).unwrap();
        assert_eq!(restored.summary, "unsaved work");
        assert!(
            folder.orphans().is_empty(),
            "an orphan being offered is held"
        );

        let orphan = orphans.into_iter().next().unwrap();
        orphan.slot.remove().unwrap();
        assert!(folder.orphans().is_empty());
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_autosave_without_its_details_or_with_garbage_is_still_offered_or_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let folder = AutosaveFolder::in_data_dir(dir.path());
        fs::create_dir_all(folder.path()).unwrap();
        let files = SlotFiles::new(folder.path(), "untitled-1-1");
        super::super::save(&Case::new("No meta"), &files.case).unwrap();
        fs::write(&files.meta, b"{ not json").unwrap();
        fs::write(folder.path().join("stray.txt"), b"x").unwrap();
        let orphans = folder.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].meta.file, None);
        assert!(orphans[0].meta.title.contains("not saved"));
    }

    #[test]
    fn the_stamp_sees_changes_but_not_a_touch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.json");
        fs::write(&path, b"first version").unwrap();
        let stamp = DiskStamp::of(&path, b"first version");
        assert!(!stamp.changed_on_disk(&path).unwrap());

        // Same content, new time: not a change.
        let file = File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() + Duration::from_secs(5))
            .unwrap();
        assert!(!stamp.changed_on_disk(&path).unwrap());
        // Same size, other content: a change.
        fs::write(&path, b"other version").unwrap();
        assert!(stamp.changed_on_disk(&path).unwrap());
        // Other size: a change. Gone: not a change (saving re-creates it).
        fs::write(&path, b"longer other version").unwrap();
        assert!(stamp.changed_on_disk(&path).unwrap());
        fs::remove_file(&path).unwrap();
        assert!(!stamp.changed_on_disk(&path).unwrap());
    }

    #[test]
    fn a_save_stamps_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.casebook.json");
        let case = crate::example::example_case();
        let stamp = super::super::save_stamped(&case, &path).unwrap();
        let bytes = fs::read(&path).unwrap();
        assert_eq!(bytes, super::super::to_bytes(&case));
        assert_eq!(stamp, DiskStamp::of(&path, &bytes));
        assert!(!stamp.changed_on_disk(&path).unwrap());
        let (_, read) = super::super::load_stamped(&path, &|_| {}).unwrap();
        assert_eq!(read, stamp);
    }

    #[test]
    fn keys_follow_the_file_and_untitled_keys_differ() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.casebook.json");
        fs::write(&path, b"{}").unwrap();
        let same = dir.path().join(".").join("a.casebook.json");
        assert_eq!(key_for_file(&path), key_for_file(&same));
        assert_ne!(
            key_for_file(&path),
            key_for_file(&dir.path().join("b.json"))
        );
        assert_ne!(key_for_untitled(), key_for_untitled());
    }

    #[test]
    fn stale_temporaries_of_killed_saves_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.casebook.json");
        let old = SystemTime::now() - Duration::from_secs(3600);
        for name in [
            ".a.casebook.json.x1.tmp",
            ".casebook-backup.y2.tmp",
            ".a.casebook.json.fresh.tmp",
            ".other.json.z.tmp",
            "a.casebook.json",
        ] {
            fs::write(dir.path().join(name), b"x").unwrap();
            if name != ".a.casebook.json.fresh.tmp" {
                File::options()
                    .write(true)
                    .open(dir.path().join(name))
                    .unwrap()
                    .set_modified(old)
                    .unwrap();
            }
        }
        assert_eq!(remove_stale_temporaries(&path, Duration::from_secs(600)), 2);
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".a.casebook.json.fresh.tmp",
                ".other.json.z.tmp",
                "a.casebook.json"
            ]
        );
    }
}
