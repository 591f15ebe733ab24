//! `healthcheck.start_interval` and `mac_address`
//! (`fixtures/engine/startinterval.toml`), which need Docker Engine API
//! 1.44: on such an engine docker records it
//! and the dependent starts once the first quick check passes; on an older
//! one `up.sh` stops before it changes anything, naming the key.

use std::time::Duration;

use crate::Stack;
use crate::engine_support::{docker, inspect};

#[test]
fn start_interval_reaches_a_recent_engine_and_stops_before_an_old_one() {
    let stack = crate::stack_or_skip!("startinterval", "startinterval.toml");
    let api = docker(&["version", "--format", "{{.Server.APIVersion}}"]);
    let (major, minor) = api.trim().split_once('.').expect("an API version");
    let recent = (major.parse::<u32>().unwrap(), minor.parse::<u32>().unwrap()) >= (1, 44);
    let run = stack.run("up", &[], &[], Duration::from_secs(120));
    if recent {
        assert_eq!(run.status.code(), Some(0), "{}", run.transcript());
        let db = &stack.container_ids()[&stack.container("db")];
        let health = inspect(&[db])["Config"]["Healthcheck"].clone();
        assert_eq!(health["StartInterval"], 1_000_000_000_u64, "{health}");
        assert_eq!(health["StartPeriod"], 30_000_000_000_u64, "{health}");
        let app = &stack.container_ids()[&stack.container("app")];
        let networks = inspect(&[app])["NetworkSettings"]["Networks"].clone();
        assert!(
            networks.to_string().contains("02:42:ac:11:00:99"),
            "{networks}"
        );
    } else {
        assert_eq!(run.status.code(), Some(1), "{}", run.transcript());
        assert!(
            run.stderr.contains(&format!(
                "services.db.healthcheck.start_interval needs Docker Engine API 1.44 or later (Docker 25); this engine has API {}",
                api.trim()
            )),
            "{}",
            run.transcript()
        );
        assert!(run.stdout.is_empty(), "nothing done: {}", run.transcript());
        assert!(stack.container_ids().is_empty(), "no container");
        assert!(stack.networks().is_empty(), "no network");
        // --dry-run shows what it would run, without asking the engine.
        let dry = stack.run("up", &["--dry-run"], &[], Duration::from_secs(60));
        assert_eq!(dry.status.code(), Some(0), "{}", dry.transcript());
        for flag in [
            "--health-start-interval=1s",
            "--mac-address=02:42:ac:11:00:99",
        ] {
            assert!(dry.stdout.contains(flag), "{flag}: {}", dry.transcript());
        }
    }
}
