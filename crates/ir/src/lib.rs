//! The intermediate representation of stackc: everything the stages share and
//! nothing that belongs to one stage.
//!
//! - [`template`]: string values with parameter references (`${NAME}`, `$$`).
//! - [`diagnostic`]: the one error type every stage reports with.
//! - [`stack`]: the resolved stack model the frontend produces.
//! - [`blkio`]: a service's `blkio_config`.
//! - [`graph`]: the petgraph view of a stack: services, images, networks and
//!   volumes with typed edges.
//! - [`duration`]: a duration as written, with its value.
//! - [`flags`]: the service keys that are one docker flag, declared once.
//! - [`analysis`]: the graph, order and levels of a checked stack.
//! - [`action`]: what a script does (up, down, …).
//! - [`ast`]: the target-neutral list of container operations that the
//!   imperative backends (bash, argv) lower.
//! - [`host`]: how a relative host path is resolved, and the host paths
//!   that compile-time file readers refuse.
//! - [`names`]: the naming rules.
//! - [`engine_names`]: the names stackc gives the objects it creates.
//! - [`suggest`]: "did you mean …?".
//! - [`reference`]: the grammar of image references.
//! - [`reserved`]: names a stack may not give its own things.
//! - [`target`]: the output targets.
//! - [`text`]: outside text made safe for a terminal or a comment.
//!
//! This crate depends on no other stackc crate.

pub mod action;
pub mod address;
pub mod analysis;
pub mod ast;
pub mod blkio;
pub mod check;
pub mod diagnostic;
pub mod duration;
pub mod engine_names;
pub mod flags;
pub mod graph;
pub mod host;
pub mod links;
pub mod names;
pub mod network_mode;
pub mod parallel;
pub mod port;
pub mod reference;
pub mod reserved;
pub mod spanned;
pub mod stack;
pub mod suggest;
pub mod target;
pub mod template;
pub mod text;
pub mod update;
pub mod ustar;

pub use diagnostic::{Diag, Diagnostics};
pub use stack::Stack;
pub use target::Target;
pub use template::Template;
