//! One resource's block: the lines of each of its operations.

use stackc_ir::ast::{Action, Block, Op, Piece, Plan, Word};

use super::container::{create_container, hash_lines, run_container, run_once};
use super::schedule::BlockOut;
use super::words::{absent_container, command_lines, did, word_expr};
use crate::docker::{self, Command};
use crate::{hash, quote};

pub(super) fn block(block: &Block, plan: &Plan) -> BlockOut {
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

/// The containers under the project label that the plan does not name:
/// removed (or, for `stop`, stopped), each reported.
pub(super) fn strays(lines: &mut Vec<String>, known: &[String], stop_only: bool, action: Action) {
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
pub(super) fn remove_if(lines: &mut Vec<String>, kind: &str, name: &Word, commands: &[Command]) {
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
pub(super) fn ensure(
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
