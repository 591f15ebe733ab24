//! `[outputs."PATH"]`: the files `stackc generate` writes.

use indexmap::IndexMap;
use stackc_ir::ast::Action;
use stackc_ir::stack::{OutputSpec, Spanned};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;

pub(crate) const OUTPUT_KEYS: &[&str] = &["target", "action", "format"];
const TARGETS: &[&str] = &["bash", "argv", "compose", "graph"];

pub(crate) fn decode(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, OutputSpec> {
    let mut out = IndexMap::new();
    let Some(table) = d.table("outputs", value) else {
        return out;
    };
    for (key, value) in table {
        let file: &str = key.get_ref();
        let path = format!("outputs.\"{file}\"");
        if file.is_empty() || file.starts_with('/') || file.ends_with('/') || file.contains('\0') {
            d.push(diagnostics::invalid_value(
                "stackc::invalid-output",
                "outputs",
                file,
                span_of(key),
                "an output is a file path relative to the directory of stack.toml, e.g. `\"deploy/up.sh\"`",
            ));
            continue;
        }
        let Some(fields) = d.table(&path, value) else {
            continue;
        };
        let mut target = None;
        let mut action = None;
        let mut format = None;
        for (field, value) in fields {
            let name: &str = field.get_ref();
            let field_path = format!("{path}.{name}");
            match name {
                "target" => target = d.spanned_string(&field_path, value),
                "action" => action = d.spanned_string(&field_path, value),
                "format" => format = d.spanned_string(&field_path, value),
                _ => {
                    d.unknown_key(&path, field, OUTPUT_KEYS);
                }
            }
        }
        let Some(target) = target else {
            d.push(diagnostics::missing_key(
                "target",
                &path,
                span_of(value),
                "target = \"bash\"",
            ));
            continue;
        };
        if !TARGETS.contains(&target.value.as_str()) {
            d.push(diagnostics::invalid_choice(
                "stackc::invalid-output",
                &format!("{path}.target"),
                &target.value,
                target.span,
                "`bash`, `argv`, `compose` or `graph`",
            ));
            continue;
        }
        let takes_action = matches!(target.value.as_str(), "bash" | "argv");
        if let Some(action) = &action {
            if !takes_action {
                d.push(not_for(&path, "action", &target.value, action));
            } else if !Action::ALL.iter().any(|a| a.as_str() == action.value) {
                let names: Vec<String> = Action::ALL
                    .iter()
                    .map(|a| format!("`{}`", a.as_str()))
                    .collect();
                d.push(diagnostics::invalid_choice(
                    "stackc::invalid-output",
                    &format!("{path}.action"),
                    &action.value,
                    action.span,
                    &names.join(", "),
                ));
            }
        }
        if let Some(format) = &format {
            let formats: &[&str] = match target.value.as_str() {
                "argv" => &["json", "shell", "nul"],
                "graph" => &["dot", "mermaid"],
                _ => &[],
            };
            if formats.is_empty() {
                d.push(not_for(&path, "format", &target.value, format));
            } else if !formats.contains(&format.value.as_str()) {
                let names: Vec<String> = formats.iter().map(|f| format!("`{f}`")).collect();
                d.push(diagnostics::invalid_choice(
                    "stackc::invalid-output",
                    &format!("{path}.format"),
                    &format.value,
                    format.span,
                    &names.join(", "),
                ));
            }
        }
        out.insert(
            file.to_owned(),
            OutputSpec {
                path: Spanned::new(file.to_owned(), span_of(key)),
                target,
                action,
                format,
            },
        );
    }
    out
}

fn not_for(path: &str, key: &str, target: &str, value: &Spanned<String>) -> stackc_ir::Diag {
    stackc_ir::Diag::new(
        "stackc::invalid-output",
        format!("`{path}.{key}` does not apply to the target `{target}`"),
    )
    .label(value.span, "not used")
    .help(format!(
        "remove `{key}`: only {} take it",
        if key == "action" {
            "`bash` and `argv`"
        } else {
            "`argv` and `graph`"
        }
    ))
}
