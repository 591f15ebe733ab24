//! A service's `depends_on`: a list of service names, or a table of
//! service name → condition.

use miette::SourceSpan;
use stackc_ir::stack::{Condition, Dependency, Spanned};
use toml::de::DeValue;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;

pub(crate) const DEPENDENCY_KEYS: &[&str] = &["condition"];

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
                });
            }
        }
        DeValue::Table(table) => {
            for (name, item_path, key, value) in entries(path, table) {
                let condition = match value.get_ref() {
                    DeValue::String(_) => condition(d, &item_path, value),
                    DeValue::Table(table) => {
                        let mut found = None;
                        for (field, value) in table {
                            if field.get_ref() == "condition" {
                                found = condition(d, &format!("{item_path}.condition"), value);
                            } else {
                                d.unknown_key(&item_path, field, DEPENDENCY_KEYS);
                            }
                        }
                        if found.is_none() && !table.contains_key("condition") {
                            d.push(diagnostics::missing_key(
                                "condition",
                                &item_path,
                                span_of(value),
                                "condition = \"healthy\"",
                            ));
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
