//! The compose file model: only what stackc writes, as `Serialize`
//! structs whose maps are [`IndexMap`]s in declaration order.

use indexmap::IndexMap;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct ComposeFile {
    pub(super) name: String,
    pub(super) services: IndexMap<String, ComposeService>,
    #[serde(flatten)]
    pub(super) tail: Tail,
}

/// The file's first key, written before its services ([`super::Compose`]
/// writes the file in parts).
#[derive(Serialize)]
pub(super) struct Head {
    pub(super) name: String,
}

/// A file without services.
#[derive(Serialize, Default)]
pub(super) struct EmptyServices {
    services: IndexMap<String, ComposeService>,
}

/// The file's keys after its services.
#[derive(Serialize)]
pub(super) struct Tail {
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) networks: IndexMap<String, ComposeNetwork>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) volumes: IndexMap<String, ComposeVolume>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) secrets: IndexMap<String, super::files::ComposeFileObject>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) configs: IndexMap<String, super::files::ComposeFileObject>,
}

impl Tail {
    pub(super) fn is_empty(&self) -> bool {
        self.networks.is_empty()
            && self.volumes.is_empty()
            && self.secrets.is_empty()
            && self.configs.is_empty()
    }
}

/// A service's `networks`: a list of names, or, when one has options, the
/// mapping form (`null` for one without).
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ComposeNetworks {
    List(Vec<String>),
    Map(IndexMap<String, Option<ComposeAttachment>>),
}

impl Default for ComposeNetworks {
    fn default() -> Self {
        Self::List(Vec::new())
    }
}

impl ComposeNetworks {
    fn is_empty(&self) -> bool {
        match self {
            Self::List(list) => list.is_empty(),
            Self::Map(map) => map.is_empty(),
        }
    }
}

/// The options of a service's attachment to one network.
#[derive(Serialize)]
pub(super) struct ComposeAttachment {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ipv4_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ipv6_address: Option<String>,
    #[serde(skip_serializing_if = "is_zero")]
    pub(super) priority: i64,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A lifecycle hook (`post_start`, `pre_stop`).
#[derive(Serialize)]
pub(super) struct ComposeHook {
    pub(super) command: Vec<String>,
}

#[derive(Serialize, Default)]
pub(super) struct ComposeService {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) build: Option<ComposeBuild>,
    /// `0` for a service that only builds an image (`images.NAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) scale: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) profiles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) container_name: Option<String>,
    /// `Some(vec![])` is written as `[]`: it clears the image's `CMD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) command: Option<Vec<String>>,
    /// `Some(vec![])` is written as `[]`: it clears the image's `ENTRYPOINT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) entrypoint: Option<Vec<String>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    /// `None` (YAML `null`): passed through from compose's environment.
    pub(super) environment: IndexMap<String, Option<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) env_file: Vec<ComposeEnvFile>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ports: Vec<ComposePort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) volumes: Vec<ComposeMount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) volumes_from: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) links: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) external_links: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) attach: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) secrets: Vec<super::files::ComposeGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) configs: Vec<super::files::ComposeGrant>,
    #[serde(skip_serializing_if = "ComposeNetworks::is_empty")]
    pub(super) networks: ComposeNetworks,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) network_mode: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) depends_on: IndexMap<String, ComposeDependency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) healthcheck: Option<ComposeHealthcheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) logging: Option<ComposeLogging>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) gpus: Vec<ComposeGpu>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) blkio_config: Option<ComposeBlkio>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) restart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) deploy: Option<ComposeDeploy>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) label_file: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) working_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hostname: Option<String>,
    /// The keys of [`stackc_ir::flags::FLAGS`], in that order.
    #[serde(flatten)]
    pub(super) flags: IndexMap<&'static str, FlagYaml>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pull_policy: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) post_start: Vec<ComposeHook>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) pre_stop: Vec<ComposeHook>,
}

/// One of `env_file`: a path, or the long form of an optional one.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ComposeEnvFile {
    Path(String),
    Optional { path: String, required: bool },
}

/// The value of a key of [`stackc_ir::flags::FLAGS`].
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum FlagYaml {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<String>),
    Map(IndexMap<String, String>),
    Limits(IndexMap<String, ComposeUlimit>),
}

#[derive(Serialize)]
pub(super) struct ComposeLogging {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) options: IndexMap<String, String>,
}

/// One of `ulimits`: a number for both limits, or both.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ComposeUlimit {
    Both(i64),
    Apart {
        soft: i64,
        hard: i64,
    },
    /// One limit that parameters complete, interpolated by compose.
    Text(String),
}

#[derive(Serialize)]
pub(super) struct ComposeBuild {
    pub(super) context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) dockerfile: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) args: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) dockerfile_inline: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) network: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) shm_size: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) cache_from: Vec<String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) no_cache: bool,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) pull: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) entitlements: Vec<String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) privileged: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) secrets: Vec<super::files::ComposeGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) platforms: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ssh: Vec<String>,
}

/// A published port: the long syntax when the container port is a single
/// port, else the short syntax (compose's long syntax takes no target range).
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ComposePort {
    Long {
        target: u16,
        #[serde(skip_serializing_if = "Option::is_none")]
        published: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        host_ip: Option<String>,
        protocol: &'static str,
    },
    Short(String),
}

#[derive(Serialize)]
pub(super) struct ComposeMount {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) source: Option<String>,
    pub(super) target: String,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) read_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) bind: Option<ComposeBind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) volume: Option<ComposeVolumeOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) tmpfs: Option<ComposeTmpfs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) consistency: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct ComposeBind {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) propagation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) selinux: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) create_host_path: Option<bool>,
}

#[derive(Serialize)]
pub(super) struct ComposeVolumeOptions {
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) nocopy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) subpath: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ComposeTmpfs {
    pub(super) size: u64,
}

#[derive(Serialize)]
pub(super) struct ComposeDependency {
    pub(super) condition: &'static str,
    /// `false` written only (compose's default is `true`).
    #[serde(skip_serializing_if = "crate::yaml::is_true")]
    pub(super) required: bool,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) restart: bool,
}

#[derive(Serialize)]
pub(super) struct ComposeHealthcheck {
    /// Empty: the image's own test.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) test: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) interval: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) timeout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) retries: Option<FlagYaml>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) start_period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) start_interval: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ComposeDeploy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) replicas: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) update_config: Option<ComposeUpdate>,
}

/// `deploy.update_config`, from `update`.
#[derive(Serialize)]
pub(super) struct ComposeUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) parallelism: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) delay: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) order: Option<&'static str>,
}

#[derive(Serialize, Default)]
#[expect(clippy::struct_excessive_bools, reason = "compose's keys")]
pub(super) struct ComposeNetwork {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) driver_opts: IndexMap<String, String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) internal: bool,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) attachable: bool,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) enable_ipv6: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ipam: Option<ComposeIpam>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) external: bool,
}

/// A network's `ipam`.
#[derive(Serialize)]
pub(super) struct ComposeIpam {
    #[serde(skip_serializing_if = "Option::is_none")]
    driver: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    config: Vec<ComposePool>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    options: IndexMap<String, String>,
}

#[derive(Serialize)]
struct ComposePool {
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_range: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    aux_addresses: IndexMap<String, String>,
}

impl ComposeIpam {
    pub(super) fn of(lower: &mut super::Lower<'_>, ipam: &stackc_ir::stack::Ipam) -> Self {
        let lit = |s: &String| super::interpolation::literal(s);
        let mut address = |t: &Option<stackc_ir::stack::Spanned<stackc_ir::Template>>| {
            t.as_ref().map(|t| lower.template(&t.value))
        };
        Self {
            driver: ipam.driver.as_ref().map(lit),
            options: ipam
                .options
                .iter()
                .map(|(k, v)| (k.clone(), lit(v)))
                .collect(),
            config: ipam
                .config
                .iter()
                .map(|pool| ComposePool {
                    subnet: address(&pool.subnet),
                    ip_range: address(&pool.ip_range),
                    gateway: address(&pool.gateway),
                    aux_addresses: pool.aux_addresses.iter().cloned().collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, Default)]
pub(super) struct ComposeVolume {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) driver_opts: IndexMap<String, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) external: bool,
}

/// One request of a service's `gpus`.
#[derive(Serialize)]
pub(super) struct ComposeGpu {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) driver: Option<String>,
    /// `all` or a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) count: Option<GpuCountYaml>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) device_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) capabilities: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) options: IndexMap<String, String>,
}

/// `count`: the word `all`, or a number.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum GpuCountYaml {
    All(&'static str),
    Count(u32),
}

/// A service's `blkio_config`: rates in bytes (or operations) per second.
#[derive(Serialize)]
pub(super) struct ComposeBlkio {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) weight: Option<u16>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) weight_device: Vec<ComposeBlkioWeight>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) device_read_bps: Vec<ComposeBlkioRate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) device_write_bps: Vec<ComposeBlkioRate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) device_read_iops: Vec<ComposeBlkioRate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) device_write_iops: Vec<ComposeBlkioRate>,
}

/// `{ path, weight }`.
#[derive(Serialize)]
pub(super) struct ComposeBlkioWeight {
    pub(super) path: String,
    pub(super) weight: u64,
}

/// `{ path, rate }`.
#[derive(Serialize)]
pub(super) struct ComposeBlkioRate {
    pub(super) path: String,
    pub(super) rate: u64,
}
