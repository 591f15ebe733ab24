//! Values that parameters complete, checked where each becomes known.
//!
//! Compose interpolates every string field, so stackc takes parameters in a
//! field with a grammar (a port mapping, a restart policy, a size, a
//! number, a signal, …) as well. Such a value is checked once its text is
//! known: a literal when stack.toml is read; with the parameters' defaults
//! at compile time (a located error); in `up.sh` with the values it runs
//! with, before its first docker command (a stop naming the field); by the
//! outputs that fix parameters (argv, kube) with the values they fix. One
//! [`ValueCheck`] says what the value must be, for all of them.

use crate::flags::Rule;

/// What a value that parameters complete must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueCheck {
    /// A port mapping, `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`.
    Port,
    /// A restart policy: `no`, `always`, `unless-stopped`, `on-failure[:N]`.
    Restart,
    /// A value of a key of [`crate::flags::FLAGS`], under its rule.
    Rule(Rule),
    /// An IP address or a CIDR block.
    Ip(Ip),
    /// A Go duration (`30s`, `1m30s`), as a healthcheck's timings.
    Duration,
}

/// Which addresses an [`ValueCheck::Ip`] takes.
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
        }
    }

    /// What the value must be, for a message.
    pub const fn expected(self) -> &'static str {
        match self {
            Self::V4 => "an IPv4 address (e.g. 172.28.0.10)",
            Self::V6 => "an IPv6 address (e.g. fd00::10)",
            Self::Any => "an IPv4 or IPv6 address (e.g. 172.28.0.1)",
            Self::Cidr => "a CIDR block, ADDRESS/PREFIX (e.g. 172.28.0.0/16)",
        }
    }
}

impl ValueCheck {
    /// Whether `text` is such a value, as stackc checks a literal one.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Self::Port => crate::port::parse_short(text).is_ok(),
            Self::Restart => crate::stack::Restart::parse(text).is_some(),
            Self::Rule(rule) => rule.accepts(text),
            Self::Ip(ip) => ip.accepts(text),
            Self::Duration => crate::duration::accepts(text),
        }
    }

    /// What the value must be, for a message: "… which is not {expected}".
    pub fn expected(self) -> String {
        match self {
            Self::Port => {
                "a port mapping, [HOST_IP:][HOST:]CONTAINER[/PROTOCOL] (e.g. 8080:80)".to_owned()
            }
            Self::Restart => {
                "a restart policy (no, always, unless-stopped, on-failure[:N])".to_owned()
            }
            Self::Rule(rule) => rule.expected(),
            Self::Ip(ip) => ip.expected().to_owned(),
            Self::Duration => "a duration (e.g. 30s, 1m30s, 500ms)".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_takes_what_a_literal_takes() {
        assert!(ValueCheck::Port.accepts("8080:80"));
        assert!(!ValueCheck::Port.accepts("80:99999"));
        assert!(ValueCheck::Restart.accepts("on-failure:3"));
        assert!(!ValueCheck::Restart.accepts("sometimes"));
        let pids = ValueCheck::Rule(Rule::Integer {
            min: -1,
            max: 4_194_304,
        });
        assert!(pids.accepts("-1") && pids.accepts("100"));
        assert!(!pids.accepts("4194305") && !pids.accepts("1e3") && !pids.accepts(""));
        assert!(
            !pids.accepts("0200"),
            "docker reads a leading zero as octal"
        );
        assert!(pids.accepts("0"));
        assert!(ValueCheck::Rule(Rule::Size).accepts("1.5g"));
        assert!(!ValueCheck::Rule(Rule::Size).accepts("lots"));
    }

    #[test]
    fn addresses_and_blocks() {
        assert!(Ip::V4.accepts("172.22.1.249") && !Ip::V4.accepts("172.22.1.256"));
        assert!(!Ip::V4.accepts("172.022.1.1") && !Ip::V4.accepts("fd00::1"));
        assert!(Ip::V6.accepts("fd00::1") && Ip::V6.accepts("::ffff:1.2.3.4"));
        assert!(!Ip::V6.accepts("1:2:3:4:5:6:7::8") && !Ip::V6.accepts("1.2.3.4"));
        assert!(Ip::Any.accepts("10.0.0.1") && Ip::Any.accepts("::1"));
        assert!(Ip::Cidr.accepts("172.22.1.0/24") && Ip::Cidr.accepts("fd00::/64"));
        assert!(Ip::Cidr.accepts("0.0.0.0/0"));
        assert!(!Ip::Cidr.accepts("172.22.1.0/33") && !Ip::Cidr.accepts("172.22.1.0/024"));
        assert!(!Ip::Cidr.accepts("172.22.1.0") && !Ip::Cidr.accepts("172.22.1/24"));
        assert!(!Ip::Cidr.accepts("fd00::/129") && !Ip::Cidr.accepts("/24"));
    }
}
