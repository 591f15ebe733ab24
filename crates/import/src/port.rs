//! `ports`: the short syntax as written (stackc reads compose's), integers
//! as container ports, the long syntax as a table.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

pub fn convert_list(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let ports = items(path, ctx.list(path, node)?)
        .filter_map(|(p, item)| match &item.kind {
            Kind::Int(n) => Some(Value::Int(*n)),
            Kind::Map(_) => long(ctx, &p, item),
            // The short syntax may use variables, as compose interpolates it.
            _ => ctx.template(&p, item).map(Value::Str),
        })
        .collect();
    Some(Value::Array(ports))
}

fn long(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut fields = Vec::new();
    for (field, p, key, value) in entries(path, node.as_map().unwrap_or_default()) {
        match field.as_str() {
            "target" | "published" => {
                let text = ctx.literal(&p, value)?;
                let value = match text.parse::<i128>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => Value::Str(text),
                };
                fields.push((field, value));
            }
            "host_ip" | "protocol" => fields.push((field, Value::Str(ctx.literal(&p, value)?))),
            // Compose's default.
            "mode" if value.as_str() == Some("ingress") => {}
            "mode" => ctx.problems.unsupported(
                &p,
                value,
                "stackc publishes ports only in `ingress` mode (`docker run -p`)",
            ),
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no port key `{f}`")),
        }
    }
    Some(Value::Table(fields))
}
