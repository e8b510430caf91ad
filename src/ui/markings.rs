//! Markings on screen: the TLP chip beside an object, the marking fields of the inspector, the
//! choice of a label with what TLP 2.0 allows under it, and the list of what an output at a
//! label leaves out — shown to the analyst before the export, never written into it.

use crate::model::marking::markable_fields;
use crate::model::{Marking, ObjectKind, Withheld};
use crate::tradecraft::Tlp;
use egui::{Color32, RichText, Ui};

/// The label's colour as FIRST gives it (shown on black).
pub fn tlp_colour(tlp: Tlp) -> Color32 {
    let hex = tlp.colour_hex().trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    Color32::from_rgb(byte(0), byte(2), byte(4))
}

/// The short text of a chip: `CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT`, `RED`.
pub fn chip_text(tlp: Tlp) -> &'static str {
    tlp.code().trim_start_matches("TLP:")
}

/// A small TLP chip: the label's colour on black, its meaning on hover.
pub fn tlp_chip(ui: &mut Ui, tlp: Tlp) -> egui::Response {
    let text = RichText::new(format!("TLP:{}", chip_text(tlp)))
        .small()
        .strong()
        .color(tlp_colour(tlp))
        .background_color(Color32::BLACK);
    ui.add(egui::Label::new(text).selectable(false))
        .on_hover_text(format!("{}: {}", tlp.code(), tlp.meaning()))
}

/// What TLP 2.0 allows under a label, as shown where a label is chosen; the two that bind
/// recipients most (AMBER+STRICT and RED) stand out.
pub fn rules_ui(ui: &mut Ui, tlp: Tlp) {
    let text = RichText::new(format!("{}: {}", tlp.code(), tlp.rules())).small();
    let text = if matches!(tlp, Tlp::AmberStrict | Tlp::Red) {
        text.strong().color(ui.visuals().warn_fg_color)
    } else {
        text
    };
    ui.add(egui::Label::new(text).wrap());
}

/// A labelled choice of TLP label; returns whether it changed.
pub fn tlp_choice_ui(ui: &mut Ui, salt: &str, label: &str, tlp: &mut Tlp) -> bool {
    let before = *tlp;
    let label_id = ui.label(RichText::new(label).strong()).id;
    egui::ComboBox::from_id_salt(salt)
        .selected_text(tlp.code())
        .show_ui(ui, |ui| {
            for choice in Tlp::ALL {
                ui.selectable_value(tlp, *choice, choice.code())
                    .on_hover_text(choice.rules());
            }
        })
        .response
        .labelled_by(label_id);
    *tlp != before
}

/// The inspector's marking of one object: its own level (or the case's), and the fields marked
/// apart from it. Edits change `marking` in the form's draft, which the inspector applies.
pub fn marking_ui(ui: &mut Ui, marking: &mut Marking, kind: ObjectKind, case_tlp: Tlp) {
    let level = marking.level(case_tlp);
    let unmarked: Vec<&str> = markable_fields(kind)
        .iter()
        .copied()
        .filter(|f| !marking.fields.contains_key(*f))
        .collect();
    // One row, so the form below it keeps its place.
    ui.horizontal_wrapped(|ui| {
        let label_id = ui.label(RichText::new("Marking (TLP)").strong()).id;
        let shown = match marking.tlp {
            Some(tlp) => tlp.code().to_owned(),
            None => format!("The case's ({})", case_tlp.code()),
        };
        egui::ComboBox::from_id_salt("object-marking")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut marking.tlp,
                    None,
                    format!("The case's ({})", case_tlp.code()),
                )
                .on_hover_text("Follows the case's marking when that changes");
                for tlp in Tlp::ALL {
                    ui.selectable_value(&mut marking.tlp, Some(*tlp), tlp.code())
                        .on_hover_text(tlp.rules());
                }
            })
            .response
            .labelled_by(label_id);
        if !unmarked.is_empty() {
            ui.menu_button(RichText::new("Mark a field apart…").small(), |ui| {
                for field in &unmarked {
                    ui.menu_button(*field, |ui| {
                        for tlp in Tlp::ALL.iter().filter(|t| **t > level) {
                            if ui.button(tlp.code()).clicked() {
                                marking.fields.insert((*field).to_owned(), *tlp);
                                ui.close();
                            }
                        }
                    });
                }
            })
            .response
            .on_hover_text("Give one field a stricter marking than the object: outputs at a laxer label leave that field out");
        }
    });
    if level > case_tlp {
        ui.label(
            RichText::new(format!(
                "Stricter than the case ({}): briefings, figures and bundles at the case's label leave it out.",
                case_tlp.code()
            ))
            .small()
            .color(ui.visuals().warn_fg_color),
        );
    }
    // Fields marked apart (from a STIX granular marking, or set here).
    let mut remove = None;
    for (field, tlp) in &marking.fields {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Its {field} is marked")).small());
            tlp_chip(ui, *tlp);
            if ui
                .small_button("×")
                .on_hover_text(format!("Mark the {field} as the object is"))
                .clicked()
            {
                remove = Some(field.clone());
            }
        });
    }
    if let Some(field) = remove {
        marking.fields.remove(&field);
    }
}

/// What an output at `label` leaves out, listed for the analyst (collapsed when long).
pub fn withheld_ui(ui: &mut Ui, salt: &str, label: Tlp, withheld: &[Withheld]) {
    if withheld.is_empty() {
        ui.label(
            RichText::new(format!(
                "Nothing in the case is marked stricter than {}: all of it goes.",
                label.code()
            ))
            .small(),
        );
        return;
    }
    let whole = withheld.iter().filter(|w| w.is_whole()).count();
    let heading = format!(
        "Left out at {}: {} (this list is not in the output)",
        label.code(),
        crate::model::marking::left_out_summary(whole, withheld.len() - whole)
    );
    egui::CollapsingHeader::new(RichText::new(heading).color(ui.visuals().warn_fg_color))
        .id_salt(salt)
        .default_open(withheld.len() <= 8)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt((salt, "list"))
                .max_height(140.0)
                .show(ui, |ui| {
                    for item in withheld.iter().take(500) {
                        ui.label(
                            RichText::new(crate::text::one_line_visible(&item.to_string())).small(),
                        );
                    }
                    if withheld.len() > 500 {
                        ui.label(format!("… and {} more", withheld.len() - 500));
                    }
                });
        });
}
