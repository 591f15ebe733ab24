//! A service with `replicas = 0` is declared but runs no container (as
//! compose's `scale: 0`): its dependents do not wait for it, but a service
//! that takes its volumes (`volumes_from`) or its network stack
//! (`network_mode = "service:…"`) needs its first container.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for (needed, how) in service.needs() {
            // A link to no container is no link, as compose's.
            if matches!(how, "depends on" | "links to") {
                continue;
            }
            let Some(target) = stack.services.get(needed.value.as_str()) else {
                continue;
            };
            if target.replicas.value != 0 {
                continue;
            }
            diags.push(
                Diag::new(
                    Code::NeedsZeroReplicas,
                    format!(
                        "service `{}` {how} `{}`, which has `replicas = 0` and runs no container",
                        service.name.value, target.name.value
                    ),
                )
                .label(needed.span, "needs its first container")
                .label(target.replicas.span, "no container")
                .help(format!(
                    "give `{}` at least one replica, or take this from another service",
                    target.name.value
                )),
            );
        }
    }
}
