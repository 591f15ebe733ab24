//! Values fixed at compile time: each parameter takes its given value or
//! its default ([`crate::params`]); one with neither is reported once.

use stackc_ir::template::{Expansion, Template};

use super::Lower;
use crate::diagnostics;

impl Lower<'_> {
    /// Items of `command` or `entrypoint`: resolved, with `$` escaped
    /// against Kubernetes' `$(NAME)` expansion.
    pub(super) fn expanded_list(&mut self, items: &[Template]) -> Vec<String> {
        items
            .iter()
            .map(|item| expansion_escape(&self.resolve(item)))
            .collect()
    }

    /// A template with its (non-secret) parameters fixed.
    pub(super) fn resolve(&mut self, template: &Template) -> String {
        let values = self.values;
        template.render_with(&mut |name| values.given_raw(name), &mut |name| {
            self.param(name)
        })
    }

    /// A reference with a fallback, fixed.
    pub(super) fn expansion(&mut self, expansion: &Expansion) -> String {
        let given = self.values.given_raw(&expansion.name);
        expansion.choose(given.as_deref(), || self.resolve(&expansion.word))
    }

    /// A parameter's value at compile time; a missing one is reported
    /// once, and empty.
    pub(super) fn param(&mut self, name: &str) -> String {
        if let Some(value) = self.values.get(name) {
            return value;
        }
        let Some(param) = self.stack.params.get(name) else {
            return String::new();
        };
        if !self.missing.iter().any(|m| m == name) {
            self.missing.push(name.to_owned());
            self.diags.push(diagnostics::param_without_value(
                name,
                "kube",
                Some(&param.name),
            ));
        }
        String::new()
    }
}

/// Kubernetes expands `$(NAME)` in `command`, `args` and `env` values, and
/// reads `$$` as `$`: doubling every `$` keeps the text byte for byte.
pub(super) fn expansion_escape(text: &str) -> String {
    text.replace('$', "$$")
}
