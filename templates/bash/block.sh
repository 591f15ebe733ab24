{#- The lines of one resource's block, each operation's in turn. -#}
{%- for step in steps %}
{%- match step %}
{%- when Step::Ensure { kind, name, create, init } %}
if _sc_has {{ kind }} {{ name }}; then
  _sc_did {{ kind }} {{ name }} keep 'exists, kept'
else
  {{ create|indent(2) }}
  _sc_did {{ kind }} {{ name }} create created
{%- for command in init %}
  {{ command|indent(2) }}
{%- endfor %}
fi
{%- when Step::Build { hash_inputs, bases, tag, tag_key, always, fresh, build } %}
_sc_bhash=$(_sc_build_hash {{ hash_inputs|join(" ") }}
{%- for base in bases %} "${_sc_bhashes[{{ base }}]}"{% endfor %})
{%- if let Some(key) = tag_key %}
_sc_bhashes[{{ key }}]=$_sc_bhash
{%- endif %}
{%- if always %}
{{ build }}
_sc_rebuilt[{{ tag }}]=1
_sc_did image {{ tag }} build built
{%- else %}
if _sc_has image {{ tag }} && [[ $(_sc_image_hash {{ tag }}) == "$_sc_bhash" ]]; then
{%- if fresh %}
  {{ build|indent(2) }}
  _sc_did image {{ tag }} build 'built again, inputs unchanged'
{%- else %}
  _sc_did image {{ tag }} keep 'exists, kept'
{%- endif %}
else
  {{ build|indent(2) }}
  _sc_rebuilt[{{ tag }}]=1
  _sc_did image {{ tag }} build built
fi
{%- endif %}
{%- when Step::Pull { pull, image } %}
{{ pull }}
_sc_did image {{ image }} pull pulled
{%- when Step::Run { check, starts, exec_always, restart_with, restart, replace } %}
{{ check }}
case $_sc_now in
{%- match starts %}
{%- when Starts::Job(service) %}
  exited:0)
    _sc_did job {{ check.name }} keep 'completed before, kept'
    ;;
  absent | changed)
{%- for command in check.create %}
    {{ command|indent(4) }}
{%- endfor %}
{%- if let Some(copy) = check.copy %}
    {{ copy|indent(4) }}
{%- endif %}
    _sc_did job {{ check.name }} run 'created, running'
    _sc_run_job {{ check.name }} {{ service }}
    _sc_did job {{ check.name }} completed completed
    ;;
  *)
    _sc_did job {{ check.name }} run 'did not complete before, running again'
    _sc_run_job {{ check.name }} {{ service }}
    _sc_did job {{ check.name }} completed completed
    ;;
{%- when Starts::Service { start, execs } %}
  absent{% if replace.is_none() %} | changed{% endif %})
{%- for command in check.create %}
    {{ command|indent(4) }}
{%- endfor %}
{%- if let Some(copy) = check.copy %}
    {{ copy|indent(4) }}
{%- endif %}
    {{ start|indent(4) }}
{%- for command in execs %}
    {{ command|indent(4) }}
{%- endfor %}
    _sc_did container {{ check.name }} create 'created and started'
    ;;
{%- if let Some(new) = replace %}
  changed)
{%- if let Some(discard) = new.discard %}
    _sc_did container {{ check.name }} recreate 'definition changed, replaced once its replacement is ready' "$(_sc_changed {{ check.name }} "$_sc_fields" "$_sc_hash" {{ check.image }})"
    if _sc_has container {{ new.name }}; then
      {{ discard|indent(6) }}
    fi
{%- endif %}
{%- for command in new.create %}
    {{ command|indent(4) }}
{%- endfor %}
{%- if let Some(copy) = new.copy %}
    {{ copy|indent(4) }}
{%- endif %}
    {{ new.start|indent(4) }}
{%- for command in new.execs %}
    {{ command|indent(4) }}
{%- endfor %}
{%- if let Some(created) = new.created %}
    _sc_next_started {{ new.name }} {{ created }}
    _sc_rolled[{{ check.name }}]=1
{%- else %}
    _sc_did container {{ check.name }} create 'created and started'
{%- endif %}
    ;;
{%- endif %}
  running)
{%- if restart_with.is_empty() %}
    _sc_did container {{ check.name }} keep 'running, kept'
{%- else %}
    if _sc_restarted_any {{ restart_with|join(" ") }}; then
      {{ restart|indent(6) }}
      _sc_did container {{ check.name }} restart 'restarted: a dependency was (re)started'
    else
      _sc_did container {{ check.name }} keep 'running, kept'
    fi
{%- endif %}
    ;;
  *)
    {{ start|indent(4) }}
{%- if exec_always %}
{%- for command in execs %}
    {{ command|indent(4) }}
{%- endfor %}
{%- endif %}
    _sc_did container {{ check.name }} start started
    ;;
{%- endmatch %}
esac
{%- when Step::Settle(settle) %}
{%- for replica in settle.replicas %}
{%- if replica.acts() %}
if [[ -n ${_sc_rolled[{{ replica.name }}]+x} ]]; then
{%- if let Some(wait) = replica.wait %}
  _sc_wait_healthy {{ wait }}
{%- endif %}
{%- for command in replica.join %}
  {{ command|indent(2) }}
{%- endfor %}
{%- if let Some(swap) = replica.swap %}
{%- if let Some(drain) = swap.drain %}
  _sc_drain {{ drain }}
{%- endif %}
  {{ swap.stop|indent(2) }}
  {{ swap.remove|indent(2) }}
  {{ swap.rename|indent(2) }}
  _sc_did container {{ replica.name }} create 'removed; its replacement, ready, took its name'
{%- if replica.wait.is_some() %}
  _sc_seen_healthy {{ replica.name }}
{%- endif %}
{%- endif %}
fi
{%- endif %}
{%- endfor %}
{%- if let Some(delay) = settle.delay %}
if {% for replica in settle.replicas %}[[ -n ${_sc_rolled[{{ replica.name }}]+x} ]]{% if !loop.last %} || {% endif %}{% endfor %}; then
  sleep {{ delay }}
fi
{%- endif %}
_sc_rolled=()
{%- when Step::Create { check } %}
{{ check }}
case $_sc_now in
  absent | changed)
{%- for command in check.create %}
    {{ command|indent(4) }}
{%- endfor %}
{%- if let Some(copy) = check.copy %}
    {{ copy|indent(4) }}
{%- endif %}
    _sc_did {{ check.what }} {{ check.name }} create created
    ;;
  *)
    _sc_did {{ check.what }} {{ check.name }} keep 'exists, kept'
    ;;
esac
{%- when Step::Report { identity, service, image } %}
{{ identity }}
_sc_report {{ service }} {{ identity.name }} "$_sc_hash" {{ image }}{% if identity.sealed() %} "$_sc_secrets"{% endif %}
{%- when Step::Once { name, force, create, copy, start, remove } %}
if _sc_has container {{ name }}; then
  {{ force|indent(2) }}
fi
{%- for command in create %}
{{ command }}
{%- endfor %}
{%- if let Some(copy) = copy %}
{{ copy }}
{%- endif %}
_sc_did container {{ name }} run 'created, running'
_sc_status_of_run=0
{{ start }}
{{ remove }}
_sc_did container {{ name }} remove removed
exit "$_sc_status_of_run"
{%- when Step::Archive { restore, words } %}
{% if restore %}_sc_restore{% else %}_sc_backup{% endif %} {{ words|join(" ") }}
{%- when Step::Start { name, absent, starts } %}
case $(_sc_status {{ name }}) in
  '')
    _sc_die {{ absent }}
    ;;
{%- match starts %}
{%- when Starts::Job(service) %}
  exited:0)
    _sc_did job {{ name }} keep 'completed before, kept'
    ;;
  *)
    _sc_run_job {{ name }} {{ service }}
    _sc_did job {{ name }} completed completed
{%- when Starts::Service { start, execs } %}
  running)
    _sc_did container {{ name }} keep 'running, kept'
    ;;
  *)
    {{ start|indent(4) }}
{%- for command in execs %}
    {{ command|indent(4) }}
{%- endfor %}
    _sc_did container {{ name }} start started
{%- endmatch %}
    ;;
esac
{%- when Step::Stop { name, hooks, stop } %}
if [[ $(_sc_status {{ name }}) == running ]]; then
{%- for hook in hooks %}
  {{ hook|indent(2) }}
{%- endfor %}
  {{ stop|indent(2) }}
  _sc_did container {{ name }} stop stopped
else
  _sc_did container {{ name }} keep 'not running'
fi
{%- when Step::Restart { name, absent, hooks, restart, execs } %}
if [[ -z $(_sc_status {{ name }}) ]]; then
  _sc_die {{ absent }}
fi
{%- if !hooks.is_empty() %}
if [[ $(_sc_status {{ name }}) == running ]]; then
{%- for hook in hooks %}
  {{ hook|indent(2) }}
{%- endfor %}
fi
{%- endif %}
{{ restart }}
{%- for command in execs %}
{{ command }}
{%- endfor %}
_sc_did container {{ name }} restart restarted
{%- when Step::Wait { name, service, secs } %}
_sc_wait_healthy {{ name }} {{ service }} {{ secs }}
{%- when Step::Strays { known, stop_only, volumes, gone } %}
_sc_known=(
{%- for name in known %}
  [{{ name }}]=1
{%- endfor %}
)
if ((!_sc_dry_run)); then
  while read -r _sc_key; do
    _sc_name=${_sc_key#container:}
    if [[ $_sc_key != container:* || -n ${_sc_known["$_sc_name"]+x} ]]; then
      continue
    fi
{%- if stop_only %}
    if [[ ${_sc_state["$_sc_key"]} == running ]]; then
      _sc_run docker stop "$_sc_name"
      _sc_did container "$_sc_name" stop 'not in this script'\''s stack, stopped'
    fi
{%- else %}
    _sc_run docker stop "$_sc_name"
    _sc_run docker rm {% if volumes %}--volumes {% endif %}"$_sc_name"
    _sc_did container "$_sc_name" remove {% if gone %}'not in the stack any more, removed'{% else %}'not in this script'\''s stack, removed'{% endif %} orphan
{%- endif %}
  done < <(printf '%s\n' ${_sc_state[@]+"${!_sc_state[@]}"} | sort)
fi
{%- when Step::Unused { networks, volumes } %}
{%- if !networks.is_empty() %}
_sc_unused networks {{ networks|join(" ") }}
{%- endif %}
{%- if !volumes.is_empty() %}
_sc_unused volumes {{ volumes|join(" ") }}
{%- endif %}
{%- when Step::Remove { kind, name, hooks, commands } %}
if _sc_has {{ kind }} {{ name }}; then
{%- if !hooks.is_empty() %}
  if [[ $(_sc_status {{ name }}) == running ]]; then
{%- for hook in hooks %}
    {{ hook|indent(4) }}
{%- endfor %}
  fi
{%- endif %}
{%- for command in commands %}
  {{ command|indent(2) }}
{%- endfor %}
  _sc_did {{ kind }} {{ name }} remove removed
else
  _sc_did {{ kind }} {{ name }} absent absent
fi
{%- endmatch %}
{%- endfor %}
