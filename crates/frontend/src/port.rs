//! `ports`: compose short syntax `[HOST_IP:][HOST:]CONTAINER[/PROTO]`, a
//! bare container port, or a table `{ target, published, host_ip, protocol }`.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::raw::DeValue;
use stackc_ir::port::{PortError, parse_protocol, parse_range, parse_short};
use stackc_ir::stack::{Port, PortRange, Protocol, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;
use crate::template::Use;
use stackc_ir::Template;

pub(crate) const PORT_KEYS: &[&str] = &["target", "published", "host_ip", "protocol"];

/// Report the error of `text`, the decoded string of `value` (or of a
/// table's field).
fn report(error: &PortError, d: &mut Decoder<'_>, text: &str, value: &Value<'_>) {
    let span = span_of(value);
    d.push(match error {
        PortError::Malformed => diagnostics::malformed_port(text, span),
        PortError::OutOfRange(port) => {
            // Point at the number itself when the text shows it.
            let span =
                number_offset(text, port).map_or(span, |at| d.sub_span(value, at, port.len()));
            diagnostics::port_out_of_range(port, span)
        }
        PortError::Mismatch(published, target) => {
            diagnostics::port_range_mismatch(&published.to_string(), &target.to_string(), span)
        }
        PortError::BadIp(ip) => diagnostics::invalid_host_ip(ip, span),
        PortError::BadProtocol(protocol) => diagnostics::unknown_protocol(protocol, span),
    });
}

/// The `ports` array.
/// The `ports` array: the literal ports, and those that read parameters
/// (checked when their values are known).
pub(crate) fn decode_list(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> (Vec<Spanned<Port>>, Vec<Spanned<Template>>) {
    let mut ports = Vec::new();
    let mut templates = Vec::new();
    for (i, item) in d.array(path, value).unwrap_or_default().iter().enumerate() {
        let item_path = crate::decode::item_path(path, i);
        match item.get_ref().as_str() {
            Some(text) if text.contains('$') => {
                let Some(template) = d.template(&item_path, item, Use::Other) else {
                    continue;
                };
                match template.as_literal() {
                    // Only `$$`: checked as written.
                    Some(literal) => match parse_short(literal) {
                        Ok(port) => ports.push(Spanned::new(port, span_of(item))),
                        Err(err) => report(&err, d, text, item),
                    },
                    None if text.contains(['\n', '\r']) => {
                        d.push(diagnostics::malformed_port(text, span_of(item)));
                    }
                    None => templates.push(Spanned::new(template, span_of(item))),
                }
            }
            _ => {
                if let Some(port) = decode(d, &item_path, item) {
                    ports.push(Spanned::new(port, span_of(item)));
                }
            }
        }
    }
    (ports, templates)
}

fn decode(d: &mut Decoder<'_>, path: &str, item: &Value<'_>) -> Option<Port> {
    match item.get_ref() {
        DeValue::Integer(_) => {
            let target = int_port(d, path, item)?;
            Some(Port {
                host_ip: None,
                published: None,
                target,
                protocol: Protocol::Tcp,
            })
        }
        DeValue::String(_) => {
            let text = d.str(path, item)?;
            parse_short(text)
                .map_err(|err| report(&err, d, text, item))
                .ok()
        }
        DeValue::Table(table) => {
            let mut target = None;
            let mut published = None;
            let mut host_ip = None;
            let mut protocol = Protocol::Tcp;
            let mut ok = true;
            for (field, field_path, key, value) in entries(path, table) {
                let result = match field {
                    "target" => int_port(d, &field_path, value).map(|port| target = Some(port)),
                    "published" => {
                        published_port(d, &field_path, value).map(|port| published = Some(port))
                    }
                    "host_ip" => d.str(&field_path, value).and_then(|text| {
                        let ip = text
                            .strip_prefix('[')
                            .and_then(|t| t.strip_suffix(']'))
                            .unwrap_or(text);
                        if ip.parse::<Ipv4Addr>().is_ok() || ip.parse::<Ipv6Addr>().is_ok() {
                            host_ip = Some(ip.to_owned());
                            Some(())
                        } else {
                            d.push(diagnostics::invalid_host_ip(text, span_of(value)));
                            None
                        }
                    }),
                    "protocol" => d.str(&field_path, value).and_then(|text| {
                        parse_protocol(text)
                            .map(|p| protocol = p)
                            .map_err(|err| report(&err, d, text, value))
                            .ok()
                    }),
                    _ => {
                        d.unknown_key(path, key, PORT_KEYS);
                        None
                    }
                };
                ok &= result.is_some();
            }
            let Some(target) = target else {
                if ok {
                    d.push(diagnostics::missing_key(
                        "target",
                        path,
                        span_of(item),
                        "target = 80",
                    ));
                }
                return None;
            };
            if let Some(published) = published
                && published.end - published.start != target.end - target.start
                && target.start != target.end
            {
                report(&PortError::Mismatch(published, target), d, "", item);
                return None;
            }
            ok.then_some(Port {
                host_ip,
                published,
                target,
                protocol,
            })
        }
        _ => {
            d.wrong_type(path, "a string, an integer or a table", item);
            None
        }
    }
}

/// A port given as a TOML integer.
fn int_port(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<PortRange> {
    let n = d.int(path, value, i128::MIN, i128::MAX)?;
    match u16::try_from(n) {
        Ok(port) if port != 0 => Some(PortRange {
            start: port,
            end: port,
        }),
        _ => {
            d.push(diagnostics::port_out_of_range(
                &n.to_string(),
                span_of(value),
            ));
            None
        }
    }
}

/// `published`: an integer, or a string port or range.
fn published_port(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<PortRange> {
    match value.get_ref() {
        DeValue::Integer(_) => int_port(d, path, value),
        DeValue::String(_) => {
            let text = d.str(path, value)?;
            parse_range(text)
                .map_err(|err| report(&err, d, text, value))
                .ok()
        }
        _ => {
            d.wrong_type(path, "an integer or a string", value);
            None
        }
    }
}

/// The byte offset of the first number token `port` of a short-syntax
/// port: the first out-of-range number is the one `parse_short` reports.
/// The bracketed IPv6 address is skipped; IPv4 octets are not tokens of
/// their own (`.` does not split).
fn number_offset(text: &str, port: &str) -> Option<usize> {
    let skip = if text.starts_with('[') {
        text.find(']').map_or(0, |i| i + 1)
    } else {
        0
    };
    let mut start = skip;
    for (i, c) in text[skip..]
        .char_indices()
        .map(|(i, c)| (i + skip, c))
        .chain(std::iter::once((text.len(), ':')))
    {
        if matches!(c, ':' | '-' | '/') {
            if text.get(start..i) == Some(port) {
                return Some(start);
            }
            start = i + c.len_utf8();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u16, end: u16) -> PortRange {
        PortRange { start, end }
    }

    #[test]
    fn short_syntax() {
        let port = parse_short("8080:80").unwrap();
        assert_eq!(port.published, Some(range(8080, 8080)));
        assert_eq!(port.target, range(80, 80));
        assert_eq!(port.protocol, Protocol::Tcp);
        assert_eq!(port.host_ip, None);

        let port = parse_short("127.0.0.1:53:53/udp").unwrap();
        assert_eq!(port.host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(port.protocol, Protocol::Udp);

        let port = parse_short("[::1]:9000-9001:8000-8001/sctp").unwrap();
        assert_eq!(port.host_ip.as_deref(), Some("::1"));
        assert_eq!(port.published, Some(range(9000, 9001)));
        assert_eq!(port.target, range(8000, 8001));
        assert_eq!(port.protocol, Protocol::Sctp);

        let port = parse_short("80").unwrap();
        assert_eq!((port.published, port.target), (None, range(80, 80)));

        let port = parse_short("127.0.0.1::80").unwrap();
        assert_eq!(port.published, None);
    }

    #[test]
    fn short_syntax_errors() {
        assert_eq!(parse_short("80:80:80:80"), Err(PortError::Malformed));
        assert_eq!(parse_short(":80"), Err(PortError::Malformed));
        assert_eq!(parse_short("http"), Err(PortError::Malformed));
        assert_eq!(parse_short("90-80"), Err(PortError::Malformed));
        assert_eq!(parse_short("0:80"), Err(PortError::OutOfRange("0".into())));
        assert_eq!(
            parse_short("70000"),
            Err(PortError::OutOfRange("70000".into()))
        );
        assert_eq!(
            parse_short("80/tcpx"),
            Err(PortError::BadProtocol("tcpx".into()))
        );
        assert_eq!(
            parse_short("localhost:80:80"),
            Err(PortError::BadIp("localhost".into()))
        );
        assert_eq!(
            parse_short("9000-9002:80-81"),
            Err(PortError::Mismatch(range(9000, 9002), range(80, 81)))
        );
    }
}
