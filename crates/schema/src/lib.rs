//! The JSON Schema of stack.toml, for editors: taplo (Even Better TOML)
//! reads it from a `#:schema ./stack.schema.json` first line or a
//! `.taplo.toml` rule and gives completion, hover docs and checks.
//!
//! The frontend decodes stack.toml by hand (it reports every problem with a
//! span), so the format is described a second time here, as schemars-derived
//! types that mirror it table by table ([`format`]). Every key carries its
//! doc comment (the `description` editors show on hover) and an example.
//! `tests/outputs/schema.rs` keeps the two in step: each table's keys equal the
//! frontend's [`known_keys`](../stackc_frontend/fn.known_keys.html), every
//! fixture validates, and every unknown-key fixture does not.
//!
//! The schema is draft-07 (the draft taplo handles best) with every
//! subschema inlined, so a hover shows the description of the key itself.

mod blkio;
mod files;
mod flags;
pub mod format;
mod named;
mod outputs;
pub mod patterns;
mod service;
mod values;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use serde_json::Value;

/// The schema of a whole stack.toml.
pub fn schema() -> Schema {
    let mut schema = SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<format::StackFile>();
    RecursiveTransform(tidy).transform(&mut schema);
    schema.insert("title".into(), "stack.toml".into());
    schema
}

/// [`schema`] as the text of `stack.schema.json`: pretty-printed, keys
/// sorted, one trailing newline.
pub fn to_json() -> String {
    let mut value = schema().to_value();
    value.sort_all_objects();
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// TOML has no null and no sized integers: an optional key is one that may
/// be left out, so the `null` alternatives schemars gives `Option`s go, and
/// so do the Rust integer `format`s. Descriptions lose the line breaks of
/// the doc comments.
fn tidy(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::String(text)) = object.get_mut("description") {
        *text = unwrap_lines(text);
    }
    if object.get("type").is_some_and(|t| t != "string") {
        object.remove("format");
    }
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    let is_null = |v: &Value| v.get("type").is_some_and(|t| t == "null");
    if let Some(Value::Array(alternatives)) = object.get_mut("anyOf")
        && alternatives.iter().any(is_null)
    {
        alternatives.retain(|v| !is_null(v));
        if alternatives.len() == 1
            && let Some(Value::Object(only)) = alternatives.pop()
        {
            object.remove("anyOf");
            for (key, value) in only {
                // The key's own description and examples win over its type's.
                object.entry(key).or_insert(value);
            }
        }
    }
}

/// A doc comment's paragraphs, each on one line (editors wrap them).
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
