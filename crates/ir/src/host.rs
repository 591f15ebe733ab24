//! Host paths: how a relative one is resolved, in one place for every
//! output, and which ones the compile-time readers (the frontend's
//! Dockerfile reader, the build-input hash, the kube backend's config
//! maps) must not walk or read.
//!
//! A host path of stack.toml (a bind source, an env file, a build context)
//! is relative to the stack file's directory, the project directory. The
//! outputs that run later keep it relative to where they are written
//! (bash, compose: [`split`], [`join`]); those fixed at compile time make it
//! absolute (argv, kube: [`absolute`]).

use std::path::{Component, Path};

/// The path of the directory `to` relative to the directory `from` (both
/// absolute and canonical): `dir`, `../other`, `.` when they are the same.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

use crate::template::{Part, Template};

/// Where a host path written in stack.toml starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostPath<'a> {
    /// Absolute, or starting with a parameter (documented to be given an
    /// absolute path): used as written.
    AsWritten,
    /// Relative to the project directory: `head` is its leading text without
    /// `./` segments ([`strip_dot_segments`]; empty for the directory
    /// itself), followed by the rest of the template.
    Relative { head: &'a str, rest: &'a [Part] },
    /// Under the home directory of whoever runs the output (`~` or
    /// `~/…`): `head` is the text after `~/`.
    Home { head: &'a str, rest: &'a [Part] },
}

/// Whether `text` starts with a Windows drive (`C:\\…`, `C:/…`): an
/// absolute path for Docker Desktop on Windows, kept as written, as compose
/// keeps it (a Linux engine refuses it as not absolute).
pub fn is_windows_absolute(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
}

/// Where `path` starts: see [`HostPath`].
pub fn split(path: &Template) -> HostPath<'_> {
    match path.parts().split_first() {
        None => HostPath::Relative {
            head: "",
            rest: &[],
        },
        Some((Part::Lit(first), rest)) if first == "~" || first.starts_with("~/") => {
            HostPath::Home {
                head: first[1..].trim_start_matches('/'),
                rest,
            }
        }
        Some((Part::Lit(first), rest))
            if !first.starts_with('/') && !is_windows_absolute(first) =>
        {
            HostPath::Relative {
                head: strip_dot_segments(first),
                rest,
            }
        }
        Some(_) => HostPath::AsWritten,
    }
}

/// Drops leading `./` segments: `./data` → `data`, and `.` → the empty path.
pub fn strip_dot_segments(path: &str) -> &str {
    let mut rest = path;
    loop {
        if let Some(tail) = rest.strip_prefix("./") {
            rest = tail.trim_start_matches('/');
        } else if rest == "." {
            return "";
        } else {
            return rest;
        }
    }
}

/// `relative` (relative to the project directory) as seen from an output's
/// directory, from which the project directory is `base` (`.`, `..`,
/// `../stack`). The result starts with `.` or `/`, so that compose reads
/// it as a path.
pub fn join(base: &str, relative: &str) -> String {
    let relative = strip_dot_segments(relative);
    let base = match base {
        "" | "./" => ".",
        base => base,
    };
    if relative.is_empty() {
        return base.to_owned();
    }
    if base == "." {
        if relative == ".." || relative.starts_with("../") {
            return relative.to_owned();
        }
        return format!("./{relative}");
    }
    let sep = if base.ends_with('/') { "" } else { "/" };
    let prefix = if base.starts_with('.') || base.starts_with('/') {
        ""
    } else {
        "./"
    };
    format!("{prefix}{base}{sep}{relative}")
}

/// A resolved host path as an absolute one: a relative `path` joined to
/// the absolute `project_dir`, then `.` segments removed, `..` applied and
/// doubled `/` merged.
pub fn absolute(project_dir: &str, path: &str) -> String {
    if is_windows_absolute(path) {
        return path.to_owned();
    }
    if path.starts_with('/') {
        normalize(path)
    } else {
        normalize(&format!("{project_dir}/{path}"))
    }
}

/// An absolute `path` without `.` segments, `..` applied, and no doubled
/// `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// What `path` resolves to, when it is the host's root or lies in
/// `/proc`, `/sys` or `/dev` (whose files never end, like `/dev/zero` and
/// `/proc/kcore`, or block on read, like `/proc/kmsg`); `None` for any
/// other path, and for a path that does not resolve.
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

/// Whether a build context is one the docker CLI fetches itself rather
/// than a local directory: a URL (`https://`, `http://`, `git://`, any
/// `SCHEME://`), a git repository over ssh (`git@host:repo`) or a
/// `github.com/…` path, as `docker build` takes them.
pub fn is_remote_context(text: &str) -> bool {
    text.contains("://") || text.starts_with("git@") || text.starts_with("github.com/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_drive_paths_are_kept_as_written() {
        let t = Template::literal("C:\\docker\\project");
        assert_eq!(split(&t), HostPath::AsWritten);
        assert_eq!(absolute("/p", "C:/data"), "C:/data");
        assert_eq!(absolute("/p", "data"), "/p/data");
        assert!(!is_windows_absolute("C:"));
        assert!(!is_windows_absolute("./C:/x"));
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
        assert_eq!(relative(Path::new("/a/b/out"), Path::new("/a/b")), "..");
        assert_eq!(relative(Path::new("/a/x"), Path::new("/a/b")), "../b");
        assert_eq!(relative(Path::new("/a"), Path::new("/a/b/c")), "b/c");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/c")), "../c");
    }

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

    #[test]
    fn split_tells_relative_paths_from_the_rest() {
        let relative = |text: &str| {
            let template = Template::parse(text).unwrap();
            match split(&template) {
                HostPath::Relative { head, rest } => Some((head.to_owned(), rest.len())),
                HostPath::AsWritten | HostPath::Home { .. } => None,
            }
        };
        let home = |text: &str| match split(&Template::parse(text).unwrap()) {
            HostPath::Home { head, rest } => Some((head.to_owned(), rest.len())),
            _ => None,
        };
        assert_eq!(home("~"), Some((String::new(), 0)));
        assert_eq!(home("~/.ssh/${X}"), Some((".ssh/".to_owned(), 1)));
        assert_eq!(home("~www/x"), None);
        assert_eq!(relative("~www/x"), Some(("~www/x".to_owned(), 0)));
        assert_eq!(relative("."), Some((String::new(), 0)));
        assert_eq!(relative(""), Some((String::new(), 0)));
        assert_eq!(relative("././data/${X}"), Some(("data/".to_owned(), 1)));
        assert_eq!(relative("${X}/a"), None);
        assert_eq!(relative("/a"), None);
    }

    #[test]
    fn joins_relative_paths_onto_the_project_dir() {
        for (base, rel, want) in [
            (".", "./data", "./data"),
            (".", "data", "./data"),
            (".", ".", "."),
            (".", "", "."),
            (".", "../x", "../x"),
            ("..", "./data", "../data"),
            ("..", "data/x", "../data/x"),
            ("..", ".", ".."),
            ("../stack", "././data", "../stack/data"),
            ("../stack/", "data", "../stack/data"),
            ("", "data", "./data"),
            ("sub", "data", "./sub/data"),
        ] {
            assert_eq!(join(base, rel), want, "{base:?} + {rel:?}");
        }
    }

    #[test]
    fn absolute_paths_are_normalized() {
        assert_eq!(absolute("/srv/stack", "./proxy/../x//y"), "/srv/stack/x/y");
        assert_eq!(absolute("/srv", "/a/b/."), "/a/b");
        assert_eq!(absolute("/srv", "."), "/srv");
    }
}
