//! The `stackc` command line: reads stack.toml, runs the pipeline
//! (frontend → passes → backend) and writes the output, or reports every
//! problem with its location.
//!
//! Exit codes: 0 success; 1 the stack is invalid, or `--check` found a stale
//! output; 2 a usage or I/O error. Nothing is written when the exit code is
//! not 0.

mod args;
mod diff;
mod layout;
mod man;
mod output;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use stackc_backends::kube::Kube;
use stackc_driver::{Compilation, Request};
use stackc_ir::Target;
use stackc_ir::ast::Action;

use crate::args::{Cli, Command};
use crate::layout::Values;

/// Why the run failed.
enum Failure {
    /// The stack is invalid: diagnostics were printed (exit 1).
    Invalid,
    /// `--check` found a stale output (exit 1).
    Stale,
    /// A usage or I/O problem (exit 2).
    Usage(String),
    /// `stackc diff` found an invalid stack: diagnostics were printed (exit 2).
    Trouble,
}

/// mimalloc: a large stack's compile is mostly small allocations, made on
/// several threads, where glibc's malloc is 40 % slower
/// (docs/ARCHITECTURE.md, "Decisions worth knowing").
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid | Failure::Stale) => ExitCode::from(1),
        Err(Failure::Trouble) => ExitCode::from(2),
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
            return man::run(command.map(|page| page.0.0), dir.as_deref());
        }
        Command::Schema { out } => {
            return output::emit(&stackc_schema::to_json(), out, &output::Inputs::default());
        }
        command @ Command::Import { .. } => return import(command),
        command @ Command::Diff { .. } => return diff::run(command, &stack_args),
        _ => {}
    }
    let (paths, files) = read_stacks(&stack_args.file)?;
    let path = &paths[0];
    let name = files
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let fail = |diags| {
        report::print_files(&files, diags);
        Failure::Invalid
    };

    let texts: Vec<&str> = files.iter().map(|(_, text)| text.as_str()).collect();
    let compilation = Compilation::of_files(
        &texts,
        path.parent().unwrap_or(Path::new(".")),
        &stack_args.profiles,
    )
    .map_err(fail)?;
    let (whole, _) = compilation.whole();
    let inputs = output::Inputs::of(path, whole).and_files(&paths[1..]);

    let (request, out, layout_of) = match &cli.command {
        Command::Generate { check, .. } => return generate(&paths, &compilation, *check, &fail),
        Command::Check { .. } => {
            let (stack, _) = compilation.selected();
            output::stderr(&format!(
                "{}: ok ({}, {}, {}, {})\n",
                stackc_ir::text::shown(&name),
                count(stack.services.len(), "service"),
                count(stack.networks.len(), "network"),
                count(stack.volumes.len(), "volume"),
                count(stack.params.len(), "parameter"),
            ));
            unfreed(compilation);
            return Ok(());
        }
        command => match output_request(command) {
            Some(output) => output,
            // Answered above, before reading the stack.
            None => return Ok(()),
        },
    };
    let lowered = compilation
        .lower(&request)
        .map_err(|e| driver_failure(e, &fail))?;
    let layout = named(
        match layout_of {
            LayoutOf::Unused => stackc_backends::Layout::default(),
            LayoutOf::Output => layout::for_output(
                path,
                out.path.as_deref(),
                None,
                lowered.stack,
                Values::Defaults,
            )?,
            LayoutOf::Resolved {
                out: at_output,
                project_dir,
                set,
            } => layout::for_output(
                path,
                out.path.as_deref().filter(|_| at_output),
                project_dir,
                lowered.stack,
                Values::Given(set),
            )?,
        },
        &paths,
    );
    // `stackc kube -o DIR/` (or an existing directory): one file per object.
    if request.target == Target::Kube
        && let Some(dir) = out
            .path
            .as_ref()
            .filter(|p| p.as_os_str().to_string_lossy().ends_with('/') || p.is_dir())
    {
        let documents =
            stackc_driver::kube_documents(&lowered, &request.kube, &layout).map_err(fail)?;
        return kube_files(dir, out.check, &documents, &layout, &inputs);
    }
    let emitted = emit_output(&lowered, &request, &layout, out, &inputs, &fail);
    unfreed(lowered);
    unfreed(compilation);
    emitted
}

/// Write, print or check one output: bash's a block at a time as it is
/// made, argv's a chunk of commands at a time when they surely resolve,
/// the others (and argv's that may fail) once rendered whole.
fn emit_output(
    lowered: &stackc_driver::Lowered<'_>,
    request: &Request<'_>,
    layout: &stackc_backends::Layout,
    out: &args::Output,
    inputs: &output::Inputs,
    fail: &dyn Fn(stackc_ir::Diagnostics) -> Failure,
) -> Result<(), Failure> {
    if request.target == Target::Bash {
        return output::emit_streamed(
            &mut |w| stackc_driver::write_bash(lowered, layout, w),
            out,
            inputs,
        );
    }
    if request.target == Target::Argv && stackc_driver::argv_streams(lowered, layout) {
        return output::emit_streamed(
            &mut |w| stackc_driver::write_argv(lowered, request, layout, w),
            out,
            inputs,
        );
    }
    let text = stackc_driver::render_text(lowered, request, layout).map_err(fail)?;
    let emitted = output::emit_streamed(&mut |w| text.write_to(w), out, inputs);
    unfreed(text);
    emitted
}

/// Leave `value` to the end of the process, which is near: freeing a large
/// stack's model, plan and output a piece at a time takes a tenth of the
/// run, and the operating system reclaims the memory at once.
fn unfreed<T>(value: T) {
    std::mem::forget(value);
}

/// The output a command makes: what to render, where it goes, and how its
/// layout is found; `None` for the commands that make none from a stack.
fn output_request(command: &Command) -> Option<(Request<'_>, &args::Output, LayoutOf<'_>)> {
    match command {
        Command::Graph { format, out, .. } => Some((
            Request {
                format: Some(format.0),
                ..Request::new(Target::Graph)
            },
            out,
            LayoutOf::Unused,
        )),
        Command::Bash {
            action,
            service,
            out,
            ..
        } => Some((
            Request {
                action: action.0,
                service: service.as_deref(),
                ..Request::new(Target::Bash)
            },
            out,
            LayoutOf::Output,
        )),
        Command::Compose { out, .. } => {
            Some((Request::new(Target::Compose), out, LayoutOf::Output))
        }
        Command::Swarm {
            action,
            format,
            out,
            ..
        } => Some((
            Request {
                action: action.0,
                format: Some(format.0),
                ..Request::new(Target::Swarm)
            },
            out,
            LayoutOf::Output,
        )),
        Command::Kube {
            set,
            project_dir,
            storage_class,
            volume_size,
            bind_as,
            wait_image,
            out,
            ..
        } => Some((
            Request {
                kube: Kube {
                    storage_class: storage_class.clone(),
                    volume_size: volume_size.clone(),
                    bind_as: bind_as.map(Into::into),
                    wait_image: wait_image.clone(),
                },
                ..Request::new(Target::Kube)
            },
            out,
            // Parameters and host paths are resolved at compile time: the
            // output's place does not matter.
            LayoutOf::Resolved {
                out: false,
                project_dir: project_dir.as_deref(),
                set,
            },
        )),
        Command::Argv {
            action,
            service,
            format,
            set,
            project_dir,
            out,
            ..
        } => Some((
            Request {
                action: action.0,
                service: service.as_deref(),
                format: Some(format.0),
                ..Request::new(Target::Argv)
            },
            out,
            LayoutOf::Resolved {
                out: true,
                project_dir: project_dir.as_deref(),
                set,
            },
        )),
        Command::Completions { .. }
        | Command::Man { .. }
        | Command::Schema { .. }
        | Command::Import { .. }
        | Command::Generate { .. }
        | Command::Diff { .. }
        | Command::Check { .. } => None,
    }
}

/// How a command finds its output's layout.
enum LayoutOf<'a> {
    /// None: the output names no path and reads no parameter (graph).
    Unused,
    /// From where the output is written, with the parameters' defaults
    /// (bash, compose, graph: resolved when they run).
    Output,
    /// Resolved at compile time from `--set` and the environment (argv,
    /// kube); `out` says whether the output's place matters.
    Resolved {
        out: bool,
        project_dir: Option<&'a Path>,
        set: &'a [String],
    },
}

/// The driver's failure as the command line's.
fn driver_failure(
    error: stackc_driver::Error,
    fail: &dyn Fn(stackc_ir::Diagnostics) -> Failure,
) -> Failure {
    match error {
        stackc_driver::Error::Invalid(diags) => fail(diags),
        stackc_driver::Error::Usage(message) => Failure::Usage(message),
    }
}

/// `stackc kube -o DIR/`: each manifest in its own file of `dir`.
fn kube_files(
    dir: &Path,
    check: bool,
    documents: &[stackc_backends::kube::Document],
    layout: &stackc_backends::Layout,
    inputs: &output::Inputs,
) -> Result<(), Failure> {
    if !check {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
    }
    let header = stackc_backends::kube::header(&layout.source_name);
    let mut stale = false;
    for doc in documents {
        let file = args::Output {
            path: Some(dir.join(&doc.file_name)),
            check,
        };
        match output::emit(&format!("{header}{}", doc.yaml), &file, inputs) {
            Err(Failure::Stale) => stale = true,
            result => result?,
        }
    }
    if stale { Err(Failure::Stale) } else { Ok(()) }
}

/// `stackc generate`: render every `[outputs]` entry and check where each
/// lands (inside the stack's directory, not an input of the stack, not a
/// directory, no two on one file) before writing any; then write them all
/// to temporary files, and only then rename them into place. `--check`
/// compares instead.
fn generate(
    paths: &[PathBuf],
    compilation: &Compilation,
    check: bool,
    fail: &dyn Fn(stackc_ir::Diagnostics) -> Failure,
) -> Result<(), Failure> {
    let path = &paths[0];
    let (stack, _) = compilation.selected();
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
    let inputs = output::Inputs::of(path, compilation.whole().0).and_files(&paths[1..]);
    let mut diags = stackc_ir::Diagnostics::default();
    let mut rendered: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    for spec in stack.outputs.values() {
        let file = base.join(&spec.path.value);
        let target = match landing(&file, &root, &inputs) {
            Ok(target) => target,
            Err(why) => {
                diags.push(
                    output_diag(&spec.path, format!("`{}` {why}", spec.path.value), "not written")
                        .help("an output is a new or generated file inside the directory of stack.toml: pick another path"),
                );
                continue;
            }
        };
        if let Some((first, _, _)) = rendered.iter().find(|(_, t, _)| *t == target) {
            let first = first.strip_prefix(&base).unwrap_or(first).display();
            diags.push(
                output_diag(
                    &spec.path,
                    format!("`{}` is the same file as `{first}`", spec.path.value),
                    "written twice",
                )
                .help("list each file once in `[outputs]`"),
            );
            continue;
        }
        let request = Request {
            action: spec.action.as_ref().map_or(Action::Up, |a| a.value),
            format: spec.format.as_ref().map(|f| f.value),
            ..Request::new(spec.target.value)
        };
        let lowered = compilation
            .lower(&request)
            .map_err(|e| driver_failure(e, fail))?;
        if request.target == Target::Argv && stackc_backends::argv::holds_project_dir(&lowered.plan)
        {
            diags.push(
                output_diag(
                    &spec.target,
                    format!(
                        "`{}` would hold the absolute path of this checkout",
                        spec.path.value
                    ),
                    "argv fixes host paths when it runs",
                )
                .help("the stack mounts, reads or builds from paths relative to stack.toml, which argv writes as absolute paths: a committed file would differ on every other checkout. Run `stackc argv --project-dir DIR` where you deploy instead, or generate the `bash` target, which finds its directory when it runs"),
            );
            continue;
        }
        // Only the stack's defaults: a generated file is the same whoever
        // generates it.
        let layout = named(
            layout::for_output(path, Some(&file), None, lowered.stack, Values::Defaults)?,
            paths,
        );
        match stackc_driver::render(&lowered, &request, &layout) {
            Ok(text) => rendered.push((file, target, text)),
            Err(more) => diags.extend(more),
        }
    }
    if !diags.is_empty() {
        return Err(fail(diags));
    }
    write_all(rendered, check, &inputs)
}

/// `layout` with the stack's source named by every file of it, as
/// `stack.toml + prod.toml` for overlays.
fn named(mut layout: stackc_backends::Layout, paths: &[PathBuf]) -> stackc_backends::Layout {
    if paths.len() > 1 {
        layout.source_name = paths
            .iter()
            .map(|p| p.file_name().unwrap_or(p.as_os_str()).to_string_lossy())
            .collect::<Vec<_>>()
            .join(" + ");
    }
    layout
}

/// Compare each rendered file with its file (`check`), or write them all:
/// each aside first, so that a failure leaves nothing half done.
fn write_all(
    rendered: Vec<(PathBuf, PathBuf, String)>,
    check: bool,
    inputs: &output::Inputs,
) -> Result<(), Failure> {
    if check {
        let mut stale = false;
        for (file, _, text) in rendered {
            let out = args::Output {
                path: Some(file),
                check: true,
            };
            match output::emit(&text, &out, inputs) {
                Err(Failure::Stale) => stale = true,
                result => result?,
            }
        }
        return if stale { Err(Failure::Stale) } else { Ok(()) };
    }
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

/// A wrong `[outputs]` entry, at `at` (its path or its target).
fn output_diag<T>(
    at: &stackc_ir::stack::Spanned<T>,
    message: String,
    label: &str,
) -> stackc_ir::Diag {
    stackc_ir::Diag::new(stackc_frontend::Code::InvalidOutput, message).label(at.span, label)
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

/// `stackc import`: compose YAML (files merged in order, or stdin for `-`
/// or none) → stack.toml.
fn import(command: &Command) -> Result<(), Failure> {
    let Command::Import {
        compose,
        files,
        lossy,
        name,
        out,
    } = command
    else {
        return Ok(());
    };
    let (lossy, name) = (*lossy, name.as_deref());
    let given = compose
        .as_ref()
        .map_or(files.as_slice(), std::slice::from_ref);
    let stdin = given.is_empty() || given.iter().any(|p| p.as_os_str() == "-");
    let tops = if stdin {
        if given.len() > 1 {
            return Err(Failure::Usage(
                "standard input (`-`) is the only compose file when it is one".to_owned(),
            ));
        }
        let text = read_bounded(std::io::stdin().lock(), 0)
            .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
        let dir = std::env::current_dir().unwrap_or_default();
        vec![stackc_import::Top {
            name: "<stdin>".to_owned(),
            text,
            dir,
            path: None,
        }]
    } else {
        let mut tops = Vec::new();
        for path in given {
            let text = read_stack(path, "give the path of a compose file")?;
            // Compose resolves every path against the first file's directory.
            let dir = std::path::absolute(path)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            tops.push(stackc_import::Top {
                name: path.display().to_string(),
                text,
                dir,
                path: Some(path.clone()),
            });
        }
        tops
    };
    // Compose names the project after the first compose file's directory.
    let default_name = name.map_or_else(
        || {
            tops[0]
                .dir
                .file_name()
                .map(|n| stackc_import::project_name(&n.to_string_lossy()))
                .unwrap_or_default()
        },
        str::to_owned,
    );
    let display: Vec<&str> = tops.iter().map(|t| t.name.as_str()).collect();
    let options = stackc_import::Options {
        lossy,
        default_name,
        source_name: display.join(", "),
    };
    let (sources, result) = stackc_import::import_files(&tops, &options);
    let text = result.map_err(|diags| {
        report::print_files(&sources, diags);
        Failure::Invalid
    })?;
    output::emit(&text, out, &output::Inputs::default().and_files(given))
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
            if !before.file.is_empty() && !after.file.is_empty() {
                return Err(Failure::Usage(
                    "-f/--file is given both before and after the command; give every file on one side"
                        .to_owned(),
                ));
            }
            Ok(args::StackArgs {
                file: if after.file.is_empty() {
                    before.file.clone()
                } else {
                    after.file.clone()
                },
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

/// Files read: each with its name and text.
type Files = Vec<(String, String)>;

/// The stack files (`stack.toml` when none is given), each with its
/// name and text.
fn read_stacks(given: &[PathBuf]) -> Result<(Vec<PathBuf>, Files), Failure> {
    let paths = if given.is_empty() {
        vec![PathBuf::from("stack.toml")]
    } else {
        given.to_vec()
    };
    let files = paths
        .iter()
        .map(|file| {
            read_stack(file, "give another with --file")
                .map(|text| (file.display().to_string(), text))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((paths, files))
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
/// `reader`'s text, at most [`MAX_STACK_BYTES`]; `expected` bytes (the
/// file's size, when known) are allocated at once.
fn read_bounded(reader: impl std::io::Read, expected: u64) -> std::io::Result<String> {
    use std::io::Read as _;
    let expected = usize::try_from(expected.min(MAX_STACK_BYTES)).unwrap_or(0);
    // One more byte, so that reading the end needs no larger buffer.
    let mut bytes = Vec::with_capacity(expected + 1);
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
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file);
    if let Some(meta) = &meta
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
    let expected = meta.map_or(0, |meta| meta.len());
    let read = std::fs::File::open(path).and_then(|file| read_bounded(file, expected));
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
