//! Overlays: several stack files (`stackc -f stack.toml -f prod.toml`)
//! merged into one raw tree before decoding, as compose merges
//! `compose.yaml` and `compose.override.yaml`.
//!
//! Each file is parsed on its own, then its spans are shifted so that every
//! file occupies its own range of one virtual source: the texts joined with
//! a line break ([`join`]). The trees are merged (every value keeps the span
//! of the file that set it), and the merged tree is decoded over the joined
//! text by the one decoder. A diagnostic's span thus falls in exactly one
//! file; the command line maps it back to that file, line and column.
//!
//! The rules (docs/format.md, "Overlays"): tables merge key by key,
//! recursively; a scalar or an array in a later file replaces the earlier
//! one; the service keys compose appends ([`APPEND`]) append, an item equal
//! to an earlier file's kept once; `volumes` merge by container target;
//! `env_file` by path; `environment`, `labels`, `sysctls` and `build.args`
//! by name; `depends_on`
//! by service; `build` as a string is its `context`; `logging` merges only
//! when both files name the same driver (or one names none); the device
//! lists of `blkio_config` append.

use std::borrow::Cow;

use miette::SourceSpan;
use stackc_ir::Diag;
use stackc_ir::stack::Mount;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// A value of `toml`'s tree.
type Value<'i> = Spanned<DeValue<'i>>;

/// The code of the diagnostic for two files that cannot be merged.
const OVERLAY: &str = "stackc::overlay";

/// The service keys whose arrays append across files, as compose's do.
/// (`command`, `entrypoint`, `exec` and `healthcheck.test` replace.)
pub const APPEND: &[&str] = &[
    "ports",
    "expose",
    "dns",
    "dns_search",
    "dns_opt",
    "extra_hosts",
    "cap_add",
    "cap_drop",
    "security_opt",
    "env_file",
    "label_file",
    "profiles",
    "volumes_from",
    "links",
    "external_links",
    "networks",
    "devices",
    "device_cgroup_rules",
    "tmpfs",
    "group_add",
    "secrets",
    "configs",
];

/// The virtual source of several files: their texts joined with a line
/// break, each at the offset [`starts`] gives.
pub fn join(texts: &[&str]) -> String {
    texts.join("\n")
}

/// Where each text starts in [`join`]'s source.
pub fn starts(texts: &[&str]) -> Vec<usize> {
    let mut at = 0;
    texts
        .iter()
        .map(|text| {
            let start = at;
            at += text.len() + 1;
            start
        })
        .collect()
}

/// The files parsed and merged, spans into [`join`]'s source; or the
/// syntax errors of every file.
pub(crate) fn merged<'i>(
    texts: &[&'i str],
    source: &str,
) -> Result<(DeTable<'i>, Vec<Diag>), Vec<Diag>> {
    let mut syntax = Vec::new();
    let mut trees = Vec::new();
    for (text, start) in texts.iter().zip(starts(texts)) {
        let (root, errors) = DeTable::parse_recoverable(text);
        let root = root.into_inner();
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let span = span.start + start..span.end + start;
            let text = source.get(span.clone()).unwrap_or_default();
            syntax.push(crate::diagnostics::syntax(
                error.message(),
                text,
                (span.start, span.end - span.start).into(),
            ));
        }
        trees.push(shift_table(root, start));
    }
    if !syntax.is_empty() {
        return Err(syntax);
    }
    let mut diags = Vec::new();
    let mut trees = trees.into_iter();
    let mut root = trees.next().unwrap_or_default();
    for tree in trees {
        merge_table(&mut root, tree, &mut Vec::new(), &mut diags);
    }
    Ok((root, diags))
}

/// Merge `over` (a later file's table) into `base`; `path` is the table's.
fn merge_table<'i>(
    base: &mut DeTable<'i>,
    over: DeTable<'i>,
    path: &mut Vec<String>,
    diags: &mut Vec<Diag>,
) {
    for (key, value) in over {
        let name: &str = key.get_ref();
        match base.get_mut(name) {
            Some(slot) => {
                path.push(name.to_owned());
                let earlier = std::mem::replace(slot, Spanned::new(0..0, DeValue::Boolean(false)));
                *slot = merge_value(earlier, value, path, diags);
                path.pop();
            }
            None => {
                base.insert(key, value);
            }
        }
    }
}

/// How the value at a path merges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Tables merge, anything else is replaced.
    Default,
    /// Replaced, even a table.
    Replace,
    /// Arrays append (an item equal to an earlier file's kept once).
    Append,
    /// Arrays of mounts merge by container target.
    ByTarget,
    /// `env_file` entries (a path, or a table with `path`) merge by path.
    ByPath,
    /// `NAME=value` arrays merge by name; tables key by key.
    ByName,
    DependsOn,
    Build,
    Logging,
}

fn rule(path: &[String]) -> Rule {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match path.as_slice() {
        ["services", _, key] => match *key {
            "volumes" => Rule::ByTarget,
            "environment" | "labels" | "sysctls" => Rule::ByName,
            "depends_on" => Rule::DependsOn,
            "build" => Rule::Build,
            "logging" => Rule::Logging,
            "env_file" => Rule::ByPath,
            key if APPEND.contains(&key) => Rule::Append,
            _ => Rule::Default,
        },
        ["services", _, "ulimits", _] => Rule::Replace,
        // Compose appends a later file's devices to the earlier ones.
        ["services", _, "blkio_config", _] => Rule::Append,
        ["services" | "images", _, "build", "args"] | ["networks" | "volumes", _, "labels"] => {
            Rule::ByName
        }
        _ => Rule::Default,
    }
}

fn merge_value<'i>(
    base: Value<'i>,
    over: Value<'i>,
    path: &mut Vec<String>,
    diags: &mut Vec<Diag>,
) -> Value<'i> {
    match rule(path) {
        Rule::Replace => over,
        Rule::Default => merge_default(base, over, path, diags),
        Rule::Append => lists(base, over, path, diags, same),
        Rule::ByTarget => lists(base, over, path, diags, |a, b| {
            mount_target(a).is_some_and(|t| mount_target(b) == Some(t))
        }),
        Rule::ByPath => lists(base, over, path, diags, |a, b| {
            env_file_path(a).is_some_and(|p| env_file_path(b) == Some(p))
        }),
        Rule::ByName => lists(base, over, path, diags, |a, b| {
            pair_name(a).is_some_and(|n| pair_name(b) == Some(n))
        }),
        Rule::DependsOn => {
            let (base, over) = match (base.get_ref(), over.get_ref()) {
                (DeValue::Array(_), DeValue::Table(_)) => (dependencies(base), over),
                (DeValue::Table(_), DeValue::Array(_)) => (base, dependencies(over)),
                _ => (base, over),
            };
            lists(base, over, path, diags, same)
        }
        Rule::Build => {
            let (base, over) = match (base.get_ref(), over.get_ref()) {
                (DeValue::String(_), DeValue::Table(_)) => (context(base), over),
                (DeValue::Table(_), DeValue::String(_)) => (base, context(over)),
                _ => (base, over),
            };
            merge_default(base, over, path, diags)
        }
        Rule::Logging => {
            let driver = |v: &Value<'_>| {
                v.get_ref()
                    .as_table()
                    .and_then(|t| t.get("driver"))
                    .and_then(|d| d.get_ref().as_str().map(str::to_owned))
            };
            match (driver(&base), driver(&over)) {
                (Some(a), Some(b)) if a != b => over,
                _ => merge_default(base, over, path, diags),
            }
        }
    }
}

/// Tables merge key by key; anything else is replaced.
fn merge_default<'i>(
    base: Value<'i>,
    over: Value<'i>,
    path: &mut Vec<String>,
    diags: &mut Vec<Diag>,
) -> Value<'i> {
    let span = base.span();
    match (base.into_inner(), over) {
        (DeValue::Table(mut table), over) if over.get_ref().is_table() => {
            if let DeValue::Table(more) = over.into_inner() {
                merge_table(&mut table, more, path, diags);
            }
            // The merged table keeps the place of the earlier file's.
            Spanned::new(span, DeValue::Table(table))
        }
        (_, over) => over,
    }
}

/// Two arrays merged: each item of `over` replaces the first item of
/// `base` it `matches`, or is appended. Two tables merge key by key; a
/// string and an array (`env_file = ".env"`) are an array of one. Any
/// other pair is replaced; a table and an array cannot be merged:
/// reported, and the later value wins.
fn lists<'i>(
    base: Value<'i>,
    over: Value<'i>,
    path: &mut Vec<String>,
    diags: &mut Vec<Diag>,
    matches: impl Fn(&Value<'i>, &Value<'i>) -> bool,
) -> Value<'i> {
    let base = one_as_array(base, &over);
    let over = one_as_array(over, &base);
    match (base.get_ref(), over.get_ref()) {
        (DeValue::Table(_), DeValue::Table(_)) => merge_default(base, over, path, diags),
        (DeValue::Array(_), DeValue::Array(_)) => {
            let span = base.span();
            let (DeValue::Array(earlier), DeValue::Array(later)) =
                (base.into_inner(), over.into_inner())
            else {
                return Spanned::new(0..0, DeValue::Boolean(false));
            };
            let mut items: Vec<Value<'i>> = earlier.into_iter().collect();
            let from_base = items.len();
            for item in later {
                match items[..from_base].iter().position(|e| matches(e, &item)) {
                    Some(i) => items[i] = item,
                    None => items.push(item),
                }
            }
            let mut out = DeArray::new();
            for item in items {
                out.push(item);
            }
            Spanned::new(span, DeValue::Array(out))
        }
        (a @ DeValue::Table(_), b @ DeValue::Array(_))
        | (a @ DeValue::Array(_), b @ DeValue::Table(_)) => {
            let what = path.join(".");
            diags.push(
                Diag::new(
                    OVERLAY,
                    format!(
                        "`{what}` is {} in an earlier file and {} in a later one: they cannot be merged",
                        type_name(a),
                        type_name(b)
                    ),
                )
                .label(to_span(&over), "written this way here")
                .label(to_span(&base), "and this way first")
                .help("write it the same way in every file (both tables, or both arrays) so that they merge"),
            );
            over
        }
        // The decoder reports a value of the wrong type.
        _ => over,
    }
}

/// A string as an array of one, when the other value is an array.
fn one_as_array<'i>(value: Value<'i>, other: &Value<'i>) -> Value<'i> {
    if value.get_ref().is_str() && other.get_ref().is_array() {
        let span = value.span();
        let mut array = DeArray::new();
        array.push(value);
        Spanned::new(span, DeValue::Array(array))
    } else {
        value
    }
}

fn to_span(value: &Value<'_>) -> SourceSpan {
    let range = value.span();
    (range.start, range.end - range.start).into()
}

/// `depends_on = ["db"]` as the table `{ db = "started" }`.
fn dependencies(value: Value<'_>) -> Value<'_> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        return Spanned::new(span, DeValue::Table(DeTable::new()));
    };
    let mut table = DeTable::new();
    for item in items {
        let item_span = item.span();
        if let DeValue::String(name) = item.into_inner() {
            table.insert(
                Spanned::new(item_span.clone(), name),
                Spanned::new(item_span, DeValue::String(Cow::Borrowed("started"))),
            );
        }
    }
    Spanned::new(span, DeValue::Table(table))
}

/// `build = "./app"` as the table `{ context = "./app" }`.
fn context(value: Value<'_>) -> Value<'_> {
    let span = value.span();
    let mut table = DeTable::new();
    table.insert(Spanned::new(span.clone(), Cow::Borrowed("context")), value);
    Spanned::new(span, DeValue::Table(table))
}

/// The container path of a mount: the target of a table, the path after
/// the source of a short form.
fn mount_target<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    match value.get_ref() {
        DeValue::String(text) => Mount::split_short(text).map(|(_, target, _)| target),
        DeValue::Table(table) => table.get("target")?.get_ref().as_str(),
        _ => None,
    }
}

/// The path of an `env_file` entry: the string, or a table's `path`.
fn env_file_path<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    match value.get_ref() {
        DeValue::String(text) => Some(text),
        DeValue::Table(table) => table.get("path")?.get_ref().as_str(),
        _ => None,
    }
}

/// The name of a `NAME=value` item (a bare `NAME` is its own).
fn pair_name<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    let text = value.get_ref().as_str()?;
    Some(text.split_once('=').map_or(text, |(name, _)| name))
}

/// Whether two values are the same, whatever their spans.
fn same(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a.get_ref(), b.get_ref()) {
        (DeValue::String(x), DeValue::String(y)) => x == y,
        (DeValue::Integer(x), DeValue::Integer(y)) => {
            x.as_str() == y.as_str() && x.radix() == y.radix()
        }
        (DeValue::Float(x), DeValue::Float(y)) => x.as_str() == y.as_str(),
        (DeValue::Boolean(x), DeValue::Boolean(y)) => x == y,
        (DeValue::Datetime(x), DeValue::Datetime(y)) => x == y,
        (DeValue::Array(x), DeValue::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        (DeValue::Table(x), DeValue::Table(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, value)| {
                    let key: &str = key.get_ref();
                    y.get(key).is_some_and(|other| same(value, other))
                })
        }
        _ => false,
    }
}

/// `table` with every span moved `by` bytes on.
fn shift_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    if by == 0 {
        return table;
    }
    table
        .into_iter()
        .map(|(key, value)| (shift(key, by), shift_value(value, by)))
        .collect()
}

fn shift<T>(spanned: Spanned<T>, by: usize) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start + by..span.end + by, spanned.into_inner())
}

fn shift_value(value: Value<'_>, by: usize) -> Value<'_> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Array(items) => {
            let mut out = DeArray::new();
            for item in items {
                out.push(shift_value(item, by));
            }
            DeValue::Array(out)
        }
        DeValue::Table(table) => DeValue::Table(shift_table(table, by)),
        other => other,
    };
    Spanned::new(span.start + by..span.end + by, inner)
}

/// A TOML type with its article, as messages name it.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[services.s]` of `base` and `over` merged, shown compactly.
    fn merged_service(base: &str, over: &str) -> (String, Vec<Diag>) {
        let base = format!("[services.s]\n{base}\n");
        let over = format!("[services.s]\n{over}\n");
        let texts = [base.as_str(), over.as_str()];
        let (root, diags) = merged(&texts, &join(&texts)).unwrap();
        let service = root["services"].get_ref().as_table().unwrap()["s"].clone();
        (show(&service), diags)
    }

    fn show(value: &Value<'_>) -> String {
        match value.get_ref() {
            DeValue::String(s) => format!("{s:?}"),
            DeValue::Array(items) => {
                let items: Vec<String> = items.iter().map(show).collect();
                format!("[{}]", items.join(", "))
            }
            DeValue::Table(table) => {
                let items: Vec<String> = table
                    .iter()
                    .map(|(k, v)| format!("{} = {}", k.get_ref(), show(v)))
                    .collect();
                format!("{{ {} }}", items.join(", "))
            }
            DeValue::Integer(i) => i.as_str().to_owned(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn lists_append_once_and_scalars_replace() {
        let (s, diags) = merged_service(
            "image = \"a\"\nports = [\"80:80\", \"81:81\"]\nenv_file = \".env\"\ncommand = [\"x\", \"y\"]",
            "image = \"b\"\nports = [\"81:81\", \"82:82\"]\nenv_file = [\"b.env\"]\ncommand = [\"z\"]",
        );
        assert!(diags.is_empty());
        assert_eq!(
            s,
            r#"{ image = "b", ports = ["80:80", "81:81", "82:82"], env_file = [".env", "b.env"], command = ["z"] }"#
        );
    }

    #[test]
    fn env_files_merge_by_path() {
        let (s, diags) = merged_service(
            "env_file = [\"a.env\", { path = \"b.env\" }]",
            "env_file = [{ path = \"a.env\", required = false }, \"b.env\", \"c.env\"]",
        );
        assert!(diags.is_empty());
        assert_eq!(
            s,
            r#"{ env_file = [{ path = "a.env", required = Boolean(false) }, "b.env", "c.env"] }"#
        );
    }

    #[test]
    fn mounts_merge_by_target_and_pairs_by_name() {
        let (s, _) = merged_service(
            "volumes = [\"a:/x\", \"b:/y\"]\nenvironment = [\"A=1\", \"B=2\"]",
            "volumes = [{ type = \"bind\", source = \"./c\", target = \"/x\" }, \"d:/z\"]\nenvironment = [\"B=3\", \"C\"]",
        );
        assert_eq!(
            s,
            r#"{ volumes = [{ type = "bind", source = "./c", target = "/x" }, "b:/y", "d:/z"], environment = ["A=1", "B=3", "C"] }"#
        );
    }

    #[test]
    fn block_io_devices_append_and_the_weight_is_replaced() {
        let (s, _) = merged_service(
            "blkio_config = { weight = 300, device_read_bps = [{ path = \"/dev/a\", rate = 1 }] }",
            "blkio_config = { weight = 400, device_read_bps = [{ path = \"/dev/b\", rate = 2 }] }",
        );
        assert_eq!(
            s,
            r#"{ blkio_config = { weight = 400, device_read_bps = [{ path = "/dev/a", rate = 1 }, { path = "/dev/b", rate = 2 }] } }"#
        );
    }

    #[test]
    fn forms_are_reconciled() {
        let (s, diags) = merged_service(
            "depends_on = [\"db\"]\nbuild = \"./app\"\nlogging = { driver = \"json-file\", options = { a = \"1\" } }\nulimits = { nofile = { soft = 1, hard = 2 } }",
            "depends_on = { cache = \"healthy\" }\nbuild = { dockerfile = \"D\" }\nlogging = { driver = \"syslog\" }\nulimits = { nofile = 5 }",
        );
        assert!(diags.is_empty());
        assert_eq!(
            s,
            r#"{ depends_on = { db = "started", cache = "healthy" }, build = { context = "./app", dockerfile = "D" }, logging = { driver = "syslog" }, ulimits = { nofile = 5 } }"#
        );
        let (s, _) = merged_service(
            "logging = { driver = \"json-file\", options = { a = \"1\" } }",
            "logging = { options = { b = \"2\" } }",
        );
        assert_eq!(
            s,
            r#"{ logging = { driver = "json-file", options = { a = "1", b = "2" } } }"#
        );
    }

    #[test]
    fn a_table_and_an_array_are_reported_and_spans_stay_in_their_file() {
        let (_, diags) = merged_service("labels = { a = \"1\" }", "labels = [\"a=2\"]");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`services.s.labels`"));
        let base = "[stack]\nname = \"x\"\n";
        let over = "[services.web]\nimage = \"y\"\n";
        let texts = [base, over];
        let source = join(&texts);
        let (root, _) = merged(&texts, &source).unwrap();
        let web = &root["services"].get_ref().as_table().unwrap()["web"];
        let image = &web.get_ref().as_table().unwrap()["image"];
        assert_eq!(&source[image.span()], "\"y\"");
        assert!(image.span().start > base.len());
        assert_eq!(starts(&texts), [0, base.len() + 1]);
    }
}
