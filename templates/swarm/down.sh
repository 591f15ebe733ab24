{# `--action down`. -#}
{% raw %}# Remove the stack: its services, then (once their tasks are gone) its
# networks, secrets and configs. Volumes stay.
_sc_down() {
  if ((_sc_dry_run)); then
    _sc_print docker stack rm "$_sc_stack"
    return 0
  fi
  local deadline=$((SECONDS + ${STACKC_SWARM_TIMEOUT:-300})) left
  if [[ -n $(docker service ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack") ||
    -n $(docker network ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack") ]]; then
    _sc_run docker stack rm "$_sc_stack"
  fi
  while :; do
    left=$(docker ps --all --quiet --filter "label=com.docker.stack.namespace=$_sc_stack")
    left+=$(docker network ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack")
    if [[ -z $left ]]; then
      break
    fi
    if ((SECONDS >= deadline)); then
      _sc_die "the stack's containers or networks are still there after ${STACKC_SWARM_TIMEOUT:-300}s"
    fi
    # Once the services are gone: the containers swarm leaves behind (a
    # job's completed tasks), then the networks they held.
    if [[ -z $(docker service ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack") ]]; then
      docker ps --all --quiet --filter "label=com.docker.stack.namespace=$_sc_stack" --filter status=exited --filter status=created --filter status=dead |
        xargs -r docker rm >/dev/null 2>&1 || true
      docker network ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack" | xargs -r docker network rm >/dev/null 2>&1 || true
    fi
    sleep 1
  done
  local kind name
  for kind in secret config; do
    while read -r name; do
      if [[ -n $name ]]; then
        _sc_run docker "$kind" rm "$name"
      fi
    done < <(docker "$kind" ls --filter "label=com.docker.stack.namespace=$_sc_stack" --format '{{.Name}}')
  done
}{% endraw %}
