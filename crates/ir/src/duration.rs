//! A duration as stack.toml writes it, kept with its value.

/// A duration as written (Go syntax, e.g. `1m30s`), and its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    /// The text as written in stack.toml, e.g. `1m30s`.
    pub text: String,
    /// The value in nanoseconds (0 for a [`Self::template`]).
    pub nanos: u128,
    /// Parameters complete it (`"${HEALTH_INTERVAL:-30s}"`, a healthcheck's
    /// timings and `stop_grace_period`): its value is known when it runs, and checked then
    /// ([`accepts`]); `text` is empty.
    pub template: Option<crate::Template>,
}

impl Duration {
    /// Whole seconds, rounded up.
    pub fn seconds_ceil(&self) -> u128 {
        self.nanos.div_ceil(1_000_000_000)
    }
}

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
pub fn parse(text: &str) -> Option<u128> {
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
pub const MAX_NANOS: u128 = 9_223_372_036_854_775_807;

/// What [`parse`] takes, as an anchored extended regular expression (the
/// script's check; it does not bound the value).
pub const PATTERN: &str = r"^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";

/// Whether `text` is a duration docker takes: [`parse`], at most
/// [`MAX_NANOS`].
pub fn accepts(text: &str) -> bool {
    parse(text).is_some_and(|nanos| nanos <= MAX_NANOS)
}
