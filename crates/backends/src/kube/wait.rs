//! Dependencies that must be `healthy` or `completed` first: an init
//! container per dependency runs `kubectl wait` on its Deployment or Job,
//! as a ServiceAccount allowed to read them.

use stackc_ir::stack::{Condition, Dependency};

use super::Lower;
use super::names::{self, WAIT_ACCOUNT};
use super::objects::{Container, Object, PolicyRule, RoleRef, Subject};
use crate::diagnostics;

/// The default image of the init containers that wait for dependencies.
pub const DEFAULT_WAIT_IMAGE: &str = "registry.k8s.io/kubectl:v1.30.0";

/// How long an init container waits for one dependency.
const WAIT_TIMEOUT: &str = "300s";

impl Lower<'_> {
    /// The ServiceAccount, Role and RoleBinding that let the wait init
    /// containers read Deployments and Jobs.
    pub(super) fn wait_account(&self) -> Vec<Object> {
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

    /// The init container that waits for a `healthy` or `completed`
    /// dependency; `started` waits for nothing.
    pub(super) fn wait(&mut self, dep: &Dependency) -> Option<Container> {
        // `required` and `restart`: the init container waits for any that
        // is there; a pod restarts on its own probes.
        let Dependency {
            service,
            condition,
            required: _,
            restart: _,
        } = dep;
        let (condition, resource) = match condition.value {
            Condition::Started => return None,
            Condition::Healthy => ("--for=condition=Available", "deployment"),
            Condition::Completed => ("--for=condition=Complete", "job"),
        };
        let name = names::wait_container(&service.value);
        if !names::is_dns_label(&name) {
            self.diags.push(diagnostics::kube_wait_name(&name, service));
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
            resources: None,
            security_context: None,
            stdin: false,
            tty: false,
        })
    }
}
