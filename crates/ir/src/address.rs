//! IP addresses and CIDR blocks, as stackc checks them (and the scripts'
//! `_sc_ip_ref`).

/// Which addresses a value takes ([`crate::check::ValueCheck::Ip`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ip {
    /// An IPv4 address (`ipv4_address`).
    V4,
    /// An IPv6 address (`ipv6_address`).
    V6,
    /// Either (`gateway`).
    Any,
    /// A CIDR block, `ADDRESS/PREFIX`, IPv4 or IPv6 (`subnet`, `ip_range`).
    Cidr,
    /// An address or docker's `host-gateway` (`extra_hosts`).
    Host,
}

impl Ip {
    /// Whether `text` is such an address (as Rust parses one: no leading
    /// zero in an IPv4 part, nor in a prefix).
    pub fn accepts(self, text: &str) -> bool {
        use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
        match self {
            Self::V4 => text.parse::<Ipv4Addr>().is_ok(),
            Self::V6 => text.parse::<Ipv6Addr>().is_ok(),
            Self::Any => text.parse::<IpAddr>().is_ok(),
            Self::Host => text == "host-gateway" || text.parse::<IpAddr>().is_ok(),
            Self::Cidr => text.split_once('/').is_some_and(|(ip, prefix)| {
                let max = match ip.parse::<IpAddr>() {
                    Ok(IpAddr::V4(_)) => 32,
                    Ok(IpAddr::V6(_)) => 128,
                    Err(_) => return false,
                };
                (1..=3).contains(&prefix.len())
                    && prefix.bytes().all(|b| b.is_ascii_digit())
                    && (prefix == "0" || !prefix.starts_with('0'))
                    && prefix.parse::<u8>().is_ok_and(|n| n <= max)
            }),
        }
    }

    /// The argument of the scripts' `_sc_ip_ref` that says which.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V4 => "4",
            Self::V6 => "6",
            Self::Any => "ip",
            Self::Cidr => "cidr",
            Self::Host => "host",
        }
    }

    /// What the value must be, for a message.
    pub const fn expected(self) -> &'static str {
        match self {
            Self::V4 => "an IPv4 address (e.g. 172.28.0.10)",
            Self::V6 => "an IPv6 address (e.g. fd00::10)",
            Self::Any => "an IPv4 or IPv6 address (e.g. 172.28.0.1)",
            Self::Cidr => "a CIDR block, ADDRESS/PREFIX (e.g. 172.28.0.0/16)",
            Self::Host => "an IPv4 or IPv6 address or host-gateway (e.g. 10.0.0.5)",
        }
    }
}
