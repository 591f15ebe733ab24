//! Parameters fixed at compile time, for the outputs that hold no
//! parameter (argv, kube): the value given with `--set NAME=VALUE` or in
//! stackc's environment ([`crate::Layout::param_values`]; an empty one
//! counts as unset, as in the scripts), else the default. A given value
//! must be one of the parameter's `choices`, as the scripts check at run
//! time.

use stackc_ir::ast::{ParamSpec, Plan};
use stackc_ir::diagnostic::Diagnostics;
use stackc_ir::template::Expansion;

use crate::{Layout, diagnostics};

/// The declared parameters and the values given for them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Values<'a> {
    params: &'a [ParamSpec],
    layout: &'a Layout,
}

impl<'a> Values<'a> {
    pub(crate) fn new(plan: &'a Plan, layout: &'a Layout) -> Self {
        Self {
            params: &plan.params,
            layout,
        }
    }

    /// The declared parameter `name`.
    pub(crate) fn declared(&self, name: &str) -> Option<&'a ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The value given for `name`, empty or not (what a fallback of a
    /// reference tests: [`Expansion`]).
    pub(crate) fn given_raw(&self, name: &str) -> Option<String> {
        self.layout.param_values.get(name).cloned()
    }

    /// The value given for `name`, unless it is empty (an empty one is a
    /// value for a `keep_empty` parameter).
    fn given(&self, name: &str) -> Option<&'a String> {
        let keep_empty = self.declared(name).is_some_and(|p| p.keep_empty);
        self.layout
            .param_values
            .get(name)
            .filter(|value| keep_empty || !value.is_empty())
    }

    /// A parameter's value: given, else its default; `None` when it has
    /// neither. `name` may also be a reference with a fallback, as a
    /// lowered word names it ([`Expansion::from_key`]).
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        if let Some(expansion) = Expansion::from_key(name) {
            return self.expand(&expansion);
        }
        self.given(name)
            .or_else(|| self.declared(name)?.default.as_ref())
            .cloned()
    }

    /// A reference with a fallback: `None` when the fallback is taken and
    /// reads a parameter that has no value.
    pub(crate) fn expand(&self, expansion: &Expansion) -> Option<String> {
        let given = self.given_raw(&expansion.name);
        let mut complete = true;
        let value = expansion.choose(given.as_deref(), || {
            expansion
                .word
                .render_with(&mut |name| self.given_raw(name), &mut |name| {
                    self.get(name).unwrap_or_else(|| {
                        complete = false;
                        String::new()
                    })
                })
        });
        complete.then_some(value)
    }

    /// The declared parameters without a value that `name` (a parameter,
    /// or a reference with a fallback) reads.
    pub(crate) fn unresolved(&self, name: &str) -> Vec<&'a str> {
        match Expansion::from_key(name) {
            None => self
                .declared(name)
                .filter(|_| self.get(name).is_none())
                .map(|p| p.name.as_str())
                .into_iter()
                .collect(),
            Some(expansion) => expansion
                .word
                .bare_params()
                .flat_map(|p| self.unresolved(p))
                .collect(),
        }
    }

    /// One error per given value that is not one of its parameter's
    /// `choices`.
    pub(crate) fn check_choices(&self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        for param in self.params {
            if param.choices.is_empty() {
                continue;
            }
            if let Some(value) = self.given(&param.name)
                && !param.choices.contains(value)
            {
                diags.push(diagnostics::param_not_a_choice(
                    &param.name,
                    value,
                    param.secret,
                    &param.choices,
                ));
            }
        }
        diags
    }
}
