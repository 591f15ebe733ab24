//! `stackc diff`: the old version from a file or from git (each overlay
//! at the revision, with the files the stack reads), the exit status as
//! diff(1)'s, the three formats, and what it refuses. On the engine,
//! tests/engine/diff.rs checks that it says what `up.sh --plan` reads.

use std::path::Path;

use crate::support::{Test, run_ok, stack_in, tempdir, tool, write};

const OLD: &str = r#"[stack]
name = "shop"

[params.TAG]
default = "1"

[volumes.data]

[services.web]
image = "nginx:${TAG}"
ports = ["8080:80"]

[services.worker]
image = "busybox:1"
command = ["sleep", "1000"]
replicas = 2
volumes = ["data:/data"]

[services.migrate]
image = "busybox:1"
run = "once"
command = ["true"]

[services.app]
build = { context = "./app" }
"#;

/// A stack directory holding `OLD` and the build context `app/`.
fn shop(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (dir, stack) = stack_in(name, OLD);
    std::fs::create_dir_all(dir.join("app")).unwrap();
    write(&dir, "app/Dockerfile", "FROM busybox:1\n");
    (dir, stack)
}

fn git(dir: &Path, args: &[&str]) {
    run_ok(
        std::process::Command::new(tool("git"))
            .arg("-C")
            .arg(dir)
            .args([
                "-c",
                "user.name=stackc tests",
                "-c",
                "user.email=tests@stackc.invalid",
            ])
            .args(args),
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "no `{from}` in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Exit 0 and `no change` for the same stack; 1 and one line per change
/// otherwise; `--set` fixes a parameter on both sides.
#[test]
fn diff_against_a_file_names_each_change() {
    let (dir, stack) = shop("diff-file");
    let old = write(&dir, "old.toml", OLD);
    let same = Test::new(&["diff", "--base"]).arg(&old).file(&stack).ok();
    assert!(same.stdout.ends_with("no change\n"), "{}", same.stdout);

    edit(&stack, "replicas = 2", "replicas = 1");
    edit(&stack, "default = \"1\"", "default = \"2\"");
    edit(
        &stack,
        "command = [\"true\"]",
        "command = [\"true\", \"again\"]",
    );
    edit(
        &stack,
        "[volumes.data]\n",
        "[volumes.data]\ndriver = \"zfs\"\n",
    );
    let ran = Test::new(&["diff", "--base"])
        .arg(&old)
        .file(&stack)
        .exits(1);
    let lines: Vec<&str> = ran.stdout.lines().collect();
    for line in [
        "recreate   container  shop-web-1 (changed: image; the default of TAG changed: recreated if TAG keeps its default)",
        "keep       container  shop-worker-1",
        "remove     container  shop-worker-2",
        "run again  job        shop-migrate-1 (changed: command)",
        "keep       image      shop-app",
        "parameter  new default TAG: `1` → `2`: a container that reads it is recreated if it keeps its default",
    ] {
        assert!(lines.contains(&line), "no `{line}`:\n{}", ran.stdout);
    }
    assert!(
        ran.stdout
            .contains("attention  volume     shop_data: driver changed (local → `zfs`)"),
        "{}",
        ran.stdout
    );
    // With TAG given, its default does not matter.
    let set = Test::new(&["diff", "--set", "TAG=7", "--base"])
        .arg(&old)
        .file(&stack)
        .exits(1)
        .stdout;
    assert!(set.contains("keep       container  shop-web-1\n"), "{set}");
    assert!(
        set.contains("(TAG=7)"),
        "the output says what it assumed: {set}"
    );
}

/// With overlays, each file is read at the revision and merged the same
/// way; the build context is read at the revision too (a changed
/// Dockerfile rebuilds, and recreates what runs the image).
#[test]
fn diff_against_a_revision_reads_every_overlay_and_the_tree() {
    let (dir, stack) = shop("diff-git");
    let prod = write(&dir, "prod.toml", "[services.worker]\nreplicas = 3\n");
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "--all"]);
    git(&dir, &["commit", "--quiet", "--message", "old"]);
    let diff = |format: &str| {
        Test::new(&["diff", "--format", format])
            .file(&stack)
            .file(&prod)
    };
    assert!(diff("text").ok().stdout.ends_with("no change\n"));

    edit(&prod, "replicas = 3", "replicas = 4");
    write(&dir, "app/Dockerfile", "FROM busybox:1\nRUN true\n");
    let ran = diff("json").exits(1);
    let doc: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(doc["base"], "HEAD:stack.toml + HEAD:prod.toml");
    let changes: Vec<String> = doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] != "keep")
        .map(|r| format!("{} {} {}", r["action"], r["kind"], r["name"]))
        .collect();
    assert_eq!(
        changes,
        [
            r#""rebuild" "image" "shop-app""#,
            r#""create" "container" "shop-worker-4""#,
            r#""recreate" "container" "shop-app-1""#,
        ]
    );
    // A secret parameter added: every deploy now needs it.
    edit(
        &stack,
        "[volumes.data]",
        "[params.KEY]\nsecret = true\n\n[volumes.data]",
    );
    let text = diff("text").exits(1).stdout;
    assert!(
        text.contains(
            "parameter  added      KEY: secret, no default: every deploy must now give it"
        ),
        "{text}"
    );
}

/// The JSON document (docs/cli.md) and the pull-request comment, whole.
#[test]
fn diff_formats_are_stable() {
    let (dir, stack) = shop("diff-formats");
    write(&dir, "old.toml", OLD);
    edit(&stack, "replicas = 2", "replicas = 1");
    edit(&stack, "ports = [\"8080:80\"]", "ports = [\"8081:80\"]");
    edit(&stack, "[volumes.data]\n", "");
    edit(&stack, "volumes = [\"data:/data\"]\n", "");
    edit(
        &stack,
        "[services.app]",
        "[services.shell]\nimage = \"busybox:1\"\nprofiles = [\"debug\"]\n\n[services.app]",
    );
    for (format, name) in [("json", "diff_json"), ("markdown", "diff_markdown")] {
        let out = Test::new(&["diff", "--base", "old.toml", "--format", format])
            .dir(&dir)
            .exits(1)
            .stdout;
        insta::assert_snapshot!(name, out);
    }
}

/// An invalid version is a located diagnostic and exit 2; a revision is
/// never read as an option; a secret is never given with --set.
#[test]
fn diff_refuses_what_it_cannot_compare() {
    let (dir, stack) = shop("diff-refuses");
    let bad = write(
        &dir,
        "bad.toml",
        &OLD.replace("replicas = 2", "replicas = \"two\""),
    );
    let ran = Test::new(&["diff", "--base"])
        .arg(&bad)
        .file(&stack)
        .exits(2);
    assert!(ran.stderr.contains("bad.toml:"), "{}", ran.stderr);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);

    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "--all"]);
    git(&dir, &["commit", "--quiet", "--message", "old"]);
    let planted = tempdir("diff-planted").join("out");
    for base in [
        format!("--output={}", planted.display()),
        "no-such-revision".to_owned(),
        "HEAD\n--output=x".to_owned(),
    ] {
        let ran = Test::new(&["diff"])
            .arg(format!("--base={base}"))
            .file(&stack)
            .exits(2);
        assert!(ran.stderr.contains("--base"), "{base}: {}", ran.stderr);
    }
    assert!(!planted.exists(), "git read the revision as an option");
    // The stack file is not in the revision.
    let new = write(&dir, "new.toml", OLD);
    let ran = Test::new(&["diff"]).file(&new).exits(2);
    assert!(
        ran.stderr
            .contains("new.toml is not a file at that revision"),
        "{}",
        ran.stderr
    );

    edit(
        &stack,
        "[volumes.data]",
        "[params.KEY]\nsecret = true\n\n[volumes.data]",
    );
    for set in ["KEY=x", "NOPE=1", "TAG"] {
        Test::new(&["diff", "--set", set]).file(&stack).exits(2);
    }
}
