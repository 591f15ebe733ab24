//! What a plan needs of the script's function library and of the engine's
//! state: each helper, and each docker call that reads the state, is
//! written only where a block uses it.

use stackc_ir::ast::{Op, Plan};

use super::words::line;
use crate::docker;

/// The helpers a plan's blocks call.
#[derive(Clone, Copy, Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag switches one part of the template on"
)]
pub(super) struct Needs {
    /// The kinds of resource whose state the script reads.
    pub(super) containers: bool,
    pub(super) networks: bool,
    pub(super) volumes: bool,
    pub(super) images: bool,
    /// Health waits (`_sc_wait_healthy`).
    pub(super) waits: bool,
    /// Jobs run attached (`_sc_run_job`).
    pub(super) jobs: bool,
    /// Containers checked against their definitions (`_sc_check`).
    pub(super) runs: bool,
    /// Images built (`_sc_build_hash`).
    pub(super) builds: bool,
    /// Volumes backed up or restored (`_sc_backup`, `_sc_restore`).
    pub(super) archives: bool,
    /// The check that no other container uses the stack's networks or
    /// volumes before they are removed (`_sc_unused`).
    pub(super) checks_unused: bool,
    /// A container's state (`_sc_status`).
    pub(super) status: bool,
    /// Secrets and configs copied into containers, or their digests
    /// (`_sc_copy_in`, `_sc_file_digest`).
    pub(super) files: bool,
    /// Containers in another's network stack (`_sc_container_id`).
    pub(super) container_ids: bool,
    /// Containers restarted with a dependency (`_sc_restarted_any`).
    pub(super) restarts: bool,
    /// Rolling updates (`_sc_rolled`, `_sc_drain`).
    pub(super) rolls: bool,
}

impl Needs {
    pub(super) fn of(plan: &Plan) -> Self {
        let mut needs = Self::default();
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            needs.add(op);
        }
        needs
    }

    fn add(&mut self, op: &Op) {
        match op {
            Op::CreateNetwork(_) | Op::RemoveNetwork { .. } => self.networks = true,
            Op::CreateVolume(_) | Op::RemoveVolume { .. } => self.volumes = true,
            Op::BuildImage(spec) => {
                self.images |= !spec.always;
                self.builds = true;
                // `_sc_need_file` for the secrets' host files.
                self.files |= spec
                    .secrets
                    .iter()
                    .any(|s| matches!(s.source, stackc_ir::ast::BuildSecretSource::File(_)));
            }
            Op::RemoveImage { .. } => self.images = true,
            Op::PullImage { .. } => {}
            Op::RunOnce(spec) => {
                self.containers = true;
                // `_sc_file_digest` for the label files' content too.
                self.files |= !spec.files.is_empty() || !spec.label_files.is_empty();
            }
            Op::Strays { .. } => {
                self.containers = true;
            }
            Op::RemoveContainer { pre_stop, .. } => {
                self.containers = true;
                self.status |= !pre_stop.is_empty();
            }
            Op::VolumeArchive { .. } => {
                self.containers = true;
                self.volumes = true;
                self.archives = true;
            }
            Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::ReportContainer(spec) => {
                self.containers = true;
                self.runs = true;
                self.jobs |= spec.job && matches!(op, Op::RunContainer(_));
                self.status |= matches!(op, Op::ReportContainer(_));
                // `_sc_file_digest` for the label files' content too;
                // `_sc_need_file` for an env file parameters name.
                self.files |= !spec.files.is_empty()
                    || !spec.label_files.is_empty()
                    || spec
                        .env_files
                        .iter()
                        .any(|f| f.required && f.path.params().next().is_some());
                self.restarts |= !spec.restart_with.is_empty() && matches!(op, Op::RunContainer(_));
                self.container_ids |= !spec.links.is_empty()
                    || matches!(
                        spec.network_mode,
                        Some(stackc_ir::ast::NetworkModeSpec::Container(_))
                    );
                if matches!(op, Op::RunContainer(_))
                    && let Some(rolling) = &spec.rolling
                {
                    self.rolls = true;
                    self.waits |= rolling.health_secs.is_some();
                }
            }
            Op::StartContainer { job, .. } => {
                self.containers = true;
                self.jobs |= *job;
                self.status = true;
            }
            Op::StopContainer { .. } | Op::RestartContainer { .. } => {
                self.containers = true;
                self.status = true;
            }
            Op::WaitHealthy { .. } => self.waits = true,
            Op::CheckUnused { networks, volumes } => {
                self.containers = true;
                self.networks |= !networks.is_empty();
                self.volumes |= !volumes.is_empty();
                self.checks_unused = true;
            }
        }
    }
}

/// The docker calls of `_sc_read_state`, one per kind of resource the
/// script reads, as lines of bash words.
pub(super) struct Reads {
    pub(super) containers: Option<String>,
    /// Networks, then volumes: the kind and its call.
    pub(super) names: Vec<(&'static str, String)>,
    pub(super) images: Option<String>,
}

impl Reads {
    pub(super) fn of(needs: Needs, project: &str) -> Self {
        let mut names = Vec::new();
        if needs.networks {
            names.push(("network", line(&docker::list_networks(project))));
        }
        if needs.volumes {
            names.push(("volume", line(&docker::list_volumes(project))));
        }
        Self {
            containers: needs
                .containers
                .then(|| line(&docker::list_containers(project))),
            names,
            images: needs.images.then(|| line(&docker::list_images(project))),
        }
    }

    /// Whether the script reads anything.
    pub(super) fn any(&self) -> bool {
        self.containers.is_some() || !self.names.is_empty() || self.images.is_some()
    }
}
