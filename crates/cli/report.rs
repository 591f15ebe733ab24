//! Printing diagnostics with miette: file, line, column, labels and help.
//!
//! Columns count characters, as an editor and rustc do (miette counts
//! bytes: after `ééé` it would say 28 where an editor shows 25). Colour only
//! on a terminal, and never when `NO_COLOR` is set to a non-empty value
//! (no-color.org).

use std::io::IsTerminal;

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
    let source = displayable(&stackc_frontend::overlay::join(&texts));
    let diags = diags.into_sorted();
    let count = diags.len();
    let mut out = String::new();
    for diag in diags {
        let report = miette::Report::new(diag).with_source_code(Source {
            files: spans.clone(),
            text: source.clone(),
        });
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
#[derive(Debug)]
struct Source {
    files: Vec<(String, usize, usize)>,
    text: String,
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
        let inner = text.read_span(&local, context_lines_before, context_lines_after)?;
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
        let global = SourceSpan::new((inner.span().offset() + start).into(), inner.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            name.clone(),
            inner.data(),
            global,
            inner.line(),
            column,
            inner.line_count(),
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
