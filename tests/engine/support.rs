//! Helpers of the end-to-end tests on the real Docker engine
//! (tests/engine/): the engine check, the local busybox image, a stack
//! copied into a temp dir under a unique name with a guard that removes
//! everything of it, bounded script runs, and `docker` look-ups.
//!
//! No registry is reachable: the only image is `stackc-test-busybox:1`,
//! built `FROM scratch` around the host's static busybox (Debian's
//! `busybox-static`, see scripts/tools.sh), once per test process.

#![allow(dead_code, reason = "each test uses a different subset")]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Test, root, run_ok, stdout, tempdir, tool};

/// The [`Stack`] of a fixture for this test, or return from the test: the
/// engine is absent and `STACKC_SKIP_ENGINE=1` skips it.
#[macro_export]
macro_rules! stack_or_skip {
    ($test:expr, $fixture:expr) => {
        match Stack::new($test, $fixture) {
            Some(stack) => stack,
            None => return,
        }
    };
}

/// The image every service of the engine fixtures runs.
pub const IMAGE: &str = "stackc-test-busybox:1";
/// The label on that image, to find it for removal:
/// `docker image rm $(docker image ls -q --filter label=org.stackc.test-image)`.
pub const IMAGE_LABEL: &str = "org.stackc.test-image";
/// The label compose and stackc put on every resource of a stack.
pub const PROJECT_LABEL: &str = "com.docker.compose.project";

/// The static busybox the image is built from (`STACKC_BUSYBOX` overrides).
fn busybox() -> PathBuf {
    std::env::var_os("STACKC_BUSYBOX").map_or_else(|| PathBuf::from("/bin/busybox"), PathBuf::from)
}

/// Whether the tests should run: `true` when the engine answers `docker
/// info`. Without an engine this fails the test, unless
/// `STACKC_SKIP_ENGINE=1`, where it prints `SKIPPED: no engine` (past
/// the test harness's capture) and returns `false`.
pub fn engine_available(test: &str) -> bool {
    static INFO: OnceLock<Result<String, String>> = OnceLock::new();
    let info = INFO.get_or_init(|| {
        match Command::new("docker")
            .args(["info", "--format", "{{.ServerVersion}}"])
            .output()
        {
            Ok(out) if out.status.success() => {
                Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
            }
            Ok(out) => Err(format!(
                "`docker info` exited {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => Err(format!("cannot run `docker`: {e}")),
        }
    });
    match info {
        Ok(_) => true,
        Err(why) if std::env::var("STACKC_SKIP_ENGINE").as_deref() == Ok("1") => {
            // Written to the real stderr (libtest captures only the print
            // macros), in one write so that lines of parallel tests do not mix.
            let test = std::thread::current().name().unwrap_or(test).to_owned();
            let line =
                format!("SKIPPED: no engine: {test} did not run ({why}; STACKC_SKIP_ENGINE=1)\n");
            let _ = std::io::stderr().write_all(line.as_bytes());
            false
        }
        Err(why) => panic!(
            "no Docker engine: {why}\nThe end-to-end tests need a running engine. \
             On a machine without one, set STACKC_SKIP_ENGINE=1 to skip them (they then print `SKIPPED: no engine`)."
        ),
    }
}

/// Build the test image once per process (the legacy builder caches the
/// layers, so a rebuild in a later run is quick and changes nothing).
pub fn ensure_image() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(build_image);
}

fn build_image() {
    let busybox = busybox();
    let bytes = std::fs::read(&busybox).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nThe end-to-end tests build their image from a static busybox: \
             install Debian's busybox-static (`bash scripts/tools.sh`) or set STACKC_BUSYBOX",
            busybox.display()
        )
    });
    assert!(
        is_static_elf(&bytes),
        "{} is not a statically linked ELF executable; the image is FROM scratch and needs one: \
         install Debian's busybox-static (`bash scripts/tools.sh`) or set STACKC_BUSYBOX",
        busybox.display()
    );
    let context = tempdir("engine-image");
    std::fs::copy(
        root().join("fixtures/engine/busybox/Dockerfile"),
        context.join("Dockerfile"),
    )
    .unwrap();
    std::fs::write(context.join("busybox"), &bytes).unwrap();
    std::fs::set_permissions(
        context.join("busybox"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = Command::new("docker")
        .args(["build", "--quiet", "--force-rm", "--tag", IMAGE, "--label"])
        .arg(format!("{IMAGE_LABEL}=1"))
        .arg(&context)
        .output()
        .expect("run docker build");
    assert!(
        out.status.success(),
        "building {IMAGE} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&context);
}

/// An ELF file without a `PT_INTERP` program header (64-bit little-endian,
/// as on every machine these tests run on).
fn is_static_elf(bytes: &[u8]) -> bool {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
    };
    if bytes.get(..5) != Some(b"\x7fELF\x02".as_slice()) || bytes.get(5) != Some(&1) {
        return false;
    }
    let (Some(phoff), Some(phentsize), Some(phnum)) = (u64_at(0x20), u16_at(0x36), u16_at(0x38))
    else {
        return false;
    };
    let Ok(phoff) = usize::try_from(phoff) else {
        return false;
    };
    (0..usize::from(phnum)).all(|i| {
        let at = phoff + i * usize::from(phentsize);
        bytes
            .get(at..at + 4)
            .is_some_and(|t| t != 3u32.to_le_bytes())
    })
}

/// A host port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().unwrap().port()
}

/// One stack of `fixtures/engine/` in its own temp dir, under a unique
/// project name, with its scripts compiled. Dropping it removes every
/// container, network, volume and image labelled with its name, whether
/// the test passed or not.
pub struct Stack {
    pub name: String,
    pub dir: PathBuf,
    pub port: u16,
    fixture_name: String,
}

impl Stack {
    /// `fixtures/engine/<fixture>` (or `fixtures/<fixture>` when it names
    /// a directory, e.g. `valid/shop.toml`) as project `e2e-<test>-<pid>`,
    /// with the directories beside it; `None` when the engine is absent and
    /// the tests are skipped.
    pub fn new(test: &str, fixture: &str) -> Option<Self> {
        if !engine_available(test) {
            return None;
        }
        ensure_image();
        let name = format!("e2e-{test}-{}", std::process::id());
        let dir = tempdir(&format!("engine-{test}"));
        let path = if fixture.contains('/') {
            root().join("fixtures").join(fixture)
        } else {
            root().join("fixtures/engine").join(fixture)
        };
        let original = std::fs::read_to_string(&path).unwrap();
        let key = "[stack]\nname = \"";
        let start = original
            .find(key)
            .expect("the fixture starts `[stack]` with `name = \"…\"`")
            + key.len();
        let end = start + original[start..].find('"').unwrap();
        let port = free_port();
        let copy = format!("{}{name}{}", &original[..start], &original[end..])
            .replace(":18080:", &format!(":{port}:"));
        std::fs::write(dir.join("stack.toml"), copy).unwrap();
        // The build contexts and other files a stack may point at.
        for entry in std::fs::read_dir(path.parent().unwrap()).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &dir.join(entry.file_name()));
            }
        }
        let stack = Self {
            name,
            dir,
            port,
            fixture_name: fixture.to_owned(),
        };
        cleanup(&stack.name); // leftovers of an earlier run that was killed
        stack.compile("up");
        stack.compile("down");
        Some(stack)
    }

    pub fn file(&self) -> PathBuf {
        self.dir.join("stack.toml")
    }

    /// Edit the copied stack.toml: replace `from` (which must occur) by `to`.
    pub fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.file()).unwrap();
        assert!(
            text.contains(from),
            "{}: no `{from}` to edit",
            self.fixture_name
        );
        std::fs::write(self.file(), text.replacen(from, to, 1)).unwrap();
    }

    /// Give the images the stack builds tags of this run only, so parallel
    /// runs and leftovers never mix: each `"TAG"` in stack.toml (its `tag`
    /// and the build args that name it) becomes `"<name>-SUFFIX:1"`, for
    /// each `(TAG, SUFFIX)`; the new tags, in order. Recompile after.
    pub fn own_tags<const N: usize>(&self, tags: [(&str, &str); N]) -> [String; N] {
        let mut text = std::fs::read_to_string(self.file()).unwrap();
        let out = tags.map(|(tag, suffix)| {
            let quoted = format!("\"{tag}\"");
            assert!(text.contains(&quoted), "{}: no {quoted}", self.fixture_name);
            let new = format!("{}-{suffix}:1", self.name);
            text = text.replace(&quoted, &format!("\"{new}\""));
            new
        });
        std::fs::write(self.file(), text).unwrap();
        out
    }

    /// Run this stack on its own tag of the test image
    /// (`<name>-busybox:1`), so an action that removes the stack's images
    /// cannot take the shared tag from the tests running beside it.
    /// [`cleanup`] removes the tag. Recompile the scripts after.
    pub fn use_private_image_tag(&self) {
        let tag = private_tag(&self.name);
        docker(&["tag", IMAGE, &tag]);
        let text = std::fs::read_to_string(self.file()).unwrap();
        std::fs::write(
            self.file(),
            text.replace(&format!("\"{IMAGE}\""), &format!("\"{tag}\"")),
        )
        .unwrap();
    }

    /// `stackc bash --action <action> -o <action>.sh`; the script's path.
    pub fn compile(&self, action: &str) -> PathBuf {
        self.compile_as(action, &["--action", action])
    }

    /// `stackc bash ARGS… -o <name>.sh` (run it as the action `name`); the
    /// script's path.
    pub fn compile_as(&self, name: &str, args: &[&str]) -> PathBuf {
        let script = self.script(name);
        Test::new(&["bash"])
            .args(args)
            .file(&self.file())
            .out(&script)
            .ok();
        script
    }

    /// Try to compile an action; the failure's stderr if stackc rejects it.
    pub fn try_compile(&self, action: &str) -> Result<PathBuf, String> {
        let script = self.script(action);
        let ran = Test::new(&["bash", "--action", action])
            .file(&self.file())
            .out(&script)
            .run();
        if ran.code == Some(0) {
            Ok(script)
        } else {
            Err(ran.stderr)
        }
    }

    pub fn script(&self, action: &str) -> PathBuf {
        self.dir.join(format!("{action}.sh"))
    }

    /// `stackc compose -o compose.yaml`; its path.
    pub fn compose_file(&self) -> PathBuf {
        let file = self.dir.join("compose.yaml");
        Test::new(&["compose"]).file(&self.file()).out(&file).ok();
        file
    }

    /// Docker Compose v2 on the file [`Self::compose_file`] wrote, as this
    /// stack's project, with `env` added; it must exit 0 within 240 s
    /// (building images included).
    pub fn compose_ok(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(crate::support::compose_bin());
        cmd.arg("-f")
            .arg(self.dir.join("compose.yaml"))
            .args(["-p", &self.name])
            .args(args)
            .current_dir(&self.dir)
            .envs(env.iter().copied());
        run_bounded(&mut cmd, Duration::from_secs(240)).ok()
    }

    /// Run `<action>.sh` with bash, bounded by `limit`, and return what
    /// happened. The health waits are bounded too (`STACKC_HEALTH_TIMEOUT`,
    /// 60 s unless `env` says otherwise), so a broken stack fails, not hangs.
    pub fn run(&self, action: &str, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
        let mut cmd = Command::new(tool("bash"));
        cmd.arg(self.script(action))
            .args(args)
            .current_dir(&self.dir)
            .env("STACKC_HEALTH_TIMEOUT", "60")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied());
        run_bounded(&mut cmd, limit)
    }

    /// Run `<action>.sh` within 120 s and require exit 0.
    pub fn run_ok(&self, action: &str, args: &[&str]) -> Run {
        self.run(action, args, &[], Duration::from_secs(120)).ok()
    }

    /// Container name → full ID, for every container of the stack.
    pub fn container_ids(&self) -> BTreeMap<String, String> {
        docker_lines(&[
            "ps",
            "--all",
            "--no-trunc",
            "--filter",
            &self.filter(),
            "--format",
            "{{.Names}}\t{{.ID}}",
        ])
        .iter()
        .map(|l| {
            let (names, id) = l.split_once('\t').unwrap();
            // A container others link to on the default bridge also has
            // the names `OTHER/ALIAS`.
            let name = names.split(',').find(|n| !n.contains('/')).unwrap_or(names);
            (name.to_owned(), id.to_owned())
        })
        .collect()
    }

    pub fn container(&self, service: &str) -> String {
        format!("{}-{service}-1", self.name)
    }

    pub fn network(&self, network: &str) -> String {
        format!("{}_{network}", self.name)
    }

    pub fn volume(&self, volume: &str) -> String {
        format!("{}_{volume}", self.name)
    }

    pub fn filter(&self) -> String {
        format!("label={PROJECT_LABEL}={}", self.name)
    }

    /// The names of the stack's networks.
    pub fn networks(&self) -> Vec<String> {
        docker_lines(&[
            "network",
            "ls",
            "--filter",
            &self.filter(),
            "--format",
            "{{.Name}}",
        ])
    }

    /// The IDs of the images labelled with the stack's name (those it built).
    pub fn images(&self) -> Vec<String> {
        docker_lines(&["image", "ls", "--quiet", "--filter", &self.filter()])
    }

    /// What the engine holds of the stack, in a form two tools can be
    /// compared by (see [`Observed`]).
    pub fn observe(&self) -> Observed {
        observe(&self.name)
    }

    /// Nothing of the stack is left on the engine after `what`.
    pub fn assert_gone(&self, what: &str) {
        let left = self.observe();
        assert!(left.is_empty(), "{what} left {left:#?}");
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        cleanup(&self.name);
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Remove every container, network, volume and image labelled with the
/// project `name`. Never panics (it runs in `Drop`, also while unwinding).
pub fn cleanup(name: &str) {
    let filter = format!("label={PROJECT_LABEL}={name}");
    let list = |args: &[&str]| -> Vec<String> {
        Command::new("docker")
            .args(args)
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let remove = |rm: &[&str], ids: Vec<String>| {
        if !ids.is_empty() {
            let _ = Command::new("docker")
                .args(rm)
                .args(ids)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    };
    remove(
        &["rm", "--force", "--volumes"],
        list(&["ps", "--all", "--quiet", "--filter", &filter]),
    );
    remove(
        &["network", "rm"],
        list(&["network", "ls", "--quiet", "--filter", &filter]),
    );
    remove(
        &["volume", "rm", "--force"],
        list(&["volume", "ls", "--quiet", "--filter", &filter]),
    );
    remove(
        &["image", "rm", "--force"],
        list(&["image", "ls", "--quiet", "--filter", &filter]),
    );
    // The tag of `use_private_image_tag`, if any: untagged, the image stays.
    remove(&["image", "rm"], vec![private_tag(name)]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn private_tag(name: &str) -> String {
    format!("{name}-busybox:1")
}

/// The result of a bounded run.
pub struct Run {
    /// The command, for messages.
    pub what: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Requires exit `code`.
    pub fn exits(self, code: i32) -> Self {
        assert_eq!(
            self.status.code(),
            Some(code),
            "{} exited {:?} after {:.1?}, not {code}\n{}",
            self.what,
            self.status.code(),
            self.elapsed,
            self.transcript()
        );
        self
    }

    /// Requires exit 0.
    pub fn ok(self) -> Self {
        self.exits(0)
    }

    pub fn transcript(&self) -> String {
        format!("--- stdout:\n{}--- stderr:\n{}", self.stdout, self.stderr)
    }

    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Requires a line of stdout that `matches`; `what` describes it.
    pub fn has_line(&self, what: &str, matches: impl Fn(&str) -> bool) {
        assert!(
            self.stdout.lines().any(matches),
            "no {what} line\n{}",
            self.transcript()
        );
    }

    /// Requires that no line of stdout says any of `words` (a run that
    /// changed nothing).
    pub fn says_none_of(&self, words: &[&str]) {
        for word in words {
            assert!(
                !self.stdout.lines().any(|l| l.contains(word)),
                "the run reports `{word}`\n{}",
                self.transcript()
            );
        }
    }
}

/// Run `cmd` with its output captured; kill it (the child we started,
/// only) and fail if it is still running after `limit`.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} was still running after {limit:?}; killed\n--- stdout:\n{}--- stderr:\n{}",
                out.join().unwrap(),
                err.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        what: format!("{cmd:?}"),
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: start.elapsed(),
    }
}

/// `docker <args>`, required to succeed; its stdout.
pub fn docker(args: &[&str]) -> String {
    stdout(&run_ok(Command::new("docker").args(args)))
}

/// `docker <args>`'s non-empty stdout lines.
pub fn docker_lines(args: &[&str]) -> Vec<String> {
    docker(args)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `docker inspect <what>` as JSON (the first object).
pub fn inspect(args: &[&str]) -> Value {
    let mut all = vec!["inspect"];
    all.extend_from_slice(args);
    let value: Value = serde_json::from_str(&docker(&all)).expect("docker inspect prints JSON");
    value[0].clone()
}

/// `docker exec <container> <command…>`, required to succeed; its stdout.
pub fn exec(container: &str, command: &[&str]) -> String {
    let mut args = vec!["exec", container];
    args.extend_from_slice(command);
    docker(&args)
}

/// `docker run --rm --mount=<volume at /v> <image> <command…>`; its stdout.
pub fn on_volume(volume: &str, command: &[&str]) -> String {
    let mount = format!("type=volume,source={volume},target=/v");
    let mut args = vec!["run", "--rm", "--mount", &mount, IMAGE];
    args.extend_from_slice(command);
    docker(&args)
}

/// `docker run --rm --volume=<volume>:/d <image> cat /d/<file>`.
pub fn read_volume_file(volume: &str, file: &str) -> String {
    docker(&[
        "run",
        "--rm",
        "--pull=never",
        &format!("--volume={volume}:/d:ro"),
        IMAGE,
        "cat",
        &format!("/d/{file}"),
    ])
}

/// `GET /` on 127.0.0.1:`port`: see [`http_get_path`].
pub fn http_get(port: u16) -> Result<String, String> {
    http_get_path(port, "/")
}

/// `GET <path>` on 127.0.0.1:`port` over plain TCP, retried for a few
/// seconds (docker-proxy may accept before the container answers); the
/// whole response, or the last error.
pub fn http_get_path(port: u16, path: &str) -> Result<String, String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let attempt = (|| -> std::io::Result<String> {
            let mut stream = TcpStream::connect(("127.0.0.1", port))?;
            stream.set_read_timeout(Some(Duration::from_secs(5)))?;
            stream
                .write_all(format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").as_bytes())?;
            let mut response = String::new();
            stream.read_to_string(&mut response)?;
            Ok(response)
        })();
        match attempt {
            Ok(response) if response.starts_with("HTTP/1.") => return Ok(response),
            Ok(other) if Instant::now() > deadline => return Err(format!("not HTTP: {other:?}")),
            Err(e) if Instant::now() > deadline => return Err(e.to_string()),
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}

/// Poll `check` until it holds or `limit` passes.
pub fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if check() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// What the engine holds of one project, reduced to what both stackc's
/// script and Docker Compose decide from the same stack: container names
/// with their compose labels, networks, mounts, published ports, command
/// and stop signal; networks and volumes with their compose labels.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Observed {
    pub containers: BTreeMap<String, BTreeMap<&'static str, String>>,
    pub networks: BTreeMap<String, String>,
    pub volumes: BTreeMap<String, String>,
}

impl Observed {
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty() && self.networks.is_empty() && self.volumes.is_empty()
    }
}

pub fn observe(name: &str) -> Observed {
    let filter = format!("label={PROJECT_LABEL}={name}");
    let mut observed = Observed::default();
    for id in docker_lines(&["ps", "--all", "--quiet", "--filter", &filter]) {
        let c = inspect(&[&id]);
        let label = |key: &str| {
            c["Config"]["Labels"][key]
                .as_str()
                .unwrap_or("<none>")
                .to_owned()
        };
        let networks: BTreeSet<&str> = c["NetworkSettings"]["Networks"]
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mounts: BTreeSet<String> = c["Mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                format!(
                    "{}:{}:{}:rw={}",
                    m["Type"], m["Name"], m["Destination"], m["RW"]
                )
            })
            .collect();
        let ports: BTreeSet<String> = c["HostConfig"]["PortBindings"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(port, bindings)| {
                bindings.as_array().into_iter().flatten().map(move |b| {
                    format!(
                        "{}:{}->{port}",
                        b["HostIp"].as_str().unwrap_or(""),
                        b["HostPort"].as_str().unwrap_or("")
                    )
                })
            })
            .collect();
        let env: BTreeSet<&str> = c["Config"]["Env"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut facts = BTreeMap::new();
        facts.insert("service", label("com.docker.compose.service"));
        facts.insert("project", label(PROJECT_LABEL));
        facts.insert(
            "container-number",
            label("com.docker.compose.container-number"),
        );
        facts.insert("networks", format!("{networks:?}"));
        facts.insert("mounts", format!("{mounts:?}"));
        facts.insert("ports", format!("{ports:?}"));
        facts.insert("env", format!("{env:?}"));
        facts.insert("cmd", c["Config"]["Cmd"].to_string());
        facts.insert("stop-signal", c["Config"]["StopSignal"].to_string());
        facts.insert(
            "state",
            format!("{} {}", c["State"]["Status"], c["State"]["ExitCode"]),
        );
        let name = c["Name"]
            .as_str()
            .unwrap()
            .trim_start_matches('/')
            .to_owned();
        observed.containers.insert(name, facts);
    }
    for net in docker_lines(&[
        "network",
        "ls",
        "--filter",
        &filter,
        "--format",
        "{{.Name}}",
    ]) {
        let n = inspect(&["--type=network", &net]);
        observed
            .networks
            .insert(net, n["Labels"]["com.docker.compose.network"].to_string());
    }
    for vol in docker_lines(&["volume", "ls", "--filter", &filter, "--format", "{{.Name}}"]) {
        let v = inspect(&["--type=volume", &vol]);
        observed
            .volumes
            .insert(vol, v["Labels"]["com.docker.compose.volume"].to_string());
    }
    observed
}
