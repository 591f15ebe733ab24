//! Resolve every reference between resources and build the graph.

use std::collections::BTreeMap;

use petgraph::stable_graph::NodeIndex;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::graph::{Edge, Node, StackGraph};
use stackc_ir::stack::{Mount, Ref, Service, Stack};

use crate::diagnostics::Code;
use crate::suggest;

/// Check that every network, volume and service a service names is
/// declared, and build the graph of the stack.
pub fn resolve(stack: &Stack, diags: &mut Diagnostics) -> StackGraph {
    let mut out = StackGraph::default();
    let graph = &mut out.graph;
    for name in stack.services.keys() {
        out.services
            .push(graph.add_node(Node::Service(name.clone())));
    }
    let mut nodes = Nodes {
        stack,
        services: out.services.clone(),
        networks: stack
            .networks
            .keys()
            .map(|name| (name.as_str(), graph.add_node(Node::Network(name.clone()))))
            .collect(),
        volumes: stack
            .volumes
            .keys()
            .map(|name| (name.as_str(), graph.add_node(Node::Volume(name.clone()))))
            .collect(),
        images: BTreeMap::new(),
    };
    for (i, service) in stack.services.values().enumerate() {
        let node = out.services[i];
        let image = image_reference(stack, service);
        let built = service.build.is_some() || stack.stack_image(service).is_some();
        let image_node = nodes.image(graph, image, built);
        graph.add_edge(node, image_node, Edge::UsesImage);
        nodes.networks_of(graph, node, service, diags);
        nodes.volumes_of(graph, node, service, diags);
        nodes.services_of(graph, i, service, diags);
        nodes.links_of(graph, i, service, diags);
        files_of(stack, service, diags);
    }
    build_secrets_of(stack, diags);
    nodes.builds(graph);
    out
}

type Graph = petgraph::stable_graph::StableDiGraph<Node, Edge>;

/// The nodes made so far, by name, to resolve references to.
struct Nodes<'a> {
    stack: &'a Stack,
    services: Vec<NodeIndex>,
    networks: BTreeMap<&'a str, NodeIndex>,
    volumes: BTreeMap<&'a str, NodeIndex>,
    images: BTreeMap<String, NodeIndex>,
}

impl Nodes<'_> {
    fn image(&mut self, graph: &mut Graph, reference: String, built: bool) -> NodeIndex {
        *self
            .images
            .entry(reference.clone())
            .or_insert_with(|| graph.add_node(Node::Image { reference, built }))
    }

    /// A service joins its networks, or the default one when it names none;
    /// the default network is there without a declaration.
    fn networks_of(
        &mut self,
        graph: &mut Graph,
        node: NodeIndex,
        service: &Service,
        diags: &mut Diagnostics,
    ) {
        let stack = self.stack;
        // `default` needs no declaration, as in compose.
        // A service with `network_mode` joins none of the stack's networks.
        let joins_default = service.network_mode.is_none() && service.networks.is_empty();
        if service.joins_default() {
            let default = *self
                .networks
                .entry("default")
                .or_insert_with(|| graph.add_node(Node::Network("default".to_owned())));
            if joins_default {
                graph.add_edge(node, default, Edge::AttachesTo);
            }
        }
        for network in &service.networks {
            match self.networks.get(network.value.as_str()) {
                Some(&target) => {
                    graph.add_edge(node, target, Edge::AttachesTo);
                }
                None => diags.push(undeclared(
                    Code::UnknownNetwork,
                    service,
                    "joins the undeclared network",
                    network,
                    suggest::or_declare(
                        "networks",
                        &network.value,
                        stack.networks.keys().map(String::as_str),
                        &format!("`[networks.{}]`", network.value),
                    ),
                )),
            }
        }
    }

    fn volumes_of(
        &self,
        graph: &mut Graph,
        node: NodeIndex,
        service: &Service,
        diags: &mut Diagnostics,
    ) {
        for mount in &service.volumes {
            let Mount::Volume {
                source: Some(source),
                ..
            } = &mount.value
            else {
                continue;
            };
            match self.volumes.get(source.value.as_str()) {
                Some(&target) => {
                    graph.add_edge(node, target, Edge::Mounts);
                }
                None => diags.push(undeclared(
                    Code::UnknownVolume,
                    service,
                    "mounts the undeclared volume",
                    source,
                    suggest::or_declare(
                        "volumes",
                        &source.value,
                        self.stack.volumes.keys().map(String::as_str),
                        &format!(
                            "`[volumes.{0}]` (or, for a host directory, write `./{0}:…`)",
                            source.value
                        ),
                    ),
                )),
            }
        }
    }

    /// The services a service links to.
    fn links_of(&self, graph: &mut Graph, i: usize, service: &Service, diags: &mut Diagnostics) {
        let stack = self.stack;
        for link in &service.links {
            match stack.services.get_index_of(link.service.value.as_str()) {
                Some(j) if j == i => diags.push(
                    Diag::new(
                        Code::LinksSelf,
                        format!("service `{}` links to itself", service.name.value),
                    )
                    .label(link.service.span, "the service itself")
                    .help("a service reaches its own containers by its name: remove this link"),
                ),
                Some(j) => {
                    graph.add_edge(self.services[i], self.services[j], Edge::Links);
                }
                None => diags.push(undeclared_service(
                    stack,
                    service,
                    "links to",
                    &link.service,
                )),
            }
        }
    }

    /// The services a service depends on and takes volumes from.
    fn services_of(&self, graph: &mut Graph, i: usize, service: &Service, diags: &mut Diagnostics) {
        let stack = self.stack;
        let node = self.services[i];
        for dep in &service.depends_on {
            match stack.services.get_index_of(dep.service.value.as_str()) {
                Some(j) => {
                    graph.add_edge(node, self.services[j], Edge::DependsOn(dep.condition.value));
                }
                None => diags.push(undeclared_service(
                    stack,
                    service,
                    "depends on",
                    &dep.service,
                )),
            }
        }
        if let Some(stackc_ir::stack::NetworkMode::Service(source)) =
            service.network_mode.as_ref().map(|m| &m.value)
        {
            match stack.services.get_index_of(source.value.as_str()) {
                Some(j) if j == i => diags.push(
                    Diag::new(
                        Code::NetworkModeSelf,
                        format!(
                            "service `{}` uses its own network stack",
                            service.name.value
                        ),
                    )
                    .label(source.span, "the service itself")
                    .help("name another service whose network stack this one shares, or remove `network_mode`"),
                ),
                Some(j) => {
                    graph.add_edge(node, self.services[j], Edge::SharesNetwork);
                }
                None => diags.push(undeclared_service(
                    stack,
                    service,
                    "uses the network stack of",
                    source,
                )),
            }
        }
        for source in &service.volumes_from {
            match stack.services.get_index_of(source.value.as_str()) {
                Some(j) if j == i => diags.push(
                    Diag::new(
                        Code::VolumesFromSelf,
                        format!("service `{}` takes volumes from itself", service.name.value),
                    )
                    .label(source.span, "the service itself")
                    .help("name another service whose mounts this one shares"),
                ),
                Some(j) => {
                    graph.add_edge(node, self.services[j], Edge::VolumesFrom);
                }
                None => diags.push(undeclared_service(
                    stack,
                    service,
                    "takes volumes from",
                    source,
                )),
            }
        }
    }

    /// The images the stack builds (also those no service runs), each with
    /// an edge to the images of the stack its Dockerfile builds FROM.
    fn builds(&mut self, graph: &mut Graph) {
        let stack = self.stack;
        let builds = stack
            .images
            .values()
            .map(|image| (stack.image_tag(image), &image.build))
            .chain(stack.services.values().filter_map(|service| {
                let build = service.build.as_deref()?;
                Some((image_reference(stack, service), build))
            }));
        for (reference, build) in builds {
            let node = self.image(graph, reference, true);
            for from in &build.from {
                let Some(base) = stack.image_named(from) else {
                    continue;
                };
                let base = self.image(graph, stack.image_tag(base), true);
                // A self-reference is reported as a cycle by `image_order`.
                if base != node && graph.find_edge(node, base).is_none() {
                    graph.add_edge(node, base, Edge::BuildsFrom);
                }
            }
        }
    }
}

/// The `[secrets]` and `[configs]` a service names are declared.
fn files_of(stack: &Stack, service: &Service, diags: &mut Diagnostics) {
    let kinds = [
        (
            "secrets",
            "secret",
            Code::UnknownSecret,
            &service.secrets,
            &stack.secrets,
        ),
        (
            "configs",
            "config",
            Code::UnknownConfig,
            &service.configs,
            &stack.configs,
        ),
    ];
    for (table, what, code, grants, declared) in kinds {
        for grant in grants {
            let source = &grant.value.source;
            if declared.contains_key(&source.value) {
                continue;
            }
            diags.push(undeclared(
                code,
                service,
                &format!("reads the undeclared {what}"),
                source,
                suggest::or_declare(
                    table,
                    &source.value,
                    declared.keys().map(String::as_str),
                    &format!("`[{table}.{}]` with `file = \"…\"`", source.value),
                ),
            ));
        }
    }
}

/// The `[secrets]` the builds (of services and of `[images]`) name are
/// declared.
fn build_secrets_of(stack: &Stack, diags: &mut Diagnostics) {
    let services = stack.services.values().filter_map(|s| {
        s.build
            .as_deref()
            .map(|b| (format!("service `{}`", s.name.value), b))
    });
    let images = stack
        .images
        .values()
        .map(|i| (format!("image `{}`", i.name.value), &i.build));
    for (who, build) in services.chain(images) {
        for secret in &build.options.secrets {
            let source = &secret.source;
            if stack.secrets.contains_key(&source.value) {
                continue;
            }
            diags.push(
                Diag::new(
                    Code::UnknownSecret,
                    format!(
                        "the build of {who} reads the undeclared secret `{}`",
                        source.value
                    ),
                )
                .label(source.span, "not declared")
                .help(suggest::or_declare(
                    "secrets",
                    &source.value,
                    stack.secrets.keys().map(String::as_str),
                    &format!("`[secrets.{}]` with `file = \"…\"`", source.value),
                )),
            );
        }
    }
}

/// `service` names `name`, which the stack does not declare: `what` says
/// how (`joins the undeclared network`), `help` what to do.
fn undeclared(code: Code, service: &Service, what: &str, name: &Ref, help: String) -> Diag {
    Diag::new(
        code,
        format!("service `{}` {what} `{}`", service.name.value, name.value),
    )
    .label(name.span, "not declared")
    .help(help)
}

/// `service` names `name`, an undeclared service, in the way `how`
/// (`depends on`).
fn undeclared_service(stack: &Stack, service: &Service, how: &str, name: &Ref) -> Diag {
    undeclared(
        Code::UnknownService,
        service,
        &format!("{how} the undeclared service"),
        name,
        suggest::help(
            "services",
            &name.value,
            stack.services.keys().map(String::as_str),
        ),
    )
}

/// The image a service runs: its `image`, or the tag its build produces.
pub fn image_reference(stack: &Stack, service: &Service) -> String {
    if let Some(image) = stack.stack_image(service) {
        return stack.image_tag(image);
    }
    match &service.image {
        Some(image) => image.value.to_string(),
        None => stackc_ir::engine_names::built_image(&stack.name.value, &service.name.value),
    }
}
