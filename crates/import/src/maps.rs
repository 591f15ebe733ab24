//! Compose's "dictionary or list of `KEY=VALUE`" fields: `environment`,
//! `labels`, `build.args` and keys such as `sysctls`, as TOML tables.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

/// `environment`: values take parameters; a variable without a value
/// (`- KEY`, `KEY:`) is passed through from the environment, which
/// stack.toml writes in the list form (`"KEY"`).
pub fn environment(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(ctx, path, node, true, "")
}

/// `labels`: values take parameters.
pub fn labels(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        false,
        "a label without a value; write `KEY: \"\"`",
    )
}

/// A [`stackc_ir::flags::Kind::Map`] key such as `sysctls`.
pub fn pairs(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        false,
        "an entry without a value; write `KEY: VALUE`",
    )
}

/// `build.args`.
pub fn build_args(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    convert(
        ctx,
        path,
        node,
        false,
        "a build argument without a value (taken from the environment by compose); give it a value",
    )
}

/// `pass`: a name without a value is passed through (`environment`);
/// else it is refused with `no_value`.
fn convert(ctx: &mut Ctx, path: &str, node: &Node, pass: bool, no_value: &str) -> Option<Value> {
    // `None`: passed through.
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let push = |out: &mut Vec<(String, Option<String>)>, key: String, value: Option<String>| {
        out.retain(|(k, _)| *k != key);
        out.push((key, value));
    };
    match &node.kind {
        Kind::Map(map) => {
            for (name, p, key, value) in entries(path, map) {
                if value.is_null() {
                    if pass {
                        push(&mut out, name, None);
                    } else {
                        ctx.problems.unsupported(&p, key, no_value);
                    }
                    continue;
                }
                if let Some(text) = ctx.template(&p, value) {
                    push(&mut out, name, Some(text));
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
                    if pass {
                        push(&mut out, text, None);
                    } else {
                        ctx.problems.unsupported(&p, item, no_value);
                    }
                    continue;
                };
                if let Some(value) = ctx.template_text(&p, item, value) {
                    push(&mut out, name.to_owned(), Some(value));
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
    if out.iter().any(|(_, value)| value.is_none()) {
        return Some(Value::Array(
            out.into_iter()
                .map(|(name, value)| {
                    Value::Str(match value {
                        Some(value) => format!("{name}={value}"),
                        None => name,
                    })
                })
                .collect(),
        ));
    }
    Some(Value::Table(
        out.into_iter()
            .map(|(name, value)| (name, Value::Str(value.unwrap_or_default())))
            .collect(),
    ))
}
