//! The names Kubernetes accepts, and the names stackc gives the objects it
//! adds (the Secret of the parameters, the wait init containers, the
//! NetworkPolicies and the ConfigMaps of bind mounts).

/// The name of the ServiceAccount (and its Role and RoleBinding) the wait
/// init containers run as.
pub(super) const WAIT_ACCOUNT: &str = "stackc-wait";

/// The Secret that holds the stack's secret parameters, one key per
/// parameter name: `<stack>-params` (`_` in the stack name becomes `-`).
pub fn secret_name(stack: &str) -> String {
    format!("{}-params", stack.replace('_', "-"))
}

/// The Secret the deployer creates with the content of the stack's file
/// secrets, one key per secret name: `<stack>-secrets`.
pub(super) fn files_secret_name(stack: &str) -> String {
    format!("{}-secrets", stack.replace('_', "-"))
}

/// The ConfigMap of the `position`th config (from 0) of `names`:
/// `config-<name>` with `_` as `-`, or `config-<n>` when that is not a
/// name a ConfigMap can take or another config's name gives it too.
pub(super) fn config_map<'a>(
    names: impl Iterator<Item = &'a String> + Clone,
    position: usize,
) -> String {
    let spelled = |name: &str| format!("config-{}", name.replace('_', "-"));
    let Some(own) = names.clone().nth(position).map(|n| spelled(n)) else {
        return format!("config-{}", position + 1);
    };
    let shared = names.filter(|other| spelled(other) == own).count() > 1;
    if is_subdomain(&own) && !shared {
        own
    } else {
        format!("config-{}", position + 1)
    }
}

/// The init container that waits for the service `dependency`.
pub(super) fn wait_container(dependency: &str) -> String {
    format!("wait-for-{dependency}")
}

/// The NetworkPolicy of an `internal` network.
pub(super) fn internal_policy(network: &str) -> String {
    format!("internal-{network}")
}

/// The NetworkPolicy that lets isolated pods that wait reach the API
/// server.
pub(super) fn wait_policy() -> String {
    format!("{WAIT_ACCOUNT}-api")
}

/// The ConfigMap of the `n`th mount (from 1) of `service`, a bind mount.
pub(super) fn bind_config_map(service: &str, n: usize) -> String {
    format!("{service}-{}", bind_volume(n))
}

/// The pod volume of the `n`th mount (from 1), a bind mount.
pub(super) fn bind_volume(n: usize) -> String {
    format!("bind-{n}")
}

/// An RFC 1123 label that starts with a letter (RFC 1035): a Service name.
pub(super) fn is_dns_label(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An RFC 1123 subdomain: most object names.
pub(super) fn is_subdomain(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                && label.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// A label value: empty, or at most 63 characters of letters, digits, `-`,
/// `_` and `.` that start and end with a letter or digit.
pub(super) fn is_label_value(value: &str) -> bool {
    value.is_empty() || is_name_part(value)
}

/// A name, or the name part of a qualified name.
fn is_name_part(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A label or annotation key: `[prefix/]name`.
pub(super) fn is_qualified_name(key: &str) -> bool {
    match key.split_once('/') {
        Some((prefix, name)) => is_subdomain(prefix) && is_name_part(name),
        None => is_name_part(key),
    }
}

/// An environment variable name as Kubernetes 1.30 accepts it.
pub(super) fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A ConfigMap key.
pub(super) fn is_config_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key != "."
        && key != ".."
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
