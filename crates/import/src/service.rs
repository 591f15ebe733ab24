//! A compose service → `[services.NAME]`, key by key in compose order.

use stackc_ir::names::NameKind;

use crate::interpolate::{self, Piece};
use crate::node::{Kind, Node};

/// The first of the private-use characters that stand for variables while
/// a command string is split.
const PLACEHOLDER: u32 = 0xF_0000;
use crate::toml_out::{Section, Value};
use crate::{
    Ctx, build, depends, entries, healthcheck, items, key_text, maps, mount, port, shellwords,
};

/// Find the services other services wait for (`completed` makes a job) and
/// those with a healthcheck, before converting any.
pub fn prepass(ctx: &mut Ctx, services: &Node) {
    for (key, service) in services.as_map().unwrap_or_default() {
        if service.get("healthcheck").is_some() {
            ctx.healthchecked.push(key_text(key));
        }
        let Some(deps) = service.get("depends_on").and_then(Node::as_map) else {
            continue;
        };
        for (dep, spec) in deps {
            let condition = spec.get("condition").and_then(Node::as_str);
            if condition == Some("service_completed_successfully") {
                ctx.jobs.push(key_text(dep));
            }
            if condition == Some("service_healthy") {
                ctx.image_healthchecked.push(key_text(dep));
            }
        }
    }
    let healthchecked = std::mem::take(&mut ctx.healthchecked);
    ctx.image_healthchecked
        .retain(|service| !healthchecked.contains(service));
    ctx.healthchecked = healthchecked;
}

/// Every service, in compose order.
pub fn convert_all(ctx: &mut Ctx, node: &Node) -> Vec<Section> {
    let Some(map) = node.as_map() else {
        ctx.problems
            .unsupported("services", node, "expected a mapping of services");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, path, key, value) in entries("services", map) {
        if ctx.valid_name(NameKind::Service, "stackc service name", &path, key, &name)
            && let Some(section) = convert(ctx, &name, &path, value)
        {
            out.push(section);
        }
    }
    out
}

fn convert(ctx: &mut Ctx, name: &str, path: &str, node: &Node) -> Option<Section> {
    let map = ctx.mapping(path, node)?;
    let mut section = Section::new(&["services", name]);
    for (field, p, key, value) in entries(path, map) {
        let converted = match field.as_str() {
            // One compose key, several stack.toml keys.
            "deploy" => deploy(ctx, &p, value),
            "post_start" => hooks(ctx, &p, value, "exec").map_or_else(Vec::new, |commands| {
                vec![
                    ("exec", commands),
                    ("exec_policy", Value::Str("always".to_owned())),
                ]
            }),
            "pre_stop" => hooks(ctx, &p, value, "pre_stop")
                .map(|commands| ("pre_stop", commands))
                .into_iter()
                .collect(),
            _ => field_value(ctx, &field, &p, key, value)
                .into_iter()
                .collect(),
        };
        section.comments(ctx.problems.take_comments());
        for (toml_key, value) in converted {
            section.pair(toml_key, value);
        }
    }
    if ctx.image_healthchecked.iter().any(|s| s == name) {
        section.comments(vec![
            "a dependent waits for this service to be healthy (`service_healthy`), by its image's own HEALTHCHECK"
                .to_owned(),
        ]);
        section.pair("healthcheck", Value::Table(Vec::new()));
    }
    if ctx.jobs.iter().any(|j| j == name) {
        section.comments(vec![
            "a dependent waits for this service to complete (`service_completed_successfully`)"
                .to_owned(),
        ]);
        section.pair("run", Value::Str("once".to_owned()));
    }
    Some(section)
}

/// One service key: the stack.toml key and value, or `None` when it is
/// left out (reported) or has nothing to say.
fn field_value(
    ctx: &mut Ctx,
    field: &str,
    p: &str,
    key: &Node,
    value: &Node,
) -> Option<(&'static str, Value)> {
    if let Some(flag) = stackc_ir::flags::find(field) {
        return crate::flags::convert(ctx, flag, p, value).map(|v| (flag.key, v));
    }
    let str_of = |s: String| Value::Str(s);
    match field {
        "image" => ctx.template(p, value).map(|s| ("image", str_of(s))),
        "build" => build::convert(ctx, p, value).map(|v| ("build", v)),
        "command" => command(ctx, p, value).map(|v| ("command", v)),
        "entrypoint" => command(ctx, p, value).map(|v| ("entrypoint", v)),
        "environment" => maps::environment(ctx, p, value).map(|v| ("environment", v)),
        "env_file" => env_file(ctx, p, value).map(|v| ("env_file", v)),
        "label_file" => label_file(ctx, p, value).map(|v| ("label_file", v)),
        "ports" => port::convert_list(ctx, p, value).map(|v| ("ports", v)),
        "volumes" => mount::convert_list(ctx, p, value).map(|v| ("volumes", v)),
        "networks" => networks(ctx, p, value).map(|v| ("networks", v)),
        "depends_on" => depends::convert(ctx, p, value).map(|v| ("depends_on", v)),
        "healthcheck" => healthcheck::convert(ctx, p, value).map(|v| ("healthcheck", v)),
        "restart" => ctx.template(p, value).map(|s| ("restart", str_of(s))),
        "labels" => maps::labels(ctx, p, value).map(|v| ("labels", v)),
        "logging" => logging(ctx, p, value).map(|v| ("logging", v)),
        "gpus" => crate::gpus::gpus(ctx, p, value).map(|v| ("gpus", v)),
        "blkio_config" => crate::blkio::blkio(ctx, p, value).map(|v| ("blkio_config", v)),
        "user" => ctx.template(p, value).map(|s| ("user", str_of(s))),
        "working_dir" => ctx.template(p, value).map(|s| ("working_dir", str_of(s))),
        "hostname" => ctx.template(p, value).map(|s| ("hostname", str_of(s))),
        "container_name" => ctx.literal(p, value).map(|s| ("container_name", str_of(s))),
        "extra_hosts" => extra_hosts(ctx, p, value).map(|v| ("extra_hosts", v)),
        "pull_policy" => pull(ctx, p, value).map(|v| ("pull", v)),
        "scale" => replicas(ctx, p, value).map(|v| ("replicas", v)),
        "profiles" => names(ctx, p, value).map(|v| ("profiles", v)),
        "volumes_from" => volumes_from(ctx, p, value).map(|v| ("volumes_from", v)),
        "links" => names(ctx, p, value).map(|v| ("links", v)),
        "external_links" => names(ctx, p, value).map(|v| ("external_links", v)),
        "attach" => ctx.boolean(p, value).map(|b| ("attach", Value::Bool(b))),
        "network_mode" => ctx.literal(p, value).map(|s| ("network_mode", str_of(s))),
        "secrets" => crate::files::grants(ctx, crate::files::Files::Secrets, p, value)
            .map(|v| ("secrets", v)),
        "configs" => crate::files::grants(ctx, crate::files::Files::Configs, p, value)
            .map(|v| ("configs", v)),
        f if f.starts_with("x-") => {
            ctx.problems.comment(p, crate::problem::X_FIELD);
            None
        }
        "develop" => {
            ctx.problems.comment(p, crate::problem::DEVELOP);
            None
        }
        f => {
            let why = match f {
                "provider" | "models" | "use_api_socket" => format!(
                    "`{f}` is a Docker Desktop feature, with no meaning on a plain Docker engine"
                ),
                _ => format!("stackc has no service key `{f}`"),
            };
            ctx.problems.unsupported(p, key, &why);
            None
        }
    }
}

/// `command` / `entrypoint`: a list, or a string split as compose splits it.
fn command(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    match &node.kind {
        Kind::Seq(list) => items(path, list)
            .map(|(p, item)| ctx.template(&p, item).map(Value::Str))
            .collect::<Option<_>>()
            .map(Value::Array),
        Kind::Str(text) => {
            // Compose interpolates, then splits: variables are opaque
            // characters (from a private-use range) while splitting.
            let pieces = match interpolate::parse(text) {
                Ok(pieces) => pieces,
                Err(why) => {
                    ctx.problems.unsupported(path, node, &why);
                    return None;
                }
            };
            let mut vars = Vec::new();
            let mut flat = String::new();
            for piece in pieces {
                match piece {
                    Piece::Lit(text) => flat.push_str(&text),
                    var @ Piece::Var { .. } => {
                        let mark = u32::try_from(vars.len())
                            .ok()
                            .and_then(|i| char::from_u32(PLACEHOLDER + i))?;
                        flat.push(mark);
                        vars.push(var);
                    }
                }
            }
            let words = match shellwords::split(&flat) {
                Ok(words) => words,
                Err(why) => {
                    ctx.problems.unsupported(path, node, &why);
                    return None;
                }
            };
            let mut out = Vec::new();
            for word in words {
                let mut pieces = Vec::new();
                let mut lit = String::new();
                for c in word.chars() {
                    let var = u32::from(c)
                        .checked_sub(PLACEHOLDER)
                        .and_then(|i| vars.get(usize::try_from(i).ok()?));
                    match var {
                        Some(var) => {
                            if !lit.is_empty() {
                                pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                            }
                            pieces.push(var.clone());
                        }
                        None => lit.push(c),
                    }
                }
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(lit));
                }
                out.push(Value::Str(ctx.template_pieces(path, node, pieces)?));
            }
            Some(Value::Array(out))
        }
        _ => {
            ctx.problems.unsupported(
                path,
                node,
                &format!("expected a string or a list, found {}", node.type_name()),
            );
            None
        }
    }
}

/// `env_file`: a path or a list of paths; `{path, required}` too, as
/// `{ path = "…", required = false }` when the file may be missing.
fn env_file(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    match &node.kind {
        Kind::Seq(list) => {
            let mut out = Vec::new();
            for (p, item) in items(path, list) {
                out.push(match item.as_map() {
                    Some(_) => env_file_entry(ctx, &p, item)?,
                    None => Value::Str(ctx.template(&p, item)?),
                });
            }
            Some(if out.len() == 1 && matches!(out[0], Value::Str(_)) {
                out.remove(0)
            } else {
                Value::Array(out)
            })
        }
        _ => ctx.template(path, node).map(Value::Str),
    }
}

/// `label_file`: a path or a list of paths.
fn label_file(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    match &node.kind {
        Kind::Seq(list) => {
            let mut out = Vec::new();
            for (p, item) in items(path, list) {
                out.push(Value::Str(ctx.literal(&p, item)?));
            }
            Some(if out.len() == 1 {
                out.remove(0)
            } else {
                Value::Array(out)
            })
        }
        _ => ctx.literal(path, node).map(Value::Str),
    }
}

/// `{path, required, format}`: the path alone when required (compose's
/// default), else a table.
fn env_file_entry(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut file = None;
    let mut required = true;
    for (field, p, key, value) in entries(path, node.as_map().unwrap_or_default()) {
        match field.as_str() {
            "path" => file = ctx.template(&p, value),
            "required" => required = ctx.boolean(&p, value)?,
            "format" => {
                ctx.problems
                    .unsupported(&p, key, "stackc reads env files only in docker's format");
            }
            f => ctx
                .problems
                .unsupported(&p, key, &format!("stackc has no env_file key `{f}`")),
        }
    }
    let file = file?;
    Some(if required {
        Value::Str(file)
    } else {
        Value::Table(vec![
            ("path".to_owned(), Value::Str(file)),
            ("required".to_owned(), Value::Bool(false)),
        ])
    })
}

/// `networks`: a list, or a mapping whose values say nothing.
fn networks(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    match &node.kind {
        Kind::Seq(list) => {
            for (p, item) in items(path, list) {
                out.push(network_name(ctx, &p, item)?);
            }
        }
        Kind::Map(map) => {
            for (_, p, key, value) in entries(path, map) {
                let empty = value.is_null() || value.as_map().is_some_and(<[_]>::is_empty);
                let name = network_name(ctx, &p, key)?;
                if empty {
                    out.push(name);
                    continue;
                }
                let mut table = vec![("name".to_owned(), name)];
                table.extend(attachment(ctx, &p, value)?);
                out.push(Value::Table(table));
            }
        }
        _ => {
            ctx.problems
                .unsupported(path, node, "expected a list or a mapping");
            return None;
        }
    }
    Some(Value::Array(out))
}

fn network_name(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let name = ctx.literal(path, node)?;
    ctx.valid_name(NameKind::Network, "stackc network name", path, node, &name)
        .then_some(Value::Str(name))
}

/// `extra_hosts`: `host:ip` strings, or a mapping of host to address.
/// Variables may complete an address (stackc checks it once known), not a
/// host name.
fn extra_hosts(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    match &node.kind {
        Kind::Map(map) => {
            let mut out = Vec::new();
            for (host, p, _, value) in entries(path, map) {
                let ip = ctx.template(&p, value)?;
                out.push((host, Value::Str(ip)));
            }
            Some(Value::Table(out))
        }
        _ => items(path, ctx.list(path, node)?)
            .map(|(p, item)| {
                let text = ctx.scalar(&p, item)?;
                let host = text.split([':', '=']).next().unwrap_or_default();
                if host.contains('$') {
                    ctx.literal(&p, item)
                } else {
                    ctx.template_text(&p, item, &text)
                }
                .map(Value::Str)
            })
            .collect::<Option<_>>()
            .map(Value::Array),
    }
}

/// `pull_policy` → `pull`.
fn pull(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let text = ctx.literal(path, node)?;
    match text.as_str() {
        "always" | "never" | "missing" | "build" => Some(Value::Str(text)),
        "if_not_present" => Some(Value::Str("missing".to_owned())),
        other => {
            ctx.problems.unsupported(
                path,
                node,
                &format!(
                    "stackc's `pull` is `missing`, `always`, `never` or `build`, not `{other}`"
                ),
            );
            None
        }
    }
}

/// `deploy`: only `replicas` has a stackc equivalent.
/// `deploy`: what it means on one engine, as compose applies it there:
/// `replicas`, the resource limits and reservations docker has flags for,
/// and `restart_policy`. The rest configures a Swarm.
fn deploy(ctx: &mut Ctx, path: &str, node: &Node) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let Some(map) = ctx.mapping(path, node) else {
        return out;
    };
    for (field, p, key, value) in entries(path, map) {
        match field.as_str() {
            "replicas" => out.extend(replicas(ctx, &p, value).map(|v| ("replicas", v))),
            "resources" => out.extend(resources(ctx, &p, value)),
            "restart_policy" => out.extend(restart_policy(ctx, &p, value).map(|v| ("restart", v))),
            "update_config" => out.extend(update_config(ctx, &p, value).map(|v| ("update", v))),
            "labels" => ctx.problems.unsupported(
                &p,
                key,
                "`deploy.labels` label a Swarm service, which one engine has not; container labels are `labels`",
            ),
            _ => ctx.problems.unsupported(
                &p,
                key,
                &format!("`deploy.{field}` configures a Docker Swarm service; it has no meaning on one engine"),
            ),
        }
    }
    out
}

/// `deploy.resources`: `limits.memory` → `mem_limit`, `limits.cpus` →
/// `cpus`, `limits.pids` → `pids_limit`, `reservations.memory` →
/// `mem_reservation`, `reservations.devices` (GPUs) → `gpus`.
fn resources(ctx: &mut Ctx, path: &str, node: &Node) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let Some(map) = ctx.mapping(path, node) else {
        return out;
    };
    for (kind, kind_path, kind_key, limits) in entries(path, map) {
        let Some(limits) = ctx.mapping(&kind_path, limits) else {
            continue;
        };
        for (field, p, key, value) in entries(&kind_path, limits) {
            let target = match (kind.as_str(), field.as_str()) {
                ("limits", "memory") => "mem_limit",
                ("limits", "cpus") => "cpus",
                ("limits", "pids") => "pids_limit",
                ("reservations", "memory") => "mem_reservation",
                ("reservations", "devices") => {
                    out.extend(crate::gpus::devices(ctx, &p, value).map(|v| ("gpus", v)));
                    continue;
                }
                ("limits" | "reservations", _) => {
                    ctx.problems.unsupported(
                        &p,
                        key,
                        &format!("one engine has no `{kind}.{field}` (docker takes memory, cpus and pids limits and a memory reservation)"),
                    );
                    continue;
                }
                _ => {
                    ctx.problems.unsupported(
                        &kind_path,
                        kind_key,
                        "`deploy.resources` has `limits` and `reservations`",
                    );
                    break;
                }
            };
            let Some(flag) = stackc_ir::flags::find(target) else {
                continue;
            };
            out.extend(crate::flags::convert(ctx, flag, &p, value).map(|v| (flag.key, v)));
        }
    }
    out
}

/// `deploy.restart_policy` as compose applies it on one engine: its
/// `condition` (and `max_attempts`) as a `restart` policy.
fn restart_policy(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut condition = "any".to_owned();
    let mut attempts = None;
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        match field.as_str() {
            "condition" => condition = ctx.literal(&p, value)?,
            "max_attempts" => attempts = Some(ctx.literal(&p, value)?),
            _ => ctx.problems.unsupported(
                &p,
                key,
                &format!("`restart_policy.{field}` is Swarm's; docker restarts at once"),
            ),
        }
    }
    let restart = match (condition.as_str(), attempts) {
        ("none", _) => "no".to_owned(),
        ("any", _) => "always".to_owned(),
        ("on-failure", None) => "on-failure".to_owned(),
        ("on-failure", Some(n)) => format!("on-failure:{n}"),
        (other, _) => {
            ctx.problems.unsupported(
                path,
                node,
                &format!("`{other}` is not a restart condition (`none`, `on-failure` or `any`)"),
            );
            return None;
        }
    };
    Some(Value::Str(restart))
}

/// `logging`: its `driver` and `options`, as they are.
fn logging(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut out = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        match field.as_str() {
            "driver" => out.push((field, Value::Str(ctx.template(&p, value)?))),
            "options" => out.push((field, maps::pairs(ctx, &p, value)?)),
            _ => {
                ctx.problems
                    .unsupported(&p, key, "`logging` has a `driver` and its `options`");
                return None;
            }
        }
    }
    Some(Value::Table(out))
}

/// A list of names (`profiles`).
fn names(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    items(path, ctx.list(path, node)?)
        .map(|(p, item)| ctx.literal(&p, item).map(Value::Str))
        .collect::<Option<_>>()
        .map(Value::Array)
}

/// `volumes_from`: services of the stack, read-write.
fn volumes_from(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    items(path, ctx.list(path, node)?)
        .map(|(p, item)| {
            let text = ctx.literal(&p, item)?;
            let service = text.strip_suffix(":rw").unwrap_or(&text);
            if service.starts_with("container:") || service.ends_with(":ro") {
                ctx.problems.unsupported(
                    &p,
                    item,
                    "stackc takes volumes from services of the stack, read-write: write the service's name",
                );
                return None;
            }
            Some(Value::Str(service.to_owned()))
        })
        .collect::<Option<_>>()
        .map(Value::Array)
}

/// `post_start` and `pre_stop` hooks: their commands, as stackc's `key`
/// (`exec`, run after every start with `exec_policy = "always"`, as
/// compose runs them; `pre_stop`).
fn hooks(ctx: &mut Ctx, path: &str, node: &Node, key: &str) -> Option<Value> {
    let mut commands = Vec::new();
    for (hook_path, hook) in items(path, ctx.list(path, node)?) {
        let map = ctx.mapping(&hook_path, hook)?;
        for (field, p, field_key, value) in entries(&hook_path, map) {
            if field == "command" {
                commands.push(command(ctx, &p, value)?);
            } else {
                ctx.problems.unsupported(
                    &p,
                    field_key,
                    &format!("stackc's `{key}` runs as the container's user, in its directory, with its environment: it has no `{field}`"),
                );
                return None;
            }
        }
    }
    Some(Value::Array(commands))
}

fn replicas(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let text = ctx.literal(path, node)?;
    match text.parse::<i128>() {
        Ok(n) if (0..=1000).contains(&n) => Some(Value::Int(n)),
        _ => {
            ctx.problems
                .unsupported(path, node, "stackc takes 0 to 1000 replicas");
            None
        }
    }
}

/// The options of a service's attachment to one network.
fn attachment(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Vec<(String, Value)>> {
    let mut out = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        let converted = match field.as_str() {
            "aliases" => Value::Array(
                items(&p, ctx.list(&p, value)?)
                    .map(|(ip, item)| ctx.literal(&ip, item).map(Value::Str))
                    .collect::<Option<_>>()?,
            ),
            "ipv4_address" | "ipv6_address" => Value::Str(ctx.template(&p, value)?),
            "priority" => match &value.kind {
                Kind::Int(n) => Value::Int(*n),
                _ => {
                    ctx.problems.unsupported(&p, value, "expected an integer");
                    return None;
                }
            },
            other => {
                ctx.problems.unsupported(
                    &p,
                    key,
                    &format!("stackc attaches a service to a network with `aliases`, `ipv4_address`, `ipv6_address` and `priority`, not `{other}`"),
                );
                return None;
            }
        };
        out.push((field, converted));
    }
    Some(out)
}

/// `deploy.update_config` → `update`: `parallelism`, `order`, `delay`
/// (what one engine can do; the rest configures a Swarm).
fn update_config(ctx: &mut Ctx, path: &str, node: &Node) -> Option<Value> {
    let mut table = Vec::new();
    for (field, p, key, value) in entries(path, ctx.mapping(path, node)?) {
        let converted = match field.as_str() {
            "parallelism" => match &value.kind {
                Kind::Int(n) => Value::Int(*n),
                _ => {
                    ctx.problems.unsupported(&p, value, "expected an integer");
                    return None;
                }
            },
            "order" | "delay" => Value::Str(ctx.literal(&p, value)?),
            other => {
                ctx.problems.unsupported(
                    &p,
                    key,
                    &format!("`update_config.{other}` configures a Docker Swarm update; one engine has `parallelism`, `order` and `delay`"),
                );
                return None;
            }
        };
        table.push((field, converted));
    }
    Some(Value::Table(table))
}
