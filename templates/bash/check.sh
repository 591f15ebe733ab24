{#- A container against its definition: _sc_now says absent, changed or its
    state; one whose definition changed is removed, to be created again
    (start-first in a rolling update: later, once its replacement is
    ready). -#}
{{ identity }}
_sc_check {{ name }} "$_sc_hash" {{ image }}{% if identity.sealed() %} "$_sc_secrets"{% endif %}
{%- if !later %}
if [[ $_sc_now == changed ]]; then
{%- if let Some(drain) = drain %}
  _sc_drain {{ drain }}
{%- endif %}
  {{ stop|indent(2) }}
  {{ remove|indent(2) }}
  _sc_did {{ what }} {{ name }} recreate 'definition changed, removed' "$(_sc_changed {{ name }} "$_sc_fields" "$_sc_hash" {{ image }})"
{%- if rolls %}
  _sc_rolled[{{ name }}]=1
{%- endif %}
fi
{%- endif %}
