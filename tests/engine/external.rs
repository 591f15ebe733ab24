//! External networks and volumes named by parameters
//! (`fixtures/engine/external.toml`): the test creates two of each, `up`
//! attaches and mounts those the parameters name, checks a name by docker's
//! rule before any docker command, and moves the container when a
//! parameter names the other one.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{cleanup, docker, docker_lines, inspect};

/// Networks and volumes the test creates outside the stack, removed when
/// it ends, after the containers of the stack `project` (which use them).
struct Outside {
    project: String,
    networks: Vec<String>,
    volumes: Vec<String>,
}

impl Drop for Outside {
    fn drop(&mut self) {
        cleanup(&self.project);
        for network in &self.networks {
            let _ = std::process::Command::new("docker")
                .args(["network", "rm", network])
                .output();
        }
        for volume in &self.volumes {
            let _ = std::process::Command::new("docker")
                .args(["volume", "rm", volume])
                .output();
        }
    }
}

/// The network the container was created on, and its volume at `/data`.
fn placed(container: &str) -> (String, String) {
    let info = inspect(&[container]);
    let network = info["HostConfig"]["NetworkMode"]
        .as_str()
        .unwrap()
        .to_owned();
    let mounts = info["Mounts"].as_array().unwrap();
    let data = mounts
        .iter()
        .find(|m| m["Destination"] == "/data")
        .unwrap_or_else(|| panic!("no mount at /data: {info:#}"));
    (network, data["Name"].as_str().unwrap().to_owned())
}

#[test]
fn external_names_from_parameters_reach_the_engine() {
    let stack = crate::stack_or_skip!("external", "external.toml");
    let name = |what: &str| format!("{}-{what}", stack.name);
    let outside = Outside {
        project: stack.name.clone(),
        networks: vec![name("net-a"), name("net-b")],
        volumes: vec![name("vol-a"), name("vol-b")],
    };
    for network in &outside.networks {
        docker(&["network", "create", network]);
    }
    for volume in &outside.volumes {
        docker(&["volume", "create", volume]);
    }
    let run = |network: &str, volume: &str| {
        stack.run(
            "up",
            &[],
            &[("PROXY_NETWORK", network), ("DATA_VOLUME", volume)],
            Duration::from_secs(120),
        )
    };
    let container = stack.container("app");

    // A name docker would refuse stops the script before its first docker
    // command: nothing is created.
    let refused = run("no such/network", &name("vol-a")).exits(1);
    assert!(
        refused
            .stderr
            .contains("networks.proxy.name is 'no such/network', which is not a docker name"),
        "{}",
        refused.transcript()
    );
    assert!(stack.container_ids().is_empty(), "{}", refused.transcript());

    run(&name("net-a"), &name("vol-a")).ok();
    assert_eq!(placed(&container), (name("net-a"), name("vol-a")));
    let again = run(&name("net-a"), &name("vol-a")).ok();
    assert!(!again.stdout.contains("created"), "{}", again.transcript());

    // Another name is another definition: the container is recreated on
    // the other network, with the other volume.
    let moved = run(&name("net-b"), &name("vol-b")).ok();
    assert!(moved.stdout.contains("created"), "{}", moved.transcript());
    assert_eq!(placed(&container), (name("net-b"), name("vol-b")));

    // down removes the container and leaves the external ones alone.
    stack.run_ok("down", &[]);
    assert!(stack.container_ids().is_empty());
    let networks = docker_lines(&["network", "ls", "--format", "{{.Name}}"]);
    let volumes = docker_lines(&["volume", "ls", "--format", "{{.Name}}"]);
    for network in &outside.networks {
        assert!(networks.contains(network), "{networks:?}");
    }
    for volume in &outside.volumes {
        assert!(volumes.contains(volume), "{volumes:?}");
    }
}
