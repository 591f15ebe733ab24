//! Two mounts on one target path in a service.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for (i, mount) in service.volumes.iter().enumerate() {
            let target = mount.value.target().trim_end_matches('/');
            if let Some(first) = service.volumes[..i]
                .iter()
                .find(|m| m.value.target().trim_end_matches('/') == target)
            {
                diags.push(
                    Diag::new(
                        Code::DuplicateMountTarget,
                        format!(
                            "service `{}` mounts two things on `{}`",
                            service.name.value,
                            mount.value.target()
                        ),
                    )
                    .label(mount.span, "second mount")
                    .label(first.span, "first mount")
                    .help("remove one of them, or mount it on another path"),
                );
            }
        }
    }
}
