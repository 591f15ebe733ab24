//! Volumes and mounts: a named volume is a PersistentVolumeClaim, an
//! anonymous volume or a tmpfs an `emptyDir`, and a bind mount, on request,
//! a ConfigMap of the file or a `hostPath` (`--bind-as`).

use indexmap::IndexMap;

use stackc_ir::stack::{Mount, MountOptions, Spanned, Volume};
use stackc_ir::template::Template;

use super::objects::{
    ClaimRef, ClaimSpec, ConfigMapRef, EmptyDir, HostPath, Object, PodVolume, Resources, Spec,
    VolumeMount,
};
use super::{BindAs, Lower, names};
use crate::diagnostics::{self, at};

/// The mounts of a container and the pod volumes they use.
#[derive(Default)]
pub(super) struct Storage {
    pub(super) mounts: Vec<VolumeMount>,
    pub(super) volumes: Vec<PodVolume>,
    /// Whether one is a PersistentVolumeClaim (which a rolling update
    /// cannot take to another node).
    pub(super) uses_claim: bool,
}

impl Storage {
    /// A mount of its own pod volume.
    pub(super) fn add(
        &mut self,
        volume: PodVolume,
        mount_path: &str,
        sub_path: Option<String>,
        read_only: bool,
    ) {
        self.mount(volume.name.clone(), mount_path, sub_path, read_only);
        self.volumes.push(volume);
    }

    /// A mount of `volume`, which other mounts of the pod may share.
    fn add_shared(
        &mut self,
        volume: PodVolume,
        mount_path: &str,
        sub_path: Option<String>,
        read_only: bool,
    ) {
        let name = volume.name.clone();
        if !self.volumes.iter().any(|v| v.name == name) {
            self.volumes.push(volume);
        }
        self.mount(name, mount_path, sub_path, read_only);
    }

    fn mount(&mut self, name: String, mount_path: &str, sub_path: Option<String>, read_only: bool) {
        self.mounts.push(VolumeMount {
            name,
            mount_path: mount_path.to_owned(),
            sub_path,
            read_only,
        });
    }
}

impl Lower<'_> {
    /// A named volume: the PersistentVolumeClaim of its name, unless it is
    /// external (then that claim exists already).
    pub(super) fn volume(&mut self, volume: &Volume) -> Option<Object> {
        let Volume {
            name,
            driver,
            labels,
            external,
            owner,
            mode,
            init_image: _,
            // The engine's name and options: a claim has its own.
            engine_name: _,
            driver_opts,
        } = volume;
        let what = format!("volume `{}`", name.value);
        for (key, value) in [("owner", owner), ("mode", mode)] {
            if let Some(value) = value {
                self.unsupported(
                    &what,
                    key,
                    at(value, "applied once when the volume is created"),
                    "a cluster provisions the claim's storage: remove it, and give the pod's user access with a `securityContext` (`fsGroup`) outside stackc, or use the bash or argv backend",
                );
            }
        }
        if *external {
            // Exists already: a PersistentVolumeClaim of exactly this name.
            if !names::is_subdomain(&name.value) {
                self.diags.push(diagnostics::kube_object_name(
                    &what,
                    name,
                    "PersistentVolumeClaim",
                ));
            }
            return None;
        }
        if driver.is_some() || !driver_opts.is_empty() {
            self.unsupported(
                &what,
                "driver",
                at(name, "declared here"),
                "remove `driver` and `driver_opts`; the cluster's storage class decides (`stackc kube --storage-class NAME`)",
            );
        }
        if !names::is_subdomain(&name.value) {
            self.diags.push(diagnostics::kube_object_name(
                &what,
                name,
                "PersistentVolumeClaim",
            ));
        }
        let mut metadata = self.metadata(name.value.clone());
        metadata.annotations = self.annotations(labels, &what, name);
        let mut claim = Object::new("v1", "PersistentVolumeClaim", metadata);
        claim.spec = Some(Spec::Claim(ClaimSpec {
            access_modes: vec!["ReadWriteOnce"],
            storage_class_name: self.kube.storage_class.clone(),
            resources: Resources {
                requests: IndexMap::from([("storage", self.kube.volume_size.clone())]),
            },
        }));
        Some(claim)
    }

    /// The mounts of `service` (`what`, for messages).
    pub(super) fn mounts(
        &mut self,
        service: &str,
        mounts: &[Spanned<Mount>],
        what: &str,
    ) -> Storage {
        let mut out = Storage::default();
        for (index, mount) in mounts.iter().enumerate() {
            let n = index + 1;
            // A volume's `subpath` is the mount's `subPath`.
            if let Mount::Volume { options, .. } | Mount::Bind { options, .. } = &mount.value
                && (MountOptions {
                    subpath: None,
                    ..options.clone()
                }) != MountOptions::default()
            {
                self.unsupported(
                    what,
                    "volumes",
                    at(mount, "mount options"),
                    "a pod's volume mounts take no `nocopy`, propagation, SELinux relabeling, `create_host_path` or consistency: remove them from the mount (a pod's `securityContext.seLinuxOptions` labels its volumes)",
                );
            }
            match &mount.value {
                Mount::Volume {
                    source: Some(source),
                    target,
                    read_only,
                    options,
                } => {
                    let Some((volume_index, _, volume)) =
                        self.stack.volumes.get_full(&source.value)
                    else {
                        continue;
                    };
                    let name = if names::is_dns_label(&source.value) {
                        source.value.clone()
                    } else {
                        format!("volume-{volume_index}")
                    };
                    let mut pod_volume = PodVolume::named(name);
                    pod_volume.persistent_volume_claim = Some(ClaimRef {
                        claim_name: volume.name.value.clone(),
                    });
                    out.uses_claim = true;
                    out.add_shared(pod_volume, target, options.subpath.clone(), *read_only);
                }
                Mount::Volume {
                    source: None,
                    target,
                    read_only,
                    ..
                } => {
                    let mut pod_volume = PodVolume::named(format!("anonymous-{n}"));
                    pod_volume.empty_dir = Some(EmptyDir {
                        medium: None,
                        size_limit: None,
                    });
                    out.add(pod_volume, target, None, *read_only);
                }
                Mount::Tmpfs { target, size } => {
                    let mut pod_volume = PodVolume::named(format!("tmpfs-{n}"));
                    pod_volume.empty_dir = Some(EmptyDir {
                        medium: Some("Memory"),
                        size_limit: size.map(|size| size.to_string()),
                    });
                    out.add(pod_volume, target, None, false);
                }
                Mount::Bind {
                    source,
                    target,
                    read_only,
                    ..
                } => {
                    let path = self.host_path(source);
                    let mut pod_volume = PodVolume::named(names::bind_volume(n));
                    match self.kube.bind_as {
                        None => self.diags.push(diagnostics::kube_bind_mount(
                            &source.to_string(),
                            target,
                            what,
                            mount,
                        )),
                        Some(BindAs::HostPath) => {
                            pod_volume.host_path = Some(HostPath { path });
                            out.add(pod_volume, target, None, *read_only);
                        }
                        Some(BindAs::ConfigMap) => {
                            let Some(key) =
                                self.config_map(service, n, &path, *read_only, what, mount)
                            else {
                                continue;
                            };
                            pod_volume.config_map = Some(ConfigMapRef {
                                name: names::bind_config_map(service, n),
                                default_mode: None,
                            });
                            out.add(pod_volume, target, Some(key), true);
                        }
                    }
                }
            }
        }
        out
    }

    /// The ConfigMap `<service>-bind-<n>` with the file's content under its
    /// file name; returns that key.
    fn config_map(
        &mut self,
        service: &str,
        n: usize,
        path: &str,
        read_only: bool,
        what: &str,
        mount: &Spanned<Mount>,
    ) -> Option<String> {
        if !read_only {
            self.diags
                .push(diagnostics::kube_bind_writable(path, what, mount));
            return None;
        }
        let content = match read_config_file(path) {
            Ok(content) => content,
            Err(why) => {
                self.diags
                    .push(diagnostics::kube_bind_unreadable(path, what, &why, mount));
                return None;
            }
        };
        let file = path.rsplit('/').next().unwrap_or_default();
        let key = if names::is_config_key(file) {
            file.to_owned()
        } else {
            "content".to_owned()
        };
        let mut object = Object::new(
            "v1",
            "ConfigMap",
            self.metadata(names::bind_config_map(service, n)),
        );
        object.data = Some(IndexMap::from([(key.clone(), content)]));
        self.config_maps.push(object);
        Some(key)
    }

    /// A bind source resolved at compile time: parameters fixed, relative
    /// paths joined to the project directory, `.` and `..` removed.
    pub(super) fn host_path(&mut self, source: &Template) -> String {
        let path = self.resolve(source);
        if let stackc_ir::host::HostPath::Home { .. } = stackc_ir::host::split(source) {
            let Some(home) = self.home else {
                self.diags.push(diagnostics::home_without_value("kube"));
                return path;
            };
            let under = path[1..].trim_start_matches('/');
            return stackc_ir::host::absolute(home, under);
        }
        stackc_ir::host::absolute(self.project_dir, &path)
    }
}

/// The content of a file a ConfigMap can hold as text (a regular UTF-8
/// file of at most [`super::content::MAX_CONFIG_BYTES`], outside the host's pseudo
/// filesystems), or why not.
fn read_config_file(path: &str) -> Result<String, String> {
    match super::content::read_file(path)? {
        super::content::Content::Text(text) => Ok(text),
        super::content::Content::Binary(_) => Err("it is not UTF-8 text".to_owned()),
    }
}
