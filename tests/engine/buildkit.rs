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

/// `sha256sum`'s line for `text` named `name`.
fn sha256_line(text: &str, name: &str) -> String {
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let sum = String::from_utf8(out.stdout).unwrap();
    format!("{}  {name}", sum.split(' ').next().unwrap())
}

/// A file secret and a secret parameter reach the build's `RUN
/// --mount=type=secret` steps, and nothing of them is left in the script,
/// the image's history or metadata, the container or the output; a changed
/// secret rebuilds nothing (as compose: BuildKit's cache does not read it
/// either); without buildx the script stops before any change.
#[test]
fn build_secrets_reach_the_build_and_nothing_else() {
    let stack = crate::stack_or_skip!("bksecret", "buildsecrets.toml");
    let [tag] = stack.own_tags([("e2e-bksecret-app:1", "app")]);
    stack.compile("up");
    let unique = format!("{}-{:?}", std::process::id(), std::time::SystemTime::now());
    let file_secret = format!("file secret {unique}\n");
    let token = format!("token value {unique}");
    std::fs::write(stack.dir.join("secret.txt"), &file_secret).unwrap();
    let run = |config: &str, token: &str| {
        stack.run(
            "up",
            &[],
            &[("DOCKER_CONFIG", config), ("TOKEN", token)],
            Duration::from_secs(180),
        )
    };

    let none = without_buildx();
    let refused = run(&none.display().to_string(), &token).exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.build.secrets needs BuildKit"),
        "{}",
        refused.transcript()
    );
    assert!(stack.observe().is_empty(), "{}", refused.transcript());

    let buildx = with_buildx();
    let built = run(&buildx, &token).ok();
    assert!(built.stdout.contains(": built"), "{}", built.transcript());
    let id = stack.container_ids()[&stack.container("app")].clone();
    assert_eq!(
        exec(&id, &["cat", "/sums"]),
        format!(
            "{}\n{}\n",
            sha256_line(&file_secret, "file_secret"),
            sha256_line(&token, "tok")
        )
    );
    assert_eq!(
        exec(&id, &["cat", "/lengths"]),
        format!("{}\n{}\n", file_secret.len(), token.len())
    );

    // Nowhere else.
    let places = [
        (
            "up.sh",
            std::fs::read_to_string(stack.script("up")).unwrap(),
        ),
        ("the run", built.transcript()),
        ("docker history", docker(&["history", "--no-trunc", &tag])),
        ("docker image inspect", docker(&["image", "inspect", &tag])),
        ("docker inspect", docker(&["inspect", &id])),
    ];
    for (place, text) in &places {
        for secret in [file_secret.trim_end(), token.as_str()] {
            assert!(!text.contains(secret), "{place} holds a secret:\n{text}");
        }
    }

    // A changed secret keeps the image and the container.
    let again = run(&buildx, "another token").ok();
    assert!(
        !again.stdout.contains(": built") && !again.stdout.contains("recreate"),
        "{}",
        again.transcript()
    );

    // A missing secret file: stopped before any change.
    std::fs::remove_file(stack.dir.join("secret.txt")).unwrap();
    let missing = run(&buildx, &token).exits(1);
    assert!(
        missing.stderr.contains("secrets.file_secret"),
        "{}",
        missing.transcript()
    );
}

/// `build.platforms`: one engine's image store keeps one platform of an
/// image. Of two or more the engine builds its own, and the script stops
/// before any change when the list leaves it out; one is given as
/// `--platform`. No BuildKit needed: the machine's default builder runs it.
#[test]
fn build_platforms_build_the_engines_own_or_stop_early() {
    let stack = crate::stack_or_skip!("bkplat", "buildkit.toml");
    let [tag] = stack.own_tags([("e2e-buildkit-net:1", "net")]);
    let native = docker(&["version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"]);
    let native = native.trim();
    let others: Vec<&str> = ["linux/riscv64", "linux/s390x", "linux/ppc64le"]
        .into_iter()
        .filter(|p| *p != native)
        .take(2)
        .collect();
    let entitlements = "entitlements = [\"network.host\"]";
    let run = || stack.run("up", &[], &[], Duration::from_secs(180));

    stack.edit(
        entitlements,
        &format!("platforms = [\"{}\", \"{}\"]", others[0], others[1]),
    );
    stack.compile("up");
    let refused = run().exits(1);
    assert!(
        refused
            .stderr
            .contains("services.net.build.platforms lists")
            && refused.stderr.contains(native),
        "{}",
        refused.transcript()
    );
    assert!(stack.observe().is_empty(), "{}", refused.transcript());

    let two = format!("platforms = [\"{}\", \"{native}\"]", others[0]);
    stack.edit(
        &format!("platforms = [\"{}\", \"{}\"]", others[0], others[1]),
        &two,
    );
    stack.compile("up");
    let built = run().ok();
    assert!(built.stdout.contains(": built"), "{}", built.transcript());
    let arch = |tag: &str| {
        docker(&[
            "image",
            "inspect",
            "--format",
            "{{.Os}}/{{.Architecture}}",
            tag,
        ])
    };
    assert_eq!(arch(&tag).trim(), native);

    // One platform: `--platform`, a build input (a new list builds again).
    stack.edit(&two, &format!("platforms = [\"{native}\"]"));
    stack.compile("up");
    let script = std::fs::read_to_string(stack.script("up")).unwrap();
    assert!(script.contains(&format!("--platform={native}")), "{script}");
    let again = run().ok();
    assert!(again.stdout.contains(": built"), "{}", again.transcript());
    assert_eq!(arch(&tag).trim(), native);
}

/// An `ssh-agent` on a socket of its own, stopped on drop.
struct Agent {
    child: std::process::Child,
    socket: PathBuf,
}

impl Agent {
    fn start(dir: &std::path::Path) -> Self {
        let socket = dir.join("agent.sock");
        let child = std::process::Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("ssh-agent (Debian's openssh-client) is needed: run `bash scripts/tools.sh`");
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            socket.exists(),
            "ssh-agent did not listen at {}",
            socket.display()
        );
        Self { child, socket }
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `build.ssh`: the agent of `$SSH_AUTH_SOCK` (`default`) and a key file
/// (`deploy=PATH`) reach the `RUN --mount=type=ssh` steps, and the key is
/// in nothing the build leaves; without an agent the script stops before
/// any change.
#[test]
fn build_ssh_gives_the_agent_and_keys_to_the_build_only() {
    let stack = crate::stack_or_skip!("bkssh", "buildssh.toml");
    let [tag] = stack.own_tags([("e2e-bkssh-app:1", "app")]);
    stack.compile("up");
    let key = stack.dir.join("deploy_key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "stackc-test", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen (Debian's openssh-client) is needed: run `bash scripts/tools.sh`");
    assert!(made.success());
    let private = std::fs::read_to_string(&key).unwrap();
    let buildx = with_buildx();

    // No agent: stopped before anything changed, naming the key.
    let refused = stack
        .run(
            "up",
            &[],
            &[("DOCKER_CONFIG", &buildx), ("SSH_AUTH_SOCK", "")],
            Duration::from_secs(180),
        )
        .exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.build.ssh gives the build the SSH agent"),
        "{}",
        refused.transcript()
    );
    assert!(stack.observe().is_empty(), "{}", refused.transcript());

    let agent = Agent::start(&stack.dir);
    let socket = agent.socket.display().to_string();
    let built = stack
        .run(
            "up",
            &[],
            &[("DOCKER_CONFIG", &buildx), ("SSH_AUTH_SOCK", &socket)],
            Duration::from_secs(180),
        )
        .ok();
    assert!(built.stdout.contains(": built"), "{}", built.transcript());
    let id = stack.container_ids()[&stack.container("app")].clone();
    assert_eq!(exec(&id, &["cat", "/default"]), "agent\n");
    assert_eq!(exec(&id, &["cat", "/deploy"]), "key\n");
    let script = std::fs::read_to_string(stack.script("up")).unwrap();
    assert!(script.contains("--ssh=default"), "{script}");
    let body = private
        .lines()
        .find(|line| !line.starts_with("-----"))
        .unwrap()
        .to_owned();
    for (place, text) in [
        ("the run", built.transcript()),
        ("docker history", docker(&["history", "--no-trunc", &tag])),
        ("docker image inspect", docker(&["image", "inspect", &tag])),
        ("docker inspect", docker(&["inspect", &id])),
    ] {
        assert!(
            !text.contains(&body),
            "{place} holds the private key:\n{text}"
        );
    }
    drop(agent);
}
