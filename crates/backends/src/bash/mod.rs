//! The bash backend: one reviewable, idempotent script per action.
//!
//! The shell is in the askama templates under `templates/bash/`: the
//! skeleton `script.sh` with its function library `lib/*.sh`, the
//! parameters `params.sh`, and each resource's block `block.sh`. This
//! module and its children compute what the templates write: quoted names
//! ([`crate::quote`]), bash words, the docker commands of [`crate::docker`],
//! and which helpers a plan needs. Runtime values are bash variables:
//! parameters under their own names, the project directory as `_sc_root`,
//! and their escaped forms as `_sc_csv_*` / `_sc_sh_*`.

mod block;
mod container;
mod files;
mod meaning;
mod needs;
mod networks;
pub(crate) mod params;
mod rolling;
mod runtime;
mod schedule;
mod usage;
pub(crate) mod words;

#[cfg(test)]
mod tests;

use askama::Template;
use stackc_ir::ast::Action;
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::{Backend, Input, docker, quote};
use meaning::Meaning;
use needs::{Needs, Reads};
use params::Params;
use runtime::{Runtime, runtime_images};
use schedule::{Section, each_section, schedules};
use usage::usage;

/// The bash backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bash;

/// What `templates/bash/script.sh` writes: everything before the blocks,
/// which [`SectionText`] writes one at a time, then [`End`].
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
    /// The script checks image references it completes at run time
    /// (`_sc_image_ref`), and with this regular expression, quoted.
    image_refs: bool,
    reference_ere: String,
    /// Every declared parameter (quoted name) and `1` for a secret.
    declared: Vec<(String, u8)>,
    /// `--action run`.
    runs_once: bool,
    needs: Needs,
    reads: Reads,
    /// The label of a built image's build-input hash, read by
    /// `_sc_read_state`.
    build_hash_label: &'static str,
    /// The stack's directory from the script's, quoted; and for a message.
    root: Option<String>,
    root_shown: Option<String>,
    /// Whether it reads the home directory (`~/…` host paths).
    home: bool,
    params: Params,
    /// The host files of secrets and configs (origin and path, as bash
    /// words), checked before anything changes.
    host_files: Vec<(String, String)>,
    /// The optional env files (`required = false`): the variable that
    /// holds what `--env-file` reads ([`crate::docker::optional_file_var`])
    /// and the path, as a bash word.
    optional_files: Vec<(String, String)>,
    /// The keys that need a newer engine than docker's oldest (the least
    /// API version, and where the key is, quoted), checked before anything
    /// changes.
    engine_api: Vec<(&'static str, &'static str, String)>,
    /// The build keys that need BuildKit (where each is, quoted), checked
    /// before anything changes.
    buildkit: Vec<String>,
    /// The builds given the SSH agent of `$SSH_AUTH_SOCK` (where each
    /// `build.ssh` is, quoted), checked before anything changes.
    agents: Vec<String>,
    /// The builds that leave the platform to the engine: where each
    /// `build.platforms` is, and the platforms (quoted), checked before
    /// anything changes.
    platforms: Vec<(String, String)>,
    /// Whether a block is followed by a schedule (`_sc_task`, `_sc_schedule`).
    schedules: bool,
    /// The networks it creates and their config hashes (bash words).
    networks: Vec<(String, String)>,
    /// Whether one of those is computed when the script runs.
    network_digests: bool,
}

/// One block of the script (`templates/bash/section.sh`).
#[derive(Template)]
#[template(path = "bash/section.sh", escape = "none")]
struct SectionText<'a> {
    block: &'a Section,
}

/// The end of the script, after its blocks (`templates/bash/script_end.sh`).
#[derive(Template)]
#[template(path = "bash/script_end.sh", escape = "none")]
struct End {
    plans: bool,
    ps: bool,
    done_message: String,
}

impl Bash {
    /// Write the script to `out` a block at a time: each block is lowered,
    /// written and dropped before the next, so that a large stack's script
    /// is never held whole.
    pub fn write(&self, input: &Input<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let plan = input.plan;
        head(input).write_into(out)?;
        each_section(plan, |block| SectionText { block: &block }.write_into(out))?;
        End {
            plans: matches!(plan.action, Action::Up | Action::Create),
            ps: plan.action == Action::Ps,
            done_message: quote::sh(&format!("stack {}: {}", plan.stack, plan.action.as_str())),
        }
        .write_into(out)?;
        out.write_all(b"\n")
    }
}

impl Backend for Bash {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let internal = |e: &dyn std::fmt::Display| {
            Diagnostics::from(Diag::new(
                crate::diagnostics::Code::Internal,
                format!("bash template: {e}"),
            ))
        };
        let mut out = Vec::new();
        self.write(input, &mut out).map_err(|e| internal(&e))?;
        String::from_utf8(out).map_err(|e| internal(&e))
    }
}

/// The script before its blocks.
fn head(input: &Input<'_>) -> Script {
    let plan = input.plan;
    let meaning = Meaning::of(plan.action);
    let needs = Needs::of(plan);
    let runtime = Runtime::of(plan);
    // Backups live in `backups/` beside stack.toml.
    let root_dir = &input.layout.project_dir_from_output;
    let root = (runtime.root || needs.archives).then(|| quote::sh(root_dir));
    let shown = stackc_ir::text::shown;
    let networks = networks::network_hashes(plan);
    Script {
        source_comment: shown(&input.layout.source_name),
        stack_comment: shown(&plan.stack),
        source_quoted: quote::sh(&shown(&input.layout.source_name)),
        project_label: quote::sh(&format!(
            "--label={}={}",
            stackc_ir::engine_names::PROJECT_LABEL,
            plan.stack
        )),
        action: plan.action.as_str(),
        summary: meaning.summary,
        usage: usage(plan, &runtime, &meaning, needs.waits),
        dry_run_assumes: meaning.dry_run_assumes,
        dry_run_has: u8::from(!meaning.dry_run_exists),
        dry_status: meaning.dry_status,
        needs_yes: plan.action == Action::Purge,
        ps: plan.action == Action::Ps,
        runs_once: plan.action == Action::Run,
        build_hash_label: docker::BUILD_HASH_LABEL,
        declared: plan
            .params
            .iter()
            .map(|p| (quote::sh(&p.name), u8::from(p.secret)))
            .collect(),
        plans: matches!(plan.action, Action::Up | Action::Create),
        image_refs: needs.archives || !runtime_images(plan).is_empty(),
        reference_ere: quote::sh(stackc_ir::reference::ERE),
        needs,
        reads: Reads::of(needs, &plan.stack),
        root_shown: root.as_ref().map(|_| quote::sh(&shown(root_dir))),
        home: runtime.home,
        root,
        params: Params::of(plan, &runtime),
        host_files: files::host_files(plan),
        optional_files: runtime
            .optional_files
            .iter()
            .map(|path| (docker::optional_file_var(path), words::word_expr(path)))
            .collect(),
        engine_api: engine_api(plan),
        buildkit: buildkit(plan),
        agents: agents(plan),
        platforms: platforms(plan),
        schedules: schedules(plan),
        network_digests: networks.iter().any(|(_, hash)| hash.starts_with('$')),
        networks,
    }
}

/// The build keys of the plan that only BuildKit has, e.g.
/// `services.web.build.entitlements`: docker without buildx would refuse
/// their flags at `docker build`, after the script changed others.
fn buildkit(plan: &stackc_ir::ast::Plan) -> Vec<String> {
    let mut out = Vec::new();
    for block in &plan.blocks {
        for op in &block.ops {
            if let stackc_ir::ast::Op::BuildImage(spec) = op
                && let Some(key) = spec.buildkit
            {
                // `services.NAME.build`, or `images.NAME` (whose `build`).
                let build = build_path(&block.path);
                let at = quote::sh(&format!("{build}.{key}"));
                if !out.contains(&at) {
                    out.push(at);
                }
            }
        }
    }
    out
}

/// Where a block's build is written: `services.NAME.build`, or
/// `images.NAME.build` (an image's block is `images.NAME`).
fn build_path(block: &str) -> String {
    if block.starts_with("images.") {
        format!("{block}.build")
    } else {
        block.to_owned()
    }
}

/// The builds with a `build.ssh` entry without a path: BuildKit gives
/// them the agent of `$SSH_AUTH_SOCK`.
fn agents(plan: &stackc_ir::ast::Plan) -> Vec<String> {
    let mut out = Vec::new();
    for block in &plan.blocks {
        for op in &block.ops {
            if let stackc_ir::ast::Op::BuildImage(spec) = op
                && spec.options.iter().any(|option| {
                    option.flag == "ssh"
                        && option
                            .value
                            .as_ref()
                            .and_then(stackc_ir::ast::Word::as_literal)
                            .is_some_and(|id| !id.contains('='))
                })
            {
                let build = build_path(&block.path);
                let at = quote::sh(&format!("{build}.ssh"));
                if !out.contains(&at) {
                    out.push(at);
                }
            }
        }
    }
    out
}

/// `build.platforms` of two or more: the engine builds its own platform,
/// which must be one of them.
fn platforms(plan: &stackc_ir::ast::Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in &plan.blocks {
        for op in &block.ops {
            if let stackc_ir::ast::Op::BuildImage(spec) = op
                && !spec.platforms.is_empty()
            {
                let build = build_path(&block.path);
                let list: Vec<String> = spec.platforms.iter().map(|p| quote::sh(p)).collect();
                out.push((quote::sh(&format!("{build}.platforms")), list.join(" ")));
            }
        }
    }
    out
}

/// The keys of the containers the plan creates that need a recent engine,
/// with the API version and the Docker release that has it:
/// `healthcheck.start_interval` and `mac_address` need API 1.44 (Docker
/// Engine 25), a volume's `subpath` 1.45 (Docker 26). An older engine
/// refuses them at `docker create`, after the script changed others.
fn engine_api(plan: &stackc_ir::ast::Plan) -> Vec<(&'static str, &'static str, String)> {
    let mut out: Vec<(&'static str, &'static str, String)> = Vec::new();
    for spec in plan.created() {
        let start_interval = spec
            .healthcheck
            .as_ref()
            .is_some_and(|h| h.start_interval.is_some());
        // The docker CLI gives the address per network, which needs 1.44.
        let mac = spec.flags.iter().any(|f| f.flag == "mac-address");
        let subpath = spec.mounts.iter().any(|m| {
            matches!(m, stackc_ir::ast::MountSpec::Volume { options, .. } if options.subpath.is_some())
        });
        for (needed, key, version, release) in [
            (start_interval, "healthcheck.start_interval", "1.44", "25"),
            (mac, "mac_address", "1.44", "25"),
            (subpath, "volumes (volume.subpath)", "1.45", "26"),
        ] {
            if !needed {
                continue;
            }
            let at = quote::sh(&format!("services.{}.{key}", spec.service));
            if !out.iter().any(|(_, _, a)| *a == at) {
                out.push((version, release, at));
            }
        }
    }
    out
}
