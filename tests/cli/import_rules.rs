//! `stackc import` of the compose keys and forms that need a rule of their
//! own: each imported, compiled back with `stackc compose`, and compared
//! with what Docker Compose makes of the original (after the
//! normalizations of `import::normalize`, documented in docs/import.md).

use std::path::{Path, PathBuf};

use crate::import::{compose_config_many, first_difference, normalize};
use crate::support::Test;

/// The files of one case, written into a fresh directory `name`.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = crate::support::tempdir(name);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `stackc import -f FILE…` in `dir`: the stack.toml written there, its
/// text; then its compose output read back by Docker Compose equals the
/// originals' config.
fn round_trip(dir: &Path, files: &[&str]) -> String {
    let toml_path = dir.join("stack.toml");
    let mut test = Test::new(&["import"]).out(&toml_path).env("NO_COLOR", "1");
    for file in files {
        test = test.arg("-f").arg(dir.join(file));
    }
    test.ok();
    let toml_text = std::fs::read_to_string(&toml_path).unwrap();
    let compose_path = dir.join("stackc-compose.yaml");
    Test::new(&["compose"])
        .out(&compose_path)
        .file(&toml_path)
        .ok();
    let originals: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    let original = normalize(compose_config_many(&originals, dir));
    let back = normalize(compose_config_many(&[compose_path], dir));
    assert_eq!(first_difference(&original, &back, ""), None, "{toml_text}");
    toml_text
}

/// `develop` (compose watch) is left out with a comment; stack.toml itself
/// refuses it, saying why.
#[test]
fn develop_is_left_out_with_a_comment() {
    let dir = project(
        "import-develop",
        &[(
            "compose.yaml",
            "services:\n  web:\n    image: nginx\n    develop:\n      watch:\n        - action: sync\n          path: ./web\n          target: /srv\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(
        toml.contains("# stackc import: left out `services.web.develop`: `develop` configures `docker compose watch`"),
        "{toml}"
    );
    assert!(!toml.contains("watch ="), "{toml}");
    let stack = crate::support::write(
        &dir,
        "dev.toml",
        "[stack]\nname = \"dev\"\n[services.web]\nimage = \"nginx\"\ndevelop = { watch = [] }\n",
    );
    let stderr = Test::new(&["check"])
        .file(&stack)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(stderr.contains("changes nothing `up` runs"), "{stderr}");
    assert!(stderr.contains("dev.toml:5:1"), "{stderr}");
}

/// Compose's `!reset` (the inherited value removed) and `!override` (the
/// value replaces the inherited one instead of merging with it), in an
/// override file and under `extends`.
#[test]
fn reset_and_override_tags_merge_as_compose_merges_them() {
    let dir = project(
        "import-tags",
        &[
            (
                "compose.yaml",
                "services:\n  base:\n    image: busybox\n    ports: [\"8080:80\", \"8443:443\"]\n    environment: { A: \"1\", B: \"2\" }\n    command: [sleep, \"60\"]\n  web:\n    extends: base\n    ports: !reset []\n    environment: !override { C: \"3\" }\n  app:\n    image: busybox\n    labels: { tier: front }\n    dns: [1.1.1.1]\n",
            ),
            (
                "compose.override.yaml",
                "services:\n  app:\n    labels: !reset {}\n    dns: !override [8.8.8.8]\n    command: !reset\n  base:\n    environment: !reset\n",
            ),
        ],
    );
    let toml = round_trip(&dir, &["compose.yaml", "compose.override.yaml"]);
    let web = toml.split("[services.web]").nth(1).unwrap();
    assert!(!web.contains("ports"), "{toml}");
    assert!(
        web.contains("C = \"3\"") && !web.contains("A = \"1\""),
        "{toml}"
    );
    assert!(toml.contains("dns = [\"8.8.8.8\"]"), "{toml}");
    assert!(!toml.contains("tier"), "{toml}");
}

/// An included file and an extended one in subdirectories: their relative
/// paths (build context, env file, bind sources, secret files, the files
/// they extend) resolve against their own directory, as in compose, and
/// are written relative to the stack.toml's.
#[test]
fn included_and_extended_files_in_subdirectories() {
    let dir = project(
        "import-subdirs",
        &[
            (
                "compose.yaml",
                "include:\n  - path: parts/db.yaml\nservices:\n  web:\n    extends:\n      file: parts/web/base.yaml\n      service: web\n    ports: [\"8080:80\"]\n",
            ),
            (
                "parts/db.yaml",
                "services:\n  db:\n    image: postgres:16\n    env_file: db.env\n    volumes:\n      - ./data:/var/lib/postgresql/data\n      - type: bind\n        source: ../init\n        target: /docker-entrypoint-initdb.d\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n",
            ),
            ("parts/db.env", "POSTGRES_DB=shop\n"),
            ("parts/pw.txt", "secret\n"),
            (
                "parts/web/base.yaml",
                "services:\n  web:\n    extends:\n      file: ../common.yaml\n      service: app\n    build:\n      context: ./app\n      dockerfile: web.Dockerfile\n    volumes:\n      - ./static:/srv:ro\n",
            ),
            ("parts/web/app/web.Dockerfile", "FROM nginx:1.27\n"),
            (
                "parts/common.yaml",
                "services:\n  app:\n    image: shop/web\n    env_file: [db.env]\n",
            ),
        ],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    for path in [
        "./parts/db.env",
        "./parts/data:/var/lib/postgresql/data",
        "source = \"./init\"",
        "./parts/pw.txt",
        "context = \"./parts/web/app\"",
        "dockerfile = \"web.Dockerfile\"",
        "./parts/web/static:/srv:ro",
    ] {
        assert!(toml.contains(path), "{path} in\n{toml}");
    }
    // A path that starts with a variable is absolute, as in stack.toml.
    crate::support::write(
        &dir.join("parts"),
        "var.yaml",
        "services:\n  x:\n    image: x\n    volumes: [\"${DATA}/x:/x\"]\n",
    );
    let var = crate::support::write(&dir, "var.yaml", "include: [parts/var.yaml]\n");
    let stdout = Test::new(&["import"]).arg(&var).ok().stdout;
    assert!(stdout.contains("source = \"${DATA}/x\""), "{stdout}");
}

/// A short-syntax mount whose source is a variable with a default holding
/// `:` and `/`: the `${…}` is one field.
#[test]
fn a_mount_source_with_a_default_is_one_field() {
    let dir = project(
        "import-mount-default",
        &[(
            "compose.yaml",
            "services:\n  foo:\n    image: bash\n    volumes:\n      - ${SOURCE:-/dev/null}:/tmp/foo:ro\n      - ${CONF:-./conf}:/etc/app\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains("source = \"${SOURCE}\""), "{toml}");
    assert!(toml.contains("default = \"/dev/null\""), "{toml}");
}

/// A service named with a `.` and a volume and a network named with
/// capitals, as compose and docker allow them.
#[test]
fn dotted_service_and_capitalised_resource_names() {
    let dir = project(
        "import-names",
        &[(
            "compose.yaml",
            "services:\n  web.v2:\n    image: nginx\n    volumes: [staticVol:/srv]\n    networks: [frontNet]\n  client:\n    image: busybox\n    depends_on: [web.v2]\nvolumes:\n  staticVol: {}\nnetworks:\n  frontNet: {}\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains("[services.\"web.v2\"]"), "{toml}");
    assert!(toml.contains("\"staticVol:/srv\""), "{toml}");
}

/// GPUs as compose asks for them, under `gpus` and under
/// `deploy.resources.reservations.devices`, import as `gpus` and come back
/// as the same requests; one without the `gpu` capability has no docker
/// flag, and is refused.
#[test]
fn gpu_requests_round_trip() {
    let dir = project(
        "import-gpus",
        &[(
            "compose.yaml",
            "services:\n  all:\n    image: x\n    gpus: all\n  given:\n    image: x\n    gpus:\n      - driver: nvidia\n        device_ids: [\"0\", \"2\"]\n        capabilities: [gpu, utility]\n        options: {visible: \"a,b\"}\n  ollama:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          memory: 1g\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains("gpus = \"all\""), "{toml}");
    assert!(
        toml.contains(r#"gpus = [{ driver = "nvidia", count = 1, capabilities = ["gpu"] }]"#),
        "{toml}"
    );
    let tpu = crate::support::write(
        &dir,
        "tpu.yaml",
        "services:\n  t:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [tpu]\n",
    );
    let stderr = Test::new(&["import"])
        .arg(&tpu)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(
        stderr.contains("always asks for the `gpu` capability"),
        "{stderr}"
    );
}

/// A Windows host path (long syntax) reaches docker as written, as compose
/// passes it (for Docker Desktop on Windows): not joined to the project
/// directory, by any output.
#[test]
fn a_windows_host_path_is_kept_as_written() {
    let dir = project(
        "import-windows-path",
        &[(
            "compose.yaml",
            "services:\n  test:\n    image: x\n    volumes:\n      - type: bind\n        source: C:\\docker\\project\n        target: /test\n      - type: bind\n        source: D:/data\n        target: /data\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains(r#"source = "C:\\docker\\project""#), "{toml}");
    let stack = crate::support::write(&dir, "stack.toml", &toml);
    let argv = Test::new(&["argv"]).file(&stack).ok().stdout;
    assert!(
        argv.contains(r#""--mount=type=bind,source=C:\\docker\\project,target=/test""#)
            && argv.contains(r#""--mount=type=bind,source=D:/data,target=/data""#),
        "{argv}"
    );
}

/// `build.ssh` as a list or compose's mapping becomes stack.toml's list;
/// `default` round-trips (Docker Compose cannot write an `ID=PATH` entry
/// as JSON, so that form is checked in tests/outputs/compose.rs).
#[test]
fn build_ssh_imports_as_a_list() {
    let dir = project(
        "import-ssh",
        &[
            (
                "compose.yaml",
                "services:\n  a:\n    image: a:1\n    build:\n      context: .\n      ssh: [default]\n",
            ),
            (
                "keys.yaml",
                "services:\n  a:\n    image: a:1\n    build:\n      context: .\n      ssh:\n        - default\n        - deploy=./k\n  b:\n    image: b:1\n    build:\n      context: .\n      ssh:\n        x: /abs/key\n",
            ),
        ],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains(r#"ssh = ["default"]"#), "{toml}");
    let keys = Test::new(&["import"])
        .arg(dir.join("keys.yaml"))
        .env("NO_COLOR", "1")
        .ok()
        .stdout;
    assert!(
        keys.contains(r#"ssh = ["default", "deploy=./k"]"#),
        "{keys}"
    );
    assert!(keys.contains(r#"ssh = ["x=/abs/key"]"#), "{keys}");
}

/// `env_file` entries with `required: false` are carried over as
/// `{ path, required = false }` (the file may be missing); `required:
/// true` is the plain path; a later file's entry replaces the earlier one
/// of its path, as compose merges them. Docker Compose reads the compiled
/// stack back the same.
#[test]
fn optional_env_files_round_trip() {
    let dir = project(
        "import-env-file-required",
        &[
            (
                "compose.yaml",
                "services:\n  web:\n    image: nginx\n    env_file:\n      - app.env\n      - path: local.env\n        required: true\n      - path: missing.env\n        required: false\n",
            ),
            (
                "compose.override.yaml",
                "services:\n  web:\n    env_file:\n      - path: local.env\n        required: false\n",
            ),
            ("app.env", "A=1\n"),
            ("local.env", "B=2\n"),
        ],
    );
    let toml = round_trip(&dir, &["compose.yaml", "compose.override.yaml"]);
    assert!(
        toml.contains(
            "env_file = [\n  \"app.env\",\n  { path = \"local.env\", required = false },\n  { path = \"missing.env\", required = false },\n]\n"
        ),
        "{toml}"
    );
    Test::new(&["check"]).file(&dir.join("stack.toml")).ok();
}

/// `blkio_config` imports as it is and comes back as the same limits
/// (compose reads `10mb` and `1k` as stackc does); a device outside
/// `/dev/` is refused, as docker refuses it.
#[test]
fn blkio_config_round_trips() {
    let dir = project(
        "import-blkio",
        &[(
            "compose.yaml",
            "services:\n  db:\n    image: x\n    blkio_config:\n      weight: 300\n      weight_device:\n        - {path: /dev/sda, weight: 400}\n      device_read_bps:\n        - {path: /dev/sda, rate: 10mb}\n      device_write_bps:\n        - {path: /dev/sda, rate: 1048576}\n      device_read_iops:\n        - {path: /dev/sda, rate: 1k}\n      device_write_iops:\n        - {path: /dev/sda, rate: \"200\"}\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    assert!(toml.contains("[services.db.blkio_config]"), "{toml}");
    assert!(
        toml.contains(r#"device_read_bps = [{ path = "/dev/sda", rate = "10mb" }]"#),
        "{toml}"
    );
    assert!(
        toml.contains(r#"device_read_iops = [{ path = "/dev/sda", rate = 1024 }]"#),
        "{toml}"
    );
    let relative = crate::support::write(
        &dir,
        "relative.yaml",
        "services:\n  t:\n    image: x\n    blkio_config:\n      device_read_iops: [{path: sda, rate: 1}]\n",
    );
    let stderr = Test::new(&["import"])
        .arg(&relative)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(stderr.contains("under `/dev/`"), "{stderr}");
}

/// Switches and a stop grace period that variables complete, as compose
/// files write them, stay parameters (the script reads each value as
/// compose does); a string compose reads as a boolean (`"yes"`) is one.
#[test]
fn switches_and_grace_periods_keep_their_variables() {
    let dir = project(
        "import-switches",
        &[(
            "compose.yaml",
            "services:\n  db:\n    image: postgres\n    init: ${USE_INIT:-false}\n    read_only: \"yes\"\n    privileged: \"off\"\n    stop_grace_period: ${STOP_GRACE:-1m30s}\n    tty: ${DEBUG:-no}\n",
        )],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    for line in [
        "init = \"${USE_INIT}\"",
        "read_only = true",
        "stop_grace_period = \"${STOP_GRACE}\"",
        "tty = \"${DEBUG}\"",
    ] {
        assert!(toml.contains(line), "{line}: {toml}");
    }
    assert!(!toml.contains("privileged"), "{toml}");
}

/// Variables where compose interpolates them and stackc now takes them: a
/// long-syntax port (written as the short syntax, which takes
/// parameters), a build's `target` and `network`, a healthcheck's
/// `retries`; and where it does not, the refusal says why.
#[test]
fn variables_in_ports_builds_and_retries_round_trip() {
    let dir = project(
        "import-more-variables",
        &[
            (
                "compose.yaml",
                "services:\n  web:\n    image: app:1\n    build:\n      context: .\n      target: ${STAGE:-prod}\n      network: ${BUILD_NET:-host}\n    ports:\n      - target: 80\n        published: ${HTTP_PORT:-8080}\n        host_ip: 127.0.0.1\n      - target: 443\n        published: \"8443\"\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      retries: ${RETRIES:-5}\n",
            ),
            ("Dockerfile", "FROM scratch AS prod\n"),
        ],
    );
    let toml = round_trip(&dir, &["compose.yaml"]);
    for line in [
        "\"127.0.0.1:${HTTP_PORT}:80\"",
        "target = \"${STAGE}\"",
        "network = \"${BUILD_NET}\"",
        "retries = \"${RETRIES}\"",
    ] {
        assert!(toml.contains(line), "{line}: {toml}");
    }
    let named = crate::support::write(
        &dir,
        "named.yaml",
        "services:\n  web:\n    image: x\n    container_name: ${PREFIX:-app}-web\n",
    );
    let stderr = Test::new(&["import"])
        .arg(&named)
        .env("NO_COLOR", "1")
        .exits(1)
        .stderr;
    assert!(
        stderr.contains("keep or replace the container by this name"),
        "{stderr}"
    );
}
