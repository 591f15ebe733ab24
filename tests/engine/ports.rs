//! A port, a restart policy and resource limits parameters complete
//! (`fixtures/engine/ports.toml`): the port published as the value says; a
//! value that is no port (no policy, no size, no number in range) stops the
//! script before any docker command, naming the field; a new value
//! recreates the container.

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

#[test]
fn limits_from_parameters_are_checked_then_given_to_docker() {
    let stack = crate::stack_or_skip!("ports-limits", "ports.toml");
    let port = free_port().to_string();
    let up = |vars: &[(&str, &str)]| {
        let mut all = vec![("HTTP_PORT", port.as_str())];
        all.extend_from_slice(vars);
        stack.run("up", &[], &all, Duration::from_secs(120))
    };
    up(&[]).ok();
    let id = stack.container_ids()[&stack.container("web")].clone();
    let host = |id: &str| inspect(&[id])["HostConfig"].clone();
    assert_eq!(host(&id)["Memory"], 64 * 1024 * 1024, "the default size");
    assert_eq!(host(&id)["PidsLimit"], 100);
    assert_eq!(host(&id)["Ulimits"][0]["Name"], "nofile");
    assert_eq!(host(&id)["Ulimits"][0]["Soft"], 1024);

    for (name, bad, field) in [
        ("MEMORY", "lots", "services.web.mem_limit is"),
        ("MEMORY", "-64m", "services.web.mem_limit is"),
        ("PIDS", "-2", "services.web.pids_limit is"),
        ("PIDS", "99999999999999999999", "services.web.pids_limit is"),
        ("PIDS", "1e3", "services.web.pids_limit is"),
        // docker would read it as octal (128).
        ("PIDS", "0200", "services.web.pids_limit is"),
        ("NOFILE", "many", "services.web.ulimits.nofile is"),
    ] {
        let run = up(&[(name, bad)]);
        assert_eq!(run.status.code(), Some(1), "{bad}: {}", run.transcript());
        assert!(run.stderr.contains(field), "{bad}: {}", run.transcript());
        assert!(
            run.stdout.is_empty(),
            "{bad}: nothing done: {}",
            run.transcript()
        );
    }
    assert_eq!(stack.container_ids()[&stack.container("web")], id, "kept");

    up(&[("MEMORY", "96m"), ("PIDS", "200")]).ok();
    let new = stack.container_ids()[&stack.container("web")].clone();
    assert_ne!(new, id, "new limits recreate it");
    assert_eq!(host(&new)["Memory"], 96 * 1024 * 1024);
    assert_eq!(host(&new)["PidsLimit"], 200);
}
