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

use crate::named::{Named, NetworkName, ParamName, ServiceName, VolumeName};
use crate::outputs::{OutputAction, OutputFormat, OutputTarget};
use crate::patterns;
use crate::service::{Build, Service};
use crate::values::Labels;

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
    /// Services, by name (`[A-Za-z0-9][A-Za-z0-9_-]*`); containers are
    /// `<stack>-<service>-<n>`. Declaration order breaks dependency ties.
    #[schemars(example = json!({ "web": { "image": "nginx:1.27" } }))]
    services: Option<Named<ServiceName, Service>>,
    /// Images the stack builds, by name (`[a-z0-9][a-z0-9_-]*`): a service
    /// runs one with `image = "NAME"`; an image whose Dockerfile starts
    /// `FROM` another of them is built after it.
    #[schemars(example = json!({ "base": { "build": "./base" } }))]
    images: Option<std::collections::BTreeMap<String, ImageDef>>,
    /// Secrets, by name (`[A-Za-z0-9][A-Za-z0-9_.-]*`): files whose content
    /// comes from a host file or a secret parameter, copied into the
    /// containers of the services that list them (at
    /// `/run/secrets/NAME`), never on a command line or in an output.
    #[schemars(example = crate::files::secrets_example())]
    secrets: Option<Named<crate::files::FileName, crate::files::SecretSource>>,
    /// Configs, by name: files from a host file, a parameter or inline
    /// `content`, copied into the containers of the services that list
    /// them (at `/NAME` by default).
    #[schemars(example = json!({ "app_conf": { "content": "listen ${PORT}\n" } }))]
    configs: Option<Named<crate::files::FileName, crate::files::ConfigSource>>,
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
    /// An empty value is a value: the default (or the stop of a parameter
    /// without one) applies only when the parameter is unset, as compose's
    /// `${NAME-default}`. Without it, an empty value counts as unset.
    #[schemars(example = true)]
    keep_empty: Option<bool>,
}

/// `[networks.NAME]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "external": { "const": true } }, "required": ["external"] },
    "then" = { "not": { "anyOf": [
        { "required": ["driver"] }, { "required": ["internal"] }, { "required": ["labels"] },
        { "required": ["attachable"] }, { "required": ["enable_ipv6"] },
        { "required": ["driver_opts"] }, { "required": ["ipam"] }
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
    /// The network exists already under exactly `NAME` (or `name`): never
    /// created or removed. No other key but `name` is allowed with it.
    #[schemars(example = true)]
    external: Option<bool>,
    /// The engine's name, instead of `<stack>_NAME`. That of an external
    /// network may use parameters (`${PROXY_NETWORK:-traefik}`).
    #[schemars(example = &"shared-proxy")]
    name: Option<String>,
    /// Containers outside the stack may join it (`--attachable`).
    #[schemars(example = true)]
    attachable: Option<bool>,
    /// IPv6 addressing (`--ipv6`).
    #[schemars(example = true)]
    enable_ipv6: Option<bool>,
    /// The driver's options (`--opt`).
    #[schemars(example = json!({ "com.docker.network.bridge.name": "br-app" }))]
    driver_opts: Option<std::collections::BTreeMap<String, String>>,
    /// Address management: `driver`, `config` (pools with `subnet`,
    /// `ip_range`, `gateway`, `aux_addresses`), `options`.
    #[schemars(example = json!({ "config": [{ "subnet": "172.28.0.0/16" }] }))]
    ipam: Option<crate::files::Ipam>,
}

/// `[volumes.NAME]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "external": { "const": true } }, "required": ["external"] },
    "then" = { "not": { "anyOf": [
        { "required": ["driver"] }, { "required": ["labels"] }, { "required": ["owner"] },
        { "required": ["mode"] }, { "required": ["init_image"] }, { "required": ["driver_opts"] }
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
    /// The engine's name, instead of `<stack>_NAME`. That of an external
    /// volume may use parameters (`${DATA_VOLUME}`).
    #[schemars(example = &"shared-data")]
    name: Option<String>,
    /// The driver's options (`--opt`).
    #[schemars(example = json!({ "type": "tmpfs", "device": "tmpfs", "o": "size=64m" }))]
    driver_opts: Option<std::collections::BTreeMap<String, String>>,
}
