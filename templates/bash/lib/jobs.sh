{# Jobs: started attached, their output prefixed when services run
   concurrently. #}

# Print each line of stdin prefixed with `NAME | `.
_sc_prefix() {
  local line
  while IFS= read -r line || [[ -n $line ]]; do
    printf '%s | %s\n' "$1" "$line"
  done
}

# Run a job attached: its output streams here; a non-zero exit stops the script.
_sc_run_job() {
  if ((_sc_dry_run)); then
    _sc_print docker start --attach "$1"
    return 0
  fi
  if ((_sc_plan)); then
    return 0
  fi
  local status=0
  if ((_sc_parallel)); then
    # Other services run at the same time: prefix the job's output.
    docker start --attach "$1" 2>&1 | _sc_prefix "$1" || status=$?
  else
    docker start --attach "$1" || status=$?
  fi
  if ((status != 0)); then
    _sc_die "step ${_sc_step}: job $1 (service $2) exited with status ${status}; its output is above (docker logs $1)"
  fi
}
