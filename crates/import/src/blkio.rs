//! `blkio_config`: a service's block IO weight and limits, as stackc's
//! `blkio_config` (docker's `--blkio-weight`, `--device-read-bps`, …).

use crate::Ctx;
use crate::entries;
use crate::node::Node;
use crate::toml_out::Value;

/// `blkio_config`: `weight` and the device lists, each as it is (a rate
/// that compose reads as a size stays one; stackc reads it alike).
pub fn blkio(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        let converted = match field.as_str() {
            "weight" => number(ctx, &p, value, false)?,
            "weight_device" | "device_read_bps" | "device_write_bps" | "device_read_iops"
            | "device_write_iops" => devices(ctx, &field, &p, value)?,
            _ => {
                ctx.problems.unsupported(
                    &p,
                    key,
                    "`blkio_config` has `weight`, `weight_device`, `device_read_bps`, `device_write_bps`, `device_read_iops` and `device_write_iops`",
                );
                return None;
            }
        };
        out.push((field, converted));
    }
    Some(Value::Table(out))
}

fn devices(ctx: &mut Ctx, field: &str, path: &str, node: &Node) -> Option<Value> {
    let number_key = if field == "weight_device" {
        "weight"
    } else {
        "rate"
    };
    let size = field.ends_with("_bps");
    let mut out = Vec::new();
    for (i, item) in ctx.list(path, node)?.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let mut device = Vec::new();
        for (name, p, key, value) in entries(&item_path, ctx.mapping(&item_path, item)?) {
            let converted = if name == "path" {
                Value::Str(ctx.literal(&p, value)?)
            } else if name == number_key {
                number(ctx, &p, value, size)?
            } else {
                ctx.problems.unsupported(
                    &p,
                    key,
                    &format!("a device of `{field}` has `path` and `{number_key}`"),
                );
                return None;
            };
            device.push((name, converted));
        }
        out.push(Value::Table(device));
    }
    Some(Value::Array(out))
}

/// A whole number; with `size`, a size with a unit (`10mb`) stays text.
/// Compose reads any of them with a unit; stackc only rates in bytes.
fn number(ctx: &mut Ctx, path: &str, node: &Node, size: bool) -> Option<Value> {
    let text = ctx.literal(path, node)?;
    if let Ok(n) = text.parse::<u64>() {
        return Some(Value::Int(i128::from(n)));
    }
    if size {
        return Some(Value::Str(text));
    }
    match stackc_ir::flags::size_bytes(&text) {
        Some(n) => Some(Value::Int(i128::from(n))),
        None => {
            ctx.problems
                .unsupported(path, node, "expected a whole number");
            None
        }
    }
}
