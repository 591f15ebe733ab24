//! Where a secret or config lands: the script copies it into the created
//! container's filesystem, which a read-only container refuses, and which
//! under a mount would write into the volume or onto the host.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let grants = service.secrets.iter().chain(&service.configs);
        let mut grants = grants.peekable();
        let Some(first) = grants.peek() else {
            continue;
        };
        let name = &service.name.value;
        if let Some(read_only) = service.flags.get("read_only") {
            diags.push(
                Diag::new(
                    Code::FileTarget,
                    format!(
                        "service `{name}` has a read-only root filesystem, where its secrets and configs cannot be copied"
                    ),
                )
                .label(read_only.span, "read-only")
                .label(first.span, "copied in before it starts")
                .help("remove `read_only`, or give the content another way (a bind mount of the file, `:ro`)"),
            );
        }
        for grant in grants {
            let target = &grant.value.target;
            let Some(mount) = service
                .volumes
                .iter()
                .find(|m| under(target, m.value.target()))
            else {
                continue;
            };
            diags.push(
                Diag::new(
                    Code::FileTarget,
                    format!(
                        "service `{name}` puts `{}` at `{target}`, inside its mount at `{}`",
                        grant.value.source.value,
                        mount.value.target()
                    ),
                )
                .label(grant.span, "copied in here")
                .label(mount.span, "mounted here")
                .help("give it a `target` outside the service's mounts: copied under a mount, it would be written into the volume or onto the host"),
            );
        }
    }
}

/// Whether `path` is `dir` or under it.
fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    dir.is_empty()
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}
