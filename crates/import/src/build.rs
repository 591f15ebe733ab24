//! `build`: a context path, or `{ context, dockerfile, args, target }`.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, maps};

pub fn convert(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    if let Kind::Str(_) = node.kind {
        return context(ctx, path, node).map(Value::Str);
    }
    let Some(map) = node.as_map() else {
        ctx.problems
            .unsupported(path, node, "expected a string or a mapping");
        return None;
    };
    let mut fields = Vec::new();
    let mut has_context = false;
    for (field, p, key, value) in entries(path, map) {
        let converted = match field.as_str() {
            "context" => {
                has_context = true;
                context(ctx, &p, value).map(Value::Str)
            }
            // Compose interpolates them; stackc takes parameters there too.
            "target" | "network" | "dockerfile" | "dockerfile_inline" => {
                ctx.template(&p, value).map(Value::Str)
            }
            "args" => maps::build_args(ctx, &p, value),
            "labels" => maps::labels(ctx, &p, value),
            "no_cache" | "pull" | "privileged" => ctx.boolean(&p, value).map(Value::Bool),
            "shm_size" => match &value.kind {
                Kind::Int(n) => Some(Value::Int(*n)),
                _ => ctx.literal(&p, value).map(Value::Str),
            },
            "tags" | "cache_from" => list_of(ctx, &p, value, Ctx::template),
            "extra_hosts" | "entitlements" | "platforms" => list_of(ctx, &p, value, Ctx::literal),
            "secrets" => secrets(ctx, &p, value),
            "ssh" => ssh(ctx, &p, value),
            f => {
                ctx.problems
                    .unsupported(&p, key, &format!("stackc has no build key `{f}`"));
                None
            }
        };
        if let Some(value) = converted {
            fields.push((field, value));
        }
    }
    if !has_context {
        // Compose's default context is the project directory.
        fields.insert(0, ("context".to_owned(), Value::Str(".".to_owned())));
    }
    // Only a context: the short form.
    if fields.len() == 1 && fields[0].0 == "context" {
        return fields.pop().map(|(_, v)| v);
    }
    Some(Value::Table(fields))
}

/// A build context: a local directory, or a URL docker fetches.
fn context(ctx: &mut Ctx, path: &str, node: &Node) -> Option<String> {
    let text = ctx.literal(path, node)?;
    if text.is_empty() {
        return Some(".".to_owned());
    }
    Some(text)
}

/// Whether a build context is a URL docker fetches (a git repository or
/// a tarball) rather than a local directory.
pub fn is_remote(text: &str) -> bool {
    stackc_ir::host::is_remote_context(text)
}

/// A list of strings, each converted by `convert`: `Ctx::template` for
/// image references that may use variables (`tags`, `cache_from`),
/// `Ctx::literal` for literal ones (`extra_hosts` as `host:ip` or
/// `host=ip`, `entitlements`, `platforms`).
fn list_of(
    ctx: &mut Ctx,
    path: &str,
    node: &Node,
    convert: fn(&mut Ctx, &str, &Node) -> Option<String>,
) -> Option<Value> {
    let list = ctx.list(path, node)?;
    crate::items(path, list)
        .map(|(p, item)| convert(ctx, &p, item).map(Value::Str))
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// `secrets`: names, or mappings with `source` and `target` (the id). A
/// build secret has no owner or mode: compose gives BuildKit none.
fn secrets(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let list = ctx.list(path, node)?;
    let mut out = Vec::new();
    for (p, item) in crate::items(path, list) {
        if item.as_str().is_some() {
            out.push(Value::Str(ctx.literal(&p, item)?));
            continue;
        }
        let map = ctx.mapping(&p, item)?;
        let mut table = Vec::new();
        for (field, fp, key, value) in entries(&p, map) {
            if !matches!(field.as_str(), "source" | "target") {
                ctx.problems.unsupported(
                    &fp,
                    key,
                    &format!(
                        "a build secret has no `{field}` in stackc (BuildKit mounts it by its id)"
                    ),
                );
                return None;
            }
            let text = ctx.literal(&fp, value)?;
            table.push((field, Value::Str(text)));
        }
        out.push(Value::Table(table));
    }
    Some(Value::Array(out))
}

/// `ssh`: a list of `ID` or `ID=PATH`, or a mapping of ids to paths (an
/// empty path: the agent), written as stack.toml's list.
fn ssh(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    if node.as_map().is_none() {
        return list_of(ctx, path, node, Ctx::literal);
    }
    let map = ctx.mapping(path, node)?;
    let mut out = Vec::new();
    for (field, fp, _, value) in entries(path, map) {
        let paths = ctx.literal(&fp, value)?;
        out.push(Value::Str(if paths.is_empty() {
            field
        } else {
            format!("{field}={paths}")
        }));
    }
    Some(Value::Array(out))
}
