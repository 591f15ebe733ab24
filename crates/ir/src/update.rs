//! A rolling update in the plan: how `up` replaces the containers of a
//! service whose definition changed, from its `update` table
//! ([`crate::stack::Update`]; compose's `deploy.update_config`).

use crate::stack::UpdateOrder;

/// How one container of a rolling update is replaced when its definition
/// changed: after the replacement of the last replica of each batch, the
/// batch's new containers must be ready before the next batch starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rolling {
    pub order: UpdateOrder,
    /// Ready means healthy, waited for at most this long by default (from
    /// the healthcheck's settings); `None`: started (no healthcheck).
    pub health_secs: Option<u64>,
    /// This replica ends a batch: the batch's replacements are waited for
    /// here.
    pub batch_end: bool,
    /// The pause after a batch that replaced something, in whole seconds
    /// (0: none), unless it is the last batch.
    pub delay_secs: u128,
    /// This is the service's last replica.
    pub last: bool,
}

/// The name a start-first update gives the new container until the old one
/// is gone: `<name>-next`.
pub fn next_name(container: &str) -> String {
    format!("{container}-next")
}
