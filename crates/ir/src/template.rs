//! String values that may reference runtime parameters.
//!
//! In stack.toml, `${NAME}` inside a string refers to the parameter `NAME`,
//! `$$` is a literal `$`, and any other `$` is an error. A [`Template`] keeps
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
                let Some(close) = tail.find('}') else {
                    return Err(TemplateError {
                        offset: at,
                        len: input.len() - at,
                        kind: TemplateErrorKind::Unterminated,
                    });
                };
                let name = &tail[..close];
                if !is_param_name(name) {
                    return Err(TemplateError {
                        offset: at,
                        len: close + 3,
                        kind: TemplateErrorKind::BadName(name.to_owned()),
                    });
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(std::mem::take(&mut lit)));
                }
                parts.push(Part::Param(name.to_owned()));
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

    /// The names of the referenced parameters, in order of appearance.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Param(name) => Some(name.as_str()),
            Part::Lit(_) => None,
        })
    }

    /// The text with every reference replaced by `value(name)`.
    pub fn render(&self, mut value: impl FnMut(&str) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Lit(text) => out.push_str(text),
                Part::Param(name) => out.push_str(&value(name)),
            }
        }
        out
    }
}

/// Writes the template back in stack.toml syntax (`$` doubled).
impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Lit(text) => f.write_str(&text.replace('$', "$$"))?,
                Part::Param(name) => write!(f, "${{{name}}}")?,
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
    fn empty_string_is_empty_literal() {
        let t = Template::parse("").unwrap();
        assert!(t.is_empty());
        assert_eq!(t.as_literal(), Some(""));
    }
}
