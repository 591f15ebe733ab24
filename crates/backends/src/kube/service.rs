//! A service as a workload: a Job when it runs once, else a Deployment
//! (with a headless Service when it publishes ports or others depend on
//! it). Each key without a Kubernetes counterpart is refused by name.

use indexmap::IndexMap;
use stackc_ir::stack::{Build, HealthTest, Port, PullPolicy, Restart, Service, Spanned};
use stackc_ir::stack::{Update, UpdateOrder};

use super::metadata::MANAGED_BY_LABEL;
use super::names::WAIT_ACCOUNT;
use super::objects::{
    Container, DeploymentSpec, HostAlias, JobSpec, LabelSelector, Metadata, Object, PodMetadata,
    PodSpec, PodTemplate, RollingUpdate, ServicePort, ServiceSpec, Spec, Strategy,
};
use super::security::FlagFields;
use super::volumes::Storage;
use super::{Lower, names};
use crate::diagnostics::{self, at};

impl Lower<'_> {
    /// The objects of `service`; `waits`: whether it waits for a
    /// dependency (then its pod runs as the wait account).
    pub(super) fn service(&mut self, service: &Service, waits: bool) -> Vec<Object> {
        let Service {
            name,
            image,
            build: _,
            command,
            entrypoint,
            environment,
            pass_env: _,
            logging: _,
            gpus: _,
            blkio: _,
            env_file: _,
            label_file: _,
            ports,
            port_templates,
            volumes,
            networks: _,
            attachments: _,
            depends_on,
            healthcheck,
            restart: _,
            restart_template: _,
            labels,
            user,
            working_dir,
            hostname,
            container_name: _,
            flags: _,
            extra_hosts: _, // read by `resolved_hosts`
            extra_hosts_span: _,
            pull,
            run_once,
            exec: _,
            pre_stop: _,
            exec_policy: _,
            replicas,
            profiles: _, // selected before lowering (`--profile`)
            volumes_from: _,
            links: _,
            external_links: _,
            attach: _, // what an attached `docker compose up` shows
            secrets,
            configs,
            network_mode: _,
            update,
        } = service;
        // The keys bound to `_` above are refused by `refuse` or need nothing.
        let (key, what) = (&name.value, format!("service `{}`", name.value));
        let (spread, fields) = self.refuse(service, &what);

        let image = self.resolve_or_empty(image.as_ref());
        let (container_ports, service_ports) =
            self.published(ports, &spread, port_templates, (replicas.value, &what));
        let Storage {
            mounts: volume_mounts,
            volumes: pod_volumes,
            uses_claim,
        } = self.storage(key, volumes, (secrets, configs), &what);
        let (readiness_probe, liveness_probe) = self.probes_of(healthcheck.as_ref(), key);
        let security_context = self.security_context(user.as_ref(), &fields, &what, name);

        let container = Container {
            name: key.clone(),
            image,
            image_pull_policy: pull_policy(*pull),
            // An empty list keeps the image's.
            command: self.words(entrypoint.as_ref()),
            args: self.words(command.as_ref()),
            working_dir: working_dir.as_ref().map(|t| self.resolve(t)),
            env: self.environment(environment),
            ports: container_ports,
            volume_mounts,
            readiness_probe,
            liveness_probe,
            resources: fields.resources(),
            security_context,
            stdin: fields.stdin,
            tty: fields.tty,
        };
        let pod = PodSpec {
            service_account_name: waits.then_some(WAIT_ACCOUNT),
            restart_policy: run_once.as_ref().map_or("Always", |_| "Never"),
            hostname: hostname.as_ref().map(|t| self.hostname(t, &what, name)),
            share_process_namespace: fields.share_process_namespace.then_some(true),
            termination_grace_period_seconds: fields.termination_grace_period,
            host_aliases: host_aliases(&self.resolved_hosts(service, &what)),
            init_containers: depends_on.iter().filter_map(|dep| self.wait(dep)).collect(),
            containers: vec![container],
            volumes: pod_volumes,
        };
        let (metadata, template) = self.pod_template(key, pod, labels, &what, name);

        if run_once.is_some() {
            self.refuse_idle_job(replicas, &what);
            return vec![job(metadata, template)];
        }
        let rollout = self.rollout(&what, update.as_deref(), uses_claim);
        self.deployment(
            key,
            replicas.value,
            metadata,
            template,
            service_ports,
            rollout,
        )
    }

    /// The Deployment's strategy and `minReadySeconds`: `Recreate` when the
    /// pods use a claim (a ReadWriteOnce claim cannot follow a rolling
    /// update to another node: the old pod stops first), where `update` is
    /// refused; else `update` as a `RollingUpdate`.
    fn rollout(
        &mut self,
        what: &str,
        update: Option<&Update>,
        uses_claim: bool,
    ) -> (Option<Strategy>, Option<u128>) {
        if uses_claim {
            if let Some(update) = update {
                self.unsupported(
                    what,
                    "update",
                    Spanned::new("replaces pods one by one".to_owned(), update.span),
                    "its pods mount a ReadWriteOnce claim, which a new pod cannot mount while the old one runs on another node: the Deployment recreates them (remove `update`)",
                );
            }
            return (
                Some(Strategy {
                    kind: "Recreate",
                    rolling_update: None,
                }),
                None,
            );
        }
        let Some(update) = update else {
            return (None, None);
        };
        let parallelism = update.parallelism.as_ref().map_or(1, |p| p.value);
        let start_first = update
            .order
            .as_ref()
            .is_some_and(|o| o.value == UpdateOrder::StartFirst);
        let (max_surge, max_unavailable) = if start_first {
            (parallelism, 0)
        } else {
            (0, parallelism)
        };
        let strategy = Strategy {
            kind: "RollingUpdate",
            rolling_update: Some(RollingUpdate {
                max_surge,
                max_unavailable,
            }),
        };
        let delay = update
            .delay
            .as_ref()
            .map(|d| d.value.seconds_ceil())
            .filter(|&s| s > 0);
        (Some(strategy), delay)
    }

    /// The workload's metadata and pod template: the selector labels, and
    /// the stack's labels as annotations, on both.
    fn pod_template(
        &mut self,
        key: &str,
        pod: PodSpec,
        labels: &IndexMap<String, stackc_ir::Template>,
        what: &str,
        name: &Spanned<String>,
    ) -> (Metadata, PodTemplate) {
        let annotations = self.annotations(labels, what, name);
        let mut pod_labels = self.selector_labels(key);
        pod_labels.insert(MANAGED_BY_LABEL.to_owned(), "stackc".to_owned());
        let template = PodTemplate {
            metadata: PodMetadata {
                labels: pod_labels.clone(),
                annotations: annotations.clone(),
            },
            spec: pod,
        };
        let metadata = Metadata {
            name: key.to_owned(),
            labels: pod_labels,
            annotations,
        };
        (metadata, template)
    }

    /// A list of words, resolved; none for an empty list.
    fn words(&mut self, items: Option<&Vec<stackc_ir::Template>>) -> Option<Vec<String>> {
        items
            .filter(|items| !items.is_empty())
            .map(|items| self.expanded_list(items))
    }

    /// A hostname in Kubernetes is one DNS label.
    fn hostname(
        &mut self,
        template: &stackc_ir::Template,
        what: &str,
        name: &Spanned<String>,
    ) -> String {
        let value = self.resolve(template);
        if !names::is_dns_label(&value) {
            self.diags
                .push(diagnostics::kube_hostname(what, &value, name));
        }
        value
    }

    /// A long-running service: its Deployment, after a headless Service when
    /// it publishes ports or others depend on it.
    fn deployment(
        &self,
        key: &str,
        replicas: u32,
        metadata: Metadata,
        template: PodTemplate,
        service_ports: Vec<ServicePort>,
        (strategy, min_ready_seconds): (Option<Strategy>, Option<u128>),
    ) -> Vec<Object> {
        let mut out = Vec::new();
        let depended_on = self.depended_on.contains(key);
        if !service_ports.is_empty() || depended_on {
            out.push(self.headless_service(key, &metadata, service_ports));
        }
        if !self.balanced.is_empty() {
            out.push(self.balancer(key, &metadata));
        }
        let mut deployment = Object::new("apps/v1", "Deployment", metadata);
        deployment.spec = Some(Spec::Deployment(DeploymentSpec {
            replicas,
            selector: LabelSelector {
                match_labels: self.selector_labels(key),
                match_expressions: Vec::new(),
            },
            strategy,
            min_ready_seconds,
            template,
        }));
        out.push(deployment);
        out
    }

    /// A job of 0 replicas: declared, never run, which a Job cannot say.
    fn refuse_idle_job(&mut self, replicas: &Spanned<u32>, what: &str) {
        if replicas.value == 0 {
            self.unsupported(
                what,
                "replicas",
                at(replicas, "a job that does not run"),
                "a Job always runs: leave the service out of the manifests (a profile that `stackc kube` is not given)",
            );
        }
    }

    /// Refuses what only a docker host gives: variables passed through from
    /// its environment, the image's own healthcheck, a logging driver.
    fn refuse_host_side(&mut self, service: &Service, what: &str) {
        if let Some(first) = service.pass_env.first() {
            self.unsupported(
                what,
                "environment",
                at(first, "passed through from the environment"),
                "a pod cannot read the environment of whoever applies the manifests: give the variable a value, e.g. `NAME=${NAME}` with `[params.NAME]`, which `stackc kube --set` fixes",
            );
        }
        if let Some(healthcheck) = service
            .healthcheck
            .as_ref()
            .filter(|h| h.value.test == HealthTest::Image)
        {
            self.unsupported(
                what,
                "healthcheck",
                at(healthcheck, "the image's own test"),
                "Kubernetes does not run an image's HEALTHCHECK: write its `test`, which becomes the pod's readiness and liveness probes",
            );
        }
        if let Some(healthcheck) = service
            .healthcheck
            .as_ref()
            .filter(|h| h.value.start_interval.is_some())
        {
            self.unsupported(
                what,
                "healthcheck.start_interval",
                at(healthcheck, "checks more often while starting"),
                "a probe has one period: remove `start_interval` (the liveness probe already waits for `start_period`), or give the pod a `startupProbe` by hand",
            );
        }
        if let Some((network, attach)) = service.attachments.first() {
            self.unsupported(
                what,
                "networks",
                at(attach, format!("options on network `{network}`")),
                "a pod has one address on the cluster's network: remove `aliases`, `ipv4_address`, `ipv6_address` and `priority` (a Service gives the pod its DNS name)",
            );
        }
        if let Some(mode) = &service.network_mode {
            self.unsupported(
                what,
                "network_mode",
                at(mode, "another network stack"),
                "a pod's containers share one network stack and pods never share the node's here: remove `network_mode`, or run the two services as one pod outside stackc",
            );
        }
        if let Some(logging) = &service.logging {
            self.unsupported(
                what,
                "logging",
                at(logging, "where docker sends its output"),
                "a cluster's nodes collect what containers write to stdout and stderr: remove `logging` and configure log collection on the cluster",
            );
        }
        if let Some(gpus) = &service.gpus {
            self.unsupported(
                what,
                "gpus",
                at(gpus, "docker's --gpus"),
                "a cluster gives GPUs through its device plugin: request them as a resource limit of the container (`nvidia.com/gpu: 1`)",
            );
        }
        if let Some(blkio) = &service.blkio {
            self.unsupported(
                what,
                "blkio_config",
                at(blkio, "docker's block IO weight and limits"),
                "a pod has no block IO weight or limit: remove `blkio_config` (a node's IO is the cluster's to share)",
            );
        }
    }

    /// Refuses each key of `service` that has no Kubernetes counterpart,
    /// in the order of the report; returns the ports left out (a host port
    /// per replica), and the fields the keys of the flags table set.
    /// The value of an optional template (`image`); empty when not set.
    fn resolve_or_empty(&mut self, template: Option<&Spanned<stackc_ir::Template>>) -> String {
        template.map_or_else(String::new, |t| self.resolve(&t.value))
    }

    /// The keys that name other containers: docker's alone.
    fn refuse_docker_only(&mut self, service: &Service, what: &str) {
        self.refuse_set(
            what,
            [
                (
                    "volumes_from",
                    service.volumes_from.first().map(|f| at(f, "another container's mounts")),
                    "pods do not share mounts across workloads: mount the same volume in both services instead",
                ),
                (
                    "external_links",
                    service.external_links.first().map(|f| at(f, "a docker link to a container outside the stack")),
                    "pods reach what runs outside the cluster through a Service (an `ExternalName` one for a DNS name): remove `external_links`",
                ),
                (
                    "links",
                    service.links.first().map(|f| at(&f.service, "a docker link")),
                    "pods reach a workload through its Service, by the Service's name: remove `links` and use the service's name instead of an alias",
                ),
            ],
        );
    }

    /// The files docker reads when it creates the container.
    fn refuse_files(&mut self, service: &Service, what: &str) {
        self.refuse_set(
            what,
            [
                (
                    "env_file",
                    service
                        .env_file
                        .first()
                        .map(|f| at(f, "read by docker at run time")),
                    "move the variables into `environment` (secrets through a secret parameter)",
                ),
                (
                    "label_file",
                    service
                        .label_file
                        .first()
                        .map(|f| at(f, "read by docker at run time")),
                    "move the labels into `labels`",
                ),
            ],
        );
    }

    /// Refuses each key of `keys` that is set (where: its first item),
    /// with its help.
    fn refuse_set<const N: usize>(
        &mut self,
        what: &str,
        keys: [(&str, Option<diagnostics::At>, &str); N],
    ) {
        for (key, place, help) in keys {
            if let Some(place) = place {
                self.unsupported(what, key, place, help);
            }
        }
    }

    fn refuse<'s>(
        &mut self,
        service: &'s Service,
        what: &str,
    ) -> (Vec<&'s Spanned<Port>>, FlagFields) {
        let name = &service.name;
        let here = || at(name, "in this service");
        self.refuse_host_side(service, what);
        self.refuse_docker_only(service, what);
        // One host port per replica: the pods of a Deployment share one
        // template, so they cannot get different host ports.
        // A fixed host port is published by a `LoadBalancer` Service.
        let spread: Vec<&Spanned<Port>> = service
            .ports
            .iter()
            .filter(|port| {
                service.replicas.value > 1 && port.value.published.is_some_and(|p| p.start != p.end)
            })
            .collect();
        for port in &spread {
            self.unsupported(
                what,
                "ports",
                at(port, "a host port per replica"),
                "the pods of a Deployment share one template: publish one host port, which a `LoadBalancer` Service spreads over them",
            );
        }
        if !names::is_dns_label(&name.value) {
            self.diags
                .push(diagnostics::kube_object_name(what, name, "Service"));
        }
        if let Some(build) = service.build.as_deref() {
            let Build {
                context: _,
                dockerfile: _,
                args: _,
                target: _,
                span,
                from: _,
                options: _,
            } = build;
            self.unsupported(
                what,
                "build",
                Spanned::new("built by the docker engine".to_owned(), *span),
                "a cluster pulls images: build and push the image, set `image` to its reference and remove `build`",
            );
        }
        if let Some(container_name) = &service.container_name {
            self.unsupported(
                what,
                "container_name",
                at(container_name, "a docker container name"),
                "Kubernetes names pods itself; remove `container_name` (the service is reached by its name)",
            );
        }
        self.refuse_files(service, what);
        if !service.exec.is_empty() {
            self.unsupported(
                what,
                "exec",
                here(),
                "Kubernetes runs one `lifecycle.postStart` command on every start and does not order it after the start; run these commands from the image's entrypoint, or use the bash or argv backend",
            );
        }
        if let Some(first) = service.pre_stop.first() {
            self.unsupported(
                what,
                "pre_stop",
                at(first, "run before the container stops"),
                "Kubernetes runs one `lifecycle.preStop` command, also when a pod is rescheduled; put these commands in one script the image runs on SIGTERM, or use the bash or argv backend",
            );
        }
        let fields = self.flag_fields(&service.flags, what, here);
        self.refuse_restart(service, what);
        if matches!(&service.entrypoint, Some(items) if items.is_empty()) {
            self.unsupported(
                what,
                "entrypoint = []",
                here(),
                "Kubernetes cannot clear an image's ENTRYPOINT; give the program to run as `entrypoint`",
            );
        }
        (spread, fields)
    }

    /// The headless Service `key`, which gives the pods a DNS name and
    /// carries the published ports.
    /// The `LoadBalancer` Service `<service>-published` of the host ports
    /// a service with replicas publishes.
    fn balancer(&self, key: &str, metadata: &Metadata) -> Object {
        let mut object = Object::new(
            "v1",
            "Service",
            Metadata {
                name: format!("{key}-published"),
                labels: metadata.labels.clone(),
                annotations: IndexMap::new(),
            },
        );
        object.spec = Some(Spec::Service(ServiceSpec {
            kind: Some("LoadBalancer"),
            cluster_ip: None,
            selector: self.selector_labels(key),
            ports: self.balanced.clone(),
        }));
        object
    }

    fn headless_service(&self, key: &str, metadata: &Metadata, ports: Vec<ServicePort>) -> Object {
        let mut object = Object::new(
            "v1",
            "Service",
            Metadata {
                name: key.to_owned(),
                labels: metadata.labels.clone(),
                annotations: IndexMap::new(),
            },
        );
        object.spec = Some(Spec::Service(ServiceSpec {
            kind: None,
            cluster_ip: Some("None"),
            selector: self.selector_labels(key),
            ports,
        }));
        object
    }
}

/// `extra_hosts` as host aliases: the names of one address together, in
/// order of appearance.
fn host_aliases(extra_hosts: &[(String, String)]) -> Vec<HostAlias> {
    let mut out: Vec<HostAlias> = Vec::new();
    for (host, ip) in extra_hosts {
        match out.iter_mut().find(|alias| &alias.ip == ip) {
            Some(alias) => alias.hostnames.push(host.clone()),
            None => out.push(HostAlias {
                ip: ip.clone(),
                hostnames: vec![host.clone()],
            }),
        }
    }
    out
}

fn pull_policy(pull: PullPolicy) -> &'static str {
    match pull {
        // A service with a build is refused: a cluster pulls images.
        PullPolicy::Missing | PullPolicy::Build => "IfNotPresent",
        PullPolicy::Always => "Always",
        PullPolicy::Never => "Never",
    }
}

/// A one-shot job: a Job that never retries.
fn job(metadata: Metadata, template: PodTemplate) -> Object {
    let mut job = Object::new("batch/v1", "Job", metadata);
    job.spec = Some(Spec::Job(JobSpec {
        backoff_limit: 0,
        template,
    }));
    job
}

/// The ports other than those in `spread` (refused).
fn without(ports: &[Spanned<Port>], spread: &[&Spanned<Port>]) -> Vec<Spanned<Port>> {
    ports
        .iter()
        .filter(|port| !spread.contains(port))
        .cloned()
        .collect()
}

impl Lower<'_> {
    /// The ports a pod publishes (those not `spread`, which are refused,
    /// then those parameters complete): the container's and the Service's.
    fn published(
        &mut self,
        ports: &[Spanned<Port>],
        spread: &[&Spanned<Port>],
        templates: &[Spanned<stackc_ir::Template>],
        (replicas, what): (u32, &str),
    ) -> (
        Vec<super::objects::ContainerPort>,
        Vec<super::objects::ServicePort>,
    ) {
        let mut kept = without(ports, spread);
        kept.extend(self.resolved_ports(templates, what));
        let (mut container_ports, service_ports) = self.ports(&kept, what);
        // Several pods cannot all bind one host port on one node: a
        // `LoadBalancer` Service publishes it (`deployment`).
        self.balanced.clear();
        if replicas > 1 {
            for port in &mut container_ports {
                if let Some(host_port) = port.host_port.take() {
                    port.host_ip = None;
                    self.balanced.push(super::objects::ServicePort {
                        name: port.name.clone(),
                        port: host_port,
                        target_port: port.container_port,
                        protocol: port.protocol,
                    });
                }
            }
        }
        (container_ports, service_ports)
    }

    /// The ports that parameters complete, their values fixed and checked
    /// as compose's short syntax; one that is no port is reported.
    fn resolved_ports(
        &mut self,
        templates: &[Spanned<stackc_ir::Template>],
        what: &str,
    ) -> Vec<Spanned<Port>> {
        let mut out = Vec::new();
        for template in templates {
            let text = self.resolve(&template.value);
            match stackc_ir::port::parse_short(&text) {
                Ok(port) => out.push(Spanned::new(port, template.span)),
                Err(_) => {
                    let at = Some(template);
                    self.diags.push(diagnostics::resolved_port(what, &text, at));
                }
            }
        }
        out
    }
}

impl Lower<'_> {
    /// `extra_hosts` with their parameters fixed; an address that is then
    /// none is reported.
    fn resolved_hosts(&mut self, service: &Service, what: &str) -> Vec<(String, String)> {
        use stackc_ir::check::{Ip, ValueCheck};
        let key = &service.name.value;
        let mut out = Vec::new();
        for (host, ip) in &service.extra_hosts {
            let template = stackc_ir::Template::parse(ip).ok();
            let text = match &template {
                Some(t) if t.as_literal().is_none() => self.resolve(t),
                _ => ip.clone(),
            };
            let check = ValueCheck::Ip(Ip::Host);
            if text == "host-gateway" {
                // Docker's name for the host's address on the bridge; a
                // pod's hosts file takes addresses only.
                let span = service.extra_hosts_span.unwrap_or(service.name.span);
                self.unsupported(
                    what,
                    "extra_hosts",
                    stackc_ir::stack::Spanned::new(format!("`{host}` is `host-gateway`"), span),
                    "a pod has no `host-gateway`: give the node's address (a parameter, `--set HOST_IP=…`), or reach the host through a Service",
                );
            } else if template.as_ref().is_none_or(|t| t.as_literal().is_some())
                || check.accepts(&text)
            {
                out.push((host.clone(), text));
            } else {
                let place = format!("services.{key}.extra_hosts.\"{host}\"");
                self.diags
                    .push(diagnostics::resolved_value(&place, check, &text));
            }
        }
        out
    }

    /// `restart`: a Deployment always restarts its containers.
    fn refuse_restart(&mut self, service: &Service, what: &str) {
        if let Some(restart) = &service.restart_template {
            // Fixed now: a Deployment takes `always` only.
            let text = self.resolve(&restart.value);
            if !matches!(
                Restart::parse(&text),
                Some(Restart::Always | Restart::UnlessStopped)
            ) {
                self.unsupported(
                        what,
                        "restart",
                        at(restart, format!("`{}` with the parameters' values", stackc_ir::text::shown(&text))),
                        "a Deployment always restarts its containers: give the parameter `always` or `unless-stopped`",
                    );
            }
        }
        if let Some(restart) = &service.restart {
            match restart.value {
                    // A job's only policy is `no` (checked by the passes).
                    _ if service.run_once.is_some() => {}
                    Restart::Always | Restart::UnlessStopped => {}
                    Restart::No | Restart::OnFailure(_) => self.unsupported(
                        what,
                        "restart",
                        at(restart, format!("`{}`", restart.value)),
                        "a Deployment always restarts its containers; remove `restart` (or use `always`), or make the service a job with `run = \"once\"`",
                    ),
                }
        }
    }
}
