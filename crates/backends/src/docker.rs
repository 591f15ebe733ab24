//! The docker command lines of every operation, built here and nowhere
//! else: the bash backend and the argv backend both call these functions;
//! so are the bash scripts' reads of the engine's state.
//!
//! Every flag takes its value in the same word (`--name=web`), so that a
//! value starting with `-` is never read as a flag. The reads keep the
//! `--flag value` the scripts have always printed: their values are fixed
//! here, and none starts with `-`.

use stackc_ir::ast::{
    BuildSpec, ContainerSpec, EnvFileSpec, EnvVar, Escape, FlagArg, HealthCmd, HealthSpec,
    MountSpec, NetworkSpec, Op, Piece, VolumeSpec, Word,
};
use stackc_ir::stack::{MountOptions, Port};

use crate::quote;

/// The label that carries a container's config hash.
pub const HASH_LABEL: &str = "io.stackc.config-hash";
/// The label that carries a built image's build-input hash.
pub const BUILD_HASH_LABEL: &str = "io.stackc.build-hash";
/// The label that carries a digest of each field of the definition.
pub const FIELDS_LABEL: &str = "io.stackc.config-fields";
/// The label that carries the seal of the secrets a container reads
/// (see [`crate::hash`]).
pub const SECRETS_LABEL: &str = "io.stackc.secrets";

/// What identifies a container's definition: the values of its
/// [`HASH_LABEL`], [`FIELDS_LABEL`] and, when it reads secrets,
/// [`SECRETS_LABEL`] (see [`crate::hash`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub hash: Word,
    pub fields: Word,
    pub secrets: Option<Word>,
}

/// One docker invocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// Variables that must be in the docker client's environment (secret
    /// values, passed with a bare `--env=KEY`).
    pub env: Vec<(String, Word)>,
    /// The arguments, starting with `docker`.
    pub argv: Vec<Word>,
    /// What the command reads on its standard input (an inline
    /// Dockerfile): no argument vector carries it.
    pub stdin: Option<Word>,
}

impl Command {
    fn new(args: &[&str]) -> Self {
        Self {
            env: Vec::new(),
            stdin: None,
            argv: args.iter().map(|a| Word::lit(*a)).collect(),
        }
    }

    fn arg(&mut self, word: Word) -> &mut Self {
        self.argv.push(word);
        self
    }

    fn lit(&mut self, text: impl Into<String>) -> &mut Self {
        self.arg(Word::lit(text))
    }

    /// `--flag=value` as one word.
    fn flag(&mut self, flag: &str, value: &Word) -> &mut Self {
        self.flag_pair(flag, "", "", value)
    }

    /// `--flag=KEY=value` as one word (`=` after `KEY` when `eq` is `=`):
    /// built at once, without the intermediate words.
    fn flag_pair(&mut self, flag: &str, key: &str, eq: &str, value: &Word) -> &mut Self {
        let first = match value.0.first() {
            Some(Piece::Lit(text)) => text.len(),
            _ => 0,
        };
        let mut text = String::with_capacity(flag.len() + 3 + key.len() + eq.len() + first);
        for part in ["--", flag, "=", key, eq] {
            text.push_str(part);
        }
        let mut word = Word(Vec::with_capacity(value.0.len().max(1)));
        word.0.push(Piece::Lit(text));
        word.push_word(value);
        self.arg(word)
    }

    fn flag_lit(&mut self, flag: &str, value: &str) -> &mut Self {
        let mut text = String::with_capacity(flag.len() + 3 + value.len());
        for part in ["--", flag, "=", value] {
            text.push_str(part);
        }
        self.lit(text)
    }

    fn labels(&mut self, labels: &[(String, Word)]) -> &mut Self {
        for (key, value) in labels {
            self.flag_pair("label", key, "=", value);
        }
        self
    }
}

/// What defines a container, as docker commands: its [`create`] without
/// identity, its [`connect`]s and its [`exec`]s. Built once per container,
/// then hashed ([`crate::hash`]) and written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub create: Command,
    pub connect: Vec<Command>,
    pub exec: Vec<Command>,
}

impl Definition {
    pub fn of(spec: &ContainerSpec) -> Self {
        Self {
            create: create(spec, None),
            connect: connect(spec),
            exec: exec(&spec.name, &spec.exec),
        }
    }
}

/// The commands of an operation when it runs against an empty engine (for
/// `up`) or one where the stack is up (for `down`), in order. Waits are not
/// docker commands: they give none. `hash` is the container's config hash
/// (see [`crate::hash`]) for [`Op::RunContainer`].
pub fn commands(op: &Op, identity: Option<&Identity>) -> Vec<Command> {
    commands_from(op, identity, None)
}

/// [`commands`], the commands of a container made from `base` (its
/// [`Definition`]) when given.
pub fn commands_from(
    op: &Op,
    identity: Option<&Identity>,
    base: Option<Definition>,
) -> Vec<Command> {
    let container = |spec: &ContainerSpec, identity: Option<&Identity>| {
        let Definition {
            create: base,
            connect: connects,
            exec: execs,
        } = base.unwrap_or_else(|| Definition::of(spec));
        let create = match identity {
            Some(identity) => with_identity(base, identity),
            None => base,
        };
        (create, connects, execs)
    };
    match op {
        // For a network, `identity.hash` is its config hash.
        Op::CreateNetwork(spec) => vec![network_create(spec, identity.map(|i| &i.hash))],
        Op::CreateVolume(spec) => volume_create_all(spec),
        // For a build, `identity.hash` is the build-input hash.
        Op::BuildImage(spec) => vec![build(spec, identity.map(|i| &i.hash))],
        Op::RunContainer(spec) => {
            let (create, connects, execs) = container(spec, identity);
            let mut out = vec![create];
            out.extend(connects);
            out.push(start(spec));
            out.extend(execs);
            out
        }
        Op::CreateContainer(spec) => {
            let (create, connects, _) = container(spec, identity);
            let mut out = vec![create];
            out.extend(connects);
            out
        }
        Op::PullImage { image } => vec![pull(image)],
        Op::StartContainer {
            container,
            job,
            exec: commands,
            ..
        } => {
            let mut out = vec![start_named(container, *job)];
            out.extend(exec(container, commands));
            out
        }
        Op::StopContainer {
            container,
            stop_timeout,
            pre_stop,
        } => {
            let mut out = exec(container, pre_stop);
            out.push(stop(container, stop_timeout.as_ref()));
            out
        }
        Op::RestartContainer {
            container,
            stop_timeout,
            exec: commands,
            pre_stop,
            ..
        } => {
            let mut out = exec(container, pre_stop);
            out.push(restart(container, stop_timeout.as_ref()));
            out.extend(exec(container, commands));
            out
        }
        Op::RemoveVolume { name } => vec![volume_remove(name)],
        Op::RemoveImage { image } => vec![image_remove(image)],
        Op::RunOnce(spec) => {
            let mut out = vec![create(spec, None)];
            out.extend(connect(spec));
            out.push(start(spec));
            out.push(remove(&spec.name));
            out
        }
        // Backups and restores depend on the engine and the files at run
        // time: the scripts build their commands (and argv refuses them);
        // so do the strays and the check before a removal.
        Op::WaitHealthy { .. }
        | Op::ReportContainer(_)
        | Op::VolumeArchive { .. }
        | Op::Strays { .. }
        | Op::CheckUnused { .. } => Vec::new(),
        Op::RemoveContainer {
            container,
            stop_timeout,
            pre_stop,
            volumes,
        } => {
            let mut out = exec(container, pre_stop);
            out.extend([
                stop(container, stop_timeout.as_ref()),
                remove_with(container, *volumes),
            ]);
            out
        }
        Op::RemoveNetwork { name } => vec![network_remove(name)],
    }
}

/// The words of an operation's commands that docker reads as an image
/// reference in a positional slot, where a value starting with `-` would
/// be a flag: the backends check them once their runtime values are known
/// (the argv backend at compile time, the script before its first docker
/// call).
pub fn image_words(op: &Op) -> Vec<&Word> {
    match op {
        Op::RunContainer(spec)
        | Op::CreateContainer(spec)
        | Op::RunOnce(spec)
        | Op::ReportContainer(spec) => vec![&spec.image],
        Op::PullImage { image } | Op::RemoveImage { image } | Op::VolumeArchive { image, .. } => {
            vec![image]
        }
        // Its tag, and the extra tags and cache images of its options.
        Op::BuildImage(spec) => std::iter::once(&spec.tag)
            .chain(
                spec.options
                    .iter()
                    .filter(|f| matches!(f.flag, "tag" | "cache-from"))
                    .filter_map(|f| f.value.as_ref()),
            )
            .collect(),
        Op::CreateNetwork(_)
        | Op::CreateVolume(_)
        | Op::StartContainer { .. }
        | Op::StopContainer { .. }
        | Op::RestartContainer { .. }
        | Op::WaitHealthy { .. }
        | Op::RemoveContainer { .. }
        | Op::RemoveNetwork { .. }
        | Op::RemoveVolume { .. }
        | Op::Strays { .. }
        | Op::CheckUnused { .. } => Vec::new(),
    }
}

/// `docker network create`; `hash` (see [`crate::hash::network_hash`])
/// goes in the [`HASH_LABEL`] after the stack's labels.
pub fn network_create(spec: &NetworkSpec, hash: Option<&Word>) -> Command {
    let NetworkSpec {
        name,
        driver,
        internal,
        labels,
        options,
        driver_opts,
        checks: _,
    } = spec;
    let mut cmd = Command::new(&["docker", "network", "create"]);
    if let Some(driver) = driver {
        cmd.flag_lit("driver", driver);
    }
    if *internal {
        cmd.lit("--internal");
    }
    network_options(&mut cmd, options);
    driver_options(&mut cmd, driver_opts);
    cmd.labels(labels);
    if let Some(hash) = hash {
        let mut word = Word::lit(format!("{HASH_LABEL}="));
        word.push_word(hash);
        cmd.flag("label", &word);
    }
    cmd.lit(name.clone());
    cmd
}

/// `--opt KEY=VALUE` of each driver option.
fn driver_options(cmd: &mut Command, options: &[(String, Word)]) {
    for (key, value) in options {
        let mut word = Word::lit(format!("{key}="));
        word.push_word(value);
        cmd.flag("opt", &word);
    }
}

/// `--attachable`, `--ipv6`, and the `--ipam-*`, `--subnet`,
/// `--ip-range`, `--gateway` and `--aux-address` of each pool, in order
/// (docker pairs each pool's flags with the `--subnet` before them).
fn network_options(cmd: &mut Command, options: &stackc_ir::stack::NetworkOptions) {
    if options.attachable {
        cmd.lit("--attachable");
    }
    if options.enable_ipv6 {
        cmd.lit("--ipv6");
    }
    let Some(ipam) = &options.ipam else {
        return;
    };
    if let Some(driver) = &ipam.driver {
        cmd.flag_lit("ipam-driver", driver);
    }
    for (key, value) in &ipam.options {
        cmd.flag_lit("ipam-opt", &format!("{key}={value}"));
    }
    for pool in &ipam.config {
        let fields = [
            ("subnet", &pool.subnet),
            ("ip-range", &pool.ip_range),
            ("gateway", &pool.gateway),
        ];
        for (flag, value) in fields {
            if let Some(value) = value {
                cmd.flag(flag, &Word::of_template(&value.value));
            }
        }
        for (host, ip) in &pool.aux_addresses {
            cmd.flag_lit("aux-address", &format!("{host}={ip}"));
        }
    }
}

pub fn network_remove(name: &str) -> Command {
    let mut cmd = Command::new(&["docker", "network", "rm"]);
    cmd.lit(name);
    cmd
}

pub fn volume_create(spec: &VolumeSpec) -> Command {
    let VolumeSpec {
        name,
        driver,
        labels,
        init: _,
        driver_opts,
    } = spec;
    let mut cmd = Command::new(&["docker", "volume", "create"]);
    if let Some(driver) = driver {
        cmd.flag_lit("driver", driver);
    }
    driver_options(&mut cmd, driver_opts);
    cmd.labels(labels);
    cmd.lit(name.clone());
    cmd
}

/// The commands that create a volume: `docker volume create`, then, with
/// `owner` or `mode`, one short-lived container of the init image that
/// mounts it at `/v` and applies them (see [`volume_init_args`]).
pub fn volume_create_all(spec: &VolumeSpec) -> Vec<Command> {
    let mut out = vec![volume_create(spec)];
    let Some(init) = &spec.init else {
        return out;
    };
    let mut cmd = Command::new(&["docker", "run", "--rm", "--network=none"]);
    cmd.flag(
        "mount",
        &mount_word(&MountSpec::Volume {
            source: Some(Word::lit(&spec.name)),
            target: "/v".to_owned(),
            read_only: false,
            options: MountOptions::default(),
        }),
    );
    cmd.flag_lit("entrypoint", "sh");
    cmd.lit(init.image.clone());
    for arg in volume_init_args(init) {
        cmd.lit(arg);
    }
    out.push(cmd);
    out
}

/// The arguments of a volume's init container after `--entrypoint sh`: a
/// fixed script with the values as its positional parameters, never inside
/// it. It changes only an empty volume root (a new volume is empty), so
/// that a second run over data changes nothing: the scripts run it when
/// they create the volume, compose on every `up`.
pub fn volume_init_args(init: &stackc_ir::stack::VolumeInit) -> Vec<String> {
    let mut script = Vec::new();
    let mut values = Vec::new();
    for (program, value) in [("chown", &init.owner), ("chmod", &init.mode)] {
        if let Some(value) = value {
            values.push(value.clone());
            script.push(format!("{program} \"${}\" /v", values.len()));
        }
    }
    let script = format!("[ -n \"$(ls -A /v)\" ] || {{ {}; }}", script.join(" && "));
    let mut out = vec!["-c".to_owned(), script, "sh".to_owned()];
    out.extend(values);
    out
}

/// `docker build`; `build_hash` (see [`crate::hash::build_hash`]) goes in
/// the [`BUILD_HASH_LABEL`] right after the tag.
pub fn build(spec: &BuildSpec, build_hash: Option<&Word>) -> Command {
    let BuildSpec {
        tag,
        context,
        dockerfile,
        args,
        target,
        labels,
        always: _,
        fresh: _,
        bases: _,
        inline,
        options,
        buildkit,
        secrets,
        platforms: _,
    } = spec;
    let mut cmd = Command::new(&["docker", "build"]);
    if buildkit.is_some() {
        // A build that needs BuildKit is one, even where the environment
        // says DOCKER_BUILDKIT=0.
        cmd.env.push(("DOCKER_BUILDKIT".to_owned(), Word::lit("1")));
    }
    cmd.flag("tag", tag);
    if let Some(hash) = build_hash {
        let mut word = Word::lit(format!("{BUILD_HASH_LABEL}="));
        word.push_word(hash);
        cmd.flag("label", &word);
    }
    if let Some(dockerfile) = dockerfile {
        cmd.flag("file", dockerfile);
    }
    if let Some(inline) = inline {
        cmd.flag_lit("file", "-");
        cmd.stdin = Some(inline.clone());
    }
    for (key, value) in args {
        let mut word = Word::lit(format!("{key}="));
        word.push_word(value);
        cmd.flag("build-arg", &word);
    }
    if let Some(target) = target {
        cmd.flag("target", target);
    }
    for option in options {
        match &option.value {
            Some(value) => cmd.flag(option.flag, value),
            None => cmd.lit(format!("--{}", option.flag)),
        };
    }
    build_secrets(&mut cmd, secrets);
    cmd.labels(labels);
    cmd.arg(context.clone());
    cmd
}

/// `--secret=id=ID,src=PATH` for a file; for a parameter
/// `--secret=id=ID,env=KEY`, its value in docker's environment as `KEY`:
/// never on the command line.
fn build_secrets(cmd: &mut Command, secrets: &[stackc_ir::ast::BuildSecretSpec]) {
    use stackc_ir::ast::BuildSecretSource;
    for secret in secrets {
        let mut word = Word::lit(format!("id={},", secret.id));
        match &secret.source {
            BuildSecretSource::File(path) => {
                word.push_lit("src=");
                word.push_word(path);
            }
            BuildSecretSource::Env { key, value } => {
                word.push_lit(&format!("env={key}"));
                if !cmd.env.iter().any(|(k, _)| k == key) {
                    cmd.env.push((key.clone(), value.clone()));
                }
            }
        }
        cmd.flag("secret", &word);
    }
}

/// `docker create`: everything that defines the container, joined to its
/// first network. The identity labels go right after the name; `None`
/// leaves them out (to compute the identity itself).
/// `--volumes-from` and `--link`: the flags that name other containers.
fn other_containers(cmd: &mut Command, volumes_from: &[String], links: &[String]) {
    for source in volumes_from {
        cmd.flag_lit("volumes-from", source);
    }
    for link in links {
        cmd.flag_lit("link", link);
    }
}

pub fn create(spec: &ContainerSpec, identity: Option<&Identity>) -> Command {
    let base = create_base(spec);
    match identity {
        Some(identity) => with_identity(base, identity),
        None => base,
    }
}

/// `base`, a [`create`] without identity, with the identity labels right
/// after the name: [`create`] with `identity`, when the caller has `base`
/// already (it computed the identity from it).
pub fn with_identity(mut base: Command, identity: &Identity) -> Command {
    let mut labels = Command::new(&[]);
    identity_labels(&mut labels, identity);
    // `docker`, `create`, `--name=NAME`.
    base.argv.splice(3..3, labels.argv);
    base
}

/// [`create`] without identity.
fn create_base(spec: &ContainerSpec) -> Command {
    let ContainerSpec {
        name,
        // Not its definition: `rolling` is how `up` replaces it.
        service: _,
        number: _,
        job: _,
        rolling: _,
        image,
        pull,
        labels,
        env,
        pass_env,
        env_files,
        label_files,
        ports,
        port_words,
        mounts,
        networks,
        entrypoint,
        args,
        healthcheck,
        log_driver,
        log_options,
        restart,
        user,
        working_dir,
        hostname,
        flags,
        stop_timeout: _,
        extra_hosts,
        exec: _,
        exec_always: _,
        // Run before it stops, not part of its definition.
        pre_stop: _,
        volumes_from,
        links,
        // Copied in after `docker create` (the bash backend's `_sc_copy_in`).
        files: _,
        network_mode,
        // Acted on by the bash backend when the dependency was (re)started.
        restart_with: _,
        // Checked by the script before its first docker command.
        checks: _,
    } = spec;
    let mut cmd = Command::new(&["docker", "create"]);
    cmd.flag_lit("name", name);
    cmd.labels(labels);
    // Docker reads the files first: a `--label` of the same name wins, as
    // compose's `labels` win over its `label_file`.
    for file in label_files {
        cmd.flag("label-file", file);
    }
    if let Some(pull) = pull.create_flag() {
        cmd.flag_lit("pull", pull);
    }
    first_network(&mut cmd, networks.first());
    if let Some(mode) = network_mode {
        cmd.flag_lit("network", &mode.flag_value());
    }
    if let Some(hostname) = hostname {
        cmd.flag("hostname", hostname);
    }
    for var in env {
        env_var(&mut cmd, var);
    }
    // Docker reads each from its own environment, and leaves one that is
    // not set there unset in the container.
    for name in pass_env {
        cmd.flag_lit("env", name);
    }
    env_file_flags(&mut cmd, env_files);
    publish_flags(&mut cmd, ports, port_words);
    for mount in mounts {
        mount_flag(&mut cmd, mount);
    }
    other_containers(&mut cmd, volumes_from, links);
    if let Some(user) = user {
        cmd.flag("user", user);
    }
    if let Some(dir) = working_dir {
        cmd.flag("workdir", dir);
    }
    if let Some(health) = healthcheck {
        health_flags(&mut cmd, health);
    }
    if let Some(restart) = restart {
        cmd.flag("restart", restart);
    }
    for FlagArg { flag, value } in flags {
        match value {
            None => cmd.lit(format!("--{flag}")),
            Some(value) => cmd.flag(flag, value),
        };
    }
    log_flags(&mut cmd, log_driver.as_ref(), log_options);
    for host in extra_hosts {
        cmd.flag("add-host", host);
    }
    if let Some(entrypoint) = entrypoint {
        cmd.flag("entrypoint", entrypoint);
    }
    cmd.arg(image.clone());
    for arg in args {
        cmd.arg(arg.clone());
    }
    cmd
}

/// One `--env-file` per env file: an optional one reads its variable
/// ([`optional_file_var`]).
fn env_file_flags(cmd: &mut Command, env_files: &[EnvFileSpec]) {
    for file in env_files {
        let path = if file.required {
            file.path.clone()
        } else {
            Word(vec![Piece::Var(optional_file_var(&file.path))])
        };
        cmd.flag("env-file", &path);
    }
}

/// The variable that holds what `--env-file` reads of an optional env file
/// at `path` (`required = false`): the path when the file exists when the
/// script runs, else `/dev/null` (an empty file to docker). Named by a
/// digest of the path's word, so that every backend names it alike.
pub fn optional_file_var(path: &Word) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for piece in path.pieces() {
        match piece {
            Piece::Convert(c) => hasher.update(format!("C{}:{}", c.to.as_str(), c.word.0.len())),
            Piece::Lit(text) => hasher.update(format!("L{text}")),
            Piece::Param { name, .. } => hasher.update(format!("P{name}")),
            Piece::ProjectDir { .. } => hasher.update("R"),
            Piece::HomeDir { .. } => hasher.update("H"),
            Piece::Var(name) => hasher.update(format!("V{name}")),
        }
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut var = String::from("_sc_envfile_");
    for byte in &digest[..6] {
        var.push_str(&format!("{byte:02x}"));
    }
    var
}

/// `--log-driver` and one `--log-opt NAME=VALUE` per option.
fn log_flags(cmd: &mut Command, driver: Option<&Word>, options: &[(String, Word)]) {
    if let Some(driver) = driver {
        cmd.flag("log-driver", driver);
    }
    for (name, value) in options {
        cmd.flag_pair("log-opt", name, "=", value);
    }
}

/// The labels `up.sh` compares to decide whether to recreate a container.
fn identity_labels(cmd: &mut Command, identity: &Identity) {
    let labels = [
        (HASH_LABEL, Some(&identity.hash)),
        (FIELDS_LABEL, Some(&identity.fields)),
        (SECRETS_LABEL, identity.secrets.as_ref()),
    ];
    for (label, value) in labels {
        if let Some(value) = value {
            cmd.flag_pair("label", label, "=", value);
        }
    }
}

/// A secret value goes in the command's environment, never in its argv:
/// `--env KEY` makes docker read it from there.
fn env_var(cmd: &mut Command, var: &EnvVar) {
    if var.secret {
        cmd.env.push((var.key.clone(), var.value.clone()));
        cmd.flag_lit("env", &var.key);
    } else {
        cmd.flag_pair("env", &var.key, "=", &var.value);
    }
}

/// A disabled healthcheck is `--no-healthcheck` alone.
fn health_flags(cmd: &mut Command, health: &HealthSpec) {
    match &health.test {
        HealthCmd::Disabled => {
            cmd.lit("--no-healthcheck");
            return;
        }
        HealthCmd::Shell(command) => {
            cmd.flag("health-cmd", command);
        }
        HealthCmd::Exec(words) => {
            cmd.flag("health-cmd", &sh_command(words));
        }
        // The image's test stays; the timings below override its own.
        HealthCmd::Image => {}
    }
    if let Some(interval) = &health.interval {
        cmd.flag("health-interval", interval);
    }
    if let Some(timeout) = &health.timeout {
        cmd.flag("health-timeout", timeout);
    }
    if let Some(retries) = &health.retries {
        cmd.flag("health-retries", retries);
    }
    if let Some(start) = &health.start_period {
        cmd.flag("health-start-period", start);
    }
    if let Some(every) = &health.start_interval {
        cmd.flag("health-start-interval", every);
    }
}

/// `docker network connect` for every network after the first.
pub fn connect(spec: &ContainerSpec) -> Vec<Command> {
    spec.networks
        .iter()
        .skip(1)
        .map(|attach| {
            let mut cmd = Command::new(&["docker", "network", "connect"]);
            for alias in &attach.aliases {
                cmd.flag_lit("alias", alias);
            }
            fixed_address(&mut cmd, attach);
            cmd.arg(attach.network.clone()).lit(spec.name.clone());
            cmd
        })
        .collect()
}

/// `--publish` of each port: the literal ones, then those parameters
/// complete.
fn publish_flags(cmd: &mut Command, ports: &[Port], words: &[(String, Word)]) {
    for port in ports {
        cmd.flag_lit("publish", &publish(port));
    }
    for (_, port) in words {
        cmd.flag("publish", port);
    }
}

/// The network given at creation, with its aliases and fixed address.
fn first_network(cmd: &mut Command, first: Option<&stackc_ir::ast::NetworkAttach>) {
    if let Some(first) = first {
        cmd.flag("network", &first.network);
        for alias in &first.aliases {
            cmd.flag_lit("network-alias", alias);
        }
        fixed_address(cmd, first);
    }
}

/// `--ip` and `--ip6` of a network attachment (on `docker create` and
/// `docker network connect` alike).
fn fixed_address(cmd: &mut Command, attach: &stackc_ir::ast::NetworkAttach) {
    if let Some(ip) = &attach.ipv4_address {
        cmd.flag("ip", ip);
    }
    if let Some(ip) = &attach.ipv6_address {
        cmd.flag("ip6", ip);
    }
}

/// `docker start`; a job is started attached, so the command returns the
/// job's exit status and streams its output.
pub fn start(spec: &ContainerSpec) -> Command {
    start_named(&spec.name, spec.job)
}

/// `docker start` by name ([`start`]).
pub fn start_named(container: &str, job: bool) -> Command {
    let mut cmd = Command::new(&["docker", "start"]);
    if job {
        cmd.lit("--attach");
    }
    cmd.lit(container);
    cmd
}

/// `docker exec CONTAINER cmd args…` for each command, in order.
pub fn exec(container: &str, commands: &[Vec<Word>]) -> Vec<Command> {
    commands
        .iter()
        .map(|command| {
            let mut cmd = Command::new(&["docker", "exec"]);
            cmd.lit(container);
            for word in command {
                cmd.arg(word.clone());
            }
            cmd
        })
        .collect()
}

pub fn restart(container: &str, timeout: Option<&Word>) -> Command {
    stopping(&["docker", "restart"], container, timeout)
}

pub fn pull(image: &Word) -> Command {
    let mut cmd = Command::new(&["docker", "pull"]);
    cmd.arg(image.clone());
    cmd
}

pub fn volume_remove(name: &str) -> Command {
    let mut cmd = Command::new(&["docker", "volume", "rm"]);
    cmd.lit(name);
    cmd
}

pub fn image_remove(image: &Word) -> Command {
    let mut cmd = Command::new(&["docker", "image", "rm"]);
    cmd.arg(image.clone());
    cmd
}

pub fn stop(container: &str, timeout: Option<&Word>) -> Command {
    stopping(&["docker", "stop"], container, timeout)
}

/// A command that stops `container` (`docker stop`, `docker restart`),
/// waiting `timeout` seconds before it kills it when the stack says so.
fn stopping(args: &[&str], container: &str, timeout: Option<&Word>) -> Command {
    let mut cmd = Command::new(args);
    if let Some(timeout) = timeout {
        cmd.flag("time", timeout);
    }
    cmd.lit(container);
    cmd
}

pub fn remove(container: &str) -> Command {
    let mut cmd = Command::new(&["docker", "rm"]);
    cmd.lit(container);
    cmd
}

/// [`remove`], with `volumes` also the container's anonymous volumes
/// (`docker rm --volumes`; not the named ones it mounts), as `purge`
/// removes them.
pub fn remove_with(container: &str, volumes: bool) -> Command {
    if !volumes {
        return remove(container);
    }
    let mut cmd = Command::new(&["docker", "rm", "--volumes"]);
    cmd.lit(container);
    cmd
}

/// `docker network disconnect` and `docker network connect` with its
/// aliases, for each network of `container` on which `spec` has aliases: a
/// replacement created without them (so that no alias names it before it
/// is ready) joins them.
pub fn join_aliases(container: &str, spec: &ContainerSpec) -> Vec<Command> {
    let mut out = Vec::new();
    for attach in spec.networks.iter().filter(|a| !a.aliases.is_empty()) {
        let mut leave = Command::new(&["docker", "network", "disconnect"]);
        leave.arg(attach.network.clone()).lit(container);
        let mut join = Command::new(&["docker", "network", "connect"]);
        for alias in &attach.aliases {
            join.flag_lit("alias", alias);
        }
        join.arg(attach.network.clone()).lit(container);
        out.push(leave);
        out.push(join);
    }
    out
}

/// `docker rename`: a start-first replacement takes the name of the
/// container it replaced.
pub fn rename(from: &str, to: &str) -> Command {
    let mut cmd = Command::new(&["docker", "rename"]);
    cmd.lit(from).lit(to);
    cmd
}

/// `docker rm --force`: a container left by an earlier run, whatever its
/// state.
pub fn remove_forced(container: &str) -> Command {
    let mut cmd = Command::new(&["docker", "rm", "--force"]);
    cmd.lit(container);
    cmd
}

/// `docker ps` of the stack's containers (`project` is the stack's name),
/// one line each: name, state, status, the labels of [`HASH_LABEL`],
/// [`FIELDS_LABEL`] and [`SECRETS_LABEL`], and the image, apart by the unit
/// separator (0x1f), not a tab: an empty field (a label a container lacks)
/// stays a field.
pub fn list_containers(project: &str) -> Command {
    let label = |name: &str| format!("{{{{.Label \"{name}\"}}}}");
    let fields = [
        "{{.Names}}".to_owned(),
        "{{.State}}".to_owned(),
        "{{.Status}}".to_owned(),
        label(HASH_LABEL),
        label(FIELDS_LABEL),
        label(SECRETS_LABEL),
        "{{.Image}}".to_owned(),
    ];
    list(&["docker", "ps", "--all"], project, &fields.join("\u{1f}"))
}

/// `docker network ls` of the stack's networks: their names.
/// `docker network ls` of the stack's networks: their names and config
/// hashes, apart by the unit separator (0x1f).
pub fn list_networks(project: &str) -> Command {
    list(
        &["docker", "network", "ls"],
        project,
        &format!("{{{{.Name}}}}\u{1f}{{{{.Label \"{HASH_LABEL}\"}}}}"),
    )
}

/// `docker volume ls` of the stack's volumes: their names.
pub fn list_volumes(project: &str) -> Command {
    list(&["docker", "volume", "ls"], project, "{{.Name}}")
}

/// `docker image ls` of the stack's images: their IDs.
pub fn list_images(project: &str) -> Command {
    list(&["docker", "image", "ls"], project, "{{.ID}}")
}

/// A listing of what carries compose's project label of `project`, in
/// `format`.
fn list(args: &[&str], project: &str, format: &str) -> Command {
    let mut cmd = Command::new(args);
    cmd.lit("--filter")
        .lit(format!("label=com.docker.compose.project={project}"))
        .lit("--format")
        .lit(format);
    cmd
}

/// `[ip:][host:]container[/proto]` as `--publish` takes it.
fn publish(port: &Port) -> String {
    let mut out = String::new();
    if let Some(ip) = &port.host_ip {
        if ip.contains(':') {
            out.push_str(&format!("[{ip}]:"));
        } else {
            out.push_str(&format!("{ip}:"));
        }
        if port.published.is_none() {
            out.push(':');
        }
    }
    if let Some(published) = port.published {
        out.push_str(&format!("{published}:"));
    }
    out.push_str(&port.target.to_string());
    if port.protocol != stackc_ir::stack::Protocol::Tcp {
        out.push('/');
        out.push_str(port.protocol.as_str());
    }
    out
}

/// `--mount`, or `--volume` for a bind mount with a relabeling.
fn mount_flag(cmd: &mut Command, mount: &MountSpec) {
    match mount {
        MountSpec::Bind { options, .. }
            if options.selinux.is_some() || options.create_host_path == Some(true) =>
        {
            cmd.flag("volume", &volume_word(mount));
        }
        _ => {
            cmd.flag("mount", &mount_word(mount));
        }
    }
}

/// A `--volume` value, `SOURCE:TARGET:OPTIONS`, for a bind mount with an
/// `SELinux` relabeling (`--mount` has none) or that creates a missing
/// host directory (`--mount` refuses one): the source as it is (the
/// frontend refuses a literal one with `:`; docker refuses a runtime one
/// whose `:` would misplace the target), the options `ro`, the
/// propagation and the relabeling.
fn volume_word(mount: &MountSpec) -> Word {
    let MountSpec::Bind {
        source,
        target,
        read_only,
        options,
    } = mount
    else {
        return mount_word(mount);
    };
    let mut out = Word(
        source
            .0
            .iter()
            .map(|p| with_escape(p, Escape::None))
            .collect(),
    );
    let mut modes = vec![if *read_only { "ro" } else { "rw" }];
    modes.extend(options.propagation);
    modes.extend(options.selinux);
    out.push_lit(&format!(":{target}:{}", modes.join(",")));
    out
}

/// The `source=` field of a `--mount` value: quoted where needed, and
/// always quoted (its runtime parts escaped for it) when parameters
/// complete it.
fn source_field(source: &Word) -> Word {
    if let Some(text) = source.as_literal() {
        return Word::lit(quote::csv_field(&format!("source={text}")));
    }
    let mut word = Word::lit("\"source=");
    for piece in &source.0 {
        match piece {
            Piece::Lit(text) => word.push_lit(&text.replace('"', "\"\"")),
            other => word.0.push(with_escape(other, Escape::Csv)),
        }
    }
    word.push_lit("\"");
    word
}

/// A `--mount` value: CSV fields, quoted where needed; runtime parts are
/// always inside a quoted field and escaped for it.
fn mount_word(mount: &MountSpec) -> Word {
    let mut fields: Vec<Word> = Vec::new();
    let field = |key: &str, value: &str| Word::lit(quote::csv_field(&format!("{key}={value}")));
    match mount {
        MountSpec::Volume {
            source,
            target,
            read_only,
            options,
        } => {
            fields.push(Word::lit("type=volume"));
            if let Some(source) = source {
                fields.push(source_field(source));
            }
            fields.push(field("target", target));
            if *read_only {
                fields.push(Word::lit("readonly"));
            }
            if options.nocopy {
                fields.push(Word::lit("volume-nocopy"));
            }
            if let Some(subpath) = &options.subpath {
                fields.push(field("volume-subpath", subpath));
            }
            if let Some(consistency) = options.consistency {
                fields.push(field("consistency", consistency));
            }
        }
        MountSpec::Bind {
            source,
            target,
            read_only,
            options,
        } => {
            fields.push(Word::lit("type=bind"));
            fields.push(source_field(source));
            fields.push(field("target", target));
            if *read_only {
                fields.push(Word::lit("readonly"));
            }
            if let Some(propagation) = options.propagation {
                fields.push(field("bind-propagation", propagation));
            }
            if let Some(consistency) = options.consistency {
                fields.push(field("consistency", consistency));
            }
        }
        MountSpec::Tmpfs { target, size } => {
            fields.push(Word::lit("type=tmpfs"));
            fields.push(field("target", target));
            if let Some(size) = size {
                fields.push(Word::lit(format!("tmpfs-size={size}")));
            }
        }
    }
    let mut out = Word::default();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push_lit(",");
        }
        out.push_word(f);
    }
    out
}

/// A program and its arguments (a healthcheck's `CMD` form) as the one
/// `sh` command line the docker CLI takes: `exec` then each word, literal
/// pieces quoted now (POSIX quoting: the container's `/bin/sh` may have no
/// `$'…'`), runtime pieces when their value is known. `exec` keeps the
/// exec form's meaning: the first word is a program, never a shell builtin
/// or keyword (`["CMD", "exit", "0"]` fails, as it does for compose).
fn sh_command(words: &[Word]) -> Word {
    let mut out = Word::lit("exec");
    for word in words {
        out.push_lit(" ");
        if word.0.is_empty() {
            out.push_lit("''");
        }
        for piece in &word.0 {
            match piece {
                Piece::Lit(text) => out.push_lit(&quote::posix(text)),
                other => out.0.push(with_escape(other, Escape::Sh)),
            }
        }
    }
    out
}

fn with_escape(piece: &Piece, escape: Escape) -> Piece {
    match piece {
        Piece::Lit(text) => Piece::Lit(text.clone()),
        Piece::Param { name, .. } => Piece::Param {
            name: name.clone(),
            escape,
        },
        Piece::ProjectDir { .. } => Piece::ProjectDir { escape },
        Piece::HomeDir { .. } => Piece::HomeDir { escape },
        Piece::Var(name) => Piece::Var(name.clone()),
        // Digits, `true` or `false`: the same in every context.
        Piece::Convert(converted) => Piece::Convert(converted.clone()),
    }
}
