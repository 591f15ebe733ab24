//! Lower a checked stack to the target-neutral [`Plan`] of one action.
//!
//! Names follow Docker Compose so that `docker compose -p NAME ps` and the
//! user's habits see the same things: containers `<stack>-<service>-<n>`,
//! networks `<stack>_<network>`, volumes `<stack>_<volume>`, and the
//! `com.docker.compose.*` labels.

use stackc_ir::ast::{Action, Block, ContainerSpec, Op, ParamSpec, Plan, ResourceKind, Word};
use stackc_ir::engine_names::{self};
use stackc_ir::stack::{Service, Stack};

use crate::Analyzed;

mod blocks;
mod container;

use blocks::{archives, builds, down, pulls, purge, services, up};
use container::container_spec;

/// The plan of `action` for a stack that passed [`crate::analyze`].
pub fn lower(stack: &Stack, analyzed: &Analyzed, action: Action) -> Plan {
    let mut blocks = match action {
        Action::Up => up(stack, analyzed, true),
        // `run` needs a service: see `lower_run`.
        Action::Run => Vec::new(),
        Action::Backup => archives(stack, false),
        Action::Restore => archives(stack, true),
        Action::Create => up(stack, analyzed, false),
        Action::Down => down(stack, analyzed, false),
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
        Action::Stop => services(
            stack,
            analyzed,
            true,
            unless_job(|spec| Op::StopContainer {
                container: spec.name,
                stop_timeout: spec.stop_timeout,
                pre_stop: spec.pre_stop,
            }),
        ),
        Action::Restart => services(
            stack,
            analyzed,
            false,
            unless_job(|spec| Op::RestartContainer {
                exec: exec_on_start(&spec),
                pre_stop: spec.pre_stop,
                container: spec.name,
                service: spec.service,
                stop_timeout: spec.stop_timeout,
            }),
        ),
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
    insert_stack_blocks(stack, action, &mut blocks);
    Plan {
        stack: stack.name.value.clone(),
        action,
        params: param_specs(stack),
        blocks,
    }
}

/// The stack's parameters as a plan declares them.
pub fn param_specs(stack: &Stack) -> Vec<ParamSpec> {
    stack
        .params
        .values()
        .map(|p| ParamSpec {
            name: p.name.value.clone(),
            default: p.default.clone(),
            description: p.description.clone(),
            secret: p.secret,
            choices: p.choices.clone(),
            keep_empty: p.keep_empty,
        })
        .collect()
}

/// The blocks that act on the stack as a whole. What else carries the project
/// label: after `up`, what the stack no longer defines goes; `down` and
/// `purge` remove it, `stop` stops it, before the networks go (they could not
/// while it is attached). `down` and `purge` first check that no other
/// container uses the networks and volumes they would remove.
fn insert_stack_blocks(stack: &Stack, action: Action, blocks: &mut Vec<Block>) {
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
                after: Vec::new(),
                ops: vec![Op::Strays {
                    known: known_containers(stack),
                    stop_only,
                    volumes: action == Action::Purge,
                }],
            },
        );
    }
    if matches!(action, Action::Down | Action::Purge) {
        let networks: Vec<String> = created_networks(stack)
            .into_iter()
            .map(|key| stack.network_name(key))
            .collect();
        let volumes: Vec<String> = if action == Action::Purge {
            stack
                .volumes
                .iter()
                .filter(|(_, v)| !v.external)
                .map(|(key, _)| stack.volume_name(key))
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
                after: Vec::new(),
                ops: vec![Op::CheckUnused { networks, volumes }],
            },
        );
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
            for name in s.needs().map(|(name, _)| name.value.as_str()) {
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
        depends: analyzed
            .depends
            .iter()
            .filter(|(n, _)| wanted.contains(&n.as_str()))
            .map(|(n, d)| (n.clone(), d.clone()))
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

/// `op` of each container but a job's: a job is neither left running nor
/// restarted, it ran to completion.
fn unless_job(op: impl Fn(ContainerSpec) -> Op) -> impl Fn(ContainerSpec) -> Vec<Op> {
    move |spec| {
        if spec.job { Vec::new() } else { vec![op(spec)] }
    }
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

/// The names of a service's containers, replica 1 first (none with
/// `replicas = 0`).
pub fn container_names(stack: &Stack, service: &Service) -> Vec<String> {
    if service.replicas.value == 0 {
        return Vec::new();
    }
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
    let default_used = stack
        .services
        .values()
        .any(stackc_ir::stack::Service::joins_default);
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
