//! A [`Diff`] as text (one line per resource, as `up.sh --plan` prints
//! it), as JSON (stable: documented in docs/cli.md) or as Markdown for a
//! pull-request comment. Every name and value from the stack goes through
//! [`shown`], and into Markdown through [`md`].

use serde_json::{Value, json};
use stackc_ir::text::shown;

use super::{Action, Diff};

/// What the two versions are, and what was assumed of the runtime.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// The old version, e.g. `origin/main:deploy/stack.toml`.
    pub base: String,
    /// The new version, e.g. `deploy/stack.toml`.
    pub head: String,
    /// The parameters given with `--set`, `(name, value)` (never a
    /// secret's: `--set` refuses them).
    pub set: Vec<(String, String)>,
}

impl Header {
    /// The assumptions, in one sentence.
    pub fn assumes(&self) -> String {
        let values = if self.set.is_empty() {
            "every parameter takes its default".to_owned()
        } else {
            let given: Vec<String> = self.set.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!(
                "the parameters take the values given ({}), the others their defaults",
                given.join(", ")
            )
        };
        format!("the old version is up and current; {values}; secrets are unchanged")
    }
}

/// `changed: a, b` and the reasons, as the detail of a row.
fn detail(row: &super::Row) -> String {
    let mut parts = Vec::new();
    if !row.changed.is_empty() {
        parts.push(format!("changed: {}", row.changed.join(", ")));
    }
    parts.extend(row.because.iter().cloned());
    parts.join("; ")
}

/// One line per resource (`ACTION KIND NAME (DETAIL)`), then the
/// parameters, profiles and what needs a human.
pub fn text(diff: &Diff, header: &Header) -> String {
    let mut out = format!(
        "stackc diff: {} → {}\nassuming {}\n\n",
        shown(&header.base),
        shown(&header.head),
        header.assumes()
    );
    for row in &diff.rows {
        let detail = detail(row);
        out.push_str(&format!(
            "{:<10} {:<10} {}{}\n",
            row.action.as_str(),
            row.kind,
            shown(&row.name),
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", shown(&detail))
            }
        ));
    }
    for param in &diff.params {
        out.push_str(&format!(
            "parameter  {:<10} {}: {}\n",
            param.change,
            shown(&param.name),
            shown(&param.note)
        ));
    }
    for (name, added) in &diff.profiles {
        out.push_str(&format!(
            "profile    {:<10} {}\n",
            if *added { "added" } else { "removed" },
            shown(name)
        ));
    }
    for item in &diff.attention {
        out.push_str(&format!(
            "attention  {:<10} {}: {}\n",
            item.kind,
            shown(&item.name),
            shown(&item.reason)
        ));
    }
    if !diff.changes() {
        out.push_str("no change\n");
    }
    out
}

/// The JSON document (see docs/cli.md, "stackc diff").
pub fn json(diff: &Diff, header: &Header) -> String {
    let resources: Vec<Value> = diff
        .rows
        .iter()
        .map(|row| {
            let mut value = json!({
                "kind": row.kind,
                "name": row.name,
                "action": row.action.as_str(),
            });
            if !row.changed.is_empty() {
                value["changed"] = json!(row.changed);
            }
            if !row.because.is_empty() {
                value["because"] = json!(row.because);
            }
            value
        })
        .collect();
    let doc = json!({
        "version": 1,
        "base": header.base,
        "head": header.head,
        "assumes": {
            "set": header.set.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<serde_json::Map<_, _>>(),
            "text": header.assumes(),
        },
        "changes": diff.changes(),
        "resources": resources,
        "parameters": diff.params.iter().map(|p| json!({
            "name": p.name, "change": p.change, "note": p.note,
        })).collect::<Vec<_>>(),
        "profiles": diff.profiles.iter().map(|(name, added)| json!({
            "name": name, "change": if *added { "added" } else { "removed" },
        })).collect::<Vec<_>>(),
        "attention": diff.attention.iter().map(|a| json!({
            "kind": a.kind, "name": a.name, "reason": a.reason,
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// Text for a Markdown table cell or list item: shown; between backticks
/// (a code span) only `|` is escaped, elsewhere whatever Markdown or HTML
/// would read (`<`, `*`, `_`, `[`, `|`, …).
pub fn md(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in shown(text).split('`').enumerate() {
        if i % 2 == 1 {
            out.push('`');
            out.push_str(&part.replace('|', "\\|"));
            out.push('`');
            continue;
        }
        for c in part.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '|' | '*' | '_' | '[' | ']' | '\\' | '#' | '~' | '!' | '@' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// A name as a code span (a backtick in it becomes `'`).
fn code(name: &str) -> String {
    md(&format!("`{}`", name.replace('`', "'")))
}

/// A pull-request comment: the changes as a table, the kept resources
/// folded, then the parameters, profiles and what needs a human.
pub fn markdown(diff: &Diff, header: &Header) -> String {
    let mut out = format!(
        "### stackc diff: {} → {}\n\n",
        code(&header.base),
        code(&header.head)
    );
    let (kept, changed): (Vec<_>, Vec<_>) =
        diff.rows.iter().partition(|r| r.action == Action::Keep);
    if !diff.changes() {
        out.push_str("No change: `up` keeps everything as it is.\n\n");
    }
    if !changed.is_empty() {
        out.push_str("| action | kind | name | why |\n|---|---|---|---|\n");
        for row in &changed {
            out.push_str(&format!(
                "| **{}** | {} | {} | {} |\n",
                row.action.as_str(),
                row.kind,
                code(&row.name),
                md(&detail(row))
            ));
        }
        out.push('\n');
    }
    if !diff.params.is_empty() {
        out.push_str("**Parameters**\n\n");
        for p in &diff.params {
            out.push_str(&format!(
                "- {} {}: {}\n",
                code(&p.name),
                p.change,
                md(&p.note)
            ));
        }
        out.push('\n');
    }
    if !diff.profiles.is_empty() {
        out.push_str("**Profiles**\n\n");
        for (name, added) in &diff.profiles {
            let what = if *added { "added" } else { "removed" };
            out.push_str(&format!("- {} {what}\n", code(name)));
        }
        out.push('\n');
    }
    if !diff.attention.is_empty() {
        out.push_str("**Needs a human**\n\n");
        for a in &diff.attention {
            out.push_str(&format!(
                "- {} {}: {}\n",
                a.kind,
                code(&a.name),
                md(&a.reason)
            ));
        }
        out.push('\n');
    }
    if !kept.is_empty() {
        out.push_str(&format!(
            "<details><summary>{} kept</summary>\n\n",
            kept.len()
        ));
        for row in &kept {
            out.push_str(&format!("- {} {}\n", row.kind, code(&row.name)));
        }
        out.push_str("\n</details>\n\n");
    }
    out.push_str(&format!("_Assuming {}._\n", md(&header.assumes())));
    out
}

#[cfg(test)]
mod tests {
    use super::{code, md};

    #[test]
    fn markdown_escapes_what_it_would_read() {
        assert_eq!(
            md("a|b <x> *y* [z](u)"),
            "a\\|b &lt;x&gt; \\*y\\* \\[z\\](u)"
        );
        // In a code span only `|` is escaped, which a table cell would read.
        assert_eq!(md("`a_b|c` _d_"), "`a_b\\|c` \\_d\\_");
        assert_eq!(code("x`y\nz"), "`x'y\\nz`");
    }
}
