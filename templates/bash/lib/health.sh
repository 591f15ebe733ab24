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
_sc_wait_healthy() {
  if ((_sc_dry_run || _sc_plan)); then
    return 0
  fi
  # Healthy when the state was read, and not (re)started since: no poll.
  if [[ ! -e $_sc_marks/$1 && ${_sc_statuses["$1"]-} == *'(healthy)'* ]]; then
    return 0
  fi
  local container=$1 service=$2 limit=${STACKC_HEALTH_TIMEOUT:-$3} status
  local deadline=$((SECONDS + limit))
  _sc_say "container ${container}: waiting until healthy (at most ${limit}s)"
  while :; do
    status=$(docker inspect --format '{% raw %}{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}{% endraw %}' "$container") ||
      _sc_die "step ${_sc_step}: cannot inspect ${container} (service ${service})"
    case $status in
      *' healthy')
        _sc_say "container ${container}: healthy"
        return 0
        ;;
      *' unhealthy')
        _sc_health_log "$container"
        _sc_die "step ${_sc_step}: ${container} (service ${service}) is unhealthy; its last health checks are above"
        ;;
      *' none') _sc_die "step ${_sc_step}: ${container} (service ${service}) has no healthcheck" ;;
      exited* | dead*)
        docker logs --tail 20 "$container" >&2 || true
        _sc_die "step ${_sc_step}: ${container} (service ${service}) stopped (${status%% *}) before it was healthy; its last log lines are above"
        ;;
    esac
    if ((SECONDS >= deadline)); then
      _sc_health_log "$container"
      _sc_die "step ${_sc_step}: ${container} (service ${service}) is not healthy after ${limit}s (${status#* }); its last health checks are above"
    fi
    sleep 1
  done
}
