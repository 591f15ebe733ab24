//! The argv backend: the docker commands of a plan as data, with every
//! runtime value fixed at compile time.
//!
//! Parameters take the value given with `--set NAME=VALUE`, else the
//! environment's, else their default (see [`crate::Layout::param_values`]);
//! relative host paths are joined to [`crate::Layout::project_dir`]. A
//! secret never appears: its variable is passed as a bare `--env=KEY`, and
//! the consumer supplies `KEY` in docker's environment.

use stackc_ir::ast::{Escape, Op, Piece, Plan, Word};
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::{Backend, Input, Layout, docker, hash, quote};

/// How the commands are framed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One JSON array of strings per line.
    #[default]
    Json,
    /// One command per line, quoted so that bash reads back the same argv.
    Shell,
    /// For each command: its argument count in decimal, NUL, then each
    /// argument followed by NUL.
    Nul,
}

/// The argv backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct Argv {
    pub format: Format,
}

impl Backend for Argv {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let commands = resolve(input.plan, input.layout)?;
        let mut out = String::new();
        for argv in &commands {
            match self.format {
                Format::Json => {
                    out.push_str(&serde_json::Value::from(argv.clone()).to_string());
                    out.push('\n');
                }
                Format::Shell => {
                    out.push_str(&shell_line(argv));
                    out.push('\n');
                }
                Format::Nul => {
                    out.push_str(&argv.len().to_string());
                    out.push('\0');
                    for arg in argv {
                        out.push_str(arg);
                        out.push('\0');
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Whether the argv of `plan` holds the absolute project directory (a
/// relative bind source, env file or build context; the config hash of a
/// container that reads one): then it differs on every checkout.
pub fn holds_project_dir(plan: &Plan) -> bool {
    plan.blocks.iter().flat_map(|b| &b.ops).any(|op| {
        let mut words: Vec<Word> = docker::commands(op, None)
            .into_iter()
            .flat_map(|c| c.argv)
            .collect();
        if let Op::BuildImage(spec) = op {
            words.push(spec.context.clone());
        }
        words
            .iter()
            .flat_map(|w| &w.0)
            .any(|p| matches!(p, Piece::ProjectDir { .. }))
    })
}

/// A command as one line of shell, each word quoted by [`quote::sh`].
pub fn shell_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| quote::sh(a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every docker command of the plan, in order, with runtime values fixed.
pub fn resolve(plan: &Plan, layout: &Layout) -> Result<Vec<Vec<String>>, Diagnostics> {
    let mut diags = Diagnostics::default();
    if matches!(
        plan.action,
        stackc_ir::ast::Action::Backup | stackc_ir::ast::Action::Restore
    ) {
        diags.push(
            Diag::new(
                "stackc::argv-archive",
                format!("`{}` is not a fixed list of docker commands", plan.action.as_str()),
            )
            .help("its commands depend on the archives and the engine at run time: use `stackc bash --action backup` (or `restore`)"),
        );
        return Err(diags);
    }
    // A value given for a parameter with `choices` must be one of them.
    for param in &plan.params {
        if param.choices.is_empty() {
            continue;
        }
        if let Some(value) = layout
            .param_values
            .get(&param.name)
            .filter(|v| !v.is_empty())
            && !param.choices.contains(value)
        {
            let shown = if param.secret {
                "the given value".to_owned()
            } else {
                format!("`{value}`")
            };
            diags.push(
                Diag::new(
                    "stackc::param-not-a-choice",
                    format!(
                        "parameter `{}`: {shown} is not one of its choices",
                        param.name
                    ),
                )
                .help(format!(
                    "give one of {}",
                    param
                        .choices
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut missing: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    // The build-input hash of each image built so far, by tag: an input of
    // the images built FROM it.
    let mut built: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for block in &plan.blocks {
        for op in &block.ops {
            let hash = match op {
                Op::RunContainer(spec) | Op::CreateContainer(spec) => {
                    let base = docker::create(spec, None);
                    let hash = hash::config_hash(spec, &base, &|name| plan.is_secret(name));
                    let values: Vec<String> = hash
                        .inputs
                        .iter()
                        .map(|input| match input {
                            hash::Input::Param(name) => {
                                param_value(name, plan, layout).unwrap_or_default()
                            }
                            hash::Input::ProjectDir => layout.project_dir.clone(),
                        })
                        .collect();
                    Some(docker::Identity {
                        hash: Word::lit(hash.finish(&values)),
                        fields: Word::lit(hash::config_fields(spec, &base)),
                        // Sealed by a script at run time only: unknown here.
                        secrets: (!hash.secrets.is_empty()).then(Word::default),
                    })
                }
                Op::BuildImage(spec) => {
                    let context = fix(&spec.context, plan, layout, &mut missing);
                    let mut inputs: Vec<String> = hash::build_inputs(spec)
                        .iter()
                        .map(|word| fix(word, plan, layout, &mut missing))
                        .collect();
                    inputs.extend(
                        spec.bases
                            .iter()
                            .map(|base| built.get(base).cloned().unwrap_or_default()),
                    );
                    let build_hash = hash::build_hash(std::path::Path::new(&context), &inputs);
                    if let Some(tag) = spec.tag.as_literal() {
                        built.insert(tag, build_hash.clone());
                    }
                    Some(docker::Identity {
                        hash: Word::lit(build_hash),
                        fields: Word::default(),
                        secrets: None,
                    })
                }
                _ => None,
            };
            // A parameter may complete an image reference; docker reads it
            // in a positional slot, where `-x` would be a flag.
            for image in docker::image_words(op) {
                if image.as_literal().is_some() {
                    continue;
                }
                let value = fix(image, plan, layout, &mut missing);
                if let Err(why) = stackc_ir::reference::check(&value) {
                    diags.push(
                        Diag::new(
                            "stackc::invalid-image",
                            format!(
                                "the image of `{}` is `{}` with the parameters' values, which is not an image reference ({why})",
                                block.path,
                                stackc_ir::text::shown(&value)
                            ),
                        )
                        .help("give the parameters values that make a reference such as `nginx:1.27` or `ghcr.io/owner/app:v1`"),
                    );
                }
            }
            for command in docker::commands(op, hash.as_ref()) {
                let argv = command
                    .argv
                    .iter()
                    .map(|word| fix(word, plan, layout, &mut missing))
                    .collect();
                out.push(argv);
            }
        }
    }
    if missing.is_empty() && diags.is_empty() {
        return Ok(out);
    }
    missing.sort_unstable();
    missing.dedup();
    for name in missing {
        diags.push(
            Diag::new(
                "stackc::param-without-value",
                format!("parameter `{name}` has no value and no default"),
            )
            .help(format!(
                "the argv backend fixes parameters at compile time: give one with `--set {name}=VALUE` or in the environment"
            )),
        );
    }
    Err(diags)
}

/// A parameter's value at compile time: given (non-empty), else its default.
fn param_value(name: &str, plan: &Plan, layout: &Layout) -> Option<String> {
    layout
        .param_values
        .get(name)
        .filter(|v| !v.is_empty())
        .cloned()
        .or_else(|| {
            plan.params
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.default.clone())
        })
}

fn fix<'a>(word: &Word, plan: &'a Plan, layout: &Layout, missing: &mut Vec<&'a str>) -> String {
    let mut out = String::new();
    for piece in &word.0 {
        let (value, escape) = match piece {
            Piece::Lit(text) => {
                out.push_str(text);
                continue;
            }
            Piece::ProjectDir { escape } => (layout.project_dir.clone(), *escape),
            Piece::Var(name) => {
                // Backend variables never reach the argv backend; keep the
                // name visible rather than dropping it silently.
                out.push_str(name);
                continue;
            }
            Piece::Param { name, escape } => {
                let value = param_value(name, plan, layout);
                let value = value.unwrap_or_else(|| {
                    if let Some(p) = plan.params.iter().find(|p| &p.name == name) {
                        missing.push(&p.name);
                    }
                    String::new()
                });
                (value, *escape)
            }
        };
        match escape {
            Escape::None => out.push_str(&value),
            Escape::Csv => out.push_str(&value.replace('"', "\"\"")),
            Escape::Sh => out.push_str(&quote::posix(&value)),
        }
    }
    out
}
