//! Snapshot tests over `fixtures/`: every valid stack through every backend
//! and action, every invalid stack's diagnostics. Each snapshot is one file
//! with a section per output; read it like code before accepting it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use std::fmt::Write as _;
use std::path::Path;

use support::stackc;

/// Run stackc on a fixture with an empty environment (so no parameter is
/// taken from the test's environment) and render the outcome.
fn section(out: &mut String, title: &str, fixture: &Path, args: &[&str]) {
    let mut cmd = stackc(&["-f", fixture.to_str().unwrap()]);
    cmd.args(args).env_clear();
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "{title}: stackc {args:?} failed on {}:\n{stderr}",
        fixture.display()
    );
    writeln!(out, "## {title}\n").unwrap();
    out.push_str(&stdout);
    if !stdout.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
}

#[test]
fn valid_stacks() {
    insta::glob!("../fixtures", "valid/*.toml", |path| {
        let mut out = String::new();
        section(&mut out, "Bash up", path, &["bash"]);
        section(&mut out, "Bash down", path, &["bash", "--action", "down"]);
        section(
            &mut out,
            "Argv up",
            path,
            &["argv", "--project-dir", "/srv/stack"],
        );
        section(
            &mut out,
            "Argv down",
            path,
            &["argv", "--action", "down", "--project-dir", "/srv/stack"],
        );
        section(&mut out, "Compose", path, &["compose"]);
        section(&mut out, "Graph", path, &["graph"]);
        insta::assert_snapshot!(out);
    });
}

#[test]
fn invalid_stacks() {
    insta::glob!("../fixtures", "invalid/*.toml", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        // Run from the fixture's directory so the file name in the report is stable.
        let output = stackc(&["-f", name, "check"])
            .current_dir(path.parent().unwrap())
            .env_clear()
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: an invalid stack exits 1"
        );
        assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("[{name}:")),
            "{name}: the report names the file, line and column:\n{stderr}"
        );
        assert!(
            stderr.contains("help:"),
            "{name}: every report says how to fix it:\n{stderr}"
        );
        insta::assert_snapshot!(stderr);
    });
}

/// Every stored snapshot belongs to a fixture that still exists: a removed
/// or renamed fixture must take its snapshot with it.
#[test]
fn no_snapshot_is_orphaned() {
    let dir = support::root().join("tests/snapshots");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            !name.ends_with(".snap.new"),
            "unreviewed snapshot {name}: review it, then accept or delete it"
        );
        let Some((binary_and_test, fixture)) = name.trim_end_matches(".snap").split_once('@')
        else {
            continue;
        };
        let path = match binary_and_test {
            "fixtures__valid_stacks" => format!("valid/{fixture}"),
            "fixtures__invalid_stacks" => format!("invalid/{fixture}"),
            "compose__compose_fixtures_snapshots" => format!("compose/{fixture}"),
            // tests/kube.rs globs two directories: `valid__minimal.toml`.
            "kube__snapshots" => fixture.replacen("__", "/", 1),
            other => panic!("snapshot {name} of an unknown test {other}"),
        };
        let path = support::root().join("fixtures").join(path);
        assert!(
            path.is_file(),
            "snapshot {name} has no fixture {}: delete it",
            path.display()
        );
    }
}
