//! `[params.NAME]`: the runtime parameters of the generated scripts.

use indexmap::IndexMap;
use stackc_ir::stack::{Param, Spanned};
use stackc_ir::template::is_param_name;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

pub(crate) const PARAM_KEYS: &[&str] =
    &["default", "description", "secret", "choices", "keep_empty"];

/// Decode `[params]`, and declare every parameter to the decoder so that
/// templates can refer to them.
pub(crate) fn decode(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Param> {
    let mut out = IndexMap::new();
    for (name, path, key, value) in d.table_entries("params", value) {
        let key_span = span_of(key);
        if !is_param_name(name) {
            d.push(diagnostics::invalid_param_name(name, key_span));
        } else if stackc_ir::reserved::is_reserved_variable(name) {
            d.push(diagnostics::reserved_param(name, key_span));
        }
        let mut param = Param {
            name: Spanned::new(name.to_owned(), key_span),
            default: None,
            description: None,
            secret: false,
            choices: Vec::new(),
            keep_empty: false,
        };
        let mut default_span = None;
        let mut choices_span = None;
        for (field, field_path, key, value) in d.table_entries(&path, value) {
            match field {
                "default" => {
                    param.default = d.string(&field_path, value);
                    default_span = Some(span_of(value));
                }
                "description" => param.description = d.string(&field_path, value),
                "secret" => param.secret = d.bool(&field_path, value).unwrap_or(false),
                "keep_empty" => {
                    param.keep_empty = d.bool(&field_path, value).unwrap_or(false);
                }
                "choices" => {
                    param.choices = choices(d, &field_path, value);
                    choices_span = Some(span_of(value));
                }
                _ => {
                    d.unknown_key(&path, key, PARAM_KEYS);
                }
            }
        }
        if param.secret
            && let Some(span) = default_span
        {
            d.push(diagnostics::secret_default(name, span));
        }
        if let (Some(default), Some(span), false) =
            (&param.default, default_span, param.choices.is_empty())
            && !param.choices.contains(default)
        {
            d.push(
                stackc_ir::Diag::new(
                    Code::DefaultNotAChoice,
                    format!("the default of `{name}` is not one of its `choices`"),
                )
                .label(span, "not a choice")
                .label(choices_span.unwrap_or(span), "the choices")
                .help(format!(
                    "add `{}` to `choices`, or pick a default among them",
                    diagnostics::shown(default)
                )),
            );
        }
        d.params.insert(name.to_owned(), param.secret);
        out.insert(name.to_owned(), param);
    }
    out
}

/// `choices = ["a", "b"]`: a non-empty list of distinct strings.
fn choices(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<String> {
    let Some(items) = d.array(path, value) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(choice) = d.string(&crate::decode::item_path(path, i), item) else {
            continue;
        };
        let (code, help) = if choice.is_empty() {
            (
                Code::InvalidChoices,
                "a choice is not empty: an empty value counts as unset, and takes the default",
            )
        } else if out.contains(&choice) {
            (Code::Duplicate, "each choice once")
        } else {
            out.push(choice);
            continue;
        };
        d.push(diagnostics::invalid_value(
            code,
            path,
            &choice,
            span_of(item),
            help,
        ));
    }
    if items.is_empty() {
        d.push(diagnostics::invalid_value(
            Code::InvalidChoices,
            path,
            "[]",
            span_of(value),
            "list the values the parameter may take, e.g. `choices = [\"debug\", \"info\"]`, or remove `choices`",
        ));
    }
    out
}
