//! Secrets sweep (issue 4): a secret parameter's value, present in stackc's
//! environment, appears in no output of any command, action and format —
//! `bash` (stdout and `-o`), the generated script's `--dry-run`, `argv`
//! (json, shell, nul), `compose`, `graph` (dot, mermaid) — nor on stderr;
//! and `--set SECRET=…` is refused (exit 2) without echoing the value.

use std::path::Path;
use std::process::Command;

use crate::support::{stackc, tempdir, tool, write};

const ACTIONS: &[&str] = &[
    "up", "down", "create", "start", "stop", "restart", "pull", "build", "ps", "purge",
];

/// The secret's core: letters and digits only, so that no quoting or
/// escaping can split it; each value embeds it.
const CORE: &str = "Zq9SECRETcore4711";

/// A stack whose secrets reach composed environment values of a service,
/// a job and a built service, with a healthy dependency between them.
const STACK: &str = r#"[stack]
name = "secrets"

[params.DB_PASSWORD]
secret = true
description = "the database password"

[params.API_TOKEN]
secret = true

[params.TAG]
default = "1"

[services.db]
image = "postgres:16"
environment = { POSTGRES_PASSWORD = "${DB_PASSWORD}", PGDATA = "/data" }
healthcheck = { test = ["CMD", "pg_isready"], interval = "1s" }
volumes = ["data:/data"]

[services.migrate]
image = "app:${TAG}"
run = "once"
environment = { DATABASE_URL = "postgres://app:${DB_PASSWORD}@db/app?x=${TAG}" }
depends_on = { db = "healthy" }

[services.app]
build = { context = "." }
environment = { AUTH = "Bearer ${API_TOKEN}:${DB_PASSWORD}", LEVEL = "info" }
depends_on = { migrate = "completed", db = "healthy" }
ports = ["127.0.0.1:8000:8000"]

[volumes.data]
"#;

/// The secret values tried: a plain one, and one with every quoting hazard.
fn values() -> [String; 2] {
    [
        CORE.to_owned(),
        format!("a'b\"c$(touch x)`d`\\e\n{CORE}\t$HOME!*;"),
    ]
}

fn assert_clean(what: &str, bytes: &[u8], value: &str) {
    for needle in [value.as_bytes(), CORE.as_bytes()] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{what}: the secret is in the output:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// stackc with the secrets (and nothing else) in its environment.
fn run(dir: &Path, value: &str, args: &[&str]) -> std::process::Output {
    let out = stackc(args)
        .current_dir(dir)
        .env_clear()
        .env("DB_PASSWORD", value)
        .env("API_TOKEN", format!("tok-{value}"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?} exited {:?}:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn no_output_holds_a_secret() {
    let bash = tool("bash");
    for (n, value) in values().iter().enumerate() {
        let dir = tempdir(&format!("secrets-{n}"));
        write(&dir, "stack.toml", STACK);
        write(&dir, "Dockerfile", "FROM busybox\n");
        for action in ACTIONS {
            // bash on stdout, and -o.
            let out = run(&dir, value, &["bash", "--action", action]);
            assert_clean(&format!("bash --action {action}"), &out.stdout, value);
            assert_clean(
                &format!("bash --action {action} (stderr)"),
                &out.stderr,
                value,
            );
            let script = dir.join(format!("{action}.sh"));
            let out = run(
                &dir,
                value,
                &["bash", "--action", action, "-o", script.to_str().unwrap()],
            );
            assert_clean(&format!("bash -o ({action}, stderr)"), &out.stderr, value);
            assert_clean(
                &format!("bash -o {action}.sh"),
                &std::fs::read(&script).unwrap(),
                value,
            );
            // The generated script's --dry-run, with the secrets set.
            let mut dry = Command::new(&bash);
            dry.arg(&script).arg("--dry-run");
            if *action == "purge" {
                dry.arg("--yes");
            }
            let out = dry
                .current_dir(&dir)
                .env("DB_PASSWORD", value)
                .env("API_TOKEN", format!("tok-{value}"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{action}.sh --dry-run exited {:?}:\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_clean(&format!("{action}.sh --dry-run"), &out.stdout, value);
            assert_clean(
                &format!("{action}.sh --dry-run (stderr)"),
                &out.stderr,
                value,
            );
            // argv in every framing.
            for format in ["json", "shell", "nul"] {
                let out = run(
                    &dir,
                    value,
                    &["argv", "--action", action, "--format", format],
                );
                let what = format!("argv --action {action} --format {format}");
                assert_clean(&what, &out.stdout, value);
                assert_clean(&format!("{what} (stderr)"), &out.stderr, value);
            }
        }
        let compose = dir.join("compose.yaml");
        for args in [
            &["compose"][..],
            &["compose", "-o", compose.to_str().unwrap()],
            &["graph", "--format", "dot"],
            &["graph", "--format", "mermaid"],
            &["check"],
        ] {
            let out = run(&dir, value, args);
            assert_clean(&format!("{args:?}"), &out.stdout, value);
            assert_clean(&format!("{args:?} (stderr)"), &out.stderr, value);
        }
        assert_clean("compose -o", &std::fs::read(&compose).unwrap(), value);
        // The argv output names the secret's variable, never its value.
        let out = run(&dir, value, &["argv"]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("\"--env=DATABASE_URL\""), "{text}");
        assert!(text.contains("\"--env=AUTH\""), "{text}");
    }
}

/// `--set SECRET=…` is refused, whatever the command, without echoing the
/// value; a non-secret `--set` still works.
#[test]
fn set_refuses_a_secret() {
    let dir = tempdir("secrets-set");
    write(&dir, "stack.toml", STACK);
    for value in values() {
        for name in ["DB_PASSWORD", "API_TOKEN"] {
            let out = stackc(&["argv", "--set", &format!("{name}={value}")])
                .current_dir(&dir)
                .env_clear()
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            assert!(out.stdout.is_empty());
            assert!(stderr.contains(&format!("--set {name}")), "{stderr}");
            assert!(stderr.contains("is a secret"), "{stderr}");
            assert_clean("--set (stderr)", &out.stderr, &value);
        }
    }
    let out = stackc(&["argv", "--set", "TAG=2"])
        .current_dir(&dir)
        .env_clear()
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("app:2"));
}
