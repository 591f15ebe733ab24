//! The compose keys of [`stackc_ir::flags::FLAGS`]: the stack.toml key of
//! the same name, converted by its kind.

use stackc_ir::flags::{Flag, Kind, Rule};

use crate::node::Node;
use crate::toml_out::Value;
use crate::{Ctx, items};

/// The stack.toml value of `flag`, or `None` when it is left out
/// (reported) or is the default (`false`).
pub(crate) fn convert(ctx: &mut Ctx, flag: &Flag, path: &str, node: &Node) -> Option<Value> {
    match flag.kind {
        Kind::Switch => ctx.boolean(path, node).filter(|on| *on).map(Value::Bool),
        Kind::Value(rule) if rule.templated() => ctx.template(path, node).map(Value::Str),
        Kind::Value(_) | Kind::Seconds => ctx.literal(path, node).map(Value::Str),
        // Compose takes one string for a list of one (`dns: 10.0.0.2`).
        Kind::List(rule) if node.scalar_text().is_some() => {
            one(ctx, rule, path, node).map(|text| Value::Array(vec![Value::Str(text)]))
        }
        Kind::List(rule) => items(path, ctx.list(path, node)?)
            .map(|(path, item)| one(ctx, rule, &path, item).map(Value::Str))
            .collect::<Option<_>>()
            .map(Value::Array),
        Kind::Map(_) => crate::maps::pairs(ctx, path, node),
    }
}

/// One value: with its parameters when the rule takes them.
fn one(ctx: &mut Ctx, rule: Rule, path: &str, node: &Node) -> Option<String> {
    if rule.templated() {
        ctx.template(path, node)
    } else {
        ctx.literal(path, node)
    }
}
