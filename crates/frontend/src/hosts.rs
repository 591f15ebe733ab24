//! `extra_hosts`, of a service and of a build: host names and addresses
//! added to `/etc/hosts` (docker `--add-host`).

use std::net::IpAddr;

use crate::raw::DeValue;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::template::{Part, Use};

pub(crate) fn extra_hosts(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    templated: bool,
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
                } else if templated && ip.contains('$') {
                    let part = Part::at(value, 0, ip);
                    if d.template_in(&host_path, part, Use::Other).is_some()
                        && d.no_line_break(&host_path, part).is_some()
                    {
                        out.push((host.to_owned(), ip.to_owned()));
                    }
                } else if let Some(ip) = host_ip(ip) {
                    out.push((host.to_owned(), ip.to_owned()));
                } else {
                    d.push(invalid_extra_host(path, ip, span_of(value)));
                }
            }
        }
        DeValue::Array(_) => {
            for (i, item) in d.array(path, value).unwrap_or_default().iter().enumerate() {
                let item_path = crate::decode::item_path(path, i);
                let Some(text) = d.str(&item_path, item) else {
                    continue;
                };
                let at = if text.contains('=') {
                    text.find('=')
                } else {
                    text.find(':')
                };
                let Some(at) = at.filter(|&at| is_host_name(&text[..at])) else {
                    d.push(invalid_extra_host(path, text, span_of(item)));
                    continue;
                };
                let (host, ip) = (&text[..at], &text[at + 1..]);
                if templated && ip.contains('$') {
                    let part = Part::at(item, at + 1, ip);
                    if d.template_in(&item_path, part, Use::Other).is_some()
                        && d.no_line_break(&item_path, part).is_some()
                    {
                        out.push((host.to_owned(), ip.to_owned()));
                    }
                } else if let Some(ip) = host_ip(ip) {
                    out.push((host.to_owned(), ip.to_owned()));
                } else {
                    d.push(invalid_extra_host(path, text, span_of(item)));
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

/// The address of an extra host, brackets removed. A service's (not a
/// build's) may have parameters instead, as compose interpolates it:
/// checked with the defaults (validate), by the script and by argv and
/// kube with their values.
fn host_ip(ip: &str) -> Option<&str> {
    let ip = ip
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(ip);
    (ip == "host-gateway" || ip.parse::<IpAddr>().is_ok()).then_some(ip)
}
