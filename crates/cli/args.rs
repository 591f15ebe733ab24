//! Command-line arguments.
//!
//! Each command offers only the options that mean something to it: the
//! stack options (`-f`, `--profile`) go with the commands that read a
//! stack, `--action` offers the actions the command can write. They may be
//! given before the command too (`stackc -f deploy/stack.toml check`).
//! Every command's examples live in [`examples`], for `--help` and for the
//! manual pages alike.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use stackc_ir::ast::Action;
use stackc_ir::target::{Format, Target};

/// Compile a stack.toml into a reviewable bash script, docker argv lists,
/// compose YAML or Kubernetes manifests.
#[derive(Debug, Parser)]
#[command(
    name = "stackc",
    version,
    about,
    after_help = after_help("stackc"),
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(flatten)]
    pub stack: StackArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The stack a command reads: `-f` and `--profile`.
#[derive(Clone, Debug, Default, Args)]
pub struct StackArgs {
    /// The stack file [default: stack.toml] (for the commands that read a
    /// stack). Repeat it to merge overlays: each later file adds to or
    /// overrides the earlier ones (docs/format.md, "Overlays").
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub file: Vec<PathBuf>,

    /// Compile the services of this profile too (repeatable): a service
    /// without `profiles` is always in, one with `profiles` only when one of
    /// them is chosen. Without it, `compose` writes the whole stack with
    /// compose's `profiles:`.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
}

impl StackArgs {
    pub fn is_empty(&self) -> bool {
        self.file.is_empty() && self.profiles.is_empty()
    }
}

/// The one-line description of each command, as `--help` shows it.
pub const COMMANDS: &[(&str, &str)] = &[
    ("check", "Validate the stack; print diagnostics on stderr"),
    (
        "bash",
        "Generate a bash script that runs an action with the docker CLI",
    ),
    (
        "argv",
        "Print the docker commands of an action, one per line, as data",
    ),
    ("compose", "Generate a compose file for Docker Compose v2"),
    ("kube", "Generate Kubernetes manifests"),
    (
        "swarm",
        "Generate a bash script that deploys the stack to Docker Swarm",
    ),
    (
        "graph",
        "Print the resource graph (services, images, networks, volumes) as DOT or mermaid",
    ),
    (
        "generate",
        "Write every file listed in the stack's `[outputs]` table",
    ),
    (
        "diff",
        "Say what applying a new version of the stack would do, without an engine",
    ),
    ("import", "Convert a compose file into a stack.toml"),
    ("schema", "Print the JSON Schema of stack.toml for editors"),
    ("completions", "Print a shell completion script"),
    ("man", "Print or install the manual pages"),
];

/// Examples of a command, `(command line, what it does)`: shown after
/// `--help` and in the EXAMPLES section of the manual pages.
type Examples = &'static [(&'static str, &'static str)];

/// The examples of each command, `stackc` itself first.
const EXAMPLES: &[(&str, Examples)] = &[
    (
        "stackc",
        &[
            ("stackc check", "validate ./stack.toml"),
            ("stackc bash -o up.sh", "the idempotent script to commit"),
            ("stackc bash --action down -o down.sh", "its counterpart"),
            (
                "stackc argv | jq -r '.[1]'",
                "one JSON array per docker command",
            ),
            (
                "stackc compose -o compose.yaml",
                "the same stack for docker compose",
            ),
            ("stackc kube -o k8s.yaml", "Kubernetes manifests"),
            (
                "stackc bash --profile dev -o up-dev.sh",
                "also the services of the profile `dev`",
            ),
            (
                "stackc bash -o up.sh --check",
                "CI: exit 1 and print a diff if up.sh is stale",
            ),
            ("stackc graph | dot -Tsvg > stack.svg", "draw the stack"),
        ],
    ),
    (
        "check",
        &[
            ("stackc check", "validate ./stack.toml"),
            (
                "stackc check -f deploy/stack.toml",
                "validate another stack file",
            ),
            (
                "stackc check -f stack.toml -f prod.toml",
                "validate stack.toml with the overlay prod.toml",
            ),
        ],
    ),
    (
        "bash",
        &[
            (
                "stackc bash -o up.sh",
                "the script that brings the stack up",
            ),
            (
                "stackc bash --action down -o down.sh",
                "the one that takes it down",
            ),
            (
                "stackc bash --action run --service migrate -o migrate.sh",
                "run one service once",
            ),
            ("stackc bash -o up.sh --check", "CI: is up.sh current?"),
            (
                "stackc bash -f stack.toml -f prod.toml -o up-prod.sh",
                "with an overlay merged in",
            ),
        ],
    ),
    (
        "argv",
        &[
            ("stackc argv | jq -r '.[1]'", "each command's subcommand"),
            (
                "stackc argv --format shell --set TAG=1.2",
                "one quoted command per line",
            ),
            (
                "stackc argv --format nul --action down",
                "NUL-framed, for xargs-like consumers",
            ),
        ],
    ),
    (
        "compose",
        &[
            ("stackc compose -o compose.yaml", "write the compose file"),
            (
                "stackc compose -f stack.toml -f prod.toml -o compose.yaml",
                "stack.toml with what prod.toml adds or overrides",
            ),
            (
                "stackc compose -o compose.yaml --check",
                "CI: is compose.yaml current?",
            ),
        ],
    ),
    (
        "kube",
        &[
            ("stackc kube -o k8s.yaml", "one multi-document file"),
            (
                "stackc kube -o k8s/ --set APP_TAG=1.5.0",
                "one file per object",
            ),
            (
                "stackc kube --storage-class fast --volume-size 10Gi --bind-as config-map",
                "choose storage and bind mounts",
            ),
        ],
    ),
    (
        "swarm",
        &[
            (
                "stackc swarm -o deploy.sh",
                "the script that deploys the stack to the swarm",
            ),
            (
                "stackc swarm --action down -o undeploy.sh",
                "the one that removes it (volumes stay)",
            ),
            (
                "stackc swarm --format yaml",
                "the stack file alone, for `docker stack deploy -c`",
            ),
        ],
    ),
    (
        "graph",
        &[
            (
                "stackc graph | dot -Tsvg > stack.svg",
                "draw it with graphviz",
            ),
            ("stackc graph --format mermaid", "for a Markdown page"),
        ],
    ),
    (
        "generate",
        &[
            ("stackc generate", "write every file of [outputs]"),
            (
                "stackc generate -f stack.toml -f prod.toml",
                "the [outputs] of the merged stack",
            ),
            (
                "stackc generate --check",
                "CI, pre-commit: exit 1 and a diff if a file is stale",
            ),
        ],
    ),
    (
        "diff",
        &[
            ("stackc diff", "what the uncommitted changes would do"),
            (
                "stackc diff --base origin/main --format markdown",
                "a pull-request comment",
            ),
            (
                "stackc diff --base old.toml --set TAG=1.4",
                "against another file, TAG=1.4 on both sides",
            ),
        ],
    ),
    (
        "import",
        &[
            (
                "stackc import compose.yaml > stack.toml",
                "convert a compose file",
            ),
            (
                "stackc import compose.yaml -o stack.toml --lossy",
                "leave out what stackc cannot express, with a comment",
            ),
            (
                "cat compose.yaml | stackc import - --name webapp",
                "from standard input",
            ),
            (
                "stackc import -f compose.yaml -f compose.override.yaml",
                "two compose files merged as compose merges them",
            ),
        ],
    ),
    (
        "schema",
        &[
            ("stackc schema -o stack.schema.json", "for the editor"),
            (
                "stackc schema -o stack.schema.json --check",
                "CI: is it current?",
            ),
        ],
    ),
    (
        "completions",
        &[
            (
                "stackc completions bash > /etc/bash_completion.d/stackc",
                "bash",
            ),
            ("stackc completions zsh > \"${fpath[1]}/_stackc\"", "zsh"),
            (
                "stackc completions fish > ~/.config/fish/completions/stackc.fish",
                "fish",
            ),
        ],
    ),
    (
        "man",
        &[
            ("stackc man | man -l -", "read stackc(1)"),
            ("stackc man bash | man -l -", "read stackc-bash(1)"),
            (
                "stackc man --dir ~/.local/share/man/man1",
                "install every page",
            ),
        ],
    ),
];

pub fn examples(command: &str) -> Examples {
    EXAMPLES
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[], |(_, examples)| examples)
}

/// What the exit status means, for `--help` and the manual pages.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "success (for diff: no change)"),
    (
        "1",
        "the stack (or the compose file) is invalid, --check found a stale output, or diff found a change",
    ),
    (
        "2",
        "a usage or I/O error (for diff: also an invalid stack)",
    ),
];

/// The `--help` epilogue of a command: its examples and the exit status.
fn after_help(command: &str) -> String {
    let examples = examples(command);
    let width = examples.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut out = String::from("Examples:\n");
    for (line, what) in examples {
        out.push_str(&format!("  {line:<width$}  {what}\n"));
    }
    out.push_str("\nExit status:");
    for (code, meaning) in EXIT_STATUS {
        out.push_str(&format!("\n  {code}  {meaning}"));
    }
    out
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the stack; print diagnostics on stderr.
    ///
    /// Every problem is reported at once, each with its file, line and
    /// column, a label on the offending text and a help line. Nothing is
    /// written.
    #[command(after_help = after_help("check"))]
    Check {
        #[command(flatten)]
        stack: StackArgs,
    },
    /// Generate a bash script that runs an action with the docker CLI.
    ///
    /// The script is meant to be committed and reviewed: one docker argument
    /// per line, every value quoted, idempotent (run twice, the second run
    /// changes nothing). It reads the stack's parameters from `--param`,
    /// its environment, a `.env` beside it or their defaults; run it with
    /// `--help` to see them.
    #[command(after_help = after_help("bash"))]
    Bash {
        /// What the script does.
        #[arg(long, value_name = "ACTION", default_value = "up")]
        action: BashAction,
        /// The service `--action run` runs.
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Print the docker commands of an action, one per line, as data.
    ///
    /// The same commands the bash script runs against an empty engine (for
    /// `down`, a running stack), with every parameter fixed now: from
    /// `--set`, else the environment, else its default. A secret is never
    /// printed: its variable is passed as a bare `--env=KEY`, for the
    /// consumer to put in docker's environment.
    #[command(after_help = after_help("argv"))]
    Argv {
        /// The action whose docker commands to print.
        #[arg(long, value_name = "ACTION", default_value = "up")]
        action: ArgvAction,
        /// The service `--action run` runs.
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        /// How each command is framed.
        #[arg(long, value_name = "FORMAT", default_value = "json")]
        format: ArgvFormat,
        /// Give a parameter its value (overrides the environment).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Resolve relative host paths against this directory instead of
        /// the stack file's.
        #[arg(long, value_name = "DIR")]
        project_dir: Option<PathBuf>,
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Generate a compose file for Docker Compose v2.
    ///
    /// Parameters become compose interpolation (`${NAME:-default}`), so the
    /// file is as portable as the stack. Without `--profile` the whole stack
    /// is written, with compose's `profiles:`.
    #[command(after_help = after_help("compose"))]
    Compose {
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Generate Kubernetes manifests.
    ///
    /// One multi-document YAML file, or one file per object with
    /// `-o DIR/`. Parameters are fixed when stackc runs.
    #[command(after_help = after_help("kube"))]
    Kube {
        /// Give a parameter its value (overrides the environment).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Resolve relative host paths against this directory instead of
        /// the stack file's.
        #[arg(long, value_name = "DIR")]
        project_dir: Option<PathBuf>,
        /// The storage class of every persistent volume claim (default: the
        /// cluster's default class).
        #[arg(long, value_name = "NAME")]
        storage_class: Option<String>,
        /// The storage request of every persistent volume claim.
        #[arg(long, value_name = "SIZE", default_value = "1Gi")]
        volume_size: String,
        /// What bind mounts become (without it, a bind mount is an error).
        #[arg(long, value_enum, value_name = "KIND")]
        bind_as: Option<BindAsArg>,
        /// The image (with kubectl) of the init containers that wait for
        /// `healthy` and `completed` dependencies.
        #[arg(long, value_name = "IMAGE", default_value = stackc_backends::kube::DEFAULT_WAIT_IMAGE)]
        wait_image: String,
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Generate a bash script that deploys the stack to Docker Swarm.
    ///
    /// The script creates the stack's secrets and configs as swarm objects
    /// (their content on standard input only), builds its images on a
    /// single-node swarm, and deploys each service with `docker stack
    /// deploy` in dependency order, waiting until it converges; an update
    /// rolls, start-first, and rolls back when it fails. It reads the
    /// parameters as `stackc bash` scripts do; docs/swarm.md has the
    /// mapping.
    #[command(after_help = after_help("swarm"))]
    Swarm {
        /// What the script does.
        #[arg(long, value_name = "ACTION", default_value = "up")]
        action: SwarmAction,
        /// The script, or the stack file alone.
        #[arg(long, value_name = "FORMAT", default_value = "script")]
        format: SwarmFormat,
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Print the resource graph (services, images, networks, volumes) as DOT
    /// or mermaid.
    ///
    /// Edges say how the resources depend on each other: a dependency with
    /// its condition, a network joined, a volume mounted, an image run.
    #[command(after_help = after_help("graph"))]
    Graph {
        /// The graph language.
        #[arg(long, value_name = "FORMAT", default_value = "dot")]
        format: GraphFormat,
        #[command(flatten)]
        stack: StackArgs,
        #[command(flatten)]
        out: Output,
    },
    /// Write every file listed in the stack's `[outputs]` table.
    ///
    /// Every output is rendered and checked before any is written: an
    /// error writes nothing.
    #[command(after_help = after_help("generate"))]
    Generate {
        /// Write nothing; exit 1 and print a unified diff for every file that
        /// is missing or differs from what would be generated.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        stack: StackArgs,
    },
    /// Say what applying a new version of the stack would do, without an
    /// engine.
    ///
    /// Compares the stack (-f) with an old version (--base) and prints, per
    /// resource, what `up` of the new version would do to an engine running
    /// the old one: create, recreate (naming the changed fields, as
    /// `up.sh --plan` does), run again, rebuild, remove or keep; then the
    /// parameters and profiles that changed and what needs a human.
    /// Parameters take their defaults unless given with --set (the
    /// environment is not read).
    #[command(after_help = after_help("diff"))]
    Diff {
        /// The old version: a stack file (it replaces the first -f file; its
        /// relative paths are read from the stack's directory), or else a git
        /// revision, at which each -f file and the files it reads are read.
        #[arg(long, value_name = "FILE|REV", default_value = "HEAD")]
        base: String,
        /// How the changes are written.
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: DiffFormat,
        /// Give a parameter this value in both versions (else each takes
        /// its default).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        #[command(flatten)]
        stack: StackArgs,
    },
    /// Convert a compose file into a stack.toml.
    ///
    /// Several files (`-f a.yml -f b.yml`) are merged as compose merges
    /// them; `include:` and `extends:` are resolved. Compose interpolation
    /// becomes `[params]`; whatever stack.toml cannot
    /// express is an error naming the key, its line and column (or, with
    /// `--lossy`, a comment in its place). The result is checked as
    /// `stackc check` would. Reads no stack file.
    #[command(after_help = after_help("import"))]
    Import {
        /// The compose file; `-` (the default) reads standard input.
        #[arg(value_name = "COMPOSE_FILE", conflicts_with = "files")]
        compose: Option<PathBuf>,
        /// A compose file (repeatable): the files are merged in order by
        /// compose's rules, as `docker compose -f a.yml -f b.yml` does.
        #[arg(short = 'f', long = "file", value_name = "COMPOSE_FILE")]
        files: Vec<PathBuf>,
        /// Leave out what stackc cannot express, with a comment at its place
        /// in the TOML, instead of failing.
        #[arg(long)]
        lossy: bool,
        /// The stack name when the compose file has no `name:` (default: the
        /// name compose gives the project, from the compose file's directory).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Print the JSON Schema of stack.toml for editors.
    ///
    /// Draft-07, as taplo and VS Code's Even Better TOML read it.
    #[command(after_help = after_help("schema"))]
    Schema {
        #[command(flatten)]
        out: Output,
    },
    /// Print a shell completion script.
    ///
    /// Install it where your shell loads completions (see the examples).
    #[command(after_help = after_help("completions"))]
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Print or install the manual pages.
    ///
    /// Without arguments, print stackc(1); with a command, its page
    /// (stackc-bash(1), …); with `--dir`, write every page into a
    /// directory.
    #[command(after_help = after_help("man"))]
    Man {
        /// The command whose page to print.
        #[arg(value_name = "COMMAND", conflicts_with = "dir")]
        command: Option<ManPage>,
        /// Write every page (stackc.1, stackc-check.1, …) into this
        /// directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

impl Command {
    /// The stack options given after the command, for the commands that
    /// read a stack.
    pub fn stack(&self) -> Option<&StackArgs> {
        match self {
            Self::Check { stack }
            | Self::Bash { stack, .. }
            | Self::Argv { stack, .. }
            | Self::Compose { stack, .. }
            | Self::Kube { stack, .. }
            | Self::Swarm { stack, .. }
            | Self::Graph { stack, .. }
            | Self::Generate { stack, .. }
            | Self::Diff { stack, .. } => Some(stack),
            Self::Import { .. }
            | Self::Schema { .. }
            | Self::Completions { .. }
            | Self::Man { .. } => None,
        }
    }

    /// The command's name on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Check { .. } => "check",
            Self::Bash { .. } => "bash",
            Self::Argv { .. } => "argv",
            Self::Compose { .. } => "compose",
            Self::Kube { .. } => "kube",
            Self::Swarm { .. } => "swarm",
            Self::Graph { .. } => "graph",
            Self::Generate { .. } => "generate",
            Self::Diff { .. } => "diff",
            Self::Import { .. } => "import",
            Self::Schema { .. } => "schema",
            Self::Completions { .. } => "completions",
            Self::Man { .. } => "man",
        }
    }
}

/// Shells `stackc completions` writes for.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

// Where the output goes (no doc comment: clap would take it as the
// description of the commands that flatten it).
#[derive(Debug, Args)]
pub struct Output {
    /// Write to this file (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Write nothing; exit 1 and print a unified diff if FILE is missing or
    /// differs from what would be generated. Needs -o.
    #[arg(long, requires = "path")]
    pub check: bool,
}

/// An action `stackc bash` writes a script for: every action.
#[derive(Clone, Copy, Debug)]
pub struct BashAction(pub Action);

/// An action `stackc argv` prints: those whose commands are fixed at
/// compile time.
#[derive(Clone, Copy, Debug)]
pub struct ArgvAction(pub Action);

/// Implements clap's `ValueEnum` for the newtype `$wrapper` over the items
/// of the constant slice `$list`, in order, each shown as `$possible` of
/// the item. Clap lends the values as a static slice, built here in a loop
/// (const code has no iterators).
macro_rules! value_enum {
    ($wrapper:ident: $list:expr, $possible:expr) => {
        impl ValueEnum for $wrapper {
            fn value_variants<'a>() -> &'a [Self] {
                const VARIANTS: [$wrapper; $list.len()] = {
                    let mut out = [$wrapper($list[0]); $list.len()];
                    let mut i = 1;
                    while i < out.len() {
                        out[i] = $wrapper($list[i]);
                        i += 1;
                    }
                    out
                };
                &VARIANTS
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some($possible(self.0))
            }
        }
    };
}

value_enum!(BashAction: Action::ALL, action_value);
value_enum!(ArgvAction: Action::FIXED, action_value);

/// An action `stackc swarm` writes a script for.
#[derive(Clone, Copy, Debug)]
pub struct SwarmAction(pub Action);

value_enum!(SwarmAction: Target::Swarm.actions(), swarm_action_value);

fn swarm_action_value(action: Action) -> PossibleValue {
    PossibleValue::new(action.as_str()).help(match action {
        Action::Down => "Remove the services, networks, secrets and configs (volumes survive)",
        Action::Ps => "List the services and their tasks",
        _ => "Deploy in dependency order and wait until every service converges",
    })
}

fn action_value(action: Action) -> PossibleValue {
    PossibleValue::new(action.as_str()).help(action.summary())
}

/// A page `stackc man` prints: one per command, as [`COMMANDS`] lists it
/// (its name and what it does).
#[derive(Clone, Copy, Debug)]
pub struct ManPage(pub (&'static str, &'static str));

value_enum!(ManPage: COMMANDS, |(name, _)| PossibleValue::new(name));

/// A format of `stackc argv`.
#[derive(Clone, Copy, Debug)]
pub struct ArgvFormat(pub Format);

/// A format of `stackc graph`.
#[derive(Clone, Copy, Debug)]
pub struct GraphFormat(pub Format);

value_enum!(ArgvFormat: Target::Argv.formats(), format_value);
value_enum!(GraphFormat: Target::Graph.formats(), format_value);

/// A format of `stackc swarm`.
#[derive(Clone, Copy, Debug)]
pub struct SwarmFormat(pub Format);

value_enum!(SwarmFormat: Target::Swarm.formats(), format_value);

fn format_value(format: Format) -> PossibleValue {
    PossibleValue::new(format.as_str()).help(format.summary())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum BindAsArg {
    /// A config map with the file's content, read at compile time (read-only
    /// mounts of UTF-8 files).
    ConfigMap,
    /// A hostPath volume: the path on the node that runs the pod.
    HostPath,
}

impl From<BindAsArg> for stackc_backends::kube::BindAs {
    fn from(bind_as: BindAsArg) -> Self {
        match bind_as {
            BindAsArg::ConfigMap => Self::ConfigMap,
            BindAsArg::HostPath => Self::HostPath,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// clap's own consistency checks, and the list of commands is the list
    /// of subcommands, in order.
    #[test]
    fn commands_are_consistent() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        let names: Vec<&str> = cli.get_subcommands().map(clap::Command::get_name).collect();
        let listed: Vec<&str> = COMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, listed);
    }

    /// Every command's `--help`, as rendered, starts with its description
    /// from [`COMMANDS`]; every option and every value it offers says what
    /// it does; the stack options are offered only by commands that read a
    /// stack, and `argv --action` only the actions argv can print.
    #[test]
    fn every_help_tells_what_it_does() {
        let mut cli = Cli::command();
        cli.build();
        for (name, description) in COMMANDS {
            let mut sub = cli.find_subcommand(name).unwrap().clone();
            let help = sub.render_help().to_string();
            assert_eq!(
                help.lines().next(),
                Some(*description),
                "`stackc {name} --help` starts with its description"
            );
            let long = sub.render_long_help().to_string();
            for arg in sub.get_arguments() {
                assert!(
                    arg.get_help()
                        .is_some_and(|h| !h.to_string().trim().is_empty()),
                    "`stackc {name}`: `{}` has no description",
                    arg.get_id()
                );
                for value in arg.get_possible_values() {
                    if !value.is_hide_set() && arg.get_id() != "shell" && arg.get_id() != "command"
                    {
                        assert!(
                            value.get_help().is_some(),
                            "`stackc {name} --{}`: the value `{}` has no description",
                            arg.get_id(),
                            value.get_name()
                        );
                    }
                }
            }
            let reads_stack = !matches!(*name, "import" | "schema" | "completions" | "man");
            assert_eq!(
                long.contains("--file") && long.contains("--profile"),
                reads_stack,
                "`stackc {name}` offers -f and --profile exactly when it reads a stack"
            );
        }
        let argv = cli.find_subcommand("argv").unwrap();
        let action = argv
            .get_arguments()
            .find(|a| a.get_id() == "action")
            .unwrap();
        let values: Vec<String> = action
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_owned())
            .collect();
        assert!(!values.contains(&"backup".to_owned()) && !values.contains(&"restore".to_owned()));
        assert!(values.contains(&"up".to_owned()) && values.contains(&"run".to_owned()));
        // The top-level help lists each command with its description.
        let top = cli.render_help().to_string();
        for (name, description) in COMMANDS {
            assert!(
                top.lines().any(
                    |l| l.trim_start().starts_with(name) && l.trim_end().ends_with(description)
                ),
                "`stackc --help` lists `{name}` as: {description}\n{top}"
            );
        }
    }
}

/// How `stackc diff` writes the changes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DiffFormat {
    /// One line per resource, as `up.sh --plan` prints it.
    Text,
    /// A stable JSON document (docs/cli.md).
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
}
