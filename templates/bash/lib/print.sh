{#- `_sc_print`, shared by the bash and swarm scripts. -#}
# A command as one line of shell.
_sc_print() {
  local _sc_sep=''
  while (($#)); do
    printf '%s' "$_sc_sep"
    _sc_quote "$1"
    _sc_sep=' '
    shift
  done
  printf '\n'
}