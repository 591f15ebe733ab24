//! `stackc diff`: what applying one version of a stack to an engine that
//! runs another would do, found without an engine.
//!
//! Each side is the `up` plan of its version. A container is recreated
//! exactly when the script `up.sh` would recreate it: its full config hash
//! (the one the argv backend fixes at compile time, [`hash::config_hash`]
//! finished with the assumed values), its image reference, or a rebuild of
//! its image differs; the fields named are those whose digest
//! ([`hash::config_fields`]) differs, as `_sc_changed` names them for
//! `up.sh --plan`. So the two cannot disagree.
//!
//! What cannot be known statically is assumed, and said in the output:
//! the old version is up and current on the engine (its jobs completed);
//! each parameter takes the value given with `--set` on both sides, else
//! its default on each side (a secret is never read); secrets do not
//! change.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use stackc_ir::Stack;
use stackc_ir::ast::{BuildSpec, ContainerSpec, Op, Plan};

use crate::params::Values;
use crate::{Layout, argv, hash};

mod changes;
pub mod render;

pub use changes::{Attention, ParamChange};

/// One version of the stack.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The whole stack (every profile): its parameters and profiles.
    pub stack: &'a Stack,
    /// The `up` plan of the selected services.
    pub plan: &'a Plan,
    /// `project_dir` is where this version's files are (build contexts,
    /// config files); `param_values` the values assumed (`--set`).
    pub layout: &'a Layout,
}

/// What applying a version does to one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    /// A container whose definition changed: removed, created again.
    Recreate,
    /// A job whose definition changed: recreated and run again.
    RunAgain,
    /// An image whose build inputs changed: built again.
    Rebuild,
    /// A container the new version does not define.
    Remove,
    Keep,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Recreate => "recreate",
            Self::RunAgain => "run again",
            Self::Rebuild => "rebuild",
            Self::Remove => "remove",
            Self::Keep => "keep",
        }
    }
}

/// One resource and what happens to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// `network`, `volume`, `image`, `container` or `job`.
    pub kind: &'static str,
    /// The engine's name (a container's, a network's, an image's tag).
    pub name: String,
    pub action: Action,
    /// For a recreated container or job: the changed fields, as
    /// `up.sh --plan` names them.
    pub changed: Vec<String>,
    /// Why, when the fields do not say it (a parameter's default).
    pub because: Vec<String>,
}

/// Everything `stackc diff` reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// In the order `up` acts on them; removed containers last.
    pub rows: Vec<Row>,
    pub params: Vec<ParamChange>,
    /// `(profile, added)`.
    pub profiles: Vec<(String, bool)>,
    /// What `up` will not do and a human must.
    pub attention: Vec<Attention>,
}

impl Diff {
    /// Whether applying the new version changes anything.
    pub fn changes(&self) -> bool {
        self.rows.iter().any(|r| r.action != Action::Keep)
            || !self.params.is_empty()
            || !self.profiles.is_empty()
            || !self.attention.is_empty()
    }
}

/// What the config hash reads for the project directory and the home
/// directory: the same on both sides (the stack is deployed where it was).
const PROJECT_DIR: &str = "<project>";
const HOME_DIR: &str = "<home>";

/// Compare two versions.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> Diff {
    let old_images = images(old);
    let new_images = images(new);
    let mut rows = Vec::new();
    for block in &new.plan.blocks {
        for op in &block.ops {
            match op {
                Op::CreateNetwork(spec) => {
                    rows.push(simple("network", &spec.name, has(old.plan, op)));
                }
                Op::CreateVolume(spec) => {
                    rows.push(simple("volume", &spec.name, has(old.plan, op)));
                }
                Op::BuildImage(spec) => {
                    let tag = fixed_word(&spec.tag, new);
                    let action = match (old_images.get(&tag), new_images.get(&tag)) {
                        (None, _) => Action::Create,
                        (Some(a), Some(b)) if a == b => Action::Keep,
                        _ => Action::Rebuild,
                    };
                    rows.push(Row {
                        kind: "image",
                        name: tag,
                        action,
                        changed: Vec::new(),
                        because: Vec::new(),
                    });
                }
                Op::RunContainer(spec) | Op::CreateContainer(spec) => {
                    let rebuilt = |image: &str| {
                        rows.iter().any(|r: &Row| {
                            r.kind == "image" && r.name == image && r.action != Action::Keep
                        })
                    };
                    let row = container(old, new, spec, &rebuilt);
                    rows.push(row);
                }
                _ => {}
            }
        }
    }
    rows.extend(removed(old, new));
    Diff {
        rows,
        params: changes::params(old, new),
        profiles: changes::profiles(old.stack, new.stack),
        attention: changes::attention(old, new),
    }
}

/// A network or volume: created unless the old version has it (a changed
/// driver is for a human: see [`changes::attention`]).
fn simple(kind: &'static str, name: &str, exists: bool) -> Row {
    Row {
        kind,
        name: name.to_owned(),
        action: if exists { Action::Keep } else { Action::Create },
        changed: Vec::new(),
        because: Vec::new(),
    }
}

/// Whether `plan` creates the same network or volume (by name) as `op`.
fn has(plan: &Plan, op: &Op) -> bool {
    ops(plan).any(|other| match (op, other) {
        (Op::CreateNetwork(a), Op::CreateNetwork(b)) => a.name == b.name,
        (Op::CreateVolume(a), Op::CreateVolume(b)) => a.name == b.name,
        _ => false,
    })
}

pub(crate) fn ops(plan: &Plan) -> impl Iterator<Item = &Op> {
    plan.blocks.iter().flat_map(|b| &b.ops)
}

/// The containers a plan creates, by name.
pub(crate) fn containers(plan: &Plan) -> impl Iterator<Item = &ContainerSpec> {
    ops(plan).filter_map(|op| match op {
        Op::RunContainer(spec) | Op::CreateContainer(spec) => Some(&**spec),
        _ => None,
    })
}

/// The build-input hash of each image a side builds, by tag, computed as
/// the argv backend computes it (the scripts compute the same).
fn images(side: &Side<'_>) -> BTreeMap<String, String> {
    let values = Values::new(side.plan, side.layout);
    let mut built = BTreeMap::new();
    let mut out = BTreeMap::new();
    for op in ops(side.plan) {
        if let Op::BuildImage(spec) = op {
            let hash = build(spec, side, &values, &mut built);
            out.insert(fixed_word(&spec.tag, side), hash);
        }
    }
    out
}

fn build(
    spec: &BuildSpec,
    side: &Side<'_>,
    values: &Values<'_>,
    built: &mut BTreeMap<String, String>,
) -> String {
    let mut missing = Vec::new();
    // The context is read where this version's files are; the other words
    // see the project directory as the config hash does.
    let context = argv::fix(&spec.context, side.layout, values, &mut missing);
    let mut spec = spec.clone();
    spec.context = stackc_ir::ast::Word::lit(context);
    let layout = hashed(side.layout);
    argv::build_identity(
        &spec,
        |word| argv::fix(word, &layout, values, &mut missing),
        built,
    )
}

/// `layout` with the project and home directories the config hash reads.
fn hashed(layout: &Layout) -> Layout {
    Layout {
        project_dir: PROJECT_DIR.to_owned(),
        home: Some(HOME_DIR.to_owned()),
        ..layout.clone()
    }
}

/// A word with the side's values fixed (an image reference, a tag).
fn fixed_word(word: &stackc_ir::ast::Word, side: &Side<'_>) -> String {
    let values = Values::new(side.plan, side.layout);
    argv::fix(word, &hashed(side.layout), &values, &mut Vec::new())
}

/// A container's identity with the side's values fixed: the full config
/// hash and the field digests.
fn identity(spec: &ContainerSpec, side: &Side<'_>) -> (String, String) {
    let values = Values::new(side.plan, side.layout);
    let id = argv::container_identity(spec, side.plan, |input| match input {
        hash::Input::Param(name) => values.get(name).unwrap_or_default(),
        hash::Input::ProjectDir => PROJECT_DIR.to_owned(),
        hash::Input::HomeDir => HOME_DIR.to_owned(),
        hash::Input::File(path) => {
            let path = argv::fix(path, side.layout, &values, &mut Vec::new());
            file_digest(std::path::Path::new(&path))
        }
        hash::Input::OptionalFile(path) => {
            let real = argv::fix(path, side.layout, &values, &mut Vec::new());
            if std::path::Path::new(&real).exists() {
                argv::fix(path, &hashed(side.layout), &values, &mut Vec::new())
            } else {
                argv::DEV_NULL.to_owned()
            }
        }
        // The container whose network stack it uses gets a new ID exactly
        // when it is recreated: its own definition stands for its ID.
        hash::Input::ContainerId(name) => {
            container_spec(side, name).map_or_else(|| name.clone(), |other| identity(other, side).0)
        }
    });
    (
        id.hash.as_literal().unwrap_or_default(),
        id.fields.as_literal().unwrap_or_default(),
    )
}

/// The container named `name` in the side's plan.
fn container_spec<'s>(side: &Side<'s>, name: &str) -> Option<&'s ContainerSpec> {
    side.plan
        .blocks
        .iter()
        .flat_map(|b| &b.ops)
        .find_map(|op| match op {
            stackc_ir::ast::Op::RunContainer(spec) | stackc_ir::ast::Op::CreateContainer(spec)
                if spec.name == name =>
            {
                Some(&**spec)
            }
            _ => None,
        })
}

/// The sha256 of a file's content, as the scripts fold it in (`-` when
/// it cannot be read).
fn file_digest(path: &std::path::Path) -> String {
    std::fs::File::open(path)
        .and_then(|mut file| {
            let mut hasher = Sha256::new();
            std::io::copy(&mut file, &mut hasher)?;
            Ok(hash::hex(&hasher.finalize()))
        })
        .unwrap_or_else(|_| "-".to_owned())
}

/// One container of the new version against the old one of its name.
fn container(
    old: &Side<'_>,
    new: &Side<'_>,
    spec: &ContainerSpec,
    rebuilt: &dyn Fn(&str) -> bool,
) -> Row {
    let kind = if spec.job { "job" } else { "container" };
    let Some(before) = containers(old.plan).find(|c| c.name == spec.name) else {
        return Row {
            kind,
            name: spec.name.clone(),
            action: Action::Create,
            changed: Vec::new(),
            because: Vec::new(),
        };
    };
    let (old_hash, old_fields) = identity(before, old);
    let (new_hash, new_fields) = identity(spec, new);
    let image = fixed_word(&spec.image, new);
    let image_changed = fixed_word(&before.image, old) != image || rebuilt(&image);
    let mut because = Vec::new();
    let action = if old_hash == new_hash && !image_changed {
        Action::Keep
    } else if spec.job {
        Action::RunAgain
    } else {
        Action::Recreate
    };
    let mut changed = Vec::new();
    if action != Action::Keep {
        // As `_sc_changed` in templates/bash/lib/definition.sh.
        let live: Vec<&str> = old_fields.split(',').collect();
        changed = new_fields
            .split(',')
            .filter(|field| !live.contains(field))
            .map(|field| field.split('=').next().unwrap_or(field).to_owned())
            .collect();
        if image_changed && !changed.iter().any(|f| f == "image") {
            changed.insert(0, "image".to_owned());
        }
        if changed.is_empty() {
            changed.push("parameter-values".to_owned());
        }
        because = changes::defaults_read(old, new, spec);
        if rebuilt(&image) {
            because.push(format!("its image {image} is rebuilt"));
        }
    }
    Row {
        kind,
        name: spec.name.clone(),
        action,
        changed,
        because,
    }
}

/// The old version's containers that `up` of the new one removes: those
/// it does not know (a removed service, a surplus replica). With another
/// stack name, `up` sees none of them (see [`changes::attention`]).
fn removed(old: &Side<'_>, new: &Side<'_>) -> Vec<Row> {
    if old.plan.stack != new.plan.stack {
        return Vec::new();
    }
    let known: Vec<&String> = ops(new.plan)
        .flat_map(|op| match op {
            Op::Strays { known, .. } => known.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    containers(old.plan)
        .filter(|spec| !known.contains(&&spec.name))
        .map(|spec| Row {
            kind: if spec.job { "job" } else { "container" },
            name: spec.name.clone(),
            action: Action::Remove,
            changed: Vec::new(),
            because: Vec::new(),
        })
        .collect()
}
