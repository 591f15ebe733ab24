//! The relative host paths of an included or extended compose file in
//! another directory, rebased onto the project directory (where the
//! stack.toml is written), as compose resolves them against the directory
//! of the file that holds them: build contexts (a `dockerfile` stays
//! relative to its context), `env_file`s, `label_file`s, bind-mount sources and the
//! `file` of secrets and configs. Absolute paths, `~` paths, remote
//! build contexts and paths that start with a variable (which stack.toml
//! takes to be absolute, as for any host path) stay as written.

use crate::node::{Kind, Node};
use stackc_ir::stack::Mount;

/// Every relative host path of the compose file `root` rebased by
/// `prefix` (its directory relative to the project directory).
pub fn rebase(root: &mut Node, prefix: &str) {
    let Kind::Map(entries) = &mut root.kind else {
        return;
    };
    for (key, value) in entries.iter_mut() {
        let Kind::Map(items) = &mut value.kind else {
            continue;
        };
        match key.as_str() {
            Some("services") => {
                for (_, service) in items.iter_mut() {
                    service_paths(service, prefix);
                }
            }
            Some("secrets" | "configs") => {
                for (_, file) in items.iter_mut() {
                    if let Some(path) = field(file, "file") {
                        path_node(path, prefix);
                    }
                }
            }
            _ => {}
        }
    }
}

fn field<'n>(node: &'n mut Node, name: &str) -> Option<&'n mut Node> {
    let Kind::Map(entries) = &mut node.kind else {
        return None;
    };
    entries
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some(name))
        .map(|(_, v)| v)
}

fn service_paths(service: &mut Node, prefix: &str) {
    if let Some(build) = field(service, "build") {
        match &build.kind {
            Kind::Str(_) => context(build, prefix),
            Kind::Map(fields) if !fields.iter().any(|(k, _)| k.as_str() == Some("context")) => {
                // Compose's default context is the directory of the file.
                let key = Node {
                    kind: Kind::Str("context".to_owned()),
                    ..build.clone()
                };
                let value = Node {
                    kind: Kind::Str(format!("./{prefix}")),
                    ..build.clone()
                };
                if let Kind::Map(fields) = &mut build.kind {
                    fields.insert(0, (key, value));
                }
            }
            _ => {
                if let Some(ctx) = field(build, "context") {
                    context(ctx, prefix);
                }
            }
        }
    }
    if let Some(env_file) = field(service, "env_file") {
        match &mut env_file.kind {
            Kind::Seq(items) => {
                for item in items {
                    match &item.kind {
                        Kind::Map(_) => {
                            if let Some(path) = field(item, "path") {
                                path_node(path, prefix);
                            }
                        }
                        _ => path_node(item, prefix),
                    }
                }
            }
            _ => path_node(env_file, prefix),
        }
    }
    if let Some(label_file) = field(service, "label_file") {
        match &mut label_file.kind {
            Kind::Seq(items) => items.iter_mut().for_each(|item| path_node(item, prefix)),
            _ => path_node(label_file, prefix),
        }
    }
    if let Some(Kind::Seq(mounts)) = field(service, "volumes").map(|v| &mut v.kind) {
        for mount in mounts {
            mount_source(mount, prefix);
        }
    }
}

/// A build context: a local directory rebased; a remote one as it is.
fn context(node: &mut Node, prefix: &str) {
    if node.as_str().is_some_and(crate::build::is_remote) {
        return;
    }
    path_node(node, prefix);
}

/// A mount's source, when it is a relative host path.
fn mount_source(mount: &mut Node, prefix: &str) {
    match &mount.kind {
        Kind::Str(text) => {
            let Some((Some(source), target, mode)) = Mount::split_short(text) else {
                return;
            };
            // A bare name is a volume; a path starts with `.`, `/`, `~` (or
            // a variable, which compose reads as a path once set).
            if !(source.starts_with('.') || source.starts_with('$')) {
                return;
            }
            let Some(source) = rebased(source, prefix) else {
                return;
            };
            let mode = mode.map(|m| format!(":{m}")).unwrap_or_default();
            mount.kind = Kind::Str(format!("{source}:{target}{mode}"));
        }
        Kind::Map(_) => {
            let bind = mount.get("type").and_then(Node::as_str) == Some("bind");
            if bind && let Some(source) = field(mount, "source") {
                path_node(source, prefix);
            }
        }
        _ => {}
    }
}

fn path_node(node: &mut Node, prefix: &str) {
    let Some(text) = node.as_str() else {
        return;
    };
    if let Some(path) = rebased(text, prefix) {
        node.kind = Kind::Str(path);
    }
}

/// `path` (relative to its file's directory) relative to the project
/// directory; `None` when it is not relative.
fn rebased(path: &str, prefix: &str) -> Option<String> {
    // A variable first: stack.toml takes it to be an absolute path.
    if path.starts_with('/')
        || path.starts_with('~')
        || path.starts_with('$')
        || stackc_ir::host::is_windows_absolute(path)
    {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in prefix.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    Some(match parts.first() {
        None => ".".to_owned(),
        Some(&"..") => parts.join("/"),
        Some(_) => format!("./{}", parts.join("/")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rebased_onto_the_project_directory() {
        let r = rebased;
        assert_eq!(r("./app", "dir").as_deref(), Some("./dir/app"));
        assert_eq!(r("app", "dir").as_deref(), Some("./dir/app"));
        assert_eq!(r("..", "dir").as_deref(), Some("."));
        assert_eq!(r("../../x", "dir").as_deref(), Some("../x"));
        assert_eq!(r(".env", "../c").as_deref(), Some("../c/.env"));
        assert_eq!(r("/abs", "dir"), None);
        assert_eq!(r("${X}/y", "dir"), None);
    }
}
