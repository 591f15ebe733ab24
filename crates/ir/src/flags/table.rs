//! [`FLAGS`]: every service key that is one docker flag and one compose
//! key, with how each backend writes it. A new key is one entry here (and
//! its line in `fixtures/engine/flags.toml` and `flags.inspect.json`).

use super::{Flag, Kind, KubeField, KubeMapping, Rule};

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
        key: "mac_address",
        docker: "mac-address",
        kind: Kind::Value(Rule::Mac),
        kube: KubeMapping::Refuse("a pod's address is the cluster network's: remove `mac_address`"),
        doc: "The container's MAC address on its first network (`--mac-address`; Docker Engine 25, API 1.44, which the bash script checks before it changes anything).",
        example: "\"02:42:ac:11:00:02\"",
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
        kind: Kind::List(Rule::Address),
        kube: KubeMapping::Refuse(
            "a pod's name servers are its `dnsConfig`, which stackc does not write: remove `dns`",
        ),
        doc: "Name servers (IP addresses) to use instead of the engine's; parameters may complete them, checked before docker.",
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
    Flag {
        key: "privileged",
        docker: "privileged",
        kind: Kind::Switch,
        kube: KubeMapping::Field(KubeField::Privileged),
        doc: "Every capability and every host device: the container is root on the host.",
        example: "true",
    },
    Flag {
        key: "cpu_period",
        docker: "cpu-period",
        kind: Kind::Value(Rule::Integer {
            min: 1000,
            max: 1_000_000,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets a CPU limit, not its period: write `cpus` (the quota over the period)",
        ),
        doc: "The CFS period in microseconds (with `cpu_quota`; not with `cpus`).",
        example: "100000",
    },
    Flag {
        key: "cpu_quota",
        docker: "cpu-quota",
        kind: Kind::Value(Rule::Integer {
            min: -1,
            max: i64::MAX,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets a CPU limit, not a quota: write `cpus` (the quota over the period)",
        ),
        doc: "The CFS quota in microseconds per `cpu_period` (`-1`: none).",
        example: "50000",
    },
    Flag {
        key: "memswap_limit",
        docker: "memory-swap",
        kind: Kind::Value(Rule::Size),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets swap per node, not per pod: remove `memswap_limit`",
        ),
        doc: "Memory plus swap (with `mem_limit`).",
        example: "\"1g\"",
    },
    Flag {
        key: "mem_swappiness",
        docker: "memory-swappiness",
        kind: Kind::Value(Rule::Integer { min: 0, max: 100 }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} sets swap per node, not per pod: remove `mem_swappiness`",
        ),
        doc: "How readily its memory is swapped out, 0 to 100 (cgroup v1).",
        example: "10",
    },
    Flag {
        key: "cgroup",
        docker: "cgroupns",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse("a pod has its own cgroup namespace: remove `cgroup`"),
        doc: "The cgroup namespace: `host` or `private`.",
        example: "\"private\"",
    },
    Flag {
        key: "cgroup_parent",
        docker: "cgroup-parent",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse("the kubelet places a pod's cgroup: remove `cgroup_parent`"),
        doc: "The parent cgroup of the container's.",
        example: "\"/stackc\"",
    },
    Flag {
        key: "uts",
        docker: "uts",
        kind: Kind::Value(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod shares the node's host name only with `hostNetwork`, which stackc does not set: remove `uts`",
        ),
        doc: "The UTS namespace: `host` (the host's host name).",
        example: "\"host\"",
    },
    Flag {
        key: "cpu_rt_period",
        docker: "cpu-rt-period",
        kind: Kind::Value(Rule::Integer {
            min: 1,
            max: 1_000_000,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} has no real-time scheduling of its own: remove `cpu_rt_period`",
        ),
        doc: "The real-time scheduling period in microseconds (cgroup v1).",
        example: "1000000",
    },
    Flag {
        key: "cpu_rt_runtime",
        docker: "cpu-rt-runtime",
        kind: Kind::Value(Rule::Integer {
            min: -1,
            max: 1_000_000,
        }),
        kube: KubeMapping::Refuse(
            "Kubernetes {version} has no real-time scheduling of its own: remove `cpu_rt_runtime`",
        ),
        doc: "The real-time runtime in microseconds per `cpu_rt_period` (cgroup v1; `-1`: no limit; the engine's cgroup must grant it).",
        example: "950000",
    },
    Flag {
        key: "storage_opt",
        docker: "storage-opt",
        kind: Kind::Map(Rule::Text),
        kube: KubeMapping::Refuse(
            "a pod's writable layer is the node's: limit it with `resources.limits.ephemeral-storage`, which stackc does not write: remove `storage_opt`",
        ),
        doc: "Options of the container's storage driver, e.g. `size` (overlay2 on xfs with project quotas, btrfs, zfs, …; other drivers refuse them).",
        example: "{ size = \"1G\" }",
    },
];
