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
        (Table::Top, "include") => {
            "stack.toml has no `include`: give the files together, `stackc -f stack.toml -f more.toml …` (overlays)"
        }
        (Table::Top, "models") => "stack.toml has no `models` (a Docker Desktop feature)",
        (Table::Service, "pull_policy") => {
            "write `pull = \"missing\" | \"always\" | \"never\" | \"build\"`"
        }
        (Table::Service, "scale") => "write `replicas = N`",
        (Table::Service, "deploy") => {
            "write `replicas = N` for `deploy.replicas` and `update = { parallelism, order, delay }` for `deploy.update_config`"
        }
        (Table::Service, "post_start") => {
            "write `exec = [[\"cmd\", \"arg\"]]` (run after the container starts), with `exec_policy`"
        }
        (Table::Service, "develop") => {
            "stack.toml has no `develop`: it configures `docker compose watch`, a development loop that syncs files into running containers or rebuilds them on change, and changes nothing `up` runs; keep it in a compose file for development"
        }
        (Table::Service, "provider" | "models" | "use_api_socket") => {
            "this is a Docker Desktop feature with no meaning on a plain Docker engine"
        }
        (Table::Service, "extends") => {
            "stack.toml has no `extends`: write the service out, or put the shared part in a base file and the rest in an overlay (`-f base.toml -f app.toml`)"
        }
        (Table::Service, "cpu_count" | "cpu_percent" | "credential_spec") => {
            "this is a Windows containers key (docker's `--cpu-count`, `--cpu-percent`, `--security-opt credentialspec=…`), with no meaning on a Linux engine"
        }
        (Table::Service, "isolation") => {
            "stack.toml has no `isolation`: a Linux engine has one isolation (`default`); `process` and `hyperv` are Windows containers'"
        }
        (Table::Service, "annotations") => {
            "stack.toml has no `annotations`: the docker CLI, which the scripts run, cannot set them (`docker create` has no flag for them; compose sets them through the engine's API 1.43); use `labels`"
        }
        (Table::Service, "pull_refresh_after") => {
            "stack.toml has no `pull_refresh_after`: write `pull = \"always\"`, or run `up.sh --action pull` when the images should be refreshed"
        }
        (Table::Network, "enable_ipv4") => {
            "stack.toml has no `enable_ipv4`: docker before 28 always enables IPv4"
        }
        _ => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_keys_get_what_stack_toml_says_instead() {
        assert!(help(Table::Service, "isolation").is_some_and(|h| h.contains("no `isolation`")));
        assert_eq!(help(Table::Service, "imag"), None);
        assert!(help(Table::Top, "include").is_some_and(|h| h.contains("-f")));
    }
}
