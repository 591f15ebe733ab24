//! argv
