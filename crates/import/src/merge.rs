//! Compose's merge of two compose trees (`-f a.yml -f b.yml`, `extends`),
//! with compose's rules where they differ from "a later value wins":
//! mappings merge key by key; sequences append; `command`, `entrypoint`,
//! `healthcheck.test` and `ulimits.NAME` are replaced; `environment`,
//! `labels`, `build.args`, `sysctls` and `annotations` merge by name
//! whatever their form; `depends_on` and a service's `networks` by name;
//! `build` as a string is its context; `logging` merges only for the same
//! driver; `extra_hosts` appends what is not already there. Then, as
//! compose does, the items of some sequences are made unique by a key
//! (a later item replaces an earlier one in its place): `ports` and
//! `expose` by value, `volumes` and `devices` by container target,
//! `env_file` by path, `secrets`/`configs` by target, and the `NAME=value`
//! lists by name. Compose's merge tags: a value tagged `!reset` removes
//! the one it is merged over (and itself), one tagged `!override` replaces
//! it unmerged; [`untag`] applies them where nothing was merged under.

use crate::node::{Kind, Node, Tag};

/// `over` merged into `base` at `path` (the keys from the root).
pub fn merge(base: Node, over: Node, path: &[String]) -> Node {
    if over.tag == Tag::Override {
        return over;
    }
    if over.is_null() {
        return base;
    }
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["services", _, "command" | "entrypoint"]
        | ["services", _, "healthcheck", "test"]
        | ["services", _, "ulimits", _] => over,
        [
            "services",
            _,
            "environment" | "labels" | "sysctls" | "annotations",
        ]
        | ["services", _, "build", "args" | "labels"]
        | ["networks" | "volumes", _, "labels"] => by_name(base, over),
        ["services", _, "depends_on" | "networks"] => {
            let both_lists = base.as_seq().is_some() && over.as_seq().is_some();
            if both_lists {
                append(base, over, path)
            } else {
                mappings(as_mapping(base), as_mapping(over), path)
            }
        }
        ["services", _, "build"] => mappings(as_context(base), as_context(over), path),
        ["services", _, "logging"] => {
            let driver = |n: &Node| n.get("driver").and_then(Node::scalar_text);
            match (driver(&base), driver(&over)) {
                (Some(a), Some(b)) if a != b => over,
                _ => mappings(base, over, path),
            }
        }
        ["services", _, "extra_hosts"] => {
            let base = as_list(base);
            let over = as_list(over);
            let mut items = base.1;
            for item in over.1 {
                if !items.iter().any(|i| same(i, &item)) {
                    items.push(item);
                }
            }
            with_kind(&base.0, Kind::Seq(items))
        }
        _ => match (&base.kind, &over.kind) {
            (Kind::Map(_), Kind::Map(_)) => mappings(base, over, path),
            (Kind::Seq(_), Kind::Seq(_)) => append(base, over, path),
            _ => over,
        },
    }
}

/// Two mappings merged key by key; a key only in `over` is added.
fn mappings(base: Node, over: Node, path: &[String]) -> Node {
    let shell = base_shell(&base);
    let Kind::Map(mut entries) = base.kind else {
        return over;
    };
    let Kind::Map(more) = over.kind else {
        return with_kind(&shell, Kind::Map(entries));
    };
    for (key, value) in more {
        let text = key.scalar_text();
        let slot = entries
            .iter()
            .position(|(k, _)| text.is_some() && k.scalar_text() == text);
        if value.tag == Tag::Reset {
            // `!reset`: the inherited value goes, and nothing takes its place.
            if let Some(i) = slot {
                entries.remove(i);
            }
            continue;
        }
        match slot {
            Some(i) => {
                let mut next = path.to_vec();
                next.push(text.unwrap_or_default());
                let (k, earlier) = entries.remove(i);
                entries.insert(i, (k, merge(earlier, value, &next)));
            }
            None => entries.push((key, value)),
        }
    }
    with_kind(&shell, Kind::Map(entries))
}

/// `node` with compose's merge tags applied where nothing was merged
/// under them: a `!reset` value left out (with its key), every tag dropped.
pub fn untag(node: Node) -> Node {
    let kind = match node.kind {
        Kind::Seq(items) => Kind::Seq(
            items
                .into_iter()
                .filter(|item| item.tag != Tag::Reset)
                .map(untag)
                .collect(),
        ),
        Kind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .filter(|(_, value)| value.tag != Tag::Reset)
                .map(|(key, value)| (key, untag(value)))
                .collect(),
        ),
        kind => kind,
    };
    Node {
        kind,
        tag: Tag::None,
        ..node
    }
}

/// Two sequences appended, then made unique as compose does at `path`.
fn append(base: Node, over: Node, path: &[String]) -> Node {
    let (shell, mut items) = as_list(base);
    items.extend(as_list(over).1);
    let key = unique_key(path);
    let Some(key) = key else {
        return with_kind(&shell, Kind::Seq(items));
    };
    let mut out: Vec<Node> = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
    for item in items {
        let k = key(&item);
        match k
            .as_ref()
            .and_then(|k| keys.iter().position(|e| e.as_ref() == Some(k)))
        {
            Some(i) => out[i] = item,
            None => {
                out.push(item);
                keys.push(k);
            }
        }
    }
    with_kind(&shell, Kind::Seq(out))
}

type KeyOf = fn(&Node) -> Option<String>;

/// How compose makes the items of the sequence at `path` unique.
fn unique_key(path: &[String]) -> Option<KeyOf> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let key: KeyOf = match p.as_slice() {
        ["services", _, "volumes" | "devices"] => mount_target,
        ["services", _, "secrets" | "configs"] => secret_target,
        ["services", _, "env_file"] => |n| n.scalar_text().or_else(|| n.get("path")?.scalar_text()),
        ["services", _, "ports" | "expose"] => |n| Some(format!("{:?}", plain(n))),
        [
            "services",
            _,
            "cap_add" | "cap_drop" | "dns" | "dns_opt" | "dns_search" | "profiles" | "links"
            | "tmpfs" | "environment" | "labels" | "sysctls" | "annotations",
        ]
        | ["services", _, "build", "args" | "labels"] => pair_name,
        _ => return None,
    };
    Some(key)
}

fn pair_name(node: &Node) -> Option<String> {
    let text = node.scalar_text()?;
    Some(
        text.split_once('=')
            .map_or(text.clone(), |(name, _)| name.to_owned()),
    )
}

fn mount_target(node: &Node) -> Option<String> {
    match &node.kind {
        Kind::Str(text) => {
            stackc_ir::stack::Mount::split_short(text).map(|(_, target, _)| target.to_owned())
        }
        Kind::Map(_) => node.get("target")?.scalar_text(),
        _ => None,
    }
}

fn secret_target(node: &Node) -> Option<String> {
    match &node.kind {
        Kind::Str(name) => Some(format!("/run/secrets/{name}")),
        Kind::Map(_) => node.get("target").and_then(Node::scalar_text).or_else(|| {
            Some(format!(
                "/run/secrets/{}",
                node.get("source")?.scalar_text()?
            ))
        }),
        _ => None,
    }
}

/// `NAME=value` lists and mappings merged by name: two mappings key by
/// key; otherwise both as lists, a later item replacing the earlier one
/// of its name in its place.
fn by_name(base: Node, over: Node) -> Node {
    if base.as_map().is_some() && over.as_map().is_some() {
        return mappings(base, over, &[]);
    }
    let (shell, mut items) = pairs_list(base);
    for item in pairs_list(over).1 {
        let name = pair_name(&item);
        match items
            .iter()
            .position(|i| name.is_some() && pair_name(i) == name)
        {
            Some(i) => items[i] = item,
            None => items.push(item),
        }
    }
    with_kind(&shell, Kind::Seq(items))
}

/// A mapping as `NAME=value` items (a null value as a bare `NAME`).
fn pairs_list(node: Node) -> (Node, Vec<Node>) {
    let shell = base_shell(&node);
    match node.kind {
        Kind::Map(entries) => {
            let items = entries
                .into_iter()
                .map(|(key, value)| {
                    let name = key.scalar_text().unwrap_or_default();
                    let text = match value.scalar_text() {
                        Some(v) => format!("{name}={v}"),
                        None => name,
                    };
                    Node {
                        kind: Kind::Str(text),
                        ..key
                    }
                })
                .collect();
            (shell, items)
        }
        kind => as_list(with_kind(&shell, kind)),
    }
}

/// A sequence's items; a scalar is a list of one.
fn as_list(node: Node) -> (Node, Vec<Node>) {
    let shell = base_shell(&node);
    match node.kind {
        Kind::Seq(items) => (shell, items),
        Kind::Null => (shell, Vec::new()),
        kind => {
            let one = with_kind(&shell, kind);
            (shell, vec![one])
        }
    }
}

/// A list of names as a mapping of each to nothing.
fn as_mapping(node: Node) -> Node {
    let shell = base_shell(&node);
    match node.kind {
        Kind::Seq(items) => {
            let entries = items
                .into_iter()
                .map(|item| {
                    let null = with_kind(&base_shell(&item), Kind::Null);
                    (item, null)
                })
                .collect();
            with_kind(&shell, Kind::Map(entries))
        }
        kind => with_kind(&shell, kind),
    }
}

/// `build: ./app` as `build: { context: ./app }`.
fn as_context(node: Node) -> Node {
    if node.as_str().is_none() {
        return node;
    }
    let key = with_kind(&base_shell(&node), Kind::Str("context".to_owned()));
    let shell = base_shell(&node);
    with_kind(&shell, Kind::Map(vec![(key, node)]))
}

/// `node`'s place, with no value.
fn base_shell(node: &Node) -> Node {
    Node {
        kind: Kind::Null,
        span: node.span,
        line: node.line,
        column: node.column,
        tag: node.tag,
    }
}

fn with_kind(shell: &Node, kind: Kind) -> Node {
    Node {
        kind,
        span: shell.span,
        line: shell.line,
        column: shell.column,
        tag: shell.tag,
    }
}

/// Whether two nodes hold the same value, wherever they are.
fn same(a: &Node, b: &Node) -> bool {
    plain(a) == plain(b)
}

/// A node's value without places, for comparisons.
fn plain(node: &Node) -> String {
    match &node.kind {
        Kind::Seq(items) => {
            let items: Vec<String> = items.iter().map(plain).collect();
            format!("[{}]", items.join(","))
        }
        Kind::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{}", plain(k), plain(v)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        Kind::Null => "null".to_owned(),
        _ => format!("{:?}", node.scalar_text()),
    }
}
