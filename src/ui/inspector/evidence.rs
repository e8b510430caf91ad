//! What backs an object: the sources cited for it (supporting and contradicting), where a
//! source is cited, and for a judgment its attribution chain and the history of its estimate.

use crate::model::{Case, CaseObject, Id, Judgment, ObjectKind, Revision, Stance};
use crate::tradecraft::{Confidence, Likelihood, estimate_words};
use crate::ui::intent::Intent;
use egui::{RichText, Ui};

/// Lists the citations of an object with their grades, and offers to cite a source.
pub(super) fn citations_ui(ui: &mut Ui, case: &Case, id: &Id, actions: &mut Vec<Intent>) {
    if !matches!(
        id.kind(),
        Some(
            ObjectKind::Actor | ObjectKind::Relationship | ObjectKind::Event | ObjectKind::Judgment
        )
    ) {
        if id.kind() == Some(ObjectKind::Source) {
            let uses: Vec<_> = case.citations.iter().filter(|c| &c.source == id).collect();
            ui.add_space(8.0);
            ui.label(RichText::new(format!("Cited {} times", uses.len())).strong());
            for c in uses {
                if name_link(ui, &case.display_name(&c.cites)).clicked() {
                    actions.push(Intent::select(&c.cites));
                }
            }
        }
        return;
    }
    let sections: &[(Stance, &str, &str)] = if id.kind() == Some(ObjectKind::Judgment) {
        &[
            (
                Stance::Supports,
                "Supporting evidence",
                "Cite a supporting source…",
            ),
            (
                Stance::Contradicts,
                "Contradicting evidence",
                "Cite a contradicting source…",
            ),
        ]
    } else {
        &[(Stance::Supports, "Sources cited", "Cite a source…")]
    };
    for (stance, heading, button) in sections {
        ui.add_space(8.0);
        ui.label(RichText::new(*heading).strong());
        let mut any = false;
        for c in case.citations_of(id) {
            // Outside judgments a contradicting citation is listed with the rest, marked.
            if sections.len() > 1 && c.stance != *stance {
                continue;
            }
            any = true;
            let mut text = case.display_name(&c.id);
            if !c.locator.is_empty() {
                text = format!("{text} — {}", c.locator);
            }
            if c.stance == Stance::Contradicts && sections.len() == 1 {
                text = format!("{text} (contradicts)");
            }
            let link = name_link(ui, &text);
            let link = if c.quote.is_empty() {
                link
            } else {
                link.on_hover_text(&c.quote)
            };
            if link.clicked() {
                actions.push(Intent::select(&c.id));
            }
        }
        if !any {
            ui.label(RichText::new("None yet.").weak());
        }
        if case.sources.is_empty() {
            ui.label(RichText::new("Add a source first to cite it.").weak());
        } else if ui.button(*button).clicked() {
            let mut blank = super::blank_object(case, ObjectKind::Citation, Some(id));
            if let CaseObject::Citation(c) = &mut blank {
                c.stance = *stance;
            }
            actions.push(Intent::StartNewObject(Box::new(blank)));
        }
    }
}

/// A change of an analyst's judgment's likelihood or confidence, not yet recorded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct EstimateChange {
    from: (Option<Likelihood>, Option<Confidence>),
    to: (Option<Likelihood>, Option<Confidence>),
}

/// The estimate change the form holds for an analyst's judgment, if any. Claims record what a
/// party says and change without a reason.
pub(super) fn pending_estimate_change(
    original: &CaseObject,
    edited: &CaseObject,
) -> Option<EstimateChange> {
    let (CaseObject::Judgment(before), CaseObject::Judgment(after)) = (original, edited) else {
        return None;
    };
    let from = (before.likelihood, before.confidence);
    let to = (after.likelihood, after.confidence);
    // Stating what was not stated (an imported judgment's likelihood) is the first estimate,
    // not a change of one.
    let first_statement =
        (from.0.is_none() || from.0 == to.0) && (from.1.is_none() || from.1 == to.1);
    (from != to && !first_statement && !before.is_claim() && !after.is_claim())
        .then_some(EstimateChange { from, to })
}

/// Asks why the estimate changes; returns the judgment with the change recorded in its history
/// once the analyst gives a reason and records it.
pub(super) fn estimate_change_ui(
    ui: &mut Ui,
    change: EstimateChange,
    edited: &CaseObject,
    reason: &mut String,
    valid: bool,
) -> Option<CaseObject> {
    let CaseObject::Judgment(judgment) = edited else {
        return None;
    };
    let mut out = None;
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.label(RichText::new("Changing the estimate").strong());
            ui.label(format!(
                "From {} to {}. Say what changed and why (ICD 203 standard 7); the reason is kept in the judgment's history. Nothing in this form is saved until the change is recorded.",
                estimate_words(change.from.0, change.from.1),
                estimate_words(change.to.0, change.to.1)
            ));
            let label = ui.label(RichText::new("Reason for the change").strong());
            ui.add(
                egui::TextEdit::multiline(reason)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("e.g. a second government confirmed the infrastructure overlap"),
            )
            .labelled_by(label.id);
            let ready = valid && !reason.trim().is_empty();
            if valid && reason.trim().is_empty() {
                ui.label(
                    RichText::new("A reason is needed to record the change.")
                        .color(super::super::forms::error_color(ui)),
                );
            }
            if ui
                .add_enabled(ready, egui::Button::new("Record the change"))
                .on_disabled_hover_text("Give a reason first")
                .clicked()
            {
                let mut revised = judgment.clone();
                revised.revisions.push(Revision {
                    at: chrono::Utc::now(),
                    previous_likelihood: change.from.0,
                    previous_confidence: change.from.1,
                    likelihood: change.to.0,
                    confidence: change.to.1,
                    reason: reason.trim().to_owned(),
                    extra: Default::default(),
                });
                out = Some(CaseObject::Judgment(revised));
            }
        });
    out
}

/// What the inspector shows below an existing object's fields, by kind: for a judgment its
/// chain and estimate history, for an event the judgments on it, for an analysis a way to its
/// matrix.
pub(super) fn object_extras_ui(
    ui: &mut Ui,
    case: &Case,
    object: &CaseObject,
    actions: &mut Vec<Intent>,
) {
    match object {
        CaseObject::Judgment(judgment) => {
            chain_ui(ui, case, &judgment.subject, actions);
            history_ui(ui, judgment);
        }
        CaseObject::Event(_) | CaseObject::Actor(_) => {
            if let CaseObject::Actor(actor) = object {
                connections_ui(ui, case, &actor.id, actions);
            }
            let on_it: Vec<&Judgment> = case
                .judgments
                .iter()
                .filter(|j| &j.subject == object.id())
                .collect();
            if !on_it.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Attribution").strong());
                for j in on_it {
                    let text = format!("{} ({})", case.display_name(&j.id), j.status.label());
                    if name_link(ui, &text).clicked() {
                        actions.push(Intent::select(&j.id));
                    }
                }
                chain_ui(ui, case, object.id(), actions);
            }
            if matches!(object, CaseObject::Event(_))
                && ui
                    .button("Record an attribution judgment…")
                    .on_hover_text("A judgment of who is responsible for this event")
                    .clicked()
            {
                actions.push(Intent::StartNew(
                    ObjectKind::Judgment,
                    Some(object.id().clone()),
                ));
            }
        }
        CaseObject::Source(source)
            if !source.url.is_empty() && crate::model::validate::check_url(&source.url).is_ok() =>
        {
            ui.add_space(8.0);
            if ui
                .button("Open the address in a browser…")
                .on_hover_text("Shows the address first; Casebook itself never fetches it")
                .clicked()
            {
                actions.push(Intent::OpenUrl(source.url.clone()));
            }
        }
        CaseObject::Analysis(analysis) => {
            ui.add_space(8.0);
            ui.label(format!(
                "{}, {}.",
                crate::text::counted(analysis.hypotheses.len(), "hypothesis", "hypotheses"),
                crate::text::counted(
                    analysis.evidence.len(),
                    "item of evidence",
                    "items of evidence"
                )
            ));
            if ui.button("Open the matrix").clicked() {
                actions.push(Intent::OpenAnalysis(analysis.id.clone()));
            }
        }
        _ => {}
    }
}

/// A link whose text is case text, in any script (Persian and Arabic names are shaped).
fn name_link(ui: &mut Ui, text: &str) -> egui::Response {
    ui.link(crate::ui::script::widget_text(
        ui,
        text,
        crate::ui::script::Base::FirstStrong,
    ))
}

/// What an actor takes part in: its relationships, the events it is in, and the judgments and
/// claims that hold it responsible or are made by it, each a link to the object.
fn connections_ui(ui: &mut Ui, case: &Case, actor: &Id, actions: &mut Vec<Intent>) {
    let relationships: Vec<&Id> = case
        .relationships
        .iter()
        .filter(|r| &r.source == actor || &r.target == actor)
        .map(|r| &r.id)
        .collect();
    let events: Vec<&Id> = case
        .events
        .iter()
        .filter(|e| e.actors.contains(actor))
        .map(|e| &e.id)
        .collect();
    let judgments: Vec<&Id> = case
        .judgments
        .iter()
        .filter(|j| &j.actor == actor || j.claimed_by.as_ref() == Some(actor))
        .map(|j| &j.id)
        .collect();
    let mut section = |heading: &str, ids: &[&Id]| {
        if ids.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.label(RichText::new(format!("{heading} ({})", ids.len())).strong());
        for id in ids.iter().take(50) {
            if name_link(ui, &case.display_name(id)).clicked() {
                actions.push(Intent::select(id));
            }
        }
        if ids.len() > 50 {
            ui.label(RichText::new(format!("and {} more", ids.len() - 50)).weak());
        }
    };
    section("Relationships", &relationships);
    section("Events", &events);
    section("Judgments and claims naming it", &judgments);
}

/// The attribution chain from a subject: at each link the analyst's strongest standing
/// judgment, as links to follow.
fn chain_ui(ui: &mut Ui, case: &Case, subject: &Id, actions: &mut Vec<Intent>) {
    let chain = case.attribution_chain(subject);
    if chain.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Attribution chain").strong())
        .on_hover_text("At each link, the analyst's strongest judgment that is not retracted; claims are not links");
    if name_link(ui, &case.display_name(subject)).clicked() {
        actions.push(Intent::select(subject));
    }
    for link in chain {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "then, at the {} level ({}):",
                link.level.label(),
                estimate_words(link.likelihood, link.confidence)
            ));
            if name_link(ui, &case.display_name(&link.actor)).clicked() {
                actions.push(Intent::select(&link.id));
            }
        });
    }
}

/// The dated history of a judgment's estimate.
fn history_ui(ui: &mut Ui, judgment: &Judgment) {
    ui.add_space(8.0);
    ui.label(RichText::new("Estimate history").strong());
    if judgment.revisions.is_empty() {
        ui.label(RichText::new("Unchanged since it was recorded.").weak());
    }
    for revision in judgment.revisions.iter().rev() {
        let reason = if revision.reason.trim().is_empty() {
            "no reason recorded".to_owned()
        } else {
            revision.reason.clone()
        };
        ui.label(format!(
            "{}: from {} to {}. {reason}",
            revision.at.format("%Y-%m-%d %H:%M UTC"),
            estimate_words(revision.previous_likelihood, revision.previous_confidence),
            estimate_words(revision.likelihood, revision.confidence),
        ));
    }
}
