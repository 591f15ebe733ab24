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

/// Print every diagnostic to stderr, in source order, then a count.
pub fn print(name: &str, source: &str, diags: Diagnostics) {
    crate::output::stderr(&render(name, source, diags, color()));
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

/// The text of the report.
pub fn render(name: &str, source: &str, diags: Diagnostics, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(80)
        .with_links(false);
    let name = stackc_ir::text::shown(name);
    let source = displayable(source);
    let diags = diags.into_sorted();
    let count = diags.len();
    let mut out = String::new();
    for diag in diags {
        let report = miette::Report::new(diag).with_source_code(Source {
            name: name.clone(),
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

/// A named source whose columns count characters.
#[derive(Debug)]
struct Source {
    name: String,
    text: String,
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette gives a column only without context lines: the bytes
        // from the start of the line to the span. Count characters.
        let column = if context_lines_before == 0 {
            let offset = span.offset().min(self.text.len());
            let start = self.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            self.text
                .get(start..offset)
                .map_or(inner.column(), |line| line.chars().count())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
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
