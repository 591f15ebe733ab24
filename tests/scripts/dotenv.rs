//! `.env` beside a script is read by Docker Compose v2's rules: each file
//! of `fixtures/dotenv/cases.txt` gives the same parameter values through
//! `up.sh` as through the real `docker-compose config`, or both refuse it;
//! the two deviations docs/cli.md names are checked as deviations.

use std::path::Path;
use std::process::Command;

use crate::support::{Test, compose_bin, tempdir, tool};

/// The parameters the cases set; `E1` is also in the environment.
const NAMES: [&str; 11] = [
    "A", "B", "C", "D", "a", "X9", "E1", "K", "Q", "DOTS", "export",
];
/// The environment both sides run in (besides `PATH`).
const ENV: [(&str, &str); 3] = [("E1", "env1"), ("EMPTYV", ""), ("EV", "e$v{x}\\")];
/// A parameter `.env` leaves unset or empty takes this default (the
/// script's rule for every parameter; compose is asked for `${NAME:-…}`).
const UNSET: &str = "<unset>";

/// One case: the file, and what the two sides must do with it.
struct Case {
    line: usize,
    file: Vec<u8>,
    expect: Expect,
}

/// What the two sides do with a case.
#[derive(Clone, Copy)]
enum Expect {
    /// `= `: the same values, or both refuse it.
    Same,
    /// `! `: the script reads what compose refuses (a key with non-ASCII
    /// characters, which can never name a parameter).
    ScriptReads,
    /// `x `: the script refuses what compose reads (a NUL byte, which a
    /// shell variable cannot hold).
    ScriptRefuses,
}

fn cases() -> Vec<Case> {
    let text =
        std::fs::read_to_string(crate::support::root().join("fixtures/dotenv/cases.txt")).unwrap();
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (expect, body) = match line.split_at_checked(2)? {
                ("= ", body) => (Expect::Same, body),
                ("! ", body) => (Expect::ScriptReads, body),
                ("x ", body) => (Expect::ScriptRefuses, body),
                _ => return None,
            };
            Some(Case {
                line: i + 1,
                file: unescape(body),
                expect,
            })
        })
        .collect()
}

/// `\n \t \r \\ \xNN` to bytes.
fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(b'\\') => out.push(b'\\'),
            Some(b'x') => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                let hex = std::str::from_utf8(&hex).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
            }
            other => panic!("unknown escape {other:?} in {text}"),
        }
    }
    out
}

/// Bytes as Go's JSON shows them: each byte of an invalid sequence is
/// U+FFFD.
fn as_go(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('\u{fffd}', chunk.invalid().len()));
    }
    out
}

/// What one side read: each parameter's value (`None`: unset), or that it
/// refused the file.
type Read = Option<Vec<(String, Option<String>)>>;

/// `up.sh --dry-run` beside `.env`: the values its `docker create` passes.
fn script_reads(dir: &Path) -> Read {
    // The dry run prints each command quoted for bash; bash splits it back.
    let split = r#"out=$(bash ./up.sh --dry-run) || exit 1
while IFS= read -r line; do
  case $line in "docker create "*) eval "args=($line)"; printf '%s\0' "${args[@]}" ;; esac
done <<<"$out""#;
    let out = Command::new(tool("bash"))
        .args(["-c", split])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .envs(ENV)
        .output()
        .unwrap();
    if !out.status.success() {
        return None;
    }
    let args: Vec<&[u8]> = out.stdout.split(|&b| b == 0).collect();
    Some(
        NAMES
            .iter()
            .map(|name| {
                let prefix = format!("--env={name}=");
                let value = args
                    .iter()
                    .find_map(|a| a.strip_prefix(prefix.as_bytes()))
                    .map(as_go)
                    .expect("every parameter is in the environment");
                ((*name).to_owned(), (value != UNSET).then_some(value))
            })
            .collect(),
    )
}

/// `docker-compose config` beside `.env`: the values it interpolates.
fn compose_reads(dir: &Path) -> Read {
    let out = Command::new(compose_bin())
        .args(["-f", "compose.yaml", "config", "--format", "json"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .envs(ENV)
        .output()
        .unwrap();
    if !out.status.success() {
        return None;
    }
    let config: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let environment = &config["services"]["s"]["environment"];
    Some(
        NAMES
            .iter()
            .map(|name| {
                // `config` writes a literal `$` as `$$`.
                let value = environment[name].as_str().unwrap().replace("$$", "$");
                ((*name).to_owned(), (value != UNSET).then_some(value))
            })
            .collect(),
    )
}

#[test]
fn dotenv_is_read_as_compose_reads_it() {
    let dir = tempdir("dotenv");
    let mut stack = String::from("[stack]\nname = \"dotenv\"\n\n");
    for name in NAMES {
        stack.push_str(&format!("[params.{name}]\ndefault = \"{UNSET}\"\n\n"));
    }
    let vars: Vec<String> = NAMES
        .iter()
        .map(|n| format!("{n} = \"${{{n}}}\""))
        .collect();
    stack.push_str(&format!(
        "[services.s]\nimage = \"busybox\"\nenvironment = {{ {} }}\n",
        vars.join(", ")
    ));
    let file = crate::support::write(&dir, "stack.toml", &stack);
    Test::new(&["bash"])
        .file(&file)
        .out(&dir.join("up.sh"))
        .ok();
    let mut vars = String::new();
    for name in NAMES {
        vars.push_str(&format!("      {name}: \"${{{name}:-{UNSET}}}\"\n"));
    }
    crate::support::write(
        &dir,
        "compose.yaml",
        &format!("services:\n  s:\n    image: busybox\n    environment:\n{vars}"),
    );

    let cases = cases();
    assert!(cases.len() > 150, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        std::fs::write(dir.join(".env"), &case.file).unwrap();
        let (ours, theirs) = (script_reads(&dir), compose_reads(&dir));
        let agree = match case.expect {
            Expect::Same => ours == theirs,
            Expect::ScriptReads => ours.is_some() && theirs.is_none(),
            Expect::ScriptRefuses => ours.is_none() && theirs.is_some(),
        };
        if !agree {
            wrong.push(format!(
                "cases.txt:{}: {:?}\n  up.sh:   {ours:?}\n  compose: {theirs:?}",
                case.line,
                String::from_utf8_lossy(&case.file)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
