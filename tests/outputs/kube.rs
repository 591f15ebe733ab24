//! The Kubernetes backend: every fixture either compiles to manifests that
//! validate offline against the Kubernetes schemas (`kubernetes-validate`,
//! strict, for the version in
//! `stackc_backends::kube::KUBERNETES_VERSION`) or fails with one clear
//! error per key that has no counterpart; snapshots of both.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Ran, Test, run_ok, stackc, stdout, tempdir, venv};
use stackc_backends::kube::KUBERNETES_VERSION;

/// Every fixture the backend is run on: the whole valid set and the
/// kube-only stacks.
fn all_fixtures() -> Vec<PathBuf> {
    let mut out = crate::support::fixtures("valid");
    out.extend(crate::support::fixtures("kube"));
    out
}

/// What each fixture gives without flags: `None` when it compiles, else the
/// keys each error names (in order). A new fixture must be added here.
fn expected_errors(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "minimal" | "cluster" | "published-replicas" | "files" | "param-switches" => None,
        "build" => Some(&["`build` of service `api` has no Kubernetes counterpart"]),
        "build-always" => Some(&["`build` of service `app` has no Kubernetes counterpart"]),
        "buildkit" => Some(&[
            "`images.tools` of the stack has no Kubernetes counterpart",
            "`platform` of service `api` has no Kubernetes counterpart",
            "`build` of service `api` has no Kubernetes counterpart",
        ]),
        "webapp" => Some(&[
            "bind mount `./proxy/nginx.conf:/etc/nginx/nginx.conf` of service `proxy` has no meaning on a cluster",
        ]),
        "quoting" => Some(&[
            "`stop_signal` of service `tricky` has no Kubernetes counterpart",
            "bind mount `./dir, with \"commas\":/mnt/odd` of service `tricky` has no meaning on a cluster",
            "bind mount `${DATA_DIR}/cache:/cache` of service `tricky` has no meaning on a cluster",
        ]),
        // Host ports per replica and shared mounts: no pod template says it.
        "variants" => Some(&[
            "`ports` of service `web` has no Kubernetes counterpart",
            "`volumes_from` of service `web` has no Kubernetes counterpart",
            "`volumes_from` of service `app` has no Kubernetes counterpart",
            "`links` of service `app` has no Kubernetes counterpart",
            "`pre_stop` of service `app` has no Kubernetes counterpart",
        ]),
        // A cluster has no step that runs when a claim is bound.
        "volume-init" => Some(&[
            "`owner` of volume `pgdata` has no Kubernetes counterpart",
            "`mode` of volume `pgdata` has no Kubernetes counterpart",
            "`mode` of volume `cache` has no Kubernetes counterpart",
        ]),
        // Built images, a stop signal, commands run in a started container:
        // the single-host features of issue 5 (a cluster pulls its images).
        "shop" => Some(&[
            "`owner` of volume `dbdata` has no Kubernetes counterpart",
            "`mode` of volume `dbdata` has no Kubernetes counterpart",
            "`images.base` of the stack has no Kubernetes counterpart",
            "`images.app` of the stack has no Kubernetes counterpart",
            "`stop_signal` of service `db` has no Kubernetes counterpart",
            "`exec` of service `app` has no Kubernetes counterpart",
            "`stop_signal` of service `app` has no Kubernetes counterpart",
            "`stop_signal` of service `proxy` has no Kubernetes counterpart",
            "bind mount `./shop/proxy:/srv/proxy` of service `proxy` has no meaning on a cluster",
        ]),
        // A Kubernetes name is one lowercase DNS label.
        "capitals" => Some(&[
            "the name of service `serviceA` is not a valid Kubernetes Service name",
            "the name of service `Builder` is not a valid Kubernetes Service name",
            "`build` of service `Builder` has no Kubernetes counterpart",
        ]),
        // The engine's own knobs; a variable of the deployer's environment.
        "engine-options" => Some(&[
            "`pids_limit` of service `api` has no Kubernetes counterpart",
            "`oom_score_adj` of service `api` has no Kubernetes counterpart",
            "`dns` of service `api` has no Kubernetes counterpart",
            "`dns_search` of service `api` has no Kubernetes counterpart",
            "`security_opt` of service `api` has no Kubernetes counterpart",
            "`expose` of service `api` has no Kubernetes counterpart",
            "`tmpfs` of service `api` has no Kubernetes counterpart",
            "`sysctls` of service `api` has no Kubernetes counterpart",
            "`ulimits` of service `api` has no Kubernetes counterpart",
            "`environment` of service `api` has no Kubernetes counterpart",
            "`logging` of service `api` has no Kubernetes counterpart",
            "`blkio_config` of service `api` has no Kubernetes counterpart",
        ]),
        // Pods share the cluster's network: no external one.
        "external-param-names" => {
            Some(&["`external` of network `proxy` has no Kubernetes counterpart"])
        }
        // Read by docker from the host, required or not.
        "env-files" => Some(&["`env_file` of service `web` has no Kubernetes counterpart"]),
        // A pod has one address on the cluster's network, and no
        // `host-gateway`.
        "param-addresses" => Some(&[
            "`ipam` of network `mailcow` has no Kubernetes counterpart",
            "`networks` of service `unbound` has no Kubernetes counterpart",
            "`dns` of service `web` has no Kubernetes counterpart",
            "`networks` of service `web` has no Kubernetes counterpart",
            "`extra_hosts` of service `web` has no Kubernetes counterpart",
        ]),
        other => panic!("fixture `{other}` has no expected outcome in tests/outputs/kube.rs"),
    }
}

/// `kubernetes-validate --strict` on a file; panics with its report.
pub(crate) fn validate(file: &Path) {
    let bin = venv().join("bin/kubernetes-validate");
    assert!(
        bin.is_file(),
        "kubernetes-validate is not installed in the venv; run `bash scripts/tools.sh`"
    );
    let out = Command::new(&bin)
        .args(["--kubernetes-version", KUBERNETES_VERSION, "--strict"])
        .arg(file)
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !report.contains("ERROR") && report.contains("passed"),
        "{} does not validate against Kubernetes {KUBERNETES_VERSION}:\n{report}\n---\n{}",
        file.display(),
        std::fs::read_to_string(file).unwrap()
    );
}

/// Run `stackc kube` with a clean environment.
pub(crate) fn kube(fixture: &Path, args: &[&str]) -> Ran {
    Test::new(&["kube"])
        .file(fixture)
        .args(args)
        .env_clear()
        .run()
}

/// `stackc kube` on a stack it must refuse (exit 1): its report.
pub(crate) fn kube_refuses(fixture: &Path, args: &[&str]) -> String {
    let ran = kube(fixture, args);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    ran.stderr
}

/// The `×` lines of a report, without the box drawing.
pub(crate) fn error_lines(stderr: &str) -> Vec<String> {
    // miette wraps long messages: join each error's lines up to its box.
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in stderr.lines() {
        let trimmed = line.trim().trim_start_matches('│').trim_start();
        if let Some(rest) = trimmed.strip_prefix("× ") {
            if let Some(done) = current.take() {
                out.push(done);
            }
            current = Some(rest.to_owned());
        } else if let Some(text) = current.as_mut() {
            if trimmed.is_empty() || trimmed.starts_with('╭') || trimmed.starts_with("help") {
                out.push(current.take().unwrap());
            } else {
                text.push(' ');
                text.push_str(trimmed);
            }
        }
    }
    out.extend(current);
    out
}

#[test]
fn every_fixture_validates_or_fails_with_one_error_per_unsupported_key() {
    let dir = tempdir("kube");
    for fixture in all_fixtures() {
        let name = fixture.file_stem().unwrap().to_str().unwrap();
        let file = dir.join(format!("{name}.yaml"));
        let out = kube(&fixture, &["-o", file.to_str().unwrap()]);
        let stderr = out.stderr;
        match expected_errors(name) {
            None => {
                assert_eq!(out.code, Some(0), "{name}: stackc kube failed:\n{stderr}");
                validate(&file);
            }
            Some(expected) => {
                assert_eq!(out.code, Some(1), "{name}: exits 1:\n{stderr}");
                assert!(!file.exists(), "{name}: nothing is written on error");
                assert_eq!(error_lines(&stderr), expected, "{name}:\n{stderr}");
                assert_eq!(
                    stderr.matches("help:").count(),
                    expected.len(),
                    "{name}: a help line per error:\n{stderr}"
                );
            }
        }
    }
}

#[test]
fn bind_mounts_mapped_on_request_validate() {
    let dir = tempdir("kube-bind");
    let webapp = crate::support::root().join("fixtures/valid/webapp.toml");
    for (flag, extra) in [
        ("config-map", &[][..]),
        ("host-path", &["--project-dir", "/srv/stack"][..]),
    ] {
        let file = dir.join(format!("webapp-{flag}.yaml"));
        let mut args = vec!["--bind-as", flag, "-o", file.to_str().unwrap()];
        args.extend(extra);
        let out = kube(&webapp, &args);
        assert_eq!(out.code, Some(0), "{flag}: {}", out.stderr);
        validate(&file);
    }
    let text = std::fs::read_to_string(dir.join("webapp-host-path.yaml")).unwrap();
    assert!(text.contains("path: /srv/stack/proxy/nginx.conf"), "{text}");
    let text = std::fs::read_to_string(dir.join("webapp-config-map.yaml")).unwrap();
    assert!(text.contains("proxy_pass http://app:8000;"), "{text}");

    // quoting.toml: its bind mounts map with host-path and a value for
    // DATA_DIR; `stop_signal` still has no counterpart.
    let quoting = crate::support::root().join("fixtures/valid/quoting.toml");
    let stderr = kube_refuses(
        &quoting,
        &["--bind-as", "host-path", "--set", "DATA_DIR=/data"],
    );
    assert_eq!(
        error_lines(&stderr),
        ["`stop_signal` of service `tricky` has no Kubernetes counterpart"],
        "{stderr}"
    );

    // A writable bind mount cannot be a ConfigMap.
    let stack = crate::support::write(
        &dir,
        "rw.toml",
        "[stack]\nname = \"rw\"\n[services.a]\nimage = \"busybox\"\nvolumes = [\"./rw.toml:/etc/x\"]\n",
    );
    let stderr = kube_refuses(&stack, &["--bind-as", "config-map"]);
    assert!(
        stderr.contains("is writable, but a ConfigMap is read-only"),
        "{stderr}"
    );
}

#[test]
fn volume_settings_from_flags_validate() {
    let dir = tempdir("kube-volumes");
    let file = dir.join("cluster.yaml");
    let fixture = crate::support::root().join("fixtures/kube/cluster.toml");
    Test::new(&[
        "kube",
        "--storage-class",
        "fast-ssd",
        "--volume-size",
        "20Gi",
    ])
    .file(&fixture)
    .out(&file)
    .ok();
    validate(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("storageClassName: fast-ssd"), "{text}");
    assert!(text.contains("storage: 20Gi"), "{text}");
}

#[test]
fn secrets_never_reach_the_manifests_and_params_resolve_at_compile_time() {
    let webapp = crate::support::root().join("fixtures/valid/webapp.toml");
    let out = run_ok(
        stackc(&[
            "-f",
            webapp.to_str().unwrap(),
            "kube",
            "--bind-as",
            "config-map",
            "--set",
            "APP_TAG=9.9.9",
        ])
        .env_clear()
        .env("DB_PASSWORD", "hunter2-secret")
        .env("LOG_LEVEL", "debug"),
    );
    let text = stdout(&out);
    assert!(!text.contains("hunter2"), "{text}");
    assert!(
        text.contains("image: registry.example.com/app:9.9.9"),
        "{text}"
    );
    assert!(text.contains("value: debug"), "{text}");
    assert!(text.contains("name: webapp-params"), "{text}");
    assert!(text.contains("key: DB_PASSWORD"), "{text}");

    // A given value outside the parameter's choices is refused, as by argv.
    let stderr = kube_refuses(
        &webapp,
        &["--bind-as", "config-map", "--set", "LOG_LEVEL=loud"],
    );
    assert_eq!(
        error_lines(&stderr),
        ["parameter `LOG_LEVEL`: `loud` is not one of its choices"],
        "{stderr}"
    );

    // A required parameter without a value is an error naming it.
    let dir = tempdir("kube-params");
    let stack = crate::support::write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"p\"\n[params.TAG]\n[services.a]\nimage = \"busybox:${TAG}\"\n",
    );
    let stderr = kube_refuses(&stack, &[]);
    assert!(
        stderr.contains("parameter `TAG` has no value and no default"),
        "{stderr}"
    );
}

/// `extra_hosts` addresses parameters complete become host aliases with
/// the values kube fixes; one that is then no address is refused.
#[test]
fn extra_hosts_resolve_into_host_aliases() {
    let dir = tempdir("kube-hosts");
    let stack = crate::support::write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"h\"\n[params.DB_IP]\n[services.a]\nimage = \"busybox\"\n\
         extra_hosts = { \"db.local\" = \"${DB_IP:-10.0.0.5}\", \"cache.local\" = \"${DB_IP}\" }\n",
    );
    let text = stdout(&run_ok(&mut stackc(&[
        "-f",
        stack.to_str().unwrap(),
        "kube",
        "--set",
        "DB_IP=10.1.2.3",
    ])));
    assert!(
        text.contains("hostAliases:\n        - ip: \"10.1.2.3\"\n          hostnames:\n            - db.local\n            - cache.local\n"),
        "{text}"
    );
    let stderr = kube_refuses(&stack, &["--set", "DB_IP=db.example"]);
    assert!(
        stderr.contains("stackc::resolved-value")
            && stderr.contains("services.a.extra_hosts.\"db.local\" is `db.example`"),
        "{stderr}"
    );
}

#[test]
fn directory_output_holds_the_same_documents() {
    let dir = tempdir("kube-dir");
    let fixture = crate::support::root().join("fixtures/kube/cluster.toml");
    let single = stdout(&run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "kube",
    ])));
    let out_dir = dir.join("k8s");
    let arg = format!("{}/", out_dir.display());
    run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "kube",
        "-o",
        &arg,
    ]));
    let header = single.lines().next().unwrap();
    let body = single.split_once('\n').unwrap().1;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("deployment-web.yaml")));
    assert!(files.iter().any(|f| f.ends_with("job-seed.yaml")));
    let mut docs: Vec<String> = body.split("---\n").map(str::to_owned).collect();
    for file in &files {
        validate(file);
        let text = std::fs::read_to_string(file).unwrap();
        let (first, doc) = text.split_once('\n').unwrap();
        assert_eq!(first, header);
        let at = docs
            .iter()
            .position(|d| d == doc)
            .unwrap_or_else(|| panic!("{} is not a document of the single file", file.display()));
        docs.remove(at);
    }
    assert!(docs.is_empty(), "documents without a file: {docs:?}");
    // --check on the directory: up to date.
    run_ok(&mut stackc(&[
        "-f",
        fixture.to_str().unwrap(),
        "kube",
        "-o",
        &arg,
        "--check",
    ]));
}

#[test]
fn output_is_deterministic() {
    let fixture = crate::support::root().join("fixtures/kube/cluster.toml");
    let a = kube(&fixture, &[]);
    let b = kube(&fixture, &[]);
    assert_eq!(a.code, Some(0), "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn snapshots() {
    insta::glob!("../../fixtures", "{valid,kube}/*.toml", |path| {
        let mut out = String::new();
        for (title, args) in [
            ("Kube", &[][..]),
            (
                "Kube --bind-as host-path",
                &["--bind-as", "host-path", "--project-dir", "/srv/stack"][..],
            ),
        ] {
            let output = kube(path, args);
            writeln!(out, "## {title}\n").unwrap();
            if output.code == Some(0) {
                out.push_str(&output.stdout);
            } else {
                writeln!(out, "exit {:?}", output.code).unwrap();
                for line in error_lines(&output.stderr) {
                    writeln!(out, "error: {line}").unwrap();
                }
            }
            out.push('\n');
        }
        insta::assert_snapshot!(out);
    });
}

/// Every key of `stackc_ir::flags::FLAGS` (all set in
/// fixtures/engine/flags.toml) is refused with a located error when its
/// mapping says so, and otherwise sets its field in a valid manifest.
#[test]
fn every_flag_key_sets_its_field_or_is_refused() {
    use stackc_ir::flags::{FLAGS, KubeMapping};
    let dir = tempdir("kube-flags");
    let original = std::fs::read_to_string(crate::support::root().join("fixtures/engine/flags.toml"))
            .unwrap()
            // A cluster pulls: the local test image cannot be `never` pulled.
            .replace("pull = \"never\"\n", "")
            .lines()
            // Not a key of FLAGS (refused by its own test).
            .filter(|line| !line.starts_with("logging ="))
            .flat_map(|line| [line, "\n"])
            .collect::<String>()
        // The keys that cannot go with these on one engine go on one pod
        // (and those that need a recent engine or another storage driver).
        + &["flags-created.toml", "startinterval.toml", "storageopt.toml"]
            .iter()
            .map(|f| {
                std::fs::read_to_string(crate::support::root().join("fixtures/engine").join(f))
                    .unwrap()
            })
            .collect::<String>()
        .lines()
        .filter(|line| {
            FLAGS
                .iter()
                .any(|flag| line.starts_with(&format!("{} =", flag.key)))
        })
        .flat_map(|line| [line, "\n"])
        .collect::<String>();
    let file = dir.join("stack.toml");
    std::fs::write(&file, &original).unwrap();
    let stderr = kube_refuses(&file, &[]);
    let refused: Vec<String> = FLAGS
        .iter()
        .filter(|flag| matches!(flag.kube, KubeMapping::Refuse(_)))
        .map(|flag| {
            format!(
                "`{}` of service `all` has no Kubernetes counterpart",
                flag.key
            )
        })
        .collect();
    assert_eq!(error_lines(&stderr), refused, "{stderr}");

    // Without the refused keys, each other key sets its field.
    let mut kept = String::new();
    for line in original.lines() {
        let refused = FLAGS.iter().any(|flag| {
            matches!(flag.kube, KubeMapping::Refuse(_))
                && line.starts_with(&format!("{} =", flag.key))
        });
        if !refused {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    std::fs::write(&file, kept).unwrap();
    let manifest = dir.join("all.yaml");
    Test::new(&["kube"]).file(&file).out(&manifest).ok();
    validate(&manifest);
    let text = std::fs::read_to_string(&manifest).unwrap();
    for flag in FLAGS {
        if let KubeMapping::Field(field) = flag.kube {
            let last = field.path().rsplit('.').next().unwrap();
            assert!(
                text.contains(&format!("{last}:")),
                "`{}` does not set {} in\n{text}",
                flag.key,
                field.path()
            );
        }
    }
}

/// `update` is a `RollingUpdate` strategy (`cluster.toml`'s worker); on pods
/// that mount a claim, which a Deployment recreates, it is refused at its
/// place.
#[test]
fn update_is_a_rolling_strategy_or_refused_with_a_claim() {
    let fixture = crate::support::root().join("fixtures/kube/cluster.toml");
    let ran = kube(&fixture, &[]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let worker = ran
        .stdout
        .split("\n---\n")
        .find(|doc| doc.contains("kind: Deployment") && doc.contains("name: worker"))
        .unwrap();
    assert!(
        worker.contains("strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 2\n      maxUnavailable: 0\n")
            && worker.contains("minReadySeconds: 10\n"),
        "{worker}"
    );
    let dir = tempdir("kube-update");
    let stack = crate::support::write(
        &dir,
        "claim.toml",
        "[stack]\nname = \"claim\"\n[volumes.data]\n[services.db]\nimage = \"busybox\"\nvolumes = [\"data:/data\"]\nupdate = { parallelism = 1 }\n",
    );
    let stderr = kube_refuses(&stack, &[]);
    assert_eq!(
        error_lines(&stderr),
        ["`update` of service `db` has no Kubernetes counterpart"],
        "{stderr}"
    );
    assert!(stderr.contains("claim.toml:7:10"), "{stderr}");
}
