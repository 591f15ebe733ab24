//! Every generated script parses (`bash -n`) and is clean under shellcheck,
//! at every severity.

use std::path::{Path, PathBuf};

use crate::support::{Test, shellcheck, stack_in, tempdir, tool, write};

const ACTIONS: [&str; 12] = [
    "up", "down", "create", "start", "stop", "restart", "pull", "build", "ps", "purge", "backup",
    "restore",
];

/// fixtures/valid/webapp.toml compiled to `up.sh` in a fresh directory
/// `name`: the directory and the script.
fn webapp_up(name: &str) -> (PathBuf, PathBuf) {
    let dir = tempdir(name);
    let script = dir.join("up.sh");
    Test::new(&["bash"]).file(&webapp()).out(&script).ok();
    (dir, script)
}

fn webapp() -> PathBuf {
    crate::support::root().join("fixtures/valid/webapp.toml")
}

#[test]
fn generated_scripts_pass_bash_n_and_shellcheck() {
    let bash = tool("bash");
    let dir = tempdir("shell");
    for fixture in crate::support::fixtures("valid") {
        for action in ACTIONS {
            let name = fixture.file_stem().unwrap().to_str().unwrap();
            let script = dir.join(format!("{name}-{action}.sh"));
            Test::new(&["bash", "--action", action])
                .file(&fixture)
                .out(&script)
                .ok();
            Test::program(&bash, &["-n"]).arg(&script).ok();
            shellcheck(&script, &["--severity=style", "--external-sources"]);
        }
    }
}

#[test]
fn help_lists_the_parameters_and_exits_0() {
    let (_, script) = webapp_up("shell-help");
    let help = Test::bash(&script, &["--help"]).env_clear().ok().stdout;
    assert!(
        help.starts_with("Usage: up.sh [--dry-run | --plan [--format text|json]] [--help]"),
        "{help}"
    );
    assert!(
        help.contains("DB_PASSWORD  password of the database user (secret, required)"),
        "{help}"
    );
    assert!(
        help.contains("APP_TAG  version of the app image (default: 1.4.2)"),
        "{help}"
    );

    // A missing secret stops the script before it touches docker, naming it.
    let stderr = Test::bash(&script, &[])
        .env_clear()
        .env("PATH", "/nonexistent")
        .exits(1)
        .stderr;
    assert!(
        stderr.contains("the secret parameter DB_PASSWORD is required"),
        "{stderr}"
    );

    // An unknown argument is a usage error.
    Test::bash(&script, &["--force"]).exits(2);
}

/// Parameters: `--param` beats the environment, which beats `.env` beside
/// the script, which beats the default; a value outside `choices` stops the
/// script before it touches docker; a secret is refused on the command line.
#[test]
fn parameters_come_from_param_then_environment_then_dotenv_then_default() {
    let (dir, script) = webapp_up("shell-params");
    let dry = |env: &[(&str, &str)], args: &[&str]| {
        Test::bash(&script, &["--dry-run"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap())
            .envs(env.iter().copied())
    };
    let level = |env: &[(&str, &str)], args: &[&str]| {
        dry(env, args)
            .ok()
            .stdout
            .split_whitespace()
            .find_map(|w| w.strip_prefix("--env=LOG_LEVEL="))
            .map(str::to_owned)
    };
    // The default.
    assert_eq!(level(&[], &[]).as_deref(), Some("info"));
    // .env beside the script (quotes removed, comments ignored).
    std::fs::write(
        dir.join(".env"),
        "# levels\nexport LOG_LEVEL=\"debug\"\nUNRELATED=1\n",
    )
    .unwrap();
    assert_eq!(level(&[], &[]).as_deref(), Some("debug"));
    // The environment beats .env.
    assert_eq!(
        level(&[("LOG_LEVEL", "warn")], &[]).as_deref(),
        Some("warn")
    );
    // --param beats the environment.
    assert_eq!(
        level(&[("LOG_LEVEL", "warn")], &["--param", "LOG_LEVEL=info"]).as_deref(),
        Some("info")
    );
    // A value outside the choices stops the script, naming the choices.
    let out = dry(&[], &["--param=LOG_LEVEL=loud"]).exits(1);
    assert!(
        out.stderr
            .contains("parameter LOG_LEVEL: loud is not one of its choices (debug, info, warn)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.is_empty(),
        "nothing was printed before the check"
    );
    // Unknown parameters and secrets are refused on the command line.
    dry(&[], &["--param", "NOPE=1"]).exits(2);
    let out = dry(&[], &["--param", "DB_PASSWORD=x"]).exits(2);
    assert!(!out.stderr.contains("=x"), "the value is not echoed");
    // The secret from .env reaches docker's environment, never its argv.
    std::fs::write(dir.join(".env"), "DB_PASSWORD='s3cr3t value'\n").unwrap();
    assert!(!dry(&[], &[]).ok().stdout.contains("s3cr3t"));
}

/// `keep_empty = true` (compose's `${VAR-default}`): an empty value is a
/// value, from the environment, `.env` or `--param`; the default applies
/// only when unset. Without it, empty counts as unset.
#[test]
fn an_empty_value_is_kept_only_where_the_parameter_says_so() {
    let (dir, script) = crate::support::stack_in(
        "shell-keep-empty",
        r#"[stack]
name = "keep"

[params.SUFFIX]
default = "-dev"
keep_empty = true

[params.LEVEL]
default = "info"

[services.app]
image = "app:1"
environment = { SUFFIX = "${SUFFIX}", LEVEL = "${LEVEL}" }
"#,
    );
    let up = dir.join("up.sh");
    Test::new(&["bash"]).file(&script).out(&up).ok();
    let env_of = |env: &[(&str, &str)], args: &[&str], name: &str| {
        Test::bash(&up, &["--dry-run"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap())
            .envs(env.iter().copied())
            .ok()
            .stdout
            .split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("--env={name}=")).map(str::to_owned))
    };
    assert_eq!(
        env_of(&[], &[], "SUFFIX").as_deref(),
        Some("-dev"),
        "unset: the default"
    );
    assert_eq!(
        env_of(&[("SUFFIX", "")], &[], "SUFFIX").as_deref(),
        Some(""),
        "empty: kept"
    );
    assert_eq!(
        env_of(&[], &["--param", "SUFFIX="], "SUFFIX").as_deref(),
        Some("")
    );
    assert_eq!(
        env_of(&[("LEVEL", "")], &[], "LEVEL").as_deref(),
        Some("info"),
        "empty: the default"
    );
    std::fs::write(dir.join(".env"), "SUFFIX=\n").unwrap();
    assert_eq!(
        env_of(&[], &[], "SUFFIX").as_deref(),
        Some(""),
        "empty in .env: kept"
    );
    // argv fixes the same values.
    let argv = |env: &[(&str, &str)]| {
        Test::new(&["argv"])
            .file(&script)
            .envs(env.iter().copied())
            .ok()
            .stdout
    };
    assert!(argv(&[("SUFFIX", "")]).contains(r#""--env=SUFFIX=","#));
    assert!(argv(&[]).contains(r#""--env=SUFFIX=-dev","#));
}

#[test]
fn run_script_passes_shellcheck() {
    let dir = tempdir("shell-run");
    let fixture = webapp();
    for service in ["migrate", "app", "db"] {
        let script = dir.join(format!("run-{service}.sh"));
        Test::new(&["bash", "--action", "run", "--service", service])
            .file(&fixture)
            .out(&script)
            .ok();
        shellcheck(&script, &["--severity=style"]);
    }
}

/// Run under another shell (`sh up.sh`, dash, busybox's ash) or in bash's
/// POSIX mode, the script says what it needs before anything else, in
/// words any sh can read, and exits 2; run by bash in POSIX mode it turns
/// that mode off and works.
#[test]
fn another_shell_is_told_that_the_script_needs_bash() {
    let (dir, script) = webapp_up("shell-other");
    for (shell, args) in [(tool("dash"), &[][..]), (tool("busybox"), &["sh"])] {
        let out = Test::program(&shell, args)
            .arg(&script)
            .arg("--help")
            .dir(&dir)
            .exits(2);
        assert!(
            out.stderr.starts_with("up.sh: this script needs bash 4.3 or later (this shell: not bash); run it as ./up.sh or with: bash up.sh"),
            "{shell:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty());
    }
    // bash in POSIX mode (as `sh` when sh is bash, or with POSIXLY_CORRECT).
    Test::program(&tool("bash"), &["--posix"])
        .arg(&script)
        .arg("--help")
        .ok();
    Test::bash(&script, &["--dry-run"])
        .env("POSIXLY_CORRECT", "1")
        .env("DB_PASSWORD", "x")
        .ok();
}

/// A script with a fake `docker` that records its arguments, run from a
/// scratch directory.
struct Scratch {
    dir: PathBuf,
    bin: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempdir(name);
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let docker = bin.join("docker");
        std::fs::write(
            &docker,
            "#!/usr/bin/env bash\ncase \"$1 ${2-}\" in ps* | 'network ls' | 'volume ls' | 'image ls') exit 0 ;; inspect*) echo running healthy; exit 0 ;; esac\nprintf '%s\\n' \"$*\" >>\"$FAKE_LOG\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self { dir, bin }
    }

    /// A scratch directory with `stack` compiled to its `up.sh`.
    fn up(name: &str, stack: &str) -> (Self, PathBuf) {
        let s = Self::new(name);
        let script = s.dir.join("up.sh");
        s.compile(stack, &script);
        (s, script)
    }

    /// `stack` as the scratch's stack.toml, compiled by `stackc bash` to `script`.
    fn compile(&self, stack: &str, script: &Path) {
        let file = write(&self.dir, "stack.toml", stack);
        Test::new(&["bash"]).file(&file).out(script).ok();
    }

    /// `bash SCRIPT ARGS…` from the scratch directory with only the fake
    /// docker's environment (more may be added), its log emptied.
    fn bash(&self, script: &Path, args: &[&str]) -> Test {
        let log = self.dir.join("docker.log");
        let _ = std::fs::remove_file(&log);
        Test::bash(script, args)
            .dir(&self.dir)
            .env_clear()
            .env("PATH", format!("{}:/usr/bin:/bin", self.bin.display()))
            .env("FAKE_LOG", &log)
    }

    fn docker_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("docker.log")).unwrap_or_default()
    }
}

const WAITS: &str = "[stack]\nname = \"w\"\n[services.db]\nimage = \"busybox:stable\"\nhealthcheck = { test = \"true\" }\n[services.web-app]\nimage = \"busybox:stable\"\ndepends_on = { db = \"healthy\" }\n";

/// The environment knobs are numbers before they reach bash arithmetic:
/// a `$(…)` in one is never run.
#[test]
fn environment_knobs_are_checked_before_use() {
    let (s, script) = Scratch::up("shell-knobs", WAITS);
    for (knob, value) in [
        ("STACKC_HEALTH_TIMEOUT", "BASH_VERSINFO[$(touch pwned)]"),
        ("STACKC_HEALTH_TIMEOUT", "08"),
        ("STACKC_JOBS", "a[$(touch pwned)]"),
        ("STACKC_JOBS", "99999999999999999999"),
    ] {
        let stderr = s.bash(&script, &[]).env(knob, value).exits(1).stderr;
        assert!(
            stderr.contains(&format!("{knob} must be a number")),
            "{stderr}"
        );
        assert!(!s.dir.join("pwned").exists(), "{knob}={value} ran code");
        assert!(s.docker_log().is_empty(), "{knob}={value}: docker ran");
    }
}

/// `--param` with no name, or a name that is no identifier, is a usage
/// error said by the script, not a bash error.
#[test]
fn a_malformed_param_is_a_usage_error() {
    let (s, script) = Scratch::up(
        "shell-param-arg",
        "[stack]\nname = \"p\"\n[params.TAG]\ndefault = \"1\"\n[services.web]\nimage = \"busybox:${TAG}\"\n",
    );
    for arg in [
        "--param==x",
        "--param=1x=2",
        "--param=a[$(touch pwned)]=1",
        "--param=\u{1b}[2J=1",
    ] {
        let stderr = s.bash(&script, &[arg]).exits(2).stderr;
        assert!(
            stderr.contains("not NAME=VALUE for a parameter of the stack"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("bad array subscript") && !stderr.contains('\u{1b}'),
            "{stderr}"
        );
        assert!(!s.dir.join("pwned").exists());
    }
    // A flag given as an image's parameter stops the script before docker.
    let stderr = s
        .bash(&script, &["--param", "TAG=1 --privileged"])
        .exits(1)
        .stderr;
    assert!(stderr.contains("is not an image reference"), "{stderr}");
    assert!(s.docker_log().is_empty());
}

/// The script finds the stack's directory from its own place whatever the
/// environment and the path: with CDPATH exported, run through a symlink,
/// in a directory whose name ends in a newline, by bash in POSIX mode with
/// a `-` in a service's name.
#[test]
fn the_script_finds_its_directory_robustly() {
    let s = Scratch::new("shell-here");
    let stack = "[stack]\nname = \"h\"\n[services.web-app]\nimage = \"busybox:stable\"\nvolumes = [\"./data:/data\"]\n";
    let odd = s.dir.join("deploy\n");
    std::fs::create_dir_all(&odd).unwrap();
    let script = odd.join("up.sh");
    s.compile(stack, &script);
    let canonical = s.dir.canonicalize().unwrap();
    let expected = format!("source={}/data", canonical.display());
    // A decoy that CDPATH would lead `cd` to.
    let decoy = s.dir.join("decoy");
    std::fs::create_dir_all(decoy.join("deploy\n").join("..")).unwrap();
    let link_dir = s.dir.join("elsewhere");
    std::fs::create_dir_all(&link_dir).unwrap();
    let link = link_dir.join("up-link.sh");
    std::os::unix::fs::symlink(&script, &link).unwrap();
    // Run by a relative path, so that `cd` would consult CDPATH.
    let relative = PathBuf::from("deploy\n/up.sh");
    for (how, path, env) in [
        ("plain", &script, vec![]),
        ("relative", &relative, vec![]),
        (
            "CDPATH",
            &relative,
            vec![("CDPATH", decoy.to_str().unwrap())],
        ),
        ("symlink", &link, vec![]),
        ("POSIXLY_CORRECT", &relative, vec![("POSIXLY_CORRECT", "1")]),
    ] {
        let text = s
            .bash(path, &["--dry-run"])
            .envs(env.iter().copied())
            .ok()
            .stdout;
        assert!(
            text.contains(&expected),
            "{how}: the bind source is {expected}:\n{text}"
        );
    }
}

/// A healthcheck in `CMD` form keeps exec semantics: docker runs the
/// command line with the container's `/bin/sh -c`, and `exec` makes its
/// first word a program (a shell builtin such as `exit` fails, as it does
/// for compose's exec form). Checked with busybox's sh, as in a container.
#[test]
fn cmd_healthcheck_keeps_exec_semantics() {
    let (_, stack) = stack_in(
        "shell-health-exec",
        "[stack]\nname = \"h\"\n[services.a]\nimage = \"busybox:stable\"\nhealthcheck = { test = [\"CMD\", \"exit\", \"0\"] }\n[services.b]\nimage = \"busybox:stable\"\nhealthcheck = { test = [\"CMD\", \"true\", \"it's $$HOME\"] }\n",
    );
    let json = Test::new(&["argv"]).file(&stack).ok().stdout;
    let commands: Vec<Vec<String>> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let health: Vec<&str> = commands
        .iter()
        .flatten()
        .filter_map(|a| a.strip_prefix("--health-cmd="))
        .collect();
    assert_eq!(health, ["exec exit 0", "exec true 'it'\\''s $HOME'"]);
    let sh = |line: &str, path: &str| {
        Test::program(&tool("busybox"), &["sh", "-c", line])
            .env_clear()
            .env("PATH", path)
    };
    assert!(
        sh(health[0], "/nonexistent-only-builtins").run().code != Some(0),
        "`exit` is no program: unhealthy"
    );
    sh(health[1], &std::env::var("PATH").unwrap()).ok();
}

/// What the stack says reaches `--help` and the script's messages escaped:
/// no escape sequence (clear the screen, write the clipboard) runs on the
/// terminal of whoever reads them.
#[test]
fn help_and_messages_escape_terminal_control() {
    let (s, script) = Scratch::up(
        "shell-terminal",
        "[stack]\nname = \"t\"\n[params.LEVEL]\ndescription = \"clears \\u001b[2J the screen \\u001b]52;c;cHduZWQ=\\u0007\"\nchoices = [\"a\\u001b[31m\", \"b\"]\ndefault = \"b\"\n[services.web]\nimage = \"busybox:stable\"\nenvironment = { L = \"${LEVEL}\" }\n",
    );
    let text = s.bash(&script, &["--help"]).ok().stdout;
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("clears \\u{1b}[2J the screen"), "{text}");
    let stderr = s
        .bash(&script, &[])
        .env("LEVEL", "c\u{1b}[2J")
        .exits(1)
        .stderr;
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(stderr.contains("is not one of its choices"), "{stderr}");
}

/// The generated script, argv and every file hold nothing derived from a
/// secret: they are the same whatever its value. Rotating it still
/// recreates its containers (tests/scripts/differential.rs, `--plan` says
/// `secrets`).
#[test]
fn no_output_depends_on_a_secret_value() {
    let fixture = webapp();
    let with = |secret: &str, args: &[&str]| {
        Test::new(args)
            .file(&fixture)
            .env_clear()
            .env("DB_PASSWORD", secret)
            .ok()
            .stdout
    };
    for args in [
        &["bash"][..],
        &["argv"],
        &["argv", "--format", "shell"],
        &["compose"],
        &["kube", "--bind-as", "host-path"],
    ] {
        assert_eq!(
            with("hunter2", args),
            with("correct horse", args),
            "{args:?}"
        );
    }
}
