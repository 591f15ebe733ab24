//! The keys each table of stack.toml accepts, for tools that describe the
//! format (the JSON Schema of `stackc-schema` is tested against this list).

/// Every table with a fixed set of keys, as `(path, keys)`. A path names
/// the table the way the docs do: `""` is the top level, `NAME` any
/// declared name, `[]` any item of an array.
pub fn known_keys() -> Vec<(&'static str, Vec<&'static str>)> {
    let tables: Vec<(&'static str, &'static [&'static str])> = vec![
        ("", crate::TOP_KEYS),
        ("stack", crate::STACK_KEYS),
        ("outputs.NAME", crate::outputs::OUTPUT_KEYS),
        ("images.NAME", crate::images::IMAGE_KEYS),
        ("images.NAME.build", crate::service::BUILD_KEYS),
        ("params.NAME", crate::params::PARAM_KEYS),
        ("networks.NAME", crate::resources::NETWORK_KEYS),
        ("volumes.NAME", crate::resources::VOLUME_KEYS),
        ("services.NAME.build", crate::service::BUILD_KEYS),
        ("services.NAME.ports[]", crate::port::PORT_KEYS),
        ("services.NAME.volumes[]", crate::mount::MOUNT_KEYS),
        ("services.NAME.volumes[].tmpfs", crate::mount::TMPFS_KEYS),
        ("services.NAME.volumes[].bind", crate::mount::BIND_KEYS),
        ("services.NAME.volumes[].volume", crate::mount::VOLUME_KEYS),
        (
            "services.NAME.depends_on.NAME",
            crate::depends::DEPENDENCY_KEYS,
        ),
        (
            "services.NAME.healthcheck",
            crate::healthcheck::HEALTHCHECK_KEYS,
        ),
        ("services.NAME.logging", crate::logging::LOGGING_KEYS),
        ("services.NAME.gpus[]", crate::gpus::GPU_KEYS),
        ("services.NAME.blkio_config", crate::blkio::BLKIO_KEYS),
        (
            "services.NAME.blkio_config.weight_device[]",
            crate::blkio::WEIGHT_KEYS,
        ),
        (
            "services.NAME.blkio_config.device_read_bps[]",
            crate::blkio::RATE_KEYS,
        ),
        (
            "services.NAME.blkio_config.device_write_bps[]",
            crate::blkio::RATE_KEYS,
        ),
        (
            "services.NAME.blkio_config.device_read_iops[]",
            crate::blkio::RATE_KEYS,
        ),
        (
            "services.NAME.blkio_config.device_write_iops[]",
            crate::blkio::RATE_KEYS,
        ),
        ("services.NAME.env_file[]", crate::env_file::KEYS),
        ("services.NAME.update", crate::update::UPDATE_KEYS),
        ("services.NAME.ulimits.NAME", &["soft", "hard"]),
        ("secrets.NAME", &crate::files::SOURCE_KEYS[..2]),
        ("configs.NAME", crate::files::SOURCE_KEYS),
        ("services.NAME.secrets[]", crate::files::GRANT_KEYS),
        ("services.NAME.build.secrets[]", crate::build_secrets::KEYS),
        ("images.NAME.build.secrets[]", crate::build_secrets::KEYS),
        ("networks.NAME.ipam", crate::network_options::IPAM_KEYS),
        ("services.NAME.networks[]", crate::attach::ATTACH_KEYS),
        (
            "networks.NAME.ipam.config[]",
            crate::network_options::POOL_KEYS,
        ),
        ("services.NAME.configs[]", crate::files::GRANT_KEYS),
    ];
    let mut out: Vec<(&'static str, Vec<&'static str>)> = tables
        .into_iter()
        .map(|(path, keys)| (path, keys.to_vec()))
        .collect();
    out.push(("services.NAME", crate::service::service_keys()));
    out
}
