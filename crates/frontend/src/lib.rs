//! The frontend of stackc: it owns the stack.toml format.
//!
//! [`parse`] reads the TOML text into a spanned raw tree
//! (`crate::raw::DeTable`), then walks it by hand into a [`stackc_ir::Stack`]:
//! every key, value type, name, port, mount, duration and template is
//! checked here, and every problem is reported with a span into the source,
//! not only the first one. References between resources (a service naming a
//! network, a volume or another service) are kept as spanned names and
//! checked by the passes; references to parameters (`${NAME}`) are checked
//! here, because `[params]` is decoded first.
//!
//! One concept per module: `decode` holds the typed getters that report
//! wrong types, `diagnostics` one constructor per message, `template` the
//! checks of `${NAME}` references, and each part of the format (`params`,
//! `resources`, `service`, `port`, `mount`, `depends`, `healthcheck`,
//! `duration`) has its own module; the naming rules are `stackc_ir::names`.

mod attach;
mod blkio;
mod build_options;
mod build_secrets;
mod chunks;
mod compose_keys;
mod decode;
mod depends;
mod diagnostics;
mod duration;
mod env_file;
mod events;
mod files;
mod flags;
mod gpus;
mod healthcheck;
mod hosts;
mod images;
mod keys;
mod logging;
mod mount;
mod network_mode;
mod network_options;
mod outputs;
pub mod overlay;
mod params;
mod port;
mod profiles;
mod raw;
mod resources;
mod service;
mod template;
mod update;
mod volume_init;

use std::path::Path;

use crate::raw::DeTable;
use indexmap::IndexMap;
use stackc_ir::Diagnostics;
use stackc_ir::stack::{Spanned, Stack};

use crate::decode::{Decoder, Value, span_of};
use stackc_ir::names::NameKind;

pub use crate::diagnostics::Code;
pub use crate::keys::known_keys;

const TOP_KEYS: &[&str] = &[
    "stack", "params", "networks", "volumes", "images", "secrets", "configs", "services", "outputs",
];
const STACK_KEYS: &[&str] = &["name"];

/// Parse and decode stack.toml text into the stack model, reporting every
/// problem found.
///
/// The diagnostics come in source order. When the text is not valid TOML,
/// only the syntax errors are reported: the decoder would otherwise walk a
/// half-recovered tree and report problems that are not there.
pub fn parse(source: &str) -> Result<Stack, Diagnostics> {
    parse_all(&[source])
}

/// [`parse`] of several files merged as overlays (see [`overlay`]): the
/// diagnostics' spans point into [`overlay::join`] of `texts`.
pub fn parse_all(texts: &[&str]) -> Result<Stack, Diagnostics> {
    if let [text] = texts
        && let Some(result) = streamed(text)
    {
        return result;
    }
    parse_tree(texts)
}

/// [`parse_all`] through the whole raw tree of the merged files.
fn parse_tree(texts: &[&str]) -> Result<Stack, Diagnostics> {
    let source = overlay::join(texts);
    let mut d = Decoder::new(&source);
    if let [text] = texts
        && let Some(root) = events::Builder::default().parse(text, 0)
    {
        let stack = decode_stack(&mut d, &root);
        return sorted(d.into_diagnostics()).into_result(stack);
    }
    match overlay::merged(texts, &source) {
        Ok((root, merge_diags)) => {
            let root = raw::from_toml(root);
            for diag in merge_diags {
                d.push(diag);
            }
            let stack = decode_stack(&mut d, &root);
            sorted(d.into_diagnostics()).into_result(stack)
        }
        Err(syntax) => {
            for diag in syntax {
                d.push(diag);
            }
            Err(sorted(d.into_diagnostics()))
        }
    }
}

/// One file decoded a service at a time (`chunks`): the raw tree of each
/// `[services.NAME]` is dropped once decoded, so that a large stack is
/// never held twice. What [`parse_all`] gives for `[text]`, diagnostics
/// included: `None` when the text cannot be read in pieces (then it is
/// read whole, and its errors reported as `toml` reports them).
fn streamed(text: &str) -> Option<Result<Stack, Diagnostics>> {
    let split = chunks::split(text)?;
    let mut d = Decoder::new(text);
    let (mut stack, has_stack) = decode_tables(&mut d, &split.prelude);
    // The services, a chunk at a time on each core, each chunk with a
    // decoder of its own (knowing the prelude's parameters) and taken in
    // order, its diagnostics too: the result is the same on any number of
    // cores.
    let params = d.params.clone();
    // `services` comes after the prelude's tables, as in the whole tree.
    stack.services.reserve(split.len());
    let mut whole = true;
    stackc_ir::parallel::for_each_ordered(
        split.len(),
        SERVICES_PER_CHUNK,
        |range| {
            let mut builder = events::Builder::default();
            let mut part = Decoder::new(text);
            part.params.clone_from(&params);
            let mut services = Vec::with_capacity(range.len());
            for i in range {
                let piece = split.piece(&mut builder, text, i)?;
                services.push(service::decode_one(&mut part, &piece.key, &piece.value));
            }
            Some((services, part.into_diagnostics()))
        },
        |chunk| {
            let Some((services, diags)) = chunk.filter(|_| whole) else {
                whole = false;
                return;
            };
            for (name, service) in services {
                if stack.services.contains_key(&name) {
                    whole = false;
                    return;
                }
                stack.services.insert(name, service);
            }
            for diag in diags {
                d.push(diag);
            }
        },
    );
    if !whole {
        return None;
    }
    finish_stack(&mut d, has_stack);
    Some(sorted(d.into_diagnostics()).into_result(stack))
}

/// How many services a thread decodes at a time.
const SERVICES_PER_CHUNK: usize = 64;

/// [`parse`], then check the files the stack reads at compile time
/// relative to `base_dir`, the directory of stack.toml: each `env_file`
/// and `label_file` must be a readable file (docker's `--env-file` and
/// `--label-file` and compose refuse a missing one, at run time, after the
/// stack is half up); an env file with `required = false` may be missing,
/// not a directory or unreadable.
///
/// The files are checked only when the text decoded without problems.
pub fn parse_file(source: &str, base_dir: &Path) -> Result<Stack, Diagnostics> {
    parse_files(&[source], base_dir)
}

/// [`parse_file`] of several files merged as overlays; every relative path
/// is relative to `base_dir`, the directory of the first file.
pub fn parse_files(texts: &[&str], base_dir: &Path) -> Result<Stack, Diagnostics> {
    let mut stack = parse_all(texts)?;
    let mut diags = Diagnostics::default();
    images::read_from_lines(&mut stack, base_dir, &mut diags);
    for service in stack.services.values() {
        for file in &service.env_file {
            // One that parameters complete is checked by the script.
            let Some(path) = file.value.path.as_literal() else {
                continue;
            };
            let why = unreadable(&base_dir.join(path));
            // An optional file may be missing; not a directory.
            let skipped = !file.value.required && why.as_deref() == Some(NO_SUCH_FILE);
            if let Some(why) = why.filter(|_| !skipped) {
                diags.push(diagnostics::env_file(path, file.span, &why));
            }
        }
        for file in &service.label_file {
            if let Some(why) = unreadable(&base_dir.join(&file.value)) {
                diags.push(diagnostics::label_file(&file.value, file.span, &why));
            }
        }
    }
    diags.into_result(stack)
}

/// What [`unreadable`] says of a path that does not exist.
const NO_SUCH_FILE: &str = "no such file";

/// Why `path` cannot be read as a file, if it cannot.
fn unreadable(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(NO_SUCH_FILE.to_owned()),
        Err(e) => Some(e.to_string()),
        Ok(meta) if meta.is_dir() => Some("a directory, not a file".to_owned()),
        Ok(_) => std::fs::File::open(path).err().map(|e| e.to_string()),
    }
}

/// The diagnostics in source order.
fn sorted(diags: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::default();
    for diag in diags.into_sorted() {
        out.push(diag);
    }
    out
}

fn decode_stack(d: &mut Decoder<'_>, root: &DeTable<'_>) -> Stack {
    let (stack, has_stack) = decode_tables(d, root);
    finish_stack(d, has_stack);
    stack
}

/// What the tables of `root` decode to; whether it has `[stack]`.
fn decode_tables(d: &mut Decoder<'_>, root: &DeTable<'_>) -> (Stack, bool) {
    let mut stack = Stack {
        name: Spanned::new(String::new(), (0, 0)),
        params: IndexMap::new(),
        networks: IndexMap::new(),
        volumes: IndexMap::new(),
        services: IndexMap::new(),
        outputs: IndexMap::new(),
        images: IndexMap::new(),
        secrets: IndexMap::new(),
        configs: IndexMap::new(),
        unselected: Vec::new(),
    };
    // Parameters first: every template refers to them.
    if let Some(value) = root.get("params") {
        stack.params = params::decode(d, value);
    }
    let mut has_stack = false;
    for (key, value) in root {
        match key.get_ref().as_ref() {
            "stack" => {
                has_stack = true;
                if let Some(name) = stack_table(d, value) {
                    stack.name = name;
                }
            }
            "params" => {}
            "networks" => stack.networks = resources::networks(d, value),
            "volumes" => stack.volumes = resources::volumes(d, value),
            "services" => stack.services = service::decode_all(d, value),
            "outputs" => stack.outputs = outputs::decode(d, value),
            "images" => stack.images = images::decode(d, value),
            "secrets" => stack.secrets = files::decode_all(d, files::Kind::Secret, value),
            "configs" => stack.configs = files::decode_all(d, files::Kind::Config, value),
            other => {
                let best = stackc_ir::suggest::closest(other, TOP_KEYS.iter().copied());
                let tables: Vec<String> = TOP_KEYS
                    .iter()
                    .map(|k| match *k {
                        "stack" | "outputs" => format!("`[{k}]`"),
                        k => format!("`[{k}.NAME]`"),
                    })
                    .collect();
                let n = tables.len().saturating_sub(1);
                let tables = format!("{} and {}", tables[..n].join(", "), tables[n..].join(""));
                d.push(diagnostics::unknown_top_level(
                    other,
                    span_of(key),
                    best,
                    &tables,
                ));
            }
        }
    }
    (stack, has_stack)
}

fn finish_stack(d: &mut Decoder<'_>, has_stack: bool) {
    if !has_stack {
        d.push(diagnostics::missing_stack((0, 0).into()));
    }
}

/// `[stack]`: the stack's name.
fn stack_table(d: &mut Decoder<'_>, value: &Value<'_>) -> Option<Spanned<String>> {
    let table = d.table("stack", value)?;
    let mut name = None;
    for (key, value) in table {
        if key.get_ref() == "name" {
            name = d.spanned_string("stack.name", value);
            if let Some(name) = &name
                && !d.name(NameKind::Stack, &name.value, name.span)
            {
                return None;
            }
        } else {
            d.unknown_key("stack", key, STACK_KEYS);
        }
    }
    if !table.contains_key("name") {
        d.push(diagnostics::missing_key(
            "name",
            "stack",
            span_of(value),
            "name = \"my-app\"",
        ));
    }
    name
}

#[cfg(test)]
mod tests;
