//! Files given to containers: `[secrets.NAME]` and `[configs.NAME]` (where
//! the content comes from) and a service's `secrets` and `configs` (where
//! each lands in the container), as compose has them.

use crate::raw::DeValue;
use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::Diag;
use stackc_ir::names::NameKind;
use stackc_ir::stack::{FileGrant, FileObject, FileSource, Spanned};
use stackc_ir::ustar::MAX_ID;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::template::{Part, Use};

pub(crate) const SOURCE_KEYS: &[&str] = &["file", "param", "content"];
pub(crate) const GRANT_KEYS: &[&str] = &["source", "target", "uid", "gid", "mode"];

/// Whether the files are secrets or configs: their table, their default
/// place and whether inline content is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Secret,
    Config,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Self::Secret => "secrets",
            Self::Config => "configs",
        }
    }

    fn name_kind(self) -> NameKind {
        match self {
            Self::Secret => NameKind::Secret,
            Self::Config => NameKind::Config,
        }
    }
}

/// The longest path in a container a file may land at (a tar header's
/// prefix and name fields hold at most 155 + 1 + 100 bytes).
pub(crate) const MAX_TARGET: usize = 255;

/// `[secrets]` or `[configs]`.
pub(crate) fn decode_all(
    d: &mut Decoder<'_>,
    kind: Kind,
    value: &Value<'_>,
) -> IndexMap<String, FileObject> {
    let mut out = IndexMap::new();
    for (name, path, key, value) in d.table_entries(kind.table(), value) {
        let key_span = span_of(key);
        if !d.name(kind.name_kind(), name, key_span) {
            continue;
        }
        if let Some(source) = source(d, kind, &path, value) {
            out.insert(
                name.to_owned(),
                FileObject {
                    name: Spanned::new(name.to_owned(), key_span),
                    source,
                },
            );
        }
    }
    out
}

/// One `[secrets.NAME]` or `[configs.NAME]`: exactly one of `file`,
/// `param` and (configs only) `content`.
fn source(
    d: &mut Decoder<'_>,
    kind: Kind,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<FileSource>> {
    let table = d.table(path, value)?;
    let mut found: Vec<(SourceSpan, Option<FileSource>)> = Vec::new();
    for (field, field_path, key, item) in entries(path, table) {
        let decoded = match field {
            "file" => host_file(d, &field_path, item).map(FileSource::File),
            "param" => param(d, kind, &field_path, item).map(FileSource::Param),
            "content" if kind == Kind::Config => d
                .template(&field_path, item, Use::Other)
                .map(FileSource::Content),
            "content" => {
                d.push(secret_content(&field_path, span_of(key)));
                None
            }
            _ => {
                d.unknown_key(path, key, SOURCE_KEYS);
                continue;
            }
        };
        found.push((span_of(key), decoded));
    }
    match found.as_slice() {
        [] => {
            let example = match kind {
                Kind::Secret => "file = \"./secrets/db_password.txt\"",
                Kind::Config => "file = \"./nginx.conf\"",
            };
            d.push(diagnostics::missing_key(
                "file",
                path,
                span_of(value),
                example,
            ));
            None
        }
        [(_, decoded)] => decoded
            .clone()
            .map(|source| Spanned::new(source, span_of(value))),
        [_, (second, _), ..] => {
            d.push(two_sources(path, *second));
            None
        }
    }
}

/// `file`: a host path, as a bind mount's source is.
fn host_file(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<stackc_ir::Template> {
    let text = d.str(path, value)?;
    if text.starts_with('~') && !(text == "~" || text.starts_with("~/")) {
        d.push(diagnostics::home_path(text, span_of(value)));
        return None;
    }
    if text.is_empty() || text.ends_with('/') {
        d.push(diagnostics::invalid_value(
            Code::InvalidFile,
            path,
            text,
            span_of(value),
            "write the path of a file, absolute or relative to stack.toml (e.g. `./secrets/db.txt`)",
        ));
        return None;
    }
    d.no_line_break(path, Part::at(value, 0, text))?;
    d.template(path, value, Use::Other)
}

/// `param`: a declared parameter, a secret one for a secret.
fn param(
    d: &mut Decoder<'_>,
    kind: Kind,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<String>> {
    let name = d.spanned_string(path, value)?;
    match d.params.get(&name.value) {
        None => {
            let best =
                stackc_ir::suggest::closest(&name.value, d.params.keys().map(String::as_str))
                    .map(str::to_owned);
            d.push(diagnostics::undeclared_param(
                &name.value,
                name.span,
                best.as_deref(),
            ));
            None
        }
        Some(false) if kind == Kind::Secret => {
            d.push(
                Diag::new(
                    Code::InvalidFile,
                    format!(
                        "`{path}` names `{}`, which is not a secret parameter",
                        name.value
                    ),
                )
                .label(name.span, "not declared `secret = true`")
                .help(format!(
                    "declare it `[params.{}] secret = true`: a secret parameter is required at run time and never written into any output",
                    name.value
                )),
            );
            None
        }
        Some(_) => Some(name),
    }
}

/// A service's `secrets` or `configs`: names, or tables with `source`,
/// `target`, `uid`, `gid` and `mode`.
pub(crate) fn grants(
    d: &mut Decoder<'_>,
    kind: Kind,
    path: &str,
    value: &Value<'_>,
) -> Vec<Spanned<FileGrant>> {
    let mut out: Vec<Spanned<FileGrant>> =
        d.list(path, value, |d, path, item| grant(d, kind, path, item));
    let mut seen: Vec<(String, SourceSpan)> = Vec::new();
    out.retain(|grant| {
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == grant.value.target) {
            d.push(diagnostics::duplicate(
                "target",
                &grant.value.target,
                path,
                grant.span,
                *first,
            ));
            return false;
        }
        seen.push((grant.value.target.clone(), grant.span));
        true
    });
    out
}

fn grant(d: &mut Decoder<'_>, kind: Kind, path: &str, item: &Value<'_>) -> Option<FileGrant> {
    let mut grant = FileGrant {
        source: Spanned::new(String::new(), span_of(item)),
        target: String::new(),
        uid: 0,
        gid: 0,
        mode: 0o444,
    };
    let mut target = None;
    match item.get_ref() {
        DeValue::String(_) => grant.source = source_name(d, kind, path, item)?,
        DeValue::Table(table) => {
            let mut ok = true;
            for (field, field_path, key, value) in entries(path, table) {
                match field {
                    "source" => match source_name(d, kind, &field_path, value) {
                        Some(name) => grant.source = name,
                        None => ok = false,
                    },
                    "target" => target = d.path(&field_path, value).map(|t| (t, span_of(value))),
                    "uid" | "gid" => match id(d, &field_path, value) {
                        Some(n) if field == "uid" => grant.uid = n,
                        Some(n) => grant.gid = n,
                        None => ok = false,
                    },
                    "mode" => match mode(d, &field_path, value) {
                        Some(n) => grant.mode = n,
                        None => ok = false,
                    },
                    _ => {
                        d.unknown_key(path, key, GRANT_KEYS);
                        ok = false;
                    }
                }
            }
            if !table.contains_key("source") {
                d.push(diagnostics::missing_key(
                    "source",
                    path,
                    span_of(item),
                    "source = \"db_password\"",
                ));
                return None;
            }
            if !ok {
                return None;
            }
        }
        _ => {
            d.wrong_type(path, "a string or a table", item);
            return None;
        }
    }
    grant.target = match target {
        Some((text, span)) => checked_target(d, kind, path, &text, span)?,
        None => match kind {
            Kind::Secret => format!("/run/secrets/{}", grant.source.value),
            Kind::Config => format!("/{}", grant.source.value),
        },
    };
    Some(grant)
}

pub(crate) fn source_name(
    d: &mut Decoder<'_>,
    kind: Kind,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<String>> {
    let name = d.spanned_string(path, value)?;
    d.name(kind.name_kind(), &name.value, name.span)
        .then_some(name)
}

/// A `target`: absolute (a secret's relative one is under `/run/secrets`),
/// without `.` or `..` segments, of at most [`MAX_TARGET`] bytes.
fn checked_target(
    d: &mut Decoder<'_>,
    kind: Kind,
    path: &str,
    text: &str,
    span: SourceSpan,
) -> Option<String> {
    let full = match (kind, text.starts_with('/')) {
        (_, true) => text.to_owned(),
        (Kind::Secret, false) => format!("/run/secrets/{text}"),
        (Kind::Config, false) => {
            d.push(
                Diag::new(
                    Code::RelativeTarget,
                    format!(
                        "`{path}.target` `{}` is not an absolute path",
                        stackc_ir::text::shown(text)
                    ),
                )
                .label(span, "must start with `/`")
                .help(format!(
                    "write where the config lands in the container from `/`, e.g. `/etc/app/{}`",
                    stackc_ir::text::shown(text)
                )),
            );
            return None;
        }
    };
    let segments: Vec<&str> = full[1..].split('/').collect();
    let bad = segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
        || full.len() > MAX_TARGET
        || full.chars().any(char::is_control)
        || stackc_ir::ustar::header(&full, 0, 0, 0).is_none();
    if bad {
        d.push(diagnostics::invalid_value(
            Code::InvalidFile,
            &format!("{path}.target"),
            text,
            span,
            &format!(
                "write the path of a file in the container, e.g. `/etc/app/app.conf`: absolute, without `.`, `..` or empty segments, without control characters, at most {MAX_TARGET} bytes with no segment over 100"
            ),
        ));
        return None;
    }
    Some(full)
}

/// `uid`, `gid`: an integer or a string of digits, as compose takes them.
fn id(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<u32> {
    if let DeValue::String(text) = value.get_ref() {
        return match text.parse::<u32>() {
            Ok(n) if n <= MAX_ID && text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                d.push(diagnostics::invalid_value(
                    Code::InvalidFile,
                    path,
                    text,
                    span_of(value),
                    &format!("write a numeric user or group ID up to {MAX_ID}, e.g. `1000`"),
                ));
                None
            }
        };
    }
    d.int(path, value, 0, MAX_ID.into())
        .and_then(|n| u32::try_from(n).ok())
}

/// `mode`: permission bits, an integer (`0o440`) or an octal string
/// (`"0440"`).
fn mode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<u32> {
    if let DeValue::String(text) = value.get_ref() {
        return match u32::from_str_radix(text, 8) {
            Ok(n)
                if n <= 0o7777 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Some(n)
            }
            _ => {
                d.push(diagnostics::invalid_value(
                    Code::InvalidFile,
                    path,
                    text,
                    span_of(value),
                    "write octal permission bits, e.g. `\"0440\"` or `0o440`",
                ));
                None
            }
        };
    }
    d.int(path, value, 0, 0o7777)
        .and_then(|n| u32::try_from(n).ok())
}

fn secret_content(path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidFile,
        format!("`{path}`: a secret cannot be written in stack.toml"),
    )
    .label(span, "inline content")
    .help("read it from a file (`file = \"./secrets/NAME.txt\"`, kept out of version control) or from a secret parameter (`param = \"NAME\"`); inline `content` is for `[configs]`")
}

fn two_sources(path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidFile,
        format!("`{path}` has more than one source"),
    )
    .label(span, "a second source")
    .help("keep one of `file`, `param` and `content`")
}
