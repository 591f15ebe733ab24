//! Service keys that are one `docker create` flag and one compose key,
//! declared once in [`FLAGS`].
//!
//! The frontend decodes a key of this table by its [`Kind`] and [`Rule`],
//! the passes lower it to [`crate::ast::FlagArg`]s, the docker backends write
//! it as `--FLAG[=VALUE]` (after `--restart`, before `--add-host`, in the
//! order of this table), the compose backend as the key of the same name,
//! the kube backend by its [`KubeMapping`], and the schema and the importer
//! from the same entry. Adding such a key is one entry here; a key with
//! behaviour of its own (ports, mounts, healthcheck, …) has its own module
//! in each crate instead.

use miette::SourceSpan;

use crate::diagnostic::Code;
use crate::duration::Duration;
use crate::template::Template;

mod table;

pub use table::FLAGS;

/// One service key.
#[derive(Debug, PartialEq, Eq)]
pub struct Flag {
    /// The key, in stack.toml and in compose.
    pub key: &'static str,
    /// The `docker create` flag, without `--`.
    pub docker: &'static str,
    pub kind: Kind,
    pub kube: KubeMapping,
    /// What the key does, in one or two sentences (the schema's
    /// description, the format reference).
    pub doc: &'static str,
    /// A value, as TOML (the schema's example, the format reference).
    pub example: &'static str,
}

/// The form of a key's value, and how it becomes docker flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A boolean: `true` writes the flag alone, `false` (the default)
    /// nothing; one that parameters complete, `--FLAG=true` or
    /// `--FLAG=false` as its value says when the stack runs.
    Switch,
    /// One value, as [`Rule`] says: `--FLAG=VALUE`.
    Value(Rule),
    /// A list of values: `--FLAG=VALUE` for each, in order.
    List(Rule),
    /// Names with a value each: `--FLAG=NAME=VALUE` for each, in order (a
    /// TOML table, or a list of `"NAME=VALUE"`).
    Map(Rule),
    /// A duration in Go syntax (`1m30s`); docker takes whole seconds
    /// (rounded up, when the stack runs for one that parameters
    /// complete), compose the duration as written.
    Seconds,
}

/// What one value may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Text that may use parameters (`${NAME}`); no line break.
    Text,
    /// A signal: a name (`SIGTERM`, `INT`, `SIGRTMIN+3`) or, as a TOML
    /// integer, its number (1 to 255).
    Signal,
    /// A capability name (`NET_ADMIN`, `CAP_NET_ADMIN`, `ALL`).
    Capability,
    /// A MAC address, six hexadecimal pairs separated by `:`
    /// (`02:42:ac:11:00:02`).
    Mac,
    /// A size in bytes: a TOML integer, or a number with a unit `b`, `k`,
    /// `m`, `g`, `t`, `p` (powers of 1024, as docker reads them), e.g.
    /// `"64m"`, `"1.5g"`.
    Size,
    /// A whole number from `min` to `max`: a TOML integer or its digits.
    Integer { min: i64, max: i64 },
    /// A number of CPUs, e.g. `0.5` or `2`: a TOML number or its text.
    Decimal,
    /// A resource limit (of [`Kind::Map`]): one number for both limits, or
    /// `SOFT:HARD` (a TOML table `{ soft = …, hard = … }`); `-1` is
    /// unlimited.
    Ulimit,
    /// Docker's name of a network or volume: a letter or digit, then
    /// letters, digits, `_`, `.` or `-` (an external one's `name` given by
    /// a parameter).
    EngineName,
    /// An IPv4 or IPv6 address (`dns`), as [`crate::address::Ip::Any`].
    Address,
}

impl Rule {
    /// The TOML integers a value may be, if any.
    pub const fn integers(self) -> Option<(i64, i64)> {
        match self {
            Self::Signal => Some((1, 255)),
            Self::Size | Self::Decimal => Some((0, i64::MAX)),
            Self::Ulimit => Some((-1, i64::MAX)),
            Self::Integer { min, max } => Some((min, max)),
            Self::Text | Self::Capability | Self::Mac | Self::EngineName | Self::Address => None,
        }
    }

    /// The texts a value may be, as an anchored regular expression.
    pub const fn pattern(self) -> Option<&'static str> {
        match self {
            // The script checks an address with `_sc_ip_ref`.
            Self::Text | Self::Address => None,
            Self::Signal => Some("^(SIG)?[A-Z0-9+-]+$"),
            Self::Capability => Some("^(CAP_)?[A-Z_]+$"),
            Self::Mac => Some("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$"),
            Self::Size => Some("^[0-9]+(\\.[0-9]+)?( ?[bB]| ?[kKmMgGtTpP][iI]?[bB]?)?$"),
            // No leading zero: docker reads `0200` as octal.
            Self::Integer { .. } => Some("^-?(0|[1-9][0-9]*)$"),
            Self::Decimal => Some("^[0-9]+(\\.[0-9]+)?$"),
            Self::Ulimit => Some("^-?[0-9]+(:-?[0-9]+)?$"),
            Self::EngineName => Some("^[A-Za-z0-9][A-Za-z0-9_.-]*$"),
        }
    }

    /// Whether `text` is a value (the same as [`Self::pattern`]).
    pub fn accepts(self, text: &str) -> bool {
        let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        match self {
            Self::Text => true,
            Self::Integer { min, max } => {
                let unsigned = text.strip_prefix('-').unwrap_or(text);
                !unsigned.is_empty()
                    && digits(unsigned) == unsigned.len()
                    && (unsigned == "0" || !unsigned.starts_with('0'))
                    && text.parse::<i64>().is_ok_and(|n| (min..=max).contains(&n))
            }
            Self::Ulimit => {
                let limit = |t: &str| t == "-1" || (!t.is_empty() && digits(t) == t.len());
                match text.split_once(':') {
                    Some((soft, hard)) => limit(soft) && limit(hard),
                    None => limit(text),
                }
            }
            Self::Decimal => {
                let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
                !whole.is_empty()
                    && !fraction.is_empty()
                    && digits(whole) == whole.len()
                    && digits(fraction) == fraction.len()
            }
            Self::Signal => {
                let name = text.strip_prefix("SIG").unwrap_or(text);
                !name.is_empty()
                    && name.chars().all(|c| {
                        c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+' || c == '-'
                    })
            }
            Self::EngineName => crate::names::NameKind::Network.is_valid(text),
            Self::Address => crate::address::Ip::Any.accepts(text),
            Self::Mac => {
                let pairs: Vec<&str> = text.split(':').collect();
                pairs.len() == 6
                    && pairs
                        .iter()
                        .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
            }
            Self::Capability => {
                let name = text.strip_prefix("CAP_").unwrap_or(text);
                !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            }
            Self::Size => {
                let whole = digits(text);
                if whole == 0 {
                    return false;
                }
                let mut rest = &text[whole..];
                if let Some(after) = rest.strip_prefix('.') {
                    let fraction = digits(after);
                    if fraction == 0 {
                        return false;
                    }
                    rest = &after[fraction..];
                }
                if rest.is_empty() {
                    return true;
                }
                let unit = rest.strip_prefix(' ').unwrap_or(rest).to_ascii_lowercase();
                unit == "b"
                    || unit
                        .strip_prefix(['k', 'm', 'g', 't', 'p'])
                        .is_some_and(|prefix| matches!(prefix, "" | "b" | "i" | "ib"))
            }
        }
    }

    /// The diagnostic code of a value the rule refuses.
    pub const fn code(self) -> Code {
        match self {
            Self::Text | Self::Mac | Self::EngineName | Self::Address => Code::InvalidValue,
            Self::Signal => Code::InvalidSignal,
            Self::Capability => Code::InvalidCapability,
            Self::Size => Code::InvalidSize,
            Self::Integer { .. } | Self::Decimal | Self::Ulimit => Code::InvalidNumber,
        }
    }

    /// How to write a value the rule accepts.
    pub fn help(self) -> String {
        let text = match self {
            Self::Text => "write the value as a string",
            Self::Signal => {
                "write a signal name such as `SIGTERM`, `SIGINT` or `SIGRTMIN+3`, or its number"
            }
            Self::Mac => "write six hexadecimal pairs separated by `:`, e.g. `02:42:ac:11:00:02`",
            Self::EngineName => "write a letter or digit, then letters, digits, `_`, `.` or `-`",
            Self::Address => "write an IPv4 or IPv6 address, e.g. `10.0.0.2`",
            Self::Capability => {
                "write a capability in uppercase, e.g. `NET_ADMIN` or `CAP_NET_ADMIN`, or `ALL`"
            }
            Self::Size => {
                "write a number of bytes (`67108864`) or a number with a unit `b`, `k`, `m`, `g`, `t` or `p` (`\"64m\"`, `\"1.5g\"`)"
            }
            Self::Integer { min, max } => {
                return format!("write a whole number from {min} to {max}");
            }
            Self::Decimal => "write a number such as `0.5` or `2`",
            Self::Ulimit => {
                "write one limit (`65535`, `-1` for unlimited) or `{ soft = 1024, hard = 4096 }`"
            }
        };
        text.to_owned()
    }

    /// What a value must be, for a message that shows a refused one.
    pub fn expected(self) -> String {
        match self {
            Self::Text => "text".to_owned(),
            Self::Signal => "a signal (e.g. SIGTERM, or its number)".to_owned(),
            Self::Capability => "a capability (e.g. NET_ADMIN)".to_owned(),
            Self::Mac => "a MAC address (e.g. 02:42:ac:11:00:02)".to_owned(),
            Self::Address => crate::address::Ip::Any.expected().to_owned(),
            Self::EngineName => {
                "a docker name (a letter or digit, then letters, digits, _ . or -)".to_owned()
            }
            Self::Size => "a size (a number of bytes, or with a unit: 64m, 1.5g)".to_owned(),
            Self::Integer { min, max } => format!("a whole number from {min} to {max}"),
            Self::Decimal => "a number (e.g. 0.5 or 2)".to_owned(),
            Self::Ulimit => "a limit (a number, -1 for unlimited, or SOFT:HARD)".to_owned(),
        }
    }

    /// What a value is, in a few words (the format reference).
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Signal => "signal name or number",
            Self::Capability => "capability",
            Self::Mac => "MAC address",
            Self::EngineName => "docker name",
            Self::Address => "network address (IPv4 or IPv6)",
            Self::Size => "size: bytes, or `\"64m\"`",
            Self::Integer { .. } => "integer",
            Self::Decimal => "number, e.g. `0.5`",
            Self::Ulimit => "limit: a number or `{ soft, hard }`",
        }
    }

    /// The schema's description of an integer value.
    pub const fn describe_integer(self) -> &'static str {
        match self {
            Self::Signal => "A signal number.",
            Self::Size => "A number of bytes.",
            Self::Decimal => "A whole number.",
            Self::Ulimit => "One limit for both soft and hard (`-1`: unlimited).",
            Self::Text
            | Self::Capability
            | Self::Mac
            | Self::EngineName
            | Self::Address
            | Self::Integer { .. } => "An integer.",
        }
    }

    /// The schema's description of a text value.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Text => "Text; may use `${NAME}`.",
            Self::Signal => "A signal name, e.g. `SIGTERM`, `SIGINT`, `SIGRTMIN+3`.",
            Self::Capability => "A capability, e.g. `NET_ADMIN`.",
            Self::Mac => "A MAC address, e.g. `02:42:ac:11:00:02`.",
            Self::EngineName => "A docker name, e.g. `traefik_proxy`.",
            Self::Address => "An IPv4 or IPv6 address, e.g. `10.0.0.2`.",
            Self::Size => {
                "A number with a unit `b`, `k`, `m`, `g`, `t`, `p` (powers of 1024), e.g. `64m`."
            }
            Self::Integer { .. } => "A whole number, as text.",
            Self::Decimal => "A number, as text, e.g. `0.5`.",
            Self::Ulimit => "`SOFT:HARD`, e.g. `1024:4096`.",
        }
    }
}

/// The bytes a [`Rule::Size`] value stands for, as docker reads it (units
/// are powers of 1024; a fraction is rounded down).
pub fn size_bytes(text: &str) -> Option<u64> {
    if !Rule::Size.accepts(text) {
        return None;
    }
    let end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    let power = match unit
        .trim_start()
        .chars()
        .next()
        .map(|c| c.to_ascii_lowercase())
    {
        None | Some('b') => 0,
        Some('k') => 1,
        Some('m') => 2,
        Some('g') => 3,
        Some('t') => 4,
        Some('p') => 5,
        Some(_) => return None,
    };
    let scale = 1024_u128.pow(power);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole: u128 = whole.parse().ok()?;
    let mut bytes = whole.checked_mul(scale)?;
    if !fraction.is_empty() {
        let digits = u32::try_from(fraction.len()).ok()?;
        let denominator = 10_u128.checked_pow(digits)?;
        let numerator: u128 = fraction.parse().ok()?;
        bytes = bytes.checked_add(numerator.checked_mul(scale)? / denominator)?;
    }
    u64::try_from(bytes).ok()
}

/// What the kube backend does with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KubeMapping {
    /// A field of the pod or of its container.
    Field(KubeField),
    /// Refused, located at the service, with this help (`{version}` is
    /// the Kubernetes version the backend targets).
    Refuse(&'static str),
}

/// The pod and container fields that keys of [`FLAGS`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KubeField {
    /// `spec.shareProcessNamespace`: the pause container reaps zombies.
    ShareProcessNamespace,
    /// `spec.terminationGracePeriodSeconds`.
    TerminationGracePeriod,
    /// `securityContext.readOnlyRootFilesystem`.
    ReadOnlyRootFilesystem,
    /// `securityContext.capabilities.add` (without `CAP_`).
    CapAdd,
    /// `securityContext.capabilities.drop` (without `CAP_`).
    CapDrop,
    /// The container's `tty`.
    Tty,
    /// The container's `stdin`.
    Stdin,
    /// `resources.limits.memory`, in bytes.
    MemoryLimit,
    /// `resources.requests.memory`, in bytes.
    MemoryRequest,
    /// `resources.limits.cpu`.
    CpuLimit,
    /// `securityContext.privileged`.
    Privileged,
}

impl KubeField {
    /// The field, as a path in the pod template (the format reference).
    pub const fn path(self) -> &'static str {
        match self {
            Self::ShareProcessNamespace => "spec.shareProcessNamespace",
            Self::TerminationGracePeriod => "spec.terminationGracePeriodSeconds",
            Self::ReadOnlyRootFilesystem => "securityContext.readOnlyRootFilesystem",
            Self::CapAdd => "securityContext.capabilities.add",
            Self::CapDrop => "securityContext.capabilities.drop",
            Self::Tty => "tty",
            Self::Stdin => "stdin",
            Self::MemoryLimit => "resources.limits.memory",
            Self::MemoryRequest => "resources.requests.memory",
            Self::CpuLimit => "resources.limits.cpu",
            Self::Privileged => "securityContext.privileged",
        }
    }
}

/// The key named `key`, if [`FLAGS`] declares it.
pub fn find(key: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|flag| flag.key == key)
}

/// The keys of [`FLAGS`].
pub fn keys() -> impl Iterator<Item = &'static str> {
    FLAGS.iter().map(|flag| flag.key)
}

/// A decoded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagValue {
    /// A [`Kind::Switch`] set to `true` (`false` is not kept).
    On,
    /// A [`Kind::Switch`] that parameters complete (`"${INIT:-false}"`): a
    /// boolean as compose reads one ([`crate::check::boolean`]), known when
    /// the stack runs.
    Toggle(Template),
    Value(Template),
    List(Vec<Template>),
    /// A [`Kind::Map`]: names and values, in order.
    Map(Vec<(String, Template)>),
    Seconds(Duration),
}

impl SetFlag {
    /// Every value it holds, with where each is (`mem_limit`,
    /// `ulimits.nofile`): the one list of a flag's values, which the
    /// checks and the backends that fix values read.
    pub fn templates(&self) -> Vec<(String, &Template)> {
        let key = self.flag.key;
        match &self.value {
            FlagValue::Value(value) | FlagValue::Toggle(value) => vec![(key.to_owned(), value)],
            FlagValue::List(values) => values.iter().map(|v| (key.to_owned(), v)).collect(),
            FlagValue::Map(pairs) => pairs
                .iter()
                .map(|(name, v)| (format!("{key}.{name}"), v))
                .collect(),
            FlagValue::Seconds(duration) => duration
                .template
                .iter()
                .map(|value| (key.to_owned(), value))
                .collect(),
            FlagValue::On => Vec::new(),
        }
    }
}

/// A key a service sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetFlag {
    pub flag: &'static Flag,
    pub value: FlagValue,
    /// The value in stack.toml.
    pub span: SourceSpan,
}

/// The keys a service sets, in the order of [`FLAGS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags(Vec<SetFlag>);

impl Flags {
    /// Sets `flag`, replacing an earlier value.
    pub fn set(&mut self, flag: &'static Flag, value: FlagValue, span: SourceSpan) {
        self.0.retain(|set| set.flag.key != flag.key);
        let rank = |f: &Flag| FLAGS.iter().position(|g| g.key == f.key);
        let at = self
            .0
            .iter()
            .position(|set| rank(set.flag) > rank(flag))
            .unwrap_or(self.0.len());
        self.0.insert(at, SetFlag { flag, value, span });
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&SetFlag> {
        self.0.iter().find(|set| set.flag.key == key)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, SetFlag> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Flags {
    type Item = &'a SetFlag;
    type IntoIter = std::slice::Iter<'a, SetFlag>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_docker_flags_are_unique() {
        for (i, a) in FLAGS.iter().enumerate() {
            for b in &FLAGS[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.docker, b.docker);
            }
        }
    }

    #[test]
    fn rules_accept_what_their_patterns_say() {
        for (rule, good, bad) in [
            (Rule::Signal, "SIGRTMIN+3", "sigterm"),
            (Rule::Signal, "INT", "SIG"),
            (Rule::Capability, "CAP_NET_ADMIN", "net_admin"),
            (Rule::Capability, "ALL", "CAP_"),
            (Rule::Size, "64m", "64x"),
            (Rule::Size, "1.5 GiB", "1."),
            (Rule::Size, "1024", "m"),
            (Rule::Size, "2b", "2 "),
            (Rule::Integer { min: -1, max: 5 }, "-1", "6"),
            (Rule::Integer { min: 0, max: 5 }, "0", "-0x1"),
            (Rule::Decimal, "0.5", ".5"),
            (Rule::Decimal, "2", "1e3"),
            (Rule::Ulimit, "1024:4096", "1024:"),
            (Rule::Ulimit, "-1", "-2"),
        ] {
            assert!(rule.accepts(good), "{rule:?} {good}");
            assert!(!rule.accepts(bad), "{rule:?} {bad}");
        }
    }

    #[test]
    fn sizes_in_bytes_as_docker_reads_them() {
        for (text, bytes) in [
            ("0", Some(0)),
            ("1024", Some(1024)),
            ("64m", Some(64 << 20)),
            ("64MiB", Some(64 << 20)),
            ("1.5g", Some(3 << 29)),
            ("2 kb", Some(2048)),
            ("7b", Some(7)),
            ("16p", Some(16 << 50)),
            ("99999999p", None),
            ("64x", None),
        ] {
            assert_eq!(size_bytes(text), bytes, "{text}");
        }
    }

    #[test]
    fn flags_keep_the_table_order() {
        let mut flags = Flags::default();
        let span = SourceSpan::from(0..0);
        flags.set(find("cap_drop").unwrap(), FlagValue::List(Vec::new()), span);
        flags.set(find("read_only").unwrap(), FlagValue::On, span);
        flags.set(find("init").unwrap(), FlagValue::On, span);
        let keys: Vec<&str> = flags.iter().map(|set| set.flag.key).collect();
        assert_eq!(keys, ["read_only", "init", "cap_drop"]);
    }
}
