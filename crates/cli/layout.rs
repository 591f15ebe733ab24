//! Where an output goes relative to the stack file.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use stackc_backends::Layout;
use stackc_ir::Stack;

use crate::Failure;

/// Where a compile-time value of a parameter may come from: `--set` and
/// stackc's environment (a single command), or only the stack's defaults
/// (`stackc generate`, whose files are the same whoever runs it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values<'a> {
    Given(&'a [String]),
    Defaults,
}

/// The layout of one output: the stack's directory as seen from the
/// output's, and (for argv and kube) the values fixed at compile time.
pub fn for_output(
    stack_path: &Path,
    out: Option<&Path>,
    project_dir: Option<&Path>,
    stack: &Stack,
    values: Values<'_>,
) -> Result<Layout, Failure> {
    let set = match values {
        Values::Given(set) => set,
        Values::Defaults => &[],
    };
    let stack_dir = canonical_dir(stack_path.parent())?;
    let project_dir_from_output = match out {
        None => ".".to_owned(),
        Some(out) => {
            let out_dir = canonical_dir_maybe_missing(out.parent())?;
            stackc_ir::host::relative(&out_dir, &stack_dir)
        }
    };
    let project_dir = match project_dir {
        Some(dir) => {
            if dir.is_absolute() {
                dir.to_path_buf()
            } else {
                std::env::current_dir()
                    .map_err(|e| Failure::Usage(format!("cannot read the current directory: {e}")))?
                    .join(dir)
            }
        }
        None => stack_dir,
    };
    let mut param_values = IndexMap::new();
    // Secrets are never read here: no output is derived from one.
    let from_env = stack
        .params
        .iter()
        .filter(|(_, p)| !p.secret && values != Values::Defaults);
    for (name, _) in from_env {
        if let Some(value) = std::env::var_os(name) {
            param_values.insert(name.clone(), value.to_string_lossy().into_owned());
        }
    }
    for item in set {
        let Some((name, value)) = item.split_once('=') else {
            return Err(Failure::Usage(format!("--set {item}: write NAME=VALUE")));
        };
        if !stack.params.contains_key(name) {
            let declared: Vec<&str> = stack.params.keys().map(String::as_str).collect();
            return Err(Failure::Usage(format!(
                "--set {name}: the stack declares no parameter `{name}` (declared: {})",
                if declared.is_empty() {
                    "none".to_owned()
                } else {
                    declared.join(", ")
                }
            )));
        }
        if stack.params.get(name).is_some_and(|p| p.secret) {
            // A command line is visible to every user (`ps`, /proc) and
            // kept in shell history: a secret never travels on one.
            return Err(Failure::Usage(format!(
                "--set {name}: `{name}` is a secret, and a secret is never given on the command line (other users can read it); put it in stackc's environment instead"
            )));
        }
        param_values.insert(name.to_owned(), value.to_owned());
    }
    Ok(Layout {
        source_name: stack_path.file_name().map_or_else(
            || "stack.toml".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
        project_dir_from_output,
        project_dir: project_dir.display().to_string(),
        home: std::env::var("HOME")
            .ok()
            .filter(|home| home.starts_with('/'))
            .map(|home| match home.trim_end_matches('/') {
                "" => "/".to_owned(),
                trimmed => trimmed.to_owned(),
            }),
        param_values,
    })
}

pub fn canonical_dir(dir: Option<&Path>) -> Result<PathBuf, Failure> {
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    dir.canonicalize().map_err(|e| {
        Failure::Usage(format!(
            "cannot resolve the directory {}: {e}",
            dir.display()
        ))
    })
}

/// Like [`canonical_dir`], for a directory that may not exist yet (an
/// output's, created when it is written): the nearest existing ancestor,
/// canonical, joined to the rest.
pub fn canonical_dir_maybe_missing(dir: Option<&Path>) -> Result<PathBuf, Failure> {
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut missing = Vec::new();
    let mut existing = dir;
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => break,
        }
    }
    let mut out = canonical_dir(Some(existing))?;
    for name in missing.iter().rev() {
        out.push(name);
    }
    Ok(out)
}
