{#- One docker command: on one line when short, else one argument per line,
    so that a changed value is a one-line diff. -#}
{%- for (key, value) in env %}{{ key }}={{ value }} {% endfor -%}
_sc_run{% if status %}_status{% endif %} {{ head|join(" ") }}
{%- if !rest.is_empty() %} \
{%- for word in rest %}
  {{ word }}{% if !loop.last %} \{% endif %}
{%- endfor %}
{%- endif %}
{%- if let Some(stdin) = stdin %} <<<{{ stdin }}{% endif %}
