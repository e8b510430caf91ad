//! Each object's own version: when it was first recorded and when it last changed (STIX's
//! `created` and `modified`). The command path stamps an object when its content changes, so an
//! export after one edit re-versions that object alone, and keeps the version an object brings
//! with it (an import, an undo), so a version is never invented for content that did not change.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

/// When an object was first recorded and last changed, to the millisecond (as STIX writes
/// times). `None` in files written before objects had versions: the case's own times stand in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectVersion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<DateTime<Utc>>,
}

impl ObjectVersion {
    /// The time a change made now is stamped with: whole milliseconds, so the case file, a
    /// STIX bundle and a case read back from it carry the same time.
    pub fn now() -> DateTime<Utc> {
        Utc::now().trunc_subsecs(3)
    }

    /// The version of an object changed at `at`, which was `before` (or new). An object from
    /// before objects had versions was created when its case says (`case_created`).
    pub fn changed(
        before: Option<ObjectVersion>,
        case_created: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> ObjectVersion {
        let created = match before {
            Some(b) => b.created.unwrap_or(case_created.trunc_subsecs(3)).min(at),
            None => at,
        };
        ObjectVersion {
            created: Some(created),
            // Never earlier than a version it replaces, whatever the clock says.
            modified: Some(
                before
                    .and_then(|b| b.modified)
                    .map_or(at, |m| m.max(at))
                    .max(created),
            ),
        }
    }

    /// Its times, the case's creation standing in for those it lacks: a time that does not move
    /// when other objects change, so an object from before versions keeps one version until
    /// it is itself changed.
    pub fn or_case(self, case_created: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let created = self.created.unwrap_or(case_created);
        let modified = self.modified.unwrap_or(created).max(created);
        (created, modified)
    }
}

/// Whether `incoming`, put in place of `stored`, is a change to stamp: its content differs and
/// it carries the stored object's version (an edit made from it), or it is new and carries none.
/// An object that brings a version of its own (an import, an undo) keeps it.
pub fn needs_stamp(
    stored: Option<ObjectVersion>,
    incoming: ObjectVersion,
    content_changed: bool,
) -> bool {
    match stored {
        None => incoming.modified.is_none(),
        Some(stored) => content_changed && incoming == stored,
    }
}

/// An object that carries its own version.
pub trait Versioned: PartialEq {
    fn version(&self) -> ObjectVersion;
    fn version_mut(&mut self) -> &mut ObjectVersion;
}

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn version(&self) -> ObjectVersion {
                self.version
            }
            fn version_mut(&mut self) -> &mut ObjectVersion {
                &mut self.version
            }
        }
    )*};
}

versioned!(
    super::Actor,
    super::Technical,
    super::Relationship,
    super::Event,
    super::Source,
    super::Citation,
    super::Judgment,
    super::Analysis
);

impl super::CaseObject {
    /// The object's own version.
    pub fn version(&self) -> ObjectVersion {
        match self {
            super::CaseObject::Actor(o) => o.version,
            super::CaseObject::Technical(o) => o.version,
            super::CaseObject::Relationship(o) => o.version,
            super::CaseObject::Event(o) => o.version,
            super::CaseObject::Source(o) => o.version,
            super::CaseObject::Citation(o) => o.version,
            super::CaseObject::Judgment(o) => o.version,
            super::CaseObject::Analysis(o) => o.version,
        }
    }
}

/// Stamps `incoming`, about to replace `stored` (or be added), with a new version made at `at`
/// if it is a change to stamp ([`needs_stamp`]).
pub fn stamp<T: Versioned>(
    stored: Option<&T>,
    incoming: &mut T,
    case_created: DateTime<Utc>,
    at: DateTime<Utc>,
) {
    let brought = incoming.version();
    let content_changed = match stored {
        None => true,
        Some(stored) => {
            *incoming.version_mut() = stored.version();
            let changed = incoming != stored;
            *incoming.version_mut() = brought;
            changed
        }
    };
    let before = stored.map(Versioned::version);
    if needs_stamp(before, brought, content_changed) {
        *incoming.version_mut() = ObjectVersion::changed(before, case_created, at);
    }
}

/// Stamps an object changed in place (an event that lost a deleted actor).
pub fn touch<T: Versioned>(object: &mut T, case_created: DateTime<Utc>, at: DateTime<Utc>) {
    let before = object.version();
    *object.version_mut() = ObjectVersion::changed(Some(before), case_created, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_change_keeps_created_and_never_goes_back_in_time() {
        let before = ObjectVersion {
            created: Some(at("2024-01-01T00:00:00Z")),
            modified: Some(at("2025-01-01T00:00:00Z")),
        };
        let case = at("2020-01-01T00:00:00Z");
        let later = ObjectVersion::changed(Some(before), case, at("2026-01-01T00:00:00Z"));
        assert_eq!(later.created, before.created);
        assert_eq!(later.modified, Some(at("2026-01-01T00:00:00Z")));
        // A clock set back still gives a version no older than the one it replaces.
        let skewed = ObjectVersion::changed(Some(before), case, at("2020-01-01T00:00:00Z"));
        assert_eq!(skewed.modified, before.modified);
        let new = ObjectVersion::changed(None, case, at("2026-01-01T00:00:00Z"));
        assert_eq!(new.created, new.modified);
        // An object from before versions was created with its case.
        let old = ObjectVersion::changed(
            Some(ObjectVersion::default()),
            case,
            at("2026-01-01T00:00:00Z"),
        );
        assert_eq!(old.created, Some(case));
    }

    #[test]
    fn only_an_edit_of_the_stored_version_or_a_new_unversioned_object_is_stamped() {
        let v = ObjectVersion {
            created: Some(at("2024-01-01T00:00:00Z")),
            modified: Some(at("2025-01-01T00:00:00Z")),
        };
        let other = ObjectVersion {
            modified: Some(at("2023-01-01T00:00:00Z")),
            ..v
        };
        assert!(needs_stamp(Some(v), v, true));
        assert!(!needs_stamp(Some(v), v, false), "nothing changed");
        assert!(!needs_stamp(Some(v), other, true), "brings its own version");
        assert!(needs_stamp(None, ObjectVersion::default(), true));
        assert!(
            !needs_stamp(None, v, true),
            "an imported object keeps its version"
        );
        assert!(
            ObjectVersion::now()
                .timestamp_subsec_nanos()
                .is_multiple_of(1_000_000)
        );
    }
}
