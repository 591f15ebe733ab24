//! Backends: lower a compiled stack to one output format each.
//!
//! Every backend implements [`Backend`]. The imperative targets (bash,
//! argv) lower the [`Plan`]'s operations through [`docker`], the one place
//! that turns an operation into docker command lines; the declarative
//! targets (compose, kube) lower the resolved [`Stack`] directly and write
//! it with `yaml`. Shell quoting lives in [`quote`] and nowhere else.
//!
//! Shared by the backends: [`diagnostics`] (the codes and messages they
//! report), `params` (parameters fixed at compile time, for argv and
//! kube), `yaml` (the YAML writer of compose and kube).

pub mod argv;
pub mod bash;
pub mod compose;
pub mod diagnostics;
pub mod diff;
pub mod docker;
pub mod graph;
pub mod hash;
pub mod kube;
mod params;
pub mod quote;
pub mod swarm;
pub mod text;
mod yaml;

use indexmap::IndexMap;
use stackc_ir::Stack;
use stackc_ir::analysis::Analyzed;
use stackc_ir::ast::Plan;
use stackc_ir::diagnostic::Diagnostics;

/// Where the output goes relative to the stack, and what is known of the
/// runtime at compile time.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// The stack file's name as shown in generated headers (`stack.toml`).
    pub source_name: String,
    /// The project directory (the stack file's directory) as seen from the
    /// directory the output is written to: `.` when they are the same, else
    /// a relative path like `..` or `../stack`. Bash and compose outputs
    /// resolve relative host paths through it, so that they hold no
    /// absolute path of the machine that generated them.
    pub project_dir_from_output: String,
    /// The absolute project directory, for outputs resolved at compile time
    /// (argv).
    pub project_dir: String,
    /// The home directory for `~/…` host paths, for outputs resolved at
    /// compile time (argv, kube): `$HOME` when it is absolute.
    pub home: Option<String>,
    /// Parameter values given at compile time (`--set NAME=VALUE`, then the
    /// environment), for outputs resolved at compile time (argv).
    pub param_values: IndexMap<String, String>,
}

/// What a backend lowers.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub stack: &'a Stack,
    /// The graph, order and levels of [`Self::stack`], as the passes found
    /// them.
    pub analyzed: &'a Analyzed,
    pub plan: &'a Plan,
    pub layout: &'a Layout,
}

/// One output format.
pub trait Backend {
    /// The output, or why this stack cannot be expressed in this format.
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics>;

    /// [`Self::render`] as pieces, which a large output is written in
    /// without ever being copied whole.
    fn render_text(&self, input: &Input<'_>) -> Result<text::Text, Diagnostics> {
        self.render(input).map(text::Text::from)
    }
}
