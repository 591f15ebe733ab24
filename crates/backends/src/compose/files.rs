//! `[secrets]` and `[configs]` as compose's top-level `secrets:` and
//! `configs:`, and a service's grants as its `secrets:` and `configs:`.

use indexmap::IndexMap;
use serde::Serialize;
use stackc_ir::stack::{FileGrant, FileObject, FileSource, Spanned};

use super::Lower;
use super::interpolation::literal;

/// A top-level secret or config: one of `file`, `environment`, `content`.
#[derive(Serialize, Default)]
pub(super) struct ComposeFileObject {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

/// A service's grant: the name alone when every field is compose's
/// default, else the fields that are not.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ComposeGrant {
    Name(String),
    Long {
        source: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        uid: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gid: Option<String>,
        /// Compose reads a number (YAML has no octal literal it agrees on):
        /// decimal, e.g. 256 for `0400`.
        #[serde(skip_serializing_if = "Option::is_none")]
        mode: Option<u32>,
    },
}

impl Lower<'_> {
    pub(super) fn file_objects(
        &mut self,
        objects: &IndexMap<String, FileObject>,
    ) -> IndexMap<String, ComposeFileObject> {
        objects
            .iter()
            .map(|(key, object)| (key.clone(), self.file_object(object)))
            .collect()
    }

    fn file_object(&mut self, object: &FileObject) -> ComposeFileObject {
        match &object.source.value {
            FileSource::File(path) => ComposeFileObject {
                file: Some(self.host_path(path)),
                ..ComposeFileObject::default()
            },
            // A secret parameter has no default: compose reads it from its
            // environment as the script does.
            FileSource::Param(name)
                if self
                    .stack
                    .params
                    .get(&name.value)
                    .is_some_and(|p| p.secret || p.default.is_none()) =>
            {
                ComposeFileObject {
                    environment: Some(name.value.clone()),
                    ..ComposeFileObject::default()
                }
            }
            // A parameter with a default: interpolated, so that the default
            // applies as it does in the script.
            FileSource::Param(name) => ComposeFileObject {
                content: Some(self.template(&stackc_ir::Template::param(&name.value))),
                ..ComposeFileObject::default()
            },
            FileSource::Content(text) => ComposeFileObject {
                content: Some(self.template(text)),
                ..ComposeFileObject::default()
            },
        }
    }
}

/// A build's `secrets`: the name alone when the id is the name.
pub(super) fn build_secrets(secrets: &[stackc_ir::stack::BuildSecret]) -> Vec<ComposeGrant> {
    secrets
        .iter()
        .map(|secret| {
            let source = &secret.source.value;
            if secret.id == *source {
                ComposeGrant::Name(source.clone())
            } else {
                ComposeGrant::Long {
                    source: source.clone(),
                    target: Some(literal(&secret.id)),
                    uid: None,
                    gid: None,
                    mode: None,
                }
            }
        })
        .collect()
}

/// A service's `secrets` or `configs`; `default_dir` is where a grant
/// without `target` lands (`/run/secrets/`, `/`).
pub(super) fn grants(grants: &[Spanned<FileGrant>], default_dir: &str) -> Vec<ComposeGrant> {
    grants
        .iter()
        .map(|grant| {
            let grant = &grant.value;
            let source = &grant.source.value;
            let target =
                (grant.target != format!("{default_dir}{source}")).then(|| literal(&grant.target));
            let id = |n: u32| (n != 0).then(|| n.to_string());
            let mode = (grant.mode != 0o444).then_some(grant.mode);
            if target.is_none() && grant.uid == 0 && grant.gid == 0 && mode.is_none() {
                ComposeGrant::Name(source.clone())
            } else {
                ComposeGrant::Long {
                    source: source.clone(),
                    target,
                    uid: id(grant.uid),
                    gid: id(grant.gid),
                    mode,
                }
            }
        })
        .collect()
}
