//! Secrets and configs in the script: the `_sc_copy_in` line that streams
//! them into a created container (`templates/bash/lib/files.sh`), and the
//! host files the script checks before it changes anything.

use stackc_ir::ast::{ContainerSpec, FileContent, Plan};

use super::words::word_expr;
use crate::quote;

/// `_sc_copy_in CONTAINER` and, per file, its 8 words (kind, ustar prefix
/// and name, mode, uid and gid fields, the header's checksum without the
/// size, and the source: a host path or a value); one line per file, so
/// that a changed file is a one-line diff. `None` without files.
pub(super) fn copy_in(spec: &ContainerSpec) -> Option<String> {
    if spec.files.is_empty() {
        return None;
    }
    let mut out = format!("_sc_copy_in {}", quote::sh(&spec.name));
    for file in &spec.files {
        // The frontend admits only targets and IDs ustar holds.
        let Some(header) = stackc_ir::ustar::header(&file.target, file.mode, file.uid, file.gid)
        else {
            continue;
        };
        let (kind, source) = match &file.content {
            FileContent::Host(path) => ("f", path),
            FileContent::Value(value) => ("v", value),
        };
        out.push_str(&format!(
            " \\\n  {kind} {} {} {} {} {} {} {}",
            quote::sh(&header.prefix),
            quote::sh(&header.name),
            header.mode,
            header.uid,
            header.gid,
            header.sum,
            word_expr(source),
        ));
    }
    Some(out)
}

/// The host files the plan's containers read (their origin, quoted, and
/// their path, as a bash word), each once, in order: checked before the
/// script changes anything.
pub(super) fn host_files(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for file in plan.created().flat_map(|spec| &spec.files) {
        if let FileContent::Host(path) = &file.content {
            let entry = (quote::sh(&file.origin), word_expr(path));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    // A required env file whose path parameters complete: docker would
    // refuse the container mid-way; one with a literal path stackc read.
    for spec in plan.created() {
        for file in spec.env_files.iter().filter(|f| f.required) {
            if file.path.params().next().is_some() {
                let origin = format!("the env_file of {}", spec.name);
                let entry = (quote::sh(&origin), word_expr(&file.path));
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
    }
    for op in plan.blocks.iter().flat_map(|b| &b.ops) {
        if let stackc_ir::ast::Op::BuildImage(spec) = op {
            for secret in &spec.secrets {
                if let stackc_ir::ast::BuildSecretSource::File(path) = &secret.source {
                    let entry = (quote::sh(&secret.origin), word_expr(path));
                    if !out.contains(&entry) {
                        out.push(entry);
                    }
                }
            }
        }
    }
    out
}

/// The file's digest as a bash word: `"$(_sc_file_digest ORIGIN PATH)"`.
pub(super) fn digest_word(origin: &str, path: &stackc_ir::ast::Word) -> String {
    format!(
        "\"$(_sc_file_digest {} {})\"",
        quote::sh(origin),
        word_expr(path)
    )
}
