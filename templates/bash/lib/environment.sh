{# `_sc_die`, the script's own directory, and `.env` beside it. -#}
_sc_die() {
  printf '%s: error: %s\n' "$_sc_me" "$*" >&2
  exit 1
}

# The directory of this script: through any symlinks to the script itself,
# byte for byte (a name may end in a newline, which `$(…)` would drop).
_sc_here=${BASH_SOURCE[0]}
_sc_hops=0
while [[ -L $_sc_here ]]; do
  if ((++_sc_hops > 40)); then
    _sc_die "too many symlinks to this script: $(_sc_quote "${BASH_SOURCE[0]}")"
  fi
  _sc_link=$(readlink -- "$_sc_here" && printf x) ||
    _sc_die "cannot read the symlink $(_sc_quote "$_sc_here") to this script"
  _sc_link=${_sc_link%$'\nx'}
  if [[ $_sc_link == /* || $_sc_here != */* ]]; then
    _sc_here=$_sc_link
  else
    _sc_here=${_sc_here%/*}/$_sc_link
  fi
done
if [[ $_sc_here == */* ]]; then
  _sc_here=${_sc_here%/*}
  _sc_here=${_sc_here:-/}
else
  _sc_here=.
fi

# Read `.env` beside this script, as compose does: NAME=VALUE lines (an
# optional `export `, surrounding quotes removed, `#` lines ignored) for the
# declared parameters that the environment leaves unset or empty.
_sc_dotenv() {
  local file=$_sc_here/.env line name value
  if [[ ! -f $file ]]; then
    return 0
  fi
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    if [[ ! $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      continue
    fi
    name=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    if [[ -z ${_sc_declared["$name"]+x} || -n ${!name:-} ]]; then
      continue
    fi
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
      value=${BASH_REMATCH[1]}
    fi
    printf -v "$name" '%s' "$value"
  done <"$file"
}
