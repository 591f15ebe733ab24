//! `[outputs."PATH"]`: the files `stackc generate` writes.
//!
//! A path is relative to the directory of stack.toml and stays inside it:
//! no absolute path, no `..`, no control character. Two keys that name one
//! file (`a.sh` and `./a.sh`) are an error. What needs the file system
//! (a symlink leading out, a path naming an input of the stack) is checked
//! by `stackc generate` before it writes anything.

use indexmap::IndexMap;
use stackc_ir::Target;
use stackc_ir::ast::Action;
use stackc_ir::stack::{OutputSpec, Spanned};
use stackc_ir::target::Format;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

pub(crate) const OUTPUT_KEYS: &[&str] = &["target", "action", "format"];

pub(crate) fn decode(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, OutputSpec> {
    let mut out: IndexMap<String, OutputSpec> = IndexMap::new();
    let Some(table) = d.table("outputs", value) else {
        return out;
    };
    for (key, value) in table {
        let file: &str = key.get_ref();
        let path = format!("outputs.\"{}\"", diagnostics::shown(file));
        let Some(normal) = normalize(file) else {
            d.push(diagnostics::invalid_value(
                Code::InvalidOutput,
                "outputs",
                file,
                span_of(key),
                "an output is a file path relative to the directory of stack.toml and inside it (no `/` at the start, no `..`, no control character), e.g. `\"deploy/up.sh\"`",
            ));
            continue;
        };
        if let Some(first) = out.get(&normal) {
            d.push(diagnostics::duplicate(
                "output file",
                &normal,
                "outputs",
                span_of(key),
                first.path.span,
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
        let Some(kind) = Target::parse(&target.value) else {
            let names: Vec<String> = Target::ALL
                .iter()
                .map(|t| format!("`{}`", t.as_str()))
                .collect();
            d.push(diagnostics::invalid_choice(
                Code::InvalidOutput,
                &format!("{path}.target"),
                &target.value,
                target.span,
                &names.join(", "),
            ));
            continue;
        };
        let action = match action {
            None => None,
            Some(action) if kind.actions().is_empty() => {
                d.push(not_for(&path, "action", kind, &action));
                continue;
            }
            Some(action) => match Action::parse(&action.value) {
                Some(parsed) if kind.actions().contains(&parsed) => {
                    Some(Spanned::new(parsed, action.span))
                }
                _ => {
                    let names: Vec<String> = kind
                        .actions()
                        .iter()
                        .map(|a| format!("`{}`", a.as_str()))
                        .collect();
                    d.push(diagnostics::invalid_choice(
                        Code::InvalidOutput,
                        &format!("{path}.action"),
                        &action.value,
                        action.span,
                        &names.join(", "),
                    ));
                    continue;
                }
            },
        };
        let format = match format {
            None => None,
            Some(format) if kind.formats().is_empty() => {
                d.push(not_for(&path, "format", kind, &format));
                continue;
            }
            Some(format) => match Format::parse(&format.value) {
                Some(parsed) if kind.formats().contains(&parsed) => {
                    Some(Spanned::new(parsed, format.span))
                }
                _ => {
                    let names: Vec<String> = kind
                        .formats()
                        .iter()
                        .map(|f| format!("`{}`", f.as_str()))
                        .collect();
                    d.push(diagnostics::invalid_choice(
                        Code::InvalidOutput,
                        &format!("{path}.format"),
                        &format.value,
                        format.span,
                        &names.join(", "),
                    ));
                    continue;
                }
            },
        };
        out.insert(
            normal.clone(),
            OutputSpec {
                path: Spanned::new(normal, span_of(key)),
                target: Spanned::new(kind, target.span),
                action,
                format,
            },
        );
    }
    out
}

/// `file` as a normal relative path (`./a//b` → `a/b`), or `None` when it
/// is not a file inside the stack's directory: empty, absolute, ending in
/// `/`, with a `..` component, or with a control character.
fn normalize(file: &str) -> Option<String> {
    if file.is_empty()
        || file.starts_with('/')
        || file.ends_with('/')
        || file.chars().any(char::is_control)
    {
        return None;
    }
    let mut parts = Vec::new();
    for part in file.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part => parts.push(part),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn not_for(path: &str, key: &str, target: Target, value: &Spanned<String>) -> stackc_ir::Diag {
    let takers: Vec<String> = Target::ALL
        .iter()
        .filter(|t| {
            if key == "action" {
                !t.actions().is_empty()
            } else {
                !t.formats().is_empty()
            }
        })
        .map(|t| format!("`{}`", t.as_str()))
        .collect();
    stackc_ir::Diag::new(
        Code::InvalidOutput,
        format!(
            "`{path}.{key}` does not apply to the target `{}`",
            target.as_str()
        ),
    )
    .label(value.span, "not used")
    .help(format!(
        "remove `{key}`: only {} take it",
        takers.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn output_paths_stay_inside() {
        assert_eq!(normalize("up.sh").as_deref(), Some("up.sh"));
        assert_eq!(
            normalize("./deploy//up.sh").as_deref(),
            Some("deploy/up.sh")
        );
        for bad in [
            "",
            "/etc/x",
            "../x.sh",
            "a/../../x",
            "dir/",
            ".",
            "a\nb",
            "a\rb",
        ] {
            assert_eq!(normalize(bad), None, "{bad:?}");
        }
    }
}
