//! The same host port published twice (by one service or two).

use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Port, Protocol, Stack};

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    let mut seen: Vec<(&str, &stackc_ir::stack::Spanned<Port>)> = Vec::new();
    for service in stack.services.values() {
        for port in &service.ports {
            let Some(published) = port.value.published else {
                continue;
            };
            if let Some((other, first)) = seen
                .iter()
                .find(|(_, first)| clash(&first.value, &port.value))
            {
                let first_range = first.value.published.unwrap_or(published);
                diags.push(
                    Diag::new(
                        "stackc::duplicate-host-port",
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
                seen.push((service.name.value.as_str(), port));
            }
        }
    }
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
