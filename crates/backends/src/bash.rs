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
use stackc_ir::ast::{Action, Block, ContainerSpec, Escape, Op, Piece, Plan, Word};
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::docker::{self, Command};
use crate::{Backend, Input, hash, quote};

/// The bash backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bash;

#[derive(Template)]
#[template(path = "bash/script.sh", escape = "none")]
struct Script {
    source_name: String,
    stack: String,
    action: &'static str,
    summary: &'static str,
    usage: Vec<String>,
    dry_run_assumes: &'static str,
    dry_run_has: u8,
    reads: Reads,
    waits: bool,
    runs: bool,
    jobs: bool,
    hash_label: &'static str,
    project_filter: String,
    root: Option<String>,
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

struct BlockOut {
    comment: String,
    step: String,
    lines: Vec<String>,
}

impl Backend for Bash {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let plan = input.plan;
        let (summary, dry_run_assumes, dry_run_has) = match plan.action {
            Action::Up => (
                "Create what is missing and start the stack in dependency order; keep what runs.",
                "nothing exists",
                1,
            ),
            Action::Down => (
                "Stop and remove the stack's containers and networks; volumes are kept.",
                "everything exists",
                0,
            ),
        };

        let mut reads = Reads::default();
        let mut waits = false;
        let mut jobs = false;
        let mut runs = false;
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            match op {
                Op::CreateNetwork(_) | Op::RemoveNetwork { .. } => reads.networks = true,
                Op::CreateVolume(_) => reads.volumes = true,
                Op::BuildImage(_) => reads.images = true,
                Op::RunContainer(spec) => {
                    reads.containers = true;
                    runs = true;
                    jobs |= spec.job;
                }
                Op::RemoveContainer { .. } => reads.containers = true,
                Op::WaitHealthy { .. } => waits = true,
            }
        }

        let runtime = Runtime::of(plan);
        let root = runtime
            .root
            .then(|| quote::sh(&input.layout.project_dir_from_output));

        let script = Script {
            source_name: input.layout.source_name.clone(),
            stack: plan.stack.clone(),
            action: plan.action.as_str(),
            summary,
            usage: usage(plan, &runtime, summary, waits),
            dry_run_assumes,
            dry_run_has,
            reads,
            waits,
            runs,
            jobs,
            hash_label: docker::HASH_LABEL,
            project_filter: quote::sh(&format!("label=com.docker.compose.project={}", plan.stack)),
            root,
            params: param_lines(plan, &runtime),
            blocks: plan.blocks.iter().map(block).collect(),
            done_message: format!("stack {}: {}", plan.stack, plan.action.as_str()),
        };
        let mut out = script.render().map_err(|e| {
            Diagnostics::from(Diag::new("stackc::internal", format!("bash template: {e}")))
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
            for command in docker::commands(op, None) {
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

fn usage(plan: &Plan, runtime: &Runtime, summary: &str, waits: bool) -> Vec<String> {
    let mut lines = vec![
        "\"Usage: ${_sc_me} [--dry-run] [--help]\"".to_owned(),
        "''".to_owned(),
        quote::sh(summary),
        "''".to_owned(),
        quote::sh("Options:"),
        quote::sh(match plan.action {
            Action::Up => {
                "  --dry-run   print the docker commands this script runs against an empty engine, one per line, without calling docker"
            }
            Action::Down => {
                "  --dry-run   print the docker commands this script runs against the running stack, one per line, without calling docker"
            }
        }),
        quote::sh("  -h, --help  show this help"),
    ];
    // Only the parameters this script reads (`down` reads none).
    let params: Vec<_> = plan
        .params
        .iter()
        .filter(|p| runtime.reads(&p.name))
        .collect();
    if !params.is_empty() || waits {
        lines.push("''".to_owned());
        lines.push(quote::sh(
            "Parameters (from the environment; an empty value counts as unset):",
        ));
    }
    for param in params {
        let mut text = format!("  {}", param.name);
        if let Some(description) = &param.description {
            text.push_str(&format!("  {description}"));
        }
        match (&param.default, param.secret) {
            (_, true) => text.push_str(" (secret, required)"),
            (Some(default), false) => text.push_str(&format!(" (default: {default})")),
            (None, false) => text.push_str(" (required)"),
        }
        lines.push(quote::sh(&text));
    }
    if waits {
        lines.push(quote::sh(
            "  STACKC_HEALTH_TIMEOUT  seconds to wait for a healthcheck (default: 300)",
        ));
    }
    lines
}

fn param_lines(plan: &Plan, runtime: &Runtime) -> Vec<String> {
    let mut lines = Vec::new();
    for param in &plan.params {
        let name = &param.name;
        if !runtime.reads(name) {
            continue;
        }
        if param.secret {
            lines.push(format!(
                "if [[ -z ${{{name}:-}} ]] && ((!_sc_dry_run)); then"
            ));
            lines.push(format!(
                "  _sc_die {}",
                quote::sh(&format!(
                    "the secret parameter {name} is required: set it in the environment"
                ))
            ));
        } else if let Some(default) = &param.default {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!("  {name}={}", quote::sh(default)));
        } else {
            lines.push(format!("if [[ -z ${{{name}:-}} ]]; then"));
            lines.push(format!(
                "  _sc_die {}",
                quote::sh(&format!(
                    "the parameter {name} is required: set it in the environment"
                ))
            ));
        }
        lines.push("fi".to_owned());
    }
    for (name, kind) in &runtime.escaped {
        let var = var_name(name, *kind);
        lines.push(match kind {
            EscapeKind::Csv => format!("{var}=${{{name}//\\\"/\\\"\\\"}}"),
            EscapeKind::Sh => format!("{var}=$(_sc_quote \"${{{name}}}\")"),
        });
    }
    lines
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

fn say(indent: &str, message: &Word) -> String {
    format!("{indent}_sc_say {}", word_expr(message))
}

fn msg(text: &str) -> Word {
    Word::lit(text)
}

fn block(block: &Block) -> BlockOut {
    let mut lines = Vec::new();
    for op in &block.ops {
        match op {
            Op::CreateNetwork(spec) => {
                ensure(
                    &mut lines,
                    "network",
                    &Word::lit(&spec.name),
                    &docker::network_create(spec),
                    "created",
                );
            }
            Op::CreateVolume(spec) => {
                ensure(
                    &mut lines,
                    "volume",
                    &Word::lit(&spec.name),
                    &docker::volume_create(spec),
                    "created",
                );
            }
            Op::BuildImage(spec) => {
                ensure(
                    &mut lines,
                    "image",
                    &spec.tag,
                    &docker::build(spec),
                    "built",
                );
            }
            Op::RunContainer(spec) => run_container(&mut lines, spec),
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
            Op::RemoveContainer {
                container,
                stop_timeout,
            } => {
                lines.push(format!(
                    "if _sc_has container {}; then",
                    quote::sh(container)
                ));
                lines.extend(command_lines(&docker::stop(container, *stop_timeout), "  "));
                lines.extend(command_lines(&docker::remove(container), "  "));
                lines.push(say("  ", &msg(&format!("container {container}: removed"))));
                lines.push("else".to_owned());
                lines.push(say("  ", &msg(&format!("container {container}: absent"))));
                lines.push("fi".to_owned());
            }
            Op::RemoveNetwork { name } => {
                lines.push(format!("if _sc_has network {}; then", quote::sh(name)));
                lines.extend(command_lines(&docker::network_remove(name), "  "));
                lines.push(say("  ", &msg(&format!("network {name}: removed"))));
                lines.push("else".to_owned());
                lines.push(say("  ", &msg(&format!("network {name}: absent"))));
                lines.push("fi".to_owned());
            }
        }
    }
    BlockOut {
        comment: format!("{} `{}` ({})", block.kind.as_str(), block.name, block.path),
        step: quote::sh(&block.path),
        lines,
    }
}

/// `if exists; then keep; else create; fi` for networks, volumes, images.
fn ensure(lines: &mut Vec<String>, kind: &str, name: &Word, command: &Command, done: &str) {
    let mut label = Word::lit(format!("{kind} "));
    label.push_word(name);
    let with = |suffix: &str| {
        let mut w = label.clone();
        w.push_lit(suffix);
        w
    };
    lines.push(format!("if _sc_has {kind} {}; then", word_expr(name)));
    lines.push(say("  ", &with(": exists, kept")));
    lines.push("else".to_owned());
    lines.extend(command_lines(command, "  "));
    lines.push(say("  ", &with(&format!(": {done}"))));
    lines.push("fi".to_owned());
}

/// The script's `_sc_hash=…` line: the config hash, a literal when it reads
/// no runtime value, else computed by `_sc_digest`.
fn hash_line(spec: &ContainerSpec) -> String {
    let hash = hash::config_hash(spec);
    if hash.inputs.is_empty() {
        return format!("_sc_hash={}", hash.finish(&[]));
    }
    let values: Vec<String> = hash
        .inputs
        .iter()
        .map(|input| match input {
            hash::Input::Param(name) => format!("\"${{{name}}}\""),
            hash::Input::ProjectDir => "\"${_sc_root}\"".to_owned(),
        })
        .collect();
    format!(
        "_sc_hash=$(_sc_digest {} {})",
        hash.static_hex,
        values.join(" ")
    )
}

/// Keep the container when its config hash is current, recreate it when
/// its definition changed, create it when absent; start it unless it runs.
fn run_container(lines: &mut Vec<String>, spec: &ContainerSpec) {
    let name = &spec.name;
    let q = quote::sh(name);
    let what = if spec.job { "job" } else { "container" };
    let hash_var = Word(vec![Piece::Var("_sc_hash".to_owned())]);
    lines.push(hash_line(spec));
    lines.push(format!("_sc_now=$(_sc_container_state {q} \"$_sc_hash\")"));
    lines.push("if [[ $_sc_now == changed ]]; then".to_owned());
    lines.extend(command_lines(&docker::stop(name, spec.stop_timeout), "  "));
    lines.extend(command_lines(&docker::remove(name), "  "));
    lines.push(say(
        "  ",
        &msg(&format!("{what} {name}: definition changed, removed")),
    ));
    lines.push("fi".to_owned());
    lines.push("case $_sc_now in".to_owned());
    let create = |lines: &mut Vec<String>| {
        lines.extend(command_lines(
            &docker::create(spec, Some(&hash_var)),
            "    ",
        ));
        for connect in docker::connect(spec) {
            lines.extend(command_lines(&connect, "    "));
        }
    };
    if spec.job {
        let run = format!("    _sc_run_job {q} {}", quote::sh(&spec.service));
        lines.push("  exited:0)".to_owned());
        lines.push(say(
            "    ",
            &msg(&format!("job {name}: completed before, kept")),
        ));
        lines.push("    ;;".to_owned());
        lines.push("  absent | changed)".to_owned());
        create(lines);
        lines.push(say("    ", &msg(&format!("job {name}: created, running"))));
        lines.push(run.clone());
        lines.push(say("    ", &msg(&format!("job {name}: completed"))));
        lines.push("    ;;".to_owned());
        lines.push("  *)".to_owned());
        lines.push(say(
            "    ",
            &msg(&format!(
                "job {name}: did not complete before, running again"
            )),
        ));
        lines.push(run);
        lines.push(say("    ", &msg(&format!("job {name}: completed"))));
        lines.push("    ;;".to_owned());
    } else {
        let start = command_lines(&docker::start(spec), "    ");
        lines.push("  absent | changed)".to_owned());
        create(lines);
        lines.extend(start.clone());
        lines.push(say(
            "    ",
            &msg(&format!("{what} {name}: created and started")),
        ));
        lines.push("    ;;".to_owned());
        lines.push("  running)".to_owned());
        lines.push(say("    ", &msg(&format!("{what} {name}: running, kept"))));
        lines.push("    ;;".to_owned());
        lines.push("  *)".to_owned());
        lines.extend(start);
        lines.push(say("    ", &msg(&format!("{what} {name}: started"))));
        lines.push("    ;;".to_owned());
    }
    lines.push("esac".to_owned());
}
