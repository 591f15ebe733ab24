//! The command line: exit codes, options, the files it writes and refuses,
//! `generate`, `import`, and how small a change stays in the outputs.
//!
//! One test binary per kind of test; each module is one concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

#[path = "../support/mod.rs"]
mod support;

mod commands;
mod diff;
mod fallbacks;
mod files;
mod generate;
mod import;
mod import_rules;
mod locality;
mod overlays;
mod repository;
mod threads;
