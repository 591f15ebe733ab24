//! A port and a restart policy parameters complete
//! (`fixtures/engine/ports.toml`): the port published as the value says; a value that is no port stops the script before any
//! docker command, naming the port; a new value recreates the container.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{free_port, http_get, inspect};

#[test]
fn a_port_from_a_parameter_is_checked_then_published() {
    let stack = crate::stack_or_skip!("ports", "ports.toml");
    let port = free_port().to_string();
    let up = |value: &str| stack.run("up", &[], &[("HTTP_PORT", value)], Duration::from_secs(120));
    up(&port).ok();
    let id = stack.container_ids()[&stack.container("web")].clone();
    assert!(
        http_get(port.parse().unwrap()).is_ok(),
        "published on {port}"
    );

    for bad in ["-1", "70000", "8080:80", "x", "1-"] {
        let run = up(bad);
        assert_eq!(run.status.code(), Some(1), "{bad}: {}", run.transcript());
        assert!(
            run.stderr.contains("services.web.ports has the port"),
            "{bad}: {}",
            run.transcript()
        );
        assert!(
            run.stdout.is_empty(),
            "{bad}: nothing done: {}",
            run.transcript()
        );
    }
    assert_eq!(stack.container_ids()[&stack.container("web")], id, "kept");
    let policy = |id: &str| inspect(&[id])["HostConfig"]["RestartPolicy"]["Name"].clone();
    assert_eq!(policy(&id), "unless-stopped", "the default policy");
    let run = stack.run(
        "up",
        &[],
        &[
            ("HTTP_PORT", port.as_str()),
            ("RESTART_POLICY", "sometimes"),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.status.code(), Some(1), "{}", run.transcript());
    assert!(
        run.stderr.contains("the restart policy of services.web is"),
        "{}",
        run.transcript()
    );

    let other = free_port().to_string();
    up(&other).ok();
    assert_ne!(
        stack.container_ids()[&stack.container("web")],
        id,
        "a new port recreates it"
    );
    assert!(
        http_get(other.parse().unwrap()).is_ok(),
        "published on {other}"
    );
}
