//! One container's definition ([`ContainerSpec`]) from its service: the
//! words docker gets, with parameters and host paths left for run time.

use indexmap::IndexMap;
use stackc_ir::Template;
use stackc_ir::ast::{
    Checked, ContainerSpec, Conversion, Converted, EnvFileSpec, EnvVar, FileContent, FileSpec,
    FlagArg, HealthCmd, HealthSpec, MountSpec, NetworkAttach, Piece, Word,
};
use stackc_ir::engine_names::{self, PROJECT_LABEL};
use stackc_ir::flags::{FlagValue, SetFlag};
use stackc_ir::host::HostPath;
use stackc_ir::stack::{
    EnvFile, FileGrant, FileSource, HealthTest, Healthcheck, Mount, Port, PortRange, Ref, Service,
    Spanned, Stack,
};

use super::container_names;

/// A template as a word: literals and parameter references.
pub(super) fn word(template: &Template) -> Word {
    Word::of_template(template)
}

/// The env files of a service, in order.
fn env_files(service_key: &str, files: &[Spanned<EnvFile>]) -> Vec<EnvFileSpec> {
    files
        .iter()
        .map(|f| env_file_spec(service_key, &f.value))
        .collect()
}

/// An env file: its host path, and whether it must exist. One that a
/// parameter begins is resolved when its value is known, as compose
/// resolves it: relative to the project directory unless absolute.
fn env_file_spec(service_key: &str, file: &EnvFile) -> EnvFileSpec {
    let starts_with_param = !matches!(
        file.path.parts().first(),
        Some(stackc_ir::template::Part::Lit(_)) | None
    );
    EnvFileSpec {
        path: if starts_with_param {
            let place = format!("services.{service_key}.env_file");
            Converted::word(Conversion::HostPath, place, word(&file.path))
        } else {
            host_path(&file.path)
        },
        required: file.required,
    }
}

/// A host path: absolute as written; relative ones joined to the project
/// directory, which each backend fixes in its own way.
pub(super) fn host_path(path: &Template) -> Word {
    let escape = stackc_ir::ast::Escape::None;
    let (mut out, head, rest) = match stackc_ir::host::split(path) {
        HostPath::AsWritten => return word(path),
        HostPath::Relative { head, rest } => (Word(vec![Piece::ProjectDir { escape }]), head, rest),
        HostPath::Home { head, rest } => (Word(vec![Piece::HomeDir { escape }]), head, rest),
    };
    if !head.is_empty() {
        out.push_lit("/");
        out.push_lit(head);
    }
    out.push_parts(rest);
    out
}

/// The restart policy: literal, or completed by parameters.
fn restart_word(
    restart: Option<&stackc_ir::stack::Spanned<stackc_ir::stack::Restart>>,
    template: Option<&stackc_ir::stack::Spanned<Template>>,
) -> Option<Word> {
    restart
        .map(|r| Word::lit(r.value.to_string()))
        .or_else(|| template.map(|t| word(&t.value)))
}

/// The `exec` commands, as words.
fn exec_words(exec: &[stackc_ir::stack::Spanned<Vec<Template>>]) -> Vec<Vec<Word>> {
    exec.iter()
        .map(|command| command.value.iter().map(word).collect())
        .collect()
}

/// The first container of each of these services (`--volumes-from`).
fn first_containers(stack: &Stack, services: &[Ref]) -> Vec<String> {
    services
        .iter()
        .filter_map(|source| stack.services.get(source.value.as_str()))
        .filter_map(|source| container_names(stack, source).into_iter().next())
        .collect()
}

/// The `--link` values of replica `number`, as compose's `getLinks`: for
/// each container of each linked service, its alias, `SERVICE-N` and
/// `PROJECT-SERVICE-N`, N being the number of the linking container.
/// `extra_hosts` as docker's `--add-host` takes them, `HOST:IP`, the
/// address as parameters complete it.
fn host_entries(extra_hosts: &[(String, String)]) -> Vec<Word> {
    extra_hosts
        .iter()
        .map(|(h, ip)| Word::of_template(&host_address(&format!("{h}:{ip}"))))
        .collect()
}

/// An `extra_hosts` address (or entry) as a template: the frontend has
/// read it as one.
fn host_address(text: &str) -> Template {
    Template::parse(text).unwrap_or_else(|_| Template::literal(text))
}

/// The `extra_hosts` addresses parameters complete.
fn host_checks(service: &Service) -> Vec<Checked> {
    service
        .extra_hosts
        .iter()
        .map(|(host, ip)| (host, host_address(ip)))
        .filter(|(_, ip)| ip.as_literal().is_none())
        .map(|(host, ip)| Checked {
            place: format!("services.{}.extra_hosts.\"{host}\"", service.name.value),
            word: Word::of_template(&ip),
            check: stackc_ir::check::ValueCheck::Ip(stackc_ir::check::Ip::Host),
        })
        .collect()
}

/// The host paths of `env_file` or `label_file`, relative to the project
/// directory.
fn host_files(files: &[Spanned<String>]) -> Vec<Word> {
    files
        .iter()
        .map(|f| host_path(&Template::literal(f.value.clone())))
        .collect()
}

/// `--link`s: those of `links`, then those of `external_links`.
fn link_flags(
    stack: &Stack,
    links: &[stackc_ir::links::Link],
    external: &[Spanned<String>],
    number: u32,
) -> Vec<String> {
    let mut out = Vec::new();
    for link in links {
        let Some(other) = stack.services.get(&link.service.value) else {
            continue;
        };
        let service = &link.service.value;
        for container in container_names(stack, other) {
            out.push(format!("{container}:{}", link.alias()));
            out.push(format!("{container}:{service}-{number}"));
            out.push(format!(
                "{container}:{}",
                engine_names::container(&stack.name.value, service, number)
            ));
        }
    }
    out.extend(external.iter().map(|link| external_link(&link.value)));
    out
}

/// An `external_links` entry as compose gives it to docker:
/// `CONTAINER:ALIAS`, the alias the container's name when not given.
fn external_link(link: &str) -> String {
    match link.split_once(':') {
        Some(_) => link.to_owned(),
        None => format!("{link}:{link}"),
    }
}

/// The containers of the dependencies whose (re)start restarts it.
fn restart_with(stack: &Stack, depends_on: &[stackc_ir::stack::Dependency]) -> Vec<String> {
    depends_on
        .iter()
        .filter(|d| d.restart)
        .filter_map(|d| stack.services.get(&d.service.value))
        .flat_map(|other| container_names(stack, other))
        .collect()
}

/// The ports replica `number` of `replicas` publishes.
fn replica_ports(
    ports: &[stackc_ir::stack::Spanned<Port>],
    replicas: u32,
    number: u32,
) -> Vec<Port> {
    ports
        .iter()
        .map(|p| replica_port(&p.value, replicas, number))
        .collect()
}

/// The ports parameters complete, with where they are declared.
fn port_words(
    service_key: &str,
    templates: &[stackc_ir::stack::Spanned<Template>],
) -> Vec<(String, Word)> {
    let path = format!("services.{service_key}.ports");
    templates
        .iter()
        .map(|t| (path.clone(), word(&t.value)))
        .collect()
}

/// `--log-driver`.
fn log_driver(
    logging: Option<&stackc_ir::stack::Spanned<stackc_ir::stack::Logging>>,
) -> Option<Word> {
    logging.and_then(|l| l.value.driver.as_ref()).map(word)
}

/// One `--log-opt NAME=VALUE` per option.
fn log_options(
    logging: Option<&stackc_ir::stack::Spanned<stackc_ir::stack::Logging>>,
) -> Vec<(String, Word)> {
    logging
        .iter()
        .flat_map(|l| &l.value.options)
        .map(|(name, value)| (name.clone(), word(value)))
        .collect()
}

/// The values parameters complete that must have a form, in the order
/// the script checks them: ports, the restart policy, then the keys of
/// [`stackc_ir::flags::FLAGS`] with a rule, then the names of the external
/// networks and volumes it uses ([`name_checks`]).
fn checks(
    stack: &Stack,
    service: &Service,
    ports: &[stackc_ir::stack::Spanned<Template>],
    restart: Option<&stackc_ir::stack::Spanned<Template>>,
    flags: &stackc_ir::flags::Flags,
) -> Vec<Checked> {
    use stackc_ir::check::ValueCheck;
    let service_key = &service.name.value;
    let templated = |t: &&Template| t.as_literal().is_none();
    let mut out: Vec<Checked> = port_words(service_key, ports)
        .into_iter()
        .map(|(place, word)| Checked {
            place,
            word,
            check: ValueCheck::Port,
        })
        .collect();
    out.extend(
        restart
            .map(|t| &t.value)
            .filter(templated)
            .map(|t| Checked {
                place: format!("the restart policy of services.{service_key}"),
                word: word(t),
                check: ValueCheck::Restart,
            }),
    );
    out.extend(
        flags
            .iter()
            .flat_map(stackc_ir::check::flag_values)
            .map(|(at, check, t)| Checked {
                place: format!("services.{service_key}.{at}"),
                word: word(t),
                check,
            }),
    );
    out.extend(name_checks(stack, service));
    out.extend(address_checks(service));
    out.extend(duration_checks(service));
    out.extend(host_checks(service));
    out
}

/// The fixed addresses parameters complete, by network.
fn address_checks(service: &Service) -> Vec<Checked> {
    use stackc_ir::check::{Ip, ValueCheck};
    let service_key = &service.name.value;
    service
        .attachments
        .iter()
        .flat_map(|(network, attach)| {
            [
                ("ipv4_address", &attach.value.ipv4_address, Ip::V4),
                ("ipv6_address", &attach.value.ipv6_address, Ip::V6),
            ]
            .into_iter()
            .filter_map(move |(key, address, which)| {
                let address = &address.as_ref()?.value;
                address.as_literal().is_none().then(|| Checked {
                    place: format!("services.{service_key}.networks.{network}.{key}"),
                    word: Word::of_template(address),
                    check: ValueCheck::Ip(which),
                })
            })
        })
        .collect()
}

/// The names parameters give of the external networks and volumes a
/// service uses: the script checks each by docker's rule for names before
/// its first docker command.
fn name_checks(stack: &Stack, service: &Service) -> Vec<Checked> {
    use stackc_ir::check::ValueCheck;
    // The service's own networks and volumes, looked up (not the stack's
    // scanned: that is quadratic), in the stack's declaration order.
    let mut networks: Vec<usize> = service
        .networks
        .iter()
        .map(|n| n.value.as_str())
        .chain(service.joins_default().then_some("default"))
        .filter_map(|key| stack.networks.get_index_of(key))
        .collect();
    networks.sort_unstable();
    networks.dedup();
    let mut volumes: Vec<usize> = service
        .volumes
        .iter()
        .filter_map(|m| match &m.value {
            Mount::Volume {
                source: Some(s), ..
            } => stack.volumes.get_index_of(&s.value),
            _ => None,
        })
        .collect();
    volumes.sort_unstable();
    volumes.dedup();
    let networks = networks
        .into_iter()
        .filter_map(|i| stack.networks.get_index(i))
        .map(|(key, n)| ("networks", key, n.engine_name.as_ref()));
    let volumes = volumes
        .into_iter()
        .filter_map(|i| stack.volumes.get_index(i))
        .map(|(key, v)| ("volumes", key, v.engine_name.as_ref()));
    networks
        .chain(volumes)
        .filter_map(|(table, key, name)| {
            let name = &name?.value;
            name.as_literal().is_none().then(|| Checked {
                place: format!("{table}.{key}.name"),
                word: Word::of_template(name),
                check: ValueCheck::Rule(stackc_ir::flags::Rule::EngineName),
            })
        })
        .collect()
}

/// The port replica `number` publishes: with several replicas, a host
/// range as long as the replica count gives each replica one host port
/// (replica k: `start + k - 1`); a longer range is given whole to each
/// replica, as compose does, and docker picks a free port in it for each;
/// validate allows no other published port with replicas.
fn replica_port(port: &Port, replicas: u32, number: u32) -> Port {
    let mut port = port.clone();
    let hosts = port
        .published
        .map_or(0, |p| u32::from(p.end.saturating_sub(p.start)) + 1);
    if replicas > 1
        && hosts == replicas
        && let Some(published) = &mut port.published
        && let Ok(offset) = u16::try_from(number.saturating_sub(1))
    {
        let host = published.start.saturating_add(offset);
        *published = PortRange {
            start: host,
            end: host,
        };
    }
    port
}

pub(super) fn image_word(stack: &Stack, service: &Service) -> Word {
    if let Some(image) = stack.stack_image(service) {
        return Word::lit(stack.image_tag(image));
    }
    match &service.image {
        Some(image) => word(&image.value),
        None => Word::lit(engine_names::built_image(
            &stack.name.value,
            &service.name.value,
        )),
    }
}

/// The docker flags of the keys of [`stackc_ir::flags::FLAGS`], then one
/// `--gpus` per GPU request, then `blkio_config`'s.
fn docker_flags(
    service_key: &str,
    flags: &stackc_ir::flags::Flags,
    gpus: Option<&stackc_ir::stack::Spanned<Vec<stackc_ir::stack::GpuRequest>>>,
    blkio: Option<&stackc_ir::stack::Spanned<stackc_ir::blkio::Blkio>>,
) -> Vec<FlagArg> {
    flags
        .iter()
        .flat_map(|set| flag_args(service_key, set))
        .chain(gpus.iter().flat_map(|g| &g.value).map(|request| FlagArg {
            flag: "gpus",
            value: Some(Word::lit(request.docker_value())),
        }))
        .chain(
            blkio
                .iter()
                .flat_map(|b| b.value.docker_flags())
                .map(|(flag, value)| FlagArg {
                    flag,
                    value: Some(Word::lit(value)),
                }),
        )
        .collect()
}

/// A duration in whole seconds, rounded up, as docker takes it: the
/// number, or the conversion of the value parameters give it (at `place`).
fn seconds_word(duration: &stackc_ir::stack::Duration, place: String) -> Word {
    match &duration.template {
        Some(template) => Converted::word(Conversion::Seconds, place, word(template)),
        None => Word::lit(duration.seconds_ceil().to_string()),
    }
}

/// `stop_grace_period` in whole seconds (`docker stop --time`,
/// `--stop-timeout`).
pub(super) fn stop_timeout(service: &Service) -> Option<Word> {
    let place = || format!("services.{}.stop_grace_period", service.name.value);
    service
        .stop_grace_period()
        .map(|duration| seconds_word(duration, place()))
}

/// The docker flags of a key of [`stackc_ir::flags::FLAGS`].
fn flag_args(service_key: &str, set: &SetFlag) -> Vec<FlagArg> {
    let flag = set.flag.docker;
    let arg = |value: Option<Word>| FlagArg { flag, value };
    match &set.value {
        FlagValue::On => vec![arg(None)],
        // `--init=true`: docker's switches take a value too.
        FlagValue::Toggle(value) => vec![arg(Some(Converted::word(
            Conversion::Bool,
            format!("services.{service_key}.{}", set.flag.key),
            word(value),
        )))],
        FlagValue::Value(value) => vec![arg(Some(word(value)))],
        FlagValue::List(values) => values.iter().map(|v| arg(Some(word(v)))).collect(),
        FlagValue::Map(pairs) => pairs
            .iter()
            .map(|(name, value)| {
                let mut pair = Word::lit(format!("{name}="));
                pair.push_word(&word(value));
                arg(Some(pair))
            })
            .collect(),
        FlagValue::Seconds(duration) => {
            let place = format!("services.{service_key}.{}", set.flag.key);
            vec![arg(Some(seconds_word(duration, place)))]
        }
    }
}

pub(super) fn container_spec(
    stack: &Stack,
    service: &Service,
    name: String,
    number: u32,
) -> ContainerSpec {
    let mut spec = spec_of(stack, service, name, number);
    // A large stack's plan holds one spec per container.
    spec.shrink_to_fit();
    spec
}

/// [`container_spec`], its lists as they grew.
fn spec_of(stack: &Stack, service: &Service, name: String, number: u32) -> ContainerSpec {
    let Service {
        name: service_name,
        image: _,
        build: _,
        command,
        entrypoint,
        environment,
        pass_env,
        env_file,
        label_file,
        ports,
        port_templates,
        volumes,
        // Read by `networking`.
        networks: _,
        attachments: _,
        depends_on,
        healthcheck,
        logging,
        gpus,
        blkio,
        restart,
        restart_template,
        labels,
        user,
        working_dir,
        hostname,
        container_name: _,
        flags,
        extra_hosts,
        extra_hosts_span: _,
        pull,
        run_once: _,
        exec,
        pre_stop,
        exec_policy,
        replicas: _,
        profiles: _,
        volumes_from,
        links,
        external_links,
        attach: _, // compose's alone: the scripts run detached
        secrets,
        configs,
        network_mode: _,
        update: _,
    } = service;
    let (attached, mode) = networking(stack, service);
    let service_key = &service_name.value;

    let (entrypoint, args) = entry_and_args(entrypoint.as_ref(), command.as_ref());
    ContainerSpec {
        name,
        service: service_key.clone(),
        number,
        job: service.is_job(),
        volumes_from: first_containers(stack, volumes_from),
        links: link_flags(stack, links, external_links, number),
        image: image_word(stack, service),
        pull: *pull,
        labels: container_labels(stack, service_key, number, labels),
        env: environment
            .iter()
            .map(|(key, value)| env_var(stack, key, &value.value))
            .collect(),
        pass_env: pass_env.iter().map(|name| name.value.clone()).collect(),
        env_files: env_files(&service_name.value, env_file),
        label_files: host_files(label_file),
        ports: replica_ports(ports, service.replicas.value, number),
        port_words: port_words(service_key, port_templates),
        mounts: volumes
            .iter()
            .map(|m| mount_spec(stack, &m.value))
            .collect(),
        networks: attached,
        network_mode: mode,
        entrypoint,
        args,
        healthcheck: healthcheck.as_ref().map(|h| health_spec(&h.value)),
        log_driver: log_driver(logging.as_deref()),
        log_options: log_options(logging.as_deref()),
        restart: restart_word(restart.as_ref(), restart_template.as_ref()),
        checks: checks(
            stack,
            service,
            port_templates,
            restart_template.as_ref(),
            flags,
        ),
        user: user.as_ref().map(word),
        working_dir: working_dir.as_ref().map(word),
        hostname: hostname.as_ref().map(word),
        flags: docker_flags(&service_name.value, flags, gpus.as_ref(), blkio.as_deref()),
        stop_timeout: stop_timeout(service),
        exec: exec_words(exec),
        pre_stop: exec_words(pre_stop),
        exec_always: exec_policy.value == stackc_ir::stack::ExecPolicy::Always,
        extra_hosts: host_entries(extra_hosts),
        files: file_specs(stack, secrets, configs),
        restart_with: restart_with(stack, depends_on),
        rolling: None,
    }
}

/// The networks a container joins, or the network stack it uses.
fn networking(
    stack: &Stack,
    service: &Service,
) -> (Vec<NetworkAttach>, Option<stackc_ir::ast::NetworkModeSpec>) {
    let mode = service.network_mode.as_ref();
    (
        network_attachments(
            stack,
            &service.name.value,
            &service.networks,
            &service.attachments,
            mode,
        ),
        mode.and_then(|m| network_mode_spec(stack, &m.value)),
    )
}

fn network_mode_spec(
    stack: &Stack,
    mode: &stackc_ir::stack::NetworkMode,
) -> Option<stackc_ir::ast::NetworkModeSpec> {
    use stackc_ir::ast::NetworkModeSpec;
    use stackc_ir::stack::NetworkMode;
    Some(match mode {
        NetworkMode::Host => NetworkModeSpec::Named("host"),
        NetworkMode::None => NetworkModeSpec::Named("none"),
        NetworkMode::Bridge => NetworkModeSpec::Named("bridge"),
        NetworkMode::Service(name) => {
            let other = stack.services.get(&name.value)?;
            NetworkModeSpec::Container(container_names(stack, other).into_iter().next()?)
        }
        NetworkMode::Container(name) => NetworkModeSpec::Container(name.clone()),
    })
}

/// The secrets, then the configs, a container reads.
fn file_specs(
    stack: &Stack,
    secrets: &[stackc_ir::stack::Spanned<FileGrant>],
    configs: &[stackc_ir::stack::Spanned<FileGrant>],
) -> Vec<FileSpec> {
    let kinds = [
        ("secrets", true, secrets, &stack.secrets),
        ("configs", false, configs, &stack.configs),
    ];
    let mut out = Vec::new();
    for (table, secret, grants, declared) in kinds {
        for grant in grants {
            let grant = &grant.value;
            let Some(object) = declared.get(&grant.source.value) else {
                continue;
            };
            let content = match &object.source.value {
                FileSource::File(path) => FileContent::Host(host_path(path)),
                FileSource::Param(name) => FileContent::Value(Word(vec![Piece::Param {
                    name: name.value.clone(),
                    escape: stackc_ir::ast::Escape::None,
                }])),
                FileSource::Content(text) => FileContent::Value(word(text)),
            };
            out.push(FileSpec {
                origin: format!("{table}.{}", grant.source.value),
                target: grant.target.clone(),
                uid: grant.uid,
                gid: grant.gid,
                mode: grant.mode,
                content,
                secret,
            });
        }
    }
    out
}

fn container_labels(
    stack: &Stack,
    service_key: &str,
    number: u32,
    labels: &IndexMap<String, Template>,
) -> Vec<(String, Word)> {
    let mut all = vec![
        (PROJECT_LABEL.to_owned(), Word::lit(&stack.name.value)),
        (
            "com.docker.compose.service".to_owned(),
            Word::lit(service_key),
        ),
        (
            "com.docker.compose.container-number".to_owned(),
            Word::lit(number.to_string()),
        ),
    ];
    all.extend(labels.iter().map(|(k, v)| (k.clone(), word(v))));
    all
}

/// An environment entry is secret when any parameter it reads is.
fn env_var(stack: &Stack, key: &str, value: &Template) -> EnvVar {
    EnvVar {
        key: key.to_owned(),
        value: word(value),
        secret: value
            .params()
            .any(|p| stack.params.get(p).is_some_and(|p| p.secret)),
    }
}

fn mount_spec(stack: &Stack, mount: &Mount) -> MountSpec {
    match mount {
        Mount::Volume {
            source,
            target,
            read_only,
            options,
        } => MountSpec::Volume {
            options: options.clone(),
            source: source
                .as_ref()
                .map(|s| Word::of_template(&stack.volume_template(&s.value))),
            target: target.clone(),
            read_only: *read_only,
        },
        Mount::Bind {
            source,
            target,
            read_only,
            options,
        } => MountSpec::Bind {
            options: options.clone(),
            source: host_path(source),
            target: target.clone(),
            read_only: *read_only,
        },
        Mount::Tmpfs { target, size } => MountSpec::Tmpfs {
            target: target.clone(),
            size: *size,
        },
    }
}

/// A service without networks joins the stack's default network; on each
/// network the service's name is an alias of every replica.
/// The networks a container joins, by descending `priority`, then in
/// order: the first is given at creation.
fn network_attachments(
    stack: &Stack,
    service_key: &str,
    networks: &[Ref],
    options: &IndexMap<String, stackc_ir::stack::Spanned<stackc_ir::stack::Attachment>>,
    mode: Option<&stackc_ir::stack::Spanned<stackc_ir::stack::NetworkMode>>,
) -> Vec<NetworkAttach> {
    // Another network stack: none of the stack's networks.
    if mode.is_some() {
        return Vec::new();
    }
    let attach = |key: &str| {
        let options = options.get(key).map(|o| &o.value);
        let mut aliases = vec![service_key.to_owned()];
        for alias in options.iter().flat_map(|o| &o.aliases) {
            if !aliases.contains(alias) {
                aliases.push(alias.clone());
            }
        }
        NetworkAttach {
            network: Word::of_template(&stack.network_template(key)),
            aliases,
            ipv4_address: options
                .and_then(|o| o.ipv4_address.as_ref())
                .map(|ip| Word::of_template(&ip.value)),
            ipv6_address: options
                .and_then(|o| o.ipv6_address.as_ref())
                .map(|ip| Word::of_template(&ip.value)),
        }
    };
    if networks.is_empty() {
        return vec![attach("default")];
    }
    let mut keys: Vec<&Ref> = networks.iter().collect();
    let priority = |n: &Ref| options.get(&n.value).map_or(0, |o| o.value.priority);
    keys.sort_by_key(|n| std::cmp::Reverse(priority(n)));
    keys.into_iter().map(|n| attach(&n.value)).collect()
}

/// Docker's `--entrypoint` takes one word: the first word of the stack's
/// entrypoint goes there and the rest go before the command's arguments. An
/// empty entrypoint clears the image's.
fn entry_and_args(
    entrypoint: Option<&Vec<Template>>,
    command: Option<&Vec<Template>>,
) -> (Option<Word>, Vec<Word>) {
    let command: Vec<Word> = command.into_iter().flatten().map(word).collect();
    match entrypoint {
        None => (None, command),
        Some(items) => match items.split_first() {
            None => (Some(Word::lit("")), command),
            Some((first, rest)) => {
                let mut args: Vec<Word> = rest.iter().map(word).collect();
                args.extend(command);
                (Some(word(first)), args)
            }
        },
    }
}

fn health_spec(h: &Healthcheck) -> HealthSpec {
    HealthSpec {
        test: match &h.test {
            HealthTest::Exec(items) => HealthCmd::Exec(items.iter().map(word).collect()),
            HealthTest::Shell(cmd) => HealthCmd::Shell(word(cmd)),
            HealthTest::Disabled => HealthCmd::Disabled,
            HealthTest::Image => HealthCmd::Image,
        },
        interval: h.interval.as_ref().map(duration_word),
        timeout: h.timeout.as_ref().map(duration_word),
        retries: h.retries.as_ref().map(word),
        start_period: h.start_period.as_ref().map(duration_word),
        start_interval: h.start_interval.as_ref().map(duration_word),
    }
}

/// A duration as docker takes it: as written, or as parameters complete it.
fn duration_word(d: &stackc_ir::stack::Duration) -> Word {
    d.template
        .as_ref()
        .map_or_else(|| Word::lit(&d.text), Word::of_template)
}

/// The healthcheck's timings parameters complete.
fn duration_checks(service: &Service) -> Vec<Checked> {
    let Some(health) = &service.healthcheck else {
        return Vec::new();
    };
    let h = &health.value;
    [
        ("interval", &h.interval),
        ("timeout", &h.timeout),
        ("start_period", &h.start_period),
        ("start_interval", &h.start_interval),
    ]
    .into_iter()
    .filter_map(|(field, d)| {
        let template = d.as_ref()?.template.as_ref()?;
        Some(Checked {
            place: format!("services.{}.healthcheck.{field}", service.name.value),
            word: Word::of_template(template),
            check: stackc_ir::check::ValueCheck::Duration,
        })
    })
    .chain(
        h.retries
            .as_ref()
            .filter(|r| r.as_literal().is_none())
            .map(|r| Checked {
                place: format!("services.{}.healthcheck.retries", service.name.value),
                word: Word::of_template(r),
                check: stackc_ir::check::ValueCheck::Rule(stackc_ir::stack::RETRIES),
            }),
    )
    .collect()
}
