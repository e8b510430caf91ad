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
