//! A volume's `subpath` (`fixtures/engine/subpath.toml`), which needs
//! Docker Engine API 1.45: on such an engine the container sees only that
//! directory of the volume; on an older one `up.sh` stops before it
//! changes anything, naming the key.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker, exec, inspect};

#[test]
fn a_volume_subpath_mounts_one_directory_or_stops_before_an_old_engine() {
    let stack = crate::stack_or_skip!("subpath", "subpath.toml");
    let api = docker(&["version", "--format", "{{.Server.APIVersion}}"]);
    let (major, minor) = api.trim().split_once('.').expect("an API version");
    let recent = (major.parse::<u32>().unwrap(), minor.parse::<u32>().unwrap()) >= (1, 45);
    let run = stack.run("up", &[], &[], Duration::from_secs(120));
    if recent {
        assert_eq!(run.status.code(), Some(0), "{}", run.transcript());
        let app = &stack.container_ids()[&stack.container("app")];
        assert_eq!(exec(app, &["cat", "/srv/index.html"]), "from the subpath\n");
        let mounts = inspect(&[app])["HostConfig"]["Mounts"].clone();
        assert!(mounts.to_string().contains("site/www"), "{mounts}");
    } else {
        assert_eq!(run.status.code(), Some(1), "{}", run.transcript());
        assert!(
            run.stderr.contains(&format!(
                "services.app.volumes (volume.subpath) needs Docker Engine API 1.45 or later (Docker 26); this engine has API {}",
                api.trim()
            )),
            "{}",
            run.transcript()
        );
        assert!(run.stdout.is_empty(), "nothing done: {}", run.transcript());
        assert!(stack.container_ids().is_empty(), "no container");
        let volumes = docker(&["volume", "ls", "--quiet", "--filter", &stack.filter()]);
        assert!(volumes.trim().is_empty(), "no volume: {volumes}");
        let dry = stack.run("up", &["--dry-run"], &[], Duration::from_secs(60));
        assert_eq!(dry.status.code(), Some(0), "{}", dry.transcript());
        let mount = format!(
            "--mount=type=volume,source={}_data,target=/srv,readonly,volume-subpath=site/www",
            stack.name
        );
        assert!(dry.stdout.contains(&mount), "{mount}: {}", dry.transcript());
    }
}
