//! Durations in Go syntax, as compose writes them: `30s`, `1m30s`, `1.5s`.

use crate::raw::DeValue;
use stackc_ir::duration::{MAX_NANOS, parse};
use stackc_ir::stack::Duration;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

/// A duration field.
pub(crate) fn decode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Duration> {
    match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            d.push(diagnostics::duration_number(path, span_of(value)));
            None
        }
        _ => {
            let text = d.str(path, value)?;
            if let Some(nanos) = parse(text) {
                // Docker holds a duration in an i64 of nanoseconds (about
                // 292 years): a longer one is refused when it runs.
                if nanos > MAX_NANOS {
                    d.push(diagnostics::invalid_value(
                        Code::InvalidDuration,
                        path,
                        text,
                        span_of(value),
                        "a duration may be at most `2562047h` (docker's limit, about 292 years)",
                    ));
                    return None;
                }
                Some(Duration {
                    text: text.to_owned(),
                    nanos,
                    template: None,
                })
            } else {
                d.push(diagnostics::invalid_duration(path, text, span_of(value)));
                None
            }
        }
    }
}

/// A healthcheck's timing: a duration, or a string parameters complete
/// (`"${HEALTH_INTERVAL:-30s}"`, as compose interpolates it), checked with
/// the defaults (validate), by the script with its values, and by the
/// outputs that fix them.
pub(crate) fn decode_or_template(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Duration> {
    if let DeValue::String(text) = value.get_ref()
        && text.contains('$')
    {
        let text: &str = text;
        let part = crate::template::Part::at(value, 0, text);
        let template = d.template_in(path, part, crate::template::Use::Other)?;
        if template.as_literal().is_none() {
            d.no_line_break(path, part)?;
            return Some(Duration {
                text: String::new(),
                nanos: 0,
                template: Some(template),
            });
        }
    }
    decode(d, path, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse("30s"), Some(30_000_000_000));
        assert_eq!(parse("1m30s"), Some(90_000_000_000));
        assert_eq!(parse("500ms"), Some(500_000_000));
        assert_eq!(parse("1.5s"), Some(1_500_000_000));
        assert_eq!(parse(".5s"), Some(500_000_000));
        assert_eq!(parse("2h"), Some(7_200_000_000_000));
        assert_eq!(parse("10us"), Some(10_000));
        assert_eq!(parse("10\u{b5}s"), Some(10_000));
        assert_eq!(parse("7ns"), Some(7));
        assert_eq!(parse("0"), Some(0));
    }

    #[test]
    fn rejects_malformed_durations() {
        for text in [
            "", "30", "s", "1x", "-1s", "1.s.", "1 s", "1.2.3s", "30S", "${T}",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
