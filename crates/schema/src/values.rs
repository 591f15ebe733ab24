//! The values of the format that many keys share: templates, durations,
//! scalars, labels, variables, env files.

#![allow(
    dead_code,
    reason = "the types describe the format; no value of them is ever built"
)]

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::patterns;

/// Text that may refer to parameters as `${NAME}`; `$$` is a literal `$`,
/// and any other `$` is an error.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Template(#[schemars(regex(pattern = patterns::TEMPLATE))] String);

/// A Go duration, as compose writes them: one or more `<number><unit>`
/// with units `ns`, `us`, `ms`, `s`, `m`, `h` (`30s`, `1m30s`, `500ms`). A
/// bare number is an error.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Duration(#[schemars(regex(pattern = patterns::DURATION))] String);

/// A healthcheck's timing: a [`Duration`], or text that refers to
/// parameters (`"${HEALTH_INTERVAL:-30s}"`), checked as a duration once
/// their values are known.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum TimingOrParam {
    /// A duration.
    Duration(Duration),
    /// Parameters complete it.
    Param(#[schemars(regex(pattern = patterns::PARAMETERIZED))] String),
}

/// A whole number, or text that refers to parameters
/// (`"${HEALTH_RETRIES:-3}"`), checked as a whole number once their values
/// are known.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum CountOrParam {
    /// A whole number.
    Count(u32),
    /// Parameters complete it.
    Param(#[schemars(regex(pattern = patterns::PARAMETERIZED))] String),
}

/// A string, an integer or a boolean (written as its text).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    /// A string; may use `${NAME}`.
    String(Template),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
}

/// A table of strings, or a list of `KEY=VALUE`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Labels {
    /// `{ KEY = "value" }`.
    Table(Vars),
    /// `["KEY=value"]`.
    List(#[schemars(inner(regex(pattern = patterns::KEY_VALUE)))] Vec<String>),
}

/// A string or a list of strings.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum StringOrList {
    /// One.
    One(String),
    /// Several.
    List(Vec<String>),
}

/// A service's `env_file`: a path, or a list of paths and tables.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum EnvFiles {
    /// One path.
    One(String),
    /// Several, in order.
    List(Vec<EnvFileItem>),
}

/// One of `env_file`'s list.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum EnvFileItem {
    /// A path: the file must exist.
    Path(String),
    /// A path with whether it must exist.
    Table(EnvFileTable),
}

/// An env file as a table (compose's long form).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvFileTable {
    /// The file, relative to stack.toml.
    #[schemars(example = &"local.env")]
    path: String,
    /// `false`: a missing file is skipped (docker reads it when it exists
    /// as the container is created). Default `true`: a missing file is an
    /// error.
    #[schemars(example = false)]
    required: Option<bool>,
}

/// A table of variables (`environment`, `labels`, `build.args`): any name
/// that is not empty and holds no `=`, each a string, an integer or a
/// boolean.
pub struct Vars;

/// A service's `environment`: a table, or compose's list form, where
/// `"NAME=value"` sets a value and `"NAME"` passes the variable through.
pub struct Environment;

impl JsonSchema for Environment {
    fn schema_name() -> Cow<'static, str> {
        "Environment".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let table = generator.subschema_for::<Vars>();
        json_schema!({
            "anyOf": [
                table,
                {
                    "description": "`\"NAME=value\"` sets a value; `\"NAME\"` passes the variable through from the environment docker runs in.",
                    "type": "array",
                    "items": { "type": "string", "pattern": "^[^=]+(=|$)" },
                },
            ],
        })
    }
}

impl JsonSchema for Vars {
    fn schema_name() -> Cow<'static, str> {
        "Vars".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<Scalar>();
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": "^[^=]+$" },
            "additionalProperties": value,
        })
    }
}
