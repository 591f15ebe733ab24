//! Overlays, `stackc -f stack.toml -f prod.toml`: the files merged as
//! compose merges `-f compose.yaml -f compose.override.yaml` (checked
//! against the real Docker Compose on the same stack written both ways),
//! diagnostics in the file they belong to, and the usage errors.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Test, tempdir, write};

/// `fixtures/overlay/` copied into a fresh directory (with the bind
/// sources it mounts).
fn overlay_dir(name: &str) -> PathBuf {
    let dir = tempdir(name);
    let fixtures = crate::support::root().join("fixtures/overlay");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.join("conf")).unwrap();
    std::fs::create_dir_all(dir.join("prod-conf")).unwrap();
    dir
}

/// `docker-compose -f …FILES config --format json` in `dir`.
fn compose_config(dir: &Path, files: &[&str]) -> Value {
    let mut test = Test::program(&crate::support::compose_bin(), &[]);
    for file in files {
        test = test.args(&["-f", file]);
    }
    let ran = test
        .args(&["config", "--format", "json"])
        .dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent")
        .ok();
    serde_json::from_str(&ran.stdout).unwrap()
}

/// What stackc writes on purpose and compose's short syntax does not
/// (docs/import.md): a short bind creates a missing host path; a short
/// named volume has `volume: {}`.
fn normalize(mut config: Value) -> Value {
    let services = config["services"].as_object_mut().unwrap();
    for service in services.values_mut() {
        let Some(volumes) = service.get_mut("volumes").and_then(Value::as_array_mut) else {
            continue;
        };
        for volume in volumes {
            let volume = volume.as_object_mut().unwrap();
            volume.remove("bind");
            if volume.get("volume") == Some(&serde_json::json!({})) {
                volume.remove("volume");
            }
        }
    }
    config
}

/// The overlay changes an image, appends a port, replaces a mount by its
/// target, merges the environment and labels, replaces a command and
/// adds a service: exactly what Docker Compose makes of the same two
/// files written as compose files.
#[test]
fn merged_as_compose_merges() {
    let dir = overlay_dir("overlay-compose");
    Test::new(&["compose", "-f", "stack.toml", "-f", "prod.toml"])
        .args(&["-o", "stackc.yaml"])
        .dir(&dir)
        .ok();
    let ours = normalize(compose_config(&dir, &["stackc.yaml"]));
    let theirs = normalize(compose_config(
        &dir,
        &["compose.yaml", "compose.override.yaml"],
    ));
    assert_eq!(ours, theirs);

    // And field by field, so that a failure says what the rules are.
    let web = &ours["services"]["web"];
    assert_eq!(web["image"], "nginx:1.27", "a later scalar wins");
    let published: Vec<&str> = web["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["published"].as_str().unwrap())
        .collect();
    assert_eq!(published, ["8080", "8443"], "ports append");
    let volumes = web["volumes"].as_array().unwrap();
    assert_eq!(volumes.len(), 2, "{volumes:?}");
    assert_eq!(volumes[0]["target"], "/etc/nginx/conf.d");
    assert!(
        volumes[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("/prod-conf"),
        "a mount is replaced by the one with its target, in its place: {volumes:?}"
    );
    assert_eq!(volumes[1]["source"], "static");
    assert_eq!(web["environment"]["MODE"], "prod");
    assert_eq!(web["environment"]["WORKERS"], "2", "tables merge");
    let api = &ours["services"]["api"];
    assert_eq!(
        api["command"],
        serde_json::json!(["serve"]),
        "command replaces"
    );
    assert_eq!(api["labels"]["tier"], "backend");
    assert_eq!(api["labels"]["team"], "shop");
    assert_eq!(
        ours["services"]["cache"]["image"], "redis:7",
        "a new service"
    );

    // One file alone is the base stack.
    let base = Test::new(&["compose", "-f", "stack.toml"])
        .dir(&dir)
        .ok()
        .stdout;
    assert!(
        base.contains("nginx:1.25") && !base.contains("cache"),
        "{base}"
    );
}

/// A problem in the second file is shown in that file, at its line and
/// column; the base file is named when a diagnostic points there.
#[test]
fn diagnostics_name_the_file() {
    let dir = overlay_dir("overlay-diagnostics");
    write(
        &dir,
        "bad.toml",
        "# an overlay with mistakes\n\n[services.web]\nrestart = \"sometimes\"\nenvironment = [\"MODE=test\"]\n",
    );
    let ran = Test::new(&["check", "-f", "stack.toml", "-f", "bad.toml"])
        .dir(&dir)
        .env("NO_COLOR", "1")
        .exits(1);
    assert!(ran.stderr.contains("[bad.toml:4:11]"), "{}", ran.stderr);
    insta::assert_snapshot!("bad_value_in_second_file", ran.stderr);

    // A syntax error in any file, in that file.
    write(&dir, "broken.toml", "[services.web]\nimage = \"x\n");
    let ran = Test::new(&["check", "-f", "stack.toml", "-f", "broken.toml"])
        .dir(&dir)
        .env("NO_COLOR", "1")
        .exits(1);
    assert!(ran.stderr.contains("╭─[broken.toml:2:"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("╭─[stack.toml"), "{}", ran.stderr);
}

/// A missing second file is a usage error naming it; so is `-f` on both
/// sides of the command. A fragment needs no `[stack]`, the first file
/// does.
#[test]
fn usage() {
    let dir = overlay_dir("overlay-usage");
    let ran = Test::new(&["check", "-f", "stack.toml", "-f", "nowhere.toml"])
        .dir(&dir)
        .exits(2);
    assert!(ran.stderr.contains("nowhere.toml"), "{}", ran.stderr);
    Test::new(&["-f", "stack.toml", "check", "-f", "prod.toml"])
        .dir(&dir)
        .exits(2);
    let ran = Test::new(&["check", "-f", "stack.toml", "-f", "prod.toml"])
        .dir(&dir)
        .ok();
    assert!(
        ran.stderr
            .contains("stack.toml, prod.toml: ok (3 services, 0 networks, 1 volume"),
        "{}",
        ran.stderr
    );
    // Given before the command too.
    Test::new(&["-f", "stack.toml", "-f", "prod.toml", "check"])
        .dir(&dir)
        .ok();
    // The fragment alone has no `[stack]`.
    let ran = Test::new(&["check", "-f", "prod.toml"])
        .dir(&dir)
        .env("NO_COLOR", "1")
        .exits(1);
    assert!(ran.stderr.contains("[stack]"), "{}", ran.stderr);
}

/// `stackc generate` writes the `[outputs]` of the merged stack, from the
/// first file's directory; `--check` compares the same merged outputs.
#[test]
fn generate_merged_outputs() {
    let dir = overlay_dir("overlay-generate");
    let base = std::fs::read_to_string(dir.join("stack.toml")).unwrap();
    write(
        &dir,
        "stack.toml",
        &format!("{base}\n[outputs]\n\"compose.out.yaml\" = {{ target = \"compose\" }}\n"),
    );
    let args = ["generate", "-f", "stack.toml", "-f", "prod.toml"];
    Test::new(&args).dir(&dir).ok();
    let written = std::fs::read_to_string(dir.join("compose.out.yaml")).unwrap();
    assert!(written.contains("nginx:1.27") && written.contains("redis:7"));
    assert!(written.starts_with("# Generated by stackc from stack.toml + prod.toml."));
    Test::new(&args).arg("--check").dir(&dir).ok();
    // Without the overlay, the file is stale.
    Test::new(&["generate", "-f", "stack.toml", "--check"])
        .dir(&dir)
        .exits(1);
    // An output may not overwrite an overlay either.
    write(
        &dir,
        "stack.toml",
        &format!("{base}\n[outputs]\n\"prod.toml\" = {{ target = \"compose\" }}\n"),
    );
    let ran = Test::new(&args).dir(&dir).env("NO_COLOR", "1").exits(1);
    assert!(
        ran.stderr.contains("is an input of the stack"),
        "{}",
        ran.stderr
    );
}
