//! `links` on the engine (`fixtures/engine/links.toml`): docker's `--link`
//! as compose writes it, on the default bridge (legacy links, which
//! `HostConfig.Links` shows) and on the stack's network (names of the
//! linked containers there); the linked service starts first, and a
//! recreated one recreates the service linked to it.

use crate::Stack;
use crate::engine_support::{exec, inspect};

/// `ping -c1 NAME` from `container` succeeds: the name resolves and answers.
fn reaches(container: &str, name: &str) -> bool {
    std::process::Command::new("docker")
        .args(["exec", container, "ping", "-c1", "-W2", name])
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn linked_services_are_reached_by_their_aliases() {
    let stack = crate::stack_or_skip!("links", "links.toml");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let web = &ids[&stack.container("web")];
    let db = stack.container("db");
    let links = inspect(&[web])["HostConfig"]["Links"].clone();
    let mut links: Vec<String> = links
        .as_array()
        .expect("HostConfig.Links is a list")
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    links.sort();
    let web_name = stack.container("web");
    let mut expected: Vec<String> = [
        "database".to_owned(),
        "db-1".to_owned(),
        format!("{}-db-1", stack.name),
    ]
    .iter()
    .map(|alias| format!("/{db}:/{web_name}/{alias}"))
    .collect();
    expected.sort();
    assert_eq!(links, expected);
    assert!(reaches(web, "database"), "web reaches db as `database`");
    assert!(
        exec(web, &["cat", "/etc/hosts"]).contains("database"),
        "a legacy link is a line of /etc/hosts"
    );

    // On a user network docker keeps the links with the network, as names.
    let client = &ids[&stack.container("client")];
    let network = stack.network("default");
    let links = inspect(&[client])["NetworkSettings"]["Networks"][&network]["Links"].clone();
    let api = [stack.container("api"), format!("{}-api-2", stack.name)];
    for container in &api {
        assert!(
            links
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l.as_str() == Some(&format!("{container}:backend"))),
            "{links}"
        );
    }
    assert!(
        reaches(client, "backend"),
        "client reaches api as `backend`"
    );
    assert!(reaches(client, "api"));

    // A second run keeps everything; a recreated `db` recreates `web`,
    // whose link follows it.
    let again = stack.run_ok("up", &[]);
    assert_eq!(stack.container_ids(), ids, "{}", again.transcript());
    stack.edit("REVISION = \"1\"", "REVISION = \"2\"");
    stack.compile("up");
    stack.run_ok("up", &[]);
    let after = stack.container_ids();
    assert_ne!(after[&db], ids[&db]);
    let new_web = &after[&web_name];
    assert_ne!(new_web, web, "web follows the container it links to");
    assert!(reaches(new_web, "database"));
    assert_eq!(
        after[&stack.container("client")],
        *client,
        "the others are kept"
    );
}
