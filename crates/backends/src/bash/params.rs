//! The lines that read the plan's parameters when the script runs, check
//! them, and make the escaped forms its commands use.

use stackc_ir::ast::Plan;

use super::runtime::{EscapeKind, Runtime, runtime_images};
use super::words::{var_name, word_expr};
use crate::quote;

pub(super) fn param_lines(plan: &Plan, runtime: &Runtime) -> Vec<String> {
    let mut lines = Vec::new();
    if plan.params.iter().any(|p| runtime.reads(&p.name)) {
        // Precedence: --param, then the environment, then .env beside this
        // script, then the default.
        lines.push("_sc_dotenv".to_owned());
        lines.push("for _sc_name in \"${!_sc_given[@]}\"; do".to_owned());
        lines.push("  printf -v \"$_sc_name\" '%s' \"${_sc_given[$_sc_name]}\"".to_owned());
        lines.push("done".to_owned());
    }
    for param in &plan.params {
        let name = &param.name;
        if !runtime.reads(name) {
            continue;
        }
        if param.secret {
            // Required, except with --dry-run, which never shows its value.
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push("  if ((!_sc_dry_run)); then".to_owned());
            lines.push(format!(
                "    _sc_die {}",
                quote::sh(&format!(
                    "the secret parameter {name} is required: set it in the environment or in .env beside this script"
                ))
            ));
            lines.push("  fi".to_owned());
            lines.push(format!("  {name}="));
        } else if let Some(default) = &param.default {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!("  {name}={}", quote::sh(default)));
        } else {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!(
                "  _sc_die {}",
                quote::sh(&format!(
                    "the parameter {name} is required: give it with --param {name}=VALUE, in the environment or in .env beside this script"
                ))
            ));
        }
        lines.push("fi".to_owned());
        if !param.choices.is_empty() {
            let pattern: Vec<String> = param.choices.iter().map(|c| quote::sh(c)).collect();
            let listed: Vec<&str> = param.choices.iter().map(String::as_str).collect();
            let given = if param.secret {
                "the given value".to_owned()
            } else {
                format!("$(_sc_quote \"${{{name}}}\")")
            };
            lines.push(format!("case ${name} in"));
            lines.push(format!("  {}) ;;", pattern.join(" | ")));
            lines.push("  *)".to_owned());
            lines.push(format!(
                "    _sc_die \"parameter {name}: {given} is not one of its choices\" {}",
                quote::sh(&stackc_ir::text::shown(&format!("({})", listed.join(", "))))
            ));
            lines.push("    ;;".to_owned());
            lines.push("esac".to_owned());
        }
    }
    for (path, image) in runtime_images(plan) {
        lines.push(format!(
            "_sc_image_ref {} {}",
            quote::sh(&format!("the image of {path}")),
            word_expr(image)
        ));
    }
    for (name, kind) in &runtime.escaped {
        let var = var_name(name, *kind);
        lines.push(match kind {
            EscapeKind::Csv => format!("{var}=${{{name}//\\\"/\\\"\\\"}}"),
            EscapeKind::Sh => format!("{var}=$(_sc_sh_word \"${{{name}}}\")"),
        });
    }
    lines
}
