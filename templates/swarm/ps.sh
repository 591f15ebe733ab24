{# `--action ps`. -#}
{% raw %}# The stack's services and tasks.
_sc_ps() {
  if ((_sc_dry_run)); then
    _sc_print docker stack services "$_sc_stack"
    _sc_print docker stack ps "$_sc_stack"
    return 0
  fi
  if [[ -z $(docker service ls --quiet --filter "label=com.docker.stack.namespace=$_sc_stack") ]]; then
    printf 'stack %s: no services\n' "$_sc_stack"
    return 0
  fi
  docker stack services "$_sc_stack"
  docker stack ps "$_sc_stack"
}{% endraw %}
