//! The generated outputs: snapshots of every fixture, and the real
//! validators (Docker Compose v2, the compose-spec and stack.toml JSON
//! Schemas, kubernetes-validate).
//!
//! One test binary per kind of test; each module is one concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

#[path = "../support/mod.rs"]
mod support;

mod compose;
mod fixtures;
mod kube;
mod kube_files;
mod schema;
mod swarm;
