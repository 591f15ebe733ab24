//! Settings that contradict `run = "once"`: a restart policy other than
//! `no`, several replicas, or `exec` commands (a job has exited by then).

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::{Restart, Stack};

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(run) = service.run_once else {
            continue;
        };
        if let Some(restart) = &service.restart
            && restart.value != Restart::No
        {
            diags.push(
                Diag::new(
                    Code::JobRestart,
                    format!(
                        "job `{}` runs once, but `restart = \"{}\"` would run it again",
                        service.name.value, restart.value
                    ),
                )
                .label(restart.span, "restarts the job")
                .label(run, "runs once")
                .help("remove `restart` (a job is never restarted), or remove `run = \"once\"`"),
            );
        }
        if let Some(first) = service.exec.first() {
            diags.push(
                Diag::new(
                    Code::JobExec,
                    format!(
                        "job `{}` runs once and exits: there is no running container to `exec` into",
                        service.name.value
                    ),
                )
                .label(first.span, "runs after start")
                .label(run, "runs once")
                .help("put these commands in the job's `command`, or remove `run = \"once\"`"),
            );
        }
        if service.replicas.value > 1 {
            diags.push(
                Diag::new(
                    Code::JobReplicas,
                    format!(
                        "job `{}` runs once, but has {} replicas",
                        service.name.value, service.replicas.value
                    ),
                )
                .label(service.replicas.span, "several copies")
                .label(run, "runs once")
                .help("remove `replicas` from the job"),
            );
        }
    }
}
