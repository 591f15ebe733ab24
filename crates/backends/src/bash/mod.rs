//! The bash backend: one reviewable, idempotent script per action.
//!
//! The skeleton (argument parsing, helpers, state reading) is the askama
//! template `templates/bash/script.sh`; this module renders each resource's
//! block from the docker commands of [`crate::docker`], quoting every value
//! through [`crate::quote`]. Runtime values are bash variables: parameters
//! under their own names, the project directory as `_sc_root`, and their
//! escaped forms as `_sc_csv_*` / `_sc_sh_*`.

mod block;
mod container;
mod meaning;
mod params;
mod runtime;
mod schedule;
mod usage;
mod words;

use askama::Template;
use stackc_ir::ast::{Action, Op};
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::{Backend, Input, docker, quote};
use meaning::Meaning;
use params::Params;
use runtime::{Runtime, runtime_images};
use schedule::{Section, sections};
use usage::usage;

/// The bash backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bash;

#[derive(Template)]
#[template(path = "bash/script.sh", escape = "none")]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag switches one part of the template on"
)]
struct Script {
    /// The stack file's name and the stack's, made safe for a comment
    /// ([`stackc_ir::text::shown`]).
    source_comment: String,
    stack_comment: String,
    /// The stack file's name for a message, quoted.
    source_quoted: String,
    /// `--label=com.docker.compose.project=STACK`, quoted.
    project_label: String,
    action: &'static str,
    summary: &'static str,
    usage: Vec<String>,
    dry_run_assumes: &'static str,
    dry_run_has: u8,
    /// The container state `--dry-run` assumes (empty: absent).
    dry_status: &'static str,
    needs_yes: bool,
    ps: bool,
    /// `--plan` (up and create).
    plans: bool,
    fields_label: &'static str,
    secrets_label: &'static str,
    /// The script checks image references it completes at run time
    /// (`_sc_image_ref`), and with this regular expression, quoted.
    image_refs: bool,
    reference_ere: String,
    /// The script checks that no other container uses the stack's networks
    /// or volumes before it removes them (`_sc_unused`).
    checks_unused: bool,
    /// Whether the script asks `_sc_status`.
    status: bool,
    /// Every declared parameter (quoted name) and `1` for a secret.
    declared: Vec<(String, u8)>,
    /// `--action run`.
    runs_once: bool,
    /// The script builds images (`_sc_build_hash`).
    builds: bool,
    /// `--action backup` or `restore`.
    archives: bool,
    build_hash_label: &'static str,
    reads: Reads,
    waits: bool,
    runs: bool,
    jobs: bool,
    hash_label: &'static str,
    project_filter: String,
    /// The stack's directory from the script's, quoted; and for a message.
    root: Option<String>,
    root_shown: Option<String>,
    params: Params,
    blocks: Vec<Section>,
    done_message: String,
}

#[derive(Clone, Copy, Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one flag per kind of resource the script reads"
)]
struct Reads {
    containers: bool,
    networks: bool,
    volumes: bool,
    images: bool,
}

impl Reads {
    fn any(self) -> bool {
        self.containers || self.networks || self.volumes || self.images
    }
}

impl Backend for Bash {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let plan = input.plan;
        let meaning = Meaning::of(plan.action);
        let mut reads = Reads::default();
        let mut waits = false;
        let mut jobs = false;
        let mut runs = false;
        let mut builds = false;
        let mut archives = false;
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            match op {
                Op::CreateNetwork(_) | Op::RemoveNetwork { .. } => reads.networks = true,
                Op::CreateVolume(_) | Op::RemoveVolume { .. } => reads.volumes = true,
                Op::BuildImage(spec) => {
                    reads.images |= !spec.always;
                    builds = true;
                }
                Op::RemoveImage { .. } => reads.images = true,
                Op::PullImage { .. } => {}
                Op::RunOnce(_) | Op::Strays { .. } => reads.containers = true,
                Op::VolumeArchive { .. } => {
                    reads.containers = true;
                    reads.volumes = true;
                    archives = true;
                }
                Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::ReportContainer(spec) => {
                    reads.containers = true;
                    runs = true;
                    jobs |= spec.job && matches!(op, Op::RunContainer(_));
                }
                Op::StartContainer { job, .. } => {
                    reads.containers = true;
                    jobs |= *job;
                }
                Op::RemoveContainer { .. }
                | Op::StopContainer { .. }
                | Op::RestartContainer { .. } => {
                    reads.containers = true;
                }
                Op::WaitHealthy { .. } => waits = true,
                Op::CheckUnused { networks, volumes } => {
                    reads.containers = true;
                    reads.networks |= !networks.is_empty();
                    reads.volumes |= !volumes.is_empty();
                }
            }
        }

        let runtime = Runtime::of(plan);
        // Backups live in `backups/` beside stack.toml.
        let root_dir = &input.layout.project_dir_from_output;
        let root = (runtime.root || archives).then(|| quote::sh(root_dir));
        let shown = stackc_ir::text::shown;

        let script = Script {
            source_comment: shown(&input.layout.source_name),
            stack_comment: shown(&plan.stack),
            source_quoted: quote::sh(&shown(&input.layout.source_name)),
            project_label: quote::sh(&format!(
                "--label=com.docker.compose.project={}",
                plan.stack
            )),
            action: plan.action.as_str(),
            summary: meaning.summary,
            usage: usage(plan, &runtime, &meaning, waits),
            dry_run_assumes: meaning.dry_run_assumes,
            dry_run_has: u8::from(!meaning.dry_run_exists),
            dry_status: meaning.dry_status,
            needs_yes: plan.action == Action::Purge,
            ps: plan.action == Action::Ps,
            runs_once: plan.action == Action::Run,
            builds,
            archives,
            build_hash_label: docker::BUILD_HASH_LABEL,
            declared: plan
                .params
                .iter()
                .map(|p| (quote::sh(&p.name), u8::from(p.secret)))
                .collect(),
            plans: matches!(plan.action, Action::Up | Action::Create),
            fields_label: docker::FIELDS_LABEL,
            secrets_label: docker::SECRETS_LABEL,
            image_refs: archives || !runtime_images(plan).is_empty(),
            checks_unused: plan
                .blocks
                .iter()
                .flat_map(|b| &b.ops)
                .any(|op| matches!(op, Op::CheckUnused { .. })),
            reference_ere: quote::sh(stackc_ir::reference::ERE),
            status: plan.blocks.iter().flat_map(|b| &b.ops).any(|op| {
                matches!(
                    op,
                    Op::StartContainer { .. }
                        | Op::StopContainer { .. }
                        | Op::RestartContainer { .. }
                        | Op::ReportContainer(_)
                )
            }),
            reads,
            waits,
            runs,
            jobs,
            hash_label: docker::HASH_LABEL,
            project_filter: quote::sh(&format!("label=com.docker.compose.project={}", plan.stack)),
            root_shown: root.as_ref().map(|_| quote::sh(&shown(root_dir))),
            root,
            params: Params::of(plan, &runtime),
            blocks: sections(plan),
            done_message: quote::sh(&format!("stack {}: {}", plan.stack, plan.action.as_str())),
        };
        let mut out = script.render().map_err(|e| {
            Diagnostics::from(Diag::new("stackc::internal", format!("bash template: {e}")))
        })?;
        out.push('\n');
        Ok(out)
    }
}
