//! Several compose files as one tree: each file parsed, its spans moved to
//! its own range of one virtual source (the texts joined with a line
//! break, as `stackc_frontend::overlay::join`), its `include:` and
//! `extends:` resolved, then the files merged in order (`merge`).
//!
//! Included and extended files are read relative to the file that names
//! them, at most [`MAX_DEPTH`] deep; a file that includes or extends
//! itself, directly or not, is refused. One in another directory has its
//! relative paths (build contexts, bind mounts, env files, secret and
//! config files) rebased onto the first file's directory, where the
//! stack.toml is written (`rebase`).

use std::path::{Path, PathBuf};

use miette::SourceSpan;
use stackc_ir::{Diag, Diagnostics};

use crate::diagnostics::Code;
use crate::merge::{merge, untag};
use crate::node::{self, Kind, Node};
use crate::rebase;

/// How deep includes and extends may nest.
pub const MAX_DEPTH: usize = 16;
/// A compose file is a few kilobytes; past this it is not one.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// One file given on the command line: its name, text and directory.
#[derive(Clone, Debug)]
pub struct Top {
    pub name: String,
    pub text: String,
    pub dir: PathBuf,
    /// The file itself (`None` for standard input).
    pub path: Option<PathBuf>,
}

/// The files read (given and included), each `(name, text)`, in the order
/// of the virtual source the diagnostics point into.
pub type Sources = Vec<(String, String)>;

struct Loader {
    sources: Sources,
    diags: Diagnostics,
    /// The project directory (the first file's, canonical): where the
    /// stack.toml's relative paths start.
    root: Option<PathBuf>,
}

/// The given files merged into one tree; the sources it was read from.
pub fn load(tops: &[Top]) -> (Sources, Result<Node, Diagnostics>) {
    let mut loader = Loader {
        sources: Vec::new(),
        diags: Diagnostics::default(),
        root: tops.first().and_then(|t| t.dir.canonicalize().ok()),
    };
    let mut merged: Option<Node> = None;
    for top in tops {
        let chain: Vec<PathBuf> = top
            .path
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        let Some(tree) = loader.file(&top.name, &top.text, &top.dir, &chain, "") else {
            continue;
        };
        // A file's merge tags act on the files before it, then are gone.
        merged = Some(untag(match merged {
            None => tree,
            Some(base) => merge(base, tree, &[]),
        }));
    }
    let Loader { sources, diags, .. } = loader;
    let result = match merged {
        Some(root) if diags.is_empty() => Ok(root),
        _ => Err(diags),
    };
    (sources, result)
}

impl Loader {
    /// Add `text` to the virtual source; its start.
    fn add(&mut self, name: &str, text: &str) -> usize {
        let start = self.sources.iter().map(|(_, t)| t.len() + 1).sum();
        self.sources.push((name.to_owned(), text.to_owned()));
        start
    }

    /// One file parsed, its includes and extends resolved; `chain` is
    /// the files that led to it (canonical), for loops.
    /// `prefix` is its directory relative to the project directory (empty
    /// for the files given, whose paths compose reads from there).
    fn file(
        &mut self,
        name: &str,
        text: &str,
        dir: &Path,
        chain: &[PathBuf],
        prefix: &str,
    ) -> Option<Node> {
        let start = self.add(name, text);
        let mut root = match node::parse(text) {
            Ok(root) => shift(root, start),
            Err(diag) => {
                self.diags.push(shift_diag(diag, start));
                return None;
            }
        };
        if !prefix.is_empty() {
            rebase::rebase(&mut root, prefix);
        }
        self.includes(&mut root, dir, chain);
        self.extends(&mut root, dir, chain);
        Some(root)
    }

    /// The file `rel` names, relative to `dir`, read and parsed (with its
    /// own includes and extends); `at` is where it is named.
    fn read(&mut self, rel: &str, at: &Node, dir: &Path, chain: &[PathBuf]) -> Option<Node> {
        let path = dir.join(rel);
        let fail = |why: String| {
            Diag::new(Code::ImportInvalid, format!("cannot read `{rel}`: {why}"))
                .label(at.span, "named here")
        };
        let canonical =
            match path.canonicalize() {
                Ok(p) => p,
                Err(e) => {
                    self.diags.push(fail(e.to_string()).help(
                        "name a compose file that exists, relative to the file that names it",
                    ));
                    return None;
                }
            };
        if chain.contains(&canonical) {
            let names: Vec<String> = chain
                .iter()
                .chain([&canonical])
                .map(|p| {
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            self.diags
                .push(fail(format!("a loop: {}", names.join(" → "))).help(
                    "a compose file may not include or extend itself, directly or through others",
                ));
            return None;
        }
        if chain.len() >= MAX_DEPTH {
            self.diags.push(fail(format!(
                "includes and extends nest more than {MAX_DEPTH} deep"
            )));
            return None;
        }
        let text = match read_bounded(&canonical) {
            Ok(text) => text,
            Err(why) => {
                self.diags.push(fail(why));
                return None;
            }
        };
        // Its relative paths (and the files it includes or extends) are
        // relative to its own directory, as compose reads them.
        let own_dir = canonical.parent().unwrap_or(dir).to_path_buf();
        let prefix = match &self.root {
            Some(root) => match stackc_ir::host::relative(root, &own_dir) {
                same if same == "." => String::new(),
                other => other,
            },
            None => String::new(),
        };
        let mut next = chain.to_vec();
        next.push(canonical);
        self.file(rel, &text, &own_dir, &next, &prefix)
    }

    /// Top-level `include:`: each file's services, networks and volumes
    /// added; one defined twice is an error, as in compose.
    fn includes(&mut self, root: &mut Node, dir: &Path, chain: &[PathBuf]) {
        let Kind::Map(entries) = &mut root.kind else {
            return;
        };
        let Some(i) = entries
            .iter()
            .position(|(k, _)| k.as_str() == Some("include"))
        else {
            return;
        };
        let (_, list) = entries.remove(i);
        let items = match &list.kind {
            Kind::Seq(items) => items.clone(),
            _ => vec![list.clone()],
        };
        for item in &items {
            let paths: Vec<Node> = match &item.kind {
                Kind::Str(_) => vec![item.clone()],
                Kind::Map(fields) => {
                    if let Some((key, _)) = fields.iter().find(|(k, _)| k.as_str() != Some("path"))
                    {
                        self.diags.push(
                            Diag::new(
                                Code::ImportUnsupported,
                                format!(
                                    "`include.{}` is not supported",
                                    key.scalar_text().unwrap_or_default()
                                ),
                            )
                            .label(key.span, "here")
                            .help("stackc import includes a file with `path` only"),
                        );
                    }
                    match item.get("path").map(|p| &p.kind) {
                        Some(Kind::Seq(paths)) => paths.clone(),
                        Some(_) => item.get("path").cloned().into_iter().collect(),
                        None => Vec::new(),
                    }
                }
                _ => Vec::new(),
            };
            for path in paths {
                let Some(rel) = path.as_str().map(str::to_owned) else {
                    continue;
                };
                if let Some(included) = self.read(&rel, &path, dir, chain) {
                    self.add_resources(root, untag(included), &rel);
                }
            }
        }
    }

    /// The services, networks and volumes of `included` added to `root`.
    fn add_resources(&mut self, root: &mut Node, included: Node, rel: &str) {
        let Kind::Map(entries) = &mut root.kind else {
            return;
        };
        let Kind::Map(more) = included.kind else {
            return;
        };
        for (key, value) in more {
            let Some(top @ ("services" | "networks" | "volumes" | "secrets" | "configs")) =
                key.as_str()
            else {
                continue;
            };
            let top = top.to_owned();
            let slot = match entries.iter().position(|(k, _)| k.as_str() == Some(&top)) {
                Some(i) => i,
                None => {
                    let empty = Node {
                        kind: Kind::Map(Vec::new()),
                        ..value.clone()
                    };
                    entries.push((key.clone(), empty));
                    entries.len() - 1
                }
            };
            let (Kind::Map(have), Kind::Map(add)) = (&mut entries[slot].1.kind, value.kind) else {
                continue;
            };
            for (name, def) in add {
                let text = name.scalar_text();
                if let Some((first, _)) = have.iter().find(|(k, _)| k.scalar_text() == text) {
                    self.diags.push(
                        Diag::new(
                            Code::ImportInvalid,
                            format!("`{top}.{}` is defined both here and in the included `{rel}`", text.unwrap_or_default()),
                        )
                        .label(first.span, "defined here")
                        .label(name.span, "and in the included file")
                        .help("compose refuses a resource defined twice through `include`: rename or remove one"),
                    );
                    continue;
                }
                have.push((name, def));
            }
        }
    }

    /// `extends:` of every service resolved: the service it names (in
    /// this file, or in `file`) merged under it.
    fn extends(&mut self, root: &mut Node, dir: &Path, chain: &[PathBuf]) {
        let snapshot = root.clone();
        let Some(Kind::Map(services)) = root_services(root) else {
            return;
        };
        for (key, service) in services.iter_mut() {
            let name = key.scalar_text().unwrap_or_default();
            let mut seen = vec![name.clone()];
            let resolved = self.resolve(service.clone(), &name, &snapshot, dir, chain, &mut seen);
            *service = resolved;
        }
    }

    /// `service` (named `name`, in the file `file_root`) with its
    /// `extends` resolved; `seen` holds the services of this chain.
    fn resolve(
        &mut self,
        mut service: Node,
        name: &str,
        file_root: &Node,
        dir: &Path,
        chain: &[PathBuf],
        seen: &mut Vec<String>,
    ) -> Node {
        let Kind::Map(fields) = &mut service.kind else {
            return service;
        };
        let Some(i) = fields
            .iter()
            .position(|(k, _)| k.as_str() == Some("extends"))
        else {
            return service;
        };
        let (_, extends) = fields.remove(i);
        let (base_name, file) = match &extends.kind {
            Kind::Str(base) => (base.clone(), None),
            _ => (
                extends
                    .get("service")
                    .and_then(Node::scalar_text)
                    .unwrap_or_default(),
                extends.get("file").cloned(),
            ),
        };
        let (base_root, base_chain) = match &file {
            Some(file) => {
                let Some(rel) = file.as_str() else {
                    return service;
                };
                let Some(other) = self.read(rel, file, dir, chain) else {
                    return service;
                };
                let mut next = chain.to_vec();
                next.extend(dir.join(rel).canonicalize().ok());
                (other, next)
            }
            None => (file_root.clone(), chain.to_vec()),
        };
        if (file.is_none() && seen.contains(&base_name)) || seen.len() > MAX_DEPTH {
            self.diags.push(
                Diag::new(
                    Code::ImportInvalid,
                    format!(
                        "`services.{name}` extends `{base_name}`, a loop: {} → {base_name}",
                        seen.join(" → ")
                    ),
                )
                .label(extends.span, "here")
                .help("a service may not extend itself, directly or through others"),
            );
            return service;
        }
        let base = root_services_ref(&base_root)
            .and_then(|s| {
                s.iter()
                    .find(|(k, _)| k.scalar_text().as_deref() == Some(&base_name))
            })
            .map(|(_, v)| v.clone());
        let Some(base) = base else {
            self.diags.push(
                Diag::new(
                    Code::ImportInvalid,
                    format!("`services.{name}` extends `{base_name}`, which is not defined there"),
                )
                .label(extends.span, "here")
                .help("name a service of this file, or of the file given with `file`"),
            );
            return service;
        };
        seen.push(base_name.clone());
        let base = self.resolve(base, &base_name, &base_root, dir, &base_chain, seen);
        // The extending service's merge tags act on what it extends.
        merge(
            untag(base),
            service,
            &["services".to_owned(), name.to_owned()],
        )
    }
}

fn root_services(root: &mut Node) -> Option<&mut Kind> {
    let Kind::Map(entries) = &mut root.kind else {
        return None;
    };
    entries
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some("services"))
        .map(|(_, v)| &mut v.kind)
}

fn root_services_ref(root: &Node) -> Option<&[(Node, Node)]> {
    root.get("services")?.as_map()
}

/// At most [`MAX_BYTES`] of UTF-8 text from `path`.
fn read_bounded(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_BYTES {
        return Err("it is larger than a compose file may be".to_owned());
    }
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())
}

fn shift_span(span: SourceSpan, by: usize) -> SourceSpan {
    (span.offset() + by, span.len()).into()
}

/// `node` with every span moved `by` bytes.
fn shift(node: Node, by: usize) -> Node {
    if by == 0 {
        return node;
    }
    let kind = match node.kind {
        Kind::Seq(items) => Kind::Seq(items.into_iter().map(|n| shift(n, by)).collect()),
        Kind::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (shift(k, by), shift(v, by)))
                .collect(),
        ),
        kind => kind,
    };
    Node {
        kind,
        span: shift_span(node.span, by),
        ..node
    }
}

fn shift_diag(mut diag: Diag, by: usize) -> Diag {
    for (span, _) in &mut diag.labels {
        *span = shift_span(*span, by);
    }
    diag
}
