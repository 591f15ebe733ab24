{#- What identifies a container's definition: the digests of its fields, its
    config hash (computed by _sc_digest when it reads runtime values) and,
    when it reads secrets, their seal (_sc_secrets). -#}
_sc_fields={{ fields }}
{%- match hash %}
{%- when Hash::Literal(hex) %}
_sc_hash={{ hex }}
{%- when Hash::Digest { static_hex, values } %}
_sc_hash=$(_sc_digest {{ static_hex }} {{ values|join(" ") }})
{%- endmatch %}
{%- if !seal.is_empty() %}
_sc_seal {{ name }} {{ seal|join(" ") }}
{%- endif %}
