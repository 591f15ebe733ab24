//! `[images.NAME]`: images the stack builds, and the `FROM` lines of the
//! Dockerfiles that tell in which order to build them.

use std::path::Path;

use indexmap::IndexMap;
use stackc_ir::Diagnostics;
use stackc_ir::stack::{Build, Image, Spanned, Stack};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::{diagnostics, service};
use stackc_ir::names::NameKind;

pub(crate) const IMAGE_KEYS: &[&str] = &["build", "tag"];

pub(crate) fn decode(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Image> {
    let mut out = IndexMap::new();
    for (name, path, key, value) in d.table_entries("images", value) {
        let key_span = span_of(key);
        d.name(NameKind::Service, name, key_span);
        let Some(fields) = d.table(&path, value) else {
            continue;
        };
        let mut build = None;
        let mut tag = None;
        let mut build_typo = false;
        for (field, field_path, key, value) in entries(&path, fields) {
            match field {
                "build" => build = service::build(d, &field_path, value),
                "tag" => {
                    tag = d
                        .literal(&field_path, value)
                        .map(|t| Spanned::new(t, span_of(value)));
                    if let Some(t) = &tag
                        && let Err(why) = stackc_ir::reference::check(&t.value)
                    {
                        d.push(diagnostics::invalid_image(
                            &field_path,
                            &t.value,
                            t.span,
                            why,
                        ));
                        tag = None;
                    }
                }
                _ => {
                    // A misspelt `build`: one error is enough.
                    build_typo |= d.unknown_key(&path, key, IMAGE_KEYS) == Some("build");
                }
            }
        }
        if !fields.contains_key("build") {
            if !build_typo {
                d.push(diagnostics::missing_key(
                    "build",
                    &path,
                    span_of(value),
                    "build = \"./base\"",
                ));
            }
            continue;
        }
        if let Some(build) = build {
            out.insert(
                name.to_owned(),
                Image {
                    name: Spanned::new(name.to_owned(), key_span),
                    build,
                    tag,
                },
            );
        }
    }
    out
}

/// Read the Dockerfile of every build (images and services) and record
/// the images its `FROM` lines name. A Dockerfile that cannot be read is
/// left to docker (`docker build` says why). A context that is the whole
/// host (`/`) or a kernel pseudo filesystem is refused: stackc hashes the
/// context's files to decide whether to rebuild, and docker would send
/// every one of them to the daemon.
pub(crate) fn read_from_lines(stack: &mut Stack, base_dir: &Path, diags: &mut Diagnostics) {
    let builds = stack
        .images
        .values_mut()
        .map(|image| &mut image.build)
        .chain(
            stack
                .services
                .values_mut()
                .filter_map(|s| s.build.as_deref_mut()),
        );
    for build in builds {
        // Fetched by docker: its Dockerfile is read by the build.
        if stackc_ir::host::is_remote_context(&build.context.value) {
            build.from = build
                .options
                .inline
                .as_ref()
                .map(|inline| parse_from(&inline.to_string(), &build.args))
                .unwrap_or_default();
            continue;
        }
        let context = base_dir.join(&build.context.value);
        if let Some(place) = stackc_ir::host::host_wide(&context) {
            diags.push(diagnostics::host_wide_context(
                &build.context.value,
                build.context.span,
                place,
            ));
            continue;
        }
        build.from = from_lines(build, &context);
    }
}

/// How much of a Dockerfile is read for its `FROM` lines (a real one is a
/// few kilobytes; this bounds the memory a mistaken path can take).
const MAX_DOCKERFILE_BYTES: u64 = 1 << 20;

fn from_lines(build: &Build, context: &Path) -> Vec<String> {
    use std::io::Read as _;
    if let Some(inline) = &build.options.inline {
        return parse_from(&inline.to_string(), &build.args);
    }
    // A Dockerfile that parameters name is known when the script runs.
    let file = match &build.dockerfile {
        None => context.join("Dockerfile"),
        Some(path) => match path.as_literal() {
            Some(path) => context.join(path),
            None => return Vec::new(),
        },
    };
    if stackc_ir::host::host_wide(&file).is_some()
        || !std::fs::metadata(&file).is_ok_and(|m| m.is_file())
    {
        return Vec::new();
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&file)
        .and_then(|f| f.take(MAX_DOCKERFILE_BYTES).read_to_end(&mut bytes));
    if read.is_err() {
        return Vec::new();
    }
    parse_from(&String::from_utf8_lossy(&bytes), &build.args)
}

/// The images a Dockerfile's `FROM` lines name: `ARG` defaults and the
/// build's args substituted (`$X`, `${X}`), `--platform=…` skipped, earlier
/// stages (`AS name`) left out.
pub fn parse_from(text: &str, args: &IndexMap<String, stackc_ir::Template>) -> Vec<String> {
    let mut vars: IndexMap<String, String> = IndexMap::new();
    let mut stages: Vec<String> = Vec::new();
    let mut out = Vec::new();
    // Join continuation lines.
    let joined = text.replace("\\\n", " ");
    for line in joined.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(instruction) = words.first() else {
            continue;
        };
        if instruction.eq_ignore_ascii_case("ARG") {
            for decl in &words[1..] {
                let (name, default) = decl.split_once('=').unwrap_or((decl, ""));
                let value = args
                    .get(name)
                    .and_then(|t| t.as_literal().map(str::to_owned))
                    .unwrap_or_else(|| default.trim_matches('"').to_owned());
                vars.insert(name.to_owned(), value);
            }
        } else if instruction.eq_ignore_ascii_case("FROM") {
            let rest: Vec<&str> = words[1..]
                .iter()
                .copied()
                .filter(|w| !w.starts_with("--"))
                .collect();
            let Some(reference) = rest.first() else {
                continue;
            };
            let reference = substitute(reference, &vars);
            if !stages.contains(&reference) && reference != "scratch" && !out.contains(&reference) {
                out.push(reference);
            }
            if let [_, as_kw, stage] = rest.as_slice()
                && as_kw.eq_ignore_ascii_case("AS")
            {
                stages.push((*stage).to_owned());
            }
        }
    }
    out
}

fn substitute(text: &str, vars: &IndexMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (name, value) in vars {
        out = out
            .replace(&format!("${{{name}}}"), value)
            .replace(&format!("${name}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_lines_substitute_args_and_skip_stages() {
        let text = "ARG BASE=debian:12\nFROM --platform=linux/amd64 ${BASE} AS build\nRUN make\nFROM build AS test\nFROM scratch\nFROM \\\n  stack-base:1\n";
        assert_eq!(
            parse_from(text, &IndexMap::new()),
            ["debian:12", "stack-base:1"]
        );
        let mut args = IndexMap::new();
        args.insert("BASE".to_owned(), stackc_ir::Template::literal("demo-base"));
        assert_eq!(parse_from(text, &args)[0], "demo-base");
    }

    /// A Dockerfile path into an endless or blocking device is not read
    /// (the test would hang or run out of memory if it were).
    #[test]
    fn dockerfiles_in_pseudo_filesystems_are_not_read() {
        for dockerfile in ["/dev/zero", "/proc/kmsg", "/dev/stdin"] {
            let source = format!(
                "[stack]\nname = \"s\"\n[images.a]\nbuild = {{ context = \".\", dockerfile = \"{dockerfile}\" }}\n"
            );
            let stack = crate::parse_file(&source, Path::new(".")).unwrap();
            assert!(stack.images["a"].build.from.is_empty());
        }
    }
}
