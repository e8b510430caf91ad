//! The TAXII 2.1 resources the client reads (section numbers are the TAXII 2.1 specification's).
//! Each is read leniently: what a server leaves out that the client can do without has a
//! default, so a server that is loose with optional properties still works.

use serde::Deserialize;
use serde_json::Value;

/// Server discovery (4.1).
#[derive(Clone, Debug, Deserialize)]
pub struct Discovery {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub api_roots: Vec<String>,
}

/// An API root's information (4.2).
#[derive(Clone, Debug, Deserialize)]
pub struct ApiRoot {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    /// The largest request body the server takes, in bytes.
    pub max_content_length: u64,
}

/// A collection (5.2).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Collection {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub alias: Option<String>,
    pub can_read: bool,
    pub can_write: bool,
    #[serde(default)]
    pub media_types: Vec<String>,
}

/// The collections of an API root (5.1).
#[derive(Clone, Debug, Deserialize)]
pub struct Collections {
    #[serde(default)]
    pub collections: Vec<Collection>,
}

/// A page of objects (3.7).
#[derive(Debug, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub more: bool,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub objects: Vec<Value>,
}

/// One object's record in a collection's manifest (5.3).
#[derive(Clone, Debug, Deserialize)]
pub struct ManifestRecord {
    pub id: String,
    #[serde(default)]
    pub date_added: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
}

/// A page of a manifest.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub more: bool,
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub objects: Vec<ManifestRecord>,
}

/// What became of an envelope of objects sent (4.3).
#[derive(Clone, Debug, Deserialize)]
pub struct Status {
    pub id: String,
    /// `complete` or `pending`.
    pub status: String,
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub success_count: u64,
    #[serde(default)]
    pub failure_count: u64,
    #[serde(default)]
    pub pending_count: u64,
    #[serde(default)]
    pub failures: Vec<StatusDetail>,
}

/// One object in a status: its id and version, and for a failure why.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct StatusDetail {
    pub id: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// The version of a STIX object as a TAXII server records it: `modified`, or `created` for an
/// object that is never modified (a marking definition).
pub fn object_version(object: &Value) -> Option<&str> {
    object
        .get("modified")
        .or_else(|| object.get("created"))
        .and_then(Value::as_str)
}

/// Whether two STIX timestamps name the same moment: servers write them back with their own
/// precision (`.000Z`, `Z`, microseconds).
pub fn same_time(a: &str, b: &str) -> bool {
    match (parse_time(a), parse_time(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// A STIX timestamp, if the text is one.
pub fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_written_with_other_precision_are_the_same_version() {
        assert!(same_time(
            "2026-12-01T10:00:00.000Z",
            "2026-12-01T10:00:00Z"
        ));
        assert!(same_time(
            "2026-12-01T10:00:00.120Z",
            "2026-12-01T10:00:00.120000Z"
        ));
        assert!(!same_time(
            "2026-12-01T10:00:00.120Z",
            "2026-12-01T10:00:00.121Z"
        ));
    }

    #[test]
    fn a_marking_definition_is_versioned_by_its_creation() {
        let marking =
            serde_json::json!({"id": "marking-definition--x", "created": "2022-10-01T00:00:00Z"});
        assert_eq!(object_version(&marking), Some("2022-10-01T00:00:00Z"));
        let actor = serde_json::json!({"created": "2020-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z"});
        assert_eq!(object_version(&actor), Some("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn a_status_without_its_optional_lists_reads() {
        let status: Status = serde_json::from_str(
            r#"{"id":"s1","status":"pending","total_count":3,"success_count":1,"pending_count":2}"#,
        )
        .unwrap();
        assert_eq!(status.pending_count, 2);
        assert!(status.failures.is_empty());
    }
}
