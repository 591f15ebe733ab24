//! A service's `networks`: names, each with its options when it has some
//! (`aliases`, `ipv4_address`, `ipv6_address`, `priority`), as a list
//! (`["front", { name = "back", aliases = ["db"] }]`) or as compose's table
//! (`{ back = { aliases = ["db"] }, front = {} }`).

use crate::raw::DeValue;
use indexmap::IndexMap;
use stackc_ir::names::NameKind;
use stackc_ir::stack::{Attachment, Ref, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::network_options::address;
use stackc_ir::check::Ip;

pub(crate) const ATTACH_KEYS: &[&str] = &[
    "name",
    "aliases",
    "ipv4_address",
    "ipv6_address",
    "priority",
];

type Attachments = IndexMap<String, Spanned<Attachment>>;

pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> (Vec<Ref>, Attachments) {
    let mut names: Vec<Ref> = Vec::new();
    let mut options = Attachments::new();
    let mut add = |d: &mut Decoder<'_>, name: Ref, attach: Option<Attachment>, span| {
        if let Some(first) = names.iter().find(|n| n.value == name.value) {
            d.push(diagnostics::duplicate(
                "network",
                &name.value,
                path,
                name.span,
                first.span,
            ));
            return;
        }
        if let Some(attach) = attach {
            options.insert(name.value.clone(), Spanned::new(attach, span));
        }
        names.push(name);
    };
    match value.get_ref() {
        DeValue::Table(table) => {
            for (name, item_path, key, item) in entries(path, table) {
                let name = Spanned::new(name.to_owned(), span_of(key));
                let attach = match item.get_ref() {
                    DeValue::Table(t) if t.is_empty() => None,
                    _ => options_of(d, &item_path, item, false).map(|(_, a)| a),
                };
                add(d, name, attach, span_of(item));
            }
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = crate::decode::item_path(path, i);
                match item.get_ref() {
                    DeValue::String(_) => {
                        if let Some(name) = d.spanned_string(&item_path, item) {
                            add(d, name, None, span_of(item));
                        }
                    }
                    _ => {
                        if let Some((Some(name), attach)) = options_of(d, &item_path, item, true) {
                            add(d, name, Some(attach), span_of(item));
                        }
                    }
                }
            }
        }
        _ => d.wrong_type(path, "an array or a table", value),
    }
    (names, options)
}

/// The options of one attachment; `named`: the table holds the network's
/// `name` (the list form).
fn options_of(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
    named: bool,
) -> Option<(Option<Ref>, Attachment)> {
    let table = d.table(path, value)?;
    let mut name = None;
    let mut attach = Attachment::default();
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "name" if named => name = d.spanned_string(&field_path, item),
            "aliases" => {
                for alias in d.unique_strings(&field_path, item, "alias") {
                    if NameKind::Container.is_valid(&alias.value) {
                        attach.aliases.push(alias.value);
                    } else {
                        d.push(diagnostics::invalid_value(
                            Code::InvalidNetworkOption,
                            &field_path,
                            &alias.value,
                            alias.span,
                            "an alias is a DNS name: letters, digits, `_`, `.` and `-`",
                        ));
                    }
                }
            }
            "ipv4_address" => {
                attach.ipv4_address = Some(address(d, &field_path, item, Ip::V4)?);
            }
            "ipv6_address" => {
                attach.ipv6_address = Some(address(d, &field_path, item, Ip::V6)?);
            }
            "priority" => {
                let n = d.int(&field_path, item, -1_000_000, 1_000_000)?;
                attach.priority = i64::try_from(n).ok()?;
            }
            _ => {
                let keys = if named {
                    ATTACH_KEYS
                } else {
                    &ATTACH_KEYS[1..]
                };
                d.unknown_key(path, key, keys);
            }
        }
    }
    if named && name.is_none() {
        d.push(diagnostics::missing_key(
            "name",
            path,
            span_of(value),
            "name = \"back\"",
        ));
        return None;
    }
    Some((name, attach))
}
