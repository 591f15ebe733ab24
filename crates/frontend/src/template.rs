//! Template fields: strings with `${NAME}` parameter references. Parse
//! errors are located in the source, and every reference must name a
//! declared parameter; secret parameters are only allowed in `environment`.

use indexmap::IndexMap;
use stackc_ir::Template;
use toml::de::DeValue;

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics;

/// Where a template is used; decides whether it may read a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// A `services.*.environment` value: secrets allowed.
    Environment,
    /// Anywhere else.
    Other,
}

impl Decoder<'_> {
    /// A string value parsed as a template.
    pub(crate) fn template(
        &mut self,
        path: &str,
        value: &Value<'_>,
        usage: Use,
    ) -> Option<Template> {
        let text = self.str(path, value)?;
        self.template_in(path, value, 0, text, usage)
    }

    /// `text`, found at byte `offset` of the decoded string of `value`,
    /// parsed as a template.
    pub(crate) fn template_in(
        &mut self,
        path: &str,
        value: &Value<'_>,
        offset: usize,
        text: &str,
        usage: Use,
    ) -> Option<Template> {
        let decoded = value.get_ref().as_str().unwrap_or_default();
        let template = match Template::parse(text) {
            Ok(template) => template,
            Err(err) => {
                let span = self.sub_span(value, decoded, offset + err.offset, err.len);
                self.push(diagnostics::template(path, &err, span));
                return None;
            }
        };
        let mut ok = true;
        for (at, len, name) in references(text) {
            let span = self.sub_span(value, decoded, offset + at, len);
            match self.params.get(name) {
                None => {
                    let best =
                        stackc_ir::suggest::closest(name, self.params.keys().map(String::as_str))
                            .map(str::to_owned);
                    self.push(diagnostics::undeclared_param(name, span, best.as_deref()));
                    ok = false;
                }
                Some(true) if usage != Use::Environment => {
                    self.push(diagnostics::secret_outside_environment(name, path, span));
                    ok = false;
                }
                Some(_) => {}
            }
        }
        ok.then_some(template)
    }

    /// A string in a field that takes no parameter: `$$` is a `$`, and a
    /// `${NAME}` or a lone `$` is an error at its place.
    pub(crate) fn literal(&mut self, path: &str, value: &Value<'_>) -> Option<String> {
        let text = self.str(path, value)?;
        self.literal_in(path, value, 0, text)
    }

    /// `text`, found at byte `offset` of the decoded string of `value`, in
    /// a field that takes no parameter ([`Self::literal`]).
    pub(crate) fn literal_in(
        &mut self,
        path: &str,
        value: &Value<'_>,
        offset: usize,
        text: &str,
    ) -> Option<String> {
        let decoded = value.get_ref().as_str().unwrap_or_default();
        match Template::parse(text) {
            Err(err) => {
                let span = self.sub_span(value, decoded, offset + err.offset, err.len);
                self.push(diagnostics::template(path, &err, span));
                None
            }
            Ok(template) => {
                if let Some(literal) = template.as_literal() {
                    return Some(literal.to_owned());
                }
                for (at, len, name) in references(text) {
                    let span = self.sub_span(value, decoded, offset + at, len);
                    self.push(diagnostics::no_parameter_here(path, name, span));
                }
                None
            }
        }
    }

    /// A path in a field that takes no parameter: [`Self::literal_in`], and
    /// no carriage return or line feed (docker reads some paths as CSV, and
    /// a line break in a path is a mistake or a trap).
    pub(crate) fn path_in(
        &mut self,
        path: &str,
        value: &Value<'_>,
        offset: usize,
        text: &str,
    ) -> Option<String> {
        let literal = self.literal_in(path, value, offset, text)?;
        self.no_line_break(path, value, offset, text)?;
        Some(literal)
    }

    /// [`Self::path_in`] for the whole string.
    pub(crate) fn path(&mut self, path: &str, value: &Value<'_>) -> Option<String> {
        let text = self.str(path, value)?;
        self.path_in(path, value, 0, text)
    }

    /// `Some(())` unless `text` (at `offset` of the decoded string of
    /// `value`) holds a carriage return or a line feed, which is reported.
    pub(crate) fn no_line_break(
        &mut self,
        path: &str,
        value: &Value<'_>,
        offset: usize,
        text: &str,
    ) -> Option<()> {
        let Some(at) = text.find(['\r', '\n']) else {
            return Some(());
        };
        let decoded = value.get_ref().as_str().unwrap_or_default();
        let span = self.sub_span(value, decoded, offset + at, 1);
        self.push(diagnostics::line_break_in_path(path, span));
        None
    }

    /// A string (a template), an integer or a boolean (its text).
    pub(crate) fn scalar_template(
        &mut self,
        path: &str,
        value: &Value<'_>,
        usage: Use,
    ) -> Option<Template> {
        match value.get_ref() {
            DeValue::String(_) => self.template(path, value, usage),
            DeValue::Integer(_) => self
                .int(path, value, i128::from(i64::MIN), i128::from(u64::MAX))
                .map(|n| Template::literal(n.to_string())),
            DeValue::Boolean(b) => Some(Template::literal(b.to_string())),
            _ => {
                self.wrong_type(path, "a string, an integer or a boolean", value);
                None
            }
        }
    }

    /// An array of templates.
    pub(crate) fn templates(
        &mut self,
        path: &str,
        value: &Value<'_>,
        usage: Use,
    ) -> Option<Vec<Template>> {
        let items = self.array(path, value)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.template(&format!("{path}[{i}]"), item, usage) {
                Some(template) => out.push(template),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Labels: a table `key = "value"`, or an array `["key=value"]`.
    pub(crate) fn labels(&mut self, path: &str, value: &Value<'_>) -> IndexMap<String, Template> {
        let mut out = IndexMap::new();
        match value.get_ref() {
            DeValue::Table(table) => {
                for (key, item) in table {
                    let name: &str = key.get_ref();
                    if name.is_empty() || name.contains(['=', '\0']) {
                        self.push(diagnostics::invalid_label_key(path, name, span_of(key)));
                        continue;
                    }
                    if let Some(prefix) = stackc_ir::reserved::reserved_label(name) {
                        self.push(diagnostics::reserved_label(
                            path,
                            name,
                            prefix,
                            span_of(key),
                        ));
                        continue;
                    }
                    if let Some(template) =
                        self.scalar_template(&format!("{path}.{name}"), item, Use::Other)
                    {
                        out.insert(name.to_owned(), template);
                    }
                }
            }
            DeValue::Array(items) => {
                let mut first = IndexMap::new();
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    let Some(text) = self.str(&item_path, item) else {
                        continue;
                    };
                    let Some((name, rest)) =
                        text.split_once('=').filter(|(name, _)| !name.is_empty())
                    else {
                        self.push(diagnostics::invalid_label_key(path, text, span_of(item)));
                        continue;
                    };
                    if let Some(prefix) = stackc_ir::reserved::reserved_label(name) {
                        self.push(diagnostics::reserved_label(
                            path,
                            name,
                            prefix,
                            span_of(item),
                        ));
                        continue;
                    }
                    if let Some(&earlier) = first.get(name) {
                        self.push(diagnostics::duplicate(
                            "label",
                            name,
                            path,
                            span_of(item),
                            earlier,
                        ));
                        continue;
                    }
                    first.insert(name.to_owned(), span_of(item));
                    if let Some(template) =
                        self.template_in(&item_path, item, name.len() + 1, rest, Use::Other)
                    {
                        out.insert(name.to_owned(), template);
                    }
                }
            }
            _ => self.wrong_type(path, "a table", value),
        }
        out
    }
}

/// The parameter references of a well-formed template text: byte offset and
/// length of each `${NAME}`, and the name.
fn references(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => i += 2,
                Some(b'{') => {
                    let Some(close) = text[i + 2..].find('}') else {
                        break;
                    };
                    out.push((i, close + 3, &text[i + 2..i + 2 + close]));
                    i += close + 3;
                }
                _ => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        assert_eq!(
            references("a$${X}${Y}b${ZZ}"),
            vec![(6, 4, "Y"), (11, 5, "ZZ")]
        );
    }
}
