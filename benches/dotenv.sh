#!/usr/bin/env bash
# How long a generated script takes to read `.env` beside it, by size, and
# Docker Compose v2 (`docker-compose config`) on the same files: the time
# per MiB must stay flat as the file grows (linear), whatever the file is
# made of. Needs the .venv of scripts/tools.sh.
#
#   bash benches/dotenv.sh            # 1, 2 and 4 MiB
#   bash benches/dotenv.sh 1 8        # sizes in MiB
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1 2 4)
compose=$(.venv/bin/python -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
cargo build -q --release
dir=$(mktemp -d)
trap 'rm -rf -- "$dir"' EXIT
printf '[stack]\nname = "dotenv"\n[params.A]\ndefault = "d"\n[services.s]\nimage = "busybox"\nenvironment = { A = "${A}" }\n' >"$dir/stack.toml"
target/release/stackc -f "$dir/stack.toml" bash -o "$dir/up.sh"
printf 'services:\n  s:\n    image: busybox\n    environment:\n      A: ${A:-d}\n' >"$dir/compose.yaml"

# One .env of about SIZE MiB: each kind of content compose reads.
make() {
  python3 - "$1" "$2" >"$dir/.env" <<'PY'
import sys
kind, mib = sys.argv[1], int(sys.argv[2])
n = mib * 1024 * 1024
if kind == "one-line":
    print("A=" + "x" * n)
elif kind == "quoted":
    print('A="' + ("a\\nb\\\"c " * (n // 8)) + '"')
elif kind == "lines":
    for i in range(n // 20):
        print(f"K{i}=value-{i} # c")
PY
}

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

printf '%-9s %5s  %10s %10s  %10s %10s\n' content MiB 'up.sh s' 's/MiB' 'compose s' 's/MiB'
for kind in one-line quoted lines; do
  for mib in "${sizes[@]}"; do
    make "$kind" "$mib"
    ours=$(cd "$dir" && seconds bash ./up.sh --dry-run)
    theirs=$(cd "$dir" && seconds "$compose" -f compose.yaml config)
    printf '%-9s %5s  %10.2f %10.2f  %10.2f %10.2f\n' "$kind" "$mib" "$ours" \
      "$(echo "$ours / $mib" | bc -l)" "$theirs" "$(echo "$theirs / $mib" | bc -l)"
  done
done
