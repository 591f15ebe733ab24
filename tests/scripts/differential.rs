//! The bash backend against the argv backend, through real bash.
//!
//! Each generated script runs under bash with a fake `docker` first on PATH
//! that records every argv it receives (in the `--format nul` framing) and
//! answers the script's read-only state queries from files. The test then
//! checks that:
//! - `up.sh` against an empty engine issues exactly `stackc argv`'s commands;
//! - `down.sh` against a running stack issues exactly `stackc argv --action down`'s;
//! - `up.sh` against a running stack issues no command that changes anything;
//! - `--dry-run` prints exactly `stackc argv --format shell` and calls no docker;
//! - secrets reach docker through its environment, never its argv;
//!   and all of it with parameters at their defaults and at hostile values.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::fake_docker::FakeDocker;
use crate::support::{Ran, Test, framed, parse_nul, stack_in, tempdir, unsealed, write};

const FAKE_DOCKER: &str = r#"#!/usr/bin/env bash
# A fake docker: answers read-only queries from $FAKE_STATE, records the rest.
set -euo pipefail
case "${1-} ${2-}" in
  "ps "*)
    printf '%s\n' "docker $*" >>"$FAKE_DIR/queries"
    # Which containers use the stack's volumes: none but its own here.
    if [[ " $* " != *" volume="* ]]; then cat "$FAKE_STATE/ps" 2>/dev/null || true; fi
    exit 0 ;;
  "network ls" | "volume ls")
    printf '%s\n' "docker $*" >>"$FAKE_DIR/queries"
    cat "$FAKE_STATE/$1" 2>/dev/null || true
    exit 0 ;;
  "image ls")
    printf '%s\n' "docker $*" >>"$FAKE_DIR/queries"
    cut -f1 "$FAKE_STATE/image" 2>/dev/null || true
    exit 0 ;;
  "image inspect")
    printf '%s\n' "docker $*" >>"$FAKE_DIR/queries"
    sed 's/\t/ \t/' "$FAKE_STATE/image" 2>/dev/null || true
    exit 0 ;;
  "network inspect")
    printf '%s\n' "docker $*" >>"$FAKE_DIR/queries"
    for arg in "${@:3}"; do [[ $arg == --* || $arg == *'{{'* ]] || printf '%s\n' "$arg"; done
    exit 0 ;;
  "container inspect")
    # The ID of a container just started, which the definition of one that
    # links to it or uses its network stack holds (not a state query): none
    # here, as argv, which runs against an empty engine.
    printf '%s\n' "docker $*" >>"$FAKE_DIR/ids"
    exit 0 ;;
  "inspect "*) printf '%s\n' "docker $*" >>"$FAKE_DIR/polls"; echo running healthy; exit 0 ;;
  "version --format")
    # The engine's platform (`_sc_need_platform`): a check, not a state query.
    printf '%s\n' "docker $*" >>"$FAKE_DIR/checks"
    echo linux/amd64
    exit 0 ;;
  "buildx version")
    # BuildKit's presence (`_sc_need_buildkit`): a check, not a state query.
    printf '%s\n' "docker $*" >>"$FAKE_DIR/checks"
    echo 'github.com/docker/buildx v0.13.1 fake'
    exit 0 ;;
esac
"#;

/// After a command is recorded: `start --attach` exits `FAKE_ATTACH_STATUS`,
/// and `start` takes `FAKE_SLOW_START` seconds, noting when it begins and ends.
const FAKE_START: &str = r#"if [[ -n ${FAKE_ATTACH_STATUS-} && $1 == start && ${2-} == --attach ]]; then
  exit "$FAKE_ATTACH_STATUS"
fi
if [[ -n ${FAKE_SLOW_START-} && $1 == start ]]; then
  echo "begin ${*: -1}" >>"$FAKE_DIR/overlap"
  sleep "$FAKE_SLOW_START"
  echo "end ${*: -1}" >>"$FAKE_DIR/overlap"
fi
"#;

/// The fake docker with an engine state it answers the queries from.
struct Fake {
    docker: FakeDocker,
    state: PathBuf,
}

impl Fake {
    fn new(dir: &Path) -> Self {
        let state = dir.join("state");
        std::fs::create_dir_all(&state).unwrap();
        let fake = Self {
            docker: FakeDocker::new(dir, FAKE_DOCKER, FAKE_START),
            state,
        };
        fake.reset();
        fake
    }

    fn reset(&self) {
        for f in ["log", "env", "queries", "polls", "ids"] {
            std::fs::write(self.docker.dir.join(f), "").unwrap();
        }
    }

    fn queries(&self) -> usize {
        std::fs::read_to_string(self.docker.dir.join("queries"))
            .unwrap()
            .lines()
            .count()
    }

    /// Make the fake engine hold everything that `up` creates (the
    /// commands a real run recorded: they carry the seals of the secrets),
    /// with the containers named in `stale` carrying an outdated config
    /// hash.
    fn fill_from(&self, up: &[Vec<String>], stale: &[&str]) {
        let mut ps = String::new();
        let (mut networks, mut volumes, mut images) = (String::new(), String::new(), String::new());
        let jobs: Vec<&String> = up
            .iter()
            .filter(|c| c[1] == "start" && c[2] == "--attach")
            .map(|c| &c[3])
            .collect();
        for c in up {
            let last = c.last().unwrap();
            match (c[1].as_str(), c.get(2).map(String::as_str)) {
                ("create", _) => {
                    let name = c.iter().find_map(|a| a.strip_prefix("--name=")).unwrap();
                    let hash = c
                        .iter()
                        .find_map(|a| a.strip_prefix("--label=io.stackc.config-hash="))
                        .unwrap();
                    let fields = c
                        .iter()
                        .find_map(|a| a.strip_prefix("--label=io.stackc.config-fields="))
                        .unwrap()
                        .to_owned();
                    // A stale container: its environment was different.
                    let (hash, fields) = if stale.contains(&name) {
                        let fields: Vec<String> = fields
                            .split(',')
                            .map(|f| {
                                if f.starts_with("environment=") {
                                    "environment=00000000".to_owned()
                                } else {
                                    f.to_owned()
                                }
                            })
                            .collect();
                        ("stale", fields.join(","))
                    } else {
                        (hash, fields)
                    };
                    let (run_state, status) = if jobs.iter().any(|j| *j == name) {
                        ("exited", "Exited (0) 1 minute ago")
                    } else {
                        ("running", "Up 1 minute (healthy)")
                    };
                    let sealed = c
                        .iter()
                        .find_map(|a| a.strip_prefix("--label=io.stackc.secrets="))
                        .unwrap_or_default();
                    // The engine shows the reference it was created from
                    // (the first word after the flags).
                    let image = c[2..].iter().find(|a| !a.starts_with("--")).unwrap();
                    ps.push_str(&format!(
                        "{name}\x1f{run_state}\x1f{status}\x1f{hash}\x1f{fields}\x1f{sealed}\x1f{image}\n"
                    ));
                }
                ("network", Some("create")) => networks.push_str(&format!("{last}\n")),
                ("volume", Some("create")) => volumes.push_str(&format!("{last}\n")),
                ("build", _) => {
                    let tag = c.iter().find_map(|a| a.strip_prefix("--tag=")).unwrap();
                    let tag = if tag.rsplit('/').next().unwrap().contains(':') {
                        tag.to_owned()
                    } else {
                        format!("{tag}:latest")
                    };
                    let hash = c
                        .iter()
                        .find_map(|a| a.strip_prefix("--label=io.stackc.build-hash="))
                        .unwrap_or_default();
                    images.push_str(&format!("{tag}\t{hash}\n"));
                }
                _ => {}
            }
        }
        write(&self.state, "ps", &ps);
        write(&self.state, "network", &networks);
        write(&self.state, "volume", &volumes);
        write(&self.state, "image", &images);
    }

    /// Run `up_sh` on an empty engine and return the commands it issued,
    /// seals of secrets and all.
    fn up(&self, up_sh: &Path, env: &BTreeMap<String, String>) -> Vec<Vec<String>> {
        self.empty();
        self.reset();
        self.bash(up_sh, &[], env);
        parse_nul(&self.docker.log())
    }

    /// Add to the engine the containers that `commands` (argv of down,
    /// stop or purge, which act on every profile's services) name and the
    /// engine lacks: running, of an older definition.
    fn add_others(&self, commands: &[u8]) {
        let mut ps = std::fs::read_to_string(self.state.join("ps")).unwrap_or_default();
        for c in parse_nul(commands) {
            if matches!(c[1].as_str(), "stop" | "rm") {
                let name = c.last().unwrap();
                if !ps.lines().any(|l| l.split('\x1f').next() == Some(name)) {
                    ps.push_str(&format!(
                        "{name}\x1frunning\x1fUp 1 minute\x1fold\x1f\x1f\x1fbusybox\n"
                    ));
                }
            }
        }
        write(&self.state, "ps", &ps);
    }

    fn empty(&self) {
        for f in ["ps", "network", "volume", "image"] {
            let _ = std::fs::remove_file(self.state.join(f));
        }
    }

    /// `bash SCRIPT ARGS…` on this engine with `env` (the caller runs it):
    /// one service at a time, in the order argv prints, unless `env` asks
    /// for more.
    fn script(&self, script: &Path, args: &[&str], env: &BTreeMap<String, String>) -> Test {
        // A socket where the script looks for an SSH agent (`build.ssh =
        // ["default"]`): it checks only that one is there.
        let agent = self.state.join("agent.sock");
        if !agent.exists() {
            std::os::unix::net::UnixListener::bind(&agent).unwrap();
        }
        self.docker
            .bash(script, args)
            .env("SSH_AUTH_SOCK", &agent)
            .env("FAKE_STATE", &self.state)
            .env("STACKC_JOBS", "1")
            .envs(env)
    }

    /// [`Self::script`], required to exit 0.
    fn bash(&self, script: &Path, args: &[&str], env: &BTreeMap<String, String>) -> Ran {
        self.script(script, args, env).ok()
    }
}

/// The last of a parameter's `choices` (values outside them are refused by
/// design), if it has any.
fn choice(fixture: &Path, name: &str) -> Option<String> {
    let doc: toml::Table = std::fs::read_to_string(fixture).unwrap().parse().unwrap();
    doc.get("params")?
        .get(name)?
        .get("choices")?
        .as_array()?
        .last()?
        .as_str()
        .map(str::to_owned)
}

/// Whether the parameter `name` completes an image reference of the
/// fixture (`image = "…${NAME}…"`) or the engine name of an external
/// network or volume (`name = "${NAME}"`, `"${NAME:-word}"`): a value
/// with a form (a tag, a docker name).
fn in_image(fixture: &Path, name: &str) -> bool {
    std::fs::read_to_string(fixture).unwrap().lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("image") && l.contains(&format!("${{{name}}}")))
            || (l.starts_with("name")
                && (l.contains(&format!("${{{name}}}")) || l.contains(&format!("${{{name}:"))))
    })
}

/// Parameter names and whether each is secret, from `stackc argv` (which
/// knows them) — read here from the fixture with a tiny TOML look-up.
fn params(fixture: &Path) -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(fixture).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let Some(params) = doc.get("params").and_then(|p| p.as_table()) else {
        return Vec::new();
    };
    params
        .iter()
        .map(|(name, p)| {
            (
                name.clone(),
                p.get("secret")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false),
            )
        })
        .collect()
}

fn webapp_fixture() -> PathBuf {
    crate::support::root().join("fixtures/valid/webapp.toml")
}

/// fixtures/valid/webapp.toml's script (`stackc bash ARGS…`) as `script`
/// in a fresh directory `name`, with a fake engine; and the value of its
/// secret.
fn webapp(name: &str, script: &str, args: &[&str]) -> (Fake, PathBuf, BTreeMap<String, String>) {
    let dir = tempdir(name);
    let fake = Fake::new(&dir);
    let script = dir.join(script);
    Test::new(&["bash"])
        .args(args)
        .file(&webapp_fixture())
        .out(&script)
        .ok();
    let env = [("DB_PASSWORD".to_owned(), "pw".to_owned())].into();
    (fake, script, env)
}

/// A value for each parameter of the fixture. A parameter with `choices`
/// takes one of them: others are refused by design (see tests/scripts/shell.rs);
/// one that completes an image reference takes `tag` (anything else is
/// refused before docker sees it: see tests/scripts/hostile.rs); any other takes
/// `other(name)`.
fn values(fixture: &Path, tag: &str, other: impl Fn(&str) -> String) -> BTreeMap<String, String> {
    params(fixture)
        .into_iter()
        .map(|(name, _)| {
            let value = choice(fixture, &name).unwrap_or_else(|| {
                if in_image(fixture, &name) {
                    tag.to_owned()
                } else {
                    other(&name)
                }
            });
            (name, value)
        })
        .collect()
}

/// `stackc argv --action ACTION --format FORMAT` with only `env`: its output.
fn argv(fixture: &Path, action: &str, format: &str, env: &BTreeMap<String, String>) -> Vec<u8> {
    Test::new(&["argv", "--action", action, "--format", format])
        .file(fixture)
        .env_clear()
        .envs(env)
        .ok()
        .stdout
        .into_bytes()
}

fn check_fixture(fixture: &Path, env: &BTreeMap<String, String>, label: &str) {
    let name = fixture.file_stem().unwrap().to_str().unwrap();
    let dir = tempdir(&format!("differential-{name}-{label}"));
    let fake = Fake::new(&dir);
    let up_sh = dir.join("up.sh");
    let down_sh = dir.join("down.sh");
    Test::new(&["bash"]).file(fixture).out(&up_sh).ok();
    Test::new(&["bash", "--action", "down"])
        .file(fixture)
        .out(&down_sh)
        .ok();

    // up.sh against an empty engine = stackc argv.
    let expected_up = argv(fixture, "up", "nul", env);
    fake.empty();
    fake.bash(&up_sh, &[], env);
    let log = fake.docker.log();
    let up_commands = parse_nul(&log);
    assert_eq!(
        unsealed(&up_commands),
        parse_nul(&expected_up),
        "{name} ({label}): up.sh issued other commands than `stackc argv`"
    );
    assert_eq!(
        framed(&unsealed(&up_commands)),
        expected_up,
        "{name} ({label}): byte-identical framing"
    );

    check_secrets(fixture, &fake, &log, env, &format!("{name} ({label})"));
    // The state was read with one query per kind of resource, however many
    // resources there are.
    assert!(
        fake.queries() <= 4,
        "{name} ({label}): {} state queries",
        fake.queries()
    );

    // --dry-run = stackc argv --format shell, and calls no docker.
    fake.reset();
    let dry = fake.bash(&up_sh, &["--dry-run"], env);
    assert_eq!(
        dry.stdout,
        String::from_utf8(argv(fixture, "up", "shell", env)).unwrap(),
        "{name} ({label}): up.sh --dry-run differs from `stackc argv --format shell`"
    );
    assert!(
        fake.docker.log().is_empty(),
        "{name}: --dry-run called docker"
    );
    assert_eq!(fake.queries(), 0, "{name}: --dry-run queried docker");

    // up.sh again on the running stack changes nothing.
    fake.reset();
    fake.fill_from(&up_commands, &[]);
    let again = fake.bash(&up_sh, &[], env);
    // An image with `pull = "build"` is built on every up, by design.
    let fresh = std::fs::read_to_string(fixture)
        .unwrap()
        .contains("pull = \"build\"");
    let changed: Vec<Vec<String>> = parse_nul(&fake.docker.log())
        .into_iter()
        .filter(|command| !(fresh && command.get(1).is_some_and(|c| c == "build")))
        .collect();
    assert!(
        changed.is_empty(),
        "{name} ({label}): re-running up.sh changed the stack: {changed:?}"
    );
    assert!(
        !again.stdout.contains("created"),
        "{name}: nothing is reported created on a re-run"
    );

    check_recreate(
        &fake,
        (&up_sh, fresh),
        &up_commands,
        env,
        &format!("{name} ({label})"),
    );

    // down.sh on the running stack = stackc argv --action down; the
    // running stack has every profile's services up (down acts on all).
    fake.reset();
    fake.fill_from(&up_commands, &[]);
    fake.add_others(&argv(fixture, "down", "nul", env));
    fake.bash(&down_sh, &[], env);
    assert_eq!(
        parse_nul(&fake.docker.log()),
        parse_nul(&argv(fixture, "down", "nul", env)),
        "{name} ({label}): down.sh issued other commands than `stackc argv --action down`"
    );

    // down.sh on an empty engine does nothing and fails nowhere.
    fake.reset();
    fake.empty();
    fake.bash(&down_sh, &[], env);
    assert!(
        fake.docker.log().is_empty(),
        "{name}: down.sh on an empty engine ran commands"
    );
}

/// Secrets reach docker's environment with their composed value, never its
/// argv (`log`).
fn check_secrets(
    fixture: &Path,
    fake: &Fake,
    log: &[u8],
    env: &BTreeMap<String, String>,
    what: &str,
) {
    for (param, secret) in params(fixture) {
        if !secret {
            continue;
        }
        let value = &env[&param];
        assert!(
            !String::from_utf8_lossy(log).contains(value.as_str()),
            "{what}: the secret {param} reached a docker command line"
        );
        assert!(
            fake.docker
                .env_log()
                .iter()
                .any(|kv| kv.contains(value.as_str())),
            "{what}: the secret {param} did not reach docker's environment: {:?}",
            fake.docker.env_log()
        );
    }
}

/// A container whose definition changed (its hash label differs) is
/// stopped, removed and created again; nothing else is touched. (A replica
/// of a rolling update is first disconnected from its networks, so that
/// their DNS stops naming it before it stops.) An image with `pull =
/// "build"` (`fresh`) is built again besides.
fn check_recreate(
    fake: &Fake,
    (up_sh, fresh): (&Path, bool),
    up_commands: &[Vec<String>],
    env: &BTreeMap<String, String>,
    what: &str,
) {
    let last_create = up_commands.iter().rev().find(|c| c[1] == "create").unwrap();
    let changed = last_create
        .iter()
        .find_map(|a| a.strip_prefix("--name="))
        .unwrap();
    fake.reset();
    fake.fill_from(up_commands, &[changed]);
    fake.bash(up_sh, &[], env);
    let issued = parse_nul(&fake.docker.log());
    // (A container on several networks is connected to the others between
    // create and start.)
    let subcommands: Vec<&str> = issued
        .iter()
        .map(|c| c[1].as_str())
        .filter(|c| *c != "network" && !(fresh && *c == "build"))
        .collect();
    assert_eq!(
        subcommands,
        ["stop", "rm", "create", "start"],
        "{what}: recreate {changed}: {issued:?}"
    );
    let start = issued.iter().position(|c| c[1] == "start").unwrap();
    let stop = issued.iter().position(|c| c[1] == "stop").unwrap();
    assert!(
        issued
            .iter()
            .enumerate()
            .filter(|(_, c)| c[1] == "network")
            .all(|(i, c)| (c[2] == "connect" && stop < i && i < start)
                || (c[2] == "disconnect" && i < stop)),
        "{what}: only `network disconnect` before stop, `network connect` before start: {issued:?}"
    );
    assert!(
        issued
            .iter()
            .filter(|c| !(fresh && c[1] == "build"))
            .all(|c| c
                .iter()
                .any(|a| a == changed || a == &format!("--name={changed}"))),
        "{what}: only {changed} is touched: {issued:?}"
    );
    let recreated = issued.iter().find(|c| c[1] == "create").unwrap();
    assert_eq!(
        recreated, last_create,
        "{what}: recreated exactly as defined"
    );
}

#[test]
fn bash_matches_argv_with_default_parameters() {
    for fixture in crate::support::fixtures("valid") {
        let env: BTreeMap<String, String> = params(&fixture)
            .into_iter()
            .filter(|(_, secret)| *secret)
            .map(|(name, _)| (name.clone(), format!("s3cret-{name}-'\"$`\\!")))
            .collect();
        check_fixture(&fixture, &env, "defaults");
    }
}

#[test]
fn bash_matches_argv_with_hostile_parameter_values() {
    for fixture in crate::support::fixtures("valid") {
        let env = values(&fixture, "1.2-rc_3", |name| {
            format!("{name} it's \"q\", $(id) `id` $HOME *\n\t!x ü")
        });
        check_fixture(&fixture, &env, "hostile");
    }
}

/// Every action's script, against the state its `--dry-run` assumes,
/// issues exactly `stackc argv --action A`; and `--dry-run` prints exactly
/// `stackc argv --action A --format shell`.
#[test]
fn every_action_matches_argv() {
    for fixture in crate::support::fixtures("valid") {
        let name = fixture.file_stem().unwrap().to_str().unwrap().to_owned();
        let env = values(&fixture, "v1", |name| format!("value of {name}"));
        let dir = tempdir(&format!("differential-actions-{name}"));
        let fake = Fake::new(&dir);
        let up_sh = dir.join("recorded-up.sh");
        Test::new(&["bash"]).file(&fixture).out(&up_sh).ok();
        let up = fake.up(&up_sh, &env);
        for action in [
            "up", "down", "create", "start", "stop", "restart", "pull", "build", "ps", "purge",
        ] {
            let script = dir.join(format!("{action}.sh"));
            Test::new(&["bash", "--action", action])
                .file(&fixture)
                .out(&script)
                .ok();
            fake.reset();
            let dry = fake.bash(&script, &["--dry-run"], &env);
            assert_eq!(
                dry.stdout,
                String::from_utf8(argv(&fixture, action, "shell", &env)).unwrap(),
                "{name}: {action}.sh --dry-run differs from `stackc argv --action {action} --format shell`"
            );
            assert!(
                fake.docker.log().is_empty(),
                "{name}: {action}.sh --dry-run called docker"
            );

            // The real run, on the engine state --dry-run assumes.
            let args: &[&str] = match action {
                "up" | "create" | "pull" | "build" => {
                    fake.empty();
                    &[]
                }
                "restart" | "ps" => {
                    fake.fill_from(&up, &[]);
                    &[]
                }
                // They act on every service, every profile's too.
                "down" | "stop" => {
                    fake.fill_from(&up, &[]);
                    fake.add_others(&argv(&fixture, action, "nul", &env));
                    &[]
                }
                "purge" => {
                    fake.fill_from(&up, &[]);
                    fake.add_others(&argv(&fixture, action, "nul", &env));
                    &["--yes"]
                }
                _ => continue, // start: assumes stopped containers; covered by --dry-run above
            };
            fake.reset();
            let out = fake.bash(&script, args, &env);
            assert_eq!(
                unsealed(&parse_nul(&fake.docker.log())),
                parse_nul(&argv(&fixture, action, "nul", &env)),
                "{name}: {action}.sh issued other commands than `stackc argv --action {action}`"
            );
            if action == "ps" {
                let table = out.stdout;
                assert!(table.starts_with("SERVICE "), "{table}");
                assert!(
                    table
                        .lines()
                        .skip(1)
                        .all(|l| l.trim_end().ends_with("current")),
                    "{table}"
                );
            }
        }

        // purge without --yes refuses, touching nothing.
        let purge = dir.join("purge.sh");
        fake.reset();
        fake.fill_from(&up, &[]);
        let out = fake.script(&purge, &[], &env).exits(2);
        assert!(out.stderr.contains("--yes"));
        assert!(
            fake.docker.log().is_empty() && fake.queries() == 0,
            "{name}: purge without --yes touched docker"
        );
    }
}

/// A no-op re-run of `up.sh` reads the engine with a constant number of
/// docker calls, however many services the stack has (the figure in
/// docs/cli.md).
#[test]
fn no_op_rerun_costs_a_constant_number_of_docker_calls() {
    let mut calls = Vec::new();
    for services in [3, 50] {
        let mut toml =
            String::from("[stack]\nname = \"scale\"\n\n[networks.back]\n\n[volumes.data]\n\n");
        for i in 0..services {
            toml.push_str(&format!(
                "[services.s{i}]\nimage = \"busybox:stable\"\nnetworks = [\"back\"]\nvolumes = [\"data:/data\"]\nports = [\"{}:80\"]\nhealthcheck = {{ test = \"true\" }}\n{}\n",
                10000 + i,
                if i > 0 { format!("depends_on = {{ s{} = \"healthy\" }}\n", i - 1) } else { String::new() }
            ));
        }
        let (dir, stack) = stack_in(&format!("differential-scale-{services}"), &toml);
        let up_sh = dir.join("up.sh");
        Test::new(&["bash"]).file(&stack).out(&up_sh).ok();
        let env = BTreeMap::new();
        let up = parse_nul(&argv(&stack, "up", "nul", &env));
        let fake = Fake::new(&dir);
        fake.fill_from(&up, &[]);
        fake.reset();
        let out = fake.bash(&up_sh, &[], &env);
        assert!(
            fake.docker.log().is_empty(),
            "{services} services: the no-op re-run changed something"
        );
        assert_eq!(
            out.stdout
                .lines()
                .filter(|l| l.ends_with(": running, kept"))
                .count(),
            services,
            "one line per container"
        );
        calls.push(fake.queries());
    }
    assert_eq!(
        calls,
        [3, 3],
        "docker calls of a no-op re-run for 3 and 50 services"
    );
}

/// `up.sh --plan` reads the engine and says what `up.sh` would do, per
/// resource, without changing anything; `--plan --format=json` says it as
/// data. Orphans are planned for removal, and `up.sh` removes them.
#[test]
fn plan_says_what_up_would_do() {
    let (fake, up_sh, env) = webapp("differential-plan", "up.sh", &[]);
    let up = fake.up(&up_sh, &env);

    // Empty engine: everything is created.
    fake.empty();
    fake.reset();
    let text = fake.bash(&up_sh, &["--plan"], &env).stdout;
    assert!(fake.docker.log().is_empty(), "--plan changed something");
    assert_eq!(
        text,
        "create     network    webapp_front\n\
         create     network    webapp_back\n\
         create     volume     webapp_dbdata\n\
         create     container  webapp-db-1\n\
         run        job        webapp-migrate-1\n\
         create     container  webapp-app-1\n\
         create     container  webapp-proxy-1\n"
    );

    // Running stack with one changed container and one orphan.
    fake.fill_from(&up, &["webapp-app-1"]);
    let mut ps = std::fs::read_to_string(fake.state.join("ps")).unwrap();
    ps.push_str("webapp-old-1\x1frunning\x1fUp 2 days\x1fabc\x1fimage=00000000\x1f\x1fbusybox\n");
    write(&fake.state, "ps", &ps);
    fake.reset();
    let json = fake
        .bash(&up_sh, &["--plan", "--format", "json"], &env)
        .stdout;
    assert!(fake.docker.log().is_empty(), "--plan changed something");
    let plan: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let rows: Vec<String> = plan
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["action"],
                r["kind"],
                r["name"],
                r.get("changed")
                    .or(r.get("reason"))
                    .map_or(String::new(), ToString::to_string)
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            r#""keep" "network" "webapp_front" "#,
            r#""keep" "network" "webapp_back" "#,
            r#""keep" "volume" "webapp_dbdata" "#,
            r#""keep" "container" "webapp-db-1" "#,
            r#""keep" "job" "webapp-migrate-1" "#,
            r#""recreate" "container" "webapp-app-1" ["environment"]"#,
            r#""keep" "container" "webapp-proxy-1" "#,
            r#""remove" "container" "webapp-old-1" "orphan""#,
        ]
    );

    // up.sh recreates the changed container and removes the orphan.
    fake.reset();
    let out = fake.bash(&up_sh, &[], &env).stdout;
    let issued: Vec<String> = parse_nul(&fake.docker.log())
        .iter()
        .map(|c| c[1..].join(" "))
        .filter(|c| !c.starts_with("create "))
        .collect();
    assert_eq!(
        issued,
        [
            "stop webapp-app-1",
            "rm webapp-app-1",
            "network connect --alias=app webapp_back webapp-app-1",
            "start webapp-app-1",
            "stop webapp-old-1",
            "rm webapp-old-1"
        ]
    );
    assert!(
        out.contains("container webapp-app-1: definition changed, removed (changed: environment)"),
        "{out}"
    );
    assert!(
        out.contains("container webapp-old-1: not in the stack any more, removed (orphan)"),
        "{out}"
    );
}

/// With `STACKC_JOBS` > 1 independent services run concurrently: the
/// script issues the same commands as `stackc argv`, each container's in
/// order, and each service's after the start of every service it depends
/// on.
#[test]
fn independent_services_run_concurrently() {
    let mut toml = String::from("[stack]\nname = \"wide\"\n\n");
    for i in 0..6 {
        toml.push_str(&format!("[services.a{i}]\nimage = \"busybox:stable\"\n\n"));
    }
    for i in 0..3 {
        toml.push_str(&format!(
            "[services.b{i}]\nimage = \"busybox:stable\"\ndepends_on = [\"a{i}\", \"a{}\"]\n\n",
            i + 3
        ));
    }
    toml.push_str(
        "[services.job]\nimage = \"busybox:stable\"\nrun = \"once\"\ndepends_on = [\"b0\"]\n",
    );
    let (dir, stack) = stack_in("differential-concurrent", &toml);
    let up_sh = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&up_sh).ok();
    let script = std::fs::read_to_string(&up_sh).unwrap();
    assert!(
        script.contains("\n_sc_task _sc_service_a0\n_sc_task _sc_service_a1\n")
            && script.contains("\n_sc_task _sc_service_b1 _sc_service_a1 _sc_service_a4\n")
            && script.contains("\n_sc_task _sc_service_job _sc_service_b0\n"),
        "each service is a task after the services it depends on"
    );
    let env: BTreeMap<String, String> = [("STACKC_JOBS".to_owned(), "4".to_owned())].into();
    let expected = parse_nul(&argv(&stack, "up", "nul", &BTreeMap::new()));
    let fake = Fake::new(&dir);
    fake.empty();
    fake.reset();
    let out = fake.bash(&up_sh, &[], &env);
    let issued = parse_nul(&fake.docker.log());
    let mut sorted_issued = issued.clone();
    let mut sorted_expected = expected.clone();
    sorted_issued.sort();
    sorted_expected.sort();
    assert_eq!(sorted_issued, sorted_expected, "the same commands");
    let container = |c: &Vec<String>| {
        c.iter()
            .find_map(|a| a.strip_prefix("--name="))
            .map_or_else(|| c.last().unwrap().clone(), ToOwned::to_owned)
    };
    let services: Vec<String> = issued
        .iter()
        .filter(|c| c[1] != "network")
        .map(container)
        .collect();
    // The index of the first command of a container, and of its start.
    let first = |name: &str| {
        issued
            .iter()
            .position(|c| c[1] != "network" && container(c) == name)
            .unwrap()
    };
    let started = |name: &str| {
        issued
            .iter()
            .position(|c| c[1] == "start" && c.last().unwrap() == name)
            .unwrap()
    };
    for (service, deps) in [
        ("b0", ["a0", "a3"]),
        ("b1", ["a1", "a4"]),
        ("b2", ["a2", "a5"]),
        ("job", ["b0", "b0"]),
    ] {
        for dep in deps {
            let (service, dep) = (format!("wide-{service}-1"), format!("wide-{dep}-1"));
            assert!(
                started(&dep) < first(&service),
                "{service} before {dep} started: {services:?}"
            );
        }
    }
    for name in &services {
        let own: Vec<&Vec<String>> = issued.iter().filter(|c| &container(c) == name).collect();
        let want: Vec<&Vec<String>> = expected.iter().filter(|c| &container(c) == name).collect();
        assert_eq!(own, want, "{name}: its own commands in order");
    }
    assert_eq!(
        out.stdout
            .lines()
            .filter(|l| l.ends_with("created and started"))
            .count(),
        9
    );

    // They really overlap: with a slow `docker start`, a second one begins
    // before the first ends.
    let slow: BTreeMap<String, String> = [
        ("STACKC_JOBS".to_owned(), "4".to_owned()),
        ("FAKE_SLOW_START".to_owned(), "0.3".to_owned()),
    ]
    .into();
    fake.empty();
    fake.reset();
    fake.bash(&up_sh, &[], &slow);
    let overlap = std::fs::read_to_string(dir.join("overlap")).unwrap();
    let first: Vec<&str> = overlap.lines().take(2).collect();
    assert!(
        first[0].starts_with("begin ") && first[1].starts_with("begin "),
        "{overlap}"
    );
}

/// `--action run --service NAME`: the dependencies come up as `up` brings
/// them, then the service runs once in a fresh container that is removed;
/// the script's exit status is the run's.
#[test]
fn run_action_runs_one_service_and_returns_its_status() {
    let run = ["--action", "run", "--service", "migrate"];
    let (fake, script, env) = webapp("differential-run", "migrate.sh", &run);
    let expected = || {
        let out = Test::new(&["argv", "--format", "nul"])
            .args(&run)
            .file(&webapp_fixture())
            .env_clear()
            .envs(&env)
            .ok();
        parse_nul(out.stdout.as_bytes())
    };
    fake.empty();
    fake.reset();
    fake.bash(&script, &[], &env);
    let issued = unsealed(&parse_nul(&fake.docker.log()));
    assert_eq!(issued, expected());
    let names: Vec<String> = issued
        .iter()
        .filter_map(|c| {
            c.iter()
                .find_map(|a| a.strip_prefix("--name="))
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        names,
        ["webapp-db-1", "webapp-migrate-run"],
        "only the dependency and the run"
    );
    assert_eq!(issued.last().unwrap()[1..], ["rm", "webapp-migrate-run"]);

    // The run's status is the script's, and its container is still removed.
    fake.reset();
    fake.script(&script, &[], &env)
        .env("FAKE_ATTACH_STATUS", "3")
        .exits(3);
    assert_eq!(
        parse_nul(&fake.docker.log()).last().unwrap()[1..],
        ["rm", "webapp-migrate-run"]
    );
}

/// `--plan` says why a container is recreated when nothing in stack.toml
/// changed: the image behind its reference changed (the engine then shows
/// the image's ID where the reference was), or a secret it reads was
/// rotated (its seal differs); `up.sh` recreates exactly those.
#[test]
fn plan_names_image_and_secret_changes() {
    let (fake, up_sh, env) = webapp("differential-plan-why", "up.sh", &[]);
    let up = fake.up(&up_sh, &env);
    fake.fill_from(&up, &[]);
    // The proxy's image was re-tagged or rebuilt under its reference.
    let ps = std::fs::read_to_string(fake.state.join("ps")).unwrap();
    let ps: String = ps
        .lines()
        .map(|l| {
            if l.starts_with("webapp-proxy-1\x1f") {
                format!("{}\x1f0123456789ab\n", l.rsplit_once('\x1f').unwrap().0)
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    write(&fake.state, "ps", &ps);
    // The secret is rotated.
    let rotated: BTreeMap<String, String> =
        [("DB_PASSWORD".to_owned(), "rotated".to_owned())].into();
    fake.reset();
    let plan = fake.bash(&up_sh, &["--plan"], &rotated).stdout;
    assert!(fake.docker.log().is_empty(), "--plan changed something");
    let recreated: Vec<&str> = plan.lines().filter(|l| l.starts_with("recreate")).collect();
    assert_eq!(
        recreated,
        [
            "recreate   container  webapp-db-1 (changed: secrets)",
            "recreate   job        webapp-migrate-1 (changed: secrets)",
            "recreate   container  webapp-app-1 (changed: secrets)",
            "recreate   container  webapp-proxy-1 (changed: image)",
        ],
        "{plan}"
    );
    // With the old secret, only the proxy.
    fake.reset();
    fake.bash(&up_sh, &[], &env);
    let removed: Vec<String> = parse_nul(&fake.docker.log())
        .iter()
        .filter(|c| c[1] == "rm")
        .map(|c| c[2].clone())
        .collect();
    assert_eq!(removed, ["webapp-proxy-1"]);
}
