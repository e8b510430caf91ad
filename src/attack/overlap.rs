//! Who works like this: the known groups of the reference library ranked by how well what
//! ATT&CK records them as using matches what an event of the case saw.
//!
//! Each item the event saw weighs by how rare it is across the groups (`ln((N + 1) / (n + 1))`
//! for an item `n` of the `N` groups use: one every group uses weighs nothing). Techniques,
//! software and infrastructure are separate lines of evidence: on each line a group scores the
//! share of the line's weight it is recorded as using, and its score is the mean over the lines
//! the event has evidence on (1: it uses everything the event saw; 0: it shares only what
//! every group uses). A technique the group has only as its parent or a sibling sub-technique
//! counts half its parent's weight. Each shared item's part of the score is said, and the parts
//! add up to the score. On the same score, the group sharing more weight on all lines together
//! ranks first (a rare tool outweighs a common technique), then the one recorded as using less.
//!
//! A match is a lead, not an attribution: most groups share most common techniques, ATT&CK
//! records only what public reporting says, and an operator can copy another's tools.

use super::Library;
use crate::model::{Case, Id, ObjectKind, RelationshipKind, TechnicalKind};
use std::collections::{HashMap, HashSet};

/// What every ranking view and export says beside the ranking.
pub const CAVEAT: &str = "A match is a lead, not an attribution: most groups share the common techniques, ATT&CK records only what public reporting says, and operators copy each other's tools. Rare shared items weigh most; check them against the sources.";

/// The lines of evidence the ranking scores apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Line {
    Technique,
    Software,
    Infrastructure,
}

impl Line {
    pub fn label(self) -> &'static str {
        match self {
            Line::Technique => "techniques",
            Line::Software => "software",
            Line::Infrastructure => "infrastructure",
        }
    }
}

/// One item the event saw, as the ranking matches it.
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    pub line: Line,
    /// The ATT&CK id (T…, S…), or for infrastructure the case object's id.
    pub key: String,
    pub name: String,
    /// The technical object of the case it comes from.
    pub object: Option<Id>,
    /// For infrastructure: the library groups (by index) the case links to it.
    pub linked_groups: Vec<usize>,
}

/// What an event saw, by line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub items: Vec<Observed>,
    /// Technical objects left out, with the reason (no ATT&CK id, not in the library …).
    pub unmatched: Vec<(Id, String)>,
}

impl Evidence {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn count(&self, line: Line) -> usize {
        self.items.iter().filter(|i| i.line == line).count()
    }
}

/// One shared item and its part of the score.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub line: Line,
    pub key: String,
    pub name: String,
    /// How much of the group's score this item gives.
    pub part: f64,
    /// `false` for a technique matched only through its parent or a sibling (half weight).
    pub exact: bool,
    /// How many of the library's groups use it.
    pub users: usize,
    pub object: Option<Id>,
}

/// One group's place in the ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// 1 for the best; tied groups share a rank.
    pub rank: usize,
    /// Index into the library's groups.
    pub group: usize,
    pub score: f64,
    /// The shared items, largest part first.
    pub shared: Vec<Shared>,
}

/// The library's groups prepared for ranking: how many use each item, each group's sets.
pub struct OverlapIndex {
    /// The groups that have techniques or software, by index into the library.
    scored: Vec<usize>,
    technique_users: HashMap<String, usize>,
    parent_users: HashMap<String, usize>,
    software_users: HashMap<String, usize>,
    group_techniques: Vec<HashSet<String>>,
    group_parents: Vec<HashSet<String>>,
    group_software: Vec<HashSet<String>>,
    names: HashMap<String, String>,
}

fn parent(technique: &str) -> &str {
    technique.split('.').next().unwrap_or(technique)
}

fn weight(population: usize, users: usize) -> f64 {
    ((population as f64 + 1.0) / (users as f64 + 1.0)).ln()
}

impl OverlapIndex {
    pub fn new(library: &Library) -> Self {
        let scored: Vec<usize> = (library.groups.iter().enumerate())
            .filter(|(_, g)| !g.techniques.is_empty() || !g.software.is_empty())
            .map(|(i, _)| i)
            .collect();
        let mut group_techniques = Vec::with_capacity(scored.len());
        let mut group_parents = Vec::with_capacity(scored.len());
        let mut group_software = Vec::with_capacity(scored.len());
        let mut technique_users: HashMap<String, usize> = HashMap::new();
        let mut parent_users: HashMap<String, usize> = HashMap::new();
        let mut software_users: HashMap<String, usize> = HashMap::new();
        for &g in &scored {
            let group = &library.groups[g];
            let techniques: HashSet<String> = (group.techniques.iter())
                .map(|&t| library.techniques[t as usize].id.clone())
                .collect();
            let parents: HashSet<String> =
                techniques.iter().map(|t| parent(t).to_owned()).collect();
            let software: HashSet<String> = (group.software.iter())
                .map(|&s| library.software[s as usize].id.clone())
                .collect();
            for t in &techniques {
                *technique_users.entry(t.clone()).or_default() += 1;
            }
            for p in &parents {
                *parent_users.entry(p.clone()).or_default() += 1;
            }
            for s in &software {
                *software_users.entry(s.clone()).or_default() += 1;
            }
            group_techniques.push(techniques);
            group_parents.push(parents);
            group_software.push(software);
        }
        let names = (library
            .techniques
            .iter()
            .map(|t| (t.id.clone(), t.name.clone())))
        .chain(
            library
                .software
                .iter()
                .map(|s| (s.id.clone(), s.name.clone())),
        )
        .collect();
        OverlapIndex {
            scored,
            technique_users,
            parent_users,
            software_users,
            group_techniques,
            group_parents,
            group_software,
            names,
        }
    }

    /// How many groups the ranking weighs items across.
    pub fn population(&self) -> usize {
        self.scored.len()
    }

    /// How many groups use an item of a line (for infrastructure: 0, the case says).
    pub fn users(&self, line: Line, key: &str) -> usize {
        match line {
            Line::Technique => self.technique_users.get(key).copied().unwrap_or(0),
            Line::Software => self.software_users.get(key).copied().unwrap_or(0),
            Line::Infrastructure => 0,
        }
    }

    /// The name the library gives an ATT&CK id.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }

    /// Every group with something in common with the evidence, best first; `top` at most.
    pub fn rank(&self, evidence: &Evidence, top: usize) -> Vec<Ranked> {
        let n = self.population();
        let mut seen = HashSet::new();
        let items: Vec<&Observed> = (evidence.items.iter())
            .filter(|i| seen.insert((i.line, i.key.clone())))
            .collect();
        let item_weight = |i: &Observed| match i.line {
            Line::Infrastructure => weight(n, i.linked_groups.len()),
            line => weight(n, self.users(line, &i.key)),
        };
        // The weight of what the event saw on each line; the lines it has evidence on.
        let line_total = |line: Line| -> f64 {
            (items.iter().filter(|i| i.line == line))
                .map(|i| item_weight(i))
                .sum()
        };
        let totals: Vec<(Line, f64)> = [Line::Technique, Line::Software, Line::Infrastructure]
            .into_iter()
            .map(|l| (l, line_total(l)))
            .filter(|(_, t)| t.is_finite() && *t > 0.0)
            .collect();
        if totals.is_empty() {
            return Vec::new();
        }
        let lines = totals.len() as f64;
        let total_of = |line: Line| {
            totals
                .iter()
                .find(|(l, _)| *l == line)
                .map_or(f64::INFINITY, |(_, t)| *t)
        };
        let mut ranked = Vec::new();
        for (slot, &group) in self.scored.iter().enumerate() {
            let mut shared = Vec::new();
            for item in &items {
                let (w, exact, users) = match item.line {
                    Line::Technique if self.group_techniques[slot].contains(&item.key) => (
                        item_weight(item),
                        true,
                        self.users(Line::Technique, &item.key),
                    ),
                    Line::Technique if self.group_parents[slot].contains(parent(&item.key)) => {
                        // Only the parent or a sibling: half the parent's weight, and never
                        // more than the item itself weighs.
                        let users = self
                            .parent_users
                            .get(parent(&item.key))
                            .copied()
                            .unwrap_or(0);
                        (
                            (0.5 * weight(n, users)).min(item_weight(item)),
                            false,
                            users,
                        )
                    }
                    Line::Software if self.group_software[slot].contains(&item.key) => (
                        item_weight(item),
                        true,
                        self.users(Line::Software, &item.key),
                    ),
                    Line::Infrastructure if item.linked_groups.contains(&group) => {
                        (item_weight(item), true, item.linked_groups.len())
                    }
                    _ => continue,
                };
                let part = w / total_of(item.line) / lines;
                if !(part.is_finite() && part > 0.0) {
                    continue;
                }
                shared.push(Shared {
                    line: item.line,
                    key: item.key.clone(),
                    name: item.name.clone(),
                    part,
                    exact,
                    users,
                    object: item.object.clone(),
                });
            }
            if shared.is_empty() {
                continue;
            }
            shared.sort_by(|a, b| b.part.total_cmp(&a.part).then_with(|| a.key.cmp(&b.key)));
            let score = shared.iter().map(|s| s.part).sum();
            // For ties: the weight shared, every line together (a rare tool outweighs a
            // common technique), then the group's size.
            let pooled: f64 = (shared.iter())
                .map(|s| s.part * lines * total_of(s.line))
                .sum();
            ranked.push((
                Ranked {
                    rank: 0,
                    group,
                    score,
                    shared,
                },
                pooled,
                self.group_techniques[slot].len() + self.group_software[slot].len(),
            ));
        }
        // Best first; on the same score, the more weight shared, then the group recorded as
        // using less (the match says more of it), then library order.
        ranked.sort_by(|(a, a_pooled, a_size), (b, b_pooled, b_size)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b_pooled.total_cmp(a_pooled))
                .then_with(|| a_size.cmp(b_size))
                .then_with(|| a.group.cmp(&b.group))
        });
        let mut ranked: Vec<Ranked> = ranked.into_iter().map(|(r, _, _)| r).collect();
        // Standard competition ranking: groups with the same score share a rank.
        let (mut rank, mut previous) = (0, None::<f64>);
        for (i, r) in ranked.iter_mut().enumerate() {
            if !previous.is_some_and(|p| (p - r.score).abs() <= 1e-9) {
                rank = i + 1;
            }
            r.rank = rank;
            previous = Some(r.score);
        }
        ranked.truncate(top);
        ranked
    }
}

/// What the case's event `event` saw (every event's, with `None`), as the ranking matches it:
/// techniques and software by their ATT&CK ids (software by name when it has none), and
/// infrastructure with the library groups the case links to it.
pub fn evidence_of(case: &Case, event: Option<&Id>, library: &Library) -> Evidence {
    // Indexes, not scans: an event may list tens of thousands of indicators, which the
    // ranking does not read, so they are not indexed.
    let by_id: crate::fast_hash::FastMap<&Id, &crate::model::Technical> = (case.technical.iter())
        .filter(|t| t.kind != TechnicalKind::Indicator)
        .map(|t| (&t.id, t))
        .collect();
    let mut seen: crate::fast_hash::FastSet<&Id> = Default::default();
    let mut evidence = Evidence::default();
    let listed = (case.events.iter())
        .filter(|e| event.is_none_or(|wanted| &e.id == wanted))
        .flat_map(|e| e.technical.iter());
    for id in listed {
        let Some(t) = by_id.get(id).copied() else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        match t.kind {
            TechnicalKind::Technique => match t.attack_id() {
                Some(key) => evidence.items.push(Observed {
                    line: Line::Technique,
                    name: library
                        .technique(&key)
                        .map(|(_, k)| k.name.clone())
                        .unwrap_or_else(|| t.name.clone()),
                    key,
                    object: Some(t.id.clone()),
                    linked_groups: Vec::new(),
                }),
                None => evidence
                    .unmatched
                    .push((t.id.clone(), "has no ATT&CK technique id".into())),
            },
            TechnicalKind::Malware | TechnicalKind::Tool => {
                let found = t
                    .attack_id()
                    .and_then(|k| library.software_named(&k))
                    .or_else(|| library.software_named(&t.name))
                    .or_else(|| t.aliases.iter().find_map(|a| library.software_named(a)));
                match found {
                    Some((_, s)) => evidence.items.push(Observed {
                        line: Line::Software,
                        key: s.id.clone(),
                        name: s.name.clone(),
                        object: Some(t.id.clone()),
                        linked_groups: Vec::new(),
                    }),
                    None => evidence.unmatched.push((
                        t.id.clone(),
                        "is not software the reference library knows".into(),
                    )),
                }
            }
            TechnicalKind::Infrastructure => {
                let linked = groups_linked_to(case, &t.id, library);
                if linked.is_empty() {
                    evidence.unmatched.push((
                        t.id.clone(),
                        "is infrastructure the case links to no known group".into(),
                    ));
                } else {
                    evidence.items.push(Observed {
                        line: Line::Infrastructure,
                        key: t.id.to_string(),
                        name: t.name.clone(),
                        object: Some(t.id.clone()),
                        linked_groups: linked,
                    });
                }
            }
            TechnicalKind::Indicator | TechnicalKind::Vulnerability => {}
        }
    }
    evidence
}

/// The library groups (by index) the case links to a technical object: an actor of the case
/// that is a known group `uses` it, or it is attributed to one.
fn groups_linked_to(case: &Case, id: &Id, library: &Library) -> Vec<usize> {
    let mut out = Vec::new();
    for r in &case.relationships {
        let actor = match r.kind {
            RelationshipKind::Uses if &r.target == id => &r.source,
            RelationshipKind::AttributedTo if &r.source == id => &r.target,
            _ => continue,
        };
        if actor.kind() != Some(ObjectKind::Actor) {
            continue;
        }
        let Some(a) = case.actor(actor) else {
            continue;
        };
        let found = (library.groups.iter())
            .position(|g| g.is_named(&a.name) || a.aliases.iter().any(|x| g.is_named(x)));
        if let Some(g) = found
            && !out.contains(&g)
        {
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests;
