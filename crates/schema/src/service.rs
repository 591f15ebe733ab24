//! `[services.NAME]`: one service, key by key, and the forms its keys take.

#![allow(
    dead_code,
    reason = "the types describe the format; no value of them is ever built"
)]

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::json;

use crate::named::{HostTable, Named, ServiceName};
use crate::patterns;
use crate::values::{
    Duration, EnvFiles, Environment, Labels, StringOrList, Template, TimingOrParam, Vars,
};

/// `[services.NAME]`: one service. One of `image`, `build` is required.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [{ "required": ["image"] }, { "required": ["build"] }]))]
#[schemars(transform = crate::flags::add)]
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
    /// a secret parameter), integers or booleans. In the list form,
    /// `"NAME"` passes the variable through from the environment.
    #[schemars(example = json!({ "POSTGRES_PASSWORD": "${DB_PASSWORD}", "WORKERS": 4 }))]
    environment: Option<Environment>,
    /// Files of `KEY=value` lines read by docker at run time, relative to
    /// stack.toml: a path or a list of paths and of tables `{ path,
    /// required = false }` (a missing optional file is skipped).
    #[schemars(example = json!([".env", { "path": "local.env", "required": false }]))]
    env_file: Option<EnvFiles>,
    /// Published ports: `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]` strings,
    /// container port integers, or tables.
    #[schemars(example = json!(["127.0.0.1:8080:80", { "target": 53, "published": 5353, "protocol": "udp" }]))]
    ports: Option<Vec<PortItem>>,
    /// Mounts: `SOURCE:TARGET[:MODE]` or `TARGET` strings (the mode is
    /// `ro`, `rw`, `nocopy`, a propagation, a consistency, comma-separated),
    /// or tables.
    /// A source starting with `/`, `./` or `../` is a host path; otherwise it
    /// names a `[volumes.NAME]`.
    #[schemars(example = json!(["dbdata:/var/lib/postgresql/data", "./nginx.conf:/etc/nginx/nginx.conf:ro"]))]
    volumes: Option<Vec<MountItem>>,
    /// The networks the service joins, by name; none: the `default`
    /// network. A network joined with options is a table: `{ name,
    /// aliases, ipv4_address, ipv6_address, priority }`; or, as compose,
    /// a table from network name to options.
    #[schemars(example = json!(["front", { "name": "back", "aliases": ["db"] }]))]
    networks: Option<crate::files::Networks>,
    /// Services to start first: a list of names (started), or a table of
    /// name → `started`, `healthy` or `completed`.
    #[schemars(example = json!({ "db": "healthy", "migrate": "completed" }))]
    depends_on: Option<DependsOn>,
    /// How docker checks that the service is healthy.
    #[schemars(example = json!({ "test": ["CMD", "pg_isready"], "interval": "5s" }))]
    healthcheck: Option<Healthcheck>,
    /// Where docker sends the container's output (`--log-driver`,
    /// `--log-opt`): a `driver` (`json-file`, `local`, `syslog`, `none`, …)
    /// and its `options`.
    #[schemars(example = json!({ "driver": "local", "options": { "max-size": "10m" } }))]
    logging: Option<Logging>,
    /// The GPUs it asks for (docker's `--gpus`, compose's `gpus`): `"all"`,
    /// a number, or a list of requests.
    #[schemars(example = &"all")]
    gpus: Option<Gpus>,
    /// Block IO weight and limits, as compose's `blkio_config`: `weight`,
    /// `weight_device`, `device_read_bps`, `device_write_bps` (bytes, or
    /// a size: `"10mb"`), `device_read_iops`, `device_write_iops`.
    #[schemars(example = json!({ "device_read_bps": [{ "path": "/dev/sda", "rate": "10mb" }] }))]
    blkio_config: Option<crate::blkio::Blkio>,
    /// The restart policy: `no`, `always`, `on-failure`, `on-failure:N` or
    /// `unless-stopped`.
    #[schemars(example = &"unless-stopped")]
    restart: Option<Restart>,
    /// Labels of the containers: a table of strings, or a list of
    /// `KEY=VALUE`.
    #[schemars(example = json!({ "com.example.role": "frontend" }))]
    labels: Option<Labels>,
    /// Files of `KEY=value` labels read by docker at run time (docker's
    /// `--label-file`), relative to stack.toml: a path or a list of paths.
    /// `labels` win over them; a changed file recreates the container.
    #[schemars(example = &"labels.txt")]
    label_file: Option<StringOrList>,
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
    /// Entries of `/etc/hosts`: a table `{ host = "ip" }` or a list of
    /// `"host:ip"`; the ip is an address or `host-gateway`, which
    /// parameters may complete (`"${HOST_IP}"`), checked before docker.
    #[schemars(example = json!({ "db.local": "10.0.0.5" }))]
    extra_hosts: Option<ExtraHosts>,
    /// When to pull the image: `missing` (the default), `always`, `never`;
    /// `build` builds it on every `up` instead (with a `build`).
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
    /// Commands run in the running container (`docker exec`) before `down`,
    /// `stop` or `restart` stops it, in order (compose's `pre_stop`); each a
    /// list, one string per argument. A failing one stops the script before
    /// the container is stopped; a container that is not running is
    /// stopped or removed without them.
    #[schemars(example = json!([["sh", "-c", "app drain && echo drained >> /data/log"]]))]
    pre_stop: Option<Vec<Vec<Template>>>,
    /// When `exec` runs: `initial` (only when the container is created, the
    /// default) or `always` (every time the script starts it).
    #[schemars(example = &"always")]
    exec_policy: Option<ExecPolicy>,
    /// The number of containers, `<stack>-<service>-1..N`; 0 declares the
    /// service without running it (`up` removes its containers). A
    /// published host range as long as `replicas` (`"8080-8082:80"`) gives
    /// each replica one host port; a longer one is given whole to each.
    #[schemars(example = 3, range(min = 0, max = 1000))]
    replicas: Option<u32>,
    /// How `up` replaces the containers whose definition changed, one batch
    /// after another, each batch ready (healthy, or started without a
    /// healthcheck) before the next; compose's `deploy.update_config`. A
    /// service with `replicas > 1` is updated one replica at a time,
    /// stop-first, without it. Not on a job.
    #[schemars(example = json!({ "parallelism": 1, "order": "start-first", "delay": "5s" }))]
    update: Option<Update>,
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
        inner(regex(pattern = patterns::SERVICE_NAME))
    )]
    volumes_from: Option<Vec<String>>,
    /// Services reached by another name (compose's `links`; docker `--link`):
    /// `SERVICE` or `SERVICE:ALIAS`; each starts first, and a recreated one
    /// recreates this one. On the default bridge (`network_mode =
    /// "bridge"`) they are docker's legacy links; on the stack's networks,
    /// more names of the linked containers.
    #[schemars(
        example = json!(["db", "db:database"]),
        extend("uniqueItems" = true),
        inner(regex(pattern = patterns::LINK))
    )]
    links: Option<Vec<String>>,
    /// Containers outside the stack reached by another name (compose's
    /// `external_links`; docker `--link`): `CONTAINER` or
    /// `CONTAINER:ALIAS`. The container must exist when the script creates
    /// this one; a recreated one recreates this one.
    #[schemars(
        example = json!(["proxy", "proxy:gateway"]),
        extend("uniqueItems" = true),
        inner(regex(pattern = patterns::LINK))
    )]
    external_links: Option<Vec<String>>,
    /// Whether an attached `docker compose up` shows the service's output
    /// (compose's `attach`; default `true`). Written to compose only: the
    /// bash and argv backends run detached, and a cluster or a swarm has no
    /// such thing.
    #[schemars(example = &false)]
    attach: Option<bool>,
    /// The `[secrets.NAME]` it reads, each a file copied in before the
    /// container starts: a name (at `/run/secrets/NAME`) or a table with
    /// `source`, `target`, `uid`, `gid`, `mode`. A changed content recreates
    /// the container.
    #[schemars(example = json!(["db_password", { "source": "api_key", "target": "api", "uid": "1000", "mode": "0400" }]))]
    secrets: Option<Vec<crate::files::Grant>>,
    /// Another network stack than the stack's networks: `host`, `none`,
    /// `bridge`, `service:NAME` (that of another service, which starts
    /// first; this one is recreated when it is) or `container:NAME`. Not
    /// with `networks` or `ports`.
    #[schemars(example = &"service:vpn", regex(pattern = r"^(host|none|bridge|service:[A-Za-z0-9][A-Za-z0-9_-]*|container:[A-Za-z0-9][A-Za-z0-9_.-]*)$"))]
    network_mode: Option<String>,
    /// The `[configs.NAME]` it reads, as `secrets` (at `/NAME` by default).
    #[schemars(example = json!([{ "source": "app_conf", "target": "/etc/app/app.conf" }]))]
    configs: Option<Vec<crate::files::Grant>>,
}

/// `build`: the context directory, or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
#[expect(
    clippy::large_enum_variant,
    reason = "described by schemars, never built"
)]
pub enum Build {
    /// The build context, relative to stack.toml, or a URL docker fetches
    /// (`https://…/ctx.tar`, `git@host:repo.git`, `github.com/…`).
    Context(#[schemars(length(min = 1))] String),
    /// The build, key by key.
    Table(BuildTable),
}

/// `build` as a table.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildTable {
    /// The build context directory, relative to stack.toml (the stack's
    /// directory when left out with `dockerfile_inline`), or a remote
    /// context docker fetches as written (`https://…`, `http://…`,
    /// `git://…`, `git@host:repo.git`, `github.com/…`); its URL is part of
    /// the build inputs.
    #[schemars(example = &"./app", length(min = 1))]
    context: Option<String>,
    /// The Dockerfile, relative to the context.
    #[schemars(example = &"Dockerfile.prod")]
    dockerfile: Option<String>,
    /// Build arguments: strings (may use `${NAME}`), integers or booleans.
    #[schemars(example = json!({ "VERSION": "${APP_TAG}" }))]
    args: Option<Vars>,
    /// The stage of a multi-stage Dockerfile to build; may use `${NAME}`.
    #[schemars(example = &"runtime")]
    target: Option<String>,
    /// The Dockerfile itself (not with `dockerfile`); `$$` for a `$`.
    #[schemars(example = &"FROM alpine:3.20\nRUN apk add curl\n")]
    dockerfile_inline: Option<String>,
    /// Labels of the built image.
    #[schemars(example = json!({ "org.opencontainers.image.source": "https://example.com/app" }))]
    labels: Option<Labels>,
    /// The network of the `RUN` steps (`host`, `none`, a network name); may
    /// use `${NAME}`.
    #[schemars(example = &"host")]
    network: Option<String>,
    /// The size of `/dev/shm` of the `RUN` steps: bytes, or `"64m"`.
    #[schemars(example = &"128m")]
    shm_size: Option<serde_json::Value>,
    /// Host names of the `RUN` steps: `host:ip` entries.
    #[schemars(example = json!(["registry.local:10.0.0.5"]))]
    extra_hosts: Option<Vec<String>>,
    /// More tags of the built image.
    #[schemars(example = json!(["registry.example.com/app:latest"]))]
    tags: Option<Vec<String>>,
    /// Images whose layers the build may reuse.
    #[schemars(example = json!(["registry.example.com/app:cache"]))]
    cache_from: Option<Vec<String>>,
    /// Build without the cache.
    #[schemars(example = true)]
    no_cache: Option<bool>,
    /// Pull the base images even when present.
    #[schemars(example = true)]
    pull: Option<bool>,
    /// BuildKit entitlements the `RUN` steps may use (`--allow`); the build
    /// needs BuildKit (docker buildx).
    #[schemars(example = json!(["network.host"]))]
    entitlements: Option<Vec<Entitlement>>,
    /// The `security.insecure` entitlement (`RUN --security=insecure`); the
    /// build needs BuildKit (docker buildx).
    #[schemars(example = true)]
    privileged: Option<bool>,
    /// The `[secrets.NAME]` its `RUN --mount=type=secret,id=ID` steps read:
    /// a name (the id), or a table with `source` and `target` (the id). The
    /// build needs BuildKit (docker buildx); a changed secret rebuilds
    /// nothing.
    #[schemars(example = json!(["npm_token", { "source": "api_key", "target": "key" }]))]
    secrets: Option<Vec<crate::files::BuildSecret>>,
    /// The platforms the image may be built for (`os/arch[/variant]`). One
    /// engine keeps one: a service's `platform` (which must be listed), the
    /// only one, or of more the engine's own (the script stops when it is
    /// not listed).
    #[schemars(example = json!(["linux/amd64", "linux/arm64"]), inner(regex(pattern = r"^[a-z0-9_]+/[a-z0-9_]+(/[a-z0-9_]+)?$")))]
    platforms: Option<Vec<String>>,
    /// The SSH agents or private keys its `RUN --mount=type=ssh` steps
    /// use (`--ssh`): `default` (the agent of `$SSH_AUTH_SOCK`) or
    /// `ID=PATH[,PATH…]` (sockets or key files, relative to the stack's
    /// directory); or compose's table of `ID = "PATH[,PATH…]"`. The build
    /// needs BuildKit (docker buildx); a changed key rebuilds nothing.
    #[schemars(example = json!(["default", "deploy=~/.ssh/id_ed25519"]))]
    ssh: Option<BuildSsh>,
}

/// `build.ssh`: a list of entries, or a table of ids and paths.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum BuildSsh {
    List(
        #[schemars(inner(regex(pattern = r"^(default|[A-Za-z0-9_.-]+=[^=,]+(,[^=,]+)*)$")))]
        Vec<String>,
    ),
    Table(std::collections::BTreeMap<String, String>),
}

/// A BuildKit entitlement.
#[derive(JsonSchema)]
pub enum Entitlement {
    /// `RUN --network=host`.
    #[serde(rename = "network.host")]
    NetworkHost,
    /// `RUN --security=insecure`.
    #[serde(rename = "security.insecure")]
    SecurityInsecure,
}

/// One item of `ports`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum PortItem {
    /// `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`: ports may be ranges
    /// (`8000-8001:80-81`), `HOST_IP` may be IPv6 in brackets
    /// (`[::1]:8080:80`), `PROTOCOL` is `tcp` (default), `udp` or `sctp`.
    Short(#[schemars(regex(pattern = patterns::PORT))] String),
    /// The short syntax completed by parameters (`"${HTTP_PORT}:80"`):
    /// checked with their defaults, and by the script with their values.
    WithParameters(#[schemars(regex(pattern = r"\$\{"))] String),
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
    /// Options of a `bind` mount.
    #[schemars(example = json!({ "propagation": "rslave" }))]
    bind: Option<BindOptions>,
    /// Options of a `volume` mount.
    #[schemars(example = json!({ "nocopy": true }))]
    volume: Option<VolumeOptions>,
    /// Docker Desktop's file sharing mode; a Linux engine ignores it.
    #[schemars(example = &"cached")]
    consistency: Option<Consistency>,
}

/// `bind` of a mount.
// The doc comments are the schema's descriptions, where "SELinux" reads
// better without backticks.
#[allow(clippy::doc_markdown)]
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BindOptions {
    /// How mounts below it propagate between host and container.
    #[schemars(example = &"rslave")]
    propagation: Option<Propagation>,
    /// SELinux relabeling of the host path: `z` shared between containers,
    /// `Z` private to this one (written as docker's `--volume …:z`).
    #[schemars(example = &"z")]
    selinux: Option<Selinux>,
    /// `true`: create the host directory when it is missing (written as
    /// docker's `--volume`, which does; not with a `:` in the source);
    /// `false` (the default): a missing host path is an error
    /// (`--mount`).
    #[schemars(example = &true)]
    create_host_path: Option<bool>,
}

/// An SELinux relabeling.
#[allow(clippy::doc_markdown)]
#[derive(JsonSchema)]
pub enum Selinux {
    /// Shared between containers.
    #[serde(rename = "z")]
    Shared,
    /// Private to this container.
    #[serde(rename = "Z")]
    Private,
}

/// A bind propagation.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Propagation {
    /// The default.
    Rprivate,
    Private,
    Rshared,
    Shared,
    Rslave,
    Slave,
}

/// `volume` of a mount.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VolumeOptions {
    /// Do not copy the image's files at the target into a new volume.
    #[schemars(example = true)]
    nocopy: Option<bool>,
    /// Mount this directory of the volume (relative; it must exist in the
    /// volume). Needs Docker Engine API 1.45 (Docker 26): the script stops
    /// on an older engine before it changes anything.
    #[schemars(example = &"site/www", regex(pattern = r"^[^/]"))]
    subpath: Option<String>,
}

/// A file sharing mode.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Consistency {
    Consistent,
    Cached,
    Delegated,
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
            inner(regex(pattern = patterns::SERVICE_NAME))
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

/// `{ condition = "…", required, restart }`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DependencyTable {
    /// What the dependent waits for (`started` when left out).
    #[schemars(example = &"service_healthy")]
    condition: Option<Condition>,
    /// `false`: a dependency `--profile` leaves out is no error; the
    /// service starts without it.
    #[schemars(example = false)]
    required: Option<bool>,
    /// `true`: when `up` recreates or restarts the dependency, it restarts
    /// this service (if it keeps it).
    #[schemars(example = true)]
    restart: Option<bool>,
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

/// `logging`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logging {
    /// The logging driver; the engine's default when left out.
    #[schemars(example = &"json-file")]
    driver: Option<Template>,
    /// The driver's options: a table of strings, or a list of
    /// `NAME=VALUE`.
    #[schemars(example = json!({ "max-size": "10m", "max-file": "3" }))]
    options: Option<Labels>,
}

/// `gpus`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Gpus {
    /// `"all"` or a number of GPUs.
    Count(GpuCount),
    /// One `--gpus` per request.
    Requests(Vec<GpuRequest>),
}

/// `"all"` or a number.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum GpuCount {
    /// Every GPU.
    All(AllWord),
    /// A number of GPUs.
    Number(#[schemars(range(min = 1))] u32),
}

/// The word `all`.
#[derive(JsonSchema)]
pub enum AllWord {
    #[serde(rename = "all")]
    All,
}

/// One GPU request, as compose's device request.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GpuRequest {
    /// The device driver (`nvidia`).
    #[schemars(example = &"nvidia")]
    driver: Option<String>,
    /// How many (`all` when neither this nor `device_ids` is given).
    #[schemars(example = 1)]
    count: Option<GpuCount>,
    /// Given devices, by ID or index (not with `count`).
    #[schemars(example = json!(["0", "2"]))]
    device_ids: Option<Vec<String>>,
    /// Capabilities; docker always asks for `gpu`, which must be listed.
    #[schemars(example = json!(["gpu", "utility"]))]
    capabilities: Option<Vec<String>>,
    /// The driver's options.
    #[schemars(example = json!({ "visible": "0" }))]
    options: Option<std::collections::BTreeMap<String, String>>,
}

/// `update`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// How many replicas are replaced at once (default 1).
    #[schemars(example = 2, range(min = 1, max = 1000))]
    parallelism: Option<u32>,
    /// `stop-first` (the default: the old container stops, then the new
    /// one starts) or `start-first` (the new one starts under the name
    /// `<name>-next` and is ready before the old one stops, then takes its
    /// name; not with a fixed published host port).
    #[schemars(example = &"start-first")]
    order: Option<UpdateOrder>,
    /// The pause after each batch that replaced a container.
    #[schemars(example = &"5s")]
    delay: Option<Duration>,
}

/// `update.order`.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UpdateOrder {
    /// The old container stops before the new one starts (the default).
    StopFirst,
    /// The new container is ready before the old one stops.
    StartFirst,
}

/// `healthcheck`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Healthcheck {
    /// The check: `"cmd"` or `["CMD-SHELL", "cmd"]` (run by `/bin/sh -c`),
    /// `["CMD", "prog", "arg", …]` (a program and its arguments), or
    /// `["NONE"]` (disable the image's healthcheck). Without it, the image's
    /// own `HEALTHCHECK`, with the timings given (`healthcheck = {}` says
    /// the image declares one, so that a dependent may wait for `healthy`).
    #[schemars(example = json!(["CMD", "pg_isready", "-U", "postgres"]))]
    test: Option<HealthTest>,
    /// The time between two checks. Parameters may complete any of the
    /// timings (`"${HEALTH_INTERVAL:-30s}"`), checked before docker.
    #[schemars(example = &"5s")]
    interval: Option<TimingOrParam>,
    /// The time a check may take.
    #[schemars(example = &"3s")]
    timeout: Option<TimingOrParam>,
    /// The time to start before failures count.
    #[schemars(example = &"10s")]
    start_period: Option<TimingOrParam>,
    /// The time between two checks during `start_period` (Docker Engine
    /// 25, API 1.44; the script checks the engine before it changes
    /// anything).
    #[schemars(example = &"1s")]
    start_interval: Option<TimingOrParam>,
    /// Consecutive failures before the container is unhealthy; parameters
    /// may complete it (`"${HEALTH_RETRIES:-3}"`).
    #[schemars(example = 5)]
    retries: Option<crate::values::CountOrParam>,
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
    /// A policy parameters complete (`"${RESTART_POLICY}"`).
    WithParameters(#[schemars(regex(pattern = r"\$\{"))] String),
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
    /// Build the service's image on every `up` (compose's `pull_policy:
    /// build`); needs a `build`.
    Build,
}

/// `run`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Run {
    /// A one-shot job: it runs to completion, and is not run again once it
    /// completed with status 0, unless its definition changed.
    Once,
}

/// The array form of `healthcheck.test`: `["CMD", program, args…]`,
/// `["CMD-SHELL", command]` or `["NONE"]`.
pub struct HealthTestList;

impl JsonSchema for HealthTestList {
    fn schema_name() -> Cow<'static, str> {
        "HealthTestList".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let word = generator.subschema_for::<Template>();
        json_schema!({
            "type": "array",
            "items": [{ "enum": ["CMD", "CMD-SHELL", "NONE"] }],
            "additionalItems": word,
            "anyOf": [
                {
                    "description": "A program and its arguments, run without a shell.",
                    "items": [{ "const": "CMD" }],
                    "minItems": 2,
                },
                {
                    "description": "One command line, run by `/bin/sh -c`.",
                    "items": [{ "const": "CMD-SHELL" }],
                    "minItems": 2,
                    "maxItems": 2,
                },
                {
                    "description": "Disable the image's healthcheck.",
                    "items": [{ "const": "NONE" }],
                    "maxItems": 1,
                },
            ],
        })
    }
}
