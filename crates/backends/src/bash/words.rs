//! Words and commands as bash text: a word as one bash word (literals
//! quoted, runtime values as double-quoted expansions), a docker command as
//! the words of `templates/bash/command.sh`.

use askama::Template;
use stackc_ir::ast::{Converted, Escape, Piece, Word};

use super::runtime::{EscapeKind, param_var};
use crate::docker::Command;
use crate::quote;

/// The variable that holds a runtime value's escaped form: `_sc_csv_NAME`
/// or `_sc_sh_NAME` (the project directory's: `_sc_csv_root`, `_sc_sh_root`).
pub(super) fn var_name(name: &str, kind: EscapeKind) -> String {
    let base = name.strip_prefix("_sc_").unwrap_or(name);
    match kind {
        EscapeKind::Csv => format!("_sc_csv_{base}"),
        EscapeKind::Sh => format!("_sc_sh_{base}"),
    }
}

/// The variable that holds a converted value (`templates/bash/params.sh`):
/// `_sc_seconds_` or `_sc_bool_` and a digest of where it is and of its
/// word.
pub(crate) fn convert_var(converted: &Converted) -> String {
    use sha2::Digest;
    let text = format!(
        "{}\0{}\0{}",
        converted.to.as_str(),
        converted.place,
        word_expr(&converted.word)
    );
    let digest = sha2::Sha256::digest(text.as_bytes());
    let mut var = format!("_sc_{}_", converted.to.as_str());
    for byte in &digest[..6] {
        var.push_str(&format!("{byte:02x}"));
    }
    var
}

/// A bash variable's value as one word: `"${name}"`.
pub(super) fn var(name: &str) -> String {
    word_expr(&Word(vec![Piece::Var(name.to_owned())]))
}

/// A word as a bash expression: literals quoted, runtime values in
/// double-quoted expansions, all concatenated into one word.
pub(crate) fn word_expr(word: &Word) -> String {
    let mut out = String::new();
    word_into(&mut out, word);
    out
}

/// [`word_expr`], appended to `out`.
pub(crate) fn word_into(out: &mut String, word: &Word) {
    if word.0.is_empty() {
        out.push_str("''");
        return;
    }
    for piece in &word.0 {
        let (name, escape) = match piece {
            Piece::Lit(text) => {
                quote::sh_into(out, text);
                continue;
            }
            Piece::Param { name, escape } => (param_var(name), *escape),
            Piece::ProjectDir { escape } => ("_sc_root".to_owned(), *escape),
            Piece::HomeDir { escape } => ("_sc_home".to_owned(), *escape),
            Piece::Var(name) => (name.clone(), Escape::None),
            // Its form is the same in every context (digits, `true`).
            Piece::Convert(converted) => (convert_var(converted), Escape::None),
        };
        out.push_str("\"${");
        match escape {
            Escape::None => out.push_str(&name),
            Escape::Csv => out.push_str(&var_name(&name, EscapeKind::Csv)),
            Escape::Sh => out.push_str(&var_name(&name, EscapeKind::Sh)),
        }
        out.push_str("}\"");
    }
}

/// A command as one line of bash words (one without environment).
pub(crate) fn line(command: &Command) -> String {
    let words: Vec<String> = command.argv.iter().map(word_expr).collect();
    words.join(" ")
}

/// A docker command as the script runs it (`templates/bash/command.sh`):
/// on one line when short, else one argument per line so that a changed
/// value is a one-line diff. Rendered once, when made: the blocks write
/// its text.
pub(super) struct Cmd {
    text: String,
}

/// What `templates/bash/command.sh` writes of a [`Cmd`].
#[derive(Template)]
#[template(path = "bash/command.sh", escape = "none")]
struct CmdText {
    /// Assignments of docker's environment (secret values), `KEY` and value.
    env: Vec<(String, String)>,
    /// Run by `_sc_run_status` rather than `_sc_run`: its exit status is
    /// the script's (`--action run`).
    status: bool,
    /// The words of the first line: all of them, or the program and its
    /// subcommand.
    head: Vec<String>,
    /// The words after the first line, one per line.
    rest: Vec<String>,
    /// Its standard input, as a bash word (a here-string).
    stdin: Option<String>,
}

impl Cmd {
    pub(super) fn new(command: &Command) -> Self {
        Self::of(command, false)
    }

    fn of(command: &Command, status: bool) -> Self {
        let mut head: Vec<String> = command.argv.iter().map(word_expr).collect();
        let on_one_line = head.len() <= 4 && !head.iter().any(|w| w.contains('\n'));
        let split = if on_one_line {
            head.len()
        } else {
            head.iter()
                .take(3)
                .take_while(|w| !w.starts_with('-'))
                .count()
                .min(head.len() - 1)
        };
        let rest = head.split_off(split);
        let text = CmdText {
            env: command
                .env
                .iter()
                .map(|(key, value)| (key.clone(), word_expr(value)))
                .collect(),
            status,
            head,
            rest,
            stdin: command.stdin.as_ref().map(word_expr),
        };
        Self {
            // Rendering into a string fails only when a value's `Display`
            // does, which a `String`'s never does.
            text: text.render().unwrap_or_default(),
        }
    }

    /// The command whose exit status is the script's (`--action run`).
    pub(super) fn keeping_status(command: &Command) -> Self {
        Self::of(command, true)
    }

    /// Each command of a list.
    pub(super) fn all(commands: &[Command]) -> Vec<Self> {
        commands.iter().map(Self::new).collect()
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
