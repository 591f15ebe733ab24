//! The raw tree the decoder walks: TOML values with the byte range each
//! was written at, as `toml::de`'s `DeTable` gives them, but lighter: a
//! table is a vector of entries in source order (with an index when it
//! grows large), a string borrows the source unless it has escapes.
//!
//! [`crate::events`] builds it straight from `toml_parser`'s events; a
//! text it cannot build (any syntax error, or a shape it leaves to `toml`)
//! is parsed by `toml` and converted with [`from_toml`], so that the tree
//! and the errors are `toml`'s in every case.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// A value with the byte range it was written at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub(crate) fn new(span: Range<usize>, value: T) -> Self {
        Self { span, value }
    }

    pub(crate) fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.value
    }

    pub(crate) fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }

    pub(crate) fn into_inner(self) -> T {
        self.value
    }
}

/// A value of the raw tree.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;
/// A key of the raw tree.
pub(crate) type Key<'i> = Spanned<Cow<'i, str>>;

/// An integer as written (without its sign's radix prefix), and its radix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DeInteger<'i> {
    digits: Cow<'i, str>,
    radix: u32,
}

impl DeInteger<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.digits
    }

    pub(crate) fn radix(&self) -> u32 {
        self.radix
    }
}

/// A TOML value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum DeValue<'i> {
    String(Cow<'i, str>),
    Integer(DeInteger<'i>),
    /// As written: the decoder reads a float's digits from the source.
    Float(Cow<'i, str>),
    Boolean(bool),
    /// The decoder refuses every datetime: what it holds does not matter.
    Datetime,
    Array(Vec<Value<'i>>),
    Table(DeTable<'i>),
}

impl<'i> DeValue<'i> {
    pub(crate) fn integer(digits: Cow<'i, str>, radix: u32) -> Self {
        Self::Integer(DeInteger { digits, radix })
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn as_integer(&self) -> Option<&DeInteger<'i>> {
        match self {
            Self::Integer(int) => Some(int),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&Vec<Value<'i>>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_table(&self) -> Option<&DeTable<'i>> {
        match self {
            Self::Table(table) => Some(table),
            _ => None,
        }
    }
}

/// How a table came to be, for the rules of TOML on defining it again
/// (the builder of [`crate::events`] leaves every other case to `toml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A `[header]`, or the root.
    #[default]
    Header,
    /// A table on the path of a `[header]`, not defined itself.
    Implicit,
    /// A table a dotted key `a.b = 1` made.
    Dotted,
    /// `{ … }`.
    Inline,
}

/// A table: its entries in source order.
#[derive(Clone, Debug, Default)]
pub(crate) struct DeTable<'i> {
    entries: Vec<(Key<'i>, Value<'i>)>,
    /// From [`INDEXED`] entries on: where each key is.
    index: Option<HashMap<Box<str>, usize>>,
    pub(crate) origin: Origin,
}

/// The size from which a table indexes its keys.
const INDEXED: usize = 32;

impl PartialEq for DeTable<'_> {
    /// The same entries (how the tables came to be does not matter).
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<'i> DeTable<'i> {
    pub(crate) fn new(origin: Origin) -> Self {
        Self {
            entries: Vec::new(),
            index: None,
            origin,
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k.get_ref() == key),
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value<'i>> {
        self.position(key).map(|at| &self.entries[at].1)
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Value<'i>> {
        self.position(key).map(|at| &mut self.entries[at].1)
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Adds an entry; the caller knows the key is not there yet.
    pub(crate) fn push(&mut self, key: Key<'i>, value: Value<'i>) {
        if let Some(index) = &mut self.index {
            index.insert(key.get_ref().as_ref().into(), self.entries.len());
        } else if self.entries.len() + 1 >= INDEXED {
            let mut index: HashMap<Box<str>, usize> = HashMap::with_capacity(INDEXED * 2);
            for (at, (k, _)) in self.entries.iter().enumerate() {
                index.insert(k.get_ref().as_ref().into(), at);
            }
            index.insert(key.get_ref().as_ref().into(), self.entries.len());
            self.index = Some(index);
        }
        self.entries.push((key, value));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Value<'i>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<'t, 'i> IntoIterator for &'t DeTable<'i> {
    type Item = (&'t Key<'i>, &'t Value<'i>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'t, (Key<'i>, Value<'i>)>,
        fn(&'t (Key<'i>, Value<'i>)) -> (&'t Key<'i>, &'t Value<'i>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<'i> IntoIterator for DeTable<'i> {
    type Item = (Key<'i>, Value<'i>);
    type IntoIter = std::vec::IntoIter<(Key<'i>, Value<'i>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// `toml`'s tree of a text as a raw tree.
pub(crate) fn from_toml(table: toml::de::DeTable<'_>) -> DeTable<'_> {
    let mut out = DeTable::new(Origin::Header);
    for (key, value) in table {
        let span = key.span();
        out.push(Spanned::new(span, key.into_inner()), from_toml_value(value));
    }
    out
}

fn from_toml_value(value: toml::Spanned<toml::de::DeValue<'_>>) -> Value<'_> {
    use toml::de::DeValue as T;
    let span = value.span();
    let inner = match value.into_inner() {
        T::String(text) => DeValue::String(text),
        T::Integer(int) => {
            let radix = int.radix();
            DeValue::integer(Cow::Owned(int.as_str().to_owned()), radix)
        }
        T::Float(float) => DeValue::Float(Cow::Owned(float.as_str().to_owned())),
        T::Boolean(b) => DeValue::Boolean(b),
        T::Datetime(_) => DeValue::Datetime,
        T::Array(items) => DeValue::Array(items.into_iter().map(from_toml_value).collect()),
        T::Table(table) => DeValue::Table(from_toml(table)),
    };
    Spanned::new(span, inner)
}
