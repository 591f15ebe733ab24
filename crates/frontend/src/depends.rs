//! A service's `depends_on`: a list of service names, or a table of
//! service name → condition.

use crate::raw::DeValue;
use miette::SourceSpan;
use stackc_ir::stack::{Condition, Dependency, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;

pub(crate) const DEPENDENCY_KEYS: &[&str] = &["condition", "required", "restart"];

pub(crate) fn decode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Dependency> {
    let mut out: Vec<Dependency> = Vec::new();
    match value.get_ref() {
        DeValue::Array(_) => {
            for name in d.strings(path, value).unwrap_or_default() {
                if let Some(first) = out.iter().find(|dep| dep.service.value == name.value) {
                    let first = first.service.span;
                    d.push(diagnostics::duplicate(
                        "dependency",
                        &name.value,
                        path,
                        name.span,
                        first,
                    ));
                    continue;
                }
                out.push(Dependency {
                    condition: Spanned::new(Condition::Started, name.span),
                    service: name,
                    required: true,
                    restart: false,
                });
            }
        }
        DeValue::Table(table) => {
            for (name, item_path, key, value) in entries(path, table) {
                let mut required = true;
                let mut restart = false;
                let condition = match value.get_ref() {
                    DeValue::String(_) => condition(d, &item_path, value),
                    DeValue::Table(table) => {
                        // Compose's default condition.
                        let mut found = Some(Spanned::new(Condition::Started, span_of(key)));
                        for (field, field_path, key, value) in entries(&item_path, table) {
                            match field {
                                "condition" => found = condition(d, &field_path, value),
                                "required" => required = d.bool(&field_path, value).unwrap_or(true),
                                "restart" => restart = d.bool(&field_path, value).unwrap_or(false),
                                _ => {
                                    d.unknown_key(&item_path, key, DEPENDENCY_KEYS);
                                }
                            }
                        }
                        found
                    }
                    _ => {
                        d.wrong_type(&item_path, "a condition string", value);
                        None
                    }
                };
                if let Some(condition) = condition {
                    out.push(Dependency {
                        service: Spanned::new(name.to_owned(), span_of(key)),
                        condition,
                        required,
                        restart,
                    });
                }
            }
        }
        _ => d.wrong_type(path, "an array or a table", value),
    }
    out
}

fn condition(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<Condition>> {
    let text = d.str(path, value)?;
    let span: SourceSpan = span_of(value);
    let condition = match text {
        "started" | "service_started" => Condition::Started,
        "healthy" | "service_healthy" => Condition::Healthy,
        "completed" | "service_completed_successfully" => Condition::Completed,
        _ => {
            d.push(diagnostics::unknown_condition(text, span));
            return None;
        }
    };
    Some(Spanned::new(condition, span))
}
