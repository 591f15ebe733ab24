//! A fixed `container_name` or a fixed host port on a service with more
//! than one replica: the replicas would collide. A host port range as
//! long as the replica count is spread, one port per replica.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let replicas = service.replicas.value;
        if replicas <= 1 {
            continue;
        }
        if let Some(name) = &service.container_name {
            diags.push(
                Diag::new(
                    Code::ContainerNameReplicas,
                    format!(
                        "service `{}` has a fixed `container_name` and {replicas} replicas",
                        service.name.value
                    ),
                )
                .label(name.span, "one name")
                .label(service.replicas.span, "several containers")
                .help("remove `container_name`: replicas are named `<stack>-<service>-<n>`"),
            );
        }
        for port in &service.ports {
            let Some(published) = port.value.published else {
                continue;
            };
            let hosts = u32::from(published.end - published.start) + 1;
            let single_target = port.value.target.start == port.value.target.end;
            if hosts > 1 && single_target {
                // One host port per replica.
                if hosts != replicas {
                    diags.push(
                        Diag::new(
                            Code::HostPortRangeReplicas,
                            format!(
                                "service `{}` spreads {hosts} host ports over {replicas} replicas",
                                service.name.value
                            ),
                        )
                        .label(port.span, format!("{hosts} host ports"))
                        .label(service.replicas.span, format!("{replicas} containers"))
                        .help(format!(
                            "give exactly one host port per replica, e.g. `\"{}-{}:{}\"`",
                            published.start,
                            u32::from(published.start) + replicas - 1,
                            port.value.target
                        )),
                    );
                }
            } else {
                diags.push(
                    Diag::new(
                        Code::HostPortReplicas,
                        format!(
                            "service `{}` publishes a fixed host port with {replicas} replicas",
                            service.name.value
                        ),
                    )
                    .label(port.span, "each replica would bind this host port")
                    .label(service.replicas.span, "several containers")
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
