//! Lower a checked stack to the target-neutral [`Plan`] of one action.
//!
//! Names follow Docker Compose so that `docker compose -p NAME ps` and the
//! user's habits see the same things: containers `<stack>-<service>-<n>`,
//! networks `<stack>_<network>`, volumes `<stack>_<volume>`, and the
//! `com.docker.compose.*` labels.

use stackc_ir::Template;
use stackc_ir::ast::{
    Action, Block, BuildSpec, ContainerSpec, EnvVar, FlagArg, HealthCmd, HealthSpec, MountSpec,
    NetworkAttach, NetworkSpec, Op, ParamSpec, Piece, Plan, ResourceKind, VolumeSpec, Word,
};
use stackc_ir::engine_names::{self, PROJECT_LABEL};
use stackc_ir::flags::{FlagValue, SetFlag};
use stackc_ir::host::HostPath;
use stackc_ir::stack::{HealthTest, Mount, Port, PortRange, Service, Stack};
use stackc_ir::template::Part;

use crate::Analyzed;

/// The plan of `action` for a stack that passed [`crate::analyze`].
pub fn lower(stack: &Stack, analyzed: &Analyzed, action: Action) -> Plan {
    let mut blocks = match action {
        Action::Up => up(stack, analyzed, true),
        // `run` needs a service: see `lower_run`.
        Action::Run => Vec::new(),
        Action::Backup => archives(stack, false),
        Action::Restore => archives(stack, true),
        Action::Create => up(stack, analyzed, false),
        Action::Down => down(stack, analyzed),
        Action::Purge => purge(stack, analyzed),
        Action::Start => services(stack, analyzed, false, |spec| {
            let exec = exec_on_start(&spec);
            vec![Op::StartContainer {
                container: spec.name,
                service: spec.service,
                job: spec.job,
                exec,
            }]
        }),
        Action::Stop => services(stack, analyzed, true, |spec| {
            if spec.job {
                // A job is not left running: it ran to completion.
                Vec::new()
            } else {
                vec![Op::StopContainer {
                    container: spec.name,
                    stop_timeout: spec.stop_timeout,
                }]
            }
        }),
        Action::Restart => services(stack, analyzed, false, |spec| {
            if spec.job {
                // A job is not restarted: it ran to completion.
                Vec::new()
            } else {
                let exec = exec_on_start(&spec);
                vec![Op::RestartContainer {
                    container: spec.name,
                    service: spec.service,
                    stop_timeout: spec.stop_timeout,
                    exec,
                }]
            }
        }),
        Action::Pull => pulls(stack),
        Action::Build => builds(stack, analyzed, true),
        Action::Ps => services(stack, analyzed, false, |spec| {
            vec![Op::ReportContainer(Box::new(spec))]
        })
        .into_iter()
        .map(|mut block| {
            block.ops.retain(|op| !matches!(op, Op::WaitHealthy { .. }));
            block
        })
        .collect(),
    };
    // What else carries the project label: after `up`, what the stack no
    // longer defines goes; `down` and `purge` remove it, `stop` stops it,
    // before the networks go (they could not while it is attached).
    let strays = match action {
        Action::Up | Action::Down | Action::Purge => Some(false),
        Action::Stop => Some(true),
        _ => None,
    };
    if let Some(stop_only) = strays {
        let at = blocks
            .iter()
            .rposition(|b| b.kind == ResourceKind::Service)
            .map_or(0, |i| i + 1);
        blocks.insert(
            at,
            Block {
                kind: ResourceKind::Stack,
                name: "strays".to_owned(),
                path: "containers of the stack it does not define".to_owned(),
                level: 0,
                ops: vec![Op::Strays {
                    known: known_containers(stack),
                    stop_only,
                }],
            },
        );
    }
    if matches!(action, Action::Down | Action::Purge) {
        let networks: Vec<String> = created_networks(stack)
            .into_iter()
            .map(|key| engine_names::network(stack, key))
            .collect();
        let volumes: Vec<String> = if action == Action::Purge {
            stack
                .volumes
                .iter()
                .filter(|(_, v)| !v.external)
                .map(|(key, _)| engine_names::volume(stack, key))
                .collect()
        } else {
            Vec::new()
        };
        blocks.insert(
            0,
            Block {
                kind: ResourceKind::Stack,
                name: "check".to_owned(),
                path: "networks and volumes unused by others".to_owned(),
                level: 0,
                ops: vec![Op::CheckUnused { networks, volumes }],
            },
        );
    }
    Plan {
        stack: stack.name.value.clone(),
        action,
        params: stack
            .params
            .values()
            .map(|p| ParamSpec {
                name: p.name.value.clone(),
                default: p.default.clone(),
                description: p.description.clone(),
                secret: p.secret,
                choices: p.choices.clone(),
            })
            .collect(),
        blocks,
    }
}

/// The plan of `run` for one service: its dependencies (transitively, and
/// the services it takes volumes from) brought up as `up` would, then the
/// service itself run once in a fresh container named
/// `<stack>-<service>-run`, which is removed afterwards.
pub fn lower_run(stack: &Stack, analyzed: &Analyzed, service: &str) -> Plan {
    let mut wanted: Vec<&str> = vec![service];
    let mut i = 0;
    while i < wanted.len() {
        if let Some(s) = stack.services.get(wanted[i]) {
            let next = s
                .depends_on
                .iter()
                .map(|d| d.service.value.as_str())
                .chain(s.volumes_from.iter().map(|v| v.value.as_str()));
            for name in next {
                if !wanted.contains(&name) {
                    wanted.push(name);
                }
            }
        }
        i += 1;
    }
    let mut closure = stack.clone();
    closure
        .services
        .retain(|name, _| wanted.contains(&name.as_str()));
    let kept = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .filter(|n| wanted.contains(&n.as_str()))
            .cloned()
            .collect()
    };
    let closure_analyzed = Analyzed {
        graph: analyzed.graph.clone(),
        order: kept(&analyzed.order),
        declaration_order: kept(&analyzed.declaration_order),
        levels: analyzed
            .levels
            .iter()
            .filter(|(n, _)| wanted.contains(&n.as_str()))
            .map(|(n, l)| (n.clone(), *l))
            .collect(),
        image_order: analyzed.image_order.clone(),
    };
    let mut plan = lower(&closure, &closure_analyzed, Action::Up);
    plan.action = Action::Run;
    // The rest of the stack is not strays of a run.
    plan.blocks.retain(|b| b.kind != ResourceKind::Stack);
    if let (Some(block), Some(target)) = (
        plan.blocks
            .iter_mut()
            .find(|b| b.kind == ResourceKind::Service && b.name == service),
        stack.services.get(service),
    ) {
        block.ops.retain(|op| matches!(op, Op::WaitHealthy { .. }));
        let name = engine_names::run_container(&stack.name.value, service);
        let mut spec = container_spec(stack, target, name, 1);
        spec.job = true;
        spec.restart = None;
        spec.ports.clear();
        block.ops.push(Op::RunOnce(Box::new(spec)));
    }
    plan
}

/// The `exec` commands to run when an existing container is started:
/// only those of `exec_policy = "always"`.
fn exec_on_start(spec: &ContainerSpec) -> Vec<Vec<Word>> {
    if spec.exec_always {
        spec.exec.clone()
    } else {
        Vec::new()
    }
}

/// Every container of the stack: its services' (replica 1 first) and
/// those of the services `--profile` left out.
fn known_containers(stack: &Stack) -> Vec<String> {
    let mut out: Vec<String> = stack
        .services
        .values()
        .flat_map(|service| container_names(stack, service))
        .collect();
    out.extend(stack.unselected.iter().cloned());
    out
}

/// The names of a service's containers, replica 1 first.
pub fn container_names(stack: &Stack, service: &Service) -> Vec<String> {
    if let Some(name) = &service.container_name {
        return vec![name.value.clone()];
    }
    (1..=service.replicas.value)
        .map(|n| engine_names::container(&stack.name.value, &service.name.value, n))
        .collect()
}

/// The networks the stack creates: the implicit `default` first when a
/// service joins it, then the declared ones. `(key, declared)`.
fn created_networks(stack: &Stack) -> Vec<&str> {
    let mut out = Vec::new();
    let default_used = stack.services.values().any(|s| s.networks.is_empty());
    if default_used && !stack.networks.contains_key("default") {
        out.push("default");
    }
    for (key, network) in &stack.networks {
        if !network.external {
            out.push(key.as_str());
        }
    }
    out
}

fn up(stack: &Stack, analyzed: &Analyzed, start: bool) -> Vec<Block> {
    let mut blocks = networks_and_volumes(stack);
    blocks.extend(builds(stack, analyzed, false));
    blocks.extend(services(stack, analyzed, false, |spec| {
        if start {
            vec![Op::RunContainer(Box::new(spec))]
        } else {
            vec![Op::CreateContainer(Box::new(spec))]
        }
    }));
    blocks
}

/// The blocks that create the stack's networks and volumes.
fn networks_and_volumes(stack: &Stack) -> Vec<Block> {
    let mut blocks = Vec::new();
    let project = &stack.name.value;

    for key in created_networks(stack) {
        let declared = stack.networks.get(key);
        let mut labels = vec![
            (PROJECT_LABEL.to_owned(), Word::lit(project)),
            ("com.docker.compose.network".to_owned(), Word::lit(key)),
        ];
        if let Some(network) = declared {
            labels.extend(network.labels.iter().map(|(k, v)| (k.clone(), word(v))));
        }
        blocks.push(Block {
            kind: ResourceKind::Network,
            level: 0,
            name: key.to_owned(),
            path: if declared.is_some() {
                format!("networks.{key}")
            } else {
                "networks.default (implicit)".to_owned()
            },
            ops: vec![Op::CreateNetwork(NetworkSpec {
                name: engine_names::network(stack, key),
                driver: declared.and_then(|n| n.driver.clone()),
                internal: declared.is_some_and(|n| n.internal),
                labels,
            })],
        });
    }

    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        let mut labels = vec![
            (PROJECT_LABEL.to_owned(), Word::lit(project)),
            ("com.docker.compose.volume".to_owned(), Word::lit(key)),
        ];
        labels.extend(volume.labels.iter().map(|(k, v)| (k.clone(), word(v))));
        blocks.push(Block {
            kind: ResourceKind::Volume,
            level: 0,
            name: key.clone(),
            path: format!("volumes.{key}"),
            ops: vec![Op::CreateVolume(VolumeSpec {
                name: engine_names::volume(stack, key),
                driver: volume.driver.clone(),
                labels,
                init: volume.init(),
            })],
        });
    }

    blocks
}

/// The blocks that build the stack's images, in service order.
fn builds(stack: &Stack, analyzed: &Analyzed, always: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The declared images first, each after the images it builds FROM;
    // services' own builds may start FROM them.
    blocks.extend(image_blocks(stack, analyzed.image_order.iter(), |image| {
        Op::BuildImage(build_spec(
            stack,
            Word::lit(stack.image_tag(image)),
            &image.build,
            always,
        ))
    }));
    for name in &analyzed.order {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        let Some(build) = &service.build else {
            continue;
        };
        blocks.push(Block {
            kind: ResourceKind::Image,
            level: 0,
            name: name.clone(),
            path: format!("services.{name}.build"),
            ops: vec![Op::BuildImage(build_spec(
                stack,
                image_word(stack, service),
                build,
                always,
            ))],
        });
    }

    blocks
}

/// A `docker build` of `build`, tagged `tag`.
fn build_spec(
    stack: &Stack,
    tag: Word,
    build: &stackc_ir::stack::Build,
    always: bool,
) -> BuildSpec {
    let project = &stack.name.value;
    let mut bases: Vec<String> = Vec::new();
    for reference in &build.from {
        if let Some(image) = stack.image_named(reference) {
            let tag = stack.image_tag(image);
            if !bases.contains(&tag) {
                bases.push(tag);
            }
        }
    }
    BuildSpec {
        tag,
        context: host_path(&Template::literal(build.context.value.clone())),
        dockerfile: build.dockerfile.as_ref().map(|d| {
            // Relative to the context, as in compose.
            let mut w = host_path(&Template::literal(build.context.value.clone()));
            if d.starts_with('/') {
                Word::lit(d)
            } else {
                w.push_lit("/");
                w.push_lit(d.strip_prefix("./").unwrap_or(d));
                w
            }
        }),
        args: build
            .args
            .iter()
            .map(|(k, v)| (k.clone(), word(v)))
            .collect(),
        target: build.target.clone(),
        labels: vec![(PROJECT_LABEL.to_owned(), Word::lit(project))],
        always,
        bases,
    }
}

/// One block per service in dependency order (reversed with `reverse`):
/// with `reverse` false, first the waits for its `healthy` dependencies,
/// then `op(spec)` for each of its containers.
fn services(
    stack: &Stack,
    analyzed: &Analyzed,
    reverse: bool,
    op: impl Fn(ContainerSpec) -> Vec<Op>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let order: Vec<&String> = if reverse {
        analyzed.order.iter().rev().collect()
    } else {
        analyzed.order.iter().collect()
    };
    for name in order {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        let mut ops = Vec::new();
        if !reverse {
            ops.extend(health_waits(stack, service));
        }
        let mut specs: Vec<ContainerSpec> = container_names(stack, service)
            .into_iter()
            .enumerate()
            .map(|(i, container)| {
                let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
                container_spec(stack, service, container, number)
            })
            .collect();
        if reverse {
            specs.reverse();
        }
        for spec in specs {
            ops.extend(op(spec));
        }
        if ops.iter().all(|o| matches!(o, Op::WaitHealthy { .. })) {
            continue;
        }
        blocks.push(Block {
            kind: ResourceKind::Service,
            level: analyzed.levels.get(name.as_str()).copied().unwrap_or(0),
            name: name.clone(),
            path: format!("services.{name}"),
            ops,
        });
    }
    blocks
}

/// Waits for a service's `healthy` dependencies, every replica.
fn health_waits(stack: &Stack, service: &Service) -> Vec<Op> {
    let mut ops = Vec::new();
    for dep in &service.depends_on {
        if dep.condition.value != stackc_ir::stack::Condition::Healthy {
            continue;
        }
        if let Some(target) = stack.services.get(dep.service.value.as_str()) {
            for container in container_names(stack, target) {
                ops.push(Op::WaitHealthy {
                    container,
                    service: target.name.value.clone(),
                    timeout_secs: health_deadline(target),
                });
            }
        }
    }
    ops
}

/// One block per distinct image the stack pulls (not built, `pull` not
/// `never`).
fn pulls(stack: &Stack) -> Vec<Block> {
    let mut seen: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    for (name, service) in &stack.services {
        let Some(image) = &service.image else {
            continue;
        };
        if service.build.is_some() || service.pull == stackc_ir::stack::PullPolicy::Never {
            continue;
        }
        let text = image.value.to_string();
        if seen.contains(&text) {
            continue;
        }
        seen.push(text);
        blocks.push(Block {
            kind: ResourceKind::Image,
            level: 0,
            name: name.clone(),
            path: format!("services.{name}.image"),
            ops: vec![Op::PullImage {
                image: word(&image.value),
            }],
        });
    }
    blocks
}

/// How long a healthcheck may take to pass, by its own settings: the start
/// period, then every retry failing at its timeout, plus one interval.
/// Docker's defaults fill what is unset (interval and timeout 30s, 3
/// retries).
fn health_deadline(service: &Service) -> u64 {
    const SECOND: u128 = 1_000_000_000;
    let Some(health) = &service.healthcheck else {
        return 300;
    };
    let h = &health.value;
    let nanos = |d: &Option<stackc_ir::stack::Duration>, default: u128| {
        d.as_ref().map_or(default, |d| d.nanos)
    };
    let interval = nanos(&h.interval, 30 * SECOND);
    let timeout = nanos(&h.timeout, 30 * SECOND);
    let start = nanos(&h.start_period, 0);
    let retries = u128::from(h.retries.filter(|&r| r > 0).unwrap_or(3));
    let total = start + (interval + timeout) * (retries + 1);
    u64::try_from(total.div_ceil(SECOND))
        .unwrap_or(u64::MAX)
        .max(10)
}

fn down(stack: &Stack, analyzed: &Analyzed) -> Vec<Block> {
    let mut blocks = Vec::new();
    for name in analyzed.order.iter().rev() {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        let stop_timeout = service.stop_timeout();
        blocks.push(Block {
            kind: ResourceKind::Service,
            level: analyzed.levels.get(name.as_str()).copied().unwrap_or(0),
            name: name.clone(),
            path: format!("services.{name}"),
            ops: container_names(stack, service)
                .into_iter()
                .rev()
                .map(|container| Op::RemoveContainer {
                    container,
                    stop_timeout,
                })
                .collect(),
        });
    }
    for key in created_networks(stack).into_iter().rev() {
        blocks.push(Block {
            kind: ResourceKind::Network,
            level: 0,
            name: key.to_owned(),
            path: if stack.networks.contains_key(key) {
                format!("networks.{key}")
            } else {
                "networks.default (implicit)".to_owned()
            },
            ops: vec![Op::RemoveNetwork {
                name: engine_names::network(stack, key),
            }],
        });
    }
    blocks
}

/// One block per named volume of the stack (not external) for backup or
/// restore, with the containers that mount it. The helper image is the
/// volume's `init_image`, else `STACKC_BACKUP_IMAGE` at run time (default
/// `busybox:stable`).
fn archives(stack: &Stack, restore: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        let containers = stack
            .services
            .values()
            .filter(|s| {
                s.volumes.iter().any(|m| {
                    matches!(&m.value, Mount::Volume { source: Some(source), .. } if source.value == *key)
                })
            })
            .flat_map(|s| container_names(stack, s))
            .collect();
        let image = match &volume.init_image {
            Some(image) => Word::lit(&image.value),
            None => Word(vec![Piece::Var("_sc_backup_image".to_owned())]),
        };
        blocks.push(Block {
            kind: ResourceKind::Volume,
            level: 0,
            name: key.clone(),
            path: format!("volumes.{key}"),
            ops: vec![Op::VolumeArchive {
                restore,
                key: key.clone(),
                volume: engine_names::volume(stack, key),
                image,
                containers,
            }],
        });
    }
    blocks
}

/// `down`, then the stack's volumes and built images.
fn purge(stack: &Stack, analyzed: &Analyzed) -> Vec<Block> {
    let mut blocks = down(stack, analyzed);
    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        blocks.push(Block {
            kind: ResourceKind::Volume,
            level: 0,
            name: key.clone(),
            path: format!("volumes.{key}"),
            ops: vec![Op::RemoveVolume {
                name: engine_names::volume(stack, key),
            }],
        });
    }
    for name in &analyzed.order {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        if service.build.is_some() {
            blocks.push(Block {
                kind: ResourceKind::Image,
                level: 0,
                name: name.clone(),
                path: format!("services.{name}.build"),
                ops: vec![Op::RemoveImage {
                    image: image_word(stack, service),
                }],
            });
        }
    }
    // The declared images after the services' own (which may build FROM
    // them), each before the images it builds FROM.
    blocks.extend(image_blocks(
        stack,
        analyzed.image_order.iter().rev(),
        |image| Op::RemoveImage {
            image: Word::lit(stack.image_tag(image)),
        },
    ));
    blocks
}

/// One block per declared image (`[images.NAME]`), in the order of `keys`,
/// holding the operation `op` makes of it.
fn image_blocks<'a>(
    stack: &Stack,
    keys: impl Iterator<Item = &'a String>,
    op: impl Fn(&stackc_ir::stack::Image) -> Op,
) -> Vec<Block> {
    keys.filter_map(|key| {
        let image = stack.images.get(key)?;
        Some(Block {
            kind: ResourceKind::Image,
            level: 0,
            name: key.clone(),
            path: format!("images.{key}"),
            ops: vec![op(image)],
        })
    })
    .collect()
}

/// A template as a word: literals and parameter references.
fn word(template: &Template) -> Word {
    let mut out = Word::default();
    push_parts(&mut out, template.parts());
    out
}

fn push_parts(word: &mut Word, parts: &[Part]) {
    for part in parts {
        match part {
            Part::Lit(text) => word.push_lit(text),
            Part::Param(name) => word.0.push(Piece::Param {
                name: name.clone(),
                escape: stackc_ir::ast::Escape::None,
            }),
        }
    }
}

/// A host path: absolute as written; relative ones joined to the project
/// directory, which each backend fixes in its own way.
fn host_path(path: &Template) -> Word {
    let HostPath::Relative { head, rest } = stackc_ir::host::split(path) else {
        return word(path);
    };
    let mut out = Word(vec![Piece::ProjectDir {
        escape: stackc_ir::ast::Escape::None,
    }]);
    if !head.is_empty() {
        out.push_lit("/");
        out.push_lit(head);
    }
    push_parts(&mut out, rest);
    out
}

/// The port replica `number` publishes: with several replicas, a host
/// range as long as the replica count gives each replica one host port
/// (replica k: `start + k - 1`); validate allows no other published port
/// with replicas.
fn replica_port(port: &Port, replicas: u32, number: u32) -> Port {
    let mut port = port.clone();
    if replicas > 1
        && let Some(published) = &mut port.published
        && let Ok(offset) = u16::try_from(number.saturating_sub(1))
    {
        let host = published.start.saturating_add(offset);
        *published = PortRange {
            start: host,
            end: host,
        };
    }
    port
}

fn image_word(stack: &Stack, service: &Service) -> Word {
    if let Some(image) = stack.stack_image(service) {
        return Word::lit(stack.image_tag(image));
    }
    match &service.image {
        Some(image) => word(&image.value),
        None => Word::lit(engine_names::built_image(
            &stack.name.value,
            &service.name.value,
        )),
    }
}

/// The docker flags of a key of [`stackc_ir::flags::FLAGS`].
fn flag_args(set: &SetFlag) -> Vec<FlagArg> {
    let flag = set.flag.docker;
    let arg = |value: Option<Word>| FlagArg { flag, value };
    match &set.value {
        FlagValue::On => vec![arg(None)],
        FlagValue::Value(value) => vec![arg(Some(word(value)))],
        FlagValue::List(values) => values.iter().map(|v| arg(Some(word(v)))).collect(),
        FlagValue::Seconds(duration) => {
            vec![arg(Some(Word::lit(duration.seconds_ceil().to_string())))]
        }
    }
}

fn container_spec(stack: &Stack, service: &Service, name: String, number: u32) -> ContainerSpec {
    let Service {
        name: service_name,
        image: _,
        build: _,
        command,
        entrypoint,
        environment,
        env_file,
        ports,
        volumes,
        networks,
        depends_on: _,
        healthcheck,
        restart,
        labels,
        user,
        working_dir,
        hostname,
        container_name: _,
        flags,
        extra_hosts,
        pull,
        run_once: _,
        exec,
        exec_policy,
        replicas: _,
        profiles: _,
        volumes_from,
    } = service;
    let service_key = &service_name.value;

    let mut all_labels = vec![
        (PROJECT_LABEL.to_owned(), Word::lit(&stack.name.value)),
        (
            "com.docker.compose.service".to_owned(),
            Word::lit(service_key),
        ),
        (
            "com.docker.compose.container-number".to_owned(),
            Word::lit(number.to_string()),
        ),
    ];
    all_labels.extend(labels.iter().map(|(k, v)| (k.clone(), word(v))));

    let env = environment
        .iter()
        .map(|(key, value)| EnvVar {
            key: key.clone(),
            value: word(&value.value),
            secret: value
                .value
                .params()
                .any(|p| stack.params.get(p).is_some_and(|p| p.secret)),
        })
        .collect();

    let mounts = volumes
        .iter()
        .map(|mount| match &mount.value {
            Mount::Volume {
                source,
                target,
                read_only,
            } => MountSpec::Volume {
                source: source
                    .as_ref()
                    .map(|s| engine_names::volume(stack, &s.value)),
                target: target.clone(),
                read_only: *read_only,
            },
            Mount::Bind {
                source,
                target,
                read_only,
            } => MountSpec::Bind {
                source: host_path(source),
                target: target.clone(),
                read_only: *read_only,
            },
            Mount::Tmpfs { target, size } => MountSpec::Tmpfs {
                target: target.clone(),
                size: *size,
            },
        })
        .collect();

    let attach = |key: &str| NetworkAttach {
        network: engine_names::network(stack, key),
        aliases: vec![service_key.clone()],
    };
    let networks = if networks.is_empty() {
        vec![attach("default")]
    } else {
        networks.iter().map(|n| attach(&n.value)).collect()
    };

    let command: Vec<Word> = command.iter().flatten().map(word).collect();
    let (entrypoint, args) = match entrypoint {
        None => (None, command),
        Some(items) => match items.split_first() {
            None => (Some(Word::lit("")), command),
            Some((first, rest)) => {
                let mut args: Vec<Word> = rest.iter().map(word).collect();
                args.extend(command);
                (Some(word(first)), args)
            }
        },
    };

    let healthcheck = healthcheck.as_ref().map(|h| {
        let h = &h.value;
        HealthSpec {
            test: match &h.test {
                HealthTest::Exec(items) => HealthCmd::Exec(items.iter().map(word).collect()),
                HealthTest::Shell(cmd) => HealthCmd::Shell(word(cmd)),
                HealthTest::Disabled => HealthCmd::Disabled,
            },
            interval: h.interval.as_ref().map(|d| d.text.clone()),
            timeout: h.timeout.as_ref().map(|d| d.text.clone()),
            retries: h.retries,
            start_period: h.start_period.as_ref().map(|d| d.text.clone()),
        }
    });

    ContainerSpec {
        name,
        service: service_key.clone(),
        number,
        job: service.is_job(),
        volumes_from: volumes_from
            .iter()
            .filter_map(|source| stack.services.get(source.value.as_str()))
            .filter_map(|source| container_names(stack, source).into_iter().next())
            .collect(),
        image: image_word(stack, service),
        pull: *pull,
        labels: all_labels,
        env,
        env_files: env_file
            .iter()
            .map(|f| host_path(&Template::literal(f.value.clone())))
            .collect(),
        ports: ports
            .iter()
            .map(|p| replica_port(&p.value, service.replicas.value, number))
            .collect(),
        mounts,
        networks,
        entrypoint,
        args,
        healthcheck,
        restart: restart.as_ref().map(|r| r.value.to_string()),
        user: user.as_ref().map(word),
        working_dir: working_dir.as_ref().map(word),
        hostname: hostname.as_ref().map(word),
        flags: flags.iter().flat_map(flag_args).collect(),
        stop_timeout: service.stop_timeout(),
        exec: exec
            .iter()
            .map(|command| command.value.iter().map(word).collect())
            .collect(),
        exec_always: exec_policy.value == stackc_ir::stack::ExecPolicy::Always,
        extra_hosts: extra_hosts
            .iter()
            .map(|(h, ip)| format!("{h}:{ip}"))
            .collect(),
    }
}
