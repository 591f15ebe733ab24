//! The stack file `docker stack deploy -c` reads: the compose lowering
//! (`crate::compose`), rewritten into the version 3 format that the docker
//! CLI's own schema accepts. What swarm cannot honour was refused before
//! (`super::refuse`); what is left either keeps its compose key, moves
//! under `deploy:` (replicas, restart policy, resources) or is dropped
//! because swarm does it anyway (`depends_on`, which the script honours by
//! its order; `expose`; the pull policy, which is `--resolve-image`;
//! `attach`, which says what an attached `docker compose up` shows).

use stackc_ir::stack::{Mount, Restart, Service, Stack};

use super::node::{Map, Node};

/// The version of the stack file format: every key written here is in its
/// schema, and `mode: replicated-job` (Docker 20.10) takes any version.
const VERSION: &str = "3.9";

/// The service keys of the compose lowering that the stack file drops:
/// the script does what they say (`build`, `depends_on`, `pull_policy`),
/// swarm names its tasks itself (`container_name`, refused beforehand when
/// set), `--profile` selected the services already, `expose` says nothing
/// on an overlay network, where every port of a task is reachable.
const DROPPED: &[&str] = &[
    "build",
    "scale",
    "profiles",
    "container_name",
    "depends_on",
    "pull_policy",
    "expose",
    "restart",
    "deploy",
    "attach",
];

/// The keys of `FLAGS` that are resources in a swarm: `deploy.resources`,
/// `limits` or `reservations`, and the key there.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("mem_limit", "limits", "memory"),
    ("cpus", "limits", "cpus"),
    ("pids_limit", "limits", "pids"),
    ("mem_reservation", "reservations", "memory"),
];

/// The environment variable that names the swarm object of a secret or
/// config (`kind` is `SECRET` or `CONFIG`), set by the script to the name
/// it gave the object.
pub(super) fn object_var(kind: &str, key: &str) -> String {
    let mut out = format!("STACKC_{kind}_");
    out.extend(key.chars().map(|c| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        }
    }));
    out
}

/// The variable of a service's definition digest (a label under
/// `deploy.labels`, which changes the service, not its tasks).
pub(super) fn digest_var() -> &'static str {
    "STACKC_DIGEST"
}

/// The label that holds a service's digest, and a secret's or config's.
pub(super) const DIGEST_LABEL: &str = "io.stackc.digest";

/// The whole stack file, from the compose lowering `compose`.
pub(super) fn stack_file(stack: &Stack, compose: Node) -> Map {
    let Node::Map(mut compose) = compose else {
        return Map::new();
    };
    let mut out = Map::new();
    out.insert("version".to_owned(), Node::str(VERSION));
    let mut services = Map::new();
    if let Some(Node::Map(lowered)) = compose.shift_remove("services") {
        for (key, node) in lowered {
            // The helper services of image builds and volume inits: the
            // script builds images itself; volume inits are refused.
            let Some(service) = stack.services.get(&key) else {
                continue;
            };
            services.insert(key, Node::Map(swarm_service(service, node)));
        }
    }
    out.insert("services".to_owned(), Node::Map(services));
    if let Some(Node::Map(mut networks)) = compose.shift_remove("networks") {
        for network in networks.values_mut().filter_map(Node::as_map_mut) {
            if network.get("external") != Some(&Node::Bool(true)) {
                // Every task of a swarm network can be reached from a
                // container run beside it, as on the script's networks.
                network.insert("attachable".to_owned(), Node::Bool(true));
            }
        }
        if uses_default_network(stack) && !networks.contains_key("default") {
            networks.insert("default".to_owned(), default_network());
        }
        out.insert("networks".to_owned(), Node::Map(networks));
    } else if uses_default_network(stack) {
        let mut networks = Map::new();
        networks.insert("default".to_owned(), default_network());
        out.insert("networks".to_owned(), Node::Map(networks));
    }
    if let Some(volumes) = compose.shift_remove("volumes") {
        out.insert("volumes".to_owned(), volumes);
    }
    for (section, kind) in [("secrets", "SECRET"), ("configs", "CONFIG")] {
        let objects = match section {
            "secrets" => &stack.secrets,
            _ => &stack.configs,
        };
        if objects.is_empty() {
            continue;
        }
        let mut map = Map::new();
        for key in objects.keys() {
            let var = object_var(kind, key);
            let mut object = Map::new();
            object.insert("external".to_owned(), Node::Bool(true));
            object.insert(
                "name".to_owned(),
                Node::str(format!(
                    "${{{var}:?the {} {section}.{key} is created by the deploy script}}",
                    if kind == "SECRET" { "secret" } else { "config" }
                )),
            );
            map.insert(key.clone(), Node::Map(object));
        }
        out.insert(section.to_owned(), Node::Map(map));
    }
    out
}

fn default_network() -> Node {
    let mut network = Map::new();
    network.insert("attachable".to_owned(), Node::Bool(true));
    Node::Map(network)
}

/// Whether a service joins the stack's `default` network (named, or by
/// naming none).
fn uses_default_network(stack: &Stack) -> bool {
    stack
        .services
        .values()
        .any(|s| s.networks.is_empty() || s.networks.iter().any(|n| n.value == "default"))
}

/// A compose service as a swarm service.
fn swarm_service(service: &Service, node: Node) -> Map {
    let Node::Map(mut map) = node else {
        return Map::new();
    };
    for key in DROPPED {
        map.shift_remove(*key);
    }
    let mut resources = Map::new();
    for (key, group, field) in RESOURCES {
        if let Some(value) = map.shift_remove(*key) {
            let value = match (value, *field) {
                (Node::Float(f), "cpus") => Node::str(f.to_string()),
                (Node::Int(i), "cpus") => Node::str(i.to_string()),
                (value, _) => value,
            };
            Node::entry(&mut resources, group).insert((*field).to_owned(), value);
        }
    }
    if let Some(Node::Seq(ports)) = map.get_mut("ports") {
        for port in ports.iter_mut().filter_map(Node::as_map_mut) {
            // The CLI's schema takes the published port as a number.
            if let Some(Node::Str(text)) = port.get("published")
                && let Ok(number) = text.parse::<i64>()
            {
                port.insert("published".to_owned(), Node::Int(number));
            }
            port.shift_remove("host_ip");
        }
    }
    if service.networks.is_empty() {
        map.insert("networks".to_owned(), Node::Seq(vec![Node::str("default")]));
    }
    map.insert("deploy".to_owned(), Node::Map(deploy(service, resources)));
    map
}

/// `deploy:`: the mode and replicas, the update and rollback policy, the
/// restart policy and the resources.
fn deploy(service: &Service, resources: Map) -> Map {
    let mut deploy = Map::new();
    let job = service.is_job();
    deploy.insert(
        "mode".to_owned(),
        Node::str(if job { "replicated-job" } else { "replicated" }),
    );
    deploy.insert(
        "replicas".to_owned(),
        Node::Int(i64::from(service.replicas.value)),
    );
    if service.ports.is_empty() {
        // The service's name resolves to its tasks' addresses: no virtual
        // IP, which needs IPVS in the kernel of every node. A service that
        // publishes a port keeps it, for the routing mesh.
        deploy.insert("endpoint_mode".to_owned(), Node::str("dnsrr"));
    }
    if !job {
        // A new task starts before the old one stops, unless two tasks
        // would write one volume at once.
        let order = if writes_a_volume(service) {
            "stop-first"
        } else {
            "start-first"
        };
        let mut update = Map::new();
        update.insert("parallelism".to_owned(), Node::Int(1));
        update.insert("order".to_owned(), Node::str(order));
        update.insert("failure_action".to_owned(), Node::str("rollback"));
        update.insert("monitor".to_owned(), Node::str("10s"));
        deploy.insert("update_config".to_owned(), Node::Map(update));
        let mut rollback = Map::new();
        rollback.insert("parallelism".to_owned(), Node::Int(1));
        rollback.insert("order".to_owned(), Node::str(order));
        deploy.insert("rollback_config".to_owned(), Node::Map(rollback));
    }
    if let Some(policy) = restart_policy(service) {
        deploy.insert("restart_policy".to_owned(), Node::Map(policy));
    }
    if !resources.is_empty() {
        deploy.insert("resources".to_owned(), Node::Map(resources));
    }
    deploy
}

/// Whether two tasks of the service would write one named volume.
fn writes_a_volume(service: &Service) -> bool {
    service.volumes.iter().any(|mount| {
        matches!(
            &mount.value,
            Mount::Volume {
                source: Some(_),
                read_only: false,
                ..
            }
        )
    })
}

/// `restart` as swarm's restart policy: `no` is `none`, `always` and
/// `unless-stopped` are `any`, `on-failure[:N]` is `on-failure` with at
/// most N attempts. Unset, a job is never restarted (it runs once, as the
/// scripts run it) and a service takes swarm's default (`any`).
fn restart_policy(service: &Service) -> Option<Map> {
    let (condition, attempts) = match service.restart.as_ref().map(|r| r.value) {
        Some(Restart::No) => ("none", None),
        Some(Restart::Always | Restart::UnlessStopped) => ("any", None),
        Some(Restart::OnFailure(n)) => ("on-failure", n),
        None if service.is_job() => ("none", None),
        None => return None,
    };
    let mut policy = Map::new();
    policy.insert("condition".to_owned(), Node::str(condition));
    if let Some(n) = attempts {
        policy.insert("max_attempts".to_owned(), Node::Int(i64::from(n)));
    }
    Some(policy)
}

/// The stack file of one service: the service, and the networks, volumes,
/// secrets and configs it names. `digest` adds the `deploy.labels` entry
/// the script compares on its next run.
pub(super) fn service_file(whole: &Map, name: &str) -> Map {
    let mut out = Map::new();
    if let Some(version) = whole.get("version") {
        out.insert("version".to_owned(), version.clone());
    }
    let Some(Node::Map(services)) = whole.get("services") else {
        return out;
    };
    let Some(Node::Map(service)) = services.get(name) else {
        return out;
    };
    let mut service = service.clone();
    if let Some(Node::Map(deploy)) = service.get_mut("deploy") {
        let mut labels = Map::new();
        labels.insert(
            DIGEST_LABEL.to_owned(),
            Node::str(format!("${{{}:-}}", digest_var())),
        );
        deploy.insert("labels".to_owned(), Node::Map(labels));
    }
    let used = uses(&service);
    let mut one = Map::new();
    one.insert(name.to_owned(), Node::Map(service));
    out.insert("services".to_owned(), Node::Map(one));
    for (section, names) in [
        ("networks", &used.networks),
        ("volumes", &used.volumes),
        ("secrets", &used.secrets),
        ("configs", &used.configs),
    ] {
        let Some(Node::Map(all)) = whole.get(section) else {
            continue;
        };
        let kept: Map = all
            .iter()
            .filter(|(key, _)| names.contains(key))
            .map(|(key, node)| (key.clone(), node.clone()))
            .collect();
        if !kept.is_empty() {
            out.insert(section.to_owned(), Node::Map(kept));
        }
    }
    out
}

/// The top-level objects a service of the stack file names.
#[derive(Default)]
struct Uses {
    networks: Vec<String>,
    volumes: Vec<String>,
    secrets: Vec<String>,
    configs: Vec<String>,
}

fn uses(service: &Map) -> Uses {
    let mut out = Uses::default();
    let names = |node: Option<&Node>, field: &str| -> Vec<String> {
        let Some(Node::Seq(items)) = node else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item {
                Node::Str(name) => Some(name.clone()),
                Node::Map(map) => map.get(field).and_then(Node::as_str).map(str::to_owned),
                _ => None,
            })
            .collect()
    };
    out.networks = names(service.get("networks"), "");
    out.secrets = names(service.get("secrets"), "source");
    out.configs = names(service.get("configs"), "source");
    if let Some(Node::Seq(mounts)) = service.get("volumes") {
        for mount in mounts {
            if let Node::Map(mount) = mount
                && mount.get("type").and_then(Node::as_str) == Some("volume")
                && let Some(source) = mount.get("source").and_then(Node::as_str)
            {
                out.volumes.push(source.to_owned());
            }
        }
    }
    out
}
