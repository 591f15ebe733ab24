//! `gpus` (`fixtures/engine/gpus.toml`): each request reaches docker as
//! compose asks for it, in `HostConfig.DeviceRequests`; a changed request
//! recreates the container. The test machines have no GPU: the containers
//! are created, not started.

use serde_json::json;

use crate::Stack;
use crate::engine_support::inspect;

#[test]
fn gpu_requests_reach_docker() {
    let stack = crate::stack_or_skip!("gpus", "gpus.toml");
    stack.compile("create");
    stack.run_ok("create", &[]);
    let requests = |service: &str| {
        inspect(&[&stack.container(service)])["HostConfig"]["DeviceRequests"].clone()
    };
    assert_eq!(
        requests("all"),
        json!([{ "Driver": "", "Count": -1, "DeviceIDs": null, "Capabilities": [["gpu"]], "Options": {} }])
    );
    assert_eq!(
        requests("given"),
        json!([
            { "Driver": "nvidia", "Count": 0, "DeviceIDs": ["0", "2"], "Capabilities": [["utility", "gpu"]], "Options": { "visible": "a,b" } },
            { "Driver": "", "Count": 2, "DeviceIDs": null, "Capabilities": [["gpu"]], "Options": {} }
        ])
    );
    // Created again with nothing changed: kept; a changed request
    // recreates the container.
    let before = stack.container_ids();
    stack
        .run_ok("create", &[])
        .says_none_of(&["created", "removed"]);
    stack.edit("gpus = \"all\"", "gpus = 1");
    stack.compile("create");
    stack.run_ok("create", &[]);
    let after = stack.container_ids();
    let all = stack.container("all");
    let given = stack.container("given");
    assert_ne!(before[&all], after[&all], "a changed request recreates");
    assert_eq!(before[&given], after[&given], "an unchanged one is kept");
    assert_eq!(requests("all")[0]["Count"], 1);
    // Compose reads the same requests.
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    assert_eq!(config["services"]["all"]["gpus"], json!([{ "count": 1 }]));
    assert_eq!(
        config["services"]["given"]["gpus"][0]["device_ids"],
        json!(["0", "2"])
    );
}
