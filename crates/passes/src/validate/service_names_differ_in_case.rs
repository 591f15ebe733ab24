//! Two services whose names differ only in case (`web`, `Web`): each is
//! an alias of its containers on the network, and DNS names are read
//! without case, so one name would answer for both.

use std::collections::HashMap;

use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Service, Stack};

use crate::diagnostics::Code;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    // The first service of each lowercased name, in one pass (linear).
    let mut first_of: HashMap<String, &Service> = HashMap::with_capacity(stack.services.len());
    for service in stack.services.values() {
        let first = *first_of
            .entry(service.name.value.to_ascii_lowercase())
            .or_insert(service);
        if std::ptr::eq(first, service) {
            continue;
        }
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
