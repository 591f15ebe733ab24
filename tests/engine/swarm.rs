//! `stackc swarm` on a real Docker Swarm: `fixtures/engine/swarm.toml` (a
//! database with a healthcheck and a secret file, a migration job, an app
//! with three replicas reading a config) deployed, redeployed unchanged,
//! rolled by a config change under load, broken and rolled back, and
//! removed. One test, so that it never inits or leaves the swarm beside
//! another: it initialises a swarm only when none is active and leaves
//! only the swarm it made (and the `docker_gwbridge` network it made),
//! even when it fails.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::engine_support::{Stack, docker, docker_lines, run_bounded};
use crate::support::Test;

const SECRET: &str = "s3cr3t-swarm-pass";

/// The swarm of this test, and everything the stack left on it: removed on
/// drop (never panics), the swarm left only if this test made it.
struct Swarm {
    made: bool,
    /// Whether the engine had the `docker_gwbridge` network, which a swarm
    /// makes and leaving it does not remove, before this test.
    had_gwbridge: bool,
    stack: String,
    probe: String,
}

impl Swarm {
    fn join(stack: &str) -> Self {
        let had_gwbridge = gwbridge();
        let state = docker(&["info", "--format", "{{.Swarm.LocalNodeState}}"]);
        let made = match state.trim() {
            "inactive" => {
                docker(&["swarm", "init", "--advertise-addr", "127.0.0.1"]);
                true
            }
            "active" => false,
            other => panic!("the engine's swarm is `{other}`: neither active nor inactive"),
        };
        let manager = docker(&["info", "--format", "{{.Swarm.ControlAvailable}}"]);
        let swarm = Self {
            made,
            had_gwbridge,
            stack: stack.to_owned(),
            probe: format!("{stack}-probe"),
        };
        assert_eq!(manager.trim(), "true", "the engine is not a swarm manager");
        swarm
    }
}

impl Drop for Swarm {
    fn drop(&mut self) {
        let quiet = |args: &[&str]| {
            let _ = Command::new("docker")
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        };
        let label = format!("label=com.docker.stack.namespace={}", self.stack);
        let list = |args: &[&str]| -> Vec<String> {
            Command::new("docker")
                .args(args)
                .output()
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .map(str::to_owned)
                        .filter(|l| !l.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        quiet(&["rm", "--force", &self.probe]);
        quiet(&["stack", "rm", &self.stack]);
        for _ in 0..60 {
            if list(&["service", "ls", "--quiet", "--filter", &label]).is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        for _ in 0..60 {
            let containers = list(&["ps", "--all", "--quiet", "--filter", &label]);
            for id in &containers {
                quiet(&["rm", "--force", id]);
            }
            let networks = list(&["network", "ls", "--quiet", "--filter", &label]);
            for id in &networks {
                quiet(&["network", "rm", id]);
            }
            if containers.is_empty() && networks.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        for kind in ["secret", "config"] {
            for name in list(&[kind, "ls", "--quiet", "--filter", &label]) {
                quiet(&[kind, "rm", &name]);
            }
        }
        quiet(&["volume", "rm", "--force", &format!("{}_data", self.stack)]);
        if self.made {
            quiet(&["swarm", "leave", "--force"]);
            // The bridge the swarm made stays after it: removed, once the
            // last swarm endpoint on it is gone.
            for _ in 0..30 {
                if self.had_gwbridge || !gwbridge() {
                    break;
                }
                quiet(&["network", "rm", "docker_gwbridge"]);
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    }
}

/// Whether the engine has the `docker_gwbridge` network.
fn gwbridge() -> bool {
    Command::new("docker")
        .args(["network", "inspect", "docker_gwbridge"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `stackc swarm ARGS… -o FILE` in the stack's directory.
fn compile(stack: &Stack, file: &str, args: &[&str]) -> String {
    let out = stack.dir.join(file);
    Test::new(&["swarm"])
        .args(args)
        .file(&stack.file())
        .out(&out)
        .ok();
    std::fs::read_to_string(out).unwrap()
}

/// Run a script of the stack with bash (at most 4 minutes).
fn script(stack: &Stack, file: &str, env: &[(&str, &str)]) -> crate::engine_support::Run {
    let mut cmd = Command::new("bash");
    cmd.arg(stack.dir.join(file))
        .current_dir(&stack.dir)
        .env("STACKC_SWARM_TIMEOUT", "120")
        .envs(env.iter().copied());
    run_bounded(&mut cmd, Duration::from_secs(240))
}

/// What a client on the stack's overlay network gets from the app.
fn ask_app(net: &str) -> String {
    docker(&[
        "run",
        "--rm",
        "--network",
        net,
        crate::engine_support::IMAGE,
        "wget",
        "-qO-",
        "http://app:8080/",
    ])
}

/// Task IDs of a service, sorted.
fn tasks(service: &str) -> Vec<String> {
    let mut out = docker_lines(&["service", "ps", "--quiet", service]);
    out.sort();
    out
}

#[test]
fn a_stack_deploys_to_swarm_rolls_rolls_back_and_goes() {
    let Some(stack) = Stack::new("swarm", "swarm.toml") else {
        return;
    };
    let name = stack.name.clone();
    let swarm = Swarm::join(&name);
    let names = Names::of(&name);

    // The outputs hold no secret; the stack file is what the CLI accepts.
    let deploy = compile(&stack, "deploy.sh", &[]);
    compile(&stack, "undeploy.sh", &["--action", "down"]);
    let yaml = compile(&stack, "stack.yml", &["--format", "yaml"]);
    let dry = Test::bash(&stack.dir.join("deploy.sh"), &["--dry-run"]).ok();
    for (what, text) in [
        ("deploy.sh", &deploy),
        ("stack.yml", &yaml),
        ("--dry-run", &dry.stdout),
    ] {
        assert!(!text.contains(SECRET), "{what} holds the secret");
    }
    assert!(
        dry.stdout.contains("docker secret create"),
        "{}",
        dry.stdout
    );

    let before = up_and_again(&stack, &names);
    roll(&stack, &names, &swarm.probe, &before);
    broken_then_down(&stack, &names);
    drop(swarm);
}

/// The names of the stack's network and services on the swarm.
struct Names {
    stack: String,
    net: String,
    db: String,
    migrate: String,
    app: String,
}

impl Names {
    fn of(stack: &str) -> Self {
        Self {
            stack: stack.to_owned(),
            net: format!("{stack}_back"),
            db: format!("{stack}_db"),
            migrate: format!("{stack}_migrate"),
            app: format!("{stack}_app"),
        }
    }
}

/// Up, then up again; the task IDs of db, migrate and app.
fn up_and_again(stack: &Stack, names: &Names) -> (Vec<String>, Vec<String>, Vec<String>) {
    let Names {
        net,
        db,
        migrate,
        app,
        ..
    } = names;
    // Up: the job ran once, after the database was healthy; three app
    // replicas answer on the overlay network; the secret is a file.
    let up = script(stack, "deploy.sh", &[]).ok();
    up.has_line("the job completed", |l| {
        l == "service migrate: converged (1/1 completed)"
    });
    up.has_line("three replicas", |l| {
        l == "service app: converged (3/3 running)"
    });
    let replicas = docker(&[
        "service",
        "ls",
        "--filter",
        &format!("name={app}"),
        "--format",
        "{{.Replicas}}",
    ]);
    assert_eq!(replicas.trim(), "3/3");
    assert_eq!(tasks(migrate).len(), 1, "the job ran once");
    assert_eq!(ask_app(net).trim(), "greeting=hello");
    let db_container = docker(&[
        "ps",
        "--quiet",
        "--filter",
        &format!("label=com.docker.swarm.service.name={db}"),
    ]);
    let read = docker(&[
        "exec",
        db_container.trim(),
        "cat",
        "/run/secrets/db_password",
    ]);
    assert_eq!(read.trim(), SECRET);
    let specs = docker(&["service", "inspect", db, migrate, app]);
    assert!(!specs.contains(SECRET), "a service's spec holds the secret");

    // Again: nothing changes, the job does not run again.
    let before = (tasks(db), tasks(migrate), tasks(app));
    let again = script(stack, "deploy.sh", &[]).ok();
    for service in ["db", "migrate", "app"] {
        again.has_line("unchanged", |l| {
            l == format!("service {service}: unchanged")
        });
    }
    again.says_none_of(&["created", "updated", "removed"]);
    assert_eq!((tasks(db), tasks(migrate), tasks(app)), before);

    before
}

/// A config change under load.
fn roll(
    stack: &Stack,
    names: &Names,
    probe_name: &str,
    before: &(Vec<String>, Vec<String>, Vec<String>),
) {
    let Names {
        stack: name,
        net,
        migrate,
        ..
    } = names;
    // A config change rolls the app, start-first, while a client asks it
    // five times a second (one retry per request): no request fails.
    let probe = "while :; do if r=$(wget -qO- http://app:8080/ 2>/dev/null) || r=$(wget -qO- http://app:8080/ 2>/dev/null); then echo \"OK $r\"; else echo FAIL; fi; sleep 0.2; done";
    docker(&[
        "run",
        "--detach",
        "--name",
        probe_name,
        "--network",
        net,
        crate::engine_support::IMAGE,
        "sh",
        "-c",
        probe,
    ]);
    let rolled = script(stack, "deploy.sh", &[("GREETING", "bonjour")]).ok();
    rolled.has_line("app updated", |l| l == "service app: updated");
    rolled.has_line("old config removed", |l| {
        l.starts_with("config ") && l.ends_with(": removed (superseded)")
    });
    std::thread::sleep(Duration::from_secs(1));
    let log = docker(&["logs", probe_name]);
    docker(&["rm", "--force", probe_name]);
    assert!(
        !log.contains("FAIL"),
        "a request failed during the update:\n{log}"
    );
    assert!(
        log.contains("OK greeting=hello") && log.contains("OK greeting=bonjour"),
        "{log}"
    );
    assert_eq!(ask_app(net).trim(), "greeting=bonjour");
    assert_eq!(tasks(migrate), before.1, "the job did not run again");
    let configs = docker_lines(&[
        "config",
        "ls",
        "--quiet",
        "--filter",
        &format!("label=com.docker.stack.namespace={name}"),
    ]);
    assert_eq!(configs.len(), 1, "one config object left: {configs:?}");
}

/// A broken update, then down.
fn broken_then_down(stack: &Stack, names: &Names) {
    let Names {
        stack: name,
        net,
        app,
        ..
    } = names;
    // A broken update rolls back; the script names the service and fails.
    stack.edit("exec httpd -f -p 8080 -h /www\"]", "exit 3\"]");
    compile(stack, "deploy.sh", &[]);
    let broken = script(stack, "deploy.sh", &[("GREETING", "bonjour")]).exits(1);
    assert!(
        broken
            .stderr
            .contains("service app: the update failed and was rolled back")
            && broken.stderr.contains(&format!("task {app}.")),
        "{}",
        broken.transcript()
    );
    assert_eq!(ask_app(net).trim(), "greeting=bonjour");

    // Down: everything but the volume goes.
    script(stack, "undeploy.sh", &[]).ok();
    let label = format!("label=com.docker.stack.namespace={name}");
    for kind in [
        &["service", "ls"][..],
        &["network", "ls"],
        &["secret", "ls"],
        &["config", "ls"],
        &["ps", "--all"],
    ] {
        let mut args = kind.to_vec();
        args.extend(["--quiet", "--filter", &label]);
        assert!(docker_lines(&args).is_empty(), "left after down: {kind:?}");
    }
    let volume = format!("{name}_data");
    assert_eq!(
        docker(&[
            "volume",
            "ls",
            "--quiet",
            "--filter",
            &format!("name={volume}")
        ])
        .trim(),
        volume
    );
}
