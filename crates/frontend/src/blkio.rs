//! `blkio_config = { weight, weight_device, device_read_bps, … }`: a
//! container's block IO weight and limits, as compose's `blkio_config`
//! says them; docker's `--blkio-weight`, `--blkio-weight-device` and
//! `--device-{read,write}-{bps,iops}`, one per device.

use crate::raw::DeValue;
use stackc_ir::blkio::{Blkio, DEVICE_KEYS, DeviceValue};
use stackc_ir::stack::Spanned;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};

pub(crate) const BLKIO_KEYS: &[&str] = &[
    "weight",
    "weight_device",
    "device_read_bps",
    "device_write_bps",
    "device_read_iops",
    "device_write_iops",
];

/// The keys of a device's weight, and of a device's rate.
pub(crate) const WEIGHT_KEYS: &[&str] = &["path", "weight"];
pub(crate) const RATE_KEYS: &[&str] = &["path", "rate"];

/// The largest rate docker takes (a signed 64-bit number).
const MAX_RATE: i128 = i64::MAX as i128;

pub(crate) fn decode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<Blkio>> {
    let table = d.table(path, value)?;
    let mut blkio = Blkio::default();
    let mut ok = true;
    for (field, field_path, key, item) in entries(path, table) {
        if field == "weight" {
            match weight(d, &field_path, item, true) {
                Some(w) => blkio.weight = (w != 0).then_some(w),
                None => ok = false,
            }
        } else if let Some(list) = blkio.list_mut(field) {
            match devices(d, field, &field_path, item) {
                Some(items) => *list = items,
                None => ok = false,
            }
        } else {
            d.unknown_key(path, key, BLKIO_KEYS);
            ok = false;
        }
    }
    debug_assert!(DEVICE_KEYS.iter().all(|(k, _)| BLKIO_KEYS.contains(k)));
    ok.then(|| Spanned::new(blkio, span_of(value)))
}

/// A weight: 10 to 1000 (or 0, unset, for the container's `weight`).
fn weight(d: &mut Decoder<'_>, path: &str, value: &Value<'_>, zero: bool) -> Option<u16> {
    let n = d.int(path, value, if zero { 0 } else { 10 }, 1000)?;
    if n == 0 {
        return Some(0);
    }
    if n < 10 {
        d.push(diagnostics::invalid_value(
            Code::InvalidBlkio,
            path,
            &n.to_string(),
            span_of(value),
            "a block IO weight is from 10 to 1000 (or 0: unset)",
        ));
        return None;
    }
    u16::try_from(n).ok()
}

/// A list of `{ path, weight }` or `{ path, rate }`.
fn devices(
    d: &mut Decoder<'_>,
    field: &str,
    path: &str,
    value: &Value<'_>,
) -> Option<Vec<DeviceValue>> {
    let items = d.array(path, value)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match device(d, field, &format!("{path}[{i}]"), item) {
            Some(device) => out.push(device),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn device(d: &mut Decoder<'_>, field: &str, path: &str, value: &Value<'_>) -> Option<DeviceValue> {
    let table = d.table(path, value)?;
    let (number_key, keys) = if field == "weight_device" {
        ("weight", WEIGHT_KEYS)
    } else {
        ("rate", RATE_KEYS)
    };
    let mut device_path = None;
    let mut number = None;
    let mut ok = true;
    for (name, item_path, key, item) in entries(path, table) {
        if name == "path" {
            device_path = device_file(d, &item_path, item);
            ok &= device_path.is_some();
        } else if name == number_key {
            number = match field {
                "weight_device" => weight(d, &item_path, item, false).map(u64::from),
                "device_read_bps" | "device_write_bps" => bytes(d, &item_path, item),
                _ => d
                    .int(&item_path, item, 0, MAX_RATE)
                    .and_then(|n| u64::try_from(n).ok()),
            };
            ok &= number.is_some();
        } else {
            d.unknown_key(path, key, keys);
            ok = false;
        }
    }
    for (missing, key) in [
        (device_path.is_none(), "path"),
        (number.is_none(), number_key),
    ] {
        if ok && missing {
            d.push(
                stackc_ir::Diag::new(Code::InvalidBlkio, format!("`{path}` has no `{key}`"))
                    .label(span_of(value), "this device")
                    .help(format!("write `{{ {} = … }}`", keys.join(" = …, "))),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(DeviceValue {
        path: device_path?,
        value: number?,
    })
}

/// A device file: docker takes `/dev/…`, with no `:` (its separator).
fn device_file(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<String> {
    let text = d.str(path, value)?;
    if !text.starts_with("/dev/") || text.contains([':', '\n', '\r']) {
        d.push(diagnostics::invalid_value(
            Code::InvalidBlkio,
            path,
            text,
            span_of(value),
            "a device's absolute path, under `/dev/` (`/dev/sda`), with no `:` or line break",
        ));
        return None;
    }
    Some(text.to_owned())
}

/// Bytes per second: a number, or a size with a unit (`"10mb"`), which
/// compose and docker read alike (powers of 1024).
fn bytes(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<u64> {
    if let DeValue::String(text) = value.get_ref() {
        let bytes = stackc_ir::flags::size_bytes(text).filter(|n| i128::from(*n) <= MAX_RATE);
        if bytes.is_none() {
            d.push(diagnostics::invalid_value(
                Code::InvalidBlkio,
                path,
                text,
                span_of(value),
                "write a rate in bytes per second, or with a unit: `\"10mb\"`, `\"512k\"`",
            ));
        }
        return bytes;
    }
    d.int(path, value, 0, MAX_RATE)
        .and_then(|n| u64::try_from(n).ok())
}
