//! `volumes` of a service: the short syntax as written where stackc reads
//! it the same way, the long syntax as a table.

use crate::node::{Kind, Node};
use crate::toml_out::Value;
use crate::{Ctx, key_text};

pub fn convert_list(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let Some(items) = node.as_seq() else {
        ctx.problems.unsupported(path, node, "expected a list");
        return None;
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = Ctx::item(path, i);
        let mount = match &item.kind {
            Kind::Map(_) => long(ctx, &p, item),
            _ => short(ctx, &p, item),
        };
        if let Some(mount) = mount {
            out.push(mount);
        }
    }
    Some(Value::Array(out))
}

/// A host path in compose's short syntax.
fn is_path(source: &str) -> bool {
    source.starts_with('/') || source.starts_with('.') || source.starts_with('~')
}

/// `C:\\…` or `C:/…`.
fn is_windows_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
}

/// `[SOURCE:]TARGET[:MODE]`.
fn short(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let Some(text) = node.scalar_text() else {
        ctx.problems
            .unsupported(path, node, "expected a string or a mapping");
        return None;
    };
    let parts: Vec<&str> = text.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, *target, None),
        [source, target] => (Some(*source), *target, None),
        [source, target, mode] => (Some(*source), *target, Some(*mode)),
        _ => {
            ctx.problems.unsupported(
                path,
                node,
                "a mount with more than three `:`-separated fields (a Windows path?)",
            );
            return None;
        }
    };
    let target = ctx.literal_text(path, node, target)?;
    let read_only = match mode {
        None | Some("rw") => false,
        Some("ro") => true,
        Some(mode) => {
            ctx.problems.unsupported(
                path,
                node,
                &format!("stackc mounts take only `ro` or `rw`, not `{mode}`"),
            );
            return None;
        }
    };
    let Some(source) = source else {
        return Some(Value::Str(target));
    };
    if source.starts_with('~') {
        ctx.problems.unsupported(
            path,
            node,
            "a host path under `~`; stackc takes no home-relative paths (write the path, or a parameter)",
        );
        return None;
    }
    let suffix = if read_only { ":ro" } else { "" };
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
    if !stackc_ir::names::NameKind::Volume.is_valid(&source) {
        ctx.problems.unsupported(
            path,
            node,
            "not a valid stackc volume name (`[a-z0-9][a-z0-9_.-]*`)",
        );
        return None;
    }
    Some(Value::Str(format!("{source}:{target}{suffix}")))
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
    for (key, value) in node.as_map().unwrap_or_default() {
        let field = key_text(key);
        let p = format!("{path}.{field}");
        match field.as_str() {
            "type" => fields.push((field, Value::Str(kind.to_owned()))),
            "source" if kind == "bind" => {
                let source = ctx.template(&p, value)?;
                if is_windows_path(&source) {
                    ctx.problems.unsupported(
                        &p,
                        value,
                        "a Windows path; stackc takes POSIX host paths",
                    );
                    return None;
                }
                fields.push((field, Value::Str(source)));
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
            // `create_host_path: true` is compose's default for the short
            // syntax; stackc binds (docker `--mount`) need the path to exist.
            "bind" => {
                for (k, v) in value.as_map().unwrap_or_default() {
                    let sub = key_text(k);
                    ctx.problems.unsupported(
                        &format!("{p}.{sub}"),
                        v,
                        &format!("stackc has no bind option `{sub}`"),
                    );
                }
            }
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no mount key `{f}`")),
        }
    }
    if kind == "volume"
        && let Some((_, Value::Str(source))) = fields.iter().find(|(k, _)| k == "source")
        && !stackc_ir::names::NameKind::Volume.is_valid(source)
    {
        ctx.problems.unsupported(
            &format!("{path}.source"),
            node,
            "not a valid stackc volume name (`[a-z0-9][a-z0-9_.-]*`)",
        );
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
