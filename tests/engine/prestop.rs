//! `pre_stop` on the engine (`fixtures/engine/prestop.toml`): the hook runs
//! in the running container before `stop` and `down` stop it (the file it
//! writes in a volume comes before the line the container's SIGTERM
//! handler writes); a failing hook fails the script and leaves its
//! container running; a container that is not running is stopped or
//! removed without its hooks, and `down` runs twice.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker, eventually, on_volume};

#[test]
fn pre_stop_runs_before_the_container_stops() {
    let stack = crate::stack_or_skip!("prestop", "prestop.toml");
    let volume = stack.volume("data");
    // Empty until the container wrote it.
    let log = || on_volume(&volume, &["sh", "-c", "cat /v/log 2>/dev/null || true"]);
    stack.run_ok("up", &[]);
    assert!(eventually(Duration::from_secs(10), || log() == "started\n"));

    // `stop` runs the hook, then stops: the handler writes last. The
    // failing hook of `idle` fails the script and leaves `idle` running,
    // as compose's `stop` does.
    stack.compile("stop");
    let failed = stack
        .run("stop", &[], &[], Duration::from_secs(60))
        .exits(1);
    assert!(failed.stderr.contains("false"), "{}", failed.transcript());
    let idle = stack.container("idle");
    assert_eq!(
        docker(&["inspect", "--format={{.State.Running}}", &idle]).trim(),
        "true"
    );
    docker(&["stop", "--time=1", &idle]);
    stack.run_ok("stop", &[]);
    assert_eq!(log(), "started\npre-stop 1\nstopped\n");

    // `up` starts both again; `idle` is stopped by hand, so that its
    // failing hook does not run.
    stack.run_ok("up", &[]);
    assert!(eventually(Duration::from_secs(10), || log()
        .ends_with("stopped\nstarted\n")));
    docker(&["stop", "--time=1", &idle]);
    let down = stack.run_ok("down", &[]);
    assert_eq!(
        log(),
        "started\npre-stop 1\nstopped\nstarted\npre-stop 4\nstopped\n",
        "{}",
        down.transcript()
    );
    assert!(stack.container_ids().is_empty(), "{}", down.transcript());
    let again = stack.run_ok("down", &[]);
    assert!(!again.transcript().contains("pre-stop"));
    docker(&["volume", "rm", &volume]);
}
