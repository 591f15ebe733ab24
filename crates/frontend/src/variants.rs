//! A service's `profiles` and `volumes_from`, and a volume's `owner`,
//! `mode` and `init_image`.

use stackc_ir::stack::{Ref, Spanned};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;

/// `profiles = ["dev", "debug"]`: names as compose spells them,
/// `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, each once.
pub(crate) fn profiles(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Spanned<String>> {
    let mut out: Vec<Spanned<String>> = Vec::new();
    for name in d.strings(path, value).unwrap_or_default() {
        if !is_profile_name(&name.value) {
            d.push(diagnostics::invalid_value(
                "stackc::invalid-profile",
                path,
                &name.value,
                name.span,
                "a profile name starts with a letter or digit, then letters, digits, `_`, `.` or `-` (e.g. `dev`)",
            ));
            continue;
        }
        if let Some(first) = out.iter().find(|p| p.value == name.value) {
            let first = first.span;
            d.push(diagnostics::duplicate(
                "profile",
                &name.value,
                path,
                name.span,
                first,
            ));
            continue;
        }
        out.push(name);
    }
    out
}

/// Compose's rule for a profile name.
pub(crate) fn is_profile_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// `volumes_from = ["svc"]`: service names, each once (checked against the
/// stack by the passes).
pub(crate) fn volumes_from(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Ref> {
    let mut out: Vec<Ref> = Vec::new();
    for name in d.strings(path, value).unwrap_or_default() {
        if let Some(first) = out.iter().find(|n| n.value == name.value) {
            let first = first.span;
            d.push(diagnostics::duplicate(
                "service",
                &name.value,
                path,
                name.span,
                first,
            ));
            continue;
        }
        out.push(name);
    }
    out
}

/// `owner = "UID[:GID]"`: numeric ids only (the init container has no
/// user database to look names up in).
pub(crate) fn owner(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let text = d.str(path, value)?;
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match text.split_once(':') {
        Some((uid, gid)) => numeric(uid) && numeric(gid),
        None => numeric(text),
    };
    if !ok {
        d.push(diagnostics::invalid_value(
            "stackc::invalid-owner",
            path,
            text,
            span_of(value),
            "write a numeric `UID` or `UID:GID`, e.g. `\"999:999\"`",
        ));
        return None;
    }
    Some(Spanned::new(text.to_owned(), span_of(value)))
}

/// `mode = "0750"`: octal, 3 or 4 digits, optionally after a leading `0`.
pub(crate) fn mode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let text = d.str(path, value)?;
    let digits = text
        .strip_prefix('0')
        .filter(|rest| rest.len() >= 3)
        .unwrap_or(text);
    let ok = (3..=4).contains(&digits.len()) && digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
    if !ok {
        d.push(diagnostics::invalid_value(
            "stackc::invalid-mode",
            path,
            text,
            span_of(value),
            "write an octal mode as a string, e.g. `\"0750\"` or `\"755\"`",
        ));
        return None;
    }
    Some(Spanned::new(text.to_owned(), span_of(value)))
}

/// `init_image`: an image reference (literal).
pub(crate) fn init_image(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<String>> {
    let text = d.str(path, value)?;
    if let Err(why) = crate::service::check_image(text) {
        d.push(diagnostics::invalid_image(path, text, span_of(value), why));
        return None;
    }
    Some(Spanned::new(text.to_owned(), span_of(value)))
}
