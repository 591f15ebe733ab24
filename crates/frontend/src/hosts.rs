//! `extra_hosts`, of a service and of a build: host names and addresses
//! added to `/etc/hosts` (docker `--add-host`).

use std::net::IpAddr;

use crate::raw::DeValue;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};

pub(crate) fn extra_hosts(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match value.get_ref() {
        DeValue::Table(table) => {
            for (host, host_path, key, value) in entries(path, table) {
                let Some(ip) = d.str(&host_path, value) else {
                    continue;
                };
                if !is_host_name(host) {
                    d.push(invalid_extra_host(path, host, span_of(key)));
                } else if let Some(ip) = host_ip(ip) {
                    out.push((host.to_owned(), ip.to_owned()));
                } else {
                    d.push(invalid_extra_host(path, ip, span_of(value)));
                }
            }
        }
        DeValue::Array(_) => {
            for entry in d.strings(path, value).unwrap_or_default() {
                let text = entry.value.as_str();
                let split = if text.contains('=') {
                    text.split_once('=')
                } else {
                    text.split_once(':')
                };
                match split {
                    Some((host, ip)) if is_host_name(host) && host_ip(ip).is_some() => {
                        out.push((host.to_owned(), host_ip(ip).unwrap_or(ip).to_owned()));
                    }
                    _ => d.push(invalid_extra_host(path, text, entry.span)),
                }
            }
        }
        _ => d.wrong_type(path, "a table or an array", value),
    }
    out
}

fn invalid_extra_host(path: &str, text: &str, span: miette::SourceSpan) -> stackc_ir::Diag {
    diagnostics::invalid_value(
        Code::InvalidExtraHost,
        path,
        text,
        span,
        "write `extra_hosts = { \"db.local\" = \"10.0.0.5\" }` or `[\"db.local:10.0.0.5\"]`; the address is an IP or `host-gateway`",
    )
}

fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The address of an extra host, brackets removed.
fn host_ip(ip: &str) -> Option<&str> {
    let ip = ip
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(ip);
    (ip == "host-gateway" || ip.parse::<IpAddr>().is_ok()).then_some(ip)
}
