#!/usr/bin/env bash
# The whole test suite: installs the tools the tests run against (see
# scripts/tools.sh), then formatting, lints, and every test.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

bash scripts/tools.sh
export STACKC_VENV="$PWD/.venv"

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
INSTA_UPDATE=no cargo test --workspace --locked
