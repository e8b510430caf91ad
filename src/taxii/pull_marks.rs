//! When each collection was last pulled: the server's `X-TAXII-Date-Added-Last` of the last
//! object a pull brought, kept per collection address in `taxii-pulls.json` in the app's data
//! folder, so the next pull with `--added-after` (or "Only what is new" in the app) asks only
//! for what the server added since. A missing or unreadable file is no marks, never an error:
//! the pull then brings the whole collection, which the import review sorts out.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file's name in the data folder.
pub const FILE_NAME: &str = "taxii-pulls.json";

/// One collection's mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullMark {
    /// The server's time of the last object added that the pull brought.
    pub date_added_last: String,
    /// When the pull ran, by this computer's clock (for the user; never sent).
    pub pulled_at: String,
}

/// The marks of every collection pulled from.
#[derive(Debug, Default)]
pub struct PullMarks {
    marks: BTreeMap<String, PullMark>,
    file: Option<PathBuf>,
}

impl PullMarks {
    /// The marks kept in `folder` (none, and none saved, if `folder` is None).
    pub fn load(folder: Option<&Path>) -> Self {
        let file = folder.map(|f| f.join(FILE_NAME));
        let marks = file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        PullMarks { marks, file }
    }

    /// The mark of the collection at `collection_url`.
    pub fn get(&self, collection_url: &str) -> Option<&PullMark> {
        self.marks.get(collection_url)
    }

    /// Records a pull of `collection_url` and saves the marks.
    pub fn set(&mut self, collection_url: &str, date_added_last: &str) -> std::io::Result<()> {
        self.marks.insert(
            collection_url.to_owned(),
            PullMark {
                date_added_last: date_added_last.to_owned(),
                pulled_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            },
        );
        let Some(file) = &self.file else {
            return Ok(());
        };
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let bytes = serde_json::to_vec_pretty(&self.marks).map_err(std::io::Error::other)?;
        crate::store::atomic::write_private(file, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_kept_per_collection_across_loads() {
        let dir = tempfile::tempdir().unwrap();
        let mut marks = PullMarks::load(Some(dir.path()));
        assert!(marks.get("https://x/api/collections/a/").is_none());
        marks
            .set("https://x/api/collections/a/", "2026-12-01T10:00:00.000Z")
            .unwrap();
        marks
            .set("https://x/api/collections/b/", "2026-12-02T10:00:00.000Z")
            .unwrap();
        let again = PullMarks::load(Some(dir.path()));
        assert_eq!(
            again
                .get("https://x/api/collections/a/")
                .unwrap()
                .date_added_last,
            "2026-12-01T10:00:00.000Z"
        );
        assert_eq!(
            again
                .get("https://x/api/collections/b/")
                .unwrap()
                .date_added_last,
            "2026-12-02T10:00:00.000Z"
        );
    }

    #[test]
    fn an_unreadable_file_is_no_marks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        assert!(PullMarks::load(Some(dir.path())).get("x").is_none());
    }
}
