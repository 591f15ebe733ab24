//! The decoder and its typed getters. Each getter checks one value of the
//! raw TOML tree, reports what is wrong with it, and returns `None` when the
//! value cannot be used, so that decoding goes on and finds every problem.

use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::names::NameKind;
use stackc_ir::stack::Spanned;

use crate::raw::{DeTable, DeValue};
pub(crate) use crate::raw::{Key, Value};

use crate::{compose_keys, diagnostics};

/// The span of a raw key or value.
pub(crate) fn span_of<T>(spanned: &crate::raw::Spanned<T>) -> SourceSpan {
    let range = spanned.span();
    (range.start, range.end - range.start).into()
}

/// One entry of a table, as the decoders walk it: the key's text, the
/// entry's path in messages (the table's path, a dot, the key:
/// `services.web.image`), the key and the value.
pub(crate) type Entry<'t, 'i> = (&'t str, String, &'t Key<'i>, &'t Value<'i>);

/// The path of the entry `name` of the table at `path`: `path.name`.
pub(crate) fn key_path(path: &str, name: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1 + name.len());
    out.push_str(path);
    out.push('.');
    out.push_str(name);
    out
}

/// The path of the item `i` of the array at `path`: `path[i]`.
pub(crate) fn item_path(path: &str, i: usize) -> String {
    let digits = i.to_string();
    let mut out = String::with_capacity(path.len() + 2 + digits.len());
    out.push_str(path);
    out.push('[');
    out.push_str(&digits);
    out.push(']');
    out
}

/// The entries of `table`, the table at `path`, in source order.
pub(crate) fn entries<'t, 'i>(
    path: &'t str,
    table: &'t DeTable<'i>,
) -> impl Iterator<Item = Entry<'t, 'i>> {
    table.iter().map(move |(key, value)| {
        let name: &str = key.get_ref();
        (name, key_path(path, name), key, value)
    })
}

/// A TOML type with its article, as messages name it.
pub(crate) fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Decodes one stack.toml and collects its diagnostics.
pub(crate) struct Decoder<'s> {
    source: &'s str,
    diags: Diagnostics,
    /// Declared parameters and whether each is secret.
    pub(crate) params: IndexMap<String, bool>,
}

impl<'s> Decoder<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        Self {
            source,
            diags: Diagnostics::default(),
            params: IndexMap::new(),
        }
    }

    pub(crate) fn push(&mut self, diag: Diag) {
        self.diags.push(diag);
    }

    pub(crate) fn into_diagnostics(self) -> Diagnostics {
        self.diags
    }

    /// The span of `len` bytes at `offset` in the decoded string of
    /// `value`: exact when the source text between the quotes is the
    /// decoded string itself (no escapes), else the whole value.
    pub(crate) fn sub_span(&self, value: &Value<'_>, offset: usize, len: usize) -> SourceSpan {
        let range = value.span();
        let raw = self.source.get(range.clone()).unwrap_or_default();
        let decoded = value.get_ref().as_str().unwrap_or_default();
        if let Some((start, end)) = string_body(raw)
            && raw.get(start..end) == Some(decoded)
            && offset + len <= decoded.len()
        {
            return (range.start + start + offset, len).into();
        }
        span_of(value)
    }

    /// Report a key that is not one of `valid`; returns the suggested key.
    pub(crate) fn unknown_key(
        &mut self,
        table: &str,
        key: &Key<'_>,
        valid: &[&'static str],
    ) -> Option<&'static str> {
        let name: &str = key.get_ref();
        if let Some(help) = compose_keys::table_of(table).and_then(|t| compose_keys::help(t, name))
        {
            self.push(diagnostics::compose_key(name, table, span_of(key), help));
            return None;
        }
        let best = stackc_ir::suggest::closest(name, valid.iter().copied());
        let help = match best {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the keys are {}",
                stackc_ir::suggest::list(valid.iter().copied())
            ),
        };
        self.push(diagnostics::unknown_key(name, table, span_of(key), help));
        best
    }

    /// Report `name` unless it follows the rule of `kind`.
    pub(crate) fn name(&mut self, kind: NameKind, name: &str, span: SourceSpan) -> bool {
        let valid = kind.is_valid(name);
        if !valid {
            self.push(diagnostics::invalid_name(kind, name, span));
        }
        valid
    }

    /// Report a value of the wrong type; `expected` carries its article.
    pub(crate) fn wrong_type(&mut self, path: &str, expected: &str, value: &Value<'_>) {
        self.push(diagnostics::wrong_type(
            path,
            expected,
            type_name(value.get_ref()),
            span_of(value),
        ));
    }

    /// `get` of `value`, the value at `path`; `None` when `get` finds it
    /// is not `expected` (a type with its article), reported.
    fn typed<'v, 'i, T>(
        &mut self,
        path: &str,
        value: &'v Value<'i>,
        expected: &str,
        get: impl FnOnce(&'v DeValue<'i>) -> Option<T>,
    ) -> Option<T> {
        let typed = get(value.get_ref());
        if typed.is_none() {
            self.wrong_type(path, expected, value);
        }
        typed
    }

    pub(crate) fn table<'v, 'i>(
        &mut self,
        path: &str,
        value: &'v Value<'i>,
    ) -> Option<&'v DeTable<'i>> {
        self.typed(path, value, "a table", DeValue::as_table)
    }

    /// The entries of the table `value` at `path` ([`entries`]); none,
    /// reported, when `value` is not a table.
    pub(crate) fn table_entries<'t, 'i>(
        &mut self,
        path: &'t str,
        value: &'t Value<'i>,
    ) -> impl Iterator<Item = Entry<'t, 'i>> + use<'t, 'i> {
        self.table(path, value)
            .into_iter()
            .flat_map(move |table| entries(path, table))
    }

    pub(crate) fn array<'v, 'i>(
        &mut self,
        path: &str,
        value: &'v Value<'i>,
    ) -> Option<&'v [Value<'i>]> {
        self.typed(path, value, "an array", DeValue::as_array)
            .map(|array| &**array)
    }

    /// A string without NUL bytes.
    pub(crate) fn str<'v>(&mut self, path: &str, value: &'v Value<'_>) -> Option<&'v str> {
        let text = self.typed(path, value, "a string", DeValue::as_str)?;
        self.check_nul(path, value, text)
    }

    /// `text` (the decoded string of `value`), unless it has a NUL byte.
    pub(crate) fn check_nul<'t>(
        &mut self,
        path: &str,
        value: &Value<'_>,
        text: &'t str,
    ) -> Option<&'t str> {
        if let Some(at) = text.find('\0') {
            let span = self.sub_span(value, at, 1);
            self.push(diagnostics::nul_byte(path, span));
            return None;
        }
        Some(text)
    }

    pub(crate) fn string(&mut self, path: &str, value: &Value<'_>) -> Option<String> {
        self.str(path, value).map(str::to_owned)
    }

    pub(crate) fn spanned_string(
        &mut self,
        path: &str,
        value: &Value<'_>,
    ) -> Option<Spanned<String>> {
        self.string(path, value)
            .map(|text| Spanned::new(text, span_of(value)))
    }

    /// A value as written in the source (a number's digits).
    pub(crate) fn source_text(&self, value: &Value<'_>) -> Option<String> {
        self.source.get(value.span()).map(str::to_owned)
    }

    pub(crate) fn bool(&mut self, path: &str, value: &Value<'_>) -> Option<bool> {
        self.typed(path, value, "a boolean", DeValue::as_bool)
    }

    /// An integer in `min..=max`.
    pub(crate) fn int(
        &mut self,
        path: &str,
        value: &Value<'_>,
        min: i128,
        max: i128,
    ) -> Option<i128> {
        let int = self.typed(path, value, "an integer", DeValue::as_integer)?;
        let digits = int.as_str().replace('_', "");
        let parsed = i128::from_str_radix(&digits, int.radix()).ok();
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let text = self.source.get(value.span()).unwrap_or(&digits).to_owned();
                self.push(diagnostics::out_of_range(
                    path,
                    &text,
                    span_of(value),
                    min,
                    max,
                ));
                None
            }
        }
    }

    pub(crate) fn u32(&mut self, path: &str, value: &Value<'_>) -> Option<u32> {
        self.int(path, value, 0, u32::MAX.into())
            .and_then(|n| u32::try_from(n).ok())
    }

    pub(crate) fn u64(&mut self, path: &str, value: &Value<'_>) -> Option<u64> {
        self.int(path, value, 0, u64::MAX.into())
            .and_then(|n| u64::try_from(n).ok())
    }

    /// An array of strings, each with its span, each once (a repeated one
    /// is reported as a duplicate `what` and left out).
    pub(crate) fn unique_strings(
        &mut self,
        path: &str,
        value: &Value<'_>,
        what: &str,
    ) -> Vec<Spanned<String>> {
        let mut out: Vec<Spanned<String>> = Vec::new();
        for item in self.strings(path, value).unwrap_or_default() {
            if let Some(first) = out.iter().find(|n| n.value == item.value) {
                let first = first.span;
                self.push(diagnostics::duplicate(
                    what,
                    &item.value,
                    path,
                    item.span,
                    first,
                ));
                continue;
            }
            out.push(item);
        }
        out
    }

    /// The array `value` at `path`, each item made by `decode` from its
    /// path (`ports[2]`) and value, with its span; the items `decode`
    /// refuses (reported) are left out.
    pub(crate) fn list<T>(
        &mut self,
        path: &str,
        value: &Value<'_>,
        mut decode: impl FnMut(&mut Self, &str, &Value<'_>) -> Option<T>,
    ) -> Vec<Spanned<T>> {
        let Some(items) = self.array(path, value) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                decode(self, &item_path(path, i), item)
                    .map(|decoded| Spanned::new(decoded, span_of(item)))
            })
            .collect()
    }

    /// An array of strings, each with its span.
    pub(crate) fn strings(
        &mut self,
        path: &str,
        value: &Value<'_>,
    ) -> Option<Vec<Spanned<String>>> {
        let items = self.array(path, value)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(text) = self.spanned_string(&item_path(path, i), item) {
                out.push(text);
            }
        }
        Some(out)
    }
}

/// The byte range of a string literal's body inside its source text, for
/// basic, literal and multi-line strings.
fn string_body(raw: &str) -> Option<(usize, usize)> {
    for delim in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * delim.len() && raw.starts_with(delim) && raw.ends_with(delim) {
            let mut start = delim.len();
            let end = raw.len() - delim.len();
            if delim.len() == 3 {
                // A newline right after the opening delimiter is trimmed.
                if raw[start..].starts_with("\r\n") {
                    start += 2;
                } else if raw[start..].starts_with('\n') {
                    start += 1;
                }
            }
            return (start <= end).then_some((start, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_bodies() {
        assert_eq!(string_body("\"ab\""), Some((1, 3)));
        assert_eq!(string_body("'ab'"), Some((1, 3)));
        assert_eq!(string_body("\"\"\"\nab\"\"\""), Some((4, 6)));
        assert_eq!(string_body("'''ab'''"), Some((3, 5)));
        assert_eq!(string_body("\"\""), Some((1, 1)));
        assert_eq!(string_body("12"), None);
    }
}
