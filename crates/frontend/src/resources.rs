//! `[networks.NAME]` and `[volumes.NAME]`.

use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::stack::{Network, Spanned, Volume};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;
use crate::names::{self, NameKind};

pub(crate) const NETWORK_KEYS: &[&str] = &["driver", "internal", "labels", "external"];
pub(crate) const VOLUME_KEYS: &[&str] = &["driver", "labels", "external"];

pub(crate) fn networks(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Network> {
    let mut out = IndexMap::new();
    let Some(table) = d.table("networks", value) else {
        return out;
    };
    for (key, value) in table {
        let name: &str = key.get_ref();
        names::check(d, NameKind::Network, name, span_of(key));
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
                        network.driver = d.string(&field_path, value);
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
        names::check(d, NameKind::Volume, name, span_of(key));
        let path = format!("volumes.{name}");
        let mut volume = Volume {
            name: Spanned::new(name.to_owned(), span_of(key)),
            driver: None,
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
                        volume.driver = d.string(&field_path, value);
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
