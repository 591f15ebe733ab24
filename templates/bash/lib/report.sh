{# What the script says and runs: progress lines, the `--plan` rows, `_sc_run`
   (and `_sc_run_status` for `--action run`). -#}
# Report progress, one line per resource (silent with --dry-run and --plan).
_sc_say() {
  if ((!_sc_dry_run && !_sc_plan)); then
    printf '%s\n' "$*"
  fi
}

# Marks of the containers this run (re)starts, shared with the concurrent
# service functions (a directory made before the first docker call).
_sc_marks=

# The plan: kind, name, action, detail for each resource, in order.
declare -a _sc_plan_rows=()
declare -A _sc_planned=()

# Report what happened to a resource: `KIND NAME: TEXT (DETAIL)`; with
# --plan, record `ACTION KIND NAME` once per resource instead.
_sc_did() {
  local kind=$1 name=$2 verb=$3 text=$4 detail=${5-}
  if ((_sc_plan)); then
    if [[ -z ${_sc_planned["$kind:$name"]+x} ]]; then
      _sc_planned["$kind:$name"]=1
      _sc_plan_rows+=("$kind" "$name" "$verb" "$detail")
    fi
    return 0
  fi
  case $verb in
    create | start | run | restart | recreate)
      # Record that this run (re)started the container, for the health
      # waits of later services (possibly in other processes).
      if [[ -n $_sc_marks ]]; then
        : >"$_sc_marks/$name"
        if [[ -e $_sc_marks/.healthy/$name ]]; then
          rm -f -- "$_sc_marks/.healthy/$name"
        fi
      fi
      ;;
  esac
  _sc_say "$kind $name: $text${detail:+ ($detail)}"
}

{% include "bash/lib/print.sh" %}

# Run a docker command, or print it with --dry-run (or, with --plan, skip it).
_sc_run() {
  if ((_sc_dry_run)); then
    _sc_print "$@"
    return 0
  fi
  if ((_sc_plan)); then
    return 0
  fi
  # Docker's own output (IDs, names) would break the one line per resource
  # of this script's stdout: drop it, but show build and pull progress on
  # stderr. Errors go to stderr as they are.
  local _sc_status=0
  case ${2-} in
    build | pull) "$@" >&2 || _sc_status=$? ;;
    *) "$@" >/dev/null || _sc_status=$? ;;
  esac
  if ((_sc_status != 0)); then
    _sc_die "step ${_sc_step}: command failed with exit status ${_sc_status}: $(_sc_print "$@")"
  fi
}

{%- if runs_once %}

# Run a command whose exit status is the result (`--action run`): recorded in
# _sc_status_of_run instead of stopping the script.
_sc_run_status() {
  if ((_sc_dry_run)); then
    _sc_print "$@"
    return 0
  fi
  "$@" || _sc_status_of_run=$?
}
{%- endif %}
