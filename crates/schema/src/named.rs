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

/// `extra_hosts` as a table: host name → address.
pub struct HostTable;

impl JsonSchema for HostTable {
    fn schema_name() -> Cow<'static, str> {
        "HostTable".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": { "pattern": crate::patterns::HOST_NAME },
            "additionalProperties": {
                "description": "An IP address (IPv6 optionally in brackets) or `host-gateway`; parameters may complete it (`\"${DB_IP:-10.0.0.5}\"`), checked before docker.",
                "type": "string",
            },
        })
    }
}

/// The names of stacks and services.
pub struct ServiceName;
impl NameRule for ServiceName {
    const ID: &'static str = "Services";
    const PATTERN: &'static str = crate::patterns::SERVICE_NAME;
}

/// The names of networks.
pub struct NetworkName;
impl NameRule for NetworkName {
    const ID: &'static str = "Networks";
    const PATTERN: &'static str = crate::patterns::RESOURCE_NAME;
}

/// The names of volumes.
pub struct VolumeName;
impl NameRule for VolumeName {
    const ID: &'static str = "Volumes";
    const PATTERN: &'static str = crate::patterns::RESOURCE_NAME;
}

/// The names of parameters.
pub struct ParamName;
impl NameRule for ParamName {
    const ID: &'static str = "Params";
    const PATTERN: &'static str = crate::patterns::PARAM_NAME;
    fn reserved() -> Option<String> {
        Some(stackc_ir::reserved::variable_pattern())
    }
}
