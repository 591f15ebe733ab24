//! `stackc swarm`: the stack file of every valid fixture that swarm takes
//! is accepted by the installed docker CLI (`docker stack config`, which
//! validates against the schema the CLI embeds, offline); the scripts pass
//! shellcheck; what swarm cannot honour is a located error; snapshots of
//! the engine fixture's stack file and script.

use std::path::Path;

use crate::support::{Test, shellcheck, stackc, tempdir, tool};

/// `docker stack config -c FILE` (interpolation skipped: the secrets' and
/// configs' names come from the deploy script): the CLI's own schema. A
/// file with a value of a checked format that parameters complete (a
/// healthcheck's `${HEALTH_INTERVAL:-30s}`) is read interpolated, as
/// `docker stack deploy` reads it, with the defaults it writes.
fn docker_stack_config(file: &Path) {
    let ran = Test::program(
        Path::new("docker"),
        &["stack", "config", "--skip-interpolation", "-c"],
    )
    .arg(file)
    .run();
    // A value that parameters complete has its form once interpolated.
    let ran = if ran.code != Some(0)
        && (ran.stderr.contains("Does not match format") || ran.stderr.contains("must be a"))
    {
        Test::program(Path::new("docker"), &["stack", "config", "-c"])
            .arg(file)
            .run()
    } else {
        ran
    };
    assert_eq!(
        ran.code,
        Some(0),
        "docker stack config rejected {}:\n{}\n---\n{}",
        file.display(),
        ran.stderr,
        std::fs::read_to_string(file).unwrap()
    );
}

#[test]
fn every_valid_fixture_is_a_stack_file_the_docker_cli_accepts_or_a_located_refusal() {
    let dir = tempdir("swarm-yaml");
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for fixture in crate::support::fixtures("valid")
        .into_iter()
        .chain([crate::support::root().join("fixtures/engine/swarm.toml")])
    {
        let name = fixture.file_stem().unwrap().to_str().unwrap().to_owned();
        let yaml = dir.join(format!("{name}.yml"));
        let ran = Test::new(&["swarm", "--format", "yaml"])
            .file(&fixture)
            .out(&yaml)
            .run();
        match ran.code {
            Some(0) => {
                docker_stack_config(&yaml);
                for action in ["up", "down", "ps"] {
                    let script = dir.join(format!("{name}-{action}.sh"));
                    Test::new(&["swarm", "--action", action])
                        .file(&fixture)
                        .out(&script)
                        .ok();
                    Test::program(&tool("bash"), &["-n"]).arg(&script).ok();
                    shellcheck(&script, &["--severity=style"]);
                }
                accepted.push(name);
            }
            Some(1) => {
                assert!(
                    ran.stderr.contains("stackc::swarm-unsupported")
                        && ran.stderr.contains("has no Docker Swarm counterpart")
                        && ran.stderr.contains(&format!("{name}.toml:"))
                        && ran.stderr.contains("help:"),
                    "{name}: a refusal is located, with its help:\n{}",
                    ran.stderr
                );
                assert!(!yaml.exists(), "{name}: nothing written");
                refused.push(name);
            }
            other => panic!("{name}: exit {other:?}\n{}", ran.stderr),
        }
    }
    // Both kinds are exercised; the lists say which is which.
    assert!(
        accepted.len() >= 5,
        "accepted: {accepted:?}, refused: {refused:?}"
    );
    assert!(!refused.is_empty(), "accepted: {accepted:?}");
}

/// A fixed host port with replicas: an error where each container binds
/// it (scripts, argv, compose), the routing mesh's single port in a swarm.
#[test]
fn a_fixed_host_port_with_replicas_is_refused_only_where_containers_bind_it() {
    let fixture = crate::support::root().join("fixtures/swarm/host-port-replicas.toml");
    Test::new(&["check"]).file(&fixture).ok();
    for target in [&["bash"][..], &["argv"], &["compose"]] {
        let ran = Test::new(target).file(&fixture).run();
        assert_eq!(ran.code, Some(1), "{target:?}");
        assert!(
            ran.stderr.contains("stackc::host-port-replicas")
                && ran
                    .stderr
                    .contains("publishes a fixed host port with 2 replicas"),
            "{target:?}: {}",
            ran.stderr
        );
    }
    let yaml = Test::new(&["swarm", "--format", "yaml"])
        .file(&fixture)
        .ok()
        .stdout;
    assert!(
        yaml.contains("      - target: 80\n        published: 8080\n        protocol: tcp\n")
            && yaml.contains("      replicas: 2\n"),
        "{yaml}"
    );
}

/// The engine fixture's stack file and deploy script, as reviewed.
#[test]
fn swarm_outputs_of_the_engine_fixture() {
    let dir = crate::support::root().join("fixtures/engine");
    let run = |args: &[&str]| {
        let output = stackc(&["-f", "swarm.toml", "swarm"])
            .args(args)
            .current_dir(&dir)
            .env_clear()
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    insta::assert_snapshot!("swarm_stack_file", run(&["--format", "yaml"]));
    let script = run(&[]);
    // The script's own part: the shared libraries are the bash backend's.
    let own = &script[script.find("# The stack's name on the swarm").unwrap()..];
    insta::assert_snapshot!("swarm_deploy_script", own);
    insta::assert_snapshot!("swarm_down_script", {
        let down = run(&["--action", "down"]);
        down[down.find("# The stack's name on the swarm").unwrap()..].to_owned()
    });
}

/// What swarm cannot honour: every refusal at once, located.
#[test]
fn what_swarm_cannot_honour_is_refused_where_it_is_written() {
    let text = r#"[stack]
name = "refused"

[networks.lan]
driver = "bridge"

[volumes.data]
owner = "1000"
init_image = "busybox:1.36"

[services.web]
image = "nginx:1.27"
container_name = "web"
ports = ["127.0.0.1:8080:80"]
shm_size = "64m"
networks = ["lan"]
volumes = ["data:/d"]
exec = [["true"]]

[services.api]
image = "nginx:1.27"
replicas = 2
ports = ["9000-9001:90"]

[secrets.token]
file = "./token.txt"

[services.built]
build = { context = ".", secrets = ["token"], entitlements = ["network.host"], privileged = true, platforms = ["linux/amd64", "linux/arm64"] }

[images.tools]
build = { context = ".", secrets = ["token"] }
"#;
    let (_, file) = crate::support::stack_in("swarm-refused", text);
    let ran = Test::new(&["swarm"]).file(&file).run();
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    for key in [
        "`container_name` of service `web`",
        "`exec` of service `web`",
        "`ports` of service `web`",
        "`ports` of service `api`",
        "`shm_size` of service `web`",
        "`driver` of network `lan`",
        "`init_image` of volume `data`",
        "`build.secrets` of service `built`",
        "`build.entitlements` of service `built`",
        "`build.privileged` of service `built`",
        "`build.platforms` of service `built`",
        "`build.secrets` of image `tools`",
    ] {
        assert!(ran.stderr.contains(key), "{key}:\n{}", ran.stderr);
    }
}

/// Switches that parameters complete: the stack file's loader makes a
/// boolean of a variable in `tty` (and `stdin_open`, `read_only`,
/// `privileged`), which `docker stack config` then takes; not in `init`,
/// which is refused where stack.toml sets it.
#[test]
fn switches_from_parameters_are_taken_where_the_stack_loader_converts_them() {
    let dir = tempdir("swarm-switches");
    let stack = crate::support::write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"sw\"\n[params.DEBUG]\ndefault = \"no\"\n[services.shell]\nimage = \"busybox:1.36\"\ntty = \"${DEBUG}\"\nstdin_open = \"${DEBUG}\"\nread_only = \"${DEBUG}\"\nstop_grace_period = \"${GRACE:-3}s\"\n[params.GRACE]\n",
    );
    let yaml = dir.join("stack.yml");
    Test::new(&["swarm", "--format", "yaml"])
        .file(&stack)
        .out(&yaml)
        .ok();
    for env in [("DEBUG", "no"), ("DEBUG", "Yes")] {
        let ran = Test::program(Path::new("docker"), &["stack", "config", "-c"])
            .arg(&yaml)
            .env(env.0, env.1)
            .ok();
        let expected = if env.1 == "Yes" { "true" } else { "false" };
        assert!(
            ran.stdout.contains(&format!("tty: {expected}")) || expected == "false",
            "{env:?}: {}",
            ran.stdout
        );
    }
    let with_init = crate::support::write(
        &dir,
        "init.toml",
        "[stack]\nname = \"sw\"\n[params.USE_INIT]\ndefault = \"no\"\n[services.shell]\nimage = \"busybox:1.36\"\ninit = \"${USE_INIT}\"\n",
    );
    let ran = Test::new(&["swarm", "--format", "yaml"])
        .file(&with_init)
        .run();
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("`docker stack deploy` reads no variable in `init`")
            && ran.stderr.contains("init.toml:7:"),
        "{}",
        ran.stderr
    );
}
