//! The content of a host file a ConfigMap holds (a config's file, or a
//! bind-mounted file with `--bind-as config-map`), read at compile time.

/// The largest file a ConfigMap holds (Kubernetes' limit is 1 MiB for the
/// whole object).
pub(super) const MAX_CONFIG_BYTES: u64 = 1_000_000;

/// A config's content: `data` when it is UTF-8 text, else `binaryData`.
pub(super) enum Content {
    Text(String),
    Binary(Vec<u8>),
}

/// The content of a regular file of at most [`MAX_CONFIG_BYTES`], outside
/// the host's pseudo filesystems, or why not.
pub(super) fn read_file(path: &str) -> Result<Content, String> {
    match std::fs::metadata(path) {
        Ok(_) if let Some(place) = stackc_ir::host::host_wide(std::path::Path::new(path)) => {
            Err(format!("it is {place}"))
        }
        Ok(meta) if meta.is_file() && meta.len() <= MAX_CONFIG_BYTES => {
            let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
            Ok(match String::from_utf8(bytes) {
                Ok(text) => Content::Text(text),
                Err(e) => Content::Binary(e.into_bytes()),
            })
        }
        Ok(meta) if meta.is_file() => Err("it is larger than 1 MB".to_owned()),
        Ok(_) => Err("it is not a regular file".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}
