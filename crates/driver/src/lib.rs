//! The pipeline as a library: stack.toml text → checked stack → the output
//! of one [`Target`]. The command line, `stackc generate`, the fuzz target
//! and the tests all compile through here, so there is one dispatch from a
//! target to its backend.
//!
//! ```text
//! Compilation::new ──▶ for_output(target, action) ──▶ lower ──▶ render
//!   frontend, profiles,     the stack it acts on        plan     backend
//!   passes (analysis)
//! ```

use std::path::Path;

use stackc_backends::argv::{self, Argv};
use stackc_backends::bash::Bash;
use stackc_backends::compose::Compose;
use stackc_backends::kube::Kube;
use stackc_backends::swarm::Swarm;
use stackc_backends::text::Text;
use stackc_backends::{Backend, Input, Layout};
use stackc_ir::analysis::Analyzed;
use stackc_ir::ast::{Action, Plan};
use stackc_ir::target::{Format, Target};
use stackc_ir::{Diagnostics, Stack};

/// A stack that passed the frontend and the passes: the services
/// `--profile` selects, and the whole stack beside it when a profile
/// leaves services out.
#[derive(Debug)]
pub struct Compilation {
    selected: (Stack, Analyzed),
    /// `None` when the selection is the whole stack.
    whole: Option<(Stack, Analyzed)>,
    /// Whether `--profile` was given (compose then gets the selection,
    /// otherwise the whole stack: it selects profiles when it runs).
    profiles_given: bool,
}

impl Compilation {
    /// Parses `source` (reading the files it names relative to `dir`),
    /// selects `profiles`, and analyses what is selected and the whole.
    pub fn new(source: &str, dir: &Path, profiles: &[String]) -> Result<Self, Diagnostics> {
        Self::of_files(&[source], dir, profiles)
    }

    /// [`Self::new`] of several files merged as overlays (`-f a -f b`):
    /// the diagnostics' spans point into
    /// `stackc_frontend::overlay::join(texts)`, and relative paths are
    /// relative to `dir`, the first file's directory.
    pub fn of_files(texts: &[&str], dir: &Path, profiles: &[String]) -> Result<Self, Diagnostics> {
        let whole = stackc_frontend::parse_files(texts, dir)?;
        Self::of(whole, profiles)
    }

    /// [`Self::new`] without reading any file beside the stack (tests and
    /// fuzzing).
    pub fn of_source(source: &str, profiles: &[String]) -> Result<Self, Diagnostics> {
        Self::of(stackc_frontend::parse(source)?, profiles)
    }

    fn of(whole: Stack, profiles: &[String]) -> Result<Self, Diagnostics> {
        // A stack without profiles is its own selection: one analysis.
        let has_profiles = whole.services.values().any(|s| !s.profiles.is_empty());
        if profiles.is_empty() && !has_profiles {
            let analyzed = stackc_passes::analyze(&whole)?;
            return Ok(Self {
                selected: (whole, analyzed),
                whole: None,
                profiles_given: false,
            });
        }
        let selected = stackc_passes::profiles::select(&whole, profiles)?;
        let selected_analyzed = stackc_passes::analyze(&selected)?;
        let whole_analyzed = stackc_passes::analyze(&whole)?;
        Ok(Self {
            selected: (selected, selected_analyzed),
            whole: Some((whole, whole_analyzed)),
            profiles_given: !profiles.is_empty(),
        })
    }

    /// The selected services.
    pub fn selected(&self) -> (&Stack, &Analyzed) {
        (&self.selected.0, &self.selected.1)
    }

    /// Every service, whatever the profiles.
    pub fn whole(&self) -> (&Stack, &Analyzed) {
        self.whole
            .as_ref()
            .map_or_else(|| self.selected(), |(stack, analyzed)| (stack, analyzed))
    }

    /// The stack an output acts on: compose gets the whole stack unless
    /// `--profile` was given (it selects profiles when it runs); `down`,
    /// `stop` and `purge` act on every service (a profile's containers are
    /// the stack's); everything else on the selection.
    pub fn for_output(&self, target: Target, action: Action) -> (&Stack, &Analyzed) {
        match (target, action) {
            (Target::Compose, _) if !self.profiles_given => self.whole(),
            (Target::Bash | Target::Argv, Action::Down | Action::Stop | Action::Purge) => {
                self.whole()
            }
            _ => self.selected(),
        }
    }
}

/// Why an output cannot be made.
#[derive(Debug)]
pub enum Error {
    /// The stack cannot be expressed: located diagnostics.
    Invalid(Diagnostics),
    /// The request itself is wrong (e.g. `run` without a service).
    Usage(String),
}

impl From<Diagnostics> for Error {
    fn from(diags: Diagnostics) -> Self {
        Self::Invalid(diags)
    }
}

/// One output to make.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub target: Target,
    /// For bash and argv; `up` for the others.
    pub action: Action,
    /// For `run`: the service to run.
    pub service: Option<&'a str>,
    /// For argv and graph; `None` is the target's default.
    pub format: Option<Format>,
    /// For kube.
    pub kube: Kube,
}

impl Request<'_> {
    /// `target` with its defaults: `up`, no service, the default format.
    pub fn new(target: Target) -> Self {
        Self {
            target,
            action: Action::Up,
            service: None,
            format: None,
            kube: Kube::default(),
        }
    }
}

/// Every output a stack can be asked for: each target with each action
/// and format it takes (`run` runs the first service). For tests and
/// fuzzing, which must see every backend answer.
pub fn requests(stack: &Stack) -> Vec<Request<'_>> {
    let first = stack.services.keys().next().map(String::as_str);
    let mut out = Vec::new();
    for target in Target::ALL {
        let actions: &[Action] = match target {
            Target::Bash => &Action::ALL,
            Target::Argv => Action::FIXED,
            Target::Swarm => Target::Swarm.actions(),
            Target::Compose | Target::Kube | Target::Graph => &[Action::Up],
        };
        let formats: Vec<Option<Format>> = if target.formats().is_empty() {
            vec![None]
        } else {
            target.formats().iter().copied().map(Some).collect()
        };
        for &action in actions {
            let service = if action == Action::Run { first } else { None };
            if action == Action::Run && service.is_none() {
                continue;
            }
            for &format in &formats {
                out.push(Request {
                    action,
                    service,
                    format,
                    ..Request::new(target)
                });
            }
        }
    }
    out
}

/// A stack lowered for one request: what a backend renders.
#[derive(Debug)]
pub struct Lowered<'c> {
    pub stack: &'c Stack,
    pub analyzed: &'c Analyzed,
    pub plan: Plan,
}

impl Compilation {
    /// The stack `request` acts on, lowered to its plan.
    pub fn lower(&self, request: &Request<'_>) -> Result<Lowered<'_>, Error> {
        let (stack, analyzed) = self.for_output(request.target, request.action);
        if matches!(
            request.target,
            Target::Bash | Target::Argv | Target::Compose
        ) {
            stackc_passes::host_bound_ports(stack)?;
        }
        let plan = match (request.action, request.service) {
            (Action::Run, Some(name)) => {
                if !stack.services.contains_key(name) {
                    let names: Vec<&str> = stack.services.keys().map(String::as_str).collect();
                    return Err(Error::Usage(format!(
                        "--service {name}: the stack has no such service (services: {})",
                        names.join(", ")
                    )));
                }
                stackc_passes::lower_run(stack, analyzed, name)
            }
            (Action::Run, None) => {
                return Err(Error::Usage(
                    "--action run needs --service NAME: the service to run".to_owned(),
                ));
            }
            (_, Some(_)) => {
                return Err(Error::Usage(
                    "--service goes with --action run only".to_owned(),
                ));
            }
            // Compose and graph read the stack, never a plan: lowering a
            // large stack for them would be time and memory spent for
            // nothing.
            (action, None) if matches!(request.target, Target::Compose | Target::Graph) => Plan {
                stack: stack.name.value.clone(),
                action,
                params: Vec::new(),
                blocks: Vec::new(),
            },
            // Kube reads the stack and, of the plan, the parameters alone.
            (action, None) if request.target == Target::Kube => Plan {
                stack: stack.name.value.clone(),
                action,
                params: stackc_passes::param_specs(stack),
                blocks: Vec::new(),
            },
            (action, None) => stackc_passes::lower(stack, analyzed, action),
        };
        Ok(Lowered {
            stack,
            analyzed,
            plan,
        })
    }
}

/// The text of `request`'s output: the one dispatch from a target to its
/// backend.
pub fn render(
    lowered: &Lowered<'_>,
    request: &Request<'_>,
    layout: &Layout,
) -> Result<String, Diagnostics> {
    render_text(lowered, request, layout).map(Text::into_string)
}

/// [`render`] as pieces, which a large output is written in without being
/// copied whole.
pub fn render_text(
    lowered: &Lowered<'_>,
    request: &Request<'_>,
    layout: &Layout,
) -> Result<Text, Diagnostics> {
    let input = input(lowered, layout);
    let format = request.format.or(request.target.default_format());
    match request.target {
        Target::Bash => Bash.render_text(&input),
        Target::Argv => argv_backend(request).render_text(&input),
        Target::Compose => Compose.render_text(&input),
        Target::Kube => request.kube.render_text(&input),
        Target::Swarm => Swarm {
            yaml: format == Some(Format::Yaml),
        }
        .render_text(&input),
        Target::Graph => Ok(Text::from(match format {
            Some(Format::Mermaid) => stackc_backends::graph::mermaid(&lowered.analyzed.graph),
            _ => stackc_backends::graph::dot(&lowered.stack.name.value, &lowered.analyzed.graph),
        })),
    }
}

/// Whether [`write_argv`] may write `lowered`'s argv output: whether its
/// commands surely resolve (no parameter without a value, no value of the
/// wrong form, nothing argv cannot express), checked without making them.
/// Otherwise [`render_text`] gives the output or its diagnostics.
pub fn argv_streams(lowered: &Lowered<'_>, layout: &Layout) -> bool {
    Argv::streams(&input(lowered, layout))
}

/// The argv output of `request` for `lowered`, written to `out` as it is
/// made, a chunk of commands at a time, so that a large stack's commands
/// are never held whole; for a stack that [`argv_streams`].
pub fn write_argv(
    lowered: &Lowered<'_>,
    request: &Request<'_>,
    layout: &Layout,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    argv_backend(request).write(&input(lowered, layout), out)
}

/// The argv backend in the format `request` asks for (JSON lines when it
/// names none).
fn argv_backend(request: &Request<'_>) -> Argv {
    Argv {
        format: match request.format.or(request.target.default_format()) {
            Some(Format::Shell) => argv::Format::Shell,
            Some(Format::Nul) => argv::Format::Nul,
            _ => argv::Format::Json,
        },
    }
}

/// Bash's script for `lowered`, written to `out` as it is made, a block
/// at a time, so that a large stack's script is never held whole (the
/// bash backend reports no diagnostic).
pub fn write_bash(
    lowered: &Lowered<'_>,
    layout: &Layout,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    Bash.write(&input(lowered, layout), out)
}

/// Kubernetes manifests one per file (`stackc kube -o DIR/`).
pub fn kube_documents(
    lowered: &Lowered<'_>,
    kube: &Kube,
    layout: &Layout,
) -> Result<Vec<stackc_backends::kube::Document>, Diagnostics> {
    kube.documents(&input(lowered, layout))
}

fn input<'a>(lowered: &'a Lowered<'_>, layout: &'a Layout) -> Input<'a> {
    Input {
        stack: lowered.stack,
        analyzed: lowered.analyzed,
        plan: &lowered.plan,
        layout,
    }
}
