//! The JSON Schema of stack.toml (`stackc schema`, `stack.schema.json`):
//! the published file is current, every table allows exactly the keys the
//! frontend accepts, every key has a description and an example, every
//! valid stack (fixtures and the docs' examples) validates, and every
//! unknown key of the invalid fixtures is refused.
//!
//! Validation runs the venv's Python `jsonschema` (`Draft7Validator`) on the
//! fixtures read by Python's `tomllib`: the suite already needs that venv
//! for the compose schema, and a second TOML reader and a second validator
//! check the schema independently of the Rust code that generates it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{fixtures, root, run_ok, stackc, stdout, tempdir, venv};
use serde_json::Value;

const REGENERATE: &str = "cargo run -q -- schema -o stack.schema.json";

fn schema() -> Value {
    serde_json::from_str(&stackc_schema::to_json()).unwrap()
}

#[test]
fn published_schema_is_current() {
    // `stackc schema` reads no stack file: run it where there is none.
    let dir = tempdir("schema-cwd");
    let out = run_ok(stackc(&["schema"]).current_dir(&dir));
    let generated = stdout(&out);
    assert_eq!(generated, stackc_schema::to_json());
    let published = std::fs::read_to_string(root().join("stack.schema.json")).unwrap_or_default();
    assert!(
        published == generated,
        "stack.schema.json is stale (or missing): regenerate it with `{REGENERATE}`"
    );
}

/// Every object schema with a closed set of keys, by the path the frontend
/// names its table with (`services.NAME.ports[]`), and its keys.
fn closed_tables(schema: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    if let Some(Value::Object(properties)) = schema.get("properties") {
        if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
            out.entry(path.to_owned())
                .or_default()
                .extend(properties.keys().cloned());
        }
        for (key, value) in properties {
            closed_tables(value, &join(key), out);
        }
    }
    if let Some(Value::Object(patterns)) = schema.get("patternProperties") {
        for value in patterns.values() {
            closed_tables(value, &join("NAME"), out);
        }
    }
    if let Some(value @ Value::Object(_)) = schema.get("additionalProperties") {
        closed_tables(value, &join("NAME"), out);
    }
    for key in ["items", "additionalItems"] {
        match schema.get(key) {
            Some(value @ Value::Object(_)) => closed_tables(value, &format!("{path}[]"), out),
            Some(Value::Array(values)) => {
                for value in values {
                    closed_tables(value, &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(alternatives)) = schema.get(key) {
            for value in alternatives {
                closed_tables(value, path, out);
            }
        }
    }
}

#[test]
fn schema_keys_are_the_frontends() {
    let mut schema_tables = BTreeMap::new();
    closed_tables(&schema(), "", &mut schema_tables);
    let frontend_tables: BTreeMap<String, BTreeSet<String>> = stackc_frontend::known_keys()
        .into_iter()
        .map(|(path, keys)| {
            (
                path.to_owned(),
                keys.iter().map(|&k| k.to_owned()).collect(),
            )
        })
        .collect();
    for (path, keys) in &frontend_tables {
        let schema_keys = schema_tables.get(path).cloned().unwrap_or_default();
        let missing: Vec<_> = keys.difference(&schema_keys).collect();
        let extra: Vec<_> = schema_keys.difference(keys).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "`{path}`: the schema lacks {missing:?} and has {extra:?} beyond the frontend's keys \
             (crates/schema/src/format.rs against crates/frontend); then `{REGENERATE}`"
        );
    }
    let unknown: Vec<_> = schema_tables
        .keys()
        .filter(|p| !frontend_tables.contains_key(*p))
        .collect();
    assert!(
        unknown.is_empty(),
        "tables in the schema that stackc_frontend::known_keys() does not list: {unknown:?}"
    );
}

#[test]
fn every_key_has_a_description_and_an_example() {
    fn walk(schema: &Value, path: &str, bare: &mut Vec<String>) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (key, value) in properties {
                        let has = |k: &str| {
                            value.get(k).is_some_and(|v| {
                                v.as_str().is_some_and(|s| !s.is_empty())
                                    || v.as_array().is_some_and(|a| !a.is_empty())
                            })
                        };
                        if !has("description") || !has("examples") {
                            bare.push(format!("{path}.{key}"));
                        }
                    }
                }
                // `if`, `then`, `else` and `not` constrain keys, not declare them.
                for (key, value) in map {
                    if !matches!(key.as_str(), "if" | "then" | "else" | "not") {
                        walk(value, &format!("{path}/{key}"), bare);
                    }
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    walk(value, &format!("{path}/{i}"), bare);
                }
            }
            _ => {}
        }
    }
    let mut bare = Vec::new();
    walk(&schema(), "", &mut bare);
    assert!(
        bare.is_empty(),
        "keys without a description or an example: {bare:#?}"
    );
}

/// Validate each file with the venv's jsonschema; per file, every error
/// (nested ones too) as `[validator, message]`.
fn validate(files: &[PathBuf]) -> BTreeMap<String, Vec<(String, String)>> {
    const SCRIPT: &str = "\
import json, sys, tomllib, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
out = {}
def walk(errors, into):
    for e in errors:
        into.append([e.validator, e.message])
        walk(e.context or [], into)
for path in sys.argv[2:]:
    with open(path, 'rb') as f:
        doc = tomllib.load(f)
    out[path] = []
    walk(validator.iter_errors(doc), out[path])
print(json.dumps(out))
";
    let out = run_ok(
        Command::new(venv().join("bin/python"))
            .arg("-c")
            .arg(SCRIPT)
            .arg(root().join("stack.schema.json"))
            .args(files),
    );
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// The TOML code blocks of a document that start with a `#:schema` line
/// (and go on): the complete stacks among its examples.
fn doc_examples(doc: &Path, dir: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(doc).unwrap();
    let stem = doc.file_stem().unwrap().to_string_lossy();
    let mut out = Vec::new();
    for (i, block) in text.split("```toml\n").skip(1).enumerate() {
        let body = block.split("```").next().unwrap();
        // A block of that one line shows the directive, not a stack.
        if body.starts_with("#:schema ./stack.schema.json\n") && body.lines().count() > 1 {
            out.push(crate::support::write(
                dir,
                &format!("{stem}-{i}.toml"),
                body,
            ));
        }
    }
    out
}

#[test]
fn every_valid_stack_validates() {
    let dir = tempdir("schema-docs");
    let mut files = Vec::new();
    for kind in ["valid", "engine", "kube", "compose"] {
        files.extend(fixtures(kind));
    }
    let docs = [root().join("README.md"), root().join("docs/format.md")];
    for doc in &docs {
        let examples = doc_examples(doc, &dir);
        assert!(
            !examples.is_empty(),
            "{}: no ```toml example starts with `#:schema ./stack.schema.json`",
            doc.display()
        );
        files.extend(examples);
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("#:schema ") && first.ends_with("stack.schema.json"),
            "{} does not start with a `#:schema` line",
            file.display()
        );
        // The docs' examples are stacks too.
        run_ok(&mut stackc(&["-f", &file.to_string_lossy(), "check"]));
    }
    let invalid: Vec<_> = validate(&files)
        .into_iter()
        .filter(|(_, errors)| !errors.is_empty())
        .collect();
    assert!(
        invalid.is_empty(),
        "valid stacks the schema refuses: {invalid:#?}"
    );
}

/// The keys `stackc check` reports as unknown in a file.
fn unknown_keys(file: &Path) -> Vec<String> {
    let out = stackc(&["-f", &file.to_string_lossy(), "check"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    stderr
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("× unknown ")?;
            let name = rest.split_once("key `")?.1;
            Some(name.split_once('`')?.0.to_owned())
        })
        .collect()
}

#[test]
fn unknown_keys_are_refused() {
    let mut files = BTreeMap::new();
    for file in fixtures("invalid") {
        let keys = unknown_keys(&file);
        if !keys.is_empty() {
            files.insert(file.to_string_lossy().into_owned(), keys);
        }
    }
    assert!(
        files.len() >= 3,
        "expected the unknown-key fixtures, found {files:?}"
    );
    let paths: Vec<PathBuf> = files.keys().map(PathBuf::from).collect();
    let results = validate(&paths);
    for (file, keys) in &files {
        let errors = &results[file];
        for key in keys {
            assert!(
                errors
                    .iter()
                    .any(|(validator, message)| validator == "additionalProperties"
                        && message.contains(&format!("'{key}'"))),
                "{file}: the schema does not refuse the unknown key `{key}`; its errors: {errors:#?}"
            );
        }
    }
}

/// The "Docker flags" table of docs/format.md, as FLAGS gives it.
fn flags_table() -> String {
    use stackc_ir::flags::{FLAGS, Kind, KubeMapping};
    let mut out = String::from(
        "| key | value | docker flag | Kubernetes | meaning | example |\n|---|---|---|---|---|---|\n",
    );
    for flag in FLAGS {
        let value = match flag.kind {
            Kind::Switch => "bool, or a string parameters complete".to_owned(),
            Kind::Value(rule) => rule.noun().to_owned(),
            Kind::List(rule) => format!("list, each a {}", rule.noun()),
            Kind::Map(rule) => format!("table of {}s (or list of `\"NAME=VALUE\"`)", rule.noun()),
            Kind::Seconds => {
                "duration, may use parameters (docker: whole seconds, rounded up)".to_owned()
            }
        };
        let kube = match flag.kube {
            KubeMapping::Field(field) => format!("`{}`", field.path()),
            KubeMapping::Refuse(_) => "refused".to_owned(),
        };
        out.push_str(&format!(
            "| `{}` | {value} | `--{}` | {kube} | {} | `{} = {}` |\n",
            flag.key, flag.docker, flag.doc, flag.key, flag.example
        ));
    }
    out
}

#[test]
fn format_reference_lists_every_flag_key() {
    let path = root().join("docs/format.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let begin = text
        .find("<!-- flags: generated")
        .and_then(|at| text[at..].find('\n').map(|n| at + n + 1))
        .expect("docs/format.md has the `<!-- flags: generated …` marker");
    let end = text[begin..]
        .find("<!-- flags: end -->")
        .map(|n| begin + n)
        .expect("docs/format.md has the `<!-- flags: end -->` marker");
    let table = flags_table();
    if std::env::var_os("STACKC_BLESS").is_some() {
        let updated = format!("{}{table}{}", &text[..begin], &text[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        text[begin..end] == table,
        "docs/format.md's Docker flags table is stale: rewrite it with `STACKC_BLESS=1 cargo test --test outputs format_reference`"
    );
}
