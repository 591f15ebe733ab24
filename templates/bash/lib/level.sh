# Run the given service functions, which do not depend on each other:
# concurrently, at most _sc_jobs at a time; stop after them if one failed.
_sc_level() {
  # The service functions read the parameters, which are global variables:
  # every local of this caller is an `_sc_` name, which no parameter has
  # (bash's scoping is dynamic).
  local _sc_f
  if ((_sc_dry_run || _sc_plan || _sc_jobs == 1 || $# == 1)); then
    for _sc_f in "$@"; do
      "$_sc_f"
    done
    return 0
  fi
  local _sc_i _sc_pid _sc_failed=0 _sc_pids
  for ((_sc_i = 1; _sc_i <= $#; _sc_i += _sc_jobs)); do
    _sc_pids=()
    for _sc_f in "${@:_sc_i:_sc_jobs}"; do
      _sc_parallel=1 "$_sc_f" &
      _sc_pids+=("$!")
    done
    for _sc_pid in "${_sc_pids[@]}"; do
      wait "$_sc_pid" || _sc_failed=1
    done
  done
  if ((_sc_failed)); then
    exit 1
  fi
}

# Marks of the containers this run (re)starts, shared with the concurrent
# service functions (a directory made before the first docker call).
_sc_marks=
