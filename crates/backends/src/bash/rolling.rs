//! Rolling updates in the script: a changed replica of a service with
//! `replicas > 1` or `update` is replaced within its batch (stop-first: in
//! place; start-first: a new container under a temporary name first), and
//! at the end of each batch its new containers must be ready (healthy, or
//! started without a healthcheck) before the next batch is touched
//! (`templates/bash/block.sh`, `lib/rolling.sh`). With a healthcheck, a new
//! container is created without its network aliases and joins them once
//! healthy: the aliases (which clients resolve) never name a container that
//! does not answer yet.

use stackc_ir::ast::ContainerSpec;
use stackc_ir::stack::UpdateOrder;
use stackc_ir::update::{Rolling, next_name};

use super::container::{create_commands, drain};
use super::words::Cmd;
use crate::{docker, quote};

/// How a changed replica's new container is made when it differs from a
/// plain recreate: start-first (beside the old one, under a temporary
/// name), or with a healthcheck (without its network aliases, which it
/// joins once healthy, so that no client is sent to it before it is ready).
pub(super) struct Replace {
    /// The new container's name, quoted.
    pub(super) name: String,
    /// Start-first: the removal of a leftover of an interrupted update.
    pub(super) discard: Option<Cmd>,
    pub(super) create: Vec<Cmd>,
    pub(super) copy: Option<String>,
    pub(super) start: Cmd,
    pub(super) execs: Vec<Cmd>,
    /// Start-first: what `_sc_next_started` says of it, quoted.
    pub(super) created: Option<String>,
}

impl Replace {
    pub(super) fn of(spec: &ContainerSpec, sealed: bool) -> Option<Self> {
        let rolling = spec.rolling.as_ref()?;
        let start_first = rolling.order == UpdateOrder::StartFirst;
        if !start_first && rolling.health_secs.is_none() {
            return None;
        }
        let mut next = spec.clone();
        if start_first {
            next.name = next_name(&spec.name);
        }
        if rolling.health_secs.is_some() {
            for attach in &mut next.networks {
                attach.aliases.clear();
            }
        }
        Some(Self {
            name: quote::sh(&next.name),
            discard: start_first.then(|| Cmd::new(&docker::remove_forced(&next.name))),
            create: create_commands(&next, sealed),
            copy: super::files::copy_in(&next),
            start: Cmd::new(&docker::start_named(&next.name, false)),
            execs: Cmd::all(&docker::exec(&next.name, &next.exec)),
            created: start_first
                .then(|| quote::sh(&format!("created and started, to replace {}", spec.name))),
        })
    }
}

/// The end of a batch: each replaced replica waited for (and, start-first,
/// swapped for the old one), then the pause before the next batch.
pub(super) struct Settle {
    pub(super) replicas: Vec<Finish>,
    /// Seconds to pause when the batch replaced something (not after the
    /// last batch).
    pub(super) delay: Option<u128>,
}

/// What the end of its batch does for one replaced replica.
pub(super) struct Finish {
    /// The container's name, quoted.
    pub(super) name: String,
    /// `_sc_wait_healthy`'s words; `None`: started is ready.
    pub(super) wait: Option<String>,
    /// Once healthy, the new container joins its network aliases.
    pub(super) join: Vec<Cmd>,
    /// Start-first: the old container drained, stopped and removed, and
    /// the new one renamed.
    pub(super) swap: Option<Swap>,
}

pub(super) struct Swap {
    pub(super) drain: Option<String>,
    pub(super) stop: Cmd,
    pub(super) remove: Cmd,
    pub(super) rename: Cmd,
}

impl Finish {
    pub(super) fn of(spec: &ContainerSpec, rolling: &Rolling) -> Self {
        let service = &spec.service;
        let start_first = rolling.order == UpdateOrder::StartFirst;
        let next = next_name(&spec.name);
        let waited = if start_first { &next } else { &spec.name };
        let wait = rolling.health_secs.map(|secs| {
            let note = if start_first {
                format!(
                    "the update of {service} stopped: {} keeps its old definition and runs on; its replacement {next} was removed",
                    spec.name
                )
            } else {
                format!(
                    "the update of {service} stopped at {}: the replicas not replaced yet keep their old definition",
                    spec.name
                )
            };
            let mut words = vec![
                quote::sh(waited),
                quote::sh(service),
                secs.to_string(),
                quote::sh(&note),
            ];
            if start_first {
                words.push(quote::sh(&next));
            }
            words.join(" ")
        });
        let join = if rolling.health_secs.is_some() {
            Cmd::all(&docker::join_aliases(waited, spec))
        } else {
            Vec::new()
        };
        Self {
            name: quote::sh(&spec.name),
            wait,
            join,
            swap: start_first.then(|| Swap {
                drain: drain(spec),
                stop: Cmd::new(&docker::stop(&spec.name, spec.stop_timeout.as_ref())),
                remove: Cmd::new(&docker::remove(&spec.name)),
                rename: Cmd::new(&docker::rename(&next, &spec.name)),
            }),
        }
    }

    /// Whether the end of the batch does anything for it.
    pub(super) fn acts(&self) -> bool {
        self.wait.is_some() || self.swap.is_some()
    }
}
