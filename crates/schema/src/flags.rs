//! The service keys of [`stackc_ir::flags::FLAGS`], described from the same
//! table the frontend decodes them with.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Value, json};
use stackc_ir::flags::{FLAGS, Flag, Kind, Rule};

use crate::values::{Template, TimingOrParam};

/// Adds a property for each key of [`FLAGS`] to the schema of a service.
pub fn add(schema: &mut Schema) {
    let mut generator = SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for flag in FLAGS {
        properties.insert(flag.key.to_owned(), property(&mut generator, flag));
    }
}

fn property(generator: &mut SchemaGenerator, flag: &Flag) -> Value {
    let mut value = match flag.kind {
        Kind::Switch => json!({
            "anyOf": [
                { "type": "boolean" },
                {
                    "description": "Parameters complete it: `true` or `false` as compose reads a boolean (also `yes`, `no`, `on`, `off`, `y`, `n`), checked when the stack runs.",
                    "type": "string",
                    "pattern": crate::patterns::PARAMETERIZED,
                },
            ],
        }),
        Kind::Value(rule) => one(generator, rule),
        Kind::List(rule) => json!({ "type": "array", "items": item(generator, rule) }),
        Kind::Map(rule) => json!({
            "anyOf": [
                {
                    "description": "A table `NAME = \"VALUE\"`.",
                    "type": "object",
                    "additionalProperties": map_value(generator, rule),
                },
                {
                    "description": "A list of `\"NAME=VALUE\"`.",
                    "type": "array",
                    "items": { "type": "string", "pattern": "^[^=]+=" },
                },
            ],
        }),
        Kind::Seconds => subschema::<TimingOrParam>(generator),
    };
    if let Value::Object(object) = &mut value {
        object.insert("description".into(), flag.doc.into());
        object.insert("examples".into(), json!([example(flag)]));
    }
    value
}

/// One value: a text, or a text or an integer.
fn one(generator: &mut SchemaGenerator, rule: Rule) -> Value {
    let mut text = item(generator, rule);
    if let Value::Object(object) = &mut text {
        object.insert("description".into(), rule.describe().into());
    }
    match rule.integers() {
        None => text,
        Some(_) if rule == Rule::Decimal => json!({
            "anyOf": [
                text,
                { "description": "A number.", "type": "number", "minimum": 0 },
            ],
        }),
        Some((min, max)) => json!({
            "anyOf": [
                text,
                {
                    "description": rule.describe_integer(),
                    "type": "integer",
                    "minimum": min,
                    "maximum": max,
                },
            ],
        }),
    }
}

/// A value of a table: for `ulimits`, also a number or `{ soft, hard }`.
fn map_value(generator: &mut SchemaGenerator, rule: Rule) -> Value {
    if rule != Rule::Ulimit {
        return item(generator, rule);
    }
    let limit = |which: &str, example: i64| {
        json!({
            "description": format!("The {which} limit (`-1`: unlimited)."),
            "type": "integer",
            "minimum": -1,
            "examples": [example],
        })
    };
    json!({
        "anyOf": [
            one(generator, rule),
            {
                "type": "object",
                "properties": { "soft": limit("soft", 1024), "hard": limit("hard", 4096) },
                "required": ["soft", "hard"],
                "additionalProperties": false,
            },
        ],
    })
}

/// A text value (of a list, or alone).
fn item(generator: &mut SchemaGenerator, rule: Rule) -> Value {
    match rule.pattern() {
        None => subschema::<Template>(generator),
        Some(pattern) => json!({
            "anyOf": [
                { "type": "string", "pattern": pattern },
                {
                    "description": "A value that parameters complete, checked once they are known.",
                    "type": "string",
                    "pattern": crate::patterns::PARAMETERIZED,
                },
            ],
        }),
    }
}

fn subschema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

/// The flag's example, as JSON.
fn example(flag: &Flag) -> Value {
    toml::from_str::<toml::Table>(&format!("v = {}", flag.example))
        .ok()
        .and_then(|mut table| table.remove("v"))
        .and_then(|value| serde_json::to_value(value).ok())
        .unwrap_or(Value::Null)
}
