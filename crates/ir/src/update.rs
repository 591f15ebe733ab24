//! `update = { parallelism, order, delay }`: how `up` replaces the
//! containers of a service whose definition changed (compose's
//! `deploy.update_config`), in the model and in the plan.

use miette::SourceSpan;

use crate::duration::Duration;
use crate::spanned::Spanned;

/// A service's `update` table, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// How many replicas are replaced at once (default 1).
    pub parallelism: Option<Spanned<u32>>,
    pub order: Option<Spanned<UpdateOrder>>,
    /// The pause after each batch of replaced replicas.
    pub delay: Option<Spanned<Duration>>,
    /// The table's span.
    pub span: SourceSpan,
}

/// Which goes first when a container is replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UpdateOrder {
    /// The old container stops, then the new one starts (the default).
    #[default]
    StopFirst,
    /// The new container starts (under a temporary name) and is ready
    /// before the old one stops; then it takes the old one's name.
    StartFirst,
}

impl UpdateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StopFirst => "stop-first",
            Self::StartFirst => "start-first",
        }
    }
}

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
