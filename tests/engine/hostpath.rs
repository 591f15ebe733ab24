//! `bind.create_host_path` on the engine (`fixtures/engine/hostpath.toml`):
//! with `true` a missing host directory is created (docker's `--volume`,
//! `HostConfig.Binds`) and the container writes into it; with `false` the
//! same stack fails at `docker create` (`--mount` refuses a missing host
//! path, naming it) and leaves no container.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{exec, inspect};

#[test]
fn a_missing_host_directory_is_created_only_when_asked() {
    let stack = crate::stack_or_skip!("hostpath", "hostpath.toml");
    let made = stack.dir.join("made/here");
    assert!(!made.exists());
    stack.run_ok("up", &[]);
    let app = stack.container("app");
    assert!(made.is_dir(), "the host directory was created");
    let binds = inspect(&[&app])["HostConfig"]["Binds"].clone();
    assert_eq!(
        binds,
        serde_json::json!([format!("{}:/data:rw", made.display())])
    );
    exec(&app, &["sh", "-c", "echo hi > /data/file"]);
    assert!(made.join("file").is_file());
    stack.run_ok("down", &[]);

    stack.edit("./made/here", "./missing/here");
    stack.edit("create_host_path = true", "create_host_path = false");
    stack.compile("up");
    let run = stack.run("up", &[], &[], Duration::from_secs(120));
    assert!(!run.status.success(), "{}", run.transcript());
    assert!(
        run.stderr.contains("missing/here"),
        "docker names the missing path:\n{}",
        run.transcript()
    );
    assert!(!stack.dir.join("missing").exists(), "nothing was created");
    assert!(!stack.container_ids().contains_key(&app));
}
