//! `stackc generate`: every file of the `[outputs]` table written at once,
//! or checked with `--check` (CI, pre-commit).

use std::path::{Path, PathBuf};

use crate::support::{Test, stack_in, tempdir, write};

const OUTPUTS: &str = r#""deploy/up.sh" = { target = "bash", action = "up" }
"deploy/down.sh" = { target = "bash", action = "down" }
"compose.yaml" = { target = "compose" }
"argv.txt" = { target = "argv", format = "shell" }
"stack.dot" = { target = "graph" }
"k8s.yaml" = { target = "kube" }
"#;

fn minimal() -> PathBuf {
    crate::support::root().join("fixtures/valid/minimal.toml")
}

/// A fresh directory `name` with fixtures/valid/minimal.toml and these
/// `[outputs]` as its stack.toml: the directory and the stack file.
fn minimal_with(name: &str, outputs: &str) -> (PathBuf, PathBuf) {
    let minimal = std::fs::read_to_string(minimal()).unwrap();
    stack_in(name, &format!("{minimal}\n[outputs]\n{outputs}"))
}

/// A fresh directory with the minimal stack and [`OUTPUTS`].
fn stack_with_outputs(name: &str) -> PathBuf {
    minimal_with(name, OUTPUTS).0
}

#[test]
fn generate_writes_every_output_as_the_single_commands_would() {
    let dir = stack_with_outputs("generate-writes");
    let stack = dir.join("stack.toml");
    Test::new(&["generate"]).file(&stack).ok();
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
        // The bash script resolves paths from its own place: write it beside.
        let target = if Path::new(file).extension().is_some_and(|e| e == "sh") {
            dir.join(file).with_extension("single")
        } else {
            dir.join("single.out")
        };
        Test::new(&args).file(&stack).out(&target).ok();
        assert_eq!(written, std::fs::read_to_string(&target).unwrap(), "{file}");
    }
    // The script in deploy/ finds stack.toml's directory one level up.
    let up = std::fs::read_to_string(dir.join("deploy/up.sh")).unwrap();
    assert!(up.starts_with("#!/usr/bin/env bash\n"));
    Test::new(&["generate", "--check"]).file(&stack).ok();
}

#[test]
fn check_reports_every_stale_or_missing_file_and_writes_nothing() {
    let dir = stack_with_outputs("generate-check");
    let generate = |args: &[&str]| {
        Test::new(&["generate"])
            .file(&dir.join("stack.toml"))
            .args(args)
    };
    let stderr = generate(&["--check"]).exits(1).stderr;
    assert!(!dir.join("deploy").exists(), "--check creates nothing");
    assert_eq!(stderr.matches("is missing").count(), 6, "{stderr}");

    generate(&[]).ok();
    let compose = dir.join("compose.yaml");
    let text = std::fs::read_to_string(&compose).unwrap();
    std::fs::write(&compose, text.replace("sleep 3600", "sleep 60")).unwrap();
    let diff = generate(&["--check"]).exits(1).stdout;
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
    let (dir, stack) = minimal_with(
        "generate-invalid",
        "\"a.sh\" = { target = \"bash\", action = \"launch\" }\n\"b.yaml\" = { target = \"helm\" }\n\"c.yaml\" = { target = \"compose\", format = \"json\" }\n\"/abs.sh\" = { target = \"bash\" }\n\"d.sh\" = { traget = \"bash\" }\n",
    );
    let stderr = Test::new(&["generate"]).file(&stack).exits(1).stderr;
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
    let out = Test::new(&["generate"]).file(&minimal()).exits(2);
    assert!(out.stderr.contains("[outputs]"));
}

/// What `[outputs]` may name: a new or generated file inside the directory
/// of stack.toml. Leaving it (by `..` or through a symlink), replacing an
/// input of the stack or naming one file twice is a located error, and
/// nothing is written or read outside.
#[test]
fn outputs_stay_inside_and_never_replace_an_input() {
    let dir = tempdir("generate-inside");
    let outside = tempdir("generate-outside");
    write(&outside, "secret.txt", "do not print me\n");
    std::os::unix::fs::symlink(&outside, dir.join("link")).unwrap();
    write(&dir, "app.env", "A=1\n");
    std::fs::create_dir_all(dir.join("app")).unwrap();
    write(&dir.join("app"), "Dockerfile", "FROM scratch\n");
    let stack = "[stack]\nname = \"inside\"\n\n[services.web]\nimage = \"busybox:stable\"\nenv_file = \"app.env\"\n\n[services.built]\nbuild = \"./app\"\n";
    let cases: &[(&str, &str)] = &[
        (
            "\"../escape.sh\" = { target = \"bash\" }",
            "invalid value `../escape.sh`",
        ),
        (
            "\"a/../../x.sh\" = { target = \"bash\" }",
            "invalid value `a/../../x.sh`",
        ),
        (
            "\"link/secret.txt\" = { target = \"graph\" }",
            "leads outside the directory of stack.toml",
        ),
        (
            "\"stack.toml\" = { target = \"graph\" }",
            "is an input of the stack",
        ),
        (
            "\"app.env\" = { target = \"graph\" }",
            "is an input of the stack",
        ),
        (
            "\"app/Dockerfile\" = { target = \"graph\" }",
            "is an input of the stack",
        ),
        ("\"app\" = { target = \"graph\" }", "is a directory"),
        (
            "\"a.sh\" = { target = \"bash\" }\n\"./a.sh\" = { target = \"graph\" }",
            "duplicate output file `a.sh`",
        ),
    ];
    for (outputs, message) in cases {
        let text = format!("{stack}\n[outputs]\n{outputs}\n");
        let file = write(&dir, "stack.toml", &text);
        for args in [&[][..], &["--check"]] {
            let out = Test::new(&["generate"]).file(&file).args(args).exits(1);
            let stderr = &out.stderr;
            assert!(stderr.contains(message), "{outputs}: {stderr}");
            assert!(stderr.contains("stack.toml:"), "located: {stderr}");
            assert!(
                !out.stdout.contains("do not print me"),
                "{outputs}: a file outside was printed"
            );
        }
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            text,
            "stack.toml kept"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("app.env")).unwrap(),
            "A=1\n"
        );
        assert!(!dir.join("a.sh").exists() && !outside.join("escape.sh").exists());
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
    }
}

/// `generate` writes all its outputs or none: when one cannot be written,
/// the others are not either; an existing output keeps its mode.
#[test]
fn generate_is_all_or_nothing_and_keeps_modes() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = minimal_with(
        "generate-atomic",
        "\"up.sh\" = { target = \"bash\" }\n\"compose.yaml\" = { target = \"compose\" }\n\"blocker/stack.dot\" = { target = \"graph\" }\n",
    );
    let generate = || Test::new(&["generate"]).file(&file);
    // A regular file where the last output's directory should be: the
    // others, written aside first, are never renamed into place.
    write(&dir, "blocker", "not a directory\n");
    generate().exits(2);
    for name in ["up.sh", "compose.yaml"] {
        assert!(
            !dir.join(name).exists(),
            "{name} written although blocker/stack.dot failed"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".stackc-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    std::fs::remove_file(dir.join("blocker")).unwrap();
    generate().ok();
    std::fs::set_permissions(
        dir.join("compose.yaml"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(dir.join("compose.yaml"), "stale\n").unwrap();
    generate().ok();
    let mode = std::fs::metadata(dir.join("compose.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "the mode of an existing output is kept"
    );
    let mode = std::fs::metadata(dir.join("up.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o755, "a new script is executable");
}

/// A generated file is the same on every checkout and whoever generates
/// it: no absolute path of the checkout, no value from the environment.
/// An argv output that would hold the checkout's path is refused, saying
/// why.
#[test]
fn generated_files_are_the_same_on_every_checkout() {
    let stack = "[stack]\nname = \"same\"\n\n[params.TAG]\ndefault = \"1\"\n\n[services.web]\nimage = \"busybox:${TAG}\"\nvolumes = [\"./site:/srv\"]\n\n[services.job]\nimage = \"busybox:${TAG}\"\nrun = \"once\"\n\n[outputs]\n\"deploy/up.sh\" = { target = \"bash\" }\n\"deploy/down.sh\" = { target = \"bash\", action = \"down\" }\n\"compose.yaml\" = { target = \"compose\" }\n\"stack.dot\" = { target = \"graph\" }\n";
    let mut outputs = Vec::new();
    for (checkout, tag) in [("checkout-a", "1"), ("elsewhere/checkout-b", "9")] {
        let dir = tempdir("generate-same").join(checkout);
        std::fs::create_dir_all(&dir).unwrap();
        let file = write(&dir, "stack.toml", stack);
        Test::new(&["generate"]).file(&file).env("TAG", tag).ok();
        let mut files: Vec<(String, Vec<u8>)> = [
            "deploy/up.sh",
            "deploy/down.sh",
            "compose.yaml",
            "stack.dot",
        ]
        .iter()
        .map(|f| ((*f).to_owned(), std::fs::read(dir.join(f)).unwrap()))
        .collect();
        files.sort();
        outputs.push(files);
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the outputs differ between checkouts"
    );

    // argv fixes the bind source's absolute path: refused in [outputs].
    let (dir, file) = stack_in(
        "generate-argv-path",
        &format!("{stack}\"argv.json\" = {{ target = \"argv\" }}\n"),
    );
    let stderr = Test::new(&["generate"]).file(&file).exits(1).stderr;
    assert!(
        stderr.contains("would hold the absolute path of this checkout"),
        "{stderr}"
    );
    assert!(stderr.contains("--project-dir"), "{stderr}");
    assert!(!dir.join("argv.json").exists() && !dir.join("deploy").exists());
}
