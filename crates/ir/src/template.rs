//! String values that may reference runtime parameters.
//!
//! In stack.toml, `${NAME}` inside a string refers to the parameter `NAME`,
//! `$$` is a literal `$`, and any other `$` is an error. A reference may
//! carry a fallback of its own, as compose's and the shell's do:
//! `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`, where
//! `word` is itself a template (so `${A:-${B}}` nests). A [`Template`] keeps
//! the literal parts and the references apart, so that each backend lowers a
//! reference natively (a bash variable, compose interpolation, or a value
//! resolved at compile time).

use std::fmt;

/// One piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// Text taken byte for byte (after `$$` was turned into `$`).
    Lit(String),
    /// A reference to the parameter with this name.
    Param(String),
    /// A reference with a fallback of its own (`${NAME:-word}`, …).
    Expand(Box<Expansion>),
}

/// `${NAME<op>word}`: the parameter's given value or `word`, by `op`.
///
/// "Given" means set by whoever runs the output (the command line, the
/// environment, `.env`), not the parameter's declared default: a fallback
/// written at a use replaces the declared default at that use, as each
/// `${VAR:-default}` of a compose file stands on its own.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Expansion {
    pub name: String,
    pub op: Op,
    pub word: Template,
}

/// How an [`Expansion`] chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `:-` (`empty: true`) or `-`: the given value, else `word`.
    Default { empty: bool },
    /// `:+` (`empty: true`) or `+`: `word` when a value is given, else
    /// nothing.
    Alternative { empty: bool },
}

impl Op {
    /// As written between the name and the word.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Default { empty: true } => ":-",
            Op::Default { empty: false } => "-",
            Op::Alternative { empty: true } => ":+",
            Op::Alternative { empty: false } => "+",
        }
    }

    /// Whether a given value counts: `given` is the value when it is set.
    pub fn takes(self, given: Option<&str>) -> bool {
        match self {
            Op::Default { empty } | Op::Alternative { empty } => {
                given.is_some_and(|v| !empty || !v.is_empty())
            }
        }
    }
}

impl Expansion {
    /// The value: `given` is the parameter's value when it is given, and
    /// `word` the fallback's text.
    pub fn choose(&self, given: Option<&str>, word: impl FnOnce() -> String) -> String {
        match (self.op, self.op.takes(given)) {
            (Op::Default { .. }, true) => given.unwrap_or_default().to_owned(),
            (Op::Default { .. }, false) | (Op::Alternative { .. }, true) => word(),
            (Op::Alternative { .. }, false) => String::new(),
        }
    }

    /// As written inside `${…}` (`NAME:-word`, the word in stack.toml
    /// syntax): also the name a lowered word gives it
    /// ([`crate::ast::Piece::Param`]).
    pub fn key(&self) -> String {
        format!("{}{}{}", self.name, self.op.as_str(), self.word)
    }

    /// The expansion a lowered word's parameter name stands for, when it
    /// is one ([`Self::key`]); `None` for a parameter's own name.
    pub fn from_key(key: &str) -> Option<Self> {
        if is_param_name(key) {
            return None;
        }
        match Template::parse(&format!("${{{key}}}"))
            .ok()?
            .parts
            .as_slice()
        {
            [Part::Expand(e)] => Some((**e).clone()),
            _ => None,
        }
    }
}

/// A string value with parameter references. Adjacent literals are merged,
/// and an empty string is a template with no parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Template {
    parts: Vec<Part>,
}

/// What is wrong with a `$` in a string, and where (a byte offset into the
/// string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset of the offending `$` in the string.
    pub offset: usize,
    /// Length in bytes of the offending text.
    pub len: usize,
    pub kind: TemplateErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// A `$` not followed by `$` or `{`.
    StrayDollar,
    /// `${` without a closing `}`.
    Unterminated,
    /// `${...}` whose content is not a valid parameter name.
    BadName(String),
}

impl Template {
    /// A template that is exactly this text, with no parameter references.
    pub fn literal(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_empty() {
            Self::default()
        } else {
            Self {
                parts: vec![Part::Lit(text)],
            }
        }
    }

    /// A template that is exactly the value of the parameter `name`.
    pub fn param(name: impl Into<String>) -> Self {
        Self {
            parts: vec![Part::Param(name.into())],
        }
    }

    /// Parse a string as written in stack.toml.
    pub fn parse(input: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = input;
        let mut offset = 0;
        while let Some(pos) = rest.find('$') {
            lit.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            let at = offset + pos;
            if let Some(tail) = after.strip_prefix('$') {
                lit.push('$');
                offset = at + 2;
                rest = tail;
            } else if let Some(tail) = after.strip_prefix('{') {
                let Some(close) = closing_brace(tail) else {
                    return Err(TemplateError {
                        offset: at,
                        len: input.len() - at,
                        kind: TemplateErrorKind::Unterminated,
                    });
                };
                let inner = &tail[..close];
                let part = match reference(inner) {
                    Ok(Some(part)) => part,
                    Ok(None) => {
                        return Err(TemplateError {
                            offset: at,
                            len: close + 3,
                            kind: TemplateErrorKind::BadName(inner.to_owned()),
                        });
                    }
                    Err(err) => {
                        return Err(TemplateError {
                            offset: at + 2 + err.offset,
                            ..err
                        });
                    }
                };
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(part);
                offset = at + 2 + close + 1;
                rest = &tail[close + 1..];
            } else {
                let len = after.chars().next().map_or(1, |c| 1 + c.len_utf8());
                return Err(TemplateError {
                    offset: at,
                    len,
                    kind: TemplateErrorKind::StrayDollar,
                });
            }
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            if parts.is_empty() {
                // Most values: one literal, in a vector of its size.
                return Ok(Self {
                    parts: vec![Part::Lit(lit)],
                });
            }
            parts.push(Part::Lit(lit));
        }
        // Many templates are kept: no room to spare in each.
        parts.shrink_to_fit();
        Ok(Self { parts })
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The text, if the template references no parameter.
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [Part::Lit(text)] => Some(text),
            _ => None,
        }
    }

    /// The names of the referenced parameters, in order of appearance
    /// (those of fallbacks too).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        let mut out = Vec::new();
        self.collect_params(&mut out, true);
        out.into_iter()
    }

    /// The parameters referenced without a fallback of their own
    /// (`${NAME}`, anywhere, fallbacks included): those that need a value.
    pub fn bare_params(&self) -> impl Iterator<Item = &str> {
        let mut out = Vec::new();
        self.collect_params(&mut out, false);
        out.into_iter()
    }

    fn collect_params<'a>(&'a self, out: &mut Vec<&'a str>, all: bool) {
        for part in &self.parts {
            match part {
                Part::Param(name) => out.push(name),
                Part::Expand(e) => {
                    if all {
                        out.push(&e.name);
                    }
                    e.word.collect_params(out, all);
                }
                Part::Lit(_) => {}
            }
        }
    }

    /// Whether a reference carries a fallback of its own.
    pub fn has_expansions(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Expand(_)))
    }

    /// The text with every reference replaced by `value(name)`, and every
    /// fallback taken as when nothing is given (as checked with the
    /// defaults at compile time).
    pub fn render(&self, mut value: impl FnMut(&str) -> String) -> String {
        self.render_with(&mut |_| None, &mut value)
    }

    /// The text, with `given(name)` the value given for a parameter
    /// (`None` when it is not) and `value(name)` its value (given, else
    /// its default).
    pub fn render_with(
        &self,
        given: &mut dyn FnMut(&str) -> Option<String>,
        value: &mut dyn FnMut(&str) -> String,
    ) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit(text) => out.push_str(text),
                Part::Param(name) => out.push_str(&value(name)),
                Part::Expand(e) => {
                    let g = given(&e.name);
                    out.push_str(&e.choose(g.as_deref(), || e.word.render_with(given, value)));
                }
            }
        }
        out
    }
}

/// Where the `}` that closes a reference is, in the text after its `${`:
/// references nest in fallbacks, and, as compose counts them, every `${`
/// opens one, even one written `$${` (which the fallback then reads as a
/// literal `${`).
pub fn closing_brace(tail: &str) -> Option<usize> {
    let bytes = tail.as_bytes();
    let mut depth = 0_usize;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The content of `${…}` as a part: a name, or a name, an operator and a
/// word; `None` when the name or the operator is not one. An error in the
/// word is at its offset in `inner`.
fn reference(inner: &str) -> Result<Option<Part>, TemplateError> {
    let end = inner.find([':', '-', '+']).unwrap_or(inner.len());
    let name = &inner[..end];
    if !is_param_name(name) {
        return Ok(None);
    }
    if end == inner.len() {
        return Ok(Some(Part::Param(name.to_owned())));
    }
    let rest = &inner[end..];
    let Some((op, word)) = [
        Op::Default { empty: true },
        Op::Default { empty: false },
        Op::Alternative { empty: true },
        Op::Alternative { empty: false },
    ]
    .into_iter()
    .find_map(|op| rest.strip_prefix(op.as_str()).map(|word| (op, word))) else {
        return Ok(None);
    };
    let word_at = inner.len() - word.len();
    let word = Template::parse(word).map_err(|err| TemplateError {
        offset: word_at + err.offset,
        ..err
    })?;
    Ok(Some(Part::Expand(Box::new(Expansion {
        name: name.to_owned(),
        op,
        word,
    }))))
}

/// Writes the template back in stack.toml syntax (`$` doubled).
impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Lit(text) => f.write_str(&text.replace('$', "$$"))?,
                Part::Param(name) => write!(f, "${{{name}}}")?,
                Part::Expand(e) => write!(f, "${{{}}}", e.key())?,
            }
        }
        Ok(())
    }
}

/// Whether `name` is a valid parameter name (the rule of
/// [`crate::names::NameKind::Param`]).
pub fn is_param_name(name: &str) -> bool {
    crate::names::NameKind::Param.is_valid(name)
}

/// `text` split at each `sep` that is not inside a `${…}` reference (`$$`
/// is a literal `$`; references nest, as compose's defaults may).
pub fn split_outside_references(text: &str, sep: u8) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0_usize, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'$') => i += 1,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_outside_references_keeps_references_whole() {
        assert_eq!(
            split_outside_references("${SOURCE:-/dev/null}:/tmp/foo:ro", b':'),
            ["${SOURCE:-/dev/null}", "/tmp/foo", "ro"]
        );
        assert_eq!(
            split_outside_references("${A:-${B:-x}}:/y", b':'),
            ["${A:-${B:-x}}", "/y"]
        );
        assert_eq!(split_outside_references("$${a:b", b':'), ["$${a", "b"]);
    }

    #[test]
    fn parses_literals_references_and_dollars() {
        let t = Template::parse("a$$b${USER}c").unwrap();
        assert_eq!(
            t.parts(),
            &[
                Part::Lit("a$b".into()),
                Part::Param("USER".into()),
                Part::Lit("c".into())
            ]
        );
        assert_eq!(t.to_string(), "a$$b${USER}c");
        assert_eq!(t.render(|_| "x".into()), "a$bxc");
    }

    #[test]
    fn rejects_stray_and_unterminated_dollars() {
        let e = Template::parse("ab$c").unwrap_err();
        assert_eq!((e.offset, e.kind), (2, TemplateErrorKind::StrayDollar));
        let e = Template::parse("x${A").unwrap_err();
        assert_eq!((e.offset, e.kind), (1, TemplateErrorKind::Unterminated));
        let e = Template::parse("${1A}").unwrap_err();
        assert_eq!(e.kind, TemplateErrorKind::BadName("1A".into()));
        let e = Template::parse("$").unwrap_err();
        assert_eq!(e.kind, TemplateErrorKind::StrayDollar);
    }

    #[test]
    fn parses_fallbacks_nested_and_writes_them_back() {
        let t = Template::parse("x${A:-${B-b}}y${C:+c$$}${D+}").unwrap();
        assert_eq!(t.to_string(), "x${A:-${B-b}}y${C:+c$$}${D+}");
        assert_eq!(t.params().collect::<Vec<_>>(), ["A", "B", "C", "D"]);
        assert_eq!(t.bare_params().count(), 0);
        let Part::Expand(a) = &t.parts()[1] else {
            panic!("not an expansion: {t:?}");
        };
        assert_eq!(a.key(), "A:-${B-b}");
        assert_eq!(Expansion::from_key(&a.key()).as_ref(), Some(&**a));
        assert_eq!(Expansion::from_key("A"), None);
        // Nothing given: each fallback as written.
        assert_eq!(t.render(|_| "v".into()), "xby");
        // Given values: empty counts only for the forms without `:`.
        let mut given = |n: &str| match n {
            "A" | "B" => Some(String::new()),
            "C" => Some("1".into()),
            _ => None,
        };
        assert_eq!(t.render_with(&mut given, &mut |_| "v".into()), "xyc$");
    }

    #[test]
    fn reports_errors_inside_fallbacks_at_their_place() {
        let e = Template::parse("${A:-x$y}").unwrap_err();
        assert_eq!((e.offset, e.kind), (6, TemplateErrorKind::StrayDollar));
        let e = Template::parse("${A:-${1}}").unwrap_err();
        assert_eq!((e.offset, e.len), (5, 4));
        assert_eq!(e.kind, TemplateErrorKind::BadName("1".into()));
        let e = Template::parse("${A?x}").unwrap_err();
        assert_eq!(e.kind, TemplateErrorKind::BadName("A?x".into()));
        let e = Template::parse("${A:-${B}").unwrap_err();
        assert_eq!(e.kind, TemplateErrorKind::Unterminated);
        // As compose reads it: `$${` opens a level too, and the fallback
        // holds a literal `${B}`.
        let t = Template::parse("${A:-$${B}}").unwrap();
        assert_eq!(t.render(|_| String::new()), "${B}");
    }

    #[test]
    fn empty_string_is_empty_literal() {
        let t = Template::parse("").unwrap();
        assert!(t.is_empty());
        assert_eq!(t.as_literal(), Some(""));
    }
}
