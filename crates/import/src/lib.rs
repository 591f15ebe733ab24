//! `stackc import`: a Docker Compose file → an idiomatic stack.toml.
//!
//! [`import`] parses the compose YAML into a spanned tree (`node`), walks
//! it key by key in file order, and writes TOML text (`toml_out`) with
//! compose's field names, short forms where stackc has them, and services,
//! networks and volumes in compose order. Compose interpolation becomes
//! declared `[params]` (`interpolate`, `params`, `strings`).
//!
//! Whatever stackc cannot express is never dropped silently (`problem`):
//! it is an error naming the compose key path, line and column, or, with
//! [`Options::lossy`], a comment at that place in the TOML. The result is
//! checked by stackc's own frontend and passes before it is returned.
//!
//! One concept per module: `resources` (top-level networks and volumes),
//! `service` (a service's keys), `port`, `mount`, `depends`,
//! `healthcheck`, `build`, `maps` (environment, labels, args),
//! `shellwords` (compose's splitting of a string command).

mod blkio;
mod build;
mod depends;
mod diagnostics;
mod files;
mod flags;
mod gpus;
mod healthcheck;
mod hostvars;
mod interpolate;
mod load;
mod maps;
mod merge;
mod mount;
mod node;
mod params;
mod port;
mod problem;
mod rebase;
mod resources;
mod service;
mod shellwords;
mod strings;
mod toml_out;

use stackc_ir::names::NameKind;
use stackc_ir::{Diag, Diagnostics};

pub use crate::diagnostics::Code;
pub use crate::load::{MAX_DEPTH, Sources, Top};
pub use stackc_ir::names::project_name;

use crate::node::Node;
use crate::params::Params;
use crate::problem::Problems;
use crate::toml_out::{Section, Value};

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Leave out what stackc cannot express, with a comment in the TOML,
    /// instead of failing.
    pub lossy: bool,
    /// The stack name when the compose file has no `name:` (compose takes
    /// the project directory's name: see [`project_name`]).
    pub default_name: String,
    /// The compose file's name, for the header comment.
    pub source_name: String,
}

/// The state of one import.
pub(crate) struct Ctx {
    pub problems: Problems,
    pub params: Params,
    /// Services that a dependent waits for with `service_completed_successfully`:
    /// stackc jobs (`run = "once"`).
    pub jobs: Vec<String>,
    /// Services with a `healthcheck` in the compose file.
    pub healthchecked: Vec<String>,
    /// Services a dependent waits to be healthy without a `healthcheck`
    /// in the compose file: their image's own HEALTHCHECK, which
    /// stack.toml says with `healthcheck = {}`.
    pub image_healthchecked: Vec<String>,
}

/// Convert compose YAML text into stack.toml text.
///
/// The diagnostics' spans point into `source` (the compose text).
pub fn import(source: &str, options: &Options) -> Result<String, Diagnostics> {
    let root = node::parse(source).map_err(Diagnostics::from)?;
    import_root(&merge::untag(root), options)
}

/// [`import`] of several compose files merged by compose's rules (`-f a.yml
/// -f b.yml`), with their `include:` and `extends:` resolved (read from the
/// directory of the first file). The diagnostics' spans point into the
/// returned sources joined as `stackc_frontend::overlay::join` does.
pub fn import_files(tops: &[Top], options: &Options) -> (Sources, Result<String, Diagnostics>) {
    let (sources, root) = load::load(tops);
    (sources, root.and_then(|root| import_root(&root, options)))
}

fn import_root(root: &Node, options: &Options) -> Result<String, Diagnostics> {
    let mut ctx = Ctx {
        problems: Problems::new(options.lossy),
        params: Params::default(),
        jobs: Vec::new(),
        healthchecked: Vec::new(),
        image_healthchecked: Vec::new(),
    };
    let Some(entries) = root.as_map() else {
        return Err(Diagnostics::from(
            Diag::new(
                Code::ImportInvalid,
                format!("a compose file is a mapping, found {}", root.type_name()),
            )
            .label(root.span, "here"),
        ));
    };

    let mut name = options.default_name.clone();
    let mut top_comments = Vec::new();
    let mut services = Vec::new();
    let mut networks = Vec::new();
    let mut volumes = Vec::new();
    let mut files = Vec::new();
    if let Some(services_node) = root.get("services") {
        service::prepass(&mut ctx, services_node);
    }
    for (key, value) in entries {
        let Some(k) = key.as_str() else {
            ctx.problems
                .unsupported("(top level)", key, "a key that is not a string");
            continue;
        };
        match k {
            // Obsolete: compose ignores it.
            "version" => {}
            "name" => {
                if let Some(text) = ctx.literal("name", value)
                    && ctx.valid_name(NameKind::Stack, "stack name", "name", value, &text)
                {
                    name = text;
                }
            }
            "services" => services = service::convert_all(&mut ctx, value),
            "networks" => networks = resources::convert(&mut ctx, "networks", value),
            "volumes" => volumes = resources::convert(&mut ctx, "volumes", value),
            "secrets" => files.extend(files::convert(&mut ctx, files::Files::Secrets, value)),
            "configs" => files.extend(files::convert(&mut ctx, files::Files::Configs, value)),
            // Extension fields carry no meaning for compose itself.
            k if k.starts_with("x-") => ctx.problems.comment(k, problem::X_FIELD),
            k => ctx
                .problems
                .unsupported(k, key, &format!("stackc has no top-level `{k}`")),
        }
        top_comments.extend(ctx.problems.take_comments());
    }
    if !NameKind::Stack.is_valid(&name) {
        return Err(Diagnostics::from(Diag::new(
            Code::ImportInvalid,
            format!(
                "the stack name `{name}` (from the directory) is not valid; add `name:` to the compose file"
            ),
        )));
    }

    let mut sections = Vec::new();
    let mut stack = Section::new(&["stack"]);
    stack.pair("name", Value::Str(name));
    stack.comments(top_comments);
    sections.push(stack);
    for (param_name, param) in &ctx.params.declared {
        let mut section = Section::new(&["params", param_name]);
        if let Some(default) = &param.default {
            section.pair("default", Value::Str(default.clone()));
        }
        if let Some(description) = &param.description {
            section.pair("description", Value::Str(description.clone()));
        }
        if param.secret {
            section.pair("secret", Value::Bool(true));
        }
        if param.keep_empty == Some(true) {
            section.pair("keep_empty", Value::Bool(true));
        }
        sections.push(section);
    }
    sections.extend(services);
    sections.extend(networks);
    sections.extend(volumes);
    sections.extend(files);

    let diags = ctx.problems.into_diagnostics();
    if !diags.is_empty() {
        return Err(diags);
    }
    let header = format!(
        "Imported from {} by `stackc import`.",
        options.source_name.replace(['\n', '\r'], " ")
    );
    let text = toml_out::render(&header, &sections);
    verify(&text)?;
    Ok(text)
}

/// The imported stack must pass `stackc check`; if it does not, the import
/// has a gap, reported as such.
fn verify(text: &str) -> Result<(), Diagnostics> {
    let result =
        stackc_frontend::parse(text).and_then(|stack| stackc_passes::analyze(&stack).map(|_| ()));
    result.map_err(|diags| {
        diags
            .into_iter()
            .map(|diag| {
                let line = diag.labels.first().map_or(0, |(span, _)| {
                    text[..span.offset().min(text.len())].lines().count()
                });
                Diag::new(
                    Code::ImportCheck,
                    format!(
                        "the imported stack.toml fails `stackc check` (its line {line}): {}",
                        diag.message
                    ),
                )
                .help(diag.help.unwrap_or_else(|| {
                    "change the compose file so that stackc can express it".to_owned()
                }))
            })
            .fold(Diagnostics::default(), |mut all, d| {
                all.push(d);
                all
            })
    })
}

impl Ctx {
    /// The list `node` at `path`; `None`, reported, when it is not one.
    pub fn list<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [Node]> {
        let items = node.as_seq();
        if items.is_none() {
            self.problems.unsupported(path, node, "expected a list");
        }
        items
    }

    /// The mapping `node` at `path`; `None`, reported, when it is not one.
    pub fn mapping<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [(Node, Node)]> {
        let entries = node.as_map();
        if entries.is_none() {
            self.problems.unsupported(path, node, "expected a mapping");
        }
        entries
    }

    /// Whether `name` (at `path`, `node`) follows the rule of `kind`; if
    /// not, it is reported as not a valid `what` (`stackc service name`).
    pub fn valid_name(
        &mut self,
        kind: NameKind,
        what: &str,
        path: &str,
        node: &Node,
        name: &str,
    ) -> bool {
        let valid = kind.is_valid(name);
        if !valid {
            self.problems
                .unsupported(path, node, &format!("not a valid {what}: {}", kind.rule()));
        }
        valid
    }
}

/// The items of the list `items` at `path`, each with its path
/// (`services.web.ports[2]`).
pub(crate) fn items<'a>(
    path: &'a str,
    items: &'a [Node],
) -> impl Iterator<Item = (String, &'a Node)> {
    items
        .iter()
        .enumerate()
        .map(move |(i, item)| (format!("{path}[{i}]"), item))
}

/// The entries of the mapping `entries` at `path`, each as its key's
/// text, its path (`services.web.image`), its key and its value.
pub(crate) fn entries<'a>(
    path: &'a str,
    entries: &'a [(Node, Node)],
) -> impl Iterator<Item = (String, String, &'a Node, &'a Node)> {
    entries.iter().map(move |(key, value)| {
        let field = key_text(key);
        let path = format!("{path}.{field}");
        (field, path, key, value)
    })
}

/// The key text of a mapping entry (non-string keys as their text).
pub(crate) fn key_text(key: &Node) -> String {
    key.scalar_text().unwrap_or_default()
}
