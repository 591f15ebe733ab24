//! Rolling updates on the real Docker engine, in a test binary of their
//! own. They count the requests a client sees fail while `up.sh` replaces
//! replicas, and an engine busy with the other end-to-end tests (builds,
//! swarm, dozens of stacks coming and going) delays its service discovery
//! enough to fail requests no update caused: cargo runs test binaries one
//! after another, so these run with no other test's load on the engine.
//! The helpers are the end-to-end tests' (tests/engine/support.rs).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

#[path = "../engine/support.rs"]
mod engine_support;
#[path = "../support/mod.rs"]
mod support;
mod updates;

use engine_support::Stack;
