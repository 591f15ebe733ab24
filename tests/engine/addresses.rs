//! Addresses that parameters complete (`fixtures/engine/addresses.toml`,
//! mailcow's pattern): the network's subnet and the container's fixed
//! address (and an `extra_hosts` address) follow the parameter, the healthcheck's interval another one; a
//! value that is no address or no duration stops `up.sh` before it changes
//! anything; another interval recreates the container; another subnet
//! while the network exists stops the script before any change (docker
//! cannot change a network in place), and is taken once the stack is down.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker_lines, inspect};

/// The container's `extra_hosts`, as docker keeps them.
fn extra_hosts(stack: &Stack) -> Vec<String> {
    let container = inspect(&[&stack.container("app")]);
    serde_json::from_value(container["HostConfig"]["ExtraHosts"].clone())
        .unwrap_or_else(|_| panic!("no extra hosts: {container:#}"))
}

/// The network's subnet, the container's address on it, and its
/// healthcheck's interval in seconds.
fn placed(stack: &Stack) -> (String, String, u64) {
    let network = stack.network("mail");
    let info = inspect(&["--type", "network", &network]);
    let subnet = info["IPAM"]["Config"][0]["Subnet"]
        .as_str()
        .unwrap_or_else(|| panic!("no subnet: {info:#}"))
        .to_owned();
    let container = inspect(&[&stack.container("app")]);
    let on = &container["NetworkSettings"]["Networks"][&network];
    assert_eq!(
        on["IPAMConfig"]["IPv4Address"], on["IPAddress"],
        "the address docker gave is the one asked for: {on:#}"
    );
    // Docker keeps the interval in nanoseconds.
    let interval = container["Config"]["Healthcheck"]["Interval"]
        .as_u64()
        .unwrap_or_else(|| panic!("no interval: {container:#}"));
    (
        subnet,
        on["IPAddress"].as_str().unwrap().to_owned(),
        interval / 1_000_000_000,
    )
}

#[test]
fn addresses_from_parameters_reach_the_engine() {
    let stack = crate::stack_or_skip!("addresses", "addresses.toml");
    let up = |network: &str, interval: &str| {
        stack.run(
            "up",
            &[],
            &[("IPV4_NETWORK", network), ("HEALTH_INTERVAL", interval)],
            Duration::from_secs(120),
        )
    };
    let run = |network: &str| up(network, "");

    // Not an address: the script stops before its first docker command.
    let refused = run("10.213.300").exits(1);
    assert!(
        refused.stderr.contains(
            "networks.mail.ipam.config[0].subnet is 10.213.300.0/24, which is not a CIDR block"
        ),
        "{}",
        refused.transcript()
    );
    assert!(stack.container_ids().is_empty(), "{}", refused.transcript());
    assert!(stack.networks().is_empty(), "{}", refused.transcript());

    let refused = up("10.213.248", "9").exits(1);
    assert!(
        refused
            .stderr
            .contains("services.app.healthcheck.interval is 9, which is not a duration"),
        "{}",
        refused.transcript()
    );
    assert!(stack.networks().is_empty(), "{}", refused.transcript());

    let refused = stack
        .run("up", &[], &[("GW", "gw.example")], Duration::from_secs(120))
        .exits(1);
    assert!(
        refused.stderr.contains(
            "services.app.extra_hosts.\"gw.local\" is gw.example, which is not an IPv4 or IPv6 address or host-gateway"
        ),
        "{}",
        refused.transcript()
    );
    assert!(stack.networks().is_empty(), "{}", refused.transcript());

    run("10.213.248").ok();
    assert_eq!(
        extra_hosts(&stack),
        ["db.local:10.213.248.7", "gw.local:host-gateway"]
    );
    assert_eq!(
        placed(&stack),
        ("10.213.248.0/24".to_owned(), "10.213.248.249".to_owned(), 7)
    );
    let again = run("10.213.248").ok();
    assert!(!again.stdout.contains("created"), "{}", again.transcript());

    // A bad value with the stack up changes nothing either.
    let before = stack.container_ids();
    run("10.213.248.0").exits(1);
    up("10.213.248", "9").exits(1);
    assert_eq!(stack.container_ids(), before);

    // Another interval is another definition: the container is recreated.
    let changed = up("10.213.248", "9s").ok();
    assert!(
        changed.stdout.contains("created"),
        "{}",
        changed.transcript()
    );
    assert_ne!(stack.container_ids(), before);
    assert_eq!(
        placed(&stack),
        ("10.213.248.0/24".to_owned(), "10.213.248.249".to_owned(), 9)
    );

    // Docker cannot change a network in place: another subnet while the
    // network exists stops the script before it changes anything (else the
    // recreated container would ask for an address outside the old
    // subnet, after the old container was gone). Down, then up with the
    // new value, gives both anew.
    let before = stack.container_ids();
    let refused = run("10.213.249").exits(1);
    assert!(
        refused.stderr.contains(&format!(
            "the network {} exists with another definition",
            stack.network("mail")
        )),
        "{}",
        refused.transcript()
    );
    assert_eq!(stack.container_ids(), before);
    assert_eq!(
        placed(&stack),
        ("10.213.248.0/24".to_owned(), "10.213.248.249".to_owned(), 9)
    );
    stack.run_ok("down", &[]);
    run("10.213.249").ok();
    assert_eq!(
        placed(&stack),
        ("10.213.249.0/24".to_owned(), "10.213.249.249".to_owned(), 7)
    );
    assert_eq!(
        extra_hosts(&stack),
        ["db.local:10.213.249.7", "gw.local:host-gateway"]
    );
    stack.run_ok("down", &[]);
    assert!(stack.container_ids().is_empty());
    let left = docker_lines(&["network", "ls", "--format", "{{.Name}}"]);
    assert!(!left.contains(&stack.network("mail")), "{left:?}");
}
