//! The compose backend against the real Docker Compose v2 and the
//! compose-spec JSON schema.

use std::path::Path;
use std::process::Command;

use crate::support::{Test, compose_bin, tempdir, venv};

fn compose_config(file: &Path) -> serde_json::Value {
    let out = Command::new(compose_bin())
        .arg("-f")
        .arg(file)
        .args(["config", "--format", "json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .env("DB_PASSWORD", "pw")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "docker-compose config rejected {}:\n{}\n---\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(file).unwrap()
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validate_schema(file: &Path) {
    let schema = crate::support::root().join("fixtures/compose-spec/compose-spec.json");
    assert!(
        schema.is_file(),
        "the compose-spec schema is missing at {}",
        schema.display()
    );
    let out = Command::new(venv().join("bin/python"))
        .args([
            "-c",
            "import json, sys, jsonschema, yaml\n\
             schema = json.load(open(sys.argv[1]))\n\
             doc = yaml.safe_load(open(sys.argv[2]))\n\
             jsonschema.validate(doc, schema)\n",
        ])
        .arg(&schema)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate against the compose-spec schema:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_valid_stack_is_accepted_by_docker_compose_and_the_schema() {
    let dir = tempdir("compose");
    for fixture in crate::support::fixtures("valid") {
        let name = fixture.file_stem().unwrap().to_str().unwrap();
        // Written next to a copy? No: written in a directory of its own, so
        // relative paths must be rewritten to reach the stack's directory.
        let out = dir.join(name).join("compose.yaml");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        Test::new(&["compose"]).file(&fixture).out(&out).ok();
        compose_config(&out);
        validate_schema(&out);
    }
}

#[test]
fn compose_reads_back_every_tricky_string_byte_for_byte() {
    let dir = tempdir("compose-quoting");
    let fixture = crate::support::root().join("fixtures/valid/quoting.toml");
    let out = dir.join("compose.yaml");
    Test::new(&["compose"]).file(&fixture).out(&out).ok();
    let config = compose_config(&out);
    let svc = &config["services"]["tricky"];
    // `docker compose config` prints each literal `$` as `$$`, so that its
    // output can be read by compose again: compare in that spelling.
    let esc = |s: &str| serde_json::Value::String(s.replace('$', "$$"));
    let env = &svc["environment"];
    assert_eq!(env["SPACES"], esc("  padded  "));
    assert_eq!(env["DOLLAR"], esc("$5"));
    assert_eq!(env["QUOTE"], esc("'\""));
    assert_eq!(env["MULTI"], esc("a\nb"));
    assert_eq!(env["GREETING"], esc("it's $HOME `whoami` \"quoted\"!"));
    let labels = &svc["labels"];
    assert_eq!(labels["com.example.yaml"], esc("yes"));
    assert_eq!(labels["com.example.octal"], esc("0123"));
    assert_eq!(labels["com.example.null"], esc("~"));
    assert_eq!(labels["com.example.float"], esc("1e3"));
    assert_eq!(labels["com.example.empty"], esc(""));
    let command: Vec<serde_json::Value> = svc["command"].as_array().unwrap().clone();
    let expected: Vec<serde_json::Value> = [
        "sh",
        "-c",
        "echo \"$HOME\" '$(id)' `date` && exit 0",
        "",
        "--",
        "-n",
        "~",
        "!x",
        "*",
        "{a,b}",
        "ünïcødé ✓",
        "line1\nline2\ttab",
        "it's $HOME `whoami` \"quoted\"",
    ]
    .iter()
    .map(|s| esc(s))
    .collect();
    assert_eq!(command, expected);
    assert_eq!(svc["working_dir"], "/srv/my dir");
    let bind = svc["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["type"] == "bind")
        .unwrap();
    let expected =
        std::fs::canonicalize(crate::support::root().join("fixtures/valid/dir, with \"commas\""))
            .unwrap();
    assert_eq!(bind["source"], expected.to_str().unwrap());
}
