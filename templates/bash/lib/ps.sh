{# `ps`: the table's rows. #}

# One row of the table: service, container, state, health, definition.
_sc_report() {
  local service=$1 container=$2 hash=$3 image=$4 sealed=${5-} state health=- config=-
  state=$(_sc_status "$container")
  case ${_sc_statuses["$container"]-} in
    *'(healthy)'*) health=healthy ;;
    *'(unhealthy)'*) health=unhealthy ;;
    *'(health: starting)'*) health=starting ;;
  esac
  if [[ -z $state ]]; then
    state=absent
  elif [[ ${_sc_hashes["$container"]-} == "$hash" && ${_sc_images_live["$container"]-} == "$image" && ${_sc_sealed["$container"]-} == "$sealed" ]]; then
    config=current
  else
    config=changed
  fi
  if ((!_sc_dry_run)); then
    printf '%-16s %-32s %-12s %-10s %s\n' "$service" "$container" "$state" "$health" "$config"
  fi
}
