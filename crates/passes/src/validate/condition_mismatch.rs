//! A `depends_on` condition the dependency cannot meet: `healthy` on a
//! service without a healthcheck, `completed` on a service that is not a
//! one-shot job, `healthy` on a job.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Condition, HealthTest, Stack};

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for dep in &service.depends_on {
            let Some(target) = stack.services.get(dep.service.value.as_str()) else {
                continue; // reported by resolve
            };
            let name = &dep.service.value;
            let never_healthy = target
                .healthcheck
                .as_ref()
                .is_none_or(|h| h.value.test == HealthTest::Disabled);
            // What is wrong, what the condition waits for, and whether the
            // dependency's declaration shows why.
            let (code, message, waits, show_declaration, help) = match dep.condition.value {
                Condition::Healthy if target.is_job() => (
                    Code::HealthyJob,
                    format!("`{name}` is a one-shot job: it is never `healthy`"),
                    "waits for health",
                    false,
                    format!("wait for it to finish instead: `{name} = \"completed\"`"),
                ),
                Condition::Healthy if never_healthy => (
                    Code::HealthyWithoutHealthcheck,
                    format!("`{name}` has no healthcheck, so it never becomes `healthy`"),
                    "waits for health",
                    true,
                    format!(
                        "add a healthcheck to `{name}` (`healthcheck = {{ test = [\"CMD\", …] }}`), or wait for `\"started\"`"
                    ),
                ),
                Condition::Completed if !target.is_job() => (
                    Code::CompletedNotJob,
                    format!("`{name}` is not a one-shot job, so it never `completed`"),
                    "waits for completion",
                    true,
                    format!(
                        "mark `{name}` as a job with `run = \"once\"`, or wait for `\"started\"` or `\"healthy\"`"
                    ),
                ),
                _ => continue,
            };
            let mut diag = Diag::new(code, message).label(dep.condition.span, waits);
            if show_declaration {
                diag = diag.label(target.name.span, format!("`{name}` is declared here"));
            }
            diags.push(diag.help(help));
        }
    }
}
