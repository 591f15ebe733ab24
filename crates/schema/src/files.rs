//! `[secrets.NAME]`, `[configs.NAME]` and a service's `secrets` and
//! `configs`.

#![allow(
    dead_code,
    reason = "the types describe the format; no value of them is ever built"
)]

use schemars::JsonSchema;
use serde_json::json;

use crate::named::NameRule;
use crate::values::Template;

/// The names of secrets and configs.
pub struct FileName;
impl NameRule for FileName {
    const ID: &'static str = "Files";
    const PATTERN: &'static str = stackc_ir::names::NameKind::Secret.pattern();
}

/// `[secrets.NAME]`: where a secret's content comes from (one key).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum SecretSource {
    /// A host file, read when the script runs: relative to stack.toml, `~/…`
    /// or absolute.
    File(FromFile),
    /// A secret parameter (`[params.NAME] secret = true`), read from the
    /// environment when the script runs.
    Param(FromParam),
}

/// `[configs.NAME]`: where a config's content comes from (one key).
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum ConfigSource {
    File(FromFile),
    /// A parameter's value.
    Param(FromParam),
    /// Inline text; `${NAME}` reads a parameter.
    Content(FromContent),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FromFile {
    /// A host file: relative to stack.toml, `~/…` or absolute.
    #[schemars(example = &"./secrets/db_password.txt", length(min = 1))]
    file: Template,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FromParam {
    /// A declared parameter (a secret's must be `secret = true`).
    #[schemars(example = &"DB_PASSWORD", regex(pattern = crate::patterns::PARAM_NAME))]
    param: String,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FromContent {
    /// The file's content.
    #[schemars(example = &"listen 8080\n")]
    content: Template,
}

/// One entry of a service's `secrets` or `configs`: a name, or a table.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Grant {
    /// The name of a `[secrets.NAME]` (at `/run/secrets/NAME`) or a
    /// `[configs.NAME]` (at `/NAME`).
    Name(#[schemars(regex(pattern = stackc_ir::names::NameKind::Secret.pattern()))] String),
    Table(GrantTable),
}

/// A grant with its place, owner and mode.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantTable {
    /// The `[secrets.NAME]` or `[configs.NAME]`.
    #[schemars(example = &"db_password", regex(pattern = stackc_ir::names::NameKind::Secret.pattern()))]
    source: String,
    /// Where it lands: an absolute path; a secret's relative path is under
    /// `/run/secrets`.
    #[schemars(example = &"/etc/app/app.conf")]
    target: Option<String>,
    /// The numeric owner (default 0).
    #[schemars(example = &"1000")]
    uid: Option<Id>,
    /// The numeric group (default 0).
    #[schemars(example = &"1000")]
    gid: Option<Id>,
    /// Permission bits: `0o440` or `"0440"` (default `0444`).
    #[schemars(example = &"0440")]
    mode: Option<Mode>,
}

/// A numeric ID, as an integer or a string of digits.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Id {
    Number(#[schemars(range(min = 0, max = 2_097_151))] u32),
    Text(#[schemars(regex(pattern = r"^[0-9]+$"))] String),
}

/// Permission bits, as an integer (`0o440`) or an octal string.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Mode {
    Number(#[schemars(range(min = 0, max = 4095))] u32),
    Text(#[schemars(regex(pattern = "^[0-7]{1,4}$"))] String),
}

/// The example of the top-level tables.
pub fn secrets_example() -> serde_json::Value {
    json!({ "db_password": { "file": "./secrets/db_password.txt" } })
}

/// A service's `networks`: names (with options as tables), or compose's
/// table from network name to options.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Networks {
    List(Vec<NetworkItem>),
    Table(std::collections::BTreeMap<String, Attachment>),
}

/// A network to join: its name, or a table with `name` and options.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum NetworkItem {
    Name(#[schemars(regex(pattern = crate::patterns::RESOURCE_NAME))] String),
    Table(NamedAttachment),
}

/// A network joined with options (list form).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedAttachment {
    /// The network.
    #[schemars(example = &"back", regex(pattern = crate::patterns::RESOURCE_NAME))]
    name: String,
    #[serde(flatten)]
    options: Attachment,
}

/// How a service joins a network.
#[derive(JsonSchema)]
pub struct Attachment {
    /// More DNS names on that network (the service's name is one already).
    #[schemars(example = json!(["db", "db.internal"]))]
    aliases: Option<Vec<String>>,
    /// A fixed IPv4 address (the network needs `ipam.config` with a subnet).
    /// Parameters may complete it (`"${IPV4_NETWORK:-172.22.1}.249"`),
    /// checked as an address before docker.
    #[schemars(example = &"172.28.0.10")]
    ipv4_address: Option<String>,
    /// A fixed IPv6 address; parameters may complete it.
    #[schemars(example = &"fd00::10")]
    ipv6_address: Option<String>,
    /// Networks are joined by descending priority; the first at creation.
    #[schemars(example = 10)]
    priority: Option<i64>,
}

/// A network's `ipam`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ipam {
    /// The IPAM driver (`default` when left out).
    #[schemars(example = &"default")]
    driver: Option<String>,
    /// Address pools.
    #[schemars(example = json!([{ "subnet": "172.28.0.0/16", "gateway": "172.28.0.1" }]))]
    config: Option<Vec<IpamPool>>,
    /// The IPAM driver's options.
    #[schemars(example = json!({ "foo": "bar" }))]
    options: Option<std::collections::BTreeMap<String, String>>,
}

/// One address pool.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IpamPool {
    /// A CIDR block. Parameters may complete it, and `ip_range` and
    /// `gateway` (`"${IPV4_NETWORK:-172.22.1}.0/24"`): checked before docker.
    #[schemars(example = &"172.28.0.0/16")]
    subnet: Option<String>,
    /// The block addresses are given from.
    #[schemars(example = &"172.28.5.0/24")]
    ip_range: Option<String>,
    /// The gateway's address.
    #[schemars(example = &"172.28.0.1")]
    gateway: Option<String>,
    /// Addresses the driver must not give, by host name.
    #[schemars(example = json!({ "host1": "172.28.1.5" }))]
    aux_addresses: Option<std::collections::BTreeMap<String, String>>,
}

/// One entry of a build's `secrets`.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum BuildSecret {
    /// The name of a `[secrets.NAME]`, also its id.
    Name(#[schemars(regex(pattern = stackc_ir::names::NameKind::Secret.pattern()))] String),
    Table(BuildSecretTable),
}

/// A build secret under another id.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildSecretTable {
    /// The `[secrets.NAME]`.
    #[schemars(example = &"api_key", regex(pattern = stackc_ir::names::NameKind::Secret.pattern()))]
    source: String,
    /// Its id in the Dockerfile (`RUN --mount=type=secret,id=ID`); the
    /// source's name by default.
    #[schemars(example = &"key", regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"))]
    target: Option<String>,
}
