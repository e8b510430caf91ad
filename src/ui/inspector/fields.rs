//! The fields of each kind of object's form.

use super::super::forms::{
    check_field, date_field, field_errors, long_text_field, object_field, scale_field,
    stated_scale_field, text_field,
};
use super::draft::Draft;
use crate::model::{
    ActorKind, Case, Event, EventKind, EventRole, EvidenceLine, Id, Judgment, JudgmentStatus,
    RelationshipKind, Source, SourceKind, Stance, TechnicalKind,
};
use crate::tradecraft::{
    AttributionLevel, Confidence, Credibility, Likelihood, Reliability, Stated,
};
use crate::ui::script;
use egui::{RichText, Ui};

fn actor_options(case: &Case) -> Vec<(Id, String)> {
    case.actors
        .iter()
        .map(|a| (a.id.clone(), format!("{} ({})", a.name, a.kind.label())))
        .collect()
}

/// The most indicators a picker lists: past it, an indicator is linked from its own form.
const MAX_PICKED_INDICATORS: usize = 500;

/// Technical objects for a picker: all but indicators, and indicators while there are few.
fn technical_options(case: &Case) -> Vec<(Id, String)> {
    let indicators = (case.technical.iter())
        .filter(|t| t.kind == TechnicalKind::Indicator)
        .count();
    case.technical
        .iter()
        .filter(|t| t.kind != TechnicalKind::Indicator || indicators <= MAX_PICKED_INDICATORS)
        .map(|t| (t.id.clone(), format!("{} ({})", t.title(), t.kind.label())))
        .collect()
}

fn event_options(case: &Case) -> Vec<(Id, String)> {
    case.events
        .iter()
        .map(|e| (e.id.clone(), format!("{} — {}", e.start, e.title)))
        .collect()
}

/// Draws the fields of a draft; returns the first field, to focus on a new form.
pub(super) fn draft_ui(
    ui: &mut Ui,
    draft: &mut Draft,
    case: &Case,
    errors_of: &dyn Fn(&str) -> Vec<String>,
) -> Option<egui::Response> {
    match draft {
        Draft::Actor { actor, aliases } => {
            let first = text_field(ui, "Name", &mut actor.name, &errors_of("name"));
            scale_field(
                ui,
                "Actor kind",
                &mut actor.kind,
                ActorKind::ALL,
                |k| k.label().to_owned(),
                ActorKind::meaning,
            );
            long_text_field(ui, "Aliases (one per line)", aliases, &errors_of("aliases"));
            text_field(ui, "Country", &mut actor.country, &errors_of("country"));
            long_text_field(
                ui,
                "Description",
                &mut actor.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Technical {
            technical,
            aliases,
            types,
            valid_from,
            valid_until,
        } => {
            let first = text_field(ui, "Name", &mut technical.name, &errors_of("name"));
            scale_field(
                ui,
                "Technical kind",
                &mut technical.kind,
                TechnicalKind::ALL,
                |k| k.label().to_owned(),
                TechnicalKind::meaning,
            );
            text_field(
                ui,
                "ATT&CK or CVE id",
                &mut technical.external_id,
                &errors_of("external_id"),
            )
            .on_hover_text(technical.kind.external_id_hint());
            ui.label(
                RichText::new(technical.kind.external_id_hint())
                    .weak()
                    .small(),
            );
            long_text_field(ui, "Aliases (one per line)", aliases, &errors_of("aliases"));
            if technical.kind == TechnicalKind::Indicator {
                long_text_field(ui, "Pattern", &mut technical.pattern, &errors_of("pattern"));
                text_field(
                    ui,
                    "Pattern language (stix, sigma, yara …)",
                    &mut technical.pattern_type,
                    &errors_of("pattern_type"),
                );
            }
            long_text_field(
                ui,
                "Types (one per line: wiper, command-and-control …)",
                types,
                &errors_of("types"),
            );
            let (from, until) = if technical.kind == TechnicalKind::Indicator {
                ("Valid from", "Valid until")
            } else {
                ("First seen", "Last seen")
            };
            date_field(ui, from, valid_from, &errors_of("valid_from"));
            date_field(ui, until, valid_until, &errors_of("valid_until"));
            long_text_field(
                ui,
                "Description",
                &mut technical.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Relationship {
            rel,
            valid_from,
            valid_until,
        } => {
            let mut actors = actor_options(case);
            // Technical evidence may be at either end of a technical kind (and attributed to
            // an actor): the pickers offer it then.
            let technical = rel.kind.is_technical() || rel.kind == RelationshipKind::AttributedTo;
            if technical {
                actors.extend(technical_options(case));
            }
            let (from_label, to_label) = if technical {
                (
                    "From (actor or technical evidence)",
                    "To (actor or technical evidence)",
                )
            } else {
                ("From actor", "To actor")
            };
            let first = object_field(
                ui,
                from_label,
                &mut rel.source,
                &actors,
                &errors_of("source"),
            );
            scale_field(
                ui,
                "Relationship kind",
                &mut rel.kind,
                RelationshipKind::ALL,
                |k| k.label().to_owned(),
                RelationshipKind::meaning,
            );
            object_field(ui, to_label, &mut rel.target, &actors, &errors_of("target"));
            check_field(
                ui,
                "Directed (from the first actor to the second)",
                &mut rel.directed,
                "Untick for a relationship that holds both ways",
            );
            scale_field(
                ui,
                "Confidence",
                &mut rel.confidence,
                Confidence::ALL,
                |c| c.label().to_owned(),
                Confidence::meaning,
            );
            check_field(
                ui,
                "Disputed or denied by a party",
                &mut rel.disputed,
                "Drawn in its own style on the map",
            );
            date_field(ui, "Valid from", valid_from, &errors_of("valid_from"));
            date_field(ui, "Valid until", valid_until, &errors_of("valid_until"));
            long_text_field(
                ui,
                "Description",
                &mut rel.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Event { event, start, end } => {
            let first = text_field(ui, "Title", &mut event.title, &errors_of("title"));
            scale_field(
                ui,
                "Event kind",
                &mut event.kind,
                EventKind::ALL,
                |k| k.label().to_owned(),
                EventKind::meaning,
            );
            date_field(ui, "Start", start, &errors_of("start"));
            date_field(ui, "End (optional)", end, &errors_of("end"));
            event_actors_ui(ui, event, case, &errors_of("actors"));
            event_technical_ui(ui, event, case, &errors_of("technical"));
            text_field(ui, "Location", &mut event.location, &errors_of("location"));
            long_text_field(
                ui,
                "Description",
                &mut event.description,
                &errors_of("description"),
            );
            Some(first)
        }
        Draft::Source {
            source,
            published,
            accessed,
        } => {
            let first = text_field(ui, "Title", &mut source.title, &errors_of("title"));
            text_field(
                ui,
                "Publisher",
                &mut source.publisher,
                &errors_of("publisher"),
            );
            text_field(ui, "Author", &mut source.author, &errors_of("author"));
            scale_field(
                ui,
                "Source kind",
                &mut source.kind,
                SourceKind::ALL,
                |k| k.label().to_owned(),
                SourceKind::meaning,
            );
            text_field(
                ui,
                "URL (never fetched)",
                &mut source.url,
                &errors_of("url"),
            );
            date_field(ui, "Published", published, &errors_of("published"));
            date_field(ui, "Accessed", accessed, &errors_of("accessed"));
            stated_scale_field(
                ui,
                "Reliability",
                &mut source.reliability,
                Reliability::ALL,
                |r| r.code().to_owned(),
                Reliability::meaning,
            );
            text_field(ui, "Language", &mut source.language, &errors_of("language"));
            source_relays_ui(ui, source, case, &errors_of("derived_from"));
            long_text_field(ui, "Notes", &mut source.notes, &errors_of("notes"));
            Some(first)
        }
        Draft::Citation { citation } => {
            let sources: Vec<(Id, String)> = case
                .sources
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        format!("{} [{}]", s.title, s.reliability.code_or_not_stated()),
                    )
                })
                .collect();
            let first = object_field(
                ui,
                "Source",
                &mut citation.source,
                &sources,
                &errors_of("source"),
            );
            let citable = citable_options(case);
            object_field(
                ui,
                "Cites (what the source bears on)",
                &mut citation.cites,
                &citable,
                &errors_of("cites"),
            );
            scale_field(
                ui,
                "Bears on it as",
                &mut citation.stance,
                Stance::ALL,
                |s| s.label().to_owned(),
                Stance::meaning,
            );
            stated_scale_field(
                ui,
                "Credibility of this information",
                &mut citation.credibility,
                Credibility::ALL,
                |c| format!("{} — {}", c.code(), c.meaning()),
                Credibility::meaning,
            );
            if let Some(source) = case.source(&citation.source) {
                let grade = crate::tradecraft::AdmiraltyGrade {
                    reliability: source.reliability,
                    credibility: citation.credibility,
                };
                ui.label(
                    RichText::new(format!(
                        "Grade {grade}: source {}, information {}",
                        source.reliability.code_and_meaning(),
                        citation.credibility.code_and_meaning(),
                    ))
                    .strong(),
                );
            }
            // The line of evidence: as the source's kind suggests, unless the analyst says
            // what this information is (a vendor report's malware analysis is technical).
            let suggested = case.source(&citation.source).map(|s| s.kind.line());
            let choices: Vec<Option<EvidenceLine>> = std::iter::once(None)
                .chain(EvidenceLine::ALL.iter().copied().map(Some))
                .collect();
            scale_field(
                ui,
                "Line of evidence",
                &mut citation.line,
                &choices,
                |l| match (l, suggested) {
                    (Some(l), _) => l.label().to_owned(),
                    (None, Some(s)) => format!("as its source's kind: {}", s.label()),
                    (None, None) => "as its source's kind".to_owned(),
                },
                |l| {
                    l.map_or(
                        "The line a source of this kind gives; choose one if this information is another (a vendor's malware analysis is technical evidence)",
                        EvidenceLine::meaning,
                    )
                },
            );
            long_text_field(ui, "Quote", &mut citation.quote, &errors_of("quote"));
            text_field(
                ui,
                "Locator (page, paragraph, timestamp)",
                &mut citation.locator,
                &errors_of("locator"),
            );
            Some(first)
        }
        Draft::Judgment { judgment, .. } => Some(judgment_fields(ui, judgment, case, errors_of)),
        Draft::Analysis { analysis } => {
            let first = text_field(ui, "Question", &mut analysis.title, &errors_of("title"));
            let subjects = subject_options(case);
            object_field(
                ui,
                "About (incident or actor)",
                &mut analysis.subject,
                &subjects,
                &errors_of("subject"),
            );
            field_errors(ui, &errors_of("hypotheses"));
            field_errors(ui, &errors_of("evidence"));
            long_text_field(ui, "Notes", &mut analysis.notes, &errors_of("notes"));
            Some(first)
        }
    }
}

/// The judgment form: our judgment or a party's claim, what is attributed to whom, the estimate
/// in ICD 203 terms, and its status.
fn judgment_fields(
    ui: &mut Ui,
    judgment: &mut Judgment,
    case: &Case,
    errors_of: &dyn Fn(&str) -> Vec<String>,
) -> egui::Response {
    let actors = actor_options(case);
    let label = ui.label(RichText::new("Recorded as").strong());
    let mut is_claim = judgment.claimed_by.is_some();
    let first = ui
        .horizontal(|ui| {
            let ours = ui.radio_value(&mut is_claim, false, "Our judgment");
            ui.radio_value(&mut is_claim, true, "A party's claim");
            ours
        })
        .inner
        .labelled_by(label.id);
    if is_claim && judgment.claimed_by.is_none() {
        // Who makes the claim is to be chosen, not guessed.
        judgment.claimed_by = Some(Id::new(""));
    } else if !is_claim {
        judgment.claimed_by = None;
    }
    if let Some(claimant) = &mut judgment.claimed_by {
        ui.label(
            RichText::new(
                "A claim records what a party says (e.g. a government blaming a ministry), not our assessment. Record our own judgment of it separately.",
            )
            .weak()
            .small(),
        );
        object_field(
            ui,
            "Claimed by",
            claimant,
            &actors,
            &errors_of("claimed_by"),
        );
    }
    let subjects = subject_options(case);
    object_field(
        ui,
        "Attributed (event, campaign, or actor for a link of the chain)",
        &mut judgment.subject,
        &subjects,
        &errors_of("subject"),
    );
    object_field(
        ui,
        "Held responsible",
        &mut judgment.actor,
        &actors,
        &errors_of("actor"),
    );
    scale_field(
        ui,
        "Attribution level",
        &mut judgment.level,
        AttributionLevel::ALL,
        |l| l.label().to_owned(),
        AttributionLevel::meaning,
    );
    let (likelihood_label, confidence_label) = if judgment.is_claim() {
        (
            "Likelihood the claimant asserts (ICD 203)",
            "Confidence the claimant states",
        )
    } else {
        ("Likelihood (ICD 203)", "Confidence")
    };
    stated_scale_field(
        ui,
        likelihood_label,
        &mut judgment.likelihood,
        Likelihood::ALL,
        |l| format!("{} ({})", l.label(), l.meaning()),
        likelihood_meaning,
    );
    stated_scale_field(
        ui,
        confidence_label,
        &mut judgment.confidence,
        Confidence::ALL,
        |c| c.label().to_owned(),
        Confidence::meaning,
    );
    scale_field(
        ui,
        "Status",
        &mut judgment.status,
        JudgmentStatus::ALL,
        |s| s.label().to_owned(),
        JudgmentStatus::meaning,
    );
    long_text_field(
        ui,
        "Rationale",
        &mut judgment.rationale,
        &errors_of("rationale"),
    );
    first
}

/// A likelihood's probability range and second-row term, for the line under the picker.
fn likelihood_meaning(likelihood: Likelihood) -> &'static str {
    match likelihood {
        Likelihood::AlmostNoChance => "1–5% probability; also written \"remote\"",
        Likelihood::VeryUnlikely => "5–20% probability; also written \"highly improbable\"",
        Likelihood::Unlikely => "20–45% probability; also written \"improbable\"",
        Likelihood::RoughlyEvenChance => "45–55% probability; also written \"roughly even odds\"",
        Likelihood::Likely => "55–80% probability; also written \"probable\"",
        Likelihood::VeryLikely => "80–95% probability; also written \"highly probable\"",
        Likelihood::AlmostCertain => "95–99% probability; also written \"nearly certain\"",
    }
}

/// What a judgment or an analysis can be about: events first, then actors.
fn subject_options(case: &Case) -> Vec<(Id, String)> {
    let mut options = event_options(case);
    options.extend(actor_options(case));
    options
}

/// What a citation can cite: actors, technical evidence, relationships, events and judgments.
fn citable_options(case: &Case) -> Vec<(Id, String)> {
    let mut options = actor_options(case);
    options.extend(technical_options(case));
    options.extend(
        case.relationships
            .iter()
            .map(|r| (r.id.clone(), case.display_name(&r.id))),
    );
    options.extend(event_options(case));
    options.extend(case.judgments.iter().map(|j| {
        (
            j.id.clone(),
            format!("Judgment: {}", case.display_name(&j.id)),
        )
    }));
    options
}

/// The sources a source relays ("as AP relayed it"): each with a button to remove it, and a
/// picker to add one. A source and what it relays count as one source for a judgment.
fn source_relays_ui(ui: &mut Ui, source: &mut Source, case: &Case, errors: &[String]) {
    ui.add_space(4.0);
    ui.label(RichText::new("Relays (derived from)").strong())
        .on_hover_text(
            "The sources whose information this one passes on. A judgment that cites both counts them as one source (circular reporting).",
        );
    let mut remove = None;
    for (index, original) in source.derived_from.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("It does not relay this source")
                .clicked()
            {
                remove = Some(index);
            }
            script::label(ui, &case.display_name(original), script::Base::FirstStrong);
        });
    }
    if let Some(index) = remove {
        source.derived_from.remove(index);
    }
    let mut chosen = Id::new("");
    let options: Vec<(Id, String)> = case
        .sources
        .iter()
        .filter(|s| s.id != source.id && !source.derived_from.contains(&s.id))
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    object_field(ui, "Add a source it relays", &mut chosen, &options, errors);
    if !chosen.as_str().is_empty() {
        source.derived_from.push(chosen);
    }
}

/// The actors of an event: each with a button to remove it, and a picker to add one.
fn event_actors_ui(ui: &mut Ui, event: &mut Event, case: &Case, errors: &[String]) {
    ui.add_space(4.0);
    ui.label(RichText::new("Actors involved").strong());
    let mut remove = None;
    for (index, actor) in event.actors.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("Remove from this event")
                .clicked()
            {
                remove = Some(index);
            }
            let name = case.display_name(actor);
            let role = event.roles.get(actor).copied();
            let mut chosen = role;
            egui::ComboBox::from_id_salt(("event-role", actor.as_str()))
                .selected_text(role.map_or("(no role)", |r| r.label()))
                .width(140.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, None, "(no role)");
                    for r in EventRole::ALL {
                        ui.selectable_value(&mut chosen, Some(*r), r.label())
                            .on_hover_text(r.meaning());
                    }
                })
                .response
                .on_hover_text(format!("What {name} was in this event"));
            if chosen != role {
                match chosen {
                    Some(r) => event.roles.insert(actor.clone(), r),
                    None => event.roles.remove(actor),
                };
            }
            script::label(ui, &name, script::Base::FirstStrong);
        });
    }
    if let Some(index) = remove {
        let gone = event.actors.remove(index);
        event.roles.remove(&gone);
    }
    let mut chosen = Id::new("");
    let options: Vec<(Id, String)> = case
        .actors
        .iter()
        .filter(|a| !event.actors.contains(&a.id))
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    object_field(
        ui,
        "Add an actor to the event",
        &mut chosen,
        &options,
        errors,
    );
    if !chosen.as_str().is_empty() {
        // The role the actor most likely had, for the analyst to change where it is wrong.
        if let Some(role) = case
            .actor(&chosen)
            .and_then(|a| EventRole::suggested(event.kind, a.kind))
        {
            event.roles.insert(chosen.clone(), role);
        }
        event.actors.push(chosen);
    }
}

/// The most matches the technical evidence search lists.
const MAX_MATCHES: usize = 12;
/// The most technical objects an event's form lists one by one.
const MAX_LISTED: usize = 40;

/// What an event saw: each technical object with a button to remove it, and a search to add
/// one (a case may hold tens of thousands of indicators: no picker lists them all).
fn event_technical_ui(ui: &mut Ui, event: &mut Event, case: &Case, errors: &[String]) {
    ui.add_space(4.0);
    ui.label(RichText::new("Technical evidence seen").strong())
        .on_hover_text(
            "The malware, tools, techniques, infrastructure, indicators and vulnerabilities of this event: what Who works like this ranks known groups against",
        );
    let mut remove = None;
    for (index, id) in event.technical.iter().enumerate().take(MAX_LISTED) {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("Not seen in this event")
                .clicked()
            {
                remove = Some(index);
            }
            script::label(ui, &case.display_name(id), script::Base::FirstStrong);
        });
    }
    if event.technical.len() > MAX_LISTED {
        ui.label(
            RichText::new(format!(
                "… and {} more (the Technical tab lists every technical object)",
                event.technical.len() - MAX_LISTED
            ))
            .weak(),
        );
    }
    if let Some(index) = remove {
        event.technical.remove(index);
    }
    let search_id = egui::Id::unique(("technical-search", event.id.as_str()));
    let mut search: String = ui.data_mut(|d| d.get_temp(search_id).unwrap_or_default());
    let label = ui.label("Add technical evidence (type a name or ATT&CK id)");
    ui.add(egui::TextEdit::singleline(&mut search).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    let wanted = search.trim().to_lowercase();
    if !wanted.is_empty() {
        let listed: std::collections::HashSet<&Id> = event.technical.iter().collect();
        let matches: Vec<&crate::model::Technical> = (case.technical.iter())
            .filter(|t| !listed.contains(&t.id))
            .filter(|t| {
                t.name.to_lowercase().contains(&wanted)
                    || t.external_id.to_lowercase().contains(&wanted)
                    || t.aliases.iter().any(|a| a.to_lowercase().contains(&wanted))
            })
            .take(MAX_MATCHES + 1)
            .collect();
        if matches.is_empty() {
            ui.label(RichText::new("No technical object of the case is named so: add it first (Add → Technical object)").weak().small());
        }
        for t in matches.iter().take(MAX_MATCHES) {
            if ui
                .button(format!("Add {} ({})", t.title(), t.kind.label()))
                .clicked()
            {
                event.technical.push(t.id.clone());
                search.clear();
            }
        }
        if matches.len() > MAX_MATCHES {
            ui.label(
                RichText::new("More match: type more of the name")
                    .weak()
                    .small(),
            );
        }
    }
    field_errors(ui, errors);
    ui.data_mut(|d| d.insert_temp(search_id, search));
}
