//! The compose keys of [`stackc_ir::flags::FLAGS`]: the stack.toml key of
//! the same name, converted by its kind.

use stackc_ir::flags::{Flag, Kind};

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
        Kind::List(rule) => items(path, ctx.list(path, node)?)
            .map(|(path, item)| {
                let text = if rule.templated() {
                    ctx.template(&path, item)
                } else {
                    ctx.literal(&path, item)
                };
                text.map(Value::Str)
            })
            .collect::<Option<_>>()
            .map(Value::Array),
    }
}
