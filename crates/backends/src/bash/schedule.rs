//! The plan's blocks in order: service blocks as functions, run level by
//! level by `_sc_level`.

use stackc_ir::ast::{Action, Plan, ResourceKind};

use super::block::block;

pub(super) struct BlockOut {
    pub(super) comment: String,
    pub(super) step: String,
    pub(super) lines: Vec<String>,
    /// For a service: the function that holds its block, run by the
    /// schedule (`_sc_level`), so that services of one level may run
    /// concurrently.
    pub(super) function: Option<String>,
    /// Lines that run the functions of the service blocks before this one
    /// (after the last block of a run of service blocks).
    pub(super) schedule: Vec<String>,
}

/// Every block of the plan. Service blocks become functions (except for
/// `ps`, whose table must come out in order), and after each run of them a
/// schedule runs them level by level: `_sc_level f1 f2 …` per level.
pub(super) fn blocks(plan: &Plan) -> Vec<BlockOut> {
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

/// `_sc_level` lines for the pending service functions, one per level.
pub(super) fn schedule(pending: &mut Vec<(u32, String)>) -> Vec<String> {
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
