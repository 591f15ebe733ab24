//! A volume's `owner`, `mode` and `init_image`: applied once, by a
//! short-lived container, when the volume is created.

use miette::SourceSpan;
use stackc_ir::Diag;
use stackc_ir::stack::Spanned;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;

/// `owner = "UID[:GID]"`: numeric ids only (the init container has no
/// user database to look names up in).
pub(crate) fn owner(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    checked(d, path, value, |text, span| {
        let ok = match text.split_once(':') {
            Some((uid, gid)) => numeric(uid) && numeric(gid),
            None => numeric(text),
        };
        (!ok).then(|| {
            diagnostics::invalid_value(
                Code::InvalidOwner,
                path,
                text,
                span,
                "write a numeric `UID` or `UID:GID`, e.g. `\"999:999\"`",
            )
        })
    })
}

/// `mode = "0750"`: octal, 3 or 4 digits, optionally after a leading `0`.
pub(crate) fn mode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    checked(d, path, value, |text, span| {
        let digits = text
            .strip_prefix('0')
            .filter(|rest| rest.len() >= 3)
            .unwrap_or(text);
        let ok =
            (3..=4).contains(&digits.len()) && digits.bytes().all(|b| (b'0'..=b'7').contains(&b));
        (!ok).then(|| {
            diagnostics::invalid_value(
                Code::InvalidMode,
                path,
                text,
                span,
                "write an octal mode as a string, e.g. `\"0750\"` or `\"755\"`",
            )
        })
    })
}

/// `init_image`: an image reference (literal).
pub(crate) fn init_image(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<String>> {
    checked(d, path, value, |text, span| {
        stackc_ir::reference::check(text)
            .err()
            .map(|why| diagnostics::invalid_image(path, text, span, why))
    })
}

/// The string `value` at `path`, unless `refuse` returns what is wrong
/// with it (reported).
fn checked(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    refuse: impl FnOnce(&str, SourceSpan) -> Option<Diag>,
) -> Option<Spanned<String>> {
    let text = d.str(path, value)?;
    let span = span_of(value);
    if let Some(diag) = refuse(text, span) {
        d.push(diag);
        return None;
    }
    Some(Spanned::new(text.to_owned(), span))
}
