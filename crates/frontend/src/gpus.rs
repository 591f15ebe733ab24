//! `gpus`: the GPUs a container asks for, as compose's `gpus` (and
//! `deploy.resources.reservations.devices`) says them: `"all"`, a count,
//! or a list of requests `{ driver, count, device_ids, capabilities,
//! options }`; docker's `--gpus`, once per request.

use crate::raw::DeValue;
use indexmap::IndexMap;
use stackc_ir::stack::{GpuCount, GpuRequest, Spanned};

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics::{self, Code};

pub(crate) const GPU_KEYS: &[&str] = &["driver", "count", "device_ids", "capabilities", "options"];

pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<Vec<GpuRequest>>> {
    let requests = match value.get_ref() {
        DeValue::Array(items) => {
            // Every request is checked (each problem reported), then any
            // refused one refuses the key.
            let requests: Vec<Option<GpuRequest>> = items
                .iter()
                .enumerate()
                .map(|(i, item)| request(d, &format!("{path}[{i}]"), item))
                .collect();
            requests.into_iter().collect::<Option<Vec<_>>>()?
        }
        _ => vec![GpuRequest {
            count: Some(count(d, path, value)?),
            ..GpuRequest::default()
        }],
    };
    Some(Spanned::new(requests, span_of(value)))
}

/// `"all"` or a whole number of GPUs.
fn count(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<GpuCount> {
    match value.get_ref() {
        DeValue::String(text) if text.as_ref() == "all" => Some(GpuCount::All),
        DeValue::Integer(_) => d
            .int(path, value, 1, i128::from(u32::MAX))
            .and_then(|n| u32::try_from(n).ok())
            .map(GpuCount::Count),
        _ => {
            d.wrong_type(path, "`\"all\"` or a number of GPUs", value);
            None
        }
    }
}

fn request(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<GpuRequest> {
    let table = d.table(path, value)?;
    let mut out = GpuRequest::default();
    let mut ok = true;
    for (field, field_path, key, item) in entries(path, table) {
        match field {
            "driver" => out.driver = word(d, &field_path, item),
            "count" => match count(d, &field_path, item) {
                Some(n) => out.count = Some(n),
                None => ok = false,
            },
            "device_ids" => match words(d, &field_path, item) {
                Some(ids) => out.device_ids = ids,
                None => ok = false,
            },
            "capabilities" => match words(d, &field_path, item) {
                Some(caps) => out.capabilities = caps,
                None => ok = false,
            },
            "options" => {
                let pairs: IndexMap<String, String> =
                    crate::network_options::literal_pairs(d, &field_path, item);
                for name in pairs.keys() {
                    if name.contains([',', '=', '"']) {
                        d.push(diagnostics::invalid_value(
                            Code::InvalidGpus,
                            &field_path,
                            name,
                            span_of(item),
                            "an option's name holds no `,`, `=` or `\"` (docker reads the options as `name=value` pairs)",
                        ));
                        ok = false;
                    }
                }
                out.options = pairs;
            }
            _ => {
                d.unknown_key(path, key, GPU_KEYS);
                ok = false;
            }
        }
    }
    if out.count.is_some() && !out.device_ids.is_empty() {
        d.push(
            stackc_ir::Diag::new(
                Code::InvalidGpus,
                format!("`{path}` has both `count` and `device_ids`"),
            )
            .label(span_of(value), "this request")
            .help("ask for a number of GPUs (`count`) or for given ones (`device_ids`), as compose does"),
        );
        ok = false;
    }
    if !out.capabilities.is_empty() && !out.capabilities.iter().any(|c| c == "gpu") {
        d.push(diagnostics::invalid_value(
            Code::InvalidGpus,
            &format!("{path}.capabilities"),
            &out.capabilities.join(", "),
            span_of(value),
            "docker's `--gpus` always asks for the `gpu` capability: list `gpu` among them",
        ));
        ok = false;
    }
    ok.then_some(out)
}

/// A literal word with no `,` (docker's lists are comma-separated).
fn word(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<String> {
    let text = d.literal(path, value)?;
    if text.is_empty() || text.contains([',', '"', '\n', '\r']) {
        d.push(diagnostics::invalid_value(
            Code::InvalidGpus,
            path,
            &text,
            span_of(value),
            "a word with no `,`, `\"` or line break (docker reads these fields as comma-separated lists)",
        ));
        return None;
    }
    Some(text)
}

fn words(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Vec<String>> {
    let items = d.array(path, value)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        out.push(word(d, &format!("{path}[{i}]"), item)?);
    }
    Some(out)
}
