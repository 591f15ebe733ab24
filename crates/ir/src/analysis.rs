//! What the passes learn of a stack that passed every check: its graph,
//! and the order and levels every backend follows.

use indexmap::IndexMap;

use crate::graph::StackGraph;

/// A stack that passed every check.
#[derive(Clone, Debug)]
pub struct Analyzed {
    pub graph: StackGraph,
    /// Services in dependency order (a service after everything it depends
    /// on): by level, then by declaration.
    pub order: Vec<String>,
    /// Services in declaration order as far as dependencies allow: each
    /// comes after everything it depends on, and otherwise as declared.
    /// Declarative outputs list services in it (an applied manifest reads
    /// like the stack file); scripts start them by level ([`Self::order`]).
    pub declaration_order: Vec<String>,
    /// Each service's level: 0 without dependencies, else one more than its
    /// deepest dependency. Services of one level are independent.
    pub levels: IndexMap<String, u32>,
    /// Each service's direct dependencies ([`crate::stack::Service::needs`]:
    /// `depends_on`, `volumes_from`, `network_mode = "service:x"`), as
    /// declared, each once.
    pub depends: IndexMap<String, Vec<String>>,
    /// The declared images in build order.
    pub image_order: Vec<String>,
}
