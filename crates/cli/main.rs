//! The `stackc` command line: reads stack.toml, runs the pipeline
//! (frontend → passes → backend) and writes the output, or reports every
//! problem with its location.
//!
//! Exit codes: 0 success; 1 the stack is invalid, or `--check` found a stale
//! output; 2 a usage or I/O error. Nothing is written when the exit code is
//! not 0.

mod args;
mod layout;
mod man;
mod output;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use stackc_backends::argv::Argv;
use stackc_backends::bash::Bash;
use stackc_backends::compose::Compose;
use stackc_backends::kube::Kube;
use stackc_backends::{Backend, Input, Layout};
use stackc_ir::ast::Action;

use crate::args::{Cli, Command, GraphFormat};
use crate::layout::Values;

/// Why the run failed.
enum Failure {
    /// The stack is invalid: diagnostics were printed (exit 1).
    Invalid,
    /// `--check` found a stale output (exit 1).
    Stale,
    /// A usage or I/O problem (exit 2).
    Usage(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid | Failure::Stale) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            // The message may quote the command line or a file name.
            output::stderr(&format!(
                "stackc: error: {}\n",
                stackc_ir::text::shown(&message)
            ));
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    let stack_args = stack_args(cli)?;
    // Commands that do not read a stack.
    match &cli.command {
        Command::Completions { shell } => return completions(*shell),
        Command::Man { command, dir } => {
            return man::run(command.map(|page| page.0), dir.as_deref());
        }
        Command::Schema { out } => {
            return output::emit(&stackc_schema::to_json(), out, &output::Inputs::default());
        }
        Command::Import {
            compose,
            lossy,
            name,
            out,
        } => return import(compose, *lossy, name.as_deref(), out),
        _ => {}
    }
    let path = stack_args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from("stack.toml"));
    let path = &path;
    let source = read_stack(path, "give another with --file")?;
    let name = path.display().to_string();
    let fail = |diags| {
        report::print(&name, &source, diags);
        Failure::Invalid
    };

    let whole = stackc_frontend::parse_file(&source, path.parent().unwrap_or(Path::new(".")))
        .map_err(fail)?;
    // `--profile`: the services every output compiles. Compose selects
    // profiles at run time, so without `--profile` it gets the whole stack.
    // A stack without profiles is its own selection: one copy, one analysis.
    // `down`, `stop` and `purge` act on every service, whatever profiles
    // are chosen: a profile's containers are the stack's.
    let has_profiles = whole.services.values().any(|s| !s.profiles.is_empty());
    let profiles = &stack_args.profiles;
    let (stack, whole) = if profiles.is_empty() && !has_profiles {
        (whole, None)
    } else {
        let selected = stackc_passes::profiles::select(&whole, profiles).map_err(fail)?;
        (selected, Some(whole))
    };
    let analyzed = stackc_passes::analyze(&stack).map_err(fail)?;
    let whole = whole
        .map(|whole| stackc_passes::analyze(&whole).map(|analyzed| (whole, analyzed)))
        .transpose()
        .map_err(fail)?;
    let (whole_stack, whole_analyzed) = whole
        .as_ref()
        .map_or((&stack, &analyzed), |(stack, analyzed)| (stack, analyzed));
    let (compose_stack, compose_analyzed) = if profiles.is_empty() {
        (whole_stack, whole_analyzed)
    } else {
        (&stack, &analyzed)
    };
    // The stack an action's script or argv acts on.
    let for_action = |action: Action| {
        if matches!(action, Action::Down | Action::Stop | Action::Purge) {
            (whole_stack, whole_analyzed)
        } else {
            (&stack, &analyzed)
        }
    };
    let inputs = output::Inputs::of(path, whole_stack);

    let (text, out) = match &cli.command {
        // Answered above, before reading the stack.
        Command::Completions { .. }
        | Command::Man { .. }
        | Command::Schema { .. }
        | Command::Import { .. } => return Ok(()),
        Command::Generate { check, .. } => {
            let targets = Targets {
                stack: &stack,
                analyzed: &analyzed,
                whole_stack,
                whole_analyzed,
                compose_stack,
                compose_analyzed,
            };
            return generate(path, &targets, *check, &fail);
        }
        Command::Check { .. } => {
            output::stderr(&format!(
                "{}: ok ({}, {}, {}, {})\n",
                stackc_ir::text::shown(&name),
                count(stack.services.len(), "service"),
                count(stack.networks.len(), "network"),
                count(stack.volumes.len(), "volume"),
                count(stack.params.len(), "parameter"),
            ));
            return Ok(());
        }
        Command::Graph { format, out, .. } => {
            let text = match format {
                GraphFormat::Dot => stackc_backends::graph::dot(&stack.name.value, &analyzed.graph),
                GraphFormat::Mermaid => stackc_backends::graph::mermaid(&analyzed.graph),
            };
            (text, out)
        }
        Command::Bash {
            action,
            service,
            out,
            ..
        } => {
            let (stack, analyzed) = for_action(action.0);
            let layout =
                layout::for_output(path, out.path.as_deref(), None, stack, Values::Defaults)?;
            let plan = plan_of(stack, analyzed, action.0, service.as_deref())?;
            let input = Input {
                stack,
                analyzed,
                plan: &plan,
                layout: &layout,
            };
            (Bash.render(&input).map_err(fail)?, out)
        }
        Command::Compose { out, .. } => {
            let (stack, analyzed) = (compose_stack, compose_analyzed);
            let layout =
                layout::for_output(path, out.path.as_deref(), None, stack, Values::Defaults)?;
            let plan = stackc_passes::lower(stack, analyzed, Action::Up);
            let input = Input {
                stack,
                analyzed,
                plan: &plan,
                layout: &layout,
            };
            (Compose.render(&input).map_err(fail)?, out)
        }
        Command::Kube {
            set,
            project_dir,
            storage_class,
            volume_size,
            bind_as,
            wait_image,
            out,
            ..
        } => {
            // `-o DIR/` (or an existing directory): one file per object.
            let dir = out
                .path
                .as_ref()
                .filter(|p| p.as_os_str().to_string_lossy().ends_with('/') || p.is_dir());
            // Parameters and host paths are resolved at compile time: the
            // output's place does not matter.
            let layout = layout::for_output(
                path,
                None,
                project_dir.as_deref(),
                &stack,
                Values::Given(set),
            )?;
            let plan = stackc_passes::lower(&stack, &analyzed, Action::Up);
            let input = Input {
                stack: &stack,
                analyzed: &analyzed,
                plan: &plan,
                layout: &layout,
            };
            let kube = Kube {
                storage_class: storage_class.clone(),
                volume_size: volume_size.clone(),
                bind_as: bind_as.map(Into::into),
                wait_image: wait_image.clone(),
            };
            let Some(dir) = dir else {
                return output::emit(&kube.render(&input).map_err(fail)?, out, &inputs);
            };
            let documents = kube.documents(&input).map_err(fail)?;
            if !out.check {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
            }
            let header = stackc_backends::kube::header(&layout.source_name);
            let mut stale = false;
            for doc in documents {
                let file = args::Output {
                    path: Some(dir.join(&doc.file_name)),
                    check: out.check,
                };
                match output::emit(&format!("{header}{}", doc.yaml), &file, &inputs) {
                    Err(Failure::Stale) => stale = true,
                    result => result?,
                }
            }
            return if stale { Err(Failure::Stale) } else { Ok(()) };
        }
        Command::Argv {
            action,
            service,
            format,
            set,
            project_dir,
            out,
            ..
        } => {
            let (stack, analyzed) = for_action(action.0);
            let layout: Layout = layout::for_output(
                path,
                out.path.as_deref(),
                project_dir.as_deref(),
                stack,
                Values::Given(set),
            )?;
            let plan = plan_of(stack, analyzed, action.0, service.as_deref())?;
            let input = Input {
                stack,
                analyzed,
                plan: &plan,
                layout: &layout,
            };
            let text = Argv {
                format: (*format).into(),
            }
            .render(&input)
            .map_err(fail)?;
            (text, out)
        }
    };
    output::emit(&text, out, &inputs)
}

/// The selected stack, the whole stack (`down`, `stop` and `purge` act on
/// it), and the one compose gets (the whole stack when no `--profile` is
/// given).
struct Targets<'a> {
    stack: &'a stackc_ir::Stack,
    analyzed: &'a stackc_passes::Analyzed,
    whole_stack: &'a stackc_ir::Stack,
    whole_analyzed: &'a stackc_passes::Analyzed,
    compose_stack: &'a stackc_ir::Stack,
    compose_analyzed: &'a stackc_passes::Analyzed,
}

/// `stackc generate`: render every `[outputs]` entry and check where each
/// lands (inside the stack's directory, not an input of the stack, not a
/// directory, no two on one file) before writing any; then write them all
/// to temporary files, and only then rename them into place. `--check`
/// compares instead.
fn generate(
    path: &Path,
    targets: &Targets<'_>,
    check: bool,
    fail: &dyn Fn(stackc_ir::Diagnostics) -> Failure,
) -> Result<(), Failure> {
    use stackc_ir::Target;
    let (stack, analyzed) = (targets.stack, targets.analyzed);
    if stack.outputs.is_empty() {
        return Err(Failure::Usage(format!(
            "{} has no [outputs] table: list the files to generate, e.g. `[outputs]` then `\"deploy/up.sh\" = {{ target = \"bash\", action = \"up\" }}`",
            stackc_ir::text::shown(&path.display().to_string())
        )));
    }
    let base = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root = layout::canonical_dir(Some(&base))?;
    let inputs = output::Inputs::of(path, targets.compose_stack);
    let mut diags = stackc_ir::Diagnostics::default();
    let mut rendered: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    for spec in stack.outputs.values() {
        let file = base.join(&spec.path.value);
        let target = match landing(&file, &root, &inputs) {
            Ok(target) => target,
            Err(why) => {
                diags.push(
                    stackc_ir::Diag::new(
                        "stackc::invalid-output",
                        format!("`{}` {why}", spec.path.value),
                    )
                    .label(spec.path.span, "not written")
                    .help("an output is a new or generated file inside the directory of stack.toml: pick another path"),
                );
                continue;
            }
        };
        if let Some((first, _, _)) = rendered.iter().find(|(_, t, _)| *t == target) {
            diags.push(
                stackc_ir::Diag::new(
                    "stackc::invalid-output",
                    format!(
                        "`{}` is the same file as `{}`",
                        spec.path.value,
                        first.strip_prefix(&base).unwrap_or(first).display()
                    ),
                )
                .label(spec.path.span, "written twice")
                .help("list each file once in `[outputs]`"),
            );
            continue;
        }
        let action = spec.action.as_ref().map_or(Action::Up, |a| a.value);
        let format = spec.format.as_ref().map_or("", |f| f.value.as_str());
        let (stack, analyzed) = if spec.target.value == Target::Compose {
            (targets.compose_stack, targets.compose_analyzed)
        } else if matches!(action, Action::Down | Action::Stop | Action::Purge) {
            (targets.whole_stack, targets.whole_analyzed)
        } else {
            (stack, analyzed)
        };
        // Only the stack's defaults: a generated file is the same whoever
        // generates it.
        let layout = layout::for_output(path, Some(&file), None, stack, Values::Defaults)?;
        let plan = stackc_passes::lower(stack, analyzed, action);
        if spec.target.value == Target::Argv && stackc_backends::argv::holds_project_dir(&plan) {
            diags.push(
                stackc_ir::Diag::new(
                    "stackc::invalid-output",
                    format!(
                        "`{}` would hold the absolute path of this checkout",
                        spec.path.value
                    ),
                )
                .label(spec.target.span, "argv fixes host paths when it runs")
                .help("the stack mounts, reads or builds from paths relative to stack.toml, which argv writes as absolute paths: a committed file would differ on every other checkout. Run `stackc argv --project-dir DIR` where you deploy instead, or generate the `bash` target, which finds its directory when it runs"),
            );
            continue;
        }
        let input = Input {
            stack,
            analyzed,
            plan: &plan,
            layout: &layout,
        };
        let text = match spec.target.value {
            Target::Bash => Bash.render(&input),
            Target::Argv => Argv {
                format: match format {
                    "shell" => stackc_backends::argv::Format::Shell,
                    "nul" => stackc_backends::argv::Format::Nul,
                    _ => stackc_backends::argv::Format::Json,
                },
            }
            .render(&input),
            Target::Compose => Compose.render(&input),
            Target::Kube => Kube::default().render(&input),
            Target::Graph => Ok(if format == "mermaid" {
                stackc_backends::graph::mermaid(&analyzed.graph)
            } else {
                stackc_backends::graph::dot(&stack.name.value, &analyzed.graph)
            }),
        };
        match text {
            Ok(text) => rendered.push((file, target, text)),
            Err(more) => diags.extend(more),
        }
    }
    if !diags.is_empty() {
        return Err(fail(diags));
    }
    if check {
        let mut stale = false;
        for (file, _, text) in rendered {
            let out = args::Output {
                path: Some(file),
                check: true,
            };
            match output::emit(&text, &out, &inputs) {
                Err(Failure::Stale) => stale = true,
                result => result?,
            }
        }
        return if stale { Err(Failure::Stale) } else { Ok(()) };
    }
    // Every file written aside first: a failure leaves nothing half done.
    let mut staged = Vec::new();
    for (_, target, text) in &rendered {
        match output::Staged::new(target, text) {
            Ok(one) => staged.extend(one),
            Err(failure) => {
                staged.into_iter().for_each(output::Staged::discard);
                return Err(failure);
            }
        }
    }
    staged.into_iter().try_for_each(output::Staged::commit)
}

/// Where an output file lands once symlinks are followed, if that is a
/// file it may write: inside `root` (canonical), not an input of the
/// stack, not a directory; else why not.
fn landing(file: &Path, root: &Path, inputs: &output::Inputs) -> Result<PathBuf, &'static str> {
    let target = match file.canonicalize() {
        Ok(target) => target,
        Err(_) => {
            let dir = layout::canonical_dir_maybe_missing(file.parent())
                .map_err(|_| "cannot be resolved")?;
            dir.join(file.file_name().ok_or("is not a file name")?)
        }
    };
    if !target.starts_with(root) {
        return Err("leads outside the directory of stack.toml (through a symlink)");
    }
    if target.is_dir() {
        return Err("is a directory");
    }
    if inputs.contains(&target) {
        return Err(
            "is an input of the stack (the stack file, an env file, a Dockerfile or a mounted file)",
        );
    }
    Ok(target)
}

fn completions(shell: args::Shell) -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = Vec::new();
    let shell = match shell {
        args::Shell::Bash => clap_complete::Shell::Bash,
        args::Shell::Zsh => clap_complete::Shell::Zsh,
        args::Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut command, "stackc", &mut out);
    output::stdout(&out)
}

/// `stackc import`: compose YAML (a file, or stdin for `-`) → stack.toml.
fn import(
    compose: &Path,
    lossy: bool,
    name: Option<&str>,
    out: &args::Output,
) -> Result<(), Failure> {
    let stdin = compose.as_os_str() == "-";
    let (source, display) = if stdin {
        let text = read_bounded(std::io::stdin().lock())
            .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
        (text, "<stdin>".to_owned())
    } else {
        (
            read_stack(compose, "give the path of a compose file")?,
            compose.display().to_string(),
        )
    };
    // Compose names the project after the compose file's directory.
    let dir = if stdin {
        std::env::current_dir().ok()
    } else {
        std::path::absolute(compose)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
    };
    let default_name = name.map_or_else(
        || {
            dir.as_deref()
                .and_then(Path::file_name)
                .map(|n| stackc_import::project_name(&n.to_string_lossy()))
                .unwrap_or_default()
        },
        str::to_owned,
    );
    let options = stackc_import::Options {
        lossy,
        default_name,
        source_name: display.clone(),
    };
    let text = stackc_import::import(&source, &options).map_err(|diags| {
        report::print(&display, &source, diags);
        Failure::Invalid
    })?;
    let inputs = if stdin {
        output::Inputs::default()
    } else {
        output::Inputs::file(compose)
    };
    output::emit(&text, out, &inputs)
}

/// The plan of an action; `run` needs `--service`, the others refuse it.
fn plan_of(
    stack: &stackc_ir::Stack,
    analyzed: &stackc_passes::Analyzed,
    action: Action,
    service: Option<&str>,
) -> Result<stackc_ir::ast::Plan, Failure> {
    match (action, service) {
        (Action::Run, Some(name)) => {
            if stack.services.contains_key(name) {
                Ok(stackc_passes::lower_run(stack, analyzed, name))
            } else {
                let names: Vec<&str> = stack.services.keys().map(String::as_str).collect();
                Err(Failure::Usage(format!(
                    "--service {name}: the stack has no such service (services: {})",
                    names.join(", ")
                )))
            }
        }
        (Action::Run, None) => Err(Failure::Usage(
            "--action run needs --service NAME: the service to run".to_owned(),
        )),
        (_, Some(_)) => Err(Failure::Usage(
            "--service goes with --action run only".to_owned(),
        )),
        (action, None) => Ok(stackc_passes::lower(stack, analyzed, action)),
    }
}

/// The stack options: given before the command or after it, not both;
/// refused for a command that reads no stack.
fn stack_args(cli: &Cli) -> Result<args::StackArgs, Failure> {
    let before = &cli.stack;
    match cli.command.stack() {
        None if !before.is_empty() => Err(Failure::Usage(format!(
            "`{}` reads no stack file: -f/--file and --profile do not apply to it",
            cli.command.name()
        ))),
        None => Ok(args::StackArgs::default()),
        Some(after) => {
            if before.file.is_some() && after.file.is_some() {
                return Err(Failure::Usage(
                    "-f/--file is given twice (before and after the command); give it once"
                        .to_owned(),
                ));
            }
            Ok(args::StackArgs {
                file: after.file.clone().or_else(|| before.file.clone()),
                profiles: before
                    .profiles
                    .iter()
                    .chain(&after.profiles)
                    .cloned()
                    .collect(),
            })
        }
    }
}

/// `1 service`, `2 services`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A stack file is a few kilobytes; anything past this is not one, and
/// reading it would only cost memory.
const MAX_STACK_BYTES: u64 = 8 * 1024 * 1024;

/// At most [`MAX_STACK_BYTES`] of UTF-8 text from `reader`.
fn read_bounded(reader: impl std::io::Read) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader.take(MAX_STACK_BYTES + 1).read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_STACK_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "more than a stack file may be ({} MiB)",
                MAX_STACK_BYTES / 1024 / 1024
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Read a stack (or compose) file: bounded, UTF-8; `hint` says what to
/// do when it is missing.
fn read_stack(path: &Path, hint: &str) -> Result<String, Failure> {
    let shown = stackc_ir::text::shown(&path.display().to_string());
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > MAX_STACK_BYTES
    {
        return Err(Failure::Usage(format!(
            "cannot read {shown}: it is {} bytes, more than a stack file may be ({} MiB)",
            meta.len(),
            MAX_STACK_BYTES / 1024 / 1024
        )));
    }
    if path.is_dir() {
        return Err(Failure::Usage(format!(
            "{shown} is a directory; give the file itself (e.g. {shown}/stack.toml)"
        )));
    }
    // Bounded even when the size is unknown (a pipe, a device).
    let read = std::fs::File::open(path).and_then(read_bounded);
    read.map_err(|e| {
        Failure::Usage(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("cannot read {shown}: no such file ({hint})")
            }
            std::io::ErrorKind::InvalidData => {
                format!("cannot read {shown}: it is not UTF-8 text")
            }
            _ => format!("cannot read {shown}: {e}"),
        })
    })
}
