#!/usr/bin/env bash
# The stackc benchmark (docs/performance.md): builds stackc in release,
# installs what it needs when missing (Debian's hyperfine and time; the
# .venv of scripts/tools.sh for Docker Compose v2), measures, and regenerates
# docs/performance.md and docs/performance.svg from target/bench/*.json.
#
#   bash benches/run.sh                 # everything (about 10 minutes)
#   bash benches/run.sh --quick         # sizes up to 1,000, fewer rounds (about 2 minutes)
#   bash benches/run.sh --only compile,scripts --rounds 2 --sizes 10,100,1000
#   bash benches/run.sh --report-only   # rewrite the docs from the last results
#
# Other flags (passed to benches/bench.py): --stackc-sizes 30,300,3000,
# --script-sizes 3,10,50,200, --engine-services 20, --engine-rounds 3,
# --noop-runs 2, --profile-size 10000.
# stackc is built from the committed HEAD, exported to target/bench/src (the
# working tree of a shared checkout may be mid-edit); --worktree builds the
# working tree instead; STACKC=path uses a built binary.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

args=()
quick=0
report_only=0
worktree=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --report-only) report_only=1 ;;
    --worktree) worktree=1 ;;
    *) args+=("$arg") ;;
  esac
done
if ((quick)); then
  args=(--quick --sizes 10,100,1000 --stackc-sizes 30,300 --rounds 2 --engine-rounds 1 --noop-runs 1 --profile-size 1000 "${args[@]}")
fi

if ((!report_only)); then
  missing=()
  command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
  [[ -x /usr/bin/time ]] || missing+=(time)
  command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
  if ((${#missing[@]})); then
    echo "bench: installing Debian packages: ${missing[*]}" >&2
    sudo=()
    if ((EUID != 0)); then sudo=(sudo); fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! .venv/bin/python -c 'import compose' >/dev/null 2>&1; then
    bash scripts/tools.sh
  fi
  # The real docker-compose binary (the launcher on PATH always exits 0).
  compose=$(.venv/bin/python -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
  if [[ -n ${STACKC-} ]]; then
    stackc=$STACKC
    version="$STACKC"
  elif ((worktree)); then
    echo "bench: cargo build --release --bin stackc (working tree)" >&2
    cargo build --release --quiet --bin stackc
    stackc=target/release/stackc
    version="$(git describe --always --dirty) (working tree)"
  else
    head=$(git rev-parse --short HEAD)
    echo "bench: cargo build --release --bin stackc (commit $head, in target/bench/src)" >&2
    rm -rf target/bench/src
    mkdir -p target/bench/src
    git archive HEAD | tar -x -C target/bench/src
    cargo build --release --quiet --bin stackc --manifest-path target/bench/src/Cargo.toml \
      --target-dir target/bench/cargo
    stackc=target/bench/cargo/release/stackc
    version="$head"
  fi
  # massif sees the heap through malloc, which mimalloc (the default
  # allocator) does not call: the memory profile runs a build with the
  # system's malloc, of the same source.
  source_manifest=Cargo.toml
  if [[ -z ${STACKC-} && $worktree == 0 ]]; then source_manifest=target/bench/src/Cargo.toml; fi
  echo "bench: cargo build --release --no-default-features (system malloc, for massif)" >&2
  cargo build --release --quiet --bin stackc --no-default-features --manifest-path "$source_manifest" \
    --target-dir target/bench/system
  export STACKC_BENCH_VERSION=$version
  stackc=$(realpath "$stackc")
  python3 benches/bench.py --stackc "$stackc" --stackc-system "$(realpath target/bench/system/release/stackc)" \
    --compose "$compose" "${args[@]}"
fi
python3 benches/report.py
