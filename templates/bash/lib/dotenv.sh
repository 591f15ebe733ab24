{# `_sc_dotenv`: `.env` beside the script, by compose's rules (written only when the script reads parameters). -#}
{% raw %}
# Read `.env` beside this script as Docker Compose v2 does (compose-go v2.9.1:
# dotenv/parser.go, template/template.go): `KEY=VALUE` or `KEY: VALUE`, an
# optional `export `, `#` comments; a value in single quotes is raw, one in
# double quotes takes escapes (\n \t \\ \" \$ \0NNN...), either may span
# lines; an unquoted value ends at ` #` and loses trailing white space;
# unquoted and double-quoted values expand `$VAR`, `${VAR}`, `${VAR:-W}` and
# the like from the environment, else from earlier entries of the file. The
# last entry of a name wins; what compose rejects is an error. Only declared
# parameters are set, and only those the environment leaves unset or empty.
# Nothing in the file is run. Time is linear in the size of the file.
_sc_dotenv() {
  local _sc_file=$_sc_here/.env
  if [[ ! -f $_sc_file ]]; then
    return 0
  fi
  local -A _sc_map=() _sc_exp=()
  local _sc_name _sc_lcall=${LC_ALL-}
  # The environment, for interpolation (before LC_ALL=C below).
  for _sc_name in $(compgen -e); do
    _sc_exp["$_sc_name"]=1
  done
  # Bytes, not characters, whatever the locale: bash's multibyte handling
  # mangles invalid UTF-8.
  LC_ALL=C _sc_dotenv_parse
  for _sc_name in ${_sc_declared[@]+"${!_sc_declared[@]}"}; do
    if [[ -n ${_sc_map["$_sc_name"]+x} && -z ${!_sc_name:-} ]]; then
      printf -v "$_sc_name" %s "${_sc_map["$_sc_name"]}"
    fi
  done
}

# Parse $_sc_file into _sc_map (the entries whose key a value can name).
_sc_dotenv_parse() {
  local -a _sc_xl=() _sc_xt=() _sc_parts=()
  local _sc_line='' _sc_eol=1 _sc_lineno=0 _sc_stline=0 _sc_k _sc_n _sc_t _sc_m
  local _sc_q _sc_key='' _sc_r='' _sc_lv='' _sc_ws _sc_sp _sc_uwsre _sc_name_re
  local _sc_key_re _sc_c _sc_alpha _sc_nst _sc_exp_re _sc_cont_re _sc_dq_re _sc_sq_re
  local _sc_cmt_re
  # White space beyond ASCII (unicode.IsSpace), as UTF-8, and all of it.
  _sc_uwsre=$'\xc2[\x85\xa0]|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe1\x9a\x80|\xe3\x80\x80'
  # unicode.IsSpace but newline; isSpace (blanks in a key, after `=`).
  _sc_ws=$'[ \t\v\f\r]+|'$_sc_uwsre
  _sc_sp=$'[ \t\v\f\r]+|\xc2[\x85\xa0]'
  _sc_exp_re=$'^export[ \t\f\r]+'
  _sc_cont_re=$'^[\x80-\xbf]*'
  # An unquoted value's end: the first ` #`.
  _sc_cmt_re='^(([^ ]| +[^ #])*) +#'
  # A quoted value's end: the first quote after an even run of backslashes.
  _sc_dq_re='^(([^"\]|\\.)*)"'
  _sc_sq_re="^(([^'\\]|\\\\.)*)'"
  # `$NAME`: compose's [_a-z][_a-z0-9]* ignoring case, which also lets in
  # U+017F and U+212A; letters spelt out, not as a range.
  _sc_alpha='_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
  _sc_name_re="([$_sc_alpha]|"$'\xc5\xbf|\xe2\x84\xaa'")([${_sc_alpha}0123456789]|"$'\xc5\xbf|\xe2\x84\xaa'")*"
  # A key: ASCII letters, digits, `_.-[]`, isSpace and any non-ASCII byte
  # (compose also rejects non-ASCII characters that are not letters or
  # digits; such a key can never be a parameter).
  _sc_key_re=$'^[^\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f!"#$%&\'()*+,/:;<=>?@\\\\^`{|}~]*'
  while _sc_dotenv_getline; do
    if ((_sc_lineno == 1)); then
      if [[ $_sc_line == $'\xef\xbb\xbf'* ]]; then
        _sc_line=${_sc_line:3}
      fi
    fi
    # The rest of the line is _sc_t; past 32 statements on one line it is
    # split at its quotes (_sc_xl, _sc_xt, at _sc_k of _sc_n) to stay linear.
    _sc_t=$_sc_line
    _sc_k=0
    _sc_n=1
    _sc_nst=0
    while :; do
      _sc_stline=$_sc_lineno
      if [[ $_sc_t == [$' \t\v\f\r\xc2\xe1\xe2\xe3']* && $_sc_t =~ ^($_sc_ws)* ]]; then
        _sc_t=${_sc_t:${#BASH_REMATCH[0]}}
      fi
      if [[ -z $_sc_t ]]; then
        if ((_sc_k + 1 < _sc_n)); then
          _sc_dotenv_fail "unexpected character \"${_sc_xl[_sc_k + 1]}\" in variable name"
        fi
        break
      fi
      if [[ $_sc_t == \#* ]]; then
        break
      fi
      if [[ $_sc_t == export* && $_sc_t =~ $_sc_exp_re ]]; then
        _sc_t=${_sc_t:${#BASH_REMATCH[0]}}
        [[ $_sc_t =~ ^($_sc_sp)* ]]
        _sc_t=${_sc_t:${#BASH_REMATCH[0]}}
        if [[ -z $_sc_t ]] && ((_sc_k + 1 == _sc_n)); then
          if ((_sc_eol)); then
            break
          fi
          _sc_dotenv_fail 'zero length string'
        fi
      elif [[ $_sc_t == export ]] && ((_sc_k + 1 == _sc_n)); then
        break
      fi
      [[ $_sc_t =~ $_sc_key_re ]]
      _sc_m=${BASH_REMATCH[0]}
      _sc_t=${_sc_t:${#_sc_m}}
      if [[ -z $_sc_t ]]; then
        if ((_sc_k + 1 < _sc_n)); then
          _sc_dotenv_fail "unexpected character \"${_sc_xl[_sc_k + 1]}\" in variable name"
        fi
        if ((_sc_eol)); then
          # `KEY` alone: its value from the environment or the file, if any.
          _sc_dotenv_key "$_sc_m"
          if [[ -n $_sc_key ]] && _sc_dotenv_lookup "$_sc_key"; then
            _sc_map["$_sc_key"]=$_sc_lv
          fi
        fi
        break
      fi
      if [[ $_sc_t != [=:]* ]]; then
        _sc_c=${_sc_t:0:1}
        if [[ $_sc_c != [[:print:]] ]]; then
          printf -v _sc_c %q "$_sc_c"
        fi
        _sc_dotenv_fail "unexpected character \"$_sc_c\" in variable name"
      fi
      _sc_dotenv_key "$_sc_m"
      _sc_t=${_sc_t:1}
      if [[ $_sc_t == [$' \t\v\f\r\xc2']* && $_sc_t =~ ^($_sc_sp)* ]]; then
        _sc_t=${_sc_t:${#BASH_REMATCH[0]}}
      fi
      if [[ $_sc_t == [\"\']* ]]; then
        # Quoted: up to the first quote of its kind after an even run of
        # backslashes, maybe lines later; `\'` or `\"` stands for the quote.
        _sc_q=${_sc_t:0:1}
        _sc_t=${_sc_t:1}
        _sc_m=$_sc_sq_re
        if [[ $_sc_q == \" ]]; then
          _sc_m=$_sc_dq_re
        fi
        _sc_parts=()
        while [[ ! $_sc_t =~ $_sc_m ]]; do
          if ((!_sc_eol)) || ! _sc_dotenv_getline; then
            _sc_dotenv_fail 'unterminated quoted value'
          fi
          _sc_parts+=("$_sc_t" $'\n')
          _sc_t=$_sc_line
        done
        _sc_parts+=("${BASH_REMATCH[1]}")
        _sc_t=${_sc_t:${#BASH_REMATCH[0]}}
        printf -v _sc_r %s "${_sc_parts[@]}"
        _sc_dotenv_unescape "$_sc_r"
        _sc_dotenv_value
        _sc_nst=$((_sc_nst + 1))
        if ((_sc_nst > 32)); then
          _sc_dotenv_split "$_sc_t" \' \"
          _sc_k=0
          _sc_n=${#_sc_xt[@]}
          _sc_t=${_sc_xt[0]}
        fi
        continue
      fi
      if [[ -n $_sc_t ]] || ((_sc_k + 1 == _sc_n)); then
        # Unquoted: the rest of the line, up to ` #`.
        if ((_sc_k + 1 < _sc_n)); then
          _sc_parts=("$_sc_t")
          while ((++_sc_k < _sc_n)); do
            _sc_parts+=("${_sc_xl[_sc_k]}" "${_sc_xt[_sc_k]}")
          done
          printf -v _sc_t %s "${_sc_parts[@]}"
        fi
        if [[ $_sc_t == *' #'* && $_sc_t =~ $_sc_cmt_re ]]; then
          _sc_t=${BASH_REMATCH[1]}
        fi
        _sc_dotenv_rtrim "$_sc_t"
        _sc_dotenv_subst "$_sc_r"
        if [[ -n $_sc_key ]]; then
          _sc_map["$_sc_key"]=$_sc_r
        fi
        break
      fi
      # Quoted, on a line split at its quotes: the same, segment by segment.
      _sc_k=$((_sc_k + 1))
      _sc_q=${_sc_xl[_sc_k]}
      _sc_parts=("${_sc_xt[_sc_k]}")
      while :; do
        if ((++_sc_k < _sc_n)); then
          if [[ ${_sc_xl[_sc_k]} != "$_sc_q" ]]; then
            _sc_parts+=("${_sc_xl[_sc_k]}" "${_sc_xt[_sc_k]}")
          elif _sc_dotenv_odd "${_sc_xt[_sc_k - 1]}"; then
            _sc_m=${_sc_parts[${#_sc_parts[@]} - 1]}
            _sc_parts[${#_sc_parts[@]} - 1]=${_sc_m:0:${#_sc_m}-1}
            _sc_parts+=("$_sc_q" "${_sc_xt[_sc_k]}")
          else
            break
          fi
          continue
        fi
        if ((!_sc_eol)) || ! _sc_dotenv_getline; then
          _sc_dotenv_fail 'unterminated quoted value'
        fi
        _sc_dotenv_split "$_sc_line" \' \"
        _sc_k=0
        _sc_n=${#_sc_xt[@]}
        _sc_parts+=($'\n' "${_sc_xt[0]}")
      done
      printf -v _sc_r %s "${_sc_parts[@]}"
      _sc_dotenv_value
      _sc_t=${_sc_xt[_sc_k]}
    done
  done <"$_sc_file"
}

# Store the quoted value _sc_r (quote _sc_q) under _sc_key; a double-quoted
# one takes escapes and interpolation.
_sc_dotenv_value() {
  if [[ $_sc_q == \" ]]; then
    _sc_dotenv_escapes "$_sc_r"
    _sc_dotenv_subst "$_sc_r"
  fi
  if [[ -n $_sc_key ]]; then
    _sc_map["$_sc_key"]=$_sc_r
  fi
}

# The quoted text $1 with each `\` + _sc_q (every quote in it is one) as the
# quote alone, into _sc_r.
_sc_dotenv_unescape() {
  local _sc_s
  local -a _sc_a _sc_xa
  _sc_r=$1
  if [[ $1 != *"$_sc_q"* ]]; then
    return 0
  fi
  _sc_dotenv_splitc "$1" "$_sc_q"
  _sc_s=${_sc_xa[${#_sc_xa[@]} - 1]}
  unset "_sc_xa[${#_sc_xa[@]}-1]"
  # The leading `d\` is for bash 4.3, where a one-element "${a[@]%p}" that
  # comes out empty gives no word at all.
  _sc_a=('d\' "${_sc_xa[@]}")
  _sc_a=("${_sc_a[@]%\\}" "$_sc_s")
  if [[ $_sc_q == \" ]]; then
    printf -v _sc_r '%s"' "${_sc_a[@]}"
  else
    printf -v _sc_r "%s'" "${_sc_a[@]}"
  fi
  _sc_r=${_sc_r:2:${#_sc_r}-3}
}

_sc_dotenv_fail() {
  _sc_die "$_sc_file: line $_sc_stline: $1"
}

# The next line into _sc_line (_sc_eol=0: the file ends without a newline);
# false at the end of the file.
_sc_dotenv_getline() {
  _sc_line=''
  if IFS= read -r _sc_line; then
    _sc_eol=1
  elif [[ -n $_sc_line ]]; then
    _sc_eol=0
  else
    return 1
  fi
  _sc_lineno=$((_sc_lineno + 1))
}

# Split $1 at the characters $2 and $3 into _sc_xt, the text after each
# separator, and _sc_xl, the separator (empty for the first piece), in the
# caller's _sc_xl and _sc_xt. Linear: `read`, not pattern operations.
_sc_dotenv_split() {
  local _sc_s _sc_u _sc_lead=''
  local -a _sc_a _sc_xa
  _sc_xl=('')
  _sc_xt=("$1")
  if [[ $1 != *["$2$3"]* ]]; then
    return 0
  fi
  _sc_xl=()
  _sc_xt=()
  _sc_dotenv_splitc "$1" "$2"
  _sc_a=("${_sc_xa[@]}")
  for _sc_s in "${_sc_a[@]}"; do
    _sc_xl+=("$_sc_lead")
    _sc_lead=$2
    if [[ $_sc_s != *"$3"* ]]; then
      _sc_xt+=("$_sc_s")
      continue
    fi
    _sc_dotenv_splitc "$_sc_s" "$3"
    _sc_xt+=("${_sc_xa[0]}")
    for _sc_u in "${_sc_xa[@]:1}"; do
      _sc_xl+=("$3")
      _sc_xt+=("$_sc_u")
    done
  done
}

# $1 split at each character $2 into _sc_xa (the caller's): exactly, empty
# pieces kept. Linear; without `-d ''` when it can, which bash 4.3 reads a
# byte at a time.
_sc_dotenv_splitc() {
  if [[ $1 != *$'\n'* ]]; then
    IFS=$2 read -r -a _sc_xa <<<"$1$2" || :
    return 0
  fi
  IFS=$2 read -r -d '' -a _sc_xa <<<"$1$2" || :
  unset "_sc_xa[${#_sc_xa[@]}-1]"
}

# True if $1 ends with an odd run of backslashes.
_sc_dotenv_odd() {
  local _sc_re='(^|[^\])(\\\\)*\\$'
  [[ -n $1 && ${1:${#1}-1} == \\ && $1 =~ $_sc_re ]]
}

# The key $1 without trailing white space into _sc_key if a value can name
# it (else empty); an error if it holds a space.
_sc_dotenv_key() {
  _sc_key=''
  _sc_dotenv_rtrim "$1"
  if [[ $_sc_r == *' '* ]]; then
    _sc_dotenv_fail 'key cannot contain a space'
  fi
  if [[ $_sc_r == [$_sc_alpha]* && $_sc_r != *[!0123456789$_sc_alpha]* ]]; then
    _sc_key=$_sc_r
  elif [[ $_sc_r == *[$'\xc5\xe2']* && $_sc_r =~ ^($_sc_name_re)$ ]]; then
    _sc_key=$_sc_r
  fi
}

# $1 without trailing white space (unicode.IsSpace) into _sc_r. _sc_h is a
# character's start from which all is white space; windows that double find
# an offset _sc_lo before it where not all is, then a binary search narrows
# (_sc_lo, _sc_hi], checking each byte about once: linear.
_sc_dotenv_rtrim() {
  local _sc_h=${#1} _sc_hi=${#1} _sc_lo _sc_m _sc_z=64
  _sc_r=$1
  _sc_m=${1:$((_sc_h > 3 ? _sc_h - 3 : 0))}
  if [[ $_sc_m != *[$' \t\v\f\r'] ]] &&
    [[ $_sc_m != *[$'\x80'-$'\xff'] || ! $_sc_m =~ ($_sc_uwsre)$ ]]; then
    return 0
  fi
  while :; do
    _sc_lo=$((_sc_h > _sc_z ? _sc_h - _sc_z : 0))
    _sc_dotenv_cstart "$1" "$_sc_lo"
    if ! _sc_dotenv_allws "${1:_sc_m:_sc_h-_sc_m}"; then
      break
    fi
    _sc_hi=$_sc_lo
    _sc_h=$_sc_m
    if ((_sc_lo == 0)); then
      _sc_r=${1:0:_sc_h}
      return 0
    fi
    _sc_z=$((_sc_z * 2))
  done
  _sc_lo=$((_sc_lo + 1))
  while ((_sc_lo < _sc_hi)); do
    _sc_z=$(((_sc_lo + _sc_hi) / 2))
    _sc_dotenv_cstart "$1" "$_sc_z"
    if _sc_dotenv_allws "${1:_sc_m:_sc_h-_sc_m}"; then
      _sc_hi=$_sc_z
      _sc_h=$_sc_m
    else
      _sc_lo=$((_sc_z + 1))
    fi
  done
  _sc_r=${1:0:_sc_h}
}

# The offset $2 of $1 past up to 3 UTF-8 continuation bytes, into _sc_m.
_sc_dotenv_cstart() {
  local _sc_s=${1:$2:3}
  [[ $_sc_s =~ $_sc_cont_re ]]
  _sc_m=$(($2 + ${#BASH_REMATCH[0]}))
}

# True if $1 is all white space (unicode.IsSpace).
_sc_dotenv_allws() {
  if [[ $1 != *[!$' \t\v\f\r']* ]]; then
    return 0
  fi
  [[ $1 == *[$'\x80'-$'\xff']* && $1 =~ ^($_sc_ws)*$ ]]
}

# The escapes of a double-quoted value $1 into _sc_r: \a \b \f \n \r \t \v
# \\ \" as in Go, \$ as `$$` (a `$` once interpolated), \0 and three octal
# digits up to \0377 as that code point in UTF-8; `\0` before anything else
# loses its 0; any other backslash stays.
_sc_dotenv_escapes() {
  local _sc_s='\' _sc_x _sc_n=0 _sc_o
  local -a _sc_out _sc_xa
  _sc_r=$1
  if [[ $1 != *\\* ]]; then
    return 0
  fi
  _sc_dotenv_splitc "$1" "$_sc_s"
  _sc_out=("${_sc_xa[0]}")
  unset '_sc_xa[0]'
  # A `for` loop, not indexes: bash 4.3 walks an array from its start when
  # another one was used in between.
  for _sc_x in "${_sc_xa[@]}"; do
    if ((_sc_n)); then
      # After `\\`: as it is.
      _sc_n=0
      _sc_out+=("$_sc_x")
      continue
    fi
    case $_sc_x in
      '')
        _sc_out+=('\')
        _sc_n=1
        ;;
      a*) _sc_out+=($'\a' "${_sc_x:1}") ;;
      b*) _sc_out+=($'\b' "${_sc_x:1}") ;;
      f*) _sc_out+=($'\f' "${_sc_x:1}") ;;
      n*) _sc_out+=($'\n' "${_sc_x:1}") ;;
      r*) _sc_out+=($'\r' "${_sc_x:1}") ;;
      t*) _sc_out+=($'\t' "${_sc_x:1}") ;;
      v*) _sc_out+=($'\v' "${_sc_x:1}") ;;
      \"*) _sc_out+=('"' "${_sc_x:1}") ;;
      \$*) _sc_out+=('$$' "${_sc_x:1}") ;;
      0[0123][01234567][01234567]*)
        _sc_o=$((8#${_sc_x:1:3}))
        if ((_sc_o == 0)); then
          _sc_dotenv_fail 'a value holds a NUL byte (\0000)'
        elif ((_sc_o < 128)); then
          printf -v _sc_s '\\%03o' "$_sc_o"
        else
          printf -v _sc_s '\\%03o\\%03o' $((0xc0 | _sc_o >> 6)) $((0x80 | (_sc_o & 63)))
        fi
        printf -v _sc_s %b "$_sc_s"
        _sc_out+=("$_sc_s" "${_sc_x:4}")
        ;;
      0*) _sc_out+=('\' "${_sc_x:1}") ;;
      *) _sc_out+=('\' "$_sc_x") ;;
    esac
  done
  printf -v _sc_r %s "${_sc_out[@]}"
}

# The value of $1 for interpolation into _sc_lv: the environment's, else
# the file's so far; false if neither has it.
_sc_dotenv_lookup() {
  if [[ -n ${_sc_exp["$1"]+x} ]]; then
    if [[ $1 == LC_ALL ]]; then
      _sc_lv=$_sc_lcall
    else
      _sc_lv=${!1}
    fi
  elif [[ -n ${_sc_map["$1"]+x} ]]; then
    _sc_lv=${_sc_map["$1"]}
  else
    _sc_lv=''
    return 1
  fi
}

# Interpolate $1 into _sc_r, line by line (no expression spans lines).
_sc_dotenv_subst() {
  local _sc_s
  local -a _sc_out=()
  if [[ $1 != *\$* ]]; then
    _sc_r=$1
    return 0
  fi
  if [[ $1 != *$'\n'* ]]; then
    _sc_dotenv_subst1 "$1" 0
    return 0
  fi
  while IFS= read -r _sc_s; do
    _sc_dotenv_subst1 "$_sc_s" 0
    _sc_out+=("$_sc_r")
  done <<<"$1"
  printf -v _sc_r '%s\n' "${_sc_out[@]}"
  _sc_r=${_sc_r:0:${#_sc_r}-1}
}

# Interpolate the line $1 into _sc_r as compose-go's template.Substitute
# ($2: nesting depth): `$$` is `$`; `$NAME` and `${NAME}` the value or empty;
# `${NAME:-W}`, `${NAME-W}`, `${NAME:+W}`, `${NAME+W}`, `${NAME:?W}` and
# `${NAME?W}` as in the shell, W always interpolated; `$` before anything
# else stays; any other `${` is an error.
_sc_dotenv_subst1() {
  local _sc_i=1 _sc_n _sc_x _sc_nm _sc_op _sc_j _sc_last=-1 _sc_cnt _sc_skip
  local _sc_found _sc_cut _sc_rest _sc_w _sc_v _sc_h _sc_z _sc_m
  local -a _sc_p _sc_o _sc_d _sc_xl _sc_xt _sc_xa
  if [[ $1 != *\$* ]]; then
    _sc_r=$1
    return 0
  fi
  if (($2 > 64)); then
    _sc_dotenv_fail 'interpolation nested too deeply'
  fi
  _sc_dotenv_splitc "$1" '$'
  _sc_p=("${_sc_xa[@]}")
  _sc_n=${#_sc_p[@]}
  _sc_o=("${_sc_p[0]}")
  while ((_sc_i < _sc_n)); do
    _sc_x=${_sc_p[_sc_i]}
    _sc_i=$((_sc_i + 1))
    if [[ -z $_sc_x ]]; then
      _sc_o+=('$')
      if ((_sc_i < _sc_n)); then
        _sc_o+=("${_sc_p[_sc_i]}")
        _sc_i=$((_sc_i + 1))
      fi
      continue
    fi
    if [[ $_sc_x == [$_sc_alpha$'\xc5\xe2']* && $_sc_x =~ ^$_sc_name_re ]]; then
      _sc_nm=${BASH_REMATCH[0]}
      _sc_dotenv_lookup "$_sc_nm" || :
      _sc_o+=("$_sc_lv" "${_sc_x:${#_sc_nm}}")
      continue
    fi
    if [[ $_sc_x != \{* ]]; then
      _sc_o+=("\$$_sc_x")
      continue
    fi
    if [[ ! $_sc_x =~ ^\{($_sc_name_re)(\}|:?[-+?]) ]]; then
      _sc_dotenv_fail "invalid interpolation: \$${_sc_x:0:20}"
    fi
    _sc_nm=${BASH_REMATCH[1]}
    _sc_op=${BASH_REMATCH[${#BASH_REMATCH[@]} - 1]}
    _sc_x=${_sc_x:${#_sc_nm}+1+${#_sc_op}}
    if [[ $_sc_op == \} ]]; then
      _sc_dotenv_lookup "$_sc_nm" || :
      _sc_o+=("$_sc_lv" "$_sc_x")
      continue
    fi
    # `${NAME<op>W}` reaches the last `}` of the line, but ends at the `}`
    # that balances the braces (compose skips the character after a `{`).
    if ((_sc_last < 0)); then
      _sc_last=0
      for ((_sc_j = _sc_n - 1; _sc_j > 0; _sc_j--)); do
        if [[ ${_sc_p[_sc_j]} == *\}* ]]; then
          _sc_last=$_sc_j
          break
        fi
      done
    fi
    if ((_sc_last < _sc_i - 1)); then
      _sc_dotenv_fail "invalid interpolation: \${${_sc_nm}${_sc_op}${_sc_x:0:20}"
    fi
    _sc_d=()
    _sc_found=0
    _sc_cnt=1
    _sc_cut=0
    _sc_z=0
    _sc_j=$((_sc_i - 1))
    while :; do
      _sc_dotenv_split "$_sc_x" '{' '}'
      _sc_d+=("${_sc_xt[0]}")
      _sc_skip=0
      for ((_sc_h = 1; _sc_h < ${#_sc_xt[@]}; _sc_h++)); do
        _sc_w=${_sc_xl[_sc_h]}
        if ((_sc_skip)); then
          _sc_skip=0
        elif [[ $_sc_w == '{' ]]; then
          _sc_cnt=$((_sc_cnt + 1))
          if [[ -z ${_sc_xt[_sc_h]} ]]; then
            _sc_skip=1
          fi
        else
          _sc_cnt=$((_sc_cnt - 1))
          if ((_sc_cnt == 0)); then
            _sc_found=1
            break
          fi
        fi
        if [[ $_sc_w == '}' ]]; then
          _sc_cut=${#_sc_d[@]}
          _sc_z=$_sc_h
        fi
        _sc_d+=("$_sc_w" "${_sc_xt[_sc_h]}")
      done
      if ((_sc_found || _sc_j == _sc_last)); then
        break
      fi
      _sc_j=$((_sc_j + 1))
      _sc_x=${_sc_p[_sc_j]}
      _sc_d+=('$')
    done
    if ((!_sc_found)); then
      # No balancing `}`: W ends at the line's last `}`.
      _sc_h=$_sc_z
      _sc_d=("${_sc_d[@]:0:_sc_cut}" '')
    fi
    _sc_rest=${_sc_xt[_sc_h]}
    for ((_sc_h++; _sc_h < ${#_sc_xt[@]}; _sc_h++)); do
      _sc_rest+=${_sc_xl[_sc_h]}${_sc_xt[_sc_h]}
    done
    _sc_i=$((_sc_j + 1))
    printf -v _sc_w %s "${_sc_d[@]}"
    # compose-go v2.9.1 interpolates W even where it is not used.
    _sc_dotenv_subst1 "$_sc_w" $(($2 + 1))
    _sc_w=$_sc_r
    _sc_v=1
    _sc_dotenv_lookup "$_sc_nm" || _sc_v=0
    case $_sc_op in
      :-) if ((!_sc_v)) || [[ -z $_sc_lv ]]; then _sc_lv=$_sc_w; fi ;;
      -) if ((!_sc_v)); then _sc_lv=$_sc_w; fi ;;
      :+) if ((_sc_v)) && [[ -n $_sc_lv ]]; then _sc_lv=$_sc_w; fi ;;
      +) if ((_sc_v)); then _sc_lv=$_sc_w; fi ;;
      *)
        if ((!_sc_v)) || [[ $_sc_op == ':?' && -z $_sc_lv ]]; then
          _sc_m="required variable $_sc_nm is missing a value"
          _sc_dotenv_fail "$_sc_m${_sc_w:+: $_sc_w}"
        fi
        ;;
    esac
    _sc_o+=("$_sc_lv" "$_sc_rest")
  done
  printf -v _sc_r %s "${_sc_o[@]}"
}
{%- endraw %}
