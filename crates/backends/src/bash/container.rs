//! The lines of a container's operations: its definition checked against
//! the one it was created with, created, started, run once.

use stackc_ir::ast::{ContainerSpec, Piece, Plan, Word};

use super::words::{command_lines, did, word_expr};
use crate::docker;
use crate::{hash, quote};

/// The script's lines that identify a container's definition:
/// `_sc_fields` (the field digests), `_sc_hash` (a literal when it reads no
/// runtime value, else computed by `_sc_digest`) and, when it reads
/// secrets, `_sc_seal` (which sets `_sc_secrets`); and whether it reads
/// secrets.
pub(super) fn hash_lines(spec: &ContainerSpec, plan: &Plan) -> (Vec<String>, bool) {
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
pub(super) fn create_container(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) {
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
pub(super) fn check_definition(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) -> bool {
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
pub(super) fn create_lines(lines: &mut Vec<String>, spec: &ContainerSpec, sealed: bool) {
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
pub(super) fn run_once(lines: &mut Vec<String>, spec: &ContainerSpec) {
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
pub(super) fn create_plain_lines(lines: &mut Vec<String>, spec: &ContainerSpec) {
    lines.extend(command_lines(&docker::create(spec, None), ""));
    for connect in docker::connect(spec) {
        lines.extend(command_lines(&connect, ""));
    }
}

/// Keep the container when its config hash is current, recreate it when
/// its definition changed, create it when absent; start it unless it runs.
pub(super) fn run_container(lines: &mut Vec<String>, spec: &ContainerSpec, plan: &Plan) {
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
