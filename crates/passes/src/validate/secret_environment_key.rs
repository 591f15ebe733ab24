//! An environment variable that carries a secret is passed through the
//! docker client's own environment (`KEY=value docker create -e KEY`), so
//! its name must not be one the shell or the docker client itself reads.

use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

const RESERVED: &[&str] = &[
    "PATH",
    "HOME",
    "IFS",
    "ENV",
    "BASH_ENV",
    "SHELLOPTS",
    "TMPDIR",
];
const RESERVED_PREFIXES: &[&str] = &["DOCKER_", "LD_", "BASH_FUNC_"];

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for (key, value) in &service.environment {
            let secret = value
                .value
                .params()
                .any(|p| stack.params.get(p).is_some_and(|p| p.secret));
            let reserved = RESERVED.contains(&key.as_str())
                || RESERVED_PREFIXES
                    .iter()
                    .any(|prefix| key.starts_with(prefix));
            if secret && reserved {
                diags.push(
                    Diag::new(
                        "stackc::secret-reserved-key",
                        format!("the secret variable `{key}` would change how the docker client itself runs"),
                    )
                    .label(value.span, "reads a secret parameter")
                    .help(format!(
                        "secrets reach the container through the docker client's environment; name the variable something other than `{key}`"
                    )),
                );
            }
        }
    }
}
