//! The list of recently opened case files, kept in the app's data folder as a small JSON file
//! written atomically. A missing or unreadable list is an empty list, never an error.

use std::path::{Path, PathBuf};

/// How many recent files the File menu lists.
pub const MAX_RECENT: usize = 10;

#[derive(Debug, Default)]
pub struct RecentFiles {
    pub paths: Vec<PathBuf>,
    file: Option<PathBuf>,
}

impl RecentFiles {
    /// Loads the list kept in `folder`, or an empty list not saved anywhere if `folder` is None.
    pub fn load(folder: Option<&Path>) -> Self {
        let file = folder.map(|f| f.join("recent.json"));
        let paths = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice::<Vec<PathBuf>>(&bytes).ok())
            .unwrap_or_default()
            .into_iter()
            .take(MAX_RECENT)
            .collect();
        RecentFiles { paths, file }
    }

    /// Puts `path` first and saves the list.
    pub fn add(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
        self.save();
    }

    pub fn remove(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
        self.save();
    }

    fn save(&self) {
        let Some(file) = &self.file else { return };
        if let Some(folder) = file.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(&self.paths) {
            // The recent list is a convenience: failing to save it must not disturb the user.
            let _ = crate::store::atomic::write_private(file, &bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let mut recent = RecentFiles::load(Some(dir.path()));
        for i in 0..15 {
            recent.add(&dir.path().join(format!("{i}.json")));
        }
        recent.add(&dir.path().join("3.json"));
        let again = RecentFiles::load(Some(dir.path()));
        assert_eq!(again.paths.len(), MAX_RECENT);
        assert_eq!(again.paths[0], dir.path().join("3.json"));
        assert_eq!(
            again.paths.iter().filter(|p| p.ends_with("3.json")).count(),
            1
        );
    }
}
