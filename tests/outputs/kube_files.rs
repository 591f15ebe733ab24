//! Secrets and configs on a cluster: a config's content reaches its
//! `ConfigMap` byte for byte, a secret's never reaches a manifest, and what
//! a pod cannot say is refused with a located error.

use std::path::Path;
use std::process::Command;

use crate::kube::{error_lines, kube, kube_refuses, validate};
use crate::support::{Test, tempdir, venv, write};

/// The text under `data.content` of a `ConfigMap` file, as a YAML reader
/// (`PyYAML`, in the venv) reads it.
fn config_map_content(file: &Path) -> String {
    let out = Command::new(venv().join("bin/python"))
        .args([
            "-c",
            "import sys, yaml; sys.stdout.write(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))['data']['content'])",
        ])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const STACK: &str = r#"[stack]
name = "files"

[params.API_TOKEN]
secret = true

[params.GREETING]
default = "hi"

[secrets.db_password]
file = "./db_password.txt"

[secrets.api_token]
param = "API_TOKEN"

[configs.app_conf]
file = "./app.conf"

[configs.inline]
content = "greeting=${GREETING} $$HOME"

[configs.blob]
file = "./blob.bin"

[services.app]
image = "busybox:1.36"
secrets = ["db_password", { source = "api_token", target = "token", mode = "0400" }]
configs = [{ source = "app_conf", target = "/etc/app.conf" }, "inline", "blob"]
"#;

#[test]
fn configs_reach_config_maps_byte_for_byte_and_secrets_stay_out() {
    let dir = tempdir("kube-files");
    let conf = "key = \"quoted\" 'single' $HOME $(not-expanded) `tick`\nünïcödé ☃\n\ttab\n";
    write(&dir, "app.conf", conf);
    write(&dir, "db_password.txt", "file-secret-value\n");
    std::fs::write(dir.join("blob.bin"), [0xff, 0xfe, 0x00]).unwrap();
    let stack = write(&dir, "stack.toml", STACK);
    let out_dir = dir.join("k8s");
    let ran = Test::new(&["kube"])
        .file(&stack)
        .args(&["-o", &format!("{}/", out_dir.display())])
        .env_clear()
        .env("API_TOKEN", "param-secret-value")
        .run();
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);

    let mut manifests = String::new();
    for entry in std::fs::read_dir(&out_dir).unwrap() {
        let path = entry.unwrap().path();
        validate(&path);
        manifests.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    for secret in ["file-secret-value", "param-secret-value"] {
        assert!(!manifests.contains(secret), "{manifests}");
    }
    assert_eq!(
        config_map_content(&out_dir.join("configmap-config-app-conf.yaml")),
        conf
    );
    assert_eq!(
        config_map_content(&out_dir.join("configmap-config-inline.yaml")),
        "greeting=hi $HOME"
    );
    // Bytes that are not UTF-8 go to `binaryData`, in base64.
    let blob = std::fs::read_to_string(out_dir.join("configmap-config-blob.yaml")).unwrap();
    assert!(blob.contains("binaryData:\n  content: //4A\n"), "{blob}");
    let app = std::fs::read_to_string(out_dir.join("deployment-app.yaml")).unwrap();
    // The file secret from `<stack>-secrets`, the parameter from
    // `<stack>-params`, each at compose's path with its mode.
    for expected in [
        "secretName: files-secrets",
        "secretName: files-params",
        "mountPath: /run/secrets/db_password",
        "subPath: db_password",
        "mountPath: /run/secrets/token",
        "subPath: API_TOKEN",
        "defaultMode: 256",
        "mountPath: /etc/app.conf",
        "mountPath: /inline",
    ] {
        assert!(app.contains(expected), "{expected} in:\n{app}");
    }

    // A changed file changes its ConfigMap (and so what the pod mounts).
    write(&dir, "app.conf", "changed\n");
    let again = kube(&stack, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(
        again.stdout.contains("content: |\n    changed\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn what_a_pod_cannot_hold_is_refused_where_it_is_written() {
    let dir = tempdir("kube-files-refused");
    std::fs::write(dir.join("large.bin"), vec![b'x'; 1_000_001]).unwrap();
    let stack = write(
        &dir,
        "stack.toml",
        r#"[stack]
name = "files"

[params.TOKEN]
secret = true

[configs.large]
file = "./large.bin"

[configs.leaky]
param = "TOKEN"

[configs.plain]
content = "x"

[services.app]
image = "busybox:1.36"
configs = ["large", "leaky", { source = "plain", uid = "1000" }]
"#,
    );
    let stderr = kube_refuses(&stack, &[]);
    assert_eq!(
        error_lines(&stderr),
        [
            "cannot make a ConfigMap of config `large` from `./large.bin`: it is larger than 1 MB",
            "config `leaky` of service `app` reads a secret parameter, which kube never writes into a manifest",
            "`configs` of service `app` has no Kubernetes counterpart",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("stack.toml:7:"), "{stderr}");
}
