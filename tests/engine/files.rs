//! Secrets and configs as files, on the engine (`fixtures/engine/files.toml`):
//! each lands at its path byte for byte, with its owner and mode; a secret
//! reaches no command line, no generated file and no container setting; a
//! changed content recreates the container, an unchanged one keeps it.

use std::path::Path;
use std::time::Duration;

use crate::Stack;
use crate::engine_support::{exec, inspect};

/// A secret parameter's value no shell, YAML or CSV reading leaves alone.
const TOKEN: &str = "tok'en \"$(id)\" `id` $HOME ,=\\ ü";

/// Where each file of the fixture lands, and where its content is read.
const HOST_FILES: &[(&str, &str)] = &[
    ("/run/secrets/db_password", "files/db_password.txt"),
    ("/empty", "files/empty.conf"),
    (
        "/opt/a-directory-whose-name-is-long-enough-to-need-the-ustar-prefix-field/and-another-one-to-pass-the-hundred-bytes/block.bin",
        "files/block.bin",
    ),
    ("/etc/odd.bin", "files/odd.bin"),
];

/// The sha256 of a host file, by the host's `sha256sum`.
fn sha256(path: &Path) -> String {
    let out = std::process::Command::new(crate::support::tool("sha256sum"))
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `docker` on PATH as a shim that logs each command line (NUL-separated
/// words, one command per line) to `log`, then runs the real docker.
fn logging_docker(dir: &Path, log: &Path) -> String {
    let real = crate::support::tool("docker");
    let shim = dir.join("shim");
    std::fs::create_dir_all(&shim).unwrap();
    std::fs::write(
        shim.join("docker"),
        format!(
            "#!/bin/bash\nprintf '%s\\0' \"$@\" >>'{}'\nprintf '\\n' >>'{}'\nexec '{}' \"$@\"\n",
            log.display(),
            log.display(),
            real.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(shim.join("docker"))
        .status()
        .unwrap();
    format!(
        "{}:{}",
        shim.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn secrets_and_configs_land_as_files_and_never_leave_the_pipe() {
    let stack = crate::stack_or_skip!("files", "files.toml");
    let up_sh = stack.compile("up");
    let log = stack.dir.join("docker.log");
    let path = logging_docker(&stack.dir, &log);
    let env = [("API_TOKEN", TOKEN), ("PATH", path.as_str())];
    let up = |env: &[(&str, &str)]| {
        stack.run("up", &[], env, Duration::from_secs(120)).ok();
        stack.container_ids()[&stack.container("app")].clone()
    };
    let first = up(&env);

    // Each file byte for byte, with its owner and mode.
    for (target, source) in HOST_FILES {
        let want = sha256(&stack.dir.join(source));
        let seen = exec(&first, &["sha256sum", target]);
        assert_eq!(
            seen.split_whitespace().next(),
            Some(want.as_str()),
            "{target}: the content of {source}"
        );
    }
    let stat = |path: &str| exec(&first, &["stat", "-c", "%u:%g:%a", path]);
    assert_eq!(stat("/run/secrets/db_password").trim(), "0:0:444");
    assert_eq!(stat("/run/secrets/token").trim(), "1000:1001:400");
    assert_eq!(stat("/etc/app/app.conf").trim(), "0:0:640");
    assert_eq!(exec(&first, &["cat", "/run/secrets/token"]), TOKEN);
    assert_eq!(
        exec(&first, &["cat", "/etc/app/app.conf"]),
        "greeting=hello\nliteral $HOME and ' \" `x`\n"
    );

    // The secrets reach no command line, no generated file and no setting
    // of the container.
    let secret_file = std::fs::read_to_string(stack.dir.join("files/db_password.txt")).unwrap();
    let commands = std::fs::read(&log).unwrap();
    assert!(
        String::from_utf8_lossy(&commands).contains("cp\0-\0"),
        "the files went in by `docker cp -`"
    );
    let settings = inspect(&[&first]).to_string();
    let script = std::fs::read_to_string(&up_sh).unwrap();
    for secret in [TOKEN, secret_file.trim_end()] {
        for (what, text) in [
            (
                "a docker command line",
                String::from_utf8_lossy(&commands).into_owned(),
            ),
            ("the container's settings", settings.clone()),
            ("up.sh", script.clone()),
        ] {
            assert!(!text.contains(secret), "{what} holds a secret: {secret:?}");
        }
    }

    // Run again: kept. Each change of content recreates it.
    assert_eq!(up(&env), first, "unchanged: kept");
    let plan = stack
        .run(
            "up",
            &["--plan"],
            &[("API_TOKEN", "rotated"), ("PATH", path.as_str())],
            Duration::from_secs(60),
        )
        .ok();
    assert!(
        plan.stdout.contains("changed: secrets"),
        "{}",
        plan.transcript()
    );
    let rotated = up(&[("API_TOKEN", "rotated"), ("PATH", path.as_str())]);
    assert_ne!(rotated, first, "a rotated secret parameter recreates it");
    assert_eq!(exec(&rotated, &["cat", "/run/secrets/token"]), "rotated");
    let env = [("API_TOKEN", "rotated"), ("PATH", path.as_str())];
    std::fs::write(stack.dir.join("files/db_password.txt"), "new password\n").unwrap();
    let new_secret = up(&env);
    assert_ne!(new_secret, rotated, "a changed secret file recreates it");
    assert_eq!(
        exec(&new_secret, &["cat", "/run/secrets/db_password"]),
        "new password\n"
    );
    std::fs::write(stack.dir.join("files/empty.conf"), "not empty").unwrap();
    let new_config = up(&env);
    assert_ne!(new_config, new_secret, "a changed config file recreates it");
    assert_eq!(exec(&new_config, &["cat", "/empty"]), "not empty");
    assert_eq!(up(&env), new_config, "and then keeps it");

    // A missing file stops the script before it changes anything.
    std::fs::remove_file(stack.dir.join("files/odd.bin")).unwrap();
    let run = stack.run("up", &[], &env, Duration::from_secs(60));
    assert_eq!(run.status.code(), Some(1), "{}", run.transcript());
    assert!(
        run.stderr.contains("configs.odd: cannot read the file"),
        "{}",
        run.transcript()
    );
    assert_eq!(
        stack.container_ids()[&stack.container("app")],
        new_config,
        "nothing changed"
    );
}
