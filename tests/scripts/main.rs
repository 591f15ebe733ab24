//! The generated scripts, run: by bash and dash, linted by shellcheck,
//! against a fake `docker` that records what it is asked, with hostile
//! strings and secrets.
//!
//! One test binary per kind of test; each module is one concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

#[path = "../support/mod.rs"]
mod support;

mod addresses;
mod conversions;
mod differential;
mod dotenv;
mod fake_docker;
mod hostile;
mod schedule;
mod secrets;
mod shell;
