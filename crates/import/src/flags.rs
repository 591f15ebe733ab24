//! The compose keys of [`stackc_ir::flags::FLAGS`]: the stack.toml key of
//! the same name, converted by its kind.

use stackc_ir::flags::{Flag, Kind, Rule};

use crate::node::Node;
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

/// The stack.toml value of `flag`, or `None` when it is left out
/// (reported) or is the default (`false`).
pub(crate) fn convert(ctx: &mut Ctx, flag: &Flag, path: &str, node: &Node) -> Option<Value> {
    match flag.kind {
        Kind::Switch => switch(ctx, path, node),
        // A value with a grammar may use parameters too: stackc checks it
        // with their defaults, and the script with the values it runs with.
        Kind::Value(_) | Kind::Seconds => ctx.template(path, node).map(Value::Str),
        // Compose takes one string for a list of one (`dns: 10.0.0.2`).
        Kind::List(_) if node.scalar_text().is_some() => ctx
            .template(path, node)
            .map(|text| Value::Array(vec![Value::Str(text)])),
        Kind::List(_) => items(path, ctx.list(path, node)?)
            .map(|(path, item)| ctx.template(&path, item).map(Value::Str))
            .collect::<Option<_>>()
            .map(Value::Array),
        Kind::Map(Rule::Ulimit) => ulimits(ctx, path, node),
        Kind::Map(_) => crate::maps::pairs(ctx, path, node),
    }
}

/// A compose boolean: `true` or `false` (or a string compose reads as
/// one), or a string that variables complete (`${USE_INIT:-false}`), which
/// stays a parameter: the script reads it as compose does.
fn switch(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    if !matches!(node.kind, crate::node::Kind::Bool(_))
        && let Some(text) = node.scalar_text()
        && text.contains('$')
    {
        let template = ctx.template(path, node)?;
        if template.contains("${") {
            return Some(Value::Str(template));
        }
    }
    ctx.boolean(path, node).filter(|on| *on).map(Value::Bool)
}

/// compose's `ulimits`: a number, or `{ soft, hard }`, per limit.
fn ulimits(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    for (name, p, _, limit) in entries(path, ctx.mapping(path, node)?) {
        let number = |ctx: &mut Ctx, p: &str, node: &Node| {
            let text = ctx.template(p, node)?;
            match text.parse::<i128>() {
                Ok(n) if n >= -1 => Some(Value::Int(n)),
                _ if text.contains("${") => Some(Value::Str(text)),
                _ => {
                    ctx.problems
                        .unsupported(p, node, "a limit is a whole number, or -1");
                    None
                }
            }
        };
        let value = if limit.as_map().is_some() {
            let mut fields = Vec::new();
            for (field, field_path, key, n) in entries(&p, ctx.mapping(&p, limit)?) {
                if !matches!(field.as_str(), "soft" | "hard") {
                    ctx.problems
                        .unsupported(&field_path, key, "a limit has `soft` and `hard`");
                    return None;
                }
                fields.push((field, number(ctx, &field_path, n)?));
            }
            Value::Table(fields)
        } else {
            number(ctx, &p, limit)?
        };
        out.push((name, value));
    }
    Some(Value::Table(out))
}
