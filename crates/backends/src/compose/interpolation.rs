//! Values as compose reads them: compose interpolates every string value,
//! so literal text has each `$` doubled and a parameter reference becomes
//! `${NAME:-default}` or `${NAME:?…}`; host paths are rebased onto the
//! directory the file is written to.

use indexmap::IndexMap;
use stackc_ir::host::HostPath;
use stackc_ir::stack::{Duration, Param};
use stackc_ir::template::{Part, Template};

use super::Lower;
use crate::diagnostics;

impl Lower<'_> {
    /// Keys as written (compose does not interpolate keys), values lowered.
    pub(super) fn map(&mut self, map: &IndexMap<String, Template>) -> IndexMap<String, String> {
        map.iter()
            .map(|(key, value)| (key.clone(), self.template(value)))
            .collect()
    }

    pub(super) fn templates(&mut self, items: &[Template]) -> Vec<String> {
        items.iter().map(|item| self.template(item)).collect()
    }

    /// A template as a compose string: literal `$` doubled, references as
    /// interpolations.
    pub(super) fn template(&mut self, template: &Template) -> String {
        self.parts(template.parts())
    }

    fn parts(&mut self, parts: &[Part]) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                Part::Lit(text) => out.push_str(&literal(text)),
                Part::Param(name) => out.push_str(&self.param(name)),
                // As written: compose reads the same forms, and its
                // fallback's text is lowered as any value is.
                Part::Expand(e) => {
                    let word = self.parts(e.word.parts());
                    out.push_str(&format!("${{{}{}{word}}}", e.name, e.op.as_str()));
                }
            }
        }
        out
    }

    /// The interpolation of a parameter reference; a default compose
    /// cannot hold is reported (once per parameter).
    fn param(&mut self, name: &str) -> String {
        let param = self.stack.params.get(name);
        match interpolation(name, param) {
            Ok(text) => text,
            Err(what) => {
                if let Some(param) = param
                    && !self.reported.iter().any(|r| r == name)
                {
                    self.reported.push(name.to_owned());
                    self.diags
                        .push(diagnostics::compose_param_default(&param.name, what));
                }
                required(name)
            }
        }
    }

    /// A host path as compose reads it: relative paths (relative to the
    /// stack file's directory) rebased onto [`Lower::project_dir`] and
    /// starting with `.`; absolute ones, and ones starting with a
    /// parameter (documented to be absolute), as written.
    pub(super) fn host_path(&mut self, path: &Template) -> String {
        match stackc_ir::host::split(path) {
            HostPath::AsWritten => self.template(path),
            HostPath::Relative { head, rest } => {
                literal(&stackc_ir::host::join(self.project_dir, head)) + &self.parts(rest)
            }
            // Compose reads `~` as the home directory of whoever runs it.
            HostPath::Home { head, rest } => {
                let home = if head.is_empty() {
                    "~".to_owned()
                } else {
                    format!("~/{head}")
                };
                literal(&home) + &self.parts(rest)
            }
        }
    }
}

/// What compose reads for a reference to the parameter `name`:
/// `${NAME:-default}`, or `${NAME:?…}` without a default (or for a secret,
/// whose default is never written, nor for an undeclared one); `Err` names
/// what in the default compose cannot hold (`` `}` ``, a line break).
pub(super) fn interpolation(name: &str, param: Option<&Param>) -> Result<String, &'static str> {
    let Some(param) = param else {
        // The passes reject unknown parameters; should one slip
        // through, compose still refuses to run without a value.
        return Ok(required(name));
    };
    let Param {
        name: _,
        default,
        description: _,
        secret,
        // Compose interpolation cannot check a value against a list.
        choices: _,
        keep_empty,
    } = param;
    // `${NAME-…}`, `${NAME?…}`: only when unset.
    let colon = if *keep_empty { "" } else { ":" };
    // A secret is never written into an output, not even its default.
    match default.as_deref().filter(|_| !*secret) {
        None => Ok(required_when(name, colon)),
        Some(default) if default.contains('}') => Err("`}`"),
        Some(default) if default.contains(['\n', '\r']) => Err("a line break"),
        Some(default) => Ok(format!("${{{name}{colon}-{}}}", literal(default))),
    }
}

/// `${NAME:?…}`: compose stops with this message when `NAME` is unset or
/// empty.
fn required(name: &str) -> String {
    required_when(name, ":")
}

/// `${NAME:?…}`, or `${NAME?…}` (only when unset) when `colon` is empty.
fn required_when(name: &str, colon: &str) -> String {
    format!("${{{name}{colon}?parameter {name} is required}}")
}

/// Literal text as a compose string: every `$` doubled.
pub(super) fn literal(text: &str) -> String {
    text.replace('$', "$$")
}

impl Lower<'_> {
    /// A duration as written, or as parameters complete it.
    pub(super) fn duration(&mut self, duration: &Duration) -> String {
        match &duration.template {
            Some(template) => self.template(template),
            None => literal(&duration.text),
        }
    }
}
