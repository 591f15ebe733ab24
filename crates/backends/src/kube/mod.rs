//! The Kubernetes backend: lowers the resolved [`Stack`] directly into
//! Kubernetes manifests (one multi-document YAML file, or one file per
//! object).
//!
//! Like compose, the target is declarative: every object is a `Serialize`
//! struct whose maps are [`IndexMap`](indexmap::IndexMap)s in declaration
//! order, written by `crate::yaml`. Parameters are resolved at compile
//! time, as for argv ([`crate::Layout::param_values`], else the default;
//! a given value must be one of the parameter's `choices`); a secret
//! parameter is never resolved: it becomes a `secretKeyRef` to
//! the Secret `<stack>-params` (see [`secret_name`]). Anything in the stack
//! that has no Kubernetes counterpart is an error naming the key, never
//! dropped.
//!
//! - `objects`: the Kubernetes objects, as far as stackc writes them.
//! - `service`: a service as a Deployment or a Job, and its Service;
//!   `ports`: its published ports.
//! - `env`, `probes`, `security`: a container's environment,
//!   probes and security context.
//! - `volumes`: PersistentVolumeClaims, and mounts as pod volumes.
//! - `network`: `internal` networks as NetworkPolicies.
//! - `wait`: init containers that wait for dependencies, and the account
//!   they run as.
//! - `metadata`: the labels and annotations of the objects.
//! - `names`: the names Kubernetes accepts, and those of the objects
//!   stackc adds.
//! - `params`: values fixed at compile time.
//!
//! The mapping, field by field, is in docs/kubernetes.md.

#![expect(
    clippy::doc_markdown,
    reason = "Kubernetes kinds (ConfigMap, NetworkPolicy, …) are words of the domain, not code"
)]

mod content;
mod env;
mod files;
mod metadata;
mod names;
mod network;
mod objects;
mod params;
mod ports;
mod probes;
mod security;
mod service;
#[cfg(test)]
mod tests;
mod volumes;
mod wait;

use stackc_ir::diagnostic::Diagnostics;
use stackc_ir::stack::{Condition, Spanned, Stack};

use crate::diagnostics::{self, At};
use crate::params::Values;
use crate::text::Text;
use crate::yaml::{self, MultiLine};
use crate::{Backend, Input};
use objects::Object;

pub use names::secret_name;
pub use wait::DEFAULT_WAIT_IMAGE;

/// The Kubernetes version the manifests are written for and validated
/// against (tests/outputs/kube.rs).
pub const KUBERNETES_VERSION: &str = "1.30.0";

/// What bind mounts become; without a choice, a bind mount is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindAs {
    /// A ConfigMap holding the file's content, read at compile time and
    /// mounted read-only with `subPath` (regular UTF-8 files only).
    ConfigMap,
    /// A `hostPath` volume: the path resolved at compile time, on whichever
    /// node runs the pod.
    HostPath,
}

/// The Kubernetes target and the settings the stack format cannot carry
/// yet (a `[volumes.NAME.kube]` table needs a frontend change).
#[derive(Clone, Debug)]
pub struct Kube {
    /// `storageClassName` of every PersistentVolumeClaim; `None` uses the
    /// cluster's default class.
    pub storage_class: Option<String>,
    /// The storage request of every PersistentVolumeClaim, e.g. `1Gi`.
    pub volume_size: String,
    pub bind_as: Option<BindAs>,
    /// The image of the wait init containers (it must hold `kubectl`).
    pub wait_image: String,
}

impl Default for Kube {
    fn default() -> Self {
        Self {
            storage_class: None,
            volume_size: "1Gi".to_owned(),
            bind_as: None,
            wait_image: DEFAULT_WAIT_IMAGE.to_owned(),
        }
    }
}

/// One manifest: a file name for directory output and its YAML (one
/// document, without the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// `<kind>-<name>.yaml`, kind in lowercase.
    pub file_name: String,
    pub yaml: String,
}

impl Backend for Kube {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        self.render_text(input).map(Text::into_string)
    }

    /// The manifests as one text, made as [`Kube::documents`] makes them
    /// but never held twice: the services' manifests (nearly all of a
    /// large stack's) are appended to the text as they are written, and
    /// the few that come before them are put in front at the end.
    fn render_text(&self, input: &Input<'_>) -> Result<Text, Diagnostics> {
        let mut workloads = Joined::default();
        let first = self.lower(input, &mut workloads)?;
        let mut head = Joined {
            text: Text::from(header(&input.layout.source_name)),
            any: false,
        };
        for document in first {
            head.push(document);
        }
        let mut text = workloads.text;
        if head.any && workloads.any {
            head.text.push_str("---\n");
        }
        text.prepend(head.text.into_string());
        Ok(text)
    }
}

/// Where the services' manifests go as they are written.
trait Sink {
    fn push(&mut self, document: Document);
    /// Forget every manifest pushed.
    fn clear(&mut self);
}

impl Sink for Vec<Document> {
    fn push(&mut self, document: Document) {
        Vec::push(self, document);
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

/// Manifests as one YAML text, `---` between them.
#[derive(Default)]
struct Joined {
    text: Text,
    /// Whether a manifest was written.
    any: bool,
}

impl Sink for Joined {
    fn push(&mut self, document: Document) {
        if self.any {
            self.text.push_str("---\n");
        }
        self.any = true;
        self.text.push_str(&document.yaml);
    }

    fn clear(&mut self) {
        *self = Self::default();
    }
}

impl Kube {
    pub fn documents(&self, input: &Input<'_>) -> Result<Vec<Document>, Diagnostics> {
        let mut workloads = Vec::new();
        let mut documents = self.lower(input, &mut workloads)?;
        documents.append(&mut workloads);
        Ok(documents)
    }

    /// The services' manifests into `workloads`, in order; returns those
    /// that come before them.
    fn lower(
        &self,
        input: &Input<'_>,
        workloads: &mut dyn Sink,
    ) -> Result<Vec<Document>, Diagnostics> {
        let depended_on = input
            .stack
            .services
            .values()
            .flat_map(|other| other.depends_on.iter())
            .map(|dep| dep.service.value.as_str())
            .collect();
        let lower = |alone| {
            let mut lower = Lower {
                kube: self,
                stack: input.stack,
                order: &input.analyzed.declaration_order,
                project_dir: &input.layout.project_dir,
                home: input.layout.home.as_deref(),
                values: Values::new(input.plan, input.layout),
                diags: Diagnostics::default(),
                missing: Vec::new(),
                config_maps: Vec::new(),
                balanced: Vec::new(),
                depended_on: &depended_on,
                alone,
                redo: false,
            };
            // A given value outside its choices is refused, as by argv and
            // the scripts; the rest of the stack is still checked.
            lower.diags.extend(lower.values.check_choices());
            lower
        };
        let mut on_every_core = lower(false);
        let documents = on_every_core.documents(workloads);
        if on_every_core.redo {
            // Something to report: lowered again on this thread alone, so
            // that the diagnostics are those of one lowering in order
            // (each parameter reported once).
            workloads.clear();
            let mut alone = lower(true);
            let documents = alone.documents(workloads);
            return alone.diags.into_result(documents);
        }
        on_every_core.diags.into_result(documents)
    }
}

/// How many services a thread lowers and writes at a time.
const SERVICES_PER_CHUNK: usize = 16;

/// An object's manifest, and the error that stops the output when it
/// cannot be written.
fn written(object: &Object) -> (Document, Option<Diagnostics>) {
    let (yaml, error) = match yaml::to_string(object, MultiLine::Block, "kubernetes") {
        Ok(yaml) => (yaml, None),
        Err(e) => (String::new(), Some(e)),
    };
    let document = Document {
        file_name: format!(
            "{}-{}.yaml",
            object.kind.to_ascii_lowercase(),
            object.metadata.name
        ),
        yaml,
    };
    (document, error)
}

/// The header comment of every output file.
pub fn header(source_name: &str) -> String {
    yaml::header(source_name, "kube")
}

/// The lowering of one stack, and what it reports.
use objects::ServicePort;

struct Lower<'a> {
    kube: &'a Kube,
    stack: &'a Stack,
    /// The services in dependency order ([`stackc_ir::analysis::Analyzed::declaration_order`]).
    order: &'a [String],
    /// The absolute project directory, which relative host paths are
    /// joined to.
    project_dir: &'a str,
    /// `$HOME` for `~/…` host paths, when absolute.
    home: Option<&'a str>,
    values: Values<'a>,
    diags: Diagnostics,
    /// Parameters without a value, reported once each.
    missing: Vec<String>,
    /// ConfigMaps made from bind-mounted files, in order of appearance.
    config_maps: Vec<Object>,
    /// The ports a service with replicas publishes on a fixed host port:
    /// a `LoadBalancer` Service spreads them over its pods.
    balanced: Vec<ServicePort>,
    /// The services that another depends on (each gets a Service).
    depended_on: &'a std::collections::HashSet<&'a str>,
    /// Lower the services on this thread alone (else a chunk at a time on
    /// every core, each chunk by a `Lower` of its own).
    alone: bool,
    /// A chunk reported something: the stack is to be lowered again
    /// alone, for the diagnostics in order.
    redo: bool,
}

impl Lower<'_> {
    /// A key of a service (or network, volume) without a counterpart.
    fn unsupported(&mut self, what: &str, key: &str, at: At, help: impl Into<String>) {
        self.diags
            .push(diagnostics::kube_unsupported(what, key, at, help));
    }

    /// An object's manifest (an error that stops the output when it cannot
    /// be written).
    fn document(&mut self, object: &Object) -> Document {
        self.taken(written(object))
    }

    /// A manifest, its error (if any) reported.
    fn taken(&mut self, (document, error): (Document, Option<Diagnostics>)) -> Document {
        if let Some(error) = error {
            self.diags.extend(error);
        }
        document
    }

    /// Every manifest, in apply order ([`Kube::documents`]): a service's
    /// objects are written (into `workloads`) as soon as they are made, so
    /// that a large stack's objects are never held whole; returns the
    /// manifests that come before the services', which are known last
    /// (the ConfigMaps of the files the services mount).
    fn documents(&mut self, workloads: &mut dyn Sink) -> Vec<Document> {
        let Stack {
            name,
            params: _,
            networks,
            volumes,
            services,
            outputs: _,
            images,
            // Written with the services that mount them.
            secrets: _,
            configs: _,
            unselected: _,
        } = self.stack;
        for image in images.values() {
            self.unsupported(
                "the stack",
                &format!("images.{}", image.name.value),
                Spanned::new("built by the docker engine".to_owned(), image.name.span),
                "a cluster pulls images: build and push the image, and give the services that run it its reference",
            );
        }
        if !names::is_label_value(&name.value) {
            self.diags.push(diagnostics::kube_stack_name(name));
        }

        let order: Vec<usize> = self
            .order
            .iter()
            .filter_map(|name| services.get_index_of(name))
            .collect();
        let waits: Vec<bool> = services
            .values()
            .map(|service| {
                service
                    .depends_on
                    .iter()
                    .any(|dep| dep.condition.value != Condition::Started)
            })
            .collect();

        let mut objects = Vec::new();
        if waits.iter().any(|w| *w) {
            objects.extend(self.wait_account());
        }
        let mut claims = Vec::new();
        for volume in volumes.values() {
            claims.extend(self.volume(volume));
        }
        let mut policies = Vec::new();
        for network in networks.values() {
            policies.extend(self.network(network));
        }
        if !policies.is_empty() {
            let isolated_waiting: Vec<String> = services
                .values()
                .zip(&waits)
                .filter(|(service, wait)| **wait && self.isolated(service))
                .map(|(service, _)| service.name.value.clone())
                .collect();
            if !isolated_waiting.is_empty() {
                policies.push(self.api_policy(isolated_waiting));
            }
        }
        if self.alone {
            for index in &order {
                for object in self.service(&services[*index], waits[*index]) {
                    let document = self.document(&object);
                    workloads.push(document);
                }
            }
        } else {
            self.on_every_core(&order, &waits, workloads);
        }
        objects.append(&mut self.config_maps);
        objects.extend(claims);
        objects.extend(policies);
        objects.iter().map(|o| self.document(o)).collect()
    }
}

impl Lower<'_> {
    /// The services (by their index, in `order`) lowered and written a
    /// chunk at a time on every core, each chunk by a `Lower` of its own;
    /// their manifests pushed in order, and the ConfigMaps of the files
    /// they mount taken in order, each once. When a chunk reports
    /// anything, [`Self::redo`] is set.
    fn on_every_core(&mut self, order: &[usize], waits: &[bool], workloads: &mut dyn Sink) {
        let services = &self.stack.services;
        let chunk_lower = Lower {
            diags: Diagnostics::default(),
            missing: Vec::new(),
            config_maps: Vec::new(),
            balanced: Vec::new(),
            ..*self
        };
        stackc_ir::parallel::for_each_ordered(
            order.len(),
            SERVICES_PER_CHUNK,
            |range| {
                let mut lower = Lower {
                    diags: Diagnostics::default(),
                    missing: Vec::new(),
                    config_maps: Vec::new(),
                    balanced: Vec::new(),
                    ..chunk_lower
                };
                let mut documents = Vec::new();
                for index in &order[range] {
                    for object in lower.service(&services[*index], waits[*index]) {
                        documents.push(lower.document(&object));
                    }
                }
                (documents, lower.config_maps, lower.diags)
            },
            |(documents, config_maps, diags)| {
                self.redo |= !diags.is_empty();
                for document in documents {
                    workloads.push(document);
                }
                for map in config_maps {
                    if !self
                        .config_maps
                        .iter()
                        .any(|m| m.metadata.name == map.metadata.name)
                    {
                        self.config_maps.push(map);
                    }
                }
            },
        );
    }
}
