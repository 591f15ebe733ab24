{# Build-input hashes: of a context at run time, and the one an image was built
   with. #}

# The build-input hash of an image: its context's files (regular files,
# sorted, each with its sha256; the Dockerfile among them) and the other
# inputs (target, args), as stackc computes it.
_sc_build_hash() {
  local context=$1 sum
  shift
  sum=$(
    {
      if [[ -d $context ]]; then
        (cd -- "$context" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --)
      fi
      printf '%s\0' "$@"
    } | sha256sum
  ) || _sc_die "cannot read the build context $(_sc_quote "$context") (sha256sum, find, sort and xargs are needed)"
  printf '%s' "${sum%% *}"
}


# The build-input hash an image of the stack was built with.
_sc_image_hash() {
  local ref=$1
  if [[ ${ref##*/} != *:* ]]; then
    ref+=:latest
  fi
  printf '%s' "${_sc_image_hashes["$ref"]-}"
}
