//! Passes: resolve, validate, order and lower a decoded stack.
//!
//! ```text
//! Stack ──resolve──▶ StackGraph ──validate──▶ ──order──▶ service order ──lower──▶ Plan
//! ```
//!
//! Each pass reports every problem it finds; [`analyze`] runs them all and
//! returns either the checked stack's graph and order, or all diagnostics.

mod lower;
mod order;
pub mod profiles;
mod resolve;
mod suggest;
mod validate;

pub use lower::{container_names, lower, lower_run};

use indexmap::IndexMap;
use stackc_ir::Stack;
use stackc_ir::diagnostic::Diagnostics;
use stackc_ir::graph::StackGraph;

/// A stack that passed every check.
#[derive(Clone, Debug)]
pub struct Analyzed {
    pub graph: StackGraph,
    /// Services in dependency order (a service after everything it depends
    /// on): by level, then by declaration.
    pub order: Vec<String>,
    /// Each service's level: 0 without dependencies, else one more than its
    /// deepest dependency. Services of one level are independent.
    pub levels: IndexMap<String, u32>,
    /// The declared images in build order.
    pub image_order: Vec<String>,
}

/// Resolve every reference, validate, and order the services.
pub fn analyze(stack: &Stack) -> Result<Analyzed, Diagnostics> {
    let mut diags = Diagnostics::default();
    let graph = resolve::resolve(stack, &mut diags);
    validate::validate(stack, &mut diags);
    let ordered = order::order(stack, &graph, &mut diags);
    let order = ordered.iter().map(|(name, _)| name.clone()).collect();
    let levels = ordered.into_iter().collect();
    let image_order = order::image_order(stack, &mut diags);
    diags.into_result(Analyzed {
        graph,
        order,
        levels,
        image_order,
    })
}
