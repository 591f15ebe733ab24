{# A container's definition against the one it was created with: config hash,
   changed fields, sealed secrets. #}

# Set _sc_now to the state of container $1 against the config hash ($2), the
# image reference ($3) and the seal of its secrets ($4) it should have:
# absent, changed, or (when current) running, created, exited:CODE, ….
# The engine reports the reference a container was created from only while
# that reference still names the container's image (else the image's ID):
# an image rebuilt, pulled or re-tagged under the reference is a change, and
# so is one this script has just built anew.
_sc_check() {
  if ((_sc_dry_run)); then
    _sc_now=absent
    return 0
  fi
  _sc_now=${_sc_state["container:$1"]-}
  if [[ -z $_sc_now ]]; then
    _sc_now=absent
  elif [[ ${_sc_hashes["$1"]-} != "$2" || ${_sc_images_live["$1"]-} != "$3" || -n ${_sc_rebuilt["$3"]+x} ||
    ${_sc_sealed["$1"]-} != "${4-}" ]]; then
    _sc_now=changed
  fi
}

# The fields of container $1's definition that changed, comma-separated:
# those whose digest ($2) differs; `image` when the image behind its
# reference ($4) changed; else `secrets` when only the secrets it reads
# changed (its config hash, $3, is current), `parameter-values` when only
# values of parameters did.
_sc_changed() {
  local live=,${_sc_fields_live["$1"]-}, field out=()
  local IFS=,
  for field in $2; do
    if [[ $live != *",$field,"* ]]; then
      out+=("${field%%=*}")
    fi
  done
  if [[ (${_sc_images_live["$1"]-} != "$4" || -n ${_sc_rebuilt["$4"]+x}) && ,${out[*]}, != *,image,* ]]; then
    out=(image ${out[@]+"${out[@]}"})
  fi
  if {% raw %}((${#out[@]} == 0)){% endraw %}; then
    if [[ ${_sc_hashes["$1"]-} == "$3" ]]; then
      out=(secrets)
    else
      out=(parameter-values)
    fi
  fi
  IFS=' '
  local joined="${out[*]}"
  printf 'changed: %s' "${joined// /, }"
}

# The seal of the secrets container $1 reads (the values after it):
# SALT:sha256(SALT NUL value NUL …) into _sc_secrets, SALT 16 random bytes
# kept on the container's label and nowhere else, so that a rotated secret
# recreates the container while no file, output or command line holds
# anything derived from a secret. Empty with --dry-run (as stackc argv).
_sc_seal() {
  local _sc_salt=${_sc_sealed["$1"]-}
  _sc_secrets=
  if ((_sc_dry_run)); then
    return 0
  fi
  shift
  _sc_salt=${_sc_salt%%:*}
  if [[ ! $_sc_salt =~ ^[0-9a-f]{32}$ ]]; then
    _sc_salt=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n') || _sc_salt=
    if [[ ! $_sc_salt =~ ^[0-9a-f]{32}$ ]]; then
      _sc_die "cannot read 16 random bytes from /dev/urandom (od and tr are needed)"
    fi
  fi
  _sc_secrets=$_sc_salt:$(_sc_digest "$_sc_salt" "$@")
}

{% if needs.restarts -%}
# Whether this run created, recreated, started or restarted one of the
# containers named (with --plan: whether it plans to): a service whose
# dependency says `restart = true` is restarted then.
_sc_restarted_any() {
  local name i
  for name; do
    if ((_sc_plan)); then
      for {% raw %}((i = 0; i < ${#_sc_plan_rows[@]}; i += 4)){% endraw %}; do
        if [[ ${_sc_plan_rows[i]} == container && ${_sc_plan_rows[i + 1]} == "$name" && ${_sc_plan_rows[i + 2]} =~ ^(create|recreate|start|restart)$ ]]; then
          return 0
        fi
      done
    elif [[ -n $_sc_marks && -e $_sc_marks/$name ]]; then
      return 0
    fi
  done
  return 1
}

{% endif -%}
{% if needs.container_ids -%}
# The ID of container $1, empty when it is absent (and with --dry-run): a
# container that uses its network stack (`network_mode`) or links to it
# (`links`) was created with it, and is recreated when it changes. With
# --plan, `planned` when this plan creates or recreates it.
_sc_container_id() {
  local i
  if ((_sc_plan)); then
    for {% raw %}((i = 0; i < ${#_sc_plan_rows[@]}; i += 4)){% endraw %}; do
      if [[ ${_sc_plan_rows[i]} == container && ${_sc_plan_rows[i + 1]} == "$1" && ${_sc_plan_rows[i + 2]} =~ ^(create|recreate)$ ]]; then
        printf planned
        return 0
      fi
    done
  fi
  if ((!_sc_dry_run)); then
    docker container inspect --format '{% raw %}{{.Id}}{% endraw %}' "$1" 2>/dev/null || true
  fi
}

{% endif -%}
# A config hash: sha256 of the static part and the runtime values, each
# followed by NUL (the same as stackc's, so `stackc argv` prints the same).
_sc_digest() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(printf '%s\0' "$@" | sha256sum)
  elif command -v shasum >/dev/null 2>&1; then
    sum=$(printf '%s\0' "$@" | shasum -a 256)
  else
    _sc_die "sha256sum (or shasum) is needed to compare container definitions"
  fi
  printf '%s' "${sum%% *}"
}
