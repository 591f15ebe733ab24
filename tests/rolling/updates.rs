//! The scheduler and rolling updates on the real engine: a service starts
//! as soon as what it depends on is ready, whatever other branches do
//! (`fixtures/engine/branches.toml`); a changed service with replicas is
//! replaced one replica at a time, each healthy before the next, while a
//! client requesting it by its alias sees no failure
//! (`fixtures/engine/rolling.toml`); a replica that fails stops the update.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::Run;
use crate::engine_support::{docker, docker_lines, eventually, exec, inspect};

/// `slow` turns healthy only once `c3` ran: `up.sh` completes because the
/// chain beside it does not wait for it.
#[test]
fn a_branch_does_not_wait_for_a_slow_one() {
    let stack = crate::stack_or_skip!("branches", "branches.toml");
    let up = stack.run_ok("up", &[]);
    let at = |text: &str| {
        up.lines()
            .iter()
            .position(|l| *l == text)
            .unwrap_or_else(|| panic!("no line `{text}`\n{}", up.transcript()))
    };
    let name = |service: &str| stack.container(service);
    let c3 = at(&format!("container {}: created and started", name("c3")));
    let slow = at(&format!("container {}: healthy", name("slow")));
    let after = at(&format!(
        "container {}: created and started",
        name("after_slow")
    ));
    assert!(c3 < slow && slow < after, "{}", up.transcript());
    for service in ["root", "slow", "after_slow", "c1", "c2", "c3"] {
        let c = inspect(&[&name(service)]);
        assert_eq!(c["State"]["Status"], "running", "{service}");
    }
}

/// The replicas of web, in order.
fn replicas(stack: &Stack) -> Vec<String> {
    (1..=3).map(|n| format!("{}-web-{n}", stack.name)).collect()
}

/// The client's answers since it started: (`ok`, `FAIL`).
fn client_counts(stack: &Stack) -> (usize, usize) {
    let logs = docker(&["logs", &stack.container("client")]);
    let ok = logs.lines().filter(|l| *l == "ok").count();
    let failed = logs.lines().filter(|l| *l == "FAIL").count();
    (ok, failed)
}

/// What each replica serves (its VERSION), by exec.
fn versions(stack: &Stack) -> Vec<String> {
    replicas(stack)
        .iter()
        .map(|c| exec(c, &["cat", "/www/index.html"]).trim().to_owned())
        .collect()
}

/// Bring the stack up and wait until the client has been answered.
fn up_with_client(stack: &Stack) {
    stack.run_ok("up", &[]);
    assert!(
        eventually(Duration::from_secs(20), || client_counts(stack).0 >= 5),
        "the client is never answered: {:?}",
        docker(&["logs", &stack.container("client")])
    );
}

/// Recompile the edited stack and run `up` (an update), then give the
/// client a second: the run, and how many of the client's requests failed
/// after one retry during and just after it.
fn update(stack: &Stack, order: &str) -> (Run, usize) {
    let before = client_counts(stack);
    stack.compile("up");
    let update = stack.run_ok("up", &[]);
    std::thread::sleep(Duration::from_secs(1));
    let after = client_counts(stack);
    eprintln!(
        "rolling update ({order}): the client's requests during and just after it: {} answered, {} failed after one retry",
        after.0 - before.0,
        after.1 - before.1
    );
    (update, after.1 - before.1)
}

/// Each replica's lines of the update are `want(replica)`, and a replica is
/// touched only after the one before it is done (its last line).
fn one_replica_at_a_time(stack: &Stack, update: &Run, want: impl Fn(&str) -> Vec<String>) {
    let lines = update.lines();
    let mut last = 0;
    for container in replicas(stack) {
        let own = about(&lines, &container);
        let texts: Vec<&str> = own.iter().map(|(_, l)| *l).collect();
        assert_eq!(texts, want(&container), "{}", update.transcript());
        assert!(
            own[0].0 > last,
            "{container} touched before the one before it was done\n{}",
            update.transcript()
        );
        last = own[own.len() - 1].0;
    }
}

/// Lines of `up.sh` that concern `container`.
fn about<'a>(lines: &[&'a str], container: &str) -> Vec<(usize, &'a str)> {
    let prefix = format!("container {container}: ");
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.starts_with(&prefix) || l.starts_with(&format!("container {container}-next: "))
        })
        .map(|(i, l)| (i, *l))
        .collect()
}

/// A changed environment replaces the three replicas one at a time (stop
/// first): each is removed, created (without the network alias) and
/// healthy (then given the alias) before the next is touched; the client,
/// kept, never fails twice in a row.
#[test]
fn a_rolling_update_replaces_one_replica_at_a_time() {
    let stack = crate::stack_or_skip!("rolling", "rolling.toml");
    up_with_client(&stack);
    let client = inspect(&[&stack.container("client")])["Id"].clone();
    stack.edit("VERSION = \"one\"", "VERSION = \"two\"");
    let (update, failed) = update(&stack, "stop-first");
    one_replica_at_a_time(&stack, &update, |container| {
        vec![
            format!("container {container}: definition changed, removed (changed: environment)"),
            format!("container {container}: created and started"),
            format!("container {container}: waiting until healthy (at most 60s)"),
            format!("container {container}: healthy"),
        ]
    });
    assert_eq!(versions(&stack), ["two", "two", "two"]);
    // Created without the alias, each joined it once healthy.
    for container in replicas(&stack) {
        let networks = &inspect(&[&container])["NetworkSettings"]["Networks"];
        let aliases = &networks[stack.network("default")]["Aliases"];
        assert!(
            aliases
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == "web")),
            "{container}: {networks}"
        );
    }
    assert_eq!(
        inspect(&[&stack.container("client")])["Id"],
        client,
        "the client did not change: kept"
    );
    assert_eq!(
        failed, 0,
        "requests failed twice in a row during the update"
    );
}

/// start-first: each new replica runs (as `<name>-next`) and is healthy
/// before the old one stops; then it takes the old one's name. None is
/// left over; the client never fails twice in a row.
#[test]
fn a_start_first_update_starts_the_new_replica_first() {
    let stack = crate::stack_or_skip!("startfirst", "rolling.toml");
    up_with_client(&stack);
    stack.edit(
        "replicas = 3\n",
        "replicas = 3\nupdate = { order = \"start-first\" }\n",
    );
    stack.edit("VERSION = \"one\"", "VERSION = \"two\"");
    let (update, failed) = update(&stack, "start-first");
    one_replica_at_a_time(&stack, &update, |container| {
        let next = format!("{container}-next");
        vec![
            format!(
                "container {container}: definition changed, replaced once its replacement is ready (changed: environment)"
            ),
            format!("container {next}: created and started, to replace {container}"),
            format!("container {next}: waiting until healthy (at most 60s)"),
            format!("container {next}: healthy"),
            format!("container {container}: removed; its replacement, ready, took its name"),
        ]
    });
    assert_eq!(versions(&stack), ["two", "two", "two"]);
    let names = docker_lines(&[
        "ps",
        "--all",
        "--filter",
        &stack.filter(),
        "--format",
        "{{.Names}}",
    ]);
    assert_eq!(names.len(), 4, "no replacement left over: {names:?}");
    assert!(names.iter().all(|n| !n.ends_with("-next")), "{names:?}");
    // Renamed, the replicas are current: a re-run keeps them.
    stack
        .run_ok("up", &[])
        .says_none_of(&["created", "removed", "started"]);
    assert_eq!(
        failed, 0,
        "requests failed twice in a row during the update"
    );
}

/// A new replica that never gets healthy stops the update: up.sh fails
/// naming it; the replicas after it keep the old definition and run.
#[test]
fn a_failing_replica_stops_the_update() {
    let stack = crate::stack_or_skip!("rollfail", "rolling.toml");
    up_with_client(&stack);
    stack.edit("exec httpd -f -p 8080 -h /www", "exec sleep 86400");
    stack.edit("VERSION = \"one\"", "VERSION = \"two\"");
    stack.compile("up");
    let run = stack.run(
        "up",
        &[],
        &[("STACKC_HEALTH_TIMEOUT", "5")],
        Duration::from_secs(90),
    );
    assert!(!run.status.success(), "{}", run.transcript());
    let [first, second, third] = <[String; 3]>::try_from(replicas(&stack)).unwrap();
    assert!(
        run.stderr.contains(&format!("step services.web: {first} (service web) is"))
            && run.stderr.contains(&format!(
            "the update of web stopped at {first}: the replicas not replaced yet keep their old definition"
        )),
        "{}",
        run.transcript()
    );
    assert!(
        !run.stdout.contains(&second) && !run.stdout.contains(&third),
        "{}",
        run.transcript()
    );
    for replica in [second, third] {
        assert_eq!(exec(&replica, &["cat", "/www/index.html"]).trim(), "one");
        let c = inspect(&[&replica]);
        assert_eq!(c["State"]["Health"]["Status"], "healthy", "{replica}");
    }
}
