//! An image built from an inline Dockerfile (`fixtures/engine/inline.toml`):
//! built from the script's standard input, labelled, kept while its inputs
//! are unchanged and rebuilt when the Dockerfile or a build argument
//! changes.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker, exec};

#[test]
fn an_inline_dockerfile_builds_and_rebuilds_on_change() {
    let stack = crate::stack_or_skip!("inline", "inline.toml");
    let [tag] = stack.own_tags([("e2e-inline-app:1", "app")]);
    stack.compile("up");
    stack.compile("down");
    let up = |env: &[(&str, &str)]| stack.run("up", &[], env, Duration::from_secs(180)).ok();
    let first = up(&[]);
    assert!(first.stdout.contains(": built"), "{}", first.transcript());
    let id = |stack: &Stack| stack.container_ids()[&stack.container("app")].clone();
    assert_eq!(exec(&id(&stack), &["cat", "/built"]), "built by stackc\n");
    let label = docker(&[
        "image",
        "inspect",
        "--format",
        "{{index .Config.Labels \"org.example.kind\"}}",
        &tag,
    ]);
    assert_eq!(label.trim(), "inline");

    let again = up(&[]);
    assert!(
        !again.stdout.contains(": built"),
        "unchanged: {}",
        again.transcript()
    );

    let by_param = up(&[("WHO", "a param")]);
    assert!(
        by_param.stdout.contains(": built"),
        "{}",
        by_param.transcript()
    );
    assert_eq!(exec(&id(&stack), &["cat", "/built"]), "built by a param\n");

    stack.edit("> /built", "> /built && echo more >> /built");
    stack.compile("up");
    let edited = up(&[("WHO", "a param")]);
    assert!(edited.stdout.contains(": built"), "{}", edited.transcript());
    assert_eq!(
        exec(&id(&stack), &["cat", "/built"]),
        "built by a param\nmore\n"
    );
}

/// Extra tags that a parameter completes (compose's `build.tags:
/// ["app:${TAG}"]`): checked as image references before docker reads
/// them, applied by the build, and a new value tags the image again.
#[test]
fn extra_tags_from_a_parameter_are_checked_and_applied() {
    let stack = crate::stack_or_skip!("inline-tags", "inline.toml");
    let [tag] = stack.own_tags([("e2e-inline-app:1", "app")]);
    let extra = format!("{}-extra", stack.name);
    stack.edit(
        "no_cache = true",
        &format!("no_cache = true\ntags = [\"{extra}:${{EXTRA}}\"]"),
    );
    stack.edit(
        "[params.WHO]",
        "[params.EXTRA]\ndefault = \"v1\"\n\n[params.WHO]",
    );
    stack.compile("up");
    let up = |env: &[(&str, &str)]| stack.run("up", &[], env, Duration::from_secs(180));
    let image_id =
        |reference: &str| docker(&["image", "inspect", "--format", "{{.Id}}", reference]);
    up(&[]).ok();
    assert_eq!(image_id(&format!("{extra}:v1")), image_id(&tag), "tagged");

    let bad = up(&[("EXTRA", "-x")]);
    assert_eq!(bad.status.code(), Some(1), "{}", bad.transcript());
    assert!(
        bad.stderr.contains("the image of services.app.build is"),
        "{}",
        bad.transcript()
    );
    assert!(bad.stdout.is_empty(), "nothing done: {}", bad.transcript());

    let retag = up(&[("EXTRA", "v2")]);
    assert_eq!(retag.status.code(), Some(0), "{}", retag.transcript());
    assert_eq!(
        image_id(&format!("{extra}:v2")),
        image_id(&tag),
        "tagged again"
    );
    docker(&["rmi", &format!("{extra}:v1"), &format!("{extra}:v2")]);
}
