//! The plan's blocks in order: service blocks as functions, run level by
//! level by `_sc_level`.

use stackc_ir::ast::{Action, Plan, ResourceKind};

use super::block::Steps;
use crate::quote;

/// One block of the script, with the schedule that may follow it.
pub(super) struct Section {
    /// The resource's kind, name and path (for the heading).
    pub(super) kind: &'static str,
    pub(super) name: String,
    pub(super) path: String,
    /// The path, quoted (for `_sc_step`).
    pub(super) step: String,
    pub(super) steps: Steps,
    /// For a service: the function that holds its block, run by the
    /// schedule (`_sc_level`), so that services of one level may run
    /// concurrently.
    pub(super) function: Option<String>,
    /// The functions of the service blocks before this one, level by level
    /// (after the last block of a run of service blocks).
    pub(super) levels: Vec<Vec<String>>,
}

/// Every block of the plan. Service blocks become functions (except for
/// `ps`, whose table must come out in order), and after each run of them a
/// schedule runs them level by level: `_sc_level f1 f2 …` per level.
pub(super) fn sections(plan: &Plan) -> Vec<Section> {
    let functions = plan.action != Action::Ps;
    let mut out: Vec<Section> = Vec::new();
    // (level, function) of the service blocks not scheduled yet.
    let mut pending: Vec<(u32, String)> = Vec::new();
    for b in &plan.blocks {
        let mut section = Section {
            kind: b.kind.as_str(),
            name: b.name.clone(),
            path: b.path.clone(),
            step: quote::sh(&b.path),
            steps: Steps::of(b, plan),
            function: None,
            levels: Vec::new(),
        };
        if functions && b.kind == ResourceKind::Service {
            let function = function_name(&b.name);
            pending.push((b.level, function.clone()));
            section.function = Some(function);
            out.push(section);
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.levels = levels(&mut pending);
        }
        out.push(section);
    }
    if let Some(last) = out.last_mut() {
        last.levels = levels(&mut pending);
    }
    out
}

/// The function of a service's block: `_sc_service_` and its name, with
/// every character but an ASCII letter or digit escaped (`_` as `__`, any
/// other as `_` and its bytes in hex), so that any name is a bash
/// identifier in every mode (POSIX mode refuses a `-` in a function's
/// name) and two names never share a function.
pub(super) fn function_name(service: &str) -> String {
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

/// The pending service functions grouped by level, in order; none pending
/// afterwards.
pub(super) fn levels(pending: &mut Vec<(u32, String)>) -> Vec<Vec<String>> {
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    for (level, function) in pending.drain(..) {
        match out.last_mut() {
            Some((last, functions)) if *last == level => functions.push(function),
            _ => out.push((level, vec![function])),
        }
    }
    out.into_iter().map(|(_, functions)| functions).collect()
}
