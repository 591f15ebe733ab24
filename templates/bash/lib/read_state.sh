{# The reads of the state, with the docker calls of docker.rs. #}

# Read the state of the stack with one call per kind of resource.
_sc_read_state() {
  local out name state status hash fields sealed image
{%- if let Some(list) = reads.containers %}
  # Fields apart by the unit separator (0x1f), not a tab: an empty field
  # (a label a container lacks) stays a field.
  out=$({{ list }}) ||
    _sc_die "cannot list the containers of the stack (docker ps)"
  while IFS=$'\x1f' read -r name state status hash fields sealed image; do
    if [[ -z $name ]]; then
      continue
    fi
    if [[ $state == exited && $status =~ ^Exited\ \(([0-9]+)\) ]]; then
      state=exited:${BASH_REMATCH[1]}
    fi
    _sc_state["container:$name"]=$state
    _sc_hashes["$name"]=$hash
    _sc_fields_live["$name"]=$fields
    _sc_sealed["$name"]=$sealed
    _sc_images_live["$name"]=$image
    _sc_statuses["$name"]=$status
  done <<<"$out"
{%- endif %}
{%- for (kind, list) in reads.names %}
  out=$({{ list }}) ||
    _sc_die "cannot list the {{ kind }}s of the stack (docker {{ kind }} ls)"
  while IFS=$'\x1f' read -r name hash; do
    if [[ -n $name ]]; then
      _sc_state["{{ kind }}:$name"]=present
{%- if kind == &"network" %}
      _sc_net_live["$name"]=$hash
{%- endif %}
    fi
  done <<<"$out"
{%- endfor %}
{%- if let Some(list) = reads.images %}
  # Images: their IDs, then (one call for all) their tags and build hashes.
  out=$({{ list }}) ||
    _sc_die "cannot list the images of the stack (docker image ls)"
  local ids=() tags
  while read -r name; do
    if [[ -n $name ]]; then
      ids+=("$name")
    fi
  done <<<"$out"
  if {% raw %}((${#ids[@]})){% endraw %}; then
    out=$(docker image inspect --format '{% raw %}{{range .RepoTags}}{{.}} {{end}}{{"\t"}}{{index .Config.Labels "{% endraw %}{{ build_hash_label }}{% raw %}"}}{% endraw %}' "${ids[@]}") ||
      _sc_die "cannot read the images of the stack (docker image inspect)"
    while IFS=$'\t' read -r tags hash; do
      for name in $tags; do
        _sc_state["image:$name"]=present
        _sc_image_hashes["$name"]=$hash
      done
    done <<<"$out"
  fi
{%- endif %}
  return 0
}
