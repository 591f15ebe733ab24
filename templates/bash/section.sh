{#- The blocks of script.sh (`Script::write`): one resource's block, as a function run
    by the schedule or inline, and the schedule after a run of services. -#}
{# The leading newlines are part of each block. #}

# {{ block.kind }} `{{ block.name }}` ({{ block.path }})
{%- if let Some(function) = block.function %}
{{ function }}() {
  _sc_step={{ block.step }}
{{- block.steps }}
}
{%- else %}
_sc_step={{ block.step }}
{{- block.steps }}
{%- endif %}
{%- if let Some(schedule) = block.schedule %}
{%- for wait in schedule.waits %}

# Wait until every container of `{{ wait.service }}` is healthy: the services that need it so start after.
{{ wait.function }}() {
  _sc_step={{ wait.step }}
{{- wait.steps }}
}
{%- endfor %}

{% if schedule.tasks.len() == 1 -%}
# Run it, in this process.
{%- else -%}
# Run each service as soon as what it comes after is done, at most
# STACKC_JOBS (default 4) at once; with STACKC_JOBS=1, --dry-run or --plan,
# one at a time in this order. A task: a function, then those it comes after.
{%- endif %}
{%- for task in schedule.tasks %}
_sc_task {{ task.function }}{% for after in task.after %} {{ after }}{% endfor %}
{%- endfor %}
_sc_schedule
{%- endif %}
