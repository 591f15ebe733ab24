//! The lines of the script's `--help`, each quoted.

use stackc_ir::ast::{Action, Op, Plan};

use super::meaning::Meaning;
use super::runtime::Runtime;
use crate::quote;

/// The lines after the usage line, each one word of `printf '%s\n'`.
pub(super) fn usage(plan: &Plan, runtime: &Runtime, meaning: &Meaning, waits: bool) -> Vec<String> {
    // Only the parameters this script reads (`down` reads none).
    let params: Vec<_> = plan
        .params
        .iter()
        .filter(|p| runtime.reads(&p.name))
        .collect();
    let yes = plan.action == Action::Purge;
    let mut lines = vec![
        "''".to_owned(),
        quote::sh(meaning.summary),
        "''".to_owned(),
        quote::sh("Options:"),
    ];
    if yes {
        lines.push(quote::sh(
            "  --yes       confirm: volumes and their data are removed",
        ));
    }
    lines.push(quote::sh(&format!(
        "  --dry-run   print the docker commands this script runs against {}, one per line, without calling docker",
        meaning.dry_run_assumes
    )));
    if matches!(plan.action, Action::Up | Action::Create) {
        lines.push(quote::sh(
            "  --plan      read the engine and print what this script would do, per resource; change nothing",
        ));
        lines.push(quote::sh(
            "  --format F  the plan as text (default) or json",
        ));
    }
    if !params.is_empty() {
        lines.push(quote::sh(
            "  --param NAME=VALUE  give a parameter (not a secret); beats the environment and .env",
        ));
    }
    lines.push(quote::sh("  -h, --help  show this help"));
    if !params.is_empty() || waits {
        lines.push("''".to_owned());
        lines.push(quote::sh(
            "Parameters (from --param, else the environment, else .env beside this script, else the default; empty counts as unset):",
        ));
    }
    // Descriptions, choices and defaults reach a terminal: shown, never
    // raw (no escape sequence of the stack's runs there).
    let shown = stackc_ir::text::shown;
    for param in params {
        let mut text = format!("  {}", param.name);
        if let Some(description) = &param.description {
            text.push_str(&format!("  {}", shown(description)));
        }
        if !param.choices.is_empty() {
            text.push_str(&format!(" (one of: {})", shown(&param.choices.join(", "))));
        }
        match (&param.default, param.secret) {
            (_, true) => text.push_str(" (secret, required)"),
            (Some(default), false) => {
                text.push_str(&format!(" (default: {})", shown(default)));
            }
            (None, false) => text.push_str(" (required)"),
        }
        lines.push(quote::sh(&text));
    }
    if waits {
        // The limit of each service waited for, from its healthcheck.
        let mut limits: Vec<(&str, u64)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            if let Op::WaitHealthy {
                service,
                timeout_secs,
                ..
            } = op
                && seen.insert(service.as_str())
            {
                limits.push((service, *timeout_secs));
            }
        }
        let limits: Vec<String> = limits
            .iter()
            .map(|(service, secs)| format!("{service} {secs}s"))
            .collect();
        lines.push(quote::sh(&format!(
            "  STACKC_HEALTH_TIMEOUT  seconds to wait for each healthcheck (default: per service, from its healthcheck: {})",
            limits.join(", ")
        )));
    }
    lines
}
