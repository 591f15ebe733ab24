//! A fixed address (`ipv4_address`, `ipv6_address`) on a network: docker
//! gives one only on a network with a subnet of its own (`ipam.config`),
//! and two containers cannot share it.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for (network, attach) in &service.attachments {
            let fixed = attach.value.ipv4_address.is_some() || attach.value.ipv6_address.is_some();
            if !fixed {
                continue;
            }
            let name = &service.name.value;
            if service.replicas.value > 1 {
                diags.push(
                    Diag::new(
                        Code::FixedAddress,
                        format!(
                            "service `{name}` has {} replicas, which cannot share one fixed address on `{network}`",
                            service.replicas.value
                        ),
                    )
                    .label(attach.span, "one address")
                    .label(service.replicas.span, "several containers")
                    .help("remove the fixed address (the replicas are reached by the service's name), or run one replica"),
                );
            }
            let subnet = stack.networks.get(network).is_some_and(|n| {
                n.external
                    || n.options
                        .ipam
                        .as_ref()
                        .is_some_and(|ipam| ipam.config.iter().any(|pool| pool.subnet.is_some()))
            });
            if !subnet {
                diags.push(
                    Diag::new(
                        Code::FixedAddress,
                        format!("service `{name}` takes a fixed address on `{network}`, which has no subnet of its own"),
                    )
                    .label(attach.span, "a fixed address")
                    .help(format!(
                        "docker gives a fixed address only on a network with a configured subnet: add `ipam = {{ config = [{{ subnet = \"172.28.0.0/16\" }}] }}` to `[networks.{network}]`"
                    )),
                );
            }
        }
    }
}
