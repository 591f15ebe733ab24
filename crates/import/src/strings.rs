//! Compose string values as stack.toml strings: in the fields where stackc
//! takes parameters, a template (`$` doubled, variables as `${NAME}`);
//! elsewhere, literal text with no variable.

use crate::Ctx;
use crate::interpolate::{self, Op, Piece};
use crate::node::Node;

impl Ctx {
    /// A scalar (string, number or boolean) of a field that takes
    /// parameters, as stackc template text.
    pub fn template(&mut self, path: &str, node: &Node) -> Option<String> {
        let text = self.scalar(path, node)?;
        self.template_text(path, node, &text)
    }

    /// Compose text (before interpolation) as stackc template text.
    pub fn template_text(&mut self, path: &str, node: &Node, text: &str) -> Option<String> {
        let pieces = match interpolate::parse(text) {
            Ok(pieces) => pieces,
            Err(why) => {
                self.problems.unsupported(path, node, &why);
                return None;
            }
        };
        self.template_pieces(path, node, pieces)
    }

    /// Interpolation pieces as stackc template text.
    pub fn template_pieces(
        &mut self,
        path: &str,
        node: &Node,
        pieces: Vec<Piece>,
    ) -> Option<String> {
        let mut out = String::new();
        let mut ok = true;
        for piece in pieces {
            match piece {
                Piece::Lit(text) => out.push_str(&text.replace('$', "$$")),
                Piece::Var { name, op } => match self.params.use_var(&name, &op) {
                    Ok(()) => out.push_str(&format!("${{{name}}}")),
                    Err(_) if crate::params::Params::check_name(&name).is_ok() && op.has_word() => {
                        match self.use_site(path, node, &name, &op) {
                            Some(text) => out.push_str(&text),
                            None => ok = false,
                        }
                    }
                    Err(why) => {
                        self.problems.unsupported(path, node, &why);
                        // With --lossy, `${VAR-x}` is kept as `${VAR:-x}`
                        // (the comment says so).
                        let approximated = match op {
                            Op::Default {
                                text,
                                unset_only: true,
                            } if self.problems.is_lossy() => self
                                .params
                                .use_var(
                                    &name,
                                    &Op::Default {
                                        text,
                                        unset_only: false,
                                    },
                                )
                                .is_ok(),
                            _ => false,
                        };
                        if approximated {
                            out.push_str(&format!("${{{name}}}"));
                        } else {
                            ok = false;
                        }
                    }
                },
            }
        }
        ok.then_some(out)
    }

    /// A use with a fallback of its own, as stack.toml writes it
    /// (`${NAME:-word}`, `${NAME:+word}`, `${NAME-}` for a plain use): where
    /// a parameter's one default cannot say it (another default elsewhere,
    /// an interpolation in the default, a replacement when set).
    fn use_site(&mut self, path: &str, node: &Node, name: &str, op: &Op) -> Option<String> {
        let (form, word) = match op {
            Op::Default { text, unset_only } => (if *unset_only { "-" } else { ":-" }, text),
            Op::Alternative { text, unset_only } => (if *unset_only { "+" } else { ":+" }, text),
            // `${NAME}` beside a default elsewhere: compose's blank string
            // when unset.
            Op::Plain => ("-", &String::new()),
            Op::Required { .. } => return None,
        };
        let word = self.template_text(path, node, word)?;
        self.params.declared.entry(name.to_owned()).or_default();
        Some(format!("${{{name}{form}{word}}}"))
    }

    /// A scalar of a field that takes no parameters, as literal text.
    pub fn literal(&mut self, path: &str, node: &Node) -> Option<String> {
        let text = self.scalar(path, node)?;
        self.literal_text(path, node, &text)
    }

    /// The text of a scalar ([`Node::scalar_text`]); `None`, reported, for
    /// anything else.
    pub(crate) fn scalar(&mut self, path: &str, node: &Node) -> Option<String> {
        let text = node.scalar_text();
        if text.is_none() {
            self.problems.unsupported(
                path,
                node,
                &format!("expected a string, found {}", node.type_name()),
            );
        }
        text
    }

    /// Compose text (before interpolation) of a field that takes no
    /// parameters, as literal text.
    pub fn literal_text(&mut self, path: &str, node: &Node, text: &str) -> Option<String> {
        match interpolate::parse(text) {
            Ok(pieces) => {
                let mut out = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Lit(text) => out.push_str(&text),
                        Piece::Var {
                            name,
                            op: Op::Default { text, .. },
                        } if self.problems.is_lossy() && !text.contains('$') => {
                            self.problems.unsupported(
                                path,
                                node,
                                &format!("uses the variable `{name}`, but stackc takes no parameters in this field{}; its default `{text}` is written instead", why_no_params(path)),
                            );
                            out.push_str(&text);
                        }
                        Piece::Var { name, .. } => {
                            self.problems.unsupported(
                                path,
                                node,
                                &format!("uses the variable `{name}`, but stackc takes no parameters in this field{}", why_no_params(path)),
                            );
                            return None;
                        }
                    }
                }
                Some(out)
            }
            Err(why) => {
                self.problems.unsupported(path, node, &why);
                None
            }
        }
    }

    /// A boolean (compose also takes the strings `true` and `false`).
    pub fn boolean(&mut self, path: &str, node: &Node) -> Option<bool> {
        match &node.kind {
            crate::node::Kind::Bool(b) => Some(*b),
            // As compose's interpolation converts a string: `yes`, `on`, ….
            _ => match stackc_ir::check::boolean(&self.literal(path, node)?) {
                Some(on) => Some(on),
                None => {
                    self.problems.unsupported(path, node, "expected a boolean");
                    None
                }
            },
        }
    }
}

/// Why a field takes no parameters, where it is a name stackc finds
/// resources by (empty for other fields).
fn why_no_params(path: &str) -> &'static str {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["name"] => {
            ": every action finds the stack's containers, networks and volumes by the stack's name, \
             so it is written, not given (`stackc import --lossy` writes the default)"
        }
        ["networks" | "volumes", _, "name"] => {
            ": the stack creates it, and every action finds it by this name; write the name, or \
             mark it `external: true` when something else creates it (an external name takes \
             parameters)"
        }
        ["services", _, "container_name"] => {
            ": the scripts find, keep or replace the container by this name, so it is written, \
             not given (`stackc import --lossy` writes the default)"
        }
        ["services", _, "network_mode"] => {
            ": it decides the order of the plan (`service:NAME` starts NAME first) and what the \
             container may set (ports, aliases), so it is written, not given (`stackc import \
             --lossy` writes the default)"
        }
        ["services", _, volumes, "target"] if volumes.starts_with("volumes[") => {
            ": a mount is known by its target (an overlay replaces the mount at the same \
             target, and two mounts at one target are refused), so it is written, not given \
             (`stackc import --lossy` writes the default)"
        }
        ["services", _, "deploy", "replicas"] | ["services", _, "scale"] => {
            ": the plan creates, keeps or removes each replica's container by its number, so the \
             number is written, not given (`stackc import --lossy` writes the default)"
        }
        _ => "",
    }
}
