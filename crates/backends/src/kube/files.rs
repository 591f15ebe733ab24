//! A service's `secrets` and `configs` as files in its pod: a config is a
//! ConfigMap written from its content at compile time; a secret is read
//! from a Secret the deployer creates, so no secret reaches a manifest.
//! Each is mounted, with `subPath`, at the path the scripts copy it to.

use indexmap::IndexMap;
use stackc_ir::stack::{FileGrant, FileObject, FileSource, Mount, Spanned};

use super::content::{Content, read_file};
use super::objects::{ConfigMapRef, Object, PodVolume, SecretRef};
use super::volumes::Storage;
use super::{Lower, names};
use crate::diagnostics::{self, at};

/// The key of a config's content in its ConfigMap.
const CONTENT_KEY: &str = "content";

impl Lower<'_> {
    /// The pod volumes and mounts of a service's `volumes`, `secrets` and
    /// `configs`.
    pub(super) fn storage(
        &mut self,
        service: &str,
        volumes: &[Spanned<Mount>],
        (secrets, configs): (&[Spanned<FileGrant>], &[Spanned<FileGrant>]),
        what: &str,
    ) -> Storage {
        let mut storage = self.mounts(service, volumes, what);
        self.files(&mut storage, secrets, configs, what);
        storage
    }

    /// Adds the pod volumes and mounts of `secrets` and `configs` to
    /// `storage`, and the ConfigMaps of the configs to the stack's.
    fn files(
        &mut self,
        storage: &mut Storage,
        secrets: &[Spanned<FileGrant>],
        configs: &[Spanned<FileGrant>],
        what: &str,
    ) {
        for (index, grant) in secrets.iter().enumerate() {
            let Some(object) = self.stack.secrets.get(&grant.value.source.value) else {
                continue;
            };
            if !self.owned_by_root(grant, "secrets", what) {
                continue;
            }
            let (secret_name, key) = match &object.source.value {
                FileSource::Param(param) => (
                    names::secret_name(&self.stack.name.value),
                    param.value.clone(),
                ),
                FileSource::File(_) | FileSource::Content(_) => (
                    names::files_secret_name(&self.stack.name.value),
                    object.name.value.clone(),
                ),
            };
            if !names::is_config_key(&key) {
                self.diags
                    .push(diagnostics::kube_file_key(&key, "secret", what, grant));
                continue;
            }
            let mut volume = PodVolume::named(format!("secret-{}", index + 1));
            volume.secret = Some(SecretRef {
                secret_name,
                default_mode: grant.value.mode,
            });
            storage.add(volume, &grant.value.target, Some(key), true);
        }
        for (index, grant) in configs.iter().enumerate() {
            let Some((position, _, object)) =
                self.stack.configs.get_full(&grant.value.source.value)
            else {
                continue;
            };
            if !self.owned_by_root(grant, "configs", what) {
                continue;
            }
            let name = names::config_map(self.stack.configs.keys(), position);
            if !self.config_maps.iter().any(|m| m.metadata.name == name) {
                let Some(content) = self.config_content(object, what, grant) else {
                    continue;
                };
                let mut map = Object::new("v1", "ConfigMap", self.metadata(name.clone()));
                match content {
                    Content::Text(text) => {
                        map.data = Some(IndexMap::from([(CONTENT_KEY.to_owned(), text)]));
                    }
                    Content::Binary(bytes) => {
                        map.binary_data =
                            Some(IndexMap::from([(CONTENT_KEY.to_owned(), base64(&bytes))]));
                    }
                }
                self.config_maps.push(map);
            }
            let mut volume = PodVolume::named(format!("config-{}", index + 1));
            volume.config_map = Some(ConfigMapRef {
                name,
                default_mode: Some(grant.value.mode),
            });
            storage.add(
                volume,
                &grant.value.target,
                Some(CONTENT_KEY.to_owned()),
                true,
            );
        }
    }

    /// Whether the file of `grant` belongs to root, as a pod's projected
    /// files do; another owner is refused.
    fn owned_by_root(&mut self, grant: &Spanned<FileGrant>, key: &str, what: &str) -> bool {
        if grant.value.uid == 0 && grant.value.gid == 0 {
            return true;
        }
        self.unsupported(
            what,
            key,
            at(grant, format!("`{}` owned by {}:{}", grant.value.source.value, grant.value.uid, grant.value.gid)),
            "a pod's secret and config files belong to root and to the pod's `fsGroup`: remove `uid` and `gid`, and give the pod's user access with `mode` or a `securityContext` outside stackc",
        );
        false
    }

    /// The content of a config, fixed at compile time: a host file's
    /// (UTF-8, at most 1 MB), a parameter's value, or the inline text. A
    /// secret parameter is refused: a ConfigMap is not secret.
    fn config_content(
        &mut self,
        object: &FileObject,
        what: &str,
        grant: &Spanned<FileGrant>,
    ) -> Option<Content> {
        match &object.source.value {
            FileSource::File(path) => {
                let resolved = self.host_path(path);
                match read_file(&resolved) {
                    Ok(content) => Some(content),
                    Err(why) => {
                        self.diags.push(diagnostics::kube_config_unreadable(
                            &object.name.value,
                            &path.to_string(),
                            &why,
                            &object.source,
                        ));
                        None
                    }
                }
            }
            FileSource::Param(param) => {
                if self.reads_secret(std::slice::from_ref(&param.value), object, what, grant) {
                    return None;
                }
                Some(Content::Text(self.param(&param.value)))
            }
            FileSource::Content(template) => {
                let params: Vec<String> = template.params().map(str::to_owned).collect();
                if self.reads_secret(&params, object, what, grant) {
                    return None;
                }
                Some(Content::Text(self.resolve(template)))
            }
        }
    }

    /// Whether the config `object` reads a secret parameter among
    /// `params`; reported (a ConfigMap is not secret).
    fn reads_secret(
        &mut self,
        params: &[String],
        object: &FileObject,
        what: &str,
        grant: &Spanned<FileGrant>,
    ) -> bool {
        let secret = params
            .iter()
            .any(|name| self.stack.params.get(name).is_some_and(|p| p.secret));
        if secret {
            self.diags.push(diagnostics::kube_config_secret(
                &object.name.value,
                what,
                grant,
                &object.source,
            ));
        }
        secret
    }
}

/// Standard base64 with padding (RFC 4648), as `binaryData` holds it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_is_rfc_4648() {
        // RFC 4648, section 10.
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(input.as_bytes()), output);
        }
        assert_eq!(super::base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
