//! `blkio_config` on the engine (`fixtures/engine/blkio.toml`), with the
//! block device of this machine's `/` (found at run time).
//!
//! What this proves, and what it does not: the rates and IO operations
//! reach docker (`HostConfig.BlkioDevice*`, sizes as bytes) and, on
//! cgroup v1, the kernel's throttle files of the running container. The
//! test engine's kernel has no block IO weight: docker takes
//! `--blkio-weight` and `--blkio-weight-device`, warns that it discards
//! them, and `docker inspect` shows 0; the test checks that warning there
//! (and the weights themselves on an engine that keeps them).

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::Stack;
use crate::engine_support::{exec, inspect};

/// The whole disk holding `/` (`/dev/vda`), with its `MAJOR:MINOR`: from
/// `/proc/self/mountinfo`, through `/sys/dev/block`; a partition gives
/// its disk (the kernel throttles whole disks).
fn root_disk() -> (PathBuf, String) {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let numbers = mountinfo
        .lines()
        .map(|line| line.split(' ').collect::<Vec<_>>())
        .find(|fields| fields.get(4) == Some(&"/"))
        .map(|fields| fields[2].to_owned())
        .expect("/proc/self/mountinfo has `/`");
    let mut sys = std::fs::canonicalize(Path::new("/sys/dev/block").join(&numbers))
        .unwrap_or_else(|e| panic!("`/` is on {numbers}, not a block device: {e}"));
    if sys.join("partition").exists() {
        sys = sys.parent().unwrap().to_owned();
    }
    let dev = std::fs::read_to_string(sys.join("dev")).unwrap();
    let name = sys.file_name().unwrap().to_str().unwrap().to_owned();
    let path = Path::new("/dev").join(&name);
    assert!(path.exists(), "no {}", path.display());
    (path, dev.trim().to_owned())
}

#[test]
fn block_io_limits_reach_docker() {
    let stack = crate::stack_or_skip!("blkio", "blkio.toml");
    let (disk, numbers) = root_disk();
    let disk = disk.to_str().unwrap();
    let text = std::fs::read_to_string(stack.file()).unwrap();
    std::fs::write(stack.file(), text.replace("/dev/sda", disk)).unwrap();
    stack.compile("up");
    let run = stack.run_ok("up", &[]);
    let app = stack.container("app");
    let host = inspect(&[&app])["HostConfig"].clone();
    assert_eq!(inspect(&[&app])["State"]["Running"], json!(true));
    let device = |rate: u64| json!([{ "Path": disk, "Rate": rate }]);
    // "10mb" is 10 MiB, as compose and docker read it.
    assert_eq!(host["BlkioDeviceReadBps"], device(10_485_760));
    assert_eq!(host["BlkioDeviceWriteBps"], device(1_048_576));
    assert_eq!(host["BlkioDeviceReadIOps"], device(100));
    assert_eq!(host["BlkioDeviceWriteIOps"], device(200));
    if host["BlkioWeight"] == json!(0) {
        assert!(
            run.stderr.contains("Block I/O weight") && run.stderr.contains("Weight discarded"),
            "docker received the weight and discarded it:\n{}",
            run.transcript()
        );
        assert!(
            run.stderr.contains("Weight-device discarded"),
            "docker received the device weight and discarded it:\n{}",
            run.transcript()
        );
    } else {
        assert_eq!(host["BlkioWeight"], json!(300));
        assert_eq!(
            host["BlkioWeightDevice"],
            json!([{ "Path": disk, "Weight": 400 }])
        );
    }
    // The kernel throttles the running container (cgroup v1's files).
    let throttle = exec(
        &app,
        &[
            "sh",
            "-c",
            "cat /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device 2>/dev/null || true",
        ],
    );
    if !throttle.is_empty() {
        assert!(
            throttle.contains(&format!("{numbers} 10485760")),
            "{throttle}"
        );
    }
    // A changed limit recreates the container with it.
    let before = stack.container_ids();
    stack.edit("rate = 200", "rate = 300");
    stack.compile("up");
    stack.run_ok("up", &[]);
    assert_ne!(before[&app], stack.container_ids()[&app], "recreated");
    let host = inspect(&[&app])["HostConfig"].clone();
    assert_eq!(host["BlkioDeviceWriteIOps"], device(300));
    // Compose reads the same limits (its JSON capitalises a device's
    // fields, and gives rates as text).
    stack.compose_file();
    let config = stack.compose_ok(&["config", "--format", "json"], &[]);
    let config: serde_json::Value = serde_json::from_str(&config.stdout).unwrap();
    let blkio = &config["services"]["app"]["blkio_config"];
    assert_eq!(blkio["weight"], json!(300));
    assert_eq!(
        blkio["weight_device"],
        json!([{ "Path": disk, "Weight": 400 }])
    );
    let rate = |rate: &str| json!([{ "Path": disk, "Rate": rate }]);
    assert_eq!(blkio["device_read_bps"], rate("10485760"));
    assert_eq!(blkio["device_write_bps"], rate("1048576"));
    assert_eq!(blkio["device_read_iops"], rate("100"));
    assert_eq!(blkio["device_write_iops"], rate("300"));
}
