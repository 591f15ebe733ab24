//! A fake `docker` first on PATH, for the tests that run generated scripts
//! (differential, hostile): a bash script of the test's own that answers
//! the read-only queries and records the rest in files of its directory,
//! `log` (each command in the `--format nul` framing) and `env` (for each
//! `--env=KEY` or `--secret=id=ID,env=KEY` it is given, `KEY=VALUE` from its
//! environment, NUL-ended).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::{Test, write};

pub struct FakeDocker {
    /// Where it records (`FAKE_DIR`).
    pub dir: PathBuf,
    /// Holds the `docker` script, first on the scripts' PATH.
    pub bin: PathBuf,
}

/// Answers the read-only queries with an empty engine; anything else is
/// recorded in `log`.
pub const EMPTY_ENGINE: &str = r#"#!/usr/bin/env bash
set -euo pipefail
case "${1-} ${2-}" in
  "ps "* | "network ls" | "volume ls" | "image ls") exit 0 ;;
esac
"#;

/// What a fake docker does with a command it does not answer: record it
/// in `log`, and each variable it passes by name in `env`.
const RECORD: &str = r#"printf '%s\0' "$(($# + 1))" docker "$@" >>"$FAKE_DIR/log"
# (Its own variables are named so that no environment key can be one.)
for __fake_arg in "$@"; do
  if [[ $__fake_arg == --env=* && $__fake_arg != --env=*=* ]]; then
    __fake_key=${__fake_arg#--env=}
    printf '%s=%s\0' "$__fake_key" "${!__fake_key-<unset>}" >>"$FAKE_DIR/env"
  fi
  # A build secret from the environment: `--secret=id=ID,env=KEY`.
  if [[ $__fake_arg == --secret=*,env=* ]]; then
    __fake_key=${__fake_arg##*,env=}
    printf '%s=%s\0' "$__fake_key" "${!__fake_key-<unset>}" >>"$FAKE_DIR/env"
  fi
done
"#;

impl FakeDocker {
    /// `dir/bin/docker`, recording into `dir`: the script `answers` (the
    /// queries it answers, and how), then [`RECORD`], then `then`.
    pub fn new(dir: &Path, answers: &str, then: &str) -> Self {
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let docker = write(&bin, "docker", &format!("{answers}{RECORD}{then}"));
        std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self {
            dir: dir.to_path_buf(),
            bin,
        }
    }

    /// The commands recorded, in the `--format nul` framing.
    pub fn log(&self) -> Vec<u8> {
        std::fs::read(self.dir.join("log")).unwrap()
    }

    /// The `KEY=VALUE` of each `--env=KEY` passed by name.
    pub fn env_log(&self) -> Vec<String> {
        let bytes = std::fs::read(self.dir.join("env")).unwrap();
        bytes
            .split(|&b| b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8(s.to_vec()).unwrap())
            .collect()
    }

    /// `bash SCRIPT ARGS…` with no environment but `PATH` (the fake first)
    /// and `FAKE_DIR` (more may be added).
    pub fn bash(&self, script: &Path, args: &[&str]) -> Test {
        let path = format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap());
        Test::bash(script, args)
            .env_clear()
            .env("PATH", path)
            .env("FAKE_DIR", &self.dir)
    }
}
