//! Never a panic (issue 4): whatever the stack file holds, stackc answers
//! with an exit code (0, 1 or 2) and, on failure, a message; it never
//! panics (exit 101) and is never killed by a signal.
//!
//! Two properties over the same inputs:
//! - **in process** (fast, most cases): the library pipeline the binary
//!   runs — `frontend::parse_file` → `passes::analyze` → `lower` for every
//!   action → every backend's `render` (bash, argv in its three framings,
//!   compose, kube, graph) — must return `Ok` or `Err(diagnostics)`, never
//!   panic (proptest turns a panic into a failing, shrunk case);
//! - **whole binary** (fewer cases): `stackc check`, then, when it passes,
//!   `bash`, `argv`, `compose` and `graph`: exit 0, 1 or 2, stderr
//!   non-empty on failure and free of "panicked".
//!
//! The inputs: (a) arbitrary bytes, and text from a TOML-ish alphabet;
//! (b) every fixture (valid and invalid) mutated: bytes flipped, lines
//! deleted or duplicated, keys renamed, values swapped, text truncated.
//!
//! `PROPTEST_CASES=N` sets the case count of the in-process property
//! (default 3000; the binary property runs a fifteenth of it, 200); the
//! default takes a few seconds.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failing unwrap is a failing test"
)]

mod support;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use stackc_backends::Layout;
use stackc_driver::Compilation;
use support::{stackc, tempdir};

/// Every fixture's text, with the directory it lives in (env files, build
/// contexts and bind sources resolve against it): the valid ones first,
/// then the invalid ones.
fn corpus() -> (usize, Vec<(PathBuf, String)>) {
    let mut out = Vec::new();
    for kind in ["valid", "engine", "invalid"] {
        for path in support::fixtures(kind) {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path.parent().unwrap().to_path_buf(), text));
        }
    }
    let good = out.len() - support::fixtures("invalid").len();
    (good, out)
}

/// Keys of the format, for renaming one key into another.
const KEYS: &[&str] = &[
    "stack",
    "name",
    "params",
    "default",
    "secret",
    "description",
    "networks",
    "volumes",
    "services",
    "image",
    "build",
    "context",
    "dockerfile",
    "args",
    "target",
    "command",
    "entrypoint",
    "environment",
    "env_file",
    "path",
    "required",
    "blkio_config",
    "weight",
    "rate",
    "device_read_bps",
    "device_write_iops",
    "ports",
    "published",
    "host_ip",
    "protocol",
    "type",
    "source",
    "read_only",
    "tmpfs",
    "size",
    "depends_on",
    "condition",
    "healthcheck",
    "test",
    "interval",
    "timeout",
    "start_period",
    "retries",
    "restart",
    "labels",
    "user",
    "working_dir",
    "hostname",
    "container_name",
    "init",
    "stop_signal",
    "stop_grace_period",
    "cap_add",
    "cap_drop",
    "extra_hosts",
    "pull",
    "run",
    "replicas",
    "driver",
    "internal",
    "external",
    "web",
    "db",
    "a",
    "",
];

/// Values to put where another value was.
const VALUES: &[&str] = &[
    "\"\"",
    "0",
    "-1",
    "65536",
    "4294967296",
    "9223372036854775807",
    "1e400",
    "nan",
    "true",
    "[]",
    "{}",
    "[[]]",
    "{ a = {} }",
    "\"${\"",
    "\"$${X}\"",
    "\"${A}\"",
    "\"a:b:c:d\"",
    "\"/\"",
    "\"..\"",
    "\"-x\"",
    "\"\\u0000\"",
    "\"\\r\\n\"",
    "1979-05-27T07:32:00Z",
    "\"once\"",
    "\"healthy\"",
    "\"completed\"",
    "[\"CMD\"]",
    "[\"NONE\", \"x\"]",
    "\"999999999999h\"",
    "\"1.5.5s\"",
    "\"0:0\"",
    "\"[::1]:1-65535:1-65535/sctp\"",
];

/// One way of breaking a stack.
#[derive(Clone, Debug)]
enum Mutation {
    FlipByte(usize, u8),
    InsertByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    RenameKey(usize, usize),
    ReplaceValue(usize, usize),
    Truncate(usize),
    InsertText(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = any::<usize>();
    prop_oneof![
        (i, any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
        (
            i,
            prop::sample::select(&b"\"'[]{}=,.#\\$\n \t0-:/\x00\x7f"[..])
        )
            .prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        i.prop_map(Mutation::DeleteLine),
        i.prop_map(Mutation::DuplicateLine),
        (i, i).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (i, i).prop_map(|(a, b)| Mutation::RenameKey(a, b)),
        (i, i).prop_map(|(a, b)| Mutation::ReplaceValue(a, b)),
        i.prop_map(Mutation::Truncate),
        (i, i).prop_map(|(a, b)| Mutation::InsertText(a, b)),
    ]
}

/// Apply `m` to `text`; byte mutations may leave invalid UTF-8.
fn apply(text: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut bytes = text.to_vec();
    let lines = |bytes: &[u8]| -> Vec<Vec<u8>> {
        bytes
            .split_inclusive(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    };
    match *mutation {
        Mutation::FlipByte(i, b) if !bytes.is_empty() => {
            let n = bytes.len();
            bytes[i % n] ^= b | 1;
        }
        Mutation::InsertByte(i, b) => bytes.insert(i % (bytes.len() + 1), b),
        Mutation::DeleteLine(i) => {
            let mut all = lines(&bytes);
            if !all.is_empty() {
                let n = all.len();
                all.remove(i % n);
            }
            bytes = all.concat();
        }
        Mutation::DuplicateLine(i) => {
            let mut all = lines(&bytes);
            if !all.is_empty() {
                let n = all.len();
                let line = all[i % n].clone();
                all.insert(i % n, line);
            }
            bytes = all.concat();
        }
        Mutation::SwapLines(first, second) => {
            let mut all = lines(&bytes);
            if !all.is_empty() {
                let n = all.len();
                all.swap(first % n, second % n);
            }
            bytes = all.concat();
        }
        Mutation::RenameKey(at, to) => {
            // The `at`-th occurrence of any known key becomes another key.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let hits: Vec<(usize, &str)> = KEYS
                .iter()
                .filter(|k| !k.is_empty())
                .flat_map(|k| text.match_indices(*k).map(|(i, _)| (i, *k)))
                .collect();
            if !hits.is_empty() {
                let (i, key) = hits[at % hits.len()];
                let new = KEYS[to % KEYS.len()];
                bytes = format!("{}{new}{}", &text[..i], &text[i + key.len()..]).into_bytes();
            }
        }
        Mutation::ReplaceValue(at, to) => {
            // The value after the `at`-th `= ` up to the end of its line.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let hits: Vec<usize> = text.match_indices("= ").map(|(i, _)| i + 2).collect();
            if !hits.is_empty() {
                let start = hits[at % hits.len()];
                let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                let value = VALUES[to % VALUES.len()];
                bytes = format!("{}{value}{}", &text[..start], &text[end..]).into_bytes();
            }
        }
        Mutation::Truncate(i) => bytes.truncate(i % (bytes.len() + 1)),
        Mutation::InsertText(i, what) => {
            let text = [
                "\n[services.x]\nimage = \"a\"\ndepends_on = [\"x\"]\n",
                "\n[services.web]\n",
                "\n[[services]]\n",
                "\n[params.P]\nsecret = true\n",
                "\n[networks.default]\nexternal = true\n",
                "${",
                "\"\"\"",
                "'''",
                "\n[stack]\nname = \"again\"\n",
                "\nvolumes = [\"v:/a\", \"v:/a\"]\n",
                "\nports = [\"1-65535:1-65535\"]\nreplicas = 1000\n",
            ][what % 11];
            let at = i % (bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
        }
        Mutation::FlipByte(..) => {}
    }
    bytes
}

/// How far a stack got: 0 refused by the frontend, 1 by the passes, 2
/// through every backend.
type Stage = usize;

/// The pipeline of the binary, in process, through its driver: every
/// stage must answer, for every target, action and format.
fn pipeline(source: &str, dir: &Path, with_values: bool) -> Stage {
    let Ok(compilation) = Compilation::new(source, dir, &[]) else {
        // Refused by the frontend or by the passes: which one, for the
        // coverage counts.
        return usize::from(stackc_frontend::parse_file(source, dir).is_ok());
    };
    let (stack, _) = compilation.whole();
    let layout = Layout {
        source_name: "stack.toml".to_owned(),
        project_dir_from_output: ".".to_owned(),
        project_dir: "/srv/stack".to_owned(),
        home: Some("/home/o'$`\nwner".to_owned()),
        param_values: if with_values {
            stack
                .params
                .keys()
                .map(|k| (k.clone(), format!("v'$`\n{k}")))
                .collect()
        } else {
            indexmap::IndexMap::new()
        },
    };
    for request in stackc_driver::requests(compilation.selected().0) {
        if let Ok(lowered) = compilation.lower(&request) {
            let _ = stackc_driver::render(&lowered, &request, &layout);
        }
    }
    2
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    })
}

/// A stack: a fixture with 1 to 3 mutations (a valid one mostly, so that
/// many cases get through to the backends), arbitrary bytes, or TOML-ish
/// text. Returns (bytes, index of the fixture, mutations); the bytes are
/// used only when there is no mutation.
fn input(n_good: usize, n_all: usize) -> impl Strategy<Value = (Vec<u8>, usize, Vec<Mutation>)> {
    prop_oneof![
        8 => (0..n_good, prop::collection::vec(mutation(), 1..3))
            .prop_map(|(i, ms)| (Vec::new(), i, ms)),
        2 => (0..n_all, prop::collection::vec(mutation(), 1..4))
            .prop_map(|(i, ms)| (Vec::new(), i, ms)),
        1 => prop::collection::vec(any::<u8>(), 0..400).prop_map(|b| (b, 0, Vec::new())),
        1 => "([\\[\\]{}=,.\"'\n a-z0-9_$:/-]|services|image|depends_on|ports|volumes|params){0,80}"
            .prop_map(|s| (s.into_bytes(), 0, Vec::new())),
    ]
}

fn materialize(
    corpus: &[(PathBuf, String)],
    (raw, i, ms): &(Vec<u8>, usize, Vec<Mutation>),
) -> (Vec<u8>, PathBuf) {
    if ms.is_empty() {
        return (raw.clone(), corpus[0].0.clone());
    }
    let (dir, text) = &corpus[*i];
    let mut bytes = text.clone().into_bytes();
    for m in ms {
        bytes = apply(&bytes, m);
    }
    (bytes, dir.clone())
}

#[test]
fn the_library_pipeline_never_panics() {
    let (good, corpus) = corpus();
    // Every fixture unchanged first.
    for (dir, text) in &corpus {
        pipeline(text, dir, true);
        pipeline(text, dir, false);
    }
    let stages = std::cell::RefCell::new([0_u32; 3]);
    runner(cases(3000))
        .run(&input(good, corpus.len()), |case| {
            let (bytes, dir) = materialize(&corpus, &case);
            let text = String::from_utf8_lossy(&bytes);
            stages.borrow_mut()[pipeline(&text, &dir, bytes.len() % 2 == 0)] += 1;
            Ok(())
        })
        .unwrap();
    let [frontend, passes, backends] = stages.into_inner();
    eprintln!(
        "refused by the frontend: {frontend}, by the passes: {passes}, through every backend: {backends}"
    );
    // The mutations must leave enough stacks valid to exercise the backends
    // (about one in eight does).
    let total = frontend + passes + backends;
    assert!(
        total < 500 || backends * 20 >= total,
        "too few cases reach the backends"
    );
}

/// Run stackc; the exit code if it is 0, 1 or 2 with a clean stderr.
fn run(stack: &Path, dir: &Path, args: &[&str]) -> Result<i32, TestCaseError> {
    let out = stackc(&["-f", stack.to_str().unwrap()])
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some(code) = out.status.code() else {
        return Err(TestCaseError::fail(format!(
            "{args:?}: killed by a signal ({:?})\n{stderr}",
            out.status
        )));
    };
    prop_assert!(
        matches!(code, 0..=2),
        "{args:?}: exit {code} (101 is a panic)\n{stderr}"
    );
    prop_assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    if code != 0 {
        prop_assert!(
            !stderr.trim().is_empty(),
            "{args:?}: exit {code}, no message"
        );
    }
    Ok(code)
}

#[test]
fn the_binary_never_panics() {
    let (good, corpus) = corpus();
    // The fixtures' side files (build contexts, bind sources) linked in,
    // so that relative paths of the mutated stacks resolve.
    let tmp = tempdir("panics");
    for kind in ["valid", "engine"] {
        for entry in std::fs::read_dir(support::root().join("fixtures").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "toml") {
                let _ = std::os::unix::fs::symlink(&path, tmp.join(path.file_name().unwrap()));
            }
        }
    }
    runner(cases(3000) / 15)
        .run(&input(good, corpus.len()), |case| {
            let (bytes, _) = materialize(&corpus, &case);
            let stack = tmp.join("stack.toml");
            std::fs::write(&stack, &bytes).unwrap();
            if run(&stack, &tmp, &["check"])? == 0 {
                for args in [
                    &["bash"][..],
                    &["bash", "--action", "purge"],
                    &["argv", "--format", "nul"],
                    &["argv", "--action", "down", "--format", "shell"],
                    &["compose"],
                    &["graph", "--format", "mermaid"],
                ] {
                    run(&stack, &tmp, args)?;
                }
            }
            Ok(())
        })
        .unwrap();
}
