//! One resource's block: each of its operations as the data of one arm of
//! `templates/bash/block.sh`.

use askama::Template;
use stackc_ir::ast::{Action, BuildSpec, ContainerSpec, Op, Piece, Plan, VolumeSpec, Word};

use super::container::{Check, Identity};
use super::rolling::{Finish, Replace, Settle};
use super::words::{Cmd, word_expr};
use crate::{docker, hash, quote};

/// The lines of one resource's block (`templates/bash/block.sh`), without
/// its heading.
#[derive(Template)]
#[template(path = "bash/block.sh", escape = "none")]
pub(super) struct Steps {
    steps: Vec<Step>,
}

/// One operation as the script writes it. Names are quoted and words are
/// bash words (see [`word_expr`]).
pub(super) enum Step {
    /// A network or volume: kept when it exists, else created (a volume
    /// then initialised by `init`).
    Ensure {
        kind: &'static str,
        name: String,
        create: Cmd,
        init: Vec<Cmd>,
    },
    /// An image built when its build-input hash changed (always, with
    /// `always`).
    Build {
        /// The arguments of `_sc_build_hash`: the context, then the other
        /// inputs.
        hash_inputs: Vec<String>,
        /// The tags of the stack's images it builds FROM: a rebuilt base
        /// rebuilds it.
        bases: Vec<String>,
        tag: String,
        /// The tag, quoted, when it is literal: the images built FROM it
        /// find its hash there.
        tag_key: Option<String>,
        always: bool,
        /// Built again when its inputs did not change (`pull = "build"`).
        fresh: bool,
        build: Cmd,
    },
    Pull {
        pull: Cmd,
        image: String,
    },
    /// A container created (or recreated) when its definition is not
    /// current, and started.
    Run {
        check: Box<Check>,
        starts: Starts,
        /// Run the `exec` commands when it starts again, not only when it
        /// is created.
        exec_always: bool,
        /// The containers whose (re)start restarts it (quoted), and how.
        restart_with: Vec<String>,
        restart: Cmd,
        /// In a rolling update (start-first, or with a healthcheck): how
        /// its new container is made when it changed.
        replace: Option<Box<Replace>>,
    },
    /// The end of a batch of a rolling update.
    Settle(Settle),
    /// A container created (or recreated) when its definition is not
    /// current.
    Create {
        check: Box<Check>,
    },
    /// A container's row of the `ps` table.
    Report {
        identity: Box<Identity>,
        service: String,
        image: String,
    },
    /// `--action run`: one container created, run attached and removed.
    Once {
        name: String,
        /// The removal of a leftover of an earlier run.
        force: Cmd,
        create: Vec<Cmd>,
        /// The copy of its secrets and configs.
        copy: Option<String>,
        start: Cmd,
        remove: Cmd,
    },
    /// A volume backed up or restored: `_sc_backup` or `_sc_restore` with
    /// these arguments.
    Archive {
        restore: bool,
        words: Vec<String>,
    },
    /// An existing container started unless it runs (a job: unless it
    /// completed).
    Start {
        name: String,
        /// The stop when it does not exist.
        absent: String,
        starts: Starts,
    },
    /// `hooks`: the `pre_stop` commands, run first.
    Stop {
        name: String,
        hooks: Vec<Cmd>,
        stop: Cmd,
    },
    Restart {
        name: String,
        absent: String,
        hooks: Vec<Cmd>,
        restart: Cmd,
        execs: Vec<Cmd>,
    },
    /// A wait until the container is healthy, at most `secs` by default.
    Wait {
        name: String,
        service: String,
        secs: u64,
    },
    /// The containers under the project label that the plan does not name
    /// (`known`): removed or, with `stop_only`, stopped, each reported.
    Strays {
        known: Vec<String>,
        stop_only: bool,
        /// Removed with their anonymous volumes (`purge`).
        volumes: bool,
        /// Up: they are not in the stack any more (else: not in this
        /// script's stack).
        gone: bool,
    },
    /// The check that no other container uses these networks or volumes.
    Unused {
        networks: Vec<String>,
        volumes: Vec<String>,
    },
    /// A resource removed if it exists.
    /// `hooks`: a container's `pre_stop` commands, run first when it runs.
    Remove {
        kind: &'static str,
        name: String,
        hooks: Vec<Cmd>,
        commands: Vec<Cmd>,
    },
}

/// How a container is started.
pub(super) enum Starts {
    /// A job: attached by `_sc_run_job` (with its service's name, quoted),
    /// so that it must exit 0; kept once it completed.
    Job(String),
    /// `docker start`, then its `exec` commands.
    Service { start: Cmd, execs: Vec<Cmd> },
}

impl Starts {
    pub(super) fn of(container: &str, service: &str, job: bool, exec: &[Vec<Word>]) -> Self {
        if job {
            Self::Job(quote::sh(service))
        } else {
            Self::Service {
                start: Cmd::new(&docker::start_named(container, false)),
                execs: Cmd::all(&docker::exec(container, exec)),
            }
        }
    }
}

impl Steps {
    /// The lines of these operations, in turn. On a no-op re-run a wait
    /// for a `healthy` dependency polls nothing: `_sc_wait_healthy` returns
    /// at once for a dependency that was healthy when the state was read
    /// and that this run did not touch.
    /// A replica of a rolling update that ends a batch is followed by the
    /// batch's end ([`Step::Settle`]).
    pub(super) fn of<'a>(ops: impl Iterator<Item = &'a Op>, plan: &Plan) -> Self {
        let mut steps = Vec::new();
        let mut batch: Vec<Finish> = Vec::new();
        for op in ops {
            steps.push(step(op, plan));
            let Op::RunContainer(spec) = op else {
                continue;
            };
            let Some(rolling) = &spec.rolling else {
                continue;
            };
            batch.push(Finish::of(spec, rolling));
            if rolling.batch_end {
                let delay = (rolling.delay_secs > 0 && !rolling.last).then_some(rolling.delay_secs);
                let replicas = std::mem::take(&mut batch);
                if delay.is_some() || replicas.iter().any(Finish::acts) {
                    steps.push(Step::Settle(Settle { replicas, delay }));
                }
            }
        }
        Self { steps }
    }

    /// The lines indented by two spaces, as a function's body: what
    /// askama's `indent(2, true)` writes, at once rather than through a
    /// writer that splits every piece of text written.
    pub(super) fn indented(&self) -> String {
        // Rendering into a string fails only when a value's `Display`
        // does, which none here does.
        let text = self.render().unwrap_or_default();
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        // Every line, the first too, but for the empty ones.
        for line in text.split_inclusive('\n') {
            if !matches!(line, "\n" | "\r\n") {
                out.push_str("  ");
            }
            out.push_str(line);
        }
        out
    }
}

/// The steps that stop a container, after its `pre_stop` commands.
fn stopping(op: &Op) -> Step {
    match op {
        Op::StopContainer {
            container,
            stop_timeout,
            pre_stop,
        } => Step::Stop {
            name: quote::sh(container),
            hooks: Cmd::all(&docker::exec(container, pre_stop)),
            stop: Cmd::new(&docker::stop(container, stop_timeout.as_ref())),
        },
        Op::RestartContainer {
            container,
            service: _,
            stop_timeout,
            exec,
            pre_stop,
        } => Step::Restart {
            name: quote::sh(container),
            absent: absent(container),
            hooks: Cmd::all(&docker::exec(container, pre_stop)),
            restart: Cmd::new(&docker::restart(container, stop_timeout.as_ref())),
            execs: Cmd::all(&docker::exec(container, exec)),
        },
        Op::RemoveContainer {
            container,
            stop_timeout,
            pre_stop,
            volumes,
        } => Step::Remove {
            kind: "container",
            name: quote::sh(container),
            hooks: Cmd::all(&docker::exec(container, pre_stop)),
            commands: vec![
                Cmd::new(&docker::stop(container, stop_timeout.as_ref())),
                Cmd::new(&docker::remove_with(container, *volumes)),
            ],
        },
        _ => unreachable!("not an operation that stops a container"),
    }
}

fn step(op: &Op, plan: &Plan) -> Step {
    match op {
        Op::CreateNetwork(spec) => Step::Ensure {
            kind: "network",
            name: quote::sh(&spec.name),
            create: Cmd::new(&docker::network_create(
                spec,
                Some(&super::networks::hash_word(spec)),
            )),
            init: Vec::new(),
        },
        Op::CreateVolume(spec) => volume(spec),
        Op::BuildImage(spec) => build(spec),
        Op::PullImage { image } => Step::Pull {
            pull: Cmd::new(&docker::pull(image)),
            image: word_expr(image),
        },
        Op::RunContainer(spec) => run(spec, plan),
        Op::CreateContainer(spec) => create_only(spec, plan),
        Op::ReportContainer(spec) => report(spec, plan),
        Op::RunOnce(spec) => once(spec),
        Op::VolumeArchive {
            restore,
            key,
            volume,
            image,
            containers,
        } => Step::Archive {
            restore: *restore,
            words: archive_words(key, volume, image, containers),
        },
        Op::StartContainer {
            container,
            service,
            job,
            exec,
        } => Step::Start {
            name: quote::sh(container),
            absent: absent(container),
            starts: Starts::of(container, service, *job, exec),
        },
        Op::StopContainer { .. } | Op::RestartContainer { .. } | Op::RemoveContainer { .. } => {
            stopping(op)
        }
        Op::WaitHealthy {
            container,
            service,
            timeout_secs,
        } => Step::Wait {
            name: quote::sh(container),
            service: quote::sh(service),
            secs: *timeout_secs,
        },
        Op::Strays {
            known,
            stop_only,
            volumes,
        } => Step::Strays {
            known: quoted(known),
            stop_only: *stop_only,
            volumes: *volumes,
            gone: plan.action == Action::Up,
        },
        Op::CheckUnused { networks, volumes } => Step::Unused {
            networks: quoted(networks),
            volumes: quoted(volumes),
        },
        Op::RemoveNetwork { name } => Step::Remove {
            kind: "network",
            name: quote::sh(name),
            hooks: Vec::new(),
            commands: vec![Cmd::new(&docker::network_remove(name))],
        },
        Op::RemoveVolume { name } => Step::Remove {
            kind: "volume",
            name: quote::sh(name),
            hooks: Vec::new(),
            commands: vec![Cmd::new(&docker::volume_remove(name))],
        },
        Op::RemoveImage { image } => Step::Remove {
            kind: "image",
            name: word_expr(image),
            hooks: Vec::new(),
            commands: vec![Cmd::new(&docker::image_remove(image))],
        },
    }
}

/// Keep the container when its config hash is current, recreate it when
/// its definition changed, create it when absent; start it unless it runs
/// (a job: unless it completed).
fn run(spec: &ContainerSpec, plan: &Plan) -> Step {
    let check = Check::of(spec, plan).rolling(spec);
    Step::Run {
        replace: Replace::of(spec, check.sealed()).map(Box::new),
        check: Box::new(check),
        starts: Starts::of(&spec.name, &spec.service, spec.job, &spec.exec),
        exec_always: spec.exec_always,
        restart_with: spec.restart_with.iter().map(|n| quote::sh(n)).collect(),
        restart: Cmd::new(&docker::restart(&spec.name, spec.stop_timeout.as_ref())),
    }
}

/// Create the container unless it exists with its current definition
/// (recreate it if its definition changed); start nothing.
fn create_only(spec: &ContainerSpec, plan: &Plan) -> Step {
    Step::Create {
        check: Box::new(Check::of(spec, plan)),
    }
}

/// The container's row of the `ps` table.
fn report(spec: &ContainerSpec, plan: &Plan) -> Step {
    Step::Report {
        identity: Box::new(Identity::of(spec, plan)),
        service: quote::sh(&spec.service),
        image: word_expr(&spec.image),
    }
}

/// `--action run`: remove a leftover container of an earlier run, create,
/// start attached (its output streams here), remove, and exit with its
/// status.
fn once(spec: &ContainerSpec) -> Step {
    let name = &spec.name;
    let mut create = vec![Cmd::new(&docker::create(spec, None))];
    create.extend(Cmd::all(&docker::connect(spec)));
    Step::Once {
        name: quote::sh(name),
        force: Cmd::new(&docker::remove_forced(name)),
        create,
        copy: super::files::copy_in(spec),
        // Run it without `_sc_run`'s stop-on-failure: its status is the
        // result.
        start: Cmd::keeping_status(&docker::start(spec)),
        remove: Cmd::new(&docker::remove(name)),
    }
}

fn volume(spec: &VolumeSpec) -> Step {
    // `owner` and `mode` are applied once, by the commands after
    // `docker volume create`, when it creates the volume.
    let [create, init @ ..] = &docker::volume_create_all(spec)[..] else {
        unreachable!("volume_create_all starts with the create command")
    };
    Step::Ensure {
        kind: "volume",
        name: quote::sh(&spec.name),
        create: Cmd::new(create),
        init: Cmd::all(init),
    }
}

fn build(spec: &BuildSpec) -> Step {
    // The build-input hash: the context's files and the other inputs, read
    // when the script runs.
    let mut hash_inputs = vec![word_expr(&spec.context)];
    hash_inputs.extend(hash::build_inputs(spec).iter().map(word_expr));
    let hash = Word(vec![Piece::Var("_sc_bhash".to_owned())]);
    Step::Build {
        hash_inputs,
        bases: spec.bases.iter().map(|base| quote::sh(base)).collect(),
        tag: word_expr(&spec.tag),
        tag_key: spec.tag.as_literal().map(|tag| quote::sh(&tag)),
        always: spec.always,
        fresh: spec.fresh,
        build: Cmd::new(&docker::build(spec, Some(&hash))),
    }
}

/// `_sc_archive`'s words: the volume's key and name, the helper image and the
/// containers to stop while the archive is made.
fn archive_words(key: &str, volume: &str, image: &Word, containers: &[String]) -> Vec<String> {
    let mut words = vec![quote::sh(key), quote::sh(volume), word_expr(image)];
    words.extend(containers.iter().map(|c| quote::sh(c)));
    words
}

fn quoted(names: &[String]) -> Vec<String> {
    names.iter().map(|name| quote::sh(name)).collect()
}

/// The message of the stop when an action needs a container that `up` (or
/// `create`) has not made, quoted.
fn absent(container: &str) -> String {
    quote::sh(&format!(
        "container {container} does not exist: run the up (or create) script first"
    ))
}
