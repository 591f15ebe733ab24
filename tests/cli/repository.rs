//! The repository's own rules: it stands alone (nothing reads a directory
//! beside the clone), and its modules import each other in layers, never in
//! a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::root;

/// The files git tracks, relative to the root.
fn tracked() -> Vec<PathBuf> {
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .expect("git is installed");
    assert!(out.status.success(), "git ls-files failed");
    out.stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
        .collect()
}

#[test]
fn nothing_reads_beside_the_clone() {
    // Spelled in two pieces so that this file does not name it either.
    let beside = format!("../{}", "shared");
    let offenders: Vec<PathBuf> = tracked()
        .into_iter()
        .filter(|path| {
            std::fs::read(root().join(path))
                .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(&beside))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "these files name {beside}, which a clone does not have: vendor what they need into the repository: {offenders:?}"
    );
}

/// A crate's modules and the modules each imports (through `crate::` or
/// `super::` paths outside comments), by module path (`bash::block`).
fn module_imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let full = rel.to_string_lossy().replace('/', "::");
                let name = ["::mod", "lib", "main"]
                    .iter()
                    .find_map(|suffix| full.strip_suffix(suffix))
                    .map_or(full.as_str(), |stem| stem.trim_end_matches("::"))
                    .to_owned();
                modules.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(module, text)| {
            let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
            let mut imports = BTreeSet::new();
            let code = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"));
            for line in code {
                for (prefix, base) in [("crate::", ""), ("super::", parent)] {
                    for (at, _) in line.match_indices(prefix) {
                        let path: String = line[at + prefix.len()..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                            .collect();
                        let mut full = base.to_owned();
                        // The longest module that the path names.
                        let mut found = None;
                        for segment in path.split("::").filter(|s| !s.is_empty()) {
                            if !full.is_empty() {
                                full.push_str("::");
                            }
                            full.push_str(segment);
                            if known.contains(&full) {
                                found = Some(full.clone());
                            }
                        }
                        if let Some(target) = found
                            && target != *module
                            && !module.starts_with(&format!("{target}::"))
                            && !target.starts_with(&format!("{module}::"))
                        {
                            imports.insert(target);
                        }
                    }
                }
            }
            (module.clone(), imports)
        })
        .collect()
}

/// The loops of a directed graph: each strongly connected component of more
/// than one node (by reachability: the graphs here are small).
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|node| (node, reach(node))).collect();
    let mut out: Vec<Vec<String>> = Vec::new();
    for node in graph.keys() {
        let component: Vec<String> = graph
            .keys()
            .filter(|other| reachable[node].contains(*other) && reachable[other].contains(node))
            .cloned()
            .collect();
        if component.len() > 1 && !out.contains(&component) {
            out.push(component);
        }
    }
    out
}

#[test]
fn no_modules_import_each_other_in_a_loop() {
    let mut found = Vec::new();
    let mut modules = 0;
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let src = if dir.join("src").is_dir() {
            dir.join("src")
        } else {
            dir.clone()
        };
        let graph = module_imports(&src);
        modules += graph.len();
        for component in loops(&graph) {
            found.push(format!("{}: {}", dir.display(), component.join(" ↔ ")));
        }
    }
    assert!(modules > 50, "only {modules} modules read");
    assert!(
        found.is_empty(),
        "modules that import each other in a loop (move what both need to a module of its own):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_loop_finder_finds_a_loop() {
    // The check above passes on a tree without loops; this one shows it
    // would fail on one with.
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(loops(&graph), [vec!["a", "b", "c"]]);
}
