//! The service keys of [`stackc_ir::flags::FLAGS`], decoded by their kind
//! and rule.

use crate::raw::DeValue;
use stackc_ir::Template;
use stackc_ir::flags::{Flag, FlagValue, Flags, Kind, Rule};

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
        Kind::Switch => switch(d, path, value),
        Kind::Value(rule) => one(d, rule, path, value).map(FlagValue::Value),
        Kind::List(rule) => list(d, rule, path, value).map(FlagValue::List),
        Kind::Map(rule) => Some(FlagValue::Map(map(d, rule, path, value))),
        Kind::Seconds => duration::decode_or_template(d, path, value).map(FlagValue::Seconds),
    };
    if let Some(decoded) = decoded {
        flags.set(flag, decoded, span_of(value));
    }
}

/// A switch: `true` or `false`, or a string that parameters complete
/// (`"${INIT:-false}"`, as compose interpolates it), a boolean as compose
/// reads one when the stack runs ([`stackc_ir::check::boolean`]).
fn switch(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<FlagValue> {
    if let DeValue::String(text) = value.get_ref()
        && text.contains('$')
    {
        let template = d.template(path, value, Use::Other)?;
        if template.as_literal().is_none() {
            return Some(FlagValue::Toggle(template));
        }
    }
    d.bool(path, value).filter(|on| *on).map(|_| FlagValue::On)
}

/// One value under `rule`. A value that parameters complete is checked
/// later, with their defaults and by the script ([`stackc_ir::check`]).
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
    let template = d.template(path, value, Use::Other)?;
    match template.as_literal() {
        Some(text) if rule != Rule::Text => checked(d, rule, path, text, span_of(value)),
        _ => Some(template),
    }
}

/// A list of values under `rule`: the values it accepts (each refused one
/// is reported).
fn list(d: &mut Decoder<'_>, rule: Rule, path: &str, value: &Value<'_>) -> Option<Vec<Template>> {
    let items = d.array(path, value)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.extend(one(d, rule, &crate::decode::item_path(path, i), item));
    }
    Some(out)
}

/// Names with values under `rule`: a table, or a list of `"NAME=VALUE"`.
fn map(d: &mut Decoder<'_>, rule: Rule, path: &str, value: &Value<'_>) -> Vec<(String, Template)> {
    if rule == Rule::Ulimit && value.get_ref().as_table().is_some() {
        return ulimits(d, path, value);
    }
    let pairs = d.pairs(path, value, false);
    pairs
        .into_iter()
        .filter(|(name, template)| {
            template.as_literal().is_none_or(|text| rule.accepts(text)) || {
                d.push(diagnostics::invalid_value(
                    rule.code(),
                    &crate::decode::key_path(path, name),
                    &template.to_string(),
                    span_of(value),
                    &rule.help(),
                ));
                false
            }
        })
        .collect()
}

/// `ulimits` as a table: each limit one number, or `{ soft, hard }`.
fn ulimits(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<(String, Template)> {
    let mut out = Vec::new();
    for (name, limit_path, key, limit) in d.table_entries(path, value) {
        if name.is_empty() || name.contains(['=', '\0']) {
            d.push(diagnostics::invalid_pair(path, name, span_of(key)));
            continue;
        }
        let text = if limit.get_ref().as_table().is_some() {
            let mut soft = None;
            let mut hard = None;
            for (field, field_path, field_key, number) in d.table_entries(&limit_path, limit) {
                let n = match field {
                    "soft" | "hard" => d.int(&field_path, number, -1, i64::MAX.into()),
                    _ => {
                        d.unknown_key(&limit_path, field_key, &["soft", "hard"]);
                        continue;
                    }
                };
                if field == "soft" {
                    soft = n;
                } else {
                    hard = n;
                }
            }
            match (soft, hard) {
                (Some(soft), Some(hard)) if hard != -1 && (soft == -1 || soft > hard) => {
                    d.push(diagnostics::invalid_value(
                        stackc_ir::diagnostic::Code::InvalidNumber,
                        &limit_path,
                        &format!("{soft}:{hard}"),
                        span_of(limit),
                        "the soft limit is at most the hard one (`-1` is unlimited)",
                    ));
                    continue;
                }
                (Some(soft), Some(hard)) => format!("{soft}:{hard}"),
                _ => {
                    d.push(diagnostics::missing_key(
                        if soft.is_none() { "soft" } else { "hard" },
                        &limit_path,
                        span_of(limit),
                        "soft = 1024, hard = 4096",
                    ));
                    continue;
                }
            }
        } else {
            match one(d, Rule::Ulimit, &limit_path, limit) {
                Some(template) => {
                    out.push((name.to_owned(), template));
                    continue;
                }
                None => continue,
            }
        };
        out.push((name.to_owned(), Template::literal(text)));
    }
    out
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
