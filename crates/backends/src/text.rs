//! A large output held as pieces: appending never copies what is already
//! written, as a `String` that doubles its capacity does (and, while it
//! copies, holds twice), so that an output of tens of megabytes costs its
//! size in memory and no more.

use std::fmt;

/// The size of a piece (a longer string pushed at once is a piece of its
/// own size).
const PIECE: usize = 1 << 20;

/// Text appended a piece at a time.
#[derive(Debug, Default)]
pub struct Text {
    full: Vec<String>,
    last: String,
}

impl Text {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push_str(&mut self, text: &str) {
        if self.last.len() + text.len() > self.last.capacity() {
            let next = String::with_capacity(PIECE.max(text.len()));
            let full = std::mem::replace(&mut self.last, next);
            if !full.is_empty() {
                self.full.push(full);
            }
        }
        self.last.push_str(text);
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Put `text` before everything written so far.
    pub fn prepend(&mut self, text: String) {
        if !text.is_empty() {
            self.full.insert(0, text);
        }
    }

    pub fn len(&self) -> usize {
        self.pieces().map(str::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The pieces, in order.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        self.full
            .iter()
            .chain(std::iter::once(&self.last))
            .map(String::as_str)
    }

    /// Write every piece to `out`.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for piece in self.pieces() {
            out.write_all(piece.as_bytes())?;
        }
        Ok(())
    }

    /// The whole text as one string.
    pub fn into_string(self) -> String {
        if self.full.is_empty() {
            return self.last;
        }
        let mut out = String::with_capacity(self.len());
        for piece in self.pieces() {
            out.push_str(piece);
        }
        out
    }
}

impl From<String> for Text {
    fn from(last: String) -> Self {
        Self {
            full: Vec::new(),
            last,
        }
    }
}

impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{PIECE, Text};

    #[test]
    fn pieces_join_to_what_was_pushed() {
        let mut text = Text::new();
        let mut expected = String::new();
        for i in 0..3 * PIECE / 7 {
            let word = if i % 1000 == 0 {
                "é\n".repeat(PIECE / 3)
            } else {
                format!("{i},")
            };
            text.push_str(&word);
            expected.push_str(&word);
            if i % 5 == 0 {
                text.push('→');
                expected.push('→');
            }
        }
        text.prepend("head\n".to_owned());
        expected.insert_str(0, "head\n");
        assert!(text.pieces().count() > 3);
        assert_eq!(text.len(), expected.len());
        let mut written = Vec::new();
        text.write_to(&mut written).unwrap();
        assert!(written == expected.as_bytes());
        assert!(text.into_string() == expected);
    }

    #[test]
    fn an_empty_text_is_empty() {
        let mut text = Text::new();
        text.prepend(String::new());
        assert!(text.is_empty());
        assert_eq!(text.into_string(), "");
    }
}
