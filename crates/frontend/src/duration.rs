//! Durations in Go syntax, as compose writes them: `30s`, `1m30s`, `1.5s`.

use crate::raw::DeValue;
use stackc_ir::stack::Duration;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

/// Units, longest first so that `ms` is not read as `m`.
const UNITS: &[(&str, u128)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// The value in nanoseconds of a Go duration: one or more
/// `<number><unit>`, or `0`. No sign.
pub(crate) fn parse(text: &str) -> Option<u128> {
    if text == "0" {
        return Some(0);
    }
    if text.is_empty() {
        return None;
    }
    let mut rest = text;
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let whole_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let whole = &rest[..whole_len];
        rest = &rest[whole_len..];
        let mut frac = "";
        if let Some(after) = rest.strip_prefix('.') {
            let frac_len = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            frac = &after[..frac_len];
            rest = &after[frac_len..];
        }
        if whole.is_empty() && frac.is_empty() {
            return None;
        }
        let (unit, scale) = UNITS.iter().find(|(unit, _)| rest.starts_with(unit))?;
        rest = &rest[unit.len()..];
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        total = total.checked_add(whole.checked_mul(*scale)?)?;
        // Digits past the 18th cannot change a nanosecond count.
        let frac = &frac[..frac.len().min(18)];
        if !frac.is_empty() {
            let numerator: u128 = frac.parse().ok()?;
            let denominator = 10u128.pow(u32::try_from(frac.len()).ok()?);
            total = total.checked_add(numerator * scale / denominator)?;
        }
    }
    Some(total)
}

/// The longest duration docker takes: `i64::MAX` nanoseconds.
const MAX_NANOS: u128 = 9_223_372_036_854_775_807;

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
                })
            } else {
                d.push(diagnostics::invalid_duration(path, text, span_of(value)));
                None
            }
        }
    }
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
