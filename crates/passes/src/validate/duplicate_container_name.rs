//! Two containers of the stack with one name: a `container_name` equal to
//! another service's, or to a name stackc gives a replica
//! (`<stack>-<service>-<n>`). Docker would refuse the second `create`
//! after the stack is half up; compose refuses the file.

use std::collections::HashMap;

use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

use crate::diagnostics::Code;
use crate::lower::container_names;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    // Each container name, and the service that named it first.
    let mut seen: HashMap<String, &str> = HashMap::new();
    for service in stack.services.values() {
        for name in container_names(stack, service) {
            if let Some(first) = seen.get(&name) {
                let first = &stack.services[*first];
                let span = |s: &stackc_ir::stack::Service| {
                    s.container_name.as_ref().map_or(s.name.span, |c| c.span)
                };
                diags.push(
                    Diag::new(
                        Code::DuplicateContainerName,
                        format!(
                            "services `{}` and `{}` both name a container `{name}`",
                            first.name.value, service.name.value
                        ),
                    )
                    .label(span(service), "named again here")
                    .label(span(first), "first named here")
                    .help("give each `container_name` a name of its own, unlike any `<stack>-<service>-<n>` of the stack"),
                );
            } else {
                seen.insert(name, &service.name.value);
            }
        }
    }
}
