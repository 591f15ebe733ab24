//! `[networks.NAME]` and `[volumes.NAME]`.

use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::stack::{Network, Spanned, Volume};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::diagnostics::Code;
use stackc_ir::names::NameKind;

pub(crate) const NETWORK_KEYS: &[&str] = &["driver", "internal", "labels", "external"];
pub(crate) const VOLUME_KEYS: &[&str] = &[
    "driver",
    "labels",
    "external",
    "owner",
    "mode",
    "init_image",
];

pub(crate) fn networks(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Network> {
    let mut out = IndexMap::new();
    let Some(table) = d.table("networks", value) else {
        return out;
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        d.name(NameKind::Network, name, span_of(key));
        let path = format!("networks.{name}");
        let mut network = Network {
            name: Spanned::new(name.to_owned(), span_of(key)),
            driver: None,
            internal: false,
            labels: IndexMap::new(),
            external: false,
        };
        let mut managed: Vec<(&str, SourceSpan)> = Vec::new();
        if let Some(table) = d.table(&path, value) {
            for (field, value) in table {
                let field_name: &str = field.get_ref();
                let field_path = format!("{path}.{field_name}");
                match field_name {
                    "driver" => {
                        network.driver = d.literal(&field_path, value);
                        managed.push(("driver", span_of(field)));
                    }
                    "internal" => {
                        network.internal = d.bool(&field_path, value).unwrap_or(false);
                        managed.push(("internal", span_of(field)));
                    }
                    "labels" => {
                        network.labels = d.labels(&field_path, value);
                        managed.push(("labels", span_of(field)));
                    }
                    "external" => network.external = d.bool(&field_path, value).unwrap_or(false),
                    _ => {
                        d.unknown_key(&path, field, NETWORK_KEYS);
                    }
                }
            }
        }
        if network.external {
            external_conflicts(d, &path, &managed);
        }
        out.insert(name.to_owned(), network);
    }
    out
}

pub(crate) fn volumes(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Volume> {
    let mut out = IndexMap::new();
    let Some(table) = d.table("volumes", value) else {
        return out;
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        d.name(NameKind::Volume, name, span_of(key));
        let path = format!("volumes.{name}");
        let mut volume = Volume {
            name: Spanned::new(name.to_owned(), span_of(key)),
            driver: None,
            labels: IndexMap::new(),
            external: false,
            owner: None,
            mode: None,
            init_image: None,
        };
        let mut managed: Vec<(&str, SourceSpan)> = Vec::new();
        if let Some(table) = d.table(&path, value) {
            for (field, value) in table {
                let field_name: &str = field.get_ref();
                let field_path = format!("{path}.{field_name}");
                match field_name {
                    "owner" | "mode" | "init_image" => {
                        let decoded = match field_name {
                            "owner" => crate::volume_init::owner(d, &field_path, value),
                            "mode" => crate::volume_init::mode(d, &field_path, value),
                            _ => crate::volume_init::init_image(d, &field_path, value),
                        };
                        match field_name {
                            "owner" => volume.owner = decoded,
                            "mode" => volume.mode = decoded,
                            _ => volume.init_image = decoded,
                        }
                        managed.push((field_name, span_of(field)));
                    }
                    "driver" => {
                        volume.driver = d.literal(&field_path, value);
                        managed.push(("driver", span_of(field)));
                    }
                    "labels" => {
                        volume.labels = d.labels(&field_path, value);
                        managed.push(("labels", span_of(field)));
                    }
                    "external" => volume.external = d.bool(&field_path, value).unwrap_or(false),
                    _ => {
                        d.unknown_key(&path, field, VOLUME_KEYS);
                    }
                }
            }
        }
        if volume.external {
            external_conflicts(d, &path, &managed);
        } else if volume.init_image.is_none()
            && let Some(first) = volume.owner.as_ref().or(volume.mode.as_ref())
        {
            let key = if volume.owner.is_some() {
                "owner"
            } else {
                "mode"
            };
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
        out.insert(name.to_owned(), volume);
    }
    out
}

fn external_conflicts(d: &mut Decoder<'_>, path: &str, managed: &[(&str, SourceSpan)]) {
    for (key, span) in managed {
        d.push(diagnostics::external_conflict(path, key, *span));
    }
}
