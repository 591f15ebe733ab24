//! Network and volume options on the engine (`fixtures/engine/netopts.toml`):
//! a network's subnet, gateway and driver options, a fixed address and
//! extra aliases that other containers resolve, the network joined first by
//! priority, engine names of our choosing, a volume's driver options.

use crate::Stack;
use crate::engine_support::{docker, exec, inspect};

#[test]
fn network_and_volume_options_reach_the_engine() {
    let stack = crate::stack_or_skip!("netopts", "netopts.toml");
    // Its own engine names are not scoped by the stack: make them unique.
    let side = format!("{}-side", stack.name);
    stack.edit("\"netopts-side-net\"", &format!("\"{side}\""));
    stack.compile("up");
    stack.compile("down");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let app = &ids[&stack.container("app")];
    let client = &ids[&stack.container("client")];

    let fixed = inspect(&["--type", "network", &stack.network("fixed")]);
    assert_eq!(
        fixed["IPAM"]["Config"][0]["Subnet"], "10.213.247.0/24",
        "{fixed:#}"
    );
    assert_eq!(fixed["IPAM"]["Config"][0]["Gateway"], "10.213.247.1");
    assert_eq!(fixed["IPAM"]["Config"][0]["IPRange"], "10.213.247.128/25");
    assert_eq!(fixed["Attachable"], true);
    assert_eq!(
        fixed["Options"]["com.docker.network.bridge.enable_icc"],
        "true"
    );

    let app_info = inspect(&[app]);
    let on_fixed = &app_info["NetworkSettings"]["Networks"][stack.network("fixed")];
    assert_eq!(on_fixed["IPAddress"], "10.213.247.10", "{on_fixed:#}");
    // `side` has the higher priority: it is the network given at creation.
    assert_eq!(app_info["HostConfig"]["NetworkMode"], side.as_str());

    // The client resolves the aliases to the fixed address.
    for alias in ["api", "api.internal"] {
        let seen = exec(client, &["nslookup", alias]);
        assert!(seen.contains("10.213.247.10"), "{alias}: {seen}");
    }
    let seen = exec(app, &["nslookup", "peer"]);
    let client_ip = inspect(&[client])["NetworkSettings"]["Networks"][&side]["IPAddress"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(seen.contains(&client_ip), "peer: {seen}");

    // The volume is a tmpfs of 4 MiB, as its driver options say.
    let df = exec(app, &["df", "-k", "/scratch"]);
    assert!(df.contains("tmpfs") && df.contains("4096"), "{df}");

    // A second run changes nothing; down removes the networks (the named one too).
    let again = stack.run_ok("up", &[]);
    assert!(!again.stdout.contains("created"), "{}", again.transcript());
    stack.run_ok("down", &[]);
    let left = docker(&["network", "ls", "--format", "{{.Name}}"]);
    assert!(!left.lines().any(|n| n == side), "{left}");
}
