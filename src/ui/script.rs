//! Case text in Arabic script (Arabic, Persian, Urdu) on screen.
//!
//! egui's own fonts have no Arabic letters, and egui lays text out left to right one font run
//! at a time: given a font with the letters, it shapes each run of Arabic in the right
//! direction, but the space between two Arabic words comes from the Latin font, so a name of
//! two words is cut into two runs and shown in the wrong order; and its caret and selection
//! lose count in a shaped right-to-left run. So the Noto Sans Arabic that Casebook bundles for
//! its exports goes into a family of its own, and case text that holds right-to-left script
//! is laid out here: for display, as a job of directional runs from Unicode's bidirectional
//! algorithm (UAX #9), each run of Arabic words shaped whole in that family and the runs placed
//! in visual order ([`layout_job`], [`label`]); in text fields, one glyph per letter in stored
//! order, with how the text reads shown under the field ([`edit_layouter`], [`reading`]).
//!
//! Characters that reorder or hide text (bidi overrides and isolates, zero-width marks) are
//! shown as a visible replacement character first, as in the figures, so case text cannot
//! reorder itself on screen ("evil\u{202E}gpj.exe").

use crate::text::is_hidden_or_reordering;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId};
use std::ops::Range;
use std::sync::Arc;
use unicode_bidi::BidiInfo;

/// The name egui knows the bundled Arabic font by.
const ARABIC_FONT: &str = "Noto Sans Arabic";
/// The family right-to-left runs are set in: the Arabic font first, so that the spaces and
/// punctuation inside a run come from the same font and the run is shaped as one.
const RIGHT_TO_LEFT_FAMILY: &str = "casebook-right-to-left";

/// The font families the app draws with: egui's own, and the family for right-to-left runs,
/// led by the bundled Arabic font. egui's own families do not fall back to it: egui's text
/// fields would then shape Arabic in them and lose track of the caret (egui 0.37 gives a
/// right-to-left run more glyphs than letters), so case text comes here through
/// [`layout_job`] and [`edit_layouter`], and egui's own text keeps its boxes for Arabic.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        ARABIC_FONT.to_owned(),
        Arc::new(
            egui::FontData::from_static(crate::fonts::ARABIC_REGULAR).tweak(egui::FontTweak {
                // Set to the line height of egui's font (see `formats`), Noto Sans Arabic's
                // much deeper descent leaves its baseline 0.04 em above the Latin one.
                y_offset_factor: 0.04,
                ..Default::default()
            }),
        ),
    );
    let mut right_to_left = vec![ARABIC_FONT.to_owned()];
    right_to_left.extend(fonts.families[&FontFamily::Proportional].iter().cloned());
    fonts
        .families
        .insert(FontFamily::Name(RIGHT_TO_LEFT_FAMILY.into()), right_to_left);
    fonts
}

/// Whether `c` belongs to a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms, and the historic scripts of the supplementary planes).
fn is_right_to_left(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
    )
}

/// Whether `c` is a mark written over or under an Arabic letter (vowels, shadda, Quranic
/// marks).
fn is_arabic_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x08D3..=0x08FF)
}

/// Whether `text` holds any right-to-left script, which egui's own text cannot show.
pub fn has_right_to_left(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(is_right_to_left)
}

/// `text` ready for the screen: characters that reorder or hide text made visible.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if text
        .chars()
        .any(|c| c != '\n' && is_hidden_or_reordering(c))
    {
        text.chars()
            .map(|c| {
                if c != '\n' && is_hidden_or_reordering(c) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// Which way a line of text runs as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// The way of its first letter, as a browser's `dir="auto"`: case text shown on its own
    /// (a name, a title), so a Persian title reads right to left with its English words in it.
    FirstStrong,
    /// Left to right: a line the app composes in English around case text ("· relationship:
    /// عدالت میهن targets …"), so the English reads in order whatever the names are.
    LeftToRight,
}

/// The base direction for the name of an object of `kind` in a list: case text on its own for
/// actors, events, sources and analyses; a composed English line for the rest ("… targets …",
/// "B2 … on …").
pub fn base_for(kind: Option<crate::model::ObjectKind>) -> Base {
    use crate::model::ObjectKind::{Actor, Analysis, Event, Source};
    match kind {
        Some(Actor | Event | Source | Analysis) => Base::FirstStrong,
        _ => Base::LeftToRight,
    }
}

/// The directional runs of each line of `text`, in visual order: byte ranges into `text`,
/// each with whether it runs right to left. Line breaks are kept as runs of their own at the
/// end of their line.
fn visual_runs(text: &str, base: Base) -> Vec<(Range<usize>, bool)> {
    let level = match base {
        Base::FirstStrong => None,
        Base::LeftToRight => Some(unicode_bidi::Level::ltr()),
    };
    let info = BidiInfo::new(text, level);
    let mut out = Vec::new();
    for paragraph in &info.paragraphs {
        let range = paragraph.range.clone();
        let line_end = range.start + text[range.clone()].trim_end_matches(['\n', '\r']).len();
        if line_end > range.start {
            let (levels, runs) = info.visual_runs(paragraph, range.start..line_end);
            out.extend(runs.into_iter().map(|run| {
                let right_to_left = levels[run.start].is_rtl();
                (run, right_to_left)
            }));
        }
        if line_end < range.end {
            out.push((line_end..range.end, false));
        }
    }
    out
}

/// Whether `c` is drawn from the Arabic font inside a right-to-left run: its letters and
/// marks, and the spaces between its words. Other characters there (brackets, Latin
/// punctuation) come from egui's fonts, which makes a run of their own for the shaper.
fn set_in_arabic_font(c: char) -> bool {
    is_right_to_left(c) || c == ' ' || c == '\u{A0}'
}

/// The glyph a mirrored character takes in right-to-left text (Unicode's Bidi_Mirrored pairs
/// among the punctuation case text uses): an opening bracket at the right of a word opens
/// towards the left.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

/// The formats of the two directions at `font`'s size: right-to-left runs in the Arabic
/// family, held to the line height of `font` so that a line with Arabic in it is as tall as
/// any other and the scripts share a baseline.
fn formats(ctx: &egui::Context, font: FontId, colour: Color32) -> (TextFormat, TextFormat) {
    let line_height = ctx.fonts_mut(|fonts| fonts.row_height(&font));
    let mut right_to_left = TextFormat::simple(
        FontId::new(font.size, FontFamily::Name(RIGHT_TO_LEFT_FAMILY.into())),
        colour,
    );
    right_to_left.line_height = Some(line_height);
    (TextFormat::simple(font, colour), right_to_left)
}

/// `text` laid out for a label, a list row or a figure on screen: its runs placed in visual
/// order, each right-to-left stretch of Arabic script shaped whole, the punctuation between
/// them placed and mirrored as right-to-left text wants. Text with no right-to-left script is
/// one plain section, as egui would lay it out anyway.
pub fn layout_job(
    ctx: &egui::Context,
    text: &str,
    base: Base,
    font: FontId,
    colour: Color32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // Printable ASCII, most labels of most cases: nothing to show or turn.
        job.append(text, 0.0, TextFormat::simple(font, colour));
        return job;
    }
    let text = shown(text);
    if !has_right_to_left(&text) {
        job.append(&text, 0.0, TextFormat::simple(font, colour));
        return job;
    }
    let (left_to_right, right_to_left) = formats(ctx, font, colour);
    for (range, is_rtl) in visual_runs(&text, base) {
        let run = &text[range];
        if !is_rtl {
            job.append(run, 0.0, left_to_right.clone());
            continue;
        }
        // egui places what it shapes from left to right, so the stretches of a right-to-left
        // run go in from its end; the shaper turns each stretch of Arabic around itself.
        for (stretch, arabic) in stretches(run).into_iter().rev() {
            if arabic {
                job.append(stretch, 0.0, right_to_left.clone());
            } else {
                let turned: String = stretch.chars().rev().map(mirrored).collect();
                job.append(&turned, 0.0, left_to_right.clone());
            }
        }
    }
    job
}

/// `run` cut where it passes between the Arabic font and egui's fonts, in stored order, each
/// piece with whether it is set in the Arabic font.
fn stretches(run: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut arabic = None;
    for (at, c) in run.char_indices() {
        let this = set_in_arabic_font(c);
        if arabic.is_some_and(|a| a != this) {
            out.push((&run[start..at], !this));
            start = at;
        }
        arabic = Some(this);
    }
    if let Some(arabic) = arabic {
        out.push((&run[start..], arabic));
    }
    out
}

/// The text of an editable field laid out in the order it is stored, one glyph per letter, as
/// egui's caret needs: each letter of right-to-left script is shaped on its own (in its
/// isolated form) from the Arabic font, so it can be seen and edited where it is stored;
/// [`reading`] shows beside the field how the text reads. `None` for text with no
/// right-to-left script, which egui lays out as it always does.
fn editable_layout_job(
    ctx: &egui::Context,
    text: &str,
    font: FontId,
    colour: Color32,
) -> Option<LayoutJob> {
    if !has_right_to_left(text) {
        return None;
    }
    let (left_to_right, right_to_left) = formats(ctx, font, colour);
    let mut job = LayoutJob::default();
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if is_arabic_mark(c)
            && let Some(last) = job.sections.last_mut()
            && last.format == right_to_left
        {
            // A vowel mark goes with its letter: shaped alone it would get a dotted circle.
            job.text.push(c);
            last.byte_range.end = egui::text::ByteIndex(end);
        } else if is_right_to_left(c) {
            // A section of its own, never merged with its neighbour, so the shaper sees one
            // letter at a time.
            job.text.push(c);
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(at)..egui::text::ByteIndex(end),
                format: right_to_left.clone(),
            });
        } else {
            job.append(&text[at..end], 0.0, left_to_right.clone());
        }
    }
    Some(job)
}

/// A layouter for `TextEdit`s that hold case text: [`editable_layout_job`] when the text has
/// right-to-left script, egui's own layout otherwise.
pub fn edit_layouter(
    multiline: bool,
) -> impl FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> Arc<egui::Galley> {
    move |ui, text, wrap_width| {
        let font = egui::TextStyle::Body.resolve(ui.style());
        // What egui's own fields use: the inactive widget colour, and the row height plus the
        // extra line spacing.
        let visuals = ui.visuals();
        let colour = visuals
            .override_text_color
            .unwrap_or_else(|| visuals.widgets.inactive.text_color());
        let line_height =
            ui.fonts_mut(|fonts| fonts.row_height(&font)) + ui.spacing().extra_text_line_spacing;
        let mut job = editable_layout_job(ui.ctx(), text.as_str(), font.clone(), colour)
            .unwrap_or_else(|| {
                LayoutJob::simple(text.as_str().to_owned(), font, colour, f32::INFINITY)
            });
        for section in &mut job.sections {
            section.format.line_height = Some(line_height);
        }
        job.wrap.max_width = if multiline { wrap_width } else { f32::INFINITY };
        job.break_on_newline = multiline;
        // Trailing spaces stay visible while typing, as in egui's own fields.
        job.keep_trailing_whitespace = true;
        ui.fonts_mut(|fonts| fonts.layout_job(job))
    }
}

/// Under a field that holds right-to-left script, how its text reads, shaped and in visual
/// order (the field itself shows the letters one by one in the order they are stored).
pub fn reading(ui: &mut egui::Ui, text: &str) {
    if !has_right_to_left(text) {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Reads:");
        label(ui, text, Base::FirstStrong);
    });
}

/// A label of case text: [`widget_text`], not selectable (egui's text selection counts on one
/// glyph per character, which a shaped right-to-left run does not keep).
pub fn label(ui: &mut egui::Ui, text: &str, base: Base) -> egui::Response {
    ui.add(egui::Label::new(widget_text(ui, text, base)).selectable(false))
}

/// [`layout_job`] in the body font, for widgets that take any text; the widget gives it its
/// colour (selected, hovered), as it does plain text.
pub fn widget_text(ui: &egui::Ui, text: &str, base: Base) -> egui::WidgetText {
    if !has_right_to_left(text) {
        return shown(text).into_owned().into();
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    layout_job(ui.ctx(), text, base, font, Color32::PLACEHOLDER).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context with the app's fonts, after the first pass that loads them.
    fn context() -> egui::Context {
        let ctx = egui::Context::default();
        ctx.set_fonts(font_definitions());
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        ctx
    }

    /// The sections of `job`: their text, and whether each is set in the Arabic family.
    fn sections(job: &LayoutJob) -> Vec<(&str, bool)> {
        job.sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.font_id.family == FontFamily::Name(RIGHT_TO_LEFT_FAMILY.into()),
                )
            })
            .collect()
    }

    fn runs(text: &str) -> Vec<(&str, bool)> {
        visual_runs(text, Base::FirstStrong)
            .into_iter()
            .map(|(range, rtl)| (&text[range], rtl))
            .collect()
    }

    #[test]
    fn words_of_a_right_to_left_name_stay_in_one_run() {
        // "Ministry of Intelligence" in Persian: three words, one run, spaces inside it.
        let name = "وزارت اطلاعات ایران";
        assert_eq!(runs(name), vec![(name, true)]);
    }

    #[test]
    fn runs_of_mixed_text_come_in_visual_order() {
        // A left-to-right line keeps its order; the Persian name inside it is one run.
        assert_eq!(
            runs("MOIS (وزارت اطلاعات) since 1984"),
            vec![
                ("MOIS (", false),
                ("وزارت اطلاعات", true),
                (") since 1984", false),
            ]
        );
        // A right-to-left line: the Latin and the number after it run left to right inside
        // it, and the runs are placed from the right, so the first in memory is the rightmost.
        assert_eq!(
            runs("عدالت میهن HJ 2022"),
            vec![("HJ 2022", false), ("عدالت میهن ", true)]
        );
    }

    #[test]
    fn a_composed_english_line_runs_left_to_right_whatever_its_names() {
        let line = "عدالت میهن targets Albanian Parliament";
        assert_eq!(
            visual_runs(line, Base::LeftToRight)
                .into_iter()
                .map(|(range, rtl)| (&line[range], rtl))
                .collect::<Vec<_>>(),
            vec![
                ("عدالت میهن", true),
                (" targets Albanian Parliament", false)
            ]
        );
        // On its own, the same line would start from the right.
        assert_eq!(runs(line).last(), Some(&("عدالت میهن ", true)));
    }

    #[test]
    fn each_line_is_ordered_on_its_own() {
        assert_eq!(
            runs("Homeland Justice\nعدالت میهن"),
            vec![
                ("Homeland Justice", false),
                ("\n", false),
                ("عدالت میهن", true)
            ]
        );
    }

    #[test]
    fn characters_that_reorder_text_are_shown_not_obeyed() {
        let ctx = context();
        let job = layout_job(
            &ctx,
            "evil\u{202E}gpj.exe",
            Base::FirstStrong,
            FontId::default(),
            Color32::WHITE,
        );
        assert_eq!(job.text, "evil\u{FFFD}gpj.exe");
        let job = layout_job(
            &ctx,
            "عدالت\u{202D}میهن",
            Base::FirstStrong,
            FontId::default(),
            Color32::WHITE,
        );
        assert!(!job.text.contains('\u{202D}'));
        assert!(job.text.contains('\u{FFFD}'));
    }

    #[test]
    fn right_to_left_runs_are_set_in_the_arabic_family_with_the_line_height_of_the_rest() {
        let ctx = context();
        let font = FontId::proportional(14.0);
        let job = layout_job(
            &ctx,
            "Homeland Justice (عدالت میهن)",
            Base::FirstStrong,
            font.clone(),
            Color32::WHITE,
        );
        assert_eq!(
            sections(&job),
            vec![
                ("Homeland Justice (", false),
                ("عدالت میهن", true),
                (")", false)
            ]
        );
        let line = ctx.fonts_mut(|f| f.row_height(&font));
        assert!(
            job.sections
                .iter()
                .all(|s| s.format.line_height.is_none_or(|h| h == line))
        );
        let latin = layout_job(
            &ctx,
            "Homeland Justice",
            Base::FirstStrong,
            font,
            Color32::WHITE,
        );
        assert_eq!(latin.sections.len(), 1);
    }

    #[test]
    fn brackets_inside_right_to_left_text_are_placed_and_mirrored() {
        let ctx = context();
        // "(Homeland Justice)" after the Persian name, in a right-to-left line: from the left,
        // the mirrored closing bracket, the English, the mirrored opening one, then the name.
        let job = layout_job(
            &ctx,
            "عدالت میهن (Homeland Justice)",
            Base::FirstStrong,
            FontId::default(),
            Color32::WHITE,
        );
        assert_eq!(job.text, "(Homeland Justice)عدالت میهن ");
        assert_eq!(sections(&job).last(), Some(&("عدالت میهن ", true)));
        // A bracket between Arabic words: the words on either side are placed from the right.
        let job = layout_job(
            &ctx,
            "عدالت (میهن)",
            Base::FirstStrong,
            FontId::default(),
            Color32::WHITE,
        );
        assert_eq!(
            sections(&job),
            vec![("(", false), ("میهن", true), (")", false), ("عدالت ", true)]
        );
    }

    #[test]
    fn an_editable_field_gets_one_glyph_per_letter_in_stored_order() {
        // egui's caret and selection count on one glyph per character, in the stored order;
        // a right-to-left run shaped whole breaks that (19 glyphs for these 10 letters).
        let ctx = context();
        for text in ["عدالت میهن", "Homeland Justice (عدالت میهن) 2022", "بِسْمِ"]
        {
            let job = editable_layout_job(&ctx, text, FontId::default(), Color32::WHITE)
                .expect("the text holds Arabic script");
            assert_eq!(job.text, text, "the caret indexes the stored text");
            let galley = ctx.fonts_mut(|f| f.layout_job(job));
            let glyphs: Vec<char> = galley
                .rows
                .iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.chr))
                .collect();
            assert_eq!(glyphs.len(), text.chars().count(), "{text}: {glyphs:?}");
            let xs: Vec<f32> = galley.rows[0].glyphs.iter().map(|g| g.pos.x).collect();
            if !text.chars().any(is_arabic_mark) {
                assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{text}: {xs:?}");
            }
        }
        assert!(editable_layout_job(&ctx, "Homeland", FontId::default(), Color32::WHITE).is_none());
    }

    #[test]
    fn only_the_right_to_left_family_holds_the_arabic_font() {
        let fonts = font_definitions();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            assert!(!fonts.families[&family].iter().any(|f| f == ARABIC_FONT));
        }
        let rtl = &fonts.families[&FontFamily::Name(RIGHT_TO_LEFT_FAMILY.into())];
        assert_eq!(rtl[0], ARABIC_FONT);
        assert!(
            rtl.len() > 1,
            "Latin letters inside a right-to-left run still have a font"
        );
    }
}
