//! `network_mode` on the engine (`fixtures/engine/netmode.toml`): a sidecar
//! shares another service's network stack, and is recreated when that
//! service is; `none` and `host` reach docker as such.

use crate::Stack;
use crate::engine_support::{exec, inspect};

#[test]
fn a_sidecar_shares_the_network_stack_and_follows_its_service() {
    let stack = crate::stack_or_skip!("netmode", "netmode.toml");
    stack.run_ok("up", &[]);
    let ids = stack.container_ids();
    let sidecar = &ids[&stack.container("sidecar")];
    let web = &ids[&stack.container("web")];
    let mode = |id: &str| inspect(&[id])["HostConfig"]["NetworkMode"].clone();
    // Docker keeps the name or the ID it was given, by version.
    let joins = |id: &str, web: &str| {
        let mode = mode(id);
        mode == format!("container:{web}").as_str()
            || mode == format!("container:{}", stack.container("web")).as_str()
    };
    assert!(joins(sidecar, web), "{}", mode(sidecar));
    assert_eq!(mode(&ids[&stack.container("isolated")]), "none");
    assert_eq!(mode(&ids[&stack.container("on_host")]), "host");
    // The web server answers on the sidecar's loopback: one network stack.
    let page = exec(sidecar, &["wget", "-qO-", "http://127.0.0.1:8080/hostname"]);
    assert!(!page.is_empty(), "the sidecar reached web on 127.0.0.1");

    // A second run keeps everything.
    let again = stack.run_ok("up", &[]);
    assert_eq!(stack.container_ids(), ids, "{}", again.transcript());

    // Recreating `web` recreates the sidecar, which joins the new stack.
    stack.edit("REVISION = \"1\"", "REVISION = \"2\"");
    stack.compile("up");
    let plan = stack.run_ok("up", &["--plan"]);
    for service in ["web", "sidecar"] {
        assert!(
            plan.stdout
                .lines()
                .any(|l| l.contains("recreate") && l.contains(&stack.container(service))),
            "--plan says {service} is recreated: {}",
            plan.transcript()
        );
    }
    stack.run_ok("up", &[]);
    let after = stack.container_ids();
    let new_web = &after[&stack.container("web")];
    let new_sidecar = &after[&stack.container("sidecar")];
    assert_ne!(new_web, web);
    assert_ne!(
        new_sidecar, sidecar,
        "the sidecar follows its network stack"
    );
    assert!(joins(new_sidecar, new_web), "{}", mode(new_sidecar));
    let page = exec(
        new_sidecar,
        &["wget", "-qO-", "http://127.0.0.1:8080/hostname"],
    );
    assert!(!page.is_empty());
    assert_eq!(
        after[&stack.container("isolated")],
        ids[&stack.container("isolated")],
        "the others are kept"
    );
}
