//! Template fields: strings with `${NAME}` parameter references. Parse
//! errors are located in the source, and every reference must name a
//! declared parameter; secret parameters are only allowed in `environment`.

use crate::raw::DeValue;
use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::Template;

use crate::decode::{Decoder, Value, entries, span_of};
use crate::diagnostics;

/// Where a template is used; decides whether it may read a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// A `services.*.environment` value: secrets allowed.
    Environment,
    /// Anywhere else.
    Other,
}

/// A part of a string value: `text`, found at byte `offset` of the decoded
/// string of `value`, so that a problem in it is reported at its place.
#[derive(Clone, Copy)]
pub(crate) struct Part<'v, 'i> {
    pub(crate) value: &'v Value<'i>,
    pub(crate) offset: usize,
    pub(crate) text: &'v str,
}

impl<'v, 'i> Part<'v, 'i> {
    /// `text`, at byte `offset` of the decoded string of `value`.
    pub(crate) fn at(value: &'v Value<'i>, offset: usize, text: &'v str) -> Self {
        Self {
            value,
            offset,
            text,
        }
    }
}

impl Decoder<'_> {
    /// The span of `len` bytes at byte `at` of `part`.
    fn part_span(&self, part: Part<'_, '_>, at: usize, len: usize) -> SourceSpan {
        self.sub_span(part.value, part.offset + at, len)
    }

    /// `part` parsed as a template; a syntax error is reported at its place.
    fn parse(&mut self, path: &str, part: Part<'_, '_>) -> Option<Template> {
        match Template::parse(part.text) {
            Ok(template) => Some(template),
            Err(err) => {
                let span = self.part_span(part, err.offset, err.len);
                self.push(diagnostics::template(path, &err, span));
                None
            }
        }
    }

    /// A string value parsed as a template.
    pub(crate) fn template(
        &mut self,
        path: &str,
        value: &Value<'_>,
        usage: Use,
    ) -> Option<Template> {
        let text = self.str(path, value)?;
        self.template_in(path, Part::at(value, 0, text), usage)
    }

    /// `part` of a string value parsed as a template.
    pub(crate) fn template_in(
        &mut self,
        path: &str,
        part: Part<'_, '_>,
        usage: Use,
    ) -> Option<Template> {
        let template = self.parse(path, part)?;
        let mut ok = true;
        for (at, len, name, fallback) in references(part.text) {
            let span = self.part_span(part, at, len);
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
                Some(true) if fallback => {
                    self.push(diagnostics::secret_with_fallback(name, path, span));
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
        self.literal_in(path, Part::at(value, 0, text))
    }

    /// `part` of a string value in a field that takes no parameter
    /// ([`Self::literal`]).
    pub(crate) fn literal_in(&mut self, path: &str, part: Part<'_, '_>) -> Option<String> {
        let template = self.parse(path, part)?;
        if let Some(literal) = template.as_literal() {
            return Some(literal.to_owned());
        }
        for (at, len, name, _) in references(part.text) {
            let span = self.part_span(part, at, len);
            self.push(diagnostics::no_parameter_here(path, name, span));
        }
        None
    }

    /// The `name` of a network or volume the stack creates: as
    /// [`Self::literal_in`], with help that says only an external one's
    /// name takes parameters.
    pub(crate) fn created_name_in(&mut self, path: &str, part: Part<'_, '_>) -> Option<String> {
        let template = self.parse(path, part)?;
        if let Some(literal) = template.as_literal() {
            return Some(literal.to_owned());
        }
        for (at, len, name, _) in references(part.text) {
            let span = self.part_span(part, at, len);
            self.push(diagnostics::no_parameter_here(path, name, span).help(
                "the stack creates it and every action finds it by this name: write the name itself, or add `external = true` if it is made outside the stack (an external name may take parameters)",
            ));
        }
        None
    }

    /// A path in a field that takes no parameter: [`Self::literal`], and
    /// no carriage return or line feed (docker reads some paths as CSV, and
    /// a line break in a path is a mistake or a trap).
    pub(crate) fn path(&mut self, path: &str, value: &Value<'_>) -> Option<String> {
        let text = self.str(path, value)?;
        self.path_in(path, Part::at(value, 0, text))
    }

    /// A host path that parameters may complete, with no line break.
    pub(crate) fn template_path(
        &mut self,
        path: &str,
        value: &Value<'_>,
    ) -> Option<stackc_ir::Template> {
        let text = self.str(path, value)?;
        self.no_line_break(path, Part::at(value, 0, text))?;
        self.template(path, value, Use::Other)
    }

    /// [`Self::path`] for `part` of a string value.
    pub(crate) fn path_in(&mut self, path: &str, part: Part<'_, '_>) -> Option<String> {
        let literal = self.literal_in(path, part)?;
        self.no_line_break(path, part)?;
        Some(literal)
    }

    /// `Some(())` unless `part` holds a carriage return or a line feed,
    /// which is reported.
    pub(crate) fn no_line_break(&mut self, path: &str, part: Part<'_, '_>) -> Option<()> {
        let Some(at) = part.text.find(['\r', '\n']) else {
            return Some(());
        };
        let span = self.part_span(part, at, 1);
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
        self.templates_from(path, items, 0, usage)
    }

    /// `items`, the items from index `first` on of the array at `path`, as
    /// templates; `None` when one is refused (each is reported).
    pub(crate) fn templates_from(
        &mut self,
        path: &str,
        items: &[Value<'_>],
        first: usize,
        usage: Use,
    ) -> Option<Vec<Template>> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.template(&crate::decode::item_path(path, first + i), item, usage) {
                Some(template) => out.push(template),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Labels: a table `key = "value"`, or an array `["key=value"]`.
    pub(crate) fn labels(&mut self, path: &str, value: &Value<'_>) -> IndexMap<String, Template> {
        self.pairs(path, value, true)
    }

    /// Names with values: a table `name = "value"`, or an array
    /// `["name=value"]`; `labels`: whether they are labels (some of which
    /// stackc keeps for itself).
    pub(crate) fn pairs(
        &mut self,
        path: &str,
        value: &Value<'_>,
        labels: bool,
    ) -> IndexMap<String, Template> {
        let mut out = IndexMap::new();
        match value.get_ref() {
            DeValue::Table(table) => {
                for (name, label_path, key, item) in entries(path, table) {
                    if name.is_empty() || name.contains(['=', '\0']) {
                        self.push(if labels {
                            diagnostics::invalid_label_key(path, name, span_of(key))
                        } else {
                            diagnostics::invalid_pair(path, name, span_of(key))
                        });
                        continue;
                    }
                    if labels && self.reserved_label(path, name, span_of(key)) {
                        continue;
                    }
                    if let Some(template) = self.scalar_template(&label_path, item, Use::Other) {
                        out.insert(name.to_owned(), template);
                    }
                }
            }
            DeValue::Array(items) => {
                let mut first = IndexMap::new();
                for (i, item) in items.iter().enumerate() {
                    let item_path = crate::decode::item_path(path, i);
                    let Some(text) = self.str(&item_path, item) else {
                        continue;
                    };
                    let Some((name, rest)) =
                        text.split_once('=').filter(|(name, _)| !name.is_empty())
                    else {
                        self.push(if labels {
                            diagnostics::invalid_label_key(path, text, span_of(item))
                        } else {
                            diagnostics::invalid_pair(path, text, span_of(item))
                        });
                        continue;
                    };
                    if labels && self.reserved_label(path, name, span_of(item)) {
                        continue;
                    }
                    if let Some(&earlier) = first.get(name) {
                        self.push(diagnostics::duplicate(
                            if labels { "label" } else { "entry" },
                            name,
                            path,
                            span_of(item),
                            earlier,
                        ));
                        continue;
                    }
                    first.insert(name.to_owned(), span_of(item));
                    let part = Part::at(item, name.len() + 1, rest);
                    if let Some(template) = self.template_in(&item_path, part, Use::Other) {
                        out.insert(name.to_owned(), template);
                    }
                }
            }
            _ => self.wrong_type(path, "a table", value),
        }
        out
    }

    /// Whether `name`, a label of `labels` at `path`, is reserved to
    /// stackc (reported at `span`).
    fn reserved_label(&mut self, path: &str, name: &str, span: SourceSpan) -> bool {
        let Some(prefix) = stackc_ir::reserved::reserved_label(name) else {
            return false;
        };
        self.push(diagnostics::reserved_label(path, name, prefix, span));
        true
    }
}

/// The parameter references of a well-formed template text, those inside
/// fallbacks too: byte offset and length of each `${…}`, the name, and
/// whether it carries a fallback (`${NAME:-word}`, …).
fn references(text: &str) -> Vec<(usize, usize, &str, bool)> {
    let mut out = Vec::new();
    references_at(text, 0, &mut out);
    out
}

fn references_at<'t>(text: &'t str, base: usize, out: &mut Vec<(usize, usize, &'t str, bool)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                let inner_at = i + 2;
                let Some(close) = stackc_ir::template::closing_brace(&text[inner_at..]) else {
                    break;
                };
                let inner = &text[inner_at..inner_at + close];
                let end = inner.find([':', '-', '+']).unwrap_or(inner.len());
                out.push((base + i, close + 3, &inner[..end], end < inner.len()));
                if end < inner.len() {
                    let op = if inner[end..].starts_with(':') { 2 } else { 1 };
                    let word_at = inner_at + end + op;
                    references_at(&inner[end + op..], base + word_at, out);
                }
                i = inner_at + close + 1;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        assert_eq!(
            references("a$${X}${Y}b${ZZ}"),
            vec![(6, 4, "Y", false), (11, 5, "ZZ", false)]
        );
        assert_eq!(
            references("${A:-x${B}}${C+${D:-}}"),
            vec![
                (0, 11, "A", true),
                (6, 4, "B", false),
                (11, 11, "C", true),
                (15, 6, "D", true)
            ]
        );
    }
}
