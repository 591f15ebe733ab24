//! Host paths that the compile-time readers (the frontend's Dockerfile
//! reader, the build-input hash, the kube backend's config maps) must not
//! walk or read: the host's root, and the kernel's pseudo filesystems,
//! whose files never end (`/dev/zero`, `/proc/kcore`) or block on read
//! (`/proc/kmsg`).

use std::path::Path;

/// What `path` resolves to, when it is the host's root or lies in
/// `/proc`, `/sys` or `/dev`; `None` for any other path, and for a path
/// that does not resolve.
pub fn host_wide(path: &Path) -> Option<&'static str> {
    let real = std::fs::canonicalize(path).ok()?;
    if real == Path::new("/") {
        return Some("the root of the host's filesystem");
    }
    ["/proc", "/sys", "/dev"]
        .into_iter()
        .any(|dir| real.starts_with(dir))
        .then_some("in a kernel pseudo filesystem (/proc, /sys or /dev)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_and_pseudo_filesystems_are_host_wide() {
        assert!(host_wide(Path::new("/")).is_some());
        assert!(host_wide(Path::new("/tmp/..")).is_some());
        assert!(host_wide(Path::new("/proc/self")).is_some());
        assert!(host_wide(Path::new("/dev/null")).is_some());
        assert!(host_wide(Path::new("/sys")).is_some());
        assert_eq!(host_wide(Path::new("/tmp")), None);
        assert_eq!(host_wide(Path::new("/no/such/path")), None);
    }
}
