//! Values that parameters complete and docker takes in a form of its own:
//! `stop_grace_period` in whole seconds (rounded up) and the switches
//! (`init`, `read_only`, …) as `true` or `false`. The script converts them
//! when it runs; `argv` converts the values it fixes. For each value both
//! refuse it, or both give docker the same commands, byte for byte.

use std::path::Path;

use crate::fake_docker::{EMPTY_ENGINE, FakeDocker};
use crate::support::{Test, parse_nul, stack_in};

const STACK: &str = r#"
[stack]
name = "conv"

[params.GRACE]
default = "10s"

[params.INIT]
default = "false"

[params.WAIT]
default = "3"

[services.web]
image = "nginx:1.27"
stop_grace_period = "${GRACE}"
init = "${INIT}"
read_only = "${RO:-yes}"

[services.worker]
image = "nginx:1.27"
stop_grace_period = "${WAIT}s"
tty = "${INIT}"

[params.RO]
"#;

/// What `up.sh` of [`STACK`] asked docker with `env` (against an empty
/// engine), or its stderr when it stopped.
fn up(fake: &FakeDocker, script: &Path, env: &[(&str, &str)]) -> Result<Vec<Vec<String>>, String> {
    std::fs::write(fake.dir.join("log"), "").unwrap();
    // One at a time: in argv's order.
    let ran = fake
        .bash(script, &[])
        .env("STACKC_JOBS", "1")
        .envs(env.iter().copied())
        .run();
    match ran.code {
        Some(0) => Ok(parse_nul(&fake.log())),
        Some(1) => {
            assert!(fake.log().is_empty(), "{env:?}: it stopped after docker");
            Err(ran.stderr)
        }
        other => panic!("{env:?}: exit {other:?}: {}", ran.stderr),
    }
}

fn argv(stack: &Path, env: &[(&str, &str)]) -> Result<Vec<Vec<String>>, String> {
    let ran = Test::new(&["argv", "--format", "nul"])
        .file(stack)
        .env_clear()
        .envs(env.iter().copied())
        .run();
    match ran.code {
        Some(0) => Ok(parse_nul(ran.stdout.as_bytes())),
        Some(1) => Err(ran.stderr),
        other => panic!("{env:?}: argv exit {other:?}: {}", ran.stderr),
    }
}

/// The flag `--NAME=` of the `docker create` of `container`.
fn flag<'a>(commands: &'a [Vec<String>], container: &str, name: &str) -> &'a str {
    let create = commands
        .iter()
        .find(|c| c[1] == "create" && c.contains(&format!("--name={container}")))
        .unwrap();
    let prefix = format!("--{name}=");
    create
        .iter()
        .find_map(|a| a.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in {create:?}"))
}

#[test]
fn the_script_and_stackc_convert_each_value_alike() {
    let (dir, stack) = stack_in("conversions", STACK);
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&script).ok();
    let fake = FakeDocker::new(&dir, EMPTY_ENGINE, "");
    let durations = [
        "0",
        "0s",
        "1s",
        "1500ms",
        "1.000000001s",
        "1.0000000001s",
        "1.9999999999999999999s",
        "1m30s",
        ".5h",
        "1h1h",
        "1ns",
        "999999999ns",
        "1000000000ns",
        "1000000001ns",
        "10µs",
        "10μs",
        "2562047h",
        "2562047h47m16.854775807s",
        "2562047h47m16.854775808s",
        "9223372036854775807ns",
        "9223372036854775808ns",
        "99999999999999999999h",
        "00000000000000000000001s",
        "10",
        "",
        "1.s",
        ".s",
        "s",
        "1e3s",
        "-1s",
        "1S",
        "\u{663}s",
        "1s ",
    ];
    let switches = [
        "true", "TRUE", "Yes", "y", "N", "off", "On", "no", "1", "0", "t", "", " yes", "yes\n",
        "ja",
    ];
    let mut cases: Vec<(&str, &str)> = Vec::new();
    cases.extend(durations.iter().map(|v| ("GRACE", *v)));
    cases.extend(switches.iter().map(|v| ("INIT", *v)));
    cases.extend(switches.iter().map(|v| ("RO", *v)));
    cases.extend(["0", "7", "1.5", "x", ""].map(|v| ("WAIT", v)));
    let mut taken = 0;
    for (name, value) in cases {
        let env = [(name, value)];
        match (up(&fake, &script, &env), argv(&stack, &env)) {
            (Ok(script_ran), Ok(stackc)) => {
                assert_eq!(script_ran, stackc, "{name}={value:?}");
                taken += 1;
            }
            (Err(stopped), Err(_)) => {
                let place = match name {
                    "GRACE" => "services.web.stop_grace_period",
                    "WAIT" => "services.worker.stop_grace_period",
                    "INIT" => "services.web.init",
                    _ => "services.web.read_only",
                };
                assert!(stopped.contains(place), "{name}={value:?}: {stopped}");
            }
            (script_ran, stackc) => {
                panic!("{name}={value:?}: the script {script_ran:?}, argv {stackc:?}")
            }
        }
    }
    assert!(taken > 20, "most values are taken");
}

/// The values docker gets, as compose computes them from the same text.
#[test]
fn docker_gets_whole_seconds_and_booleans() {
    let (dir, stack) = stack_in("conversions-values", STACK);
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&script).ok();
    let fake = FakeDocker::new(&dir, EMPTY_ENGINE, "");
    for (env, grace, init, read_only) in [
        (vec![], "10", "false", "true"),
        (
            vec![("GRACE", "1500ms"), ("INIT", "Yes")],
            "2",
            "true",
            "true",
        ),
        (
            vec![("GRACE", "1m0.5s"), ("RO", "off")],
            "61",
            "false",
            "false",
        ),
        (vec![("GRACE", "0")], "0", "false", "true"),
    ] {
        let ran = up(&fake, &script, &env).unwrap();
        assert_eq!(flag(&ran, "conv-web-1", "stop-timeout"), grace, "{env:?}");
        assert_eq!(flag(&ran, "conv-web-1", "init"), init, "{env:?}");
        assert_eq!(flag(&ran, "conv-web-1", "read-only"), read_only, "{env:?}");
        assert_eq!(flag(&ran, "conv-worker-1", "tty"), init, "{env:?}");
        assert_eq!(flag(&ran, "conv-worker-1", "stop-timeout"), "3", "{env:?}");
    }
}

/// A bad value stops `down.sh` too before any docker command: its
/// `docker stop --time` takes the converted value.
#[test]
fn down_converts_the_stop_timeout_it_waits() {
    let (dir, stack) = stack_in("conversions-down", STACK);
    let script = dir.join("down.sh");
    Test::new(&["bash", "--action", "down"])
        .file(&stack)
        .out(&script)
        .ok();
    let running = r#"#!/usr/bin/env bash
set -euo pipefail
case "${1-} ${2-}" in
  "ps "*) printf 'conv-web-1\x1frunning\x1fUp 1 minute\x1fx\x1f\x1f\x1fnginx:1.27\n' ; exit 0 ;;
  "network ls" | "volume ls" | "image ls") exit 0 ;;
esac
"#;
    let fake = FakeDocker::new(&dir, running, "");
    std::fs::write(fake.dir.join("log"), "").unwrap();
    let ran = fake.bash(&script, &[]).env("GRACE", "90s").run();
    let stops: Vec<Vec<String>> = parse_nul(&fake.log())
        .into_iter()
        .filter(|c| c[1] == "stop")
        .collect();
    assert!(
        stops.iter().any(|c| c.contains(&"--time=90".to_owned())),
        "{stops:?} {}",
        ran.stderr
    );
    std::fs::write(fake.dir.join("log"), "").unwrap();
    let ran = fake.bash(&script, &[]).env("GRACE", "90").run();
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("services.web.stop_grace_period"),
        "{}",
        ran.stderr
    );
    assert!(fake.log().is_empty());
}

/// An env file that a parameter begins (`"${ENV_FILE}"`, as compose files
/// write `${ENV_FILE:-.env}`) is resolved as compose resolves it: relative
/// to the stack's directory (wherever the script runs from) unless
/// absolute; a missing one stops the script before docker is asked
/// anything. argv resolves it alike.
#[test]
fn env_files_from_parameters_are_relative_to_the_stack() {
    let (dir, stack) = stack_in(
        "conversions-env-file",
        "[stack]\nname = \"envp\"\n[params.ENV_FILE]\ndefault = \"prod.env\"\n[services.web]\nimage = \"nginx:1.27\"\nenv_file = \"${ENV_FILE}\"\n",
    );
    std::fs::write(dir.join("prod.env"), "A=1\n").unwrap();
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&script).ok();
    let fake = FakeDocker::new(&dir, EMPTY_ENGINE, "");
    let elsewhere = crate::support::tempdir("conversions-env-file-cwd");
    let absolute = dir.join("prod.env").display().to_string();
    for value in ["prod.env", "./prod.env", ".//prod.env", absolute.as_str()] {
        std::fs::write(fake.dir.join("log"), "").unwrap();
        let ran = fake
            .bash(&script, &[])
            .dir(&elsewhere)
            .env("ENV_FILE", value)
            .run();
        assert_eq!(ran.code, Some(0), "{value}: {}", ran.stderr);
        let log = parse_nul(&fake.log());
        assert_eq!(flag(&log, "envp-web-1", "env-file"), absolute, "{value}");
        let stackc = argv(&stack, &[("ENV_FILE", value)]).unwrap();
        assert_eq!(flag(&stackc, "envp-web-1", "env-file"), absolute, "{value}");
    }
    std::fs::write(fake.dir.join("log"), "").unwrap();
    let ran = fake.bash(&script, &[]).env("ENV_FILE", "missing.env").run();
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("the env_file of envp-web-1") && ran.stderr.contains("missing.env"),
        "{}",
        ran.stderr
    );
    assert!(fake.log().is_empty());
}
