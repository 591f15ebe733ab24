//! `external_links` on the engine (`fixtures/engine/extlinks.toml`):
//! docker's `--link` to a container outside the stack, on the default
//! bridge (legacy links: `HostConfig.Links`, lines of `/etc/hosts`), under
//! the alias and, without one, under the container's own name, as compose
//! gives them; a recreated outside container recreates the linking one.

use crate::Stack;
use crate::engine_support::{docker, exec, inspect};

/// Start the container outside the stack, named `name`, on the default
/// bridge.
fn outside(name: &str) -> String {
    let _ = std::process::Command::new("docker")
        .args(["rm", "-f", name])
        .output();
    docker(&[
        "run",
        "-d",
        "--name",
        name,
        crate::engine_support::IMAGE,
        "sleep",
        "86400",
    ])
    .trim()
    .to_owned()
}

#[test]
fn external_links_reach_a_container_outside_the_stack() {
    let stack = crate::stack_or_skip!("extlinks", "extlinks.toml");
    let name = format!("{}-outside", stack.name);
    stack.edit("extlinks-outside:gateway", &format!("{name}:gateway"));
    stack.edit("\"extlinks-outside\"", &format!("\"{name}\""));
    stack.compile("up");
    let first = outside(&name);
    let guard = Outside(name.clone());
    stack.run_ok("up", &[]);
    let web = stack.container("web");
    let mut links: Vec<String> = inspect(&[&web])["HostConfig"]["Links"]
        .as_array()
        .expect("HostConfig.Links is a list")
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    links.sort();
    let mut expected = vec![
        format!("/{name}:/{web}/gateway"),
        format!("/{name}:/{web}/{name}"),
    ];
    expected.sort();
    assert_eq!(links, expected);
    let hosts = exec(&web, &["cat", "/etc/hosts"]);
    assert!(hosts.contains("gateway"), "{hosts}");

    // Unchanged: kept. The outside container recreated: `web` follows it.
    let ids = stack.container_ids();
    let again = stack.run_ok("up", &[]);
    assert_eq!(stack.container_ids(), ids, "{}", again.transcript());
    let second = outside(&name);
    assert_ne!(first, second);
    stack.run_ok("up", &[]);
    assert_ne!(
        stack.container_ids()[&web],
        ids[&web],
        "a recreated outside container recreates web"
    );
    assert!(exec(&web, &["cat", "/etc/hosts"]).contains("gateway"));
    drop(guard);
}

/// Removes the outside container, also when the test fails.
struct Outside(String);

impl Drop for Outside {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["rm", "-f", &self.0])
            .output();
    }
}
