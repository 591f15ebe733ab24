//! `ports`: the short syntax as written (stackc reads compose's), integers
//! as container ports, the long syntax as a table.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, key_text};

pub fn convert_list(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let Some(items) = node.as_seq() else {
        ctx.problems.unsupported(path, node, "expected a list");
        return None;
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = Ctx::item(path, i);
        let port = match &item.kind {
            Kind::Int(n) => Some(Value::Int(*n)),
            Kind::Map(_) => long(ctx, &p, item),
            _ => ctx.literal(&p, item).map(Value::Str),
        };
        if let Some(port) = port {
            out.push(port);
        }
    }
    Some(Value::Array(out))
}

fn long(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut fields = Vec::new();
    for (key, value) in node.as_map().unwrap_or_default() {
        let field = key_text(key);
        let p = format!("{path}.{field}");
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
