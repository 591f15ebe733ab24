//! Top-level `networks` and `volumes` → `[networks]` / `[volumes]`: one
//! `name = { … }` line each, in compose order.

use stackc_ir::names::NameKind;

use crate::node::Node;
use crate::toml_out::{Section, Value};
use crate::{Ctx, entries, maps};

/// `kind` is `networks` or `volumes`.
pub fn convert(ctx: &mut Ctx, kind: &str, node: &Node) -> Vec<Section> {
    let mut section = Section::new(&[kind]);
    let Some(map) = node.as_map() else {
        if !node.is_null() {
            ctx.problems.unsupported(kind, node, "expected a mapping");
        }
        return Vec::new();
    };
    for (name, path, key, value) in entries(kind, map) {
        let fields = ctx
            .valid_name(NameKind::Volume, "stackc name", &path, key, &name)
            .then(|| resource(ctx, kind, &name, &path, value));
        section.comments(ctx.problems.take_comments());
        if let Some(fields) = fields {
            section.pair(&name, Value::Table(fields));
        }
    }
    if section.entries.is_empty() {
        return Vec::new();
    }
    vec![section]
}

fn resource(
    ctx: &mut Ctx,
    kind: &str,
    name: &str,
    path: &str,
    node: &Node,
) -> Vec<(String, Value)> {
    let mut fields = Vec::new();
    let Some(map) = node.as_map() else {
        if !node.is_null() {
            ctx.problems.unsupported(path, node, "expected a mapping");
        }
        return fields;
    };
    let mut external_name = None;
    for (field, p, key, value) in entries(path, map) {
        match field.as_str() {
            "driver" => {
                if let Some(text) = ctx.literal(&p, value) {
                    fields.push((field, Value::Str(text)));
                }
            }
            "internal" if kind == "networks" => {
                if ctx.boolean(&p, value) == Some(true) {
                    fields.push((field, Value::Bool(true)));
                }
            }
            "labels" => {
                if let Some(labels) = maps::labels(ctx, &p, value) {
                    fields.push((field, labels));
                }
            }
            "external" => {
                // The legacy form `external: { name: … }`.
                let external = if let Some(legacy) = value.get("name") {
                    external_name = ctx
                        .literal(&format!("{p}.name"), legacy)
                        .map(|n| (n, legacy.clone()));
                    true
                } else {
                    ctx.boolean(&p, value).unwrap_or(false)
                };
                if external {
                    fields.push((field, Value::Bool(true)));
                }
            }
            "name" => {
                if let Some(text) = ctx.literal(&p, value) {
                    external_name = Some((text, value.clone()));
                }
            }
            // Compose's default driver options are none.
            "driver_opts" if value.as_map().is_some_and(<[_]>::is_empty) => {}
            f if f.starts_with("x-") => {}
            f => ctx.problems.unsupported(
                &p,
                key,
                &format!("stackc has no {} key `{f}`", &kind[..kind.len() - 1]),
            ),
        }
    }
    let external = fields.iter().any(|(k, _)| k == "external");
    if let Some((engine_name, node)) = external_name
        && !(external && engine_name == name)
    {
        ctx.problems.unsupported(
            &format!("{path}.name"),
            &node,
            &format!(
                "an engine name other than the stack's (`<stack>_{name}`); stackc names it so, or exactly `{name}` when external"
            ),
        );
    }
    fields
}
