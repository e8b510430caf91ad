//! What changed since the last briefing of a case, from the record that briefing left
//! ([`BriefingRecord`]), and the record a new briefing leaves.

use super::text::{TextGuard, human_day};
use super::{BriefingFormat, BriefingOptions};
use crate::model::{BriefingRecord, Case, Id, Judgment, JudgmentState, JudgmentStatus};
use crate::tradecraft::estimate_words;
use std::collections::{HashMap, HashSet};

/// The record a briefing made now leaves in the case.
pub fn record_of(case: &Case, options: &BriefingOptions, format: BriefingFormat) -> BriefingRecord {
    let chosen: HashSet<&Id> = options.judgments.iter().collect();
    BriefingRecord {
        at: options.at,
        title: options.title.clone(),
        format: format.code().to_owned(),
        tlp: options.tlp,
        judgments: case
            .judgments
            .iter()
            .filter(|j| chosen.contains(&j.id))
            .map(|j| JudgmentState {
                id: j.id.clone(),
                likelihood: j.likelihood,
                confidence: j.confidence,
                status: j.status,
                extra: Default::default(),
            })
            .collect(),
        sources: case.sources.iter().map(|s| s.id.clone()).collect(),
        events: case.events.iter().map(|e| e.id.clone()).collect(),
        extra: Default::default(),
    }
}

/// At most this many new sources or events are named; the rest are counted.
const NAMED: usize = 10;

/// What changed since the case's last briefing, for the judgments in this one; `None` when the
/// case was never briefed.
pub(super) fn changes(
    case: &Case,
    selected: &[&Judgment],
    guard: &mut TextGuard,
) -> Option<super::Changes> {
    let last = case.briefings.last()?;
    let before: HashMap<&Id, &JudgmentState> = last.judgments.iter().map(|s| (&s.id, s)).collect();
    let mut lines = Vec::new();
    let name = |guard: &mut TextGuard, j: &Judgment| {
        let text = match &j.claimed_by {
            None => format!(
                "{} for {}",
                case.display_name(&j.actor),
                case.display_name(&j.subject)
            ),
            Some(claimant) => format!(
                "the claim by {} that {} is responsible for {}",
                case.display_name(claimant),
                case.display_name(&j.actor),
                case.display_name(&j.subject)
            ),
        };
        guard.line(&text, || format!("{} (name)", j.id))
    };
    for judgment in selected {
        match before.get(&judgment.id) {
            None => lines.push(format!("New: {}.", name(guard, judgment))),
            Some(was) => {
                let estimate_changed =
                    was.likelihood != judgment.likelihood || was.confidence != judgment.confidence;
                if estimate_changed {
                    let reasons: Vec<String> = judgment
                        .revisions
                        .iter()
                        .filter(|r| r.at > last.at && !r.reason.trim().is_empty())
                        .map(|r| guard.line(&r.reason, || format!("{} (revision)", judgment.id)))
                        .collect();
                    let mut line = format!(
                        "Changed: {}. It was {}; it is now {}.",
                        name(guard, judgment),
                        estimate_words(was.likelihood, was.confidence),
                        estimate_words(judgment.likelihood, judgment.confidence)
                    );
                    if !reasons.is_empty() {
                        line.push_str(&format!(" Why: {}", reasons.join(" ")));
                    }
                    lines.push(line);
                }
                if was.status != judgment.status {
                    lines.push(format!(
                        "Status of {}: was {}, now {}.",
                        name(guard, judgment),
                        was.status.label(),
                        judgment.status.label()
                    ));
                }
            }
        }
    }
    let now: HashSet<&Id> = selected.iter().map(|j| &j.id).collect();
    for was in &last.judgments {
        if now.contains(&was.id) {
            continue;
        }
        let line = match case.judgment(&was.id) {
            Some(j) if j.status == JudgmentStatus::Retracted => {
                format!("Retracted: {}.", name(guard, j))
            }
            Some(j) => format!("Not in this briefing: {}.", name(guard, j)),
            None => format!(
                "Withdrawn from the case: the judgment {} ({}).",
                was.id,
                estimate_words(was.likelihood, was.confidence)
            ),
        };
        lines.push(line);
    }
    let listed = |ids: &[Id], names: Vec<(Id, String)>, what: &str, guard: &mut TextGuard| {
        let old: HashSet<&Id> = ids.iter().collect();
        let new: Vec<String> = names
            .into_iter()
            .filter(|(id, _)| !old.contains(id))
            .map(|(id, text)| guard.line(&text, || format!("{id} (name)")))
            .collect();
        match new.len() {
            0 => None,
            n if n <= NAMED => Some(format!("{n} new {what}: {}.", new.join("; "))),
            n => Some(format!(
                "{n} new {what}, among them: {}.",
                new[..NAMED].join("; ")
            )),
        }
    };
    lines.extend(listed(
        &last.sources,
        case.sources
            .iter()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
        "sources",
        guard,
    ));
    lines.extend(listed(
        &last.events,
        case.events
            .iter()
            .map(|e| (e.id.clone(), case.display_name(&e.id)))
            .collect(),
        "events",
        guard,
    ));
    if lines.is_empty() {
        lines.push("Nothing in the briefed judgments, sources or events has changed.".into());
    }
    Some(super::Changes {
        since: human_day(last.at),
        previous_title: guard.line(&last.title, || "the last briefing's title".into()),
        lines,
    })
}
