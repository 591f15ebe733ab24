//! Writing TOML text: a document of sections, each a list of `key = value`
//! lines and comments, rendered with short inline forms where they fit and
//! every string escaped as a TOML basic string.

/// A TOML value as the import writes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Str(String),
    Int(i128),
    Bool(bool),
    Array(Vec<Value>),
    /// An inline table, keys in order.
    Table(Vec<(String, Value)>),
}

/// A line of a section.
#[derive(Clone, Debug)]
pub enum Entry {
    Pair(String, Value),
    Comment(String),
}

/// `[header]` and its lines.
#[derive(Clone, Debug)]
pub struct Section {
    /// The dotted path, each part unquoted (`services`, `web`).
    pub path: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Section {
    pub fn new(path: &[&str]) -> Self {
        Self {
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            entries: Vec::new(),
        }
    }

    pub fn pair(&mut self, key: &str, value: Value) {
        self.entries.push(Entry::Pair(key.to_owned(), value));
    }

    pub fn comments(&mut self, comments: Vec<String>) {
        self.entries
            .extend(comments.into_iter().map(Entry::Comment));
    }
}

/// Inline forms longer than this become multi-line arrays or sub-tables.
const WIDTH: usize = 88;

/// The whole document: sections separated by blank lines.
pub fn render(header_comment: &str, sections: &[Section]) -> String {
    let mut out = String::new();
    for line in header_comment.lines() {
        out.push_str(&comment(line));
    }
    for section in sections {
        out.push('\n');
        render_section(&mut out, section);
    }
    out
}

fn render_section(out: &mut String, section: &Section) {
    out.push_str(&format!("[{}]\n", header(&section.path)));
    let mut subtables = Vec::new();
    for entry in &section.entries {
        match entry {
            Entry::Comment(text) => out.push_str(&comment(text)),
            Entry::Pair(key, value) => {
                let line = format!("{} = {}", quote_key(key), inline(value));
                match value {
                    Value::Table(fields) if line.len() > WIDTH || has_newline(value) => {
                        let mut path = section.path.clone();
                        path.push(key.clone());
                        let mut sub = Section {
                            path,
                            entries: Vec::new(),
                        };
                        for (k, v) in fields {
                            sub.pair(k, v.clone());
                        }
                        subtables.push(sub);
                    }
                    Value::Array(items) if line.len() > WIDTH || has_newline(value) => {
                        out.push_str(&format!("{} = [\n", quote_key(key)));
                        for item in items {
                            out.push_str(&format!("  {},\n", multiline_item(item)));
                        }
                        out.push_str("]\n");
                    }
                    Value::Str(text) if text.contains('\n') => {
                        out.push_str(&format!(
                            "{} = {}\n",
                            quote_key(key),
                            multiline_string(text)
                        ));
                    }
                    _ => {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
            }
        }
    }
    for sub in subtables {
        out.push('\n');
        render_section(out, &sub);
    }
}

fn has_newline(value: &Value) -> bool {
    match value {
        Value::Str(text) => text.contains('\n'),
        Value::Array(items) => items.iter().any(has_newline),
        Value::Table(fields) => fields.iter().any(|(_, v)| has_newline(v)),
        Value::Int(_) | Value::Bool(_) => false,
    }
}

fn multiline_item(value: &Value) -> String {
    match value {
        Value::Str(text) if text.contains('\n') => multiline_string(text),
        other => inline(other),
    }
}

/// `# text`, one comment line per line of text.
fn comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
    }
    out
}

/// A dotted table header.
pub fn header(path: &[String]) -> String {
    path.iter()
        .map(|p| quote_key(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// A key: bare when TOML allows it, else a basic string.
pub fn quote_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        basic_string(key)
    }
}

/// A value on one line.
pub fn inline(value: &Value) -> String {
    match value {
        Value::Str(text) => basic_string(text),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Value::Table(fields) if fields.is_empty() => "{}".to_owned(),
        Value::Table(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|(k, v)| format!("{} = {}", quote_key(k), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A TOML basic string: `"` and `\` escaped, control characters as
/// escapes.
pub fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    escape_into(&mut out, text, false);
    out.push('"');
    out
}

/// A multi-line basic string; the newline after the opening quotes is
/// not part of the value.
fn multiline_string(text: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    escape_into(&mut out, text, true);
    out.push_str("\"\"\"");
    out
}

fn escape_into(out: &mut String, text: &str, keep_newlines: bool) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_a_toml_reader() {
        let values = [
            "plain",
            "quote\"d",
            "back\\slash",
            "new\nline",
            "tab\t",
            "cr\r\n",
            "\u{7f}del",
            "\u{1}",
            "é ☃",
            "'''",
            "\"\"\"",
            "a\"\n\"",
            "trailing\\",
            "\n",
            "",
        ];
        let mut section = Section::new(&["t"]);
        for (i, v) in values.iter().enumerate() {
            section.pair(&format!("k{i}"), Value::Str((*v).to_owned()));
            section.pair(
                &format!("a{i}"),
                Value::Array(vec![
                    Value::Str((*v).to_owned()),
                    Value::Str("x".repeat(90)),
                ]),
            );
        }
        section.pair(
            "we.ird key",
            Value::Table(vec![("x y".into(), Value::Int(1))]),
        );
        let text = render("header", &[section]);
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        let t = parsed["t"].as_table().unwrap();
        for (i, v) in values.iter().enumerate() {
            assert_eq!(t[&format!("k{i}")].as_str(), Some(*v), "{text}");
            assert_eq!(t[&format!("a{i}")][0].as_str(), Some(*v), "{text}");
        }
        assert_eq!(t["we.ird key"]["x y"].as_integer(), Some(1));
    }
}
