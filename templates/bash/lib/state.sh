{# What exists of the stack, and the questions the blocks ask of it. -#}
# What exists of the stack: "kind:name" -> state; container -> config hash,
# field digests, seal of secrets, image reference (or ID), status text; the
# containers this script defines.
declare -A _sc_state=() _sc_hashes=() _sc_fields_live=() _sc_sealed=() _sc_images_live=() _sc_statuses=() _sc_known=() _sc_image_hashes=()
# The build-input hash of each image this script built or kept, by tag; the
# tags it built anew (their containers run the image they replaced).
declare -A _sc_bhashes=() _sc_rebuilt=()
# Each network's config hash: as it exists (empty when stackc did not label
# it), and as this script defines it.
declare -A _sc_net_live=() _sc_net_hash=()

# Whether a resource of the stack exists (with --dry-run: {{ dry_run_assumes }}).
_sc_has() {
  if ((_sc_dry_run)); then
    return {{ dry_run_has }}
  fi
  local ref=$2
  if [[ $1 == image && ${ref##*/} != *:* ]]; then
    ref+=:latest
  fi
  [[ -n ${_sc_state["$1:$ref"]+x} ]]
}
{%- if needs.checks_unused %}

# Stop before anything is removed when a container that is not the stack's
# uses one of its networks or volumes ($1: networks or volumes; then their
# names): the engine would refuse to remove it after the stack was half
# removed.
_sc_unused() {
  local kind=$1 name out users user present=() filters=()
  shift
  if ((_sc_dry_run)); then
    return 0
  fi
  for name in "$@"; do
    if _sc_has "${kind%s}" "$name"; then
      present+=("$name")
      filters+=(--filter "volume=$name")
    fi
  done
  if {% raw %}((${#present[@]} == 0)){% endraw %}; then
    return 0
  fi
  if [[ $kind == networks ]]; then
    out=$(docker network inspect --format '{% raw %}{{.Name}}{{range .Containers}} {{.Name}}{{end}}{% endraw %}' "${present[@]}") ||
      _sc_die "cannot read the networks of the stack (docker network inspect)"
    while read -r name users; do
      for user in $users; do
        if [[ -z ${_sc_state["container:$user"]+x} ]]; then
          _sc_die "step ${_sc_step}: the network ${name} is used by the container ${user}, which is not the stack's: disconnect or remove it and run this script again; nothing was removed"
        fi
      done
    done <<<"$out"
  else
    out=$(docker ps --all "${filters[@]}" --format '{% raw %}{{.Names}} {{.Mounts}}{% endraw %}') ||
      _sc_die "cannot list the containers that use the volumes of the stack (docker ps)"
    while read -r user name; do
      if [[ -n $user && -z ${_sc_state["container:$user"]+x} ]]; then
        _sc_die "step ${_sc_step}: the container ${user}, which is not the stack's, uses its volumes (it mounts ${name}): remove it and run this script again; nothing was removed"
      fi
    done <<<"$out"
  fi
}
{%- endif %}
{%- if needs.status %}

# The state of a container (running, created, exited:CODE, …), empty if absent.
_sc_status() {
  if ((_sc_dry_run)); then
    printf '%s' '{{ dry_status }}'
    return 0
  fi
  printf '%s' "${_sc_state["container:$1"]-}"
}
{%- endif %}
