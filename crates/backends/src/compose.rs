//! The compose backend: lowers the resolved [`Stack`] directly into a
//! Docker Compose v2 file.
//!
//! The file is built from `Serialize` structs whose maps are [`IndexMap`]s
//! in declaration order, and written by `crate::yaml`. The output is
//! byte-stable for a given stack.
//!
//! Compose interpolates every string *value* (never a mapping key): literal
//! text is written with each `$` doubled, and a parameter reference becomes
//! `${NAME:-default}` or `${NAME:?parameter NAME is required}`.

use indexmap::IndexMap;
use serde::Serialize;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::engine_names;
use stackc_ir::flags::{FlagValue, Flags};
use stackc_ir::host::HostPath;
use stackc_ir::stack::{
    Build, Condition, Dependency, Duration, HealthTest, Healthcheck, Mount, Network, Param, Port,
    Protocol, PullPolicy, Service, Stack, Volume,
};
use stackc_ir::template::{Part, Template};

use crate::yaml::{self, MultiLine};
use crate::{Backend, Input};

/// The compose target.
pub struct Compose;

impl Backend for Compose {
    fn render(&self, input: &Input<'_>) -> Result<String, Diagnostics> {
        let mut lower = Lower {
            stack: input.stack,
            project_dir: &input.layout.project_dir_from_output,
            diags: Diagnostics::default(),
            reported: Vec::new(),
        };
        let file = lower.file();
        let file = lower.diags.into_result(file)?;
        let yaml = yaml::to_string(&file, MultiLine::Quoted, "compose")?;
        Ok(format!("{}{yaml}", header(input)))
    }
}

/// The header comment, and a line per parameter with `choices`: compose
/// interpolation cannot check a value against a list, so the file says it
/// where the compose user reads.
fn header(input: &Input<'_>) -> String {
    let mut out = yaml::header(&input.layout.source_name, "compose");
    for param in input.stack.params.values() {
        if !param.choices.is_empty() {
            out.push_str(&yaml::comment(&format!(
                "{} must be one of: {} (compose does not check it).",
                param.name.value,
                param.choices.join(", ")
            )));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The compose file model (only what stackc emits).

#[derive(Serialize)]
struct ComposeFile {
    name: String,
    services: IndexMap<String, ComposeService>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    networks: IndexMap<String, ComposeNetwork>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    volumes: IndexMap<String, ComposeVolume>,
}

/// A lifecycle hook (`post_start`).
#[derive(Serialize)]
struct ComposeHook {
    command: Vec<String>,
}

#[derive(Serialize, Default)]
struct ComposeService {
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build: Option<ComposeBuild>,
    /// `0` for a service that only builds an image (`images.NAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    profiles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    container_name: Option<String>,
    /// `Some(vec![])` is written as `[]`: it clears the image's `CMD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<Vec<String>>,
    /// `Some(vec![])` is written as `[]`: it clears the image's `ENTRYPOINT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    entrypoint: Option<Vec<String>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    environment: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env_file: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ports: Vec<ComposePort>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<ComposeMount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes_from: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    networks: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    depends_on: IndexMap<String, ComposeDependency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    healthcheck: Option<ComposeHealthcheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deploy: Option<ComposeDeploy>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hostname: Option<String>,
    /// The keys of [`stackc_ir::flags::FLAGS`], in that order.
    #[serde(flatten)]
    flags: IndexMap<&'static str, FlagYaml>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_policy: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    post_start: Vec<ComposeHook>,
}

/// The value of a key of [`stackc_ir::flags::FLAGS`].
#[derive(Serialize)]
#[serde(untagged)]
enum FlagYaml {
    Bool(bool),
    Text(String),
    List(Vec<String>),
}

#[derive(Serialize)]
struct ComposeBuild {
    context: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    args: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
}

/// A published port: the long syntax when the container port is a single
/// port, else the short syntax (compose's long syntax takes no target range).
#[derive(Serialize)]
#[serde(untagged)]
enum ComposePort {
    Long {
        target: u16,
        #[serde(skip_serializing_if = "Option::is_none")]
        published: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        host_ip: Option<String>,
        protocol: &'static str,
    },
    Short(String),
}

#[derive(Serialize)]
struct ComposeMount {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    target: String,
    #[serde(skip_serializing_if = "yaml::is_false")]
    read_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tmpfs: Option<ComposeTmpfs>,
}

#[derive(Serialize)]
struct ComposeTmpfs {
    size: u64,
}

#[derive(Serialize)]
struct ComposeDependency {
    condition: &'static str,
}

#[derive(Serialize)]
struct ComposeHealthcheck {
    test: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interval: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retries: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_period: Option<String>,
}

#[derive(Serialize)]
struct ComposeDeploy {
    replicas: u32,
}

#[derive(Serialize)]
struct ComposeNetwork {
    #[serde(skip_serializing_if = "Option::is_none")]
    driver: Option<String>,
    #[serde(skip_serializing_if = "yaml::is_false")]
    internal: bool,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "yaml::is_false")]
    external: bool,
}

#[derive(Serialize)]
struct ComposeVolume {
    #[serde(skip_serializing_if = "Option::is_none")]
    driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "yaml::is_false")]
    external: bool,
}

// ---------------------------------------------------------------------------
// Lowering.

struct Lower<'a> {
    stack: &'a Stack,
    /// The stack's directory as seen from the compose file's directory.
    project_dir: &'a str,
    diags: Diagnostics,
    /// Parameters already reported as inexpressible (once each).
    reported: Vec<String>,
}

impl Lower<'_> {
    fn file(&mut self) -> ComposeFile {
        let Stack {
            name,
            params: _,
            networks,
            volumes,
            services,
            outputs: _,
            images,
            unselected: _,
        } = self.stack;
        let mut out = IndexMap::new();
        for (key, image) in images {
            out.insert(engine_names::image_service(key), self.image_service(image));
        }
        for (key, volume) in volumes {
            if let Some(init) = volume.init() {
                out.insert(
                    engine_names::volume_init_service(key),
                    volume_init_service(key, &init),
                );
            }
        }
        for (key, service) in services {
            out.insert(key.clone(), self.service(service));
        }
        ComposeFile {
            name: literal(&name.value),
            services: out,
            networks: networks
                .iter()
                .map(|(key, network)| (key.clone(), self.network(network)))
                .collect(),
            volumes: volumes
                .iter()
                .map(|(key, volume)| (key.clone(), self.volume(volume)))
                .collect(),
        }
    }

    /// An `[images.NAME]` as the service `images.NAME`, which only builds
    /// it: `scale: 0` (no container), after the images of the stack it
    /// builds FROM (compose builds a service's image after those of the
    /// services it depends on). The services that run the image depend on
    /// it and never pull it.
    fn image_service(&mut self, image: &stackc_ir::stack::Image) -> ComposeService {
        ComposeService {
            image: Some(literal(&self.stack.image_tag(image))),
            build: Some(self.build(&image.build)),
            scale: Some(0),
            // No container, so no network (compose would create `default`).
            network_mode: Some("none"),
            depends_on: self.build_dependencies(&image.build),
            ..ComposeService::default()
        }
    }

    /// `images.BASE` for each image of the stack a build's `FROM` names.
    fn build_dependencies(&self, build: &Build) -> IndexMap<String, ComposeDependency> {
        build
            .from
            .iter()
            .filter_map(|reference| self.stack.image_named(reference))
            .map(image_dependency)
            .collect()
    }

    fn network(&mut self, network: &Network) -> ComposeNetwork {
        let Network {
            name: _,
            driver,
            internal,
            labels,
            external,
        } = network;
        if *external {
            // An external network is never created, so its driver, labels
            // and `internal` say nothing; compose rejects them beside
            // `external`. Its engine name defaults to its key, as ours.
            return ComposeNetwork {
                driver: None,
                internal: false,
                labels: IndexMap::new(),
                external: true,
            };
        }
        ComposeNetwork {
            driver: driver.as_deref().map(literal),
            internal: *internal,
            labels: self.map(labels),
            external: false,
        }
    }

    fn volume(&mut self, volume: &Volume) -> ComposeVolume {
        let Volume {
            name: _,
            driver,
            labels,
            external,
            owner: _,
            mode: _,
            init_image: _,
        } = volume;
        if *external {
            // As for networks: never created, named exactly by its key.
            return ComposeVolume {
                driver: None,
                labels: IndexMap::new(),
                external: true,
            };
        }
        ComposeVolume {
            driver: driver.as_deref().map(literal),
            labels: self.map(labels),
            external: false,
        }
    }

    fn service(&mut self, service: &Service) -> ComposeService {
        let Service {
            name: _,
            image,
            build,
            command,
            entrypoint,
            environment,
            env_file,
            ports,
            volumes,
            networks,
            depends_on,
            healthcheck,
            restart,
            labels,
            user,
            working_dir,
            hostname,
            container_name,
            flags,
            extra_hosts,
            pull,
            run_once,
            exec,
            exec_policy,
            replicas,
            profiles,
            volumes_from,
        } = service;

        // compose runs `post_start` hooks on every start: it can express
        // `exec_policy = "always"`, not "only when created".
        if !exec.is_empty() && exec_policy.value == stackc_ir::stack::ExecPolicy::Initial {
            let name = &service.name.value;
            self.diags.push(
                Diag::new(
                    "stackc::compose-exec-initial",
                    format!("compose cannot run the `exec` commands of `{name}` only when its container is created"),
                )
                .label(exec[0].span, "run once, after creation")
                .help(format!(
                    "compose's `post_start` hooks run on every start: set `exec_policy = \"always\"` on `{name}` to use compose, or use the bash or argv backend"
                )),
            );
        }
        let post_start = if exec_policy.value == stackc_ir::stack::ExecPolicy::Always {
            exec.iter()
                .map(|command| ComposeHook {
                    command: self.templates(&command.value),
                })
                .collect()
        } else {
            Vec::new()
        };

        let restart = match (restart, run_once) {
            (Some(restart), _) => Some(restart.value.to_string()),
            // A job runs once: compose must not restart it.
            (None, Some(_)) => Some("no".to_owned()),
            (None, None) => None,
        };
        let stack_image = self.stack.stack_image(service);
        let pull_policy = match pull {
            // Built by `images.NAME`: pulling would fetch someone else's image.
            _ if stack_image.is_some() => Some(PullPolicy::Never.as_str()),
            PullPolicy::Missing => None,
            PullPolicy::Always | PullPolicy::Never => Some(pull.as_str()),
        };
        // The user's dependencies, then the image builds and the volume
        // inits this service waits for.
        let mut dependencies: IndexMap<String, ComposeDependency> =
            depends_on.iter().map(dependency).collect();
        dependencies.extend(stack_image.map(image_dependency));
        if let Some(build) = build {
            dependencies.extend(self.build_dependencies(build));
        }
        for mount in volumes {
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
                dependencies.insert(
                    engine_names::volume_init_service(&source.value),
                    ComposeDependency {
                        condition: "service_completed_successfully",
                    },
                );
            }
        }

        ComposeService {
            image: match stack_image {
                Some(stack_image) => Some(literal(&self.stack.image_tag(stack_image))),
                None => image.as_ref().map(|image| self.template(&image.value)),
            },
            build: build.as_ref().map(|build| self.build(build)),
            profiles: profiles.iter().map(|p| literal(&p.value)).collect(),
            command: command.as_ref().map(|items| self.templates(items)),
            entrypoint: entrypoint.as_ref().map(|items| self.templates(items)),
            environment: environment
                .iter()
                .map(|(key, value)| (key.clone(), self.template(&value.value)))
                .collect(),
            env_file: env_file
                .iter()
                .map(|path| self.host_path(&Template::literal(path.value.clone())))
                .collect(),
            ports: ports.iter().map(|port| port_entry(&port.value)).collect(),
            volumes: volumes
                .iter()
                .map(|mount| self.mount(&mount.value))
                .collect(),
            volumes_from: volumes_from.iter().map(|s| literal(&s.value)).collect(),
            networks: networks
                .iter()
                .map(|network| literal(&network.value))
                .collect(),
            depends_on: dependencies,
            healthcheck: healthcheck
                .as_ref()
                .map(|healthcheck| self.healthcheck(&healthcheck.value)),
            restart,
            deploy: (replicas.value != 1).then_some(ComposeDeploy {
                replicas: replicas.value,
            }),
            labels: self.map(labels),
            user: user.as_ref().map(|t| self.template(t)),
            working_dir: working_dir.as_ref().map(|t| self.template(t)),
            hostname: hostname.as_ref().map(|t| self.template(t)),
            container_name: container_name.as_ref().map(|name| literal(&name.value)),
            flags: self.flags(flags),
            extra_hosts: extra_hosts
                .iter()
                // compose splits `host:ip` at the first `:`, so an IPv6
                // address needs no brackets.
                .map(|(host, ip)| literal(&format!("{host}:{ip}")))
                .collect(),
            pull_policy,
            post_start,
            ..ComposeService::default()
        }
    }

    fn build(&mut self, build: &Build) -> ComposeBuild {
        let Build {
            context,
            dockerfile,
            args,
            target,
            span: _,
            from: _,
        } = build;
        ComposeBuild {
            context: self.host_path(&Template::literal(context.value.clone())),
            // Relative to the context, as in stack.toml.
            dockerfile: dockerfile.as_deref().map(literal),
            args: self.map(args),
            target: target.as_deref().map(literal),
        }
    }

    fn mount(&mut self, mount: &Mount) -> ComposeMount {
        match mount {
            Mount::Volume {
                source,
                target,
                read_only,
            } => ComposeMount {
                kind: "volume",
                // The key of `[volumes.NAME]`; compose names it as we do.
                source: source.as_ref().map(|source| literal(&source.value)),
                target: literal(target),
                read_only: *read_only,
                tmpfs: None,
            },
            Mount::Bind {
                source,
                target,
                read_only,
            } => ComposeMount {
                kind: "bind",
                source: Some(self.host_path(source)),
                target: literal(target),
                read_only: *read_only,
                tmpfs: None,
            },
            Mount::Tmpfs { target, size } => ComposeMount {
                kind: "tmpfs",
                source: None,
                target: literal(target),
                read_only: false,
                tmpfs: size.map(|size| ComposeTmpfs { size }),
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
        } = healthcheck;
        let test = match test {
            HealthTest::Exec(items) => std::iter::once("CMD".to_owned())
                .chain(self.templates(items))
                .collect(),
            HealthTest::Shell(cmd) => vec!["CMD-SHELL".to_owned(), self.template(cmd)],
            HealthTest::Disabled => vec!["NONE".to_owned()],
        };
        ComposeHealthcheck {
            test,
            interval: interval.as_ref().map(duration),
            timeout: timeout.as_ref().map(duration),
            retries: *retries,
            start_period: start_period.as_ref().map(duration),
        }
    }

    /// Keys as written (compose does not interpolate keys), values lowered.
    fn map(&mut self, map: &IndexMap<String, Template>) -> IndexMap<String, String> {
        map.iter()
            .map(|(key, value)| (key.clone(), self.template(value)))
            .collect()
    }

    /// The keys of [`stackc_ir::flags::FLAGS`] a service sets; an empty
    /// list is left out.
    fn flags(&mut self, flags: &Flags) -> IndexMap<&'static str, FlagYaml> {
        let mut out = IndexMap::new();
        for set in flags {
            let value = match &set.value {
                FlagValue::On => FlagYaml::Bool(true),
                FlagValue::Value(value) => FlagYaml::Text(self.template(value)),
                FlagValue::List(items) if items.is_empty() => continue,
                FlagValue::List(items) => FlagYaml::List(self.templates(items)),
                FlagValue::Seconds(value) => FlagYaml::Text(duration(value)),
            };
            out.insert(set.flag.key, value);
        }
        out
    }

    fn templates(&mut self, items: &[Template]) -> Vec<String> {
        items.iter().map(|item| self.template(item)).collect()
    }

    /// A template as a compose string: literal `$` doubled, references as
    /// interpolations.
    fn template(&mut self, template: &Template) -> String {
        let mut out = String::new();
        for part in template.parts() {
            match part {
                Part::Lit(text) => out.push_str(&literal(text)),
                Part::Param(name) => out.push_str(&self.param(name)),
            }
        }
        out
    }

    /// The interpolation of a parameter reference.
    fn param(&mut self, name: &str) -> String {
        let Some(param) = self.stack.params.get(name) else {
            // The passes reject unknown parameters; should one slip
            // through, compose still refuses to run without a value.
            return required(name);
        };
        let Param {
            name: key,
            default,
            description: _,
            secret,
            // Compose interpolation cannot check a value against a list.
            choices: _,
        } = param;
        // A secret is never written into an output, not even its default.
        match default.as_deref().filter(|_| !*secret) {
            None => required(name),
            Some(default) if default.contains(['}', '\n', '\r']) => {
                if !self.reported.iter().any(|r| r == name) {
                    self.reported.push(name.to_owned());
                    let what = if default.contains('}') {
                        "`}`"
                    } else {
                        "a line break"
                    };
                    self.diags.push(
                        Diag::new(
                            "stackc::compose-param-default",
                            format!(
                                "the default of parameter `{name}` contains {what}, which compose interpolation cannot express"
                            ),
                        )
                        .label(key.span, "parameter declared here")
                        .help(format!(
                            "remove {what} from the default of `{name}` and give that value at run time (`{name}=…` in the environment or `.env`), or use the bash backend"
                        )),
                    );
                }
                required(name)
            }
            Some(default) => format!("${{{name}:-{}}}", literal(default)),
        }
    }

    /// A host path as compose reads it: relative paths (relative to the
    /// stack file's directory) rebased onto [`Self::project_dir`] and
    /// starting with `.`; absolute ones, and ones starting with a
    /// parameter (documented to be absolute), as written.
    fn host_path(&mut self, path: &Template) -> String {
        let HostPath::Relative { head, rest } = stackc_ir::host::split(path) else {
            return self.template(path);
        };
        let mut out = literal(&stackc_ir::host::join(self.project_dir, head));
        for part in rest {
            match part {
                Part::Lit(text) => out.push_str(&literal(text)),
                Part::Param(name) => out.push_str(&self.param(name)),
            }
        }
        out
    }
}

/// `${NAME:?…}`: compose stops with this message when `NAME` is unset or
/// empty.
fn required(name: &str) -> String {
    format!("${{{name}:?parameter {name} is required}}")
}

/// Literal text as a compose string: every `$` doubled.
fn literal(text: &str) -> String {
    text.replace('$', "$$")
}

fn duration(duration: &Duration) -> String {
    literal(&duration.text)
}

/// A volume's `owner`/`mode` as the one-shot service `volumes.NAME`, which
/// the services mounting the volume wait for. Compose runs it on every
/// `up`; its script changes only an empty volume root, so it acts once,
/// when compose has just created the volume (as the scripts do).
fn volume_init_service(key: &str, init: &stackc_ir::stack::VolumeInit) -> ComposeService {
    ComposeService {
        image: Some(literal(&init.image)),
        entrypoint: Some(vec!["sh".to_owned()]),
        command: Some(
            crate::docker::volume_init_args(init)
                .iter()
                .map(|arg| literal(arg))
                .collect(),
        ),
        volumes: vec![ComposeMount {
            kind: "volume",
            source: Some(literal(key)),
            target: "/v".to_owned(),
            read_only: false,
            tmpfs: None,
        }],
        network_mode: Some("none"),
        restart: Some("no".to_owned()),
        ..ComposeService::default()
    }
}

/// A dependency on the service `images.NAME` that builds `image`.
fn image_dependency(image: &stackc_ir::stack::Image) -> (String, ComposeDependency) {
    (
        engine_names::image_service(&image.name.value),
        ComposeDependency {
            condition: "service_started",
        },
    )
}

fn dependency(dep: &Dependency) -> (String, ComposeDependency) {
    let Dependency { service, condition } = dep;
    let condition = match condition.value {
        Condition::Started => "service_started",
        Condition::Healthy => "service_healthy",
        Condition::Completed => "service_completed_successfully",
    };
    (service.value.clone(), ComposeDependency { condition })
}

fn port_entry(port: &Port) -> ComposePort {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;
    use stackc_ir::ast::{Action, Plan};
    use stackc_ir::stack::{PortRange, Restart, Spanned};

    fn sp<T>(value: T) -> Spanned<T> {
        Spanned::new(value, (0_usize, 0_usize))
    }

    fn t(text: &str) -> Template {
        Template::parse(text).unwrap()
    }

    fn stack(name: &str) -> Stack {
        Stack {
            name: sp(name.to_owned()),
            params: IndexMap::new(),
            networks: IndexMap::new(),
            volumes: IndexMap::new(),
            services: IndexMap::new(),
            outputs: IndexMap::new(),
            images: IndexMap::new(),
            unselected: Vec::new(),
        }
    }

    fn param(name: &str, default: Option<&str>, secret: bool) -> Param {
        Param {
            name: sp(name.to_owned()),
            default: default.map(str::to_owned),
            description: None,
            secret,
            choices: Vec::new(),
        }
    }

    fn service(name: &str) -> Service {
        Service {
            name: sp(name.to_owned()),
            image: Some(sp(t("busybox"))),
            build: None,
            command: None,
            entrypoint: None,
            environment: IndexMap::new(),
            env_file: Vec::new(),
            ports: Vec::new(),
            volumes: Vec::new(),
            networks: Vec::new(),
            depends_on: Vec::new(),
            healthcheck: None,
            restart: None,
            labels: IndexMap::new(),
            user: None,
            working_dir: None,
            hostname: None,
            container_name: None,
            flags: stackc_ir::flags::Flags::default(),
            extra_hosts: Vec::new(),
            pull: PullPolicy::Missing,
            run_once: None,
            exec: Vec::new(),
            exec_policy: Spanned::new(stackc_ir::stack::ExecPolicy::Initial, (0, 0)),
            replicas: sp(1),
            profiles: Vec::new(),
            volumes_from: Vec::new(),
        }
    }

    fn set(service: &mut Service, key: &str, value: FlagValue) {
        let flag = stackc_ir::flags::find(key).unwrap();
        service.flags.set(flag, value, (0, 0).into());
    }

    fn add(stack: &mut Stack, service: Service) {
        stack.services.insert(service.name.value.clone(), service);
    }

    fn dur(text: &str, secs: u128) -> Duration {
        Duration {
            text: text.to_owned(),
            nanos: secs * 1_000_000_000,
        }
    }

    fn render_in(stack: &Stack, project_dir_from_output: &str) -> Result<String, Diagnostics> {
        let plan = Plan {
            stack: stack.name.value.clone(),
            action: Action::Up,
            params: Vec::new(),
            blocks: Vec::new(),
        };
        let layout = Layout {
            source_name: "stack.toml".to_owned(),
            project_dir_from_output: project_dir_from_output.to_owned(),
            ..Layout::default()
        };
        // Compose ignores the analysis; some of these stacks would not pass.
        let analyzed = stackc_ir::analysis::Analyzed {
            graph: stackc_ir::graph::StackGraph::default(),
            order: stack.services.keys().cloned().collect(),
            declaration_order: stack.services.keys().cloned().collect(),
            levels: IndexMap::new(),
            image_order: Vec::new(),
        };
        Compose.render(&Input {
            stack,
            analyzed: &analyzed,
            plan: &plan,
            layout: &layout,
        })
    }

    fn render(stack: &Stack) -> String {
        render_in(stack, ".").unwrap()
    }

    /// The YAML read back, as a JSON value.
    fn read_back(yaml: &str) -> serde_json::Value {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn header_then_name_and_services() {
        let mut s = stack("demo");
        add(&mut s, service("web"));
        assert_eq!(
            render(&s),
            "# Generated by stackc from stack.toml. Do not edit; edit stack.toml and run `stackc compose`.\n\
             name: demo\n\
             services:\n  web:\n    image: busybox\n"
        );
    }

    /// Choices reach the header as one comment line each, whatever they
    /// hold (line breaks escaped visibly); the YAML after it reads back
    /// unchanged.
    #[test]
    fn choices_are_a_comment_line_per_parameter() {
        let mut s = stack("demo");
        let mut level = param("LEVEL", Some("info"), false);
        level.choices = vec!["info".to_owned(), "a\nb\u{2028}c\rname: x".to_owned()];
        s.params.insert("LEVEL".to_owned(), level);
        s.params
            .insert("FREE".to_owned(), param("FREE", Some("x"), false));
        add(&mut s, service("web"));
        let yaml = render(&s);
        let lines: Vec<&str> = yaml.lines().collect();
        assert_eq!(
            lines[1],
            "# LEVEL must be one of: info, a\\nb\\u{2028}c\\rname: x (compose does not check it)."
        );
        assert_eq!(lines[2], "name: demo", "{yaml}");
        assert_eq!(read_back(&yaml)["name"], "demo");
    }

    #[test]
    fn params_become_interpolations_and_dollars_are_doubled() {
        let mut s = stack("demo");
        s.params
            .insert("TAG".into(), param("TAG", Some("1.$0"), false));
        s.params.insert("REQ".into(), param("REQ", None, false));
        s.params.insert("PW".into(), param("PW", None, true));
        let mut web = service("web");
        web.image = Some(sp(t("nginx:${TAG}")));
        web.environment
            .insert("PRICE".into(), sp(t("$$5 for ${REQ}")));
        web.environment.insert("PW".into(), sp(t("${PW}")));
        web.labels.insert("key$".into(), t("v$$"));
        web.command = Some(vec![t("sh"), t("-c"), t("echo $$HOME")]);
        add(&mut s, web);
        let yaml = render(&s);
        assert!(yaml.contains("    image: nginx:${TAG:-1.$$0}\n"), "{yaml}");
        assert!(
            yaml.contains("      PRICE: $$5 for ${REQ:?parameter REQ is required}\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("      PW: ${PW:?parameter PW is required}\n"),
            "{yaml}"
        );
        // Keys are not interpolated by compose: written as they are.
        assert!(yaml.contains("      key$: v$$\n"), "{yaml}");
        assert!(yaml.contains("      - echo $$HOME\n"), "{yaml}");
    }

    #[test]
    fn secret_default_is_never_written() {
        let mut s = stack("demo");
        s.params
            .insert("PW".into(), param("PW", Some("hunter2"), true));
        let mut web = service("web");
        web.environment.insert("PW".into(), sp(t("${PW}")));
        add(&mut s, web);
        let yaml = render(&s);
        assert!(!yaml.contains("hunter2"), "{yaml}");
    }

    #[test]
    fn default_with_closing_brace_is_reported_once() {
        let mut s = stack("demo");
        s.params.insert("X".into(), param("X", Some("a}b"), false));
        let mut web = service("web");
        web.image = Some(sp(t("img:${X}")));
        web.environment.insert("X".into(), sp(t("${X}")));
        add(&mut s, web);
        let diags = render_in(&s, ".").unwrap_err();
        assert_eq!(diags.len(), 1);
        let diag = diags.iter().next().unwrap();
        assert_eq!(diag.code, "stackc::compose-param-default");
        assert!(diag.message.contains("`X`"), "{}", diag.message);
    }

    #[test]
    fn yaml_ambiguous_strings_are_quoted_and_round_trip() {
        let values = [
            "yes",
            "no",
            "on",
            "Off",
            "y",
            "0123",
            "~",
            "1e3",
            "null",
            "Null",
            "",
            "true",
            "12:30",
            "0x1F",
            "1_000",
            ".inf",
            "- a",
            "#x",
            "x: y",
            "a #b",
            "@a",
            "*a",
            "&a",
            "!t",
            "%x",
            "a\nb",
            "a\nb\n",
            "a\nb\n\n",
            "\nlead",
            " lead",
            "trail ",
            "  multi\n line",
            "tab\tin",
            "cr\r\nlf",
            "'single'",
            "\"double\"",
            "[x]",
            "{x}",
            "::1",
            "é",
        ];
        let mut s = stack("demo");
        let mut web = service("web");
        for (i, value) in values.iter().enumerate() {
            web.environment
                .insert(format!("V{i}"), sp(Template::literal(*value)));
        }
        add(&mut s, web);
        let yaml = render(&s);
        for needle in [
            "V0: \"yes\"\n",
            "V5: \"0123\"\n",
            "V6: \"~\"\n",
            "V7: \"1e3\"\n",
            "V8: \"null\"\n",
            "V10: \"\"\n",
            "V25: \"a\\nb\"\n",
            "V29: \" lead\"\n",
        ] {
            assert!(yaml.contains(needle), "missing {needle:?} in\n{yaml}");
        }
        let back = read_back(&yaml);
        let env = &back["services"]["web"]["environment"];
        for (i, value) in values.iter().enumerate() {
            assert_eq!(
                env[format!("V{i}")],
                serde_json::Value::String((*value).to_owned()),
                "V{i} in\n{yaml}"
            );
        }
    }

    #[test]
    fn host_paths_in_binds_build_and_env_files() {
        let mut s = stack("demo");
        s.params
            .insert("DIR".into(), param("DIR", Some("/srv"), false));
        let mut web = service("web");
        web.build = Some(Build {
            context: sp(".".to_owned()),
            dockerfile: Some("docker/Dockerfile".to_owned()),
            args: IndexMap::new(),
            target: None,
            span: (0_usize, 0_usize).into(),
            from: Vec::new(),
        });
        web.env_file = vec![sp("app.env".to_owned()), sp("/etc/app.env".to_owned())];
        web.volumes = vec![
            sp(Mount::Bind {
                source: t("./data"),
                target: "/data".into(),
                read_only: true,
            }),
            sp(Mount::Bind {
                source: t("/abs/$$x"),
                target: "/abs".into(),
                read_only: false,
            }),
            sp(Mount::Bind {
                source: t("${DIR}/x"),
                target: "/p".into(),
                read_only: false,
            }),
            sp(Mount::Bind {
                source: t("cache/${DIR}"),
                target: "/c".into(),
                read_only: false,
            }),
        ];
        add(&mut s, web);
        let back = read_back(&render_in(&s, "..").unwrap());
        let web = &back["services"]["web"];
        assert_eq!(web["build"]["context"], "..");
        assert_eq!(web["build"]["dockerfile"], "docker/Dockerfile");
        assert_eq!(
            web["env_file"],
            serde_json::json!(["../app.env", "/etc/app.env"])
        );
        let sources: Vec<_> = web["volumes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["source"].as_str().unwrap())
            .collect();
        assert_eq!(
            sources,
            [
                "../data",
                "/abs/$$x",
                "${DIR:-/srv}/x",
                "../cache/${DIR:-/srv}"
            ]
        );
        assert_eq!(web["volumes"][0]["read_only"], true);
        assert!(web["volumes"][1].get("read_only").is_none());
    }

    #[test]
    fn ports_use_long_syntax_and_short_for_target_ranges() {
        let port = |host_ip: Option<&str>,
                    published: Option<(u16, u16)>,
                    target: (u16, u16),
                    protocol| Port {
            host_ip: host_ip.map(str::to_owned),
            published: published.map(|(start, end)| PortRange { start, end }),
            target: PortRange {
                start: target.0,
                end: target.1,
            },
            protocol,
        };
        let mut s = stack("demo");
        let mut web = service("web");
        web.ports = vec![
            sp(port(
                Some("::1"),
                Some((8080, 8081)),
                (80, 80),
                Protocol::Tcp,
            )),
            sp(port(None, None, (53, 53), Protocol::Udp)),
            sp(port(
                Some("::1"),
                Some((9000, 9001)),
                (9000, 9001),
                Protocol::Udp,
            )),
            sp(port(Some("127.0.0.1"), None, (7000, 7001), Protocol::Tcp)),
            sp(port(None, Some((6000, 6001)), (6000, 6001), Protocol::Sctp)),
        ];
        add(&mut s, web);
        let back = read_back(&render(&s));
        assert_eq!(
            back["services"]["web"]["ports"],
            serde_json::json!([
                {"target": 80, "published": "8080-8081", "host_ip": "::1", "protocol": "tcp"},
                {"target": 53, "protocol": "udp"},
                "[::1]:9000-9001:9000-9001/udp",
                "127.0.0.1::7000-7001",
                "6000-6001:6000-6001/sctp",
            ])
        );
    }

    #[test]
    fn jobs_replicas_and_defaults() {
        let mut s = stack("demo");
        let mut job = service("migrate");
        job.run_once = Some((0_usize, 0_usize).into());
        add(&mut s, job);
        let mut web = service("web");
        web.replicas = sp(3);
        web.restart = Some(sp(Restart::OnFailure(Some(3))));
        web.depends_on = vec![Dependency {
            service: sp("migrate".to_owned()),
            condition: sp(Condition::Completed),
        }];
        web.pull = PullPolicy::Always;
        add(&mut s, web);
        let back = read_back(&render(&s));
        let services = &back["services"];
        assert_eq!(services["migrate"]["restart"], "no");
        assert!(services["migrate"].get("deploy").is_none());
        assert!(services["migrate"].get("pull_policy").is_none());
        assert_eq!(services["web"]["restart"], "on-failure:3");
        assert_eq!(services["web"]["deploy"]["replicas"], 3);
        assert_eq!(services["web"]["pull_policy"], "always");
        assert_eq!(
            services["web"]["depends_on"]["migrate"]["condition"],
            "service_completed_successfully"
        );
    }

    #[test]
    fn empty_entrypoint_is_kept_to_clear_the_image_one() {
        let mut s = stack("demo");
        let mut web = service("web");
        web.entrypoint = Some(Vec::new());
        add(&mut s, web);
        assert!(render(&s).contains("    entrypoint: []\n"));
    }

    #[test]
    fn bare_networks_and_volumes_are_empty_maps() {
        let mut s = stack("demo");
        s.networks.insert(
            "back".into(),
            Network {
                name: sp("back".into()),
                driver: None,
                internal: false,
                labels: IndexMap::new(),
                external: false,
            },
        );
        s.volumes.insert(
            "data".into(),
            Volume {
                name: sp("data".into()),
                driver: None,
                labels: IndexMap::new(),
                external: false,
                owner: None,
                mode: None,
                init_image: None,
            },
        );
        let mut web = service("web");
        web.networks = vec![sp("back".into())];
        add(&mut s, web);
        let yaml = render(&s);
        assert!(
            yaml.ends_with("networks:\n  back: {}\nvolumes:\n  data: {}\n"),
            "{yaml}"
        );
    }

    /// The strings of `fixtures/valid/quoting.toml`.
    #[test]
    fn quoting_fixture_strings() {
        let mut s = stack("quoting");
        s.params.insert(
            "GREETING".into(),
            param("GREETING", Some("it's $HOME `whoami` \"quoted\""), false),
        );
        let mut tricky = service("tricky");
        tricky.command = Some(
            [
                "sh",
                "-c",
                "echo \"$$HOME\" '$$(id)' `date` && exit 0",
                "",
                "--",
                "-n",
                "~",
                "!x",
                "*",
                "{a,b}",
                "ünïcødé ✓",
                "line1\nline2\ttab",
                "${GREETING}",
            ]
            .map(t)
            .to_vec(),
        );
        tricky.working_dir = Some(t("/srv/my dir"));
        tricky.user = Some(t("0"));
        for (key, value) in [
            ("SPACES", "  padded  "),
            ("DOLLAR", "$$5"),
            ("QUOTE", "'\""),
            ("MULTI", "a\nb"),
            ("GREETING", "${GREETING}!"),
        ] {
            tricky.environment.insert(key.into(), sp(t(value)));
        }
        tricky.volumes = vec![sp(Mount::Bind {
            source: t("./dir, with \"commas\""),
            target: "/mnt/odd".into(),
            read_only: false,
        })];
        add(&mut s, tricky);
        let yaml = render(&s);
        let back = read_back(&yaml);
        let tricky = &back["services"]["tricky"];
        assert_eq!(
            tricky["command"],
            serde_json::json!([
                "sh",
                "-c",
                "echo \"$$HOME\" '$$(id)' `date` && exit 0",
                "",
                "--",
                "-n",
                "~",
                "!x",
                "*",
                "{a,b}",
                "ünïcødé ✓",
                "line1\nline2\ttab",
                "${GREETING:-it's $$HOME `whoami` \"quoted\"}",
            ])
        );
        assert_eq!(tricky["user"], "0");
        assert_eq!(tricky["environment"]["SPACES"], "  padded  ");
        assert_eq!(tricky["environment"]["DOLLAR"], "$$5");
        assert_eq!(tricky["environment"]["MULTI"], "a\nb");
        assert_eq!(tricky["volumes"][0]["source"], "./dir, with \"commas\"");
    }

    #[test]
    fn output_is_deterministic_and_in_declaration_order() {
        let mut s = stack("demo");
        for name in ["zeta", "alpha", "mid"] {
            let mut svc = service(name);
            for key in ["Z", "A", "M"] {
                svc.environment.insert(key.into(), sp(t("v")));
            }
            add(&mut s, svc);
        }
        let first = render(&s);
        assert_eq!(first, render(&s.clone()));
        let zeta = first.find("  zeta:").unwrap();
        let alpha = first.find("  alpha:").unwrap();
        let mid = first.find("  mid:").unwrap();
        assert!(zeta < alpha && alpha < mid, "{first}");
        let z = first.find("Z: v").unwrap();
        let a = first.find("A: v").unwrap();
        assert!(z < a, "{first}");
    }

    /// A stack that uses every field.
    fn rich_stack_input() -> Stack {
        let mut s = stack("shop");
        s.params
            .insert("TAG".into(), param("TAG", Some("1.27"), false));
        s.params
            .insert("DB_PASSWORD".into(), param("DB_PASSWORD", None, true));
        s.params
            .insert("PORT".into(), param("PORT", Some("8080"), false));
        s.networks.insert(
            "default".into(),
            Network {
                name: sp("default".into()),
                driver: Some("bridge".into()),
                internal: false,
                labels: IndexMap::new(),
                external: false,
            },
        );
        s.networks.insert(
            "backend".into(),
            Network {
                name: sp("backend".into()),
                driver: None,
                internal: true,
                labels: IndexMap::from([("tier".to_owned(), t("back"))]),
                external: false,
            },
        );
        s.networks.insert(
            "proxy".into(),
            Network {
                name: sp("proxy".into()),
                driver: None,
                internal: false,
                labels: IndexMap::new(),
                external: true,
            },
        );
        s.volumes.insert(
            "pgdata".into(),
            Volume {
                name: sp("pgdata".into()),
                driver: Some("local".into()),
                labels: IndexMap::from([("backup".to_owned(), t("yes"))]),
                external: false,
                owner: None,
                mode: None,
                init_image: None,
            },
        );
        s.volumes.insert(
            "certs".into(),
            Volume {
                name: sp("certs".into()),
                driver: None,
                labels: IndexMap::new(),
                external: true,
                owner: None,
                mode: None,
                init_image: None,
            },
        );

        let mut db = service("db");
        db.image = Some(sp(t("postgres:16")));
        db.environment
            .insert("POSTGRES_PASSWORD".into(), sp(t("${DB_PASSWORD}")));
        db.environment
            .insert("PGDATA".into(), sp(t("/var/lib/postgresql/data/pg")));
        db.volumes = vec![sp(Mount::Volume {
            source: Some(sp("pgdata".into())),
            target: "/var/lib/postgresql/data".into(),
            read_only: false,
        })];
        db.networks = vec![sp("backend".into())];
        db.healthcheck = Some(sp(Healthcheck {
            test: HealthTest::Exec(vec![t("pg_isready"), t("-U"), t("postgres")]),
            interval: Some(dur("5s", 5)),
            timeout: Some(dur("3s", 3)),
            retries: Some(10),
            start_period: Some(dur("1m30s", 90)),
        }));
        db.restart = Some(sp(Restart::UnlessStopped));
        set(&mut db, "stop_signal", FlagValue::Value(t("SIGINT")));
        set(
            &mut db,
            "stop_grace_period",
            FlagValue::Seconds(dur("1m", 60)),
        );
        add(&mut s, db);

        let mut migrate = service("migrate");
        migrate.image = None;
        migrate.build = Some(Build {
            context: sp("./app".into()),
            dockerfile: Some("Dockerfile.migrate".into()),
            args: IndexMap::from([("VERSION".to_owned(), t("${TAG}"))]),
            target: Some("migrate".into()),
            span: (0_usize, 0_usize).into(),
            from: Vec::new(),
        });
        migrate.command = Some(vec![t("migrate"), t("--yes")]);
        migrate.environment.insert(
            "DATABASE_URL".into(),
            sp(t("postgres://postgres:${DB_PASSWORD}@db/shop")),
        );
        migrate.networks = vec![sp("backend".into())];
        migrate.depends_on = vec![Dependency {
            service: sp("db".into()),
            condition: sp(Condition::Healthy),
        }];
        migrate.run_once = Some((0_usize, 0_usize).into());
        add(&mut s, migrate);

        let mut web = service("web");
        web.image = Some(sp(t("registry.example/shop:${TAG}")));
        web.build = Some(Build {
            context: sp(".".into()),
            dockerfile: None,
            args: IndexMap::new(),
            target: None,
            span: (0_usize, 0_usize).into(),
            from: Vec::new(),
        });
        web.entrypoint = Some(vec![t("/entry.sh"), t("--")]);
        web.command = Some(vec![t("serve"), t("--price=$$5"), t("on"), t("0123")]);
        web.environment.insert("MODE".into(), sp(t("yes")));
        web.environment.insert("EMPTY".into(), sp(t("")));
        web.environment
            .insert("SCRIPT".into(), sp(t("line one\nline two\n")));
        web.env_file = vec![sp("web.env".into())];
        web.ports = vec![
            sp(Port {
                host_ip: Some("127.0.0.1".into()),
                published: Some(PortRange {
                    start: 8080,
                    end: 8080,
                }),
                target: PortRange { start: 80, end: 80 },
                protocol: Protocol::Tcp,
            }),
            sp(Port {
                host_ip: Some("::1".into()),
                published: Some(PortRange {
                    start: 8443,
                    end: 8443,
                }),
                target: PortRange {
                    start: 443,
                    end: 443,
                },
                protocol: Protocol::Tcp,
            }),
            sp(Port {
                host_ip: Some("::1".into()),
                published: None,
                target: PortRange {
                    start: 9000,
                    end: 9001,
                },
                protocol: Protocol::Udp,
            }),
        ];
        web.volumes = vec![
            sp(Mount::Bind {
                source: t("./static"),
                target: "/srv/static".into(),
                read_only: true,
            }),
            sp(Mount::Volume {
                source: Some(sp("certs".into())),
                target: "/certs".into(),
                read_only: true,
            }),
            sp(Mount::Volume {
                source: None,
                target: "/cache".into(),
                read_only: false,
            }),
            sp(Mount::Tmpfs {
                target: "/tmp".into(),
                size: Some(67_108_864),
            }),
        ];
        web.networks = vec![
            sp("default".into()),
            sp("backend".into()),
            sp("proxy".into()),
        ];
        web.depends_on = vec![
            Dependency {
                service: sp("db".into()),
                condition: sp(Condition::Healthy),
            },
            Dependency {
                service: sp("migrate".into()),
                condition: sp(Condition::Completed),
            },
        ];
        web.healthcheck = Some(sp(Healthcheck {
            test: HealthTest::Shell(t("curl -fsS http://localhost/health || exit 1")),
            interval: Some(dur("10s", 10)),
            timeout: None,
            retries: None,
            start_period: None,
        }));
        web.restart = Some(sp(Restart::OnFailure(Some(3))));
        web.labels.insert("traefik.enable".into(), t("true"));
        web.labels.insert("traefik.port".into(), t("${PORT}"));
        web.user = Some(t("1000:1000"));
        web.working_dir = Some(t("/srv"));
        web.hostname = Some(t("shop-web"));
        set(&mut web, "read_only", FlagValue::On);
        set(&mut web, "init", FlagValue::On);
        set(
            &mut web,
            "cap_add",
            FlagValue::List(vec![t("NET_BIND_SERVICE")]),
        );
        set(&mut web, "cap_drop", FlagValue::List(vec![t("ALL")]));
        web.extra_hosts = vec![
            ("db.local".into(), "10.0.0.2".into()),
            ("v6.local".into(), "::1".into()),
        ];
        web.pull = PullPolicy::Never;
        web.replicas = sp(2);
        add(&mut s, web);

        let mut cron = service("cron");
        cron.container_name = Some(sp("shop-cron".into()));
        cron.entrypoint = Some(Vec::new());
        cron.command = Some(vec![t("crond"), t("-f")]);
        cron.healthcheck = Some(sp(Healthcheck {
            test: HealthTest::Disabled,
            interval: None,
            timeout: None,
            retries: None,
            start_period: None,
        }));
        cron.depends_on = vec![Dependency {
            service: sp("web".into()),
            condition: sp(Condition::Started),
        }];
        add(&mut s, cron);
        s
    }

    /// Every field, with the compose file written to a subdirectory of the
    /// stack's. Checked with `docker-compose config` and the compose-spec
    /// JSON schema.
    #[test]
    fn rich_stack() {
        assert_eq!(render_in(&rich_stack_input(), "..").unwrap(), RICH);
    }

    const RICH: &str = r#"# Generated by stackc from stack.toml. Do not edit; edit stack.toml and run `stackc compose`.
name: shop
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${DB_PASSWORD:?parameter DB_PASSWORD is required}
      PGDATA: /var/lib/postgresql/data/pg
    volumes:
      - type: volume
        source: pgdata
        target: /var/lib/postgresql/data
    networks:
      - backend
    healthcheck:
      test:
        - CMD
        - pg_isready
        - -U
        - postgres
      interval: 5s
      timeout: 3s
      retries: 10
      start_period: 1m30s
    restart: unless-stopped
    stop_signal: SIGINT
    stop_grace_period: 1m
  migrate:
    build:
      context: ../app
      dockerfile: Dockerfile.migrate
      args:
        VERSION: ${TAG:-1.27}
      target: migrate
    command:
      - migrate
      - --yes
    environment:
      DATABASE_URL: postgres://postgres:${DB_PASSWORD:?parameter DB_PASSWORD is required}@db/shop
    networks:
      - backend
    depends_on:
      db:
        condition: service_healthy
    restart: "no"
  web:
    image: registry.example/shop:${TAG:-1.27}
    build:
      context: ".."
    command:
      - serve
      - --price=$$5
      - "on"
      - "0123"
    entrypoint:
      - /entry.sh
      - --
    environment:
      MODE: "yes"
      EMPTY: ""
      SCRIPT: "line one\nline two\n"
    env_file:
      - ../web.env
    ports:
      - target: 80
        published: "8080"
        host_ip: "127.0.0.1"
        protocol: tcp
      - target: 443
        published: "8443"
        host_ip: "::1"
        protocol: tcp
      - "[::1]::9000-9001/udp"
    volumes:
      - type: bind
        source: ../static
        target: /srv/static
        read_only: true
      - type: volume
        source: certs
        target: /certs
        read_only: true
      - type: volume
        target: /cache
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 67108864
    networks:
      - default
      - backend
      - proxy
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
    healthcheck:
      test:
        - CMD-SHELL
        - curl -fsS http://localhost/health || exit 1
      interval: 10s
    restart: on-failure:3
    deploy:
      replicas: 2
    labels:
      traefik.enable: "true"
      traefik.port: ${PORT:-8080}
    user: 1000:1000
    working_dir: /srv
    hostname: shop-web
    read_only: true
    init: true
    cap_add:
      - NET_BIND_SERVICE
    cap_drop:
      - ALL
    extra_hosts:
      - db.local:10.0.0.2
      - v6.local:::1
    pull_policy: never
  cron:
    image: busybox
    container_name: shop-cron
    command:
      - crond
      - -f
    entrypoint: []
    depends_on:
      web:
        condition: service_started
    healthcheck:
      test:
        - NONE
networks:
  default:
    driver: bridge
  backend:
    internal: true
    labels:
      tier: back
  proxy:
    external: true
volumes:
  pgdata:
    driver: local
    labels:
      backup: "yes"
  certs:
    external: true
"#;
}
