//! The same host port published twice (by one service or two, unless
//! their profiles never select them together).

use std::collections::HashMap;

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Port, Protocol, Stack};

/// Linear in the number of published ports: the ports seen so far are
/// bucketed by (protocol, host port number); two overlapping ranges share a
/// number, so only the buckets of a new port's numbers can hold a clash.
pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    let mut seen: Vec<(&str, &stackc_ir::stack::Spanned<Port>)> = Vec::new();
    // The lookup order never reaches the output: the earliest clash wins.
    let mut buckets: HashMap<(Protocol, u16), Vec<usize>> = HashMap::new();
    for service in stack.services.values() {
        for port in &service.ports {
            let Some(published) = port.value.published else {
                continue;
            };
            let protocol = port.value.protocol;
            let clashing = (published.start..=published.end)
                .filter_map(|n| buckets.get(&(protocol, n)))
                .flatten()
                .copied()
                .filter(|&i| {
                    let (other, first) = seen[i];
                    clash(&first.value, &port.value)
                        && !exclusive(stack, other, &service.name.value)
                })
                .min();
            if let Some((other, first)) = clashing.map(|i| seen[i]) {
                let first_range = first.value.published.unwrap_or(published);
                diags.push(
                    Diag::new(
                        Code::DuplicateHostPort,
                        format!(
                            "host port {}/{} is published twice",
                            overlap_start(first_range, published),
                            port.value.protocol.as_str()
                        ),
                    )
                    .label(port.span, format!("published by `{}`", service.name.value))
                    .label(first.span, format!("already published by `{other}`"))
                    .help("give one of them another host port, or bind them to different host addresses"),
                );
            } else {
                for n in published.start..=published.end {
                    buckets.entry((protocol, n)).or_default().push(seen.len());
                }
                seen.push((service.name.value.as_str(), port));
            }
        }
    }
}

/// Two services in disjoint profiles never run together (the whole stack,
/// as compose gets it, may hold `app-dev` and `app-prod` on one port).
fn exclusive(stack: &Stack, a: &str, b: &str) -> bool {
    let (Some(a), Some(b)) = (stack.services.get(a), stack.services.get(b)) else {
        return false;
    };
    !a.profiles.is_empty()
        && !b.profiles.is_empty()
        && !a
            .profiles
            .iter()
            .any(|p| b.profiles.iter().any(|q| q.value == p.value))
}

fn clash(a: &Port, b: &Port) -> bool {
    let (Some(pa), Some(pb)) = (a.published, b.published) else {
        return false;
    };
    let same_ip = match (&a.host_ip, &b.host_ip) {
        (Some(x), Some(y)) => x == y || is_any(x) || is_any(y),
        _ => true,
    };
    let protocol = |p: Protocol| p;
    same_ip
        && protocol(a.protocol) == protocol(b.protocol)
        && pa.start <= pb.end
        && pb.start <= pa.end
}

fn is_any(ip: &str) -> bool {
    ip == "0.0.0.0" || ip == "::"
}

fn overlap_start(a: stackc_ir::stack::PortRange, b: stackc_ir::stack::PortRange) -> u16 {
    a.start.max(b.start)
}
