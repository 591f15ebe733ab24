#!/usr/bin/env bash
# Compile the bundled example stack to every target, into target/demo/.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

cargo build --quiet --release
stackc=target/release/stackc
stack=fixtures/valid/webapp.toml
out=target/demo
mkdir -p "$out"

"$stackc" -f "$stack" check
"$stackc" -f "$stack" bash -o "$out/up.sh"
"$stackc" -f "$stack" bash --action down -o "$out/down.sh"
"$stackc" -f "$stack" argv --format json -o "$out/argv.json"
"$stackc" -f "$stack" compose -o "$out/compose.yaml"
"$stackc" -f "$stack" graph -o "$out/stack.dot"

if command -v dot >/dev/null 2>&1; then
  dot -Tsvg "$out/stack.dot" -o "$out/stack.svg"
fi

for file in up.sh down.sh argv.json compose.yaml stack.dot; do
  printf '\n===== %s/%s =====\n' "$out" "$file"
  cat "$out/$file"
done
printf '\nWrote %s/{up.sh,down.sh,argv.json,compose.yaml,stack.dot} from %s\n' "$out" "$stack"
