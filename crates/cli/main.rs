//! The `stackc` command line: reads stack.toml, runs the pipeline
//! (frontend → passes → backend) and writes the output, or reports every
//! problem with its location.
//!
//! Exit codes: 0 success; 1 the stack is invalid, or `--check` found a stale
//! output; 2 a usage or I/O error. Nothing is written when the exit code is
//! not 0.

mod args;
mod layout;
mod output;
mod report;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use stackc_backends::argv::Argv;
use stackc_backends::bash::Bash;
use stackc_backends::compose::Compose;
use stackc_backends::kube::Kube;
use stackc_backends::{Backend, Input, Layout};
use stackc_ir::ast::Action;

use crate::args::{Cli, Command, GraphFormat};

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
            eprintln!("stackc: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    // Commands that do not read a stack.
    match &cli.command {
        Command::Completions { shell } => return completions(*shell),
        Command::Man => return man(),
        Command::Schema { out } => return output::emit(&stackc_schema::to_json(), out),
        Command::Import {
            compose,
            lossy,
            name,
            out,
        } => return import(compose, *lossy, name.as_deref(), out),
        _ => {}
    }
    let path = &cli.file;
    let source = read_stack(path)?;
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
    let has_profiles = whole.services.values().any(|s| !s.profiles.is_empty());
    let (stack, whole) = if cli.profiles.is_empty() && !has_profiles {
        (whole, None)
    } else {
        let selected = stackc_passes::profiles::select(&whole, &cli.profiles).map_err(fail)?;
        (selected, cli.profiles.is_empty().then_some(whole))
    };
    let analyzed = stackc_passes::analyze(&stack).map_err(fail)?;
    let whole = whole
        .map(|whole| stackc_passes::analyze(&whole).map(|analyzed| (whole, analyzed)))
        .transpose()
        .map_err(fail)?;
    let (compose_stack, compose_analyzed) = whole
        .as_ref()
        .map_or((&stack, &analyzed), |(stack, analyzed)| (stack, analyzed));

    let (text, out) = match &cli.command {
        // Answered above, before reading the stack.
        Command::Completions { .. }
        | Command::Man
        | Command::Schema { .. }
        | Command::Import { .. } => return Ok(()),
        Command::Generate { check } => {
            let targets = Targets {
                stack: &stack,
                analyzed: &analyzed,
                compose_stack,
                compose_analyzed,
            };
            return generate(path, &targets, *check, &fail);
        }
        Command::Check => {
            eprintln!(
                "{name}: ok ({}, {}, {}, {})",
                count(stack.services.len(), "service"),
                count(stack.networks.len(), "network"),
                count(stack.volumes.len(), "volume"),
                count(stack.params.len(), "parameter"),
            );
            return Ok(());
        }
        Command::Graph { format, out } => {
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
        } => {
            let layout = layout::for_output(path, out.path.as_deref(), None, &stack, &[])?;
            let plan = plan_of(&stack, &analyzed, (*action).into(), service.as_deref())?;
            let input = Input {
                stack: &stack,
                plan: &plan,
                layout: &layout,
            };
            (Bash.render(&input).map_err(fail)?, out)
        }
        Command::Compose { out } => {
            let (stack, analyzed) = (compose_stack, compose_analyzed);
            let layout = layout::for_output(path, out.path.as_deref(), None, stack, &[])?;
            let plan = stackc_passes::lower(stack, analyzed, Action::Up);
            let input = Input {
                stack,
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
        } => {
            // `-o DIR/` (or an existing directory): one file per object.
            let dir = out
                .path
                .as_ref()
                .filter(|p| p.as_os_str().to_string_lossy().ends_with('/') || p.is_dir());
            // Parameters and host paths are resolved at compile time: the
            // output's place does not matter.
            let layout = layout::for_output(path, None, project_dir.as_deref(), &stack, set)?;
            let plan = stackc_passes::lower(&stack, &analyzed, Action::Up);
            let input = Input {
                stack: &stack,
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
                return output::emit(&kube.render(&input).map_err(fail)?, out);
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
                match output::emit(&format!("{header}{}", doc.yaml), &file) {
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
        } => {
            let layout: Layout = layout::for_output(
                path,
                out.path.as_deref(),
                project_dir.as_deref(),
                &stack,
                set,
            )?;
            let plan = plan_of(&stack, &analyzed, (*action).into(), service.as_deref())?;
            let input = Input {
                stack: &stack,
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
    output::emit(&text, out)
}

/// The selected stack, and the one compose gets (the whole stack when no
/// `--profile` is given).
struct Targets<'a> {
    stack: &'a stackc_ir::Stack,
    analyzed: &'a stackc_passes::Analyzed,
    compose_stack: &'a stackc_ir::Stack,
    compose_analyzed: &'a stackc_passes::Analyzed,
}

/// `stackc generate`: render every `[outputs]` entry first, then write
/// them all (or check them all), so that an error writes nothing.
fn generate(
    path: &Path,
    targets: &Targets<'_>,
    check: bool,
    fail: &dyn Fn(stackc_ir::Diagnostics) -> Failure,
) -> Result<(), Failure> {
    let (stack, analyzed) = (targets.stack, targets.analyzed);
    if stack.outputs.is_empty() {
        return Err(Failure::Usage(format!(
            "{} has no [outputs] table: list the files to generate, e.g. `[outputs]` then `\"deploy/up.sh\" = {{ target = \"bash\", action = \"up\" }}`",
            path.display()
        )));
    }
    let base = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut rendered = Vec::new();
    for spec in stack.outputs.values() {
        let file = base.join(&spec.path.value);
        let action = spec
            .action
            .as_ref()
            .and_then(|a| Action::ALL.into_iter().find(|x| x.as_str() == a.value))
            .unwrap_or(Action::Up);
        let format = spec.format.as_ref().map_or("", |f| f.value.as_str());
        let (stack, analyzed) = if spec.target.value == "compose" {
            (targets.compose_stack, targets.compose_analyzed)
        } else {
            (stack, analyzed)
        };
        let layout = layout::for_output(path, Some(&file), None, stack, &[])?;
        let plan = stackc_passes::lower(stack, analyzed, action);
        let input = Input {
            stack,
            plan: &plan,
            layout: &layout,
        };
        let text = match spec.target.value.as_str() {
            "bash" => Bash.render(&input),
            "argv" => Argv {
                format: match format {
                    "shell" => stackc_backends::argv::Format::Shell,
                    "nul" => stackc_backends::argv::Format::Nul,
                    _ => stackc_backends::argv::Format::Json,
                },
            }
            .render(&input),
            "compose" => Compose.render(&input),
            _ => Ok(if format == "mermaid" {
                stackc_backends::graph::mermaid(&analyzed.graph)
            } else {
                stackc_backends::graph::dot(&stack.name.value, &analyzed.graph)
            }),
        }
        .map_err(fail)?;
        rendered.push((file, text));
    }
    let mut stale = false;
    for (file, text) in rendered {
        let out = args::Output {
            path: Some(file),
            check,
        };
        match output::emit(&text, &out) {
            Err(Failure::Stale) => stale = true,
            result => result?,
        }
    }
    if stale { Err(Failure::Stale) } else { Ok(()) }
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
    write_stdout(&out)
}

fn man() -> Result<(), Failure> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::Usage(format!("cannot render the manual page: {e}")))?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    std::io::stdout()
        .write_all(bytes)
        .map_err(|e| Failure::Usage(format!("cannot write to standard output: {e}")))
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
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
        (text, "<stdin>".to_owned())
    } else {
        (read_stack(compose)?, compose.display().to_string())
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
    output::emit(&text, out)
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

/// `1 service`, `2 services`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn read_stack(path: &Path) -> Result<String, Failure> {
    /// A stack file is a few kilobytes; anything past this is not one, and
    /// reading it would only cost memory.
    const MAX_STACK_BYTES: u64 = 8 * 1024 * 1024;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && meta.len() > MAX_STACK_BYTES
    {
        return Err(Failure::Usage(format!(
            "cannot read {}: it is {} bytes, more than a stack file may be ({} MiB)",
            path.display(),
            meta.len(),
            MAX_STACK_BYTES / 1024 / 1024
        )));
    }
    if path.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is a directory; give the stack file itself (e.g. {}/stack.toml)",
            path.display(),
            path.display()
        )));
    }
    // Bounded even when the size is unknown (a pipe, a device).
    let read = std::fs::File::open(path).and_then(|file| {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        file.take(MAX_STACK_BYTES + 1).read_to_end(&mut bytes)?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_STACK_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                format!(
                    "more than a stack file may be ({} MiB)",
                    MAX_STACK_BYTES / 1024 / 1024
                ),
            ));
        }
        String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    });
    read.map_err(|e| {
        Failure::Usage(match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "cannot read {}: no such file (give another with --file)",
                path.display()
            ),
            std::io::ErrorKind::InvalidData => {
                format!("cannot read {}: it is not UTF-8 text", path.display())
            }
            _ => format!("cannot read {}: {e}", path.display()),
        })
    })
}

impl From<args::ActionArg> for Action {
    fn from(action: args::ActionArg) -> Self {
        match action {
            args::ActionArg::Up => Action::Up,
            args::ActionArg::Down => Action::Down,
            args::ActionArg::Create => Action::Create,
            args::ActionArg::Start => Action::Start,
            args::ActionArg::Stop => Action::Stop,
            args::ActionArg::Restart => Action::Restart,
            args::ActionArg::Pull => Action::Pull,
            args::ActionArg::Build => Action::Build,
            args::ActionArg::Ps => Action::Ps,
            args::ActionArg::Purge => Action::Purge,
            args::ActionArg::Run => Action::Run,
            args::ActionArg::Backup => Action::Backup,
            args::ActionArg::Restore => Action::Restore,
        }
    }
}
