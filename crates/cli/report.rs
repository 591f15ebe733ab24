//! Printing diagnostics with miette: file, line, column, labels and help.
//!
//! Columns count characters, as an editor and rustc do (miette counts
//! bytes: after `ééé` it would say 28 where an editor shows 25). Colour only
//! on a terminal, and never when `NO_COLOR` is set to a non-empty value
//! (no-color.org).

use std::io::IsTerminal;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use stackc_ir::diagnostic::Diagnostics;

/// Print every diagnostic to stderr, in source order, then a count. The
/// files are `(name, text)`, and the diagnostics point into their texts
/// joined as `stackc_frontend::overlay::join` does: each is shown in the
/// file it falls in, with that file's line and column.
pub fn print_files(files: &[(String, String)], diags: Diagnostics) {
    crate::output::stderr(&render_files(files, diags, color()));
}

/// Whether diagnostics are coloured.
fn color() -> bool {
    wants_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// Colour on a terminal, unless `NO_COLOR` holds a value: an empty
/// `NO_COLOR=` does not turn it off (no-color.org).
fn wants_colour(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(std::ffi::OsStr::is_empty)
}

/// The text of the report on one file.
#[cfg(test)]
pub fn render(name: &str, source: &str, diags: Diagnostics, color: bool) -> String {
    render_files(&[(name.to_owned(), source.to_owned())], diags, color)
}

/// The text of the report (see [`print_files`]).
pub fn render_files(files: &[(String, String)], diags: Diagnostics, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(80)
        .with_links(false);
    let texts: Vec<&str> = files.iter().map(|(_, text)| text.as_str()).collect();
    let spans: Vec<(String, usize, usize)> = files
        .iter()
        .zip(stackc_frontend::overlay::starts(&texts))
        .map(|((name, text), start)| (stackc_ir::text::shown(name), start, text.len()))
        .collect();
    let name = spans
        .iter()
        .map(|(name, _, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let source = Source::new(spans, displayable(&stackc_frontend::overlay::join(&texts)));
    let diags = diags.into_sorted();
    let count = diags.len();
    let mut out = String::new();
    for diag in diags {
        let report = miette::Report::new(diag).with_source_code(source.clone());
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out.push_str(&format!("{report}\n"));
        }
        out.push('\n');
    }
    let noun = if count == 1 { "error" } else { "errors" };
    out.push_str(&format!(
        "stackc: {name}: {count} {noun}; nothing was written\n"
    ));
    out
}

/// The source as the report quotes it: every character a terminal would
/// obey (but line breaks and tabs) replaced by a visible one of the same
/// length in bytes, so that every span still points where it did.
fn displayable(source: &str) -> String {
    source
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') || !stackc_ir::text::is_unsafe(c) {
                c
            } else {
                match c.len_utf8() {
                    1 => '?',
                    2 => '\u{bf}',
                    _ => '\u{fffd}',
                }
            }
        })
        .collect()
}

/// Named sources joined in one text (each file, its start and length in
/// it), whose columns count characters: a span is shown in the file it
/// falls in, with that file's line and column.
///
/// Shared by every report (a clone is three counted references), and
/// each span is found by its line, so that a report of many errors in a
/// large file costs the errors, not the errors times the file.
#[derive(Clone, Debug)]
struct Source {
    files: Arc<[(String, usize, usize)]>,
    text: Arc<str>,
    /// The offset in `text` of each line's first byte.
    lines: Arc<[usize]>,
}

impl Source {
    fn new(files: Vec<(String, usize, usize)>, text: String) -> Self {
        // As miette counts them: `\r\n`, `\n` and a lone `\r` end a line.
        let bytes = text.as_bytes();
        let lines = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(at, byte)| {
                        **byte == b'\n' || (**byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
                    })
                    .map(|(at, _)| at + 1),
            )
            .collect();
        Self {
            files: files.into(),
            text: text.into(),
            lines,
        }
    }

    /// The index of the line that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|start| *start <= offset) - 1
    }
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset();
        let (name, start, len) = self
            .files
            .iter()
            .rev()
            .find(|(_, start, _)| *start <= offset)
            .or(self.files.first())
            .ok_or(MietteError::OutOfBounds)?;
        // A span across two files (two labels miette tries to show as
        // one snippet) is refused: each is shown in its own file.
        if offset + span.len() > start + len {
            return Err(MietteError::OutOfBounds);
        }
        let text = self
            .text
            .get(*start..start + len)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((offset - start).into(), span.len());
        // miette counts lines from the start of the text it is given: it
        // is given the span's lines and a line more than their context on
        // each side, and told how many lines of the file come before.
        let first = self
            .line_of(offset)
            .saturating_sub(context_lines_before + 1);
        let last = self.line_of(offset + span.len()) + context_lines_after + 2;
        let from = self.lines[first].clamp(*start, start + len);
        let to = self
            .lines
            .get(last)
            .map_or(start + len, |end| (*end).clamp(from, start + len));
        let lines_before = self.line_of(from) - self.line_of(*start);
        let window = self.text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        let inner = window.read_span(
            &SourceSpan::new((offset - from).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        // miette gives a column only without context lines: the bytes
        // from the start of the line to the span. Count characters.
        let column = if context_lines_before == 0 {
            let offset = local.offset().min(text.len());
            let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            text.get(line_start..offset)
                .map_or(inner.column(), |line| line.chars().count())
        } else {
            inner.column()
        };
        let global = SourceSpan::new((inner.span().offset() + from).into(), inner.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            name.clone(),
            inner.data(),
            global,
            inner.line() + lines_before,
            column,
            // miette's count is of the lines from the start of the text.
            inner.line_count() + lines_before,
        )))
    }
}

#[cfg(test)]
mod tests {
    use stackc_ir::{Diag, Diagnostics};

    use super::{render, wants_colour};

    #[test]
    fn no_color_with_a_value_turns_colour_off() {
        use std::ffi::OsStr;
        assert!(wants_colour(true, None));
        assert!(wants_colour(true, Some(OsStr::new(""))));
        assert!(!wants_colour(true, Some(OsStr::new("1"))));
        assert!(!wants_colour(false, None));
    }

    /// Spans are found by their line, not by reading the file from its
    /// start: the report must be the one miette makes reading the whole
    /// file, in a file of every kind of line end (ASCII only, where
    /// miette's columns, which count bytes, are characters), with labels
    /// on the first and last lines, close (one snippet) and far apart.
    #[test]
    fn spans_are_found_as_miette_finds_them_reading_the_whole_file() {
        use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};

        let mut source = String::new();
        for i in 0..3000 {
            source.push_str(&format!("key{i} = \"{i}\""));
            source.push_str(["\n", "\r\n", "\r"][i % 3]);
        }
        let at = |needle: &str| source.find(needle).unwrap();
        let mut diags = Diagnostics::default();
        diags.push(Diag::new("stackc::test", "first").label((0, 4), "the first line"));
        diags.push(
            Diag::new("stackc::test", "close")
                .label((at("key1500 "), 7), "here")
                .label((at("key1508 "), 7), "and eight lines on"),
        );
        diags.push(
            Diag::new("stackc::test", "far")
                .label((at("key20 "), 5), "here")
                .label((at("key2900 "), 7), "and far on"),
        );
        diags.push(Diag::new("stackc::test", "last").label((at("key2999 "), 7), "the last line"));
        let ours = render("s.toml", &source, diags.clone(), false);

        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(80)
            .with_links(false);
        let mut theirs = String::new();
        for diag in diags.into_sorted() {
            let report = miette::Report::new(diag)
                .with_source_code(NamedSource::new("s.toml", source.clone()));
            handler.render_report(&mut theirs, report.as_ref()).unwrap();
            theirs.push('\n');
        }
        theirs.push_str("stackc: s.toml: 4 errors; nothing was written\n");
        assert!(
            ours.contains("[s.toml:3000:1]") && ours.contains("[s.toml:1501:1]"),
            "{ours}"
        );
        assert_eq!(ours, theirs);
    }

    #[test]
    fn columns_count_characters() {
        let source = "[stack]\nname = \"ééé\" # x\nbad = 1\n";
        let offset = source.find("# x").unwrap();
        let mut diags = Diagnostics::default();
        diags.push(Diag::new("stackc::test", "here").label((offset, 1), "this"));
        let text = render("s.toml", source, diags, false);
        // `name = "ééé" ` is 13 characters (16 bytes): the column is 14.
        assert!(text.contains("[s.toml:2:14]"), "{text}");
    }
}
