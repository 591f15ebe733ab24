//! A service's `volumes`: compose short syntax `SRC:DST[:ro|:rw]` or `DST`,
//! or the long syntax table `{ type, source, target, read_only, tmpfs }`.

use crate::raw::DeValue;
use stackc_ir::stack::{CONSISTENCIES, Mount, MountOptions, PROPAGATIONS, SELINUX, Spanned};

use crate::decode::{Decoder, Key, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;
use crate::template::{Part, Use};
use stackc_ir::names::NameKind;

pub(crate) const MOUNT_KEYS: &[&str] = &[
    "type",
    "source",
    "target",
    "read_only",
    "tmpfs",
    "bind",
    "volume",
    "consistency",
];
pub(crate) const TMPFS_KEYS: &[&str] = &["size"];
pub(crate) const BIND_KEYS: &[&str] = &["propagation", "selinux", "create_host_path"];
pub(crate) const VOLUME_KEYS: &[&str] = &["nocopy", "subpath"];

const SHORT_FORMS: &str = "write `SOURCE:TARGET`, `SOURCE:TARGET:ro` or an anonymous volume `TARGET`, e.g. `\"data:/var/lib/data\"` or `\"./conf:/etc/app:ro\"`";
const COLON_HELP: &str = "a `:` inside a path is ambiguous in the short form; write the mount as a table, e.g. `{ type = \"bind\", source = \"./a:b\", target = \"/data\" }`";

/// The `volumes` array of a service.
pub(crate) fn decode_list(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Vec<Spanned<Mount>> {
    d.list(path, value, |d, path, item| match item.get_ref() {
        DeValue::String(_) => short(d, path, item),
        DeValue::Table(_) => long(d, path, item),
        _ => {
            d.wrong_type(path, "a string or a table", item);
            None
        }
    })
}

/// `~` or `~/…`: under the home directory of whoever runs the output.
fn is_home(source: &str) -> bool {
    source == "~" || source.starts_with("~/")
}

/// Whether a short-syntax source is a host path rather than a volume name.
fn is_bind_source(source: &str) -> bool {
    is_home(source)
        || source.starts_with('/')
        || source.starts_with("./")
        || source.starts_with("../")
        || source == "."
        || source == ".."
}

fn short(d: &mut Decoder<'_>, path: &str, item: &Value<'_>) -> Option<Mount> {
    let text = d.str(path, item)?;
    let span = span_of(item);
    let Some((source, target, mode)) = Mount::split_short(text) else {
        d.push(diagnostics::malformed_mount(text, span, COLON_HELP));
        return None;
    };
    if target.is_empty() || source == Some("") {
        d.push(diagnostics::malformed_mount(text, span, SHORT_FORMS));
        return None;
    }
    let (read_only, options) = match Mount::short_mode(mode) {
        Ok(mode) => mode,
        Err(option) => {
            d.push(diagnostics::invalid_mount_mode(option, span));
            return None;
        }
    };
    let is_bind = source.is_some_and(|s| is_bind_source(s) || s.starts_with('~'));
    if let Some(wrong) = if is_bind {
        options.nocopy.then_some("nocopy")
    } else {
        options.propagation.or(options.selinux)
    } {
        let kind = if is_bind { "bind" } else { "volume" };
        d.push(diagnostics::mount_option(path, wrong, kind, span));
        return None;
    }
    if !target.starts_with('/') {
        d.push(diagnostics::relative_target(target, span));
        return None;
    }
    let target_at = source.map_or(0, |s| s.len() + 1);
    let target = d.path_in(path, Part::at(item, target_at, target))?;
    match source {
        None => Some(Mount::Volume {
            source: None,
            target,
            read_only,
            options,
        }),
        Some(source) if source.starts_with('~') && !is_home(source) => {
            d.push(diagnostics::home_path(source, span));
            None
        }
        Some(source) if is_bind_source(source) => {
            let source = Part::at(item, 0, source);
            d.no_line_break(path, source)?;
            let source = d.template_in(path, source, Use::Other)?;
            Some(Mount::Bind {
                source,
                target,
                read_only,
                options,
            })
        }
        Some(source) => {
            if !NameKind::Volume.is_valid(source) {
                d.push(diagnostics::invalid_mount_source(source, span));
                return None;
            }
            Some(Mount::Volume {
                source: Some(Spanned::new(source.to_owned(), span)),
                target,
                read_only,
                options,
            })
        }
    }
}

/// The raw fields of a long-syntax mount, before its type is known.
#[derive(Default)]
struct Fields<'v, 'i> {
    kind: Option<&'v Value<'i>>,
    source: Option<(&'v Key<'i>, &'v Value<'i>)>,
    target: Option<&'v Value<'i>>,
    read_only: Option<(&'v Key<'i>, &'v Value<'i>)>,
    tmpfs: Option<(&'v Key<'i>, &'v Value<'i>)>,
    bind: Option<(&'v Key<'i>, &'v Value<'i>)>,
    volume: Option<(&'v Key<'i>, &'v Value<'i>)>,
    consistency: Option<&'v Value<'i>>,
}

fn long(d: &mut Decoder<'_>, path: &str, item: &Value<'_>) -> Option<Mount> {
    let table = d.table(path, item)?;
    let mut fields = Fields::default();
    let mut ok = true;
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "type" => fields.kind = Some(value),
            "source" => fields.source = Some((key, value)),
            "target" => fields.target = Some(value),
            "read_only" => fields.read_only = Some((key, value)),
            "tmpfs" => fields.tmpfs = Some((key, value)),
            "bind" => fields.bind = Some((key, value)),
            "volume" => fields.volume = Some((key, value)),
            "consistency" => fields.consistency = Some(value),
            _ => {
                d.unknown_key(path, key, MOUNT_KEYS);
                ok = false;
            }
        }
    }

    let kind = mount_type(d, path, item, fields.kind)?;

    // A missing target is reported and the mount's other fields still
    // checked; a wrong one ends the mount's decoding.
    let target = match fields.target {
        Some(value) => Some(mount_target(d, path, value)?),
        None => {
            d.push(diagnostics::missing_key(
                "target",
                path,
                span_of(item),
                "target = \"/data\"",
            ));
            None
        }
    };

    let read_only = match fields.read_only {
        Some((key, _)) if kind == "tmpfs" => {
            d.push(diagnostics::mount_option(
                path,
                "read_only",
                kind,
                span_of(key),
            ));
            ok = false;
            false
        }
        Some((_, value)) => d.bool(&format!("{path}.read_only"), value).unwrap_or(false),
        None => false,
    };

    let size = match fields.tmpfs {
        Some((key, _)) if kind != "tmpfs" => {
            d.push(diagnostics::mount_option(path, "tmpfs", kind, span_of(key)));
            ok = false;
            None
        }
        Some((_, value)) => tmpfs_size(d, &format!("{path}.tmpfs"), value),
        None => None,
    };

    let options = options(d, path, kind, &fields, &mut ok);

    let mount = match (kind, fields.source) {
        ("tmpfs", Some((key, _))) => {
            d.push(diagnostics::mount_option(
                path,
                "source",
                kind,
                span_of(key),
            ));
            return None;
        }
        ("tmpfs", None) => Mount::Tmpfs {
            target: target?,
            size,
        },
        ("bind", None) => {
            d.push(diagnostics::missing_key(
                "source",
                path,
                span_of(item),
                "source = \"./data\"",
            ));
            return None;
        }
        ("bind", Some((_, value))) => Mount::Bind {
            source: relabeled_source(d, path, value, &options)?,
            target: target?,
            read_only,
            options,
        },
        (_, source) => Mount::Volume {
            source: match source {
                Some((_, value)) => Some(volume_source(d, path, value)?),
                None => None,
            },
            target: target?,
            read_only,
            options,
        },
    };
    ok.then_some(mount)
}

/// A bind mount's source; with a relabeling, written `--volume
/// SOURCE:TARGET:z` (the one flag that has it), a literal `:` is refused.
fn relabeled_source(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    options: &MountOptions,
) -> Option<stackc_ir::Template> {
    let source = bind_source(d, path, value)?;
    let colon = |p: &stackc_ir::template::Part| matches!(p, stackc_ir::template::Part::Lit(t) if t.contains(':'));
    if options.selinux.is_some() && source.parts().iter().any(colon) {
        d.push(
            stackc_ir::Diag::new(
                diagnostics::Code::MountOption,
                format!("`{path}` relabels (`bind.selinux`) a host path with `:`, which docker's `--volume` cannot hold"),
            )
            .label(span_of(value), "holds `:`")
            .help("docker's `--volume SOURCE:TARGET:z`, the one flag that relabels, splits at `:`: rename the directory, or label it yourself (`chcon -Rt container_file_t DIR`) and remove `selinux`"),
        );
        return None;
    }
    if options.create_host_path == Some(true) && source.parts().iter().any(colon) {
        d.push(
            stackc_ir::Diag::new(
                diagnostics::Code::MountOption,
                format!("`{path}` creates (`bind.create_host_path`) a host path with `:`, which docker's `--volume` cannot hold"),
            )
            .label(span_of(value), "holds `:`")
            .help("docker's `--volume SOURCE:TARGET`, the flag that creates a missing host directory, splits at `:`: rename the directory, or create it yourself and remove `create_host_path`"),
        );
        return None;
    }
    Some(source)
}

/// `bind.propagation` (a bind mount), `volume.nocopy` (a volume) and
/// `consistency` (either); a key for another type is reported.
fn options(
    d: &mut Decoder<'_>,
    path: &str,
    kind: &str,
    fields: &Fields<'_, '_>,
    ok: &mut bool,
) -> MountOptions {
    let mut options = MountOptions::default();
    for (key, value, owner) in [(fields.bind, "bind"), (fields.volume, "volume")]
        .into_iter()
        .filter_map(|(field, owner)| field.map(|(key, value)| (key, value, owner)))
    {
        if kind != owner {
            d.push(diagnostics::mount_option(path, owner, kind, span_of(key)));
            *ok = false;
            continue;
        }
        let table_path = format!("{path}.{owner}");
        for (field, field_path, field_key, item) in d.table_entries(&table_path, value) {
            match (owner, field) {
                ("bind", "propagation") => {
                    options.propagation = choice(d, &field_path, item, PROPAGATIONS);
                }
                ("bind", "selinux") => {
                    options.selinux = choice(d, &field_path, item, SELINUX);
                }
                ("bind", "create_host_path") => {
                    options.create_host_path = d.bool(&field_path, item);
                }
                ("volume", "nocopy") => options.nocopy = d.bool(&field_path, item).unwrap_or(false),
                ("volume", "subpath") => match subpath(d, &field_path, item) {
                    Some(text) => options.subpath = Some(text),
                    None => *ok = false,
                },
                _ => {
                    let known = if owner == "bind" {
                        BIND_KEYS
                    } else {
                        VOLUME_KEYS
                    };
                    d.unknown_key(&table_path, field_key, known);
                    *ok = false;
                }
            }
        }
    }
    if let Some(value) = fields.consistency {
        if kind == "tmpfs" {
            d.push(diagnostics::mount_option(
                path,
                "consistency",
                kind,
                span_of(value),
            ));
            *ok = false;
        }
        options.consistency = choice(d, &format!("{path}.consistency"), value, CONSISTENCIES);
    }
    options
}

/// One of `choices`, as the table's own `&'static str`.
fn choice(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    choices: &'static [&'static str],
) -> Option<&'static str> {
    let text = d.str(path, value)?;
    let found = choices.iter().find(|c| **c == text).copied();
    if found.is_none() {
        d.push(diagnostics::invalid_choice(
            Code::InvalidMountOption,
            path,
            text,
            span_of(value),
            &choices
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    found
}

/// `type`: required, one of the three kinds docker mounts.
fn mount_type<'v>(
    d: &mut Decoder<'_>,
    path: &str,
    item: &Value<'_>,
    value: Option<&'v Value<'_>>,
) -> Option<&'v str> {
    let Some(value) = value else {
        d.push(diagnostics::missing_key(
            "type",
            path,
            span_of(item),
            "type = \"bind\"",
        ));
        return None;
    };
    let kind = d.str(&format!("{path}.type"), value)?;
    if !matches!(kind, "volume" | "bind" | "tmpfs") {
        d.push(diagnostics::invalid_choice(
            Code::InvalidMountType,
            &format!("{path}.type"),
            kind,
            span_of(value),
            "`volume`, `bind` or `tmpfs`",
        ));
        return None;
    }
    Some(kind)
}

/// `target`: an absolute path in the container.
fn mount_target(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<String> {
    let target = d.path(&format!("{path}.target"), value)?;
    if !target.starts_with('/') {
        d.push(diagnostics::relative_target(&target, span_of(value)));
        return None;
    }
    Some(target)
}

/// A bind mount's `source`: a host path, absolute or relative to the stack
/// file, on one line.
fn bind_source(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<stackc_ir::Template> {
    let source_path = format!("{path}.source");
    let text = d.str(&source_path, value)?;
    if text.starts_with('~') && !is_home(text) {
        d.push(diagnostics::home_path(text, span_of(value)));
        return None;
    }
    if text.is_empty() {
        d.push(diagnostics::invalid_value(
            Code::MalformedMount,
            &source_path,
            text,
            span_of(value),
            "write the host path to mount, absolute or relative to stack.toml",
        ));
        return None;
    }
    d.no_line_break(&source_path, Part::at(value, 0, text))?;
    d.template(&source_path, value, Use::Other)
}

/// A volume mount's `source`: the key of a `[volumes]` entry.
fn volume_source(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let name = d.str(&format!("{path}.source"), value)?;
    if !NameKind::Volume.is_valid(name) {
        d.push(diagnostics::invalid_mount_source(name, span_of(value)));
        return None;
    }
    Some(Spanned::new(name.to_owned(), span_of(value)))
}

fn tmpfs_size(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<u64> {
    let table = d.table(path, value)?;
    let mut size = None;
    for (key, value) in table {
        if key.get_ref() == "size" {
            size = d.u64(&format!("{path}.size"), value);
        } else {
            d.unknown_key(path, key, TMPFS_KEYS);
        }
    }
    size
}

/// `volume.subpath`: a relative path inside the volume, without `.` or
/// `..` components (docker refuses them, after the stack is half up).
fn subpath(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<String> {
    let text = d.literal(path, value)?;
    let clean = !text.is_empty()
        && !text.starts_with('/')
        && !text.contains('\0')
        && text
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if clean {
        return Some(text);
    }
    d.push(diagnostics::invalid_value(
        Code::InvalidMountOption,
        path,
        &text,
        span_of(value),
        "a subpath is a directory inside the volume: a relative path like `data/app`, without `.`, `..` or empty parts",
    ));
    None
}
