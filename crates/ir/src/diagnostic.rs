//! The one diagnostic type of stackc.
//!
//! Every stage reports problems as [`Diag`] values: a message, labelled spans
//! into stack.toml, and a help line that says how to fix it. Stages collect
//! all problems they find ([`Diagnostics`]) rather than stopping at the first.
//!
//! A diagnostic is text for a terminal, and it quotes the stack: its
//! message, labels and help are made safe when they are built (every
//! character a terminal would obey escaped, see [`crate::text`]; line
//! breaks and tabs kept), whatever the constructor put in them.

use std::fmt;

use miette::{LabeledSpan, SourceSpan};

/// A problem in a stack, located in its source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    /// A stable code, e.g. `stackc::unknown-key`.
    pub code: &'static str,
    /// What is wrong: lowercase, names in backticks.
    pub message: String,
    /// Spans in stack.toml with a short text each; the first is primary.
    pub labels: Vec<(SourceSpan, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

/// Declares a crate's diagnostic codes: an enum `Code` with one variant
/// per code, `Code::ALL`, `Code::as_str` and `Code: Into<&'static str>`
/// (what [`Diag::new`] takes). Each crate lists its codes once, in its
/// `diagnostics.rs`.
#[macro_export]
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// The diagnostic codes of this crate.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The code as users see it: `stackc::…`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        impl From<Code> for &'static str {
            fn from(code: Code) -> Self {
                code.as_str()
            }
        }
    };
}

// The codes of the value rules every stage checks: those of ir's own
// tables ([`crate::flags::Rule`]) and of image references.
codes! {
    /// A value its rule refuses.
    InvalidValue = "stackc::invalid-value",
    InvalidSignal = "stackc::invalid-signal",
    InvalidCapability = "stackc::invalid-capability",
    InvalidSize = "stackc::invalid-size",
    InvalidNumber = "stackc::invalid-number",
    /// An image reference docker refuses (written, or made by parameters).
    InvalidImage = "stackc::invalid-image",
}

impl Diag {
    pub fn new(code: impl Into<&'static str>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: safe(message.into()),
            labels: Vec::new(),
            help: None,
        }
    }

    #[must_use]
    pub fn label(mut self, span: impl Into<SourceSpan>, text: impl Into<String>) -> Self {
        self.labels.push((span.into(), safe(text.into())));
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(safe(help.into()));
        self
    }

    /// Byte offset of the primary label, for sorting diagnostics by position.
    pub fn offset(&self) -> usize {
        self.labels.first().map_or(0, |(span, _)| span.offset())
    }
}

/// `text` with every character a terminal would obey escaped, but line
/// breaks and tabs.
fn safe(text: String) -> String {
    if !text
        .chars()
        .any(|c| !matches!(c, '\n' | '\t') && crate::text::is_unsafe(c))
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\n' | '\t') || !crate::text::is_unsafe(c) {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    out
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl miette::Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().map(
            |(i, (span, text))| {
                let text = (!text.is_empty()).then(|| text.clone());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, *span)
                } else {
                    LabeledSpan::new_with_span(text, *span)
                }
            },
        )))
    }
}

/// Diagnostics collected by a stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diag>);

impl Diagnostics {
    pub fn push(&mut self, diag: Diag) {
        self.0.push(diag);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diag> {
        self.0.iter()
    }

    /// The diagnostics in source order (stable for equal offsets).
    pub fn into_sorted(mut self) -> Vec<Diag> {
        self.0.sort_by_key(Diag::offset);
        self.0
    }

    /// `Ok(value)` when nothing was reported, the diagnostics otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Diag> for Diagnostics {
    fn from(diag: Diag) -> Self {
        Self(vec![diag])
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diag;
    type IntoIter = std::slice::Iter<'a, Diag>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diag;
    type IntoIter = std::vec::IntoIter<Diag>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
