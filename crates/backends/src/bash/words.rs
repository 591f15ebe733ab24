//! Words and commands as bash text: literals quoted, runtime values as
//! double-quoted expansions.

use stackc_ir::ast::{Escape, Piece, Word};

use super::runtime::EscapeKind;
use crate::docker::Command;
use crate::quote;

pub(super) fn var_name(name: &str, kind: EscapeKind) -> String {
    let base = name.strip_prefix("_sc_").unwrap_or(name);
    match kind {
        EscapeKind::Csv => format!("_sc_csv_{base}"),
        EscapeKind::Sh => format!("_sc_sh_{base}"),
    }
}

/// A word as a bash expression: literals quoted, runtime values in
/// double-quoted expansions, all concatenated into one word.
pub(super) fn word_expr(word: &Word) -> String {
    if word.0.is_empty() {
        return "''".to_owned();
    }
    let mut out = String::new();
    for piece in &word.0 {
        let (name, escape) = match piece {
            Piece::Lit(text) => {
                out.push_str(&quote::sh(text));
                continue;
            }
            Piece::Param { name, escape } => (name.as_str(), *escape),
            Piece::ProjectDir { escape } => ("_sc_root", *escape),
            Piece::Var(name) => (name.as_str(), Escape::None),
        };
        let var = match escape {
            Escape::None => name.to_owned(),
            Escape::Csv => var_name(name, EscapeKind::Csv),
            Escape::Sh => var_name(name, EscapeKind::Sh),
        };
        out.push_str(&format!("\"${{{var}}}\""));
    }
    out
}

/// A docker command as script lines: short ones on one line, others with
/// one argument per line so that a changed value is a one-line diff.
pub(super) fn command_lines(command: &Command, indent: &str) -> Vec<String> {
    let words: Vec<String> = command.argv.iter().map(word_expr).collect();
    let mut prefix = String::new();
    for (key, value) in &command.env {
        prefix.push_str(&format!("{key}={} ", word_expr(value)));
    }
    if words.len() <= 4 && !words.iter().any(|w| w.contains('\n')) {
        return vec![format!("{indent}{prefix}_sc_run {}", words.join(" "))];
    }
    let head = words
        .iter()
        .take(3)
        .take_while(|w| !w.starts_with('-'))
        .count()
        .min(words.len() - 1);
    let mut lines = vec![format!(
        "{indent}{prefix}_sc_run {} \\",
        words[..head].join(" ")
    )];
    let rest = &words[head..];
    for (i, word) in rest.iter().enumerate() {
        let cont = if i + 1 < rest.len() { " \\" } else { "" };
        lines.push(format!("{indent}  {word}{cont}"));
    }
    lines
}

/// The script line that stops when an action needs a container that
/// `up` (or `create`) has not made.
pub(super) fn absent_container(container: &str, indent: &str) -> String {
    format!(
        "{indent}_sc_die {}",
        quote::sh(&format!(
            "container {container} does not exist: run the up (or create) script first"
        ))
    )
}

/// `_sc_did KIND NAME VERB TEXT`: report what happened to a resource (one
/// line `KIND NAME: TEXT`, or with `--plan` one row `VERB KIND NAME`).
pub(super) fn did(indent: &str, kind: &str, name: &Word, verb: &str, text: &str) -> String {
    format!(
        "{indent}_sc_did {kind} {} {verb} {}",
        word_expr(name),
        quote::sh(text)
    )
}
