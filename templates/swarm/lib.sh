{# What every swarm script runs with: progress lines and `_sc_run`. -#}
{% raw %}
# Report progress, one line per step (silent with --dry-run).
_sc_say() {
  if ((!_sc_dry_run)); then
    printf '%s\n' "$*"
  fi
}

{% endraw %}{% include "bash/lib/print.sh" %}
{% raw %}
# Run a docker command, or print it with --dry-run; its output goes to
# stderr, so that stdout keeps one line per step.
_sc_run() {
  if ((_sc_dry_run)); then
    _sc_print "$@"
    return 0
  fi
  local _sc_status=0
  "$@" >&2 || _sc_status=$?
  if ((_sc_status != 0)); then
    _sc_die "step ${_sc_step}: command failed with exit status ${_sc_status}: $(_sc_print "$@")"
  fi
}{% endraw %}
