//! A service's `profiles`, `volumes_from` and `links`: lists of names,
//! each once.

use stackc_ir::links::Link;
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

/// `external_links = ["proxy", "proxy:gateway"]`: `CONTAINER` or
/// `CONTAINER:ALIAS`, containers outside the stack (split at the first
/// `:`, as compose), each once; both are docker names.
pub(crate) fn external_links(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Vec<Spanned<String>> {
    let mut out = Vec::new();
    for item in d.unique_strings(path, value, "external link") {
        let (container, alias) = item
            .value
            .split_once(':')
            .unwrap_or((&item.value, &item.value));
        if !NameKind::Container.is_valid(container) || !NameKind::Container.is_valid(alias) {
            d.push(diagnostics::invalid_value(
                Code::InvalidName,
                path,
                &item.value,
                item.span,
                "write a container's name, or `CONTAINER:ALIAS`: each a letter or digit, then letters, digits, `_`, `.` or `-` (`\"proxy:gateway\"`)",
            ));
            continue;
        }
        out.push(item);
    }
    out
}

/// `links = ["db", "db:database"]`: `SERVICE` or `SERVICE:ALIAS` (split at
/// the first `:`, as compose), each once; the service is checked against
/// the stack by the passes, the alias here (docker keeps it as a name).
pub(crate) fn links(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Link> {
    let mut out = Vec::new();
    for item in d.unique_strings(path, value, "link") {
        let (service, alias) = match item.value.split_once(':') {
            Some((service, alias)) => (service, Some(alias)),
            None => (item.value.as_str(), None),
        };
        let alias = alias.map(|alias| {
            // The span covers the quotes of a plain string.
            let quote = usize::from(item.span.len() == item.value.len() + 2);
            let offset = item.span.offset() + quote + service.len() + 1;
            Spanned::new(
                alias.to_owned(),
                miette::SourceSpan::from((offset, alias.len())),
            )
        });
        if let Some(alias) = &alias
            && !NameKind::Container.is_valid(&alias.value)
        {
            d.push(diagnostics::invalid_value(
                Code::InvalidName,
                path,
                &alias.value,
                alias.span,
                "an alias starts with a letter or digit, then letters, digits, `_`, `.` or `-` (`\"db:database\"`)",
            ));
            continue;
        }
        out.push(Link {
            service: Spanned::new(service.to_owned(), item.span),
            alias,
        });
    }
    out
}
