//! What a plan reads when its script runs: parameters (and the escaped
//! forms it needs of them), the project directory, and the image
//! references a parameter completes.

use std::collections::BTreeSet;

use stackc_ir::ast::{Converted, Escape, Op, Piece, Plan, Word};
use stackc_ir::template::{Expansion, Part};

use crate::docker;

/// What the plan reads at run time: parameters (with the escapes needed)
/// and the project directory.
#[derive(Debug, Default, PartialEq, Eq)]
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
    /// The references with a fallback the words read, each once, inner
    /// ones before those whose fallback holds them: computed after the
    /// parameters, from the values given for them.
    pub(super) expansions: Vec<Expansion>,
    /// The parameters read without a fallback of their own: those that
    /// need a value.
    pub(super) bare: BTreeSet<String>,
    /// The paths of the optional env files (`required = false`), each
    /// once: the script checks whether each exists before its first docker
    /// command.
    pub(super) optional_files: Vec<Word>,
    /// The values converted to the form docker takes, each once, in order
    /// of first use: computed (and checked) before the first docker
    /// command.
    pub(super) converts: Vec<Converted>,
}

/// The variable that holds a parameter's value: its own name, or for a
/// reference with a fallback (named by its text,
/// [`stackc_ir::template::Expansion::key`]) `_sc_x_` and a digest of the
/// text.
pub(crate) fn param_var(name: &str) -> String {
    if stackc_ir::template::is_param_name(name) {
        return name.to_owned();
    }
    let digest = <sha2::Sha256 as sha2::Digest>::digest(name.as_bytes());
    let mut var = String::from("_sc_x_");
    for byte in &digest[..6] {
        var.push_str(&format!("{byte:02x}"));
    }
    var
}

/// An escaped form of a runtime value, held by its own variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum EscapeKind {
    Csv,
    Sh,
}

/// How many of the plan's blocks a thread scans at a time.
const BLOCKS_PER_CHUNK: usize = 64;

impl Runtime {
    /// What `plan` reads: its blocks scanned a chunk at a time on every
    /// core, each chunk's findings taken in order, as one scan in order
    /// would find them.
    pub(super) fn of(plan: &Plan) -> Self {
        let mut out = Self::default();
        stackc_ir::parallel::for_each_ordered(
            plan.blocks.len(),
            BLOCKS_PER_CHUNK,
            |range| {
                let mut part = Self::default();
                for op in plan.blocks[range].iter().flat_map(|b| &b.ops) {
                    part.op(op);
                }
                part
            },
            |part| out.merge(part),
        );
        out
    }

    /// `part`'s findings after this one's: the lists keep the order of
    /// first appearance, each item once.
    fn merge(&mut self, part: Self) {
        let Self {
            params,
            escaped,
            root,
            home,
            secret_env,
            expansions,
            bare,
            optional_files,
            converts,
        } = part;
        self.params.extend(params);
        self.escaped.extend(escaped);
        self.root |= root;
        self.home |= home;
        self.secret_env.extend(secret_env);
        self.bare.extend(bare);
        // An expansion's inner ones come before it in `part`: taken in
        // order, they stay before it.
        for expansion in expansions {
            if !self.expansions.contains(&expansion) {
                self.expansions.push(expansion);
            }
        }
        for path in optional_files {
            if !self.optional_files.contains(&path) {
                self.optional_files.push(path);
            }
        }
        for converted in converts {
            if !self.converts.contains(&converted) {
                self.converts.push(converted);
            }
        }
    }

    /// What one operation's commands read.
    pub(super) fn op(&mut self, op: &Op) {
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
                self.scan(word);
            }
            for (_, value) in &command.env {
                self.secret_env.extend(value.params().map(str::to_owned));
            }
        }
        if let Op::BuildImage(spec) = op {
            self.scan(&spec.tag);
        }
        if let Op::RunContainer(spec)
        | Op::CreateContainer(spec)
        | Op::RunOnce(spec)
        | Op::ReportContainer(spec) = op
        {
            for file in &spec.files {
                let (stackc_ir::ast::FileContent::Host(word)
                | stackc_ir::ast::FileContent::Value(word)) = &file.content;
                self.scan(word);
            }
            for file in spec.env_files.iter().filter(|f| !f.required) {
                self.scan(&file.path);
                if !self.optional_files.contains(&file.path) {
                    self.optional_files.push(file.path.clone());
                }
            }
        }
    }

    /// Whether the script reads the parameter.
    pub(super) fn reads(&self, name: &str) -> bool {
        self.params.contains(name) || self.secret_env.contains(name)
    }

    /// Whether the script tests the value given for the parameter (a
    /// reference with a fallback reads it).
    pub(super) fn tests_given(&self, name: &str) -> bool {
        self.expansions.iter().any(|e| e.name == name)
    }

    /// A reference with a fallback, and those in its fallback first.
    fn expansion(&mut self, expansion: &Expansion) {
        if self.expansions.contains(expansion) {
            return;
        }
        self.params.insert(expansion.name.clone());
        for part in expansion.word.parts() {
            match part {
                Part::Lit(_) => {}
                Part::Param(name) => {
                    self.params.insert(name.clone());
                    self.bare.insert(name.clone());
                }
                Part::Expand(inner) => self.expansion(inner),
            }
        }
        self.expansions.push(expansion.clone());
    }

    fn scan(&mut self, word: &Word) {
        for piece in &word.0 {
            let (name, escape) = match piece {
                Piece::Lit(_) | Piece::Var(_) => continue,
                Piece::Convert(converted) => {
                    self.scan(&converted.word);
                    // A relative path is joined to the project directory.
                    self.root |= converted.to == stackc_ir::ast::Conversion::HostPath;
                    if !self.converts.contains(&**converted) {
                        self.converts.push((**converted).clone());
                    }
                    continue;
                }
                Piece::Param { name, escape } => {
                    if let Some(expansion) = Expansion::from_key(name) {
                        self.expansion(&expansion);
                    } else {
                        self.params.insert(name.clone());
                        self.bare.insert(name.clone());
                    }
                    (param_var(name), *escape)
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
