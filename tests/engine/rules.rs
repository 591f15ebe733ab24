//! Compose forms with a rule of their own (`fixtures/engine/rules.toml`):
//! a service named with a `.` and a volume named with capitals keep every
//! name docker derives from them valid; a host port range longer than the
//! replica count is given whole to each replica, and docker binds each to
//! a free port of it; a service of 0 replicas runs no container, and
//! scaling one to 0 removes its containers on the next `up`; an image with
//! `pull = "build"` is built on every `up`, and its container stays while
//! the build gives the same image.

use crate::Stack;
use crate::engine_support::{docker_lines, exec, inspect};

#[test]
fn dotted_service_and_capitalised_volume_names_run() {
    let stack = crate::stack_or_skip!("rules", "rules.toml");
    let start = free_block(4);
    let range = format!("{start}-{}", start + 3);
    stack.edit("28080-28083", &range);
    stack.compile("up");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let web = &ids[&stack.container("web.v2")];
    let client = &ids[&stack.container("client")];
    let info = inspect(&[web]);
    assert_eq!(
        info["Mounts"][0]["Name"],
        stack.volume("staticVol"),
        "{info:#}"
    );
    assert_eq!(
        info["Config"]["Labels"]["com.docker.compose.service"],
        "web.v2"
    );
    let volumes = docker_lines(&[
        "volume",
        "ls",
        "--filter",
        &stack.filter(),
        "--format",
        "{{.Name}}",
    ]);
    assert_eq!(volumes, [stack.volume("staticVol")]);
    // Its DNS name on the network is the service's name.
    let ip = info["NetworkSettings"]["Networks"][stack.network("default")]["IPAddress"]
        .as_str()
        .unwrap()
        .to_owned();
    let seen = exec(client, &["nslookup", "web.v2"]);
    assert!(seen.contains(&ip), "{seen}");
    // Each replica of `pool` is given the range; docker binds each to a
    // free port of it.
    let mut bound = Vec::new();
    for number in 1..=2 {
        let info = inspect(&[&ids[&format!("{}-pool-{number}", stack.name)]]);
        assert_eq!(
            info["HostConfig"]["PortBindings"]["8080/tcp"][0]["HostPort"],
            range.as_str(),
            "{info:#}"
        );
        let port: u16 = info["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((start..start + 4).contains(&port), "{port} in {range}");
        bound.push(port);
    }
    assert_ne!(bound[0], bound[1]);
    let again = stack.run_ok("up", &[]);
    assert!(!again.stdout.contains("created"), "{}", again.transcript());
    again.has_line("`image …: built again, inputs unchanged`", |l| {
        l.starts_with("image ") && l.contains("fresh") && l.contains("built again")
    });
    assert_eq!(stack.container_ids(), ids, "{}", again.transcript());
    // The job of 0 replicas never ran; `spare` runs until scaled to 0.
    assert!(
        !ids.keys().any(|name| name.contains("-migrate-")),
        "{ids:?}"
    );
    assert!(ids.contains_key(&stack.container("spare")), "{ids:?}");
    stack.edit("replicas = 1", "replicas = 0");
    stack.compile("up");
    stack.run_ok("up", &[]);
    let now = stack.container_ids();
    assert!(!now.contains_key(&stack.container("spare")), "{now:?}");
    assert_eq!(now[&stack.container("client")], *client, "client kept");
    stack.run_ok("down", &[]);
}

/// `count` free, consecutive host ports (the start of the block).
fn free_block(count: u16) -> u16 {
    for _ in 0..50 {
        let start = crate::engine_support::free_port();
        let free = (1..count).all(|k| {
            start
                .checked_add(k)
                .is_some_and(|p| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok())
        });
        if free {
            return start;
        }
    }
    panic!("no {count} consecutive free host ports");
}
