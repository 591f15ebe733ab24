//! The Kubernetes object model: only what stackc writes, as `Serialize`
//! structs in the API's field order and spelling.

use indexmap::IndexMap;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Object {
    pub(super) api_version: &'static str,
    pub(super) kind: &'static str,
    pub(super) metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) spec: Option<Spec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) data: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) binary_data: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rules: Option<Vec<PolicyRule>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) role_ref: Option<RoleRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) subjects: Option<Vec<Subject>>,
}

impl Object {
    pub(super) fn new(api_version: &'static str, kind: &'static str, metadata: Metadata) -> Self {
        Self {
            api_version,
            kind,
            metadata,
            spec: None,
            data: None,
            binary_data: None,
            rules: None,
            role_ref: None,
            subjects: None,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Spec {
    Deployment(DeploymentSpec),
    Job(JobSpec),
    Service(ServiceSpec),
    Claim(ClaimSpec),
    Policy(PolicySpec),
}

#[derive(Serialize)]
pub(super) struct Metadata {
    pub(super) name: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) annotations: IndexMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DeploymentSpec {
    pub(super) replicas: u32,
    pub(super) selector: LabelSelector,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) strategy: Option<Strategy>,
    /// `update.delay`: how long a new pod is ready before it counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) min_ready_seconds: Option<u128>,
    pub(super) template: PodTemplate,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Strategy {
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rolling_update: Option<RollingUpdate>,
}

/// `update`: `parallelism` pods at a time, taken down first (`stop-first`)
/// or added first (`start-first`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RollingUpdate {
    pub(super) max_surge: u32,
    pub(super) max_unavailable: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct JobSpec {
    pub(super) backoff_limit: u32,
    pub(super) template: PodTemplate,
}

#[derive(Serialize)]
pub(super) struct PodTemplate {
    pub(super) metadata: PodMetadata,
    pub(super) spec: PodSpec,
}

#[derive(Serialize)]
pub(super) struct PodMetadata {
    pub(super) labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) annotations: IndexMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PodSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) service_account_name: Option<&'static str>,
    pub(super) restart_policy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) share_process_namespace: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) termination_grace_period_seconds: Option<u128>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) host_aliases: Vec<HostAlias>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) init_containers: Vec<Container>,
    pub(super) containers: Vec<Container>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) volumes: Vec<PodVolume>,
}

#[derive(Serialize)]
pub(super) struct HostAlias {
    pub(super) ip: String,
    pub(super) hostnames: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Container {
    pub(super) name: String,
    pub(super) image: String,
    pub(super) image_pull_policy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) args: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) working_dir: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) env: Vec<EnvVar>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ports: Vec<ContainerPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) volume_mounts: Vec<VolumeMount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) readiness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) liveness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) resources: Option<ContainerResources>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) security_context: Option<SecurityContext>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) stdin: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) tty: bool,
}

/// A container's `resources`: memory in bytes, CPUs as written.
#[derive(Serialize)]
pub(super) struct ContainerResources {
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) limits: IndexMap<&'static str, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) requests: IndexMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EnvVar {
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) value_from: Option<EnvSource>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EnvSource {
    pub(super) secret_key_ref: KeyRef,
}

#[derive(Serialize)]
pub(super) struct KeyRef {
    pub(super) name: String,
    pub(super) key: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[expect(
    clippy::struct_field_names,
    reason = "the field is Kubernetes' `containerPort`"
)]
pub(super) struct ContainerPort {
    pub(super) name: String,
    pub(super) container_port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) host_port: Option<u16>,
    #[serde(rename = "hostIP", skip_serializing_if = "Option::is_none")]
    pub(super) host_ip: Option<String>,
    pub(super) protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct VolumeMount {
    pub(super) name: String,
    pub(super) mount_path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) sub_path: Option<String>,
    #[serde(skip_serializing_if = "crate::yaml::is_false")]
    pub(super) read_only: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Probe {
    pub(super) exec: ExecAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) initial_delay_seconds: Option<u128>,
    pub(super) period_seconds: u128,
    pub(super) timeout_seconds: u128,
    pub(super) failure_threshold: u32,
}

#[derive(Serialize)]
pub(super) struct ExecAction {
    pub(super) command: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SecurityContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) run_as_user: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) run_as_group: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) read_only_root_filesystem: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) privileged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) capabilities: Option<Capabilities>,
}

#[derive(Serialize)]
pub(super) struct Capabilities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) drop: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PodVolume {
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) persistent_volume_claim: Option<ClaimRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) empty_dir: Option<EmptyDir>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) config_map: Option<ConfigMapRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) secret: Option<SecretRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) host_path: Option<HostPath>,
}

impl PodVolume {
    pub(super) fn named(name: String) -> Self {
        Self {
            name,
            persistent_volume_claim: None,
            empty_dir: None,
            config_map: None,
            secret: None,
            host_path: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ClaimRef {
    pub(super) claim_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EmptyDir {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) medium: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) size_limit: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConfigMapRef {
    pub(super) name: String,
    /// The files' permission bits (written in decimal, as JSON has them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) default_mode: Option<u32>,
}

/// A Secret's keys as files.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SecretRef {
    pub(super) secret_name: String,
    /// The files' permission bits (written in decimal, as JSON has them).
    pub(super) default_mode: u32,
}

#[derive(Serialize)]
pub(super) struct HostPath {
    pub(super) path: String,
}

#[derive(Serialize)]
pub(super) struct ServiceSpec {
    /// `LoadBalancer` for the Service of published ports; headless otherwise.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub(super) kind: Option<&'static str>,
    #[serde(rename = "clusterIP", skip_serializing_if = "Option::is_none")]
    pub(super) cluster_ip: Option<&'static str>,
    pub(super) selector: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ports: Vec<ServicePort>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(super) struct ServicePort {
    pub(super) name: String,
    pub(super) port: u16,
    pub(super) target_port: u16,
    pub(super) protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ClaimSpec {
    pub(super) access_modes: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) storage_class_name: Option<String>,
    pub(super) resources: Resources,
}

#[derive(Serialize)]
pub(super) struct Resources {
    pub(super) requests: IndexMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PolicySpec {
    pub(super) pod_selector: LabelSelector,
    pub(super) policy_types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ingress: Vec<IngressRule>,
    pub(super) egress: Vec<EgressRule>,
}

#[derive(Serialize)]
pub(super) struct IngressRule {
    pub(super) from: Vec<Peer>,
}

#[derive(Serialize)]
pub(super) struct EgressRule {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) to: Vec<Peer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ports: Vec<PolicyPort>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Peer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) namespace_selector: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pod_selector: Option<LabelSelector>,
}

#[derive(Serialize)]
pub(super) struct PolicyPort {
    pub(super) protocol: &'static str,
    pub(super) port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LabelSelector {
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub(super) match_labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) match_expressions: Vec<Requirement>,
}

#[derive(Serialize)]
pub(super) struct Requirement {
    pub(super) key: &'static str,
    pub(super) operator: &'static str,
    pub(super) values: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PolicyRule {
    pub(super) api_groups: Vec<&'static str>,
    pub(super) resources: Vec<&'static str>,
    pub(super) verbs: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RoleRef {
    pub(super) api_group: &'static str,
    pub(super) kind: &'static str,
    pub(super) name: &'static str,
}

#[derive(Serialize)]
pub(super) struct Subject {
    pub(super) kind: &'static str,
    pub(super) name: &'static str,
}
