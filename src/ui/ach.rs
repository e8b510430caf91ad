//! The Analysis of Competing Hypotheses matrix, edited in place: hypotheses in columns, cited
//! evidence in rows, a rating in each cell coloured as a heat map, the weighted inconsistency
//! of each hypothesis below, the least inconsistent marked and non-diagnostic rows greyed.
//! Every edit is one command on the analysis, so it undoes as one. Rating works from the
//! keyboard as in a spreadsheet: click a cell (or press an arrow key) to put the cursor there,
//! arrows move it, and C, Shift+C (CC), N, I, Shift+I (II), A (NA) and Backspace (not rated)
//! set the rating.

use super::intent::Intent;
use crate::model::ach::AchScores;
use crate::model::{
    Analysis, Case, CaseObject, Command, Consistency, EvidenceRow, Hypothesis, Id, ObjectKind,
};
use egui::{Color32, RichText, Ui};

/// Narrowest width of the evidence column, in points; it takes the room the hypotheses leave.
const EVIDENCE_WIDTH: f32 = 230.0;
/// Widest width of the evidence column, in points.
const EVIDENCE_MAX_WIDTH: f32 = 520.0;
/// Width of a hypothesis column, in points.
const COLUMN_WIDTH: f32 = 120.0;

/// The matrix view's state: which analysis it shows, and the keyboard cursor (row, column).
#[derive(Default)]
pub struct AchView {
    open: Option<Id>,
    cursor: Option<(usize, usize)>,
}

/// The rating a key sets, from the keyboard: `Some(None)` clears it. Shift is read from the
/// key's own event, not the frame's end: a quick Shift+I (press and release within one frame)
/// is still II.
fn rating_for_key(i: &egui::InputState) -> Option<Option<Consistency>> {
    i.events.iter().find_map(|event| {
        let egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = event
        else {
            return None;
        };
        let shift = modifiers.shift;
        match key {
            egui::Key::C if shift => Some(Some(Consistency::VeryConsistent)),
            egui::Key::C => Some(Some(Consistency::Consistent)),
            egui::Key::I if shift => Some(Some(Consistency::VeryInconsistent)),
            egui::Key::I => Some(Some(Consistency::Inconsistent)),
            egui::Key::N => Some(Some(Consistency::Neutral)),
            egui::Key::A => Some(Some(Consistency::NotApplicable)),
            // Not Delete: that deletes the selected object.
            egui::Key::Backspace => Some(None),
            _ => None,
        }
    })
}

/// The heat-map colour of a rating: greens for consistent, reds for inconsistent, none for
/// neutral, not applicable and unrated.
pub fn rating_fill(rating: Option<Consistency>) -> Color32 {
    match rating {
        Some(Consistency::VeryConsistent) => Color32::from_rgb(27, 110, 45),
        Some(Consistency::Consistent) => Color32::from_rgb(150, 205, 150),
        Some(Consistency::Inconsistent) => Color32::from_rgb(240, 160, 150),
        Some(Consistency::VeryInconsistent) => Color32::from_rgb(180, 30, 35),
        Some(Consistency::Neutral | Consistency::NotApplicable) | None => Color32::TRANSPARENT,
    }
}

/// Text colour that reads on a rating's fill.
fn rating_text(rating: Option<Consistency>, ui: &Ui) -> Color32 {
    match rating {
        Some(Consistency::VeryConsistent | Consistency::VeryInconsistent) => Color32::WHITE,
        Some(Consistency::Consistent | Consistency::Inconsistent) => Color32::BLACK,
        Some(Consistency::NotApplicable) | None => ui.visuals().weak_text_color(),
        Some(Consistency::Neutral) => ui.visuals().text_color(),
    }
}

/// A short label of an item of evidence: its grade, source and quote.
pub fn evidence_label(case: &Case, citation: &Id) -> String {
    let Some(c) = case.citation(citation) else {
        return format!("{citation} (missing)");
    };
    let grade = case.grade(c).map(|g| g.to_string()).unwrap_or_default();
    let source = case.display_name(&c.source);
    if c.quote.is_empty() {
        format!("{grade} {source}, on {}", case.display_name(&c.cites))
    } else {
        let mut quote: String = c.quote.chars().take(120).collect();
        if c.quote.chars().count() > 120 {
            quote.push('…');
        }
        format!("{grade} “{quote}” ({source})")
    }
}

impl AchView {
    /// Arrows move the cursor over the ratings and a key sets the one under it, while no text
    /// field has the keyboard. The first arrow puts the cursor on the first cell.
    fn keyboard(&mut self, ui: &Ui, edited: &mut Analysis) {
        let (rows, columns) = (edited.evidence.len(), edited.hypotheses.len());
        if rows == 0 || columns == 0 || ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let ((row, column), rating) = ui.input(|i| {
            let (mut row, mut column) = self.cursor.unwrap_or((0, 0));
            let arrow = |k| i.key_pressed(k);
            if self.cursor.is_some() {
                if arrow(egui::Key::ArrowDown) {
                    row = (row + 1).min(rows - 1);
                }
                if arrow(egui::Key::ArrowUp) {
                    row = row.saturating_sub(1);
                }
                if arrow(egui::Key::ArrowRight) {
                    column = (column + 1).min(columns - 1);
                }
                if arrow(egui::Key::ArrowLeft) {
                    column = column.saturating_sub(1);
                }
            }
            let any_arrow = [
                egui::Key::ArrowDown,
                egui::Key::ArrowUp,
                egui::Key::ArrowLeft,
                egui::Key::ArrowRight,
            ]
            .into_iter()
            .any(arrow);
            if self.cursor.is_none() && !any_arrow {
                return ((usize::MAX, usize::MAX), None);
            }
            (
                (row.min(rows - 1), column.min(columns - 1)),
                rating_for_key(i),
            )
        });
        if row == usize::MAX {
            return;
        }
        self.cursor = Some((row, column));
        if let Some(rating) = rating {
            let key = edited.hypotheses[column].key.clone();
            let ratings = &mut edited.evidence[row].ratings;
            match rating {
                Some(r) => ratings.insert(key, r),
                None => ratings.remove(&key),
            };
        }
    }

    /// Shows this analysis next time the view is drawn.
    pub fn open(&mut self, id: Id) {
        self.open = Some(id);
    }

    pub fn ui(&mut self, ui: &mut Ui, case: &Case) -> Vec<Intent> {
        let mut actions = Vec::new();
        if self
            .open
            .as_ref()
            .is_none_or(|id| case.analysis(id).is_none())
        {
            self.open = case.analyses.first().map(|a| a.id.clone());
        }
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Analysis");
            let shown = self
                .open
                .as_ref()
                .and_then(|id| case.analysis(id))
                .map_or("(none yet)".to_owned(), |a| a.title.clone());
            egui::ComboBox::from_id_salt("ach-analysis")
                .selected_text(shown)
                .width((ui.available_width() - 130.0).clamp(160.0, 360.0))
                .show_ui(ui, |ui| {
                    for a in &case.analyses {
                        ui.selectable_value(&mut self.open, Some(a.id.clone()), &a.title);
                    }
                })
                .response
                .labelled_by(label.id);
            if ui
                .button("New analysis…")
                .on_hover_text("Analyse competing hypotheses about the selected incident")
                .clicked()
            {
                actions.push(Intent::StartNewAboutSelection(ObjectKind::Analysis));
            }
        });
        ui.separator();
        let Some(analysis) = self.open.as_ref().and_then(|id| case.analysis(id)) else {
            ui.label("No analysis of competing hypotheses yet. Select an incident and choose New analysis: list the candidate attributions (including an unrelated actor and a false flag), add the cited evidence, and rate each item against each hypothesis.");
            return actions;
        };
        ui.horizontal_wrapped(|ui| {
            ui.heading(&analysis.title);
            if ui
                .link(format!("about {}", case.display_name(&analysis.subject)))
                .clicked()
            {
                actions.push(Intent::Select(Some(analysis.subject.clone())));
            }
            if ui
                .small_button("Details…")
                .on_hover_text("Edit the question, subject and notes in the inspector")
                .clicked()
            {
                actions.push(Intent::select(&analysis.id));
            }
        });
        ui.label(
            RichText::new(
                "Rate each item of evidence against each hypothesis (click a cell or press an arrow key, then arrows move and C, Shift+C, N, I, Shift+I, A or Backspace rate): CC very consistent, C consistent, N neutral, I inconsistent, II very inconsistent, NA not applicable. Inconsistency = sum of I (1) and II (2) times the evidence's weight from its credibility (1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5). The hypothesis with the least inconsistency survives best; greyed rows do not tell the hypotheses apart.",
            )
            .weak()
            .small(),
        );
        ui.add_space(4.0);
        let scores = analysis.score(case);
        let mut edited = analysis.clone();
        self.keyboard(ui, &mut edited);
        matrix_ui(
            ui,
            case,
            analysis,
            &mut edited,
            &scores,
            &mut self.cursor,
            &mut actions,
        );
        ui.add_space(8.0);
        add_row_ui(ui, case, &mut edited);
        if &edited != analysis {
            actions.push(Intent::Apply(Box::new(Command::Put(CaseObject::Analysis(
                edited,
            )))));
        }
        actions
    }
}

/// The widths of the matrix's columns, in points: the header and every row use the same, so
/// the columns line up without a grid.
struct Columns {
    evidence: f32,
    weight: f32,
    hypothesis: f32,
    gap: f32,
}

impl Columns {
    fn new(available: f32, hypotheses: usize) -> Self {
        let (weight, gap) = (56.0, 6.0);
        // The evidence takes the room the hypotheses leave, so it need not be cut short.
        let evidence = (available - weight - hypotheses as f32 * (COLUMN_WIDTH + gap) - 3.0 * gap)
            .clamp(EVIDENCE_WIDTH, EVIDENCE_MAX_WIDTH);
        Columns {
            evidence,
            weight,
            hypothesis: COLUMN_WIDTH,
            gap,
        }
    }

    fn total(&self, hypotheses: usize) -> f32 {
        self.evidence
            + self.weight
            + hypotheses as f32 * (self.hypothesis + self.gap)
            + 2.0 * self.gap
    }
}

/// One cell of a row: `width` wide, its contents laid out left to right and centred.
fn cell<R>(ui: &mut Ui, width: f32, height: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    aligned_cell(ui, width, height, egui::Align::Center, add)
}

/// As [`cell`], its contents aligned across the row by `align` (a heading sits at the foot).
fn aligned_cell<R>(
    ui: &mut Ui,
    width: f32,
    height: f32,
    align: egui::Align,
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(align),
        |ui| {
            ui.set_width(width);
            ui.set_min_height(height);
            add(ui)
        },
    )
    .inner
}

/// The matrix: the hypotheses' header stays in view while the evidence scrolls under it, and
/// both scroll sideways together when the hypotheses are wider than the view.
#[allow(
    clippy::too_many_arguments,
    reason = "the matrix's parts are drawn together, each from its own piece of the view"
)]
fn matrix_ui(
    ui: &mut Ui,
    case: &Case,
    analysis: &Analysis,
    edited: &mut Analysis,
    scores: &AchScores,
    cursor: &mut Option<(usize, usize)>,
    actions: &mut Vec<Intent>,
) {
    let hypotheses = analysis.hypotheses.len();
    let columns = Columns::new(ui.available_width(), hypotheses);
    let mut remove_row = None;
    let mut remove_column = None;
    egui::ScrollArea::horizontal()
        .id_salt("ach-matrix-sideways")
        .auto_shrink([false, true])
        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
        .show(ui, |ui| {
            ui.set_min_width(columns.total(hypotheses));
            ui.spacing_mut().item_spacing.x = columns.gap;
            ui.horizontal(|ui| {
                header_ui(ui, case, edited, &columns, &mut remove_column);
            });
            ui.separator();
            let row_height = ui.spacing().interact_size.y + 4.0;
            egui::ScrollArea::vertical()
                .id_salt("ach-matrix-rows")
                .auto_shrink([false, true])
                .max_height((ui.available_height() - 90.0).max(4.0 * row_height))
                .show(ui, |ui| {
                    for (row_index, row) in analysis.evidence.iter().enumerate() {
                        // Striped as a spreadsheet: the stripe goes under what the row draws.
                        let stripe = ui.painter().add(egui::Shape::Noop);
                        let rect = ui
                            .horizontal(|ui| {
                                evidence_row_ui(
                                    ui,
                                    case,
                                    (row_index, row),
                                    analysis,
                                    edited,
                                    scores,
                                    cursor,
                                    &columns,
                                    row_height,
                                    &mut remove_row,
                                    actions,
                                );
                            })
                            .response
                            .rect;
                        if row_index % 2 == 1 {
                            let fill = ui.visuals().faint_bg_color;
                            ui.painter().set(
                                stripe,
                                egui::Shape::rect_filled(
                                    rect.expand2(egui::vec2(2.0, 1.0)),
                                    0.0,
                                    fill,
                                ),
                            );
                        }
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                cell(ui, columns.evidence, row_height, |ui| {
                    ui.label(RichText::new("Inconsistency").strong());
                });
                cell(ui, columns.weight, row_height, |_| {});
                for (column, score) in scores.inconsistency.iter().enumerate() {
                    let best = scores.least_inconsistent.contains(&column);
                    cell(ui, columns.hypothesis, row_height, |ui| {
                        let text = RichText::new(format!("{score:.1}")).strong();
                        if best {
                            egui::Frame::new()
                                .fill(rating_fill(Some(Consistency::VeryConsistent)))
                                .inner_margin(2.0)
                                .show(ui, |ui| {
                                    ui.label(text.color(Color32::WHITE));
                                    ui.label(
                                        RichText::new("least inconsistent")
                                            .small()
                                            .strong()
                                            .color(Color32::WHITE),
                                    );
                                });
                        } else {
                            ui.label(text);
                        }
                    });
                }
            });
        });
    if let Some(row) = remove_row {
        edited.evidence.remove(row);
    }
    if let Some(column) = remove_column {
        let key = edited.hypotheses.remove(column).key;
        for row in &mut edited.evidence {
            row.ratings.remove(&key);
        }
    }
}

/// The header: "Evidence", "Weight" and each hypothesis's title (edited in place) with its
/// actor and judgment.
fn header_ui(
    ui: &mut Ui,
    case: &Case,
    edited: &mut Analysis,
    columns: &Columns,
    remove_column: &mut Option<usize>,
) {
    for (heading, width) in [("Evidence", columns.evidence), ("Weight", columns.weight)] {
        aligned_cell(ui, width, 0.0, egui::Align::Max, |ui| {
            ui.label(RichText::new(heading).strong());
        });
    }
    for (column, hypothesis) in edited.hypotheses.iter_mut().enumerate() {
        ui.vertical(|ui| {
            ui.set_width(columns.hypothesis);
            let key = ui.label(
                RichText::new(format!("Hypothesis {}", hypothesis.key))
                    .small()
                    .weak(),
            );
            ui.add(
                egui::TextEdit::multiline(&mut hypothesis.title)
                    .desired_rows(2)
                    .desired_width(columns.hypothesis - 8.0)
                    .hint_text("hypothesis"),
            )
            .labelled_by(key.id);
            hypothesis_menu(ui, case, hypothesis, column, remove_column);
        });
    }
}

/// One item of evidence: its removal, its label (whole on hover), its weight and a rating cell
/// per hypothesis.
#[allow(
    clippy::too_many_arguments,
    reason = "a row draws from the matrix's pieces and reports to several of them"
)]
fn evidence_row_ui(
    ui: &mut Ui,
    case: &Case,
    (row_index, row): (usize, &EvidenceRow),
    analysis: &Analysis,
    edited: &mut Analysis,
    scores: &AchScores,
    cursor: &mut Option<(usize, usize)>,
    columns: &Columns,
    row_height: f32,
    remove_row: &mut Option<usize>,
    actions: &mut Vec<Intent>,
) {
    let diagnostic = scores.diagnostic.get(row_index).copied().unwrap_or(false);
    let label = evidence_label(case, &row.citation);
    cell(ui, columns.evidence, row_height, |ui| {
        if ui
            .small_button("Remove")
            .on_hover_text("Take this item out of the matrix (the citation stays)")
            .clicked()
        {
            *remove_row = Some(row_index);
        }
        let text = RichText::new(format!("{}. {label}", row_index + 1));
        let text = if diagnostic {
            text.color(ui.visuals().hyperlink_color)
        } else {
            text.weak()
        };
        let hover = if diagnostic {
            label.clone()
        } else {
            format!("{label}\n\nNot diagnostic: rated the same against every hypothesis")
        };
        let link = ui
            .add(
                egui::Label::new(text)
                    .truncate()
                    .sense(egui::Sense::click()),
            )
            .on_hover_text(hover);
        if link.clicked() {
            actions.push(Intent::select(&row.citation));
        }
    });
    let weight = scores.weights.get(row_index).copied().unwrap_or(0.0);
    cell(ui, columns.weight, row_height, |ui| {
        ui.label(format!("{weight:.1}"));
    });
    for (column, hypothesis) in analysis.hypotheses.iter().enumerate() {
        let at_cursor = *cursor == Some((row_index, column));
        let current = row.ratings.get(&hypothesis.key).copied();
        let mut chosen = current;
        let fill = if diagnostic || current.is_none() {
            rating_fill(current)
        } else {
            // Greyed: a row that does not tell the hypotheses apart.
            rating_fill(current).gamma_multiply(0.4)
        };
        let text = RichText::new(current.map_or("–", |r| r.code()))
            .strong()
            .color(rating_text(current, ui));
        let mut button = egui::Button::new(text)
            .fill(fill)
            .min_size(egui::vec2(56.0, 0.0));
        if at_cursor {
            button = button.stroke(egui::Stroke::new(2.0, ui.visuals().selection.stroke.color));
        }
        cell(ui, columns.hypothesis, row_height, |ui| {
            let (response, _) =
                egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
                    if ui
                        .selectable_value(&mut chosen, None, "– not rated")
                        .clicked()
                    {
                        ui.close();
                    }
                    for r in Consistency::ALL {
                        let item = format!("{} — {}", r.code(), r.meaning());
                        if ui.selectable_value(&mut chosen, Some(*r), item).clicked() {
                            ui.close();
                        }
                    }
                });
            let cell_name = format!(
                "Rating of evidence {} against {}",
                row_index + 1,
                hypothesis.key
            );
            if response.clicked() {
                *cursor = Some((row_index, column));
            }
            response
                .on_hover_text(current.map_or("Not rated", |r| r.meaning()))
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &cell_name));
        });
        if chosen != current
            && let Some(edited_row) = edited.evidence.get_mut(row_index)
        {
            match chosen {
                Some(r) => edited_row.ratings.insert(hypothesis.key.clone(), r),
                None => edited_row.ratings.remove(&hypothesis.key),
            };
        }
    }
}

/// Under a hypothesis's title: the actor it names, the judgment it supports, and removal.
fn hypothesis_menu(
    ui: &mut Ui,
    case: &Case,
    hypothesis: &mut Hypothesis,
    column: usize,
    remove: &mut Option<usize>,
) {
    let actor = hypothesis
        .actor
        .as_ref()
        .map_or("no actor named".to_owned(), |a| case.display_name(a));
    ui.menu_button(RichText::new(format!("{actor} …")).small(), |ui| {
        ui.label(RichText::new("Candidate actor").strong());
        ui.selectable_value(
            &mut hypothesis.actor,
            None,
            "None (e.g. an unrelated actor)",
        );
        for a in &case.actors {
            ui.selectable_value(&mut hypothesis.actor, Some(a.id.clone()), &a.name);
        }
        ui.separator();
        ui.label(RichText::new("Supports the judgment").strong());
        ui.selectable_value(&mut hypothesis.judgment, None, "None yet");
        for j in &case.judgments {
            ui.selectable_value(
                &mut hypothesis.judgment,
                Some(j.id.clone()),
                case.display_name(&j.id),
            );
        }
        ui.separator();
        if ui.button("Remove this hypothesis").clicked() {
            *remove = Some(column);
            ui.close();
        }
    });
    if let Some(j) = &hypothesis.judgment {
        ui.label(RichText::new("supports a judgment").small().weak())
            .on_hover_text(case.display_name(j));
    }
}

/// Adds an item of evidence (a citation not yet in the matrix) or a hypothesis.
fn add_row_ui(ui: &mut Ui, case: &Case, edited: &mut Analysis) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Add evidence");
        let mut chosen: Option<Id> = None;
        egui::ComboBox::from_id_salt("ach-add-evidence")
            .selected_text("(choose a citation)")
            .width((ui.available_width() - 220.0).clamp(160.0, 420.0))
            .height(400.0)
            .show_ui(ui, |ui| {
                for c in &case.citations {
                    if edited.evidence.iter().all(|row| row.citation != c.id) {
                        ui.selectable_value(
                            &mut chosen,
                            Some(c.id.clone()),
                            evidence_label(case, &c.id),
                        );
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(citation) = chosen {
            edited.evidence.push(EvidenceRow {
                citation,
                ratings: Default::default(),
                extra: Default::default(),
            });
        }
        if ui.button("Add hypothesis").clicked() {
            edited.hypotheses.push(Hypothesis {
                key: edited.next_key(),
                title: "New hypothesis".into(),
                actor: None,
                judgment: None,
                extra: Default::default(),
            });
        }
    });
}
