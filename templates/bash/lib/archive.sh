{# Backups and restores of named volumes (`--action backup`, `--action
   restore`). #}

# Stop unless the helper image of backups and restores is on this engine
# (checked once): a missing image is said as such, with the way out.
declare -A _sc_helpers=()
_sc_helper_image() {
  if ((_sc_dry_run)) || [[ -n ${_sc_helpers["$1"]+x} ]]; then
    return 0
  fi
  if ! docker image inspect --format '{% raw %}{{.Id}}{% endraw %}' "$1" >/dev/null 2>&1; then
    _sc_die "step ${_sc_step}: the helper image $1 is not on this engine: pull or build it, or set STACKC_BACKUP_IMAGE (or the volume's init_image) to an image with sh, tar, ls and find that is"
  fi
  _sc_helpers["$1"]=1
}

# Whether --volume chose this volume (all when none was given).
_sc_chosen() {
  if {% raw %}((${#_sc_only[@]} == 0)){% endraw %}; then
    return 0
  fi
  [[ -n ${_sc_only["$1"]+x} ]]
}

# Back up a volume: stop the containers that mount it, archive it with tar
# through a short-lived container, start them again, write the checksum.
_sc_backup() {
  local key=$1 volume=$2 image=$3 dir stamp c status=0
  shift 3
  local stopped=()
  if ! _sc_chosen "$key"; then
    return 0
  fi
  if ! _sc_has volume "$volume"; then
    _sc_die "step ${_sc_step}: the volume ${volume} does not exist: nothing to back up"
  fi
  dir=$_sc_root/backups/$key
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  if [[ -e $dir/$stamp.tar ]]; then
    _sc_die "step ${_sc_step}: $(_sc_quote "$dir/$stamp.tar") exists already: an archive is never overwritten"
  fi
  if ((!_sc_dry_run)); then
    mkdir -p -- "$dir"
  fi
  _sc_helper_image "$image"
  for c in "$@"; do
    if [[ ${_sc_state["container:$c"]-} == running || _sc_dry_run -eq 1 ]]; then
      _sc_run docker stop "$c"
      stopped+=("$c")
    fi
  done
  if ((_sc_dry_run)); then
    _sc_print docker run --rm --network=none "--mount=type=volume,source=$volume,target=/v,readonly" "--mount=type=bind,\"source=${dir//\"/\"\"}\",target=/b" "$image" tar -C /v -cf "/b/$stamp.tar" .
  else
    docker run --rm --network=none "--mount=type=volume,source=$volume,target=/v,readonly" "--mount=type=bind,\"source=${dir//\"/\"\"}\",target=/b" "$image" tar -C /v -cf "/b/$stamp.tar" . || status=$?
  fi
  for c in ${stopped[@]+"${stopped[@]}"}; do
    _sc_run docker start "$c"
  done
  if ((status == 127)); then
    rm -f -- "$dir/$stamp.tar"
    _sc_die "step ${_sc_step}: the helper image ${image} has no tar (exit status 127): set STACKC_BACKUP_IMAGE (or the volume's init_image) to an image with sh and tar"
  elif ((status != 0)); then
    rm -f -- "$dir/$stamp.tar"
    _sc_die "step ${_sc_step}: archiving ${volume} failed with exit status ${status}; the containers that mount it were started again"
  fi
  if ((!_sc_dry_run)); then
    (cd -- "$dir" && sha256sum -- "$stamp.tar" >"$stamp.tar.sha256") ||
      _sc_die "step ${_sc_step}: cannot write the checksum of $(_sc_quote "$dir/$stamp.tar")"
  fi
  _sc_did volume "$volume" backup "backed up to backups/$key/$stamp.tar"
}

# Restore a volume from its newest archive (or --archive NAME): check the
# checksum first; refuse a volume in use, or not empty without --force.
_sc_restore() {
  local key=$1 volume=$2 image=$3 dir archive c out
  shift 3
  if ! _sc_chosen "$key"; then
    return 0
  fi
  dir=$_sc_root/backups/$key
  archive=${_sc_archive##*/}
  if [[ -z $archive ]]; then
    archive=$(cd -- "$dir" 2>/dev/null && find . -maxdepth 1 -name '*.tar' -type f | LC_ALL=C sort | tail -n 1)
    archive=${archive#./}
  fi
  if [[ -z $archive || ! -f $dir/$archive ]]; then
    _sc_die "step ${_sc_step}: no archive to restore ${volume} from in $(_sc_quote "$dir")"
  fi
  _sc_helper_image "$image"
  if ! (cd -- "$dir" && sha256sum --check --status -- "$archive.sha256"); then
    _sc_die "step ${_sc_step}: $(_sc_quote "$dir/$archive") does not match its checksum ($(_sc_quote "$archive.sha256")): not restored"
  fi
  for c in "$@"; do
    if [[ ${_sc_state["container:$c"]-} == running ]]; then
      _sc_die "step ${_sc_step}: ${volume} is in use by ${c}: stop the stack first"
    fi
  done
  if ! _sc_has volume "$volume" || ((_sc_dry_run)); then
    _sc_run docker volume create {{ project_label }} "--label=com.docker.compose.volume=$key" "$volume"
  elif ((!_sc_dry_run)); then
    out=$(docker run --rm --network=none "--mount=type=volume,source=$volume,target=/v,readonly" "$image" ls -A /v) ||
      _sc_die "step ${_sc_step}: cannot look into ${volume} with the helper image ${image} (it needs sh and ls)"
    if [[ -n $out ]]; then
      if ((!_sc_force)); then
        _sc_die "step ${_sc_step}: ${volume} is not empty: restore over it with --force"
      fi
      _sc_run docker run --rm --network=none "--mount=type=volume,source=$volume,target=/v" "$image" sh -c 'cd /v && rm -rf -- * .[!.]* ..?*'
    fi
  fi
  _sc_run docker run --rm --network=none "--mount=type=volume,source=$volume,target=/v" "--mount=type=bind,\"source=${dir//\"/\"\"}\",target=/b,readonly" "$image" tar -C /v -xpf "/b/$archive"
  _sc_did volume "$volume" restore "restored from $(_sc_quote "backups/$key/$archive")"
}
