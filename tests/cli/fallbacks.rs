//! References with a fallback of their own (`${NAME:-word}`, `${NAME-word}`,
//! `${NAME:+word}`, `${NAME+word}`, nested): imported from compose, and
//! reaching docker from every output as compose itself reads them.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::import::{compose_config, first_difference, imported, normalize};
use crate::support::Test;

/// What docker gets for the service: its image, environment and published
/// ports, from a `docker create` argument list.
fn from_argv(words: &[String]) -> (String, BTreeMap<String, String>, Vec<String>) {
    let mut env = BTreeMap::new();
    let mut ports = Vec::new();
    let mut image = String::new();
    for word in words {
        if let Some(pair) = word.strip_prefix("--env=") {
            let (k, v) = pair.split_once('=').unwrap();
            env.insert(k.to_owned(), v.to_owned());
        } else if let Some(port) = word.strip_prefix("--publish=") {
            ports.push(port.to_owned());
        } else if word.starts_with("busybox:") {
            image.clone_from(word);
        }
    }
    (image, env, ports)
}

/// The same from `docker-compose config --format json` (which writes each
/// `$` of a value as `$$`, so that its output reads back the same).
fn from_compose(config: &Value) -> (String, BTreeMap<String, String>, Vec<String>) {
    let web = &config["services"]["web"];
    let env = web["environment"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().replace("$$", "$")))
        .collect();
    let ports = web["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}:{}", p["published"].as_str().unwrap(), p["target"]))
        .collect();
    (web["image"].as_str().unwrap().to_owned(), env, ports)
}

/// `test` run with only `PATH` and `env` in its environment: its output.
fn run_with(test: Test, env: &[(String, String)]) -> String {
    test.env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .ok()
        .stdout
}

/// The line of `out` that starts with `start`.
fn line<'o>(out: &'o str, start: &str) -> &'o str {
    out.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no {start} in {out}"))
}

/// The `docker create` words of `stackc argv`, run with `env`.
fn argv_create(toml: &Path, env: &[(String, String)]) -> Vec<String> {
    let out = run_with(Test::new(&["argv"]).file(toml), env);
    serde_json::from_str(line(&out, r#"["docker","create""#)).unwrap()
}

/// The `docker create` words `up.sh --dry-run` prints, run with `env`.
fn script_create(up: &Path, env: &[(String, String)]) -> Vec<String> {
    let out = run_with(Test::bash(up, &["--dry-run"]), env);
    // `--dry-run` prints each command as bash reads it back: let bash
    // split it.
    let split = std::process::Command::new("bash")
        .args([
            "-c",
            "eval \"set -- $1\"; printf '%s\\0' \"$@\"",
            "-",
            line(&out, "docker create "),
        ])
        .output()
        .unwrap();
    String::from_utf8(split.stdout)
        .unwrap()
        .split('\0')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn fallbacks_reach_docker_from_every_output_as_compose_reads_them() {
    let compose = crate::support::compose_bin();
    let root = crate::support::root();
    let file = root.join("fixtures/import/fallbacks.yaml");
    let dir = file.parent().unwrap();
    let work = crate::support::tempdir("import-fallbacks");
    let (toml, compose_path) = imported("fixtures/import/fallbacks.yaml", &work);
    // Each use keeps its own fallback; the first default is the declared
    // one.
    assert!(
        toml.contains(r#"ports = ["${PORT}:80", "${PORT:-9090}:90"]"#),
        "{toml}"
    );
    let toml_path = work.join("stack.toml");
    let up = work.join("up.sh");
    Test::new(&["bash"]).file(&toml_path).out(&up).ok();
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    for env in [
        owned(&[]),
        owned(&[("PORT", ""), ("DEBUG", ""), ("TAG", "")]),
        owned(&[("PORT", "9000"), ("DEBUG", "1"), ("TAG", "2")]),
        owned(&[("DEBUG", "0"), ("NAME", "n")]),
    ] {
        let original = compose_config(&compose, &file, dir, &env).unwrap();
        let round_trip = compose_config(&compose, &compose_path, dir, &env).unwrap();
        let expected = from_compose(&original);
        let (a, b) = (normalize(original), normalize(round_trip));
        assert_eq!(first_difference(&a, &b, ""), None, "compose, with {env:?}");
        assert_eq!(
            from_argv(&argv_create(&toml_path, &env)),
            expected,
            "argv, with {env:?}"
        );
        assert_eq!(
            from_argv(&script_create(&up, &env)),
            expected,
            "up.sh, with {env:?}"
        );
    }
}
