//! The script's scheduler, against a fake docker: each service starts as
//! soon as the services it depends on meet their conditions, at most
//! `STACKC_JOBS` at a time; a failure stops it; `--dry-run` keeps the
//! fixed order.
//!
//! The fake's health answers depend on what the script did, not on time:
//! a service listed in `FAKE_LATE` reports `starting` until the container
//! `FAKE_AFTER` was started. A script that starts services level by level
//! (or lets a wait hold a job slot) never starts `FAKE_AFTER` while it
//! waits, and fails at `STACKC_HEALTH_TIMEOUT`.

use std::path::{Path, PathBuf};

use crate::fake_docker::FakeDocker;
use crate::support::{Ran, Test, parse_nul, stack_in};

const ANSWERS: &str = r#"#!/usr/bin/env bash
# A fake docker on an empty engine: answers the state queries with nothing
# and the health polls as FAKE_LATE and FAKE_AFTER say; records the rest.
set -euo pipefail
case "${1-} ${2-}" in
  "ps "* | "network ls" | "volume ls" | "image ls" | "image inspect") exit 0 ;;
  "inspect "*)
    name=${*: -1}
    printf '%s\n' "$name" >>"$FAKE_DIR/polls"
    if [[ " ${FAKE_LATE-} " == *" $name "* ]] &&
      ! tr '\0' ' ' <"$FAKE_DIR/log" | grep -qF " start ${FAKE_AFTER-} "; then
      echo 'running starting'
    else
      echo 'running healthy'
    fi
    exit 0 ;;
esac
"#;

/// After a command is recorded: `create` of `FAKE_FAIL` fails; `start`
/// takes `FAKE_SLOW_START` seconds, noted in `overlap`.
const THEN: &str = r#"if [[ $1 == create && -n ${FAKE_FAIL-} && " $* " == *" --name=$FAKE_FAIL "* ]]; then
  echo "fake docker: cannot create $FAKE_FAIL" >&2
  exit 1
fi
if [[ $1 == start && -n ${FAKE_SLOW_START-} ]]; then
  echo "begin ${*: -1}" >>"$FAKE_DIR/overlap"
  sleep "$FAKE_SLOW_START"
  echo "end ${*: -1}" >>"$FAKE_DIR/overlap"
fi
"#;

/// A stack `sched` of busybox services: `(name, depends_on, healthcheck)`.
fn stack(name: &str, services: &[(&str, &str, bool)]) -> (PathBuf, PathBuf) {
    let mut toml = String::from("[stack]\nname = \"sched\"\n");
    for (service, depends, health) in services {
        toml.push_str(&format!(
            "\n[services.{service}]\nimage = \"busybox:stable\"\ncommand = [\"sleep\", \"1000\"]\n"
        ));
        if !depends.is_empty() {
            toml.push_str(&format!("depends_on = {depends}\n"));
        }
        if *health {
            toml.push_str("healthcheck = { test = \"true\", interval = \"1s\" }\n");
        }
    }
    let (dir, file) = stack_in(name, &toml);
    let up = dir.join("up.sh");
    Test::new(&["bash"]).file(&file).out(&up).ok();
    (dir, up)
}

fn fake(dir: &Path) -> FakeDocker {
    let fake = FakeDocker::new(dir, ANSWERS, THEN);
    reset(&fake);
    fake
}

/// Forget what the fake recorded.
fn reset(fake: &FakeDocker) {
    for f in ["log", "polls", "overlap"] {
        std::fs::write(fake.dir.join(f), "").unwrap();
    }
}

fn run(fake: &FakeDocker, up: &Path, env: &[(&str, &str)]) -> Ran {
    fake.bash(up, &[])
        .env("STACKC_HEALTH_TIMEOUT", "20")
        .envs(env.iter().copied())
        .run()
}

/// The containers started, in the order of their `docker start`.
fn starts(fake: &FakeDocker) -> Vec<String> {
    parse_nul(&fake.log())
        .into_iter()
        .filter(|c| c[1] == "start")
        .map(|c| c.last().unwrap().clone())
        .collect()
}

/// Two services become healthy only once `c`, the end of a chain beside
/// them, has started: with two job slots, the chain `a → b → c` runs while
/// both are waited for (a wait holds no slot), then their dependents start.
#[test]
fn a_chain_runs_while_unrelated_services_are_not_yet_healthy() {
    let (dir, up) = stack(
        "schedule-chain",
        &[
            ("root", "", false),
            ("slow1", "[\"root\"]", true),
            ("slow2", "[\"root\"]", true),
            ("after1", "{ slow1 = \"healthy\" }", false),
            ("after2", "{ slow2 = \"healthy\" }", false),
            ("a", "[\"root\"]", false),
            ("b", "[\"a\"]", false),
            ("c", "[\"b\"]", false),
        ],
    );
    let fake = fake(&dir);
    let ran = run(
        &fake,
        &up,
        &[
            ("STACKC_JOBS", "2"),
            ("FAKE_LATE", "sched-slow1-1 sched-slow2-1"),
            ("FAKE_AFTER", "sched-c-1"),
        ],
    );
    assert_eq!(ran.code, Some(0), "{}\n{}", ran.stdout, ran.stderr);
    let order = starts(&fake);
    let at = |name: &str| {
        order
            .iter()
            .position(|c| c == &format!("sched-{name}-1"))
            .unwrap_or_else(|| panic!("{name} never started: {order:?}"))
    };
    assert!(
        at("c") < at("after1") && at("c") < at("after2"),
        "{order:?}"
    );
    assert!(at("root") < at("a") && at("a") < at("b") && at("b") < at("c"));
    assert!(at("slow1") < at("after1") && at("slow2") < at("after2"));
    // That the waits held no slot needs no count of polls (on a loaded
    // machine the chain may finish before the first poll): slow1 and slow2
    // are healthy only once c has started, so with two slots held by the
    // waits the chain could not have run and the script would have timed
    // out.
    // One line per resource, as one at a time.
    for name in ["root", "slow1", "slow2", "after1", "after2", "a", "b", "c"] {
        let line = format!("container sched-{name}-1: created and started");
        assert_eq!(
            ran.stdout.lines().filter(|l| *l == line).count(),
            1,
            "{}",
            ran.stdout
        );
    }
    assert_eq!(
        ran.stdout
            .lines()
            .filter(|l| *l == "container sched-slow1-1: healthy")
            .count(),
        1,
        "one wait for slow1, however many need it healthy\n{}",
        ran.stdout
    );
}

/// One at a time (`STACKC_JOBS=1`), the same stack cannot come up: `c`
/// would start after the waits. The timeout names the service.
#[test]
fn one_at_a_time_follows_the_fixed_order() {
    let (dir, up) = stack(
        "schedule-serial",
        &[
            ("root", "", false),
            ("slow", "[\"root\"]", true),
            ("after", "{ slow = \"healthy\" }", false),
            ("c", "[\"root\"]", false),
        ],
    );
    let fake = fake(&dir);
    let ran = run(&fake, &up, &[("STACKC_JOBS", "1")]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let names: Vec<String> = starts(&fake);
    assert_eq!(
        names,
        ["sched-root-1", "sched-slow-1", "sched-c-1", "sched-after-1"],
        "the plan's order: by level, then as declared"
    );
    reset(&fake);
    let ran = run(
        &fake,
        &up,
        &[
            ("STACKC_JOBS", "1"),
            ("STACKC_HEALTH_TIMEOUT", "1"),
            ("FAKE_LATE", "sched-slow-1"),
            ("FAKE_AFTER", "sched-after-1"),
        ],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stdout);
    assert!(
        ran.stderr
            .contains("step services.slow: sched-slow-1 (service slow) is not healthy after 1s"),
        "{}",
        ran.stderr
    );
}

/// With `STACKC_JOBS=2`, six independent services never run more than two
/// `docker start`s at once, and do run two at once.
#[test]
fn at_most_jobs_services_run_at_once() {
    let services: Vec<(String, &str, bool)> =
        (0..6).map(|i| (format!("s{i}"), "", false)).collect();
    let services: Vec<(&str, &str, bool)> = services
        .iter()
        .map(|(n, d, h)| (n.as_str(), *d, *h))
        .collect();
    let (dir, up) = stack("schedule-jobs", &services);
    let fake = fake(&dir);
    let ran = run(
        &fake,
        &up,
        &[("STACKC_JOBS", "2"), ("FAKE_SLOW_START", "0.3")],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let overlap = std::fs::read_to_string(dir.join("overlap")).unwrap();
    let (mut now, mut most) = (0_i32, 0_i32);
    for line in overlap.lines() {
        now += if line.starts_with("begin ") { 1 } else { -1 };
        most = most.max(now);
    }
    assert_eq!(overlap.lines().count(), 12, "{overlap}");
    assert_eq!(
        most, 2,
        "at most STACKC_JOBS at once, and that many:\n{overlap}"
    );
}

/// A service that fails stops the schedule: what depends on it never
/// starts, nothing new starts, the script exits 1 naming the step; a
/// service already running finishes.
#[test]
fn a_failure_stops_the_schedule() {
    let (dir, up) = stack(
        "schedule-failure",
        &[
            ("root", "", false),
            ("broken", "[\"root\"]", false),
            ("dependent", "[\"broken\"]", false),
            ("busy", "[\"root\"]", false),
            ("later", "[\"busy\"]", false),
        ],
    );
    let fake = fake(&dir);
    let ran = run(
        &fake,
        &up,
        &[
            ("STACKC_JOBS", "4"),
            ("FAKE_FAIL", "sched-broken-1"),
            ("FAKE_SLOW_START", "0.5"),
        ],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stdout);
    assert!(
        ran.stderr.contains("step services.broken: command failed"),
        "{}",
        ran.stderr
    );
    let started = starts(&fake);
    assert!(started.contains(&"sched-busy-1".to_owned()), "{started:?}");
    for never in ["sched-dependent-1", "sched-later-1"] {
        assert!(!started.contains(&never.to_owned()), "{never}: {started:?}");
    }
    assert!(
        ran.stdout
            .contains("container sched-busy-1: created and started"),
        "busy, running when broken failed, finished\n{}",
        ran.stdout
    );
}

/// `--dry-run` prints the commands in the plan's fixed order whatever
/// `STACKC_JOBS` says: exactly `stackc argv --format shell`.
#[test]
fn dry_run_keeps_the_fixed_order() {
    let (dir, up) = stack(
        "schedule-dry-run",
        &[
            ("root", "", true),
            ("x", "{ root = \"healthy\" }", false),
            ("y", "[\"root\"]", false),
            ("z", "[\"x\", \"y\"]", false),
        ],
    );
    let fake = fake(&dir);
    let expected = Test::new(&["argv", "--format", "shell"])
        .file(&dir.join("stack.toml"))
        .ok()
        .stdout;
    for jobs in ["1", "4"] {
        let ran = fake.bash(&up, &["--dry-run"]).env("STACKC_JOBS", jobs).ok();
        assert_eq!(ran.stdout, expected, "STACKC_JOBS={jobs}");
    }
    assert!(fake.log().is_empty(), "--dry-run calls no docker");
}

/// Answers the health polls from the file `healthy` (with
/// `FAKE_EVENTS=none`, from the fifth poll on); `docker events` notes its
/// arguments, and with `FAKE_EVENTS=follow` marks the container healthy
/// after 1.5 s, says so as the engine would, and stays until it is stopped
/// (noting that in `events.end`); with `FAKE_EVENTS=none` it has no events
/// to give.
const EVENTS: &str = r#"#!/usr/bin/env bash
set -euo pipefail
case "${1-} ${2-}" in
  "ps "* | "network ls" | "volume ls" | "image ls" | "image inspect") exit 0 ;;
  "inspect "*)
    printf '%s\n' "${*: -1}" >>"$FAKE_DIR/polls"
    if [[ -e $FAKE_DIR/healthy ]] ||
      [[ $FAKE_EVENTS == none && $(wc -l <"$FAKE_DIR/polls") -ge 5 ]]; then
      echo 'running healthy'
    else
      echo 'running starting'
    fi
    exit 0 ;;
  "events "*)
    printf '%s\n' "$*" >>"$FAKE_DIR/events"
    if [[ $FAKE_EVENTS == none ]]; then exit 1; fi
    sleep 1.5
    : >"$FAKE_DIR/healthy"
    echo 'health_status: healthy'
    sleep 60 &
    trap 'kill $!; echo stopped >>"$FAKE_DIR/events.end"; exit 0' TERM
    wait
    exit 0 ;;
esac
"#;

/// A wait for `healthy` follows the container's health events: the state
/// is read again when the event comes (or after a second without one), not
/// ten times a second, and the events' process is stopped when the wait
/// ends. Where the engine gives no events, the wait polls, and still sees
/// the container healthy.
#[test]
fn a_wait_follows_health_events_and_stops_following_them() {
    let (dir, up) = stack(
        "schedule-events",
        &[("db", "", true), ("app", "{ db = \"healthy\" }", false)],
    );
    let fake = FakeDocker::new(&dir, EVENTS, "");
    let read = |name: &str| std::fs::read_to_string(fake.dir.join(name)).unwrap_or_default();
    for (events, polls_at_most) in [("follow", 4), ("none", 100)] {
        for f in ["log", "polls", "events", "healthy", "events.end"] {
            let _ = std::fs::remove_file(fake.dir.join(f));
        }
        let ran = run(&fake, &up, &[("FAKE_EVENTS", events)]);
        assert_eq!(
            ran.code,
            Some(0),
            "{events}: {}\n{}",
            ran.stdout,
            ran.stderr
        );
        assert!(
            ran.stdout.contains("container sched-db-1: healthy"),
            "{}",
            ran.stdout
        );
        assert_eq!(starts(&fake), ["sched-db-1", "sched-app-1"], "{events}");
        let polls = read("polls").lines().count();
        assert!(
            (2..=polls_at_most).contains(&polls),
            "{events}: {polls} polls"
        );
        let args = read("events");
        assert_eq!(args.lines().count(), 1, "{events}: one follower\n{args}");
        for filter in [
            "--filter container=sched-db-1 ",
            "--filter event=health_status ",
            "--filter event=die ",
        ] {
            assert!(args.contains(filter), "{filter} in {args}");
        }
        if events == "follow" {
            assert_eq!(read("events.end"), "stopped\n", "the follower is stopped");
        }
    }
}
