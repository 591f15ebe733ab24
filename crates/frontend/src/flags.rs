//! The service keys of [`stackc_ir::flags::FLAGS`], decoded by their kind
//! and rule.

use stackc_ir::Template;
use stackc_ir::flags::{Flag, FlagValue, Flags, Kind, Rule};
use toml::de::DeValue;

use crate::decode::{Decoder, Value, span_of};
use crate::template::Use;
use crate::{diagnostics, duration};

/// Decodes `value` for `flag` into `flags`; a refused value is reported
/// and left out.
pub(crate) fn decode(
    d: &mut Decoder<'_>,
    flags: &mut Flags,
    flag: &'static Flag,
    path: &str,
    value: &Value<'_>,
) {
    let decoded = match flag.kind {
        Kind::Switch => d.bool(path, value).filter(|on| *on).map(|_| FlagValue::On),
        Kind::Value(rule) => one(d, rule, path, value).map(FlagValue::Value),
        Kind::List(rule) => list(d, rule, path, value).map(FlagValue::List),
        Kind::Map(rule) => Some(FlagValue::Map(map(d, rule, path, value))),
        Kind::Seconds => duration::decode(d, path, value).map(FlagValue::Seconds),
    };
    if let Some(decoded) = decoded {
        flags.set(flag, decoded, span_of(value));
    }
}

/// One value under `rule`.
fn one(d: &mut Decoder<'_>, rule: Rule, path: &str, value: &Value<'_>) -> Option<Template> {
    if let (Rule::Decimal, DeValue::Float(_)) = (rule, value.get_ref()) {
        // As written, which is how docker and compose read it.
        let text = d.source_text(value).unwrap_or_default().replace('_', "");
        return checked(d, rule, path, &text, span_of(value));
    }
    if let (Some((min, max)), DeValue::Integer(_)) = (rule.integers(), value.get_ref()) {
        return d
            .int(path, value, min.into(), max.into())
            .map(|n| Template::literal(n.to_string()));
    }
    if rule.templated() {
        return d.template(path, value, Use::Other);
    }
    let text = d.str(path, value)?;
    checked(d, rule, path, text, span_of(value))
}

/// A list of values under `rule`: the values it accepts (each refused one
/// is reported).
fn list(d: &mut Decoder<'_>, rule: Rule, path: &str, value: &Value<'_>) -> Option<Vec<Template>> {
    if rule.templated() {
        return d.templates(path, value, Use::Other);
    }
    let items = d.strings(path, value).unwrap_or_default();
    Some(
        items
            .into_iter()
            .filter_map(|item| checked(d, rule, path, &item.value, item.span))
            .collect(),
    )
}

/// Names with values under `rule`: a table, or a list of `"NAME=VALUE"`.
fn map(d: &mut Decoder<'_>, rule: Rule, path: &str, value: &Value<'_>) -> Vec<(String, Template)> {
    let pairs = d.pairs(path, value, false);
    pairs
        .into_iter()
        .filter(|(name, template)| {
            rule.templated() || template.as_literal().is_some_and(|text| rule.accepts(text)) || {
                d.push(diagnostics::invalid_value(
                    rule.code(),
                    &format!("{path}.{name}"),
                    &template.to_string(),
                    span_of(value),
                    &rule.help(),
                ));
                false
            }
        })
        .collect()
}

fn checked(
    d: &mut Decoder<'_>,
    rule: Rule,
    path: &str,
    text: &str,
    span: miette::SourceSpan,
) -> Option<Template> {
    if rule.accepts(text) {
        Some(Template::literal(text.to_owned()))
    } else {
        d.push(diagnostics::invalid_value(
            rule.code(),
            path,
            text,
            span,
            &rule.help(),
        ));
        None
    }
}
