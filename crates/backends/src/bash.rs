//! The bash backend: one reviewable, idempotent script per action.
//!
//! The skeleton (argument parsing, helpers, state reading) is the askama
//! template `templates/bash/script.sh`; this module renders each resource's
//! block from the docker commands of [`crate::docker`], quoting every value
//! through [`crate::quote`]. Runtime values are bash variables: parameters
//! under their own names, the project directory as `_sc_root`, and their
//! escaped forms as `_sc_csv_*` / `_sc_sh_*`.

use std::collections::BTreeSet;

use askama::Template;
use stackc_ir::ast::{Action, Block, ContainerSpec, Escape, Op, Piece, Plan, ResourceKind, Word};
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::docker::{self, Command};
use crate::{Backend, Input, hash, quote};

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
    params: Vec<String>,
    blocks: Vec<BlockOut>,
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

/// What an action's script says about itself.
struct Meaning {
    summary: &'static str,
    /// What `--dry-run` assumes of the engine, in words.
    dry_run_assumes: &'static str,
    dry_run_exists: bool,
    dry_status: &'static str,
}

impl Meaning {
    fn of(action: Action) -> Self {
        let (summary, dry_run_assumes, dry_run_exists, dry_status) = match action {
            Action::Up => (
                "Create what is missing, recreate what changed, and start the stack in dependency order; keep what runs unchanged.",
                "an empty engine",
                false,
                "",
            ),
            Action::Create => (
                "Create what is missing and recreate what changed, without starting anything.",
                "an empty engine",
                false,
                "",
            ),
            Action::Down => (
                "Stop and remove the stack's containers and networks; volumes and images are kept.",
                "the running stack",
                true,
                "running",
            ),
            Action::Start => (
                "Start the stack's existing containers in dependency order.",
                "the stack created and stopped",
                true,
                "created",
            ),
            Action::Stop => (
                "Stop the stack's running containers, dependents first.",
                "the running stack",
                true,
                "running",
            ),
            Action::Restart => (
                "Restart the stack's containers in dependency order (jobs are not run again).",
                "the running stack",
                true,
                "running",
            ),
            Action::Pull => (
                "Pull the images the stack runs (not the ones it builds).",
                "an empty engine",
                false,
                "",
            ),
            Action::Build => (
                "Build the stack's images, whether or not they exist.",
                "an empty engine",
                false,
                "",
            ),
            Action::Ps => (
                "Print a table of the stack's containers: state, health, and whether each runs its current definition.",
                "an empty engine (it prints no command: ps only reads)",
                false,
                "",
            ),
            Action::Purge => (
                "Remove everything of the stack: containers, networks, volumes (their data is lost) and built images. Needs --yes.",
                "the running stack",
                true,
                "running",
            ),
            Action::Run => (
                "Bring up what one service depends on, run the service once in a fresh container, remove it; exit with its status.",
                "an empty engine",
                false,
                "",
            ),
            Action::Backup => (
                "Archive the stack's named volumes into backups/<volume>/<UTC time>.tar (with a .sha256), stopping the containers that mount each meanwhile.",
                "the running stack",
                true,
                "running",
            ),
            Action::Restore => (
                "Restore the stack's named volumes from their newest archive in backups/<volume>/ (or --archive NAME), after checking its checksum; refuses a volume in use, or not empty without --force.",
                "a stopped stack with empty volumes",
                false,
                "",
            ),
        };
        Self {
            summary,
            dry_run_assumes,
            dry_run_exists,
            dry_status,
        }
    }
}

struct BlockOut {
    comment: String,
    step: String,
    lines: Vec<String>,
    /// For a service: the function that holds its block, run by the
    /// schedule (`_sc_level`), so that services of one level may run
    /// concurrently.
    function: Option<String>,
    /// Lines that run the functions of the service blocks before this one
    /// (after the last block of a run of service blocks).
    schedule: Vec<String>,
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
            params: param_lines(plan, &runtime),
            blocks: blocks(plan),
            done_message: quote::sh(&format!("stack {}: {}", plan.stack, plan.action.as_str())),
        };
        let mut out = script.render().map_err(|e| {
            Diagnostics::from(Diag::new(
                crate::diagnostics::Code::Internal,
                format!("bash template: {e}"),
            ))
        })?;
        out.push('\n');
        Ok(out)
    }
}

/// What the plan reads at run time: parameters (with the escapes needed)
/// and the project directory.
#[derive(Default)]
struct Runtime {
    params: BTreeSet<String>,
    escaped: BTreeSet<(String, EscapeKind)>,
    root: bool,
    secret_env: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EscapeKind {
    Csv,
    Sh,
}

impl Runtime {
    fn of(plan: &Plan) -> Self {
        let mut out = Self::default();
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            let mut commands = docker::commands(op, None);
            if let Op::ReportContainer(spec) = op {
                // ps computes the config hash, which reads the definition.
                commands.push(docker::create(spec, None));
                commands.extend(docker::connect(spec));
            }
            for command in commands {
                for word in command
                    .argv
                    .iter()
                    .chain(command.env.iter().map(|(_, w)| w))
                {
                    out.scan(word);
                }
                for (_, value) in &command.env {
                    out.secret_env.extend(value.params().map(str::to_owned));
                }
            }
            if let Op::BuildImage(spec) = op {
                out.scan(&spec.tag);
            }
        }
        out
    }

    /// Whether the script reads the parameter.
    fn reads(&self, name: &str) -> bool {
        self.params.contains(name) || self.secret_env.contains(name)
    }

    fn scan(&mut self, word: &Word) {
        for piece in &word.0 {
            let (name, escape) = match piece {
                Piece::Lit(_) | Piece::Var(_) => continue,
                Piece::Param { name, escape } => {
                    self.params.insert(name.clone());
                    (name.clone(), *escape)
                }
                Piece::ProjectDir { escape } => {
                    self.root = true;
                    ("_sc_root".to_owned(), *escape)
                }
            };
            match escape {
                Escape::None => {}
                Escape::Csv => {
                    self.escaped.insert((name, EscapeKind::Csv));
                }
                Escape::Sh => {
                    self.escaped.insert((name, EscapeKind::Sh));
                }
            }
        }
    }
}

fn usage(plan: &Plan, runtime: &Runtime, meaning: &Meaning, waits: bool) -> Vec<String> {
    let params_read: Vec<&str> = plan
        .params
        .iter()
        .filter(|p| runtime.reads(&p.name))
        .map(|p| p.name.as_str())
        .collect();
    let yes = plan.action == Action::Purge;
    let mut lines = vec![
        if yes {
            "\"Usage: ${_sc_me} [--yes] [--dry-run] [--help]\"".to_owned()
        } else if matches!(plan.action, Action::Up | Action::Create) {
            "\"Usage: ${_sc_me} [--dry-run | --plan [--format text|json]] [--help]\"".to_owned()
        } else {
            "\"Usage: ${_sc_me} [--dry-run] [--help]\"".to_owned()
        },
        "''".to_owned(),
        quote::sh(meaning.summary),
        "''".to_owned(),
        quote::sh("Options:"),
    ];
    if yes {
        lines.push(quote::sh(
            "  --yes       confirm: volumes and their data are removed",
        ));
    }
    lines.push(quote::sh(&format!(
        "  --dry-run   print the docker commands this script runs against {}, one per line, without calling docker",
        meaning.dry_run_assumes
    )));
    if matches!(plan.action, Action::Up | Action::Create) {
        lines.push(quote::sh(
            "  --plan      read the engine and print what this script would do, per resource; change nothing",
        ));
        lines.push(quote::sh(
            "  --format F  the plan as text (default) or json",
        ));
    }
    if !params_read.is_empty() {
        lines.push(quote::sh(
            "  --param NAME=VALUE  give a parameter (not a secret); beats the environment and .env",
        ));
    }
    lines.push(quote::sh("  -h, --help  show this help"));
    // Only the parameters this script reads (`down` reads none).
    let params: Vec<_> = plan
        .params
        .iter()
        .filter(|p| runtime.reads(&p.name))
        .collect();
    if !params.is_empty() || waits {
        lines.push("''".to_owned());
        lines.push(quote::sh(
            "Parameters (from --param, else the environment, else .env beside this script, else the default; empty counts as unset):",
        ));
    }
    // Descriptions, choices and defaults reach a terminal: shown, never
    // raw (no escape sequence of the stack's runs there).
    let shown = stackc_ir::text::shown;
    for param in params {
        let mut text = format!("  {}", param.name);
        if let Some(description) = &param.description {
            text.push_str(&format!("  {}", shown(description)));
        }
        if !param.choices.is_empty() {
            text.push_str(&format!(" (one of: {})", shown(&param.choices.join(", "))));
        }
        match (&param.default, param.secret) {
            (_, true) => text.push_str(" (secret, required)"),
            (Some(default), false) => {
                text.push_str(&format!(" (default: {})", shown(default)));
            }
            (None, false) => text.push_str(" (required)"),
        }
        lines.push(quote::sh(&text));
    }
    if waits {
        // The limit of each service waited for, from its healthcheck.
        let mut limits: Vec<(&str, u64)> = Vec::new();
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            if let Op::WaitHealthy {
                service,
                timeout_secs,
                ..
            } = op
                && !limits.iter().any(|(s, _)| s == service)
            {
                limits.push((service, *timeout_secs));
            }
        }
        let limits: Vec<String> = limits
            .iter()
            .map(|(service, secs)| format!("{service} {secs}s"))
            .collect();
        lines.push(quote::sh(&format!(
            "  STACKC_HEALTH_TIMEOUT  seconds to wait for each healthcheck (default: per service, from its healthcheck: {})",
            limits.join(", ")
        )));
    }
    lines
}

fn param_lines(plan: &Plan, runtime: &Runtime) -> Vec<String> {
    let mut lines = Vec::new();
    if plan.params.iter().any(|p| runtime.reads(&p.name)) {
        // Precedence: --param, then the environment, then .env beside this
        // script, then the default.
        lines.push("_sc_dotenv".to_owned());
        lines.push("for _sc_name in \"${!_sc_given[@]}\"; do".to_owned());
        lines.push("  printf -v \"$_sc_name\" '%s' \"${_sc_given[$_sc_name]}\"".to_owned());
        lines.push("done".to_owned());
    }
    for param in &plan.params {
        let name = &param.name;
        if !runtime.reads(name) {
            continue;
        }
        if param.secret {
            // Required, except with --dry-run, which never shows its value.
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push("  if ((!_sc_dry_run)); then".to_owned());
            lines.push(format!(
                "    _sc_die {}",
                quote::sh(&format!(
                    "the secret parameter {name} is required: set it in the environment or in .env beside this script"
                ))
            ));
            lines.push("  fi".to_owned());
            lines.push(format!("  {name}="));
        } else if let Some(default) = &param.default {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!("  {name}={}", quote::sh(default)));
        } else {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!(
                "  _sc_die {}",
                quote::sh(&format!(
                    "the parameter {name} is required: give it with --param {name}=VALUE, in the environment or in .env beside this script"
                ))
            ));
        }
        lines.push("fi".to_owned());
        if !param.choices.is_empty() {
            let pattern: Vec<String> = param.choices.iter().map(|c| quote::sh(c)).collect();
            let listed: Vec<&str> = param.choices.iter().map(String::as_str).collect();
            let given = if param.secret {
                "the given value".to_owned()
            } else {
                format!("$(_sc_quote \"${{{name}}}\")")
            };
            lines.push(format!("case ${name} in"));
            lines.push(format!("  {}) ;;", pattern.join(" | ")));
            lines.push("  *)".to_owned());
            lines.push(format!(
                "    _sc_die \"parameter {name}: {given} is not one of its choices\" {}",
                quote::sh(&stackc_ir::text::shown(&format!("({})", listed.join(", "))))
            ));
            lines.push("    ;;".to_owned());
            lines.push("esac".to_owned());
        }
    }
    for (path, image) in runtime_images(plan) {
        lines.push(format!(
            "_sc_image_ref {} {}",
            quote::sh(&format!("the image of {path}")),
            word_expr(image)
        ));
    }
    for (name, kind) in &runtime.escaped {
        let var = var_name(name, *kind);
        lines.push(match kind {
            EscapeKind::Csv => format!("{var}=${{{name}//\\\"/\\\"\\\"}}"),
            EscapeKind::Sh => format!("{var}=$(_sc_sh_word \"${{{name}}}\")"),
        });
    }
    lines
}

/// The image references a parameter completes, each once, with the path
/// of the first block that uses it: the script checks them before its
/// first docker call.
fn runtime_images(plan: &Plan) -> Vec<(&str, &Word)> {
    let mut out: Vec<(&str, &Word)> = Vec::new();
    for block in &plan.blocks {
        for op in &block.ops {
            for image in docker::image_words(op) {
                let runtime = image.0.iter().any(|p| matches!(p, Piece::Param { .. }));
                if runtime && !out.iter().any(|(_, w)| *w == image) {
                    out.push((&block.path, image));
                }
            }
        }
    }
    out
}

fn var_name(name: &str, kind: EscapeKind) -> String {
    let base = name.strip_prefix("_sc_").unwrap_or(name);
    match kind {
        EscapeKind::Csv => format!("_sc_csv_{base}"),
        EscapeKind::Sh => format!("_sc_sh_{base}"),
    }
}

/// A word as a bash expression: literals quoted, runtime values in
/// double-quoted expansions, all concatenated into one word.
fn word_expr(word: &Word) -> String {
    if word.0.is_empty() {
        return "''".to_owned();
    }
    let mut out = String::new();
    for piece in &word.0 {
        let (name, escape) = match piece {
            Piece::Lit(text) => {
                out.push_str(&quote::sh(text));
                continue;
            }
            Piece::Param { name, escape } => (name.as_str(), *escape),
            Piece::ProjectDir { escape } => ("_sc_root", *escape),
            Piece::Var(name) => (name.as_str(), Escape::None),
        };
        let var = match escape {
            Escape::None => name.to_owned(),
            Escape::Csv => var_name(name, EscapeKind::Csv),
            Escape::Sh => var_name(name, EscapeKind::Sh),
        };
        out.push_str(&format!("\"${{{var}}}\""));
    }
    out
}

/// A docker command as script lines: short ones on one line, others with
/// one argument per line so that a changed value is a one-line diff.
fn command_lines(command: &Command, indent: &str) -> Vec<String> {
    let words: Vec<String> = command.argv.iter().map(word_expr).collect();
    let mut prefix = String::new();
    for (key, value) in &command.env {
        prefix.push_str(&format!("{key}={} ", word_expr(value)));
    }
    if words.len() <= 4 && !words.iter().any(|w| w.contains('\n')) {
        return vec![format!("{indent}{prefix}_sc_run {}", words.join(" "))];
    }
    let head = words
        .iter()
        .take(3)
        .take_while(|w| !w.starts_with('-'))
        .count()
        .min(words.len() - 1);
    let mut lines = vec![format!(
        "{indent}{prefix}_sc_run {} \\",
        words[..head].join(" ")
    )];
    let rest = &words[head..];
    for (i, word) in rest.iter().enumerate() {
        let cont = if i + 1 < rest.len() { " \\" } else { "" };
        lines.push(format!("{indent}  {word}{cont}"));
    }
    lines
}

/// The script line that stops when an action needs a container that
/// `up` (or `create`) has not made.
fn absent_container(container: &str, indent: &str) -> String {
    format!(
        "{indent}_sc_die {}",
        quote::sh(&format!(
            "container {container} does not exist: run the up (or create) script first"
        ))
    )
}

/// `_sc_did KIND NAME VERB TEXT`: report what happened to a resource (one
/// line `KIND NAME: TEXT`, or with `--plan` one row `VERB KIND NAME`).
fn did(indent: &str, kind: &str, name: &Word, verb: &str, text: &str) -> String {
    format!(
        "{indent}_sc_did {kind} {} {verb} {}",
        word_expr(name),
        quote::sh(text)
    )
}

fn block(block: &Block, plan: &Plan) -> BlockOut {
    let mut lines = Vec::new();
    // Waits for `healthy` dependencies come first. On a no-op re-run they
    // poll nothing: `_sc_wait_healthy` returns at once for a dependency that
    // was healthy when the state was read and that this run did not touch.
    for op in &block.ops {
        match op {
            Op::CreateNetwork(spec) => {
                ensure(
                    &mut lines,
                    "network",
                    &Word::lit(&spec.name),
                    &docker::network_create(spec),
                    "create",
                    "created",
                );
            }
            Op::CreateVolume(spec) => {
                // `owner` and `mode` are applied once, by the commands
                // after `docker volume create` in the `else` branch.
                let [create, init @ ..] = &docker::volume_create_all(spec)[..] else {
                    unreachable!("volume_create_all starts with the create command")
                };
                ensure(
                    &mut lines,
                    "volume",
                    &Word::lit(&spec.name),
                    create,
                    "create",
                    "created",
                );
                if !init.is_empty() {
                    // Before the closing `fi`, after the "created" line.
                    let fi = lines.pop();
                    for command in init {
                        lines.extend(command_lines(command, "  "));
                    }
                    lines.extend(fi);
                }
            }
            Op::BuildImage(spec) => {
                // The build-input hash: the context's files and the other
                // inputs, read when the script runs.
                let mut hash_call =
                    format!("_sc_bhash=$(_sc_build_hash {}", word_expr(&spec.context));
                for input in hash::build_inputs(spec) {
                    hash_call.push(' ');
                    hash_call.push_str(&word_expr(&input));
                }
                // The hashes of the stack's images it builds FROM: a
                // rebuilt base rebuilds it.
                for base in &spec.bases {
                    hash_call.push_str(&format!(" \"${{_sc_bhashes[{}]}}\"", quote::sh(base)));
                }
                hash_call.push(')');
                lines.push(hash_call);
                if let Some(tag) = spec.tag.as_literal() {
                    lines.push(format!("_sc_bhashes[{}]=$_sc_bhash", quote::sh(&tag)));
                }
                let hash_var = Word(vec![Piece::Var("_sc_bhash".to_owned())]);
                let build = docker::build(spec, Some(&hash_var));
                if spec.always {
                    lines.extend(command_lines(&build, ""));
                    lines.push(format!("_sc_rebuilt[{}]=1", word_expr(&spec.tag)));
                    lines.push(did("", "image", &spec.tag, "build", "built"));
                } else {
                    // Built when missing or when its inputs changed.
                    lines.push(format!(
                        "if _sc_has image {tag} && [[ $(_sc_image_hash {tag}) == \"$_sc_bhash\" ]]; then",
                        tag = word_expr(&spec.tag)
                    ));
                    lines.push(did("  ", "image", &spec.tag, "keep", "exists, kept"));
                    lines.push("else".to_owned());
                    lines.extend(command_lines(&build, "  "));
                    // Its containers run the image it replaces: recreate.
                    lines.push(format!("  _sc_rebuilt[{}]=1", word_expr(&spec.tag)));
                    lines.push(did("  ", "image", &spec.tag, "build", "built"));
                    lines.push("fi".to_owned());
                }
            }
            Op::PullImage { image } => {
                lines.extend(command_lines(&docker::pull(image), ""));
                lines.push(did("", "image", image, "pull", "pulled"));
            }
            Op::RunContainer(spec) => run_container(&mut lines, spec, plan),
            Op::RunOnce(spec) => run_once(&mut lines, spec),
            Op::VolumeArchive {
                restore,
                key,
                volume,
                image,
                containers,
            } => {
                let mut line = format!(
                    "{} {} {} {}",
                    if *restore {
                        "_sc_restore"
                    } else {
                        "_sc_backup"
                    },
                    quote::sh(key),
                    quote::sh(volume),
                    word_expr(image),
                );
                for container in containers {
                    line.push(' ');
                    line.push_str(&quote::sh(container));
                }
                lines.push(line);
            }
            Op::CreateContainer(spec) => create_container(&mut lines, spec, plan),
            Op::ReportContainer(spec) => {
                let (hash, sealed) = hash_lines(spec, plan);
                lines.extend(hash);
                lines.push(format!(
                    "_sc_report {} {} \"$_sc_hash\" {}{}",
                    quote::sh(&spec.service),
                    quote::sh(&spec.name),
                    word_expr(&spec.image),
                    if sealed { " \"$_sc_secrets\"" } else { "" }
                ));
            }
            Op::StartContainer {
                container,
                service,
                job,
                exec,
            } => {
                let q = quote::sh(container);
                lines.push(format!("case $(_sc_status {q}) in"));
                lines.push("  '')".to_owned());
                lines.push(absent_container(container, "    "));
                lines.push("    ;;".to_owned());
                if *job {
                    lines.push("  exited:0)".to_owned());
                    lines.push(did(
                        "    ",
                        "job",
                        &Word::lit(container),
                        "keep",
                        "completed before, kept",
                    ));
                    lines.push("    ;;".to_owned());
                    lines.push("  *)".to_owned());
                    lines.push(format!("    _sc_run_job {q} {}", quote::sh(service)));
                    lines.push(did(
                        "    ",
                        "job",
                        &Word::lit(container),
                        "completed",
                        "completed",
                    ));
                } else {
                    lines.push("  running)".to_owned());
                    lines.push(did(
                        "    ",
                        "container",
                        &Word::lit(container),
                        "keep",
                        "running, kept",
                    ));
                    lines.push("    ;;".to_owned());
                    lines.push("  *)".to_owned());
                    lines.extend(command_lines(
                        &docker::start_named(container, false),
                        "    ",
                    ));
                    for command in docker::exec(container, exec) {
                        lines.extend(command_lines(&command, "    "));
                    }
                    lines.push(did(
                        "    ",
                        "container",
                        &Word::lit(container),
                        "start",
                        "started",
                    ));
                }
                lines.push("    ;;".to_owned());
                lines.push("esac".to_owned());
            }
            Op::StopContainer {
                container,
                stop_timeout,
            } => {
                lines.push(format!(
                    "if [[ $(_sc_status {}) == running ]]; then",
                    quote::sh(container)
                ));
                lines.extend(command_lines(&docker::stop(container, *stop_timeout), "  "));
                lines.push(did(
                    "  ",
                    "container",
                    &Word::lit(container),
                    "stop",
                    "stopped",
                ));
                lines.push("else".to_owned());
                lines.push(did(
                    "  ",
                    "container",
                    &Word::lit(container),
                    "keep",
                    "not running",
                ));
                lines.push("fi".to_owned());
            }
            Op::RestartContainer {
                container,
                service: _,
                stop_timeout,
                exec,
            } => {
                lines.push(format!(
                    "if [[ -z $(_sc_status {}) ]]; then",
                    quote::sh(container)
                ));
                lines.push(absent_container(container, "  "));
                lines.push("fi".to_owned());
                lines.extend(command_lines(
                    &docker::restart(container, *stop_timeout),
                    "",
                ));
                for command in docker::exec(container, exec) {
                    lines.extend(command_lines(&command, ""));
                }
                lines.push(did(
                    "",
                    "container",
                    &Word::lit(container),
                    "restart",
                    "restarted",
                ));
            }
            Op::WaitHealthy {
                container,
                service,
                timeout_secs,
            } => {
                lines.push(format!(
                    "_sc_wait_healthy {} {} {timeout_secs}",
                    quote::sh(container),
                    quote::sh(service)
                ));
            }
            Op::Strays { known, stop_only } => strays(&mut lines, known, *stop_only, plan.action),
            Op::CheckUnused { networks, volumes } => {
                let quoted = |names: &[String]| {
                    names
                        .iter()
                        .map(|n| quote::sh(n))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                lines.push(format!("_sc_unused networks {}", quoted(networks)));
                if !volumes.is_empty() {
                    lines.push(format!("_sc_unused volumes {}", quoted(volumes)));
                }
            }
            Op::RemoveContainer {
                container,
                stop_timeout,
            } => remove_if(
                &mut lines,
                "container",
                &Word::lit(container),
                &[
                    docker::stop(container, *stop_timeout),
                    docker::remove(container),
                ],
            ),
            Op::RemoveNetwork { name } => {
                remove_if(
                    &mut lines,
                    "network",
                    &Word::lit(name),
                    &[docker::network_remove(name)],
                );
            }
            Op::RemoveVolume { name } => {
                remove_if(
                    &mut lines,
                    "volume",
                    &Word::lit(name),
                    &[docker::volume_remove(name)],
                );
            }
            Op::RemoveImage { image } => {
                remove_if(&mut lines, "image", image, &[docker::image_remove(image)]);
            }
        }
    }
    BlockOut {
        comment: format!("{} `{}` ({})", block.kind.as_str(), block.name, block.path),
        step: quote::sh(&block.path),
        lines,
        function: None,
        schedule: Vec::new(),
    }
}

/// Every block of the plan. Service blocks become functions (except for
/// `ps`, whose table must come out in order), and after each run of them a
/// schedule runs them level by level: `_sc_level f1 f2 …` per level.
fn blocks(plan: &Plan) -> Vec<BlockOut> {
    let functions = plan.action != Action::Ps;
    let mut out: Vec<BlockOut> = Vec::new();
    // (level, function) of the service blocks not scheduled yet.
    let mut pending: Vec<(u32, String)> = Vec::new();
    for b in &plan.blocks {
        let mut rendered = block(b, plan);
        if functions && b.kind == ResourceKind::Service {
            let function = function_name(&b.name);
            pending.push((b.level, function.clone()));
            rendered.function = Some(function);
            out.push(rendered);
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.schedule = schedule(&mut pending);
        }
        out.push(rendered);
    }
    if let Some(last) = out.last_mut() {
        last.schedule = schedule(&mut pending);
    }
    out
}

/// The function of a service's block: `_sc_service_` and its name, with
/// every character but an ASCII letter or digit escaped (`_` as `__`, any
/// other as `_` and its bytes in hex), so that any name is a bash
/// identifier in every mode (POSIX mode refuses a `-` in a function's
/// name) and two names never share a function.
fn function_name(service: &str) -> String {
    let mut out = String::from("_sc_service_");
    for c in service.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '_' {
            out.push_str("__");
        } else {
            for byte in c.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("_{byte:02x}"));
            }
        }
    }
    out
}

/// `_sc_level` lines for the pending service functions, one per level.
fn schedule(pending: &mut Vec<(u32, String)>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < pending.len() {
        let level = pending[i].0;
        let group: Vec<&String> = pending[i..]
            .iter()
            .take_while(|(l, _)| *l == level)
            .map(|(_, f)| f)
            .collect();
        i += group.len();
        lines.push("_sc_level \\".to_owned());
        for (k, function) in group.iter().enumerate() {
            let cont = if k + 1 < group.len() { " \\" } else { "" };
            lines.push(format!("  {function}{cont}"));
        }
    }
    pending.clear();
    if !lines.is_empty() {
        let head = [
            String::new(),
            "# Run the services level by level: those of one level are independent".to_owned(),
            "# and run concurrently, at most STACKC_JOBS (default 4) at a time.".to_owned(),
        ];
        lines.splice(0..0, head);
    }
    lines
}

/// The containers under the project label that the plan does not name:
/// removed (or, for `stop`, stopped), each reported.
fn strays(lines: &mut Vec<String>, known: &[String], stop_only: bool, action: Action) {
    lines.push("_sc_known=(".to_owned());
    for name in known {
        lines.push(format!("  [{}]=1", quote::sh(name)));
    }
    lines.push(")".to_owned());
    lines.push("if ((!_sc_dry_run)); then".to_owned());
    lines.push("  while read -r _sc_key; do".to_owned());
    lines.push("    _sc_name=${_sc_key#container:}".to_owned());
    lines.push(
        "    if [[ $_sc_key != container:* || -n ${_sc_known[\"$_sc_name\"]+x} ]]; then".to_owned(),
    );
    lines.push("      continue".to_owned());
    lines.push("    fi".to_owned());
    let why = if action == Action::Up {
        "not in the stack any more, removed"
    } else {
        "not in this script's stack, removed"
    };
    if stop_only {
        lines.push("    if [[ ${_sc_state[\"$_sc_key\"]} == running ]]; then".to_owned());
        lines.push("      _sc_run docker stop \"$_sc_name\"".to_owned());
        lines.push(format!(
            "      _sc_did container \"$_sc_name\" stop {}",
            quote::sh("not in this script's stack, stopped")
        ));
        lines.push("    fi".to_owned());
    } else {
        lines.push("    _sc_run docker stop \"$_sc_name\"".to_owned());
        lines.push("    _sc_run docker rm \"$_sc_name\"".to_owned());
        lines.push(format!(
            "    _sc_did container \"$_sc_name\" remove {} orphan",
            quote::sh(why)
        ));
    }
    lines.push("  done < <(printf '%s\\n' ${_sc_state[@]+\"${!_sc_state[@]}\"} | sort)".to_owned());
    lines.push("fi".to_owned());
}

/// `if exists; then remove; fi` for containers, networks, volumes, images.
fn remove_if(lines: &mut Vec<String>, kind: &str, name: &Word, commands: &[Command]) {
    lines.push(format!("if _sc_has {kind} {}; then", word_expr(name)));
    for command in commands {
        lines.extend(command_lines(command, "  "));
    }
    lines.push(did("  ", kind, name, "remove", "removed"));
    lines.push("else".to_owned());
    lines.push(did("  ", kind, name, "absent", "absent"));
    lines.push("fi".to_owned());
}

/// `if exists; then keep; else create; fi` for networks, volumes, images.
fn ensure(
    lines: &mut Vec<String>,
    kind: &str,
    name: &Word,
    command: &Command,
    verb: &str,
    done: &str,
) {
    lines.push(format!("if _sc_has {kind} {}; then", word_expr(name)));
    lines.push(did("  ", kind, name, "keep", "exists, kept"));
    lines.push("else".to_owned());
    lines.extend(command_lines(command, "  "));
    lines.push(did("  ", kind, name, verb, done));
    lines.push("fi".to_owned());
}

/// The script's lines that identify a container's definition:
/// `_sc_fields` (the field digests), `_sc_hash` (a literal when it reads no
/// runtime value, else computed by `_sc_digest`) and, when it reads
/// secrets, `_sc_seal` (which sets `_sc_secrets`); and whether it reads
/// secrets.
fn hash_lines(spec: &ContainerSpec, plan: &Plan) -> (Vec<String>, bool) {
    let base = docker::create(spec, None);
    let hash = hash::config_hash(spec, &base, &|name| plan.is_secret(name));
    let mut lines = vec![format!(
        "_sc_fields={}",
        quote::sh(&hash::config_fields(spec, &base))
    )];
    if hash.inputs.is_empty() {
        lines.push(format!("_sc_hash={}", hash.finish(&[])));
    } else {
        let values: Vec<String> = hash
            .inputs
            .iter()
            .map(|input| match input {
                hash::Input::Param(name) => format!("\"${{{name}}}\""),
                hash::Input::ProjectDir => "\"${_sc_root}\"".to_owned(),
            })
            .collect();
        lines.push(format!(
            "_sc_hash=$(_sc_digest {} {})",
            hash.static_hex,
            values.join(" ")
        ));
    }
    let sealed = !hash.secrets.is_empty();
    if sealed {
        let values: Vec<String> = hash
            .secrets
            .iter()
            .map(|name| format!("\"${{{name}}}\""))
            .collect();
        lines.push(format!(
            "_sc_seal {} {}",
            quote::sh(&spec.name),
            values.join(" ")
        ));
    }
    (lines, sealed)
}

/// Create the container unless it exists with its current definition
/// (recreate it if its definition changed); start nothing.
fn create_container(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) {
    let name = &spec.name;
    let what = if spec.job { "job" } else { "container" };
    let sealed = check_definition(lines, spec, plan);
    lines.push("case $_sc_now in".to_owned());
    lines.push("  absent | changed)".to_owned());
    create_lines(lines, spec, sealed);
    lines.push(did("    ", what, &Word::lit(name), "create", "created"));
    lines.push("    ;;".to_owned());
    lines.push("  *)".to_owned());
    lines.push(did("    ", what, &Word::lit(name), "keep", "exists, kept"));
    lines.push("    ;;".to_owned());
    lines.push("esac".to_owned());
}

/// `_sc_hash`, `_sc_now`, and the removal of a container whose definition
/// changed; whether the container reads secrets.
fn check_definition(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) -> bool {
    let name = &spec.name;
    let what = if spec.job { "job" } else { "container" };
    let (hash, sealed) = hash_lines(spec, plan);
    lines.extend(hash);
    lines.push(format!(
        "_sc_check {} \"$_sc_hash\" {}{}",
        quote::sh(name),
        word_expr(&spec.image),
        if sealed { " \"$_sc_secrets\"" } else { "" }
    ));
    lines.push("if [[ $_sc_now == changed ]]; then".to_owned());
    lines.extend(command_lines(&docker::stop(name, spec.stop_timeout), "  "));
    lines.extend(command_lines(&docker::remove(name), "  "));
    lines.push(format!(
        "{} \"$(_sc_changed {} \"$_sc_fields\" \"$_sc_hash\" {})\"",
        did(
            "  ",
            what,
            &Word::lit(name),
            "recreate",
            "definition changed, removed"
        ),
        quote::sh(name),
        word_expr(&spec.image)
    ));
    lines.push("fi".to_owned());
    sealed
}

/// `docker create` (with the config hash, and the seal of its secrets when
/// it reads some) and `docker network connect`.
fn create_lines(lines: &mut Vec<String>, spec: &ContainerSpec, sealed: bool) {
    let var = |name: &str| Word(vec![Piece::Var(name.to_owned())]);
    let identity = docker::Identity {
        hash: var("_sc_hash"),
        fields: var("_sc_fields"),
        secrets: sealed.then(|| var("_sc_secrets")),
    };
    lines.extend(command_lines(
        &docker::create(spec, Some(&identity)),
        "    ",
    ));
    for connect in docker::connect(spec) {
        lines.extend(command_lines(&connect, "    "));
    }
}

/// `--action run`: remove a leftover container of an earlier run, create,
/// start attached (its output streams here), remove, and exit with its
/// status.
fn run_once(lines: &mut Vec<String>, spec: &ContainerSpec) {
    let name = &spec.name;
    let q = quote::sh(name);
    lines.push(format!("if _sc_has container {q}; then"));
    let mut force = docker::remove(name);
    force.argv.insert(2, Word::lit("--force"));
    lines.extend(command_lines(&force, "  "));
    lines.push("fi".to_owned());
    create_plain_lines(lines, spec);
    lines.push(did(
        "",
        "container",
        &Word::lit(name),
        "run",
        "created, running",
    ));
    lines.push("_sc_status_of_run=0".to_owned());
    let start = command_lines(&docker::start(spec), "");
    // Run it without `_sc_run`'s stop-on-failure: its status is the result.
    let first = start[0].replacen("_sc_run ", "_sc_run_status ", 1);
    lines.push(first);
    lines.extend(start.into_iter().skip(1));
    lines.extend(command_lines(&docker::remove(name), ""));
    lines.push(did("", "container", &Word::lit(name), "remove", "removed"));
    lines.push("exit \"$_sc_status_of_run\"".to_owned());
}

/// `docker create` without identity labels (a one-off container) and
/// `docker network connect`.
fn create_plain_lines(lines: &mut Vec<String>, spec: &ContainerSpec) {
    lines.extend(command_lines(&docker::create(spec, None), ""));
    for connect in docker::connect(spec) {
        lines.extend(command_lines(&connect, ""));
    }
}

/// Keep the container when its config hash is current, recreate it when
/// its definition changed, create it when absent; start it unless it runs.
fn run_container(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) {
    let name = &spec.name;
    let q = quote::sh(name);
    let what = if spec.job { "job" } else { "container" };
    let sealed = check_definition(lines, spec, plan);
    lines.push("case $_sc_now in".to_owned());
    if spec.job {
        let run = format!("    _sc_run_job {q} {}", quote::sh(&spec.service));
        lines.push("  exited:0)".to_owned());
        lines.push(did(
            "    ",
            "job",
            &Word::lit(name),
            "keep",
            "completed before, kept",
        ));
        lines.push("    ;;".to_owned());
        lines.push("  absent | changed)".to_owned());
        create_lines(lines, spec, sealed);
        lines.push(did(
            "    ",
            "job",
            &Word::lit(name),
            "run",
            "created, running",
        ));
        lines.push(run.clone());
        lines.push(did(
            "    ",
            "job",
            &Word::lit(name),
            "completed",
            "completed",
        ));
        lines.push("    ;;".to_owned());
        lines.push("  *)".to_owned());
        lines.push(did(
            "    ",
            "job",
            &Word::lit(name),
            "run",
            "did not complete before, running again",
        ));
        lines.push(run);
        lines.push(did(
            "    ",
            "job",
            &Word::lit(name),
            "completed",
            "completed",
        ));
        lines.push("    ;;".to_owned());
    } else {
        let start = command_lines(&docker::start(spec), "    ");
        let mut execs = Vec::new();
        for command in docker::exec(&spec.name, &spec.exec) {
            execs.extend(command_lines(&command, "    "));
        }
        lines.push("  absent | changed)".to_owned());
        create_lines(lines, spec, sealed);
        lines.extend(start.clone());
        lines.extend(execs.iter().cloned());
        lines.push(did(
            "    ",
            what,
            &Word::lit(name),
            "create",
            "created and started",
        ));
        lines.push("    ;;".to_owned());
        lines.push("  running)".to_owned());
        lines.push(did("    ", what, &Word::lit(name), "keep", "running, kept"));
        lines.push("    ;;".to_owned());
        lines.push("  *)".to_owned());
        lines.extend(start);
        if spec.exec_always {
            lines.extend(execs);
        }
        lines.push(did("    ", what, &Word::lit(name), "start", "started"));
        lines.push("    ;;".to_owned());
    }
    lines.push("esac".to_owned());
}
