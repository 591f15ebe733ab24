//! A one-field change in stack.toml is a small, local diff in the outputs
//! users commit: only the changed service's block moves.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use support::{run_ok, stackc, stdout, tempdir, write};

/// The changed lines of a line diff (removed + added).
fn changed_lines(old: &str, new: &str) -> Vec<String> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value()))
        .collect()
}

/// The name of the block (`# service `app` …` comment or compose service
/// key) that encloses each changed line of `new`.
fn render(dir: &std::path::Path, stack: &str, target: &str) -> String {
    let path = write(dir, "stack.toml", stack);
    stdout(&run_ok(&mut stackc(&[
        "-f",
        path.to_str().unwrap(),
        target,
    ])))
}

#[test]
fn changing_one_field_of_one_service_changes_only_its_block() {
    let dir = tempdir("locality");
    let original =
        std::fs::read_to_string(support::root().join("fixtures/valid/webapp.toml")).unwrap();
    std::fs::create_dir_all(dir.join("proxy")).unwrap();
    let changed = original.replace("user = \"1000:1000\"", "user = \"1001:1001\"");
    assert_ne!(original, changed);

    let before = render(&dir, &original, "bash");
    let after = render(&dir, &changed, "bash");
    let diff = changed_lines(&before, &after);
    assert_eq!(diff.len(), 2, "one line out, one line in: {diff:?}");
    // The changed line sits inside the block of service `app`.
    let line = after
        .lines()
        .position(|l| l.contains("--user=1001:1001"))
        .unwrap();
    let block = after
        .lines()
        .take(line)
        .filter(|l| l.starts_with("# service "))
        .last()
        .unwrap();
    assert!(block.starts_with("# service `app`"), "{block}");

    let before = render(&dir, &original, "compose");
    let after = render(&dir, &changed, "compose");
    let diff = changed_lines(&before, &after);
    assert_eq!(diff.len(), 2, "{diff:?}");

    // Adding an environment variable adds one line per output.
    let added = original.replace(
        "LOG_FORMAT = \"json\"",
        "LOG_FORMAT = \"json\"\nFEATURE = \"on\"",
    );
    let diff = changed_lines(
        &render(&dir, &original, "bash"),
        &render(&dir, &added, "bash"),
    );
    assert_eq!(diff, vec!["+      --env=FEATURE=on \\\n".to_owned()]);
    let diff = changed_lines(
        &render(&dir, &original, "compose"),
        &render(&dir, &added, "compose"),
    );
    assert_eq!(diff.len(), 1, "{diff:?}");
}
