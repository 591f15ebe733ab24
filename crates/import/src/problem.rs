//! What the import cannot carry over: an error naming the compose key and
//! its line and column, or (with `--lossy`) a comment in the TOML at the
//! place of the key.

use stackc_ir::{Diag, Diagnostics};

use crate::diagnostics::Code;
use crate::node::Node;

/// Why an `x-` extension field is left out.
pub const X_FIELD: &str = "an extension field (`x-…`) means nothing to compose itself; its anchors are resolved where they are used";

/// Why a service's `develop` is left out.
pub const DEVELOP: &str = "`develop` configures `docker compose watch`, a development loop that syncs files into running containers or rebuilds them on change; it changes nothing `up` runs";

/// The problems found so far, and the comments waiting for their place.
pub struct Problems {
    lossy: bool,
    diags: Diagnostics,
    pending: Vec<String>,
}

impl Problems {
    pub fn new(lossy: bool) -> Self {
        Self {
            lossy,
            diags: Diagnostics::default(),
            pending: Vec::new(),
        }
    }

    /// `path` (at `node`) holds something stackc cannot express: `why`.
    pub fn unsupported(&mut self, path: &str, node: &Node, why: &str) {
        if self.lossy {
            self.pending.push(format!(
                "stackc import: left out `{path}` (compose line {}): {why}",
                node.line
            ));
        } else {
            self.diags.push(
                Diag::new(
                    Code::ImportUnsupported,
                    format!(
                        "`{path}` (line {}, column {}): {why}",
                        node.line, node.column
                    ),
                )
                .label(node.span, "not expressible in stack.toml")
                .help("change the compose file, or run `stackc import --lossy` to leave it out with a comment in the TOML"),
            );
        }
    }

    /// `path` holds something with no meaning for stackc, dropped with a
    /// comment in the TOML (`why`), not an error.
    pub fn comment(&mut self, path: &str, why: &str) {
        self.pending
            .push(format!("stackc import: left out `{path}`: {why}"));
    }

    pub fn is_lossy(&self) -> bool {
        self.lossy
    }

    /// The comments of left-out keys since the last call, for the TOML.
    pub fn take_comments(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pending)
    }

    pub fn into_diagnostics(self) -> Diagnostics {
        self.diags
    }
}
