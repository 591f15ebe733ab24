//! The output targets of stackc: one list, from which the command line,
//! `[outputs]`, the JSON Schema and the dispatch to a backend all derive.

/// What stackc can generate from a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A bash script that runs one action with the docker CLI.
    Bash,
    /// The docker commands of one action, as data.
    Argv,
    /// A compose file for Docker Compose v2.
    Compose,
    /// Kubernetes manifests.
    Kube,
    /// A bash script that deploys the stack to Docker Swarm (or its stack
    /// file).
    Swarm,
    /// The resource graph.
    Graph,
}

impl Target {
    pub const ALL: [Self; 6] = [
        Self::Bash,
        Self::Argv,
        Self::Compose,
        Self::Kube,
        Self::Swarm,
        Self::Graph,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bash => "bash",
            Self::Argv => "argv",
            Self::Compose => "compose",
            Self::Kube => "kube",
            Self::Swarm => "swarm",
            Self::Graph => "graph",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// One line on what the target is.
    pub fn summary(self) -> &'static str {
        match self {
            Self::Bash => "a bash script that runs one action with the docker CLI (`stackc bash`)",
            Self::Argv => "the docker commands of one action, as data (`stackc argv`)",
            Self::Compose => "a compose file for Docker Compose v2 (`stackc compose`)",
            Self::Kube => "Kubernetes manifests in one multi-document YAML file (`stackc kube`)",
            Self::Swarm => {
                "a bash script that deploys the stack to Docker Swarm, or its stack file (`stackc swarm`)"
            }
            Self::Graph => "the resource graph (`stackc graph`)",
        }
    }

    /// The actions an `[outputs]` entry of this target may take (empty: it
    /// takes no `action`). Not `run`, which needs a service.
    pub const fn actions(self) -> &'static [crate::action::Action] {
        use crate::action::Action::{
            Backup, Build, Create, Down, Ps, Pull, Purge, Restart, Restore, Start, Stop, Up,
        };
        match self {
            Self::Bash => &[
                Up, Down, Create, Start, Stop, Restart, Pull, Build, Ps, Purge, Backup, Restore,
            ],
            Self::Argv => &[
                Up, Down, Create, Start, Stop, Restart, Pull, Build, Ps, Purge,
            ],
            Self::Swarm => &[Up, Down, Ps],
            Self::Compose | Self::Kube | Self::Graph => &[],
        }
    }

    /// The formats an output of this target may take, the default first
    /// (empty: it has one).
    pub const fn formats(self) -> &'static [Format] {
        match self {
            Self::Argv => &[Format::Json, Format::Shell, Format::Nul],
            Self::Graph => &[Format::Dot, Format::Mermaid],
            Self::Swarm => &[Format::Script, Format::Yaml],
            Self::Bash | Self::Compose | Self::Kube => &[],
        }
    }

    /// The format an output of this target takes unless told.
    pub fn default_format(self) -> Option<Format> {
        self.formats().first().copied()
    }
}

/// The formats of the targets that have several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// argv: one JSON array per line.
    Json,
    /// argv: one shell line per command.
    Shell,
    /// argv: NUL-framed.
    Nul,
    /// graph: Graphviz DOT.
    Dot,
    /// graph: a mermaid flowchart.
    Mermaid,
    /// swarm: the bash script that deploys the stack.
    Script,
    /// swarm: the stack file alone.
    Yaml,
}

impl Format {
    pub const ALL: [Self; 7] = [
        Self::Json,
        Self::Shell,
        Self::Nul,
        Self::Dot,
        Self::Mermaid,
        Self::Script,
        Self::Yaml,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Shell => "shell",
            Self::Nul => "nul",
            Self::Dot => "dot",
            Self::Mermaid => "mermaid",
            Self::Script => "script",
            Self::Yaml => "yaml",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// One line on the format (for help texts).
    pub fn summary(self) -> &'static str {
        match self {
            Self::Json => "One JSON array of strings per line",
            Self::Shell => "One command per line, quoted for bash",
            Self::Nul => "Argument count, NUL, then each argument followed by NUL",
            Self::Dot => "Graphviz DOT (`dot -Tsvg`)",
            Self::Mermaid => "A mermaid flowchart (Markdown pages on GitHub and GitLab render it)",
            Self::Script => "The bash script that deploys the stack (and embeds its stack file)",
            Self::Yaml => "The stack file alone, as `docker stack deploy -c` reads it",
        }
    }
}
