//! What runs a container: its user, and the keys of
//! [`stackc_ir::flags::FLAGS`] that set a pod or container field (or have
//! no counterpart).

use indexmap::IndexMap;
use stackc_ir::ast::Conversion;
use stackc_ir::flags::{FlagValue, Flags, KubeField, KubeMapping};
use stackc_ir::stack::Spanned;
use stackc_ir::template::Template;

use super::objects::{Capabilities, ContainerResources, SecurityContext};
use super::{KUBERNETES_VERSION, Lower};
use crate::diagnostics::{At, at};

/// What the keys of [`stackc_ir::flags::FLAGS`] set in a pod.
#[derive(Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is one boolean field of the pod or of its container"
)]
pub(super) struct FlagFields {
    pub(super) share_process_namespace: bool,
    pub(super) termination_grace_period: Option<u128>,
    pub(super) read_only_root_filesystem: bool,
    pub(super) privileged: bool,
    pub(super) cap_add: Vec<String>,
    pub(super) cap_drop: Vec<String>,
    pub(super) tty: bool,
    pub(super) stdin: bool,
    /// `resources.limits`, `resources.requests`: the memory in bytes, the
    /// CPUs as written.
    pub(super) limits: IndexMap<&'static str, String>,
    pub(super) requests: IndexMap<&'static str, String>,
}

impl FlagFields {
    /// The container's `resources`, if the keys set any.
    pub(super) fn resources(&self) -> Option<ContainerResources> {
        (!self.limits.is_empty() || !self.requests.is_empty()).then(|| ContainerResources {
            limits: self.limits.clone(),
            requests: self.requests.clone(),
        })
    }
}

impl Lower<'_> {
    /// The pod and container fields the keys of [`stackc_ir::flags::FLAGS`]
    /// set; the keys Kubernetes has no counterpart for are refused at
    /// `here`.
    pub(super) fn flag_fields(
        &mut self,
        flags: &Flags,
        what: &str,
        here: impl Fn() -> At,
    ) -> FlagFields {
        let mut fields = FlagFields::default();
        for set in flags {
            // A value parameters complete must follow its rule.
            for (at, check, value) in stackc_ir::check::flag_values(set) {
                let text = self.resolve(value);
                if !check.accepts(&text) {
                    self.diags.push(crate::diagnostics::resolved_value(
                        &format!("{what}.{at}"),
                        check,
                        &text,
                    ));
                }
            }
            let texts = |this: &mut Self| {
                set.templates()
                    .into_iter()
                    .map(|(_, v)| this.resolve(v))
                    .collect::<Vec<_>>()
            };
            match set.flag.kube {
                KubeMapping::Refuse(help) => self.unsupported(
                    what,
                    set.flag.key,
                    here(),
                    help.replace("{version}", KUBERNETES_VERSION),
                ),
                KubeMapping::Field(KubeField::ShareProcessNamespace) => {
                    fields.share_process_namespace = self.switch(&set.value);
                }
                KubeMapping::Field(KubeField::ReadOnlyRootFilesystem) => {
                    fields.read_only_root_filesystem = self.switch(&set.value);
                }
                KubeMapping::Field(KubeField::Privileged) => {
                    fields.privileged = self.switch(&set.value);
                }
                KubeMapping::Field(KubeField::TerminationGracePeriod) => {
                    if let FlagValue::Seconds(duration) = &set.value {
                        fields.termination_grace_period = match &duration.template {
                            None => Some(duration.seconds_ceil()),
                            Some(template) => {
                                let text = self.resolve(template);
                                Conversion::Seconds
                                    .apply(&text)
                                    .and_then(|seconds| seconds.parse().ok())
                            }
                        };
                    }
                }
                KubeMapping::Field(KubeField::CapAdd) => fields.cap_add = texts(self),
                KubeMapping::Field(KubeField::CapDrop) => fields.cap_drop = texts(self),
                KubeMapping::Field(KubeField::Tty) => fields.tty = self.switch(&set.value),
                KubeMapping::Field(KubeField::Stdin) => fields.stdin = self.switch(&set.value),
                KubeMapping::Field(KubeField::CpuLimit) => {
                    fields
                        .limits
                        .extend(texts(self).pop().map(|cpus| ("cpu", cpus)));
                }
                KubeMapping::Field(field @ (KubeField::MemoryLimit | KubeField::MemoryRequest)) => {
                    let Some(text) = texts(self).pop() else {
                        continue;
                    };
                    // A parameter's value is known only now.
                    let Some(bytes) = stackc_ir::flags::size_bytes(&text) else {
                        self.unsupported(
                            what,
                            &format!("{} = \"{text}\"", set.flag.key),
                            here(),
                            "write a size such as `512m`",
                        );
                        continue;
                    };
                    let into = if field == KubeField::MemoryLimit {
                        &mut fields.limits
                    } else {
                        &mut fields.requests
                    };
                    into.insert("memory", bytes.to_string());
                }
            }
        }
        fields
    }

    /// Whether a switch is on: `true`, or a value parameters complete that
    /// reads as true with the values kube fixes (checked before).
    fn switch(&mut self, value: &FlagValue) -> bool {
        match value {
            FlagValue::Toggle(template) => {
                let text = self.resolve(template);
                stackc_ir::check::boolean(&text) == Some(true)
            }
            _ => true,
        }
    }

    /// The container's user (numeric only), read-only root and
    /// capabilities; `None` when it sets none.
    pub(super) fn security_context(
        &mut self,
        user: Option<&Template>,
        fields: &FlagFields,
        what: &str,
        name: &Spanned<String>,
    ) -> Option<SecurityContext> {
        let (run_as_user, run_as_group) = match user.map(|user| self.resolve(user)) {
            None => (None, None),
            Some(user) => {
                let (uid, gid) = match user.split_once(':') {
                    Some((uid, gid)) => (uid, Some(gid)),
                    None => (user.as_str(), None),
                };
                let uid = uid.parse::<u32>().ok();
                let gid = gid.map(str::parse::<u32>);
                match (uid, gid) {
                    (Some(uid), None) => (Some(uid), None),
                    (Some(uid), Some(Ok(gid))) => (Some(uid), Some(gid)),
                    _ => {
                        self.unsupported(
                            what,
                            &format!("user = \"{user}\""),
                            at(name, "in this service"),
                            "Kubernetes runs as numeric IDs only: write `user = \"UID[:GID]\"`",
                        );
                        (None, None)
                    }
                }
            }
        };
        let capability = |cap: &String| cap.strip_prefix("CAP_").unwrap_or(cap).to_owned();
        let (cap_add, cap_drop) = (&fields.cap_add, &fields.cap_drop);
        let capabilities = (!cap_add.is_empty() || !cap_drop.is_empty()).then(|| Capabilities {
            add: cap_add.iter().map(capability).collect(),
            drop: cap_drop.iter().map(capability).collect(),
        });
        let context = SecurityContext {
            run_as_user,
            run_as_group,
            read_only_root_filesystem: fields.read_only_root_filesystem.then_some(true),
            privileged: fields.privileged.then_some(true),
            capabilities,
        };
        let empty = context.run_as_user.is_none()
            && context.read_only_root_filesystem.is_none()
            && context.privileged.is_none()
            && context.capabilities.is_none();
        (!empty).then_some(context)
    }
}
