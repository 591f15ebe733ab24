//! `volumes` of a service: the short syntax as written where stackc reads
//! it the same way, the long syntax as a table.

use stackc_ir::names::NameKind;
use stackc_ir::stack::Mount;

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, entries, items, key_text};

/// What a volume's name is, in messages.
const VOLUME_NAME: &str = "stackc volume name";

pub fn convert_list(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mounts = items(path, ctx.list(path, node)?)
        .filter_map(|(p, item)| match &item.kind {
            Kind::Map(_) => long(ctx, &p, item),
            _ => short(ctx, &p, item),
        })
        .collect();
    Some(Value::Array(mounts))
}

/// A host path in compose's short syntax.
fn is_path(source: &str) -> bool {
    source.starts_with('/') || source.starts_with('.') || source.starts_with('~')
}

/// `[SOURCE:]TARGET[:MODE]`.
fn short(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let Some(text) = node.scalar_text() else {
        ctx.problems
            .unsupported(path, node, "expected a string or a mapping");
        return None;
    };
    let text = crate::hostvars::rewrite(&text).unwrap_or(text);
    let Some((source, target, mode)) = Mount::split_short(&text) else {
        ctx.problems.unsupported(
            path,
            node,
            "a mount with more than three `:`-separated fields (a Windows path?)",
        );
        return None;
    };
    let target = ctx.literal_text(path, node, target)?;
    let (read_only, options) = match Mount::short_mode(mode) {
        Ok(mode) => mode,
        Err(option) => {
            let why = format!("stackc has no mount option `{option}`");
            ctx.problems.unsupported(path, node, &why);
            return None;
        }
    };
    let Some(source) = source else {
        return Some(Value::Str(target));
    };
    if source.starts_with('~') && source != "~" && !source.starts_with("~/") {
        ctx.problems.unsupported(
            path,
            node,
            "a host path under another user's home (`~NAME`); stackc takes `~/…` (the home of whoever runs the stack)",
        );
        return None;
    }
    // The mode as written: stack.toml's short syntax takes compose's.
    let suffix = mode.map(|mode| format!(":{mode}")).unwrap_or_default();
    if source.starts_with('$') && !source.starts_with("$$") {
        // A path given by a variable: compose decides after interpolation
        // that it is a path; stackc's long syntax says so explicitly.
        let source = ctx.template_text(path, node, source)?;
        let mut fields = vec![
            ("type".to_owned(), Value::Str("bind".to_owned())),
            ("source".to_owned(), Value::Str(source)),
            ("target".to_owned(), Value::Str(target)),
        ];
        if read_only {
            fields.push(("read_only".to_owned(), Value::Bool(true)));
        }
        let bind: Vec<(String, Value)> = [
            ("propagation", options.propagation),
            ("selinux", options.selinux),
        ]
        .into_iter()
        .filter_map(|(key, v)| Some((key.to_owned(), Value::Str(v?.to_owned()))))
        .collect();
        if !bind.is_empty() {
            fields.push(("bind".to_owned(), Value::Table(bind)));
        }
        if let Some(consistency) = options.consistency {
            fields.push(("consistency".to_owned(), Value::Str(consistency.to_owned())));
        }
        return Some(Value::Table(fields));
    }
    if is_path(source) {
        let source = ctx.template_text(path, node, source)?;
        let source = if source.starts_with('.')
            && !source.starts_with("./")
            && !source.starts_with("../")
            && source != "."
            && source != ".."
        {
            // `.env`-style names are relative paths in compose.
            format!("./{source}")
        } else {
            source
        };
        return Some(Value::Str(format!("{source}:{target}{suffix}")));
    }
    let source = ctx.literal_text(path, node, source)?;
    if !ctx.valid_name(NameKind::Volume, VOLUME_NAME, path, node, &source) {
        return None;
    }
    Some(Value::Str(format!("{source}:{target}{suffix}")))
}

/// A bind mount's `source` of the long syntax, as stack.toml text.
fn bind_source(ctx: &mut Ctx, path: &str, value: &Node) -> Option<String> {
    let source = match value
        .scalar_text()
        .and_then(|t| crate::hostvars::rewrite(&t))
    {
        Some(text) => ctx.template_text(path, value, &text)?,
        None => ctx.template(path, value)?,
    };
    // A Windows path (`C:\\…`) stays as written, as compose keeps it.
    Some(source)
}

/// A text that must be one of `allowed`; `why` when it is not.
fn one_of(ctx: &mut Ctx, path: &str, node: &Node, allowed: &[&str], why: &str) -> Option<Value> {
    let text = ctx.literal(path, node)?;
    if !allowed.contains(&text.as_str()) {
        ctx.problems.unsupported(path, node, why);
        return None;
    }
    Some(Value::Str(text))
}

/// `{ type, source, target, read_only, tmpfs.size }`.
fn long(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let kind = node.get("type").and_then(Node::as_str).unwrap_or("volume");
    if !matches!(kind, "volume" | "bind" | "tmpfs") {
        ctx.problems.unsupported(
            &format!("{path}.type"),
            node,
            &format!("stackc mounts volumes, binds and tmpfs, not `{kind}`"),
        );
        return None;
    }
    let mut fields = Vec::new();
    for (field, p, key, value) in entries(path, node.as_map().unwrap_or_default()) {
        match field.as_str() {
            "type" => fields.push((field, Value::Str(kind.to_owned()))),
            "source" if kind == "bind" => {
                fields.push((field, Value::Str(bind_source(ctx, &p, value)?)));
            }
            "source" | "target" => fields.push((field, Value::Str(ctx.literal(&p, value)?))),
            "read_only" => {
                if ctx.boolean(&p, value)? {
                    fields.push((field, Value::Bool(true)));
                }
            }
            "tmpfs" => {
                let size = tmpfs_size(ctx, &p, value)?;
                fields.push((
                    field,
                    Value::Table(vec![("size".to_owned(), Value::Int(size))]),
                ));
            }
            "bind" | "volume" => {
                let mut options = Vec::new();
                for (sub, sub_path, _, v) in entries(&p, value.as_map().unwrap_or_default()) {
                    match (field.as_str(), sub.as_str()) {
                        ("bind", "propagation") => {
                            let allowed = stackc_ir::stack::PROPAGATIONS;
                            let text = one_of(ctx, &sub_path, v, allowed, "not a propagation")?;
                            options.push((sub, text));
                        }
                        ("bind", "selinux") => {
                            let why = "an SELinux relabeling is `z` or `Z`";
                            let text = one_of(ctx, &sub_path, v, stackc_ir::stack::SELINUX, why)?;
                            options.push((sub, text));
                        }
                        ("bind", "create_host_path") => {
                            options.push((sub, Value::Bool(ctx.boolean(&sub_path, v)?)));
                        }
                        ("volume", "nocopy") => {
                            if ctx.boolean(&sub_path, v)? {
                                options.push((sub, Value::Bool(true)));
                            }
                        }
                        ("volume", "subpath") => {
                            options.push((sub, Value::Str(ctx.literal(&sub_path, v)?)));
                        }
                        _ => ctx.problems.unsupported(
                            &sub_path,
                            v,
                            &format!("stackc has no {field} option `{sub}`"),
                        ),
                    }
                }
                if !options.is_empty() {
                    fields.push((field, Value::Table(options)));
                }
            }
            "consistency" => {
                let text = ctx.literal(&p, value)?;
                if !stackc_ir::stack::CONSISTENCIES.contains(&text.as_str()) {
                    ctx.problems.unsupported(
                        &p,
                        value,
                        "not a consistency (`consistent`, `cached`, `delegated`)",
                    );
                    return None;
                }
                fields.push((field, Value::Str(text)));
            }
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no mount key `{f}`")),
        }
    }
    if kind == "volume"
        && let Some((_, Value::Str(source))) = fields.iter().find(|(k, _)| k == "source")
        && !ctx.valid_name(
            NameKind::Volume,
            VOLUME_NAME,
            &format!("{path}.source"),
            node,
            source,
        )
    {
        return None;
    }
    Some(Value::Table(fields))
}

/// `tmpfs.size`: bytes (compose also takes `100m`-style sizes).
fn tmpfs_size(ctx: &mut Ctx, path: &str, node: &Node) -> Option<i128> {
    let Some(size) = node.get("size") else {
        ctx.problems
            .unsupported(path, node, "stackc's tmpfs takes only `size`");
        return None;
    };
    for (key, _) in node.as_map().unwrap_or_default() {
        if key.as_str() != Some("size") {
            ctx.problems.unsupported(
                &format!("{path}.{}", key_text(key)),
                key,
                "stackc's tmpfs takes only `size`",
            );
        }
    }
    let text = ctx.literal(&format!("{path}.size"), size)?;
    let (digits, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let factor: i128 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        _ => 0,
    };
    match digits.parse::<i128>() {
        Ok(n) if factor > 0 => Some(n * factor),
        _ => {
            ctx.problems
                .unsupported(&format!("{path}.size"), size, "not a size");
            None
        }
    }
}
