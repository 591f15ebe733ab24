//! The swarm backend: a bash script that deploys the stack to the Docker
//! Swarm the docker CLI points at (`templates/swarm/`), or its stack file
//! alone (`--format yaml`).
//!
//! - `refuse`: what a swarm cannot honour, located in stack.toml.
//! - `file`: the stack file, rewritten from the compose lowering
//!   (`crate::compose::to_json`) read back as an ordered tree (`node`).
//! - this module: the script's data. The shell is in
//!   `templates/swarm/script.sh` and its library `templates/swarm/lib.sh`;
//!   it reuses the bash backend's quoting, argument, `.env` and parameter
//!   templates (`templates/bash/`).
//!
//! The script deploys each service with its own `docker stack deploy`, in
//! the order of the stack's dependencies, and waits for each level to
//! converge before the next: a `healthy` or `completed` dependency is
//! honoured by the order, with a bounded wait. A service whose definition
//! is unchanged (a salted digest on its `deploy.labels`) is not deployed
//! again, so that a second run changes nothing and a job runs once.

mod file;
mod node;
mod refuse;

use askama::Template;
use stackc_ir::ast::{Action, FileContent, Op, Plan};
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::bash::params::Params;
use crate::bash::words::{line, word_expr};
use crate::{Backend, Input, docker, quote, yaml};
use node::Node;

/// The swarm target: the script, or (`yaml`) the stack file alone.
#[derive(Clone, Copy, Debug, Default)]
pub struct Swarm {
    pub yaml: bool,
}

impl Backend for Swarm {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let diags = refuse::check(input.stack);
        let whole = stack_file(input);
        let whole = match (diags.is_empty(), whole) {
            (true, whole) => whole?,
            (false, Ok(_)) => return Err(diags),
            (false, Err(more)) => {
                let mut diags = diags;
                diags.extend(more);
                return Err(diags);
            }
        };
        if self.yaml {
            let text = yaml::to_string(&whole, yaml::MultiLine::Quoted, "swarm")?;
            return Ok(format!(
                "{}# The deploy script (`stackc swarm`) creates the secrets and configs, builds the images\n# and deploys the services in dependency order; `docker stack deploy -c` of this file alone\n# starts every service at once.\n{text}",
                yaml::header(&input.layout.source_name, "swarm --format yaml")
            ));
        }
        script(input, &whole)
    }
}

/// The whole stack file.
fn stack_file(input: &Input<'_>) -> Result<node::Map, Diagnostics> {
    let json = crate::compose::to_json(input)?;
    let compose: Node = serde_json::from_str(&json)
        .map_err(|e| Diagnostics::from(crate::diagnostics::serialization("swarm", e)))?;
    Ok(file::stack_file(input.stack, compose))
}

/// What `templates/swarm/script.sh` writes.
#[derive(Template)]
#[template(path = "swarm/script.sh", escape = "none")]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag switches one part of the template on"
)]
struct Script {
    source_comment: String,
    stack_comment: String,
    action: &'static str,
    summary: &'static str,
    /// The stack (namespace) name, quoted.
    stack: String,
    /// The `--help` lines, each quoted.
    usage: Vec<String>,
    /// For `templates/bash/lib/arguments.sh`: the declared parameters.
    declared: Vec<(String, u8)>,
    needs_yes: bool,
    plans: bool,
    needs: NoArchives,
    params: Params,
    /// The declared parameters, exported for `docker stack deploy`.
    exported: Vec<String>,
    /// The stack's directory from the script's, quoted.
    root: String,
    home: bool,
    /// `docker build` lines, with the block's name.
    builds: Vec<(String, String)>,
    /// Whether the stack builds images (refused on a multi-node swarm).
    builds_images: bool,
    objects: Vec<Object>,
    levels: Vec<Vec<Deploy>>,
    /// `--resolve-image`.
    resolve: &'static str,
}

/// What `templates/bash/lib/arguments.sh` asks of the script: no
/// `--volume` options.
struct NoArchives {
    archives: bool,
}

/// A secret or config as a swarm object.
struct Object {
    /// `secret` or `config`.
    kind: &'static str,
    /// The variable that names it in the stack file.
    var: String,
    /// `secrets.NAME`, quoted.
    origin: String,
    /// `<stack>_<key>`, quoted.
    prefix: String,
    /// `f PATH` or `v VALUE`, as bash words.
    source: String,
}

/// One service's `docker stack deploy`.
struct Deploy {
    /// Its key, quoted.
    key: String,
    /// `job` or `service`.
    kind: &'static str,
    replicas: u32,
    /// Its stack file, and the heredoc delimiter that ends it.
    file: String,
    delimiter: String,
}

fn script(input: &Input<'_>, whole: &node::Map) -> Result<String, Diagnostics> {
    let plan = input.plan;
    let stack = input.stack;
    let shown = stackc_ir::text::shown;
    let up = plan.action == Action::Up;
    let builds: Vec<(String, String)> = if up {
        plan.blocks
            .iter()
            .flat_map(|b| b.ops.iter().map(move |op| (b, op)))
            .filter_map(|(block, op)| match op {
                Op::BuildImage(spec) => {
                    Some((quote::sh(&block.path), line(&docker::build(spec, None))))
                }
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut levels: Vec<Vec<Deploy>> = Vec::new();
    if up {
        for key in &input.analyzed.order {
            let Some(service) = stack.services.get(key) else {
                continue;
            };
            let level = input.analyzed.levels.get(key).copied().unwrap_or(0) as usize;
            while levels.len() <= level {
                levels.push(Vec::new());
            }
            let text = yaml::to_string(
                &file::service_file(whole, key),
                yaml::MultiLine::Quoted,
                "swarm",
            )?;
            let mut delimiter = "STACKC_STACK_FILE".to_owned();
            while text.lines().any(|l| l == delimiter) {
                delimiter.push('_');
            }
            levels[level].push(Deploy {
                key: quote::sh(key),
                kind: if service.is_job() { "job" } else { "service" },
                replicas: service.replicas.value,
                file: text.trim_end().to_owned(),
                delimiter,
            });
        }
    }
    let script = Script {
        source_comment: shown(&input.layout.source_name),
        stack_comment: shown(&plan.stack),
        action: plan.action.as_str(),
        summary: summary(plan.action),
        stack: quote::sh(&plan.stack),
        usage: usage(plan),
        declared: plan
            .params
            .iter()
            .map(|p| (quote::sh(&p.name), u8::from(p.secret)))
            .collect(),
        needs_yes: false,
        plans: false,
        needs: NoArchives { archives: false },
        params: if up {
            Params::all(plan)
        } else {
            Params::all(&Plan {
                params: Vec::new(),
                ..plan.clone()
            })
        },
        exported: if up {
            plan.params.iter().map(|p| p.name.clone()).collect()
        } else {
            Vec::new()
        },
        root: quote::sh(&input.layout.project_dir_from_output),
        home: up && reads_home(plan),
        builds_images: !builds.is_empty(),
        builds,
        objects: if up { objects(input) } else { Vec::new() },
        levels,
        resolve: resolve_image(input),
    };
    let mut out = script.render().map_err(|e| {
        Diagnostics::from(Diag::new(
            crate::diagnostics::Code::Internal,
            format!("swarm template: {e}"),
        ))
    })?;
    out.push('\n');
    Ok(out)
}

fn summary(action: Action) -> &'static str {
    match action {
        Action::Down => {
            "Removes the stack from the swarm: its services, networks, secrets and configs (not its volumes)."
        }
        Action::Ps => "Lists the stack's services and their tasks on the swarm.",
        _ => {
            "Deploys the stack to the swarm the docker CLI points at: secrets and configs, images, then each service in dependency order, waiting for it to converge."
        }
    }
}

/// The `--help` lines after the usage line.
fn usage(plan: &Plan) -> Vec<String> {
    let mut lines = vec![
        "''".to_owned(),
        quote::sh(summary(plan.action)),
        "''".to_owned(),
        quote::sh("Options:"),
        quote::sh(
            "  --dry-run   print the docker commands this script runs against a swarm without the stack, without calling docker",
        ),
    ];
    if plan.action == Action::Up && !plan.params.is_empty() {
        lines.push(quote::sh(
            "  --param NAME=VALUE  give a parameter (not a secret); beats the environment and .env",
        ));
    }
    lines.push(quote::sh("  -h, --help  show this help"));
    if plan.action == Action::Up {
        lines.push("''".to_owned());
        lines.push(quote::sh(
            "Environment: STACKC_SWARM_TIMEOUT, the seconds each service may take to converge (default 300).",
        ));
        if !plan.params.is_empty() {
            lines.push("''".to_owned());
            lines.push(quote::sh(
                "Parameters (from --param, the environment, .env beside this script, or the default):",
            ));
            for param in &plan.params {
                let mut text = format!("  {}", param.name);
                if let Some(description) = &param.description {
                    text.push_str(&format!("  {}", stackc_ir::text::shown(description)));
                }
                match (&param.default, param.secret) {
                    (_, true) => text.push_str(" (secret, required)"),
                    (Some(default), false) => {
                        text.push_str(&format!(" (default: {})", stackc_ir::text::shown(default)));
                    }
                    (None, false) => text.push_str(" (required)"),
                }
                lines.push(quote::sh(&text));
            }
        }
    }
    lines
}

/// The secrets and configs the services read, each once, from the plan's
/// container specs (where their sources are bash words).
fn objects(input: &Input<'_>) -> Vec<Object> {
    let mut out: Vec<Object> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let specs = input
        .plan
        .blocks
        .iter()
        .flat_map(|b| &b.ops)
        .filter_map(|op| match op {
            Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => Some(spec),
            _ => None,
        });
    for file in specs.flat_map(|spec| &spec.files) {
        if seen.contains(&file.origin) {
            continue;
        }
        seen.push(file.origin.clone());
        let (section, key) = file.origin.split_once('.').unwrap_or(("", &file.origin));
        let (kind, var_kind) = if section == "secrets" {
            ("secret", "SECRET")
        } else {
            ("config", "CONFIG")
        };
        let source = match &file.content {
            FileContent::Host(path) => format!("f {}", word_expr(path)),
            FileContent::Value(value) => format!("v {}", word_expr(value)),
        };
        out.push(Object {
            kind,
            var: file::object_var(var_kind, key),
            origin: quote::sh(&file.origin),
            prefix: quote::sh(&stackc_ir::engine_names::scoped(
                &input.stack.name.value,
                key,
            )),
            source,
        });
    }
    out
}

/// Whether a host file is under `~`.
fn reads_home(plan: &Plan) -> bool {
    plan.blocks
        .iter()
        .flat_map(|b| &b.ops)
        .filter_map(|op| match op {
            Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => Some(spec),
            _ => None,
        })
        .flat_map(|spec| &spec.files)
        .any(|file| match &file.content {
            FileContent::Host(word) | FileContent::Value(word) => word
                .0
                .iter()
                .any(|p| matches!(p, stackc_ir::ast::Piece::HomeDir { .. })),
        })
}

/// `--resolve-image`: `never` when every service runs an image the stack
/// builds or one it must not pull (`pull = "never"`), `always` when one
/// says `pull = "always"`, else swarm's default, `changed`.
fn resolve_image(input: &Input<'_>) -> &'static str {
    use stackc_ir::stack::PullPolicy;
    let stack = input.stack;
    let services = || stack.services.values();
    if services().any(|s| s.pull == PullPolicy::Always) {
        "always"
    } else if services()
        .all(|s| s.pull == PullPolicy::Never || s.build.is_some() || stack.stack_image(s).is_some())
    {
        "never"
    } else {
        "changed"
    }
}
