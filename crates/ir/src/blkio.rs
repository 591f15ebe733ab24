//! `blkio_config`: a container's block IO weight and limits, as compose
//! says them (docker's `--blkio-weight`, `--blkio-weight-device`,
//! `--device-read-bps`, `--device-write-bps`, `--device-read-iops`,
//! `--device-write-iops`).

/// A service's `blkio_config`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blkio {
    /// `weight`: 10 to 1000 (compose's 0, unset, is `None`).
    pub weight: Option<u16>,
    /// `weight_device`: a weight per device.
    pub weight_device: Vec<DeviceValue>,
    /// `device_read_bps`: bytes per second.
    pub device_read_bps: Vec<DeviceValue>,
    /// `device_write_bps`: bytes per second.
    pub device_write_bps: Vec<DeviceValue>,
    /// `device_read_iops`: operations per second.
    pub device_read_iops: Vec<DeviceValue>,
    /// `device_write_iops`: operations per second.
    pub device_write_iops: Vec<DeviceValue>,
}

/// A device (`/dev/…`, with no `:`) and its weight or rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceValue {
    pub path: String,
    pub value: u64,
}

/// The lists of [`Blkio`], by key, with their docker flag.
pub const DEVICE_KEYS: [(&str, &str); 5] = [
    ("weight_device", "blkio-weight-device"),
    ("device_read_bps", "device-read-bps"),
    ("device_write_bps", "device-write-bps"),
    ("device_read_iops", "device-read-iops"),
    ("device_write_iops", "device-write-iops"),
];

impl Blkio {
    /// The list of a key of [`DEVICE_KEYS`].
    pub fn list(&self, key: &str) -> &[DeviceValue] {
        match key {
            "weight_device" => &self.weight_device,
            "device_read_bps" => &self.device_read_bps,
            "device_write_bps" => &self.device_write_bps,
            "device_read_iops" => &self.device_read_iops,
            "device_write_iops" => &self.device_write_iops,
            _ => &[],
        }
    }

    /// The list of a key of [`DEVICE_KEYS`], to fill.
    pub fn list_mut(&mut self, key: &str) -> Option<&mut Vec<DeviceValue>> {
        match key {
            "weight_device" => Some(&mut self.weight_device),
            "device_read_bps" => Some(&mut self.device_read_bps),
            "device_write_bps" => Some(&mut self.device_write_bps),
            "device_read_iops" => Some(&mut self.device_read_iops),
            "device_write_iops" => Some(&mut self.device_write_iops),
            _ => None,
        }
    }

    /// The docker flags, as `(flag, value)`: `--blkio-weight=W`, then
    /// `--FLAG=PATH:VALUE` per device, in the order of [`DEVICE_KEYS`].
    pub fn docker_flags(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = self
            .weight
            .map(|w| ("blkio-weight", w.to_string()))
            .into_iter()
            .collect();
        for (key, flag) in DEVICE_KEYS {
            for device in self.list(key) {
                out.push((flag, format!("{}:{}", device.path, device.value)));
            }
        }
        out
    }
}
