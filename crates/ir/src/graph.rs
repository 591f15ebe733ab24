//! The stack as a graph: resources are nodes, references are typed edges.
//!
//! The passes build it from a [`crate::Stack`] once every reference
//! resolved; ordering, cycle detection and `stackc graph` read it.

use petgraph::stable_graph::{NodeIndex, StableDiGraph};

use crate::stack::Condition;

/// A resource of the stack.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// `[services.NAME]`
    Service(String),
    /// `[networks.NAME]`, or the implicit `default` network.
    Network(String),
    /// `[volumes.NAME]`
    Volume(String),
    /// An image a service runs, by reference; `built` when the stack builds it.
    Image { reference: String, built: bool },
}

/// How one resource needs another. Edges point from the user to the used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    /// `depends_on` with its condition.
    DependsOn(Condition),
    /// The service joins the network.
    AttachesTo,
    /// The service mounts the volume.
    Mounts,
    /// The service runs the image.
    UsesImage,
    /// `volumes_from`: the service shares the other's mounts (which starts
    /// first).
    VolumesFrom,
    /// The image's Dockerfile builds `FROM` the other image of the stack
    /// (which is built first).
    BuildsFrom,
    /// `network_mode = "service:NAME"`: the service uses the other's
    /// network stack (which starts first).
    SharesNetwork,
    /// `links`: the service reaches the other by an alias (which starts
    /// first).
    Links,
}

/// The graph, with the node of each service in declaration order.
#[derive(Clone, Debug, Default)]
pub struct StackGraph {
    pub graph: StableDiGraph<Node, Edge>,
    /// Service nodes, in declaration order.
    pub services: Vec<NodeIndex>,
}
