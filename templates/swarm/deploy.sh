{# The deploy (`up`) script's functions: digests, secrets and configs, one
   service's `docker stack deploy`, the convergence wait, the pruning. -#}
{% raw %}# The sha256 of standard input, in hex.
_sc_sha256() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum)
  elif command -v shasum >/dev/null 2>&1; then
    sum=$(shasum -a 256)
  else
    _sc_die "sha256sum (or shasum) is needed to compare definitions"
  fi
  printf '%s' "${sum%% *}"
}

# 16 random bytes in hex: the salt of a digest, kept on the object's label
# and nowhere else, so that a digest cannot be looked up in a dictionary.
_sc_salt() {
  local salt
  salt=$(od -An -N16 -tx1 /dev/urandom) || _sc_die "cannot read /dev/urandom"
  salt=${salt//[!0-9a-f]/}
  printf '%s' "$salt"
}

# The digest of standard input salted with $1: sha256(SALT NUL content).
_sc_sealed() {
  {
    printf '%s\0' "$1"
    cat
  } | _sc_sha256
}

# The content of a secret or config: the host file $2 (`f`) or the value
# $2 (`v`), on standard output; never on a command line.
_sc_content() {
  if [[ $1 == f ]]; then
    cat -- "$2"
  else
    printf '%s' "$2"
  fi
}

# Stop unless the docker CLI talks to a swarm manager. $1: the stack builds
# images, which only a single-node swarm can run without a registry.
_sc_need_manager() {
  if ((_sc_dry_run)); then
    return 0
  fi
  local info
  info=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.Nodes}}') ||
    _sc_die "cannot reach the docker engine"
  case $info in
    'active true '*) ;;
    active*) _sc_die "this engine is a swarm worker: run this script against a manager (DOCKER_HOST or docker context)" ;;
    *) _sc_die "this engine is not in a swarm (state: ${info%% *}): run \`docker swarm init\`, or point DOCKER_HOST at a manager" ;;
  esac
  if (($1)) && [[ ${info##* } != 1 ]]; then
    _sc_die "the stack builds images, which this script builds on this node only, and the swarm has ${info##* } nodes: push the images to a registry and name them with \`image\` instead of \`build\`"
  fi
}

# Stop unless $2, the host file of $1, is a readable regular file.
_sc_need_file() {
  if [[ ! -f $2 || ! -r $2 ]]; then
    _sc_die "$1: cannot read the file $(_sc_quote "$2"): it must be a readable regular file"
  fi
}

# The names of the secrets and configs this run uses (kept by _sc_prune).
declare -A _sc_objects=()

# The swarm object of a secret or config: $1 `secret` or `config`, $2 the
# variable the stack file names it by, $3 where it is declared, $4 the
# prefix of its name, $5 and $6 its source (see _sc_content). An object of
# the stack with the same content is kept; else one is created, named
# `PREFIX_DIGEST`, its content on standard input.
_sc_object() {
  local kind=$1 var=$2 origin=$3 prefix=$4 name seal salt digest
  if ((_sc_dry_run)); then
    printf -v "$var" '%s' "${prefix}_DIGEST"
    export "${var?}"
    _sc_print docker "$kind" create --label="com.docker.stack.namespace=$_sc_stack" --label="io.stackc.object=$origin" --label="io.stackc.digest=SALT:DIGEST" "${prefix}_DIGEST" -
    return 0
  fi
  if [[ $5 == f ]]; then
    _sc_need_file "$origin" "$6"
  fi
  while read -r name seal; do
    if [[ -n $name && $seal == ?*:?* ]] &&
      [[ $(_sc_content "$5" "$6" | _sc_sealed "${seal%%:*}") == "${seal#*:}" ]]; then
      printf -v "$var" '%s' "$name"
      export "${var?}"
      _sc_objects["$kind:$name"]=1
      _sc_say "$kind $name ($origin): unchanged"
      return 0
    fi
  done < <(docker "$kind" ls --filter "label=com.docker.stack.namespace=$_sc_stack" --filter "label=io.stackc.object=$origin" --format '{{.Name}} {{.Label "io.stackc.digest"}}')
  salt=$(_sc_salt)
  digest=$(_sc_content "$5" "$6" | _sc_sealed "$salt")
  name=${prefix}_${digest:0:12}
  if ! _sc_content "$5" "$6" | docker "$kind" create --label="com.docker.stack.namespace=$_sc_stack" --label="io.stackc.object=$origin" --label="io.stackc.digest=$salt:$digest" "$name" - >/dev/null; then
    _sc_die "step ${_sc_step}: cannot create the $kind $name"
  fi
  printf -v "$var" '%s' "$name"
  export "${var?}"
  _sc_objects["$kind:$name"]=1
  _sc_say "$kind $name ($origin): created"
}

# Service $1's task template, then on a line of its own the marker of its
# last update (when it started, and a job's run number).
_sc_template() {
  docker service inspect --format '{{json .Spec.TaskTemplate}}{{"\n"}}{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}} {{if .JobStatus}}{{.JobStatus.JobIteration.Index}}{{end}}' "$1"
}

# The services this run deployed, and the marker of their last update
# before it (read by _sc_converge).
declare -A _sc_deployed=() _sc_before=()

# Deploy service $1 with the stack file on standard input, unless the
# service runs that very definition: the digest of `docker stack config`
# (the file with every parameter and object name filled in), salted, is on
# the service's `io.stackc.digest` label.
_sc_deploy() {
  local key=$1 name=${_sc_stack}_$1 file config live salt digest template
  file=$(cat)
  if ((_sc_dry_run)); then
    _sc_print docker stack deploy --detach=true --resolve-image="$_sc_resolve" --compose-file=- "$_sc_stack"
    return 0
  fi
  config=$(cd -- "$_sc_here" && STACKC_DIGEST='' docker stack config --compose-file=- <<<"$file") ||
    _sc_die "step ${_sc_step}: docker stack config refused the stack file of service $key"
  live=$(docker service inspect --format '{{index .Spec.Labels "io.stackc.digest"}}' "$name" 2>/dev/null) || live=
  if [[ $live == ?*:?* && $(_sc_sealed "${live%%:*}" <<<"$config") == "${live#*:}" ]]; then
    _sc_say "service $key: unchanged"
    return 0
  fi
  template=$(_sc_template "$name" 2>/dev/null) || template=
  salt=$(_sc_salt)
  digest=$(_sc_sealed "$salt" <<<"$config")
  if ! (cd -- "$_sc_here" && STACKC_DIGEST=$salt:$digest docker stack deploy --detach=true --resolve-image="$_sc_resolve" --compose-file=- "$_sc_stack" <<<"$file" >&2); then
    _sc_die "step ${_sc_step}: docker stack deploy failed for service $key"
  fi
  _sc_deployed["$key"]=1
  _sc_before["$key"]=$template
  if [[ -z $template ]]; then
    _sc_say "service $key: created"
  else
    _sc_say "service $key: updated"
  fi
}

# Stop, naming service $1 and its last failed task, with the reason $2.
_sc_failed() {
  local key=$1 task
  task=$(docker service ps --no-trunc --filter desired-state=shutdown --format '{{.Name}} ({{.ID}}): {{.CurrentState}}{{if .Error}}: {{.Error}}{{end}}' "${_sc_stack}_$key" 2>/dev/null |
    grep -m1 -E ': (Failed|Rejected)' || true)
  if [[ -z $task ]]; then
    task=$(docker service ps --no-trunc --format '{{.Name}} ({{.ID}}): {{.CurrentState}}{{if .Error}}: {{.Error}}{{end}}' "${_sc_stack}_$key" 2>/dev/null |
      grep -m1 -E ': (Failed|Rejected)' || true)
  fi
  _sc_die "service $key: $2${task:+; task $task}"
}

# Wait until service $1 converges: every one of its $3 tasks running (a
# task with a healthcheck runs once healthy), or, for a job ($2), each
# completed; at most _sc_timeout seconds. An update this run started must
# end as `completed`: a rolled-back update is a failure.
_sc_converge() {
  if ((_sc_dry_run)); then
    return 0
  fi
  local key=$1 kind=$2 want=$3 name=${_sc_stack}_$1 deadline=$((SECONDS + _sc_timeout))
  local before=${_sc_before["$1"]-} now state count iteration started=1 line failed
  if [[ -n ${_sc_deployed["$key"]+x} && -n $before ]]; then
    started=0
  fi
  _sc_say "service $key: waiting until it converges (at most ${_sc_timeout}s)"
  while :; do
    now=$(_sc_template "$name") ||
      _sc_die "step ${_sc_step}: cannot inspect service $name"
    # The update this run asked for (or a job's new run) has begun once the
    # marker moved; a change of the service's labels alone starts none.
    if ((!started)) && [[ ${now%%$'\n'*} == "${before%%$'\n'*}" || ${now#*$'\n'} != "${before#*$'\n'}" ]]; then
      started=1
    fi
    state=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}} {{.UpdateStatus.Message}}{{end}}' "$name")
    if ((started)) && [[ -n ${_sc_deployed["$key"]+x} ]]; then
      case $state in
        rollback_completed* | rollback_paused* | paused*)
          _sc_failed "$key" "the update failed and was rolled back (${state})"
          ;;
      esac
    fi
    if ((started)) && [[ $state != updating* && $state != rollback_started* ]]; then
      count=0
      failed=
      if [[ $kind == job ]]; then
        iteration=${now##* }
        while read -r line; do
          case $line in
            "${iteration:-0} complete") ((++count)) ;;
            "${iteration:-0} failed" | "${iteration:-0} rejected") failed=1 ;;
          esac
        done < <(docker service ps --quiet --no-trunc "$name" | xargs -r docker inspect --format '{{if .JobIteration}}{{.JobIteration.Index}}{{else}}0{{end}} {{.Status.State}}')
        if [[ -n $failed ]]; then
          _sc_failed "$key" "the job failed"
        fi
      else
        count=$(docker service ps --filter desired-state=running --format '{{.CurrentState}}' "$name" | grep -c '^Running' || true)
      fi
      if ((count >= want)); then
        _sc_say "service $key: converged (${count}/${want} $([[ $kind == job ]] && printf completed || printf running))"
        return 0
      fi
    fi
    if ((SECONDS >= deadline)); then
      _sc_failed "$key" "did not converge within ${_sc_timeout}s (STACKC_SWARM_TIMEOUT)"
    fi
    sleep 1
  done
}

# Remove the stack's secrets and configs that this run no longer uses
# (after every service converged: none of them reads one any more).
_sc_prune() {
  if ((_sc_dry_run)); then
    return 0
  fi
  local kind name
  for kind in secret config; do
    while read -r name; do
      if [[ -n $name && -z ${_sc_objects["$kind:$name"]+x} ]]; then
        if docker "$kind" rm "$name" >/dev/null; then
          _sc_say "$kind $name: removed (superseded)"
        fi
      fi
    done < <(docker "$kind" ls --filter "label=com.docker.stack.namespace=$_sc_stack" --filter label=io.stackc.object --format '{{.Name}}')
  done
}{% endraw %}
