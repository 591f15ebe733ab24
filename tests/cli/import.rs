//! `stackc import`: snapshots of `fixtures/import/*.yaml` (strict and
//! `--lossy`), the command line (file, stdin, `-o`, errors), and the proof
//! over the real-world corpus vendored in `fixtures/corpus/`: every compose file
//! that Docker Compose v2 accepts is imported, compiled back with
//! `stackc compose`, and both are compared through
//! `docker-compose config --format json` after the normalizations
//! documented in docs/import.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Ran, Test};

/// The floor of the corpus figure: equivalent files among the accepted
/// ones. Raise it when the importer learns more; never lower it silently.
const MIN_EQUIVALENT: usize = 148;
const MIN_AWESOME_EQUIVALENT: usize = 38;

fn corpus_dir() -> PathBuf {
    crate::support::root().join("fixtures/corpus")
}

/// Every `*.yml` / `*.yaml` under the corpus, sorted by relative path.
fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "licenses") {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus_dir(), &mut out);
    out.sort();
    out
}

/// What became of one corpus file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    /// Docker Compose itself rejects it (not counted).
    Rejected,
    Equivalent,
    /// Not equivalent, and why.
    Failed(String),
}

/// `docker-compose config --format json` with only `env` in the
/// environment, from `dir` as project directory.
pub(crate) fn compose_config(
    compose: &Path,
    file: &Path,
    dir: &Path,
    env: &[(String, String)],
) -> Result<Value, String> {
    let mut cmd = Command::new(compose);
    cmd.arg("-f")
        .arg(file)
        .arg("--project-directory")
        .arg(dir)
        .args(["config", "--format", "json"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().last().unwrap_or_default().to_owned());
    }
    Ok(serde_json::from_slice(&out.stdout).unwrap())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first error message of a failed `stackc` run.
fn first_error(stderr: &str) -> String {
    let line = stderr.lines().find(|l| l.contains('×')).map_or_else(
        || stderr.lines().next().unwrap_or_default().to_owned(),
        |l| {
            // The message may wrap: take the continuation lines too.
            let mut text = l.split('×').nth(1).unwrap_or_default().trim().to_owned();
            let rest = stderr.split(l).nth(1).unwrap_or_default();
            for cont in rest.lines() {
                match cont.trim_start().strip_prefix('│') {
                    Some(more) => {
                        text.push(' ');
                        text.push_str(more.trim());
                    }
                    None => break,
                }
            }
            text
        },
    );
    one_line(&line)
}

fn check_file(compose: &Path, file: &Path, work: &Path) -> Outcome {
    let dir = file.parent().unwrap();
    let Ok(original) = compose_config(compose, file, dir, &[]) else {
        return Outcome::Rejected;
    };
    let toml_path = work.join("stack.toml");
    let options = stackc_import::Options {
        lossy: false,
        default_name: stackc_import::project_name(&dir.file_name().unwrap().to_string_lossy()),
        source_name: file.display().to_string(),
    };
    // As `stackc import FILE` reads it: with its `include:` and `extends:`.
    let top = stackc_import::Top {
        name: file.display().to_string(),
        text: std::fs::read_to_string(file).unwrap(),
        dir: dir.to_path_buf(),
        path: Some(file.to_path_buf()),
    };
    let toml_text = match stackc_import::import_files(&[top], &options).1 {
        Ok(text) => text,
        Err(diags) => {
            let first = diags.into_sorted().remove(0);
            return Outcome::Failed(format!("import: {}", one_line(&first.message)));
        }
    };
    std::fs::write(&toml_path, &toml_text).unwrap();
    let compose_path = work.join("compose.yaml");
    let out = Test::new(&["compose"])
        .out(&compose_path)
        .file(&toml_path)
        .env("NO_COLOR", "1")
        .run();
    if out.code != Some(0) {
        return Outcome::Failed(format!("stackc compose: {}", first_error(&out.stderr)));
    }
    // Required parameters get a value, the same for both runs.
    let table: toml::Table = toml::from_str(&toml_text).unwrap();
    let env: Vec<(String, String)> = table
        .get("params")
        .and_then(|p| p.as_table())
        .map(|params| {
            params
                .iter()
                .filter(|(_, p)| p.get("default").is_none())
                .map(|(name, _)| (name.clone(), "1".to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let original = if env.is_empty() {
        original
    } else {
        match compose_config(compose, file, dir, &env) {
            Ok(v) => v,
            Err(e) => return Outcome::Failed(format!("compose with parameters set: {e}")),
        }
    };
    let round_trip = match compose_config(compose, &compose_path, dir, &env) {
        Ok(v) => v,
        Err(e) => return Outcome::Failed(format!("compose rejects stackc's output: {e}")),
    };
    let (a, b) = (normalize(original), normalize(round_trip));
    match first_difference(&a, &b, "") {
        None => Outcome::Equivalent,
        Some(diff) => Outcome::Failed(format!("differs: {diff}")),
    }
}

/// What stackc changes on purpose, removed from both configs (each one is
/// documented in docs/import.md).
/// `deploy.resources.reservations.devices` as `gpus`: the same device
/// requests docker receives (stackc writes them as `gpus`).
fn gpus_from_reservations(service: &mut serde_json::Map<String, Value>) {
    let Some(deploy) = service.get_mut("deploy").and_then(Value::as_object_mut) else {
        return;
    };
    let Some(resources) = deploy.get_mut("resources").and_then(Value::as_object_mut) else {
        return;
    };
    let Some(reservations) = resources
        .get_mut("reservations")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let Some(Value::Array(devices)) = reservations.remove("devices") else {
        return;
    };
    if reservations.is_empty() {
        resources.remove("reservations");
    }
    if resources.is_empty() {
        deploy.remove("resources");
    }
    if deploy.is_empty() {
        service.remove("deploy");
    }
    if let Value::Array(gpus) = service
        .entry("gpus")
        .or_insert_with(|| Value::Array(Vec::new()))
    {
        gpus.extend(devices);
    }
}

pub(crate) fn normalize(mut config: Value) -> Value {
    if let Some(services) = config.get_mut("services").and_then(Value::as_object_mut) {
        for service in services.values_mut() {
            let Some(service) = service.as_object_mut() else {
                continue;
            };
            gpus_from_reservations(service);
            // Short-syntax binds create a missing host path; stackc's
            // (docker `--mount`) need it to exist.
            if let Some(volumes) = service.get_mut("volumes").and_then(Value::as_array_mut) {
                for volume in volumes {
                    // Compose spells a named volume's no options as
                    // `volume: {}` for the short syntax only.
                    if volume
                        .get("volume")
                        .is_some_and(|v| v.as_object().is_some_and(serde_json::Map::is_empty))
                    {
                        volume.as_object_mut().unwrap().remove("volume");
                    }
                    if let Some(bind) = volume.get_mut("bind").and_then(Value::as_object_mut) {
                        bind.remove("create_host_path");
                        if bind.is_empty() {
                            volume.as_object_mut().unwrap().remove("bind");
                        }
                    }
                }
            }
            // An empty healthcheck keeps the image's, as none does; stackc
            // writes it to say that a `healthy` dependency waits on it.
            if service
                .get("healthcheck")
                .is_some_and(|h| h.as_object().is_some_and(serde_json::Map::is_empty))
            {
                service.remove("healthcheck");
            }
            // `no` is compose's default; stackc writes it for jobs.
            if service.get("restart").and_then(Value::as_str) == Some("no") {
                service.remove("restart");
            }
            service.retain(|k, _| !k.starts_with("x-"));
            // `compose watch`'s development loop: nothing `up` runs.
            service.remove("develop");
            one_engine_deploy(service);
        }
    }
    if let Some(top) = config.as_object_mut() {
        top.retain(|k, _| !k.starts_with("x-"));
    }
    config
}

/// `deploy` as compose applies it on one engine: its limits, reservation
/// and restart policy as the service keys of the same meaning (which
/// `stackc import` writes); the rest configures a Swarm and is left out.
fn one_engine_deploy(service: &mut serde_json::Map<String, Value>) {
    // `scale` is compose's other spelling of `deploy.replicas`.
    let scale = service.remove("scale");
    let Some(deploy) = service.remove("deploy").or_else(|| {
        scale
            .clone()
            .map(|replicas| serde_json::json!({ "replicas": replicas }))
    }) else {
        return;
    };
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(&deploy, |value, key| value.get(key))
            .cloned()
    };
    for (path, key) in [
        (&["resources", "limits", "memory"][..], "mem_limit"),
        (&["resources", "limits", "cpus"], "cpus"),
        (&["resources", "limits", "pids"], "pids_limit"),
        (&["resources", "reservations", "memory"], "mem_reservation"),
    ] {
        if let Some(value) = at(path) {
            service.insert(key.to_owned(), value);
        }
    }
    if let Some(condition) = at(&["restart_policy", "condition"]) {
        let restart = match (condition.as_str(), at(&["restart_policy", "max_attempts"])) {
            (Some("none"), _) => "no".to_owned(),
            (Some("on-failure"), Some(n)) => format!("on-failure:{n}"),
            (Some("on-failure"), None) => "on-failure".to_owned(),
            _ => "always".to_owned(),
        };
        service.insert("restart".to_owned(), Value::String(restart));
    }
    if let Some(replicas) = at(&["replicas"]).or(scale) {
        service.insert(
            "deploy".to_owned(),
            serde_json::json!({ "replicas": replicas }),
        );
    }
}

/// The path of the first difference between two JSON values.
pub(crate) fn first_difference(original: &Value, round_trip: &Value, path: &str) -> Option<String> {
    match (original, round_trip) {
        (Value::Object(left), Value::Object(right)) => {
            let keys: std::collections::BTreeSet<&String> =
                left.keys().chain(right.keys()).collect();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (left.get(key), right.get(key)) {
                    (Some(l), Some(r)) => {
                        if let Some(diff) = first_difference(l, r, &sub) {
                            return Some(diff);
                        }
                    }
                    (Some(l), None) => {
                        return Some(format!("`{sub}` = {} only in the original", short(l)));
                    }
                    (None, Some(r)) => {
                        return Some(format!("`{sub}` = {} only in the round trip", short(r)));
                    }
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(left), Value::Array(right)) if left.len() == right.len() => left
            .iter()
            .zip(right)
            .enumerate()
            .find_map(|(i, (l, r))| first_difference(l, r, &format!("{path}[{i}]"))),
        _ if original == round_trip => None,
        _ => Some(format!(
            "`{path}`: {} became {}",
            short(original),
            short(round_trip)
        )),
    }
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

#[test]
fn corpus_round_trip() {
    let compose = crate::support::compose_bin();
    let files = corpus_files();
    assert!(files.len() > 150, "corpus missing? {} files", files.len());
    let base = crate::support::tempdir("import-corpus");
    let threads = 4;
    let chunks: Vec<Vec<(usize, PathBuf)>> = (0..threads)
        .map(|t| {
            files
                .iter()
                .cloned()
                .enumerate()
                .filter(|(i, _)| i % threads == t)
                .collect()
        })
        .collect();
    let mut results: BTreeMap<String, Outcome> = BTreeMap::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let compose = &compose;
                let base = &base;
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(i, file)| {
                            let work = base.join(i.to_string());
                            std::fs::create_dir_all(&work).unwrap();
                            let outcome = check_file(compose, &file, &work);
                            let rel = file
                                .strip_prefix(corpus_dir())
                                .unwrap()
                                .display()
                                .to_string();
                            (rel, outcome)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            results.extend(handle.join().unwrap());
        }
    });

    let accepted: Vec<_> = results
        .iter()
        .filter(|(_, o)| **o != Outcome::Rejected)
        .collect();
    let equivalent = accepted
        .iter()
        .filter(|(_, o)| **o == Outcome::Equivalent)
        .count();
    let awesome: Vec<_> = accepted
        .iter()
        .filter(|(f, _)| f.starts_with("awesome-compose/"))
        .collect();
    let awesome_equivalent = awesome
        .iter()
        .filter(|(_, o)| **o == Outcome::Equivalent)
        .count();
    let mut report = format!(
        "equivalent: {equivalent} of {} accepted files; awesome-compose: {awesome_equivalent} of {}\n\n",
        accepted.len(),
        awesome.len()
    );
    for (file, outcome) in &accepted {
        if let Outcome::Failed(why) = outcome {
            report.push_str(&format!("{file}: {why}\n"));
        }
    }
    insta::assert_snapshot!("corpus_report", report);
    assert!(
        equivalent >= MIN_EQUIVALENT && awesome_equivalent >= MIN_AWESOME_EQUIVALENT,
        "the corpus figure dropped:\n{report}"
    );
}

/// `fixtures/import/*.yaml`, sorted.
fn import_fixtures() -> Vec<PathBuf> {
    let dir = crate::support::root().join("fixtures/import");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

/// Each fixture, strict and `--lossy`: the TOML (which must pass
/// `stackc check`) or the diagnostics, exactly.
#[test]
fn fixture_snapshots() {
    let tmp = crate::support::tempdir("import-fixtures");
    for path in import_fixtures() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rel = format!("fixtures/import/{name}.yaml");
        for (mode, args) in [("strict", &[][..]), ("lossy", &["--lossy"])] {
            let Ran {
                code,
                stdout,
                stderr,
            } = Test::new(&["import", &rel])
                .args(args)
                .dir(&crate::support::root())
                .env("NO_COLOR", "1")
                .run();
            let text = if code == Some(0) {
                let toml_path = crate::support::write(&tmp, "stack.toml", &stdout);
                Test::new(&["check"]).file(&toml_path).ok();
                format!("exit 0\n{stdout}")
            } else {
                assert!(stdout.is_empty(), "{stdout}");
                format!("exit {code:?}\n{stderr}")
            };
            insta::assert_snapshot!(format!("{name}_{mode}"), text);
        }
    }
}

/// stdin (`-`, the default), `-o` (atomic, nothing written on error), and
/// the imported stack compiles to compose that Docker Compose accepts.
#[test]
fn command_line() {
    let tmp = crate::support::tempdir("import-cli");
    let yaml = std::fs::read_to_string(crate::support::root().join("fixtures/import/webapp.yaml"))
        .unwrap();
    let from_stdin = Test::new(&["import", "--name", "ignored"])
        .stdin(yaml)
        .ok()
        .stdout;
    // `name:` in the file wins over --name.
    assert!(from_stdin.contains("name = \"webapp\""), "{from_stdin}");
    assert!(from_stdin.starts_with("# Imported from <stdin>"));

    let toml_path = tmp.join("stack.toml");
    Test::new(&["import"])
        .out(&toml_path)
        .arg(crate::support::root().join("fixtures/import/webapp.yaml"))
        .ok();
    let written = std::fs::read_to_string(&toml_path).unwrap();
    assert_eq!(
        written.lines().skip(1).collect::<Vec<_>>(),
        from_stdin.lines().skip(1).collect::<Vec<_>>()
    );

    // An error writes nothing and exits 1, naming key, line and column.
    let bad = crate::support::write(
        &tmp,
        "bad.yaml",
        "services:\n  web:\n    image: x\n    provider:\n      type: model\n",
    );
    let out_path = tmp.join("out.toml");
    let stderr = Test::new(&["import"])
        .out(&out_path)
        .arg(&bad)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(
        stderr.contains("`services.web.provider` (line 4, column 5)"),
        "{stderr}"
    );
    assert!(!out_path.exists());
    // Not YAML: exit 1 with the position.
    let broken = crate::support::write(&tmp, "broken.yaml", "services:\n  web: [\n");
    Test::new(&["import"]).arg(&broken).exits(1);
    // A missing file: exit 2.
    Test::new(&["import", "/nonexistent/compose.yaml"]).exits(2);

    // The stack compiles to a compose file that compose accepts, with the
    // required parameters set.
    let compose_path = tmp.join("compose.yaml");
    Test::new(&["compose"])
        .out(&compose_path)
        .file(&toml_path)
        .ok();
    let env = [
        ("DB_PASSWORD".to_owned(), "pw".to_owned()),
        ("APP_VERSION".to_owned(), "1.0".to_owned()),
    ];
    let config = compose_config(&crate::support::compose_bin(), &compose_path, &tmp, &env).unwrap();
    assert_eq!(config["services"]["db"]["image"], "postgres:16-alpine");
    // compose prints `$` escaped, as it reads it.
    assert_eq!(config["services"]["db"]["environment"]["PRICE"], "$$5");
}

/// `docker-compose -f A -f B … config --format json` from `dir`; it must
/// accept the files.
pub(crate) fn compose_config_many(files: &[PathBuf], dir: &Path) -> Value {
    let mut cmd = Command::new(crate::support::compose_bin());
    for file in files {
        cmd.arg("-f").arg(file);
    }
    let out = cmd
        .arg("--project-directory")
        .arg(dir)
        .args(["config", "--format", "json"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `stackc import -f compose.yaml -f compose.override.yaml` (with an
/// `include:`, an `extends:` from another file and one in the same file)
/// compiles back to what Docker Compose makes of the same two files.
#[test]
fn several_files_merge_as_compose_merges_them() {
    let dir = crate::support::root().join("fixtures/import/multi");
    let work = crate::support::tempdir("import-multi");
    let files = [dir.join("compose.yaml"), dir.join("compose.override.yaml")];
    let toml_path = work.join("stack.toml");
    Test::new(&["import"])
        .arg("-f")
        .arg(&files[0])
        .arg("-f")
        .arg(&files[1])
        .out(&toml_path)
        .ok();
    let toml_text = std::fs::read_to_string(&toml_path).unwrap();
    let compose_path = work.join("compose.yaml");
    Test::new(&["compose"])
        .out(&compose_path)
        .file(&toml_path)
        .ok();
    let original = normalize(compose_config_many(&files, &dir));
    let round_trip = normalize(compose_config_many(&[compose_path], &dir));
    assert_eq!(
        first_difference(&original, &round_trip, ""),
        None,
        "{toml_text}"
    );
    // What the merge did, for a reader of the failure.
    let web = &round_trip["services"]["web"];
    assert_eq!(web["image"], "example/web:1.1");
    assert_eq!(web["environment"]["MODE"], "prod");
    assert_eq!(web["environment"]["LOG_LEVEL"], "info", "from extends");
    assert_eq!(web["ports"].as_array().unwrap().len(), 2, "ports append");
    assert!(round_trip["services"]["db"].is_object(), "from include");
    // One file alone, through the same path.
    let single = Test::new(&["import"]).arg(&files[0]).ok().stdout;
    assert!(single.contains("image = \"example/web:1.0\"") && !single.contains("redis"));
}

/// Includes and extends that loop, a service that extends nothing and a
/// missing file are refused, each clearly; a file from another directory
/// is read.
#[test]
fn include_and_extends_refusals() {
    let dir = crate::support::root().join("fixtures/import/multi");
    let stderr = Test::new(&["import"])
        .arg(dir.join("loop-a.yaml"))
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(
        stderr.contains("a loop: loop-a.yaml → loop-b.yaml → loop-a.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("╭─[loop-b.yaml:1:"), "{stderr}");
    let stderr = Test::new(&["import"])
        .arg(dir.join("extends-loop.yaml"))
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(stderr.contains("a loop"), "{stderr}");

    let tmp = crate::support::tempdir("import-refusals");
    let inner = tmp.join("inner");
    std::fs::create_dir_all(&inner).unwrap();
    crate::support::write(&tmp, "other.yaml", "services:\n  x:\n    image: x\n");
    let outside = crate::support::write(
        &inner,
        "compose.yaml",
        "include: [../other.yaml]\nservices:\n  a:\n    image: a\n",
    );
    // A file from another directory is read, its paths rebased
    // (`import_rules::included_and_extended_files_in_subdirectories`).
    let stdout = Test::new(&["import"]).arg(&outside).ok().stdout;
    assert!(stdout.contains("[services.x]"), "{stdout}");
    let nothing = crate::support::write(
        &tmp,
        "nothing.yaml",
        "services:\n  a:\n    extends: b\n    image: a\n",
    );
    let stderr = Test::new(&["import"])
        .arg(&nothing)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(stderr.contains("which is not defined there"), "{stderr}");
    let stderr = Test::new(&["import"])
        .arg("-f")
        .arg(dir.join("compose.yaml"))
        .arg("-f")
        .arg(tmp.join("missing.yaml"))
        .exits(2)
        .stderr;
    assert!(stderr.contains("missing.yaml"), "{stderr}");
}

/// Compose's variables in fields with a form, and `${VAR-default}` /
/// `${VAR?error}` (an empty value is a value): the imported stack compiles
/// to compose that Docker Compose reads as it reads the original, with the
/// variables unset, empty, and set.
/// The compose file `fixture` (relative to the repository) imported, and
/// compiled back to compose in `work`: the stack.toml text (also written as
/// `work/stack.toml`) and the compose file's path.
pub(crate) fn imported(fixture: &str, work: &Path) -> (String, PathBuf) {
    let toml = Test::new(&["import", fixture])
        .dir(&crate::support::root())
        .run();
    assert_eq!(toml.code, Some(0), "{}", toml.stderr);
    let toml_path = crate::support::write(work, "stack.toml", &toml.stdout);
    let compose_path = work.join("compose.yaml");
    Test::new(&["compose"])
        .out(&compose_path)
        .file(&toml_path)
        .ok();
    (toml.stdout, compose_path)
}

#[test]
fn variables_round_trip_unset_empty_and_set() {
    let compose = crate::support::compose_bin();
    let root = crate::support::root();
    let file = root.join("fixtures/import/variables.yaml");
    let dir = file.parent().unwrap();
    let work = crate::support::tempdir("import-variables");
    let (toml, compose_path) = imported("fixtures/import/variables.yaml", &work);
    assert!(toml.contains("keep_empty = true"), "{toml}");
    // Compose reads `${PWD}` from its environment: run from the project
    // directory, as its users do.
    let pwd = dir.display().to_string();
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .chain([("PWD".to_owned(), pwd.clone())])
            .collect()
    };
    for env in [
        owned(&[("API_TOKEN", "t")]),
        owned(&[("API_TOKEN", ""), ("VERSION", "v5"), ("LOG_LEVEL", "")]),
        owned(&[
            ("API_TOKEN", "x"),
            ("APP_MEMORY", "1g"),
            ("RESTART_POLICY", "always"),
            ("PROXY_NETWORK", "edge"),
            ("DATA_VOLUME", "shared-data"),
            ("IPV4_NETWORK", "10.7.3"),
            ("HEALTH_INTERVAL", "1m30s"),
        ]),
    ] {
        let original = compose_config(&compose, &file, dir, &env).unwrap();
        let round_trip = compose_config(&compose, &compose_path, dir, &env).unwrap();
        let (a, b) = (normalize(original), normalize(round_trip));
        assert_eq!(first_difference(&a, &b, ""), None, "with {env:?}");
    }
    // `${API_TOKEN?…}` stops both when unset, not when empty.
    assert!(compose_config(&compose, &file, dir, &[]).is_err());
    assert!(compose_config(&compose, &compose_path, dir, &[]).is_err());
}
