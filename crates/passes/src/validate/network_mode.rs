//! What `network_mode` excludes: the stack's `networks` (docker joins one
//! network stack), published ports (but on `bridge`), and, with another
//! container's stack, its own host name, DNS and hosts settings.

use crate::diagnostics::Code;
use miette::SourceSpan;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{NetworkMode, Service, Stack};

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(mode) = &service.network_mode else {
            continue;
        };
        let shared = matches!(
            mode.value,
            NetworkMode::Service(_) | NetworkMode::Container(_)
        );
        let mut conflicts: Vec<(&str, Option<SourceSpan>)> = Vec::new();
        if let Some(first) = service.networks.first() {
            conflicts.push(("networks", Some(first.span)));
        }
        if let Some(first) = service.ports.first()
            && mode.value != NetworkMode::Bridge
        {
            conflicts.push(("ports", Some(first.span)));
        }
        if shared {
            for key in ["dns", "dns_search", "dns_opt", "expose"] {
                if let Some(set) = service.flags.get(key) {
                    conflicts.push((key, Some(set.span)));
                }
            }
            if service.hostname.is_some() {
                conflicts.push(("hostname", None));
            }
            if !service.extra_hosts.is_empty() {
                conflicts.push(("extra_hosts", None));
            }
        }
        for (key, span) in conflicts {
            diags.push(conflict(
                service,
                &mode.value.compose(),
                mode.span,
                key,
                span,
            ));
        }
    }
}

fn conflict(
    service: &Service,
    mode: &str,
    at: SourceSpan,
    key: &str,
    span: Option<SourceSpan>,
) -> Diag {
    let diag = Diag::new(
        Code::NetworkModeConflict,
        format!(
            "service `{}` uses `network_mode = \"{mode}\"`, which leaves no place for `{key}`",
            service.name.value
        ),
    )
    .label(at, "another network stack")
    .help(format!(
        "remove `{key}` (the network stack it joins has its own), or remove `network_mode`"
    ));
    match span {
        Some(span) => diag.label(span, "not with it"),
        None => diag,
    }
}
