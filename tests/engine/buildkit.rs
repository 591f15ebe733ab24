//! Build keys only BuildKit has (`fixtures/engine/buildkit.toml`), run with
//! docker's buildx plugin and without it. The rest of the suite builds with
//! the machine's default builder; these tests point `DOCKER_CONFIG` at
//! `.venv/docker`, whose `cli-plugins/` holds the buildx that
//! scripts/tools.sh installs there (not where docker looks by default,
//! which would make every build on the machine a BuildKit build).

use std::path::PathBuf;
use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker, exec};

/// A `DOCKER_CONFIG` whose `cli-plugins/` has buildx.
fn with_buildx() -> String {
    let dir = crate::support::venv().join("docker");
    let ok = std::process::Command::new("docker")
        .args(["buildx", "version"])
        .env("DOCKER_CONFIG", &dir)
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        ok,
        "no docker buildx plugin in {}/cli-plugins: run `bash scripts/tools.sh`",
        dir.display()
    );
    dir.display().to_string()
}

/// A `DOCKER_CONFIG` without plugins: docker has no buildx.
fn without_buildx() -> PathBuf {
    let dir = crate::support::tempdir("no-buildx");
    std::fs::create_dir_all(dir.join("cli-plugins")).unwrap();
    dir
}

fn up(stack: &Stack, config: &str) -> crate::engine_support::Run {
    stack.run(
        "up",
        &[],
        &[("DOCKER_CONFIG", config)],
        Duration::from_secs(180),
    )
}

#[test]
fn an_entitlement_builds_with_buildkit_and_stops_early_without() {
    let stack = crate::stack_or_skip!("bkallow", "buildkit.toml");
    let [tag] = stack.own_tags([("e2e-buildkit-net:1", "net")]);
    stack.compile("up");

    // Without buildx: stopped before anything changed, naming the key.
    let none = without_buildx();
    let refused = up(&stack, &none.display().to_string()).exits(1);
    assert!(
        refused
            .stderr
            .contains("services.net.build.entitlements needs BuildKit"),
        "{}",
        refused.transcript()
    );
    assert!(stack.observe().is_empty(), "{}", refused.transcript());
    assert!(stack.images().is_empty());

    let built = up(&stack, &with_buildx()).ok();
    assert!(built.stdout.contains(": built"), "{}", built.transcript());
    let id = stack.container_ids()[&stack.container("net")].clone();
    assert_eq!(exec(&id, &["cat", "/built"]), "built\n");
    assert!(!docker(&["image", "inspect", "--format", "{{.Id}}", &tag]).is_empty());
    let script = std::fs::read_to_string(stack.script("up")).unwrap();
    assert!(script.contains("--allow=network.host"), "{script}");
}

/// `privileged` is compose's `security.insecure` entitlement, which an
/// engine grants only when its daemon runs with
/// `--allow-insecure-entitlement security.insecure` (this one does not):
/// the build fails with docker's reason.
#[test]
fn privileged_asks_for_security_insecure() {
    let stack = crate::stack_or_skip!("bkpriv", "buildkit.toml");
    stack.own_tags([("e2e-buildkit-net:1", "net")]);
    stack.edit("entitlements = [\"network.host\"]", "privileged = true");
    stack.compile("up");
    let script = std::fs::read_to_string(stack.script("up")).unwrap();
    assert!(script.contains("--allow=security.insecure"), "{script}");
    // A daemon that grants it builds; this one refuses, and says which.
    let ran = up(&stack, &with_buildx());
    if !ran.status.success() {
        let failed = ran.exits(1);
        assert!(
            failed.stderr.contains("security.insecure"),
            "{}",
            failed.transcript()
        );
        assert!(stack.images().is_empty());
    }
}
