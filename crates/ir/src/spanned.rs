//! [`Spanned`]: a value with where it came from in stack.toml, in a
//! module of its own so that every part of the model can use it.

use miette::SourceSpan;

/// A value with the span of the text it came from in stack.toml.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: SourceSpan,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: impl Into<SourceSpan>) -> Self {
        Self {
            value,
            span: span.into(),
        }
    }
}
