//! The side panel: the case's objects by kind (actors, relationships, events, sources,
//! citations, judgments), narrowed by a filter box, with a button to add one of the kind shown.
//! Only the rows on screen are laid out, so long lists stay quick.

use super::intent::Intent;
use super::script;
use crate::model::{Case, Id, JudgmentStatus, ObjectKind};
use crate::tradecraft::Stated;
use egui::{RichText, Ui};

pub struct ListState {
    pub tab: ObjectKind,
    pub filter: String,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            tab: ObjectKind::Actor,
            filter: String::new(),
        }
    }
}

/// A title for a tab, plural.
fn tab_title(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Actor => "Actors",
        ObjectKind::Relationship => "Relationships",
        ObjectKind::Technical => "Technical",
        ObjectKind::Event => "Events",
        ObjectKind::Source => "Sources",
        ObjectKind::Citation => "Citations",
        ObjectKind::Judgment => "Judgments",
        ObjectKind::Analysis => "ACH",
    }
}

/// One row of a list: id, main text, a detail and the object's TLP level.
type Row = (Id, String, String, crate::tradecraft::Tlp);

type Window = Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>;

/// Whether something that holds from `start` until `end` falls in the window (always, with none).
fn in_window(
    window: Window,
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> bool {
    window.is_none_or(|(from, until)| start < until && end > from)
}

/// Whether a relationship is valid at some time in the window.
fn relationship_in_window(r: &crate::model::Relationship, window: Window) -> bool {
    let start = r
        .valid_from
        .map_or(chrono::DateTime::<chrono::Utc>::MIN_UTC, |d| d.start());
    let end = r
        .valid_until
        .map_or(chrono::DateTime::<chrono::Utc>::MAX_UTC, |d| {
            d.end_exclusive()
        });
    in_window(window, start, end)
}

/// Whether an event happens at some time in the window.
fn event_in_window(e: &crate::model::Event, window: Window) -> bool {
    in_window(
        window,
        e.start.start(),
        e.end.unwrap_or(e.start).end_exclusive(),
    )
}

/// How many of a kind the list shows in the window: every one, unless the kind is dated.
fn count_in_window(case: &Case, kind: ObjectKind, window: Window) -> usize {
    match kind {
        ObjectKind::Relationship => case
            .relationships
            .iter()
            .filter(|r| relationship_in_window(r, window))
            .count(),
        ObjectKind::Event => case
            .events
            .iter()
            .filter(|e| event_in_window(e, window))
            .count(),
        other => case.count(other),
    }
}

/// The rows of one kind, in case order.
fn rows(case: &Case, kind: ObjectKind, window: Window) -> Vec<Row> {
    match kind {
        ObjectKind::Actor => case
            .actors
            .iter()
            .map(|a| {
                let detail = if a.aliases.is_empty() {
                    a.kind.label().to_owned()
                } else {
                    format!("{} · {}", a.kind.label(), a.aliases.join(", "))
                };
                (
                    a.id.clone(),
                    a.name.clone(),
                    detail,
                    a.marking.level(case.tlp),
                )
            })
            .collect(),
        ObjectKind::Technical => case
            .technical
            .iter()
            .map(|t| {
                let mut detail = t.kind.label().to_owned();
                if !t.aliases.is_empty() {
                    detail.push_str(&format!(" · {}", t.aliases.join(", ")));
                }
                if let Some(from) = t.valid_from {
                    detail.push_str(&format!(" · from {from}"));
                }
                (t.id.clone(), t.title(), detail, t.marking.level(case.tlp))
            })
            .collect(),
        ObjectKind::Relationship => case
            .relationships
            .iter()
            .filter(|r| relationship_in_window(r, window))
            .map(|r| {
                let detail = format!(
                    "{} confidence{}",
                    r.confidence.label(),
                    if r.disputed { " · disputed" } else { "" }
                );
                (
                    r.id.clone(),
                    case.display_name(&r.id),
                    detail,
                    r.marking.level(case.tlp),
                )
            })
            .collect(),
        ObjectKind::Event => case
            .events
            .iter()
            .filter(|e| event_in_window(e, window))
            .map(|e| {
                (
                    e.id.clone(),
                    e.title.clone(),
                    format!("{} · {}", e.start, e.kind.label()),
                    e.marking.level(case.tlp),
                )
            })
            .collect(),
        ObjectKind::Source => case
            .sources
            .iter()
            .map(|s| {
                let detail = format!(
                    "{} · {}",
                    s.reliability.code_or_not_stated(),
                    if s.publisher.is_empty() {
                        s.kind.label()
                    } else {
                        &s.publisher
                    }
                );
                (
                    s.id.clone(),
                    s.title.clone(),
                    detail,
                    s.marking.level(case.tlp),
                )
            })
            .collect(),
        ObjectKind::Citation => case
            .citations
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    case.display_name(&c.id),
                    format!("for {}", case.display_name(&c.cites)),
                    c.marking.level(case.tlp),
                )
            })
            .collect(),
        ObjectKind::Judgment => case
            .judgments
            .iter()
            .map(|j| {
                let status = if j.status == JudgmentStatus::Assessed {
                    String::new()
                } else {
                    format!(" · {}", j.status.label())
                };
                let detail = match &j.claimed_by {
                    None => format!(
                        "{} · {}{status}",
                        j.level.label(),
                        crate::tradecraft::estimate_words(j.likelihood, j.confidence)
                    ),
                    Some(claimant) => format!(
                        "claim by {} · {}{status}",
                        case.display_name(claimant),
                        j.level.label()
                    ),
                };
                let title = match &j.claimed_by {
                    None => format!(
                        "{} for {}",
                        case.display_name(&j.actor),
                        case.display_name(&j.subject)
                    ),
                    Some(_) => case.display_name(&j.id),
                };
                (j.id.clone(), title, detail, j.marking.level(case.tlp))
            })
            .collect(),
        ObjectKind::Analysis => case
            .analyses
            .iter()
            .map(|a| {
                let detail = format!(
                    "{} · {} · on {}",
                    crate::text::counted(a.hypotheses.len(), "hypothesis", "hypotheses"),
                    crate::text::counted(a.evidence.len(), "item of evidence", "items of evidence"),
                    case.display_name(&a.subject)
                );
                (
                    a.id.clone(),
                    a.title.clone(),
                    detail,
                    a.marking.level(case.tlp),
                )
            })
            .collect(),
    }
}

/// Draws the list panel. Events outside the brushed time `window` and relationships not valid
/// in it are not listed.
pub fn lists_ui(
    ui: &mut Ui,
    state: &mut ListState,
    case: &Case,
    selection: Option<&Id>,
    also_selected: &std::collections::BTreeSet<Id>,
    window: Option<super::focus::TimeWindow>,
) -> Vec<Intent> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        for kind in ObjectKind::ALL {
            // In a time window a dated kind counts what the list shows, of how many.
            let all = case.count(*kind);
            let shown = if window.is_some() {
                count_in_window(case, *kind, window)
            } else {
                all
            };
            let text = if shown == all {
                format!("{} {all}", tab_title(*kind))
            } else {
                format!("{} {shown} of {all}", tab_title(*kind))
            };
            if ui.selectable_label(state.tab == *kind, text).clicked() {
                state.tab = *kind;
            }
        }
    });
    ui.separator();
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("name, alias, date…")
                .desired_width(ui.available_width() - 28.0),
        )
        .labelled_by(label.id);
        if !state.filter.is_empty()
            && ui
                .small_button("Clear")
                .on_hover_text("Clear the filter")
                .clicked()
        {
            state.filter.clear();
        }
    });
    let add_label = format!("New {}…", state.tab.label());
    if ui.button(add_label).clicked() {
        actions.push(Intent::StartNewAboutSelection(state.tab));
    }
    ui.separator();

    let needle = state.filter.trim().to_lowercase();
    if let Some((from, until)) = window
        && matches!(state.tab, ObjectKind::Event | ObjectKind::Relationship)
    {
        ui.label(
            RichText::new(format!(
                "Only what falls in the time window {} to {}",
                from.format("%Y-%m-%d"),
                until.format("%Y-%m-%d")
            ))
            .weak(),
        );
    }
    let all = rows(case, state.tab, window);
    let shown: Vec<&Row> = all
        .iter()
        .filter(|(_, text, detail, _)| {
            needle.is_empty()
                || text.to_lowercase().contains(&needle)
                || detail.to_lowercase().contains(&needle)
        })
        .collect();
    if shown.is_empty() {
        let text = if all.is_empty() {
            format!("No {} yet.", state.tab.plural_label())
        } else {
            "Nothing matches the filter.".to_owned()
        };
        ui.label(RichText::new(text).weak());
        return actions;
    }
    let row_height =
        ui.text_style_height(&egui::TextStyle::Body) * 2.0 + ui.spacing().item_spacing.y * 2.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, shown.len(), |ui, range| {
            for (id, text, detail, tlp) in &shown[range] {
                // What is selected, and the actors selected with it on the map.
                let selected = selection == Some(id) || also_selected.contains(id);
                // The detail sits close under its own name, and the gap goes between rows
                // (the row keeps the height the scrolling counts on).
                let gap = ui.spacing().item_spacing.y;
                let response = ui
                    .vertical(|ui| {
                        ui.spacing_mut().item_spacing.y = 1.0;
                        let main = ui.selectable_label(
                            selected,
                            script::widget_text(ui, text, script::base_for(Some(state.tab))),
                        );
                        ui.horizontal(|ui| {
                            super::markings::tlp_chip(ui, *tlp);
                            // Cut to the panel's width (whole on hover), so a long detail
                            // never widens the panel and moves the views beside it.
                            ui.add(
                                egui::Label::new(RichText::new(detail.as_str()).weak().small())
                                    .truncate(),
                            );
                        });
                        // Two 1-point gaps inside, and this: the gap a row had under its name.
                        ui.add_space((gap - 2.0).max(0.0));
                        main
                    })
                    .inner;
                if response.clicked() {
                    actions.push(Intent::select(id));
                }
            }
        });
    actions
}
