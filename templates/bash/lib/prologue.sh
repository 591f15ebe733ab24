{#- The start of every script: refuse another shell than bash 4.3+, take
    bash's own rules, and name the script for its messages. -#}
case ${BASH_VERSION-} in
  4.[3-9]* | 4.[1-9][0-9]* | [5-9].* | [1-9][0-9]*.*) ;;
  *)
    printf '%s: this script needs bash 4.3 or later (this shell: %s); run it as ./%s or with: bash %s (on macOS: brew install bash)\n' "${0##*/}" "${BASH_VERSION:-not bash}" "${0##*/}" "${0##*/}" >&2
    exit 2
    ;;
esac
# Bash's own rules, whatever the environment says (`sh` as bash, or
# POSIXLY_CORRECT, turn on POSIX mode; CDPATH changes what `cd` does).
set +o posix
unset CDPATH
set -euo pipefail

# This script's name, for its messages, with control characters replaced.
_sc_me=${0##*/}
_sc_me=${_sc_me//[[:cntrl:]]/?}
