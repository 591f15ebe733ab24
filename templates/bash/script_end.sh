{%- if plans %}

if ((_sc_plan)); then
  _sc_print_plan
  exit 0
fi
{%- endif %}

_sc_step=finished
{%- if !ps %}
_sc_say {{ done_message }}
{%- endif %}
