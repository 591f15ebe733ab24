//! The raw tree of a valid TOML text, built from `toml_parser`'s events.
//!
//! `toml`'s own tree (`toml::de::DeTable`) costs several times what the
//! lexer and the event parser do: maps of hashed keys, a vector of every
//! token and event of the text. This builder follows `toml`'s rules
//! (`toml`'s `de::parser::document`, whose spans it reproduces: a value's
//! from its first to its last byte, a `[header]` table's its header's, an
//! implicit table's its key's) on a text's events, and gives up, returning
//! `None`, at the first error and at every shape it leaves to `toml`:
//! arrays of tables, datetimes, a table defined after one of its children,
//! a dotted key into a table it did not make. The caller then parses with
//! `toml`, which gives the same tree (`raw::from_toml`) or the errors.

use std::borrow::Cow;

use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source};

use crate::raw::{DeTable, DeValue, Key, Origin, Spanned, Value};

/// `toml`'s limit on nesting (its `de::parser::LIMIT`).
const LIMIT: u32 = 80;

/// Whether an error was reported.
#[derive(Default)]
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

/// Reusable buffers for [`Builder::parse`].
#[derive(Default)]
pub(crate) struct Builder {
    tokens: Vec<toml_parser::lexer::Token>,
    events: Vec<Event>,
}

impl Builder {
    /// The tree of `text`, spans moved `offset` bytes on; `None` when the
    /// text has an error or a shape left to `toml`.
    pub(crate) fn parse<'i>(&mut self, text: &'i str, offset: usize) -> Option<DeTable<'i>> {
        let source = Source::new(text);
        self.tokens.clear();
        self.tokens.extend(source.lex());
        self.events.clear();
        let mut failed = Failed::default();
        {
            let mut whitespace = ValidateWhitespace::new(&mut self.events, source);
            let mut guard = RecursionGuard::new(&mut whitespace, LIMIT);
            toml_parser::parser::parse_document(&self.tokens, &mut guard, &mut failed);
        }
        if failed.0 {
            return None;
        }
        let mut walk = Walk {
            source,
            events: &self.events,
            at: 0,
            offset,
        };
        walk.document()
    }
}

/// The events of one text, walked once.
struct Walk<'e, 'i> {
    source: Source<'i>,
    events: &'e [Event],
    at: usize,
    offset: usize,
}

/// A `[header]`: the keys before the last, the last, and the header's span.
struct Header<'i> {
    path: Vec<Key<'i>>,
    key: Key<'i>,
    span: std::ops::Range<usize>,
}

impl<'i> Walk<'_, 'i> {
    fn next(&mut self) -> Option<Event> {
        let event = self.events.get(self.at).copied();
        self.at += 1;
        event
    }

    fn peek(&self, ahead: usize) -> Option<EventKind> {
        self.events.get(self.at + ahead).map(Event::kind)
    }

    fn skip_whitespace(&mut self) {
        if self.peek(0) == Some(EventKind::Whitespace) {
            self.at += 1;
        }
    }

    fn span(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        start + self.offset..end + self.offset
    }

    fn document(&mut self) -> Option<DeTable<'i>> {
        let mut root = DeTable::new(Origin::Header);
        // The table the key/value pairs go to, and its header (none: root).
        let mut current = DeTable::new(Origin::Header);
        let mut header: Option<Header<'i>> = None;
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::StdTableOpen => {
                    finish_table(&mut root, &mut current, header.take())?;
                    let next = self.header(event)?;
                    let parent = descend_header(&mut root, &next.path)?;
                    if parent.contains_key(next.key.get_ref()) {
                        return None;
                    }
                    header = Some(next);
                }
                EventKind::SimpleKey => {
                    let (path, key) = self.key(event)?;
                    self.skip_whitespace();
                    if self.next()?.kind() != EventKind::KeyValSep {
                        return None;
                    }
                    self.skip_whitespace();
                    let value = self.value()?;
                    insert_dotted(&mut current, &path, key, value, Origin::Dotted)?;
                }
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline => {}
                _ => return None,
            }
        }
        finish_table(&mut root, &mut current, header)?;
        Some(root)
    }

    /// The header opened by `open`, up to its `]`.
    fn header(&mut self, open: Event) -> Option<Header<'i>> {
        let mut keys = None;
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::Whitespace => {}
                EventKind::SimpleKey if keys.is_none() => keys = Some(self.key(event)?),
                EventKind::StdTableClose => {
                    let (path, key) = keys?;
                    return Some(Header {
                        path,
                        key,
                        span: self.span(open.span().start(), event.span().end()),
                    });
                }
                _ => return None,
            }
        }
    }

    /// A key, dotted or not, that starts with `first`: the keys before the
    /// last, and the last.
    fn key(&mut self, first: Event) -> Option<(Vec<Key<'i>>, Key<'i>)> {
        let mut path = Vec::new();
        let mut last = self.simple_key(first)?;
        loop {
            let sep = match (self.peek(0), self.peek(1)) {
                (Some(EventKind::KeySep), _) => 1,
                (Some(EventKind::Whitespace), Some(EventKind::KeySep)) => 2,
                _ => break,
            };
            self.at += sep;
            self.skip_whitespace();
            let event = self.next()?;
            if event.kind() != EventKind::SimpleKey {
                return None;
            }
            path.push(std::mem::replace(&mut last, self.simple_key(event)?));
        }
        (path.len() < LIMIT as usize).then_some((path, last))
    }

    fn simple_key(&self, event: Event) -> Option<Key<'i>> {
        let raw = self.source.get(event)?;
        let mut decoded = Cow::Borrowed("");
        let mut failed = Failed::default();
        raw.decode_key(&mut decoded, &mut failed);
        let span = event.span();
        (!failed.0).then(|| Spanned::new(self.span(span.start(), span.end()), decoded))
    }

    fn value(&mut self) -> Option<Value<'i>> {
        let event = self.next()?;
        match event.kind() {
            EventKind::InlineTableOpen => self.inline_table(event),
            EventKind::ArrayOpen => self.array(event),
            EventKind::Scalar => self.scalar(event),
            _ => None,
        }
    }

    fn scalar(&self, event: Event) -> Option<Value<'i>> {
        use toml_parser::decoder::ScalarKind;
        let raw = self.source.get(event)?;
        let mut decoded = Cow::Borrowed("");
        let mut failed = Failed::default();
        let kind = raw.decode_scalar(&mut decoded, &mut failed);
        if failed.0 {
            return None;
        }
        let value = match kind {
            ScalarKind::String => DeValue::String(decoded),
            ScalarKind::Boolean(b) => DeValue::Boolean(b),
            ScalarKind::DateTime => return None,
            ScalarKind::Float => DeValue::Float(decoded),
            ScalarKind::Integer(radix) => DeValue::integer(decoded, radix.value()),
        };
        let span = event.span();
        Some(Spanned::new(self.span(span.start(), span.end()), value))
    }

    fn array(&mut self, open: Event) -> Option<Value<'i>> {
        let mut items = Vec::new();
        let mut pending = None;
        loop {
            let event = self.next()?;
            let item = match event.kind() {
                EventKind::InlineTableOpen => self.inline_table(event)?,
                EventKind::ArrayOpen => self.array(event)?,
                EventKind::Scalar => self.scalar(event)?,
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline => continue,
                EventKind::ValueSep => {
                    items.push(pending.take()?);
                    continue;
                }
                EventKind::ArrayClose => {
                    items.extend(pending);
                    let span = self.span(open.span().start(), event.span().end());
                    return Some(Spanned::new(span, DeValue::Array(items)));
                }
                _ => return None,
            };
            if pending.replace(item).is_some() {
                return None;
            }
        }
    }

    fn inline_table(&mut self, open: Event) -> Option<Value<'i>> {
        let mut table = DeTable::new(Origin::Inline);
        let mut key = None;
        let mut pending = None;
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::SimpleKey if key.is_none() => key = Some(self.key(event)?),
                EventKind::KeyValSep if key.is_some() => {}
                EventKind::InlineTableOpen | EventKind::ArrayOpen | EventKind::Scalar
                    if key.is_some() && pending.is_none() =>
                {
                    pending = Some(match event.kind() {
                        EventKind::InlineTableOpen => self.inline_table(event)?,
                        EventKind::ArrayOpen => self.array(event)?,
                        _ => self.scalar(event)?,
                    });
                }
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline => {}
                EventKind::ValueSep | EventKind::InlineTableClose => {
                    let close = event.kind() == EventKind::InlineTableClose;
                    match (key.take(), pending.take()) {
                        (Some((path, last)), Some(value)) => {
                            insert_dotted(&mut table, &path, last, value, Origin::Dotted)?;
                        }
                        // `{}`; anything else (a trailing comma) is left to `toml`.
                        (None, None) if close && table.is_empty() => {}
                        _ => return None,
                    }
                    if close {
                        let span = self.span(open.span().start(), event.span().end());
                        return Some(Spanned::new(span, DeValue::Table(table)));
                    }
                }
                _ => return None,
            }
        }
    }
}

/// Put the table of the `[header]` that ends (none: the root) in its place.
fn finish_table<'i>(
    root: &mut DeTable<'i>,
    current: &mut DeTable<'i>,
    header: Option<Header<'i>>,
) -> Option<()> {
    let table = std::mem::replace(current, DeTable::new(Origin::Header));
    match header {
        None => *root = table,
        Some(header) => {
            let parent = descend_header(root, &header.path)?;
            if parent.contains_key(header.key.get_ref()) {
                return None;
            }
            parent.push(header.key, Spanned::new(header.span, DeValue::Table(table)));
        }
    }
    Some(())
}

/// The table at `path` from `root`, for a `[header]`: each missing table
/// made implicit (its span its key's); only through tables that headers
/// made.
fn descend_header<'t, 'i>(
    mut table: &'t mut DeTable<'i>,
    path: &[Key<'i>],
) -> Option<&'t mut DeTable<'i>> {
    for key in path {
        table = descend(table, key, Origin::Implicit, |origin| {
            matches!(origin, Origin::Header | Origin::Implicit)
        })?;
    }
    Some(table)
}

/// Insert `key = value` under the dotted `path` of `table`: the tables of
/// the path made with `origin`; only through tables so made.
fn insert_dotted<'i>(
    mut table: &mut DeTable<'i>,
    path: &[Key<'i>],
    key: Key<'i>,
    value: Value<'i>,
    origin: Origin,
) -> Option<()> {
    for part in path {
        table = descend(table, part, origin, |o| o == origin)?;
    }
    if table.contains_key(key.get_ref()) {
        return None;
    }
    table.push(key, value);
    Some(())
}

/// The table under `key` in `table`, made (with `origin`, spanning the
/// key) when missing; `None` when there is another value or a table whose
/// origin `through` refuses.
fn descend<'t, 'i>(
    table: &'t mut DeTable<'i>,
    key: &Key<'i>,
    origin: Origin,
    through: impl Fn(Origin) -> bool,
) -> Option<&'t mut DeTable<'i>> {
    if !table.contains_key(key.get_ref()) {
        let made = Spanned::new(key.span(), DeValue::Table(DeTable::new(origin)));
        table.push(key.clone(), made);
    }
    match table.get_mut(key.get_ref())?.get_mut() {
        DeValue::Table(child) if through(child.origin) => Some(child),
        _ => None,
    }
}
