//! The stack model: what stack.toml says, decoded and checked field by field
//! by the frontend. Cross-references (a service naming a network, a
//! dependency naming a service, a string naming a parameter) are kept as
//! [`Ref`]s and checked by the passes.
//!
//! Maps are [`IndexMap`]s in declaration order, so that every output follows
//! the order of stack.toml and never a hash order.

use indexmap::IndexMap;
use miette::SourceSpan;

pub use crate::duration::Duration;
use crate::template::Template;

pub use crate::spanned::Spanned;

/// A reference by name to something declared elsewhere in the stack
/// (a service, network, volume or parameter), with the span of the name
/// where it is used.
pub type Ref = Spanned<String>;

/// A whole stack, as declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stack {
    /// `[stack] name`: the project name; prefixes every resource name.
    pub name: Spanned<String>,
    /// `[params.NAME]`
    pub params: IndexMap<String, Param>,
    /// `[networks.NAME]`
    pub networks: IndexMap<String, Network>,
    /// `[volumes.NAME]`
    pub volumes: IndexMap<String, Volume>,
    /// `[services.NAME]`
    pub services: IndexMap<String, Service>,
    /// `[outputs."PATH"]`: the files `stackc generate` writes.
    pub outputs: IndexMap<String, OutputSpec>,
    /// `[images.NAME]`
    pub images: IndexMap<String, Image>,
    /// `[secrets.NAME]`: files whose content is secret, given to the
    /// services that name them.
    pub secrets: IndexMap<String, FileObject>,
    /// `[configs.NAME]`: files given to the services that name them.
    pub configs: IndexMap<String, FileObject>,
    /// The container names of the services `--profile` left out: the
    /// stack's containers all the same, which `up` never takes for strays.
    pub unselected: Vec<String>,
}

impl Stack {
    /// A network's engine name: its key when external (it exists already),
    /// else `<stack>_<key>`. Only an external network's `name` may take
    /// parameters ([`Self::network_template`]); here they are left out.
    pub fn network_name(&self, key: &str) -> String {
        self.network_template(key)
            .as_literal()
            .unwrap_or_default()
            .to_owned()
    }

    /// A network's engine name as a template: that of an external network
    /// may take parameters.
    pub fn network_template(&self, key: &str) -> Template {
        match self.networks.get(key) {
            Some(network) => resource_template(
                &self.name.value,
                key,
                network.external,
                network.engine_name.as_ref(),
            ),
            None => Template::literal(crate::engine_names::scoped(&self.name.value, key)),
        }
    }

    /// A volume's engine name: its key when external, else `<stack>_<key>`.
    /// Only an external volume's `name` may take parameters
    /// ([`Self::volume_template`]); here they are left out.
    pub fn volume_name(&self, key: &str) -> String {
        self.volume_template(key)
            .as_literal()
            .unwrap_or_default()
            .to_owned()
    }

    /// A volume's engine name as a template: that of an external volume
    /// may take parameters.
    pub fn volume_template(&self, key: &str) -> Template {
        match self.volumes.get(key) {
            Some(volume) => resource_template(
                &self.name.value,
                key,
                volume.external,
                volume.engine_name.as_ref(),
            ),
            None => Template::literal(crate::engine_names::scoped(&self.name.value, key)),
        }
    }

    /// The tag an `[images.NAME]` is built as.
    pub fn image_tag(&self, image: &Image) -> String {
        image.tag.as_ref().map_or_else(
            || crate::engine_names::built_image(&self.name.value, &image.name.value),
            |t| t.value.clone(),
        )
    }

    /// The `[images.NAME]` a Dockerfile's `FROM` reference names: by key,
    /// by tag, or by tag with `:latest`.
    pub fn image_named(&self, reference: &str) -> Option<&Image> {
        self.images.iter().find_map(|(key, image)| {
            let tag = self.image_tag(image);
            (key == reference
                || tag == reference
                || reference.strip_suffix(":latest") == Some(tag.as_str()))
            .then_some(image)
        })
    }

    /// The `[images.NAME]` a service's `image` names, if it names one.
    pub fn stack_image(&self, service: &Service) -> Option<&Image> {
        let reference = service.image.as_ref()?.value.as_literal()?;
        self.images.get(reference)
    }
}

/// The engine name of a network or volume: its `name`, else its key when
/// external, else `<stack>_<key>`.
fn resource_template(
    stack: &str,
    key: &str,
    external: bool,
    name: Option<&Spanned<Template>>,
) -> Template {
    match name {
        Some(name) => name.value.clone(),
        None if external => Template::literal(key),
        None => Template::literal(crate::engine_names::scoped(stack, key)),
    }
}

/// `[outputs."PATH"] = { target, action, format }`: one generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    /// Relative to the directory of stack.toml, inside it, normalised
    /// (`deploy/up.sh`), with the span of its key.
    pub path: Spanned<String>,
    pub target: Spanned<crate::target::Target>,
    /// For the targets that take one: the action (default `up`).
    pub action: Option<Spanned<crate::action::Action>>,
    /// For `argv` (`json`, `shell`, `nul`) and `graph` (`dot`, `mermaid`).
    pub format: Option<Spanned<crate::target::Format>>,
}

/// `[params.NAME]`: a runtime parameter of the generated scripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name, with the span of its key.
    pub name: Spanned<String>,
    /// Used when the parameter is unset or empty at run time. Literal text
    /// (no references).
    pub default: Option<String>,
    pub description: Option<String>,
    /// Required at run time, only allowed in `environment` values, never
    /// written into any output.
    pub secret: bool,
    /// The values the parameter may take (empty: any).
    pub choices: Vec<String>,
    /// An empty value is a value: the default (or the stop of a required
    /// parameter) applies only when it is unset, as compose's
    /// `${NAME-default}`.
    pub keep_empty: bool,
}

/// `[networks.NAME]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub name: Spanned<String>,
    pub driver: Option<String>,
    pub internal: bool,
    pub labels: IndexMap<String, Template>,
    /// Exists outside the stack under exactly `name`: never created or removed.
    pub external: bool,
    /// `name`: the engine's name, instead of `<stack>_<key>` (or the key,
    /// for an external network). Parameters only when external.
    pub engine_name: Option<Spanned<Template>>,
    /// `attachable`, `enable_ipv6`, `driver_opts` and `ipam`.
    pub options: NetworkOptions,
}

/// The settings of a network docker takes at creation, besides its driver.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkOptions {
    pub attachable: bool,
    pub enable_ipv6: bool,
    /// `driver_opts`: `--opt KEY=VALUE`.
    pub driver_opts: IndexMap<String, Template>,
    pub ipam: Option<Ipam>,
}

/// `ipam = { driver, config, options }`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ipam {
    pub driver: Option<String>,
    pub config: Vec<IpamPool>,
    pub options: IndexMap<String, String>,
}

/// One address pool of `ipam.config`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamPool {
    /// CIDR, e.g. `172.28.0.0/16`. Parameters may complete it, and
    /// `ip_range` and `gateway`: a literal is checked when read, a
    /// template with the defaults and by the outputs with their values.
    pub subnet: Option<Spanned<Template>>,
    pub ip_range: Option<Spanned<Template>>,
    pub gateway: Option<Spanned<Template>>,
    /// `host = "ip"` pairs, in order.
    pub aux_addresses: Vec<(String, String)>,
}

/// `[volumes.NAME]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    pub name: Spanned<String>,
    pub driver: Option<String>,
    pub labels: IndexMap<String, Template>,
    /// Exists outside the stack under exactly `name`: never created or removed.
    pub external: bool,
    /// `owner = "UID[:GID]"`: the owner of the volume's root, set once when
    /// the volume is created.
    pub owner: Option<Spanned<String>>,
    /// `mode = "0750"`: the octal mode of the volume's root, set once when
    /// the volume is created.
    pub mode: Option<Spanned<String>>,
    /// `init_image`: the image of the short-lived container that applies
    /// `owner` and `mode`.
    pub init_image: Option<Spanned<String>>,
    /// `name`: the engine's name, instead of `<stack>_<key>` (or the key,
    /// for an external volume). Parameters only when external.
    pub engine_name: Option<Spanned<Template>>,
    /// `driver_opts`: `--opt KEY=VALUE`.
    pub driver_opts: IndexMap<String, Template>,
}

impl Volume {
    /// What the init container applies, when the volume sets `owner` or
    /// `mode` and names an `init_image`.
    pub fn init(&self) -> Option<VolumeInit> {
        let image = self.init_image.as_ref()?;
        (self.owner.is_some() || self.mode.is_some()).then(|| VolumeInit {
            image: image.value.clone(),
            owner: self.owner.as_ref().map(|o| o.value.clone()),
            mode: self.mode.as_ref().map(|m| m.value.clone()),
        })
    }
}

/// `owner` and `mode` of a volume's root, applied by a short-lived
/// container of `image` that mounts the volume at `/v`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeInit {
    pub image: String,
    /// `UID[:GID]`
    pub owner: Option<String>,
    /// Octal, e.g. `0750`.
    pub mode: Option<String>,
}

/// `[services.NAME]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: Spanned<String>,
    /// The image to run (and, with `build`, the tag to build it as).
    pub image: Option<Spanned<Template>>,
    pub build: Option<Box<Build>>,
    /// Replaces the image's `CMD`. `None` keeps the image's.
    pub command: Option<Vec<Template>>,
    /// Replaces the image's `ENTRYPOINT`. `Some(vec![])` clears it.
    pub entrypoint: Option<Vec<Template>>,
    /// In declaration order.
    pub environment: IndexMap<String, Spanned<Template>>,
    /// Variables passed through from the environment docker runs in (the
    /// list form's `"NAME"` without `=`): set in the container when set
    /// there, as compose does.
    pub pass_env: Vec<Ref>,
    /// In order; each spanned at its entry (the path, or the table).
    pub env_file: Vec<Spanned<EnvFile>>,
    /// Label files (docker's `--label-file`), relative to the directory of
    /// stack.toml (or absolute), in order.
    pub label_file: Vec<Spanned<String>>,
    pub ports: Vec<Spanned<Port>>,
    /// Ports in compose's short syntax that read parameters
    /// (`"${HTTP_PORT}:80"`): checked when their value is known.
    pub port_templates: Vec<Spanned<Template>>,
    pub volumes: Vec<Spanned<Mount>>,
    /// Networks to join; empty means the stack's `default` network.
    pub networks: Vec<Ref>,
    /// The options of the networks it joins with some (`aliases`,
    /// `ipv4_address`, …), by network name.
    pub attachments: IndexMap<String, Spanned<Attachment>>,
    pub depends_on: Vec<Dependency>,
    pub healthcheck: Option<Spanned<Healthcheck>>,
    pub logging: Option<Box<Spanned<Logging>>>,
    /// `gpus`: the GPUs it asks for (docker's `--gpus`, one per request).
    pub gpus: Option<Spanned<Vec<GpuRequest>>>,
    /// `blkio_config`: its block IO weight and limits.
    pub blkio: Option<Box<Spanned<crate::blkio::Blkio>>>,
    pub restart: Option<Spanned<Restart>>,
    /// `restart` with parameters (`"${RESTART_POLICY}"`): checked when its
    /// value is known.
    pub restart_template: Option<Spanned<Template>>,
    pub labels: IndexMap<String, Template>,
    pub user: Option<Template>,
    pub working_dir: Option<Template>,
    pub hostname: Option<Template>,
    pub container_name: Option<Spanned<String>>,
    /// The keys that are one docker flag ([`crate::flags::FLAGS`]).
    pub flags: crate::flags::Flags,
    /// `(hostname, ip)` pairs, in order; parameters may complete an
    /// address (`"${HOST_IP}"`), which is then checked when known.
    pub extra_hosts: Vec<(String, String)>,
    /// Where `extra_hosts` is written, for a message.
    pub extra_hosts_span: Option<SourceSpan>,
    pub pull: PullPolicy,
    /// `run = "once"`: a one-shot job that runs to completion.
    pub run_once: Option<SourceSpan>,
    /// `exec = [["cmd", "arg"], …]`: commands run in the container after
    /// the script starts it, in order.
    pub exec: Vec<Spanned<Vec<Template>>>,
    /// `pre_stop = [["cmd", "arg"], …]`: commands run in the running
    /// container before `down`, `stop` or `restart` stops it, in order.
    pub pre_stop: Vec<Spanned<Vec<Template>>>,
    /// `exec_policy`: when the `exec` commands run.
    pub exec_policy: Spanned<ExecPolicy>,
    pub replicas: Spanned<u32>,
    /// `profiles`: the variants the service belongs to; empty means always
    /// in. Selected by `--profile` before the passes run.
    pub profiles: Vec<Spanned<String>>,
    /// `volumes_from`: services whose mounts this one shares (docker
    /// `--volumes-from`); each starts first.
    pub volumes_from: Vec<Ref>,
    /// `links`: services reached by an alias (docker `--link`); each
    /// starts first.
    pub links: Vec<crate::links::Link>,
    /// `external_links`: containers outside the stack reached by an alias
    /// (docker `--link`), each `CONTAINER` or `CONTAINER:ALIAS` as written.
    pub external_links: Vec<Spanned<String>>,
    /// `attach`: whether `docker compose up` (attached) follows the
    /// service's output; compose's alone (the scripts run detached).
    pub attach: Option<bool>,
    /// `secrets`: the `[secrets.NAME]` it reads, as files.
    pub secrets: Vec<Spanned<FileGrant>>,
    /// `configs`: the `[configs.NAME]` it reads, as files.
    pub configs: Vec<Spanned<FileGrant>>,
    /// `network_mode`: another network stack than the stack's networks.
    pub network_mode: Option<Spanned<NetworkMode>>,
    /// `update`: how `up` replaces its changed containers.
    pub update: Option<Box<Update>>,
}

pub use crate::network_mode::NetworkMode;

impl Service {
    /// Give back the room its lists grew into and do not use: a list built
    /// an item at a time holds room for four, where most hold one. For a
    /// large stack, about a fifth of its model. Every field is named, so
    /// that a new one is considered here.
    pub fn shrink_to_fit(&mut self) {
        let Self {
            command,
            entrypoint,
            environment,
            pass_env,
            env_file,
            label_file,
            ports,
            port_templates,
            volumes,
            networks,
            attachments,
            depends_on,
            labels,
            extra_hosts,
            exec,
            pre_stop,
            profiles,
            volumes_from,
            links,
            external_links,
            secrets,
            configs,
            name: _,
            image: _,
            build: _,
            healthcheck: _,
            logging: _,
            gpus: _,
            blkio: _,
            restart: _,
            restart_template: _,
            user: _,
            working_dir: _,
            hostname: _,
            container_name: _,
            flags: _,
            extra_hosts_span: _,
            pull: _,
            run_once: _,
            exec_policy: _,
            replicas: _,
            attach: _,
            network_mode: _,
            update: _,
        } = self;
        for list in [command, entrypoint].into_iter().flatten() {
            list.shrink_to_fit();
        }
        environment.shrink_to_fit();
        pass_env.shrink_to_fit();
        env_file.shrink_to_fit();
        label_file.shrink_to_fit();
        ports.shrink_to_fit();
        port_templates.shrink_to_fit();
        volumes.shrink_to_fit();
        networks.shrink_to_fit();
        attachments.shrink_to_fit();
        depends_on.shrink_to_fit();
        labels.shrink_to_fit();
        extra_hosts.shrink_to_fit();
        exec.shrink_to_fit();
        pre_stop.shrink_to_fit();
        profiles.shrink_to_fit();
        volumes_from.shrink_to_fit();
        links.shrink_to_fit();
        external_links.shrink_to_fit();
        secrets.shrink_to_fit();
        configs.shrink_to_fit();
    }

    pub fn is_job(&self) -> bool {
        self.run_once.is_some()
    }

    /// Whether it joins the stack's `default` network: it names it, or it
    /// names no network and has no `network_mode`.
    pub fn joins_default(&self) -> bool {
        (self.network_mode.is_none() && self.networks.is_empty())
            || self.networks.iter().any(|n| n.value == "default")
    }

    /// The services of the stack that must start before this one, each
    /// with how this one names it (`depends on`): its `depends_on`, its
    /// `volumes_from`, the service whose network stack it uses, and its
    /// `links`.
    pub fn needs(&self) -> impl Iterator<Item = (&Ref, &'static str)> {
        let network = match self.network_mode.as_ref().map(|m| &m.value) {
            Some(NetworkMode::Service(name)) => Some((name, "uses the network stack of")),
            _ => None,
        };
        self.depends_on
            .iter()
            .map(|d| (&d.service, "depends on"))
            .chain(self.volumes_from.iter().map(|s| (s, "takes volumes from")))
            .chain(network)
            .chain(self.links.iter().map(|l| (&l.service, "links to")))
    }

    /// `stop_grace_period`, if set.
    pub fn stop_grace_period(&self) -> Option<&Duration> {
        match self.flags.get("stop_grace_period").map(|set| &set.value) {
            Some(crate::flags::FlagValue::Seconds(duration)) => Some(duration),
            _ => None,
        }
    }
}

/// How a service joins one network, besides by its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    /// More DNS names on that network (the service's name is always one).
    pub aliases: Vec<String>,
    /// A fixed address; parameters may complete it (checked as
    /// [`IpamPool`]'s addresses are).
    pub ipv4_address: Option<Spanned<Template>>,
    pub ipv6_address: Option<Spanned<Template>>,
    /// Networks are joined by descending priority (then in order); the
    /// first one is given at creation.
    pub priority: i64,
}

/// `build = { context, dockerfile, args, target }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Build {
    /// Relative to the directory of stack.toml, or absolute.
    pub context: Spanned<String>,
    /// Relative to the context; parameters may complete it (as compose
    /// interpolates it).
    pub dockerfile: Option<Template>,
    pub args: IndexMap<String, Template>,
    /// The stage to build; parameters may complete it.
    pub target: Option<Template>,
    pub span: SourceSpan,
    /// The images its Dockerfile's `FROM` lines name (build args and `ARG`
    /// defaults substituted, stage names left out), read by
    /// `stackc_frontend::parse_file`; empty when the Dockerfile was not read.
    pub from: Vec<String>,
    /// The other keys of compose's `build`.
    pub options: BuildOptions,
}

/// The keys of a build besides its context, Dockerfile, args and target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// `dockerfile_inline`: the Dockerfile itself (given on the standard
    /// input of `docker build --file=-`).
    pub inline: Option<Template>,
    /// `labels` of the image.
    pub labels: IndexMap<String, Template>,
    /// `network` of the build's `RUN` steps; parameters may complete it.
    pub network: Option<Template>,
    pub shm_size: Option<u64>,
    /// `(hostname, ip)` pairs.
    pub extra_hosts: Vec<(String, String)>,
    /// More tags of the image (parameters may complete them: the script
    /// checks each is an image reference before docker reads it).
    pub tags: Vec<Template>,
    pub cache_from: Vec<Template>,
    pub no_cache: bool,
    /// Always pull the base images.
    pub pull: bool,
    /// `entitlements`: what the `RUN` steps may ask of BuildKit
    /// (`network.host`, `security.insecure`), each once, in order.
    pub entitlements: Vec<String>,
    /// `privileged`: the `security.insecure` entitlement, as compose gives it.
    pub privileged: bool,
    /// `secrets`: the `[secrets.NAME]` its `RUN --mount=type=secret` steps
    /// read.
    pub secrets: Vec<BuildSecret>,
    /// `platforms`: those the image may be built for (`os/arch[/variant]`),
    /// each once. One engine's image store holds one: see
    /// `stackc_passes`' lowering for which.
    pub platforms: Vec<Spanned<String>>,
    /// `ssh`: the SSH agents or keys its `RUN --mount=type=ssh` steps use.
    pub ssh: Vec<BuildSsh>,
}

/// One entry of a build's `ssh`: `ID` (the agent of `$SSH_AUTH_SOCK`) or
/// `ID=PATH[,PATH…]` (agent sockets or private key files), as docker's
/// `--ssh`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSsh {
    /// The id in the Dockerfile (`RUN --mount=type=ssh,id=ID`; `default`
    /// when it names none).
    pub id: String,
    /// Host paths, as written (relative to the project directory, or `~/…`).
    pub paths: Vec<crate::template::Template>,
}

/// One entry of `env_file`: a file of `KEY=value` lines docker reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFile {
    /// Relative to the directory of stack.toml (or absolute); parameters
    /// may complete it (`"${ENV_FILE:-.env}"`).
    pub path: Template,
    /// `false`: a missing file is skipped, as compose's `required: false`
    /// (else it is an error).
    pub required: bool,
}

/// One entry of a build's `secrets`: a `[secrets.NAME]` given to the build
/// under an id (`RUN --mount=type=secret,id=ID`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSecret {
    pub source: Ref,
    /// `target`, else the source's name.
    pub id: String,
}

/// `[images.NAME]`: an image the stack builds, which services run with
/// `image = "NAME"` and other images may build `FROM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub name: Spanned<String>,
    pub build: Build,
    /// The tag it is built as; `<stack>-<NAME>` by default.
    pub tag: Option<Spanned<String>>,
}

/// One published port.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Port {
    /// Host address to bind, e.g. `127.0.0.1` or `::1` (no brackets).
    pub host_ip: Option<String>,
    /// Host port or range; `None` lets the engine choose.
    pub published: Option<PortRange>,
    /// Container port or range.
    pub target: PortRange,
    pub protocol: Protocol,
}

/// `start..=end` (a single port has `start == end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
            Self::Sctp => "sctp",
        }
    }
}

/// One entry of a service's `volumes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mount {
    /// A named volume of the stack (`source` refers to `[volumes.NAME]`),
    /// or an anonymous volume when `source` is `None`.
    Volume {
        source: Option<Ref>,
        target: String,
        read_only: bool,
        options: MountOptions,
    },
    /// A host path: absolute, or relative to the directory of stack.toml.
    Bind {
        source: Template,
        target: String,
        read_only: bool,
        options: MountOptions,
    },
    /// A tmpfs mount.
    Tmpfs { target: String, size: Option<u64> },
}

impl Mount {
    pub fn target(&self) -> &str {
        match self {
            Self::Volume { target, .. }
            | Self::Bind { target, .. }
            | Self::Tmpfs { target, .. } => target,
        }
    }

    /// The fields of the short syntax `[SOURCE:]TARGET[:MODE]`, which
    /// stack.toml shares with compose: the source, the target and the mode,
    /// split at each `:` outside a `${…}` reference (compose's
    /// `${SOURCE:-/dev/null}:/tmp/foo:ro` has three); `None` with more than
    /// three fields.
    pub fn split_short(text: &str) -> Option<(Option<&str>, &str, Option<&str>)> {
        let parts = crate::template::split_outside_references(text, b':');
        match parts.as_slice() {
            [target] => Some((None, *target, None)),
            [source, target] => Some((Some(*source), *target, None)),
            [source, target, mode] => Some((Some(*source), *target, Some(*mode))),
            _ => None,
        }
    }

    /// The `MODE` of the short syntax, compose's comma-separated options:
    /// whether it is read-only (`ro`; `rw` is the default), and the other
    /// options; `Err` with the first option stackc does not take.
    pub fn short_mode(mode: Option<&str>) -> Result<(bool, MountOptions), &str> {
        let mut read_only = false;
        let mut options = MountOptions::default();
        for option in mode.into_iter().flat_map(|mode| mode.split(',')) {
            match option {
                "ro" => read_only = true,
                "rw" => read_only = false,
                "nocopy" => options.nocopy = true,
                "z" => options.selinux = Some("z"),
                "Z" => options.selinux = Some("Z"),
                other => {
                    if let Some(known) = PROPAGATIONS.iter().find(|p| **p == other) {
                        options.propagation = Some(known);
                    } else if let Some(known) = CONSISTENCIES.iter().find(|c| **c == other) {
                        options.consistency = Some(known);
                    } else {
                        return Err(other);
                    }
                }
            }
        }
        Ok((read_only, options))
    }
}

/// The bind propagations docker takes (`bind.propagation`).
pub const PROPAGATIONS: &[&str] = &[
    "rprivate", "private", "rshared", "shared", "rslave", "slave",
];

/// The `SELinux` relabelings of a bind mount (`bind.selinux`): `z` shared
/// between containers, `Z` private to this one.
pub const SELINUX: &[&str] = &["z", "Z"];

/// Docker Desktop's file sharing modes (`consistency`); a Linux engine
/// takes and ignores them.
pub const CONSISTENCIES: &[&str] = &["consistent", "cached", "delegated"];

/// The options of a bind or volume mount besides `read_only`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// A bind mount's propagation (one of [`PROPAGATIONS`]).
    pub propagation: Option<&'static str>,
    /// A volume mount: do not copy the image's files into a new volume.
    pub nocopy: bool,
    /// One of [`CONSISTENCIES`].
    pub consistency: Option<&'static str>,
    /// A bind mount's `SELinux` relabeling (one of [`SELINUX`]): written as
    /// `--volume SOURCE:TARGET:…,z`, as docker's `--mount` has no such
    /// field.
    pub selinux: Option<&'static str>,
    /// A bind mount's `create_host_path`: `Some(true)` creates a missing
    /// host directory (written as `--volume`, which does; compose's
    /// short syntax implies it), `Some(false)` or `None` refuses a missing
    /// one (`--mount`).
    pub create_host_path: Option<bool>,
    /// A volume mount's `subpath`: the directory of the volume mounted
    /// (relative, without `..`; it must exist in the volume). Docker's
    /// `volume-subpath` needs Engine API 1.45.
    pub subpath: Option<String>,
}

/// One entry of `depends_on`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub service: Ref,
    pub condition: Spanned<Condition>,
    /// `required = false`: a dependency `--profile` leaves out is no error
    /// (the service starts without it), as compose.
    pub required: bool,
    /// `restart = true`: when `up` recreates or restarts the dependency, it
    /// restarts this service too (if it keeps it), as compose.
    pub restart: bool,
}

/// When a dependency counts as ready.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Condition {
    /// The container was started.
    Started,
    /// The container's healthcheck reports healthy.
    Healthy,
    /// The one-shot job exited with status 0.
    Completed,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Healthy => "healthy",
            Self::Completed => "completed",
        }
    }
}

/// One request of `gpus`: compose's device request, as docker's `--gpus`
/// takes it (which always asks for the `gpu` capability).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GpuRequest {
    pub driver: Option<String>,
    /// `None` with no `device_ids`: all of them (compose's default).
    pub count: Option<GpuCount>,
    pub device_ids: Vec<String>,
    /// Besides `gpu`, which docker always adds.
    pub capabilities: Vec<String>,
    pub options: IndexMap<String, String>,
}

/// How many GPUs a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpuCount {
    All,
    Count(u32),
}

impl GpuRequest {
    /// The value of `--gpus`: docker reads it as one CSV record of
    /// `key=value` fields (`count=all`, `"device=0,1"`,
    /// `"capabilities=utility"`, `driver=nvidia`, `"options=k=v,…"`).
    pub fn docker_value(&self) -> String {
        let mut fields: Vec<String> = Vec::new();
        let csv = |field: String| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        };
        match (self.count, self.device_ids.is_empty()) {
            (Some(GpuCount::Count(n)), _) => fields.push(format!("count={n}")),
            (Some(GpuCount::All), _) | (None, true) => fields.push("count=all".to_owned()),
            (None, false) => {}
        }
        if !self.device_ids.is_empty() {
            fields.push(csv(format!("device={}", self.device_ids.join(","))));
        }
        let caps: Vec<&str> = self
            .capabilities
            .iter()
            .map(String::as_str)
            .filter(|c| *c != "gpu")
            .collect();
        if !caps.is_empty() {
            fields.push(csv(format!("capabilities={}", caps.join(","))));
        }
        if let Some(driver) = &self.driver {
            fields.push(csv(format!("driver={driver}")));
        }
        if !self.options.is_empty() {
            let pairs: Vec<String> = self
                .options
                .iter()
                .map(|(k, v)| csv(format!("{k}={v}")))
                .collect();
            fields.push(csv(format!("options={}", pairs.join(","))));
        }
        fields.join(",")
    }
}

/// `logging = { driver, options }`: where docker sends the container's
/// output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logging {
    /// `None`: the engine's default driver.
    pub driver: Option<Template>,
    pub options: IndexMap<String, Template>,
}

/// What a healthcheck's `retries` may be: a whole number, as compose
/// reads one (`uint64`, kept within docker's `int`).
pub const RETRIES: crate::flags::Rule = crate::flags::Rule::Integer {
    min: 0,
    max: i64::MAX,
};

/// `healthcheck = { test, interval, timeout, retries, start_period }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Healthcheck {
    pub test: HealthTest,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    /// A whole number ([`RETRIES`]); parameters may complete it.
    pub retries: Option<Template>,
    pub start_period: Option<Duration>,
    /// How often to check during `start_period` (Docker Engine 25, API
    /// 1.44).
    pub start_interval: Option<Duration>,
}

/// The healthcheck's command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthTest {
    /// `["CMD", "prog", "arg", …]`: run without a shell.
    Exec(Vec<Template>),
    /// `"cmd"` or `["CMD-SHELL", "cmd"]`: run by the image's `/bin/sh -c`.
    Shell(Template),
    /// `["NONE"]`: disable the image's healthcheck.
    Disabled,
    /// No `test`: the image's own `HEALTHCHECK`, with the timings given.
    Image,
}

/// `restart`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Restart {
    No,
    Always,
    OnFailure(Option<u32>),
    UnlessStopped,
}

impl Restart {
    /// The policy `text` names, as docker and compose spell it.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "no" => Some(Self::No),
            "always" => Some(Self::Always),
            "on-failure" => Some(Self::OnFailure(None)),
            "unless-stopped" => Some(Self::UnlessStopped),
            _ => text
                .strip_prefix("on-failure:")
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse().ok())
                .map(|n| Self::OnFailure(Some(n))),
        }
    }
}

impl std::fmt::Display for Restart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::No => f.write_str("no"),
            Self::Always => f.write_str("always"),
            Self::OnFailure(None) => f.write_str("on-failure"),
            Self::OnFailure(Some(n)) => write!(f, "on-failure:{n}"),
            Self::UnlessStopped => f.write_str("unless-stopped"),
        }
    }
}

/// `exec_policy`: when a service's `exec` commands run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ExecPolicy {
    /// Only when the container is created (the default).
    #[default]
    Initial,
    /// Every time the script starts the container.
    Always,
}

impl ExecPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initial => "initial",
            Self::Always => "always",
        }
    }
}

/// `pull`: when the engine pulls the image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PullPolicy {
    /// Pull only when the image is not present (the default).
    #[default]
    Missing,
    Always,
    Never,
    /// Build the service's image on every `up` (compose's `pull_policy:
    /// build`); its build cache makes an unchanged build cheap.
    Build,
}

impl PullPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Always => "always",
            Self::Never => "never",
            Self::Build => "build",
        }
    }

    /// `docker create --pull`'s value, when it is not docker's default
    /// (`missing`): an image built on every `up` is never pulled.
    pub fn create_flag(self) -> Option<&'static str> {
        match self {
            Self::Missing => None,
            Self::Always => Some("always"),
            Self::Never | Self::Build => Some("never"),
        }
    }
}

/// `[secrets.NAME]` or `[configs.NAME]`: the content of a file that the
/// script copies into the containers that name it, before they start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileObject {
    pub name: Spanned<String>,
    pub source: Spanned<FileSource>,
}

/// Where a secret's or config's content comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileSource {
    /// `file = "PATH"`: a host file, read when the script runs (relative
    /// to the directory of stack.toml, or `~/…`, or absolute).
    File(Template),
    /// `param = "NAME"`: the value of a parameter (a secret's must be a
    /// secret parameter).
    Param(Ref),
    /// `content = "…"`: inline text, which may read parameters (configs
    /// only: a secret written in stack.toml is not a secret).
    Content(Template),
}

/// One entry of a service's `secrets` or `configs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileGrant {
    /// The `[secrets.NAME]` or `[configs.NAME]` it names.
    pub source: Ref,
    /// The absolute path in the container: a secret's defaults to
    /// `/run/secrets/NAME` (a relative `target` is under `/run/secrets`),
    /// a config's to `/NAME`.
    pub target: String,
    pub uid: u32,
    pub gid: u32,
    /// Permission bits; `0o444` by default, as compose.
    pub mode: u32,
}

/// A service's `update` table, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// How many replicas are replaced at once (default 1).
    pub parallelism: Option<Spanned<u32>>,
    pub order: Option<Spanned<UpdateOrder>>,
    /// The pause after each batch of replaced replicas.
    pub delay: Option<Spanned<crate::duration::Duration>>,
    /// The table's span.
    pub span: SourceSpan,
}

/// Which goes first when a container is replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UpdateOrder {
    /// The old container stops, then the new one starts (the default).
    #[default]
    StopFirst,
    /// The new container starts (under a temporary name) and is ready
    /// before the old one stops; then it takes the old one's name.
    StartFirst,
}

impl UpdateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StopFirst => "stop-first",
            Self::StartFirst => "start-first",
        }
    }
}
