//! Form building blocks shared by the inspector and the case overview: labelled fields whose
//! label is also their accessible name, pickers for the closed scales with each value's meaning
//! at hand, and the red message under a field that holds a bad value.

use super::script;
use crate::model::{Id, PartialDate};
use egui::{Response, RichText, Ui};

/// The colour of a field's error message.
pub fn error_color(ui: &Ui) -> egui::Color32 {
    ui.visuals().error_fg_color
}

/// A field label above its widget.
fn field_label(ui: &mut Ui, label: &str) -> egui::Id {
    ui.add_space(4.0);
    ui.label(RichText::new(label).strong()).id
}

/// Shows the errors of one field, each on its own line.
pub fn field_errors(ui: &mut Ui, errors: &[String]) {
    for error in errors {
        ui.label(RichText::new(error.as_str()).color(error_color(ui)));
    }
}

/// The messages under one field (`key` names it), in a space that outlives them: when the last
/// message goes away as the analyst finishes typing, its space stays, so the fields below are
/// not pulled up under the pointer and the next click lands where it was aimed.
pub fn field_errors_kept(ui: &mut Ui, key: &str, errors: &[String]) {
    let id = ui.scope_id().with(("field-messages", key));
    let top = ui.cursor().top();
    field_errors(ui, errors);
    let used = ui.cursor().top() - top;
    let kept = ui.data_mut(|d| {
        let kept = d.get_temp_mut_or_default::<f32>(id);
        if used > 0.0 {
            // The space of the messages shown now (not the tallest ever: a first frame may
            // wrap a message that fits later).
            *kept = used;
        }
        *kept
    });
    if used == 0.0 && kept > 0.0 {
        ui.add_space(kept);
    }
}

/// A labelled one-line text field.
pub fn text_field(ui: &mut Ui, label: &str, value: &mut String, errors: &[String]) -> Response {
    let label_id = field_label(ui, label);
    let response = ui
        .add(
            egui::TextEdit::singleline(value)
                // An id from the label, not the field's place: a message appearing above it
                // must not take the keyboard away from it.
                .id_salt(label)
                .layouter(&mut script::edit_layouter(false))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_id);
    script::reading(ui, value);
    field_errors_kept(ui, label, errors);
    response
}

/// A labelled text field for a date of any precision, with the accepted forms as a hint.
pub fn date_field(ui: &mut Ui, label: &str, value: &mut String, errors: &[String]) -> Response {
    let label_id = field_label(ui, label);
    let response = ui
        .add(
            egui::TextEdit::singleline(value)
                .id_salt(label)
                .hint_text("YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MMZ")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_id)
        .on_hover_text("A date known only to the month or year is written as such: 2022-07, 2013. Times are UTC.");
    field_errors_kept(ui, label, errors);
    response
}

/// A labelled multi-line text field.
pub fn long_text_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    errors: &[String],
) -> Response {
    let label_id = field_label(ui, label);
    let response = ui
        .add(
            egui::TextEdit::multiline(value)
                .id_salt(label)
                .layouter(&mut script::edit_layouter(true))
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label_id);
    script::reading(ui, value);
    field_errors_kept(ui, label, errors);
    response
}

/// A labelled check box.
pub fn check_field(ui: &mut Ui, label: &str, value: &mut bool, help: &str) -> Response {
    ui.add_space(4.0);
    ui.checkbox(value, label).on_hover_text(help)
}

/// A labelled picker over a closed scale. Each choice shows its label and its meaning.
pub fn scale_field<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> String,
    meaning: impl Fn(T) -> &'static str,
) -> Response {
    let label_id = field_label(ui, label);
    let response = egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .width(ui.available_width())
        .show_ui(ui, |ui| {
            for choice in all {
                // A name that already says its meaning ("2 — Probably true") is not repeated.
                let (name, meaning) = (name(*choice), meaning(*choice));
                let text = if meaning.is_empty() || name.contains(meaning) {
                    name
                } else {
                    format!("{name} — {meaning}")
                };
                ui.selectable_value(value, *choice, text);
            }
        })
        .response
        .labelled_by(label_id);
    let (name, meaning) = (name(*value), meaning(*value));
    if !meaning.is_empty() && !name.contains(meaning) {
        ui.label(RichText::new(meaning).weak().small());
    }
    response
}

/// A labelled picker of one value of a scale that may be not stated (a grade nobody gave, an
/// estimate imported without one): "not stated" first, then the scale.
pub fn stated_scale_field<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: impl Fn(T) -> String,
    meaning: impl Fn(T) -> &'static str,
) -> Response {
    let choices: Vec<Option<T>> = std::iter::once(None)
        .chain(all.iter().copied().map(Some))
        .collect();
    scale_field(
        ui,
        label,
        value,
        &choices,
        |v| v.map_or_else(|| crate::tradecraft::NOT_STATED.to_owned(), &name),
        |v| v.map_or("Nobody has stated it yet", &meaning),
    )
}

/// A labelled picker of one object among `options` (id and display name).
pub fn object_field(
    ui: &mut Ui,
    label: &str,
    value: &mut Id,
    options: &[(Id, String)],
    errors: &[String],
) -> Response {
    let label_id = field_label(ui, label);
    let shown = options
        .iter()
        .find(|(id, _)| id == value)
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| "(choose)".to_owned());
    let response = egui::ComboBox::from_id_salt(label)
        .selected_text(shown)
        .width(ui.available_width())
        .height(400.0)
        .show_ui(ui, |ui| {
            for (id, name) in options {
                ui.selectable_value(value, id.clone(), name);
            }
        })
        .response
        .labelled_by(label_id);
    field_errors_kept(ui, label, errors);
    response
}

/// The non-empty lines of a one-item-per-line field, trimmed.
pub fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The messages for one field: what could not be parsed, then what breaks a rule.
pub fn errors_for(
    field: &str,
    parse_errors: &[(&'static str, String)],
    problems: &[crate::model::validate::Problem],
) -> Vec<String> {
    let parsed = parse_errors
        .iter()
        .filter(|(f, _)| *f == field)
        .map(|(_, e)| e.clone());
    let broken = problems
        .iter()
        .filter(|p| p.field == field)
        .map(|p| p.message.clone());
    parsed.chain(broken).collect()
}

/// Parses a date field: empty is `None`, anything else must be a valid date.
pub fn parse_optional_date(text: &str) -> Result<Option<PartialDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        text.parse()
            .map(Some)
            .map_err(|e: crate::model::date::DateError| e.to_string())
    }
}

/// Shows a date for an optional field.
pub fn date_text(date: Option<PartialDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}
