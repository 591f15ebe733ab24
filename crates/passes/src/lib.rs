//! Passes: resolve, validate, order and lower a decoded stack.
//!
//! ```text
//! Stack ──resolve──▶ StackGraph ──validate──▶ ──order──▶ service order ──lower──▶ Plan
//! ```
//!
//! Each pass reports every problem it finds; [`analyze`] runs them all and
//! returns either the checked stack's graph and order, or all diagnostics.

mod diagnostics;
mod lower;
mod order;
pub mod profiles;
mod resolve;
mod suggest;
mod validate;

pub use diagnostics::Code;
pub use lower::{container_names, lower, lower_run, param_specs};
pub use stackc_ir::analysis::Analyzed;

use stackc_ir::Stack;
use stackc_ir::diagnostic::Diagnostics;

/// What holds only where each container binds its host ports itself (the
/// scripts, argv, compose), not for a swarm's routing mesh: a fixed host
/// port on a service with several replicas.
pub fn host_bound_ports(stack: &Stack) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    validate::host_ports(stack, &mut diags);
    diags.into_result(())
}

/// Resolve every reference, validate, and order the services.
pub fn analyze(stack: &Stack) -> Result<Analyzed, Diagnostics> {
    let mut diags = Diagnostics::default();
    let graph = resolve::resolve(stack, &mut diags);
    validate::validate(stack, &mut diags);
    let (ordered, declaration_order) = order::order(stack, &graph, &mut diags);
    let order = ordered.iter().map(|(name, _)| name.clone()).collect();
    let levels = ordered.into_iter().collect();
    let image_order = order::image_order(stack, &mut diags);
    let depends = order::depends(stack);
    diags.into_result(Analyzed {
        graph,
        order,
        declaration_order,
        levels,
        depends,
        image_order,
    })
}
