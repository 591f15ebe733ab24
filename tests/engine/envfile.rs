//! An optional `env_file` on the engine (`fixtures/engine/envfile.toml`):
//! missing, `up` creates the container without it; created, the next `up`
//! recreates the container, whose environment holds its variables; a third
//! `up` keeps the container.

use crate::Stack;
use crate::engine_support::inspect;

/// The container's environment, as `docker inspect` shows it (`Config.Env`).
fn env(container: &str) -> Vec<String> {
    inspect(&[container])["Config"]["Env"]
        .as_array()
        .expect("Config.Env is a list")
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_optional_env_file_is_read_once_it_exists() {
    let stack = crate::stack_or_skip!("envfile", "envfile.toml");
    let app = stack.container("app");

    let first = stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let before = env(&app);
    assert!(before.contains(&"FIXED=1".to_owned()), "{before:?}");
    assert!(
        !before.iter().any(|v| v.starts_with("FROM_FILE=")),
        "{before:?}\n{}",
        first.transcript()
    );

    // The same script, unchanged: the file is checked when it runs.
    std::fs::write(stack.dir.join("local.env"), "FROM_FILE=hello world\n").unwrap();
    let second = stack.run_ok("up", &[]);
    let after = stack.container_ids();
    assert_ne!(
        after[&app],
        ids[&app],
        "a created optional env file recreates the container\n{}",
        second.transcript()
    );
    let now = env(&app);
    assert!(now.contains(&"FROM_FILE=hello world".to_owned()), "{now:?}");
    assert!(now.contains(&"FIXED=1".to_owned()), "{now:?}");

    let third = stack.run_ok("up", &[]);
    assert_eq!(
        stack.container_ids(),
        after,
        "an unchanged optional env file keeps the container\n{}",
        third.transcript()
    );

    // Deleted again: recreated without it.
    std::fs::remove_file(stack.dir.join("local.env")).unwrap();
    let fourth = stack.run_ok("up", &[]);
    assert_ne!(
        stack.container_ids()[&app],
        after[&app],
        "{}",
        fourth.transcript()
    );
    let gone = env(&app);
    assert!(
        !gone.iter().any(|v| v.starts_with("FROM_FILE=")),
        "{gone:?}"
    );
}
