//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Compile a stack.toml into a reviewable bash script, docker argv lists, or
/// compose YAML.
#[derive(Debug, Parser)]
#[command(name = "stackc", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// The stack file.
    #[arg(
        short = 'f',
        long = "file",
        global = true,
        default_value = "stack.toml",
        value_name = "PATH"
    )]
    pub file: PathBuf,

    /// Compile the services of this profile too (repeatable): a service
    /// without `profiles` is always in, one with `profiles` only when one of
    /// them is chosen. Without it, `compose` writes the whole stack with
    /// compose's `profiles:`.
    #[arg(long = "profile", global = true, value_name = "NAME")]
    pub profiles: Vec<String>,

    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  stackc check                          validate ./stack.toml
  stackc bash -o up.sh                  the idempotent script to commit
  stackc bash --action down -o down.sh
  stackc argv | jq -r '.[1]'            one JSON array per docker command
  stackc compose -o compose.yaml        the same stack for docker compose
  stackc kube -o k8s.yaml               Kubernetes manifests (or -o k8s/ for one file each)
  stackc bash --profile dev -o up-dev.sh  also the services of the profile `dev`
  stackc bash -o up.sh --check          CI: exit 1 and print a diff if up.sh is stale
  stackc graph | dot -Tsvg > stack.svg

Exit status: 0 success, 1 invalid stack or stale output, 2 usage or I/O error.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the stack; print diagnostics on stderr.
    #[command(after_help = "Example:\n  stackc -f deploy/stack.toml check")]
    Check,
    /// Generate a bash script that runs the action with the docker CLI.
    #[command(
        after_help = "Examples:\n  stackc bash -o up.sh\n  stackc bash --action down -o down.sh\n  stackc bash --action run --service migrate -o migrate.sh\n  stackc bash -o up.sh --check"
    )]
    Bash {
        #[arg(long, value_enum, default_value_t = ActionArg::Up)]
        action: ActionArg,
        /// The service `--action run` runs.
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Print the docker commands of the action, one per line, as data.
    #[command(
        after_help = "Examples:\n  stackc argv | jq -r '.[1]'\n  stackc argv --format shell --set TAG=1.2\n  stackc argv --format nul --action down"
    )]
    Argv {
        #[arg(long, value_enum, default_value_t = ActionArg::Up)]
        action: ActionArg,
        /// The service `--action run` runs.
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        /// How each command is framed.
        #[arg(long, value_enum, default_value_t = ArgvFormat::Json)]
        format: ArgvFormat,
        /// Give a parameter its value (overrides the environment).
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Resolve relative host paths against this directory instead of
        /// the stack file's.
        #[arg(long, value_name = "DIR")]
        project_dir: Option<PathBuf>,
        #[command(flatten)]
        out: Output,
    },
    /// Generate a compose file for Docker Compose v2.
    #[command(
        after_help = "Examples:\n  stackc compose -o compose.yaml\n  stackc compose -o compose.yaml --check"
    )]
    Compose {
        #[command(flatten)]
        out: Output,
    },
    /// Convert a compose file into a stack.toml (reads no stack file).
    #[command(
        after_help = "Examples:\n  stackc import compose.yaml > stack.toml\n  stackc import compose.yaml -o stack.toml --lossy\n  cat compose.yaml | stackc import - --name webapp"
    )]
    Import {
        /// The compose file; `-` (the default) reads standard input.
        #[arg(value_name = "COMPOSE_FILE", default_value = "-")]
        compose: PathBuf,
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
    /// Generate Kubernetes manifests (one multi-document YAML, or one file
    /// per object with `-o DIR/`).
    #[command(
        after_help = "Examples:\n  stackc kube -o k8s.yaml\n  stackc kube -o k8s/ --set APP_TAG=1.5.0\n  stackc kube --storage-class fast --volume-size 10Gi --bind-as config-map"
    )]
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
        out: Output,
    },
    /// Print the resource graph (services, images, networks, volumes).
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  stackc completions bash > /etc/bash_completion.d/stackc\n  stackc completions zsh > \"${fpath[1]}/_stackc\"\n  stackc completions fish > ~/.config/fish/completions/stackc.fish"
    )]
    Completions {
        /// The shell.
        shell: Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  stackc man > stackc.1 && man ./stackc.1")]
    Man,
    /// Print the JSON Schema of stack.toml (draft-07) for editors; reads no
    /// stack file.
    #[command(
        after_help = "Examples:\n  stackc schema -o stack.schema.json\n  stackc schema -o stack.schema.json --check"
    )]
    Schema {
        #[command(flatten)]
        out: Output,
    },
    #[command(
        after_help = "Examples:\n  stackc graph | dot -Tsvg > stack.svg\n  stackc graph --format mermaid"
    )]
    Graph {
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        #[command(flatten)]
        out: Output,
    },
    /// Write every file listed in the stack's `[outputs]` table.
    #[command(
        after_help = "Examples:\n  stackc generate\n  stackc generate --check     (CI, pre-commit: exit 1 and a diff if a file is stale)"
    )]
    Generate {
        /// Write nothing; exit 1 and print a unified diff for every file that
        /// is missing or differs from what would be generated.
        #[arg(long)]
        check: bool,
    },
}

/// Shells `stackc completions` writes for.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Where the output goes.
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

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ActionArg {
    /// Create what is missing, recreate what changed, start everything in
    /// dependency order.
    Up,
    /// Stop and remove containers and networks (volumes and images survive).
    Down,
    /// Like up, without starting anything.
    Create,
    /// Start the existing containers in dependency order.
    Start,
    /// Stop the running containers, dependents first.
    Stop,
    /// Restart the containers in dependency order.
    Restart,
    /// Pull the images the stack runs.
    Pull,
    /// Build the stack's images unconditionally.
    Build,
    /// A table of the containers: state, health, current definition or not.
    Ps,
    /// Down, then remove volumes (and their data) and built images; the
    /// script needs --yes.
    Purge,
    /// Bring up one service's dependencies, run the service once in a fresh
    /// container, remove it (needs --service).
    Run,
    /// Archive the named volumes into backups/<volume>/<UTC time>.tar (bash
    /// only).
    Backup,
    /// Restore the named volumes from their archives (bash only).
    Restore,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ArgvFormat {
    /// One JSON array of strings per line.
    Json,
    /// One command per line, quoted for bash.
    Shell,
    /// Argument count, NUL, then each argument followed by NUL.
    Nul,
}

impl From<ArgvFormat> for stackc_backends::argv::Format {
    fn from(format: ArgvFormat) -> Self {
        match format {
            ArgvFormat::Json => Self::Json,
            ArgvFormat::Shell => Self::Shell,
            ArgvFormat::Nul => Self::Nul,
        }
    }
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

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}
