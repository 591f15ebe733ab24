//! `healthcheck`: `test` (a shell string where compose has `CMD-SHELL`),
//! `interval`, `timeout`, `start_period`, `retries`; `disable: true` is
//! `test = ["NONE"]`.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

pub fn convert(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut fields = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        match field.as_str() {
            "test" => {
                if let Some(test) = test(ctx, &p, value) {
                    fields.push((field, test));
                }
            }
            // Parameters may complete a timing.
            "interval" | "timeout" | "start_period" | "start_interval" => {
                if let Some(text) = ctx.template(&p, value) {
                    fields.push((field, Value::Str(text)));
                }
            }
            // A number, or variables that complete one.
            "retries" => {
                if let Some(text) = ctx.template(&p, value) {
                    match text.parse::<i128>() {
                        Ok(n) => fields.push((field, Value::Int(n))),
                        Err(_) if text.contains("${") => fields.push((field, Value::Str(text))),
                        Err(_) => ctx.problems.unsupported(&p, value, "expected an integer"),
                    }
                }
            }
            "disable" => {
                if ctx.boolean(&p, value) == Some(true) {
                    fields.retain(|(k, _)| k != "test");
                    fields.push((
                        "test".to_owned(),
                        Value::Array(vec![Value::Str("NONE".to_owned())]),
                    ));
                }
            }
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no healthcheck key `{f}`")),
        }
    }
    Some(Value::Table(fields))
}

fn test(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    match &node.kind {
        Kind::Seq(list) => {
            let mut words = Vec::new();
            for (i, (p, item)) in items(path, list).enumerate() {
                // The first word is a keyword, not interpolated text.
                words.push(if i == 0 {
                    ctx.literal(&p, item)?
                } else {
                    ctx.template(&p, item)?
                });
            }
            match words.first().map(String::as_str) {
                Some("CMD-SHELL") if words.len() == 2 => Some(Value::Str(words.remove(1))),
                Some("CMD" | "NONE") => {
                    Some(Value::Array(words.into_iter().map(Value::Str).collect()))
                }
                _ => {
                    ctx.problems.unsupported(
                        path,
                        node,
                        "a test list starts with `CMD`, `CMD-SHELL` (and one command) or `NONE`",
                    );
                    None
                }
            }
        }
        _ => ctx.template(path, node).map(Value::Str),
    }
}
