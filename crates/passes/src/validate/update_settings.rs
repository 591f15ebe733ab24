//! `update` where it cannot work: on a job (it runs once, nothing is
//! replaced while it serves), and `order = "start-first"` on a service
//! that publishes a fixed host port (the new container cannot bind the
//! port while the old one holds it).

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;
use stackc_ir::stack::UpdateOrder;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(update) = &service.update else {
            continue;
        };
        if let Some(run) = service.run_once {
            diags.push(
                Diag::new(
                    Code::JobUpdate,
                    format!(
                        "job `{}` runs once: it has no running containers to replace one by one",
                        service.name.value
                    ),
                )
                .label(update.span, "how running containers are replaced")
                .label(run, "runs once")
                .help("remove `update` from the job"),
            );
            continue;
        }
        let Some(order) = update
            .order
            .as_ref()
            .filter(|o| o.value == UpdateOrder::StartFirst)
        else {
            continue;
        };
        if let Some(port) = service.ports.iter().find(|p| p.value.published.is_some()) {
            diags.push(
                Diag::new(
                    Code::StartFirstHostPort,
                    format!(
                        "service `{}` publishes a host port, which its new container cannot bind while the old one runs",
                        service.name.value
                    ),
                )
                .label(order.span, "starts the new container first")
                .label(port.span, "a fixed host port")
                .help("write `order = \"stop-first\"`, or let the engine choose the host port (`ports = [\"80\"]`)"),
            );
        }
    }
}
