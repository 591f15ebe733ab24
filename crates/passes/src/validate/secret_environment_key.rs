//! An environment variable that carries a secret is passed through the
//! docker client's own environment (`KEY=value docker create -e KEY`, the
//! assignment written into the script), so its name must be a shell
//! identifier (the only names bash can assign) and not one that bash, the
//! script or the docker client itself reads ([`stackc_ir::reserved`]).

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for (key, value) in &service.environment {
            let secret = value
                .value
                .params()
                .any(|p| stack.params.get(p).is_some_and(|p| p.secret));
            if !secret {
                continue;
            }
            let why = if !stackc_ir::reserved::is_shell_identifier(key) {
                "is not a shell identifier (an ASCII letter or `_`, then letters, digits and `_`), which the script cannot pass through the docker client's environment"
            } else if stackc_ir::reserved::is_reserved_variable(key) {
                "would change how the script or the docker client itself runs"
            } else {
                continue;
            };
            let shown = stackc_ir::text::shown(key);
            diags.push(
                Diag::new(
                    Code::SecretReservedKey,
                    format!("the secret variable `{shown}` {why}"),
                )
                .label(value.span, "reads a secret parameter")
                .help(format!(
                    "secrets reach the container through the docker client's environment, under the variable's own name: rename `{shown}` (e.g. `APP_{}`)",
                    key.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_uppercase()
                )),
            );
        }
    }
}
