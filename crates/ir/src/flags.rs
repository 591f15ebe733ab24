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
    /// Names with a value each: `--FLAG=NAME=VALUE` for each, in order (a
    /// TOML table, or a list of `"NAME=VALUE"`).
    Map(Rule),
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
    /// A whole number from `min` to `max`: a TOML integer or its digits.
    Integer { min: i64, max: i64 },
    /// A number of CPUs, e.g. `0.5` or `2`: a TOML number or its text.
    Decimal,
    /// A resource limit (of [`Kind::Map`]): one number for both limits, or
    /// `SOFT:HARD` (a TOML table `{ soft = …, hard = … }`); `-1` is
    /// unlimited.
    Ulimit,
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
            Self::Size | Self::Decimal => Some((0, i64::MAX)),
            Self::Ulimit => Some((-1, i64::MAX)),
            Self::Integer { min, max } => Some((min, max)),
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
            Self::Integer { .. } => Some("^-?[0-9]+$"),
            Self::Decimal => Some("^[0-9]+(\\.[0-9]+)?$"),
            Self::Ulimit => Some("^-?[0-9]+(:-?[0-9]+)?$"),
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
            Self::Text => Code::InvalidValue,
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

    /// What a value is, in a few words (the format reference).
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Signal => "signal name or number",
            Self::Capability => "capability",
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
            Self::Text | Self::Capability | Self::Integer { .. } => "An integer.",
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
    Flag {
        key: "tty",
        docker: "tty",
        kind: Kind::Switch,
        kube: KubeMapping::Field(KubeField::Tty),
        doc: "Allocate a pseudo-terminal.",
        example: "true",
    },
    Flag {
        key: "stdin_open",
        docker: "interactive",
        kind: Kind::Switch,
        kube: KubeMapping::Field(KubeField::Stdin),
        doc: "Keep standard input open.",
        example: "true",
    },
    Flag {
        key: "pid",
        docker: "pid",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod shares the node's process namespace only with `hostPID`, which stackc does not set: remove `pid`",
        ),
        doc: "The PID namespace: `host`, or `container:NAME`.",
        example: "\"host\"",
    },
    Flag {
        key: "ipc",
        docker: "ipc",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} has no per-container IPC mode: remove `ipc`",
        ),
        doc: "The IPC namespace: `private`, `shareable`, `host`, or `container:NAME`.",
        example: "\"shareable\"",
    },
    Flag {
        key: "userns_mode",
        docker: "userns",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets user namespaces with `hostUsers`, which stackc does not set: remove `userns_mode`",
        ),
        doc: "The user namespace: `host` when the engine remaps users.",
        example: "\"host\"",
    },
    Flag {
        key: "runtime",
        docker: "runtime",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod chooses its runtime with a RuntimeClass: remove `runtime` and set `runtimeClassName` on the cluster side",
        ),
        doc: "The OCI runtime, e.g. `runc`.",
        example: "\"runc\"",
    },
    Flag {
        key: "platform",
        docker: "platform",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's platform is chosen by node selection (`kubernetes.io/arch`): remove `platform`",
        ),
        doc: "The platform of the image, e.g. `linux/amd64`.",
        example: "\"linux/amd64\"",
    },
    Flag {
        key: "domainname",
        docker: "domainname",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's domain is its `subdomain` and the cluster's: remove `domainname`",
        ),
        doc: "The container's NIS domain name.",
        example: "\"example.org\"",
    },
    Flag {
        key: "mem_limit",
        docker: "memory",
        kind: Kind::Value(Rule::Size),
        kube: KubeMapping::Field(KubeField::MemoryLimit),
        doc: "The memory limit.",
        example: "\"512m\"",
    },
    Flag {
        key: "mem_reservation",
        docker: "memory-reservation",
        kind: Kind::Value(Rule::Size),
        kube: KubeMapping::Field(KubeField::MemoryRequest),
        doc: "The memory reservation (a soft limit).",
        example: "\"256m\"",
    },
    Flag {
        key: "cpus",
        docker: "cpus",
        kind: Kind::Value(Rule::Decimal),
        kube: KubeMapping::Field(KubeField::CpuLimit),
        doc: "The number of CPUs it may use, e.g. `0.5`.",
        example: "0.5",
    },
    Flag {
        key: "cpu_shares",
        docker: "cpu-shares",
        kind: Kind::Value(Rule::Integer {
            min: 0,
            max: 262_144,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} weighs CPU by `resources.requests.cpu`: write `cpus` for a limit, or remove `cpu_shares`",
        ),
        doc: "The CPU weight relative to other containers (docker's default is 1024).",
        example: "512",
    },
    Flag {
        key: "cpuset",
        docker: "cpuset-cpus",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} pins CPUs with the node's CPU manager, not per pod: remove `cpuset`",
        ),
        doc: "The CPUs it may run on, e.g. `0-3` or `0,1`.",
        example: "\"0\"",
    },
    Flag {
        key: "pids_limit",
        docker: "pids-limit",
        kind: Kind::Value(Rule::Integer {
            min: -1,
            max: i64::MAX,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} limits processes per node (`podPidsLimit`), not per pod: remove `pids_limit`",
        ),
        doc: "The most processes it may run (`-1`: unlimited).",
        example: "100",
    },
    Flag {
        key: "oom_score_adj",
        docker: "oom-score-adj",
        kind: Kind::Value(Rule::Integer {
            min: -1000,
            max: 1000,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets OOM scores from the pod's QoS class: remove `oom_score_adj`",
        ),
        doc: "The kernel's OOM preference, from -1000 to 1000.",
        example: "100",
    },
    Flag {
        key: "oom_kill_disable",
        docker: "oom-kill-disable",
        kind: Kind::Switch,
        kube: KubeMapping::Refuse(
            "Kubernetes {version} cannot exempt a container from the OOM killer: remove `oom_kill_disable`",
        ),
        doc: "Never kill it when out of memory (needs `mem_limit`).",
        example: "true",
    },
    Flag {
        key: "dns",
        docker: "dns",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's name servers are its `dnsConfig`, which stackc does not write: remove `dns`",
        ),
        doc: "Name servers to use instead of the engine's.",
        example: "[\"10.0.0.2\"]",
    },
    Flag {
        key: "dns_search",
        docker: "dns-search",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's search domains are its `dnsConfig`, which stackc does not write: remove `dns_search`",
        ),
        doc: "DNS search domains.",
        example: "[\"example.org\"]",
    },
    Flag {
        key: "dns_opt",
        docker: "dns-option",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's resolver options are its `dnsConfig`, which stackc does not write: remove `dns_opt`",
        ),
        doc: "Resolver options, e.g. `ndots:2`.",
        example: "[\"ndots:2\"]",
    },
    Flag {
        key: "security_opt",
        docker: "security-opt",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's security options are fields of its `securityContext` (seccompProfile, seLinuxOptions, allowPrivilegeEscalation): remove `security_opt`",
        ),
        doc: "Security options, e.g. `no-new-privileges:true`.",
        example: "[\"no-new-privileges:true\"]",
    },
    Flag {
        key: "group_add",
        docker: "group-add",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's extra groups are numeric `supplementalGroups`, which stackc does not write: remove `group_add`",
        ),
        doc: "Groups the user also belongs to.",
        example: "[\"1234\"]",
    },
    Flag {
        key: "expose",
        docker: "expose",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "every container port is reachable inside a cluster: remove `expose`, or publish it with `ports`",
        ),
        doc: "Ports to mark as exposed without publishing them, e.g. `8080` or `8080/udp`.",
        example: "[\"8080\"]",
    },
    Flag {
        key: "devices",
        docker: "device",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod reaches host devices through device plugins, not paths: remove `devices`",
        ),
        doc: "Host devices to add, `HOST[:CONTAINER[:PERMISSIONS]]`.",
        example: "[\"/dev/fuse\"]",
    },
    Flag {
        key: "device_cgroup_rules",
        docker: "device-cgroup-rule",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} has no device cgroup rules: remove `device_cgroup_rules`",
        ),
        doc: "Rules for the devices cgroup, e.g. `c 1:3 mr`.",
        example: "[\"c 1:3 mr\"]",
    },
    Flag {
        key: "tmpfs",
        docker: "tmpfs",
        kind: Kind::List(Rule::Text),
        kube: KubeMapping::Refuse(
            "write each `tmpfs` as a mount instead, `{ type = \"tmpfs\", target = \"/run\" }` (an `emptyDir` in memory)",
        ),
        doc: "Empty tmpfs mounts, `PATH[:OPTIONS]` (a `tmpfs` mount in `volumes` says the same).",
        example: "[\"/run:size=1m\"]",
    },
    Flag {
        key: "sysctls",
        docker: "sysctl",
        kind: Kind::Map(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's sysctls are its `securityContext.sysctls`, which stackc does not write: remove `sysctls`",
        ),
        doc: "Kernel parameters of the container's namespaces.",
        example: "{ \"net.core.somaxconn\" = \"1024\" }",
    },
    Flag {
        key: "ulimits",
        docker: "ulimit",
        kind: Kind::Map(Rule::Ulimit),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} has no per-container resource limits of this kind: remove `ulimits`, or set them in the image's entrypoint",
        ),
        doc: "Resource limits (`nofile`, `nproc`, `memlock`, …): one number, or `{ soft, hard }`.",
        example: "{ nofile = { soft = 1024, hard = 4096 }, nproc = 65535 }",
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
    /// A [`Kind::Map`]: names and values, in order.
    Map(Vec<(String, Template)>),
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
