//! `depends_on`: a list when every condition is `started`, else a table
//! `{ db = "healthy", migrate = "completed" }`.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

pub fn convert(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut deps: Vec<(String, &'static str)> = Vec::new();
    match &node.kind {
        Kind::Seq(list) => {
            for (p, item) in items(path, list) {
                deps.push((ctx.literal(&p, item)?, "started"));
            }
        }
        Kind::Map(map) => {
            for (service, p, _, spec) in entries(path, map) {
                if let Some(condition) = dependency(ctx, &p, spec) {
                    deps.push((service, condition));
                }
            }
        }
        _ => {
            ctx.problems
                .unsupported(path, node, "expected a list or a mapping");
            return None;
        }
    }
    if deps.iter().all(|(_, c)| *c == "started") {
        return Some(Value::Array(
            deps.into_iter().map(|(s, _)| Value::Str(s)).collect(),
        ));
    }
    Some(Value::Table(
        deps.into_iter()
            .map(|(s, c)| (s, Value::Str(c.to_owned())))
            .collect(),
    ))
}

fn dependency(ctx: &mut Ctx, path: &str, spec: &Node) -> Option<&'static str> {
    let mut condition = "started";
    for (field, p, key, value) in entries(path, spec.as_map().unwrap_or_default()) {
        match field.as_str() {
            "condition" => {
                condition = match ctx.literal(&p, value)?.as_str() {
                    "service_started" => "started",
                    "service_healthy" => "healthy",
                    "service_completed_successfully" => "completed",
                    other => {
                        ctx.problems.unsupported(
                            &p,
                            value,
                            &format!("unknown condition `{other}`"),
                        );
                        return None;
                    }
                };
            }
            "required" if ctx.boolean(&p, value) == Some(true) => {}
            "restart" if ctx.boolean(&p, value) == Some(false) => {}
            "required" => {
                ctx.problems
                    .unsupported(&p, value, "stackc has no optional dependencies");
            }
            "restart" => ctx.problems.unsupported(
                &p,
                value,
                "stackc does not restart a dependent when its dependency is updated",
            ),
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no depends_on key `{f}`")),
        }
    }
    Some(condition)
}
