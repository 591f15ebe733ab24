{# Waits for `healthy` dependencies. #}

# Print a container's last health check results on stderr.
_sc_health_log() {
  local line
  docker inspect --format '{% raw %}{{range .State.Health.Log}}health check (exit {{.ExitCode}}): {{.Output}}{{"\n"}}{{end}}{% endraw %}' "$1" |
    while IFS= read -r line; do
      if [[ -n $line ]]; then
        printf '%s\n' "$line" >&2
      fi
    done || true
}

# Wait until a container's healthcheck reports healthy, at most
# STACKC_HEALTH_TIMEOUT seconds (default: from the healthcheck's settings).
# It polls every 0.1 s for the first 3 s (a check that passes at once is seen
# within 0.1 s), then every 0.5 s. In a rolling update, a failure also says
# $4 and removes the container $5 (a start-first replacement).
_sc_wait_healthy() {
  if ((_sc_dry_run || _sc_plan)); then
    return 0
  fi
  # Healthy when the state was read, and not (re)started since; or seen
  # healthy by this run since it last (re)started it: no poll.
  if [[ (! -e $_sc_marks/$1 && ${_sc_statuses["$1"]-} == *'(healthy)'*) || -e $_sc_marks/.healthy/$1 ]]; then
    return 0
  fi
  local container=$1 service=$2 limit=${STACKC_HEALTH_TIMEOUT:-$3} status polls=0
  local deadline=$((SECONDS + limit))
  _sc_say "container ${container}: waiting until healthy (at most ${limit}s)"
  while :; do
    status=$(docker inspect --format '{% raw %}{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}{% endraw %}' "$container") ||
      _sc_unhealthy "cannot inspect ${container} (service ${service})" "${@:4}"
    case $status in
      *' healthy')
        _sc_say "container ${container}: healthy"
        _sc_seen_healthy "$container"
        return 0
        ;;
      *' unhealthy')
        _sc_health_log "$container"
        _sc_unhealthy "${container} (service ${service}) is unhealthy; its last health checks are above" "${@:4}"
        ;;
      *' none') _sc_unhealthy "${container} (service ${service}) has no healthcheck" "${@:4}" ;;
      exited* | dead*)
        docker logs --tail 20 "$container" >&2 || true
        _sc_unhealthy "${container} (service ${service}) stopped (${status%% *}) before it was healthy; its last log lines are above" "${@:4}"
        ;;
    esac
    if ((SECONDS >= deadline)); then
      _sc_health_log "$container"
      _sc_unhealthy "${container} (service ${service}) is not healthy after ${limit}s (${status#* }); its last health checks are above" "${@:4}"
    fi
    polls=$((polls + 1))
    if ((polls <= 30)); then
      sleep 0.1
    else
      sleep 0.5
    fi
  done
}

# Note that container $1 is healthy: the waits of this run need not poll it
# again unless it is (re)started.
_sc_seen_healthy() {
  if [[ -n $_sc_marks ]]; then
    if [[ ! -d $_sc_marks/.healthy ]]; then
      mkdir -p -- "$_sc_marks/.healthy"
    fi
    : >"$_sc_marks/.healthy/$1"
  fi
}

# Stop: $1 says why, $2 (if given) what it means for a rolling update; the
# container $3 (if given) is removed first.
_sc_unhealthy() {
  if [[ -n ${3-} ]]; then
    docker rm --force "$3" >/dev/null 2>&1 || true
  fi
  _sc_die "step ${_sc_step}: $1${2:+; $2}"
}
