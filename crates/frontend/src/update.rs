//! `update = { parallelism, order, delay }`: how `up` replaces a service's
//! changed containers (compose's `deploy.update_config`).

use stackc_ir::stack::Spanned;
use stackc_ir::stack::{Update, UpdateOrder};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};
use crate::duration;

pub(crate) const UPDATE_KEYS: &[&str] = &["parallelism", "order", "delay"];

pub(crate) fn decode(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Update> {
    let table = d.table(path, value)?;
    let mut update = Update {
        parallelism: None,
        order: None,
        delay: None,
        span: span_of(value),
    };
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "parallelism" => {
                update.parallelism = d
                    .int(&field_path, item, 1, 1000)
                    .and_then(|n| u32::try_from(n).ok())
                    .map(|n| Spanned::new(n, span_of(item)));
            }
            "order" => update.order = order(d, &field_path, item),
            "delay" => {
                update.delay =
                    duration::decode(d, &field_path, item).map(|t| Spanned::new(t, span_of(item)));
            }
            _ => {
                d.unknown_key(path, key, UPDATE_KEYS);
            }
        }
    }
    Some(update)
}

fn order(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<UpdateOrder>> {
    let text = d.str(path, value)?;
    let order = match text {
        "stop-first" => UpdateOrder::StopFirst,
        "start-first" => UpdateOrder::StartFirst,
        _ => {
            d.push(diagnostics::invalid_choice(
                Code::InvalidUpdate,
                path,
                text,
                span_of(value),
                "`stop-first` (the default: the old container stops before the new one starts) or `start-first` (the new one is ready before the old one stops)",
            ));
            return None;
        }
    };
    Some(Spanned::new(order, span_of(value)))
}
