//! A duration as stack.toml writes it, kept with its value.

/// A duration as written (Go syntax, e.g. `1m30s`), and its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    /// The text as written in stack.toml, e.g. `1m30s`.
    pub text: String,
    /// The value in nanoseconds.
    pub nanos: u128,
}

impl Duration {
    /// Whole seconds, rounded up.
    pub fn seconds_ceil(&self) -> u128 {
        self.nanos.div_ceil(1_000_000_000)
    }
}
