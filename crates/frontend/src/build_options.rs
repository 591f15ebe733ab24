//! The keys of a `build` table besides `context`, `dockerfile`, `args` and
//! `target`, as compose has them: `dockerfile_inline`, `labels`, `network`,
//! `shm_size`, `extra_hosts`, `tags`, `cache_from`, `no_cache`, `pull`, and
//! the keys only BuildKit builds: `entitlements`, `privileged`, `secrets`;
//! and `platforms`.

use crate::raw::DeValue;
use stackc_ir::stack::BuildOptions;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics::{self, Code};
use crate::template::Use;

/// Whether `field` is one of these keys; decoded into `options`. `ok` turns
/// false on a bad value (reported).
pub(crate) fn key(
    d: &mut Decoder<'_>,
    options: &mut BuildOptions,
    field: &str,
    path: &str,
    value: &Value<'_>,
    ok: &mut bool,
) -> bool {
    match field {
        "dockerfile_inline" => {
            options.inline = d.template(path, value, Use::Other);
            *ok &= options.inline.is_some();
        }
        "labels" => options.labels = d.labels(path, value),
        "network" => {
            // `host`, `none` or a network's name; parameters may complete it.
            options.network = d.template(path, value, crate::template::Use::Other);
            *ok &= options.network.is_some();
        }
        "shm_size" => {
            options.shm_size = size(d, path, value);
            *ok &= options.shm_size.is_some();
        }
        "extra_hosts" => options.extra_hosts = crate::hosts::extra_hosts(d, path, value, false),
        "tags" | "cache_from" => {
            let mut refs = Vec::new();
            let items = d.templates(path, value, Use::Other).unwrap_or_default();
            let spans: Vec<_> = d
                .array(path, value)
                .map(|a| a.iter().map(span_of).collect())
                .unwrap_or_default();
            for (item, span) in items.into_iter().zip(spans) {
                // A reference parameters complete is checked once known.
                let Some(text) = item.as_literal() else {
                    refs.push(item);
                    continue;
                };
                match stackc_ir::reference::check(text) {
                    Ok(()) => refs.push(item),
                    Err(why) => {
                        d.push(diagnostics::invalid_image(path, text, span, why));
                        *ok = false;
                    }
                }
            }
            if field == "tags" {
                options.tags = refs;
            } else {
                options.cache_from = refs;
            }
        }
        "entitlements" => match entitlements(d, path, value) {
            Some(list) => options.entitlements = list,
            None => *ok = false,
        },
        "privileged" => options.privileged = d.bool(path, value).unwrap_or(false),
        "platforms" => match platforms(d, path, value) {
            Some(list) => options.platforms = list,
            None => *ok = false,
        },
        "secrets" => options.secrets = crate::build_secrets::decode(d, path, value, ok),
        "ssh" => match ssh(d, path, value) {
            Some(list) => options.ssh = list,
            None => *ok = false,
        },
        "no_cache" => options.no_cache = d.bool(path, value).unwrap_or(false),
        "pull" => options.pull = d.bool(path, value).unwrap_or(false),
        _ => return false,
    }
    true
}

/// A size: a TOML integer (bytes) or a number with a unit (`"64m"`).
fn size(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<u64> {
    if let DeValue::String(text) = value.get_ref() {
        let bytes = stackc_ir::flags::size_bytes(text);
        if bytes.is_none() {
            d.push(diagnostics::invalid_value(
                Code::InvalidBuild,
                path,
                text,
                span_of(value),
                "write a size in bytes, or with a unit: `\"64m\"`, `\"1g\"`",
            ));
        }
        return bytes;
    }
    d.u64(path, value)
}

/// The BuildKit entitlements a build may use (`--allow`): a docker engine's
/// builder knows these two.
pub(crate) const ENTITLEMENTS: &[&str] = &["network.host", "security.insecure"];

/// `entitlements`: a list of [`ENTITLEMENTS`], each once.
fn entitlements(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Vec<String>> {
    let items = d.strings(path, value)?;
    let mut out: Vec<String> = Vec::new();
    let mut ok = true;
    for item in items {
        if !ENTITLEMENTS.contains(&item.value.as_str()) {
            d.push(diagnostics::invalid_value(
                Code::InvalidBuild,
                path,
                &item.value,
                item.span,
                "an entitlement is `network.host` (`RUN --network=host`) or `security.insecure` \
                 (`RUN --security=insecure`, as `privileged = true`)",
            ));
            ok = false;
        } else if !out.contains(&item.value) {
            out.push(item.value);
        }
    }
    ok.then_some(out)
}

/// Whether `text` is a platform, `os/arch[/variant]` (lowercase, as
/// docker writes them: `linux/amd64`, `linux/arm/v7`).
pub(crate) fn is_platform(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// `platforms`: a list of platforms, each once.
fn platforms(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Vec<stackc_ir::stack::Spanned<String>>> {
    let items = d.strings(path, value)?;
    let mut out: Vec<stackc_ir::stack::Spanned<String>> = Vec::new();
    let mut ok = true;
    for item in items {
        if !is_platform(&item.value) {
            d.push(diagnostics::invalid_value(
                Code::InvalidBuild,
                path,
                &item.value,
                item.span,
                "a platform is `os/arch` or `os/arch/variant`, in lowercase: `linux/amd64`, `linux/arm/v7`",
            ));
            ok = false;
        } else if let Some(first) = out.iter().find(|p| p.value == item.value) {
            d.push(diagnostics::duplicate(
                "platform",
                &item.value,
                path,
                item.span,
                first.span,
            ));
            ok = false;
        } else {
            out.push(item);
        }
    }
    ok.then_some(out)
}

/// `ssh`: a list of `default` or `ID=PATH[,PATH…]`, or compose's table
/// of `ID = "PATH[,PATH…]"` (empty, for `default` only: the agent of
/// `$SSH_AUTH_SOCK`); each id once.
fn ssh(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Vec<stackc_ir::stack::BuildSsh>> {
    // (id, paths, the entry as written, where)
    let mut items: Vec<(String, String, String, miette::SourceSpan)> = Vec::new();
    if let DeValue::Table(table) = value.get_ref() {
        for (id, p, _, entry) in crate::decode::entries(path, table) {
            let paths = d.string(&p, entry)?;
            let written = format!("{id} = {paths:?}");
            items.push((id.to_owned(), paths, written, span_of(entry)));
        }
    } else {
        for item in d.strings(path, value)? {
            let (id, paths) = item.value.split_once('=').unwrap_or((&item.value, ""));
            items.push((
                id.to_owned(),
                paths.to_owned(),
                item.value.clone(),
                item.span,
            ));
        }
    }
    let mut out: Vec<stackc_ir::stack::BuildSsh> = Vec::new();
    let mut spans = Vec::new();
    let mut ok = true;
    for (id, paths, written, span) in items {
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let paths: Vec<&str> = if paths.is_empty() {
            Vec::new()
        } else {
            paths.split(',').collect()
        };
        // Compose takes an id alone only as `default`.
        let agent_ok = !paths.is_empty() || id == "default";
        if !valid_id || !agent_ok || paths.iter().any(|p| p.is_empty() || p.contains('=')) {
            d.push(diagnostics::invalid_value(
                Code::InvalidBuild,
                path,
                &written,
                span,
                "an entry is `default` (the agent of $SSH_AUTH_SOCK) or `ID=PATH[,PATH…]` \
                 (agent sockets or private key files, relative to the stack's directory); an id \
                 holds letters, digits, `_`, `-` and `.`",
            ));
            ok = false;
        } else if let Some(first) = out.iter().position(|s| s.id == id) {
            d.push(diagnostics::duplicate(
                "ssh id",
                &id,
                path,
                span,
                spans[first],
            ));
            ok = false;
        } else {
            spans.push(span);
            out.push(stackc_ir::stack::BuildSsh {
                id,
                paths: paths
                    .into_iter()
                    .map(stackc_ir::template::Template::literal)
                    .collect(),
            });
        }
    }
    ok.then_some(out)
}
