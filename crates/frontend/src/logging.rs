//! `logging = { driver, options }`: where docker sends a container's
//! output (`--log-driver`, `--log-opt`; compose's `logging`).

use indexmap::IndexMap;
use stackc_ir::stack::{Logging, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::template::Use;

pub(crate) const LOGGING_KEYS: &[&str] = &["driver", "options"];

pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<Logging>> {
    let table = d.table(path, value)?;
    let mut logging = Logging {
        driver: None,
        options: IndexMap::new(),
    };
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "driver" => logging.driver = d.template(&field_path, item, Use::Other),
            "options" => logging.options = d.pairs(&field_path, item, false),
            _ => {
                d.unknown_key(path, key, LOGGING_KEYS);
            }
        }
    }
    Some(Spanned::new(logging, span_of(value)))
}
