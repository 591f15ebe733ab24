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
            match dep.condition.value {
                Condition::Healthy if target.is_job() => diags.push(
                    Diag::new(
                        Code::HealthyJob,
                        format!("`{name}` is a one-shot job: it is never `healthy`"),
                    )
                    .label(dep.condition.span, "waits for health")
                    .help(format!("wait for it to finish instead: `{name} = \"completed\"`")),
                ),
                Condition::Healthy
                    if target
                        .healthcheck
                        .as_ref()
                        .is_none_or(|h| h.value.test == HealthTest::Disabled) =>
                {
                    diags.push(
                        Diag::new(
                            Code::HealthyWithoutHealthcheck,
                            format!("`{name}` has no healthcheck, so it never becomes `healthy`"),
                        )
                        .label(dep.condition.span, "waits for health")
                        .label(target.name.span, format!("`{name}` is declared here"))
                        .help(format!(
                            "add a healthcheck to `{name}` (`healthcheck = {{ test = [\"CMD\", …] }}`), or wait for `\"started\"`"
                        )),
                    );
                }
                Condition::Completed if !target.is_job() => diags.push(
                    Diag::new(
                        Code::CompletedNotJob,
                        format!("`{name}` is not a one-shot job, so it never `completed`"),
                    )
                    .label(dep.condition.span, "waits for completion")
                    .label(target.name.span, format!("`{name}` is declared here"))
                    .help(format!(
                        "mark `{name}` as a job with `run = \"once\"`, or wait for `\"started\"` or `\"healthy\"`"
                    )),
                ),
                _ => {}
            }
        }
    }
}
