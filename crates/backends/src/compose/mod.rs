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
use model::ComposeFile;

/// The compose target.
pub struct Compose;

impl Backend for Compose {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        self.render_text(input).map(Text::into_string)
    }

    fn render_text(&self, input: &Input<'_>) -> Result<Text, Diagnostics> {
        let file = lowered(input)?;
        let mut text = Text::new();
        text.push_str(&header(input));
        yaml::write(&mut text, &file, MultiLine::Quoted, "compose")?;
        Ok(text)
    }
}

fn lowered(input: &Input<'_>) -> Result<ComposeFile, Diagnostics> {
    let mut lower = Lower {
        stack: input.stack,
        project_dir: &input.layout.project_dir_from_output,
        diags: Diagnostics::default(),
        reported: Vec::new(),
    };
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

impl Lower<'_> {
    /// The file: the helper services first (image builds, volume inits),
    /// then the stack's services, networks and volumes, each in
    /// declaration order.
    fn file(&mut self) -> ComposeFile {
        let Stack {
            name,
            params: _,
            networks,
            volumes,
            services,
            outputs: _,
            images,
            secrets,
            configs,
            unselected: _,
        } = self.stack;
        // At its size at once: a large stack's services are not copied as
        // the map grows.
        let mut out = IndexMap::with_capacity(images.len() + volumes.len() + services.len());
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
        for (key, service) in services {
            out.insert(key.clone(), self.service(service));
        }
        ComposeFile {
            name: literal(&name.value),
            services: out,
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
