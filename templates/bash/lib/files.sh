{% raw %}
# Secrets and configs: files streamed into a created container, before it
# starts, as one ustar archive on the standard input of `docker cp -`. The
# content goes through a pipe only: never on a command line, never in a
# file outside the container.

# $1 NUL bytes.
_sc_nuls() {
  if (($1 > 0)); then
    printf '%*s' "$1" '' | tr ' ' '\0'
  fi
}

# Stop unless $2, the host file of $1 (`secrets.NAME`), is a readable
# regular file.
_sc_need_file() {
  if [[ ! -f $2 || ! -r $2 ]]; then
    _sc_die "$1: cannot read the file $(_sc_quote "$2"): it must be a readable regular file"
  fi
}

# The sha256 of the content of $2, the host file of $1; `unreadable` when
# it cannot be read (the script checked them all before it began, except
# with --dry-run).
_sc_file_digest() {
  local sum
  if [[ ! -f $2 || ! -r $2 ]]; then
    printf unreadable
    return 0
  fi
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum <"$2")
  elif command -v shasum >/dev/null 2>&1; then
    sum=$(shasum -a 256 <"$2")
  else
    _sc_die "sha256sum (or shasum) is needed to compare container definitions"
  fi
  printf '%s' "${sum%% *}"
}

# One file of the archive: its header, its content, its padding. $1 is
# `f` (the content of host file $8) or `v` (the value $8); $2 and $3 the
# ustar prefix and name of its path; $4, $5, $6 its mode, uid and gid
# fields; $7 the header's checksum without the size field, $9 the size.
_sc_tar_file() {
  local LC_ALL=C size sum=$7 i
  printf -v size '%011o' "$9"
  for ((i = 0; i < 11; i++)); do
    ((sum += 48 + ${size:i:1}))
  done
  printf '%s' "$3"
  _sc_nuls $((100 - ${#3}))
  printf '%s\0' "$4" "$5" "$6" "$size" 00000000000
  printf '%06o\0 0' "$sum"
  _sc_nuls 100
  printf 'ustar\0'
  printf '00'
  _sc_nuls 80
  printf '%s' "$2"
  _sc_nuls $((155 - ${#2} + 12))
  if [[ $1 == f ]]; then
    head -c "$9" -- "$8"
  else
    printf '%s' "$8"
  fi
  _sc_nuls $(((512 - $9 % 512) % 512))
}

# Copy files into the created container $1: after it, 8 words per file
# (see _sc_tar_file). Sizes are taken first, so that a file that cannot be
# read stops the script before docker is called.
_sc_copy_in() {
  local LC_ALL=C container=$1 i n
  shift
  if ((_sc_dry_run)); then
    _sc_print docker cp - "$container:/"
    return 0
  fi
  if ((_sc_plan)); then
    return 0
  fi
  local -a files=("$@") sizes=()
  for ((i = 0; i < ${#files[@]}; i += 8)); do
    if [[ ${files[i]} == f ]]; then
      _sc_need_file "$container" "${files[i + 7]}"
      n=$(wc -c <"${files[i + 7]}") || _sc_die "$container: cannot read the file $(_sc_quote "${files[i + 7]}")"
      sizes+=("${n//[!0-9]/}")
    else
      sizes+=("${#files[i + 7]}")
    fi
  done
  if ! {
    for ((i = 0; i < ${#files[@]}; i += 8)); do
      _sc_tar_file "${files[@]:i:8}" "${sizes[i / 8]}"
    done
    _sc_nuls 1024
  } | docker cp - "$container:/" >/dev/null; then
    _sc_die "step ${_sc_step}: cannot copy the secrets and configs into container $container (docker cp failed)"
  fi
}{% endraw %}
