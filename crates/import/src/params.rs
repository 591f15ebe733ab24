//! The `[params]` an import declares: one per compose variable, in order of
//! first use, with its default or its error text as description.

use indexmap::IndexMap;
use stackc_ir::template::is_param_name;

use crate::interpolate::Op;

/// A declared parameter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Param {
    pub default: Option<String>,
    pub description: Option<String>,
    /// Read by a secret (`secrets.NAME.environment`).
    pub secret: bool,
    /// Used as `${NAME-…}` or `${NAME?…}` (`Some(true)`: an empty value is
    /// kept), as `${NAME:-…}` or `${NAME:?…}` (`Some(false)`), or only as
    /// `${NAME}` (`None`: either).
    pub keep_empty: Option<bool>,
}

/// Every parameter used so far.
#[derive(Default)]
pub struct Params {
    pub declared: IndexMap<String, Param>,
}

impl Params {
    /// Declare (or check against an earlier use) the variable `name` used
    /// with `op`; `Err` says why stackc cannot express this use.
    pub fn use_var(&mut self, name: &str, op: &Op) -> Result<(), String> {
        Self::check_name(name)?;
        self.use_var_named(name, op)
    }

    /// `Err` when `name` cannot be a stackc parameter.
    pub fn check_name(name: &str) -> Result<(), String> {
        if !is_param_name(name) {
            return Err(format!(
                "the variable `{name}` is not a valid stackc parameter name (`[A-Za-z][A-Za-z0-9_]*`)"
            ));
        }
        if stackc_ir::reserved::is_reserved_variable(name) {
            return Err(format!(
                "the variable `{name}` is one the shell or docker reads, which stackc does not take as a parameter"
            ));
        }
        Ok(())
    }

    /// [`Self::use_var`] of a valid name.
    fn use_var_named(&mut self, name: &str, op: &Op) -> Result<(), String> {
        let param = match op {
            Op::Plain => Param::default(),
            Op::Default { text, unset_only } => {
                if text.contains('$') {
                    return Err(format!(
                        "the default of `{name}` holds another interpolation; a stackc default is literal text"
                    ));
                }
                Param {
                    default: Some(text.clone()),
                    keep_empty: Some(*unset_only),
                    ..Param::default()
                }
            }
            Op::Required { text, unset_only } => Param {
                description: (!text.is_empty()).then(|| text.clone()),
                keep_empty: Some(*unset_only),
                ..Param::default()
            },
            Op::Alternative { .. } => {
                return Err(format!(
                    "`${{{name}:+…}}` (a replacement when set) has no stackc equivalent"
                ));
            }
        };
        match self.declared.get_mut(name) {
            Some(existing)
                if existing.keep_empty.is_some()
                    && param.keep_empty.is_some()
                    && existing.keep_empty != param.keep_empty =>
            {
                Err(format!(
                    "the variable `{name}` is used as `${{{name}-…}}` (an empty value kept) in one place and as `${{{name}:-…}}` (an empty value replaced) in another; a stackc parameter does one or the other (`keep_empty`)"
                ))
            }
            None => {
                self.declared.insert(name.to_owned(), param);
                Ok(())
            }
            Some(existing) if existing.default == param.default => {
                if existing.description.is_none() {
                    existing.description = param.description;
                }
                if existing.keep_empty.is_none() {
                    existing.keep_empty = param.keep_empty;
                }
                Ok(())
            }
            Some(existing) => Err(format!(
                "the variable `{name}` is used with {} here and with {} elsewhere; a stackc parameter has one default",
                describe(param.default.as_deref()),
                describe(existing.default.as_deref()),
            )),
        }
    }
}

fn describe(default: Option<&str>) -> String {
    match default {
        Some(text) => format!("the default {text:?}"),
        None => "no default".to_owned(),
    }
}
