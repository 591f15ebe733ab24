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
            .then(|| resource(ctx, kind, &path, value));
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

fn resource(ctx: &mut Ctx, kind: &str, path: &str, node: &Node) -> Vec<(String, Value)> {
    let mut fields = Vec::new();
    let Some(map) = node.as_map() else {
        if !node.is_null() {
            ctx.problems.unsupported(path, node, "expected a mapping");
        }
        return fields;
    };
    // An external resource's name may take parameters (the stack never
    // creates it); that of one the stack creates is fixed.
    let external = node
        .get("external")
        .is_some_and(|v| v.as_map().is_some() || v.scalar_text().as_deref() == Some("true"));
    for (field, p, key, value) in entries(path, map) {
        match field.as_str() {
            "name" if external => {
                if let Some(text) = ctx.template(&p, value) {
                    fields.push((field, Value::Str(text)));
                }
            }
            "driver" | "name" => {
                if let Some(text) = ctx.literal(&p, value) {
                    fields.push((field, Value::Str(text)));
                }
            }
            "internal" | "attachable" | "enable_ipv6" if kind == "networks" => {
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
                    if let Some(text) = ctx.template(&format!("{p}.name"), legacy) {
                        fields.push(("name".to_owned(), Value::Str(text)));
                    }
                    true
                } else {
                    ctx.boolean(&p, value).unwrap_or(false)
                };
                if external {
                    fields.push((field, Value::Bool(true)));
                }
            }
            // Compose's default driver options are none.
            "driver_opts" if value.as_map().is_some_and(<[_]>::is_empty) => {}
            "driver_opts" => {
                if let Some(opts) = maps::pairs(ctx, &p, value) {
                    fields.push((field, opts));
                }
            }
            "ipam" if kind == "networks" => {
                if let Some(ipam) = ipam(ctx, &p, value) {
                    fields.push((field, ipam));
                }
            }
            f if f.starts_with("x-") => ctx.problems.comment(&p, crate::problem::X_FIELD),
            f => ctx.problems.unsupported(
                &p,
                key,
                &format!("stackc has no {} key `{f}`", &kind[..kind.len() - 1]),
            ),
        }
    }
    fields
}

/// A network's `ipam`: `driver`, `config` (pools of `subnet`, `ip_range`,
/// `gateway`, `aux_addresses`) and `options`; the addresses may take
/// parameters, the rest is literal text.
fn ipam(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        let converted = match field.as_str() {
            "driver" => Value::Str(ctx.literal(&p, value)?),
            "options" => maps::pairs(ctx, &p, value)?,
            "config" => {
                let mut pools = Vec::new();
                for (pp, pool) in crate::items(&p, ctx.list(&p, value)?) {
                    let mut fields = Vec::new();
                    for (f, fp, fkey, fvalue) in entries(&pp, ctx.mapping(&pp, pool)?) {
                        let v = match f.as_str() {
                            // Parameters may complete an address.
                            "subnet" | "ip_range" | "gateway" => {
                                Value::Str(ctx.template(&fp, fvalue)?)
                            }
                            "aux_addresses" => maps::pairs(ctx, &fp, fvalue)?,
                            other => {
                                ctx.problems.unsupported(
                                    &fp,
                                    fkey,
                                    &format!("stackc has no ipam pool key `{other}`"),
                                );
                                return None;
                            }
                        };
                        fields.push((f, v));
                    }
                    pools.push(Value::Table(fields));
                }
                Value::Array(pools)
            }
            other => {
                ctx.problems
                    .unsupported(&p, key, &format!("stackc has no ipam key `{other}`"));
                return None;
            }
        };
        out.push((field, converted));
    }
    Some(Value::Table(out))
}
