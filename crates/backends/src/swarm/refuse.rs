//! What a swarm cannot honour, each refused where stack.toml says it: a
//! key that `docker stack deploy` would ignore or reject is an error,
//! never dropped.

use stackc_ir::diagnostic::Diagnostics;
use stackc_ir::stack::{Service, Stack};

use crate::diagnostics::{at, swarm_unsupported};

/// The keys of `FLAGS` that swarm services do not take (the docker CLI's
/// `UnsupportedProperties` and `ForbiddenProperties`, and those its
/// schema rejects), with what to do instead.
const REFUSED_FLAGS: &[(&str, &str)] = &[
    (
        "shm_size",
        "swarm services have no shm size: mount a tmpfs at /dev/shm instead",
    ),
    ("pid", "swarm tasks cannot share a PID namespace"),
    ("ipc", "swarm tasks cannot share an IPC namespace"),
    (
        "userns_mode",
        "swarm tasks take the engine's user namespace setting",
    ),
    (
        "runtime",
        "swarm tasks run with the engine's default runtime",
    ),
    (
        "platform",
        "a swarm picks nodes by constraints, not by platform: remove it",
    ),
    ("domainname", "swarm tasks have no domain name setting"),
    ("cpu_shares", "use `cpus`, a limit swarm takes"),
    ("cpuset", "use `cpus`, a limit swarm takes"),
    ("oom_score_adj", "swarm services take no OOM score"),
    (
        "oom_kill_disable",
        "swarm services cannot disable the OOM killer",
    ),
    ("dns_opt", "swarm services take `dns` and `dns_search` only"),
    ("security_opt", "swarm services take no security options"),
    (
        "group_add",
        "swarm services take no supplementary groups: set `user`",
    ),
    ("devices", "swarm tasks cannot be given host devices"),
    (
        "device_cgroup_rules",
        "swarm tasks take no device cgroup rules",
    ),
    (
        "cpu_rt_period",
        "swarm services take no real-time scheduling",
    ),
    (
        "cpu_rt_runtime",
        "swarm services take no real-time scheduling",
    ),
    (
        "storage_opt",
        "swarm services take no storage driver options",
    ),
];

/// The longest name swarm gives a secret or a config.
const MAX_OBJECT_NAME: usize = 64;

/// Every problem of `stack` for a swarm, all at once.
pub(super) fn check(stack: &Stack) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for service in stack.services.values() {
        check_service(service, &mut diags);
    }
    for (key, image) in &stack.images {
        check_build(&format!("image `{key}`"), &image.build, &mut diags);
    }
    for (key, network) in &stack.networks {
        if let Some(driver) = network.driver.as_deref().filter(|d| *d != "overlay")
            && !network.external
        {
            diags.push(swarm_unsupported(
                &format!("network `{key}`"),
                "driver",
                at(&network.name, format!("driver `{driver}`")),
                "a swarm network spans nodes: remove `driver` (swarm's default is `overlay`)",
            ));
        }
    }
    for (key, volume) in &stack.volumes {
        if volume.init().is_some() {
            diags.push(swarm_unsupported(
                &format!("volume `{key}`"),
                "init_image",
                at(
                    volume.init_image.as_ref().unwrap_or(&volume.name),
                    "sets `owner` or `mode` with a helper container",
                ),
                "a swarm creates a volume on the node that first runs a task mounting it; set the owner in the image instead",
            ));
        }
    }
    // `<stack>_<key>_<12 hex digits>`.
    for (section, objects) in [("secrets", &stack.secrets), ("configs", &stack.configs)] {
        for (key, object) in objects {
            let length = stack.name.value.len() + key.len() + 14;
            if length > MAX_OBJECT_NAME {
                diags.push(swarm_unsupported(
                    &format!("{section}.{key}"),
                    "name",
                    at(&object.name, format!("named `{}_{key}_…` ({length} characters)", stack.name.value)),
                    format!("swarm names are at most {MAX_OBJECT_NAME} characters: give it a shorter name"),
                ));
            }
        }
    }
    diags
}

/// The build keys the deploy script does not give (it runs `docker build`
/// as argv has it: no BuildKit check, no secret in docker's environment,
/// no check of the engine's platform).
fn check_build(what: &str, build: &stackc_ir::stack::Build, diags: &mut Diagnostics) {
    let options = &build.options;
    for (set, key) in [
        (!options.secrets.is_empty(), "build.secrets"),
        (!options.entitlements.is_empty(), "build.entitlements"),
        (options.privileged, "build.privileged"),
        (options.platforms.len() > 1, "build.platforms"),
        (!options.ssh.is_empty(), "build.ssh"),
    ] {
        if set {
            diags.push(swarm_unsupported(
                what,
                key,
                stackc_ir::stack::Spanned::new("a BuildKit build key".to_owned(), build.span),
                "the deploy script builds with plain `docker build`: build the image with `stackc bash --action build` (or one platform), then deploy",
            ));
        }
    }
}

/// An env file that may be missing: `docker stack deploy` has no
/// `required` (its schema takes paths only).
fn optional_env_file(what: &str, service: &Service, diags: &mut Diagnostics) {
    if let Some(optional) = service.env_file.iter().find(|f| !f.value.required) {
        diags.push(swarm_unsupported(
            what,
            "env_file",
            at(optional, "an env_file with `required = false`"),
            "`docker stack deploy` reads only required env files: create the file and remove `required = false`, or move its variables into `environment`",
        ));
    }
}

fn check_service(service: &Service, diags: &mut Diagnostics) {
    let what = format!("service `{}`", service.name.value);
    if let Some(build) = &service.build {
        check_build(&what, build, diags);
    }
    if service.is_job() && service.replicas.value == 0 {
        diags.push(swarm_unsupported(
            &what,
            "replicas",
            at(&service.replicas, "a job that does not run"),
            "a swarm job runs at least once: leave the service out (a profile that `stackc swarm` is not given)",
        ));
    }
    if service.name.value.contains('.') {
        diags.push(swarm_unsupported(
            &what,
            "name",
            at(&service.name, "a `.` in a service's name"),
            "a swarm service's name is one DNS label (letters, digits, `-` and `_`): rename the service",
        ));
    }
    if let Some(name) = &service.container_name {
        diags.push(swarm_unsupported(
            &what,
            "container_name",
            at(name, "a fixed container name"),
            "swarm names each task `<stack>_<service>.<n>.<id>`: remove `container_name`",
        ));
    }
    optional_env_file(&what, service, diags);
    if let Some(first) = service.exec.first() {
        diags.push(swarm_unsupported(
            &what,
            "exec",
            at(first, "run after the container starts"),
            "a swarm starts tasks on its own: run these commands in the image's entrypoint",
        ));
    }
    if let Some(first) = service.pre_stop.first() {
        diags.push(swarm_unsupported(
            &what,
            "pre_stop",
            at(first, "run before the container stops"),
            "a swarm stops tasks on its own: run these commands from the image on SIGTERM",
        ));
    }
    check_docker_only(service, &what, diags);
    for port in &service.ports {
        if let Some(ip) = &port.value.host_ip {
            diags.push(swarm_unsupported(
                &what,
                "ports",
                at(port, format!("bound to host address {ip}")),
                "the routing mesh publishes a port on every address of every node: remove the address, or keep the service off the host and reach it over its network",
            ));
        }
        if let Some(published) = port.value.published
            && service.replicas.value > 1
            && published.start != published.end
            && port.value.target.start == port.value.target.end
        {
            diags.push(swarm_unsupported(
                &what,
                "ports",
                at(port, "a host port per replica"),
                format!(
                    "the routing mesh balances one published port over every replica: publish `\"{}:{}\"`",
                    published.start, port.value.target
                ),
            ));
        }
    }
    for set in &service.flags {
        if let Some((key, help)) = REFUSED_FLAGS.iter().find(|(key, _)| *key == set.flag.key) {
            diags.push(swarm_unsupported(
                &what,
                key,
                stackc_ir::stack::Spanned::new("not taken by swarm services".to_owned(), set.span),
                *help,
            ));
        }
        // The stack file's loader makes a boolean of a variable in `tty`,
        // `stdin_open`, `read_only` and `privileged`, not in `init`.
        if set.flag.key == "init" && matches!(set.value, stackc_ir::flags::FlagValue::Toggle(_)) {
            diags.push(swarm_unsupported(
                &what,
                "init",
                stackc_ir::stack::Spanned::new("completed by parameters".to_owned(), set.span),
                "`docker stack deploy` reads no variable in `init` (it makes booleans of variables in `tty`, `stdin_open`, `read_only` and `privileged` only): write `init = true` or `init = false`",
            ));
        }
    }
}

/// The keys that name other containers or files docker reads, and those
/// a swarm service does not take: docker's alone.
fn check_docker_only(service: &Service, what: &str, diags: &mut Diagnostics) {
    let docker_only = [
        (
            "external_links",
            service
                .external_links
                .first()
                .map(|f| at(f, "a docker link to a container outside the stack")),
            "tasks reach other containers by name on a shared network: remove `external_links` and attach the service to that container's network",
        ),
        (
            "links",
            service
                .links
                .first()
                .map(|f| at(&f.service, "a docker link")),
            "tasks reach a service by its name on a shared network: remove `links` and use the service's name instead of an alias",
        ),
        (
            "label_file",
            service
                .label_file
                .first()
                .map(|f| at(f, "read by docker at run time")),
            "the deploy's stack file has no `label_file`: move the labels into `labels`",
        ),
        (
            "volumes_from",
            service
                .volumes_from
                .first()
                .map(|f| at(f, "another container's mounts")),
            "mount the same volume in both services instead",
        ),
        (
            "blkio_config",
            service
                .blkio
                .as_ref()
                .map(|b| at(b, "docker's block IO weight and limits")),
            "swarm services take no block IO weight or limit (`docker stack deploy` rejects `blkio_config`): remove it",
        ),
    ];
    for (key, place, help) in docker_only {
        if let Some(place) = place {
            diags.push(swarm_unsupported(what, key, place, help));
        }
    }
}
