//! Compose's "dictionary or list of `KEY=VALUE`" fields: `environment`,
//! `labels` and `build.args`, as TOML tables.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

/// `environment`: values take parameters; a variable without a value
/// (taken from the shell by compose) has no stackc form.
pub fn environment(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        true,
        "stackc has no pass-through of a variable from the environment of the caller; give it a value (`KEY: ${KEY}` makes it a parameter)",
    )
}

/// `labels`: values take parameters.
pub fn labels(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        true,
        "a label without a value; write `KEY: \"\"`",
    )
}

/// `build.args`.
pub fn build_args(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        true,
        "a build argument without a value (taken from the environment by compose); give it a value",
    )
}

fn convert(
    ctx: &mut Ctx,
    path: &str,
    node: &Node,
    _templates: bool,
    no_value: &str,
) -> Option<Value> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let push = |out: &mut Vec<(String, Value)>, key: String, value: Value| {
        out.retain(|(k, _)| *k != key);
        out.push((key, value));
    };
    match &node.kind {
        Kind::Map(map) => {
            for (name, p, key, value) in entries(path, map) {
                if value.is_null() {
                    ctx.problems.unsupported(&p, key, no_value);
                    continue;
                }
                if let Some(text) = ctx.template(&p, value) {
                    push(&mut out, name, Value::Str(text));
                }
            }
        }
        Kind::Seq(list) => {
            for (p, item) in items(path, list) {
                let Some(text) = item.scalar_text() else {
                    ctx.problems.unsupported(&p, item, "expected `KEY=VALUE`");
                    continue;
                };
                let Some((name, value)) = text.split_once('=') else {
                    ctx.problems.unsupported(&p, item, no_value);
                    continue;
                };
                if let Some(value) = ctx.template_text(&p, item, value) {
                    push(&mut out, name.to_owned(), Value::Str(value));
                }
            }
        }
        Kind::Null => {}
        _ => {
            ctx.problems
                .unsupported(path, node, "expected a mapping or a list of `KEY=VALUE`");
            return None;
        }
    }
    Some(Value::Table(out))
}
