//! Addresses that parameters complete (a subnet, a fixed address), and a
//! healthcheck's timing: the
//! script checks each value it runs with before its first docker command,
//! as stackc checks a literal (and `argv` the values it fixes), and a bad
//! one stops it naming the field, having asked docker nothing.

use std::path::Path;

use crate::fake_docker::{EMPTY_ENGINE, FakeDocker};
use crate::support::{Test, stack_in};

/// One parameter for each kind of address, each the whole value.
const STACK: &str = r#"
[stack]
name = "addr"

[params.NET4]
default = "172.22.1"

[params.SUBNET6]
default = "fd00:1::/64"

[params.GATEWAY]
default = "172.22.1.1"

[params.ADDR4]
default = "172.22.1.9"

[params.ADDR6]
default = "fd00:1::9"

[params.EVERY]
default = "30s"

[params.RETRIES]
default = "3"

[params.HOST_IP]
default = "host-gateway"

[networks.back]
enable_ipv6 = true
ipam = { config = [
  { subnet = "${NET4}.0/24", gateway = "${GATEWAY}" },
  { subnet = "${SUBNET6}" },
] }

[services.web]
image = "nginx:1.27"
networks = { back = { ipv4_address = "${ADDR4}", ipv6_address = "${ADDR6}" } }
healthcheck = { test = ["CMD", "true"], interval = "${EVERY}", retries = "${RETRIES}" }
extra_hosts = ["host.docker.internal:${HOST_IP}"]
"#;

/// `up.sh` of [`STACK`] run against an empty engine with `env`: its exit
/// code and stderr, and whether it ran a docker command that changes
/// something.
fn up(fake: &FakeDocker, script: &Path, env: &[(&str, &str)]) -> (Option<i32>, String, bool) {
    std::fs::write(fake.dir.join("log"), "").unwrap();
    let ran = fake.bash(script, &[]).envs(env.iter().copied()).run();
    (ran.code, ran.stderr, !fake.log().is_empty())
}

#[test]
fn a_bad_address_stops_the_script_before_docker_naming_the_field() {
    let (dir, stack) = stack_in("addresses-refused", STACK);
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&script).ok();
    let fake = FakeDocker::new(&dir, EMPTY_ENGINE, "");

    let (code, stderr, changed) = up(&fake, &script, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(changed, "the defaults create the network and the container");

    // (The script quotes a value only where it needs quotes.)
    let cases = [
        (
            "NET4",
            "172.22.300",
            "networks.back.ipam.config[0].subnet",
            "172.22.300.0/24",
            "a CIDR block",
        ),
        (
            "SUBNET6",
            "fd00:1::/129",
            "networks.back.ipam.config[1].subnet",
            "fd00:1::/129",
            "a CIDR block",
        ),
        (
            "GATEWAY",
            "gw.local",
            "networks.back.ipam.config[0].gateway",
            "gw.local",
            "an IPv4 or IPv6 address",
        ),
        (
            "ADDR4",
            "fd00:1::9",
            "services.web.networks.back.ipv4_address",
            "fd00:1::9",
            "an IPv4 address",
        ),
        (
            "ADDR6",
            "--ip6=x",
            "services.web.networks.back.ipv6_address",
            "--ip6=x",
            "an IPv6 address",
        ),
        (
            "HOST_IP",
            "host.local",
            "services.web.extra_hosts.\"host.docker.internal\"",
            "host.local",
            "an IPv4 or IPv6 address or host-gateway",
        ),
    ];
    for (name, value, place, shown, expected) in cases {
        let (code, stderr, changed) = up(&fake, &script, &[(name, value)]);
        assert_eq!(code, Some(1), "{name}={value}: {stderr}");
        assert!(
            stderr.starts_with(&format!("up.sh: error: {place} is "))
                && stderr.contains(shown)
                && stderr.contains(&format!(", which is not {expected}")),
            "{name}={value}: {stderr}"
        );
        assert!(
            !changed,
            "{name}={value}: docker was asked to change something"
        );
    }
}

/// The script's check of an address, a duration or a number of retries and stackc's (`argv`, which fixes the
/// values) agree on each value: both take it or both refuse it.
#[test]
fn the_script_and_stackc_take_the_same_addresses() {
    let (dir, stack) = stack_in("addresses-agree", STACK);
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&script).ok();
    let fake = FakeDocker::new(&dir, EMPTY_ENGINE, "");
    let v4 = [
        "10.0.0.1",
        "255.255.255.255",
        "256.0.0.1",
        "10.0.0",
        "10.0.0.1.2",
        "010.0.0.1",
        "0.0.0.0",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.4\n",
        "",
        "a.b.c.d",
        "1.2.3.-4",
        "٣.1.1.1",
    ];
    let v6 = [
        "::",
        "::1",
        "fd00::9",
        "FD00:1::9",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::8",
        "12345::1",
        "fe80::1%eth0",
        "::ffff:1.2.3.4",
        "::1.2.3.256",
        "1:2:3:4:5:6:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        ":1::2",
        "1::2:",
        "g::1",
        "[::1]",
    ];
    let subnets = [
        "fd00::/64",
        "fd00::/0",
        "fd00::/128",
        "fd00::/129",
        "fd00::/064",
        "fd00::",
        "fd00::/",
        "10.0.0.0/8",
        "10.0.0.0/33",
        "::/1/2",
    ];
    let durations = [
        "30s", "1m30s", "1.5s", ".5s", "1.s", "500ms", "10us", "10µs", "10μs", "7ns", "0", "2h45m",
        "30", "s", "1x", "-1s", "1 s", "30S", "1.2.3s", "", "0s", "00", "1h-1m",
    ];
    let mut cases: Vec<(&str, &str)> = Vec::new();
    cases.extend(durations.iter().map(|v| ("EVERY", *v)));
    let retries = [
        "0",
        "3",
        "-1",
        "03",
        "x",
        "",
        "1e3",
        "9223372036854775807",
        "9223372036854775808",
    ];
    cases.extend(retries.iter().map(|v| ("RETRIES", *v)));
    cases.extend(v4.iter().map(|v| ("ADDR4", *v)));
    cases.extend(v6.iter().map(|v| ("ADDR6", *v)));
    cases.extend(v4.iter().chain(&v6).map(|v| ("GATEWAY", *v)));
    cases.extend(subnets.iter().map(|v| ("SUBNET6", *v)));
    let hosts = ["host-gateway", "host-gateway ", "Host-Gateway", "gateway"];
    cases.extend(v4.iter().chain(&v6).chain(&hosts).map(|v| ("HOST_IP", *v)));
    for (name, value) in cases {
        let (code, stderr, _) = up(&fake, &script, &[(name, value)]);
        let script_takes = code == Some(0);
        assert!(
            script_takes || code == Some(1),
            "{name}={value:?}: {stderr}"
        );
        let argv = Test::new(&["argv", "--format", "shell"])
            .file(&stack)
            .env_clear()
            .env(name, value)
            .run();
        let stackc_takes = argv.code == Some(0);
        assert_eq!(
            script_takes, stackc_takes,
            "{name}={value:?}: the script {}, argv {}",
            stderr, argv.stderr
        );
    }
}
