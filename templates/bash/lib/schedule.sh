# The schedule being written: the tasks (service functions and health
# waits) in a fixed order where each comes after the tasks it needs; for
# each task, how many of those are not done yet, and the tasks that need it.
_sc_tasks=()
_sc_count=0
declare -A _sc_needs=() _sc_then=()

# Add task $1 (a function) to the schedule, to run once the tasks named after
# it are done.
_sc_task() {
  local _sc_t
  _sc_tasks+=("$1")
  _sc_count=$((_sc_count + 1))
  _sc_needs["$1"]=$(($# - 1))
  for _sc_t in "${@:2}"; do
    _sc_then["$_sc_t"]+=" $1"
  done
}

# Run the tasks added since the last schedule, then forget them: each as soon
# as the tasks it needs are done, at most _sc_jobs services at a time (a wait
# takes no slot). With --dry-run, --plan or STACKC_JOBS=1, or a single task:
# one at a time, in the order they were added, in this process.
_sc_schedule() {
  # The functions read the parameters, which are global variables: every
  # local of this caller is an `_sc_` name, which no parameter has (bash's
  # scoping is dynamic).
  local _sc_f
  if ((_sc_dry_run || _sc_plan || _sc_jobs == 1 || _sc_count == 1)); then
    for _sc_f in "${_sc_tasks[@]}"; do
      "$_sc_f"
    done
  else
    _sc_concurrently
  fi
  _sc_tasks=()
  _sc_count=0
  _sc_needs=()
  _sc_then=()
}

# Run task $1 (in the background): when it ends, write its status and name on
# the schedule's FIFO. A TERM stops it (the schedule stops the waits when a
# task failed).
_sc_launch() {
  local _sc_pid='' _sc_status=0
  trap '_sc_status=143; if [[ -n $_sc_pid ]]; then kill "$_sc_pid" 2>/dev/null || :; fi' TERM
  _sc_parallel=1 "$1" &
  _sc_pid=$!
  if ((_sc_status == 0)); then
    wait "$_sc_pid" || _sc_status=$?
  else
    kill "$_sc_pid" 2>/dev/null || :
  fi
  printf '%s %s\n' "$_sc_status" "$1" >&"$_sc_events"
}

# The schedule's tasks concurrently. Each task runs in a background process
# that reports its end on a FIFO (any bash this script accepts has what this
# needs; `wait -n`, which would tell that a task ended but not which one
# before bash 5.1, is not used). When a task fails no other starts, the
# waits are stopped, and the script stops once the running services are
# done.
_sc_concurrently() {
  local _sc_f _sc_t _sc_status _sc_events _sc_queued=0 _sc_next=0 _sc_services=0 _sc_active=0 _sc_failed=0 _sc_done=0
  local -a _sc_queue=()
  local -A _sc_pids=()
  mkfifo -m 600 -- "$_sc_marks/.events" || _sc_die "cannot make a FIFO in ${_sc_marks} (mkfifo)"
  exec {_sc_events}<>"$_sc_marks/.events"
  rm -f -- "$_sc_marks/.events"
  for _sc_f in "${_sc_tasks[@]}"; do
    if ((_sc_needs[$_sc_f] == 0)); then
      _sc_ready "$_sc_f"
    fi
  done
  while :; do
    while ((!_sc_failed && _sc_next < _sc_queued && _sc_services < _sc_jobs)); do
      _sc_start "${_sc_queue[_sc_next]}"
      _sc_next=$((_sc_next + 1))
    done
    if ((_sc_active == 0)); then
      break
    fi
    read -r _sc_status _sc_f <&"$_sc_events"
    wait "${_sc_pids[$_sc_f]}" || :
    unset "_sc_pids[$_sc_f]"
    _sc_active=$((_sc_active - 1))
    if [[ $_sc_f != _sc_healthy_* ]]; then
      _sc_services=$((_sc_services - 1))
    fi
    if ((_sc_status != 0)); then
      if ((!_sc_failed)); then
        _sc_failed=1
        for _sc_t in ${_sc_pids[@]+"${!_sc_pids[@]}"}; do
          if [[ $_sc_t == _sc_healthy_* ]]; then
            kill "${_sc_pids[$_sc_t]}" 2>/dev/null || :
          fi
        done
      fi
      continue
    fi
    _sc_done=$((_sc_done + 1))
    if ((_sc_failed)); then
      continue
    fi
    for _sc_t in ${_sc_then[$_sc_f]-}; do
      _sc_needs["$_sc_t"]=$((_sc_needs[$_sc_t] - 1))
      if ((_sc_needs[$_sc_t] == 0)); then
        _sc_ready "$_sc_t"
      fi
    done
  done
  exec {_sc_events}>&-
  if ((_sc_failed)); then
    exit 1
  fi
  if ((_sc_done != _sc_count)); then
    _sc_die "step ${_sc_step}: the schedule ran ${_sc_done} of its ${_sc_count} tasks"
  fi
}

# Task $1 may run: a wait starts at once, a service joins the queue.
_sc_ready() {
  if [[ $1 == _sc_healthy_* ]]; then
    _sc_start "$1"
  else
    _sc_queue+=("$1")
    _sc_queued=$((_sc_queued + 1))
  fi
}

# Start task $1 in the background.
_sc_start() {
  _sc_launch "$1" &
  _sc_pids["$1"]=$!
  _sc_active=$((_sc_active + 1))
  if [[ $1 != _sc_healthy_* ]]; then
    _sc_services=$((_sc_services + 1))
  fi
}
