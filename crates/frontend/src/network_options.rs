//! The keys of `[networks.NAME]` and `[volumes.NAME]` that docker takes at
//! creation besides the driver: `name`, `driver_opts`, and a network's
//! `attachable`, `enable_ipv6` and `ipam`, as compose has them.

use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::Template;
use stackc_ir::check::Ip;
use stackc_ir::names::NameKind;
use stackc_ir::stack::{Ipam, IpamPool, NetworkOptions, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::template::{Part, Use};

pub(crate) const IPAM_KEYS: &[&str] = &["driver", "config", "options"];
pub(crate) const POOL_KEYS: &[&str] = &["subnet", "ip_range", "gateway", "aux_addresses"];

/// A network's own key, if `field` is one: decoded into `options`.
pub(crate) fn network_key(
    d: &mut Decoder<'_>,
    options: &mut NetworkOptions,
    field: &str,
    path: &str,
    value: &Value<'_>,
) -> bool {
    match field {
        "attachable" => options.attachable = d.bool(path, value).unwrap_or(false),
        "enable_ipv6" => options.enable_ipv6 = d.bool(path, value).unwrap_or(false),
        "driver_opts" => options.driver_opts = d.pairs(path, value, false),
        "ipam" => options.ipam = ipam(d, path, value),
        _ => return false,
    }
    true
}

/// `name`: the engine's name, as docker's names go. Only that of an
/// `external` resource may take parameters (the stack never creates or
/// removes it, so no action needs its name before it runs): the script
/// checks their value by the same rule.
pub(crate) fn engine_name(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    external: bool,
) -> Option<Spanned<Template>> {
    let span = span_of(value);
    let text = d.str(path, value)?;
    let part = Part::at(value, 0, text);
    let template = if external {
        d.template_in(path, part, Use::Other)?
    } else {
        Template::literal(d.created_name_in(path, part)?)
    };
    match template.as_literal() {
        Some(name) => d
            .name(NameKind::Container, name, span)
            .then(|| Spanned::new(template.clone(), span)),
        None => d
            .no_line_break(path, part)
            .map(|()| Spanned::new(template, span)),
    }
}

/// `ipam.options = { KEY = "VALUE" }`: literal strings.
pub(crate) fn literal_pairs(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> IndexMap<String, String> {
    let mut out = IndexMap::new();
    for (key, key_path, _, item) in d.table_entries(path, value) {
        if let Some(text) = d.path(&key_path, item) {
            if key.is_empty() || key.contains(['=', '\n', '\r', '\0']) {
                d.push(diagnostics::invalid_value(
                    Code::InvalidNetworkOption,
                    path,
                    key,
                    span_of(item),
                    "an option name is a word without `=` or line breaks",
                ));
                continue;
            }
            out.insert(key.to_owned(), text);
        }
    }
    out
}

fn ipam(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Ipam> {
    let table = d.table(path, value)?;
    let mut ipam = Ipam::default();
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "driver" => ipam.driver = d.path(&field_path, item),
            "options" => ipam.options = literal_pairs(d, &field_path, item),
            "config" => {
                ipam.config = d
                    .list(&field_path, item, pool)
                    .into_iter()
                    .map(|p| p.value)
                    .collect();
            }
            _ => {
                d.unknown_key(path, key, IPAM_KEYS);
            }
        }
    }
    Some(ipam)
}

fn pool(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<IpamPool> {
    let table = d.table(path, value)?;
    let mut pool = IpamPool::default();
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "subnet" => pool.subnet = Some(address(d, &field_path, item, Ip::Cidr)?),
            "ip_range" => pool.ip_range = Some(address(d, &field_path, item, Ip::Cidr)?),
            "gateway" => pool.gateway = Some(address(d, &field_path, item, Ip::Any)?),
            "aux_addresses" => {
                for (host, host_path, _, ip) in d.table_entries(&field_path, item) {
                    let ip = d.literal(&host_path, ip).filter(|text| {
                        Ip::Any.accepts(text)
                            || !d.push_bad_address(&host_path, text, span_of(ip), Ip::Any)
                    })?;
                    pool.aux_addresses.push((host.to_owned(), ip));
                }
            }
            _ => {
                d.unknown_key(path, key, POOL_KEYS);
            }
        }
    }
    Some(pool)
}

/// An address or a CIDR block (`which`), which parameters may complete
/// (as compose interpolates it): a literal is checked now; a template
/// with the parameters' defaults (validate) and by each output with its
/// values.
pub(crate) fn address(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    which: Ip,
) -> Option<Spanned<Template>> {
    let span = span_of(value);
    let text = d.str(path, value)?;
    let part = Part::at(value, 0, text);
    let template = d.template_in(path, part, Use::Other)?;
    match template.as_literal() {
        Some(literal) if !which.accepts(literal) => {
            d.push_bad_address(path, literal, span, which);
            None
        }
        Some(_) => Some(Spanned::new(template, span)),
        None => d
            .no_line_break(path, part)
            .map(|()| Spanned::new(template, span)),
    }
}

impl Decoder<'_> {
    /// Report `text`, which is not an address of `which`; `true`.
    fn push_bad_address(&mut self, path: &str, text: &str, span: SourceSpan, which: Ip) -> bool {
        let help = match which {
            Ip::V4 => "write an IPv4 address, e.g. `172.28.0.10`",
            Ip::V6 => "write an IPv6 address, e.g. `fd00::10`",
            Ip::Any => "write an IPv4 or IPv6 address, e.g. `172.28.0.10`",
            Ip::Host => "write an IPv4 or IPv6 address or `host-gateway`",
            Ip::Cidr => "write a CIDR block, e.g. `172.28.0.0/16`",
        };
        self.push(diagnostics::invalid_value(
            Code::InvalidNetworkOption,
            path,
            text,
            span,
            help,
        ));
        true
    }
}
