//! Snapshot tests over `fixtures/`: every valid stack through every backend
//! and action, every invalid stack's diagnostics. Each snapshot is one file
//! with a section per output; read it like code before accepting it.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::stackc;

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
    insta::glob!("../../fixtures", "valid/*.toml", |path| {
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
    insta::glob!("../../fixtures", "invalid/*.toml", |path| {
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

/// No snapshot waits for review, and every stored snapshot of a fixture
/// belongs to a fixture that still exists: a removed or renamed fixture
/// must take its snapshot with it.
#[test]
fn no_snapshot_is_orphaned() {
    let tests = crate::support::root().join("tests");
    for binary in std::fs::read_dir(&tests).unwrap() {
        let dir = binary.unwrap().path().join("snapshots");
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                !name.ends_with(".snap.new"),
                "unreviewed snapshot {name}: review it, then accept or delete it"
            );
            let Some(fixture) = fixture_of(&name) else {
                continue;
            };
            let path = crate::support::root().join("fixtures").join(&fixture);
            assert!(
                path.is_file(),
                "snapshot {name} has no fixture {}: delete it",
                path.display()
            );
        }
    }
}

/// The fixture a glob snapshot was taken of (`fixtures/` relative), if it
/// is one: `outputs__fixtures__valid_stacks@x.toml` is `valid/x.toml`,
/// `outputs__kube__snapshots@kube__x.toml` is `kube/x.toml`; other
/// snapshots (`None`) are named by their test.
fn fixture_of(snapshot: &str) -> Option<String> {
    let rest = snapshot.strip_suffix(".snap")?;
    let (test, file) = rest.split_once('@')?;
    Some(match test {
        "outputs__fixtures__valid_stacks" => format!("valid/{file}"),
        "outputs__fixtures__invalid_stacks" => format!("invalid/{file}"),
        "outputs__compose__compose_fixtures_snapshots" => format!("compose/{file}"),
        // tests/outputs/kube.rs globs two directories: `valid__minimal.toml`.
        "outputs__kube__snapshots" => file.replacen("__", "/", 1),
        _ => return None,
    })
}

/// Each crate lists its diagnostic codes once; no code means two things.
#[test]
fn diagnostic_codes_are_unique_across_crates() {
    fn texts<C: Copy + Into<&'static str>>(all: &[C]) -> Vec<&'static str> {
        all.iter().map(|&c| c.into()).collect()
    }
    let lists = [
        ("ir", texts(stackc_ir::diagnostic::Code::ALL)),
        ("frontend", texts(stackc_frontend::Code::ALL)),
        ("passes", texts(stackc_passes::Code::ALL)),
        ("import", texts(stackc_import::Code::ALL)),
        ("backends", texts(stackc_backends::diagnostics::Code::ALL)),
    ];
    let mut seen = std::collections::BTreeMap::new();
    for (krate, codes) in &lists {
        for code in codes {
            assert!(code.starts_with("stackc::"), "{krate}: {code}");
            if let Some(first) = seen.insert(*code, *krate) {
                panic!("`{code}` is declared by both {first} and {krate}");
            }
        }
    }
}

/// Network and volume options (`fixtures/engine/netopts.toml`): the
/// `docker network create` and `docker volume create` flags, the fixed
/// address and aliases on `docker create` and `docker network connect`,
/// compose's keys, and kube's refusal.
#[test]
fn network_options_in_every_output() {
    let fixture = crate::support::root().join("fixtures/engine/netopts.toml");
    let mut out = String::new();
    section(
        &mut out,
        "Argv up",
        &fixture,
        &["argv", "--format", "shell", "--project-dir", "/srv/stack"],
    );
    section(&mut out, "Compose", &fixture, &["compose"]);
    let output = stackc(&["-f", "netopts.toml", "kube"])
        .current_dir(fixture.parent().unwrap())
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "kube refuses it");
    out.push_str("## Kube (refused)\n\n");
    out.push_str(&String::from_utf8(output.stderr).unwrap());
    insta::assert_snapshot!(out);
}

/// Secrets and configs (`fixtures/engine/files.toml`, which the engine
/// tests run): the script's copy into the created container and its
/// checks, compose's `secrets:` and `configs:`, and the refusals of the
/// outputs that cannot carry a file's content (argv, kube), located.
#[test]
fn secrets_and_configs_in_every_output() {
    let fixture = crate::support::root().join("fixtures/engine/files.toml");
    let mut out = String::new();
    section(&mut out, "Bash up", &fixture, &["bash"]);
    section(&mut out, "Compose", &fixture, &["compose"]);
    for (title, args) in [("Argv up", &["argv"][..]), ("Kube", &["kube"][..])] {
        let output = stackc(&["-f", "files.toml"])
            .args(args)
            .current_dir(fixture.parent().unwrap())
            .env_clear()
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{title} refuses it");
        assert!(output.stdout.is_empty(), "{title}: nothing on stdout");
        writeln!(out, "## {title} (refused)\n").unwrap();
        out.push_str(&String::from_utf8(output.stderr).unwrap());
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}
