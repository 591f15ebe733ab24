//! Keys of the compose format that stack.toml spells differently or does
//! not have, with what stack.toml says instead: an unknown key that is a
//! compose key gets this help rather than a "did you mean" on a near name
//! (`network_mode` is not a typo of `networks`).

/// Where a key is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    Top,
    Service,
    Network,
    Volume,
}

/// The kind of table at `path` (`services.web` → a service), for the
/// tables that have a compose counterpart.
pub(crate) fn table_of(path: &str) -> Option<Table> {
    if path.is_empty() {
        return Some(Table::Top);
    }
    let (kind, name) = path.split_once('.')?;
    if name.contains('.') {
        return None;
    }
    match kind {
        "services" => Some(Table::Service),
        "networks" => Some(Table::Network),
        "volumes" => Some(Table::Volume),
        _ => None,
    }
}

/// The help for `key`, a compose key of `table` that stack.toml does not
/// accept there; `None` when `key` is not a compose key.
pub(crate) fn help(table: Table, key: &str) -> Option<String> {
    let text = match (table, key) {
        (Table::Top, "version") => "stack.toml has no version: the format is versioned with stackc",
        (Table::Top, "name") => "the stack's name goes in its table: `[stack]` then `name = \"…\"`",
        (Table::Top, "secrets" | "configs") => {
            "a secret is a parameter: `[params.NAME]` with `secret = true`, used as `${NAME}` in `environment` values"
        }
        (Table::Top, "include") => "stack.toml has no `include`: one stack is one file",
        (Table::Top, "models") => "stack.toml has no `models` (a Docker Desktop feature)",
        (Table::Service, "pull_policy") => "write `pull = \"missing\" | \"always\" | \"never\"`",
        (Table::Service, "scale") => "write `replicas = N`",
        (Table::Service, "deploy") => {
            "write `replicas = N` for `deploy.replicas` and `update = { parallelism, order, delay }` for `deploy.update_config`"
        }
        (Table::Service, "post_start") => {
            "write `exec = [[\"cmd\", \"arg\"]]` (run after the container starts), with `exec_policy`"
        }
        (Table::Service, "secrets" | "configs") => {
            "declare `[params.NAME]` with `secret = true` and pass it in `environment` as `${NAME}`; secrets as files are not supported yet"
        }
        (Table::Service, "links" | "external_links") => {
            "services on one network reach each other by service name; order them with `depends_on`"
        }
        (Table::Service, "label_file") => "write the labels in `labels`",
        (Table::Service, "network_mode") => {
            "join networks with `networks`; stack.toml has no `network_mode` yet"
        }
        (Table::Service, "develop" | "provider" | "models" | "use_api_socket") => {
            "this is a Docker Desktop feature with no meaning on a plain Docker engine"
        }
        (Table::Service, "extends") => "stack.toml has no `extends`: write the service out",
        (Table::Service, "pre_stop") => "stack.toml has no `pre_stop` yet",
        (Table::Service, key) if SERVICE_KEYS_NOT_YET.contains(&key) => {
            return Some(format!(
                "stack.toml has no `{key}` yet; leave it out, or open an issue saying what you need it for"
            ));
        }
        (Table::Network | Table::Volume, "name") => {
            "the engine's name is `<stack>_<key>`; for a resource made outside the stack, write `external = true` and use its name as the key"
        }
        (Table::Network | Table::Volume, "driver_opts") => "stack.toml has no `driver_opts` yet",
        (Table::Network, "ipam" | "attachable" | "enable_ipv4" | "enable_ipv6") => {
            return Some(format!("stack.toml has no `{key}` for networks yet"));
        }
        _ => return None,
    };
    Some(text.to_owned())
}

/// Compose service keys that stack.toml does not have, with no other way
/// to say them.
const SERVICE_KEYS_NOT_YET: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "cgroup",
    "cgroup_parent",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "credential_spec",
    "gpus",
    "isolation",
    "mac_address",
    "mem_swappiness",
    "memswap_limit",
    "privileged",
    "pull_refresh_after",
    "storage_opt",
    "uts",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_keys_get_what_stack_toml_says_instead() {
        assert!(help(Table::Service, "network_mode").is_some_and(|h| h.contains("networks")));
        assert!(help(Table::Service, "secrets").is_some_and(|h| h.contains("secret = true")));
        assert!(help(Table::Service, "uts").is_some_and(|h| h.contains("no `uts`")));
        assert_eq!(help(Table::Service, "imag"), None);
        assert!(help(Table::Network, "attachable").is_some());
    }
}
