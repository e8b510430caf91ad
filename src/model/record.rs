//! Records of the briefings made from a case: when, at what TLP, and where each judgment stood.
//! The next briefing compares the case with the last record to say what changed since. And the
//! tradecraft findings the analyst dismissed, each with the reason, for the editor to see.
//!
//! A record names objects by id as they were; an object deleted since is not a broken reference
//! but part of what changed, so records are not checked for dangling ids.

use super::{Extra, Id, JudgmentStatus};
use crate::tradecraft::{Confidence, Likelihood, Tlp};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

fn is_assessed(status: &JudgmentStatus) -> bool {
    *status == JudgmentStatus::Assessed
}

/// One briefing made from the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BriefingRecord {
    /// When the briefing was made.
    pub at: DateTime<Utc>,
    /// The briefing's title as issued.
    pub title: String,
    /// `html`, `markdown` or `pdf`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub format: String,
    pub tlp: Tlp,
    /// Each judgment the briefing carried, as it stood.
    #[serde(default)]
    pub judgments: Vec<JudgmentState>,
    /// The sources in the case at the time.
    #[serde(default)]
    pub sources: Vec<Id>,
    /// The events in the case at the time.
    #[serde(default)]
    pub events: Vec<Id>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where one judgment stood when a briefing was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgmentState {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(default, skip_serializing_if = "is_assessed")]
    pub status: JudgmentStatus,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tradecraft finding the analyst dismissed, with the reason: an editor sees what was waived
/// and why (in the checks panel, `casebook check` and the briefing's methodology annex). It
/// waives that finding as it read: when the case changes so that the finding reads otherwise
/// (other words quoted, another source), it is raised again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dismissal {
    /// The rule's code, e.g. `single-source`.
    pub rule: String,
    /// The object the finding is about; `None` for the case's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Id>,
    pub field: String,
    /// The finding's message as it read when dismissed.
    pub finding: String,
    /// Why it does not apply, or why it is accepted. Never empty.
    pub reason: String,
    /// Who dismissed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub extra: Extra,
}
