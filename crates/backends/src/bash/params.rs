//! The parameters when the script runs (`templates/bash/params.sh`): read,
//! checked, and escaped as its commands use them.

use askama::Template;
use stackc_ir::ast::{Conversion, Converted, ParamSpec, Plan, Word};
use stackc_ir::check::{Ip, ValueCheck};
use stackc_ir::flags::Rule;
use stackc_ir::template::{Expansion, Op};

use super::runtime::{EscapeKind, Runtime, param_var, runtime_images};
use super::words::{convert_var, var, var_name, word_expr};
use crate::quote;

/// What the script does with the parameters it reads, in order.
#[derive(Template)]
#[template(path = "bash/params.sh", escape = "none")]
pub(crate) struct Params {
    /// The parameters the script reads, in declaration order.
    read: Vec<Param>,
    /// The image references a parameter completes: where, quoted, and the
    /// reference as a bash word.
    images: Vec<(String, String)>,
    /// The values parameters complete that must have a form, each once,
    /// in plan order: checked before the first docker command.
    checks: Vec<Check>,
    escapes: Vec<Escaped>,
    /// The parameters whose given value a fallback tests: their state
    /// before defaults apply is kept (`_sc_gs_NAME` set or not,
    /// `_sc_gv_NAME` the value).
    given: Vec<String>,
    /// The references with a fallback, in the order they are computed.
    derived: Vec<Derived>,
    /// The values converted to the form docker takes, after the checks.
    converts: Vec<Convert>,
}

/// `FUNCTION PLACE WORD EXPECTED`, then `VAR=$_sc_converted`: the form
/// docker takes of `WORD`, or a stop saying `PLACE` is not `EXPECTED`
/// (bash words).
struct Convert {
    function: &'static str,
    var: String,
    place: String,
    word: String,
    expected: String,
}

impl Convert {
    fn of(converted: &Converted) -> Self {
        let (function, expected) = match converted.to {
            Conversion::Seconds => ("_sc_seconds", ValueCheck::Duration.expected()),
            Conversion::Bool => ("_sc_bool", ValueCheck::Bool.expected()),
            Conversion::HostPath => ("_sc_host_path", "a path".to_owned()),
        };
        Self {
            function,
            var: convert_var(converted),
            place: quote::sh(&converted.place),
            word: word_expr(&converted.word),
            expected: quote::sh(&expected),
        }
    }
}

/// `VAR` = `then` when `test` is not empty, else `otherwise` (bash words).
struct Derived {
    /// The reference as stack.toml writes it, for the reader (shown on
    /// one line).
    comment: String,
    var: String,
    test: String,
    then: String,
    otherwise: String,
}

impl Derived {
    fn of(expansion: &Expansion) -> Self {
        let name = &expansion.name;
        let (empty, word_first) = match expansion.op {
            Op::Default { empty } => (empty, false),
            Op::Alternative { empty } => (empty, true),
        };
        let test = if empty {
            format!("_sc_gv_{name}")
        } else {
            format!("_sc_gs_{name}")
        };
        let given = format!("\"${{_sc_gv_{name}}}\"");
        let word = Word::of_template(&expansion.word);
        let word = match word.as_literal() {
            // Quoted even when it needs no quotes: `X=unset` reads (to
            // shellcheck and to a reviewer) as a command.
            Some(literal) if !literal.is_empty() && !word_expr(&word).starts_with(['\'', '$']) => {
                format!("'{}'", word_expr(&word))
            }
            _ => word_expr(&word),
        };
        let (then, otherwise) = if word_first {
            (word, "''".to_owned())
        } else {
            (given, word)
        };
        Self {
            comment: stackc_ir::text::shown(&format!("${{{}}}", expansion.key())),
            var: param_var(&expansion.key()),
            test: format!("${{{test}}}"),
            then,
            otherwise,
        }
    }
}

/// One value to check: `FUNCTION PLACE WORD [ARG]…`, every part a bash
/// word.
#[derive(PartialEq, Eq)]
struct Check {
    function: &'static str,
    place: String,
    word: String,
    args: Vec<String>,
}

/// A parameter the script reads.
struct Param {
    name: String,
    /// Its value, as a bash word.
    value: String,
    secret: bool,
    /// An empty value is kept (the default applies only when unset).
    keep_empty: bool,
    missing: Missing,
    choices: Option<Choices>,
}

/// What an unset or empty parameter gets.
enum Missing {
    /// A secret: a stop (quoted message), except with `--dry-run`, which
    /// never shows its value.
    Secret(String),
    /// Its default, quoted.
    Default(String),
    /// A stop, with this message, quoted.
    Required(String),
}

/// The values a parameter may take.
struct Choices {
    /// Each value, quoted: the patterns of a `case`.
    patterns: Vec<String>,
    /// The list for the message, quoted.
    listed: String,
}

/// The escaped form of a runtime value (`_sc_csv_*`, `_sc_sh_*`).
struct Escaped {
    /// The variable that holds it.
    var: String,
    /// The variable it is made from, and its value as a bash word.
    name: String,
    value: String,
    csv: bool,
}

impl Params {
    pub(super) fn of(plan: &Plan, runtime: &Runtime) -> Self {
        Self {
            read: plan
                .params
                .iter()
                .filter(|p| runtime.reads(&p.name))
                .map(|p| Param::of(p, runtime.bare.contains(&p.name)))
                .collect(),
            images: runtime_images(plan)
                .into_iter()
                .map(|(path, image)| (quote::sh(&format!("the image of {path}")), word_expr(image)))
                .collect(),
            checks: runtime_checks(plan, &runtime.converts),
            escapes: runtime
                .escaped
                .iter()
                .map(|(name, kind)| Escaped {
                    var: var_name(name, *kind),
                    name: name.clone(),
                    value: var(name),
                    csv: *kind == EscapeKind::Csv,
                })
                .collect(),
            given: plan
                .params
                .iter()
                .filter(|p| runtime.tests_given(&p.name))
                .map(|p| p.name.clone())
                .collect(),
            derived: runtime.expansions.iter().map(Derived::of).collect(),
            converts: runtime.converts.iter().map(Convert::of).collect(),
        }
    }

    /// Every declared parameter, read as the bash scripts read them (the
    /// swarm script, whose stack file may name any of them).
    pub(crate) fn all(plan: &Plan) -> Self {
        Self {
            read: plan.params.iter().map(|p| Param::of(p, true)).collect(),
            images: Vec::new(),
            // docker stack deploy reads the stack file's ports and policies.
            checks: Vec::new(),
            escapes: Vec::new(),
            // ... and its fallbacks.
            given: Vec::new(),
            derived: Vec::new(),
            converts: Vec::new(),
        }
    }

    /// Whether the script reads any parameter (and so `.env`).
    pub(crate) fn reads_any(&self) -> bool {
        !self.read.is_empty()
    }

    /// Whether the script has nothing to do with parameters.
    pub(crate) fn is_empty(&self) -> bool {
        self.read.is_empty()
            && self.images.is_empty()
            && self.escapes.is_empty()
            && self.derived.is_empty()
    }
}

impl Param {
    /// `bare`: whether the script reads it without a fallback of its own
    /// (else it needs no value, and an empty one passes its choices).
    fn of(param: &ParamSpec, bare: bool) -> Self {
        let name = &param.name;
        let missing = if param.secret {
            Missing::Secret(quote::sh(&format!(
                "the secret parameter {name} is required: set it in the environment or in .env beside this script"
            )))
        } else if let Some(default) = &param.default {
            Missing::Default(quote::sh(default))
        } else if !bare {
            Missing::Default("''".to_owned())
        } else {
            Missing::Required(quote::sh(&format!(
                "the parameter {name} is required: give it with --param {name}=VALUE, in the environment or in .env beside this script"
            )))
        };
        let choices = (!param.choices.is_empty()).then(|| Choices {
            patterns: param
                .choices
                .iter()
                .map(|c| quote::sh(c))
                .chain((!bare && param.default.is_none()).then(|| "''".to_owned()))
                .collect(),
            listed: quote::sh(&stackc_ir::text::shown(&format!(
                "({})",
                param.choices.join(", ")
            ))),
        });
        Self {
            name: name.clone(),
            value: var(name),
            secret: param.secret,
            keep_empty: param.keep_empty,
            missing,
            choices,
        }
    }
}

/// The values parameters complete that must have a form, each once, in
/// plan order; a value the script converts is checked by its conversion.
fn runtime_checks(plan: &Plan, converts: &[Converted]) -> Vec<Check> {
    let mut out: Vec<Check> = Vec::new();
    for checked in plan.checks() {
        if converts
            .iter()
            .any(|c| c.place == checked.place && c.word == checked.word)
        {
            continue;
        }
        let (function, args) = match checked.check {
            ValueCheck::Port => ("_sc_port_ref", Vec::new()),
            ValueCheck::Restart => ("_sc_restart_ref", Vec::new()),
            ValueCheck::Duration => (
                "_sc_value_ref",
                vec![
                    quote::sh(stackc_ir::duration::PATTERN),
                    quote::sh(&checked.check.expected()),
                ],
            ),
            ValueCheck::Bool => (
                "_sc_value_ref",
                vec![
                    quote::sh(stackc_ir::check::BOOL_PATTERN),
                    quote::sh(&checked.check.expected()),
                ],
            ),
            ValueCheck::Ip(which) => (
                "_sc_ip_ref",
                vec![which.as_str().to_owned(), quote::sh(which.expected())],
            ),
            ValueCheck::Rule(Rule::Address) => (
                "_sc_ip_ref",
                vec![Ip::Any.as_str().to_owned(), quote::sh(Ip::Any.expected())],
            ),
            ValueCheck::Rule(rule) => {
                let mut args = vec![
                    quote::sh(rule.pattern().unwrap_or("")),
                    quote::sh(&rule.expected()),
                ];
                if let Rule::Integer { min, max } = rule {
                    args.extend([min.to_string(), max.to_string()]);
                }
                ("_sc_value_ref", args)
            }
        };
        let check = Check {
            function,
            place: quote::sh(&checked.place),
            word: word_expr(&checked.word),
            args,
        };
        if !out.contains(&check) {
            out.push(check);
        }
    }
    out
}

impl Params {
    /// Whether a check or a conversion calls `function`.
    pub(super) fn calls(&self, function: &str) -> bool {
        self.checks.iter().any(|c| c.function == function)
            || self.converts.iter().any(|c| c.function == function)
    }
}
