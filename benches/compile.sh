#!/usr/bin/env bash
# Compile time and peak memory of each command on benches' stack of N
# services (gen.py): the least user CPU of R runs (the machine is noisy)
# and the peak RSS, from /usr/bin/time.
#
#   bash benches/compile.sh STACKC [N] [R]      # N: 10000, R: 5
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
stackc=$(realpath "$1") size=${2:-10000} rounds=${3:-5}
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
python3 benches/gen.py --services "$size" --out "$work" >/dev/null
printf '%-8s %8s %8s %9s\n' command user_s sys_s peak_MB
for command in check compose bash argv kube graph; do
  best='' sys='' rss=0
  for ((i = 0; i < rounds; i++)); do
    /usr/bin/time -f '%U %S %M' -o "$work/time" "$stackc" -f "$work/stack.toml" "$command" >/dev/null 2>&1
    read -r u s m <"$work/time"
    if [[ -z $best ]] || (($(echo "$u < $best" | bc))); then best=$u sys=$s; fi
    ((m > rss)) && rss=$m
  done
  printf '%-8s %8s %8s %9.1f\n' "$command" "$best" "$sys" "$(echo "$rss / 1024" | bc -l)"
done
