//! A fixed `container_name` or a fixed host port on a service with more
//! than one replica: the replicas would collide.

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
                    "stackc::container-name-replicas",
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
            if port.value.published.is_some() {
                diags.push(
                    Diag::new(
                        "stackc::host-port-replicas",
                        format!(
                            "service `{}` publishes a fixed host port with {replicas} replicas",
                            service.name.value
                        ),
                    )
                    .label(port.span, "each replica would bind this host port")
                    .label(service.replicas.span, "several containers")
                    .help("publish only the container port (e.g. `\"80\"`) and let the engine pick host ports"),
                );
            }
        }
    }
}
