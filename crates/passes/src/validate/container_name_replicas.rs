//! A fixed `container_name` or a fixed host port on a service with more
//! than one replica: the replicas would collide. A host port range as
//! long as the replica count is spread, one port per replica; a longer one
//! is given whole to each replica (docker picks a free port in it, as with
//! compose); a shorter one is an error. The ports
//! are checked only for the targets whose containers bind host ports
//! themselves ([`host_ports`]: bash, argv, compose); a swarm publishes one
//! port for all replicas through its routing mesh.

use crate::diagnostics::Code;
use miette::SourceSpan;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Service, Stack};

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let replicas = service.replicas.value;
        if replicas <= 1 {
            continue;
        }
        if let Some(name) = &service.container_name {
            diags.push(
                collision(
                    service,
                    Code::ContainerNameReplicas,
                    &format!("has a fixed `container_name` and {replicas} replicas"),
                    (name.span, "one name"),
                    "several containers",
                )
                .help("remove `container_name`: replicas are named `<stack>-<service>-<n>`"),
            );
        }
    }
    ports(stack, diags, true);
}

/// The published ports of replicated services, where each container binds
/// its host port itself: a fixed host port.
pub fn host_ports(stack: &Stack, diags: &mut Diagnostics) {
    ports(stack, diags, false);
}

/// A host range shorter than the replica count (`ranges`), or a fixed
/// host port (`!ranges`).
fn ports(stack: &Stack, diags: &mut Diagnostics, ranges: bool) {
    for service in stack.services.values() {
        let replicas = service.replicas.value;
        if replicas <= 1 {
            continue;
        }
        for port in &service.ports {
            let Some(published) = port.value.published else {
                continue;
            };
            let hosts = u32::from(published.end - published.start) + 1;
            let single_target = port.value.target.start == port.value.target.end;
            if hosts > 1 && single_target {
                // At least one host port per replica.
                if ranges && hosts < replicas {
                    diags.push(
                        collision(
                            service,
                            Code::HostPortRangeReplicas,
                            &format!("spreads {hosts} host ports over {replicas} replicas"),
                            (port.span, &format!("{hosts} host ports")),
                            &format!("{replicas} containers"),
                        )
                        .help(format!(
                            "give at least one host port per replica, e.g. `\"{}-{}:{}\"`",
                            published.start,
                            u32::from(published.start) + replicas - 1,
                            port.value.target
                        )),
                    );
                }
            } else if !ranges {
                diags.push(
                    collision(
                        service,
                        Code::HostPortReplicas,
                        &format!("publishes a fixed host port with {replicas} replicas"),
                        (port.span, "each replica would bind this host port"),
                        "several containers",
                    )
                    .help(format!(
                        "publish only the container port (e.g. `\"{}\"`) and let the engine pick host ports, or give a host range with one port per replica (e.g. `\"{}-{}:{}\"`)",
                        port.value.target,
                        published.start,
                        u32::from(published.start) + replicas - 1,
                        port.value.target
                    )),
                );
            }
        }
    }
}

/// `service`, then `message`: a setting at `at` (labelled `what`) that its
/// replicas (labelled `containers`) would collide on.
fn collision(
    service: &Service,
    code: Code,
    message: &str,
    (at, what): (SourceSpan, &str),
    containers: &str,
) -> Diag {
    Diag::new(code, format!("service `{}` {message}", service.name.value))
        .label(at, what)
        .label(service.replicas.span, containers)
}
