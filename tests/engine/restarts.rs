//! `depends_on` with `restart = true` and `required = false`
//! (`fixtures/engine/restarts.toml`): a recreated dependency restarts the
//! services that ask for it, and only those; a dependency another profile
//! leaves out does not stop its dependent.

use crate::Stack;
use crate::engine_support::inspect;

#[test]
fn a_recreated_dependency_restarts_who_asks_and_optional_ones_may_be_absent() {
    let stack = crate::stack_or_skip!("restarts", "restarts.toml");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    assert!(
        !ids.contains_key(&stack.container("metrics")),
        "metrics is in a profile not chosen"
    );
    assert!(
        ids.contains_key(&stack.container("reporter")),
        "reporter starts without it"
    );
    let started = |service: &str| {
        inspect(&[&stack.container(service)])["State"]["StartedAt"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (app, other) = (started("app"), started("other"));

    stack.edit("REVISION = \"1\"", "REVISION = \"2\"");
    stack.compile("up");
    let plan = stack.run_ok("up", &["--plan"]);
    assert!(
        plan.stdout
            .lines()
            .any(|l| l.starts_with("restart") && l.contains(&stack.container("app"))),
        "--plan says app restarts: {}",
        plan.transcript()
    );
    let run = stack.run_ok("up", &[]);
    assert!(
        run.stdout
            .contains(&format!("container {}: restarted", stack.container("app"))),
        "{}",
        run.transcript()
    );
    let after = stack.container_ids();
    assert_eq!(
        after[&stack.container("app")],
        ids[&stack.container("app")],
        "restarted, not recreated"
    );
    assert_ne!(started("app"), app, "app was restarted");
    assert_eq!(started("other"), other, "other was kept running");

    // Nothing changed: nothing restarts.
    let again = stack.run_ok("up", &[]);
    assert!(
        !again.stdout.contains("restarted"),
        "{}",
        again.transcript()
    );
}
