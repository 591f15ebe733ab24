//! Checks across resources, one per file. Each reports every problem it
//! finds.

mod build_platform;
mod condition_mismatch;
mod container_name_replicas;
mod duplicate_container_name;
mod duplicate_host_port;
mod duplicate_mount_target;
mod file_targets;
mod fixed_addresses;
mod job_settings;
mod network_mode;
mod secret_environment_key;
mod service_names_differ_in_case;
mod templated_values;
mod update_settings;
mod zero_replicas;

use stackc_ir::Stack;
use stackc_ir::diagnostic::Diagnostics;

pub fn validate(stack: &Stack, diags: &mut Diagnostics) {
    condition_mismatch::check(stack, diags);
    container_name_replicas::check(stack, diags);
    duplicate_container_name::check(stack, diags);
    duplicate_host_port::check(stack, diags);
    duplicate_mount_target::check(stack, diags);
    file_targets::check(stack, diags);
    fixed_addresses::check(stack, diags);
    job_settings::check(stack, diags);
    network_mode::check(stack, diags);
    templated_values::check(stack, diags);
    secret_environment_key::check(stack, diags);
    service_names_differ_in_case::check(stack, diags);
    update_settings::check(stack, diags);
    zero_replicas::check(stack, diags);
    build_platform::check(stack, diags);
}

/// The checks of the targets whose containers bind host ports themselves
/// (bash, argv, compose): a fixed host port on a replicated service.
pub fn host_ports(stack: &Stack, diags: &mut Diagnostics) {
    container_name_replicas::host_ports(stack, diags);
}
