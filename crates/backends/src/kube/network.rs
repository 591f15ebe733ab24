//! Networks: pods share the cluster's network, so only an `internal`
//! network becomes an object, a NetworkPolicy that isolates the services
//! on internal networks only.

use indexmap::IndexMap;
use stackc_ir::stack::{Network, Service};

use super::objects::{
    EgressRule, IngressRule, LabelSelector, Object, Peer, PolicyPort, PolicySpec, Spec,
};
use super::{Lower, names};
use crate::diagnostics::{self, at};

impl Lower<'_> {
    /// The effective networks of a service (`default` when it lists none).
    pub(super) fn networks_of(service: &Service) -> Vec<&str> {
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
    pub(super) fn isolated(&self, service: &Service) -> bool {
        Self::networks_of(service)
            .iter()
            .all(|n| self.is_internal(n))
    }

    /// An `internal` network: a NetworkPolicy selecting its isolated
    /// members (the services on internal networks only), which lets them
    /// receive from and send to the network's members, and resolve names.
    pub(super) fn network(&mut self, network: &Network) -> Option<Object> {
        let Network {
            name,
            driver,
            internal,
            labels,
            external,
            // The engine's name: nothing on a cluster.
            engine_name: _,
            options,
        } = network;
        let what = format!("network `{}`", name.value);
        let declared = || at(name, "declared here");
        if options.ipam.is_some() || !options.driver_opts.is_empty() || options.enable_ipv6 {
            self.unsupported(
                &what,
                "ipam",
                declared(),
                "remove `ipam`, `driver_opts` and `enable_ipv6`: the cluster's network plugin assigns every pod's addresses",
            );
        }
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
        let policy_name = names::internal_policy(&name.value);
        if !names::is_subdomain(&policy_name) {
            self.diags
                .push(diagnostics::kube_object_name(&what, name, "NetworkPolicy"));
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
    pub(super) fn api_policy(&self, services: Vec<String>) -> Object {
        let mut policy = Object::new(
            "networking.k8s.io/v1",
            "NetworkPolicy",
            self.metadata(names::wait_policy()),
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
