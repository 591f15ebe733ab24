//! Parameters fixed at compile time, for the outputs that hold no
//! parameter (argv, kube): the value given with `--set NAME=VALUE` or in
//! stackc's environment ([`crate::Layout::param_values`]; an empty one
//! counts as unset, as in the scripts), else the default. A given value
//! must be one of the parameter's `choices`, as the scripts check at run
//! time.

use stackc_ir::ast::{ParamSpec, Plan};
use stackc_ir::diagnostic::Diagnostics;

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
    /// neither.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.given(name)
            .or_else(|| self.declared(name)?.default.as_ref())
            .cloned()
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
