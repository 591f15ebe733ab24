{#- The parameters this script reads: from --param, else the environment,
    else .env beside this script, else the default; then checked, and
    escaped as its commands use them. (`${ {{- x -}} :-}` writes `${x:-}`:
    askama reads `{{` as the start of a value.) -#}
{%- if !read.is_empty() %}
_sc_dotenv
for _sc_name in "${!_sc_given[@]}"; do
  printf -v "$_sc_name" '%s' "${_sc_given[$_sc_name]}"
done
{%- endif %}
{%- for name in given %}
_sc_gs_{{ name }}=${ {{- name -}} +set}
_sc_gv_{{ name }}=${ {{- name -}} -}
{%- endfor %}
{%- for param in read %}
{%- if param.keep_empty %}
if [[ -z ${ {{- param.name -}} +set} ]]; then
{%- else %}
if [[ -z ${ {{- param.name -}} :-} ]]; then
{%- endif %}
{%- match param.missing %}
{%- when Missing::Secret(message) %}
  if ((!_sc_dry_run)); then
    _sc_die {{ message }}
  fi
  {{ param.name }}=
{%- when Missing::Default(value) %}
  {{ param.name }}={{ value }}
{%- when Missing::Required(message) %}
  _sc_die {{ message }}
{%- endmatch %}
fi
{%- if let Some(choices) = param.choices %}
case ${{ param.name }} in
  {{ choices.patterns|join(" | ") }}) ;;
  *)
    _sc_die "parameter {{ param.name }}: {% if param.secret %}the given value{% else %}$(_sc_quote {{ param.value }}){% endif %} is not one of its choices" {{ choices.listed }}
    ;;
esac
{%- endif %}
{%- endfor %}
{%- for d in derived %}
# {{ d.comment }}
if [[ -n {{ d.test }} ]]; then
  {{ d.var }}={{ d.then }}
else
  {{ d.var }}={{ d.otherwise }}
fi
{%- endfor %}
{%- for (place, image) in images %}
_sc_image_ref {{ place }} {{ image }}
{%- endfor %}
{%- for check in checks %}
{{ check.function }} {{ check.place }} {{ check.word }}{% for arg in check.args %} {{ arg }}{% endfor %}
{%- endfor %}
{%- for escaped in escapes %}
{%- if escaped.csv %}
{{ escaped.var }}=${ {{- escaped.name -}} //\"/\"\"}
{%- else %}
{{ escaped.var }}=$(_sc_sh_word {{ escaped.value }})
{%- endif %}
{%- endfor %}
{%- for c in converts %}
{{ c.function }} {{ c.place }} {{ c.word }} {{ c.expected }}
{{ c.var }}=$_sc_converted
{%- endfor %}
