//! The target-neutral plan: an ordered list of container operations with
//! full specs, grouped in one block per resource.
//!
//! The passes lower a resolved stack to a [`Plan`] for one [`Action`]; the
//! imperative backends (bash, argv) turn each [`Op`] into docker commands.
//! Strings are [`Word`]s: literal text, parameter references and the
//! project directory, each lowered natively by a backend.

pub use crate::action::Action;
use crate::stack::{MountOptions, Port, PullPolicy, VolumeInit};

/// A whole plan for one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The stack (project) name.
    pub stack: String,
    pub action: Action,
    /// Every declared parameter, in declaration order.
    pub params: Vec<ParamSpec>,
    /// One block per resource, in execution order.
    pub blocks: Vec<Block>,
}

impl Plan {
    /// Whether `name` is a secret parameter.
    pub fn is_secret(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name && p.secret)
    }

    /// The containers the plan creates (runs, creates, or runs once), in
    /// order.
    pub fn created(&self) -> impl Iterator<Item = &ContainerSpec> {
        self.blocks
            .iter()
            .flat_map(|b| &b.ops)
            .filter_map(|op| match op {
                Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => {
                    Some(&**spec)
                }
                _ => None,
            })
    }

    /// The values parameters complete that must have a form, in plan
    /// order: those of the networks it creates and of the containers.
    pub fn checks(&self) -> impl Iterator<Item = &Checked> {
        self.blocks
            .iter()
            .flat_map(|b| &b.ops)
            .flat_map(|op| match op {
                Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => {
                    spec.checks.as_slice()
                }
                Op::CreateNetwork(spec) => spec.checks.as_slice(),
                _ => &[],
            })
    }
}

/// A runtime parameter as the scripts see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: String,
    pub default: Option<String>,
    pub description: Option<String>,
    pub secret: bool,
    /// The values it may take (empty: any).
    pub choices: Vec<String>,
    /// An empty value is a value (the default applies only when unset).
    pub keep_empty: bool,
}

/// The kind of resource a block acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Network,
    Volume,
    Image,
    Service,
    /// The stack as a whole: what is found on the engine under its project
    /// label.
    Stack,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::Volume => "volume",
            Self::Image => "image",
            Self::Service => "service",
            Self::Stack => "stack",
        }
    }
}

/// The operations on one resource of the stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: ResourceKind,
    /// The resource's name in stack.toml.
    pub name: String,
    /// Where it is declared, e.g. `services.web`.
    pub path: String,
    /// For a service: its dependency level (services of one level are
    /// independent and may run concurrently). 0 for other resources.
    pub level: u32,
    /// For a service: the services whose blocks must finish before this
    /// one starts (those it depends on; for an action that takes the stack
    /// down, those that depend on it), in declaration order. A script may
    /// start the block as soon as they are done. Empty for other resources.
    pub after: Vec<String>,
    pub ops: Vec<Op>,
}

/// One container operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Create the network unless it exists.
    CreateNetwork(Box<NetworkSpec>),
    /// Create the volume unless it exists.
    CreateVolume(Box<VolumeSpec>),
    /// Build the image unless it exists (always, with
    /// [`BuildSpec::always`]).
    BuildImage(Box<BuildSpec>),
    /// Pull the image.
    PullImage { image: Word },
    /// Create, connect and start the container unless it exists with the
    /// same definition (recreate it if its definition changed; start it if
    /// it is stopped). A job is started attached and must exit 0.
    RunContainer(Box<ContainerSpec>),
    /// Like [`Op::RunContainer`], without starting it.
    CreateContainer(Box<ContainerSpec>),
    /// Start the existing container unless it runs (a job: unless it
    /// completed).
    StartContainer {
        container: String,
        service: String,
        job: bool,
        /// `exec` commands to run after it starts (`exec_policy = "always"`).
        exec: Vec<Vec<Word>>,
    },
    /// Stop the container if it runs, after its `pre_stop` commands.
    StopContainer {
        container: String,
        stop_timeout: Option<Word>,
        pre_stop: Vec<Vec<Word>>,
    },
    /// Restart the container (start it if stopped).
    RestartContainer {
        container: String,
        service: String,
        stop_timeout: Option<Word>,
        /// `exec` commands to run after it starts (`exec_policy = "always"`).
        exec: Vec<Vec<Word>>,
        /// Commands to run before, when it runs (`pre_stop`).
        pre_stop: Vec<Vec<Word>>,
    },
    /// Print the container's row of the `ps` table.
    ReportContainer(Box<ContainerSpec>),
    /// Run the container once: remove a leftover, create, start attached,
    /// remove; the run's exit status is the script's.
    RunOnce(Box<ContainerSpec>),
    /// Back up (or restore) a named volume through a short-lived container
    /// of `image`, with the containers that mount it stopped.
    VolumeArchive {
        restore: bool,
        /// The volume's name in stack.toml.
        key: String,
        /// The engine's name.
        volume: String,
        /// The image of the short-lived container (it needs `tar`, `sh`,
        /// `ls`, `find`).
        image: Word,
        /// The stack's containers that mount the volume.
        containers: Vec<String>,
    },
    /// The containers under the stack's project label that the plan does
    /// not name (a removed service, a surplus replica, another profile's
    /// service): removed (`up`, `down`, `purge`) or stopped (`stop`). Which
    /// they are is known only when the script runs.
    Strays {
        /// Every container the plan names.
        known: Vec<String>,
        /// Stop them, keep them.
        stop_only: bool,
        /// Remove their anonymous volumes too (`purge`).
        volumes: bool,
    },
    /// Before removing anything: no container outside the stack uses these
    /// networks or volumes (the engine would refuse to remove them, after
    /// the stack is half removed).
    CheckUnused {
        networks: Vec<String>,
        volumes: Vec<String>,
    },
    /// Wait until the container's healthcheck reports healthy.
    WaitHealthy {
        container: String,
        service: String,
        /// How long to wait by default, from the healthcheck's settings.
        timeout_secs: u64,
    },
    /// Stop and remove the container if it exists; before, when it runs,
    /// its `pre_stop` commands.
    RemoveContainer {
        container: String,
        /// `stop_grace_period` in whole seconds.
        stop_timeout: Option<Word>,
        pre_stop: Vec<Vec<Word>>,
        /// Its anonymous volumes too (`docker rm --volumes`): `purge`'s,
        /// whose promise is that the stack's data goes; `down` keeps them,
        /// as compose's `down` does.
        volumes: bool,
    },
    /// Remove the network if it exists.
    RemoveNetwork { name: String },
    /// Remove the volume if it exists (its data is lost).
    RemoveVolume { name: String },
    /// Remove the built image if it exists.
    RemoveImage { image: Word },
}

/// How a backend must escape a runtime value inside a [`Word`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Escape {
    /// Byte for byte.
    None,
    /// Inside a double-quoted CSV field (as in `--mount`): `"` doubled.
    Csv,
    /// As one word of a POSIX `sh` command line (a healthcheck run by
    /// `/bin/sh -c`): quoted.
    Sh,
}

/// A piece of a [`Word`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    Lit(String),
    /// The value of a parameter at run time; or, when `name` is not a
    /// parameter's name, of a reference with a fallback of its own
    /// (`A:-${B}` for `${A:-${B}}`: see
    /// [`crate::template::Expansion::from_key`]).
    Param {
        name: String,
        escape: Escape,
    },
    /// The absolute directory of stack.toml at run time (no trailing `/`).
    ProjectDir {
        escape: Escape,
    },
    /// The home directory (`$HOME`, absolute) of whoever runs the output:
    /// a host path written `~/…`, as compose reads it.
    HomeDir {
        escape: Escape,
    },
    /// A value a backend computes itself at run time (the bash script's
    /// config hash), by the backend's own variable name.
    Var(String),
    /// The form docker takes of a value parameters complete (a
    /// `stop_grace_period` in whole seconds, a switch as `true` or
    /// `false`), computed once its text is known.
    Convert(Box<Converted>),
}

/// A value parameters complete, in the form docker takes
/// ([`Piece::Convert`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Converted {
    pub to: Conversion,
    /// Where the value is (`services.web.stop_grace_period`), for the
    /// message that refuses a text `to` does not take.
    pub place: String,
    /// The value; it holds no `Convert`.
    pub word: Word,
}

impl Converted {
    /// The word that converts `word` at `place`.
    pub fn word(to: Conversion, place: String, word: Word) -> Word {
        Word(vec![Piece::Convert(Box::new(Self { to, place, word }))])
    }
}

/// What a [`Piece::Convert`] makes of a value's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// A Go duration (`1m30s`, `500ms`), as whole seconds rounded up.
    Seconds,
    /// A boolean as compose reads one (`true`, `yes`, `on`, `y` or
    /// `false`, `no`, `off`, `n`, in any case), as `true` or `false`.
    Bool,
    /// A host path that a parameter begins (`"${ENV_FILE:-.env}"`): kept
    /// when absolute, else joined to the project directory, as compose
    /// resolves one ([`Conversion::host_path`]).
    HostPath,
}

impl Conversion {
    /// The converted text, if `text` is such a value.
    pub fn apply(self, text: &str) -> Option<String> {
        match self {
            Self::Seconds => crate::duration::parse(text)
                .filter(|nanos| *nanos <= crate::duration::MAX_NANOS)
                .map(|nanos| nanos.div_ceil(1_000_000_000).to_string()),
            Self::Bool => crate::check::boolean(text).map(|on| on.to_string()),
            // It needs the project directory: see `host_path`.
            Self::HostPath => None,
        }
    }

    /// A [`Self::HostPath`]'s text as a path: absolute (or a Windows
    /// drive's) as written, else under `project_dir` (`./` segments
    /// dropped).
    pub fn host_path(project_dir: &str, text: &str) -> String {
        if text.starts_with('/') || crate::host::is_windows_absolute(text) {
            return text.to_owned();
        }
        match crate::host::strip_dot_segments(text) {
            "" => project_dir.to_owned(),
            relative => format!("{project_dir}/{relative}"),
        }
    }

    /// Its name, as the backends' names and tags use it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Seconds => "seconds",
            Self::Bool => "bool",
            Self::HostPath => "path",
        }
    }
}

/// One argument of a docker command, before the backend fixes runtime values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Word(pub Vec<Piece>);

impl Word {
    pub fn lit(text: impl Into<String>) -> Self {
        Self(vec![Piece::Lit(text.into())])
    }

    /// The text, if the word has no runtime part.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                _ => return None,
            }
        }
        Some(out)
    }

    /// Append literal text.
    pub fn push_lit(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Lit(last)) = self.0.last_mut() {
            last.push_str(text);
        } else {
            // Most words are one literal: no room for more until needed.
            if self.0.is_empty() {
                self.0.reserve_exact(1);
            }
            self.0.push(Piece::Lit(text.to_owned()));
        }
    }

    /// A template as a word: literals, and references by name (those with
    /// a fallback by their text, [`crate::template::Expansion::key`]).
    pub fn of_template(template: &crate::Template) -> Self {
        let mut word = Self(Vec::with_capacity(template.parts().len()));
        word.push_parts(template.parts());
        word
    }

    /// Append a template's parts ([`Self::of_template`]).
    pub fn push_parts(&mut self, parts: &[crate::template::Part]) {
        use crate::template::Part;
        for part in parts {
            match part {
                Part::Lit(text) => self.push_lit(text),
                Part::Param(name) => self.0.push(Piece::Param {
                    name: name.clone(),
                    escape: Escape::None,
                }),
                // Each backend reads it back (`Expansion::from_key`) and
                // computes it from the parameters.
                Part::Expand(e) => self.0.push(Piece::Param {
                    name: e.key(),
                    escape: Escape::None,
                }),
            }
        }
    }

    /// Append the pieces of another word.
    pub fn push_word(&mut self, other: &Word) {
        for piece in &other.0 {
            match piece {
                Piece::Lit(text) => self.push_lit(text),
                other => self.0.push(other.clone()),
            }
        }
    }

    /// The parameter names this word reads at run time (those a
    /// [`Piece::Convert`] reads too).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces().filter_map(|piece| match piece {
            Piece::Param { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// Its pieces, with those of each [`Piece::Convert`] in its place
    /// (after the `Convert` itself).
    pub fn pieces(&self) -> impl Iterator<Item = &Piece> {
        self.0.iter().flat_map(|piece| {
            let inner = match piece {
                Piece::Convert(converted) => converted.word.0.as_slice(),
                _ => &[],
            };
            std::iter::once(piece).chain(inner)
        })
    }
}

/// A network the stack creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkSpec {
    /// The engine's name, `<stack>_<network>`.
    pub name: String,
    pub driver: Option<String>,
    pub internal: bool,
    /// Labels in output order (the stack's own labels come first).
    pub labels: Vec<(String, Word)>,
    /// `attachable`, `enable_ipv6`, `ipam` (its `driver_opts` are in
    /// [`Self::driver_opts`]).
    pub options: crate::stack::NetworkOptions,
    /// `driver_opts`: `--opt KEY=VALUE`, in order.
    pub driver_opts: Vec<(String, Word)>,
    /// The addresses of its `ipam` that parameters complete, checked
    /// before the first docker command.
    pub checks: Vec<Checked>,
}

/// A volume the stack creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeSpec {
    /// The engine's name, `<stack>_<volume>`.
    pub name: String,
    pub driver: Option<String>,
    pub labels: Vec<(String, Word)>,
    /// Applied once, right after the volume is created.
    pub init: Option<VolumeInit>,
    /// `driver_opts`: `--opt KEY=VALUE`, in order.
    pub driver_opts: Vec<(String, Word)>,
}

/// An image the stack builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSpec {
    /// The tag to build, e.g. `demo-web` or the service's `image`.
    pub tag: Word,
    /// The build context directory.
    pub context: Word,
    /// The Dockerfile, if not `<context>/Dockerfile`.
    pub dockerfile: Option<Word>,
    pub args: Vec<(String, Word)>,
    /// The stage to build (`--target`).
    pub target: Option<Word>,
    pub labels: Vec<(String, Word)>,
    /// Build even when the tag exists (`--action build`).
    pub always: bool,
    /// Build on every `up` even when its build inputs did not change
    /// (`pull = "build"`); its containers follow only a change of inputs.
    pub fresh: bool,
    /// `dockerfile_inline`: the Dockerfile, given on standard input.
    pub inline: Option<Word>,
    /// The other build flags (`--label`, `--network`, `--shm-size`,
    /// `--add-host`, `--tag`, `--cache-from`, `--no-cache`, `--pull`).
    pub options: Vec<FlagArg>,
    /// The tags of the stack's own images its Dockerfile builds `FROM`
    /// (built before it): their build-input hashes are inputs of its own,
    /// so a rebuilt base rebuilds it.
    pub bases: Vec<String>,
    /// The first of its keys only a BuildKit build has (`entitlements`,
    /// `privileged`, …), e.g. `entitlements`: the build runs with
    /// `DOCKER_BUILDKIT=1`, and the script checks that docker has buildx
    /// before it changes anything.
    pub buildkit: Option<&'static str>,
    /// `build.secrets`, in order.
    pub secrets: Vec<BuildSecretSpec>,
    /// `build.platforms` when the build leaves the platform to the engine
    /// (two or more, and no service `platform`): the script checks that
    /// the engine's own is one of them before it changes anything.
    pub platforms: Vec<String>,
}

/// A secret given to a build (`--secret`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSecretSpec {
    /// Its id in the Dockerfile (`RUN --mount=type=secret,id=ID`).
    pub id: String,
    /// Where it says it comes from, e.g. `secrets.db_password`.
    pub origin: String,
    pub source: BuildSecretSource,
}

/// Where docker reads a build secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildSecretSource {
    /// A host file (`src=PATH`).
    File(Word),
    /// A secret parameter's value, given in the docker client's environment
    /// as `key` (`env=KEY`): never on a command line.
    Env { key: String, value: Word },
}

/// A variable of the container's environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub key: String,
    pub value: Word,
    /// The value reads a secret parameter: it never reaches a docker command
    /// line, only docker's own environment (`-e KEY`).
    pub secret: bool,
}

/// An env file docker reads when it creates the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFileSpec {
    pub path: Word,
    /// `false`: passed only when the file exists when the container is
    /// created (a script checks at run time; argv when it compiles).
    pub required: bool,
}

/// One mount of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSpec {
    /// A named volume (engine name), or an anonymous one.
    Volume {
        /// The engine's name of the volume (an external one's may take
        /// parameters).
        source: Option<Word>,
        target: String,
        read_only: bool,
        options: MountOptions,
    },
    /// A host path; relative sources are already joined to the project
    /// directory. Runtime parts carry [`Escape::Csv`].
    Bind {
        source: Word,
        target: String,
        read_only: bool,
        options: MountOptions,
    },
    Tmpfs {
        target: String,
        size: Option<u64>,
    },
}

/// A network a container joins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkAttach {
    /// The engine's name of the network (an external one's may take
    /// parameters).
    pub network: Word,
    /// DNS aliases on that network (the service name, then its own).
    pub aliases: Vec<String>,
    /// A fixed address (`--ip`, `--ip6`); parameters may complete it.
    pub ipv4_address: Option<Word>,
    pub ipv6_address: Option<Word>,
}

/// Whose network stack a container uses (`network_mode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkModeSpec {
    /// `host`, `none` or `bridge`.
    Named(&'static str),
    /// That of this container: `--network=container:NAME`. Its ID is part
    /// of the definition (a recreated one recreates this one).
    Container(String),
}

impl NetworkModeSpec {
    /// The value of `--network`.
    pub fn flag_value(&self) -> String {
        match self {
            Self::Named(name) => (*name).to_owned(),
            Self::Container(name) => format!("container:{name}"),
        }
    }
}

/// A healthcheck's command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthCmd {
    /// Run by the image's `/bin/sh -c`.
    Shell(Word),
    /// A program and its arguments. The docker CLI only takes a shell
    /// command, so the docker lowering quotes each word for `sh`.
    Exec(Vec<Word>),
    /// Disable the image's healthcheck.
    Disabled,
    /// The image's own test, with the timings given.
    Image,
}

/// A healthcheck of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthSpec {
    pub test: HealthCmd,
    /// Go durations, as written (parameters may complete them).
    pub interval: Option<Word>,
    pub timeout: Option<Word>,
    pub retries: Option<Word>,
    pub start_period: Option<Word>,
    /// Needs Docker Engine API 1.44, which the script checks first.
    pub start_interval: Option<Word>,
}

/// Everything that defines one container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSpec {
    /// `<stack>-<service>-<n>`, or the service's `container_name`.
    pub name: String,
    pub service: String,
    /// 1-based replica number.
    pub number: u32,
    /// A one-shot job: started attached, must exit 0.
    pub job: bool,
    /// `--volumes-from`: the containers whose mounts this one shares.
    pub volumes_from: Vec<String>,
    /// `--link=CONTAINER:ALIAS`, as compose writes them (`links`, then
    /// `external_links`). The IDs of the containers are part of the
    /// definition (a recreated one recreates this one).
    pub links: Vec<String>,
    pub image: Word,
    pub pull: PullPolicy,
    pub labels: Vec<(String, Word)>,
    pub env: Vec<EnvVar>,
    /// Variables docker passes through from its own environment
    /// (`--env NAME`); their values are sealed with the secrets.
    pub pass_env: Vec<String>,
    pub env_files: Vec<EnvFileSpec>,
    /// Docker's `--label-file`s: their content is an input of the config
    /// hash.
    pub label_files: Vec<Word>,
    pub ports: Vec<Port>,
    /// Published ports that parameters complete (compose's short syntax),
    /// with where each is declared (`services.web.ports[1]`).
    pub port_words: Vec<(String, Word)>,
    pub mounts: Vec<MountSpec>,
    /// The first is given at creation, the others connected before start.
    /// Empty with [`Self::network_mode`].
    pub networks: Vec<NetworkAttach>,
    /// `--network` other than the stack's networks (`network_mode`).
    pub network_mode: Option<NetworkModeSpec>,
    /// The executable replacing the image's entrypoint (`""` clears it).
    pub entrypoint: Option<Word>,
    /// The arguments after the image: the rest of `entrypoint`, then `command`.
    pub args: Vec<Word>,
    pub healthcheck: Option<HealthSpec>,
    /// `--log-driver` and one `--log-opt NAME=VALUE` per option.
    pub log_driver: Option<Word>,
    pub log_options: Vec<(String, Word)>,
    /// The policy; parameters may complete it (checked before docker).
    pub restart: Option<Word>,
    /// The values parameters complete that must have a form (a port, a
    /// policy, a size, …), with where each is declared: checked where
    /// their text becomes known ([`crate::check`]).
    pub checks: Vec<Checked>,
    pub user: Option<Word>,
    pub working_dir: Option<Word>,
    pub hostname: Option<Word>,
    /// The keys of [`crate::flags::FLAGS`] the service sets, as flags.
    pub flags: Vec<FlagArg>,
    /// `stop_grace_period` in whole seconds (for `docker stop`).
    pub stop_timeout: Option<Word>,
    /// `host:ip`, the address as parameters complete it.
    pub extra_hosts: Vec<Word>,
    /// Commands run with `docker exec` after the container starts.
    pub exec: Vec<Vec<Word>>,
    /// Commands run with `docker exec` before `down`, `stop` or `restart`
    /// stops it (`pre_stop`); not part of its definition.
    pub pre_stop: Vec<Vec<Word>>,
    /// Run [`Self::exec`] on every start, not only after creation.
    pub exec_always: bool,
    /// The containers of its `restart = true` dependencies: when `up`
    /// recreates or restarts one of them, it restarts this one if it kept
    /// it.
    pub restart_with: Vec<String>,
    /// Secrets and configs, copied in after the container is created and
    /// before it starts, in declaration order (secrets first).
    pub files: Vec<FileSpec>,
    /// When its definition changed, `up` replaces it as part of a rolling
    /// update (a service with `replicas > 1` or `update`); `None`: stopped,
    /// removed and created again, without waiting.
    pub rolling: Option<crate::update::Rolling>,
}

impl ContainerSpec {
    /// Give back the room its lists grew into and do not use (a large
    /// stack's plan holds one spec per container). Every field is named,
    /// so that a new one is considered here.
    pub fn shrink_to_fit(&mut self) {
        let Self {
            volumes_from,
            links,
            labels,
            env,
            pass_env,
            env_files,
            label_files,
            ports,
            port_words,
            mounts,
            networks,
            args,
            log_options,
            checks,
            flags,
            extra_hosts,
            exec,
            pre_stop,
            restart_with,
            files,
            name: _,
            service: _,
            number: _,
            job: _,
            image: _,
            pull: _,
            network_mode: _,
            entrypoint: _,
            healthcheck: _,
            log_driver: _,
            restart: _,
            user: _,
            working_dir: _,
            hostname: _,
            stop_timeout: _,
            exec_always: _,
            rolling: _,
        } = self;
        volumes_from.shrink_to_fit();
        links.shrink_to_fit();
        labels.shrink_to_fit();
        env.shrink_to_fit();
        pass_env.shrink_to_fit();
        env_files.shrink_to_fit();
        label_files.shrink_to_fit();
        ports.shrink_to_fit();
        port_words.shrink_to_fit();
        mounts.shrink_to_fit();
        networks.shrink_to_fit();
        args.shrink_to_fit();
        log_options.shrink_to_fit();
        checks.shrink_to_fit();
        flags.shrink_to_fit();
        extra_hosts.shrink_to_fit();
        exec.shrink_to_fit();
        pre_stop.shrink_to_fit();
        restart_with.shrink_to_fit();
        files.shrink_to_fit();
    }
}

/// A value that parameters complete, and what it must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// Where it is declared, for a message: `the restart policy of
    /// services.web`, `services.web.mem_limit`.
    pub place: String,
    pub word: Word,
    pub check: crate::check::ValueCheck,
}

/// A file copied into a container before it starts: a secret or a config.
/// Its content never reaches a command line; it is part of the
/// container's definition (a changed content recreates the container).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSpec {
    /// Where it is declared: `secrets.NAME` or `configs.NAME`.
    pub origin: String,
    /// The absolute path in the container.
    pub target: String,
    pub uid: u32,
    pub gid: u32,
    /// Permission bits.
    pub mode: u32,
    pub content: FileContent,
    /// A secret: its content is sealed with the secret parameters, never
    /// hashed in the clear or printed.
    pub secret: bool,
}

/// Where a [`FileSpec`]'s content comes from when the output runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileContent {
    /// The content of a host file (the word is its path).
    Host(Word),
    /// The word itself (a parameter's value, or inline text).
    Value(Word),
}

/// One docker flag of a key of [`crate::flags::FLAGS`]: `--FLAG` alone or
/// `--FLAG=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagArg {
    /// Without `--`.
    pub flag: &'static str,
    pub value: Option<Word>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn conversions_give_what_docker_takes() {
        use super::Conversion::{Bool, Seconds};
        for (text, seconds) in [
            ("0", Some("0")),
            ("1s", Some("1")),
            ("1500ms", Some("2")),
            ("1.000000001s", Some("2")),
            ("1m30s", Some("90")),
            (".5h", Some("1800")),
            ("1ns", Some("1")),
            ("2562047h", Some("9223369200")),
            ("2562047h47m16.854775807s", Some("9223372037")),
            ("2562048h", None),
            ("10", None),
            ("", None),
        ] {
            assert_eq!(Seconds.apply(text).as_deref(), seconds, "{text}");
        }
        assert_eq!(Bool.apply("Yes").as_deref(), Some("true"));
        assert_eq!(Bool.apply("off").as_deref(), Some("false"));
        assert_eq!(Bool.apply("1"), None);
    }
}
