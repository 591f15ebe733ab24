//! Tables keyed by names the user chooses (`[services.NAME]`,
//! `environment`, …): JSON Schema says what a name may be with
//! `patternProperties` or `propertyNames`, which derive cannot write.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// A kind of name and its rule.
pub trait NameRule {
    /// Unique among the rules: it names the schema.
    const ID: &'static str;
    /// The names, as a regular expression (anchored).
    const PATTERN: &'static str;
    /// Names the rule refuses although they match [`Self::PATTERN`], as a
    /// regular expression.
    fn reserved() -> Option<String> {
        None
    }
}

/// A table from names of kind `K` to values of type `T`; no other key.
pub struct Named<K, T>(PhantomData<(K, T)>);

impl<K: NameRule, T: JsonSchema> JsonSchema for Named<K, T> {
    fn schema_name() -> Cow<'static, str> {
        format!("{}_{}", K::ID, T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>();
        let mut schema = json_schema!({
            "type": "object",
            "patternProperties": { (K::PATTERN): value },
            "additionalProperties": false,
        });
        if let Some(reserved) = K::reserved() {
            schema.insert(
                "propertyNames".into(),
                serde_json::json!({ "not": { "pattern": reserved } }),
            );
        }
        schema
    }
}

/// A table of variables (`environment`, `labels`, `build.args`): any name
/// that is not empty and holds no `=`, each a string, an integer or a
/// boolean.
pub struct Vars;

impl JsonSchema for Vars {
    fn schema_name() -> Cow<'static, str> {
        "Vars".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<crate::format::Scalar>();
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": "^[^=]+$" },
            "additionalProperties": value,
        })
    }
}

/// `extra_hosts` as a table: host name → address.
pub struct HostTable;

impl JsonSchema for HostTable {
    fn schema_name() -> Cow<'static, str> {
        "HostTable".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": crate::format::patterns::HOST_NAME },
            "additionalProperties": {
                "description": "An IP address (IPv6 optionally in brackets) or `host-gateway`.",
                "type": "string",
            },
        })
    }
}

/// The array form of `healthcheck.test`: `["CMD", program, args…]`,
/// `["CMD-SHELL", command]` or `["NONE"]`.
pub struct HealthTestList;

impl JsonSchema for HealthTestList {
    fn schema_name() -> Cow<'static, str> {
        "HealthTestList".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let word = generator.subschema_for::<crate::format::Template>();
        json_schema!({
            "type": "array",
            "items": [{ "enum": ["CMD", "CMD-SHELL", "NONE"] }],
            "additionalItems": word,
            "anyOf": [
                {
                    "description": "A program and its arguments, run without a shell.",
                    "items": [{ "const": "CMD" }],
                    "minItems": 2,
                },
                {
                    "description": "One command line, run by `/bin/sh -c`.",
                    "items": [{ "const": "CMD-SHELL" }],
                    "minItems": 2,
                    "maxItems": 2,
                },
                {
                    "description": "Disable the image's healthcheck.",
                    "items": [{ "const": "NONE" }],
                    "maxItems": 1,
                },
            ],
        })
    }
}
