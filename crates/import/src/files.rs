//! Compose's top-level `secrets:` and `configs:`, and a service's, as
//! `[secrets.NAME]`, `[configs.NAME]` and the service's `secrets` and
//! `configs`.

use stackc_ir::names::NameKind;

use crate::node::{Kind, Node};
use crate::toml_out::{Section, Value};
use crate::{Ctx, entries, items};

/// `secrets` or `configs`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Files {
    Secrets,
    Configs,
}

impl Files {
    fn key(self) -> &'static str {
        match self {
            Self::Secrets => "secrets",
            Self::Configs => "configs",
        }
    }

    fn kind(self) -> NameKind {
        match self {
            Self::Secrets => NameKind::Secret,
            Self::Configs => NameKind::Config,
        }
    }
}

/// The top-level mapping: one section per secret or config.
pub fn convert(ctx: &mut Ctx, files: Files, node: &Node) -> Vec<Section> {
    let top = files.key();
    let Some(map) = ctx.mapping(top, node) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, path, key, value) in entries(top, map) {
        let what = match files {
            Files::Secrets => "stackc secret name",
            Files::Configs => "stackc config name",
        };
        if !ctx.valid_name(files.kind(), what, &path, key, &name) {
            continue;
        }
        let Some(fields) = ctx.mapping(&path, value) else {
            continue;
        };
        let mut section = Section::new(&[top, &name]);
        let mut source = None;
        for (field, p, key, value) in entries(&path, fields) {
            match field.as_str() {
                "file" => source = ctx.template(&p, value).map(|f| ("file", Value::Str(f))),
                "environment" => source = environment(ctx, files, &p, value),
                "content" if files == Files::Configs => {
                    source = ctx.template(&p, value).map(|c| ("content", Value::Str(c)));
                }
                "external" => ctx.problems.unsupported(
                    &p,
                    key,
                    &format!(
                        "an external {} exists in a swarm; on one engine give its content with `file` or `environment`",
                        &top[..top.len() - 1]
                    ),
                ),
                // Swarm's object name and metadata: nothing on one engine.
                "name" | "labels" | "driver" | "driver_opts" | "template_driver" => {
                    ctx.problems
                        .comment(&p, &format!("`{field}` names or labels a swarm object; left out"));
                }
                f if f.starts_with("x-") => ctx.problems.comment(&p, crate::problem::X_FIELD),
                f => ctx
                    .problems
                    .unsupported(&p, key, &format!("stackc has no `{top}` key `{f}`")),
            }
        }
        match source {
            Some((key, value)) => {
                section.comments(ctx.problems.take_comments());
                section.pair(key, value);
                out.push(section);
            }
            None if !fields.iter().any(|(k, _)| k.as_str() == Some("external")) => {
                ctx.problems.unsupported(
                    &path,
                    value,
                    "give its content with `file` or `environment`",
                );
            }
            None => {}
        }
    }
    out
}

/// `environment: VAR`: a parameter, declared secret for a secret.
fn environment(
    ctx: &mut Ctx,
    files: Files,
    path: &str,
    node: &Node,
) -> Option<(&'static str, Value)> {
    let name = ctx.literal(path, node)?;
    if let Err(why) = ctx.params.use_var(&name, &crate::interpolate::Op::Plain) {
        ctx.problems.unsupported(path, node, &why);
        return None;
    }
    if files == Files::Secrets
        && let Some(param) = ctx.params.declared.get_mut(&name)
    {
        param.secret = true;
    }
    Some(("param", Value::Str(name)))
}

/// A service's `secrets` or `configs`: names, or tables with `source`,
/// `target`, `uid`, `gid`, `mode`.
pub fn grants(ctx: &mut Ctx, files: Files, path: &str, node: &Node) -> Option<Value> {
    let list = ctx.list(path, node)?;
    let mut out = Vec::new();
    for (p, item) in items(path, list) {
        if item.as_str().is_some() {
            out.push(Value::Str(ctx.literal(&p, item)?));
            continue;
        }
        let map = ctx.mapping(&p, item)?;
        let mut table = Vec::new();
        for (field, fp, key, value) in entries(&p, map) {
            let converted = match field.as_str() {
                "source" | "target" | "uid" | "gid" => ctx.literal(&fp, value).map(Value::Str),
                "mode" => mode(ctx, &fp, value),
                f => {
                    ctx.problems.unsupported(
                        &fp,
                        key,
                        &format!("stackc has no `{}` key `{f}`", files.key()),
                    );
                    None
                }
            };
            table.push((field, converted?));
        }
        out.push(Value::Table(table));
    }
    Some(Value::Array(out))
}

/// `mode`: a number as compose's YAML reads it (a leading `0` or `0o` is
/// octal), written as an octal string.
fn mode(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let parsed = match &node.kind {
        Kind::Int(n) => u32::try_from(*n).ok(),
        Kind::Str(t) => {
            if let Some(octal) = t.strip_prefix("0o") {
                u32::from_str_radix(octal, 8).ok()
            } else if t.len() > 1 && t.starts_with('0') {
                u32::from_str_radix(&t[1..], 8).ok()
            } else {
                t.parse().ok()
            }
        }
        _ => None,
    };
    match parsed {
        Some(n) if n <= 0o7777 => Some(Value::Str(format!("{n:04o}"))),
        _ => {
            ctx.problems
                .unsupported(path, node, "expected permission bits, e.g. `0440`");
            None
        }
    }
}
