//! `stackc man`: one manual page per command (stackc(1), stackc-check(1),
//! …), from the same clap definitions, examples and exit statuses as
//! `--help`. `clap_mangen` renders the name, synopsis, description, options
//! and commands; the examples (preformatted), the exit status, the
//! environment and the cross-references are written here.

use std::path::Path;

use clap::CommandFactory;

use crate::Failure;
use crate::args::{COMMANDS, Cli, EXIT_STATUS, examples};

/// Print the page of `command` (stackc(1) without one), or write every
/// page into `dir`.
pub fn run(command: Option<&str>, dir: Option<&Path>) -> Result<(), Failure> {
    let Some(dir) = dir else {
        return crate::output::stdout(&page(command)?);
    };
    let io = |e: std::io::Error| {
        Failure::Usage(format!(
            "cannot write the manual pages into {}: {e}",
            stackc_ir::text::shown(&dir.display().to_string())
        ))
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let pages = std::iter::once(None).chain(COMMANDS.iter().map(|(name, _)| Some(*name)));
    for name in pages {
        let file = dir.join(format!("{}.1", file_stem(name)));
        let text = String::from_utf8(page(name)?).map_err(|e| Failure::Usage(e.to_string()))?;
        crate::output::write(&file, &text)?;
    }
    Ok(())
}

/// `stackc`, `stackc-bash`, …
fn file_stem(command: Option<&str>) -> String {
    command.map_or_else(|| "stackc".to_owned(), |name| format!("stackc-{name}"))
}

/// The roff text of one page.
fn page(command: Option<&str>) -> Result<Vec<u8>, Failure> {
    let mut root = Cli::command();
    root.build();
    let cmd = match command {
        None => root.clone(),
        Some(name) => root
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| Failure::Usage(format!("no command `{name}`")))?,
    };
    let has_options = cmd.get_arguments().any(|a| !a.is_hide_set());
    let has_commands = cmd.get_subcommands().next().is_some();
    let man = clap_mangen::Man::new(cmd)
        .title(file_stem(command).to_uppercase())
        .manual("stackc manual");
    let mut out = Vec::new();
    let roff = |e: std::io::Error| Failure::Usage(format!("cannot render the manual page: {e}"));
    man.render_title(&mut out).map_err(roff)?;
    man.render_name_section(&mut out).map_err(roff)?;
    man.render_synopsis_section(&mut out).map_err(roff)?;
    man.render_description_section(&mut out).map_err(roff)?;
    if has_options {
        man.render_options_section(&mut out).map_err(roff)?;
    }
    if has_commands {
        man.render_subcommands_section(&mut out).map_err(roff)?;
    }
    let mut text = String::new();
    text.push_str(".SH EXAMPLES\n");
    for (line, what) in examples(command.unwrap_or("stackc")) {
        let what = capitalised(what);
        let colon = if what.ends_with(['?', '.', ':']) {
            ""
        } else {
            ":"
        };
        text.push_str(&format!(
            ".PP\n{}{colon}\n.RS 4\n.nf\n{}\n.fi\n.RE\n",
            escape(&what),
            escape(line)
        ));
    }
    text.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_STATUS {
        text.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", escape(meaning)));
    }
    text.push_str(".SH ENVIRONMENT\n.TP\n\\fBNO_COLOR\\fR\nWhen set and not empty, diagnostics are printed without colour (they are coloured only on a terminal).\n");
    if matches!(command, Some("argv" | "kube")) {
        text.push_str(".TP\nThe stack's parameters\nA parameter not given with \\fB\\-\\-set\\fR takes its value from the environment, else its default.\n");
    }
    text.push_str(".SH \"SEE ALSO\"\n");
    let others: Vec<String> = std::iter::once(None)
        .chain(COMMANDS.iter().map(|(name, _)| Some(*name)))
        .filter(|name| *name != command)
        .map(|name| format!("\\fB{}\\fR(1)", escape(&file_stem(name))))
        .collect();
    text.push_str(&others.join(",\n"));
    text.push_str(
        "\n.PP\nThe format of stack.toml, every command and the contracts of each output: docs/format.md and docs/cli.md in the stackc repository.\n",
    );
    text.push_str(&format!(
        ".SH VERSION\nstackc {}\n",
        escape(env!("CARGO_PKG_VERSION"))
    ));
    out.extend_from_slice(text.as_bytes());
    // roff is ASCII: every other character as its groff escape (`…` is
    // `\[u2026]`), which every man viewer renders.
    let roff = String::from_utf8_lossy(&out);
    Ok(roff
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", u32::from(c))
            }
        })
        .collect::<String>()
        .into_bytes())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text for a roff line: backslashes and hyphens escaped, and a leading
/// `.` or `'` kept from being read as a request.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
