//! A build's `secrets`: names of `[secrets.NAME]`, or tables with `source`
//! and `target` (the id the Dockerfile mounts, `RUN
//! --mount=type=secret,id=ID`; the source's name by default), as compose's.

use crate::raw::DeValue;
use miette::SourceSpan;
use stackc_ir::stack::BuildSecret;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::files::{Kind, source_name};

pub(crate) const KEYS: &[&str] = &["source", "target"];

/// The list at `path`; `ok` turns false on a bad entry (reported).
pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    ok: &mut bool,
) -> Vec<BuildSecret> {
    let Some(items) = d.array(path, value) else {
        *ok = false;
        return Vec::new();
    };
    let mut out: Vec<BuildSecret> = Vec::new();
    let mut seen: Vec<SourceSpan> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let Some(secret) = entry(d, &item_path, item) else {
            *ok = false;
            continue;
        };
        if let Some(at) = out.iter().position(|s| s.id == secret.id) {
            d.push(diagnostics::duplicate(
                "secret id",
                &secret.id,
                path,
                span_of(item),
                seen[at],
            ));
            *ok = false;
            continue;
        }
        seen.push(span_of(item));
        out.push(secret);
    }
    out
}

fn entry(d: &mut Decoder<'_>, path: &str, item: &Value<'_>) -> Option<BuildSecret> {
    if let DeValue::String(_) = item.get_ref() {
        let source = source_name(d, Kind::Secret, path, item)?;
        return Some(BuildSecret {
            id: source.value.clone(),
            source,
        });
    }
    let DeValue::Table(table) = item.get_ref() else {
        d.push(diagnostics::invalid_value(
            Code::InvalidBuild,
            path,
            "",
            span_of(item),
            "a build secret is the name of a `[secrets.NAME]`, or `{ source = \"NAME\", target = \"ID\" }`",
        ));
        return None;
    };
    let mut source = None;
    let mut id = None;
    let mut ok = true;
    for (field, field_path, key, value) in entries(path, table) {
        match field {
            "source" => {
                source = source_name(d, Kind::Secret, &field_path, value);
                ok &= source.is_some();
            }
            "target" => {
                id = d.str(&field_path, value).map(str::to_owned);
                match &id {
                    Some(text) if is_id(text) => {}
                    Some(text) => {
                        d.push(diagnostics::invalid_value(
                            Code::InvalidBuild,
                            &field_path,
                            text,
                            span_of(value),
                            "a build secret's id is letters, digits, `.`, `_` and `-`, starting with a letter or digit (the Dockerfile's `RUN --mount=type=secret,id=ID`)",
                        ));
                        ok = false;
                    }
                    None => ok = false,
                }
            }
            _ => {
                d.unknown_key(path, key, KEYS);
                ok = false;
            }
        }
    }
    if !table.contains_key("source") {
        d.push(diagnostics::missing_key(
            "source",
            path,
            span_of(item),
            "source = \"npm_token\"",
        ));
        return None;
    }
    let source = source.filter(|_| ok)?;
    Some(BuildSecret {
        id: id.unwrap_or_else(|| source.value.clone()),
        source,
    })
}

/// An id docker's `--secret id=ID,…` reads back whole (no `,` or `=`).
fn is_id(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}
