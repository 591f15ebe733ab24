//! The compose backend: lowers the resolved [`Stack`] directly into a
//! Docker Compose v2 file.
//!
//! The file is built from the `Serialize` structs of `model`, whose maps
//! are [`IndexMap`]s in declaration order, and written by `crate::yaml`.
//! The output is byte-stable for a given stack.
//!
//! Compose interpolates every string *value* (never a mapping key): literal
//! text is written with each `$` doubled, and a parameter reference becomes
//! `${NAME:-default}` or `${NAME:?parameter NAME is required}`.
//!
//! - `model`: the compose file, as far as stackc writes it.
//! - `resources`: networks, volumes, and the helper services that build
//!   `[images.NAME]` and initialise volumes.
//! - `service`: a service.
//! - `interpolation`: values, parameters and host paths as compose reads
//!   them.

mod files;
mod interpolation;
mod model;
mod resources;
mod service;
#[cfg(test)]
mod tests;

use indexmap::IndexMap;
use stackc_ir::diagnostic::Diagnostics;
use stackc_ir::engine_names;
use stackc_ir::stack::Stack;

use crate::text::Text;
use crate::yaml::{self, MultiLine};
use crate::{Backend, Input};
use interpolation::literal;
use model::{ComposeFile, ComposeService, EmptyServices, Head, Tail};
use stackc_ir::stack::Service;

/// The compose target.
pub struct Compose;

impl Backend for Compose {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        self.render_text(input).map(Text::into_string)
    }

    fn render_text(&self, input: &Input<'_>) -> Result<Text, Diagnostics> {
        let mut text = Text::new();
        text.push_str(&header(input));
        if written_in_parts(input, &mut text).is_err() {
            // Something to report: lowered again whole, on this thread, so
            // that the diagnostics are those of one lowering in order (each
            // parameter reported once).
            let file = lowered(input)?;
            text = Text::new();
            text.push_str(&header(input));
            yaml::write(&mut text, &file, MultiLine::Quoted, "compose")?;
        }
        Ok(text)
    }
}

/// The stack's services a chunk lowers and writes at a time.
const SERVICES_PER_CHUNK: usize = 64;

/// The compose file written into `out` in parts, the same bytes as the
/// whole [`ComposeFile`]: its `name`, the services (helpers first, then
/// the stack's, lowered and written a chunk at a time on every core, each
/// chunk a mapping indented under `services:`), then the other top-level
/// maps. A large stack's compose model is never held whole. `Err` when
/// anything was reported.
fn written_in_parts(input: &Input<'_>, out: &mut Text) -> Result<(), ()> {
    let mut lower = Lower::of(input);
    let helpers = lower.helper_services();
    let head = Head {
        name: literal(&input.stack.name.value),
    };
    write_part(out, &head)?;
    let services = &input.stack.services;
    if helpers.is_empty() && services.is_empty() {
        write_part(out, &EmptyServices::default())?;
    } else {
        out.push_str("services:\n");
        if !helpers.is_empty() {
            let yaml = yaml::to_string(&helpers, MultiLine::Quoted, "compose").map_err(drop)?;
            out.push_str(&indented(&yaml));
        }
    }
    drop(helpers);
    let mut failed = !lower.diags.is_empty();
    let stack_services: Vec<(&String, &Service)> = services.iter().collect();
    stackc_ir::parallel::for_each_ordered(
        stack_services.len(),
        SERVICES_PER_CHUNK,
        |range| {
            let mut lower = Lower::of(input);
            let chunk: IndexMap<&str, ComposeService> = stack_services[range]
                .iter()
                .map(|(key, service)| (key.as_str(), lower.service(service)))
                .collect();
            let yaml = yaml::to_string(&chunk, MultiLine::Quoted, "compose");
            match yaml {
                Ok(yaml) if lower.diags.is_empty() => Ok(indented(&yaml)),
                _ => Err(()),
            }
        },
        |chunk| match chunk {
            Ok(yaml) => out.push_str(&yaml),
            Err(()) => failed = true,
        },
    );
    let tail = lower.tail();
    if failed || !lower.diags.is_empty() {
        return Err(());
    }
    if !tail.is_empty() {
        write_part(out, &tail)?;
    }
    Ok(())
}

/// `value`'s YAML appended to `out`; `Err` when it cannot be written.
fn write_part(out: &mut Text, value: &impl serde::Serialize) -> Result<(), ()> {
    yaml::write(out, value, MultiLine::Quoted, "compose").map_err(drop)
}

/// Each line of `yaml` indented one step (2 spaces): a mapping written at
/// the top level, as the value of a key. Compose's strings are written
/// quoted, on one line: every line of the text is a line of structure.
fn indented(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 2 * yaml.lines().count());
    for line in yaml.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn lowered(input: &Input<'_>) -> Result<ComposeFile, Diagnostics> {
    let mut lower = Lower::of(input);
    let file = lower.file();
    lower.diags.into_result(file)
}

/// The compose file of `input`'s stack as JSON text, its keys in the order
/// compose writes them: what the swarm backend rewrites into a stack file.
pub(crate) fn to_json(input: &Input<'_>) -> Result<String, Diagnostics> {
    serde_json::to_string(&lowered(input)?)
        .map_err(|e| crate::diagnostics::serialization("swarm", e).into())
}

/// The header comment, and a line per parameter with `choices`: compose
/// interpolation cannot check a value against a list, so the file says it
/// where the compose user reads.
fn header(input: &Input<'_>) -> String {
    let mut out = yaml::header(&input.layout.source_name, "compose");
    for param in input.stack.params.values() {
        if !param.choices.is_empty() {
            out.push_str(&yaml::comment(&format!(
                "{} must be one of: {} (compose does not check it).",
                param.name.value,
                param.choices.join(", ")
            )));
        }
    }
    out
}

/// The lowering of one stack, and what it reports.
struct Lower<'a> {
    stack: &'a Stack,
    /// The stack's directory as seen from the compose file's directory.
    project_dir: &'a str,
    diags: Diagnostics,
    /// Parameters already reported as inexpressible (once each).
    reported: Vec<String>,
}

impl<'a> Lower<'a> {
    fn of(input: &Input<'a>) -> Self {
        Self {
            stack: input.stack,
            project_dir: &input.layout.project_dir_from_output,
            diags: Diagnostics::default(),
            reported: Vec::new(),
        }
    }

    /// The file: the helper services first (image builds, volume inits),
    /// then the stack's services, networks and volumes, each in
    /// declaration order.
    fn file(&mut self) -> ComposeFile {
        let mut services = self.helper_services();
        // At its size at once: a large stack's services are not copied as
        // the map grows.
        services.reserve(self.stack.services.len());
        for (key, service) in &self.stack.services {
            services.insert(key.clone(), self.service(service));
        }
        ComposeFile {
            name: literal(&self.stack.name.value),
            services,
            tail: self.tail(),
        }
    }

    /// The services that build `[images.NAME]` and initialise volumes.
    fn helper_services(&mut self) -> IndexMap<String, ComposeService> {
        let Stack {
            images, volumes, ..
        } = self.stack;
        let mut out = IndexMap::new();
        for (key, image) in images {
            out.insert(engine_names::image_service(key), self.image_service(image));
        }
        for (key, volume) in volumes {
            if let Some(init) = volume.init() {
                out.insert(
                    engine_names::volume_init_service(key),
                    resources::volume_init_service(key, &init),
                );
            }
        }
        out
    }

    /// The top-level maps after the services.
    fn tail(&mut self) -> Tail {
        let Stack {
            name: _,
            params: _,
            networks,
            volumes,
            services: _,
            outputs: _,
            images: _,
            secrets,
            configs,
            unselected: _,
        } = self.stack;
        Tail {
            networks: networks
                .iter()
                .map(|(key, network)| (key.clone(), self.network(network)))
                .collect(),
            volumes: volumes
                .iter()
                .map(|(key, volume)| (key.clone(), self.volume(volume)))
                .collect(),
            secrets: self.file_objects(secrets),
            configs: self.file_objects(configs),
        }
    }
}
