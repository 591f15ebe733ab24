//! The blocks of each action: networks and volumes, builds, pulls,
//! services, and what `down`, `purge`, `backup` and `restore` remove or
//! archive.

use stackc_ir::Template;
use stackc_ir::ast::{
    Block, BuildSpec, ContainerSpec, NetworkSpec, Op, Piece, ResourceKind, VolumeSpec, Word,
};
use stackc_ir::engine_names::PROJECT_LABEL;
use stackc_ir::stack::{Mount, Service, Stack};
use stackc_ir::update::Rolling;

use crate::Analyzed;

use super::container::{container_spec, host_path, image_word, word};
use super::{container_names, created_networks};

pub(super) fn up(stack: &Stack, analyzed: &Analyzed, start: bool) -> Vec<Block> {
    let mut blocks = networks_and_volumes(stack);
    blocks.extend(builds(stack, analyzed, false));
    blocks.extend(services(stack, analyzed, false, |spec| {
        if start {
            vec![Op::RunContainer(Box::new(spec))]
        } else {
            vec![Op::CreateContainer(Box::new(spec))]
        }
    }));
    blocks
}

/// The blocks that create the stack's networks and volumes.
fn networks_and_volumes(stack: &Stack) -> Vec<Block> {
    let mut blocks = Vec::new();
    let project = &stack.name.value;

    for key in created_networks(stack) {
        let declared = stack.networks.get(key);
        let mut labels = vec![
            (PROJECT_LABEL.to_owned(), Word::lit(project)),
            ("com.docker.compose.network".to_owned(), Word::lit(key)),
        ];
        if let Some(network) = declared {
            labels.extend(network.labels.iter().map(|(k, v)| (k.clone(), word(v))));
        }
        blocks.push(network_block(
            stack,
            key,
            Op::CreateNetwork(Box::new(NetworkSpec {
                name: stack.network_name(key),
                driver: declared.and_then(|n| n.driver.clone()),
                internal: declared.is_some_and(|n| n.internal),
                labels,
                options: declared.map(|n| n.options.clone()).unwrap_or_default(),
                driver_opts: declared
                    .iter()
                    .flat_map(|n| &n.options.driver_opts)
                    .map(|(k, v)| (k.clone(), super::container::word(v)))
                    .collect(),
                checks: declared.map(|n| ipam_checks(key, n)).unwrap_or_default(),
            })),
        ));
    }

    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        let mut labels = vec![
            (PROJECT_LABEL.to_owned(), Word::lit(project)),
            ("com.docker.compose.volume".to_owned(), Word::lit(key)),
        ];
        labels.extend(volume.labels.iter().map(|(k, v)| (k.clone(), word(v))));
        blocks.push(volume_block(
            key,
            Op::CreateVolume(Box::new(VolumeSpec {
                name: stack.volume_name(key),
                driver: volume.driver.clone(),
                labels,
                init: volume.init(),
                driver_opts: volume
                    .driver_opts
                    .iter()
                    .map(|(k, v)| (k.clone(), super::container::word(v)))
                    .collect(),
            })),
        ));
    }

    blocks
}

/// The addresses of a network's `ipam` pools that parameters complete.
fn ipam_checks(key: &str, network: &stackc_ir::stack::Network) -> Vec<stackc_ir::ast::Checked> {
    use stackc_ir::check::{Ip, ValueCheck};
    let pools = network.options.ipam.iter().flat_map(|ipam| &ipam.config);
    pools
        .enumerate()
        .flat_map(|(i, pool)| {
            [
                ("subnet", &pool.subnet, Ip::Cidr),
                ("ip_range", &pool.ip_range, Ip::Cidr),
                ("gateway", &pool.gateway, Ip::Any),
            ]
            .into_iter()
            .filter_map(move |(field, value, which)| {
                let value = &value.as_ref()?.value;
                value
                    .as_literal()
                    .is_none()
                    .then(|| stackc_ir::ast::Checked {
                        place: format!("networks.{key}.ipam.config[{i}].{field}"),
                        word: Word::of_template(value),
                        check: ValueCheck::Ip(which),
                    })
            })
        })
        .collect()
}

/// The blocks that build the stack's images, in service order.
pub(super) fn builds(stack: &Stack, analyzed: &Analyzed, always: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    // The declared images first, each after the images it builds FROM;
    // services' own builds may start FROM them.
    blocks.extend(image_blocks(stack, analyzed.image_order.iter(), |image| {
        Op::BuildImage(Box::new(build_spec(
            stack,
            Word::lit(stack.image_tag(image)),
            &image.build,
            always,
        )))
    }));
    for name in &analyzed.order {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        let Some(build) = &service.build else {
            continue;
        };
        let mut spec = BuildSpec {
            fresh: service.pull == stackc_ir::stack::PullPolicy::Build,
            ..build_spec(stack, image_word(stack, service), build, always)
        };
        service_platform(service, build, &mut spec);
        blocks.push(image_block(
            name,
            format!("services.{name}.build"),
            Op::BuildImage(Box::new(spec)),
        ));
    }

    blocks
}

/// With `build.platforms`, a service's `platform` is the one built (as
/// compose builds it; `validate` checked it is listed).
fn service_platform(service: &Service, build: &stackc_ir::stack::Build, spec: &mut BuildSpec) {
    let Some(set) = service.flags.get("platform") else {
        return;
    };
    let stackc_ir::flags::FlagValue::Value(platform) = &set.value else {
        return;
    };
    if build.options.platforms.is_empty() {
        return;
    }
    spec.platforms.clear();
    spec.options.retain(|option| option.flag != "platform");
    spec.options.push(stackc_ir::ast::FlagArg {
        flag: "platform",
        value: Some(word(platform)),
    });
}

/// A `docker build` of `build`, tagged `tag`.
fn build_spec(
    stack: &Stack,
    tag: Word,
    build: &stackc_ir::stack::Build,
    always: bool,
) -> BuildSpec {
    let project = &stack.name.value;
    let mut bases: Vec<String> = Vec::new();
    for reference in &build.from {
        if let Some(image) = stack.image_named(reference) {
            let tag = stack.image_tag(image);
            if !bases.contains(&tag) {
                bases.push(tag);
            }
        }
    }
    // A remote context goes to docker as written, with its Dockerfile
    // relative to it.
    let remote = stackc_ir::host::is_remote_context(&build.context.value);
    BuildSpec {
        tag,
        context: if remote {
            Word::lit(build.context.value.clone())
        } else {
            host_path(&Template::literal(build.context.value.clone()))
        },
        dockerfile: build.dockerfile.as_ref().map(|d| {
            // Relative to the context, as in compose.
            let absolute = matches!(d.parts().first(), Some(stackc_ir::template::Part::Lit(l)) if l.starts_with('/'));
            if absolute || remote {
                return super::container::word(d);
            }
            let mut w = host_path(&Template::literal(build.context.value.clone()));
            w.push_lit("/");
            match d.as_literal() {
                Some(l) => w.push_lit(l.strip_prefix("./").unwrap_or(l)),
                None => w.push_word(&super::container::word(d)),
            }
            w
        }),
        args: build
            .args
            .iter()
            .map(|(k, v)| (k.clone(), word(v)))
            .collect(),
        target: build.target.as_ref().map(word),
        labels: vec![(PROJECT_LABEL.to_owned(), Word::lit(project))],
        always,
        fresh: false,
        inline: build.options.inline.as_ref().map(word),
        options: build_flags(&build.options),
        bases,
        buildkit: buildkit_key(&build.options),
        secrets: build_secrets(stack, &build.options),
        platforms: if build.options.platforms.len() > 1 {
            build.options.platforms.iter().map(|p| p.value.clone()).collect()
        } else {
            Vec::new()
        },
    }
}

/// The build's flags besides its tag, Dockerfile, args, target and the
/// stack's label, in compose's order of keys.
fn build_flags(options: &stackc_ir::stack::BuildOptions) -> Vec<stackc_ir::ast::FlagArg> {
    use stackc_ir::ast::FlagArg;
    let arg = |flag: &'static str, value: Word| FlagArg {
        flag,
        value: Some(value),
    };
    let mut out = Vec::new();
    for (key, value) in &options.labels {
        let mut pair = Word::lit(format!("{key}="));
        pair.push_word(&word(value));
        out.push(arg("label", pair));
    }
    if let Some(network) = &options.network {
        out.push(arg("network", word(network)));
    }
    if let Some(size) = options.shm_size {
        out.push(arg("shm-size", Word::lit(size.to_string())));
    }
    for (host, ip) in &options.extra_hosts {
        out.push(arg("add-host", Word::lit(format!("{host}:{ip}"))));
    }
    for tag in &options.tags {
        out.push(arg("tag", word(tag)));
    }
    for image in &options.cache_from {
        out.push(arg("cache-from", word(image)));
    }
    for (on, flag) in [(options.no_cache, "no-cache"), (options.pull, "pull")] {
        if on {
            out.push(FlagArg { flag, value: None });
        }
    }
    // One platform is the one built; of more, the engine builds its own.
    if let [only] = &options.platforms[..] {
        out.push(arg("platform", Word::lit(&only.value)));
    }
    // Compose grants `security.insecure` for `privileged` after the
    // entitlements; each is given once.
    let mut allowed: Vec<&str> = options.entitlements.iter().map(String::as_str).collect();
    if options.privileged && !allowed.contains(&"security.insecure") {
        allowed.push("security.insecure");
    }
    for entitlement in allowed {
        out.push(arg("allow", Word::lit(entitlement)));
    }
    // `ID`, or `ID=PATH,…` with each path absolute.
    for ssh in &options.ssh {
        let mut value = Word::lit(&ssh.id);
        for (i, path) in ssh.paths.iter().enumerate() {
            value.push_lit(if i == 0 { "=" } else { "," });
            value.push_word(&host_path(path));
        }
        out.push(arg("ssh", value));
    }
    out
}

/// A build's `secrets`: a file by its host path, a secret parameter by
/// its value in docker's environment (as the parameter's name).
fn build_secrets(
    stack: &Stack,
    options: &stackc_ir::stack::BuildOptions,
) -> Vec<stackc_ir::ast::BuildSecretSpec> {
    use stackc_ir::ast::{BuildSecretSource, BuildSecretSpec, Escape};
    use stackc_ir::stack::FileSource;
    let mut out = Vec::new();
    for secret in &options.secrets {
        // `resolve` reported an undeclared one.
        let Some(object) = stack.secrets.get(&secret.source.value) else {
            continue;
        };
        let source = match &object.source.value {
            FileSource::File(path) => BuildSecretSource::File(host_path(path)),
            FileSource::Param(name) => BuildSecretSource::Env {
                key: name.value.clone(),
                value: Word(vec![Piece::Param {
                    name: name.value.clone(),
                    escape: Escape::None,
                }]),
            },
            // A secret has no inline content (the frontend refuses it).
            FileSource::Content(_) => continue,
        };
        out.push(BuildSecretSpec {
            id: secret.id.clone(),
            origin: format!("secrets.{}", secret.source.value),
            source,
        });
    }
    out
}

/// The first key of a build that only BuildKit has.
fn buildkit_key(options: &stackc_ir::stack::BuildOptions) -> Option<&'static str> {
    if !options.secrets.is_empty() {
        Some("secrets")
    } else if !options.entitlements.is_empty() {
        Some("entitlements")
    } else if options.privileged {
        Some("privileged")
    } else if !options.ssh.is_empty() {
        Some("ssh")
    } else {
        None
    }
}

/// One block per service in dependency order (reversed with `reverse`):
/// with `reverse` false, first the waits for its `healthy` dependencies,
/// then `op(spec)` for each of its containers.
pub(super) fn services(
    stack: &Stack,
    analyzed: &Analyzed,
    reverse: bool,
    op: impl Fn(ContainerSpec) -> Vec<Op> + Sync,
) -> Vec<Block> {
    let order: Vec<&String> = if reverse {
        analyzed.order.iter().rev().collect()
    } else {
        analyzed.order.iter().collect()
    };
    let after = After::of(analyzed, reverse);
    // A chunk of the services at a time on each core, the blocks in order.
    let mut blocks = Vec::new();
    stackc_ir::parallel::for_each_ordered(
        order.len(),
        SERVICES_PER_CHUNK,
        |range| {
            order[range]
                .iter()
                .filter_map(|name| {
                    let service = stack.services.get(*name)?;
                    service_ops(stack, service, reverse, &op)
                        .map(|ops| service_block(analyzed, &after, name, ops))
                })
                .collect::<Vec<Block>>()
        },
        |chunk| blocks.extend(chunk),
    );
    blocks
}

/// How many services a thread lowers at a time.
const SERVICES_PER_CHUNK: usize = 64;

/// The operations of a service's block: `op` of each of its containers,
/// after its waits for the services it needs healthy; `None` when it has
/// nothing else to do.
fn service_ops(
    stack: &Stack,
    service: &Service,
    reverse: bool,
    op: &(impl Fn(ContainerSpec) -> Vec<Op> + Sync),
) -> Option<Vec<Op>> {
    let mut ops = Vec::new();
    if !reverse {
        ops.extend(health_waits(stack, service));
    }
    let mut specs: Vec<ContainerSpec> = container_names(stack, service)
        .into_iter()
        .enumerate()
        .map(|(i, container)| {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let mut spec = container_spec(stack, service, container, number);
            spec.rolling = rolling(stack, service, number);
            spec
        })
        .collect();
    if reverse {
        specs.reverse();
    }
    for spec in specs {
        ops.extend(op(spec));
    }
    ops.shrink_to_fit();
    (!ops.iter().all(|o| matches!(o, Op::WaitHealthy { .. }))).then_some(ops)
}

/// What each service block runs after: the services it depends on or, for
/// an action that takes the stack down (`reverse`), those that depend on it.
struct After<'a> {
    analyzed: &'a Analyzed,
    dependents: Option<indexmap::IndexMap<&'a str, Vec<String>>>,
}

impl<'a> After<'a> {
    fn of(analyzed: &'a Analyzed, reverse: bool) -> Self {
        let dependents = reverse.then(|| {
            let mut map: indexmap::IndexMap<&str, Vec<String>> = indexmap::IndexMap::new();
            for (service, deps) in &analyzed.depends {
                for dep in deps {
                    map.entry(dep.as_str()).or_default().push(service.clone());
                }
            }
            map
        });
        Self {
            analyzed,
            dependents,
        }
    }

    fn of_service(&self, name: &str) -> Vec<String> {
        let found = match &self.dependents {
            Some(map) => map.get(name),
            None => self.analyzed.depends.get(name),
        };
        found.cloned().unwrap_or_default()
    }
}

/// How replica `number` of a service is replaced in a rolling update: for
/// a service with `update`, or with `replicas > 1` (one at a time,
/// stop-first); not for a job.
fn rolling(stack: &Stack, service: &Service, number: u32) -> Option<Rolling> {
    let update = service.update.as_ref();
    let replicas = service.replicas.value;
    if service.is_job() || (update.is_none() && replicas <= 1) {
        return None;
    }
    let parallelism = update
        .and_then(|u| u.parallelism.as_ref())
        .map_or(1, |p| p.value.max(1));
    let healthy = service
        .healthcheck
        .as_ref()
        .is_some_and(|h| h.value.test != stackc_ir::stack::HealthTest::Disabled);
    Some(Rolling {
        order: update
            .and_then(|u| u.order.as_ref())
            .map(|o| o.value)
            .unwrap_or_default(),
        health_secs: healthy.then(|| health_deadline(stack, service)),
        batch_end: number.is_multiple_of(parallelism) || number == replicas,
        delay_secs: update
            .and_then(|u| u.delay.as_ref())
            .map_or(0, |d| d.value.seconds_ceil()),
        last: number == replicas,
    })
}

/// Waits for a service's `healthy` dependencies, every replica.
fn health_waits(stack: &Stack, service: &Service) -> Vec<Op> {
    let mut ops = Vec::new();
    for dep in &service.depends_on {
        if dep.condition.value != stackc_ir::stack::Condition::Healthy {
            continue;
        }
        if let Some(target) = stack.services.get(dep.service.value.as_str()) {
            for container in container_names(stack, target) {
                ops.push(Op::WaitHealthy {
                    container,
                    service: target.name.value.clone(),
                    timeout_secs: health_deadline(stack, target),
                });
            }
        }
    }
    ops
}

/// One block per distinct image the stack pulls (not built, `pull` not
/// `never`).
pub(super) fn pulls(stack: &Stack) -> Vec<Block> {
    let mut seen: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    for (name, service) in &stack.services {
        let Some(image) = &service.image else {
            continue;
        };
        if service.build.is_some() || service.pull == stackc_ir::stack::PullPolicy::Never {
            continue;
        }
        let text = image.value.to_string();
        if seen.contains(&text) {
            continue;
        }
        seen.push(text);
        blocks.push(image_block(
            name,
            format!("services.{name}.image"),
            Op::PullImage {
                image: word(&image.value),
            },
        ));
    }
    blocks
}

/// How long a healthcheck may take to pass, by its own settings: the start
/// period, then every retry failing at its timeout, plus one interval.
/// Docker's defaults fill what is unset (interval and timeout 30s, 3
/// retries); a timing parameters complete counts with their defaults (a
/// longer value at run time may need `STACKC_HEALTH_TIMEOUT`).
fn health_deadline(stack: &Stack, service: &Service) -> u64 {
    const SECOND: u128 = 1_000_000_000;
    let Some(health) = &service.healthcheck else {
        return 300;
    };
    let h = &health.value;
    let nanos = |d: &Option<stackc_ir::stack::Duration>, default: u128| match d {
        None => default,
        Some(d) => match &d.template {
            None => d.nanos,
            Some(t) => {
                let text = t.render(|p| {
                    let param = stack.params.get(p);
                    param.and_then(|p| p.default.clone()).unwrap_or_default()
                });
                stackc_ir::duration::parse(&text).unwrap_or(default)
            }
        },
    };
    let interval = nanos(&h.interval, 30 * SECOND);
    let timeout = nanos(&h.timeout, 30 * SECOND);
    let start = nanos(&h.start_period, 0);
    let retries = h
        .retries
        .as_ref()
        .and_then(|r| {
            let text = r.render(|p| {
                let param = stack.params.get(p);
                param.and_then(|p| p.default.clone()).unwrap_or_default()
            });
            text.parse::<u128>().ok()
        })
        .filter(|&r| r > 0)
        .unwrap_or(3);
    let total = start + (interval + timeout) * (retries + 1);
    u64::try_from(total.div_ceil(SECOND))
        .unwrap_or(u64::MAX)
        .max(10)
}

/// `down`'s blocks; with `volumes`, the containers' anonymous volumes go
/// with them (`purge`).
pub(super) fn down(stack: &Stack, analyzed: &Analyzed, volumes: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let after = After::of(analyzed, true);
    for name in analyzed.order.iter().rev() {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        let stop_timeout = super::container::stop_timeout(service);
        let pre_stop: Vec<Vec<stackc_ir::ast::Word>> = service
            .pre_stop
            .iter()
            .map(|command| command.value.iter().map(super::container::word).collect())
            .collect();
        let ops = container_names(stack, service)
            .into_iter()
            .rev()
            .map(|container| Op::RemoveContainer {
                container,
                stop_timeout: stop_timeout.clone(),
                pre_stop: pre_stop.clone(),
                volumes,
            })
            .collect();
        blocks.push(service_block(analyzed, &after, name, ops));
    }
    for key in created_networks(stack).into_iter().rev() {
        blocks.push(network_block(
            stack,
            key,
            Op::RemoveNetwork {
                name: stack.network_name(key),
            },
        ));
    }
    blocks
}

/// One block per named volume of the stack (not external) for backup or
/// restore, with the containers that mount it. The helper image is the
/// volume's `init_image`, else `STACKC_BACKUP_IMAGE` at run time (default
/// `busybox:stable`).
pub(super) fn archives(stack: &Stack, restore: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        let containers = stack
            .services
            .values()
            .filter(|s| {
                s.volumes.iter().any(|m| {
                    matches!(&m.value, Mount::Volume { source: Some(source), .. } if source.value == *key)
                })
            })
            .flat_map(|s| container_names(stack, s))
            .collect();
        let image = match &volume.init_image {
            Some(image) => Word::lit(&image.value),
            None => Word(vec![Piece::Var("_sc_backup_image".to_owned())]),
        };
        blocks.push(volume_block(
            key,
            Op::VolumeArchive {
                restore,
                key: key.clone(),
                volume: stack.volume_name(key),
                image,
                containers,
            },
        ));
    }
    blocks
}

/// `down`, then the stack's volumes and built images.
pub(super) fn purge(stack: &Stack, analyzed: &Analyzed) -> Vec<Block> {
    let mut blocks = down(stack, analyzed, true);
    for (key, volume) in &stack.volumes {
        if volume.external {
            continue;
        }
        blocks.push(volume_block(
            key,
            Op::RemoveVolume {
                name: stack.volume_name(key),
            },
        ));
    }
    for name in &analyzed.order {
        let Some(service) = stack.services.get(name) else {
            continue;
        };
        if service.build.is_some() {
            blocks.push(image_block(
                name,
                format!("services.{name}.build"),
                Op::RemoveImage {
                    image: image_word(stack, service),
                },
            ));
        }
    }
    // The declared images after the services' own (which may build FROM
    // them), each before the images it builds FROM.
    blocks.extend(image_blocks(
        stack,
        analyzed.image_order.iter().rev(),
        |image| Op::RemoveImage {
            image: Word::lit(stack.image_tag(image)),
        },
    ));
    blocks
}

/// One block per declared image (`[images.NAME]`), in the order of `keys`,
/// holding the operation `op` makes of it.
fn image_blocks<'a>(
    stack: &Stack,
    keys: impl Iterator<Item = &'a String>,
    op: impl Fn(&stackc_ir::stack::Image) -> Op,
) -> Vec<Block> {
    keys.filter_map(|key| {
        let image = stack.images.get(key)?;
        Some(image_block(key, format!("images.{key}"), op(image)))
    })
    .collect()
}

/// The block of the service `name`, at its level, holding `ops`.
fn service_block(analyzed: &Analyzed, after: &After<'_>, name: &str, ops: Vec<Op>) -> Block {
    Block {
        kind: ResourceKind::Service,
        level: analyzed.levels.get(name).copied().unwrap_or(0),
        after: after.of_service(name),
        name: name.to_owned(),
        path: format!("services.{name}"),
        ops,
    }
}

/// The block of the network `key` (declared, or the implicit `default`),
/// holding `op`.
fn network_block(stack: &Stack, key: &str, op: Op) -> Block {
    let path = if stack.networks.contains_key(key) {
        format!("networks.{key}")
    } else {
        "networks.default (implicit)".to_owned()
    };
    resource_block(ResourceKind::Network, key, path, op)
}

/// The block of the volume `key`, holding `op`.
fn volume_block(key: &str, op: Op) -> Block {
    resource_block(ResourceKind::Volume, key, format!("volumes.{key}"), op)
}

/// The block of the image `name`, declared at `path`, holding `op`.
fn image_block(name: &str, path: String, op: Op) -> Block {
    resource_block(ResourceKind::Image, name, path, op)
}

/// The block of a resource other than a service (level 0), holding `op`.
fn resource_block(kind: ResourceKind, name: &str, path: String, op: Op) -> Block {
    Block {
        kind,
        level: 0,
        after: Vec::new(),
        name: name.to_owned(),
        path,
        ops: vec![op],
    }
}
