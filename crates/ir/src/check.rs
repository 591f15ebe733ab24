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

pub use crate::address::Ip;
use crate::flags::{Kind, Rule, SetFlag};

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
    /// A boolean as compose reads one ([`boolean`]).
    Bool,
}

/// The values of a key of [`crate::flags::FLAGS`] that parameters complete
/// and that must have a form (a rule other than [`Rule::Text`], a boolean,
/// a duration): where each is, what it must be, and the value. The ones
/// checked once the parameters are known.
pub fn flag_values(set: &SetFlag) -> Vec<(String, ValueCheck, &crate::Template)> {
    let check = match set.flag.kind {
        Kind::Value(Rule::Text) | Kind::List(Rule::Text) | Kind::Map(Rule::Text) => {
            return Vec::new();
        }
        Kind::Value(rule) | Kind::List(rule) | Kind::Map(rule) => ValueCheck::Rule(rule),
        Kind::Switch => ValueCheck::Bool,
        Kind::Seconds => ValueCheck::Duration,
    };
    set.templates()
        .into_iter()
        .filter(|(_, v)| v.as_literal().is_none())
        .map(|(at, v)| (at, check, v))
        .collect()
}

/// A boolean as compose reads the text of one (`yes`, `on`, …; any case).
pub fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "on" => Some(true),
        "n" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// [`boolean`]'s texts, as an anchored extended regular expression.
pub const BOOL_PATTERN: &str = "^([yY]|[yY][eE][sS]|[tT][rR][uU][eE]|[oO][nN]|[nN]|[nN][oO]|[fF][aA][lL][sS][eE]|[oO][fF][fF])$";

impl ValueCheck {
    /// Whether `text` is such a value, as stackc checks a literal one.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Self::Port => crate::port::parse_short(text).is_ok(),
            Self::Restart => crate::stack::Restart::parse(text).is_some(),
            Self::Rule(rule) => rule.accepts(text),
            Self::Ip(ip) => ip.accepts(text),
            Self::Duration => crate::duration::accepts(text),
            Self::Bool => boolean(text).is_some(),
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
            Self::Bool => "a boolean (true, false, yes, no, on, off, y, n)".to_owned(),
        }
    }

    /// How to give a value it accepts.
    pub fn help(self) -> String {
        match self {
            Self::Port => "write a port mapping such as `8080:80`".to_owned(),
            Self::Restart => {
                "write `no`, `always`, `unless-stopped` or `on-failure[:N]`".to_owned()
            }
            Self::Rule(rule) => rule.help(),
            Self::Ip(ip) => format!("write {}", ip.expected()),
            Self::Duration => "write a duration such as `30s`, `1m30s` or `500ms`".to_owned(),
            Self::Bool => {
                "write `true` or `false` (compose also reads `yes`, `no`, `on`, `off`, `y`, `n`)"
                    .to_owned()
            }
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
    fn booleans_as_compose_reads_them() {
        for text in ["y", "Y", "yes", "YES", "True", "on", "oN"] {
            assert_eq!(boolean(text), Some(true), "{text}");
        }
        for text in ["n", "No", "false", "FALSE", "off"] {
            assert_eq!(boolean(text), Some(false), "{text}");
        }
        // docker's own spellings that compose refuses.
        for text in ["1", "0", "t", "f", "", " yes", "yes ", "ja"] {
            assert_eq!(boolean(text), None, "{text}");
        }
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
