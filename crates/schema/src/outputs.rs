//! The values of `[outputs."PATH"]`, from the lists of `stackc_ir`: the
//! targets, the actions they take and their formats.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};
use stackc_ir::ast::Action;
use stackc_ir::target::{Format, Target};

/// `target`.
pub struct OutputTarget;

/// `action`: those of a target that takes one.
pub struct OutputAction;

/// `format`: those of a target that has several.
pub struct OutputFormat;

/// A string that is one of `choices`, each a value and what it means.
fn one_of<'a>(choices: impl Iterator<Item = (&'a str, String)>) -> Schema {
    let choices: Vec<Value> = choices
        .map(|(value, description)| {
            json!({ "const": value, "description": description, "type": "string" })
        })
        .collect();
    json_schema!({ "oneOf": choices })
}

impl JsonSchema for OutputTarget {
    fn schema_name() -> Cow<'static, str> {
        "OutputTarget".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of(
            Target::ALL
                .iter()
                .map(|target| (target.as_str(), target.summary().to_owned())),
        )
    }
}

impl JsonSchema for OutputAction {
    fn schema_name() -> Cow<'static, str> {
        "OutputAction".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of(
            Action::ALL
                .iter()
                .filter(|action| Target::ALL.iter().any(|t| t.actions().contains(action)))
                .map(|action| (action.as_str(), action.summary().to_owned())),
        )
    }
}

impl JsonSchema for OutputFormat {
    fn schema_name() -> Cow<'static, str> {
        "OutputFormat".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        one_of(Format::ALL.iter().map(|format| {
            let target = Target::ALL
                .iter()
                .find(|t| t.formats().contains(format))
                .map_or("", |t| t.as_str());
            (format.as_str(), format!("{target}: {}", format.summary()))
        }))
    }
}
