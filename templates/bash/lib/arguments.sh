{# The command line: `--help`, the declared parameters, `--param`, the options
   of this action. -#}
_sc_usage() {
  printf '%s\n' \
    "Usage: ${_sc_me} {% if needs_yes %}[--yes] [--dry-run]{% else if plans %}[--dry-run | --plan [--format text|json]]{% else %}[--dry-run]{% endif %} [--help]" \
{%- for line in usage %}
    {{ line }} \
{%- endfor %}
    ''
}

# The stack's parameters (1: secret, never accepted on the command line).
declare -A _sc_declared=(
{%- for (name, secret) in declared %}
  [{{ name }}]={{ secret }}
{%- endfor %}
)
declare -A _sc_given=()

# `--param NAME=VALUE`: a declared, non-secret parameter.
_sc_param_arg() {
  local name=${1%%=*}
  if [[ $1 != *=* || ! $name =~ ^[A-Za-z][A-Za-z0-9_]*$ || -z ${_sc_declared["$name"]+x} ]]; then
    printf '%s: --param %s: not NAME=VALUE for a parameter of the stack (see --help)\n' "$_sc_me" "$(_sc_quote "$name")" >&2
    exit 2
  fi
  if [[ ${_sc_declared["$name"]} == 1 ]]; then
    printf '%s: --param %s: a secret is read from the environment or .env, never from the command line\n' "$_sc_me" "$name" >&2
    exit 2
  fi
  _sc_given["$name"]=${1#*=}
}

{%- if needs.archives %}

# --volume NAME (repeatable): only these volumes; --archive NAME and
# --force for restore.
declare -A _sc_only=()
_sc_archive=
_sc_force=0
_sc_backup_image=${STACKC_BACKUP_IMAGE:-busybox:stable}
{%- endif %}

_sc_dry_run=0
_sc_plan=0
_sc_format=text
{%- if needs_yes %}
_sc_yes=0
{%- endif %}
while (($#)); do
  case $1 in
    --dry-run) _sc_dry_run=1 ;;
{%- if needs.archives %}
    --volume)
      _sc_only["${2-}"]=1
      shift
      ;;
    --volume=*) _sc_only["${1#--volume=}"]=1 ;;
    --archive)
      _sc_archive=${2-}
      shift
      ;;
    --archive=*) _sc_archive=${1#--archive=} ;;
    --force) _sc_force=1 ;;
{%- endif %}
    --param)
      _sc_param_arg "${2-}"
      shift
      ;;
    --param=*) _sc_param_arg "${1#--param=}" ;;
{%- if plans %}
    --plan) _sc_plan=1 ;;
    --format)
      _sc_format=${2-}
      shift
      ;;
    --format=*) _sc_format=${1#--format=} ;;
{%- endif %}
{%- if needs_yes %}
    --yes) _sc_yes=1 ;;
{%- endif %}
    -h | --help)
      _sc_usage
      exit 0
      ;;
    *)
      printf '%s: unknown argument: %s\n' "$_sc_me" "$(_sc_quote "$1")" >&2
      _sc_usage >&2
      exit 2
      ;;
  esac
  shift
done
{%- if plans %}
if [[ $_sc_format != text && $_sc_format != json ]]; then
  printf '%s: --format is text or json, not %s\n' "$_sc_me" "$(_sc_quote "$_sc_format")" >&2
  exit 2
fi
{%- endif %}

{%- if needs_yes %}

if ((!_sc_yes && !_sc_dry_run)); then
  printf '%s: this removes the volumes of the stack with their data, and its built images; run it again with --yes\n' "$_sc_me" >&2
  exit 2
fi
{%- endif %}
