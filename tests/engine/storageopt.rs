//! `storage_opt` on the engine (`fixtures/engine/storageopt.toml`).
//!
//! What this proves, and what it does not: the test engine's storage
//! driver takes no storage options (`size` needs overlay2 on xfs with
//! project quotas, btrfs, zfs, …), so no container can be made with one
//! here. The test shows that `docker create` received `--storage-opt`
//! (the engine's refusal names it) and that `up` fails, leaving no
//! container behind; that an engine whose driver takes the option applies
//! it is docker's part, not checked here. On such an engine the test
//! checks `HostConfig.StorageOpt` instead.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::inspect;

#[test]
fn storage_options_reach_docker() {
    let stack = crate::stack_or_skip!("storageopt", "storageopt.toml");
    let run = stack.run("up", &[], &[], Duration::from_secs(120));
    let app = stack.container("app");
    if run.status.success() {
        let options = inspect(&[&app])["HostConfig"]["StorageOpt"].clone();
        assert_eq!(options, serde_json::json!({ "size": "1G" }));
        return;
    }
    assert!(
        run.stderr.contains("--storage-opt"),
        "docker's refusal names the option it received:\n{}",
        run.transcript()
    );
    assert!(
        !stack.container_ids().contains_key(&app),
        "no container is left: {:?}",
        stack.container_ids()
    );
}
