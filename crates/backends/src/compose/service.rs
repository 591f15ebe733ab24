//! A service of the stack as a compose service.

use indexmap::IndexMap;
use stackc_ir::flags::{FlagValue, Flags, Kind, Rule};
use stackc_ir::stack::{
    Condition, Dependency, ExecPolicy, HealthTest, Healthcheck, Mount, Port, Protocol, PullPolicy,
    Service, Spanned,
};
use stackc_ir::template::Template;

use super::Lower;
use super::interpolation::literal;
use super::model::{
    ComposeBind, ComposeDependency, ComposeDeploy, ComposeEnvFile, ComposeHealthcheck, ComposeHook,
    ComposeLogging, ComposeMount, ComposePort, ComposeService, ComposeTmpfs, ComposeUlimit,
    ComposeUpdate, ComposeVolumeOptions, FlagYaml,
};
use super::resources::{image_dependency, volume_init_dependency};
use crate::diagnostics;

impl Lower<'_> {
    /// `restart`: the policy, or the one parameters complete; a job's is
    /// `no` (it runs once: compose must not restart it).
    fn restart(
        &mut self,
        restart: Option<&Spanned<stackc_ir::stack::Restart>>,
        template: Option<&Spanned<Template>>,
        job: bool,
    ) -> Option<String> {
        match (restart, template) {
            (Some(restart), _) => Some(restart.value.to_string()),
            (None, Some(t)) => Some(self.template(&t.value)),
            (None, None) => job.then(|| "no".to_owned()),
        }
    }

    pub(super) fn service(&mut self, service: &Service) -> ComposeService {
        let Service {
            name,
            // Read by `image`, with the stack's images.
            image: _,
            build,
            command,
            entrypoint,
            environment,
            pass_env,
            env_file,
            label_file,
            ports,
            port_templates,
            volumes,
            networks,
            attachments,
            // Read by `dependencies`, with the image builds and volume inits.
            depends_on: _,
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
            container_name,
            flags,
            extra_hosts,
            extra_hosts_span: _,
            pull,
            run_once,
            exec,
            pre_stop,
            exec_policy,
            replicas,
            profiles,
            volumes_from,
            links,
            external_links,
            attach,
            secrets,
            configs,
            network_mode,
            update,
        } = service;

        let post_start = self.post_start(&name.value, exec, exec_policy.value);

        let restart = self.restart(
            restart.as_ref(),
            restart_template.as_ref(),
            run_once.is_some(),
        );
        let stack_image = self.stack.stack_image(service);
        let pull_policy = pull_policy(*pull, stack_image.is_some());
        let dependencies = self.dependencies(service);

        ComposeService {
            image: self.image(service),
            build: build.as_ref().map(|build| self.build(build)),
            profiles: profiles.iter().map(|p| literal(&p.value)).collect(),
            command: command.as_ref().map(|items| self.templates(items)),
            entrypoint: entrypoint.as_ref().map(|items| self.templates(items)),
            environment: environment
                .iter()
                .map(|(key, value)| (key.clone(), Some(self.template(&value.value))))
                .chain(pass_env.iter().map(|name| (name.value.clone(), None)))
                .collect(),
            env_file: env_file.iter().map(|f| self.env_file(&f.value)).collect(),
            ports: self.ports(ports, port_templates),
            volumes: volumes
                .iter()
                .map(|mount| self.mount(&mount.value))
                .collect(),
            volumes_from: volumes_from.iter().map(|s| literal(&s.value)).collect(),
            links: links.iter().map(|l| literal(&l.compose())).collect(),
            external_links: external_links.iter().map(|l| literal(&l.value)).collect(),
            attach: *attach,
            network_mode: network_mode.as_ref().map(|m| literal(&m.value.compose())),
            secrets: super::files::grants(secrets, "/run/secrets/"),
            configs: super::files::grants(configs, "/"),
            networks: self.compose_networks(networks, attachments),
            depends_on: dependencies,
            healthcheck: healthcheck.as_ref().map(|h| self.healthcheck(&h.value)),
            gpus: gpus.iter().flat_map(|g| g.value.iter().map(gpu)).collect(),
            blkio_config: blkio.as_ref().map(|b| blkio_config(&b.value)),
            logging: logging.as_ref().map(|l| self.logging(&l.value)),
            restart,
            deploy: deploy(replicas.value, update.as_deref()),
            labels: self.map(labels),
            label_file: self.host_paths(label_file),
            user: user.as_ref().map(|t| self.template(t)),
            working_dir: working_dir.as_ref().map(|t| self.template(t)),
            hostname: hostname.as_ref().map(|t| self.template(t)),
            container_name: container_name.as_ref().map(|name| literal(&name.value)),
            flags: self.flags(flags),
            extra_hosts: self.extra_hosts_entries(extra_hosts),
            pull_policy,
            post_start,
            pre_stop: self.hooks(pre_stop),
            ..ComposeService::default()
        }
    }

    /// Host paths given as written (`env_file`, `label_file`), relative to
    /// the project directory.
    fn host_paths(&mut self, paths: &[Spanned<String>]) -> Vec<String> {
        paths
            .iter()
            .map(|path| self.host_path(&Template::literal(path.value.clone())))
            .collect()
    }

    /// An env file: its path, or the long form when it may be missing.
    fn env_file(&mut self, file: &stackc_ir::stack::EnvFile) -> ComposeEnvFile {
        let path = self.host_path(&file.path);
        if file.required {
            ComposeEnvFile::Path(path)
        } else {
            ComposeEnvFile::Optional {
                path,
                required: false,
            }
        }
    }

    /// `ports`: the literal ones, then those parameters complete (short
    /// syntax, which compose interpolates).
    fn ports(
        &mut self,
        ports: &[stackc_ir::stack::Spanned<Port>],
        templates: &[stackc_ir::stack::Spanned<Template>],
    ) -> Vec<ComposePort> {
        // In stack.toml's order: the two kinds come from one list, each
        // where it was written.
        let mut entries: Vec<(usize, ComposePort)> = ports
            .iter()
            .map(|port| (port.span.offset(), port_entry(&port.value)))
            .chain(templates.iter().map(|port| {
                let entry = ComposePort::Short(self.template(&port.value));
                (port.span.offset(), entry)
            }))
            .collect();
        entries.sort_by_key(|(at, _)| *at);
        entries.into_iter().map(|(_, entry)| entry).collect()
    }

    /// The image: the tag of the `images.NAME` it runs, or its `image`.
    /// Compose's own name for the image of a build is
    /// `<project>-<service>`, which a capital makes invalid: such an image
    /// is named as the scripts name it.
    fn image(&mut self, service: &Service) -> Option<String> {
        if let Some(stack_image) = self.stack.stack_image(service) {
            return Some(literal(&self.stack.image_tag(stack_image)));
        }
        if let Some(image) = &service.image {
            return Some(self.template(&image.value));
        }
        let name = &service.name.value;
        (service.build.is_some() && name.bytes().any(|b| b.is_ascii_uppercase())).then(|| {
            literal(&stackc_ir::engine_names::built_image(
                &self.stack.name.value,
                name,
            ))
        })
    }

    /// compose runs `post_start` hooks on every start: it can express
    /// `exec_policy = "always"`, not "only when created".
    fn post_start(
        &mut self,
        service: &str,
        exec: &[Spanned<Vec<Template>>],
        policy: ExecPolicy,
    ) -> Vec<ComposeHook> {
        if let Some(first) = exec.first()
            && policy == ExecPolicy::Initial
        {
            self.diags
                .push(diagnostics::compose_exec_initial(service, first));
        }
        if policy != ExecPolicy::Always {
            return Vec::new();
        }
        self.hooks(exec)
    }

    /// Commands as compose's lifecycle hooks.
    fn hooks(&mut self, commands: &[Spanned<Vec<Template>>]) -> Vec<ComposeHook> {
        commands
            .iter()
            .map(|command| ComposeHook {
                command: self.templates(&command.value),
            })
            .collect()
    }

    /// The user's dependencies, then the image builds and the volume inits
    /// the service waits for.
    fn dependencies(&self, service: &Service) -> IndexMap<String, ComposeDependency> {
        let mut out: IndexMap<String, ComposeDependency> =
            service.depends_on.iter().map(dependency).collect();
        out.extend(self.stack.stack_image(service).map(image_dependency));
        if let Some(build) = &service.build {
            out.extend(self.build_dependencies(build));
        }
        for mount in &service.volumes {
            if let Mount::Volume {
                source: Some(source),
                ..
            } = &mount.value
                && self
                    .stack
                    .volumes
                    .get(&source.value)
                    .is_some_and(|v| v.init().is_some())
            {
                let (key, dependency) = volume_init_dependency(&source.value);
                out.insert(key, dependency);
            }
        }
        out
    }

    fn mount(&mut self, mount: &Mount) -> ComposeMount {
        match mount {
            Mount::Volume {
                source,
                target,
                read_only,
                options,
            } => ComposeMount {
                kind: "volume",
                // The key of `[volumes.NAME]`; compose names it as we do.
                source: source.as_ref().map(|source| literal(&source.value)),
                target: literal(target),
                read_only: *read_only,
                bind: None,
                volume: (options.nocopy || options.subpath.is_some()).then(|| {
                    ComposeVolumeOptions {
                        nocopy: options.nocopy,
                        subpath: options.subpath.as_deref().map(literal),
                    }
                }),
                tmpfs: None,
                consistency: options.consistency,
            },
            Mount::Bind {
                source,
                target,
                read_only,
                options,
            } => ComposeMount {
                kind: "bind",
                source: Some(self.host_path(source)),
                target: literal(target),
                read_only: *read_only,
                bind: (options.propagation.is_some()
                    || options.selinux.is_some()
                    || options.create_host_path.is_some())
                .then_some(ComposeBind {
                    propagation: options.propagation,
                    selinux: options.selinux,
                    create_host_path: options.create_host_path,
                }),
                volume: None,
                tmpfs: None,
                consistency: options.consistency,
            },
            Mount::Tmpfs { target, size } => ComposeMount {
                kind: "tmpfs",
                source: None,
                target: literal(target),
                read_only: false,
                bind: None,
                volume: None,
                tmpfs: size.map(|size| ComposeTmpfs { size }),
                consistency: None,
            },
        }
    }

    fn healthcheck(&mut self, healthcheck: &Healthcheck) -> ComposeHealthcheck {
        let Healthcheck {
            test,
            interval,
            timeout,
            retries,
            start_period,
            start_interval,
        } = healthcheck;
        let test = match test {
            HealthTest::Exec(items) => std::iter::once("CMD".to_owned())
                .chain(self.templates(items))
                .collect(),
            HealthTest::Shell(cmd) => vec!["CMD-SHELL".to_owned(), self.template(cmd)],
            HealthTest::Disabled => vec!["NONE".to_owned()],
            HealthTest::Image => Vec::new(),
        };
        ComposeHealthcheck {
            test,
            interval: interval.as_ref().map(|d| self.duration(d)),
            timeout: timeout.as_ref().map(|d| self.duration(d)),
            // A number, or the text compose interpolates.
            retries: retries.as_ref().map(|r| match r.as_literal() {
                Some(n) => n
                    .parse()
                    .map_or_else(|_| FlagYaml::Text(self.template(r)), FlagYaml::Int),
                None => FlagYaml::Text(self.template(r)),
            }),
            start_period: start_period.as_ref().map(|d| self.duration(d)),
            start_interval: start_interval.as_ref().map(|d| self.duration(d)),
        }
    }

    /// The keys of [`stackc_ir::flags::FLAGS`] a service sets; an empty
    /// list is left out.
    fn flags(&mut self, flags: &Flags) -> IndexMap<&'static str, FlagYaml> {
        let mut out = IndexMap::new();
        for set in flags {
            let value = match &set.value {
                FlagValue::On => FlagYaml::Bool(true),
                // Compose interpolates it and reads the boolean itself.
                FlagValue::Toggle(value) => FlagYaml::Text(self.template(value)),
                FlagValue::Value(value) => number(set.flag.kind, value)
                    .unwrap_or_else(|| FlagYaml::Text(self.template(value))),
                FlagValue::List(items) if items.is_empty() => continue,
                FlagValue::List(items) => FlagYaml::List(self.templates(items)),
                FlagValue::Map(pairs) if pairs.is_empty() => continue,
                FlagValue::Map(pairs) if set.flag.kind == Kind::Map(Rule::Ulimit) => {
                    FlagYaml::Limits(
                        pairs
                            .iter()
                            .filter_map(|(name, value)| {
                                ulimit(name, value).or_else(|| {
                                    let text = ComposeUlimit::Text(self.template(value));
                                    Some((name.clone(), text))
                                })
                            })
                            .collect(),
                    )
                }
                FlagValue::Map(pairs) => FlagYaml::Map(
                    pairs
                        .iter()
                        .map(|(name, value)| (name.clone(), self.template(value)))
                        .collect(),
                ),
                FlagValue::Seconds(value) => FlagYaml::Text(self.duration(value)),
            };
            out.insert(set.flag.key, value);
        }
        out
    }
}

fn dependency(dep: &Dependency) -> (String, ComposeDependency) {
    let Dependency {
        service,
        condition,
        required,
        restart,
    } = dep;
    let condition = match condition.value {
        Condition::Started => "service_started",
        Condition::Healthy => "service_healthy",
        Condition::Completed => "service_completed_successfully",
    };
    (
        service.value.clone(),
        ComposeDependency {
            condition,
            required: *required,
            restart: *restart,
        },
    )
}

/// A published port: the long syntax when the container port is a single
/// port, else the short syntax (compose's long syntax takes no target
/// range).
pub(super) fn port_entry(port: &Port) -> ComposePort {
    let Port {
        host_ip,
        published,
        target,
        protocol,
    } = port;
    if target.start == target.end {
        return ComposePort::Long {
            target: target.start,
            published: published.map(|p| p.to_string()),
            host_ip: host_ip.as_deref().map(literal),
            protocol: protocol.as_str(),
        };
    }
    // `[ip:][published:]target[/protocol]`, as `docker run -p`.
    let published = published.map(|p| p.to_string());
    let mut fields = Vec::new();
    if let Some(ip) = host_ip {
        fields.push(if ip.contains(':') {
            format!("[{ip}]")
        } else {
            ip.clone()
        });
        fields.push(published.unwrap_or_default());
    } else if let Some(published) = published {
        fields.push(published);
    }
    fields.push(target.to_string());
    let mut short = fields.join(":");
    if *protocol != Protocol::Tcp {
        short.push('/');
        short.push_str(protocol.as_str());
    }
    ComposePort::Short(literal(&short))
}

/// compose's `pull_policy`: left out when it is compose's default. An image
/// built by `images.NAME` is never pulled: that would fetch someone else's.
fn pull_policy(pull: PullPolicy, stack_built: bool) -> Option<&'static str> {
    match pull {
        _ if stack_built => Some(PullPolicy::Never.as_str()),
        PullPolicy::Missing => None,
        PullPolicy::Always | PullPolicy::Never | PullPolicy::Build => Some(pull.as_str()),
    }
}

/// A number written as one: compose's YAML says `200`, not `"200"`.
fn number(kind: Kind, value: &Template) -> Option<FlagYaml> {
    let text = value.as_literal()?;
    match kind {
        Kind::Value(Rule::Integer { .. }) => text.parse().ok().map(FlagYaml::Int),
        Kind::Value(Rule::Decimal) => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.to_string() == text)
            .map(FlagYaml::Float),
        _ => None,
    }
}

/// A limit of `ulimits` (checked by the frontend: `N` or `SOFT:HARD`).
fn ulimit(name: &str, value: &Template) -> Option<(String, ComposeUlimit)> {
    let text = value.as_literal()?;
    let limit = match text.split_once(':') {
        Some((soft, hard)) => ComposeUlimit::Apart {
            soft: soft.parse().ok()?,
            hard: hard.parse().ok()?,
        },
        None => ComposeUlimit::Both(text.parse().ok()?),
    };
    Some((name.to_owned(), limit))
}

/// `networks`: the list form, or the mapping form when one attachment has
/// options.
impl Lower<'_> {
    fn compose_networks(
        &mut self,
        networks: &[stackc_ir::stack::Ref],
        attachments: &IndexMap<String, stackc_ir::stack::Spanned<stackc_ir::stack::Attachment>>,
    ) -> super::model::ComposeNetworks {
        use super::model::{ComposeAttachment, ComposeNetworks};
        if attachments.is_empty() {
            return ComposeNetworks::List(networks.iter().map(|n| literal(&n.value)).collect());
        }
        ComposeNetworks::Map(
            networks
                .iter()
                .map(|n| {
                    let options = attachments.get(&n.value).map(|a| ComposeAttachment {
                        aliases: a.value.aliases.iter().map(|s| literal(s)).collect(),
                        ipv4_address: a
                            .value
                            .ipv4_address
                            .as_ref()
                            .map(|ip| self.template(&ip.value)),
                        ipv6_address: a
                            .value
                            .ipv6_address
                            .as_ref()
                            .map(|ip| self.template(&ip.value)),
                        priority: a.value.priority,
                    });
                    (n.value.clone(), options)
                })
                .collect(),
        )
    }
}

/// `deploy`: the replicas (unless 1) and `update_config`, when either is set.
fn deploy(replicas: u32, update: Option<&stackc_ir::stack::Update>) -> Option<ComposeDeploy> {
    let update_config = update.map(|u| ComposeUpdate {
        parallelism: u.parallelism.as_ref().map(|p| p.value),
        delay: u.delay.as_ref().map(|d| literal(&d.value.text)),
        order: u.order.as_ref().map(|o| o.value.as_str()),
    });
    (replicas != 1 || update_config.is_some()).then(|| ComposeDeploy {
        replicas: (replicas != 1).then_some(replicas),
        update_config,
    })
}

impl Lower<'_> {
    fn logging(&mut self, logging: &stackc_ir::stack::Logging) -> ComposeLogging {
        ComposeLogging {
            driver: logging.driver.as_ref().map(|d| self.template(d)),
            options: self.map(&logging.options),
        }
    }
}

/// A GPU request as compose writes it; with neither `count` nor
/// `device_ids`, compose asks for all of them, as stackc does.
fn gpu(request: &stackc_ir::stack::GpuRequest) -> super::model::ComposeGpu {
    use super::interpolation::literal;
    use super::model::GpuCountYaml;
    let words = |items: &[String]| items.iter().map(|w| literal(w)).collect();
    super::model::ComposeGpu {
        driver: request.driver.as_deref().map(literal),
        count: request.count.map(|count| match count {
            stackc_ir::stack::GpuCount::All => GpuCountYaml::All("all"),
            stackc_ir::stack::GpuCount::Count(n) => GpuCountYaml::Count(n),
        }),
        device_ids: words(&request.device_ids),
        capabilities: words(&request.capabilities),
        options: request
            .options
            .iter()
            .map(|(k, v)| (literal(k), literal(v)))
            .collect(),
    }
}

impl Lower<'_> {
    /// `extra_hosts` as `host:ip`: compose splits at the first `:`, so an
    /// IPv6 address needs no brackets; parameters that complete an address
    /// are interpolations.
    fn extra_hosts_entries(&mut self, extra_hosts: &[(String, String)]) -> Vec<String> {
        extra_hosts
            .iter()
            .map(|(host, ip)| match Template::parse(ip) {
                Ok(ip) => format!("{}:{}", literal(host), self.template(&ip)),
                Err(_) => literal(&format!("{host}:{ip}")),
            })
            .collect()
    }
}

/// `blkio_config` as compose writes it, rates normalised to numbers.
fn blkio_config(blkio: &stackc_ir::blkio::Blkio) -> super::model::ComposeBlkio {
    use super::interpolation::literal;
    use super::model::{ComposeBlkioRate, ComposeBlkioWeight};
    let rates = |list: &[stackc_ir::blkio::DeviceValue]| {
        list.iter()
            .map(|d| ComposeBlkioRate {
                path: literal(&d.path),
                rate: d.value,
            })
            .collect()
    };
    super::model::ComposeBlkio {
        weight: blkio.weight,
        weight_device: blkio
            .weight_device
            .iter()
            .map(|d| ComposeBlkioWeight {
                path: literal(&d.path),
                weight: d.value,
            })
            .collect(),
        device_read_bps: rates(&blkio.device_read_bps),
        device_write_bps: rates(&blkio.device_write_bps),
        device_read_iops: rates(&blkio.device_read_iops),
        device_write_iops: rates(&blkio.device_write_iops),
    }
}
