#!/usr/bin/env bash
# Fuzz the whole pipeline (fuzz/fuzz_targets/pipeline.rs: parse → passes →
# every action → every backend) for a bounded time: scripts/fuzz.sh [SECONDS]
# (default 60). Installs cargo-fuzz when missing, seeds the corpus from
# fixtures/, and exits non-zero on a crash (the input is in
# fuzz/artifacts/pipeline/; make it a fixture and fix the bug).
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address, …) to rustc;
# on the stable toolchain RUSTC_BOOTSTRAP=1 lets it, which is what the
# only-stable CI machines do.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked
fi
bash fuzz/seed.sh
export RUSTC_BOOTSTRAP=1
# -max_len: a stack file of a few KiB is the interesting size; -timeout: a
# single input that takes seconds is a bug too (exponential behaviour).
cargo fuzz run pipeline --fuzz-dir fuzz -- \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1
