//! Compose forms with a rule of their own (`fixtures/engine/rules.toml`):
//! a service named with a `.` and a volume named with capitals keep every
//! name docker derives from them valid.

use crate::Stack;
use crate::engine_support::{docker_lines, exec, inspect};

#[test]
fn dotted_service_and_capitalised_volume_names_run() {
    let stack = crate::stack_or_skip!("rules", "rules.toml");
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
    let again = stack.run_ok("up", &[]);
    assert!(!again.stdout.contains("created"), "{}", again.transcript());
    stack.run_ok("down", &[]);
}
