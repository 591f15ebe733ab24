//! `[networks.NAME]` and `[volumes.NAME]`.

use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::Template;
use stackc_ir::stack::{Network, Spanned, Volume};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;
use crate::volume_init;
use stackc_ir::names::NameKind;

pub(crate) const NETWORK_KEYS: &[&str] = &[
    "driver",
    "internal",
    "labels",
    "external",
    "name",
    "attachable",
    "enable_ipv6",
    "driver_opts",
    "ipam",
];
pub(crate) const VOLUME_KEYS: &[&str] = &[
    "driver",
    "labels",
    "external",
    "owner",
    "mode",
    "init_image",
    "name",
    "driver_opts",
];

/// The keys networks and volumes share, decoded.
struct Shared {
    driver: Option<String>,
    labels: IndexMap<String, Template>,
    external: bool,
    /// `name`: the engine's name (allowed beside `external`, and only
    /// there with parameters).
    engine_name: Option<Spanned<Template>>,
}

pub(crate) fn networks(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Network> {
    decode_all(d, "networks", NameKind::Network, value, network)
}

pub(crate) fn volumes(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Volume> {
    decode_all(d, "volumes", NameKind::Volume, value, volume)
}

/// `[networks.NAME]` at `path`.
fn network(d: &mut Decoder<'_>, name: Spanned<String>, path: &str, value: &Value<'_>) -> Network {
    let mut internal = false;
    let mut options = stackc_ir::stack::NetworkOptions::default();
    let shared = decode(d, path, value, NETWORK_KEYS, |d, field, path, value| {
        match field {
            "internal" => internal = d.bool(path, value).unwrap_or(false),
            _ => return crate::network_options::network_key(d, &mut options, field, path, value),
        }
        true
    });
    Network {
        name,
        driver: shared.driver,
        internal,
        labels: shared.labels,
        external: shared.external,
        engine_name: shared.engine_name,
        options,
    }
}

/// `[volumes.NAME]` at `path`.
fn volume(d: &mut Decoder<'_>, name: Spanned<String>, path: &str, value: &Value<'_>) -> Volume {
    let mut owner = None;
    let mut mode = None;
    let mut init_image = None;
    let mut driver_opts = IndexMap::new();
    let shared = decode(d, path, value, VOLUME_KEYS, |d, field, path, value| {
        match field {
            "driver_opts" => driver_opts = d.pairs(path, value, false),
            "owner" => owner = volume_init::owner(d, path, value),
            "mode" => mode = volume_init::mode(d, path, value),
            "init_image" => init_image = volume_init::init_image(d, path, value),
            _ => return false,
        }
        true
    });
    if !shared.external
        && init_image.is_none()
        && let Some(first) = owner.as_ref().or(mode.as_ref())
    {
        let key = if owner.is_some() { "owner" } else { "mode" };
        d.push(
            stackc_ir::diagnostic::Diag::new(
                Code::MissingInitImage,
                format!("`{path}` sets `{key}` without `init_image`"),
            )
            .label(first.span, "applied by a container of `init_image`")
            .help(format!(
                "add `init_image = \"busybox:stable\"` to `[{path}]` (an image with `chown` and `chmod`)"
            )),
        );
    }
    Volume {
        name,
        driver: shared.driver,
        labels: shared.labels,
        external: shared.external,
        owner,
        mode,
        init_image,
        engine_name: shared.engine_name,
        driver_opts,
    }
}

/// The `[networks]` or `[volumes]` table (`table`): each name checked by
/// the rule of `kind`, each resource made by `resource` from its name, its
/// path and its value.
fn decode_all<T>(
    d: &mut Decoder<'_>,
    table: &str,
    kind: NameKind,
    value: &Value<'_>,
    mut resource: impl FnMut(&mut Decoder<'_>, Spanned<String>, &str, &Value<'_>) -> T,
) -> IndexMap<String, T> {
    let mut out = IndexMap::new();
    for (name, path, key, value) in d.table_entries(table, value) {
        d.name(kind, name, span_of(key));
        let resource = resource(d, Spanned::new(name.to_owned(), span_of(key)), &path, value);
        out.insert(name.to_owned(), resource);
    }
    out
}

/// The table of one network or volume at `path`: `driver`, `labels` and
/// `external` decoded here, the other keys by `own` (from the key, its
/// path and its value), which says whether it knows the key (`keys` are
/// those of the table). An external resource
/// takes none of the keys but `external`: each is reported.
fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    keys: &[&'static str],
    mut own: impl FnMut(&mut Decoder<'_>, &str, &str, &Value<'_>) -> bool,
) -> Shared {
    let mut shared = Shared {
        driver: None,
        labels: IndexMap::new(),
        external: false,
        engine_name: None,
    };
    let mut managed: Vec<(&str, SourceSpan)> = Vec::new();
    // Decoded once `external` is known: it decides whether `name` takes
    // parameters.
    let mut name = None;
    for (field, field_path, key, value) in d.table_entries(path, value) {
        match field {
            "driver" => shared.driver = d.literal(&field_path, value),
            "labels" => shared.labels = d.labels(&field_path, value),
            "external" => {
                shared.external = d.bool(&field_path, value).unwrap_or(false);
                continue;
            }
            "name" => {
                name = Some((field_path, value));
                continue;
            }
            _ if own(d, field, &field_path, value) => {}
            _ => {
                d.unknown_key(path, key, keys);
                continue;
            }
        }
        managed.push((field, span_of(key)));
    }
    if let Some((field_path, value)) = name {
        shared.engine_name =
            crate::network_options::engine_name(d, &field_path, value, shared.external);
    }
    if shared.external {
        for (key, span) in managed {
            d.push(diagnostics::external_conflict(path, key, span));
        }
    }
    shared
}
