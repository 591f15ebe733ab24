//! Two services whose names differ only in case (`web`, `Web`): each is
//! an alias of its containers on the network, and DNS names are read
//! without case, so one name would answer for both.

use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

use crate::diagnostics::Code;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for (i, service) in stack.services.values().enumerate() {
        let Some(first) = stack
            .services
            .values()
            .take(i)
            .find(|other| other.name.value.eq_ignore_ascii_case(&service.name.value))
        else {
            continue;
        };
        diags.push(
            Diag::new(
                Code::ServiceNamesDifferInCase,
                format!(
                    "services `{}` and `{}` differ only in case",
                    first.name.value, service.name.value
                ),
            )
            .label(service.name.span, "this one")
            .label(first.name.span, "answers the same name on the network")
            .help("DNS names are read without case: rename one of them"),
        );
    }
}
