//! All quoting of stackc, in one place.
//!
//! - [`sh`]: one word for bash or POSIX `sh`, read back byte for byte. The
//!   generated scripts carry a bash twin of it (`_sc_quote`) that quotes
//!   runtime values the same way, so `up.sh --dry-run` prints exactly what
//!   `stackc argv --format shell` prints.
//! - [`csv_field`]: one field of a docker `--mount` value, which docker reads
//!   as a CSV record.

use std::borrow::Cow;

/// Quote `word` so that bash and POSIX `sh` read it back as exactly `word`:
/// unquoted when it only holds `[A-Za-z0-9_=/,.+-]`, else single-quoted with
/// `'` and `!` written as `'\''` and `'\!'`.
pub fn sh(word: &str) -> String {
    shell_escape::unix::escape(Cow::Borrowed(word)).into_owned()
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
    fn csv_fields_quote_commas_and_quotes() {
        assert_eq!(csv_field("source=/srv/data"), "source=/srv/data");
        assert_eq!(csv_field("source=/a,b"), "\"source=/a,b\"");
        assert_eq!(csv_field("source=/a\"b"), "\"source=/a\"\"b\"");
    }
}
