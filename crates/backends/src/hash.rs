//! The config hash of a container: what lets a generated script keep a
//! container whose definition is unchanged and recreate one whose
//! definition changed.
//!
//! The hash covers the whole definition: the `docker create` and
//! `docker network connect` command lines (with runtime values as
//! placeholders) and the secret variables' templates, hashed at compile time
//! into a *static* part; then the runtime values they read (parameters,
//! the project directory, whether each optional env file exists, **never a
//! secret**), in order of first use:
//!
//! ```text
//! hash = sha256( static_hex NUL value_1 NUL value_2 NUL … )
//! ```
//!
//! which a script computes as `printf '%s\0' STATIC "$V1" … | sha256sum`
//! and the argv backend computes with the values it fixes at compile time.
//! It is stored in the label [`crate::docker::HASH_LABEL`].
//!
//! The secrets a container reads are **sealed** apart, by the script when
//! it runs: `SALT:sha256(SALT NUL secret_1 NUL …)` in the label
//! [`crate::docker::SECRETS_LABEL`], where `SALT` is 16 random bytes kept on
//! the container's label and nowhere else. A rotated secret changes the
//! seal, so the container is recreated; no generated file, no argv output
//! and no command line holds anything derived from a secret (argv and
//! `--dry-run` write the label empty), and the seal cannot be looked up in
//! a dictionary without the salt, which only the engine holds.

use sha2::{Digest, Sha256};
use stackc_ir::ast::{ContainerSpec, Escape, Piece, Word};

use crate::docker;

/// A runtime value the hash reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Param(String),
    ProjectDir,
    HomeDir,
    /// The sha256 of the content of the host file at this path (a
    /// config's `file`).
    File(Word),
    /// What `--env-file` reads of an optional env file at this path: the
    /// path when the file exists, else `/dev/null` (its variable,
    /// [`docker::optional_file_var`]). Creating or deleting the file
    /// recreates the container; its content is not read, as of any env
    /// file.
    OptionalFile(Word),
    /// The ID of the container whose network stack it uses, or of one it
    /// links to: a recreated one recreates this one (argv, which runs against an empty engine,
    /// knows none: empty).
    ContainerId(String),
}

/// The compile-time part of a container's config hash, the runtime values
/// to fold in, and the secrets to seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigHash {
    pub static_hex: String,
    /// Runtime values (no secret), in order of first use.
    pub inputs: Vec<Input>,
    /// The secret parameters the container reads, in order of first use:
    /// sealed apart, never in the hash.
    pub secrets: Vec<String>,
    /// The variables docker passes through from its environment: sealed
    /// with the secrets (they may hold one), read unset as empty.
    pub passed: Vec<String>,
    /// The host files whose content is a secret (a secret's `file`): their
    /// sha256 is sealed with the secrets.
    pub sealed_files: Vec<Word>,
}

impl ConfigHash {
    /// The final hash, given the value of each input (same order).
    pub fn finish(&self, values: &[String]) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.static_hex.as_bytes());
        hasher.update([0]);
        for value in values {
            hasher.update(value.as_bytes());
            hasher.update([0]);
        }
        hex(&hasher.finalize())
    }
}

/// Adds `input` to `inputs` unless it is there (inputs keep the order of
/// first use).
fn add(inputs: &mut Vec<Input>, input: Input) {
    if !inputs.contains(&input) {
        inputs.push(input);
    }
}

/// The config hash of a network, whose `docker network create` without
/// the hash label is `create`: its command line (runtime values as
/// placeholders) hashed into the static part, then the runtime values it
/// reads (a subnet's parameter, say), as a container's. Docker cannot
/// change a network in place: a script that finds the network with another
/// hash stops before it changes anything.
pub fn network_hash(create: &docker::Command, secret: &dyn Fn(&str) -> bool) -> ConfigHash {
    let mut hasher = Sha256::new();
    let mut inputs = Vec::new();
    hasher.update(b"network\0");
    for word in &create.argv {
        for piece in word.pieces() {
            let (tag, input) = match piece {
                Piece::Lit(text) => (format!("L{text}"), None),
                // A secret's value is never hashed into a label.
                Piece::Param { name, escape } => (
                    format!("P{name}:{}", escape_tag(*escape)),
                    (!secret(name)).then(|| Input::Param(name.clone())),
                ),
                Piece::ProjectDir { escape } => (
                    format!("R:{}", escape_tag(*escape)),
                    Some(Input::ProjectDir),
                ),
                Piece::HomeDir { escape } => {
                    (format!("H:{}", escape_tag(*escape)), Some(Input::HomeDir))
                }
                Piece::Var(name) => (format!("V{name}"), None),
                Piece::Convert(c) => (format!("C{}:{}", c.to.as_str(), c.word.0.len()), None),
            };
            hasher.update(tag.as_bytes());
            hasher.update([0]);
            if let Some(input) = input.filter(|i| !inputs.contains(i)) {
                inputs.push(input);
            }
        }
        hasher.update([1]);
    }
    ConfigHash {
        static_hex: hex(&hasher.finalize()),
        inputs,
        secrets: Vec::new(),
        passed: Vec::new(),
        sealed_files: Vec::new(),
    }
}

/// The host files read when the script runs: `files` (the configs read
/// from host files), then the label files (a label file's labels are the
/// container's: its content is part of the definition; an env file's may
/// hold secrets and is not read), then whether each optional env file is
/// there.
fn host_file_inputs(spec: &ContainerSpec, mut files: Vec<Word>, inputs: &mut Vec<Input>) {
    for path in &spec.label_files {
        if !files.contains(path) {
            files.push(path.clone());
        }
    }
    inputs.extend(files.into_iter().map(Input::File));
    for file in spec.env_files.iter().filter(|f| !f.required) {
        let input = Input::OptionalFile(file.path.clone());
        if !inputs.contains(&input) {
            inputs.push(input);
        }
    }
}

/// The config hash of a container, whose commands are `definition` (built
/// once by the caller: see [`docker::Definition`]); `secret` says which
/// parameters are secrets.
pub fn config_hash(
    spec: &ContainerSpec,
    definition: &docker::Definition,
    secret: &dyn Fn(&str) -> bool,
) -> ConfigHash {
    let mut hasher = Sha256::new();
    let mut inputs = Vec::new();
    let mut secrets: Vec<String> = Vec::new();
    let mut feed = |hasher: &mut Sha256, word: &Word| {
        // A conversion, then the pieces of its word.
        for piece in word.pieces() {
            match piece {
                Piece::Convert(c) => {
                    hasher.update(format!("C{}:{}", c.to.as_str(), c.word.0.len()).as_bytes());
                    // A relative path reads the project directory.
                    if c.to == stackc_ir::ast::Conversion::HostPath {
                        add(&mut inputs, Input::ProjectDir);
                    }
                }
                Piece::Lit(text) => {
                    hasher.update(b"L");
                    hasher.update(text.as_bytes());
                }
                Piece::Param { name, escape } => {
                    hasher.update(format!("P{name}:{}", escape_tag(*escape)).as_bytes());
                    if secret(name) {
                        if !secrets.contains(name) {
                            secrets.push(name.clone());
                        }
                    } else {
                        add(&mut inputs, Input::Param(name.clone()));
                    }
                }
                Piece::ProjectDir { escape } => {
                    hasher.update(format!("R:{}", escape_tag(*escape)).as_bytes());
                    add(&mut inputs, Input::ProjectDir);
                }
                Piece::HomeDir { escape } => {
                    hasher.update(format!("H:{}", escape_tag(*escape)).as_bytes());
                    add(&mut inputs, Input::HomeDir);
                }
                Piece::Var(name) => hasher.update(format!("V{name}").as_bytes()),
            }
            hasher.update([0]);
        }
        hasher.update([1]);
    };
    hasher.update(if spec.job { b"job\0" } else { b"svc\0" });
    hasher.update(if spec.exec_always {
        b"exec-always\0".as_slice()
    } else {
        b"exec-initial\0".as_slice()
    });
    let mut sealed_files = Vec::new();
    let mut inputs_files: Vec<Word> = Vec::new();
    for file in &spec.files {
        hasher.update(file_tag(file).as_bytes());
        match &file.content {
            stackc_ir::ast::FileContent::Host(path) => {
                hasher.update(b"host\0");
                feed(&mut hasher, path);
                let list = if file.secret {
                    &mut sealed_files
                } else {
                    &mut inputs_files
                };
                if !list.contains(path) {
                    list.push(path.clone());
                }
            }
            stackc_ir::ast::FileContent::Value(value) => {
                hasher.update(b"value\0");
                feed(&mut hasher, value);
            }
        }
    }
    let docker::Definition {
        create,
        connect,
        exec,
    } = definition;
    for command in std::iter::once(create).chain(connect).chain(exec) {
        for word in &command.argv {
            feed(&mut hasher, word);
        }
        for (key, value) in &command.env {
            hasher.update(format!("E{key}").as_bytes());
            feed(&mut hasher, value);
        }
        hasher.update([2]);
    }
    host_file_inputs(spec, inputs_files, &mut inputs);
    container_ids(spec, &mut inputs);
    ConfigHash {
        static_hex: hex(&hasher.finalize()),
        inputs,
        secrets,
        passed: spec.pass_env.clone(),
        sealed_files,
    }
}

/// The containers whose IDs a container's definition holds: the one whose
/// network stack it uses, and the ones it links to (docker resolves a link
/// once: a recreated container recreates the containers linked to it).
fn container_ids(spec: &ContainerSpec, inputs: &mut Vec<Input>) {
    if let Some(stackc_ir::ast::NetworkModeSpec::Container(name)) = &spec.network_mode {
        inputs.push(Input::ContainerId(name.clone()));
    }
    for link in &spec.links {
        let name = link.split_once(':').map_or(link.as_str(), |(c, _)| c);
        if !inputs
            .iter()
            .any(|i| matches!(i, Input::ContainerId(n) if n == name))
        {
            inputs.push(Input::ContainerId(name.to_owned()));
        }
    }
}

/// What identifies a file copied into the container besides its content:
/// where it lands, its mode and owner, and whether it is a secret.
fn file_tag(file: &stackc_ir::ast::FileSpec) -> String {
    format!(
        "F{}\0{:o}:{}:{}:{}\0",
        file.target,
        file.mode,
        file.uid,
        file.gid,
        u8::from(file.secret)
    )
}

/// The inputs of a build besides its context's files (which hold the
/// Dockerfile, usually), as words: the target (or empty), then each
/// `KEY=VALUE` arg. No path: moving the checkout rebuilds nothing. The
/// backends add, after these, the build-input hash of each of the stack's
/// images it builds FROM (`BuildSpec::bases`), so that a rebuilt base
/// rebuilds the images built on it.
pub fn build_inputs(spec: &stackc_ir::ast::BuildSpec) -> Vec<Word> {
    let mut out = vec![spec.target.clone().unwrap_or_else(|| Word::lit(""))];
    // A remote context's files are not known before docker fetches them:
    // its URL stands for them (a new URL builds again; so does a missing
    // image, but not a change behind the same URL).
    if let Some(url) = spec
        .context
        .as_literal()
        .filter(|c| stackc_ir::host::is_remote_context(c))
    {
        out.push(Word::lit(format!("context={url}")));
    }
    for (key, value) in &spec.args {
        let mut word = Word::lit(format!("{key}="));
        word.push_word(value);
        out.push(word);
    }
    // The flags that change what is built or the tags it leaves (a new
    // tag, as a parameter may give, rebuilds from docker's cache to apply
    // it; not the cache or the pull), then an inline Dockerfile: none for
    // most builds, whose hash stays as it was. The SSH agents and keys a
    // build may use are credentials, as secrets: a changed one rebuilds
    // nothing, and their paths would rebuild a moved checkout.
    for option in &spec.options {
        if matches!(option.flag, "cache-from" | "no-cache" | "pull" | "ssh") {
            continue;
        }
        let mut word = Word::lit(format!("--{}=", option.flag));
        if let Some(value) = &option.value {
            word.push_word(value);
        }
        out.push(word);
    }
    // A secret's id, not its content nor its path: a changed secret
    // rebuilds nothing (BuildKit's cache does not read it either).
    for secret in &spec.secrets {
        out.push(Word::lit(format!("--secret=id={}", secret.id)));
    }
    if let Some(inline) = &spec.inline {
        let mut word = Word::lit("dockerfile_inline=");
        word.push_word(inline);
        out.push(word);
    }
    out
}

/// The build-input hash of a context directory and the other inputs, as
/// the scripts compute it:
///
/// ```text
/// { (cd CONTEXT && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --)
///   printf '%s\0' INPUTS…; } | sha256sum
/// ```
///
/// (regular files only, symlinks not followed, names escaped as GNU
/// sha256sum escapes them). A missing context hashes as empty.
pub fn build_hash(context: &std::path::Path, inputs: &[String]) -> String {
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    // The frontend refuses such a context; a library caller gets the hash
    // of an empty one rather than a walk of the whole host.
    if stackc_ir::host::host_wide(context).is_none() {
        walk(context, ".", &mut files);
    }
    files.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hasher = Sha256::new();
    for (name, path) in files {
        // Streamed: a context may hold files larger than memory.
        let digest = std::fs::File::open(&path)
            .and_then(|mut file| {
                let mut file_hasher = Sha256::new();
                std::io::copy(&mut file, &mut file_hasher)?;
                Ok(hex(&file_hasher.finalize()))
            })
            .unwrap_or_else(|_| "unreadable".to_owned());
        if name.contains(['\\', '\n']) {
            let escaped = name.replace('\\', "\\\\").replace('\n', "\\n");
            hasher.update(format!("\\{digest}  {escaped}\n").as_bytes());
        } else {
            hasher.update(format!("{digest}  {name}\n").as_bytes());
        }
    }
    for input in inputs {
        hasher.update(input.as_bytes());
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

fn walk(dir: &std::path::Path, prefix: &str, out: &mut Vec<(String, std::path::PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if kind.is_dir() {
            walk(&entry.path(), &name, out);
        } else if kind.is_file() {
            out.push((name, entry.path()));
        }
    }
}

/// The fields a plan names when a definition changed, in output order.
pub const FIELDS: [&str; 11] = [
    "image",
    "command",
    "exec",
    "environment",
    "ports",
    "volumes",
    "networks",
    "healthcheck",
    "labels",
    "files",
    "other",
];

/// The `io.stackc.config-fields` label: a short digest of each field of
/// the definition (`image=…,command=…,…`), compile-time parts only, so that
/// a plan can say *which* fields changed. (A change of parameter values
/// alone changes the config hash but no field digest.)
pub fn config_fields(spec: &ContainerSpec, definition: &docker::Definition) -> String {
    let create = &definition.create;
    let mut hashers: Vec<Sha256> = FIELDS.iter().map(|_| Sha256::new()).collect();
    let mut feed = |field: &str, word: &Word| {
        let i = FIELDS
            .iter()
            .position(|f| *f == field)
            .unwrap_or(FIELDS.len() - 1);
        for piece in word.pieces() {
            match piece {
                Piece::Convert(c) => hashers[i].update(c.to.as_str().as_bytes()),
                Piece::Lit(text) => hashers[i].update(text.as_bytes()),
                Piece::Param { name, .. } => hashers[i].update(format!("${{{name}}}").as_bytes()),
                Piece::ProjectDir { .. } => hashers[i].update(b"${root}"),
                Piece::HomeDir { .. } => hashers[i].update(b"${home}"),
                Piece::Var(name) => hashers[i].update(name.as_bytes()),
            }
        }
        hashers[i].update([0]);
    };
    let mut after_image = false;
    // Skip `docker create`.
    for word in create.argv.iter().skip(2) {
        let text = match word.0.first() {
            Some(Piece::Lit(text)) => text.as_str(),
            _ => "",
        };
        let field = if after_image {
            "command"
        } else if !text.starts_with("--") {
            after_image = true;
            "image"
        } else {
            field_of_flag(text)
        };
        if field != "name" {
            feed(field, word);
        }
    }
    for (key, value) in &create.env {
        feed("environment", &Word::lit(key.clone()));
        feed("environment", value);
    }
    for connect in &definition.connect {
        for word in &connect.argv {
            feed("networks", word);
        }
    }
    feed(
        "exec",
        &Word::lit(if spec.exec_always {
            "always"
        } else {
            "initial"
        }),
    );
    for command in &definition.exec {
        for word in &command.argv {
            feed("exec", word);
        }
    }
    for file in &spec.files {
        let (kind, content) = match &file.content {
            stackc_ir::ast::FileContent::Host(path) => ("host", path),
            stackc_ir::ast::FileContent::Value(value) => ("value", value),
        };
        feed(
            "files",
            &Word::lit(format!(
                "{}:{}:{:o}:{}:{}:{kind}",
                file.origin, file.target, file.mode, file.uid, file.gid
            )),
        );
        feed("files", content);
    }
    FIELDS
        .iter()
        .zip(hashers)
        // A container without secrets or configs has no `files` field, so
        // that the labels of the stacks without them stay as they were.
        .filter(|(field, _)| **field != "files" || !spec.files.is_empty())
        .map(|(field, hasher)| format!("{field}={}", &hex(&hasher.finalize())[..8]))
        .collect::<Vec<_>>()
        .join(",")
}

/// The field a `docker create` flag sets.
fn field_of_flag(flag: &str) -> &'static str {
    let name = flag.split('=').next().unwrap_or(flag);
    match name {
        "--name" => "name",
        "--pull" => "image",
        "--entrypoint" => "command",
        "--env" | "--env-file" => "environment",
        "--publish" => "ports",
        "--mount" | "--volumes-from" => "volumes",
        "--network" | "--network-alias" | "--ip" | "--ip6" | "--link" => "networks",
        "--label" | "--label-file" => "labels",
        n if n.starts_with("--health") || n == "--no-healthcheck" => "healthcheck",
        _ => "other",
    }
}

fn escape_tag(escape: Escape) -> &'static str {
    match escape {
        Escape::None => "none",
        Escape::Csv => "csv",
        Escape::Sh => "sh",
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_matches_printf_nul_sha256sum() {
        // The scripts compute `printf '%s\0' abc 'x y' '' | sha256sum`.
        let h = ConfigHash {
            static_hex: "abc".into(),
            inputs: vec![],
            secrets: vec![],
            passed: vec![],
            sealed_files: vec![],
        };
        assert_eq!(
            h.finish(&["x y".into(), String::new()]),
            "059c8b2141fe2257bde1b87ae2d0c19a9122cc2679036621939158dab159d457"
        );
    }
}

#[cfg(test)]
mod build_hash_tests {
    use super::build_hash;

    /// The Rust build hash equals what the scripts compute with find, sort,
    /// xargs and sha256sum, names with spaces, backslashes and newlines
    /// included.
    #[test]
    fn build_hash_matches_the_shell_pipeline() {
        let dir = std::env::temp_dir().join(format!("stackc-build-hash-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        std::fs::write(dir.join("Dockerfile"), "FROM scratch\n").unwrap();
        std::fs::write(dir.join("sub/a b"), "x").unwrap();
        std::fs::write(dir.join("sub/back\\slash"), "y").unwrap();
        std::fs::write(dir.join("sub/new\nline"), "z").unwrap();
        std::fs::write(dir.join("sub/deeper/.hidden"), "").unwrap();
        std::os::unix::fs::symlink("Dockerfile", dir.join("link")).unwrap();
        let inputs = ["runtime".to_owned(), "A=1 2".to_owned()];
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(
                "cd -- \"$1\" && { (find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --); printf '%s\\0' \"${@:2}\"; } | sha256sum",
            )
            .arg("bash")
            .arg(&dir)
            .args(&inputs)
            .output()
            .unwrap();
        let shell = String::from_utf8(out.stdout).unwrap();
        assert_eq!(build_hash(&dir, &inputs), shell.split(' ').next().unwrap());
        // A changed file changes it.
        let before = build_hash(&dir, &inputs);
        std::fs::write(dir.join("sub/a b"), "changed").unwrap();
        assert_ne!(build_hash(&dir, &inputs), before);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
