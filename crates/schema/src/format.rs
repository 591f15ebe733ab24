//! stack.toml, table by table, as docs/format.md describes it. The types
//! exist to be described by schemars; nothing decodes into them.
//!
//! An optional key is an `Option`; an untagged enum is a key with several
//! accepted forms; a doc comment is the description an editor shows.

#![allow(
    dead_code,
    reason = "the types describe the format; no value of them is ever built"
)]

use schemars::JsonSchema;
use serde_json::json;

use crate::named::{HealthTestList, HostTable, NameRule, Named, Vars};

/// The regular expressions of the format, as the frontend checks it.
pub mod patterns {
    /// A stack or service name.
    pub const STACK_NAME: &str = "^[a-z0-9][a-z0-9_-]*$";
    /// A network or volume name.
    pub const RESOURCE_NAME: &str = "^[a-z0-9][a-z0-9_.-]*$";
    /// A parameter name.
    pub const PARAM_NAME: &str = "^[A-Za-z][A-Za-z0-9_]*$";
    /// A container name.
    pub const CONTAINER_NAME: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
    /// Text with `${NAME}` references and `$$`; no other `$`.
    pub const TEMPLATE: &str = r"^([^$]|\$\$|\$\{[A-Za-z][A-Za-z0-9_]*\})*$";
    /// A Go duration: `30s`, `1m30s`, `1.5s`, `500ms`, or `0`.
    pub const DURATION: &str = r"^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";
    /// Compose's short port syntax `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`.
    pub const PORT: &str = r"^((\[[0-9A-Fa-f:.]+\]|[0-9]{1,3}(\.[0-9]{1,3}){3}):([0-9]+(-[0-9]+)?)?:|[0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(/(tcp|udp|sctp))?$";
    /// A port or a range of ports.
    pub const PORT_RANGE: &str = "^[0-9]+(-[0-9]+)?$";
    /// Compose's short mount syntax `SOURCE:TARGET[:ro|:rw]` or `TARGET`.
    pub const MOUNT: &str = "^([^:~][^:]*:)?/[^:]*(:(ro|rw))?$";
    /// An absolute path in the container.
    pub const ABSOLUTE: &str = "^/";
    /// A `KEY=VALUE` entry.
    pub const KEY_VALUE: &str = "^[^=]+=";
    /// A host name of `extra_hosts`.
    pub const HOST_NAME: &str = "^[A-Za-z0-9._-]+$";
    /// An `extra_hosts` entry `host:ip` or `host=ip`.
    pub const HOST_ENTRY: &str = "^[A-Za-z0-9._-]+[:=].+$";
    /// A signal name.
    pub const SIGNAL: &str = "^(SIG)?[A-Z0-9+-]+$";
    /// A capability.
    pub const CAPABILITY: &str = "^(CAP_)?[A-Z_]+$";
    /// `on-failure:N`.
    pub const ON_FAILURE_N: &str = "^on-failure:[0-9]+$";
    /// A profile name, as compose spells them.
    pub const PROFILE: &str = "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$";
    /// A volume's `owner`: numeric `UID` or `UID:GID`.
    pub const OWNER: &str = r"^\d+(:\d+)?$";
    /// A volume's `mode`: octal.
    pub const MODE: &str = "^0?[0-7]{3,4}$";
}

/// The names of stacks and services.
pub struct ServiceName;
impl NameRule for ServiceName {
    const ID: &'static str = "Services";
    const PATTERN: &'static str = patterns::STACK_NAME;
}

/// The names of networks.
pub struct NetworkName;
impl NameRule for NetworkName {
    const ID: &'static str = "Networks";
    const PATTERN: &'static str = patterns::RESOURCE_NAME;
}

/// The names of volumes.
pub struct VolumeName;
impl NameRule for VolumeName {
    const ID: &'static str = "Volumes";
    const PATTERN: &'static str = patterns::RESOURCE_NAME;
}

/// The names of parameters.
pub struct ParamName;
impl NameRule for ParamName {
    const ID: &'static str = "Params";
    const PATTERN: &'static str = patterns::PARAM_NAME;
    fn reserved() -> Option<String> {
        Some(stackc_ir::reserved::variable_pattern())
    }
}

/// One stack: services, networks, volumes and runtime parameters.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StackFile {
    /// The stack itself: its name.
    #[schemars(example = json!({ "name": "webapp" }))]
    stack: StackTable,
    /// Runtime parameters, by name: `${NAME}` in a string refers to one.
    /// The name is a variable of the generated scripts: a letter, then
    /// letters, digits and `_`; not one the shell or docker reads (`PATH`,
    /// `HOME`, `BASH*`, `DOCKER_*`, …).
    #[schemars(example = json!({ "DB_PASSWORD": { "secret": true } }))]
    params: Option<Named<ParamName, Param>>,
    /// Networks, by name (`[a-z0-9][a-z0-9_.-]*`); docker's name is
    /// `<stack>_<network>`. A service that lists no `networks` joins
    /// `default`.
    #[schemars(example = json!({ "back": { "internal": true } }))]
    networks: Option<Named<NetworkName, Network>>,
    /// Named volumes, by name (`[a-z0-9][a-z0-9_.-]*`); docker's name is
    /// `<stack>_<volume>`. Volumes survive `down`.
    #[schemars(example = json!({ "dbdata": {} }))]
    volumes: Option<Named<VolumeName, Volume>>,
    /// Services, by name (`[a-z0-9][a-z0-9_-]*`); containers are
    /// `<stack>-<service>-<n>`. Declaration order breaks dependency ties.
    #[schemars(example = json!({ "web": { "image": "nginx:1.27" } }))]
    services: Option<Named<ServiceName, Service>>,
    /// Images the stack builds, by name (`[a-z0-9][a-z0-9_-]*`): a service
    /// runs one with `image = "NAME"`; an image whose Dockerfile starts
    /// `FROM` another of them is built after it.
    #[schemars(example = json!({ "base": { "build": "./base" } }))]
    images: Option<std::collections::BTreeMap<String, ImageDef>>,
    /// The files `stackc generate` writes, by path relative to the
    /// directory of stack.toml.
    #[schemars(example = json!({ "deploy/up.sh": { "target": "bash", "action": "up" } }))]
    outputs: Option<std::collections::BTreeMap<String, Output>>,
}

/// `[images.NAME]`: an image the stack builds.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageDef {
    /// How to build it, as a service's `build`: a context directory, or a
    /// table with `context`, `dockerfile`, `args`, `target`.
    #[schemars(example = &"./base")]
    build: Build,
    /// The tag it is built as (default `<stack>-<NAME>`).
    #[schemars(example = &"registry.example.com/base:1")]
    tag: Option<String>,
}

/// `[outputs."PATH"]`: one generated file, as the single command would
/// write it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// What to generate.
    #[schemars(example = &"bash")]
    target: OutputTarget,
    /// For `bash` and `argv`: the action (default `up`; `backup` and
    /// `restore` for `bash` only).
    #[schemars(example = &"down")]
    action: Option<OutputAction>,
    /// For `argv` (`json`, `shell`, `nul`) and `graph` (`dot`, `mermaid`).
    #[schemars(example = &"json")]
    format: Option<OutputFormat>,
}

/// The target of an output.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputTarget {
    /// A bash script (`stackc bash`).
    Bash,
    /// Docker argv lists (`stackc argv`).
    Argv,
    /// A compose file (`stackc compose`).
    Compose,
    /// Kubernetes manifests (`stackc kube`).
    Kube,
    /// The resource graph (`stackc graph`).
    Graph,
}

/// The action of a `bash` or `argv` output.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputAction {
    /// Create what is missing, recreate what changed, start everything.
    Up,
    /// Remove containers and networks.
    Down,
    /// Like `up`, without starting.
    Create,
    /// Start the existing containers.
    Start,
    /// Stop the running containers.
    Stop,
    /// Restart the containers.
    Restart,
    /// Pull the images.
    Pull,
    /// Build the images.
    Build,
    /// A table of the containers.
    Ps,
    /// Remove everything, volumes included.
    Purge,
    /// Archive the named volumes (bash only).
    Backup,
    /// Restore the named volumes (bash only).
    Restore,
}

/// The format of an `argv` or `graph` output.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// argv: one JSON array per line.
    Json,
    /// argv: one shell line per command.
    Shell,
    /// argv: NUL-framed.
    Nul,
    /// graph: Graphviz DOT.
    Dot,
    /// graph: a mermaid flowchart.
    Mermaid,
}

/// `[stack]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StackTable {
    /// The stack's name, the compose project name: a lowercase letter or
    /// digit, then lowercase letters, digits, `_` and `-`.
    #[schemars(example = &"webapp", regex(pattern = patterns::STACK_NAME))]
    name: String,
}

/// `[params.NAME]`: a runtime parameter. Without a default it is required.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The value when the parameter is unset or empty at run time (literal
    /// text: no `${…}`). A secret has no default.
    #[schemars(example = &"1.4.2")]
    default: Option<String>,
    /// Shown by the scripts' `--help`.
    #[schemars(example = &"the tag of the app image")]
    description: Option<String>,
    /// Required at run time, allowed only in `environment` values, and never
    /// written into any output nor onto a docker command line.
    #[schemars(example = true)]
    secret: Option<bool>,
    /// The values the parameter may take; any other value stops the script
    /// before it touches docker (and is an error for `stackc argv`).
    #[schemars(example = json!(["debug", "info", "warn"]))]
    choices: Option<Vec<String>>,
}

/// `[networks.NAME]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "external": { "const": true } }, "required": ["external"] },
    "then" = { "not": { "anyOf": [
        { "required": ["driver"] }, { "required": ["internal"] }, { "required": ["labels"] }
    ] } },
))]
pub struct Network {
    /// The network driver.
    #[schemars(example = &"bridge")]
    driver: Option<String>,
    /// No external connectivity.
    #[schemars(example = true)]
    internal: Option<bool>,
    /// Labels of the network: a table of strings, or a list of `KEY=VALUE`.
    #[schemars(example = json!({ "com.example.team": "web" }))]
    labels: Option<Labels>,
    /// The network exists already under exactly `NAME`: never created or
    /// removed. No other key is allowed with it.
    #[schemars(example = true)]
    external: Option<bool>,
}

/// `[volumes.NAME]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "external": { "const": true } }, "required": ["external"] },
    "then" = { "not": { "anyOf": [
        { "required": ["driver"] }, { "required": ["labels"] }, { "required": ["owner"] },
        { "required": ["mode"] }, { "required": ["init_image"] }
    ] } },
    "dependencies" = { "owner": ["init_image"], "mode": ["init_image"] },
))]
pub struct Volume {
    /// The volume driver.
    #[schemars(example = &"local")]
    driver: Option<String>,
    /// Labels of the volume: a table of strings, or a list of `KEY=VALUE`.
    #[schemars(example = json!({ "com.example.backup": "daily" }))]
    labels: Option<Labels>,
    /// The volume exists already under exactly `NAME`: never created or
    /// removed. No other key is allowed with it.
    #[schemars(example = true)]
    external: Option<bool>,
    /// The owner of the volume's root, numeric `UID` or `UID:GID`: set once,
    /// when the volume is created, by a short-lived container of
    /// `init_image`. Needs `init_image`. Compose runs that container as the
    /// one-shot service `volumes.NAME`; Kubernetes cannot express it.
    #[schemars(example = &"999:999", regex(pattern = patterns::OWNER))]
    owner: Option<String>,
    /// The octal mode of the volume's root (`0750`): set once, when the
    /// volume is created, by a short-lived container of `init_image`. Needs
    /// `init_image`.
    #[schemars(example = &"0750", regex(pattern = patterns::MODE))]
    mode: Option<String>,
    /// The image (with `sh`, `ls`, `chown` and `chmod`) of the container
    /// that applies `owner` and `mode` when the volume is created.
    #[schemars(example = &"busybox:stable")]
    init_image: Option<String>,
}

/// `[services.NAME]`: one service. One of `image`, `build` is required.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{ "required": ["image"] }, { "required": ["build"] }]))]
pub struct Service {
    /// The image to run; with `build`, the tag to build. May use `${NAME}`.
    #[schemars(example = &"registry.example.com/app:${APP_TAG}")]
    image: Option<Template>,
    /// Build the image: the context directory (relative to stack.toml), or a
    /// table `{ context, dockerfile, args, target }`. Built as `image`, or as
    /// `<stack>-<service>`.
    #[schemars(example = &"./app")]
    build: Option<Build>,
    /// Replaces the image's `CMD`: a list of strings, one per argument.
    #[schemars(example = json!(["nginx", "-g", "daemon off;"]))]
    command: Option<Vec<Template>>,
    /// Replaces the image's `ENTRYPOINT` (and its `CMD` unless `command` is
    /// given); `[]` clears it.
    #[schemars(example = json!(["/docker-entrypoint.sh"]))]
    entrypoint: Option<Vec<Template>>,
    /// Environment variables: values are strings (may use `${NAME}`, also of
    /// a secret parameter), integers or booleans.
    #[schemars(example = json!({ "POSTGRES_PASSWORD": "${DB_PASSWORD}", "WORKERS": 4 }))]
    environment: Option<Vars>,
    /// Files of `KEY=value` lines read by docker at run time, relative to
    /// stack.toml: a path or a list of paths.
    #[schemars(example = &".env")]
    env_file: Option<StringOrList>,
    /// Published ports: `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]` strings,
    /// container port integers, or tables.
    #[schemars(example = json!(["127.0.0.1:8080:80", { "target": 53, "published": 5353, "protocol": "udp" }]))]
    ports: Option<Vec<PortItem>>,
    /// Mounts: `SOURCE:TARGET[:ro|:rw]` or `TARGET` strings, or tables.
    /// A source starting with `/`, `./` or `../` is a host path; otherwise it
    /// names a `[volumes.NAME]`.
    #[schemars(example = json!(["dbdata:/var/lib/postgresql/data", "./nginx.conf:/etc/nginx/nginx.conf:ro"]))]
    volumes: Option<Vec<MountItem>>,
    /// The networks the service joins, by name; none: the `default` network.
    #[schemars(
        example = json!(["front", "back"]),
        extend("uniqueItems" = true),
        inner(regex(pattern = patterns::RESOURCE_NAME))
    )]
    networks: Option<Vec<String>>,
    /// Services to start first: a list of names (started), or a table of
    /// name → `started`, `healthy` or `completed`.
    #[schemars(example = json!({ "db": "healthy", "migrate": "completed" }))]
    depends_on: Option<DependsOn>,
    /// How docker checks that the service is healthy.
    #[schemars(example = json!({ "test": ["CMD", "pg_isready"], "interval": "5s" }))]
    healthcheck: Option<Healthcheck>,
    /// The restart policy: `no`, `always`, `on-failure`, `on-failure:N` or
    /// `unless-stopped`.
    #[schemars(example = &"unless-stopped")]
    restart: Option<Restart>,
    /// Labels of the containers: a table of strings, or a list of
    /// `KEY=VALUE`.
    #[schemars(example = json!({ "com.example.role": "frontend" }))]
    labels: Option<Labels>,
    /// The user the process runs as: `uid[:gid]` or a name.
    #[schemars(example = &"1000:1000")]
    user: Option<Template>,
    /// The working directory of the process.
    #[schemars(example = &"/app")]
    working_dir: Option<Template>,
    /// The container's host name.
    #[schemars(example = &"web")]
    hostname: Option<Template>,
    /// Replaces `<stack>-<service>-1` as the container's name; not with
    /// `replicas > 1`.
    #[schemars(example = &"webapp-web", regex(pattern = patterns::CONTAINER_NAME))]
    container_name: Option<String>,
    /// A read-only root filesystem.
    #[schemars(example = true)]
    read_only: Option<bool>,
    /// Run an init process as PID 1.
    #[schemars(example = true)]
    init: Option<bool>,
    /// The signal that stops the container: a name or its number.
    #[schemars(example = &"SIGINT")]
    stop_signal: Option<Signal>,
    /// The time to stop before the kill (docker takes whole seconds:
    /// rounded up).
    #[schemars(example = &"30s")]
    stop_grace_period: Option<Duration>,
    /// Capabilities to add, e.g. `NET_ADMIN`, `ALL`.
    #[schemars(example = json!(["NET_ADMIN"]), inner(regex(pattern = patterns::CAPABILITY)))]
    cap_add: Option<Vec<String>>,
    /// Capabilities to drop, e.g. `ALL`.
    #[schemars(example = json!(["ALL"]), inner(regex(pattern = patterns::CAPABILITY)))]
    cap_drop: Option<Vec<String>>,
    /// Entries of `/etc/hosts`: a table `{ host = "ip" }` or a list of
    /// `"host:ip"`.
    #[schemars(example = json!({ "db.local": "10.0.0.5" }))]
    extra_hosts: Option<ExtraHosts>,
    /// When to pull the image: `missing` (the default), `always`, `never`.
    #[schemars(example = &"always")]
    pull: Option<Pull>,
    /// `"once"`: a one-shot job that runs to completion; dependents may wait
    /// for it with `completed`.
    #[schemars(example = &"once")]
    run: Option<Run>,
    /// Commands run in the container (`docker exec`) after the script
    /// starts it, in order; each a list, one string per argument. A failing
    /// one stops the script.
    #[schemars(example = json!([["app", "warm-cache"], ["sh", "-c", "echo ready > /tmp/ready"]]))]
    exec: Option<Vec<Vec<Template>>>,
    /// When `exec` runs: `initial` (only when the container is created, the
    /// default) or `always` (every time the script starts it).
    #[schemars(example = &"always")]
    exec_policy: Option<ExecPolicy>,
    /// The number of containers, `<stack>-<service>-1..N`. A published host
    /// range as long as `replicas` (`"8080-8082:80"`) gives each replica one
    /// host port.
    #[schemars(example = 3, range(min = 1, max = 1000))]
    replicas: Option<u32>,
    /// The profiles (variants) the service belongs to: it is compiled only
    /// when one of them is chosen with `--profile`. Without `profiles`, a
    /// service is always in.
    #[schemars(
        example = json!(["dev", "debug"]),
        extend("uniqueItems" = true),
        inner(regex(pattern = patterns::PROFILE))
    )]
    profiles: Option<Vec<String>>,
    /// Services whose mounts this one shares (docker `--volumes-from`); each
    /// starts first.
    #[schemars(
        example = json!(["data"]),
        extend("uniqueItems" = true),
        inner(regex(pattern = patterns::STACK_NAME))
    )]
    volumes_from: Option<Vec<String>>,
}

/// Text that may refer to parameters as `${NAME}`; `$$` is a literal `$`,
/// and any other `$` is an error.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Template(#[schemars(regex(pattern = patterns::TEMPLATE))] String);

/// A Go duration, as compose writes them: one or more `<number><unit>`
/// with units `ns`, `us`, `ms`, `s`, `m`, `h` (`30s`, `1m30s`, `500ms`). A
/// bare number is an error.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct Duration(#[schemars(regex(pattern = patterns::DURATION))] String);

/// A string, an integer or a boolean (written as its text).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    /// A string; may use `${NAME}`.
    String(Template),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
}

/// A table of strings, or a list of `KEY=VALUE`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Labels {
    /// `{ KEY = "value" }`.
    Table(Vars),
    /// `["KEY=value"]`.
    List(#[schemars(inner(regex(pattern = patterns::KEY_VALUE)))] Vec<String>),
}

/// A string or a list of strings.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum StringOrList {
    /// One.
    One(String),
    /// Several.
    List(Vec<String>),
}

/// `build`: the context directory, or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Build {
    /// The build context, relative to stack.toml.
    Context(#[schemars(length(min = 1))] String),
    /// The build, key by key.
    Table(BuildTable),
}

/// `build` as a table.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildTable {
    /// The build context directory, relative to stack.toml.
    #[schemars(example = &"./app", length(min = 1))]
    context: String,
    /// The Dockerfile, relative to the context.
    #[schemars(example = &"Dockerfile.prod")]
    dockerfile: Option<String>,
    /// Build arguments: strings (may use `${NAME}`), integers or booleans.
    #[schemars(example = json!({ "VERSION": "${APP_TAG}" }))]
    args: Option<Vars>,
    /// The stage of a multi-stage Dockerfile to build.
    #[schemars(example = &"runtime")]
    target: Option<String>,
}

/// One item of `ports`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum PortItem {
    /// `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`: ports may be ranges
    /// (`8000-8001:80-81`), `HOST_IP` may be IPv6 in brackets
    /// (`[::1]:8080:80`), `PROTOCOL` is `tcp` (default), `udp` or `sctp`.
    Short(#[schemars(regex(pattern = patterns::PORT))] String),
    /// A container port, published on a port the engine picks.
    Container(#[schemars(range(min = 1, max = 65535))] u16),
    /// The port, key by key.
    Table(PortTable),
}

/// A port as a table.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PortTable {
    /// The container port.
    #[schemars(example = 53, range(min = 1, max = 65535))]
    target: u16,
    /// The host port (an integer), or a range of host ports (`"8000-8001"`).
    #[schemars(example = 5353)]
    published: Option<Published>,
    /// The host address to publish on (IPv4, or IPv6 optionally in
    /// brackets).
    #[schemars(example = &"127.0.0.1")]
    host_ip: Option<String>,
    /// The protocol: `tcp` (the default), `udp` or `sctp`.
    #[schemars(example = &"udp")]
    protocol: Option<Protocol>,
}

/// A host port or range.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Published {
    /// A port.
    Port(#[schemars(range(min = 1, max = 65535))] u16),
    /// `START-END`.
    Range(#[schemars(regex(pattern = patterns::PORT_RANGE))] String),
}

/// A port's protocol.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// TCP (the default).
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
}

/// One item of a service's `volumes`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum MountItem {
    /// `SOURCE:TARGET[:ro|:rw]`, or `TARGET` alone for an anonymous volume.
    /// A `SOURCE` starting with `/`, `./` or `../` is a host path (relative
    /// to stack.toml); otherwise it names a `[volumes.NAME]`.
    Short(#[schemars(regex(pattern = patterns::MOUNT))] String),
    /// The mount, key by key, as in compose's long syntax.
    Table(MountTable),
}

/// A mount as a table.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "type": { "const": "tmpfs" } } },
    "then" = { "not": { "anyOf": [{ "required": ["source"] }, { "required": ["read_only"] }] } },
    "else" = {
        "not": { "required": ["tmpfs"] },
        "if": { "properties": { "type": { "const": "bind" } } },
        "then": { "required": ["source"] },
    },
))]
pub struct MountTable {
    /// `volume`, `bind` (a host path) or `tmpfs`.
    #[serde(rename = "type")]
    #[schemars(example = &"bind")]
    kind: MountType,
    /// A host path (`bind`; absolute or relative to stack.toml, may use
    /// `${NAME}`) or a volume name (`volume`; none: an anonymous volume).
    #[schemars(example = &"./data")]
    source: Option<String>,
    /// The absolute path in the container.
    #[schemars(example = &"/data", regex(pattern = patterns::ABSOLUTE))]
    target: String,
    /// Mount read-only (not for `tmpfs`).
    #[schemars(example = true)]
    read_only: Option<bool>,
    /// Options of a `tmpfs` mount.
    #[schemars(example = json!({ "size": 67_108_864 }))]
    tmpfs: Option<Tmpfs>,
}

/// The kind of a mount.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    /// A named or anonymous volume.
    Volume,
    /// A host path.
    Bind,
    /// A tmpfs in memory.
    Tmpfs,
}

/// `tmpfs = { size }`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tmpfs {
    /// The size in bytes.
    #[schemars(example = 67_108_864)]
    size: Option<u64>,
}

/// `depends_on`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum DependsOn {
    /// Service names; each must have been started.
    List(
        #[schemars(
            extend("uniqueItems" = true),
            inner(regex(pattern = patterns::STACK_NAME))
        )]
        Vec<String>,
    ),
    /// Service name → the condition to wait for.
    Table(Named<ServiceName, Dependency>),
}

/// One dependency of the table form.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Dependency {
    /// The condition.
    Condition(Condition),
    /// Compose's spelling, `{ condition = "…" }`.
    Table(DependencyTable),
}

/// `{ condition = "…" }`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependencyTable {
    /// What the dependent waits for.
    #[schemars(example = &"service_healthy")]
    condition: Condition,
}

/// When a service's `exec` commands run.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExecPolicy {
    /// Only when the container is created.
    Initial,
    /// Every time the script starts the container.
    Always,
}

/// What a dependent waits for.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The dependency was started.
    Started,
    /// The dependency reports healthy (it needs a `healthcheck`).
    Healthy,
    /// The dependency exited 0 (it must be a job, `run = "once"`).
    Completed,
    /// Compose's spelling of `started`.
    ServiceStarted,
    /// Compose's spelling of `healthy`.
    ServiceHealthy,
    /// Compose's spelling of `completed`.
    ServiceCompletedSuccessfully,
}

/// `healthcheck`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Healthcheck {
    /// The check: `"cmd"` or `["CMD-SHELL", "cmd"]` (run by `/bin/sh -c`),
    /// `["CMD", "prog", "arg", …]` (a program and its arguments), or
    /// `["NONE"]` (disable the image's healthcheck).
    #[schemars(example = json!(["CMD", "pg_isready", "-U", "postgres"]))]
    test: HealthTest,
    /// The time between two checks.
    #[schemars(example = &"5s")]
    interval: Option<Duration>,
    /// The time a check may take.
    #[schemars(example = &"3s")]
    timeout: Option<Duration>,
    /// The time to start before failures count.
    #[schemars(example = &"10s")]
    start_period: Option<Duration>,
    /// Consecutive failures before the container is unhealthy.
    #[schemars(example = 5)]
    retries: Option<u32>,
}

/// `healthcheck.test`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum HealthTest {
    /// A command line, run by `/bin/sh -c`; may use `${NAME}`.
    Shell(Template),
    /// `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    List(HealthTestList),
}

/// `restart`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Restart {
    /// A policy.
    Policy(RestartPolicy),
    /// `on-failure:N`: restart at most N times.
    OnFailureTimes(#[schemars(regex(pattern = patterns::ON_FAILURE_N))] String),
}

/// A restart policy.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RestartPolicy {
    /// Never restart (the default).
    No,
    /// Always restart, also after the engine restarts.
    Always,
    /// Restart when the process exits non-zero.
    OnFailure,
    /// Like `always`, except after `stop`.
    UnlessStopped,
}

/// `stop_signal`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Signal {
    /// A signal name, e.g. `SIGTERM`, `SIGINT`, `SIGRTMIN+3`.
    Name(#[schemars(regex(pattern = patterns::SIGNAL))] String),
    /// A signal number.
    Number(#[schemars(range(min = 1, max = 255))] u8),
}

/// `extra_hosts`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ExtraHosts {
    /// `{ "db.local" = "10.0.0.5" }`.
    Table(HostTable),
    /// `["db.local:10.0.0.5"]`.
    List(#[schemars(inner(regex(pattern = patterns::HOST_ENTRY)))] Vec<String>),
}

/// `pull`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Pull {
    /// Pull only when the image is absent (the default).
    Missing,
    /// Pull every time.
    Always,
    /// Never pull.
    Never,
}

/// `run`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Run {
    /// A one-shot job: it runs to completion, and is not run again once it
    /// completed with status 0, unless its definition changed.
    Once,
}
