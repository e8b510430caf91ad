//! Atomic replacement of a file: the new bytes go to a temporary file in the same folder, are
//! flushed and synced, and only then renamed over the old file, so a reader (or the user after
//! a crash or power cut) sees either the old file or the new one, never a mix. The previous
//! version is kept beside it as `<name>.bak`.
//!
//! A file that did not exist before gets the permissions any new file of the user's gets
//! (on Unix, 0666 less the umask), so an exported briefing can be shared like any other file;
//! a file that existed keeps its permissions. Files of the app's own data folder (autosaves,
//! the recent list) are written with [`write_private`]: readable by their owner only.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The path of the backup kept beside `path`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs a folder so a rename in it survives a power cut (where the platform allows).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        // Some file systems refuse to sync a directory; the rename is still done.
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Who may read a file the write creates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NewFileAccess {
    /// As any new file of the user's (the umask decides).
    AsUsual,
    /// Its owner only.
    OwnerOnly,
}

/// Replaces `path` with `bytes` atomically, keeping the old file as a backup if `keep_backup`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomically_with(path, keep_backup, |file| file.write_all(bytes))
}

/// As [`write_atomically`] (no backup), unless `cancelled` says so once the new content is
/// written and synced beside the file: then the temporary file is removed, `path` is left as
/// it was, and the answer is `Ok(false)`. The last moment to cancel, so a cancelled export never
/// leaves a half-written file.
pub fn write_atomically_unless(
    path: &Path,
    bytes: &[u8],
    cancelled: &dyn Fn() -> bool,
) -> io::Result<bool> {
    write_with_access_unless(
        path,
        false,
        NewFileAccess::AsUsual,
        |file| file.write_all(bytes),
        cancelled,
    )
}

/// Replaces `path` with `bytes` atomically, as a file only its owner may read if it is new:
/// for the app's own data (autosaves hold whole cases).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_access(path, false, NewFileAccess::OwnerOnly, |file| {
        file.write_all(bytes)
    })
}

/// As [`write_atomically`], with the content written by `write`. If `write` fails, nothing
/// changes on disk and the temporary file is removed.
pub fn write_atomically_with(
    path: &Path,
    keep_backup: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    write_with_access(path, keep_backup, NewFileAccess::AsUsual, write)
}

fn write_with_access(
    path: &Path,
    keep_backup: bool,
    access: NewFileAccess,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    write_with_access_unless(path, keep_backup, access, write, &|| false).map(|_| ())
}

fn write_with_access_unless(
    path: &Path,
    keep_backup: bool,
    access: NewFileAccess,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    cancelled: &dyn Fn() -> bool,
) -> io::Result<bool> {
    let folder = folder_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if access == NewFileAccess::AsUsual {
        use std::os::unix::fs::PermissionsExt;
        // Created with open(2)'s mode 0666, which the kernel narrows by the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut temp = builder.tempfile_in(folder)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    if cancelled() {
        return Ok(false); // dropping `temp` removes it
    }

    let old = fs::metadata(path).ok();
    if let Some(old) = &old {
        if !old.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        // The new file takes the old one's permissions.
        fs::set_permissions(temp.path(), old.permissions())?;
        if keep_backup {
            keep_as_backup(path, folder)?;
        }
    }
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(folder);
    Ok(true)
}

/// Makes `<path>.bak` hold the current content of `path`, itself atomically: a hard link where
/// the file system has them, a synced copy otherwise.
fn keep_as_backup(path: &Path, folder: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let staging = tempfile::Builder::new()
        .prefix(".casebook-backup.")
        .suffix(".tmp")
        .make_in(folder, |p| fs::hard_link(path, p))
        .or_else(|_| {
            tempfile::Builder::new()
                .prefix(".casebook-backup.")
                .suffix(".tmp")
                .make_in(folder, |p| {
                    fs::copy(path, p)?;
                    File::open(p)?.sync_all()
                })
        })?;
    staging.persist(&backup).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_cancelled_at_the_last_moment_leaves_the_file_and_folder_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.json");
        assert!(!write_atomically_unless(&path, b"new", &|| true).unwrap());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no file, no temporary"
        );
        fs::write(&path, b"old").unwrap();
        assert!(!write_atomically_unless(&path, b"new", &|| true).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_atomically_unless(&path, b"new", &|| false).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn replaces_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.json");
        write_atomically(&path, b"one", true).unwrap();
        assert!(!backup_path(&path).exists());
        write_atomically(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        write_atomically(&path, b"three", true).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("case.json");
        write_atomically(&path, b"precious", true).unwrap();
        let result = write_atomically_with(&path, true, |f| {
            f.write_all(b"half of the new ")?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"precious");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_permissions_a_private_one_its_owners_and_an_old_one_keeps_its_own()
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        // What a plain new file gets here, whatever this machine's umask is.
        let plain = dir.path().join("plain");
        fs::write(&plain, b"x").unwrap();
        let usual = mode(&plain);

        let exported = dir.path().join("briefing.html");
        write_atomically(&exported, b"x", false).unwrap();
        assert_eq!(mode(&exported), usual);

        let autosave = dir.path().join("autosave.json");
        write_private(&autosave, b"x").unwrap();
        assert_eq!(mode(&autosave), 0o600 & usual);

        fs::set_permissions(&exported, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&exported, b"y", true).unwrap();
        assert_eq!(mode(&exported), 0o640);
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/case.json");
        assert!(write_atomically(&path, b"x", true).is_err());
        assert!(write_atomically(dir.path(), b"x", true).is_err());
    }
}
