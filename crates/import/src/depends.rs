//! `depends_on`: a list when every condition is `started`, else a table
//! `{ db = "healthy", migrate = "completed" }`.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items};

pub fn convert(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut deps: Vec<(String, Dep)> = Vec::new();
    match &node.kind {
        Kind::Seq(list) => {
            for (p, item) in items(path, list) {
                let dep = Dep {
                    condition: "started",
                    required: true,
                    restart: false,
                };
                deps.push((ctx.literal(&p, item)?, dep));
            }
        }
        Kind::Map(map) => {
            for (service, p, _, spec) in entries(path, map) {
                if let Some(dep) = dependency(ctx, &p, spec) {
                    deps.push((service, dep));
                }
            }
        }
        _ => {
            ctx.problems
                .unsupported(path, node, "expected a list or a mapping");
            return None;
        }
    }
    let plain = |d: &Dep| d.required && !d.restart;
    if deps
        .iter()
        .all(|(_, d)| plain(d) && d.condition == "started")
    {
        return Some(Value::Array(
            deps.into_iter().map(|(s, _)| Value::Str(s)).collect(),
        ));
    }
    Some(Value::Table(
        deps.into_iter()
            .map(|(s, d)| {
                let condition = Value::Str(d.condition.to_owned());
                if plain(&d) {
                    return (s, condition);
                }
                let mut table = vec![("condition".to_owned(), condition)];
                if !d.required {
                    table.push(("required".to_owned(), Value::Bool(false)));
                }
                if d.restart {
                    table.push(("restart".to_owned(), Value::Bool(true)));
                }
                (s, Value::Table(table))
            })
            .collect(),
    ))
}

/// One dependency of the mapping form: its condition, and whether it is
/// required and restarts the dependent.
struct Dep {
    condition: &'static str,
    required: bool,
    restart: bool,
}

fn dependency(ctx: &mut Ctx, path: &str, spec: &Node) -> Option<Dep> {
    let mut dep = Dep {
        condition: "started",
        required: true,
        restart: false,
    };
    for (field, p, key, value) in entries(path, spec.as_map().unwrap_or_default()) {
        match field.as_str() {
            "condition" => {
                dep.condition = match ctx.literal(&p, value)?.as_str() {
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
            "required" => dep.required = ctx.boolean(&p, value)?,
            "restart" => dep.restart = ctx.boolean(&p, value)?,
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no depends_on key `{f}`")),
        }
    }
    Some(dep)
}
