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
    if short_fits(node) {
        return short_with_variables(ctx, path, node);
    }
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

/// Whether a long-syntax port uses variables and has only fields the
/// short syntax has room for.
fn short_fits(node: &Node) -> bool {
    let map = node.as_map().unwrap_or_default();
    let uses_variable = map
        .iter()
        .any(|(_, value)| value.scalar_text().is_some_and(|t| t.contains('$')));
    uses_variable
        && map.iter().all(|(key, value)| {
            matches!(
                key.as_str(),
                Some("target" | "published" | "host_ip" | "protocol")
            ) || (key.as_str() == Some("mode") && value.as_str() == Some("ingress"))
        })
}

/// The long syntax with variables (`published: ${HTTP_PORT:-8080}`), as
/// the short syntax stackc takes parameters in,
/// `[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`: checked as one port mapping
/// where its values become known.
fn short_with_variables(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let map = node.as_map().unwrap_or_default();
    let mut field = |name: &str| -> Option<Option<String>> {
        match map.iter().find(|(key, _)| key.as_str() == Some(name)) {
            None => Some(None),
            Some((_, value)) => ctx.template(&format!("{path}.{name}"), value).map(Some),
        }
    };
    let (Some(target), Some(published), Some(host_ip), Some(protocol)) = (
        field("target"),
        field("published"),
        field("host_ip"),
        field("protocol"),
    ) else {
        return None;
    };
    let Some(target) = target else {
        ctx.problems
            .unsupported(path, node, "a port needs its `target`");
        return None;
    };
    let mut text = String::new();
    if let Some(ip) = host_ip {
        // The short syntax brackets an IPv6 address.
        if ip.contains(':') && !ip.starts_with('[') {
            text.push_str(&format!("[{ip}]:"));
        } else {
            text.push_str(&format!("{ip}:"));
        }
        if published.is_none() {
            text.push(':');
        }
    }
    if let Some(published) = published {
        text.push_str(&format!("{published}:"));
    }
    text.push_str(&target);
    if let Some(protocol) = protocol {
        text.push_str(&format!("/{protocol}"));
    }
    Some(Value::Str(text))
}
