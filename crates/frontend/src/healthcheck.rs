//! A service's `healthcheck`.

use crate::raw::DeValue;
use stackc_ir::stack::{HealthTest, Healthcheck, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;
use crate::duration;
use crate::template::Use;

pub(crate) const HEALTHCHECK_KEYS: &[&str] = &[
    "test",
    "interval",
    "timeout",
    "start_period",
    "start_interval",
    "retries",
];

pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<Healthcheck>> {
    let table = d.table(path, value)?;
    let mut test = None;
    let mut interval = None;
    let mut timeout = None;
    let mut start_period = None;
    let mut start_interval = None;
    let mut retries = None;
    let mut ok = true;
    for (field, field_path, key, value) in entries(path, table) {
        let good = match field {
            "test" => {
                test = decode_test(d, &field_path, value);
                test.is_some()
            }
            "interval" | "timeout" | "start_period" | "start_interval" => {
                let slot = match field {
                    "interval" => &mut interval,
                    "timeout" => &mut timeout,
                    "start_period" => &mut start_period,
                    _ => &mut start_interval,
                };
                *slot = duration::decode_or_template(d, &field_path, value);
                slot.is_some()
            }
            "retries" => {
                retries = decode_retries(d, &field_path, value);
                retries.is_some()
            }
            _ => {
                d.unknown_key(path, key, HEALTHCHECK_KEYS);
                false
            }
        };
        ok &= good;
    }
    // Without `test`, the image's own HEALTHCHECK (as compose reads it):
    // `healthcheck = {}` says that the image declares one.
    let test = if table.contains_key("test") {
        test?
    } else {
        HealthTest::Image
    };
    let healthcheck = Healthcheck {
        test,
        interval,
        timeout,
        retries,
        start_period,
        start_interval,
    };
    ok.then(|| Spanned::new(healthcheck, span_of(value)))
}

fn decode_test(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<HealthTest> {
    match value.get_ref() {
        DeValue::String(text) if text.trim().is_empty() => {
            // Compose and docker disagree on an empty test (compose drops
            // it, the docker CLI keeps the image's): say what is meant.
            d.push(diagnostics::invalid_healthcheck(
                path,
                span_of(value),
                "an empty command",
            ));
            None
        }
        DeValue::String(_) => d.template(path, value, Use::Other).map(HealthTest::Shell),
        DeValue::Array(items) => {
            let Some(first) = items.first() else {
                d.push(diagnostics::invalid_healthcheck(
                    path,
                    span_of(value),
                    "empty test",
                ));
                return None;
            };
            let kind = d.str(&format!("{path}[0]"), first)?;
            let rest = &items[1..];
            match kind {
                "CMD" if !rest.is_empty() => d
                    .templates_from(path, rest, 1, Use::Other)
                    .map(HealthTest::Exec),
                "CMD" => {
                    d.push(diagnostics::invalid_healthcheck(
                        path,
                        span_of(value),
                        "`CMD` needs a program to run",
                    ));
                    None
                }
                "CMD-SHELL" if rest.len() == 1 => {
                    let command = d.template(&format!("{path}[1]"), &rest[0], Use::Other)?;
                    if command.as_literal().is_some_and(|c| c.trim().is_empty()) {
                        d.push(diagnostics::invalid_healthcheck(
                            path,
                            span_of(value),
                            "an empty command",
                        ));
                        return None;
                    }
                    Some(HealthTest::Shell(command))
                }
                "CMD-SHELL" => {
                    d.push(diagnostics::invalid_healthcheck(
                        path,
                        span_of(value),
                        "`CMD-SHELL` takes exactly one command string",
                    ));
                    None
                }
                "NONE" if rest.is_empty() => Some(HealthTest::Disabled),
                "NONE" => {
                    d.push(diagnostics::invalid_healthcheck(
                        path,
                        span_of(value),
                        "`NONE` takes no arguments",
                    ));
                    None
                }
                _ => {
                    d.push(diagnostics::invalid_healthcheck(
                        path,
                        span_of(first),
                        "expected `CMD`, `CMD-SHELL` or `NONE`",
                    ));
                    None
                }
            }
        }
        _ => {
            d.wrong_type(path, "a string or an array", value);
            None
        }
    }
}

/// `retries`: a whole number, or a string parameters complete
/// (`"${HEALTH_RETRIES:-3}"`), checked with the defaults (validate), by
/// the script with its values, and by the outputs that fix them.
fn decode_retries(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<stackc_ir::Template> {
    if let DeValue::String(text) = value.get_ref()
        && text.contains('$')
    {
        let text: &str = text;
        let part = crate::template::Part::at(value, 0, text);
        let template = d.template_in(path, part, crate::template::Use::Other)?;
        if template.as_literal().is_none() {
            d.no_line_break(path, part)?;
            return Some(template);
        }
    }
    d.u32(path, value)
        .map(|n| stackc_ir::Template::literal(n.to_string()))
}
