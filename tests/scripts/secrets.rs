//! Secrets sweep (issue 4): a secret parameter's value, present in stackc's
//! environment, appears in no output of any command, action and format —
//! `bash` (stdout and `-o`), the generated script's `--dry-run`, `argv`
//! (json, shell, nul), `compose`, `graph` (dot, mermaid) — nor on stderr;
//! and `--set SECRET=…` is refused (exit 2) without echoing the value.

use std::path::Path;

use crate::support::{Ran, Test, assert_nowhere, stack_in, write};

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

/// Neither the value nor its core is in `bytes`.
fn assert_clean(what: &str, bytes: &[u8], value: &str) {
    for secret in [value, CORE] {
        assert_nowhere(secret, &[(what, bytes)]);
    }
}

/// Neither the value nor its core is on the run's stdout or stderr.
fn assert_ran_clean(what: &str, ran: &Ran, value: &str) {
    assert_clean(what, ran.stdout.as_bytes(), value);
    assert_clean(&format!("{what} (stderr)"), ran.stderr.as_bytes(), value);
}

/// `test` run in `dir` with the secrets set to `value`; it must exit 0.
fn with_secrets(test: Test, dir: &Path, value: &str) -> Ran {
    test.dir(dir)
        .env("DB_PASSWORD", value)
        .env("API_TOKEN", format!("tok-{value}"))
        .ok()
}

/// stackc with the secrets (and nothing else) in its environment.
fn run(dir: &Path, value: &str, args: &[&str]) -> Ran {
    with_secrets(Test::new(args).env_clear(), dir, value)
}

#[test]
fn no_output_holds_a_secret() {
    for (n, value) in values().iter().enumerate() {
        let (dir, _) = stack_in(&format!("secrets-{n}"), STACK);
        write(&dir, "Dockerfile", "FROM busybox\n");
        for action in ACTIONS {
            // bash on stdout, and -o.
            let out = run(&dir, value, &["bash", "--action", action]);
            assert_ran_clean(&format!("bash --action {action}"), &out, value);
            let script = dir.join(format!("{action}.sh"));
            let out = run(
                &dir,
                value,
                &["bash", "--action", action, "-o", script.to_str().unwrap()],
            );
            assert_ran_clean(&format!("bash -o ({action})"), &out, value);
            assert_clean(
                &format!("bash -o {action}.sh"),
                &std::fs::read(&script).unwrap(),
                value,
            );
            // The generated script's --dry-run, with the secrets set.
            let args: &[&str] = if *action == "purge" {
                &["--dry-run", "--yes"]
            } else {
                &["--dry-run"]
            };
            let out = with_secrets(Test::bash(&script, args), &dir, value);
            assert_ran_clean(&format!("{action}.sh --dry-run"), &out, value);
            // argv in every framing.
            for format in ["json", "shell", "nul"] {
                let out = run(
                    &dir,
                    value,
                    &["argv", "--action", action, "--format", format],
                );
                assert_ran_clean(
                    &format!("argv --action {action} --format {format}"),
                    &out,
                    value,
                );
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
            assert_ran_clean(&format!("{args:?}"), &run(&dir, value, args), value);
        }
        assert_clean("compose -o", &std::fs::read(&compose).unwrap(), value);
        // The argv output names the secret's variable, never its value.
        let text = run(&dir, value, &["argv"]).stdout;
        assert!(text.contains("\"--env=DATABASE_URL\""), "{text}");
        assert!(text.contains("\"--env=AUTH\""), "{text}");
    }
}

/// `--set SECRET=…` is refused, whatever the command, without echoing the
/// value; a non-secret `--set` still works.
#[test]
fn set_refuses_a_secret() {
    let (dir, _) = stack_in("secrets-set", STACK);
    for value in values() {
        for name in ["DB_PASSWORD", "API_TOKEN"] {
            let out = Test::new(&["argv", "--set", &format!("{name}={value}")])
                .dir(&dir)
                .env_clear()
                .exits(2);
            let stderr = &out.stderr;
            assert!(out.stdout.is_empty());
            assert!(stderr.contains(&format!("--set {name}")), "{stderr}");
            assert!(stderr.contains("is a secret"), "{stderr}");
            assert_clean("--set (stderr)", stderr.as_bytes(), &value);
        }
    }
    let out = Test::new(&["argv", "--set", "TAG=2"])
        .dir(&dir)
        .env_clear()
        .ok();
    assert!(out.stdout.contains("app:2"));
}
