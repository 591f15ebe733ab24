{# `_sc_die` and the script's own directory. -#}
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
