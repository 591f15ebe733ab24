//! Text from outside (a stack, its file name, a value) as a person reads
//! it: on a terminal, in a message, in a comment of a generated file.
//!
//! [`shown`] is the one function that makes such text safe to print: every
//! character that a terminal, an editor or a parser of comments would
//! treat as other than itself is escaped visibly.

/// Whether `c` must not reach a terminal or a comment as itself: control
/// characters (C0, DEL, C1, which terminals read as commands such as
/// "clear the screen" or "write the clipboard"), line and paragraph
/// separators (U+2028/2029, which end a line for some readers), and the
/// bidirectional formatting characters (which reorder what a reviewer
/// sees).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every [`is_unsafe`] character escaped as Rust writes it
/// (`\n`, `\t`, `\u{1b}`), so that it stays on its line and shows what it
/// holds.
pub fn shown(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(shown("plain é ü"), "plain é ü");
        assert_eq!(shown("a\nb"), "a\\nb");
        assert_eq!(shown("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(shown("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(shown("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(shown("\u{2028}"), "\\u{2028}");
        assert!(!shown("\u{7f}").contains('\u{7f}'));
    }
}
