//! Stable object ids. An id is `<kind>--<name>`, e.g. `actor--homeland-justice`: the prefix says
//! what kind of object it names, so a reference to the wrong kind is caught by reading it.
//! Ids never change once made; new ones get a random suffix so two analysts' copies of a case
//! do not collide when merged.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// The kinds of object a case holds, each with its id prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    Actor,
    Relationship,
    Technical,
    Event,
    Source,
    Citation,
    Judgment,
    Analysis,
}

impl ObjectKind {
    /// In the order of the list tabs and the Add menu: technical evidence last, so the tabs
    /// and menu items analysts (and scripts) know stay where they were.
    pub const ALL: &'static [ObjectKind] = &[
        ObjectKind::Actor,
        ObjectKind::Relationship,
        ObjectKind::Event,
        ObjectKind::Source,
        ObjectKind::Citation,
        ObjectKind::Judgment,
        ObjectKind::Analysis,
        ObjectKind::Technical,
    ];

    /// The prefix of this kind's ids.
    pub fn prefix(self) -> &'static str {
        match self {
            ObjectKind::Actor => "actor",
            ObjectKind::Relationship => "relationship",
            ObjectKind::Technical => "technical",
            ObjectKind::Event => "event",
            ObjectKind::Source => "source",
            ObjectKind::Citation => "citation",
            ObjectKind::Judgment => "judgment",
            ObjectKind::Analysis => "analysis",
        }
    }

    /// The kind's name in a sentence (the same word as its id prefix, but for technical
    /// objects).
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Technical => "technical object",
            other => other.prefix(),
        }
    }

    /// The kind's name in the plural, for sentences ("No analyses yet").
    pub fn plural_label(self) -> &'static str {
        match self {
            ObjectKind::Analysis => "analyses of competing hypotheses",
            ObjectKind::Technical => "technical objects",
            // The case file's arrays are named in plain plural English.
            other => other.collection(),
        }
    }

    /// The name of the case file's array holding this kind.
    pub fn collection(self) -> &'static str {
        match self {
            ObjectKind::Actor => "actors",
            ObjectKind::Relationship => "relationships",
            ObjectKind::Technical => "technical",
            ObjectKind::Event => "events",
            ObjectKind::Source => "sources",
            ObjectKind::Citation => "citations",
            ObjectKind::Judgment => "judgments",
            ObjectKind::Analysis => "analyses",
        }
    }
}

/// The longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 120;

/// A stable object id. Checked for form when a case is validated, not when it is parsed, so a
/// bad id is reported with the object and field it sits in.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Wraps a string as an id without checking it; see [`Id::check`].
    pub fn new(text: impl Into<String>) -> Self {
        Id(text.into())
    }

    /// A fresh id of the given kind with a random 16-hex-digit suffix.
    pub fn generate(kind: ObjectKind) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            hasher.write_u128(elapsed.as_nanos());
        }
        Id(format!("{}--{:016x}", kind.prefix(), hasher.finish()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind named by the prefix, if the prefix is one we know.
    pub fn kind(&self) -> Option<ObjectKind> {
        let (prefix, _) = self.0.split_once("--")?;
        ObjectKind::ALL
            .iter()
            .copied()
            .find(|k| k.prefix() == prefix)
    }

    /// Checks the id's form: a known prefix, `--`, then 1 or more of `a-z A-Z 0-9 . _ -`.
    pub fn check(&self) -> Result<ObjectKind, &'static str> {
        if self.0.len() > MAX_ID_LEN {
            return Err("an id is at most 120 characters");
        }
        let Some((_, name)) = self.0.split_once("--") else {
            return Err("an id is written kind--name, e.g. actor--homeland-justice");
        };
        let kind = self
            .kind()
            .ok_or("an id must start with actor--, relationship--, technical--, event--, source--, citation--, judgment-- or analysis--")?;
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err("after the kind, an id holds only letters, digits, '.', '_' and '-'");
        }
        Ok(kind)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_well_formed_and_distinct() {
        let a = Id::generate(ObjectKind::Actor);
        let b = Id::generate(ObjectKind::Actor);
        assert_ne!(a, b);
        assert_eq!(a.check(), Ok(ObjectKind::Actor));
        assert_eq!(
            Id::generate(ObjectKind::Judgment).kind(),
            Some(ObjectKind::Judgment)
        );
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in [
            "",
            "actor",
            "actor--",
            "thing--x",
            "actor--a b",
            "actor--<script>",
        ] {
            assert!(Id::new(bad).check().is_err(), "{bad}");
        }
        assert!(
            Id::new(format!("actor--{}", "x".repeat(200)))
                .check()
                .is_err()
        );
        assert_eq!(Id::new("event--2023.12_a-b").check(), Ok(ObjectKind::Event));
    }
}
