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
# It reads the state, and while the container is not healthy yet it follows
# the container's health events (`docker events`, 10 s at a time): each
# event, or a second without one, has the state read again, so that a change
# is seen at once without polling. Where events cannot be followed, it polls
# every 0.1 s for the first 3 s, then every 0.5 s. In a rolling update, a
# failure also says $4 and removes the container $5 (a start-first
# replacement).
_sc_wait_healthy() {
  if ((_sc_dry_run || _sc_plan)); then
    return 0
  fi
  # Healthy when the state was read, and not (re)started since; or seen
  # healthy by this run since it last (re)started it: no poll.
  if [[ (! -e $_sc_marks/$1 && ${_sc_statuses["$1"]-} == *'(healthy)'*) || -e $_sc_marks/.healthy/$1 ]]; then
    return 0
  fi
  local container=$1 service=$2 limit=${STACKC_HEALTH_TIMEOUT:-$3} status polls=0 now events=1 until=0
  local _sc_listener='' _sc_listen_fd=''
  local deadline=$((SECONDS + limit))
  _sc_say "container ${container}: waiting until healthy (at most ${limit}s)"
  while :; do
    printf -v now '%(%s)T' -1
    status=$(docker inspect --format '{% raw %}{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}{% endraw %}' "$container") ||
      _sc_unhealthy "cannot inspect ${container} (service ${service})" "${@:4}"
    case $status in
      *' healthy')
        _sc_unlisten
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
    if ((events)) && [[ -z $_sc_listen_fd ]]; then
      # From a little before this read of the state, so that no event
      # between the read and the start of `docker events` is missed (the
      # engine's clock may be a little behind this one).
      until=$((SECONDS + 10))
      _sc_listen "$container" $((now - 2)) $((now + 10))
    fi
    if [[ -n $_sc_listen_fd ]]; then
      if read -r -t 1 -u "$_sc_listen_fd" _ || (($? > 128)); then
        continue
      fi
      # The events ended: at the end of their 10 s, follow them anew;
      # before it, the engine or CLI has none to give: poll.
      _sc_unlisten
      if ((SECONDS < until - 1)); then
        events=0
      fi
      continue
    fi
    if ((polls <= 30)); then
      sleep 0.1
    else
      sleep 0.5
    fi
  done
}

# Follow the health events of container $1 from time $2 until time $3 (Unix
# seconds), each a line on the descriptor _sc_listen_fd (the caller's
# variable), in a process of its own, _sc_listener (the caller's too), which
# _sc_unlisten stops; the end of its time stops it otherwise, so that none
# outlives the script by more than 10 s. A name filter also matches longer
# names, which only costs a read of the state.
_sc_listen() {
  exec {_sc_listen_fd}< <(
    printf '%s\n' "$BASHPID"
    exec docker events --since "$2" --until "$3" --filter "container=$1" \
      --filter event=health_status --filter event=die --filter event=destroy \
      --format '{% raw %}{{.Status}}{% endraw %}' 2>/dev/null
  )
  if ! read -r _sc_listener <&"$_sc_listen_fd"; then
    _sc_unlisten
  fi
}

# Stop following the events of _sc_listen, if it does.
_sc_unlisten() {
  if [[ -n ${_sc_listener-} ]]; then
    kill "$_sc_listener" 2>/dev/null || :
    _sc_listener=''
  fi
  if [[ -n ${_sc_listen_fd-} ]]; then
    exec {_sc_listen_fd}<&-
    _sc_listen_fd=''
  fi
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
  _sc_unlisten
  if [[ -n ${3-} ]]; then
    docker rm --force "$3" >/dev/null 2>&1 || true
  fi
  _sc_die "step ${_sc_step}: $1${2:+; $2}"
}
