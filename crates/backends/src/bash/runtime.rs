//! What a plan reads when its script runs: parameters (and the escaped
//! forms it needs of them), the project directory, and the image
//! references a parameter completes.

use std::collections::BTreeSet;

use stackc_ir::ast::{Escape, Op, Piece, Plan, Word};

use crate::docker;

/// What the plan reads at run time: parameters (with the escapes needed)
/// and the project directory.
#[derive(Default)]
pub(super) struct Runtime {
    /// The parameters the commands' words read.
    pub(super) params: BTreeSet<String>,
    /// The escaped forms they need, by variable (`_sc_root` for the
    /// project directory).
    pub(super) escaped: BTreeSet<(String, EscapeKind)>,
    /// Whether they read the project directory.
    pub(super) root: bool,
    /// Whether they read the home directory (`~/…` host paths).
    pub(super) home: bool,
    /// The parameters passed in docker's environment (secrets).
    pub(super) secret_env: BTreeSet<String>,
}

/// An escaped form of a runtime value, held by its own variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum EscapeKind {
    Csv,
    Sh,
}

impl Runtime {
    pub(super) fn of(plan: &Plan) -> Self {
        let mut out = Self::default();
        for op in plan.blocks.iter().flat_map(|b| &b.ops) {
            let mut commands = docker::commands(op, None);
            if let Op::ReportContainer(spec) = op {
                // ps computes the config hash, which reads the definition.
                commands.push(docker::create(spec, None));
                commands.extend(docker::connect(spec));
            }
            for command in commands {
                for word in command
                    .argv
                    .iter()
                    .chain(command.env.iter().map(|(_, w)| w))
                {
                    out.scan(word);
                }
                for (_, value) in &command.env {
                    out.secret_env.extend(value.params().map(str::to_owned));
                }
            }
            if let Op::BuildImage(spec) = op {
                out.scan(&spec.tag);
            }
            if let Op::RunContainer(spec)
            | Op::CreateContainer(spec)
            | Op::RunOnce(spec)
            | Op::ReportContainer(spec) = op
            {
                for file in &spec.files {
                    let (stackc_ir::ast::FileContent::Host(word)
                    | stackc_ir::ast::FileContent::Value(word)) = &file.content;
                    out.scan(word);
                }
            }
        }
        out
    }

    /// Whether the script reads the parameter.
    pub(super) fn reads(&self, name: &str) -> bool {
        self.params.contains(name) || self.secret_env.contains(name)
    }

    fn scan(&mut self, word: &Word) {
        for piece in &word.0 {
            let (name, escape) = match piece {
                Piece::Lit(_) | Piece::Var(_) => continue,
                Piece::Param { name, escape } => {
                    self.params.insert(name.clone());
                    (name.clone(), *escape)
                }
                Piece::ProjectDir { escape } => {
                    self.root = true;
                    ("_sc_root".to_owned(), *escape)
                }
                Piece::HomeDir { escape } => {
                    self.home = true;
                    ("_sc_home".to_owned(), *escape)
                }
            };
            match escape {
                Escape::None => {}
                Escape::Csv => {
                    self.escaped.insert((name, EscapeKind::Csv));
                }
                Escape::Sh => {
                    self.escaped.insert((name, EscapeKind::Sh));
                }
            }
        }
    }
}

/// The image references a parameter completes, each once, with the path
/// of the first block that uses it: the script checks them before its
/// first docker call.
pub(super) fn runtime_images(plan: &Plan) -> Vec<(&str, &Word)> {
    let mut out: Vec<(&str, &Word)> = Vec::new();
    for block in &plan.blocks {
        for op in &block.ops {
            for image in docker::image_words(op) {
                let runtime = image.0.iter().any(|p| matches!(p, Piece::Param { .. }));
                if runtime && !out.iter().any(|(_, w)| *w == image) {
                    out.push((&block.path, image));
                }
            }
        }
    }
    out
}
