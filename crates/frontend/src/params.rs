//! `[params.NAME]`: the runtime parameters of the generated scripts.

use indexmap::IndexMap;
use stackc_ir::stack::{Param, Spanned};
use stackc_ir::template::is_param_name;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::names;

pub(crate) const PARAM_KEYS: &[&str] = &["default", "description", "secret"];

/// Decode `[params]`, and declare every parameter to the decoder so that
/// templates can refer to them.
pub(crate) fn decode(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Param> {
    let mut out = IndexMap::new();
    let Some(table) = d.table("params", value) else {
        return out;
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        let key_span = span_of(key);
        if !is_param_name(name) {
            d.push(diagnostics::invalid_param_name(name, key_span));
        } else if names::is_reserved_param(name) {
            d.push(diagnostics::reserved_param(name, key_span));
        }
        let path = format!("params.{name}");
        let mut param = Param {
            name: Spanned::new(name.to_owned(), key_span),
            default: None,
            description: None,
            secret: false,
        };
        let mut default_span = None;
        if let Some(table) = d.table(&path, value) {
            for (field, value) in table {
                let field_path = format!("{path}.{}", field.get_ref());
                match field.get_ref().as_ref() {
                    "default" => {
                        param.default = d.string(&field_path, value);
                        default_span = Some(span_of(value));
                    }
                    "description" => param.description = d.string(&field_path, value),
                    "secret" => param.secret = d.bool(&field_path, value).unwrap_or(false),
                    _ => {
                        d.unknown_key(&path, field, PARAM_KEYS);
                    }
                }
            }
        }
        if param.secret
            && let Some(span) = default_span
        {
            d.push(diagnostics::secret_default(name, span));
        }
        d.params.insert(name.to_owned(), param.secret);
        out.insert(name.to_owned(), param);
    }
    out
}
