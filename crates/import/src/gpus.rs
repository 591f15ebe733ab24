//! `gpus` and `deploy.resources.reservations.devices`: the GPUs a service
//! asks for, as stackc's `gpus` (docker's `--gpus`).

use crate::Ctx;
use crate::entries;
use crate::node::Node;
use crate::toml_out::Value;

/// `gpus`: `all`, or a list of device requests.
pub fn gpus(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    if node.scalar_text().is_some() {
        return count(ctx, path, node);
    }
    devices(ctx, path, node)
}

/// A list of device requests (`gpus`, or `reservations.devices`, which
/// docker's `--gpus` gives only when they ask for the `gpu` capability).
pub fn devices(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    for (i, item) in ctx.list(path, node)?.iter().enumerate() {
        out.push(request(ctx, &format!("{path}[{i}]"), item)?);
    }
    Some(Value::Array(out))
}

fn count(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let text = ctx.literal(path, node)?;
    if text == "all" {
        return Some(Value::Str(text));
    }
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Some(Value::Int(i128::from(n))),
        _ => {
            ctx.problems
                .unsupported(path, node, "a GPU count is `all` or a number");
            None
        }
    }
}

fn request(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    let mut gpu = false;
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        let converted = match field.as_str() {
            "driver" => Value::Str(ctx.literal(&p, value)?),
            "count" => count(ctx, &p, value)?,
            "device_ids" | "capabilities" => {
                let mut items = Vec::new();
                for (i, item) in ctx.list(&p, value)?.iter().enumerate() {
                    items.push(ctx.literal(&format!("{p}[{i}]"), item)?);
                }
                gpu |= field == "capabilities" && items.iter().any(|c| c == "gpu");
                Value::Array(items.into_iter().map(Value::Str).collect())
            }
            "options" => crate::maps::pairs(ctx, &p, value)?,
            _ => {
                ctx.problems.unsupported(
                    &p,
                    key,
                    "a GPU request has `driver`, `count`, `device_ids`, `capabilities` and `options`",
                );
                return None;
            }
        };
        out.push((field, converted));
    }
    if !gpu && out.iter().any(|(f, _)| f == "capabilities") {
        ctx.problems.unsupported(
            path,
            node,
            "docker's `--gpus` always asks for the `gpu` capability; a device request without it has no docker flag",
        );
        return None;
    }
    Some(Value::Table(out))
}
