//! `stackc generate`: every file of the `[outputs]` table written at once,
//! or checked with `--check` (CI, pre-commit).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use support::{run_ok, stackc, stdout, tempdir, write};

const OUTPUTS: &str = r#"
[outputs]
"deploy/up.sh" = { target = "bash", action = "up" }
"deploy/down.sh" = { target = "bash", action = "down" }
"compose.yaml" = { target = "compose" }
"argv.txt" = { target = "argv", format = "shell" }
"stack.dot" = { target = "graph" }
"k8s.yaml" = { target = "kube" }
"#;

fn stack_with_outputs(name: &str) -> std::path::PathBuf {
    let dir = tempdir(name);
    let minimal =
        std::fs::read_to_string(support::root().join("fixtures/valid/minimal.toml")).unwrap();
    write(&dir, "stack.toml", &format!("{minimal}{OUTPUTS}"));
    dir
}

#[test]
fn generate_writes_every_output_as_the_single_commands_would() {
    let dir = stack_with_outputs("generate-writes");
    let stack = dir.join("stack.toml");
    let s = stack.to_str().unwrap();
    run_ok(&mut stackc(&["-f", s, "generate"]));
    // Each file equals what the single command writes to the same place.
    for (file, args) in [
        ("deploy/up.sh", vec!["bash"]),
        ("deploy/down.sh", vec!["bash", "--action", "down"]),
        ("compose.yaml", vec!["compose"]),
        ("argv.txt", vec!["argv", "--format", "shell"]),
        ("stack.dot", vec!["graph"]),
        ("k8s.yaml", vec!["kube"]),
    ] {
        let written = std::fs::read_to_string(dir.join(file)).unwrap();
        let single = dir.join("single.out");
        let mut cmd = stackc(&["-f", s]);
        cmd.args(&args);
        // The bash script resolves paths from its own place: write it beside.
        let target = if std::path::Path::new(file)
            .extension()
            .is_some_and(|e| e == "sh")
        {
            dir.join(file).with_extension("single")
        } else {
            single
        };
        cmd.args(["-o", target.to_str().unwrap()]);
        run_ok(&mut cmd);
        assert_eq!(written, std::fs::read_to_string(&target).unwrap(), "{file}");
    }
    // The script in deploy/ finds stack.toml's directory one level up.
    let up = std::fs::read_to_string(dir.join("deploy/up.sh")).unwrap();
    assert!(up.starts_with("#!/usr/bin/env bash\n"));
    run_ok(&mut stackc(&["-f", s, "generate", "--check"]));
}

#[test]
fn check_reports_every_stale_or_missing_file_and_writes_nothing() {
    let dir = stack_with_outputs("generate-check");
    let s = dir.join("stack.toml");
    let s = s.to_str().unwrap();
    let out = stackc(&["-f", s, "generate", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("deploy").exists(), "--check creates nothing");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("is missing").count(), 6, "{stderr}");

    run_ok(&mut stackc(&["-f", s, "generate"]));
    let compose = dir.join("compose.yaml");
    let text = std::fs::read_to_string(&compose).unwrap();
    std::fs::write(&compose, text.replace("sleep 3600", "sleep 60")).unwrap();
    let out = stackc(&["-f", s, "generate", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(diff.contains("--- "), "{diff}");
    assert!(
        diff.contains("-      - echo hello; sleep 60\n+      - echo hello; sleep 3600\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("up.sh"),
        "only the stale file is shown: {diff}"
    );
}

#[test]
fn invalid_outputs_are_diagnosed_and_nothing_is_written() {
    let dir = tempdir("generate-invalid");
    let minimal =
        std::fs::read_to_string(support::root().join("fixtures/valid/minimal.toml")).unwrap();
    write(
        &dir,
        "stack.toml",
        &format!(
            "{minimal}\n[outputs]\n\"a.sh\" = {{ target = \"bash\", action = \"launch\" }}\n\"b.yaml\" = {{ target = \"helm\" }}\n\"c.yaml\" = {{ target = \"compose\", format = \"json\" }}\n\"/abs.sh\" = {{ target = \"bash\" }}\n\"d.sh\" = {{ traget = \"bash\" }}\n"
        ),
    );
    let out = stackc(&["-f", dir.join("stack.toml").to_str().unwrap(), "generate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "invalid value `launch`",
        "invalid value `helm`",
        "does not apply to the target `compose`",
        "invalid value `/abs.sh`",
        "did you mean `target`?",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in\n{stderr}");
    }
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "only stack.toml: {files:?}");

    // A stack without [outputs]: a usage error that says how to add one.
    let out = stackc(&[
        "-f",
        support::root()
            .join("fixtures/valid/minimal.toml")
            .to_str()
            .unwrap(),
        "generate",
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[outputs]"));
}
