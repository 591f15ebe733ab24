//! The definition of each network the script creates: its config hash
//! ([`crate::hash::network_hash`]), given to `docker network create` as a
//! label and compared, before anything changes, with the label of the
//! network that exists (`templates/bash/script.sh`).

use stackc_ir::ast::{NetworkSpec, Op, Piece, Plan, Word};

use super::words::word_expr;
use crate::{docker, hash, quote};

/// Each network the plan creates, once: its name and its config hash, as
/// bash words (a digest computed when the script runs when parameters
/// complete its definition).
pub(super) fn network_hashes(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for op in plan.blocks.iter().flat_map(|b| &b.ops) {
        let Op::CreateNetwork(spec) = op else {
            continue;
        };
        let name = quote::sh(&spec.name);
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let hash = hash::network_hash(&docker::network_create(spec, None), &|p| plan.is_secret(p));
        let expression = if hash.inputs.is_empty() {
            hash.finish(&[])
        } else {
            let values: Vec<String> = hash
                .inputs
                .iter()
                .map(|input| {
                    let piece = match input {
                        hash::Input::Param(name) => Piece::Param {
                            name: name.clone(),
                            escape: stackc_ir::ast::Escape::None,
                        },
                        hash::Input::HomeDir => Piece::HomeDir {
                            escape: stackc_ir::ast::Escape::None,
                        },
                        // A network reads no file and no container.
                        _ => Piece::ProjectDir {
                            escape: stackc_ir::ast::Escape::None,
                        },
                    };
                    word_expr(&Word(vec![piece]))
                })
                .collect();
            format!("$(_sc_digest {} {})", hash.static_hex, values.join(" "))
        };
        out.push((name, expression));
    }
    out
}

/// The label word of a network's config hash, as the script holds it.
pub(super) fn hash_word(spec: &NetworkSpec) -> Word {
    Word(vec![Piece::Var(format!(
        "_sc_net_hash[{}]",
        quote::sh(&spec.name)
    ))])
}
