//! The Kubernetes backend: lowers the resolved [`Stack`] directly into
//! Kubernetes manifests (one multi-document YAML file, or one file per
//! object).
//!
//! Like compose, the target is declarative: every object is a `Serialize`
//! struct whose maps are [`IndexMap`]s in declaration order, written by
//! `crate::yaml`. Parameters are resolved at compile time, as for argv
//! ([`crate::Layout::param_values`], else the default); a secret parameter
//! is never resolved: it becomes a `secretKeyRef` to the Secret
//! `<stack>-params` (see [`secret_name`]). Anything in the stack that has no
//! Kubernetes counterpart is an error naming the key, never dropped.
//!
//! The mapping, field by field, is in docs/kubernetes.md.

#![expect(
    clippy::doc_markdown,
    reason = "Kubernetes kinds (ConfigMap, NetworkPolicy, …) are words of the domain, not code"
)]

use indexmap::IndexMap;
use serde::Serialize;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::flags::{FlagValue, Flags, KubeField, KubeMapping};
use stackc_ir::stack::{
    Build, Condition, Dependency, Duration, HealthTest, Healthcheck, Mount, Network, Param, Port,
    PortRange, Protocol, PullPolicy, Restart, Service, Spanned, Stack, Volume,
};
use stackc_ir::template::{Part, Template};

use crate::yaml::{self, MultiLine};
use crate::{Backend, Input};

/// The Kubernetes version the manifests are written for and validated
/// against (tests/kube.rs).
pub const KUBERNETES_VERSION: &str = "1.30.0";

/// The default image of the init containers that wait for dependencies.
pub const DEFAULT_WAIT_IMAGE: &str = "registry.k8s.io/kubectl:v1.30.0";

/// How long an init container waits for one dependency.
const WAIT_TIMEOUT: &str = "300s";

/// The name of the ServiceAccount (and its Role and RoleBinding) the wait
/// init containers run as.
const WAIT_ACCOUNT: &str = "stackc-wait";

/// What bind mounts become; without a choice, a bind mount is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindAs {
    /// A ConfigMap holding the file's content, read at compile time and
    /// mounted read-only with `subPath` (regular UTF-8 files only).
    ConfigMap,
    /// A `hostPath` volume: the path resolved at compile time, on whichever
    /// node runs the pod.
    HostPath,
}

/// The Kubernetes target and the settings the stack format cannot carry
/// yet (a `[volumes.NAME.kube]` table needs a frontend change).
#[derive(Clone, Debug)]
pub struct Kube {
    /// `storageClassName` of every PersistentVolumeClaim; `None` uses the
    /// cluster's default class.
    pub storage_class: Option<String>,
    /// The storage request of every PersistentVolumeClaim, e.g. `1Gi`.
    pub volume_size: String,
    pub bind_as: Option<BindAs>,
    /// The image of the wait init containers (it must hold `kubectl`).
    pub wait_image: String,
}

impl Default for Kube {
    fn default() -> Self {
        Self {
            storage_class: None,
            volume_size: "1Gi".to_owned(),
            bind_as: None,
            wait_image: DEFAULT_WAIT_IMAGE.to_owned(),
        }
    }
}

/// One manifest: a file name for directory output and its YAML (one
/// document, without the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// `<kind>-<name>.yaml`, kind in lowercase.
    pub file_name: String,
    pub yaml: String,
}

impl Backend for Kube {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let docs = self.documents(input)?;
        let mut out = header(&input.layout.source_name);
        for (i, doc) in docs.iter().enumerate() {
            if i > 0 {
                out.push_str("---\n");
            }
            out.push_str(&doc.yaml);
        }
        Ok(out)
    }
}

impl Kube {
    /// Every manifest, in apply order: the wait account, ConfigMaps,
    /// PersistentVolumeClaims, NetworkPolicies, then per service (in
    /// dependency order) its Service and its Deployment or Job.
    pub fn documents(&self, input: &Input<'_>) -> Result<Vec<Document>, Diagnostics> {
        let mut lower = Lower {
            kube: self,
            stack: input.stack,
            order: &input.analyzed.declaration_order,
            layout: input.layout,
            diags: Diagnostics::default(),
            missing: Vec::new(),
            config_maps: Vec::new(),
        };
        let objects = lower.objects();
        let diags = std::mem::take(&mut lower.diags);
        let objects = diags.into_result(objects)?;
        objects
            .iter()
            .map(|object| {
                Ok(Document {
                    file_name: format!(
                        "{}-{}.yaml",
                        object.kind.to_ascii_lowercase(),
                        object.metadata.name
                    ),
                    yaml: yaml::to_string(object, MultiLine::Block, "kubernetes")?,
                })
            })
            .collect()
    }
}

/// The header comment of every output file.
pub fn header(source_name: &str) -> String {
    yaml::header(source_name, "kube")
}

/// The Secret that holds the stack's secret parameters, one key per
/// parameter name: `<stack>-params` (`_` in the stack name becomes `-`).
pub fn secret_name(stack: &str) -> String {
    format!("{}-params", stack.replace('_', "-"))
}

// ---------------------------------------------------------------------------
// The Kubernetes object model (only what stackc emits).

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Object {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    spec: Option<Spec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<Vec<PolicyRule>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_ref: Option<RoleRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subjects: Option<Vec<Subject>>,
}

impl Object {
    fn new(api_version: &'static str, kind: &'static str, metadata: Metadata) -> Self {
        Self {
            api_version,
            kind,
            metadata,
            spec: None,
            data: None,
            rules: None,
            role_ref: None,
            subjects: None,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Spec {
    Deployment(DeploymentSpec),
    Job(JobSpec),
    Service(ServiceSpec),
    Claim(ClaimSpec),
    Policy(PolicySpec),
}

#[derive(Serialize)]
struct Metadata {
    name: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    annotations: IndexMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentSpec {
    replicas: u32,
    selector: LabelSelector,
    #[serde(skip_serializing_if = "Option::is_none")]
    strategy: Option<Strategy>,
    template: PodTemplate,
}

#[derive(Serialize)]
struct Strategy {
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JobSpec {
    backoff_limit: u32,
    template: PodTemplate,
}

#[derive(Serialize)]
struct PodTemplate {
    metadata: PodMetadata,
    spec: PodSpec,
}

#[derive(Serialize)]
struct PodMetadata {
    labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    annotations: IndexMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    service_account_name: Option<&'static str>,
    restart_policy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    share_process_namespace: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    termination_grace_period_seconds: Option<u128>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    host_aliases: Vec<HostAlias>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    init_containers: Vec<Container>,
    containers: Vec<Container>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<PodVolume>,
}

#[derive(Serialize)]
struct HostAlias {
    ip: String,
    hostnames: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Container {
    name: String,
    image: String,
    image_pull_policy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_dir: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env: Vec<EnvVar>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<ContainerPort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volume_mounts: Vec<VolumeMount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    readiness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    liveness_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    security_context: Option<SecurityContext>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvVar {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_from: Option<EnvSource>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvSource {
    secret_key_ref: KeyRef,
}

#[derive(Serialize)]
struct KeyRef {
    name: String,
    key: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[expect(
    clippy::struct_field_names,
    reason = "the field is Kubernetes' `containerPort`"
)]
struct ContainerPort {
    name: String,
    container_port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_port: Option<u16>,
    #[serde(rename = "hostIP", skip_serializing_if = "Option::is_none")]
    host_ip: Option<String>,
    protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VolumeMount {
    name: String,
    mount_path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_path: Option<String>,
    #[serde(skip_serializing_if = "yaml::is_false")]
    read_only: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    exec: ExecAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    initial_delay_seconds: Option<u128>,
    period_seconds: u128,
    timeout_seconds: u128,
    failure_threshold: u32,
}

#[derive(Serialize)]
struct ExecAction {
    command: Vec<String>,
}

/// What the keys of [`stackc_ir::flags::FLAGS`] set in a pod.
#[derive(Default)]
struct FlagFields {
    share_process_namespace: bool,
    termination_grace_period: Option<u128>,
    read_only_root_filesystem: bool,
    cap_add: Vec<String>,
    cap_drop: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    run_as_user: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_as_group: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    read_only_root_filesystem: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capabilities: Option<Capabilities>,
}

#[derive(Serialize)]
struct Capabilities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    drop: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodVolume {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    persistent_volume_claim: Option<ClaimRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    empty_dir: Option<EmptyDir>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config_map: Option<ConfigMapRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_path: Option<HostPath>,
}

impl PodVolume {
    fn named(name: String) -> Self {
        Self {
            name,
            persistent_volume_claim: None,
            empty_dir: None,
            config_map: None,
            host_path: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimRef {
    claim_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EmptyDir {
    #[serde(skip_serializing_if = "Option::is_none")]
    medium: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size_limit: Option<String>,
}

#[derive(Serialize)]
struct ConfigMapRef {
    name: String,
}

#[derive(Serialize)]
struct HostPath {
    path: String,
}

#[derive(Serialize)]
struct ServiceSpec {
    #[serde(rename = "clusterIP")]
    cluster_ip: &'static str,
    selector: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<ServicePort>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServicePort {
    name: String,
    port: u16,
    target_port: u16,
    protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimSpec {
    access_modes: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage_class_name: Option<String>,
    resources: Resources,
}

#[derive(Serialize)]
struct Resources {
    requests: IndexMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicySpec {
    pod_selector: LabelSelector,
    policy_types: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ingress: Vec<IngressRule>,
    egress: Vec<EgressRule>,
}

#[derive(Serialize)]
struct IngressRule {
    from: Vec<Peer>,
}

#[derive(Serialize)]
struct EgressRule {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    to: Vec<Peer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<PolicyPort>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Peer {
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace_selector: Option<LabelSelector>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pod_selector: Option<LabelSelector>,
}

#[derive(Serialize)]
struct PolicyPort {
    protocol: &'static str,
    port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LabelSelector {
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    match_labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    match_expressions: Vec<Requirement>,
}

#[derive(Serialize)]
struct Requirement {
    key: &'static str,
    operator: &'static str,
    values: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyRule {
    api_groups: Vec<&'static str>,
    resources: Vec<&'static str>,
    verbs: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RoleRef {
    api_group: &'static str,
    kind: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct Subject {
    kind: &'static str,
    name: &'static str,
}

// ---------------------------------------------------------------------------
// Lowering.

const NAME_LABEL: &str = "app.kubernetes.io/name";
const PART_OF_LABEL: &str = "app.kubernetes.io/part-of";
const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";

struct Lower<'a> {
    kube: &'a Kube,
    stack: &'a Stack,
    /// The services in dependency order ([`stackc_ir::analysis::Analyzed::declaration_order`]).
    order: &'a [String],
    layout: &'a crate::Layout,
    diags: Diagnostics,
    /// Parameters without a value, reported once each.
    missing: Vec<String>,
    /// ConfigMaps made from bind-mounted files, in order of appearance.
    config_maps: Vec<Object>,
}

/// Where a problem is: the span and what the label says.
type At = Spanned<String>;

/// The label `text` on the span of `of`.
fn at<T>(of: &Spanned<T>, text: impl Into<String>) -> At {
    Spanned::new(text.into(), of.span)
}

impl Lower<'_> {
    fn error(&mut self, code: &'static str, message: String, at: At, help: impl Into<String>) {
        self.diags
            .push(Diag::new(code, message).label(at.span, at.value).help(help));
    }

    /// A key of a service (or network, volume) without a counterpart.
    fn unsupported(&mut self, what: &str, key: &str, at: At, help: impl Into<String>) {
        self.error(
            "stackc::kube-unsupported",
            format!("`{key}` of {what} has no Kubernetes counterpart"),
            at,
            help,
        );
    }

    fn objects(&mut self) -> Vec<Object> {
        let Stack {
            name,
            params: _,
            networks,
            volumes,
            services,
            outputs: _,
            images,
            unselected: _,
        } = self.stack;
        for image in images.values() {
            self.unsupported(
                "the stack",
                &format!("images.{}", image.name.value),
                Spanned::new("built by the docker engine".to_owned(), image.name.span),
                "a cluster pulls images: build and push the image, and give the services that run it its reference",
            );
        }
        if !is_label_value(&name.value) {
            self.error(
                "stackc::kube-name",
                format!(
                    "stack name `{}` is not a valid Kubernetes label value",
                    name.value
                ),
                at(name, "used as the `app.kubernetes.io/part-of` label"),
                "use at most 63 characters that start and end with a letter or digit",
            );
        }

        let order: Vec<usize> = self
            .order
            .iter()
            .filter_map(|name| services.get_index_of(name))
            .collect();
        let waits: Vec<bool> = services
            .values()
            .map(|service| {
                service
                    .depends_on
                    .iter()
                    .any(|dep| dep.condition.value != Condition::Started)
            })
            .collect();

        let mut objects = Vec::new();
        if waits.iter().any(|w| *w) {
            objects.extend(self.wait_account());
        }
        let mut claims = Vec::new();
        for volume in volumes.values() {
            claims.extend(self.volume(volume));
        }
        let mut policies = Vec::new();
        for network in networks.values() {
            policies.extend(self.network(network));
        }
        if !policies.is_empty() {
            let isolated_waiting: Vec<String> = services
                .values()
                .zip(&waits)
                .filter(|(service, wait)| **wait && self.isolated(service))
                .map(|(service, _)| service.name.value.clone())
                .collect();
            if !isolated_waiting.is_empty() {
                policies.push(self.api_policy(isolated_waiting));
            }
        }
        let mut workloads = Vec::new();
        for index in order {
            let service = &services[index];
            workloads.extend(self.service(service, waits[index]));
        }
        objects.append(&mut self.config_maps);
        objects.extend(claims);
        objects.extend(policies);
        objects.extend(workloads);
        objects
    }

    fn metadata(&self, name: String) -> Metadata {
        Metadata {
            name,
            labels: self.common_labels(),
            annotations: IndexMap::new(),
        }
    }

    fn common_labels(&self) -> IndexMap<String, String> {
        IndexMap::from([
            (PART_OF_LABEL.to_owned(), self.stack.name.value.clone()),
            (MANAGED_BY_LABEL.to_owned(), "stackc".to_owned()),
        ])
    }

    fn selector_labels(&self, service: &str) -> IndexMap<String, String> {
        IndexMap::from([
            (PART_OF_LABEL.to_owned(), self.stack.name.value.clone()),
            (NAME_LABEL.to_owned(), service.to_owned()),
        ])
    }

    /// A selector of the stack's pods whose service is one of `names`.
    fn members(&self, names: Vec<String>) -> LabelSelector {
        LabelSelector {
            match_labels: IndexMap::from([(
                PART_OF_LABEL.to_owned(),
                self.stack.name.value.clone(),
            )]),
            match_expressions: vec![Requirement {
                key: NAME_LABEL,
                operator: "In",
                values: names,
            }],
        }
    }

    /// The ServiceAccount, Role and RoleBinding that let the wait init
    /// containers read Deployments and Jobs.
    fn wait_account(&self) -> Vec<Object> {
        let account = Object::new("v1", "ServiceAccount", self.metadata(WAIT_ACCOUNT.into()));
        let mut role = Object::new(
            "rbac.authorization.k8s.io/v1",
            "Role",
            self.metadata(WAIT_ACCOUNT.into()),
        );
        role.rules = Some(vec![
            PolicyRule {
                api_groups: vec!["apps"],
                resources: vec!["deployments"],
                verbs: vec!["get", "list", "watch"],
            },
            PolicyRule {
                api_groups: vec!["batch"],
                resources: vec!["jobs"],
                verbs: vec!["get", "list", "watch"],
            },
        ]);
        let mut binding = Object::new(
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            self.metadata(WAIT_ACCOUNT.into()),
        );
        binding.role_ref = Some(RoleRef {
            api_group: "rbac.authorization.k8s.io",
            kind: "Role",
            name: WAIT_ACCOUNT,
        });
        binding.subjects = Some(vec![Subject {
            kind: "ServiceAccount",
            name: WAIT_ACCOUNT,
        }]);
        vec![account, role, binding]
    }

    fn volume(&mut self, volume: &Volume) -> Option<Object> {
        let Volume {
            name,
            driver,
            labels,
            external,
            owner,
            mode,
            init_image: _,
        } = volume;
        let what = format!("volume `{}`", name.value);
        let declared = || at(name, "declared here");
        for (key, value) in [("owner", owner), ("mode", mode)] {
            if let Some(value) = value {
                self.unsupported(
                    &what,
                    key,
                    at(value, "applied once when the volume is created"),
                    "a cluster provisions the claim's storage: remove it, and give the pod's user access with a `securityContext` (`fsGroup`) outside stackc, or use the bash or argv backend",
                );
            }
        }
        if *external {
            // Exists already: a PersistentVolumeClaim of exactly this name.
            if !is_subdomain(&name.value) {
                self.bad_name(&what, &name.value, declared(), "PersistentVolumeClaim");
            }
            return None;
        }
        if driver.is_some() {
            self.unsupported(
                &what,
                "driver",
                declared(),
                "remove `driver`; the cluster's storage class decides (`stackc kube --storage-class NAME`)",
            );
        }
        if !is_subdomain(&name.value) {
            self.bad_name(&what, &name.value, declared(), "PersistentVolumeClaim");
        }
        let mut metadata = self.metadata(name.value.clone());
        metadata.annotations = self.annotations(labels, &what, name);
        let mut claim = Object::new("v1", "PersistentVolumeClaim", metadata);
        claim.spec = Some(Spec::Claim(ClaimSpec {
            access_modes: vec!["ReadWriteOnce"],
            storage_class_name: self.kube.storage_class.clone(),
            resources: Resources {
                requests: IndexMap::from([("storage", self.kube.volume_size.clone())]),
            },
        }));
        Some(claim)
    }

    fn bad_name(&mut self, what: &str, name: &str, at: At, object: &str) {
        self.error(
            "stackc::kube-name",
            format!("the name of {what} is not a valid Kubernetes {object} name"),
            at,
            format!(
                "rename `{name}`: lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit, at most 63 characters"
            ),
        );
    }

    /// The effective networks of a service (`default` when it lists none).
    fn networks_of(service: &Service) -> Vec<&str> {
        if service.networks.is_empty() {
            vec!["default"]
        } else {
            service.networks.iter().map(|n| n.value.as_str()).collect()
        }
    }

    fn is_internal(&self, network: &str) -> bool {
        self.stack.networks.get(network).is_some_and(|n| n.internal)
    }

    /// Whether every network of the service is `internal`: such a pod is
    /// isolated by the NetworkPolicies.
    fn isolated(&self, service: &Service) -> bool {
        Self::networks_of(service)
            .iter()
            .all(|n| self.is_internal(n))
    }

    /// An `internal` network: a NetworkPolicy selecting its isolated
    /// members (the services on internal networks only), which lets them
    /// receive from and send to the network's members, and resolve names.
    fn network(&mut self, network: &Network) -> Option<Object> {
        let Network {
            name,
            driver,
            internal,
            labels,
            external,
        } = network;
        let what = format!("network `{}`", name.value);
        let declared = || at(name, "declared here");
        if *external {
            self.unsupported(
                &what,
                "external",
                declared(),
                "pods share the cluster's network; remove the external network (and reach its services by their cluster DNS names)",
            );
            return None;
        }
        if driver.is_some() {
            self.unsupported(
                &what,
                "driver",
                declared(),
                "remove `driver`: the cluster's network plugin carries every pod",
            );
        }
        if !*internal {
            if !labels.is_empty() {
                self.unsupported(
                    &what,
                    "labels",
                    declared(),
                    "only an `internal` network becomes an object (a NetworkPolicy) that can carry labels; remove them",
                );
            }
            return None;
        }
        let members: Vec<&Service> = self
            .stack
            .services
            .values()
            .filter(|service| Self::networks_of(service).contains(&name.value.as_str()))
            .collect();
        let isolated: Vec<String> = members
            .iter()
            .filter(|service| self.isolated(service))
            .map(|service| service.name.value.clone())
            .collect();
        let members: Vec<String> = members
            .iter()
            .map(|service| service.name.value.clone())
            .collect();
        let policy_name = format!("internal-{}", name.value);
        if !is_subdomain(&policy_name) {
            self.bad_name(&what, &name.value, declared(), "NetworkPolicy");
        }
        if isolated.is_empty() {
            return None;
        }
        let mut metadata = self.metadata(policy_name);
        metadata.annotations = self.annotations(labels, &what, name);
        let mut policy = Object::new("networking.k8s.io/v1", "NetworkPolicy", metadata);
        policy.spec = Some(Spec::Policy(PolicySpec {
            pod_selector: self.members(isolated),
            policy_types: vec!["Ingress", "Egress"],
            ingress: vec![IngressRule {
                from: vec![Peer {
                    namespace_selector: None,
                    pod_selector: Some(self.members(members.clone())),
                }],
            }],
            egress: vec![
                EgressRule {
                    to: vec![Peer {
                        namespace_selector: None,
                        pod_selector: Some(self.members(members)),
                    }],
                    ports: Vec::new(),
                },
                dns_rule(),
            ],
        }));
        Some(policy)
    }

    /// Isolated pods that wait for a dependency must reach the API server.
    fn api_policy(&self, services: Vec<String>) -> Object {
        let mut policy = Object::new(
            "networking.k8s.io/v1",
            "NetworkPolicy",
            self.metadata(format!("{WAIT_ACCOUNT}-api")),
        );
        policy.spec = Some(Spec::Policy(PolicySpec {
            pod_selector: self.members(services),
            policy_types: vec!["Egress"],
            ingress: Vec::new(),
            egress: vec![EgressRule {
                to: Vec::new(),
                ports: vec![
                    PolicyPort {
                        protocol: "TCP",
                        port: 443,
                    },
                    PolicyPort {
                        protocol: "TCP",
                        port: 6443,
                    },
                ],
            }],
        }));
        policy
    }

    fn service(&mut self, service: &Service, waits: bool) -> Vec<Object> {
        let Service {
            name,
            image,
            build,
            command,
            entrypoint,
            environment,
            env_file,
            ports,
            volumes,
            networks: _,
            depends_on,
            healthcheck,
            restart,
            labels,
            user,
            working_dir,
            hostname,
            container_name,
            flags,
            extra_hosts,
            pull,
            run_once,
            exec,
            exec_policy: _,
            replicas,
            // Selected before lowering (`--profile`): none are left.
            profiles: _,
            volumes_from,
        } = service;
        let key = &name.value;
        let what = format!("service `{key}`");
        let here = || at(name, "in this service");
        if let Some(first) = volumes_from.first() {
            self.unsupported(
                &what,
                "volumes_from",
                at(first, "another container's mounts"),
                "pods do not share mounts across workloads: mount the same volume in both services instead",
            );
        }
        // One host port per replica: the pods of a Deployment share one
        // template, so they cannot get different host ports.
        let spread: Vec<&Spanned<Port>> = ports
            .iter()
            .filter(|port| replicas.value > 1 && port.value.published.is_some())
            .collect();
        for port in &spread {
            self.unsupported(
                &what,
                "ports",
                at(port, "a host port per replica"),
                "the pods of a Deployment share one template: publish only the container port and expose it with a Service (`type: NodePort` or `LoadBalancer`)",
            );
        }

        if !is_dns_label(key) {
            self.bad_name(&what, key, at(name, "declared here"), "Service");
        }
        if let Some(build) = build {
            let Build {
                context: _,
                dockerfile: _,
                args: _,
                target: _,
                span,
                from: _,
            } = build;
            self.unsupported(
                &what,
                "build",
                Spanned::new("built by the docker engine".to_owned(), *span),
                "a cluster pulls images: build and push the image, set `image` to its reference and remove `build`",
            );
        }
        if let Some(container_name) = container_name {
            self.unsupported(
                &what,
                "container_name",
                at(container_name, "a docker container name"),
                "Kubernetes names pods itself; remove `container_name` (the service is reached by its name)",
            );
        }
        if let Some(first) = env_file.first() {
            self.unsupported(
                &what,
                "env_file",
                at(first, "read by docker at run time"),
                "move the variables into `environment` (secrets through a secret parameter)",
            );
        }
        if !exec.is_empty() {
            self.unsupported(
                &what,
                "exec",
                here(),
                "Kubernetes runs one `lifecycle.postStart` command on every start and does not order it after the start; run these commands from the image's entrypoint, or use the bash or argv backend",
            );
        }
        let fields = self.flag_fields(flags, &what, here);
        if let Some(restart) = restart {
            match restart.value {
                // A job's only policy is `no` (checked by the passes).
                _ if run_once.is_some() => {}
                Restart::Always | Restart::UnlessStopped => {}
                Restart::No | Restart::OnFailure(_) => self.unsupported(
                    &what,
                    "restart",
                    at(restart, format!("`{}`", restart.value)),
                    "a Deployment always restarts its containers; remove `restart` (or use `always`), or make the service a job with `run = \"once\"`",
                ),
            }
        }
        if matches!(entrypoint, Some(items) if items.is_empty()) {
            self.unsupported(
                &what,
                "entrypoint = []",
                here(),
                "Kubernetes cannot clear an image's ENTRYPOINT; give the program to run as `entrypoint`",
            );
        }

        let image = match image {
            Some(image) => self.resolve(&image.value),
            None => String::new(),
        };
        let env = self.environment(environment);
        let kept: Vec<Spanned<Port>> = ports
            .iter()
            .filter(|port| !spread.contains(port))
            .cloned()
            .collect();
        let (container_ports, service_ports) = self.ports(&kept, &what);
        let (volume_mounts, pod_volumes, uses_claim) = self.mounts(key, volumes, &what);
        let (readiness_probe, liveness_probe) = match healthcheck {
            Some(healthcheck) => self.probes(&healthcheck.value),
            None => (None, None),
        };
        let security_context = self.security_context(user.as_ref(), &fields, &what, name);
        let hostname = hostname.as_ref().map(|t| {
            let value = self.resolve(t);
            if !is_dns_label(&value) {
                self.error(
                    "stackc::kube-name",
                    format!("the `hostname` of {what}, `{value}`, is not a valid pod hostname"),
                    here(),
                    "use lowercase letters, digits and `-` (at most 63 characters), or remove `hostname`",
                );
            }
            value
        });

        let container = Container {
            name: key.clone(),
            image,
            image_pull_policy: pull_policy(*pull),
            command: entrypoint
                .as_ref()
                .filter(|items| !items.is_empty())
                .map(|items| self.expanded_list(items)),
            args: command
                .as_ref()
                .filter(|items| !items.is_empty())
                .map(|items| self.expanded_list(items)),
            working_dir: working_dir.as_ref().map(|t| self.resolve(t)),
            env,
            ports: container_ports,
            volume_mounts,
            readiness_probe,
            liveness_probe,
            security_context,
        };
        let init_containers = depends_on.iter().filter_map(|dep| self.wait(dep)).collect();
        let mut host_aliases: Vec<HostAlias> = Vec::new();
        for (host, ip) in extra_hosts {
            match host_aliases.iter_mut().find(|alias| &alias.ip == ip) {
                Some(alias) => alias.hostnames.push(host.clone()),
                None => host_aliases.push(HostAlias {
                    ip: ip.clone(),
                    hostnames: vec![host.clone()],
                }),
            }
        }
        let pod = PodSpec {
            service_account_name: waits.then_some(WAIT_ACCOUNT),
            restart_policy: if run_once.is_some() {
                "Never"
            } else {
                "Always"
            },
            hostname,
            share_process_namespace: fields.share_process_namespace.then_some(true),
            termination_grace_period_seconds: fields.termination_grace_period,
            host_aliases,
            init_containers,
            containers: vec![container],
            volumes: pod_volumes,
        };
        let annotations = self.annotations(labels, &what, name);
        let mut pod_labels = self.selector_labels(key);
        pod_labels.insert(MANAGED_BY_LABEL.to_owned(), "stackc".to_owned());
        let template = PodTemplate {
            metadata: PodMetadata {
                labels: pod_labels.clone(),
                annotations: annotations.clone(),
            },
            spec: pod,
        };
        let metadata = Metadata {
            name: key.clone(),
            labels: pod_labels,
            annotations,
        };

        let mut out = Vec::new();
        if run_once.is_some() {
            let mut job = Object::new("batch/v1", "Job", metadata);
            job.spec = Some(Spec::Job(JobSpec {
                backoff_limit: 0,
                template,
            }));
            out.push(job);
            return out;
        }
        let depended_on = self
            .stack
            .services
            .values()
            .any(|other| other.depends_on.iter().any(|dep| dep.service.value == *key));
        if !service_ports.is_empty() || depended_on {
            let mut object = Object::new(
                "v1",
                "Service",
                Metadata {
                    name: key.clone(),
                    labels: metadata.labels.clone(),
                    annotations: IndexMap::new(),
                },
            );
            object.spec = Some(Spec::Service(ServiceSpec {
                cluster_ip: "None",
                selector: self.selector_labels(key),
                ports: service_ports,
            }));
            out.push(object);
        }
        let mut deployment = Object::new("apps/v1", "Deployment", metadata);
        deployment.spec = Some(Spec::Deployment(DeploymentSpec {
            replicas: replicas.value,
            selector: LabelSelector {
                match_labels: self.selector_labels(key),
                match_expressions: Vec::new(),
            },
            // A ReadWriteOnce claim cannot follow a rolling update to
            // another node: stop the old pod first.
            strategy: uses_claim.then_some(Strategy { kind: "Recreate" }),
            template,
        }));
        out.push(deployment);
        out
    }

    /// The init container that waits for a `healthy` or `completed`
    /// dependency; `started` waits for nothing.
    fn wait(&mut self, dep: &Dependency) -> Option<Container> {
        let Dependency { service, condition } = dep;
        let (condition, resource) = match condition.value {
            Condition::Started => return None,
            Condition::Healthy => ("--for=condition=Available", "deployment"),
            Condition::Completed => ("--for=condition=Complete", "job"),
        };
        let name = format!("wait-for-{}", service.value);
        if !is_dns_label(&name) {
            self.error(
                "stackc::kube-name",
                format!(
                    "the init container `{name}` that waits for `{}` has too long a name",
                    service.value
                ),
                at(service, "this dependency"),
                "shorten the service's name to at most 54 characters",
            );
        }
        Some(Container {
            name,
            image: self.kube.wait_image.clone(),
            image_pull_policy: "IfNotPresent",
            command: Some(vec![
                "kubectl".into(),
                "wait".into(),
                condition.into(),
                format!("--timeout={WAIT_TIMEOUT}"),
                format!("{resource}/{}", service.value),
            ]),
            args: None,
            working_dir: None,
            env: Vec::new(),
            ports: Vec::new(),
            volume_mounts: Vec::new(),
            readiness_probe: None,
            liveness_probe: None,
            security_context: None,
        })
    }

    /// Environment variables in declaration order. A value that is exactly
    /// one secret parameter reads it from the Secret; a value that embeds
    /// secrets reads each into a `STACKC_SECRET_<NAME>` variable listed
    /// first, and refers to it with Kubernetes' `$(NAME)` expansion.
    fn environment(&mut self, environment: &IndexMap<String, Spanned<Template>>) -> Vec<EnvVar> {
        let secret_name = secret_name(&self.stack.name.value);
        let mut helpers: Vec<String> = Vec::new();
        let mut vars = Vec::new();
        for (key, value) in environment {
            if !is_env_name(key) {
                self.error(
                    "stackc::kube-name",
                    format!("environment variable `{key}` has a name Kubernetes {KUBERNETES_VERSION} rejects"),
                    at(value, "its value"),
                    "use letters, digits, `_`, `-` and `.`, not starting with a digit",
                );
            }
            if let [Part::Param(param)] = value.value.parts()
                && self.is_secret(param)
            {
                vars.push(EnvVar {
                    name: key.clone(),
                    value: None,
                    value_from: Some(EnvSource {
                        secret_key_ref: KeyRef {
                            name: secret_name.clone(),
                            key: param.clone(),
                        },
                    }),
                });
                continue;
            }
            let mut text = String::new();
            for part in value.value.parts() {
                match part {
                    Part::Lit(lit) => text.push_str(&expansion_escape(lit)),
                    Part::Param(param) if self.is_secret(param) => {
                        if !helpers.contains(param) {
                            helpers.push(param.clone());
                        }
                        text.push_str(&format!("$(STACKC_SECRET_{param})"));
                    }
                    Part::Param(param) => {
                        let value = self.param(param);
                        text.push_str(&expansion_escape(&value));
                    }
                }
            }
            vars.push(EnvVar {
                name: key.clone(),
                value: Some(text),
                value_from: None,
            });
        }
        let mut out: Vec<EnvVar> = helpers
            .into_iter()
            .map(|param| EnvVar {
                name: format!("STACKC_SECRET_{param}"),
                value: None,
                value_from: Some(EnvSource {
                    secret_key_ref: KeyRef {
                        name: secret_name.clone(),
                        key: param,
                    },
                }),
            })
            .collect();
        out.extend(vars);
        out
    }

    fn is_secret(&self, param: &str) -> bool {
        self.stack.params.get(param).is_some_and(|p| p.secret)
    }

    /// Container ports (with the host port and address of a published
    /// port) and the ports of the headless Service.
    fn ports(
        &mut self,
        ports: &[Spanned<Port>],
        what: &str,
    ) -> (Vec<ContainerPort>, Vec<ServicePort>) {
        let mut container_ports = Vec::new();
        let mut service_ports: Vec<ServicePort> = Vec::new();
        for port in ports {
            let Port {
                host_ip,
                published,
                target,
                protocol,
            } = &port.value;
            let count = target.end - target.start;
            if let Some(published) = published
                && published.end - published.start != count
            {
                self.unsupported(
                    what,
                    "ports",
                    at(port, "ranges of different lengths"),
                    "give a published range as long as the container range: Kubernetes maps ports one to one",
                );
                continue;
            }
            let protocol_name = match protocol {
                Protocol::Tcp => "TCP",
                Protocol::Udp => "UDP",
                Protocol::Sctp => "SCTP",
            };
            for offset in 0..=count {
                let number = target.start + offset;
                let name = format!("{}-{number}", protocol.as_str());
                container_ports.push(ContainerPort {
                    name: name.clone(),
                    container_port: number,
                    host_port: published.map(|p: PortRange| p.start + offset),
                    host_ip: published.and(host_ip.clone()),
                    protocol: protocol_name,
                });
                if !service_ports.iter().any(|p| p.name == name) {
                    service_ports.push(ServicePort {
                        name,
                        port: number,
                        target_port: number,
                        protocol: protocol_name,
                    });
                }
            }
        }
        // Two entries may publish one container port twice (on two
        // addresses); Kubernetes wants unique port names.
        let mut seen: Vec<String> = Vec::new();
        for port in &mut container_ports {
            let base = port.name.clone();
            let mut n = 1;
            while seen.contains(&port.name) {
                n += 1;
                port.name = format!("{base}-{n}");
            }
            seen.push(port.name.clone());
        }
        (container_ports, service_ports)
    }

    /// Volume mounts, the pod volumes they use, and whether one is a
    /// PersistentVolumeClaim.
    fn mounts(
        &mut self,
        service: &str,
        mounts: &[Spanned<Mount>],
        what: &str,
    ) -> (Vec<VolumeMount>, Vec<PodVolume>, bool) {
        let mut volume_mounts = Vec::new();
        let mut pod_volumes: Vec<PodVolume> = Vec::new();
        let mut uses_claim = false;
        for (index, mount) in mounts.iter().enumerate() {
            let n = index + 1;
            match &mount.value {
                Mount::Volume {
                    source: Some(source),
                    target,
                    read_only,
                } => {
                    let Some((volume_index, _, volume)) =
                        self.stack.volumes.get_full(&source.value)
                    else {
                        continue;
                    };
                    let name = if is_dns_label(&source.value) {
                        source.value.clone()
                    } else {
                        format!("volume-{volume_index}")
                    };
                    if !pod_volumes.iter().any(|v| v.name == name) {
                        let mut pod_volume = PodVolume::named(name.clone());
                        pod_volume.persistent_volume_claim = Some(ClaimRef {
                            claim_name: volume.name.value.clone(),
                        });
                        pod_volumes.push(pod_volume);
                    }
                    uses_claim = true;
                    volume_mounts.push(VolumeMount {
                        name,
                        mount_path: target.clone(),
                        sub_path: None,
                        read_only: *read_only,
                    });
                }
                Mount::Volume {
                    source: None,
                    target,
                    read_only,
                } => {
                    let name = format!("anonymous-{n}");
                    let mut pod_volume = PodVolume::named(name.clone());
                    pod_volume.empty_dir = Some(EmptyDir {
                        medium: None,
                        size_limit: None,
                    });
                    pod_volumes.push(pod_volume);
                    volume_mounts.push(VolumeMount {
                        name,
                        mount_path: target.clone(),
                        sub_path: None,
                        read_only: *read_only,
                    });
                }
                Mount::Tmpfs { target, size } => {
                    let name = format!("tmpfs-{n}");
                    let mut pod_volume = PodVolume::named(name.clone());
                    pod_volume.empty_dir = Some(EmptyDir {
                        medium: Some("Memory"),
                        size_limit: size.map(|size| size.to_string()),
                    });
                    pod_volumes.push(pod_volume);
                    volume_mounts.push(VolumeMount {
                        name,
                        mount_path: target.clone(),
                        sub_path: None,
                        read_only: false,
                    });
                }
                Mount::Bind {
                    source,
                    target,
                    read_only,
                } => {
                    let name = format!("bind-{n}");
                    let path = self.host_path(source);
                    let mount_at = at(mount, "a host path");
                    match self.kube.bind_as {
                        None => self.error(
                            "stackc::kube-bind-mount",
                            format!(
                                "bind mount `{source}:{target}` of {what} has no meaning on a cluster"
                            ),
                            mount_at,
                            "use a named volume, or map bind mounts with `stackc kube --bind-as config-map` (a file's content, read-only) or `--bind-as host-path` (the path on the node that runs the pod)",
                        ),
                        Some(BindAs::HostPath) => {
                            let mut pod_volume = PodVolume::named(name.clone());
                            pod_volume.host_path = Some(HostPath { path });
                            pod_volumes.push(pod_volume);
                            volume_mounts.push(VolumeMount {
                                name,
                                mount_path: target.clone(),
                                sub_path: None,
                                read_only: *read_only,
                            });
                        }
                        Some(BindAs::ConfigMap) => {
                            let Some(key) =
                                self.config_map(service, n, &path, *read_only, what, mount_at)
                            else {
                                continue;
                            };
                            let mut pod_volume = PodVolume::named(name.clone());
                            pod_volume.config_map = Some(ConfigMapRef {
                                name: format!("{service}-{name}"),
                            });
                            pod_volumes.push(pod_volume);
                            volume_mounts.push(VolumeMount {
                                name,
                                mount_path: target.clone(),
                                sub_path: Some(key),
                                read_only: true,
                            });
                        }
                    }
                }
            }
        }
        (volume_mounts, pod_volumes, uses_claim)
    }

    /// The ConfigMap `<service>-bind-<n>` with the file's content under its
    /// file name; returns that key.
    fn config_map(
        &mut self,
        service: &str,
        n: usize,
        path: &str,
        read_only: bool,
        what: &str,
        at: At,
    ) -> Option<String> {
        if !read_only {
            self.error(
                "stackc::kube-bind-mount",
                format!(
                    "bind mount of `{path}` in {what} is writable, but a ConfigMap is read-only"
                ),
                at,
                "add `:ro` (or `read_only = true`) to the mount, or use `--bind-as host-path`",
            );
            return None;
        }
        let content = match std::fs::metadata(path) {
            Ok(_) if let Some(place) = stackc_ir::host::host_wide(std::path::Path::new(path)) => {
                Err(format!("it is {place}"))
            }
            Ok(meta) if meta.is_file() && meta.len() <= 1_000_000 => std::fs::read(path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())
                }),
            Ok(meta) if meta.is_file() => Err("it is larger than 1 MB".to_owned()),
            Ok(_) => Err("it is not a regular file".to_owned()),
            Err(e) => Err(e.to_string()),
        };
        let content = match content {
            Ok(content) => content,
            Err(why) => {
                self.error(
                    "stackc::kube-bind-mount",
                    format!("cannot make a ConfigMap of `{path}` for {what}: {why}"),
                    at,
                    "a ConfigMap holds one UTF-8 file of at most 1 MB; use a volume or `--bind-as host-path` for the rest",
                );
                return None;
            }
        };
        let file = path.rsplit('/').next().unwrap_or_default();
        let key = if is_config_key(file) {
            file.to_owned()
        } else {
            "content".to_owned()
        };
        let mut object = Object::new(
            "v1",
            "ConfigMap",
            self.metadata(format!("{service}-bind-{n}")),
        );
        object.data = Some(IndexMap::from([(key.clone(), content)]));
        self.config_maps.push(object);
        Some(key)
    }

    /// A bind source resolved at compile time: parameters fixed, relative
    /// paths joined to the project directory, `.` and `..` removed.
    fn host_path(&mut self, source: &Template) -> String {
        let path = self.resolve(source);
        stackc_ir::host::absolute(&self.layout.project_dir, &path)
    }

    fn probes(&mut self, healthcheck: &Healthcheck) -> (Option<Probe>, Option<Probe>) {
        let Healthcheck {
            test,
            interval,
            timeout,
            retries,
            start_period,
        } = healthcheck;
        let command = match test {
            HealthTest::Exec(items) => items.iter().map(|item| self.resolve(item)).collect(),
            HealthTest::Shell(cmd) => vec!["/bin/sh".into(), "-c".into(), self.resolve(cmd)],
            HealthTest::Disabled => return (None, None),
        };
        // Docker's defaults where the stack says nothing: 30s, 30s, 3.
        let seconds = |d: &Option<Duration>| d.as_ref().map_or(30, |d| d.seconds_ceil().max(1));
        let probe = |initial_delay_seconds| Probe {
            exec: ExecAction {
                command: command.clone(),
            },
            initial_delay_seconds,
            period_seconds: seconds(interval),
            timeout_seconds: seconds(timeout),
            failure_threshold: retries.unwrap_or(3).max(1),
        };
        let start = start_period
            .as_ref()
            .map(Duration::seconds_ceil)
            .filter(|s| *s > 0);
        (Some(probe(None)), Some(probe(start)))
    }

    /// The pod and container fields the keys of [`stackc_ir::flags::FLAGS`]
    /// set; the keys Kubernetes has no counterpart for are refused at
    /// `here`.
    fn flag_fields(&mut self, flags: &Flags, what: &str, here: impl Fn() -> At) -> FlagFields {
        let mut fields = FlagFields::default();
        for set in flags {
            let texts = |this: &mut Self| match &set.value {
                FlagValue::Value(value) => vec![this.resolve(value)],
                FlagValue::List(values) => values.iter().map(|v| this.resolve(v)).collect(),
                FlagValue::On | FlagValue::Seconds(_) => Vec::new(),
            };
            match set.flag.kube {
                KubeMapping::Refuse(help) => self.unsupported(
                    what,
                    set.flag.key,
                    here(),
                    help.replace("{version}", KUBERNETES_VERSION),
                ),
                KubeMapping::Field(KubeField::ShareProcessNamespace) => {
                    fields.share_process_namespace = true;
                }
                KubeMapping::Field(KubeField::ReadOnlyRootFilesystem) => {
                    fields.read_only_root_filesystem = true;
                }
                KubeMapping::Field(KubeField::TerminationGracePeriod) => {
                    if let FlagValue::Seconds(duration) = &set.value {
                        fields.termination_grace_period = Some(duration.seconds_ceil());
                    }
                }
                KubeMapping::Field(KubeField::CapAdd) => fields.cap_add = texts(self),
                KubeMapping::Field(KubeField::CapDrop) => fields.cap_drop = texts(self),
            }
        }
        fields
    }

    fn security_context(
        &mut self,
        user: Option<&Template>,
        fields: &FlagFields,
        what: &str,
        name: &Spanned<String>,
    ) -> Option<SecurityContext> {
        let (run_as_user, run_as_group) = match user.map(|user| self.resolve(user)) {
            None => (None, None),
            Some(user) => {
                let (uid, gid) = match user.split_once(':') {
                    Some((uid, gid)) => (uid, Some(gid)),
                    None => (user.as_str(), None),
                };
                let uid = uid.parse::<u32>().ok();
                let gid = gid.map(str::parse::<u32>);
                match (uid, gid) {
                    (Some(uid), None) => (Some(uid), None),
                    (Some(uid), Some(Ok(gid))) => (Some(uid), Some(gid)),
                    _ => {
                        self.unsupported(
                            what,
                            &format!("user = \"{user}\""),
                            at(name, "in this service"),
                            "Kubernetes runs as numeric IDs only: write `user = \"UID[:GID]\"`",
                        );
                        (None, None)
                    }
                }
            }
        };
        let capability = |cap: &String| cap.strip_prefix("CAP_").unwrap_or(cap).to_owned();
        let (cap_add, cap_drop) = (&fields.cap_add, &fields.cap_drop);
        let capabilities = (!cap_add.is_empty() || !cap_drop.is_empty()).then(|| Capabilities {
            add: cap_add.iter().map(capability).collect(),
            drop: cap_drop.iter().map(capability).collect(),
        });
        let context = SecurityContext {
            run_as_user,
            run_as_group,
            read_only_root_filesystem: fields.read_only_root_filesystem.then_some(true),
            capabilities,
        };
        let empty = context.run_as_user.is_none()
            && context.read_only_root_filesystem.is_none()
            && context.capabilities.is_none();
        (!empty).then_some(context)
    }

    /// Docker labels are free-form metadata: annotations, whose keys must
    /// be Kubernetes qualified names.
    fn annotations(
        &mut self,
        labels: &IndexMap<String, Template>,
        what: &str,
        name: &Spanned<String>,
    ) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for (key, value) in labels {
            if !is_qualified_name(key) {
                self.error(
                    "stackc::kube-name",
                    format!("label `{key}` of {what} is not a valid Kubernetes annotation key"),
                    at(name, "declared here"),
                    "use `[prefix/]name` with a DNS prefix and a name of at most 63 letters, digits, `-`, `_` and `.`",
                );
            }
            let value = self.resolve(value);
            out.insert(key.clone(), value);
        }
        out
    }

    /// Items of `command` or `entrypoint`: resolved, with `$` escaped
    /// against Kubernetes' `$(NAME)` expansion.
    fn expanded_list(&mut self, items: &[Template]) -> Vec<String> {
        items
            .iter()
            .map(|item| expansion_escape(&self.resolve(item)))
            .collect()
    }

    /// A template with its (non-secret) parameters fixed.
    fn resolve(&mut self, template: &Template) -> String {
        template.render(|name| self.param(name))
    }

    /// A parameter's value at compile time: given (non-empty), else its
    /// default; a missing one is reported once.
    fn param(&mut self, name: &str) -> String {
        if let Some(value) = self
            .layout
            .param_values
            .get(name)
            .filter(|value| !value.is_empty())
        {
            return value.clone();
        }
        let Some(Param {
            name: key,
            default,
            description: _,
            secret: _,
            // Not checked here: kube takes a given value as it is (only
            // argv and the scripts check values against `choices`).
            choices: _,
        }) = self.stack.params.get(name)
        else {
            return String::new();
        };
        if let Some(default) = default {
            return default.clone();
        }
        if !self.missing.iter().any(|m| m == name) {
            self.missing.push(name.to_owned());
            self.diags.push(
                Diag::new(
                    "stackc::param-without-value",
                    format!("parameter `{name}` has no value and no default"),
                )
                .label(key.span, "declared here")
                .help(format!(
                    "the kube backend fixes parameters at compile time: give one with `--set {name}=VALUE` or in the environment"
                )),
            );
        }
        String::new()
    }
}

/// The egress rule that lets an isolated pod resolve names with the
/// cluster DNS (`k8s-app: kube-dns` in `kube-system`).
fn dns_rule() -> EgressRule {
    EgressRule {
        to: vec![Peer {
            namespace_selector: Some(LabelSelector {
                match_labels: IndexMap::from([(
                    "kubernetes.io/metadata.name".to_owned(),
                    "kube-system".to_owned(),
                )]),
                match_expressions: Vec::new(),
            }),
            pod_selector: Some(LabelSelector {
                match_labels: IndexMap::from([("k8s-app".to_owned(), "kube-dns".to_owned())]),
                match_expressions: Vec::new(),
            }),
        }],
        ports: vec![
            PolicyPort {
                protocol: "UDP",
                port: 53,
            },
            PolicyPort {
                protocol: "TCP",
                port: 53,
            },
        ],
    }
}

fn pull_policy(pull: PullPolicy) -> &'static str {
    match pull {
        PullPolicy::Missing => "IfNotPresent",
        PullPolicy::Always => "Always",
        PullPolicy::Never => "Never",
    }
}

/// Kubernetes expands `$(NAME)` in `command`, `args` and `env` values, and
/// reads `$$` as `$`: doubling every `$` keeps the text byte for byte.
fn expansion_escape(text: &str) -> String {
    text.replace('$', "$$")
}

/// An RFC 1123 label that starts with a letter (RFC 1035): a Service name.
fn is_dns_label(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An RFC 1123 subdomain: most object names.
fn is_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                && label.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// A label value: empty, or at most 63 characters of letters, digits, `-`,
/// `_` and `.` that start and end with a letter or digit.
fn is_label_value(value: &str) -> bool {
    value.is_empty() || is_name_part(value)
}

fn is_name_part(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A label or annotation key: `[prefix/]name`.
fn is_qualified_name(key: &str) -> bool {
    match key.split_once('/') {
        Some((prefix, name)) => is_subdomain(prefix) && is_name_part(name),
        None => is_name_part(key),
    }
}

/// An environment variable name as Kubernetes 1.30 accepts it.
fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A ConfigMap key.
fn is_config_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key != "."
        && key != ".."
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_are_doubled_against_expansion() {
        assert_eq!(expansion_escape("a$(B)$$c$"), "a$$(B)$$$$c$$");
    }

    #[test]
    fn names() {
        assert!(is_dns_label("db"));
        assert!(!is_dns_label("my_db"));
        assert!(!is_dns_label("1db"));
        assert!(!is_dns_label("db-"));
        assert!(is_subdomain("cache.v1"));
        assert!(!is_subdomain("cache_v1"));
        assert!(is_qualified_name("com.example.team"));
        assert!(is_qualified_name("example.com/team"));
        assert!(!is_qualified_name("a b"));
        assert!(is_env_name("DATABASE_URL"));
        assert!(!is_env_name("1X"));
        assert!(!is_label_value("web-"));
    }
}
