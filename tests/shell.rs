//! Every generated script parses (`bash -n`) and is clean under shellcheck,
//! at every severity.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use std::process::Command;

use support::{run_ok, stackc, tempdir, tool};

const ACTIONS: [&str; 12] = [
    "up", "down", "create", "start", "stop", "restart", "pull", "build", "ps", "purge", "backup",
    "restore",
];

#[test]
fn generated_scripts_pass_bash_n_and_shellcheck() {
    let bash = tool("bash");
    let shellcheck = tool("shellcheck");
    let dir = tempdir("shell");
    for fixture in support::fixtures("valid") {
        for action in ACTIONS {
            let name = fixture.file_stem().unwrap().to_str().unwrap();
            let script = dir.join(format!("{name}-{action}.sh"));
            run_ok(&mut stackc(&[
                "-f",
                fixture.to_str().unwrap(),
                "bash",
                "--action",
                action,
                "-o",
                script.to_str().unwrap(),
            ]));
            let out = Command::new(&bash).arg("-n").arg(&script).output().unwrap();
            assert!(
                out.status.success(),
                "bash -n {}: {}",
                script.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let out = Command::new(&shellcheck)
                .args(["--severity=style", "--external-sources"])
                .arg(&script)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "shellcheck {}:\n{}",
                script.display(),
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}

#[test]
fn help_lists_the_parameters_and_exits_0() {
    let dir = tempdir("shell-help");
    let fixture = support::root().join("fixtures/valid/webapp.toml");
    let script = dir.join("up.sh");
    run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "bash",
        "-o",
        script.to_str().unwrap(),
    ]));
    let out = run_ok(
        Command::new(tool("bash"))
            .arg(&script)
            .arg("--help")
            .env_clear(),
    );
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.starts_with("Usage: up.sh [--dry-run | --plan [--format text|json]] [--help]"),
        "{help}"
    );
    assert!(
        help.contains("DB_PASSWORD  password of the database user (secret, required)"),
        "{help}"
    );
    assert!(
        help.contains("APP_TAG  version of the app image (default: 1.4.2)"),
        "{help}"
    );

    // A missing secret stops the script before it touches docker, naming it.
    let out = Command::new(tool("bash"))
        .arg(&script)
        .env_clear()
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("the secret parameter DB_PASSWORD is required"),
        "{stderr}"
    );

    // An unknown argument is a usage error.
    let out = Command::new(tool("bash"))
        .arg(&script)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Parameters: `--param` beats the environment, which beats `.env` beside
/// the script, which beats the default; a value outside `choices` stops the
/// script before it touches docker; a secret is refused on the command line.
#[test]
fn parameters_come_from_param_then_environment_then_dotenv_then_default() {
    let dir = tempdir("shell-params");
    let fixture = support::root().join("fixtures/valid/webapp.toml");
    let script = dir.join("up.sh");
    run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "bash",
        "-o",
        script.to_str().unwrap(),
    ]));
    let dry = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(tool("bash"));
        cmd.arg(&script)
            .arg("--dry-run")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap());
        cmd.envs(env.iter().copied());
        cmd.output().unwrap()
    };
    let level = |out: &std::process::Output| {
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.split_whitespace()
            .find_map(|w| w.strip_prefix("--env=LOG_LEVEL="))
            .map(str::to_owned)
    };
    // The default.
    assert_eq!(level(&dry(&[], &[])).as_deref(), Some("info"));
    // .env beside the script (quotes removed, comments ignored).
    std::fs::write(
        dir.join(".env"),
        "# levels\nexport LOG_LEVEL=\"debug\"\nUNRELATED=1\n",
    )
    .unwrap();
    assert_eq!(level(&dry(&[], &[])).as_deref(), Some("debug"));
    // The environment beats .env.
    assert_eq!(
        level(&dry(&[("LOG_LEVEL", "warn")], &[])).as_deref(),
        Some("warn")
    );
    // --param beats the environment.
    assert_eq!(
        level(&dry(
            &[("LOG_LEVEL", "warn")],
            &["--param", "LOG_LEVEL=info"]
        ))
        .as_deref(),
        Some("info")
    );
    // A value outside the choices stops the script, naming the choices.
    let out = dry(&[], &["--param=LOG_LEVEL=loud"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("parameter LOG_LEVEL: 'loud' is not one of its choices (debug, info, warn)"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing was printed before the check"
    );
    // Unknown parameters and secrets are refused on the command line.
    assert_eq!(dry(&[], &["--param", "NOPE=1"]).status.code(), Some(2));
    let out = dry(&[], &["--param", "DB_PASSWORD=x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("=x"),
        "the value is not echoed"
    );
    // The secret from .env reaches docker's environment, never its argv.
    std::fs::write(dir.join(".env"), "DB_PASSWORD='s3cr3t value'\n").unwrap();
    let out = dry(&[], &[]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
}

#[test]
fn run_script_passes_shellcheck() {
    let dir = tempdir("shell-run");
    let fixture = support::root().join("fixtures/valid/webapp.toml");
    for service in ["migrate", "app", "db"] {
        let script = dir.join(format!("run-{service}.sh"));
        run_ok(&mut stackc(&[
            "-f",
            fixture.to_str().unwrap(),
            "bash",
            "--action",
            "run",
            "--service",
            service,
            "-o",
            script.to_str().unwrap(),
        ]));
        let out = Command::new(tool("shellcheck"))
            .args(["--severity=style"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Run under another shell (`sh up.sh`, dash, busybox's ash) or in bash's
/// POSIX mode, the script says what it needs before anything else, in
/// words any sh can read, and exits 2; run by bash in POSIX mode it turns
/// that mode off and works.
#[test]
fn another_shell_is_told_that_the_script_needs_bash() {
    let dir = tempdir("shell-other");
    let fixture = support::root().join("fixtures/valid/webapp.toml");
    let script = dir.join("up.sh");
    run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "bash",
        "-o",
        script.to_str().unwrap(),
    ]));
    for shell in [vec![tool("dash")], vec![tool("busybox"), "sh".into()]] {
        let out = Command::new(&shell[0])
            .args(&shell[1..])
            .arg(&script)
            .arg("--help")
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{shell:?}: {stderr}");
        assert!(
            stderr.starts_with("up.sh: this script needs bash 4.3 or later (this shell: not bash); run it as ./up.sh or with: bash up.sh"),
            "{shell:?}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // bash in POSIX mode (as `sh` when sh is bash, or with POSIXLY_CORRECT).
    let out = Command::new(tool("bash"))
        .args(["--posix"])
        .arg(&script)
        .arg("--help")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(tool("bash"))
        .arg(&script)
        .arg("--dry-run")
        .env("POSIXLY_CORRECT", "1")
        .env("DB_PASSWORD", "x")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
