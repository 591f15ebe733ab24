//! One stack file parsed a service at a time, for memory.
//!
//! A scan of the lines finds the `[services.NAME]` headers, and the text
//! is parsed in pieces cut before each of them: the part before the first (the
//! prelude), then one piece per service, each into the raw tree of
//! [`crate::events`], its spans those of the whole text. The decoder takes
//! the pieces one after the other, so that the raw tree of the whole stack
//! is never held at once.
//!
//! The pieces give what the whole text gives when each piece after the
//! prelude defines exactly one new service and nothing else, and the
//! prelude has no `services` key; then the pieces are what TOML's rules
//! make of the whole text, key for key and span for span. Otherwise, and
//! whenever a piece has a syntax error (or a shape the builder leaves to
//! `toml`), the caller parses the whole text at once: the errors and their
//! spans are then exactly `toml`'s.

use crate::events::Builder;
use crate::raw::{DeTable, DeValue, Key, Value};

/// A text cut before its `[services.NAME]` headers: the tree of the part
/// before the first (without `services`), and the cuts.
pub(crate) struct Split<'i> {
    pub(crate) prelude: DeTable<'i>,
    cuts: Vec<(usize, &'i str)>,
}

/// `text` cut in pieces; `None` when it has no cut or its prelude cannot
/// be read on its own.
pub(crate) fn split(text: &str) -> Option<Split<'_>> {
    let cuts = service_headers(text);
    let first = cuts.first()?.0;
    let mut builder = Builder::default();
    let prelude = builder.parse(&text[..first], 0)?;
    (!prelude.contains_key("services")).then_some(Split { prelude, cuts })
}

/// One piece of a [`Split`]: its service's key and table, spans into the
/// whole text.
pub(crate) struct Piece<'i> {
    pub(crate) key: Key<'i>,
    pub(crate) value: Value<'i>,
}

impl<'i> Split<'i> {
    /// How many pieces follow the prelude.
    pub(crate) fn len(&self) -> usize {
        self.cuts.len()
    }

    /// The `i`th piece after the prelude, parsed with `builder`'s buffers;
    /// `None` when it has an error or does not define its one service
    /// alone.
    pub(crate) fn piece(
        &self,
        builder: &mut Builder,
        text: &'i str,
        i: usize,
    ) -> Option<Piece<'i>> {
        let (start, name) = self.cuts[i];
        let end = self.cuts.get(i + 1).map_or(text.len(), |c| c.0);
        let piece = builder.parse(&text[start..end], start)?;
        let mut piece = piece.into_iter();
        let (key, value) = piece.next().filter(|_| piece.next().is_none())?;
        if key.get_ref().as_ref() != "services" {
            return None;
        }
        let DeValue::Table(table) = value.into_inner() else {
            return None;
        };
        let mut entries = table.into_iter();
        let (service, body) = entries.next().filter(|_| entries.next().is_none())?;
        (service.get_ref().as_ref() == name).then_some(Piece {
            key: service,
            value: body,
        })
    }
}

/// The lines of `text` that are a `[services.NAME]` header (a bare `NAME`,
/// written without spaces, then at most blanks and a comment): where each
/// header starts, and `NAME`.
///
/// A scan of lines, where lexing the text would cost a third of parsing
/// it. A line that only looks like a header (in a multi-line string, array
/// or inline table) ends the piece before it inside that string, array or
/// table: that piece does not parse, and the whole text is read at once.
fn service_headers(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let header = line.trim_start_matches([' ', '\t']);
        if !header.starts_with("[services.") {
            continue;
        }
        let Some(close) = header.find(']') else {
            continue;
        };
        let rest = header[close + 1..].trim_matches([' ', '\t', '\r', '\n']);
        if !(rest.is_empty() || rest.starts_with('#')) {
            continue;
        }
        if let Some(name) = service_name(&header[..=close]) {
            out.push((start + line.len() - header.len(), name));
        }
    }
    out
}

/// `NAME` of a header `[services.NAME]` with a bare key `NAME`.
fn service_name(header: &str) -> Option<&str> {
    let name = header.strip_prefix("[services.")?.strip_suffix(']')?;
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    (!name.is_empty() && name.chars().all(bare)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `text`, when it is read in pieces: each read alone,
    /// each service once.
    fn pieces(text: &str) -> Option<Vec<Piece<'_>>> {
        let split = split(text)?;
        let mut builder = Builder::default();
        let mut names = std::collections::HashSet::new();
        (0..split.len())
            .map(|i| {
                let piece = split.piece(&mut builder, text, i)?;
                names
                    .insert(piece.key.get_ref().to_string())
                    .then_some(piece)
            })
            .collect()
    }

    /// The builder gives `toml`'s tree (or gives up where `toml` finds
    /// errors), each piece the whole tree's service, spans included; and
    /// decoded a service at a time, the same stack or the same diagnostics.
    fn same_as_whole(text: &str) {
        let (whole, errors) = toml::de::DeTable::parse_recoverable(text);
        let whole = crate::raw::from_toml(whole.into_inner());
        let ours = Builder::default().parse(text, 0);
        if let Some(ours) = &ours {
            assert!(errors.is_empty(), "{text:?}");
            assert_eq!(*ours, whole, "{text:?}");
        }
        if let Some(pieces) = pieces(text) {
            for piece in pieces {
                assert!(errors.is_empty(), "{text:?}");
                let services = whole.get("services").and_then(|s| s.get_ref().as_table());
                let service = services.and_then(|s| s.iter().find(|(k, _)| **k == piece.key));
                assert_eq!(service, Some((&piece.key, &piece.value)), "{text:?}");
            }
        }
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
            // Whole: a header's line in a multi-line string, in an array.
            "[services.a]\nimage = \"a\"\nx = \"\"\"\n[services.b]\n\"\"\"\n[services.c]\nimage = 'c'\n",
            "[services.a]\nimage = \"a\"\nx = [\n[services.b]\n]\n",
        ];
        for text in texts {
            same_as_whole(text);
        }
        // The first four are read in pieces; the others whole.
        let read_in_pieces: Vec<bool> = texts.iter().map(|text| pieces(text).is_some()).collect();
        assert_eq!(read_in_pieces[..4], [true; 4]);
        assert!(read_in_pieces[4..13].iter().all(|&cut| !cut));
        assert!(read_in_pieces[14..].iter().all(|&cut| !cut));
    }

    /// The builder reads every shape of a valid text as `toml` does, and
    /// gives up on the texts `toml` refuses.
    #[test]
    fn builder_gives_the_toml_tree() {
        let read = [
            "a = 1\nb.c = 'x'\nb.d = \"y\\u0041\"\n\"q k\".'r' = true\n[t]\nx = 0x1F\ny = 1_000\nz = 1.5e3\nw = -17\n",
            "[a.b.c]\nx = 1\n[a.b.d]\ny = [1, [2, 3], { p = 1, q.r = 2 }, ]\n[a.e]\n",
            "e = {}\nf = { a.b = 1, a.c = 2 }\ng = [\n  # c\n  1,\n  2 # d\n]\nh = \"\"\"\nmulti\nline\"\"\"\ni = '''\nraw'''\n",
            "[ a . b ]\nk = inf\nl = nan\nm = +1\n[c]\n",
            "\u{feff}[services.a]\r\nimage = \"a\"\r\n",
        ];
        let toml_only = [
            "[[a]]\nx = 1\n",
            "d = 1979-05-27T07:32:00Z\n",
            "[a.b]\n[a]\nx = 1\n",
            "f = { a = 1, }\n",
        ];
        let refused = [
            "a = 1\na = 2\n",
            "a.b = 1\na = 2\n",
            "[a]\nb = 1\n[a]\n",
            "a = { b = 1 }\na.c = 2\n",
            "[a]\nb.c = 1\n[a.b]\n",
            "a = [1 2]\n",
            "a = \"\\q\"\n",
            "a = \n",
            "a = 1 b = 2\n",
        ];
        for text in read.iter().chain(&toml_only).chain(&refused) {
            same_as_whole(text);
        }
        for text in read {
            assert!(Builder::default().parse(text, 0).is_some(), "{text:?}");
        }
        for text in toml_only {
            assert!(Builder::default().parse(text, 0).is_none(), "{text:?}");
            assert!(toml::de::DeTable::parse(text).is_ok(), "{text:?}");
        }
        for text in refused {
            assert!(Builder::default().parse(text, 0).is_none(), "{text:?}");
        }
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
        let mut built = 0;
        for file in files {
            if let Ok(text) = std::fs::read_to_string(&file) {
                same_as_whole(&text);
                streamed += usize::from(split(&text).is_some());
                built += usize::from(Builder::default().parse(&text, 0).is_some());
            }
        }
        assert!(streamed > 10, "{streamed}");
        assert!(built > 10, "{built}");
    }
}
