//! The compose backend against the real Docker Compose v2 and the
//! compose-spec JSON schema, and the compose-only fixtures
//! (`fixtures/compose/`) as snapshots.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Test, run_ok, stackc, tempdir, venv};

/// `docker-compose config` on `file` with the fixtures' one secret set.
fn compose_config(file: &Path) -> serde_json::Value {
    crate::support::compose_config(file, &[("DB_PASSWORD", "pw")])
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
    let mut fixtures = crate::support::fixtures("valid");
    // Secrets and configs; network and volume options.
    for engine in [
        "files.toml",
        "netopts.toml",
        "netmode.toml",
        "links.toml",
        "prestop.toml",
        "remote.toml",
        "inline.toml",
        "ports.toml",
        "restarts.toml",
        "hostpath.toml",
    ] {
        fixtures.push(crate::support::root().join("fixtures/engine").join(engine));
    }
    for fixture in fixtures {
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

/// `fixtures/compose/` copied to a fresh directory, so that a compose file
/// written one directory down (`sub/`) sees the stack at `..` whatever the
/// checkout's path.
fn compose_fixtures(name: &str) -> PathBuf {
    let dir = tempdir(name);
    for entry in std::fs::read_dir(crate::support::root().join("fixtures/compose")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir(dir.join("sub")).unwrap();
    dir
}

/// The stack's parameters that have no default, each with a value, for
/// compose to interpolate.
fn required_params(stack: &toml::Table) -> Vec<(String, String)> {
    let Some(params) = stack.get("params").and_then(toml::Value::as_table) else {
        return Vec::new();
    };
    params
        .iter()
        .filter(|(_, param)| param.get("default").is_none())
        .map(|(name, _)| (name.clone(), format!("value-of-{name}")))
        .collect()
}

/// Each compose fixture, snapshot: the file written beside the stack and
/// one directory down (`sub/`), or the report when compose cannot express
/// the stack. Each file written is accepted by the real Docker Compose and
/// the compose-spec schema, and its literal strings read back unchanged.
#[test]
fn compose_fixtures_snapshots() {
    let dir = compose_fixtures("compose-fixtures");
    insta::glob!("../../fixtures", "compose/*.toml", |path| {
        let file = path.file_name().unwrap().to_str().unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let mut out = String::new();
        let beside = stackc(&["-f", file, "compose"])
            .current_dir(&dir)
            .env_clear()
            .output()
            .unwrap();
        out.push_str("## Compose\n\n");
        if !beside.status.success() {
            writeln!(out, "exit {}", beside.status.code().unwrap()).unwrap();
            out.push_str(&String::from_utf8(beside.stderr).unwrap());
            insta::assert_snapshot!(out);
            return;
        }
        let beside = String::from_utf8(beside.stdout).unwrap();
        out.push_str(&beside);
        let written = format!("sub/{stem}.yaml");
        run_ok(
            stackc(&["-f", file, "compose", "-o", &written])
                .current_dir(&dir)
                .env_clear(),
        );
        let written = dir.join(written);
        let below = std::fs::read_to_string(&written).unwrap();
        out.push_str("\n## Compose written to sub/\n\n");
        if below == beside {
            out.push_str("The same (no relative host path).\n");
        } else {
            out.push_str(&below);
        }
        insta::assert_snapshot!(out);

        let stack: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
        let env = required_params(&stack);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let config = crate::support::compose_config(&written, &env);
        validate_schema(&written);
        literals_read_back(stem, &stack, &config);
    });
}

/// Every literal environment value of `stack` (one without `${…}`) is read
/// back by the real Docker Compose (`config`) byte for byte: YAML quoting
/// turns none into a boolean, a number, null or other text. (`docker
/// compose config` prints a literal `$` as `$$`, which is how stack.toml
/// writes it too.)
fn literals_read_back(stem: &str, stack: &toml::Table, config: &serde_json::Value) {
    let services = stack["services"].as_table().unwrap();
    for (name, service) in services {
        let Some(environment) = service.get("environment").and_then(toml::Value::as_table) else {
            continue;
        };
        for (key, value) in environment {
            let value = value.as_str().unwrap();
            if value.contains("${") {
                continue;
            }
            assert_eq!(
                config["services"][name]["environment"][key],
                serde_json::Value::String(value.to_owned()),
                "{stem}: `{key}` of `{name}`"
            );
        }
    }
}

/// `build.ssh` with key files: compose reads each entry as stackc means it
/// (the path joined to the project directory). Read as YAML: Docker
/// Compose cannot write an `ID=PATH` entry as JSON (its `SSHKey` JSON
/// marshaller fails on every such entry, whatever the file).
#[test]
fn build_ssh_keys_reach_compose_as_written() {
    let dir = tempdir("compose-ssh");
    let stack = crate::support::write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"ssh\"\n[services.app]\nimage = \"app:1\"\n\
         build = { context = \".\", ssh = [\"default\", \"deploy=./keys/deploy\"] }\n",
    );
    let out = dir.join("compose.yaml");
    run_ok(&mut stackc(&[
        "-f",
        stack.to_str().unwrap(),
        "compose",
        "-o",
        out.to_str().unwrap(),
    ]));
    let ran = Test::program(&crate::support::compose_bin(), &["-f"])
        .arg(&out)
        .args(&["config"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .run();
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    // Compose keeps them in a map: it prints them in either order.
    let entries = [
        "        - default\n".to_owned(),
        format!("        - 'deploy: {}/keys/deploy'\n", dir.display()),
    ];
    let ssh = ran
        .stdout
        .split_once("      ssh:\n")
        .map_or("", |(_, rest)| rest);
    let listed: String = ssh.lines().take(2).flat_map(|l| [l, "\n"]).collect();
    for entry in &entries {
        assert!(
            listed.contains(entry.as_str()),
            "{entry} in:\n{}",
            ran.stdout
        );
    }
}
