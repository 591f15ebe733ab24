//! A one-field change in stack.toml is a small, local diff in the outputs
//! users commit: only the changed service's block moves.

use crate::support::{Test, tempdir, write};

/// The changed lines of a line diff (removed + added).
fn changed_lines(old: &str, new: &str) -> Vec<String> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value()))
        .collect()
}

/// `stackc TARGET` on `stack` (written to `dir/stack.toml`): its output.
fn render(dir: &std::path::Path, stack: &str, target: &str) -> String {
    let path = write(dir, "stack.toml", stack);
    Test::new(&[target]).file(&path).ok().stdout
}

#[test]
fn changing_one_field_of_one_service_changes_only_its_block() {
    let dir = tempdir("locality");
    let original =
        std::fs::read_to_string(crate::support::root().join("fixtures/valid/webapp.toml")).unwrap();
    std::fs::create_dir_all(dir.join("proxy")).unwrap();
    let changed = original.replace("user = \"1000:1000\"", "user = \"1001:1001\"");
    assert_ne!(original, changed);

    // bash: the changed line, and the service's config hash and field
    // digests (how up.sh knows to recreate it and --plan says why), all
    // inside the block of `app`.
    let before = render(&dir, &original, "bash");
    let after = render(&dir, &changed, "bash");
    let diff = changed_lines(&before, &after);
    assert_eq!(diff.len(), 6, "three lines out, three in: {diff:?}");
    assert!(
        diff.iter()
            .any(|l| l.starts_with('+') && l.contains("'--user=1001:1001'")),
        "{diff:?}"
    );
    for prefix in ["_sc_hash=", "_sc_fields="] {
        assert_eq!(
            diff.iter()
                .filter(|l| l[1..].trim_start().starts_with(prefix))
                .count(),
            2,
            "{diff:?}"
        );
    }
    assert_eq!(
        blocks_of_changes(&before, &after),
        ["# service `app` (services.app)"]
    );

    // compose: one line.
    let before = render(&dir, &original, "compose");
    let after = render(&dir, &changed, "compose");
    let diff = changed_lines(&before, &after);
    assert_eq!(diff.len(), 2, "{diff:?}");

    // Adding an environment variable adds one line (and moves the digests).
    let added = original.replace(
        "LOG_FORMAT = \"json\"",
        "LOG_FORMAT = \"json\"\nFEATURE = \"on\"",
    );
    let before = render(&dir, &original, "bash");
    let after = render(&dir, &added, "bash");
    let diff = changed_lines(&before, &after);
    assert_eq!(diff.len(), 5, "{diff:?}");
    assert!(
        diff.contains(&"+        --env=FEATURE=on \\\n".to_owned()),
        "{diff:?}"
    );
    assert_eq!(
        blocks_of_changes(&before, &after),
        ["# service `app` (services.app)"]
    );
    let diff = changed_lines(
        &render(&dir, &original, "compose"),
        &render(&dir, &added, "compose"),
    );
    assert_eq!(diff, vec!["+      FEATURE: \"on\"\n".to_owned()]);
}

/// The block comment (`# service …`) above each changed line of both sides,
/// deduplicated.
fn blocks_of_changes(old: &str, new: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let diff = similar::TextDiff::from_lines(old, new);
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            let (text, index) = match change.tag() {
                similar::ChangeTag::Equal => continue,
                similar::ChangeTag::Delete => (old, change.old_index().unwrap()),
                similar::ChangeTag::Insert => (new, change.new_index().unwrap()),
            };
            let block = text
                .lines()
                .take(index)
                .filter(|l| {
                    l.starts_with("# service ")
                        || l.starts_with("# network ")
                        || l.starts_with("# volume ")
                        || l.starts_with("# image ")
                })
                .last()
                .unwrap_or("(preamble)")
                .to_owned();
            if !out.contains(&block) {
                out.push(block);
            }
        }
    }
    out
}
