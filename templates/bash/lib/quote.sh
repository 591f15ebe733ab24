{# Quoting at run time: `_sc_quote` (bash, as quote::sh) and `_sc_sh_word`
   (POSIX sh, as quote::posix). -#}
# Quote one word for bash, exactly as `stackc argv --format shell` does:
# as is when it only holds [A-Za-z0-9_=/,.+-]; as $'…' when it holds a
# character a terminal would obey (a control character, U+2028/2029, a
# bidirectional mark), each escaped, so that the word stays on one line;
# else in single quotes. Byte by byte (LC_ALL=C).
_sc_quote() {
  local LC_ALL=C _sc_w=$1 _sc_b _sc_c
  if [[ -n $_sc_w && $_sc_w != *[!a-zA-Z0-9_=/,.+-]* ]]; then
    printf '%s' "$_sc_w"
    return 0
  fi
  if [[ $_sc_w != *[$'\x01'-$'\x1f'$'\x7f']* && $_sc_w != *$'\xc2'[$'\x80'-$'\x9f']* &&
    $_sc_w != *$'\xe2\x80'[$'\x8e'$'\x8f'$'\xa8'$'\xa9'$'\xaa'-$'\xae']* && $_sc_w != *$'\xe2\x81'[$'\xa6'-$'\xa9']* ]]; then
    _sc_sh_word "$_sc_w"
    return 0
  fi
  _sc_w=${_sc_w//\\/\\\\}
  _sc_w=${_sc_w//\'/\\\'}
  _sc_w=${_sc_w//$'\n'/\\n}
  _sc_w=${_sc_w//$'\t'/\\t}
  _sc_w=${_sc_w//$'\r'/\\r}
  for _sc_b in 01 02 03 04 05 06 07 08 0b 0c 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 7f; do
    printf -v _sc_c '%b' "\\x$_sc_b"
    _sc_w=${_sc_w//"$_sc_c"/"\\x$_sc_b"}
  done
  for _sc_b in 80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f 90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f; do
    printf -v _sc_c '%b' "\\xc2\\x$_sc_b"
    _sc_w=${_sc_w//"$_sc_c"/"\\xc2\\x$_sc_b"}
  done
  for _sc_b in 80x8e 80x8f 80xa8 80xa9 80xaa 80xab 80xac 80xad 80xae 81xa6 81xa7 81xa8 81xa9; do
    printf -v _sc_c '%b' "\\xe2\\x${_sc_b%x*}\\x${_sc_b#*x}"
    _sc_w=${_sc_w//"$_sc_c"/"\\xe2\\x${_sc_b%x*}\\x${_sc_b#*x}"}
  done
  printf "\$'%s'" "$_sc_w"
}

# Quote one word for a POSIX sh (a healthcheck's command line, run by the
# container's /bin/sh, which may have no $'…'): as is when it only holds
# [A-Za-z0-9_=/,.+-], else in single quotes.
_sc_sh_word() {
  local LC_ALL=C _sc_w=$1
  if [[ -n $_sc_w && $_sc_w != *[!a-zA-Z0-9_=/,.+-]* ]]; then
    printf '%s' "$_sc_w"
    return 0
  fi
  _sc_w=${_sc_w//\'/\'\\\'\'}
  _sc_w=${_sc_w//!/\'\\!\'}
  printf "'%s'" "$_sc_w"
}
