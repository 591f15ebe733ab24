#!/usr/bin/env bash
# The whole test suite: installs the tools the tests run against (see
# scripts/tools.sh), then formatting, lints, and every test.
#
# The end-to-end tests (tests/engine/) run the generated scripts on the
# Docker engine of this machine. They run whenever `docker info` answers;
# when it does not, this script says so loudly and sets
# STACKC_SKIP_ENGINE=1, so those tests report themselves skipped.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

bash scripts/tools.sh
export STACKC_VENV="$PWD/.venv"

if docker info >/dev/null 2>&1; then
  echo "engine: docker info answers; the end-to-end tests run on it"
else
  echo "############################################################"
  echo "engine: docker info does NOT answer; the end-to-end tests"
  echo "(tests/engine/) are SKIPPED in this run"
  echo "############################################################"
  export STACKC_SKIP_ENGINE=1
fi

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
log=$(mktemp)
trap 'rm -f "$log"' EXIT
INSTA_UPDATE=no cargo test --workspace --locked 2>&1 | tee "$log"

# Fuzz the whole pipeline for a minute (cargo-fuzz; see scripts/fuzz.sh).
bash scripts/fuzz.sh 60

# One closing line for the whole suite: the sum of every test binary's.
awk '/^test result:/ { p += $4; f += $6; i += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, i }' "$log"
