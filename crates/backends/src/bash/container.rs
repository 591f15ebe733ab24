//! A container's identity and its check against the one it was created
//! with: what `up` compares before it keeps, recreates or creates it.

use askama::Template;
use stackc_ir::ast::{ContainerSpec, Escape, Piece, Plan, Word};
use stackc_ir::stack::UpdateOrder;

use super::words::{Cmd, var, word_expr};
use crate::docker;
use crate::{hash, quote};

/// How the script writes a config hash.
pub(super) enum Hash {
    /// Known now: the container reads no runtime value.
    Literal(String),
    /// Computed by `_sc_digest` from the static part and the runtime
    /// values (as bash words).
    Digest {
        static_hex: String,
        values: Vec<String>,
    },
}

/// What identifies a container's definition, as the script computes it
/// (`templates/bash/identity.sh`): `_sc_fields`, `_sc_hash` and, when it
/// reads secrets, `_sc_seal` (the values of [`docker::Identity`]).
#[derive(Template)]
#[template(path = "bash/identity.sh", escape = "none")]
pub(super) struct Identity {
    /// The container's name, quoted.
    pub(super) name: String,
    /// The digests of its fields, quoted.
    fields: String,
    hash: Hash,
    /// The secrets it reads, as bash words (empty: none).
    seal: Vec<String>,
}

impl Identity {
    pub(super) fn of(spec: &ContainerSpec, plan: &Plan) -> Self {
        Self::from_base(spec, plan, &docker::Definition::of(spec))
    }

    /// [`Self::of`] from `base`, the container's commands.
    fn from_base(spec: &ContainerSpec, plan: &Plan, base: &docker::Definition) -> Self {
        let hash = hash::config_hash(spec, base, &|name| plan.is_secret(name));
        let origin = |path: &Word| {
            spec.files
                .iter()
                .find(|f| f.content == stackc_ir::ast::FileContent::Host(path.clone()))
                .map_or_else(String::new, |f| f.origin.clone())
        };
        let input = |input: &hash::Input| {
            let escape = Escape::None;
            let piece = match input {
                hash::Input::Param(name) => Piece::Param {
                    name: name.clone(),
                    escape,
                },
                hash::Input::ProjectDir => Piece::ProjectDir { escape },
                hash::Input::HomeDir => Piece::HomeDir { escape },
                hash::Input::File(path) => return super::files::digest_word(&origin(path), path),
                hash::Input::OptionalFile(path) => {
                    return var(&docker::optional_file_var(path));
                }
                hash::Input::ContainerId(name) => {
                    return format!("\"$(_sc_container_id {})\"", quote::sh(name));
                }
            };
            word_expr(&Word(vec![piece]))
        };
        Self {
            name: quote::sh(&spec.name),
            fields: quote::sh(&hash::config_fields(spec, base)),
            hash: if hash.inputs.is_empty() {
                Hash::Literal(hash.finish(&[]))
            } else {
                Hash::Digest {
                    values: hash.inputs.iter().map(input).collect(),
                    static_hex: hash.static_hex,
                }
            },
            seal: hash
                .secrets
                .iter()
                .map(|name| var(name))
                // A shell identifier (the frontend's rule), maybe unset.
                .chain(hash.passed.iter().map(|name| format!("\"${{{name}-}}\"")))
                .chain(
                    hash.sealed_files
                        .iter()
                        .map(|path| super::files::digest_word(&origin(path), path)),
                )
                .collect(),
        }
    }

    /// Whether the container reads secrets (`_sc_secrets` holds their seal).
    pub(super) fn sealed(&self) -> bool {
        !self.seal.is_empty()
    }
}

/// A container checked against its definition (`templates/bash/check.sh`):
/// `_sc_now`, and the removal of one whose definition changed.
#[derive(Template)]
#[template(path = "bash/check.sh", escape = "none")]
pub(super) struct Check {
    identity: Identity,
    /// `job` or `container`.
    pub(super) what: &'static str,
    /// The container's name, quoted.
    pub(super) name: String,
    /// Its image reference, as a bash word.
    pub(super) image: String,
    stop: Cmd,
    remove: Cmd,
    /// The commands that create it, with the labels of its identity:
    /// `docker create` and `docker network connect`.
    pub(super) create: Vec<Cmd>,
    /// The copy of its secrets and configs into it, after it is created.
    pub(super) copy: Option<String>,
    /// In a rolling update: recorded in `_sc_rolled` when replaced.
    rolls: bool,
    /// Stop-first in a rolling update: `_sc_drain`'s words.
    drain: Option<String>,
    /// Start-first: the old container stays until its replacement is
    /// ready (the run step replaces it).
    later: bool,
}

impl Check {
    pub(super) fn of(spec: &ContainerSpec, plan: &Plan) -> Self {
        let base = docker::Definition::of(spec);
        let identity = Identity::from_base(spec, plan, &base);
        Self {
            rolls: false,
            drain: None,
            later: false,
            create: commands_from(identity.sealed(), base),
            copy: super::files::copy_in(spec),
            identity,
            what: if spec.job { "job" } else { "container" },
            name: quote::sh(&spec.name),
            image: word_expr(&spec.image),
            stop: Cmd::new(&docker::stop(&spec.name, spec.stop_timeout.as_ref())),
            remove: Cmd::new(&docker::remove(&spec.name)),
        }
    }
}

impl Check {
    /// The check of a container that `up` replaces in a rolling update.
    pub(super) fn rolling(mut self, spec: &ContainerSpec) -> Self {
        if let Some(rolling) = &spec.rolling {
            self.rolls = true;
            self.later = rolling.order == UpdateOrder::StartFirst;
            if !self.later {
                self.drain = drain(spec);
            }
        }
        self
    }

    /// Whether it reads secrets.
    pub(super) fn sealed(&self) -> bool {
        self.identity.sealed()
    }
}

/// `docker create` (with the config hash, and the seal of its secrets when
/// it reads some) and `docker network connect`.
pub(super) fn create_commands(spec: &ContainerSpec, sealed: bool) -> Vec<Cmd> {
    commands_from(sealed, docker::Definition::of(spec))
}

/// [`create_commands`] from `base`, the container's commands.
fn commands_from(sealed: bool, base: docker::Definition) -> Vec<Cmd> {
    let var = |name: &str| Word(vec![Piece::Var(name.to_owned())]);
    let identity = docker::Identity {
        hash: var("_sc_hash"),
        fields: var("_sc_fields"),
        secrets: sealed.then(|| var("_sc_secrets")),
    };
    let mut out = vec![Cmd::new(&docker::with_identity(base.create, &identity))];
    out.extend(Cmd::all(&base.connect));
    out
}

/// `_sc_drain`'s words: the container, then its networks; `None` without
/// networks.
pub(super) fn drain(spec: &ContainerSpec) -> Option<String> {
    if spec.networks.is_empty() {
        return None;
    }
    let mut words = vec![quote::sh(&spec.name)];
    words.extend(spec.networks.iter().map(|n| word_expr(&n.network)));
    Some(words.join(" "))
}
