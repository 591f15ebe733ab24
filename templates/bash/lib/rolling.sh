{# Rolling updates: the replicas of a service replaced in batches, each
   batch ready before the next. #}

# The containers of a rolling update that this run replaces, until the end
# of their batch (where their new containers are waited for).
declare -A _sc_rolled=()

# Disconnect container $1 from its networks ($2…) before it stops, so that
# their DNS stops answering with it while it still serves what it was sent.
# Best effort: it is stopped and removed next in any case.
_sc_drain() {
  if ((_sc_dry_run || _sc_plan)); then
    return 0
  fi
  local _sc_name=$1 _sc_network
  shift
  for _sc_network in "$@"; do
    docker network disconnect "$_sc_network" "$_sc_name" >/dev/null 2>&1 || true
  done
}

# Say that the start-first replacement $1 of a container was created and
# started ($2 says so), marked as started for the health waits; not a row of
# --plan (its container's recreate is).
_sc_next_started() {
  if [[ -n $_sc_marks ]]; then
    : >"$_sc_marks/$1"
  fi
  _sc_say "container $1: $2"
}
