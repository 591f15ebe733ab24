//! `label_file` on the engine (`fixtures/engine/labelfile.toml`): docker's
//! `--label-file`, read relative to the stack; `labels` win over a file's
//! label of the same name (as in compose, whose `docker-compose config`
//! says the same); a changed label file recreates the container that reads
//! it, and only that one.

use crate::Stack;
use crate::engine_support::inspect;

#[test]
fn label_files_label_the_container_and_a_changed_one_recreates_it() {
    let stack = crate::stack_or_skip!("labelfile", "labelfile.toml");
    stack.run_ok("up", &[]);
    let web = stack.container("web");
    let labels = inspect(&[&web])["Config"]["Labels"].clone();
    assert_eq!(labels["com.example.tier"], "from-labels", "{labels}");
    assert_eq!(labels["com.example.team"], "core", "{labels}");
    assert_eq!(labels["com.example.role"], "web", "{labels}");

    // Compose reads the same files to the same labels.
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    let compose_labels = &config["services"]["web"]["labels"];
    for key in ["com.example.tier", "com.example.team", "com.example.role"] {
        assert_eq!(compose_labels[key], labels[key], "{key}: {compose_labels}");
    }

    // Unchanged: kept. A changed file: `web` is recreated with its label.
    let ids = stack.container_ids();
    let again = stack.run_ok("up", &[]);
    assert_eq!(stack.container_ids(), ids, "{}", again.transcript());
    std::fs::write(
        stack.dir.join("labels/role.labels"),
        "com.example.role=api\n",
    )
    .unwrap();
    stack.run_ok("up", &[]);
    let after = stack.container_ids();
    assert_ne!(after[&web], ids[&web], "a changed label file recreates web");
    assert_eq!(
        after[&stack.container("other")],
        ids[&stack.container("other")],
        "the other service is kept"
    );
    assert_eq!(
        inspect(&[&web])["Config"]["Labels"]["com.example.role"],
        "api"
    );
}
