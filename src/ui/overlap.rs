//! Who works like this: the known groups of the reference library ranked against what an
//! event of the case saw, each with the shared items and their parts of the score, the caveat
//! in view, and from each row the group carried into ACH or onto the map. Below, a search of
//! the library: a group's other names, the groups that use a piece of software.

use super::intent::Intent;
use crate::attack::Library;
use crate::attack::overlap::{self, Evidence, Line, OverlapIndex, Ranked};
use crate::model::{Case, Id};
use egui::{RichText, Ui};
use std::sync::Arc;

/// How many groups the view lists.
const SHOWN: usize = 15;

/// (edit count, event, library) a ranking is made for.
type RankingKey = (u64, Option<Id>, usize);

/// A ranking made, with what it was made for and from.
struct Ranking {
    key: RankingKey,
    evidence: Evidence,
    ranked: Vec<Ranked>,
}

/// The view's state: the event chosen, the search, and the ranking of the case as last drawn.
#[derive(Default)]
pub struct OverlapView {
    /// The event ranked; `None`: every event's evidence together.
    event: Option<Id>,
    search: String,
    /// The ranking as last made.
    ranked: Option<Ranking>,
    /// The index of the library last ranked with (built once per library).
    index: Option<(usize, OverlapIndex)>,
}

impl OverlapView {
    /// Draws the view; `library` is `None` while it is being read.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        case: &Case,
        edits: u64,
        library: Option<Arc<Library>>,
        notice: Option<&str>,
    ) -> Vec<Intent> {
        let mut intents = Vec::new();
        ui.heading("Who works like this");
        ui.label(RichText::new(overlap::CAVEAT).weak());
        let Some(library) = library else {
            ui.label("Reading the reference library…");
            return intents;
        };
        ui.label(
            RichText::new(format!("Reference library: {}", library.describe()))
                .small()
                .weak(),
        );
        if let Some(notice) = notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        ui.add_space(6.0);
        let events: Vec<(Id, String)> = case
            .events
            .iter()
            .filter(|e| !e.technical.is_empty())
            .map(|e| (e.id.clone(), format!("{} — {}", e.start, e.title)))
            .collect();
        if self.event.as_ref().is_some_and(|e| case.event(e).is_none()) {
            self.event = None;
        }
        if self.event.is_none() && events.len() == 1 {
            self.event = Some(events[0].0.clone());
        }
        let shown = self
            .event
            .as_ref()
            .and_then(|e| events.iter().find(|(id, _)| id == e))
            .map_or("Every event's technical evidence".to_owned(), |(_, t)| {
                t.clone()
            });
        ui.horizontal(|ui| {
            let label = ui.label("Event");
            egui::ComboBox::from_id_salt("overlap-event")
                .selected_text(shown)
                .width(420.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.event, None, "Every event's technical evidence");
                    for (id, title) in &events {
                        ui.selectable_value(&mut self.event, Some(id.clone()), title);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        let library_key = Arc::as_ptr(&library) as usize;
        if self.index.as_ref().is_none_or(|(k, _)| *k != library_key) {
            self.index = Some((library_key, OverlapIndex::new(&library)));
        }
        let key = (edits, self.event.clone(), library_key);
        if self.ranked.as_ref().is_none_or(|r| r.key != key) {
            let evidence = overlap::evidence_of(case, self.event.as_ref(), &library);
            let ranked = match &self.index {
                Some((_, index)) => index.rank(&evidence, SHOWN),
                None => Vec::new(),
            };
            self.ranked = Some(Ranking {
                key,
                evidence,
                ranked,
            });
        }
        if let Some(event) = &self.event {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Export the event's techniques as a Navigator layer…")
                    .clicked()
                {
                    intents.push(Intent::ExportLayer(Some(event.clone()), None));
                }
                if ui
                    .button("Add a Navigator layer's techniques to the event…")
                    .clicked()
                {
                    intents.push(Intent::ImportLayer(event.clone()));
                }
            });
        }
        let Some(Ranking {
            evidence, ranked, ..
        }) = &self.ranked
        else {
            return intents;
        };
        let population = self.index.as_ref().map_or(0, |(_, i)| i.population());
        ui.label(format!(
            "Ranked on {}, {} and {} against {population} groups.",
            crate::text::counted(evidence.count(Line::Technique), "technique", "techniques"),
            crate::text::counted(
                evidence.count(Line::Software),
                "piece of software",
                "pieces of software"
            ),
            crate::text::counted(
                evidence.count(Line::Infrastructure),
                "item of infrastructure",
                "items of infrastructure"
            ),
        ));
        for (id, why) in &evidence.unmatched {
            ui.label(
                RichText::new(format!("Left out: {} {why}.", case.display_name(id)))
                    .small()
                    .weak(),
            );
        }
        if evidence.is_empty() {
            ui.label("Nothing to rank: add technical objects with their ATT&CK ids (Add → Technical object) and list them under the event's Technical evidence seen.");
        } else if ranked.is_empty() {
            ui.label("No known group shares anything that weighs: what the event saw is either unknown to the library or used by every group.");
        }
        let target_event = self.event.clone().or_else(|| {
            case.events
                .iter()
                .find(|e| !e.technical.is_empty())
                .map(|e| e.id.clone())
        });
        egui::ScrollArea::vertical()
            .id_salt("overlap-ranking")
            .max_height(ui.available_height() * 0.6)
            .show(ui, |ui| {
                for r in ranked {
                    let group = &library.groups[r.group];
                    ui.group(|ui| {
                        ui.set_width(ui.available_width());
                        let mut head = format!("{}. {}   score {:.3}", r.rank, group.title(), r.score);
                        if !group.sponsor.is_empty() {
                            head.push_str(&format!("   suspected sponsor: {}", group.sponsor));
                        }
                        ui.label(RichText::new(head).strong());
                        for s in &r.shared {
                            let what = match s.line {
                                Line::Infrastructure => format!("infrastructure {}", s.name),
                                Line::Software => format!("software {} {}", s.key, s.name),
                                Line::Technique => format!("technique {} {}", s.key, s.name),
                            };
                            let through = if s.exact { "" } else { ", through its parent" };
                            ui.label(
                                RichText::new(format!(
                                    "{what}: +{:.3} (used by {} of {population} groups{through})",
                                    s.part, s.users
                                ))
                                .small(),
                            );
                        }
                        ui.horizontal_wrapped(|ui| {
                            if let Some(event) = &target_event
                                && ui
                                    .button(format!("Add {} as an ACH hypothesis", group.name))
                                    .on_hover_text("A hypothesis of the event's analysis of competing hypotheses, with each shared item's citations as evidence rated consistent with it")
                                    .clicked()
                            {
                                let adopted = crate::attack::adopt::as_hypothesis(case, event, &library, r);
                                intents.push(Intent::Apply(Box::new(adopted.command)));
                                intents.push(Intent::OpenAnalysis(adopted.analysis.clone()));
                                let mut said = format!(
                                    "{} added as a hypothesis; {} rated consistent",
                                    group.name,
                                    crate::text::counted(adopted.rated, "citation", "citations")
                                );
                                if adopted.uncited > 0 {
                                    said.push_str(&format!(
                                        "; {} no source yet, so nothing to rate",
                                        crate::text::counted(adopted.uncited, "shared item has", "shared items have")
                                    ));
                                }
                                intents.push(Intent::Status(said));
                            }
                            if !group.id.is_empty()
                                && ui
                                    .button("Navigator layer of the overlap…")
                                    .on_hover_text("The event's techniques and the group's, coloured: shared, the event's only, the group's only")
                                    .clicked()
                            {
                                intents.push(Intent::ExportLayer(target_event.clone(), Some(group.id.clone())));
                            }
                            if ui
                                .button(format!("Put {} on the map as a candidate", group.name))
                                .on_hover_text("The group as an actor, with a low-confidence 'uses' link to each shared item, marked as a lead from this ranking")
                                .clicked()
                            {
                                let (command, actor) = crate::attack::adopt::as_candidate(case, &library, r);
                                intents.push(Intent::Apply(Box::new(command)));
                                intents.push(Intent::select(&actor));
                            }
                        });
                    });
                }
            });
        ui.separator();
        self.search_ui(ui, &library);
        intents
    }

    /// The library search: groups with their other names, software with its users.
    fn search_ui(&mut self, ui: &mut Ui, library: &Library) {
        ui.horizontal(|ui| {
            let label = ui.label("Search the reference library");
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("a group, alias, malware or technique"),
            )
            .labelled_by(label.id);
        });
        let found = library.search(&self.search, 8);
        egui::ScrollArea::vertical()
            .id_salt("library-search")
            .show(ui, |ui| {
                for g in &found.groups {
                    let mut line = g.title();
                    if !g.aliases.is_empty() {
                        line.push_str(&format!(" is also known as {}", g.aliases.join(", ")));
                    }
                    if !g.country.is_empty() {
                        line.push_str(&format!(". Country: {}", g.country));
                    }
                    if !g.sponsor.is_empty() {
                        line.push_str(&format!(". Suspected sponsor: {}", g.sponsor));
                    }
                    ui.label(line);
                }
                for s in &found.software {
                    let users: Vec<String> = library
                        .software
                        .iter()
                        .position(|x| x.id == s.id)
                        .map(|i| {
                            library
                                .users_of_software(i as u32)
                                .iter()
                                .map(|g| g.title())
                                .collect()
                        })
                        .unwrap_or_default();
                    let used = if users.is_empty() {
                        "no group ATT&CK records".to_owned()
                    } else {
                        users.join(", ")
                    };
                    ui.label(format!(
                        "{} ({}, {}) is used by {used}",
                        s.name, s.id, s.kind
                    ));
                }
                for t in &found.techniques {
                    let users = library
                        .technique(&t.id)
                        .map_or(0, |(i, _)| library.users_of_technique(i).len());
                    ui.label(format!("{} ({}): used by {users} groups", t.name, t.id));
                }
            });
    }
}
