//! A service's `profiles` and `volumes_from`: lists of names, each once.

use stackc_ir::names::NameKind;
use stackc_ir::stack::{Ref, Spanned};

use crate::decode::{Decoder, Value};
use crate::diagnostics;
use crate::diagnostics::Code;

/// `profiles = ["dev", "debug"]`: names as compose spells them
/// ([`NameKind::Profile`]), each once.
pub(crate) fn profiles(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Spanned<String>> {
    let mut out = d.unique_strings(path, value, "profile");
    out.retain(|name| {
        let valid = NameKind::Profile.is_valid(&name.value);
        if !valid {
            d.push(diagnostics::invalid_value(
                Code::InvalidProfile,
                path,
                &name.value,
                name.span,
                "a profile name starts with a letter or digit, then letters, digits, `_`, `.` or `-` (e.g. `dev`)",
            ));
        }
        valid
    });
    out
}

/// `volumes_from = ["svc"]`: service names, each once (checked against the
/// stack by the passes).
pub(crate) fn volumes_from(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Ref> {
    d.unique_strings(path, value, "service")
}
