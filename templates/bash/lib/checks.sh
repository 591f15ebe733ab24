{# The environment knobs, checked before use, and the check of an image
   reference a parameter completes. -#}
# How many independent services run at once (STACKC_JOBS, default 4);
# --dry-run and --plan run one at a time, in order.
_sc_jobs=${STACKC_JOBS:-4}
if [[ ! $_sc_jobs =~ ^[1-9][0-9]{0,2}$ ]]; then
  _sc_die "STACKC_JOBS must be a number from 1 to 999, not $(_sc_quote "$_sc_jobs")"
fi
_sc_parallel=0
{%- if needs.waits %}
# How long to wait for a healthcheck, when set: a number of seconds.
if [[ -n ${STACKC_HEALTH_TIMEOUT-} && ! $STACKC_HEALTH_TIMEOUT =~ ^(0|[1-9][0-9]{0,5})$ ]]; then
  _sc_die "STACKC_HEALTH_TIMEOUT must be a number of seconds (at most 999999), not $(_sc_quote "$STACKC_HEALTH_TIMEOUT")"
fi
{%- endif %}
{%- if params.calls("_sc_port_ref") %}

# Stop unless $2 is a port mapping, [HOST_IP:][HOST:]CONTAINER[/PROTOCOL]
# with ports 1 to 65535 (as stackc checks a literal one): a parameter that
# completes a port is checked before docker reads it. $1 says where.
_sc_port_ref() {
  local LC_ALL=C n='0*[1-9][0-9]{0,4}' rest port
  local ip='(\[[0-9A-Fa-f:.]+\]|[0-9]{1,3}(\.[0-9]{1,3}){3})'
  local re="^(${ip}:(${n}(-${n})?)?:|${n}(-${n})?:)?${n}(-${n})?(/(tcp|udp|sctp))?$"
  rest=${2%/*}
  if [[ $rest =~ ^${ip}:(.*)$ ]]; then
    rest=${BASH_REMATCH[3]}
  fi
  if [[ $2 =~ $re ]]; then
    for port in ${rest//[:-]/ }; do
      if ((10#$port > 65535)); then
        _sc_die "$1 has the port $(_sc_quote "$2"): $port is not a port (1 to 65535)"
      fi
    done
    return 0
  fi
  _sc_die "$1 has the port $(_sc_quote "$2"), which is not [HOST_IP:][HOST:]CONTAINER[/PROTOCOL] (e.g. 8080:80)"
}
{%- endif %}
{%- if params.calls("_sc_value_ref") %}

# Stop unless $2 is $4: it matches the extended regular expression $3 and,
# given $5 and $6, is a whole number from $5 to $6 (as stackc checks a
# literal value). $1 says where.
_sc_value_ref() {
  local LC_ALL=C n
  if [[ $2 =~ $3 ]] && (($# < 5)); then
    return 0
  fi
  if [[ $2 =~ $3 ]]; then
    # A whole number beyond bash's 64 bits is out of range: nineteen
    # digits compare as the first eighteen, then the last.
    n=${2#-}
    if (({% raw %}${#n}{% endraw %} > 19)); then
      n=
    elif (({% raw %}${#n}{% endraw %} == 19)); then
      if ((10#${n:0:18} > 922337203685477580 || (10#${n:0:18} == 922337203685477580 && 10#${n:18} > 7))); then
        n=
      fi
    fi
    if [[ -n $n ]]; then
      n=$((10#$n))
      if [[ $2 == -* ]]; then
        n=$((-n))
      fi
      if ((n >= $5 && n <= $6)); then
        return 0
      fi
    fi
  fi
  _sc_die "$1 is $(_sc_quote "$2"), which is not $4"
}
{%- endif %}
{%- if params.calls("_sc_seconds") %}

# Set _sc_converted to the whole seconds, rounded up, of the Go duration
# $2 (`1m30s`, `1.5s`, `500ms`; what docker's --stop-timeout and
# `docker stop --time` take), or stop, saying $1 is not $3. As stackc reads
# one: a fraction's digits past the 18th are dropped, and docker's limit
# (an int64 of nanoseconds, about 292 years) is kept without overflow.
_sc_seconds() {
  local LC_ALL=C rest=$2 whole frac hi m k n part limit total=0 max=9223372036854775807
  if [[ $rest == 0 ]]; then
    _sc_converted=0
    return 0
  fi
  while [[ -n $rest ]]; do
    whole=${rest%%[!0-9]*}
    rest=${rest#"$whole"}
    frac=
    if [[ $rest == .* ]]; then
      rest=${rest#.}
      frac=${rest%%[!0-9]*}
      rest=${rest#"$frac"}
    fi
    case $rest in
      ns*) m=1 k=0 rest=${rest#ns} ;;
      us*) m=1 k=3 rest=${rest#us} ;;
      µs*) m=1 k=3 rest=${rest#µs} ;;
      μs*) m=1 k=3 rest=${rest#μs} ;;
      ms*) m=1 k=6 rest=${rest#ms} ;;
      s*) m=1 k=9 rest=${rest#s} ;;
      m*) m=6 k=10 rest=${rest#m} ;;
      h*) m=36 k=11 rest=${rest#h} ;;
      *) whole='' frac='' ;;
    esac
    if [[ -z $whole$frac ]]; then
      _sc_die "$1 is $(_sc_quote "$2"), which is not $3"
    fi
    # The whole part, without leading zeros, must fit what is left.
    whole=${whole#"${whole%%[!0]*}"}
    limit=$(((max - total) / (m * 10 ** k)))
    if (({% raw %}${#whole}{% endraw %} > 19)) || {
      (({% raw %}${#whole}{% endraw %} == 19)) &&
        ((10#${whole:0:18} > 922337203685477580 || (10#${whole:0:18} == 922337203685477580 && 10#${whole:18} > 7)))
    } || ((10#${whole:-0} > limit)); then
      _sc_die "$1 is $(_sc_quote "$2"), which is longer than docker takes (at most 2562047h)"
    fi
    total=$((total + 10#${whole:-0} * m * 10 ** k))
    # The fraction: floor(F * m * 10^k / 10^n), computed without overflow.
    frac=${frac:0:18}
    n={% raw %}${#frac}{% endraw %}
    part=0
    if ((n > 0 && n <= k)); then
      part=$((10#$frac * m * 10 ** (k - n)))
    elif ((n > k)); then
      hi=${frac:0:k}
      part=$((10#${hi:-0} * m + 10#${frac:k} * m / 10 ** (n - k)))
    fi
    if ((part > max - total)); then
      _sc_die "$1 is $(_sc_quote "$2"), which is longer than docker takes (at most 2562047h)"
    fi
    total=$((total + part))
  done
  _sc_converted=$((total / 1000000000 + (total % 1000000000 > 0)))
}
{%- endif %}
{%- if params.calls("_sc_host_path") %}

# Set _sc_converted to the host path $2 as compose resolves one: as it is
# when absolute (or a Windows drive's), else under the stack's directory,
# without its leading `./` segments. ($1 and $3 as for the others.)
_sc_host_path() {
  local rest=$2
  if [[ $rest == /* || $rest =~ ^[A-Za-z]:[\\/] ]]; then
    _sc_converted=$rest
    return 0
  fi
  while [[ $rest == ./* ]]; do
    rest=${rest#./}
    while [[ $rest == /* ]]; do
      rest=${rest#/}
    done
  done
  if [[ -z $rest || $rest == . ]]; then
    _sc_converted=$_sc_root
  else
    _sc_converted=$_sc_root/$rest
  fi
}
{%- endif %}
{%- if params.calls("_sc_bool") %}

# Set _sc_converted to `true` or `false` as $2 reads as compose reads a
# boolean (y, yes, true, on / n, no, false, off, in any case), or stop,
# saying $1 is not $3.
_sc_bool() {
  local LC_ALL=C
  case ${2,,} in
    y | yes | true | on) _sc_converted=true ;;
    n | no | false | off) _sc_converted=false ;;
    *) _sc_die "$1 is $(_sc_quote "$2"), which is not $3" ;;
  esac
}
{%- endif %}
{%- if params.calls("_sc_ip_ref") %}

# Whether $1 is an IPv4 address: four numbers from 0 to 255, without a
# leading zero (as stackc reads one).
_sc_ipv4() {
  local LC_ALL=C o='(0|[1-9][0-9]{0,2})'
  [[ $1 =~ ^$o\.$o\.$o\.$o$ ]] &&
    ((BASH_REMATCH[1] < 256 && BASH_REMATCH[2] < 256 && BASH_REMATCH[3] < 256 && BASH_REMATCH[4] < 256))
}

# Whether $1 is an IPv6 address: eight groups of 1 to 4 hexadecimal
# digits, or fewer around one `::` (which stands for at least one); the
# last two may be an IPv4 address.
_sc_ipv6() {
  local LC_ALL=C a=$1 h='[0-9A-Fa-f]{1,4}' part n=0
  if [[ $a =~ ^(.*:)([^:]*[.][^:]*)$ ]]; then
    a=${BASH_REMATCH[1]}0:0
    _sc_ipv4 "${BASH_REMATCH[2]}" || return 1
  fi
  if [[ $a != *::* ]]; then
    [[ $a =~ ^$h(:$h){7}$ ]]
    return
  fi
  if [[ $a == *::*::* ]]; then
    return 1
  fi
  for part in "${a%%::*}" "${a#*::}"; do
    if [[ -n $part ]]; then
      [[ $part =~ ^$h(:$h)*$ ]] || return 1
      part=${part//[^:]/}
      n=$((n + {% raw %}${#part}{% endraw %} + 1))
    fi
  done
  ((n <= 7))
}

# Stop unless $2 is $4, an address of the kind $3 (4: IPv4, 6: IPv6, ip:
# either, cidr: ADDRESS/PREFIX of either, host: either or host-gateway), as stackc checks a literal one:
# a parameter that completes an address is checked before docker reads
# it. $1 says where.
_sc_ip_ref() {
  local LC_ALL=C address=$2 prefix=
  if [[ $3 == host && $2 == host-gateway ]]; then
    return 0
  fi
  if [[ $3 == cidr ]]; then
    if [[ $2 =~ ^(.*)/(0|[1-9][0-9]{0,2})$ ]]; then
      address=${BASH_REMATCH[1]}
      prefix=${BASH_REMATCH[2]}
    else
      address=
    fi
  fi
  if [[ $3 != 6 ]] && _sc_ipv4 "$address"; then
    if [[ -z $prefix ]] || ((prefix <= 32)); then
      return 0
    fi
  elif [[ $3 != 4 ]] && _sc_ipv6 "$address"; then
    if [[ -z $prefix ]] || ((prefix <= 128)); then
      return 0
    fi
  fi
  _sc_die "$1 is $(_sc_quote "$2"), which is not $4"
}
{%- endif %}
{%- if !buildkit.is_empty() %}

# Stop unless docker builds with BuildKit (its buildx plugin): $1, a build
# key only BuildKit has, says why (the classic builder would refuse it at
# `docker build`, after other changes).
_sc_need_buildkit() {
  if ((!_sc_buildkit)); then
    docker buildx version >/dev/null 2>&1 ||
      _sc_die "$1 needs BuildKit, and this docker has no buildx plugin (\`docker buildx version\` fails): install it (Docker's docker-buildx-plugin, Debian's docker-buildx)"
    _sc_buildkit=1
  fi
}
_sc_buildkit=0
{%- if !agents.is_empty() %}

# Stop unless an SSH agent listens at $SSH_AUTH_SOCK: $1, a `build.ssh`
# with an entry without a path, gives the build that agent.
_sc_need_agent() {
  if [[ -z ${SSH_AUTH_SOCK-} || ! -S $SSH_AUTH_SOCK ]]; then
    _sc_die "$1 gives the build the SSH agent of \$SSH_AUTH_SOCK, and no agent listens there: start one (eval \"\$(ssh-agent)\"; ssh-add), or name a key file (ID=PATH)"
  fi
}
{%- endif %}
{%- endif %}
{%- if !platforms.is_empty() %}

# Stop unless the engine's own platform (os/arch) is one of $2…: $1, a
# `build.platforms`, lists those the image may be built for (one engine's
# image store holds one platform of an image: the engine builds its own).
_sc_need_platform() {
  local at=$1 platform
  shift
  if [[ -z ${_sc_platform-} ]]; then
    _sc_platform=$(docker version --format '{% raw %}{{.Server.Os}}/{{.Server.Arch}}{% endraw %}') ||
      _sc_die "cannot read the Docker engine's platform"
  fi
  for platform in "$@"; do
    if [[ $platform == "$_sc_platform" || $platform == "$_sc_platform"/* ]]; then
      return 0
    fi
  done
  _sc_die "$at lists $*, not this engine's platform $(_sc_quote "$_sc_platform"): an engine builds its own; add it, or build on another engine"
}
{%- endif %}
{%- if !engine_api.is_empty() %}

# Stop unless the engine's API is version $1 (Docker $2) or later: $3, a
# key that needs it, says why (an older engine would refuse it at
# `docker create`, after other changes).
_sc_engine_api() {
  local have
  have=$(docker version --format '{% raw %}{{.Server.APIVersion}}{% endraw %}') || _sc_die "cannot read the Docker engine's API version"
  if [[ $have =~ ^([0-9]+)\.([0-9]+)$ ]]; then
    local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
    if ((10#$major > 10#${1%.*} || (10#$major == 10#${1%.*} && 10#$minor >= 10#${1#*.}))); then
      return 0
    fi
  fi
  _sc_die "$3 needs Docker Engine API $1 or later (Docker $2); this engine has API $(_sc_quote "$have")"
}
{%- endif %}
{%- if params.calls("_sc_restart_ref") %}

# Stop unless $2 is a restart policy (no, always, unless-stopped,
# on-failure[:N]), as stackc checks a literal one. $1 says where.
_sc_restart_ref() {
  if [[ ! $2 =~ ^(no|always|unless-stopped|on-failure(:[0-9]{1,9})?)$ ]]; then
    _sc_die "$1 is $(_sc_quote "$2"), which is not a restart policy (no, always, unless-stopped, on-failure[:N])"
  fi
}
{%- endif %}
{%- if image_refs %}

# Stop unless $2 is an image reference ([DOMAIN/]PATH[:TAG][@DIGEST], as
# stackc checks a literal one): a parameter that completes an image is
# checked before docker reads it, where a value starting with `-` would be a
# flag. $1 says where it is used.
_sc_image_ref() {
  local LC_ALL=C _sc_n=${2%%@*} _sc_re={{ reference_ere }}
  if [[ ${_sc_n##*/} == *:* ]]; then
    _sc_n=${_sc_n%:*}
  fi
  if [[ ! $2 =~ $_sc_re || {% raw %}${#_sc_n}{% endraw %} -gt 255 ]]; then
    _sc_die "$1 is $(_sc_quote "$2"), which is not an image reference (e.g. nginx:1.27 or ghcr.io/owner/app:v1)"
  fi
}
{%- endif %}
