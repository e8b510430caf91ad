//! Text safety: untrusted text (from a case, a bundle, a note beside a file) made inert before
//! anyone sees it. Control characters and characters that hide or reorder text (bidi
//! overrides and isolates, zero-width marks, the byte-order mark) are found here, and shown as
//! visible marks (`[U+202E]`) by every writer: briefings, figures, the terminal, the window.

/// Characters that change the order or visibility of text around them, or control characters.
pub fn is_hidden_or_reordering(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Untrusted text on one line, every control character (line breaks and escape sequences
/// among them) and every character that hides or reorders text shown as a visible `[U+202E]`,
/// never obeyed: for terminals and for messages that quote a case or a file.
pub fn one_line_visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden_or_reordering(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `n` and a noun that agrees with it: "1 hop", "3 hops", "1 item of evidence".
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A name quoted for a message, on one line and cut to `max_chars` characters.
pub fn quoted(name: &str, max_chars: usize) -> String {
    format!("“{}”", shortened(name, max_chars))
}

/// Text on one visible line, cut to `max_chars` with "…" where it was cut.
pub fn shortened(text: &str, max_chars: usize) -> String {
    let line = one_line_visible(text);
    let mut chars = line.chars();
    let cut: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// An input/output error in words a user can act on, with the system's own wording after it
/// for whoever supports them: "there is no file at that path (the system says: No such file or
/// directory (os error 2))".
pub fn plain_io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let plain = match error.kind() {
        ErrorKind::NotFound => {
            "there is no file at that path (it may have been moved, renamed or deleted)"
        }
        ErrorKind::PermissionDenied => "your account is not allowed to open it",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::ReadOnlyFilesystem => "the disk or share is read-only",
        ErrorKind::TimedOut => "the disk or share did not answer in time",
        _ => return error.to_string(),
    };
    format!("{plain} (the system says: {error})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_and_names_are_quoted_on_one_line_and_cut() {
        assert_eq!(counted(1, "hop", "hops"), "1 hop");
        assert_eq!(counted(0, "hop", "hops"), "0 hops");
        assert_eq!(
            counted(3, "item of evidence", "items of evidence"),
            "3 items of evidence"
        );
        assert_eq!(quoted("NATO", 40), "“NATO”");
        // A line break in a name is shown, not obeyed.
        assert_eq!(quoted("Albanian\nairline", 40), "“Albanian[U+000A]airline”");
        assert_eq!(quoted("abcdefghij", 4), "“abcd…”");
    }

    #[test]
    fn io_errors_are_said_in_plain_words_with_the_systems_after() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let text = plain_io_error(&missing);
        assert!(text.starts_with("there is no file at that path"), "{text}");
        assert!(text.contains("the system says:"), "{text}");
        let other = std::io::Error::other("strange");
        assert_eq!(plain_io_error(&other), "strange");
    }
}
