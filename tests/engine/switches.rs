//! Switches and a stop grace period that parameters complete
//! (`fixtures/engine/switches.toml`): docker gets the boolean compose would
//! read (`yes` is true) and the duration in whole seconds, rounded up, as
//! `docker inspect` shows; a value compose would refuse stops `up.sh`
//! before it changes anything; another value recreates the container.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker_lines, inspect};

/// `HostConfig.Init`, `HostConfig.ReadonlyRootfs`, `Config.StopTimeout`
/// and `Config.Healthcheck.Retries` of the container.
fn settings(stack: &Stack) -> (bool, bool, i64, i64) {
    let c = inspect(&[&stack.container("app")]);
    let init = c["HostConfig"]["Init"].as_bool();
    let read_only = c["HostConfig"]["ReadonlyRootfs"].as_bool();
    let timeout = c["Config"]["StopTimeout"].as_i64();
    let retries = c["Config"]["Healthcheck"]["Retries"].as_i64();
    match (init, read_only, timeout, retries) {
        (Some(init), Some(read_only), Some(timeout), Some(retries)) => {
            (init, read_only, timeout, retries)
        }
        _ => panic!("{c:#}"),
    }
}

/// The name of the container's PID 1 (`docker-init` with `init`).
fn pid1(stack: &Stack) -> String {
    docker_lines(&["exec", &stack.container("app"), "cat", "/proc/1/comm"]).join("")
}

#[test]
fn switches_and_grace_periods_from_parameters_reach_the_engine() {
    let stack = crate::stack_or_skip!("switches", "switches.toml");
    let up = |env: &[(&str, &str)]| stack.run("up", &[], env, Duration::from_secs(120));

    let refused = up(&[("USE_INIT", "maybe")]).exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.init is maybe, which is not a boolean"),
        "{}",
        refused.transcript()
    );
    let refused = up(&[("HEALTH_RETRIES", "03")]).exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.healthcheck.retries is 03, which is not a whole number"),
        "{}",
        refused.transcript()
    );
    let refused = up(&[("STOP_GRACE", "90")]).exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.stop_grace_period is 90, which is not a duration"),
        "{}",
        refused.transcript()
    );
    assert!(stack.container_ids().is_empty(), "{}", refused.transcript());
    assert!(stack.networks().is_empty(), "{}", refused.transcript());

    up(&[]).ok();
    assert_eq!(settings(&stack), (false, true, 2, 4));
    assert_eq!(pid1(&stack), "sleep");
    let again = up(&[]).ok();
    assert!(!again.stdout.contains("created"), "{}", again.transcript());

    // Compose's spellings: `yes` is true, `Off` false; 0m2.5s is 3 s (the
    // old container, whose `sleep` ignores SIGTERM, is given as long).
    let before = stack.container_ids();
    let changed = up(&[
        ("USE_INIT", "yes"),
        ("STOP_GRACE", "0m2.5s"),
        ("READ_ONLY", "Off"),
        ("HEALTH_RETRIES", "7"),
    ])
    .ok();
    assert!(
        changed.stdout.contains("created"),
        "{}",
        changed.transcript()
    );
    assert_ne!(stack.container_ids(), before);
    assert_eq!(settings(&stack), (true, false, 3, 7));
    assert_eq!(pid1(&stack), "docker-init");

    // A bad value with the stack up changes nothing.
    let before = stack.container_ids();
    up(&[("USE_INIT", "1")]).exits(1);
    assert_eq!(stack.container_ids(), before);

    // down waits the grace period it is given, converted too.
    let refused = stack
        .run(
            "down",
            &[],
            &[("STOP_GRACE", "soon")],
            Duration::from_secs(120),
        )
        .exits(1);
    assert!(
        refused.stderr.contains("services.app.stop_grace_period"),
        "{}",
        refused.transcript()
    );
    assert_eq!(stack.container_ids(), before);
    stack.run_ok("down", &[]);
    assert!(stack.container_ids().is_empty());
}
