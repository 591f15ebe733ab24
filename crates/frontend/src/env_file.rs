//! A service's `env_file`: a path, or a list of paths and of tables
//! `{ path = "…", required = false }` (compose's long form: a missing
//! optional file is skipped).

use crate::raw::DeValue;
use stackc_ir::stack::{EnvFile, Spanned};

use crate::decode::{Decoder, Value, entries, item_path, span_of};
use crate::diagnostics;

/// The keys of an `env_file` entry written as a table.
pub(crate) const KEYS: &[&str] = &["path", "required"];

/// `env_file` at `path`: each path with no line break; parameters may
/// complete it.
pub(crate) fn decode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Spanned<EnvFile>> {
    let items: Vec<(String, &Value<'_>)> = match value.get_ref() {
        DeValue::String(_) => vec![(path.to_owned(), value)],
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (item_path(path, i), item))
            .collect(),
        _ => {
            d.wrong_type(path, "a string or an array", value);
            return Vec::new();
        }
    };
    items
        .into_iter()
        .filter_map(|(path, item)| entry(d, &path, item).map(|f| Spanned::new(f, span_of(item))))
        .collect()
}

/// One entry: a path, or a table with `path` and `required`.
fn entry(d: &mut Decoder<'_>, path: &str, item: &Value<'_>) -> Option<EnvFile> {
    let table = match item.get_ref() {
        DeValue::String(_) => {
            return d.template_path(path, item).map(|file| EnvFile {
                path: file,
                required: true,
            });
        }
        DeValue::Table(table) => table,
        _ => {
            d.wrong_type(
                path,
                "a string or a table `{ path = \"…\", required = false }`",
                item,
            );
            return None;
        }
    };
    let mut file = None;
    let mut required = true;
    let mut ok = true;
    for (field, field_path, key, value) in entries(path, table) {
        match field {
            "path" => {
                file = d.template_path(&field_path, value);
                ok &= file.is_some();
            }
            "required" => match d.bool(&field_path, value) {
                Some(flag) => required = flag,
                None => ok = false,
            },
            _ => {
                d.unknown_key(path, key, KEYS);
                ok = false;
            }
        }
    }
    if !table.contains_key("path") {
        d.push(diagnostics::missing_key(
            "path",
            path,
            span_of(item),
            "path = \"local.env\"",
        ));
        return None;
    }
    Some(EnvFile {
        path: file.filter(|_| ok)?,
        required,
    })
}
