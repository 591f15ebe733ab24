//! The argv backend: the docker commands of a plan as data, with every
//! runtime value fixed at compile time.
//!
//! Parameters take the value given with `--set NAME=VALUE`, else the
//! environment's, else their default (see [`crate::Layout::param_values`]);
//! relative host paths are joined to [`crate::Layout::project_dir`]. A
//! secret never appears: its variable is passed as a bare `--env=KEY`, and
//! the consumer supplies `KEY` in docker's environment.

use stackc_ir::ast::{Conversion, Escape, Op, Piece, Plan, Word};
use stackc_ir::diagnostic::Diagnostics;

use crate::params::Values;
use crate::text::Text;
use crate::{Backend, Input, Layout, diagnostics, docker, hash, quote};

/// How the commands are framed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One JSON array of strings per line.
    #[default]
    Json,
    /// One command per line, quoted so that bash reads back the same argv.
    Shell,
    /// For each command: its argument count in decimal, NUL, then each
    /// argument followed by NUL.
    Nul,
}

/// The argv backend.
#[derive(Clone, Copy, Debug, Default)]
pub struct Argv {
    pub format: Format,
}

impl Backend for Argv {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        self.render_text(input).map(Text::into_string)
    }

    fn render_text(&self, input: &Input<'_>) -> Result<Text, Diagnostics> {
        refuse_files(input)?;
        // Each command is written out as it is resolved: the commands are
        // never held as lists of strings.
        let mut out = Text::new();
        resolve(
            input.plan,
            input.layout,
            &|text, argv| self.write_command(text, argv),
            &mut |text| out.push_str(text),
        )?;
        Ok(out)
    }
}

impl Argv {
    /// Whether [`Self::write`] may write `input`'s commands: whether
    /// resolving them surely succeeds, found without making a command
    /// (then an output is never left half written by a failure).
    pub fn streams(input: &Input<'_>) -> bool {
        cannot_fail(input)
    }

    /// The commands written to `out` as they are made, never held whole;
    /// for an input that [`Self::streams`] (otherwise
    /// [`Backend::render_text`] gives its diagnostics, and this an error
    /// once part is written).
    pub fn write(&self, input: &Input<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut written = Ok(());
        resolve(
            input.plan,
            input.layout,
            &|text, argv| self.write_command(text, argv),
            &mut |text| {
                if written.is_ok() {
                    written = out.write_all(text.as_bytes());
                }
            },
        )
        .map_err(|_| std::io::Error::other("the commands could not be resolved"))?;
        written
    }

    /// One command in this format.
    fn write_command(self, out: &mut String, argv: &[String]) {
        match self.format {
            Format::Json => {
                out.push('[');
                for (i, arg) in argv.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(out, arg);
                }
                out.push_str("]\n");
            }
            Format::Shell => {
                for (i, arg) in argv.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&quote::sh(arg));
                }
                out.push('\n');
            }
            Format::Nul => {
                out.push_str(&argv.len().to_string());
                out.push('\0');
                for arg in argv {
                    out.push_str(arg);
                    out.push('\0');
                }
            }
        }
    }
}

/// A container that reads secrets or configs cannot be made by argument
/// vectors alone: their content goes in through a stream (`docker cp -`),
/// which no argv holds, and a secret's must never be on a command line.
fn refuse_files(input: &Input<'_>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut seen: Vec<&str> = Vec::new();
    for (block, op) in input
        .plan
        .blocks
        .iter()
        .flat_map(|b| b.ops.iter().map(move |op| (b, op)))
    {
        if let Op::BuildImage(build) = op
            && build.inline.is_some()
        {
            let stack = input.stack;
            let service_or_image = block.path.strip_suffix(".build").unwrap_or(&block.path);
            let origin = match service_or_image.split_once('.') {
                Some(("images", key)) => stack.images.get(key).map(|i| &i.build),
                Some(("services", key)) => stack.services.get(key).and_then(|s| s.build.as_deref()),
                _ => None,
            };
            diags.push(diagnostics::argv_stdin(&block.path, origin));
            continue;
        }
        let (Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec)) = op else {
            continue;
        };
        if spec.files.is_empty() || seen.contains(&spec.service.as_str()) {
            continue;
        }
        seen.push(&spec.service);
        let Some(service) = input.stack.services.get(&spec.service) else {
            continue;
        };
        let (key, grant) = match (service.secrets.first(), service.configs.first()) {
            (Some(grant), _) => ("secrets", grant),
            (None, Some(grant)) => ("configs", grant),
            (None, None) => continue,
        };
        diags.push(diagnostics::argv_files(&spec.service, key, grant));
    }
    diags.into_result(())
}

/// Whether the argv of `plan` holds the absolute project directory (a
/// relative bind source, env file or build context; the config hash of a
/// container that reads one): then it differs on every checkout.
pub fn holds_project_dir(plan: &Plan) -> bool {
    plan.blocks.iter().flat_map(|b| &b.ops).any(|op| {
        let mut words: Vec<Word> = docker::commands(op, None)
            .into_iter()
            .flat_map(|c| c.argv)
            .collect();
        if let Op::BuildImage(spec) = op {
            words.push(spec.context.clone());
        }
        if let Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) = op {
            words.extend(spec.env_files.iter().map(|f| f.path.clone()));
        }
        words
            .iter()
            .flat_map(|w| &w.0)
            .any(|p| matches!(p, Piece::ProjectDir { .. } | Piece::HomeDir { .. }))
    })
}

/// A command as one line of shell, each word quoted by [`quote::sh`].
pub fn shell_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| quote::sh(a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a JSON string, as `serde_json` writes it.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        from = at + 1;
        if escaped.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(&text[from..]);
    out.push('"');
}

/// The values of `op` that parameters complete, fixed: each must have its
/// field's form, and an image reference must be one (docker reads it in a
/// positional slot, where `-x` would be a flag).
fn check_values<'p>(
    op: &Op,
    path: &str,
    (layout, values): (&Layout, &Values<'p>),
    missing: &mut Vec<&'p str>,
    diags: &mut Diagnostics,
) {
    // A value parameters complete must have its field's form.
    let checks = match op {
        Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => {
            spec.checks.as_slice()
        }
        Op::CreateNetwork(spec) => spec.checks.as_slice(),
        _ => &[],
    };
    for checked in checks {
        let value = fix(&checked.word, layout, values, missing);
        if !checked.check.accepts(&value) {
            diags.push(diagnostics::resolved_value(
                &checked.place,
                checked.check,
                &value,
            ));
        }
    }
    // A parameter may complete an image reference; docker reads it
    // in a positional slot, where `-x` would be a flag.
    for image in docker::image_words(op) {
        if image.as_literal().is_some() {
            continue;
        }
        let value = fix(image, layout, values, missing);
        if let Err(why) = stackc_ir::reference::check(&value) {
            diags.push(diagnostics::invalid_image(path, &value, why));
        }
    }
}

/// The values `plan`'s commands are resolved with; refused up front: an
/// action argv cannot express, a given value not among its choices.
fn values_to_resolve<'p>(plan: &'p Plan, layout: &'p Layout) -> Result<Values<'p>, Diagnostics> {
    if matches!(
        plan.action,
        stackc_ir::ast::Action::Backup | stackc_ir::ast::Action::Restore
    ) {
        return Err(diagnostics::argv_archive(plan.action.as_str()).into());
    }
    let values = Values::new(plan, layout);
    values.check_choices().into_result(values)
}

/// Whether [`resolve`] (and [`refuse_files`]) surely succeed on `input`,
/// found without making a command: an action argv can express, given
/// values among their choices, files it can pass, every declared parameter
/// with a value and a home directory (so no word misses one), and every
/// value that parameters complete of its field's form. Cheap beside
/// resolving: a few words per operation.
fn cannot_fail(input: &Input<'_>) -> bool {
    let (plan, layout) = (input.plan, input.layout);
    if refuse_files(input).is_err() {
        return false;
    }
    let Ok(values) = values_to_resolve(plan, layout) else {
        return false;
    };
    if layout.home.is_none() || plan.params.iter().any(|p| values.get(&p.name).is_none()) {
        return false;
    }
    let (mut missing, mut diags) = (Vec::new(), Diagnostics::default());
    for block in &plan.blocks {
        for op in &block.ops {
            check_values(op, &block.path, (layout, &values), &mut missing, &mut diags);
            if !diags.is_empty() || !missing.is_empty() {
                return false;
            }
        }
    }
    true
}

/// Every docker command of the plan, in order, with runtime values fixed,
/// each handed to `emit` (whose work is moot when this fails).
pub fn resolve(
    plan: &Plan,
    layout: &Layout,
    write: &(dyn Fn(&mut String, &[String]) + Sync),
    emit: &mut dyn FnMut(&str),
) -> Result<(), Diagnostics> {
    let values = values_to_resolve(plan, layout)?;
    let mut diags = Diagnostics::default();
    let mut missing: Vec<&str> = Vec::new();
    // The build-input hash of each image, in the plan's order: each is an
    // input of the images built FROM it, so they are found first, on this
    // thread.
    let mut built: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut builds = std::collections::HashMap::new();
    for (b, block) in plan.blocks.iter().enumerate() {
        for (o, op) in block.ops.iter().enumerate() {
            if let Op::BuildImage(spec) = op {
                let hash = build_identity(
                    spec,
                    |word| fix(word, layout, &values, &mut missing),
                    &mut built,
                );
                builds.insert((b, o), hash);
            }
        }
    }
    // Then the blocks a chunk at a time on every core, each chunk's
    // commands written in turn.
    stackc_ir::parallel::for_each_ordered(
        plan.blocks.len(),
        BLOCKS_PER_CHUNK,
        |range| {
            let mut missing = Vec::new();
            let mut diags = Diagnostics::default();
            let mut text = String::new();
            for b in range {
                let block = &plan.blocks[b];
                for (o, op) in block.ops.iter().enumerate() {
                    let build_hash = builds.get(&(b, o)).cloned();
                    let context = (layout, &values, build_hash);
                    for argv in
                        op_commands(plan, &block.path, op, context, &mut missing, &mut diags)
                    {
                        write(&mut text, &argv);
                    }
                }
            }
            (text, missing, diags)
        },
        |(text, chunk_missing, chunk_diags)| {
            emit(&text);
            missing.extend(chunk_missing);
            diags.extend(chunk_diags);
        },
    );
    if missing.is_empty() && diags.is_empty() {
        return Ok(());
    }
    missing.sort_unstable();
    missing.dedup();
    for name in missing {
        diags.push(if name == HOME {
            diagnostics::home_without_value("argv")
        } else {
            diagnostics::param_without_value(name, "argv", None)
        });
    }
    Err(diags)
}

/// The blocks of the plan a thread resolves at a time.
const BLOCKS_PER_CHUNK: usize = 32;

/// The commands of `op` (of the block at `path`) with every runtime value
/// fixed; `build` is its build-input hash when it builds an image.
fn op_commands<'p>(
    plan: &'p Plan,
    path: &str,
    op: &Op,
    (layout, values, build): (&Layout, &Values<'p>, Option<String>),
    missing: &mut Vec<&'p str>,
    diags: &mut Diagnostics,
) -> Vec<Vec<String>> {
    let mut base = None;
    let optional = match op {
        Op::RunContainer(spec) | Op::CreateContainer(spec) | Op::RunOnce(spec) => {
            optional_files(spec, layout, values)
        }
        _ => Vec::new(),
    };
    let hash = match op {
        Op::RunContainer(spec) | Op::CreateContainer(spec) => {
            let create = base.insert(docker::Definition::of(spec));
            Some(identity_from(spec, plan, create, |input| match input {
                hash::Input::Param(name) => values.get(name).unwrap_or_default(),
                hash::Input::ProjectDir => layout.project_dir.clone(),
                hash::Input::HomeDir => layout.home.clone().unwrap_or_default(),
                hash::Input::OptionalFile(path) => optional
                    .iter()
                    .find(|(var, _)| *var == docker::optional_file_var(path))
                    .map_or_else(|| DEV_NULL.to_owned(), |(_, read)| read.clone()),
                // Files copied in are refused by `refuse_files` (a
                // label file's content is docker's to read, not
                // argv's); a container's ID is unknown before the
                // engine creates it.
                hash::Input::File(_) | hash::Input::ContainerId(_) => String::new(),
            }))
        }
        Op::CreateNetwork(spec) => {
            let create = docker::network_create(spec, None);
            let network = hash::network_hash(&create, &|p| plan.is_secret(p));
            let fixed: Vec<String> = network
                .inputs
                .iter()
                .map(|input| match input {
                    hash::Input::Param(name) => values.get(name).unwrap_or_default(),
                    hash::Input::ProjectDir => layout.project_dir.clone(),
                    hash::Input::HomeDir => layout.home.clone().unwrap_or_default(),
                    _ => String::new(),
                })
                .collect();
            Some(docker::Identity {
                hash: Word::lit(network.finish(&fixed)),
                fields: Word::default(),
                secrets: None,
            })
        }
        Op::BuildImage(_) => build.map(|hash| docker::Identity {
            hash: Word::lit(hash),
            fields: Word::default(),
            secrets: None,
        }),
        _ => None,
    };
    check_values(op, path, (layout, values), missing, diags);
    docker::commands_from(op, hash.as_ref(), base)
        .iter()
        .map(|command| {
            command
                .argv
                .iter()
                .map(|word| {
                    fix(
                        &with_optional_files(word, &optional),
                        layout,
                        values,
                        missing,
                    )
                })
                .collect()
        })
        .collect()
}

/// The identity labels of a container with its runtime values fixed:
/// the full config hash (each input's value from `value`), the field
/// digests, and an empty seal when it reads secrets (sealed by a script
/// at run time only). `stackc diff` compares two versions by these.
pub(crate) fn container_identity(
    spec: &stackc_ir::ast::ContainerSpec,
    plan: &Plan,
    value: impl Fn(&hash::Input) -> String,
) -> docker::Identity {
    identity_from(spec, plan, &docker::Definition::of(spec), value)
}

/// [`container_identity`] from `base`, the container's commands.
fn identity_from(
    spec: &stackc_ir::ast::ContainerSpec,
    plan: &Plan,
    base: &docker::Definition,
    value: impl Fn(&hash::Input) -> String,
) -> docker::Identity {
    let hash = hash::config_hash(spec, base, &|name| plan.is_secret(name));
    let inputs: Vec<String> = hash.inputs.iter().map(value).collect();
    docker::Identity {
        hash: Word::lit(hash.finish(&inputs)),
        fields: Word::lit(hash::config_fields(spec, base)),
        secrets: (!hash.secrets.is_empty() || !hash.passed.is_empty()).then(Word::default),
    }
}

/// The build-input hash of an image, its words fixed by `fix`, after the
/// images in `built` (tag → hash, the images built before it), where it
/// is recorded in turn.
pub(crate) fn build_identity(
    spec: &stackc_ir::ast::BuildSpec,
    mut fix: impl FnMut(&Word) -> String,
    built: &mut std::collections::BTreeMap<String, String>,
) -> String {
    let context = fix(&spec.context);
    let mut inputs: Vec<String> = hash::build_inputs(spec).iter().map(&mut fix).collect();
    inputs.extend(
        spec.bases
            .iter()
            .map(|base| built.get(base).cloned().unwrap_or_default()),
    );
    let build_hash = hash::build_hash(std::path::Path::new(&context), &inputs);
    if let Some(tag) = spec.tag.as_literal() {
        built.insert(tag, build_hash.clone());
    }
    build_hash
}

/// What a script passes to `--env-file` for an optional env file that is
/// missing: an empty file to docker.
pub(crate) const DEV_NULL: &str = "/dev/null";

/// The optional env files of `spec` (`required = false`), by variable
/// ([`docker::optional_file_var`]): what `--env-file` reads, fixed now as
/// the script fixes it when it runs: the path when the file exists, else
/// [`DEV_NULL`].
fn optional_files(
    spec: &stackc_ir::ast::ContainerSpec,
    layout: &Layout,
    values: &Values<'_>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in spec.env_files.iter().filter(|f| !f.required) {
        // A path holds no parameter; a `~/…` one without a home is
        // reported with the command's words.
        let path = fix(&file.path, layout, values, &mut Vec::new());
        let read = if std::path::Path::new(&path).exists() {
            path
        } else {
            DEV_NULL.to_owned()
        };
        out.push((docker::optional_file_var(&file.path), read));
    }
    out
}

/// `word` with the variable of each optional env file of `files` replaced
/// by what `--env-file` reads.
fn with_optional_files(word: &Word, files: &[(String, String)]) -> Word {
    let mut out = Word::default();
    for piece in &word.0 {
        if let Piece::Var(name) = piece
            && let Some((_, read)) = files.iter().find(|(var, _)| var == name)
        {
            out.push_lit(read);
            continue;
        }
        out.0.push(piece.clone());
    }
    out
}

/// What `missing` holds for a `~/…` host path without an absolute
/// `$HOME` (no parameter has this name).
const HOME: &str = "~";

/// A word with its parameters and the project directory fixed; a declared
/// parameter without a value is added to `missing` (and left empty).
pub(crate) fn fix<'a>(
    word: &Word,
    layout: &Layout,
    values: &Values<'a>,
    missing: &mut Vec<&'a str>,
) -> String {
    let mut out = String::new();
    for piece in &word.0 {
        let (value, escape) = match piece {
            Piece::Lit(text) => {
                out.push_str(text);
                continue;
            }
            Piece::ProjectDir { escape } => (layout.project_dir.clone(), *escape),
            Piece::HomeDir { escape } => {
                let home = layout.home.clone().unwrap_or_else(|| {
                    missing.push(HOME);
                    String::new()
                });
                (home, *escape)
            }
            Piece::Var(name) => {
                // Backend variables never reach the argv backend; keep the
                // name visible rather than dropping it silently.
                out.push_str(name);
                continue;
            }
            Piece::Convert(converted) => {
                let text = fix(&converted.word, layout, values, missing);
                let value = match converted.to {
                    Conversion::HostPath => Conversion::host_path(&layout.project_dir, &text),
                    // The plan's checks accepted the text first; one they
                    // did not is kept as it is, for docker to refuse.
                    to => to.apply(&text).unwrap_or(text),
                };
                (value, Escape::None)
            }
            Piece::Param { name, escape } => {
                let value = values.get(name).unwrap_or_else(|| {
                    missing.extend(values.unresolved(name));
                    String::new()
                });
                (value, *escape)
            }
        };
        match escape {
            Escape::None => out.push_str(&value),
            Escape::Csv => out.push_str(&value.replace('"', "\"\"")),
            Escape::Sh => out.push_str(&quote::posix(&value)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use stackc_ir::ast::Action;

    use crate::{Backend, Input, Layout};

    /// The layouts a stack is tried with: values given or not, a home
    /// directory or none, and values of the wrong form for every field.
    fn layouts(params: &[stackc_ir::ast::ParamSpec]) -> Vec<Layout> {
        let base = Layout {
            source_name: "stack.toml".to_owned(),
            project_dir_from_output: ".".to_owned(),
            project_dir: "/project dir".to_owned(),
            home: Some("/home/me".to_owned()),
            ..Layout::default()
        };
        let given = |value: &str| Layout {
            param_values: params
                .iter()
                .map(|p| (p.name.clone(), value.to_owned()))
                .collect(),
            ..base.clone()
        };
        vec![
            base.clone(),
            Layout {
                home: None,
                ..base.clone()
            },
            given("8080"),
            given("-x y"),
            given("it's \"$HOME\"\n"),
        ]
    }

    /// `stackc argv` writes the commands as it makes them only when they
    /// surely resolve: then the bytes are those rendered whole, and
    /// whenever rendering fails (a value missing or of the wrong form,
    /// files argv cannot pass, an action it cannot express), nothing is
    /// written that way. Every fixture that compiles, for several actions
    /// and layouts, in every format.
    #[test]
    fn commands_are_written_as_made_only_when_they_cannot_fail() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut sources: Vec<(String, String)> = REFUSED_SOMETIMES
            .iter()
            .enumerate()
            .map(|(i, source)| (format!("case {i}"), (*source).to_owned()))
            .collect();
        for dir in ["compose", "engine", "kube", "swarm", "overlay", "valid"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "toml") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    sources.push((path.display().to_string(), source));
                }
            }
        }
        let (mut streamed, mut refused) = (0, 0);
        for (name, source) in &sources {
            let Ok(stack) = stackc_frontend::parse(source) else {
                continue;
            };
            let Ok(analyzed) = stackc_passes::analyze(&stack) else {
                continue;
            };
            for action in [Action::Up, Action::Down, Action::Purge, Action::Backup] {
                let plan = stackc_passes::lower(&stack, &analyzed, action);
                for layout in layouts(&plan.params) {
                    let input = Input {
                        stack: &stack,
                        analyzed: &analyzed,
                        plan: &plan,
                        layout: &layout,
                    };
                    let (s, r) = compare(&input, &format!("{name} {action:?}"));
                    (streamed, refused) = (streamed + s, refused + r);
                }
            }
        }
        assert!(
            streamed >= 1000 && refused >= 500,
            "{streamed} streamed, {refused} refused"
        );
    }

    /// Stacks whose commands fail to resolve in some layout, each for one
    /// reason: a parameter without a value (in a field without a check),
    /// a `~/` path without a home directory, a value of the wrong form.
    const REFUSED_SOMETIMES: [&str; 3] = [
        "[stack]\nname = \"p\"\n[params.TOKEN]\n[services.a]\nimage = \"a\"\nenvironment = { T = \"${TOKEN}\" }\n",
        "[stack]\nname = \"h\"\n[services.a]\nimage = \"a\"\nvolumes = [\"~/data:/data\"]\n",
        "[stack]\nname = \"c\"\n[params.PORT]\ndefault = \"80\"\n[services.a]\nimage = \"a\"\nports = [\"${PORT}:80\"]\n",
    ];

    /// Argv's output of `input` in every format, written as made when it
    /// streams and rendered whole: (formats written as made, formats
    /// refused).
    fn compare(input: &Input<'_>, name: &str) -> (usize, usize) {
        let streams = super::Argv::streams(input);
        let (mut streamed, mut refused) = (0, 0);
        for format in [
            super::Format::Json,
            super::Format::Shell,
            super::Format::Nul,
        ] {
            let argv = super::Argv { format };
            let Ok(whole) = argv.render(input) else {
                assert!(!streams, "{name}: streams, yet fails");
                refused += 1;
                continue;
            };
            if streams {
                let mut written = Vec::new();
                argv.write(input, &mut written).unwrap();
                assert_eq!(String::from_utf8(written).unwrap(), whole, "{name}");
                streamed += 1;
            }
        }
        (streamed, refused)
    }

    /// The JSON strings are `serde_json`'s, byte for byte.
    #[test]
    fn json_strings_are_serde_jsons() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            "",
            "plain",
            "é\u{2028}\u{7f}\"\\",
            "a\u{0}b",
        ] {
            let mut ours = String::new();
            super::json_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap_or_default());
        }
    }
}
