#!/usr/bin/env bash
# Do two stackc binaries give the same outputs? For every fixture (every
# *.toml under fixtures/) and every command that reads a stack (check, bash
# and argv of each action and format, compose, kube to stdout and to a
# directory, graph, swarm, and `-o FILE` for bash and compose), compares
# stdout, stderr, the exit status and any file written, byte for byte; then
# the same on benches' stack of N services (gen.py). For refactors and
# performance work that must not change a byte.
#
#   bash benches/same.sh BASE NEW [N]     # N: services of the big stack (default 10000; 0: none)
#
# Prints each difference (the command and a diff) and exits 1 if any.
set -uo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
base=$(realpath "$1") new=$(realpath "$2") size=${3:-10000}
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
export NO_COLOR=1
runs=0 diffs=0

# run BIN SIDE ARGS…: the outcome of one command into $work/SIDE/.
run() {
  local bin=$1 side=$2
  shift 2
  rm -rf -- "$work/$side"
  mkdir -p -- "$work/$side/o"
  local args=("$@") i
  for i in "${!args[@]}"; do args[i]=${args[i]//@OUT@/$work/$side/o}; done
  "$bin" "${args[@]}" >"$work/$side/stdout" 2>"$work/$side/stderr" </dev/null
  echo $? >"$work/$side/status"
  # The outputs name their own path: make both sides' the same.
  sed -i "s|$work/$side/o|@OUT@|g" "$work/$side/stdout" "$work/$side/stderr"
}

same() {
  runs=$((runs + 1))
  run "$base" a "$@"
  run "$new" b "$@"
  if ! diff -r "$work/a" "$work/b" >"$work/diff"; then
    diffs=$((diffs + 1))
    printf 'DIFFERS: stackc %s\n' "$*"
    head -40 "$work/diff"
  fi
}

actions=(up create start stop restart pull build ps down purge)
each() {
  local f=$1 a fmt
  same -f "$f" check
  for a in "${actions[@]}" backup restore; do same -f "$f" bash --action "$a"; done
  for a in "${actions[@]}"; do same -f "$f" argv --action "$a"; done
  for fmt in shell nul; do same -f "$f" argv --format "$fmt"; done
  same -f "$f" bash -o @OUT@/up.sh
  same -f "$f" compose
  same -f "$f" compose -o @OUT@/compose.yaml
  same -f "$f" kube
  same -f "$f" kube -o @OUT@/
  same -f "$f" graph
  same -f "$f" graph --format mermaid
  same -f "$f" swarm
  same -f "$f" swarm --format yaml
}

while IFS= read -r f; do each "$f"; done < <(find fixtures -name '*.toml' | sort)
if ((size > 0)); then
  python3 benches/gen.py --services "$size" --out "$work/big" >/dev/null
  f=$work/big/stack.toml
  same -f "$f" check
  same -f "$f" bash
  same -f "$f" bash --action down
  same -f "$f" argv
  same -f "$f" argv --format shell
  same -f "$f" compose
  same -f "$f" kube
  same -f "$f" kube -o @OUT@/
  same -f "$f" graph
fi
echo "same.sh: $runs commands, $diffs differ" >&2
((diffs == 0))
