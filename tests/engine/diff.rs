//! `stackc diff` against the engine: with the old version of a stack up,
//! what `stackc diff` says of the new version (statically, from git) is
//! what the new `up.sh --plan` reads on the engine, row for row, and what
//! the new `up.sh` then does.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::engine_support::{IMAGE, Stack, docker_lines, free_port};
use crate::stack_or_skip;
use crate::support::{Test, run_ok, tool};

/// `git -C dir ARGS…`, required to succeed.
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

/// A row, whoever printed it: `(name, action, changed fields)`, in the
/// words of `stackc diff`.
type Row = (String, String, Vec<String>);

/// The rows of `up.sh --plan --format json`, in the words of `stackc
/// diff` (docs/cli.md): `build` is `rebuild`, a job's `recreate` is
/// `run again`, a new job's `run` is `create`.
fn plan_rows(json: &str) -> BTreeSet<Row> {
    let rows: serde_json::Value = serde_json::from_str(json).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let action = match (r["kind"].as_str().unwrap(), r["action"].as_str().unwrap()) {
                ("image", "build") => "rebuild",
                ("job", "recreate") => "run again",
                ("job", "run") => "create",
                (_, action) => action,
            };
            (
                r["name"].as_str().unwrap().to_owned(),
                action.to_owned(),
                changed(&r["changed"]),
            )
        })
        .collect()
}

fn changed(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

/// The resources of `stackc diff --format json`.
fn diff_rows(json: &str) -> BTreeSet<Row> {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["action"].as_str().unwrap().to_owned(),
                changed(&r["changed"]),
            )
        })
        .collect()
}

/// One edit per service of fixtures/engine/diff.toml, each a kind of
/// change; `tag` is the image the stack builds.
fn edit_every_kind(stack: &Stack, tag: &str) {
    std::fs::write(stack.dir.join("diffapp/message"), "two\n").unwrap();
    let img = format!("[services.img]\nimage = \"{IMAGE}\"");
    stack.edit(&img, &format!("[services.img]\nimage = \"{tag}\""));
    stack.edit("ROLE = \"one\"", "ROLE = \"two\"");
    stack.edit("default = \"one\"", "default = \"two\"");
    let port = format!(":{}:8080", stack.port);
    stack.edit(&port, &format!(":{}:8080", free_port()));
    stack.edit("[volumes.old]\n", "");
    stack.edit("\"data:/data\", \"old:/old\"", "\"data:/data:ro\"");
    let cmd = "[services.cmd]\nimage = \"stackc-test-busybox:1\"\npull = \"never\"\ncommand = [\"sleep\", \"86400\"]";
    stack.edit(cmd, &cmd.replace("86400", "86401"));
    stack.edit("interval = \"1s\"", "interval = \"2s\"");
    stack.edit("tier = \"one\"", "tier = \"two\"");
    stack.edit("replicas = 3", "replicas = 2");
    let gone = "[services.gone]\nimage = \"stackc-test-busybox:1\"\npull = \"never\"\ncommand = [\"sleep\", \"86400\"]\nstop_signal = \"SIGKILL\"\n";
    stack.edit(gone, "");
    stack.edit("command = [\"true\"]", "command = [\"true\", \"again\"]");
    stack.edit(
        "[services.steady]",
        "[services.fresh]\nimage = \"stackc-test-busybox:1\"\npull = \"never\"\ncommand = [\"sleep\", \"86400\"]\nstop_signal = \"SIGKILL\"\n\n[services.steady]",
    );
}

/// What `stackc diff` must say of [`edit_every_kind`]: changed resource →
/// action and fields.
fn expected(stack: &Stack, tag: &str) -> BTreeMap<String, (String, Vec<String>)> {
    let c = |service: &str, n: u32| format!("{}-{service}-{n}", stack.name);
    [
        (tag.to_owned(), "rebuild", &[][..]),
        (c("app", 1), "recreate", &["image"][..]),
        (c("img", 1), "recreate", &["image"]),
        (c("env", 1), "recreate", &["environment"]),
        (c("par", 1), "recreate", &["parameter-values"]),
        (c("ports", 1), "recreate", &["ports"]),
        (c("vols", 1), "recreate", &["volumes"]),
        (c("cmd", 1), "recreate", &["command"]),
        (c("health", 1), "recreate", &["healthcheck"]),
        (c("labels", 1), "recreate", &["labels"]),
        (c("job", 1), "run again", &["command"]),
        (c("fresh", 1), "create", &[]),
        (c("worker", 3), "remove", &[]),
        (c("gone", 1), "remove", &[]),
    ]
    .into_iter()
    .map(|(name, action, fields)| {
        let fields = fields.iter().map(|f| (*f).to_owned()).collect();
        (name, (action.to_owned(), fields))
    })
    .collect()
}

/// Every kind of change at once, one service each: `stackc diff` and
/// `up.sh --plan` name the same resources, actions and fields, and `up.sh`
/// recreates exactly those, removes the surplus replica and the removed
/// service, and leaves the removed volume (which `diff` flags).
#[test]
fn diff_says_what_up_plan_reads_on_the_engine() {
    let stack = stack_or_skip!("diff", "diff.toml");
    let [tag] = stack.own_tags([("diff-app", "app")]);
    stack.compile("up");
    git(&stack.dir, &["init", "--quiet"]);
    git(&stack.dir, &["add", "--all"]);
    git(&stack.dir, &["commit", "--quiet", "--message", "old"]);
    stack.run_ok("up", &[]);
    let before = stack.container_ids();

    edit_every_kind(&stack, &tag);
    stack.compile("up");

    let diff = |format: &str| {
        Test::new(&["diff", "--base", "HEAD", "--format", format])
            .file(&stack.file())
            .exits(1)
            .stdout
    };
    let plan = stack.run_ok("up", &["--plan", "--format", "json"]);
    let said = diff_rows(&diff("json"));
    assert_eq!(
        said,
        plan_rows(&plan.stdout),
        "stackc diff and up.sh --plan disagree\n{}",
        plan.stdout
    );

    // Both are right, too: each edit, named by its field.
    let c = |service: &str, n: u32| format!("{}-{service}-{n}", stack.name);
    let changes: BTreeMap<String, (String, Vec<String>)> = said
        .iter()
        .filter(|(_, action, _)| action != "keep")
        .map(|(name, action, fields)| (name.clone(), (action.clone(), fields.clone())))
        .collect();
    let expected = expected(&stack, &tag);
    assert_eq!(changes, expected);
    let text = diff("text");
    for line in [
        format!(
            "recreate   container  {} (changed: parameter-values; the default of GREETING changed: recreated if GREETING keeps its default)",
            c("par", 1)
        ),
        format!("remove     container  {}", c("worker", 3)),
        format!(
            "attention  volume     {}_old: no longer in the stack",
            stack.name
        ),
        "parameter  new default GREETING: `one` → `two`".to_owned(),
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&line)),
            "no `{line}`:\n{text}"
        );
    }

    // And up.sh does it: exactly the containers named are new.
    stack.run_ok("up", &[]);
    let after = stack.container_ids();
    for (name, id) in &before {
        match changes.get(name).map(|(action, _)| action.as_str()) {
            Some("remove") => assert!(!after.contains_key(name), "{name} was not removed"),
            Some(_) => assert_ne!(after.get(name), Some(id), "{name} was not recreated"),
            None => assert_eq!(after.get(name), Some(id), "{name} was recreated"),
        }
    }
    assert!(after.contains_key(&c("fresh", 1)));
    let volumes = docker_lines(&["volume", "ls", "--quiet", "--filter", &stack.filter()]);
    assert!(
        volumes.contains(&stack.volume("old")),
        "up left the removed volume, as diff said: {volumes:?}"
    );

    // Committed and applied: nothing more to do, by either.
    git(
        &stack.dir,
        &["commit", "--quiet", "--all", "--message", "new"],
    );
    let same = Test::new(&["diff", "--base", "HEAD"])
        .file(&stack.file())
        .ok()
        .stdout;
    assert!(same.ends_with("no change\n"), "{same}");
    let plan = stack.run_ok("up", &["--plan"]);
    assert!(
        plan.lines().iter().all(|l| l.starts_with("keep ")),
        "{}",
        plan.transcript()
    );
}
