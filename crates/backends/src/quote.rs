//! All quoting of stackc, in one place.
//!
//! - [`sh`]: one word for bash, read back byte for byte, on one line: a
//!   word with a character a terminal would obey (a newline, an escape, a
//!   C1 control, a line separator, a bidirectional override; see
//!   [`stackc_ir::text::is_unsafe`]) is written `$'…'` with that character
//!   escaped, any other word as shell-escape's POSIX rules quote it. The
//!   generated scripts carry a bash twin of it (`_sc_quote`), so that
//!   `up.sh --dry-run` prints exactly what `stackc argv --format shell`
//!   prints, one command per line whatever the arguments hold.
//! - [`posix`]: one word for a POSIX `sh` (`/bin/sh -c` in a container:
//!   a healthcheck's command line), which has no `$'…'`; the scripts' twin
//!   is `_sc_sh_word`.
//! - [`csv_field`]: one field of a docker `--mount` value, which docker reads
//!   as a CSV record.

/// Quote `word` so that bash reads it back as exactly `word`, on one line:
/// unquoted when it only holds `[A-Za-z0-9_=/,.+-]`; `$'…'` when it holds a
/// character [`stackc_ir::text::is_unsafe`] names (`\`, `'`, `\n`, `\t`,
/// `\r` escaped as such, every other byte of such a character as `\xHH`);
/// else single-quoted with `'` and `!` written as `'\''` and `'\!'`.
pub fn sh(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    sh_into(&mut out, word);
    out
}

/// [`sh`], appended to `out`.
pub fn sh_into(out: &mut String, word: &str) {
    // Most words are plain ASCII: one pass over the bytes decides.
    if !word.is_empty() && word.bytes().all(plain_byte) {
        out.push_str(word);
        return;
    }
    if !word.chars().any(stackc_ir::text::is_unsafe) {
        posix_into(out, word);
        return;
    }
    out.reserve(word.len() + 8);
    out.push_str("$'");
    for c in word.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if stackc_ir::text::is_unsafe(c) => {
                for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// A byte that needs no quotes (shell-escape's unquoted set:
/// `[A-Za-z0-9_=/,.+-]`).
fn plain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'/' | b',' | b'.' | b'+')
}

/// Quote `word` for a POSIX `sh`: unquoted when it only holds
/// `[A-Za-z0-9_=/,.+-]`, else single-quoted with `'` and `!` written as
/// `'\''` and `'\!'` (newlines stay inside the quotes).
pub fn posix(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    posix_into(&mut out, word);
    out
}

/// [`posix`], appended to `out`: shell-escape's POSIX rules; a plain word
/// (the most common) is appended as it is without asking it.
fn posix_into(out: &mut String, word: &str) {
    if !word.is_empty() && word.bytes().all(plain_byte) {
        out.push_str(word);
        return;
    }
    out.push_str(&shell_escape::unix::escape(std::borrow::Cow::Borrowed(
        word,
    )));
}

/// Whether a CSV field needs double quotes to be read back as written.
pub fn csv_needs_quotes(field: &str) -> bool {
    field.is_empty()
        || field.contains([',', '"', '\n', '\r'])
        || field.starts_with([' ', '\t'])
        || field.ends_with([' ', '\t'])
}

/// One CSV field: as is when safe, else double-quoted with `"` doubled.
pub fn csv_field(field: &str) -> String {
    if csv_needs_quotes(field) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sh_quotes_only_when_needed() {
        assert_eq!(sh("--name=demo-web-1"), "--name=demo-web-1");
        assert_eq!(sh(""), "''");
        assert_eq!(sh("a b"), "'a b'");
        assert_eq!(sh("it's!"), r"'it'\''s'\!''");
        assert_eq!(sh("$HOME `x`"), "'$HOME `x`'");
    }

    #[test]
    fn sh_keeps_a_word_on_one_line() {
        assert_eq!(sh("a\nb"), r"$'a\nb'");
        assert_eq!(sh("it's\t\\"), r"$'it\'s\t\\'");
        assert_eq!(sh("\u{1b}[2J"), r"$'\x1b[2J'");
        assert_eq!(sh("x\u{9b}y"), r"$'x\xc2\x9by'");
        assert_eq!(sh("é\u{202e}"), r"$'é\xe2\x80\xae'");
        assert!(!sh("\u{7f}").contains('\u{7f}'));
    }

    #[test]
    fn the_plain_words_are_shell_escapes() {
        // The fast path leaves unquoted exactly what shell-escape does.
        for c in (0u8..0x80).map(char::from) {
            for word in [c.to_string(), format!("a{c}b")] {
                let theirs = shell_escape::unix::escape(std::borrow::Cow::Borrowed(word.as_str()));
                assert_eq!(posix(&word), theirs, "{word:?}");
            }
        }
    }

    #[test]
    fn posix_never_uses_dollar_quotes() {
        assert_eq!(posix("a\nb"), "'a\nb'");
    }

    #[test]
    fn csv_fields_quote_commas_and_quotes() {
        assert_eq!(csv_field("source=/srv/data"), "source=/srv/data");
        assert_eq!(csv_field("source=/a,b"), "\"source=/a,b\"");
        assert_eq!(csv_field("source=/a\"b"), "\"source=/a\"\"b\"");
    }
}
