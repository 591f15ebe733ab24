//! The plan's blocks in order: service blocks as functions, run by the
//! script's scheduler (`_sc_task`, `_sc_schedule`), each as soon as what it
//! runs after is done.

use std::collections::HashSet;

use stackc_ir::ast::{Action, Block, Op, Plan, ResourceKind};

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
    /// Its lines, rendered (indented when in a function).
    pub(super) steps: String,
    /// For a service: the function that holds its block, run by the
    /// schedule, so that services may run concurrently.
    pub(super) function: Option<String>,
    /// After the last block of a run of service blocks: the schedule that
    /// runs their functions.
    pub(super) schedule: Option<Schedule>,
}

/// The tasks of a run of service blocks: each service's function, and a
/// wait for each service that a dependent needs healthy.
pub(super) struct Schedule {
    /// The health waits, as functions.
    pub(super) waits: Vec<Wait>,
    /// Every task, in the plan's order: a wait just before the first task
    /// that needs it.
    pub(super) tasks: Vec<Task>,
    /// The functions of `tasks`.
    names: HashSet<String>,
}

/// A function that waits until every container of a service is healthy.
pub(super) struct Wait {
    pub(super) function: String,
    /// The service's name, for the heading.
    pub(super) service: String,
    /// Its path, quoted (for `_sc_step`).
    pub(super) step: String,
    /// Its lines, rendered and indented.
    pub(super) steps: String,
}

/// One `_sc_task` line: a function and the tasks it runs after.
pub(super) struct Task {
    pub(super) function: String,
    pub(super) after: Vec<String>,
}

/// Every block of the plan, each handed to `emit` once it is complete.
/// Service blocks become functions (except for `ps`, whose table must come
/// out in order, and the service that `run` runs, whose exit status is the
/// script's), and after each run of them a schedule runs them: a section
/// is held until the next block says whether the run ends with it.
///
/// The lines of the blocks are made a chunk at a time on every core
/// ([`Lines::of`]) and taken in order: the text is the same on any number
/// of cores, and a large stack's lines are never held all at once.
pub(super) fn each_section<E>(
    plan: &Plan,
    mut emit: impl FnMut(Section) -> Result<(), E>,
) -> Result<(), E> {
    let mut held: Option<Section> = None;
    let mut pending = Schedule {
        waits: Vec::new(),
        tasks: Vec::new(),
        names: HashSet::new(),
    };
    let mut failed = None;
    stackc_ir::parallel::for_each_ordered(
        plan.blocks.len(),
        BLOCKS_PER_CHUNK,
        |range| {
            let blocks = &plan.blocks[range];
            let lines: Vec<Lines> = blocks.iter().map(|b| Lines::of(b, plan)).collect();
            (blocks, lines)
        },
        |(blocks, lines)| {
            for (b, lines) in blocks.iter().zip(lines) {
                if failed.is_some() {
                    return;
                }
                let done = if lines.service {
                    held.replace(pending.add(b, lines))
                } else {
                    if let (Some(last), Some(schedule)) = (held.as_mut(), pending.take()) {
                        last.schedule = Some(schedule);
                    }
                    held.replace(section(b, lines))
                };
                if let Some(Err(e)) = done.map(&mut emit) {
                    failed = Some(e);
                }
            }
        },
    );
    if let Some(e) = failed {
        return Err(e);
    }
    if let (Some(last), Some(schedule)) = (held.as_mut(), pending.take()) {
        last.schedule = Some(schedule);
    }
    match held {
        Some(last) => emit(last),
        None => Ok(()),
    }
}

/// How many blocks' lines a thread makes at a time.
const BLOCKS_PER_CHUNK: usize = 32;

/// The section of a block that is not a service's run by the schedule.
fn section(b: &Block, lines: Lines) -> Section {
    // `run`'s service runs alone, after the others, in the script's own
    // process: its exit status is the script's.
    let function = lines.once.then(|| function_name(&b.name));
    let alone = function.as_ref().map(|f| Schedule {
        waits: Vec::new(),
        tasks: vec![Task {
            function: f.clone(),
            after: Vec::new(),
        }],
        names: HashSet::new(),
    });
    Section {
        steps: lines.steps,
        function,
        schedule: alone,
        ..heading(b)
    }
}

/// A block's lines, rendered: all that its section needs of its
/// operations, made apart from the schedule so that blocks can be made on
/// several cores.
struct Lines {
    /// A service's block, run by the schedule as a function.
    service: bool,
    /// The service that `run` runs.
    once: bool,
    /// The block's lines (but for a service's health waits), indented when
    /// they are a function's body.
    steps: String,
    /// For a service: each service whose health it waits for (its
    /// `WaitHealthy` operations, which leave its block for a wait of their
    /// own), with that wait's lines, indented.
    waits: Vec<(String, String)>,
}

impl Lines {
    fn of(b: &Block, plan: &Plan) -> Self {
        let once = b.ops.iter().any(|op| matches!(op, Op::RunOnce(_)));
        let service = plan.action != Action::Ps && b.kind == ResourceKind::Service && !once;
        if !service {
            let steps = Steps::of(b.ops.iter(), plan);
            return Self {
                service,
                once,
                steps: if once {
                    steps.indented()
                } else {
                    steps.to_string()
                },
                waits: Vec::new(),
            };
        }
        let mut waits: Vec<(String, String)> = Vec::new();
        for op in &b.ops {
            if let Op::WaitHealthy { service, .. } = op
                && !waits.iter().any(|(s, _)| s == service)
            {
                let ops = b
                    .ops
                    .iter()
                    .filter(|op| matches!(op, Op::WaitHealthy { service: s, .. } if s == service));
                waits.push((service.clone(), Steps::of(ops, plan).indented()));
            }
        }
        let rest = b
            .ops
            .iter()
            .filter(|op| !matches!(op, Op::WaitHealthy { .. }));
        Self {
            service,
            once,
            steps: Steps::of(rest, plan).indented(),
            waits,
        }
    }
}

/// Whether a block of the plan is followed by a schedule: a service's
/// block (but for `ps`), or the one that `run` runs.
pub(super) fn schedules(plan: &Plan) -> bool {
    plan.blocks.iter().any(|b| {
        (plan.action != Action::Ps && b.kind == ResourceKind::Service)
            || b.ops.iter().any(|op| matches!(op, Op::RunOnce(_)))
    })
}

/// A section with the block's heading, no steps, no function.
fn heading(b: &Block) -> Section {
    Section {
        kind: b.kind.as_str(),
        name: b.name.clone(),
        path: b.path.clone(),
        step: quote::sh(&b.path),
        steps: String::new(),
        function: None,
        schedule: None,
    }
}

impl Schedule {
    /// Add a service block: its function as a task after the functions of
    /// the services it runs after and the waits for those it needs healthy
    /// (its `WaitHealthy` operations, which leave its block for a wait of
    /// their own). Returns the block's section.
    fn add(&mut self, b: &Block, lines: Lines) -> Section {
        let function = function_name(&b.name);
        let mut after: Vec<String> = b
            .after
            .iter()
            .map(|service| function_name(service))
            .filter(|f| self.has(f))
            .collect();
        for (service, steps) in lines.waits {
            let wait = wait_name(&service);
            let dependency = function_name(&service);
            if !self.has(&wait) {
                let after = if self.has(&dependency) {
                    vec![dependency.clone()]
                } else {
                    Vec::new()
                };
                self.waits.push(Wait {
                    function: wait.clone(),
                    step: quote::sh(&format!("services.{service}")),
                    service,
                    steps,
                });
                self.push(wait.clone(), after);
            }
            // The wait comes after the service: the task needs only the wait.
            after.retain(|f| *f != dependency);
            if !after.contains(&wait) {
                after.push(wait);
            }
        }
        self.push(function.clone(), after);
        Section {
            steps: lines.steps,
            function: Some(function),
            ..heading(b)
        }
    }

    fn has(&self, function: &str) -> bool {
        self.names.contains(function)
    }

    fn push(&mut self, function: String, after: Vec<String>) {
        self.names.insert(function.clone());
        self.tasks.push(Task { function, after });
    }

    /// The schedule so far, if it has tasks; empty afterwards.
    fn take(&mut self) -> Option<Schedule> {
        if self.tasks.is_empty() {
            return None;
        }
        Some(Schedule {
            waits: std::mem::take(&mut self.waits),
            tasks: std::mem::take(&mut self.tasks),
            names: std::mem::take(&mut self.names),
        })
    }
}

/// The function of a service's block: `_sc_service_` and its name, with
/// every character but an ASCII letter or digit escaped (`_` as `__`, any
/// other as `_` and its bytes in hex), so that any name is a bash
/// identifier in every mode (POSIX mode refuses a `-` in a function's
/// name) and two names never share a function.
pub(super) fn function_name(service: &str) -> String {
    escaped("_sc_service_", service)
}

/// The function that waits until a service is healthy: `_sc_healthy_` and
/// its name, escaped as in [`function_name`]. The scheduler tells a wait
/// from a service by this prefix: a wait takes no job slot.
pub(super) fn wait_name(service: &str) -> String {
    escaped("_sc_healthy_", service)
}

fn escaped(prefix: &str, service: &str) -> String {
    let mut out = String::from(prefix);
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
