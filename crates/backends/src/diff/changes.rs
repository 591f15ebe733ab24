//! What changes besides the resources `up` acts on: parameters, profiles,
//! and what `up` leaves for a human.

use std::collections::BTreeSet;

use stackc_ir::Stack;
use stackc_ir::ast::{ContainerSpec, Op, ParamSpec};

use super::{Side, ops};
use crate::{docker, hash};

/// A change of one parameter's declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamChange {
    pub name: String,
    /// `added`, `removed`, `made secret`, `made public`, `new default`,
    /// `new choices`.
    pub change: &'static str,
    /// What it means for a deploy.
    pub note: String,
}

/// Something `up` will not do, that a human must.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attention {
    /// `stack`, `network` or `volume`.
    pub kind: &'static str,
    pub name: String,
    pub reason: String,
}

/// `value` quoted for a note (never a secret's).
fn quoted(value: Option<&String>) -> String {
    value.map_or_else(
        || "none".to_owned(),
        |v| format!("`{}`", v.replace('`', "'")),
    )
}

/// The changes of the parameters' declarations, old order then new ones.
pub(super) fn params(old: &Side<'_>, new: &Side<'_>) -> Vec<ParamChange> {
    let find = |side: &Side<'_>, name: &str| -> Option<ParamSpec> {
        side.plan.params.iter().find(|p| p.name == name).cloned()
    };
    let mut out = Vec::new();
    let mut push = |name: &str, change: &'static str, note: String| {
        out.push(ParamChange {
            name: name.to_owned(),
            change,
            note,
        });
    };
    for before in &old.plan.params {
        let name = &before.name;
        let Some(after) = find(new, name) else {
            push(name, "removed", "no longer read".to_owned());
            continue;
        };
        if before.secret != after.secret {
            if after.secret {
                push(
                    name,
                    "made secret",
                    "sealed, never written to a file or a command line; no longer taken from --set"
                        .to_owned(),
                );
            } else {
                push(name, "made public", "its value is now written into the containers' definitions (docker inspect shows it)".to_owned());
            }
        }
        if before.default != after.default {
            let note = if after.secret || before.secret {
                "a secret's default changed (values not shown)".to_owned()
            } else if after.default.is_none() {
                format!(
                    "{} → none: every deploy must now give it",
                    quoted(before.default.as_ref())
                )
            } else {
                format!(
                    "{} → {}: a container that reads it is recreated if it keeps its default",
                    quoted(before.default.as_ref()),
                    quoted(after.default.as_ref())
                )
            };
            push(name, "new default", note);
        }
        if before.keep_empty != after.keep_empty {
            let note = if after.keep_empty {
                "an empty value is now kept (the default applies only when unset)"
            } else {
                "an empty value now counts as unset (the default applies)"
            };
            push(name, "new empty rule", note.to_owned());
        }
        if before.choices != after.choices {
            let list = |c: &[String]| {
                if c.is_empty() {
                    "any".to_owned()
                } else {
                    c.iter()
                        .map(|v| quoted(Some(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            push(
                name,
                "new choices",
                format!("{} → {}", list(&before.choices), list(&after.choices)),
            );
        }
    }
    for after in &new.plan.params {
        if find(old, &after.name).is_some() {
            continue;
        }
        let note = match (after.secret, &after.default) {
            (true, None) => "secret, no default: every deploy must now give it".to_owned(),
            (true, Some(_)) => "secret, with a default".to_owned(),
            (false, None) => "no default: every deploy must now give it".to_owned(),
            (false, Some(default)) => format!("default {}", quoted(Some(default))),
        };
        push(&after.name, "added", note);
    }
    out
}

/// The profiles added and removed: `(name, added)`.
pub(super) fn profiles(old: &Stack, new: &Stack) -> Vec<(String, bool)> {
    let of = |stack: &Stack| -> BTreeSet<String> {
        stack
            .services
            .values()
            .flat_map(|s| s.profiles.iter().map(|p| p.value.clone()))
            .collect()
    };
    let (before, after) = (of(old), of(new));
    let mut out: Vec<(String, bool)> = after
        .difference(&before)
        .map(|p| (p.clone(), true))
        .collect();
    out.extend(before.difference(&after).map(|p| (p.clone(), false)));
    out
}

/// Why a recreated container is recreated when no field says it: each
/// parameter it reads (not given with `--set`) whose default changed.
pub(super) fn defaults_read(old: &Side<'_>, new: &Side<'_>, spec: &ContainerSpec) -> Vec<String> {
    let secret = |name: &str| new.plan.is_secret(name);
    let hash = hash::config_hash(spec, &docker::Definition::of(spec), &secret);
    let mut names: Vec<&str> = spec.image.params().collect();
    for input in &hash.inputs {
        if let hash::Input::Param(name) = input
            && !names.contains(&name.as_str())
        {
            names.push(name);
        }
    }
    let default = |side: &Side<'_>, name: &str| {
        side.plan
            .params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.default.clone())
    };
    names
        .into_iter()
        .filter(|name| !secret(name) && !new.layout.param_values.contains_key(*name))
        .filter(|name| default(old, name) != default(new, name))
        .map(|name| format!("the default of {name} changed: recreated if {name} keeps its default"))
        .collect()
}

/// What `up` leaves undone: a removed volume (its data stays), a volume
/// or network whose driver changed (kept as it is), a renamed stack.
pub(super) fn attention(old: &Side<'_>, new: &Side<'_>) -> Vec<Attention> {
    let mut out = Vec::new();
    if old.plan.stack != new.plan.stack {
        out.push(Attention {
            kind: "stack",
            name: new.plan.stack.clone(),
            reason: format!(
                "renamed from {}: `up` creates every resource anew under the new name and leaves the old stack's containers, networks and volumes as they are; take the old stack down with its own down.sh",
                old.plan.stack
            ),
        });
        return out;
    }
    for op in ops(old.plan) {
        let found = ops(new.plan).find(|other| match (op, other) {
            (Op::CreateVolume(a), Op::CreateVolume(b)) => a.name == b.name,
            (Op::CreateNetwork(a), Op::CreateNetwork(b)) => a.name == b.name,
            _ => false,
        });
        match (op, found) {
            (Op::CreateVolume(a), None) => out.push(Attention {
                kind: "volume",
                name: a.name.clone(),
                reason: "no longer in the stack: `up` does not remove it, and its data stays; remove it by hand (`docker volume rm`) once the data is not needed".to_owned(),
            }),
            (Op::CreateNetwork(a), None) => out.push(Attention {
                kind: "network",
                name: a.name.clone(),
                reason: "no longer in the stack: `up` leaves it; remove it by hand (`docker network rm`)".to_owned(),
            }),
            (Op::CreateVolume(a), Some(Op::CreateVolume(b))) => {
                if a.driver != b.driver {
                    out.push(Attention {
                        kind: "volume",
                        name: a.name.clone(),
                        reason: format!(
                            "driver changed ({} → {}): `up` keeps the existing volume; changing it takes `purge` (which deletes its data: back it up first) then `up`",
                            driver(a.driver.as_ref()),
                            driver(b.driver.as_ref())
                        ),
                    });
                }
                if a.init != b.init {
                    out.push(Attention {
                        kind: "volume",
                        name: a.name.clone(),
                        reason: "owner or mode changed: they are applied when the volume is created, so `up` leaves the existing one as it is".to_owned(),
                    });
                }
            }
            (Op::CreateNetwork(a), Some(Op::CreateNetwork(b)))
                if a.driver != b.driver || a.internal != b.internal =>
            {
                out.push(Attention {
                    kind: "network",
                    name: a.name.clone(),
                    reason: "driver or `internal` changed: `up` keeps the existing network; changing it takes `down` then `up`".to_owned(),
                });
            }
            _ => {}
        }
    }
    out
}

fn driver(driver: Option<&String>) -> String {
    driver.map_or_else(|| "local".to_owned(), |d| format!("`{d}`"))
}
