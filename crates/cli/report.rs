//! Printing diagnostics with miette: file, line, column, labels and help.

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme, NamedSource};
use stackc_ir::diagnostic::Diagnostics;

/// Print every diagnostic to stderr, in source order, then a count.
pub fn print(name: &str, source: &str, diags: Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(80)
        .with_links(false);
    let diags = diags.into_sorted();
    let count = diags.len();
    let mut out = String::new();
    for diag in diags {
        let report = miette::Report::new(diag)
            .with_source_code(NamedSource::new(name, source.to_owned()).with_language("toml"));
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out.push_str(&format!("{report}\n"));
        }
        out.push('\n');
    }
    let noun = if count == 1 { "error" } else { "errors" };
    out.push_str(&format!(
        "stackc: {name}: {count} {noun}; nothing was written\n"
    ));
    eprint!("{out}");
}
