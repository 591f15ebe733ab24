//! A service's `blkio_config`.

#![allow(
    dead_code,
    reason = "the types describe the format; no value of them is ever built"
)]

use schemars::JsonSchema;
use serde_json::json;

/// A device file docker takes: under `/dev/`, with no `:`.
const DEVICE: &str = "^/dev/[^:\\n\\r]*$";
/// A size in bytes with an optional unit (powers of 1024).
const SIZE: &str = "^[0-9]+(\\.[0-9]+)?( ?[bB]| ?[kKmMgGtTpP][iI]?[bB]?)?$";

/// `blkio_config`: block IO weight and limits (docker's `--blkio-weight`,
/// `--blkio-weight-device`, `--device-read-bps`, `--device-write-bps`,
/// `--device-read-iops`, `--device-write-iops`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blkio {
    /// The container's weight, 10 to 1000 (0: unset).
    #[schemars(example = 300, range(min = 0, max = 1000))]
    weight: Option<u16>,
    /// A weight per device.
    #[schemars(example = json!([{ "path": "/dev/sda", "weight": 400 }]))]
    weight_device: Option<Vec<WeightDevice>>,
    /// Bytes read per second, per device.
    #[schemars(example = json!([{ "path": "/dev/sda", "rate": "10mb" }]))]
    device_read_bps: Option<Vec<BpsDevice>>,
    /// Bytes written per second, per device.
    #[schemars(example = json!([{ "path": "/dev/sda", "rate": "10mb" }]))]
    device_write_bps: Option<Vec<BpsDevice>>,
    /// Reads per second, per device.
    #[schemars(example = json!([{ "path": "/dev/sda", "rate": 100 }]))]
    device_read_iops: Option<Vec<IopsDevice>>,
    /// Writes per second, per device.
    #[schemars(example = json!([{ "path": "/dev/sda", "rate": 100 }]))]
    device_write_iops: Option<Vec<IopsDevice>>,
}

/// A device and its weight.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightDevice {
    /// The device file.
    #[schemars(example = &"/dev/sda", regex(pattern = DEVICE))]
    path: String,
    /// 10 to 1000.
    #[schemars(example = 400, range(min = 10, max = 1000))]
    weight: u16,
}

/// A device and its rate in bytes per second.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BpsDevice {
    /// The device file.
    #[schemars(example = &"/dev/sda", regex(pattern = DEVICE))]
    path: String,
    /// Bytes per second: a number, or a size with a unit (`"10mb"`).
    #[schemars(example = &"10mb")]
    rate: Bytes,
}

/// A number of bytes, or a size with a unit.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Bytes {
    /// Bytes.
    Number(u64),
    /// A number with a unit `b`, `k`, `m`, `g`, `t`, `p` (powers of 1024).
    Size(#[schemars(regex(pattern = SIZE))] String),
}

/// A device and its rate in operations per second.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IopsDevice {
    /// The device file.
    #[schemars(example = &"/dev/sda", regex(pattern = DEVICE))]
    path: String,
    /// Operations per second.
    #[schemars(example = 100)]
    rate: u64,
}
