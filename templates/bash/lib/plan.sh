{# `--plan`: the rows as text or JSON. #}

# A string as JSON.
_sc_json() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

# Print the plan: one line per resource, or JSON with --format=json.
_sc_print_plan() {
  local i kind name verb detail sep='' field
  if [[ $_sc_format == json ]]; then
    printf '['
    for {% raw %}((i = 0; i < ${#_sc_plan_rows[@]}; i += 4)){% endraw %}; do
      kind=${_sc_plan_rows[i]} name=${_sc_plan_rows[i + 1]} verb=${_sc_plan_rows[i + 2]} detail=${_sc_plan_rows[i + 3]}
      printf '%s\n  {"kind": %s, "name": %s, "action": %s' "$sep" "$(_sc_json "$kind")" "$(_sc_json "$name")" "$(_sc_json "$verb")"
      if [[ $detail == changed:* ]]; then
        printf ', "changed": ['
        local fsep=''
        local IFS=,
        for field in ${detail#changed: }; do
          printf '%s%s' "$fsep" "$(_sc_json "${field# }")"
          fsep=', '
        done
        IFS=$' \t\n'
        printf ']'
      elif [[ -n $detail ]]; then
        printf ', "reason": %s' "$(_sc_json "$detail")"
      fi
      printf '}'
      sep=,
    done
    printf '\n]\n'
    return 0
  fi
  for {% raw %}((i = 0; i < ${#_sc_plan_rows[@]}; i += 4)){% endraw %}; do
    kind=${_sc_plan_rows[i]} name=${_sc_plan_rows[i + 1]} verb=${_sc_plan_rows[i + 2]} detail=${_sc_plan_rows[i + 3]}
    printf '%-10s %-10s %s%s\n' "$verb" "$kind" "$name" "${detail:+ ($detail)}"
  done
}
