{#- A container against its definition: _sc_now says absent, changed or its
    state; one whose definition changed is removed, to be created again. -#}
{{ identity }}
_sc_check {{ name }} "$_sc_hash" {{ image }}{% if identity.sealed() %} "$_sc_secrets"{% endif %}
if [[ $_sc_now == changed ]]; then
  {{ stop|indent(2) }}
  {{ remove|indent(2) }}
  _sc_did {{ what }} {{ name }} recreate 'definition changed, removed' "$(_sc_changed {{ name }} "$_sc_fields" "$_sc_hash" {{ image }})"
fi
