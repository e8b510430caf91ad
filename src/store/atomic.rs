//! Atomic replacement of a file: the new bytes go to a temporary file in the same folder, are
//! flushed and synced, and only then renamed over the old file, so a reader (or the user after
//! a crash or power cut) sees either the old file or the new one, never a mix. The previous
//! version is kept beside it as `<name>.bak`.

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

/// Replaces `path` with `bytes` atomically, keeping the old file as a backup if `keep_backup`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomically_with(path, keep_backup, |file| file.write_all(bytes))
}

/// As [`write_atomically`], with the content written by `write`. If `write` fails, nothing
/// changes on disk and the temporary file is removed.
pub fn write_atomically_with(
    path: &Path,
    keep_backup: bool,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let folder = folder_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .tempfile_in(folder)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;

    let old = fs::metadata(path).ok();
    if let Some(old) = &old {
        if !old.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", path.display()),
            ));
        }
        // The new file takes the old one's permissions (the temporary file is private).
        fs::set_permissions(temp.path(), old.permissions())?;
        if keep_backup {
            keep_as_backup(path, folder)?;
        }
    }
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(folder);
    Ok(())
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

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/case.json");
        assert!(write_atomically(&path, b"x", true).is_err());
        assert!(write_atomically(dir.path(), b"x", true).is_err());
    }
}
