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

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

pub(crate) const OUTPUT_KEYS: &[&str] = &["target", "action", "format"];

/// A key of an output whose value is one of a list its target gives.
struct Listed<T: 'static> {
    key: &'static str,
    /// What a target takes (empty: it takes no such key).
    takes: fn(Target) -> &'static [T],
    parse: fn(&str) -> Option<T>,
    name: fn(T) -> &'static str,
}

const ACTION: Listed<Action> = Listed {
    key: "action",
    takes: Target::actions,
    parse: Action::parse,
    name: Action::as_str,
};

const FORMAT: Listed<Format> = Listed {
    key: "format",
    takes: Target::formats,
    parse: Format::parse,
    name: Format::as_str,
};

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
        for (name, field_path, field, value) in entries(&path, fields) {
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
            d.push(diagnostics::invalid_choice(
                Code::InvalidOutput,
                &format!("{path}.target"),
                &target.value,
                target.span,
                &quoted(&Target::ALL, Target::as_str).join(", "),
            ));
            continue;
        };
        let Ok(action) = ACTION.decode(d, &path, kind, action) else {
            continue;
        };
        let Ok(format) = FORMAT.decode(d, &path, kind, format) else {
            continue;
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

impl<T: Copy + PartialEq> Listed<T> {
    /// The value of this key (`value`, if set) in the output at `path` of
    /// the target `target`; `Err` when it is reported.
    fn decode(
        &self,
        d: &mut Decoder<'_>,
        path: &str,
        target: Target,
        value: Option<Spanned<String>>,
    ) -> Result<Option<Spanned<T>>, ()> {
        let Some(value) = value else {
            return Ok(None);
        };
        let takes = (self.takes)(target);
        if takes.is_empty() {
            d.push(self.not_for(path, target, &value));
            return Err(());
        }
        match (self.parse)(&value.value) {
            Some(parsed) if takes.contains(&parsed) => Ok(Some(Spanned::new(parsed, value.span))),
            _ => {
                d.push(diagnostics::invalid_choice(
                    Code::InvalidOutput,
                    &format!("{path}.{}", self.key),
                    &value.value,
                    value.span,
                    &quoted(takes, self.name).join(", "),
                ));
                Err(())
            }
        }
    }

    /// This key, set to `value` in the output at `path`, where its target
    /// `target` takes none.
    fn not_for(&self, path: &str, target: Target, value: &Spanned<String>) -> stackc_ir::Diag {
        let key = self.key;
        let takers: Vec<Target> = Target::ALL
            .into_iter()
            .filter(|t| !(self.takes)(*t).is_empty())
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
            quoted(&takers, Target::as_str).join(" and ")
        ))
    }
}

/// The names of `items`, each in backticks.
fn quoted<T: Copy>(items: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    items.iter().map(|&t| format!("`{}`", name(t))).collect()
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
