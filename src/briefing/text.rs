//! Case text made inert for a briefing, and dates in words.
//!
//! Control characters and characters that hide or reorder text (bidi overrides and isolates,
//! zero-width marks, the byte-order mark) are replaced by a visible `[U+202E]`, and where they
//! were found is listed for the reader, so nothing in a briefing can be hidden or reordered by
//! the case's text. Escaping for HTML or Markdown is the writers' business, after this.

use crate::model::{DatePrecision, PartialDate};
use crate::text::is_hidden_or_reordering;
use chrono::{DateTime, Datelike, Utc};

/// `text` with every hidden or direction-changing character written as `[U+XXXX]`, newlines
/// kept (they separate paragraphs) and tabs made spaces; `None` when nothing had to change.
pub fn inert(text: &str) -> Option<String> {
    let needs = text
        .chars()
        .any(|c| c != '\n' && (c == '\t' || is_hidden_or_reordering(c)));
    if !needs {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_hidden_or_reordering(c) => {
                out.push_str(&format!("[U+{:04X}]", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Makes case text inert and remembers where something had to be shown.
#[derive(Debug, Default)]
pub(super) struct TextGuard {
    pub places: Vec<String>,
}

impl TextGuard {
    /// `text`, inert; if it held hidden characters, `place()` is noted for the reader.
    pub fn clean(&mut self, text: &str, place: impl FnOnce() -> String) -> String {
        match inert(text) {
            None => text.to_owned(),
            Some(shown) => {
                let hidden = text
                    .chars()
                    .any(|c| c != '\n' && c != '\t' && is_hidden_or_reordering(c));
                if hidden {
                    let place = place();
                    if !self.places.contains(&place) {
                        self.places.push(place);
                    }
                }
                shown
            }
        }
    }

    /// Paragraphs of `text` (split at blank lines, lines inside one joined), inert.
    pub fn paragraphs(&mut self, text: &str, place: impl FnOnce() -> String) -> Vec<String> {
        let clean = self.clean(text, place);
        clean
            .split("\n\n")
            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// One line: newlines become spaces.
    pub fn line(&mut self, text: &str, place: impl FnOnce() -> String) -> String {
        self.clean(text, place).replace('\n', " ").trim().to_owned()
    }

    /// The reader's warnings: at most 20 places, then how many more.
    pub fn warnings(&self) -> Vec<String> {
        if self.places.is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            "The case text holds hidden or direction-changing characters. They are shown where they stand as [U+…] codes so that nothing is hidden or reordered; check these places:".to_owned(),
        ];
        out.extend(self.places.iter().take(20).cloned());
        if self.places.len() > 20 {
            out.push(format!("… and {} more places", self.places.len() - 20));
        }
        out
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as a reader says it: "25 December 2023", "July 2022", "2022"; minutes in UTC.
pub fn human_date(date: PartialDate) -> String {
    let s = date.start();
    let month = MONTHS[s.month0() as usize];
    match date.precision() {
        DatePrecision::Year => format!("{}", s.year()),
        DatePrecision::Month => format!("{month} {}", s.year()),
        DatePrecision::Day => format!("{} {month} {}", s.day(), s.year()),
        DatePrecision::Minute => format!(
            "{} {month} {}, {} UTC",
            s.day(),
            s.year(),
            s.format("%H:%M")
        ),
    }
}

/// The day of an instant, in words.
pub fn human_day(at: DateTime<Utc>) -> String {
    format!(
        "{} {} {}",
        at.day(),
        MONTHS[at.month0() as usize],
        at.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_reordering_characters_are_shown_not_kept() {
        assert_eq!(inert("plain text"), None);
        assert_eq!(inert("two\nlines"), None);
        assert_eq!(
            inert("evil\u{202E}gpj.exe").as_deref(),
            Some("evil[U+202E]gpj.exe")
        );
        assert_eq!(
            inert("a\u{200B}b\u{FEFF}").as_deref(),
            Some("a[U+200B]b[U+FEFF]")
        );
        assert_eq!(inert("bell\u{7}").as_deref(), Some("bell[U+0007]"));
        assert_eq!(inert("tab\there").as_deref(), Some("tab here"));
        assert_eq!(
            inert("\u{2066}isolate\u{2069}").as_deref(),
            Some("[U+2066]isolate[U+2069]")
        );
    }

    #[test]
    fn the_guard_lists_each_place_once_and_only_for_hidden_characters() {
        let mut guard = TextGuard::default();
        guard.clean("tab\tonly", || "a tab".into());
        assert!(guard.places.is_empty(), "a tab is not hidden");
        guard.clean("x\u{202E}y", || "actor X (name)".into());
        guard.clean("x\u{202E}y", || "actor X (name)".into());
        assert_eq!(guard.places, ["actor X (name)"]);
        assert_eq!(guard.warnings().len(), 2);
        assert_eq!(
            guard.paragraphs("one\nline\n\n second ", String::new),
            ["one line", "second"]
        );
    }

    #[test]
    fn dates_read_as_words_at_their_precision() {
        let day: PartialDate = "2023-12-25".parse().unwrap();
        let month: PartialDate = "2022-07".parse().unwrap();
        let year: PartialDate = "2022".parse().unwrap();
        assert_eq!(human_date(day), "25 December 2023");
        assert_eq!(human_date(month), "July 2022");
        assert_eq!(human_date(year), "2022");
    }
}
