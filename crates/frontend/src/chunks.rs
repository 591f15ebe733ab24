//! One stack file parsed a service at a time, for memory.
//!
//! `toml`'s parser lexes the whole text into a vector of tokens, then a
//! vector of events, before it builds the tree: on a large stack these
//! vectors outweigh the tree itself. Here `toml_parser`'s lexer (which
//! allocates nothing) finds the `[services.NAME]` headers at the top level,
//! and the text is parsed in pieces cut before each of them: the part
//! before the first (the prelude), then one piece per service. The trees of
//! the pieces, their spans shifted to the whole text, are joined into the
//! tree the whole text would give.
//!
//! That holds when each piece after the prelude defines exactly one new
//! service and nothing else, and the prelude has no `services` key; then
//! the pieces are what TOML's rules make of the whole text, key for key and
//! span for span. Otherwise, and whenever a piece has a syntax error, the
//! whole text is parsed at once, as before: the errors and their spans are
//! then exactly `toml`'s.

use toml::de::{DeTable, DeValue};
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

use crate::decode::{Key, Value};

/// What [`DeTable::parse_recoverable`] gives for `text`: its tree and its
/// errors.
pub(crate) fn parse(text: &str) -> (DeTable<'_>, Vec<toml::de::Error>) {
    match split(text).and_then(|split| joined(text, split)) {
        Some(root) => (root, Vec::new()),
        None => {
            let (root, errors) = DeTable::parse_recoverable(text);
            (root.into_inner(), errors)
        }
    }
}

/// A text cut before its `[services.NAME]` headers: the tree of the part
/// before the first (without errors and without `services`), and the cuts.
pub(crate) struct Split<'i> {
    pub(crate) prelude: DeTable<'i>,
    cuts: Vec<(usize, &'i str)>,
}

/// `text` cut in pieces; `None` when it has no cut or its prelude cannot
/// be read on its own.
pub(crate) fn split(text: &str) -> Option<Split<'_>> {
    let cuts = service_headers(text);
    let first = cuts.first()?.0;
    let (prelude, errors) = DeTable::parse_recoverable(&text[..first]);
    let prelude = prelude.into_inner();
    (errors.is_empty() && !prelude.contains_key("services")).then_some(Split { prelude, cuts })
}

/// One piece of a [`Split`]: its service's key and table, spans into the
/// whole text, and the key and span of its `services`.
pub(crate) struct Piece<'i> {
    pub(crate) key: Key<'i>,
    pub(crate) value: Value<'i>,
    services: (Key<'i>, std::ops::Range<usize>),
}

impl<'i> Split<'i> {
    /// How many pieces follow the prelude.
    pub(crate) fn len(&self) -> usize {
        self.cuts.len()
    }

    /// The `i`th piece after the prelude, parsed; `None` when it has an
    /// error or does not define its one service alone.
    pub(crate) fn piece(&self, text: &'i str, i: usize) -> Option<Piece<'i>> {
        let (start, name) = self.cuts[i];
        let end = self.cuts.get(i + 1).map_or(text.len(), |c| c.0);
        let (piece, errors) = DeTable::parse_recoverable(&text[start..end]);
        if !errors.is_empty() {
            return None;
        }
        let mut piece = piece.into_inner().into_iter();
        let (key, value) = piece.next().filter(|_| piece.next().is_none())?;
        if key.get_ref().as_ref() != "services" {
            return None;
        }
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            return None;
        };
        let mut entries = table.into_iter();
        let (service, body) = entries.next().filter(|_| entries.next().is_none())?;
        (service.get_ref().as_ref() == name).then(|| Piece {
            key: shift(service, start),
            value: shift_value(body, start),
            services: (shift(key, start), span.start + start..span.end + start),
        })
    }
}

/// The trees of the pieces joined into the prelude's; `None` when a piece
/// cannot be read on its own or names a service again.
fn joined<'i>(text: &'i str, split: Split<'i>) -> Option<DeTable<'i>> {
    let mut services = DeTable::new();
    let mut services_key = None;
    for i in 0..split.cuts.len() {
        let piece = split.piece(text, i)?;
        if services.contains_key(piece.key.get_ref().as_ref()) {
            return None;
        }
        services.insert(piece.key, piece.value);
        services_key.get_or_insert(piece.services);
    }
    let (key, span) = services_key?;
    let mut root = split.prelude;
    root.insert(key, toml::Spanned::new(span, DeValue::Table(services)));
    Some(root)
}

/// The `[services.NAME]` headers at the top level of `text` (a bare
/// `NAME`, written without spaces): where each starts, and `NAME`. Empty
/// when the brackets of the values do not balance (the whole text is then
/// parsed at once, and its errors reported as `toml` reports them).
fn service_headers(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut tokens = Source::new(text).lex().peekable();
    let mut depth = 0usize;
    let mut line_start = true;
    while let Some(token) = tokens.next() {
        match token.kind() {
            TokenKind::Eof => break,
            TokenKind::Newline => line_start |= depth == 0,
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::LeftSquareBracket if line_start && depth == 0 => {
                // A table header: up to the end of its line.
                let start = token.span().start();
                let mut end = token.span().end();
                while let Some(next) =
                    tokens.next_if(|t| !matches!(t.kind(), TokenKind::Newline | TokenKind::Eof))
                {
                    if !matches!(next.kind(), TokenKind::Whitespace | TokenKind::Comment) {
                        end = next.span().end();
                    }
                }
                if let Some(name) = service_name(&text[start..end]) {
                    out.push((start, name));
                }
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => {
                depth += 1;
                line_start = false;
            }
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                let Some(outer) = depth.checked_sub(1) else {
                    return Vec::new();
                };
                depth = outer;
                line_start = false;
            }
            _ => line_start = false,
        }
    }
    if depth != 0 {
        return Vec::new();
    }
    out
}

/// `NAME` of a header `[services.NAME]` with a bare key `NAME`.
fn service_name(header: &str) -> Option<&str> {
    let name = header.strip_prefix("[services.")?.strip_suffix(']')?;
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    (!name.is_empty() && name.chars().all(bare)).then_some(name)
}

/// `table` with every span moved `by` bytes on.
pub(crate) fn shift_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    if by == 0 {
        return table;
    }
    table
        .into_iter()
        .map(|(key, value)| (shift(key, by), shift_value(value, by)))
        .collect()
}

fn shift<T>(spanned: toml::Spanned<T>, by: usize) -> toml::Spanned<T> {
    let span = spanned.span();
    toml::Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

fn shift_value(value: Value<'_>, by: usize) -> Value<'_> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Array(items) => {
            let mut out = toml::de::DeArray::new();
            for item in items {
                out.push(shift_value(item, by));
            }
            DeValue::Array(out)
        }
        DeValue::Table(table) => DeValue::Table(shift_table(table, by)),
        other => other,
    };
    toml::Spanned::new(span.start + by..span.end + by, inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces give the tree of the whole text, spans included, and
    /// decoded a service at a time the same stack or the same diagnostics.
    fn same_as_whole(text: &str) {
        let (whole, errors) = DeTable::parse_recoverable(text);
        let (root, ours) = parse(text);
        assert_eq!(format!("{:?}", whole.into_inner()), format!("{root:?}"));
        assert_eq!(format!("{errors:?}"), format!("{ours:?}"));
        let decoded = format!("{:?}", crate::parse_all(&[text]));
        assert_eq!(decoded, format!("{:?}", crate::parse_tree(&[text])));
    }

    #[test]
    fn pieces_give_the_whole_tree() {
        let texts = [
            "[stack]\nname = \"x\"\n\n[services.a]\nimage = \"a\"\n[services.a.healthcheck]\ntest = [\"CMD\"]\n\n[services.b]\nimage = \"b\"\nports = [\n  \"1:1\",\n]\n",
            "[services.a]\nimage = \"a\"\n[services.b]\nimage = \"b\"\n",
            // Not cut: a header inside an array, a comment.
            "x = [\n[1],\n]\n# [services.c]\n[services.d]\nimage = 'd'\n  [services.e] # e\nimage = \"e\"\n",
            // Valid TOML, which the decoder refuses.
            "[services.a]\nimag = \"a\"\n[services.b]\n[services.c]\nimage = 1\n",
            // Whole: a quoted name in the prelude.
            "[services.\"a b\"]\nimage = \"a\"\n[services.d]\nimage = 'd'\n",
            // Whole: the prelude has services, or a piece defines more.
            "[services]\n[services.a]\nimage = \"a\"\n",
            "[services.a]\nimage = \"a\"\n[networks.n]\n",
            "[services.a]\nimage = \"a\"\n[services.b]\n[services.a.healthcheck]\n",
            // Errors: duplicates across pieces, syntax, unbalanced brackets.
            "[services.a]\nimage = \"a\"\n[services.a]\nimage = \"b\"\n",
            "[stack]\nname = \"s\"\n[services.a]\nimage = \"a\"\nbad = 1\n[services.b]\nimage = \"b\"\n[services.a]\n",
            "[services.a]\nimage = \n[services.b]\nimage = \"b\"\n",
            "a = [1,\n[services.b]\nimage = \"b\"\n",
            "a = 1]\n[services.b]\nimage = \"b\"\n",
            "\u{feff}[services.a]\r\nimage = \"a\"\r\n[services.b]\r\nimage = \"\\u0062\"\r\n",
        ];
        for text in texts {
            same_as_whole(text);
        }
        // The first four are read in pieces; the others whole.
        let cut = |text: &str| split(text).and_then(|split| joined(text, split)).is_some();
        let read_in_pieces: Vec<bool> = texts.iter().map(|text| cut(text)).collect();
        assert_eq!(read_in_pieces[..4], [true; 4]);
        assert!(read_in_pieces[4..13].iter().all(|&cut| !cut));
    }

    /// Every stack file of the repository's fixtures parses as it does whole.
    #[test]
    fn fixtures_parse_as_they_do_whole() {
        fn visit(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, out);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
            &mut files,
        );
        assert!(files.len() > 10);
        let mut streamed = 0;
        for file in files {
            if let Ok(text) = std::fs::read_to_string(&file) {
                same_as_whole(&text);
                streamed += usize::from(split(&text).is_some());
            }
        }
        assert!(streamed > 10, "{streamed}");
    }
}
