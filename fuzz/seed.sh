#!/usr/bin/env bash
# Seed the fuzz corpus with every stack of fixtures/ (valid, invalid,
# engine): fuzz/corpus/pipeline/<kind>-<name>. Safe to run again.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")"
mkdir -p corpus/pipeline
for kind in valid invalid engine; do
  for file in ../fixtures/"$kind"/*.toml; do
    cp -- "$file" "corpus/pipeline/$kind-$(basename -- "$file")"
  done
done
echo "fuzz/corpus/pipeline: $(find corpus/pipeline -type f | wc -l) inputs"
