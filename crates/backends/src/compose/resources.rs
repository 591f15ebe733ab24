//! What a stack declares besides its services: networks and volumes, and
//! the helper services compose needs for `[images.NAME]` (a build) and for
//! a volume's `owner` and `mode` (a one-shot init).

use indexmap::IndexMap;
use stackc_ir::engine_names;
use stackc_ir::stack::{Build, Image, Network, Volume, VolumeInit};
use stackc_ir::template::Template;

use super::Lower;
use super::interpolation::literal;
use super::model::{
    ComposeBuild, ComposeDependency, ComposeMount, ComposeNetwork, ComposeService, ComposeVolume,
};

impl Lower<'_> {
    /// An `[images.NAME]` as the service `images.NAME`, which only builds
    /// it: `scale: 0` (no container), after the images of the stack it
    /// builds FROM (compose builds a service's image after those of the
    /// services it depends on). The services that run the image depend on
    /// it and never pull it.
    pub(super) fn image_service(&mut self, image: &Image) -> ComposeService {
        ComposeService {
            image: Some(literal(&self.stack.image_tag(image))),
            build: Some(self.build(&image.build)),
            scale: Some(0),
            // No container, so no network (compose would create `default`).
            network_mode: Some("none".to_owned()),
            depends_on: self.build_dependencies(&image.build),
            ..ComposeService::default()
        }
    }

    /// `images.BASE` for each image of the stack a build's `FROM` names.
    pub(super) fn build_dependencies(&self, build: &Build) -> IndexMap<String, ComposeDependency> {
        build
            .from
            .iter()
            .filter_map(|reference| self.stack.image_named(reference))
            .map(image_dependency)
            .collect()
    }

    pub(super) fn build(&mut self, build: &Build) -> ComposeBuild {
        let Build {
            context,
            dockerfile,
            args,
            target,
            span: _,
            from: _,
            options,
        } = build;
        ComposeBuild {
            context: if stackc_ir::host::is_remote_context(&context.value) {
                literal(&context.value)
            } else {
                self.host_path(&Template::literal(context.value.clone()))
            },
            // Relative to the context, as in stack.toml.
            dockerfile: dockerfile.as_ref().map(|d| self.template(d)),
            args: self.map(args),
            target: target.as_ref().map(|t| self.template(t)),
            dockerfile_inline: options.inline.as_ref().map(|t| self.template(t)),
            labels: self.map(&options.labels),
            network: options.network.as_ref().map(|n| self.template(n)),
            shm_size: options.shm_size,
            extra_hosts: options
                .extra_hosts
                .iter()
                .map(|(host, ip)| literal(&format!("{host}:{ip}")))
                .collect(),
            tags: self.templates(&options.tags),
            cache_from: self.templates(&options.cache_from),
            no_cache: options.no_cache,
            pull: options.pull,
            entitlements: options.entitlements.iter().map(|e| literal(e)).collect(),
            privileged: options.privileged,
            secrets: super::files::build_secrets(&options.secrets),
            platforms: options
                .platforms
                .iter()
                .map(|p| literal(&p.value))
                .collect(),
            ssh: options
                .ssh
                .iter()
                .map(|ssh| {
                    let paths: Vec<String> = ssh.paths.iter().map(|p| self.template(p)).collect();
                    if paths.is_empty() {
                        literal(&ssh.id)
                    } else {
                        format!("{}={}", literal(&ssh.id), paths.join(","))
                    }
                })
                .collect(),
        }
    }

    pub(super) fn network(&mut self, network: &Network) -> ComposeNetwork {
        let Network {
            name: _,
            driver,
            internal,
            labels,
            external,
            engine_name,
            options,
        } = network;
        let name = engine_name.as_ref().map(|n| self.template(&n.value));
        if *external {
            // An external network is never created, so its driver, labels
            // and `internal` say nothing; compose rejects them beside
            // `external`. Its engine name defaults to its key, as ours.
            return ComposeNetwork {
                name,
                external: true,
                ..ComposeNetwork::default()
            };
        }
        ComposeNetwork {
            name,
            driver: driver.as_deref().map(literal),
            internal: *internal,
            labels: self.map(labels),
            external: false,
            attachable: options.attachable,
            enable_ipv6: options.enable_ipv6,
            driver_opts: self.map(&options.driver_opts),
            ipam: options
                .ipam
                .as_ref()
                .map(|ipam| super::model::ComposeIpam::of(self, ipam)),
        }
    }

    pub(super) fn volume(&mut self, volume: &Volume) -> ComposeVolume {
        let Volume {
            name: _,
            driver,
            labels,
            external,
            owner: _,
            mode: _,
            init_image: _,
            engine_name,
            driver_opts,
        } = volume;
        let name = engine_name.as_ref().map(|n| self.template(&n.value));
        if *external {
            // As for networks: never created, named exactly by its key.
            return ComposeVolume {
                name,
                external: true,
                ..ComposeVolume::default()
            };
        }
        ComposeVolume {
            name,
            driver: driver.as_deref().map(literal),
            labels: self.map(labels),
            external: false,
            driver_opts: self.map(driver_opts),
        }
    }
}

/// A volume's `owner`/`mode` as the one-shot service `volumes.NAME`, which
/// the services mounting the volume wait for. Compose runs it on every
/// `up`; its script changes only an empty volume root, so it acts once,
/// when compose has just created the volume (as the scripts do).
pub(super) fn volume_init_service(key: &str, init: &VolumeInit) -> ComposeService {
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
            bind: None,
            volume: None,
            tmpfs: None,
            consistency: None,
        }],
        network_mode: Some("none".to_owned()),
        restart: Some("no".to_owned()),
        ..ComposeService::default()
    }
}

/// A dependency on the service `images.NAME` that builds `image`.
pub(super) fn image_dependency(image: &Image) -> (String, ComposeDependency) {
    (
        engine_names::image_service(&image.name.value),
        ComposeDependency {
            condition: "service_started",
            required: true,
            restart: false,
        },
    )
}

/// A dependency on the service `volumes.NAME` that initialises `volume`.
pub(super) fn volume_init_dependency(volume: &str) -> (String, ComposeDependency) {
    (
        engine_names::volume_init_service(volume),
        ComposeDependency {
            condition: "service_completed_successfully",
            required: true,
            restart: false,
        },
    )
}
