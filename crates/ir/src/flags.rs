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
    /// nothing.
    Switch,
    /// One value, as [`Rule`] says: `--FLAG=VALUE`.
    Value(Rule),
    /// A list of values: `--FLAG=VALUE` for each, in order.
    List(Rule),
    /// A duration in Go syntax (`1m30s`); docker takes whole seconds
    /// (rounded up), compose the duration as written.
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
    /// A size in bytes: a TOML integer, or a number with a unit `b`, `k`,
    /// `m`, `g`, `t`, `p` (powers of 1024, as docker reads them), e.g.
    /// `"64m"`, `"1.5g"`.
    Size,
}

impl Rule {
    /// Whether a value may refer to parameters.
    pub const fn templated(self) -> bool {
        matches!(self, Self::Text)
    }

    /// The TOML integers a value may be, if any.
    pub const fn integers(self) -> Option<(i64, i64)> {
        match self {
            Self::Signal => Some((1, 255)),
            Self::Size => Some((0, i64::MAX)),
            Self::Text | Self::Capability => None,
        }
    }

    /// The texts a value may be, as an anchored regular expression.
    pub const fn pattern(self) -> Option<&'static str> {
        match self {
            Self::Text => None,
            Self::Signal => Some("^(SIG)?[A-Z0-9+-]+$"),
            Self::Capability => Some("^(CAP_)?[A-Z_]+$"),
            Self::Size => Some("^[0-9]+(\\.[0-9]+)?( ?[bB]| ?[kKmMgGtTpP][iI]?[bB]?)?$"),
        }
    }

    /// Whether `text` is a value (the same as [`Self::pattern`]).
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Self::Text => true,
            Self::Signal => {
                let name = text.strip_prefix("SIG").unwrap_or(text);
                !name.is_empty()
                    && name.chars().all(|c| {
                        c.is_ascii_uppercase() || c.is_ascii_digit() || c == '+' || c == '-'
                    })
            }
            Self::Capability => {
                let name = text.strip_prefix("CAP_").unwrap_or(text);
                !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            }
            Self::Size => {
                let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
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
            Self::Text => Code::InvalidValue,
            Self::Signal => Code::InvalidSignal,
            Self::Capability => Code::InvalidCapability,
            Self::Size => Code::InvalidSize,
        }
    }

    /// How to write a value the rule accepts.
    pub const fn help(self) -> &'static str {
        match self {
            Self::Text => "write the value as a string",
            Self::Signal => {
                "write a signal name such as `SIGTERM`, `SIGINT` or `SIGRTMIN+3`, or its number"
            }
            Self::Capability => {
                "write a capability in uppercase, e.g. `NET_ADMIN` or `CAP_NET_ADMIN`, or `ALL`"
            }
            Self::Size => {
                "write a number of bytes (`67108864`) or a number with a unit `b`, `k`, `m`, `g`, `t` or `p` (`\"64m\"`, `\"1.5g\"`)"
            }
        }
    }

    /// What a value is, in a few words (the format reference).
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Signal => "signal name or number",
            Self::Capability => "capability",
            Self::Size => "size: bytes, or `\"64m\"`",
        }
    }

    /// The schema's description of an integer value.
    pub const fn describe_integer(self) -> &'static str {
        match self {
            Self::Signal => "A signal number.",
            Self::Size => "A number of bytes.",
            Self::Text | Self::Capability => "An integer.",
        }
    }

    /// The schema's description of a text value.
    pub const fn describe(self) -> &'static str {
        match self {
            Self::Text => "Text; may use `${NAME}`.",
            Self::Signal => "A signal name, e.g. `SIGTERM`, `SIGINT`, `SIGRTMIN+3`.",
            Self::Capability => "A capability, e.g. `NET_ADMIN`.",
            Self::Size => {
                "A number with a unit `b`, `k`, `m`, `g`, `t`, `p` (powers of 1024), e.g. `64m`."
            }
        }
    }
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
        }
    }
}

/// The keys, in the order docker flags are written.
pub static FLAGS: &[Flag] = &[
    Flag {
        key: "read_only",
        docker: "read-only",
        kind: Kind::Switch,
        kube: KubeMapping::Field(KubeField::ReadOnlyRootFilesystem),
        doc: "A read-only root filesystem.",
        example: "true",
    },
    Flag {
        key: "init",
        docker: "init",
        kind: Kind::Switch,
        kube: KubeMapping::Field(KubeField::ShareProcessNamespace),
        doc: "Run an init process as PID 1.",
        example: "true",
    },
    Flag {
        key: "stop_signal",
        docker: "stop-signal",
        kind: Kind::Value(Rule::Signal),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} always stops a container with SIGTERM; remove `stop_signal` or make the program stop on SIGTERM",
        ),
        doc: "The signal that stops the container: a name or its number.",
        example: "\"SIGINT\"",
    },
    Flag {
        key: "stop_grace_period",
        docker: "stop-timeout",
        kind: Kind::Seconds,
        kube: KubeMapping::Field(KubeField::TerminationGracePeriod),
        doc: "The time to stop before the kill (docker takes whole seconds: rounded up).",
        example: "\"30s\"",
    },
    Flag {
        key: "cap_add",
        docker: "cap-add",
        kind: Kind::List(Rule::Capability),
        kube: KubeMapping::Field(KubeField::CapAdd),
        doc: "Capabilities to add, e.g. `NET_ADMIN`, `ALL`.",
        example: "[\"NET_ADMIN\"]",
    },
    Flag {
        key: "cap_drop",
        docker: "cap-drop",
        kind: Kind::List(Rule::Capability),
        kube: KubeMapping::Field(KubeField::CapDrop),
        doc: "Capabilities to drop, e.g. `ALL`.",
        example: "[\"ALL\"]",
    },
    Flag {
        key: "shm_size",
        docker: "shm-size",
        kind: Kind::Value(Rule::Size),
        kube: KubeMapping::Refuse(
            "a pod has no shm size: mount a tmpfs at /dev/shm instead, `{ type = \"tmpfs\", target = \"/dev/shm\", tmpfs = { size = 67108864 } }` (an `emptyDir` in memory)",
        ),
        doc: "The size of `/dev/shm` (docker's default is 64 MiB).",
        example: "\"256m\"",
    },
];

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
    Value(Template),
    List(Vec<Template>),
    Seconds(Duration),
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
        ] {
            assert!(rule.accepts(good), "{rule:?} {good}");
            assert!(!rule.accepts(bad), "{rule:?} {bad}");
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
