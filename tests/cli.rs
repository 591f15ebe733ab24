//! The command line as a user meets it: exit codes, `-o`, `--check`,
//! errors that write nothing, the argv formats.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use support::{parse_nul, run_ok, stackc, stdout, tempdir, tool, write};

fn webapp() -> String {
    support::root()
        .join("fixtures/valid/webapp.toml")
        .display()
        .to_string()
}

#[test]
fn check_accepts_a_valid_stack() {
    let out = run_ok(&mut stackc(&["-f", &webapp(), "check"]));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ok (4 services"));
}

#[test]
fn default_stack_file_is_stack_toml_in_the_current_directory() {
    let dir = tempdir("cli-default");
    write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"d\"\n[services.a]\nimage = \"busybox\"\n",
    );
    run_ok(stackc(&["check"]).current_dir(&dir));
}

#[test]
fn output_is_written_atomically_and_only_when_valid() {
    let dir = tempdir("cli-output");
    let up = dir.join("up.sh");
    run_ok(&mut stackc(&[
        "-f",
        &webapp(),
        "bash",
        "-o",
        up.to_str().unwrap(),
    ]));
    let script = std::fs::read_to_string(&up).unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    assert!(script.contains("\nset -euo pipefail\n"));
    assert_eq!(
        std::fs::metadata(&up).unwrap().permissions().mode() & 0o111,
        0o111,
        "the script is executable"
    );

    // An invalid stack exits 1 and leaves the existing output untouched.
    let bad = write(
        &dir,
        "bad.toml",
        "[stack]\nname = \"x\"\n[services.a]\nimage = \"busybox\"\ndepends_on = [\"b\"]\n",
    );
    let out = stackc(&[
        "-f",
        bad.to_str().unwrap(),
        "bash",
        "-o",
        up.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&up).unwrap(),
        script,
        "the old up.sh is intact"
    );
    let fresh = dir.join("never.sh");
    let out = stackc(&[
        "-f",
        bad.to_str().unwrap(),
        "bash",
        "-o",
        fresh.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !fresh.exists(),
        "no output file is created for an invalid stack"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().ends_with(".tmp")),
        "{leftovers:?}"
    );
}

#[test]
fn check_flag_reports_stale_outputs_with_a_diff() {
    let dir = tempdir("cli-check");
    let up = dir.join("up.sh");
    let up_str = up.to_str().unwrap();
    // Missing: stale.
    let out = stackc(&["-f", &webapp(), "bash", "-o", up_str, "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!up.exists(), "--check writes nothing");
    // Fresh: ok.
    run_ok(&mut stackc(&["-f", &webapp(), "bash", "-o", up_str]));
    run_ok(&mut stackc(&[
        "-f",
        &webapp(),
        "bash",
        "-o",
        up_str,
        "--check",
    ]));
    // Edited by hand: stale, with a unified diff naming the changed line.
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, text.replace("set -euo pipefail", "set -eu")).unwrap();
    let out = stackc(&["-f", &webapp(), "bash", "-o", up_str, "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(diff.contains("-set -eu\n+set -euo pipefail\n"), "{diff}");
    assert!(diff.contains("@@"), "{diff}");
    // --check needs -o.
    let out = stackc(&["-f", &webapp(), "bash", "--check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempdir("cli-io");
    let missing = dir.join("nope.toml");
    let out = stackc(&["-f", missing.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    let out = stackc(&["-f", dir.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    let out = stackc(&["-f", &webapp(), "argv", "--set", "NOPE=1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("declares no parameter `NOPE`"));
    let out = stackc(&["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn argv_formats_decode_to_the_same_commands() {
    let args = ["-f", &webapp(), "argv", "--set", "APP_TAG=it's \"2\" $x"];
    let json = stdout(&run_ok(stackc(&args).args(["--format", "json"])));
    let from_json: Vec<Vec<String>> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(from_json.iter().all(|c| c[0] == "docker"));
    assert!(
        from_json
            .iter()
            .flatten()
            .any(|a| a == "registry.example.com/app:it's \"2\" $x")
    );

    let nul = run_ok(stackc(&args).args(["--format", "nul"])).stdout;
    assert_eq!(parse_nul(&nul), from_json);

    // bash reads the shell format back as the same argv.
    let shell = stdout(&run_ok(stackc(&args).args(["--format", "shell"])));
    let script = format!("docker() {{ printf '%s\\0' \"$(($# + 1))\" docker \"$@\"; }}\n{shell}");
    let out = run_ok(Command::new(tool("bash")).args(["-c", &script]));
    assert_eq!(parse_nul(&out.stdout), from_json);

    // A secret never appears; its variable is passed by name.
    assert!(
        from_json
            .iter()
            .flatten()
            .any(|a| a == "--env=DATABASE_URL")
    );
    assert!(!json.contains("DB_PASSWORD"));
}

#[test]
fn argv_needs_a_value_for_required_parameters() {
    let dir = tempdir("cli-required");
    let stack = write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"r\"\n[params.TAG]\n[services.a]\nimage = \"app:${TAG}\"\n",
    );
    let out = stackc(&["-f", stack.to_str().unwrap(), "argv"])
        .env_remove("TAG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--set TAG=VALUE"));
    let out = run_ok(stackc(&["-f", stack.to_str().unwrap(), "argv"]).env("TAG", "from-env"));
    assert!(stdout(&out).contains("app:from-env"));
    let out = run_ok(
        stackc(&[
            "-f",
            stack.to_str().unwrap(),
            "argv",
            "--set",
            "TAG=from-set",
        ])
        .env("TAG", "from-env"),
    );
    assert!(stdout(&out).contains("app:from-set"));
}

#[test]
fn graph_renders_with_graphviz() {
    let dot = run_ok(&mut stackc(&["-f", &webapp(), "graph"])).stdout;
    let mut child = Command::new(tool("dot"))
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&dot).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    let mermaid = stdout(&run_ok(&mut stackc(&[
        "-f",
        &webapp(),
        "graph",
        "--format",
        "mermaid",
    ])));
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("-->|healthy|"));
}

#[test]
fn completions_load_in_bash_and_name_every_subcommand() {
    let bash = stdout(&run_ok(&mut stackc(&["completions", "bash"])));
    let out =
        run_ok(Command::new(tool("bash")).args(["-c", &format!("{bash}\ncomplete -p stackc")]));
    assert!(
        stdout(&out).contains("_stackc"),
        "bash registers the completion"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&run_ok(&mut stackc(&["completions", shell])));
        for sub in ["check", "bash", "argv", "compose", "graph"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let out = stackc(&["completions", "powershell-7"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_and_every_help_show_examples() {
    let man = stdout(&run_ok(&mut stackc(&["man"])));
    assert!(man.contains(".TH stackc 1"), "{man}");
    assert!(man.contains("Compile a stack.toml"));
    for sub in [
        "check",
        "bash",
        "argv",
        "compose",
        "graph",
        "completions",
        "man",
    ] {
        let help = stdout(&run_ok(&mut stackc(&[sub, "--help"])));
        assert!(
            help.contains("Example"),
            "`stackc {sub} --help` shows no example:\n{help}"
        );
    }
}

/// The graph shown in README.md is the bundled example's current graph
/// (regenerate with `stackc -f fixtures/valid/webapp.toml graph -o
/// docs/webapp.dot && dot -Tsvg docs/webapp.dot -o docs/webapp.svg`).
#[test]
fn readme_graph_is_current() {
    let dot = stdout(&run_ok(&mut stackc(&["-f", &webapp(), "graph"])));
    let committed = std::fs::read_to_string(support::root().join("docs/webapp.dot")).unwrap();
    assert_eq!(dot, committed, "docs/webapp.dot is stale");
    let svg = std::fs::read_to_string(support::root().join("docs/webapp.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("network back"),
        "docs/webapp.svg is the rendered graph"
    );
}

#[test]
fn argv_refuses_a_parameter_value_outside_its_choices() {
    let out = stackc(&["-f", &webapp(), "argv", "--set", "LOG_LEVEL=loud"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("parameter `LOG_LEVEL`: `loud` is not one of its choices"),
        "{stderr}"
    );
    assert!(stderr.contains("`debug`, `info`, `warn`"), "{stderr}");
    run_ok(&mut stackc(&[
        "-f",
        &webapp(),
        "argv",
        "--set",
        "LOG_LEVEL=warn",
    ]));
}

#[test]
fn argv_refuses_backup_and_restore() {
    for action in ["backup", "restore"] {
        let out = stackc(&["-f", &webapp(), "argv", "--action", action])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{action}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("stackc bash --action backup"));
    }
}
