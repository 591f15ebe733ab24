//! The compose file as a spanned YAML tree.
//!
//! serde-saphyr parses the text (resolving anchors, aliases and `<<` merge
//! keys); a hand-written visitor keeps every mapping in file order and every
//! key and value with its byte span, so that each problem can name its line
//! and column.

use std::fmt;

use crate::diagnostics::Code;
use miette::SourceSpan;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned, Tagged};
use stackc_ir::Diag;

/// A YAML value with the span of its text.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: Kind,
    pub span: SourceSpan,
    /// 1-based line and column of the value.
    pub line: u64,
    pub column: u64,
    /// Compose's merge tag on the value, if any.
    pub tag: Tag,
}

/// Compose's merge tags: what a value does to the one it is merged over
/// (`-f base.yml -f override.yml`, `extends`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tag {
    #[default]
    None,
    /// `!reset`: the inherited value is removed, and this one with it.
    Reset,
    /// `!override`: this value replaces the inherited one, unmerged.
    Override,
}

/// What a YAML value is.
#[derive(Clone, Debug)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in file order (merged keys included), each with its own span.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// A scalar as compose reads it into a string field: strings as they
    /// are, numbers and booleans as their text. `None` for null and
    /// collections.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            Kind::Str(text) => Some(text.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Int(n) => Some(n.to_string()),
            Kind::Float(x) => Some(x.to_string()),
            Kind::Null | Kind::Seq(_) | Kind::Map(_) => None,
        }
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// What this is, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Parse compose YAML text into the tree.
pub fn parse(source: &str) -> Result<Node, Diag> {
    // YAML 1.2 booleans only, as compose (go-yaml v3) reads them: `yes`,
    // `on` and `y` stay strings.
    let options = serde_saphyr::options! { strict_booleans: true };
    let parsed: Result<Spanned<Tagged<Kind>>, _> =
        serde_saphyr::from_str_with_options(source, options);
    match parsed {
        Ok(root) => {
            let mut root = node(root);
            octal_as_compose_reads_it(&mut root, source);
            Ok(root)
        }
        Err(e) => {
            let mut diag = Diag::new(
                Code::ImportYaml,
                format!(
                    "the compose file is not valid YAML: {}",
                    first_line(&e.to_string())
                ),
            );
            if let Some(location) = e.location() {
                diag = diag.label(span_of(&location), "here");
            }
            Err(diag)
        }
    }
}

/// Compose's YAML reader (go-yaml v3) reads an integer with a leading
/// `0` as octal (`mode: 0440` is 288), where YAML 1.2 reads decimal: every
/// such number is given compose's value.
fn octal_as_compose_reads_it(node: &mut Node, source: &str) {
    match &mut node.kind {
        Kind::Seq(items) => {
            for item in items {
                octal_as_compose_reads_it(item, source);
            }
        }
        Kind::Map(entries) => {
            for (_, value) in entries {
                octal_as_compose_reads_it(value, source);
            }
        }
        Kind::Int(_) | Kind::Float(_) => {
            let raw = source
                .get(node.span.offset()..node.span.offset() + node.span.len())
                .unwrap_or_default()
                .replace('_', "");
            let (sign, digits) = match raw.strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, raw.strip_prefix('+').unwrap_or(&raw)),
            };
            if digits.len() > 1
                && digits.starts_with('0')
                && let Ok(n) = i128::from_str_radix(&digits[1..], 8)
            {
                node.kind = Kind::Int(sign * n);
            }
        }
        _ => {}
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn node(spanned: Spanned<Tagged<Kind>>) -> Node {
    let location = &spanned.referenced;
    let Tagged(kind, tag) = spanned.value;
    let tag = match tag.as_deref() {
        Some("!reset") => Tag::Reset,
        Some("!override") => Tag::Override,
        _ => Tag::None,
    };
    // `key: !reset` with nothing after the tag is an empty value.
    let kind = match (&kind, tag) {
        (Kind::Str(text), Tag::Reset) if text.is_empty() => Kind::Null,
        _ => kind,
    };
    Node {
        kind,
        span: span_of(location),
        line: location.line(),
        column: location.column(),
        tag,
    }
}

fn span_of(location: &Location) -> SourceSpan {
    let span = location.span();
    let offset = span.byte_offset().unwrap_or(0);
    let len = span.byte_len().unwrap_or(0);
    (
        usize::try_from(offset).unwrap_or(0),
        usize::try_from(len).unwrap_or(0),
    )
        .into()
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kind, D::Error> {
        Kind::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(i128::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(Kind::Int(i128::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
        i128::try_from(v)
            .map(Kind::Int)
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Tagged<Kind>>>()? {
            items.push(node(item));
        }
        Ok(Kind::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Tagged<Kind>>>()? {
            let value = map.next_value::<Spanned<Tagged<Kind>>>()?;
            let key = node(key);
            // A later key wins, as in compose (merged keys come first).
            if let Some(text) = key.scalar_text()
                && let Some(i) = entries
                    .iter()
                    .position(|(k, _)| k.scalar_text().as_deref() == Some(text.as_str()))
            {
                entries.remove(i);
            }
            entries.push((key, node(value)));
        }
        Ok(Kind::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_tags_are_read() {
        let root = parse(
            "a: !reset []\nb: !override\n  x: 1\nc: !reset\nd: !reset null\ne: [1, !reset 2]\nf: 3\n",
        )
        .unwrap();
        let tag = |k: &str| root.get(k).unwrap().tag;
        assert_eq!(tag("a"), Tag::Reset);
        assert_eq!(tag("b"), Tag::Override);
        assert!(root.get("b").unwrap().get("x").is_some());
        assert_eq!(tag("c"), Tag::Reset);
        assert!(root.get("c").unwrap().is_null());
        assert_eq!(tag("d"), Tag::Reset);
        assert_eq!(root.get("e").unwrap().as_seq().unwrap()[1].tag, Tag::Reset);
        assert_eq!(tag("f"), Tag::None);
        assert_eq!(
            root.get("f").unwrap().span.offset(),
            root_text_offset("f: 3")
        );
    }

    fn root_text_offset(needle: &str) -> usize {
        "a: !reset []\nb: !override\n  x: 1\nc: !reset\nd: !reset null\ne: [1, !reset 2]\nf: 3\n"
            .find(needle)
            .unwrap()
            + 3
    }
}
