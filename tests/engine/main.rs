//! End to end on the real Docker engine: the generated scripts and the
//! compose output, run against `fixtures/engine/stack.toml` (two networks,
//! a named volume, a published port, a healthcheck, a one-shot job and
//! `depends_on` with every condition).
//!
//! Every image is built locally from a static busybox (no registry); each
//! test works on its own copy of the stack under a unique project name and
//! host port, so tests run in parallel and touch nothing else on the
//! engine, and a guard removes everything of its stack even when it fails.
//! Without an engine the tests fail, unless `STACKC_SKIP_ENGINE=1`, where
//! each prints `SKIPPED: no engine` and returns.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod addresses;
mod blkio;
mod buildkit;
mod diff;
#[path = "support.rs"]
mod engine_support;
mod envfile;
mod external;
mod extlinks;
mod files;
mod gpus;
mod health;
mod hostpath;
mod inline;
mod labelfile;
mod links;
mod netmode;
mod netopts;
mod ports;
mod prestop;
mod remote;
mod restarts;
mod rules;
mod storageopt;
mod subpath;
#[path = "../support/mod.rs"]
mod support;
mod swarm;
mod switches;

use std::collections::BTreeMap;
use std::time::Duration;

use engine_support::{
    IMAGE, Observed, Stack, cleanup, docker, docker_lines, eventually, exec, http_get,
    http_get_path, inspect, observe, on_volume, read_volume_file,
};

const SERVICES: [&str; 4] = ["seed", "idle", "web", "client"];

/// The IDs of the stack's containers, by service.
fn ids_by_service(stack: &Stack) -> BTreeMap<&'static str, String> {
    let ids = stack.container_ids();
    assert_eq!(
        ids.len(),
        SERVICES.len(),
        "{}: expected one container per service, found {ids:?}",
        stack.name
    );
    SERVICES
        .iter()
        .map(|s| {
            let id = ids
                .get(&stack.container(s))
                .unwrap_or_else(|| panic!("no container {} in {ids:?}", stack.container(s)));
            (*s, id.clone())
        })
        .collect()
}

/// The seed job exited 0; the other services run; `web` is healthy.
fn assert_states(stack: &Stack) {
    let seed = inspect(&[&stack.container("seed")]);
    assert_eq!(
        (&seed["State"]["Status"], &seed["State"]["ExitCode"]),
        (&"exited".into(), &0.into()),
        "the job seed must have exited 0"
    );
    for service in ["idle", "web", "client"] {
        let c = inspect(&[&stack.container(service)]);
        assert_eq!(c["State"]["Status"], "running", "{service} must be running");
    }
    let web = inspect(&[&stack.container("web")]);
    assert_eq!(web["State"]["Health"]["Status"], "healthy");
}

/// How many times the job ran, from the file it appends to.
fn job_runs(stack: &Stack) -> usize {
    read_volume_file(&stack.volume("www"), "runs")
        .lines()
        .count()
}

/// `web` answers on the published port with the page the job wrote.
fn assert_serves_the_seed_page(stack: &Stack) {
    let response = http_get(stack.port).unwrap();
    assert!(response.ends_with("hello from seed\n"), "{response:?}");
}

/// The stacks up.sh and docker compose made are the same.
fn assert_same_stack(by_script: &Observed, by_compose: &Observed) {
    assert_eq!(
        by_script, by_compose,
        "up.sh (left) and docker compose (right) made different stacks"
    );
}

fn env_of(stack: &Stack, service: &str) -> Vec<String> {
    let c = inspect(&[&stack.container(service)]);
    c["Config"]["Env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn up_brings_the_stack_up() {
    let stack = stack_or_skip!("up", "stack.toml");
    let up = stack.run_ok("up", &[]);
    ids_by_service(&stack);
    assert_states(&stack);

    // From the host, through the published port.
    let response = http_get(stack.port)
        .unwrap_or_else(|e| panic!("no answer on 127.0.0.1:{}: {e}", stack.port));
    assert!(
        response.starts_with("HTTP/1.") && response.contains(" 200 "),
        "not a 200: {response:?}"
    );
    assert!(
        response.ends_with("hello from seed\n"),
        "the page the job wrote into the volume: {response:?}"
    );

    // By service name, on the shared `front` network.
    assert_eq!(
        exec(
            &stack.container("client"),
            &["wget", "-q", "-O-", "http://web:8080/"]
        ),
        "hello from seed\n"
    );
    let client = stack.container("client");
    assert!(
        eventually(Duration::from_secs(10), || docker(&["logs", &client])
            .contains("hello from seed")),
        "the client's own loop never reached http://web:8080/: {}",
        docker(&["logs", &client])
    );

    // Networks: web on both, the others on their one.
    let networks_of = |service: &str| -> Vec<String> {
        let c = inspect(&[&stack.container(service)]);
        c["NetworkSettings"]["Networks"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        networks_of("web"),
        [stack.network("back"), stack.network("front")]
    );
    assert_eq!(networks_of("client"), [stack.network("front")]);
    assert_eq!(networks_of("seed"), [stack.network("back")]);

    // The job ran once, before web (which serves what it wrote).
    assert_eq!(job_runs(&stack), 1, "the job ran once");
    assert!(
        up.stdout.contains(&format!("stack {}: up", stack.name)),
        "{}",
        up.transcript()
    );
}

#[test]
fn up_again_keeps_every_container() {
    let stack = stack_or_skip!("rerun", "stack.toml");
    stack.run_ok("up", &[]);
    let before = ids_by_service(&stack);
    let again = stack.run_ok("up", &[]);
    assert_eq!(
        ids_by_service(&stack),
        before,
        "a second up.sh replaced containers\n{}",
        again.transcript()
    );
    assert_states(&stack);
    assert_eq!(job_runs(&stack), 1, "a second up.sh ran the job again");

    // It says so: one line per container, each `kept`, and nothing created.
    for service in SERVICES {
        let container = stack.container(service);
        again.has_line(&format!("`{container}: … kept`"), |l| {
            l.contains(&format!("{container}:")) && l.contains("kept")
        });
    }
    again.says_none_of(&["created", "recreated", "started", "removed"]);
}

#[test]
fn changed_service_is_recreated_alone() {
    let stack = stack_or_skip!("change", "stack.toml");
    stack.run_ok("up", &[]);
    let before = ids_by_service(&stack);

    stack.edit("GREETING = \"one\"", "GREETING = \"two\"");
    stack.compile("up");
    let again = stack.run_ok("up", &[]);
    let after = ids_by_service(&stack);

    assert_ne!(
        after["web"],
        before["web"],
        "web's environment changed but its container was kept\n{}",
        again.transcript()
    );
    assert!(
        env_of(&stack, "web").contains(&"GREETING=two".to_owned()),
        "the new web container has the new value: {:?}",
        env_of(&stack, "web")
    );
    // seed and idle do not depend on web: kept. client depends on web: either.
    for service in ["seed", "idle"] {
        assert_eq!(
            after[service],
            before[service],
            "{service} did not change but was recreated\n{}",
            again.transcript()
        );
    }
    assert_eq!(job_runs(&stack), 1, "the unchanged job ran again");
    assert_states(&stack);
    assert_serves_the_seed_page(&stack);
}

/// `up.sh --plan` reads the real engine and says, without changing
/// anything, what `up.sh` would do: keep everything on a current stack;
/// recreate exactly the edited service, naming the changed field.
#[test]
fn plan_reads_the_engine_and_changes_nothing() {
    let stack = stack_or_skip!("plan", "stack.toml");
    let cold = stack.run_ok("up", &["--plan"]);
    assert!(
        cold.lines()
            .iter()
            .all(|l| l.starts_with("create ") || l.starts_with("run ")),
        "on an empty engine everything is created:\n{}",
        cold.transcript()
    );
    assert!(stack.container_ids().is_empty(), "--plan created nothing");

    stack.run_ok("up", &[]);
    let before = stack.container_ids();
    let current = stack.run_ok("up", &["--plan"]);
    assert!(
        current.lines().iter().all(|l| l.starts_with("keep ")),
        "a current stack is kept whole:\n{}",
        current.transcript()
    );

    stack.edit("GREETING = \"one\"", "GREETING = \"two\"");
    stack.compile("up");
    let json = stack.run_ok("up", &["--plan", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changes: Vec<String> = plan
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] != "keep")
        .map(|r| format!("{} {} {}", r["action"], r["name"], r["changed"]))
        .collect();
    assert_eq!(
        changes,
        [format!(
            "\"recreate\" \"{}\" [\"environment\"]",
            stack.container("web")
        )],
        "{}",
        json.stdout
    );
    assert_eq!(stack.container_ids(), before, "--plan changed nothing");
}

#[test]
fn unhealthy_dependency_fails_within_the_deadline() {
    let stack = stack_or_skip!("health", "unhealthy.toml");
    let run = stack.run(
        "up",
        &[],
        &[("STACKC_HEALTH_TIMEOUT", "10")],
        Duration::from_secs(90),
    );
    assert!(
        !run.status.success(),
        "up.sh succeeded with a healthcheck that never passes\n{}",
        run.transcript()
    );
    assert!(
        run.elapsed < Duration::from_secs(30),
        "up.sh gave up after {:.1?}, not within STACKC_HEALTH_TIMEOUT=10s (+ slack)\n{}",
        run.elapsed,
        run.transcript()
    );
    // The message names the service, not only its container (whose name
    // holds the service's too).
    let message = run.stderr.replace(&stack.container("sick"), "<container>");
    assert!(
        message.contains("sick"),
        "the failure does not name the service `sick`\n{}",
        run.transcript()
    );
    assert!(
        run.stderr.contains("sick-probe-says-no"),
        "the failure does not show the last health log (`sick-probe-says-no`)\n{}",
        run.transcript()
    );
    let after = docker_lines(&[
        "ps",
        "--filter",
        &stack.filter(),
        "--filter",
        "label=com.docker.compose.service=after",
        "--format",
        "{{.Names}}",
    ]);
    assert!(
        after.is_empty(),
        "`after` runs although its dependency never got healthy: {after:?}"
    );
}

#[test]
fn down_keeps_the_volume_and_purge_removes_everything() {
    let stack = stack_or_skip!("down", "stack.toml");
    stack.use_private_image_tag();
    stack.compile("up");
    stack.compile("down");
    stack.run_ok("up", &[]);
    ids_by_service(&stack);

    let down = stack.run_ok("down", &[]);
    assert!(
        stack.container_ids().is_empty(),
        "down.sh left containers: {:?}\n{}",
        stack.container_ids(),
        down.transcript()
    );
    let networks = stack.networks();
    assert!(networks.is_empty(), "down.sh left networks: {networks:?}");
    assert_eq!(
        read_volume_file(&stack.volume("www"), "index.html"),
        "hello from seed\n",
        "the volume and its data survive down.sh"
    );
    let down_again = stack.run_ok("down", &[]);
    assert!(
        !down_again.stdout.contains("removed"),
        "a second down.sh removed something\n{}",
        down_again.transcript()
    );

    // purge: needs --yes; then nothing of the stack is left.
    let purge = stack
        .try_compile("purge")
        .unwrap_or_else(|e| panic!("stackc rejects `bash --action purge`:\n{e}"));
    assert!(purge.is_file());
    stack.run_ok("up", &[]);
    let refused = stack.run("purge", &[], &[], Duration::from_secs(60));
    assert!(
        !refused.status.success(),
        "purge.sh without --yes succeeded\n{}",
        refused.transcript()
    );
    assert_eq!(
        ids_by_service(&stack).len(),
        SERVICES.len(),
        "purge.sh without --yes removed containers\n{}",
        refused.transcript()
    );
    stack.run_ok("purge", &["--yes"]);
    stack.assert_gone("purge.sh --yes");
    let images = stack.images();
    assert!(
        images.is_empty(),
        "purge.sh left the stack's images: {images:?}"
    );
    // The shared image is not the stack's (only this test's tag may go).
    docker(&["image", "inspect", "--format", "{{.Id}}", IMAGE]);
}

#[test]
fn compose_output_gives_the_same_stack_as_up_sh() {
    let stack = stack_or_skip!("compose", "stack.toml");
    stack.run_ok("up", &[]);
    let by_script = observe(&stack.name);
    assert_eq!(by_script.containers.len(), SERVICES.len());
    stack.run_ok("down", &[]);
    cleanup(&stack.name);
    stack.assert_gone("down.sh and cleanup");

    stack.compose_file();
    let compose = |args: &[&str]| stack.compose_ok(args, &[]);
    compose(&["up", "--detach", "--wait"]);
    let by_compose = observe(&stack.name);
    assert_serves_the_seed_page(&stack);
    compose(&["down", "--volumes"]);
    stack.assert_gone("docker-compose down -v");

    assert_same_stack(&by_script, &by_compose);
}

/// The scripts' contract (docs/cli.md): one line per resource saying what
/// was done. On a real engine the docker CLI prints too (IDs from `create`,
/// names from `start`, `stop`, `rm`), so each line must be checked.
#[test]
fn scripts_print_one_progress_line_per_step() {
    let stack = stack_or_skip!("lines", "stack.toml");
    let is_progress = |line: &str| {
        let mut words = line.splitn(3, ' ');
        let kind = words.next().unwrap_or_default();
        let name = words.next().unwrap_or_default();
        ["network", "volume", "image", "container", "job", "stack"].contains(&kind)
            && name.ends_with(':')
            && name.starts_with(&stack.name)
    };
    for action in ["up", "down"] {
        let run = stack.run_ok(action, &[]);
        let stray: Vec<&str> = run
            .lines()
            .into_iter()
            .filter(|l| !is_progress(l))
            .collect();
        assert!(
            stray.is_empty(),
            "{action}.sh printed lines that are not progress lines (docker's own output?): {stray:?}\n{}",
            run.transcript()
        );
    }
}

/// The lifecycle actions on a running stack: `stop`, `ps`, `start` and
/// `restart` keep every container (same IDs) and never run the job again.
#[test]
fn stop_start_restart_and_ps_keep_the_containers() {
    let stack = stack_or_skip!("cycle", "stack.toml");
    for action in ["stop", "start", "restart", "ps"] {
        stack
            .try_compile(action)
            .unwrap_or_else(|e| panic!("stackc rejects `bash --action {action}`:\n{e}"));
    }
    stack.run_ok("up", &[]);
    let ids = ids_by_service(&stack);
    let running = |service: &str| inspect(&[&stack.container(service)])["State"]["Running"] == true;

    let stop = stack.run_ok("stop", &[]);
    assert_eq!(ids_by_service(&stack), ids, "stop.sh replaced containers");
    for service in SERVICES {
        assert!(
            !running(service),
            "{service} still runs after stop.sh\n{}",
            stop.transcript()
        );
    }

    let ps = stack.run_ok("ps", &[]);
    for service in SERVICES {
        assert!(
            ps.stdout.contains(&stack.container(service)),
            "ps.sh does not list {}\n{}",
            stack.container(service),
            ps.transcript()
        );
    }

    for action in ["start", "restart"] {
        let run = stack.run_ok(action, &[]);
        assert_eq!(
            ids_by_service(&stack),
            ids,
            "{action}.sh replaced containers\n{}",
            run.transcript()
        );
        assert_states(&stack);
        assert_eq!(job_runs(&stack), 1, "{action}.sh ran the job again");
        assert_serves_the_seed_page(&stack);
    }
}

/// A service the stack builds: `up.sh` builds it once (FROM the local test
/// image) and serves it; a re-run keeps the image and the container;
/// `purge --yes` removes the built image with the rest.
#[test]
fn built_image_is_built_once_and_purged() {
    let stack = stack_or_skip!("built", "built.toml");
    let built = || stack.images();
    let up = stack.run_ok("up", &[]);
    assert_eq!(
        built().len(),
        1,
        "up.sh built one image\n{}",
        up.transcript()
    );
    let response = http_get(stack.port).unwrap();
    assert!(
        response.ends_with("hello from the build\n"),
        "the build argument reached the image: {response:?}"
    );

    let ids = stack.container_ids();
    let image = built();
    let again = stack.run_ok("up", &[]);
    assert_eq!(
        stack.container_ids(),
        ids,
        "a re-run replaced the container"
    );
    assert_eq!(
        built(),
        image,
        "a re-run rebuilt the image\n{}",
        again.transcript()
    );
    again.has_line("`image …: kept`", |l| {
        l.starts_with("image ") && l.contains("kept")
    });

    stack
        .try_compile("purge")
        .unwrap_or_else(|e| panic!("stackc rejects `bash --action purge`:\n{e}"));
    let purged = stack.run_ok("purge", &["--yes"]);
    assert!(
        built().is_empty(),
        "purge.sh --yes left the built image\n{}",
        purged.transcript()
    );
    stack.assert_gone("purge.sh --yes");
    docker(&["image", "inspect", "--format", "{{.Id}}", IMAGE]);
}

/// `exec` commands run after the container starts: `initial` ones only when
/// it is created, `always` ones on every start; a failing one stops the
/// script, naming the service and the command.
#[test]
fn exec_runs_after_start_as_its_policy_says() {
    let stack = stack_or_skip!("exec", "exec.toml");
    let lines = |service: &str, file: &str| {
        exec(&stack.container(service), &["cat", file])
            .lines()
            .count()
    };
    stack.run_ok("up", &[]);
    assert_eq!(lines("box", "/m/initial"), 1);
    assert_eq!(
        exec(&stack.container("box"), &["ls", "/m/second"]).trim(),
        "/m/second"
    );
    assert_eq!(lines("again", "/m/always"), 1);

    // A re-run keeps both running: nothing runs again.
    stack.run_ok("up", &[]);
    assert_eq!(lines("box", "/m/initial"), 1);
    assert_eq!(lines("again", "/m/always"), 1);

    // Stopped and started again: only the `always` command runs.
    stack.compile("stop");
    stack.run_ok("stop", &[]);
    stack.run_ok("up", &[]);
    assert_eq!(
        lines("box", "/m/initial"),
        1,
        "initial runs only at creation"
    );
    assert_eq!(lines("again", "/m/always"), 2, "always runs on every start");

    // A failing command stops the script, naming the step and the command.
    stack.edit("[\"touch\", \"/m/second\"]", "[\"false\"]");
    stack.compile("up");
    let run = stack.run("up", &[], &[], Duration::from_secs(60)).exits(1);
    assert!(
        run.stderr.contains("step services.box") && run.stderr.contains("docker exec"),
        "{}",
        run.transcript()
    );
}

/// Three free, consecutive host ports (the start of the block).
fn free_port_block() -> u16 {
    for _ in 0..50 {
        let start = engine_support::free_port();
        let free = (1..3).all(|k| {
            start
                .checked_add(k)
                .is_some_and(|p| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok())
        });
        if free {
            return start;
        }
    }
    panic!("no three consecutive free host ports");
}

/// Issue 5: a volume's `owner` and `mode` are applied when it is created;
/// `volumes_from` shares the source's mounts (it starts first); replicas get
/// one host port each from a range, and scaling 3 → 1 removes the surplus
/// containers on the next up.sh; a service in a profile runs only in the
/// script compiled with `--profile`.
#[test]
fn volume_init_volumes_from_replica_ports_and_profiles() {
    let stack = stack_or_skip!("issue5", "issue5.toml");
    let port = free_port_block();
    stack.edit("18080-18082", &format!("{port}-{}", port + 2));
    stack.compile("up");
    let up = stack.run_ok("up", &[]);

    // Owner and mode of the volume's root, as the init container set them.
    let root = exec(
        &stack.container("store"),
        &["stat", "-c", "%u:%g %a", "/data"],
    );
    assert_eq!(root.trim(), "1234:5678 750", "{}", up.transcript());

    // Each replica serves the page the store wrote into its shared mount,
    // on its own host port.
    for k in 0..3 {
        let response = http_get(port + k).unwrap_or_else(|e| {
            panic!(
                "replica {} on port {}: {e}\n{}\n{}",
                k + 1,
                port + k,
                docker(&[
                    "ps",
                    "--all",
                    "--filter",
                    &stack.filter(),
                    "--format",
                    "{{.Names}} {{.Ports}} {{.Status}}"
                ]),
                up.transcript()
            )
        });
        assert!(
            response.ends_with("shared\n"),
            "replica {} on port {}: {response:?}",
            k + 1,
            port + k
        );
    }
    let names: Vec<String> = stack.container_ids().into_keys().collect();
    assert!(
        !names.iter().any(|n| n.contains("-debug-")),
        "a service of an unselected profile was started: {names:?}"
    );

    // A re-run keeps the volume (no second init: the mode set by hand stays).
    exec(&stack.container("store"), &["chmod", "700", "/data"]);
    stack.run_ok("up", &[]);
    let root = exec(&stack.container("store"), &["stat", "-c", "%a", "/data"]);
    assert_eq!(
        root.trim(),
        "700",
        "up.sh initialised an existing volume again"
    );

    // `--profile debug`: the debug service too, sharing the store's mounts.
    let script = stack.compile_as("up-debug", &["--profile", "debug"]);
    std::fs::copy(&script, stack.script("up")).unwrap();
    stack.run_ok("up", &[]);
    let page = exec(&stack.container("debug"), &["cat", "/shared/index.html"]);
    assert_eq!(page, "shared\n");

    // Scale 3 → 1 (one host port): replicas 2 and 3 go on the next up.sh.
    stack.edit("replicas = 3", "replicas = 1");
    stack.edit(&format!("{port}-{}:", port + 2), &format!("{port}:"));
    stack.compile("up");
    let scaled = stack.run_ok("up", &[]);
    let names: Vec<String> = stack.container_ids().into_keys().collect();
    let web: Vec<&String> = names.iter().filter(|n| n.contains("-web-")).collect();
    assert_eq!(
        web,
        [&format!("{}-web-1", stack.name)],
        "surplus replicas left\n{}",
        scaled.transcript()
    );
    // A profile's container is the stack's, not an orphan: `up` without
    // the profile leaves it alone (as compose does); `down` removes it.
    assert!(
        names.iter().any(|n| n.contains("-debug-")),
        "the script without `--profile debug` removed the debug service: {names:?}"
    );
    down_keeps_and_purge_removes_the_anonymous_volume(&stack);
}

/// `down` keeps the store's anonymous volume (at /shared), as compose's
/// `down` does; `purge` removes it with the container, and the named ones
/// after.
fn down_keeps_and_purge_removes_the_anonymous_volume(stack: &Stack) {
    let shared = || {
        let name = docker(&[
            "inspect",
            "--format",
            "{{range .Mounts}}{{if eq .Destination \"/shared\"}}{{.Name}}{{end}}{{end}}",
            &stack.container("store"),
        ]);
        assert!(
            !name.trim().is_empty(),
            "the store has no volume at /shared"
        );
        name.trim().to_owned()
    };
    let kept = shared();
    stack.compile("down");
    stack.run_ok("down", &[]);
    assert!(stack.container_ids().is_empty(), "down left containers");
    docker(&["volume", "inspect", &kept]);
    docker(&["volume", "rm", &kept]);
    stack.run_ok("up", &[]);
    let anonymous = shared();
    stack.compile("purge");
    let purged = stack.run_ok("purge", &["--yes"]);
    stack.assert_gone("purge.sh --yes");
    let left = docker(&[
        "volume",
        "ls",
        "--quiet",
        "--filter",
        &format!("name={anonymous}"),
    ]);
    assert!(
        left.trim().is_empty(),
        "purge.sh left the store's anonymous volume {anonymous}\n{}",
        purged.transcript()
    );
}

/// `--action run --service`: the dependencies come up, the service runs
/// once in a fresh container whose output streams and whose exit status is
/// the script's, and the container is removed.
#[test]
fn run_action_returns_the_status_and_removes_the_container() {
    let stack = stack_or_skip!("runonce", "exec.toml");
    stack.edit(
        "[services.again]",
        "[services.task]\nimage = \"stackc-test-busybox:1\"\npull = \"never\"\ncommand = [\"sh\", \"-c\", \"echo from the task; exit 3\"]\ndepends_on = [\"box\"]\n\n[services.again]",
    );
    stack.compile_as("task", &["--action", "run", "--service", "task"]);
    let run = stack
        .run("task", &[], &[], Duration::from_secs(60))
        .exits(3);
    assert!(run.stdout.contains("from the task"), "{}", run.transcript());
    let names: Vec<String> = stack.container_ids().into_keys().collect();
    assert!(
        names.iter().any(|n| n.ends_with("-box-1")),
        "the dependency runs: {names:?}"
    );
    assert!(
        !names.iter().any(|n| n.ends_with("-task-run")),
        "the run container is removed: {names:?}"
    );
}

/// `[images.NAME]`: an image built FROM another image of the stack is built
/// after it, whatever the declaration order; the service runs it and sees
/// what the base put there; a re-run builds nothing.
#[test]
fn images_are_built_in_from_order() {
    let stack = stack_or_skip!("layers", "layers.toml");
    let [base_tag, app_tag] =
        stack.own_tags([("e2e-layers-base:1", "base"), ("e2e-layers-app:1", "app")]);
    stack.compile("up");
    let dry = stack.run_ok("up", &["--dry-run"]);
    let builds: Vec<&str> = dry
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("docker build"))
        .collect();
    assert_eq!(builds.len(), 2, "{}", dry.transcript());
    assert!(
        builds[0].contains(&format!("--tag={base_tag}")),
        "base first: {builds:?}"
    );
    assert!(
        builds[1].contains(&format!("--tag={app_tag}")),
        "then app: {builds:?}"
    );

    let first = stack.run_ok("up", &[]);
    assert!(
        first.stdout.contains(&format!("image {base_tag}: built")),
        "{}",
        first.transcript()
    );
    let logs = eventually(Duration::from_secs(20), || {
        docker(&["logs", &stack.container("web")]).contains("laid by the base")
    });
    assert!(
        logs,
        "the app sees the base's file: {}",
        docker(&["logs", &stack.container("web")])
    );
    let again = stack.run_ok("up", &[]);
    assert!(
        again
            .stdout
            .contains(&format!("image {app_tag}: exists, kept")),
        "{}",
        again.transcript()
    );
    let _ = docker(&["image", "rm", "-f", &app_tag, &base_tag]);
}

/// Backup and restore: the data (bytes, owners, modes) survive a purge; an
/// archive is checked before it is used and never overwritten; a volume in
/// use, or not empty without --force, is refused.
#[test]
fn backup_then_purge_then_restore_gives_back_the_same_data() {
    let stack = stack_or_skip!("backup", "backup.toml");
    for action in ["backup", "restore", "purge"] {
        stack.compile(action);
    }
    stack.run_ok("up", &[]);
    let volume = stack.volume("data");
    let listing = || {
        on_volume(
            &volume,
            &[
                "sh",
                "-c",
                "ls -ln /v/sub | tail -n +2 | cut -c1-10,14-28; ls -ldn /v/sub | cut -c1-10; od -c /v/sub/file",
            ],
        )
    };
    assert!(
        eventually(Duration::from_secs(20), || listing().contains("1234")),
        "{}",
        listing()
    );
    let before = listing();

    let backup = stack.run_ok("backup", &[]);
    assert!(
        backup.stdout.contains("backed up to backups/data/"),
        "{}",
        backup.transcript()
    );
    let dir = stack.dir.join("backups/data");
    let archives: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        archives.len(),
        2,
        "an archive and its checksum: {archives:?}"
    );
    assert_eq!(
        inspect(&[&stack.container("app")])["State"]["Status"],
        "running",
        "app was started again"
    );

    // In use: refused.
    let run = stack
        .run("restore", &[], &[], Duration::from_secs(60))
        .exits(1);
    assert!(run.stderr.contains("in use"), "{}", run.transcript());

    stack.run_ok("purge", &["--yes"]);
    assert!(docker_lines(&["volume", "ls", "-q", "--filter", &stack.filter()]).is_empty());
    stack.run_ok("restore", &[]);
    assert_eq!(listing(), before, "bytes, owners and modes are back");

    // Not empty: refused without --force, done with it.
    let run = stack
        .run("restore", &[], &[], Duration::from_secs(60))
        .exits(1);
    assert!(run.stderr.contains("--force"), "{}", run.transcript());
    stack.run_ok("restore", &["--force"]);
    assert_eq!(listing(), before);

    // A damaged archive is refused before the volume is touched.
    let tar = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "tar"))
        .unwrap();
    let mut bytes = std::fs::read(&tar).unwrap();
    bytes[600] ^= 1;
    std::fs::write(&tar, bytes).unwrap();
    let run = stack
        .run("restore", &["--force"], &[], Duration::from_secs(60))
        .exits(1);
    assert!(
        run.stderr.contains("does not match its checksum"),
        "{}",
        run.transcript()
    );
    assert_eq!(listing(), before, "the volume was not touched");
}

/// The shop (`fixtures/valid/shop.toml`): every feature of issue 5 in one
/// realistic stack, run by up.sh, then purged, then run by Docker Compose
/// from `stackc compose`, on the same engine. Both build the base image
/// before the app image FROM it, give the database's volume its owner and
/// mode before anything mounts it, run the migration once, start two app
/// replicas that render their page after starting, and serve it through
/// the proxy; the `dev` profile's debug tool stays out. The two runs give
/// the same containers, networks and volumes.
#[test]
fn shop_runs_the_same_with_up_sh_and_with_compose() {
    let stack = stack_or_skip!("shop", "valid/shop.toml");
    let [base_tag, app_tag] = stack.own_tags([("shop-base:1", "base"), ("shop-app:1", "app")]);
    stack.compile("up");
    stack.compile("purge");
    let secret = [("DB_PASSWORD", "pa$$word 'with' \"quotes\"")];
    let page = || http_get_path(stack.port, "/cgi-bin/shop").unwrap_or_else(|e| e);
    let expected_page = "schema v1, shop-base 1, log level info\n";
    let volume = stack.volume("dbdata");
    let owner_and_mode = || on_volume(&volume, &["stat", "-c", "%u:%g %a", "/v"]);

    let up = stack.run("up", &[], &secret, Duration::from_secs(240)).ok();
    let built = |tag: &str| {
        up.lines()
            .iter()
            .position(|l| l.contains(&format!("image {tag}: built")))
    };
    assert!(
        built(&base_tag) < built(&app_tag) && built(&base_tag).is_some(),
        "up.sh builds the base image, then the app image FROM it\n{}",
        up.transcript()
    );
    assert!(
        page().ends_with(expected_page),
        "through the proxy: {:?}",
        page()
    );
    assert_eq!(owner_and_mode(), "70:70 700\n");
    let by_script = observe(&stack.name);
    let names: Vec<&String> = by_script.containers.keys().collect();
    assert_eq!(
        names.len(),
        5,
        "db, migrate, two app replicas and the proxy; no debug: {names:?}"
    );
    assert_eq!(
        by_script.containers[&stack.container("migrate")]["state"],
        "\"exited\" 0"
    );

    let ids = stack.container_ids();
    let again = stack.run("up", &[], &secret, Duration::from_secs(120)).ok();
    assert_eq!(
        stack.container_ids(),
        ids,
        "a second up.sh replaced containers"
    );
    again.says_none_of(&["built", "created", "recreated", "started", "removed"]);

    stack.run_ok("purge", &["--yes"]);
    stack.assert_gone("purge.sh");
    for tag in [&base_tag, &app_tag] {
        let left = docker_lines(&["image", "ls", "--quiet", tag]);
        assert!(left.is_empty(), "purge.sh left the image {tag}");
    }

    // The same stack from the compose file, from nothing: compose builds
    // both images (in order, or the app's FROM fails) and inits the volume.
    stack.compose_file();
    let compose = |args: &[&str]| stack.compose_ok(args, &secret);
    compose(&["up", "--detach", "--wait"]);
    assert!(
        page().ends_with(expected_page),
        "through the proxy: {:?}",
        page()
    );
    assert_eq!(owner_and_mode(), "70:70 700\n");
    let mut by_compose = observe(&stack.name);
    // Compose keeps the one-shot container that set the volume's owner
    // and mode; up.sh runs it with --rm.
    let init = by_compose
        .containers
        .remove(&format!("{}-volumes.dbdata-1", stack.name))
        .expect("compose ran the volume's init service");
    assert_eq!(init["state"], "\"exited\" 0");
    compose(&["down", "--volumes"]);
    let _ = docker(&["image", "rm", "-f", &app_tag, &base_tag]);
    assert_same_stack(&by_script, &by_compose);
}

/// What changes behind a name recreates exactly the containers that run
/// it (issue 13): a rebuilt base rebuilds the image built FROM it and
/// recreates the container that runs that; a tag moved to another image
/// recreates the container that runs the tag; everything else is kept.
/// `--plan` says so first; `purge` of a stack brought up with a profile
/// removes the profile's containers too, and everything else.
#[test]
fn changes_behind_a_name_recreate_exactly_their_containers() {
    let stack = stack_or_skip!("behind", "behind.toml");
    let [base_tag, app_tag, plain_tag] = stack.own_tags([
        ("e2e-behind-base:1", "base"),
        ("e2e-behind-app:1", "app"),
        ("e2e-behind-plain:1", "plain"),
    ]);
    docker(&["tag", IMAGE, &plain_tag]);
    stack.compile_as("up-dev", &["--profile", "dev"]);
    stack.compile("purge");
    let run_dev = |args: &[&str]| {
        stack
            .run("up-dev", args, &[], Duration::from_secs(180))
            .ok()
    };
    run_dev(&[]);
    let before = stack.container_ids();
    assert_eq!(before.len(), 3, "web, plain and debug: {before:?}");
    let web = stack.container("web");
    let plain = stack.container("plain");
    let debug = stack.container("debug");
    let logs = |name: &str| {
        let mut text = String::new();
        eventually(Duration::from_secs(20), || {
            text = docker(&["logs", name]);
            !text.is_empty()
        });
        text
    };
    assert!(logs(&web).contains("laid by the base"));

    // The base's Dockerfile changes: base and app are rebuilt, web is
    // recreated on the new app, the others are kept.
    let dockerfile = stack.dir.join("layers/base/Dockerfile");
    let text = std::fs::read_to_string(&dockerfile).unwrap();
    std::fs::write(
        &dockerfile,
        text.replace("laid by the base", "laid by the new base"),
    )
    .unwrap();
    let planned = run_dev(&["--plan"]);
    for line in [
        format!("build      image      {base_tag}"),
        format!("build      image      {app_tag}"),
        format!("recreate   container  {web} (changed: image)"),
        format!("keep       container  {plain}"),
        format!("keep       container  {debug}"),
    ] {
        assert!(
            planned.stdout.contains(&line),
            "plan lacks `{line}`:\n{}",
            planned.stdout
        );
    }
    let up = run_dev(&[]);
    assert!(
        up.stdout.contains(&format!("image {app_tag}: built")),
        "{}",
        up.transcript()
    );
    let after = stack.container_ids();
    assert_ne!(after[&web], before[&web], "web runs the rebuilt app");
    assert_eq!(after[&plain], before[&plain]);
    assert_eq!(after[&debug], before[&debug]);
    assert!(
        logs(&web).contains("laid by the new base"),
        "{}",
        logs(&web)
    );
    assert_eq!(
        docker(&["inspect", "--format", "{{.Image}}", &web]).trim(),
        docker(&["image", "inspect", "--format", "{{.Id}}", &app_tag]).trim(),
    );
    // A second run changes nothing.
    let again = run_dev(&[]);
    assert_eq!(stack.container_ids(), after, "{}", again.transcript());

    // The plain tag moves to another image (a pull or a re-tag would do
    // the same): plain is recreated on it, the others are kept.
    docker(&["tag", &app_tag, &plain_tag]);
    let planned = run_dev(&["--plan"]);
    assert!(
        planned
            .stdout
            .contains(&format!("recreate   container  {plain} (changed: image)")),
        "{}",
        planned.stdout
    );
    run_dev(&[]);
    let moved = stack.container_ids();
    assert_ne!(moved[&plain], after[&plain]);
    assert_eq!(moved[&web], after[&web]);
    assert_eq!(moved[&debug], after[&debug]);
    assert_eq!(
        docker(&["inspect", "--format", "{{.Image}}", &plain]).trim(),
        docker(&["image", "inspect", "--format", "{{.Id}}", &app_tag]).trim(),
    );

    // purge, compiled without the profile, removes everything, the
    // profile's container included, without an engine error.
    let purge = stack.run_ok("purge", &["--yes"]);
    assert!(stack.container_ids().is_empty(), "{}", purge.transcript());
    assert!(stack.networks().is_empty());
    let _ = docker(&["image", "rm", "-f", &plain_tag]);
}

/// Backups say what is wrong with the helper image: missing (and how to
/// give one), or without tar; nothing is stopped for a missing one.
#[test]
fn backup_names_a_missing_helper_image() {
    let stack = stack_or_skip!("backup-helper", "backup.toml");
    // The helper is then STACKC_BACKUP_IMAGE's.
    stack.edit("init_image = \"stackc-test-busybox:1\"\n", "");
    stack.compile("up");
    stack.run_ok("up", &[]);
    let before = stack.container_ids();
    stack.compile("backup");
    let run = stack
        .run(
            "backup",
            &[],
            &[("STACKC_BACKUP_IMAGE", "e2e-no-such-helper:1")],
            Duration::from_secs(60),
        )
        .exits(1);
    assert!(
        run.stderr
            .contains("the helper image e2e-no-such-helper:1 is not on this engine")
            && run.stderr.contains("STACKC_BACKUP_IMAGE"),
        "{}",
        run.transcript()
    );
    assert!(!run.stderr.contains("needs tar"), "{}", run.transcript());
    assert_eq!(
        stack.container_ids(),
        before,
        "nothing was stopped or recreated"
    );
    for (name, id) in &before {
        assert_eq!(
            docker(&["inspect", "--format", "{{.State.Status}}", id]).trim(),
            "running",
            "{name}"
        );
    }
}

/// Every key of `stackc_ir::flags::FLAGS` reaches docker (where
/// `fixtures/engine/flags.inspect.json` says `docker inspect` shows it)
/// and compose (the key survives `docker-compose config`).
#[test]
fn every_flag_key_reaches_docker_and_compose() {
    let mut expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(support::root().join("fixtures/engine/flags.inspect.json"))
            .unwrap(),
    )
    .unwrap();
    expected.remove("//");
    let fixture_of =
        |entry: &serde_json::Value| entry["fixture"].as_str().unwrap_or("flags.toml").to_owned();
    let service_in = |entry: &serde_json::Value| {
        let fixture = fixture_of(entry);
        let set: toml::Table = toml::from_str(
            &std::fs::read_to_string(support::root().join("fixtures/engine").join(&fixture))
                .unwrap(),
        )
        .unwrap();
        let name = match (fixture.as_str(), entry["service"].as_str()) {
            (_, Some(service)) => service,
            ("flags.toml", None) => "all",
            _ => "created",
        };
        set["services"][name].clone()
    };
    for flag in stackc_ir::flags::FLAGS {
        assert!(
            expected
                .get(flag.key)
                .is_some_and(|entry| service_in(entry).get(flag.key).is_some()),
            "`{}` is in FLAGS: set it in fixtures/engine/flags.toml (or flags-created.toml) and say where docker inspect shows it in flags.inspect.json",
            flag.key
        );
    }
    let stack = stack_or_skip!("flags", "flags.toml");
    stack.run_ok("up", &[]);
    let created = stack_or_skip!("flags-created", "flags-created.toml");
    created.compile("create");
    created.run_ok("create", &[]);
    let containers = [
        ("flags.toml", inspect(&[&stack.container("all")])),
        (
            "flags-created.toml",
            inspect(&[&created.container("created")]),
        ),
    ];
    for (key, entry) in &expected {
        let path = entry["path"].as_str().unwrap();
        let fixture = fixture_of(entry);
        // A key this engine may be too old for is checked by the test of
        // its own fixture (`tested_by`).
        let Some((_, container)) = containers.iter().find(|(f, _)| *f == fixture) else {
            assert!(entry["tested_by"].is_string(), "`{key}`: {entry}");
            continue;
        };
        let got = path
            .split('.')
            .fold(container, |value, field| &value[field]);
        assert_eq!(got, &entry["value"], "`{key}`: docker inspect's {path}");
    }
    stack.run_ok("down", &[]);

    for (stack, service) in [(&stack, "all"), (&created, "created")] {
        stack.compose_file();
        let config = stack.compose_ok(&["config", "--format", "json"], &[]);
        let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
        for key in stackc_ir::flags::keys().chain(["logging"]) {
            let fixture = expected
                .get(key)
                .map_or_else(|| "flags.toml".to_owned(), fixture_of);
            if (fixture == "flags.toml") != (service == "all")
                || !matches!(fixture.as_str(), "flags.toml" | "flags-created.toml")
            {
                continue;
            }
            assert!(
                !config["services"][service][key].is_null(),
                "`{key}` is not in docker-compose config's service:\n{:#}",
                config["services"][service]
            );
        }
    }
}

#[test]
fn passed_through_variables_follow_the_environment() {
    let stack = stack_or_skip!("passenv", "passenv.toml");
    stack.compile("up");
    let up = |env: &[(&str, &str)]| {
        stack.run("up", &[], env, Duration::from_secs(120)).ok();
        let id = stack.container_ids()[&stack.container("app")].clone();
        let seen = docker(&["exec", &id, "sh", "-c", "echo \"${FOO-unset}\""]);
        (id, seen.trim().to_owned())
    };
    let (first, seen) = up(&[("FOO", "a b$c'\"")]);
    assert_eq!(
        seen, "a b$c'\"",
        "the value reaches the container byte for byte"
    );
    let (again, _) = up(&[("FOO", "a b$c'\"")]);
    assert_eq!(again, first, "the same value keeps the container");
    let plan = stack
        .run(
            "up",
            &["--plan"],
            &[("FOO", "other")],
            Duration::from_secs(60),
        )
        .ok();
    assert!(
        plan.stdout.contains("changed: secrets"),
        "{}",
        plan.transcript()
    );
    assert!(!plan.stdout.contains("other"), "the value is never printed");
    let (changed, seen) = up(&[("FOO", "other")]);
    assert_ne!(changed, first, "a new value recreates it");
    assert_eq!(seen, "other");
    let (unset, seen) = up(&[]);
    assert_ne!(unset, changed, "unsetting it recreates it");
    assert_eq!(seen, "unset", "not set in the container when not set here");

    // Compose reads the same stack the same way.
    stack.run_ok("down", &[]);
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[("FOO", "from-compose")]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    assert_eq!(
        config["services"]["app"]["environment"]["FOO"], "from-compose",
        "{config:#}"
    );
}

#[test]
fn a_dependent_waits_for_the_image_healthcheck() {
    let stack = stack_or_skip!("imagehealth", "imagehealth.toml");
    stack.compile("up");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let slow = &ids[&stack.container("slow")];
    let app = &ids[&stack.container("app")];
    let health = docker(&["inspect", "--format", "{{.State.Health.Status}}", slow]);
    assert_eq!(
        health.trim(),
        "healthy",
        "up returned before `slow` was healthy"
    );
    // The first passing check of the image's own test ended before `app`
    // started (to the second: docker's times vary in their digits).
    let checks: serde_json::Value = serde_json::from_str(&docker(&[
        "inspect",
        "--format",
        "{{json .State.Health.Log}}",
        slow,
    ]))
    .unwrap();
    let healthy_at = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["ExitCode"] == 0)
        .and_then(|check| check["End"].as_str())
        .map(|end| end[..19].to_owned())
        .expect("a passing check");
    let started = docker(&["inspect", "--format", "{{.State.StartedAt}}", app]);
    assert!(
        started[..19] >= *healthy_at,
        "`app` started at {started} before `slow` was healthy at {healthy_at}"
    );
    // compose reads the same: no test of its own.
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    assert!(
        config["services"]["slow"]["healthcheck"]["test"].is_null(),
        "{config:#}"
    );
    assert_eq!(
        config["services"]["app"]["depends_on"]["slow"]["condition"],
        "service_healthy"
    );
}

#[test]
fn mount_options_reach_the_engine() {
    let stack = stack_or_skip!("mounts", "mounts.toml");
    stack.compile("up");
    stack.run_ok("up", &[]);
    let id = stack.container_ids()[&stack.container("app")].clone();
    let mounts: serde_json::Value = serde_json::from_str(&docker(&[
        "inspect",
        "--format",
        "{{json .HostConfig.Mounts}}",
        &id,
    ]))
    .unwrap();
    let bind = &mounts[0];
    assert_eq!(bind["ReadOnly"], true, "{mounts:#}");
    assert_eq!(bind["BindOptions"]["Propagation"], "private", "{mounts:#}");
    assert_eq!(bind["Consistency"], "cached", "{mounts:#}");
    assert_eq!(mounts[1]["VolumeOptions"]["NoCopy"], true, "{mounts:#}");
    // The host file is there; the volume took none of the image's /seed.
    let seen = docker(&["exec", &id, "/bin/sh", "-c", "cat /host/hello.txt"]);
    assert_eq!(seen.trim(), "from the host");
    let volume = docker(&[
        "run",
        "--rm",
        "--mount",
        &format!("type=volume,source={}_data,target=/v", stack.name),
        "stackc-test-busybox:1",
        "ls",
        "-A",
        "/v",
    ]);
    assert_eq!(volume.trim(), "", "nocopy: the new volume stays empty");
    // The relabeled binds, which only `--volume` can give.
    // (docker keeps them in no particular order)
    let mut binds: Vec<String> = serde_json::from_str(&docker(&[
        "inspect",
        "--format",
        "{{json .HostConfig.Binds}}",
        &id,
    ]))
    .unwrap();
    binds.sort();
    let host = stack.dir.join("mounts").display().to_string();
    assert_eq!(
        binds,
        [
            format!("{host}:/private:rw,Z"),
            format!("{host}:/shared:ro,z")
        ],
    );
    let seen = docker(&["exec", &id, "/bin/sh", "-c", "cat /shared/hello.txt"]);
    assert_eq!(seen.trim(), "from the host");
    let again = stack.run_ok("up", &[]);
    assert_eq!(
        stack.container_ids()[&stack.container("app")],
        id,
        "kept: {}",
        again.transcript()
    );
    // compose reads the same options.
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    let volumes = &config["services"]["app"]["volumes"];
    assert_eq!(volumes[0]["bind"]["propagation"], "private", "{volumes:#}");
    assert_eq!(volumes[0]["consistency"], "cached", "{volumes:#}");
    assert_eq!(volumes[1]["volume"]["nocopy"], true, "{volumes:#}");
    assert_eq!(volumes[2]["bind"]["selinux"], "z", "{volumes:#}");
    assert_eq!(volumes[3]["bind"]["selinux"], "Z", "{volumes:#}");
}

#[test]
fn home_paths_follow_home() {
    let stack = stack_or_skip!("home", "home.toml");
    let home = stack.dir.join("a home, \"quoted\"");
    std::fs::create_dir_all(home.join("conf")).unwrap();
    std::fs::write(home.join("conf/greeting"), "hello from home\n").unwrap();
    let home_text = home.to_str().unwrap();
    stack.compile("up");
    stack
        .run("up", &[], &[("HOME", home_text)], Duration::from_secs(120))
        .ok();
    let id = stack.container_ids()[&stack.container("app")].clone();
    let seen = docker(&["exec", &id, "cat", "/conf/greeting"]);
    assert_eq!(seen, "hello from home\n");
    // Another HOME is another mount: the container is recreated.
    let other = stack.dir.join("other");
    std::fs::create_dir_all(other.join("conf")).unwrap();
    std::fs::write(other.join("conf/greeting"), "hello from elsewhere\n").unwrap();
    stack
        .run(
            "up",
            &[],
            &[("HOME", other.to_str().unwrap())],
            Duration::from_secs(120),
        )
        .ok();
    let id = stack.container_ids()[&stack.container("app")].clone();
    assert_eq!(
        docker(&["exec", &id, "cat", "/conf/greeting"]),
        "hello from elsewhere\n"
    );
    // A HOME that is not absolute stops the script before docker.
    let run = stack
        .run("up", &[], &[("HOME", "relative")], Duration::from_secs(60))
        .exits(1);
    assert!(
        run.stderr.contains("HOME is not an absolute path"),
        "{}",
        run.transcript()
    );
    // compose expands `~` the same way.
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[("HOME", home_text)]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    assert_eq!(
        config["services"]["app"]["volumes"][0]["source"],
        format!("{home_text}/conf")
    );
}
