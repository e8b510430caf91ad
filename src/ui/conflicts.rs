//! The merge conflicts of a case (edits from two versions that `casebook merge` could not
//! combine): a strip above the views listing each, with what the base, mine and theirs hold,
//! and the ways to resolve it: keep mine, take theirs, or edit the object and mark it resolved.
//! Each resolution is a command on the one command path, so it undoes like any edit.

use super::intent::Intent;
use crate::model::merge::MergeConflict;
use crate::model::{Case, Command, ConflictChoice, Id};
use egui::{RichText, Ui};
use serde_json::Value;

/// How many conflicts the strip shows at once.
const SHOWN: usize = 3;

/// A value as the analyst reads it: text as it is, anything else as the case file writes it.
fn value_text(value: Option<&Value>) -> String {
    let text = match value {
        None => return "(none)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    crate::text::shortened(&text, 160)
}

/// What one side holds of a conflicting field, or whether it has the object at all.
fn side_text(side: Option<&Value>, field: Option<&str>) -> String {
    match (side, field) {
        (None, _) => "(deleted)".into(),
        (Some(object), Some(field)) => value_text(object.get(field)),
        (Some(_), None) => "(kept)".into(),
    }
}

fn resolve(conflict: &MergeConflict, take: ConflictChoice) -> Intent {
    Intent::Apply(Box::new(Command::ResolveConflict {
        id: conflict.id.clone(),
        take,
    }))
}

/// The strip of open merge conflicts; draws nothing when there are none.
pub fn conflicts_ui(ui: &mut Ui, case: &Case) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(crate::text::counted(
                case.conflicts.len(),
                "merge conflict",
                "merge conflicts",
            ))
            .strong()
            .color(ui.visuals().warn_fg_color),
        );
        ui.label(
            "Edits from two versions of this case that could not be combined. Until you resolve \
             one, the case holds your version (theirs where you had deleted it).",
        );
    });
    // A few at a time, so the views below stay usable; resolving one shows the next.
    for (n, conflict) in case.conflicts.iter().enumerate().take(SHOWN) {
        ui.push_id(("merge-conflict", n), |ui| {
            intents.extend(conflict_ui(ui, case, conflict));
        });
    }
    let more = case.conflicts.len().saturating_sub(SHOWN);
    if more > 0 {
        ui.label(
            RichText::new(format!(
                "and {} more, shown as these are resolved",
                crate::text::counted(more, "conflict", "conflicts")
            ))
            .weak(),
        );
    }
    intents
}

/// One conflict: what it is, what each version holds, and the ways to resolve it.
fn conflict_ui(ui: &mut Ui, case: &Case, conflict: &MergeConflict) -> Vec<Intent> {
    let mut intents = Vec::new();
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} “{}”", conflict.kind, conflict.name)).strong());
        ui.label(format!("— {}", conflict.reason));
    });
    let fields: Vec<Option<&str>> = if conflict.kind == "case" || conflict.fields.is_empty() {
        vec![None]
    } else {
        conflict.fields.iter().map(|f| Some(f.as_str())).collect()
    };
    egui::Grid::new("versions").striped(true).show(ui, |ui| {
        ui.label("");
        ui.label(RichText::new("Base").weak());
        ui.label(RichText::new("Mine").weak());
        ui.label(RichText::new("Theirs").weak());
        ui.end_row();
        for field in fields {
            if conflict.kind == "case" {
                ui.label(&conflict.id);
                for side in [&conflict.base, &conflict.ours, &conflict.theirs] {
                    ui.label(value_text(side.as_ref()));
                }
            } else {
                ui.label(field.unwrap_or("the object"));
                for side in [&conflict.base, &conflict.ours, &conflict.theirs] {
                    ui.label(side_text(side.as_ref(), field));
                }
            }
            ui.end_row();
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button("Keep mine")
            .on_hover_text("Keep your version and close the conflict")
            .clicked()
        {
            intents.push(resolve(conflict, ConflictChoice::Mine));
        }
        if ui
            .button("Take theirs")
            .on_hover_text("Put their version in its place and close the conflict")
            .clicked()
        {
            intents.push(resolve(conflict, ConflictChoice::Theirs));
        }
        let id = Id::new(&conflict.id);
        if conflict.kind != "case" && case.contains(&id) {
            if ui
                .button("Edit…")
                .on_hover_text("Open it in the inspector to combine the two by hand")
                .clicked()
            {
                intents.push(Intent::Edit(id));
            }
            if ui
                .button("Mark resolved")
                .on_hover_text("Keep it as it now is (after your edit) and close the conflict")
                .clicked()
            {
                intents.push(resolve(conflict, ConflictChoice::AsEdited));
            }
        }
    });
    intents
}
