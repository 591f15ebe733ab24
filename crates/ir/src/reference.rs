//! Image references: `[DOMAIN/]PATH[:TAG][@DIGEST]`, the grammar of
//! docker's `distribution/reference`, checked at compile time for literal
//! references ([`check`]) and, for a reference that a parameter completes,
//! by the generated script before docker sees it ([`ERE`], bash's twin of
//! [`check`]; a test keeps the two equal). A reference is never read as a
//! flag: one that starts with `-` is not a reference.

/// The grammar as a POSIX extended regular expression, for bash's `=~`:
///
/// ```text
/// domain    = component ("." component)* [":" port] | "[" IPv6 "]" [":" port]
/// component = [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]
/// path      = segment ("/" segment)*,  segment = [a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*
/// tag       = [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
/// digest    = algorithm ":" hex{32,},  algorithm = [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)*
/// ```
pub const ERE: &str = concat!(
    "^(",
    "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:[0-9]+)?/",
    ")?",
    "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*",
    "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?",
    "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$",
);

/// The longest name (domain and path) docker accepts.
pub const MAX_NAME: usize = 255;

/// Whether `text` is an image reference; else what is wrong with it.
pub fn check(text: &str) -> Result<(), &'static str> {
    if text.is_empty() {
        return Err("empty image reference");
    }
    if text.starts_with('-') {
        return Err("starts with `-`");
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains whitespace");
    }
    let (rest, digest) = match text.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (text, None),
    };
    if let Some(digest) = digest
        && !is_digest(digest)
    {
        return Err("malformed digest, expected `@algorithm:hex` with at least 32 hex digits");
    }
    let last = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last..].rfind(':') {
        Some(i) => (&rest[..last + i], Some(&rest[last + i + 1..])),
        None => (rest, None),
    };
    if let Some(tag) = tag
        && !is_tag(tag)
    {
        return Err("invalid tag");
    }
    if name.len() > MAX_NAME {
        return Err("the name is longer than 255 characters");
    }
    // The name is `[domain/]path`: valid if some split point makes it so.
    if is_path(name) {
        return Ok(());
    }
    if let Some((domain, path)) = name.split_once('/')
        && is_domain(domain)
        && is_path(path)
    {
        return Ok(());
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        Err("repository names must be lowercase")
    } else {
        Err("invalid character in repository name")
    }
}

fn is_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    tag.len() <= 128
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn is_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric())
    });
    algorithm_ok && hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// `segment ("/" segment)*`
fn is_path(path: &str) -> bool {
    path.split('/').all(is_segment)
}

/// `[a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*`
fn is_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && alnum(bytes[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == bytes.len() {
            return true;
        }
        // A separator: `.`, `_`, `__` or a run of `-`.
        match bytes[i] {
            b'.' => i += 1,
            b'_' => {
                i += if bytes.get(i + 1) == Some(&b'_') {
                    2
                } else {
                    1
                }
            }
            b'-' => {
                while i < bytes.len() && bytes[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

/// `component ("." component)* [":" port]`, or `[IPv6]` with a port.
fn is_domain(domain: &str) -> bool {
    let (host, port) = match domain.rfind(':') {
        Some(i) if !domain[i..].contains(']') => (&domain[..i], Some(&domain[i + 1..])),
        _ => (domain, None),
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    host.split('.').all(|component| {
        let bytes = component.as_bytes();
        !bytes.is_empty()
            && bytes[0].is_ascii_alphanumeric()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::check;

    const DIGEST: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn references_docker_takes() {
        for ok in [
            "nginx",
            "nginx:1.27-alpine",
            "library/nginx",
            "ghcr.io/owner/app:v1",
            "localhost:5000/app",
            "Registry.Example.com/app",
            "[::1]:5000/app:1",
            "my_app__x/a-b--c.d:latest",
            "a/b/c/d",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        assert_eq!(check(&format!("redis@{DIGEST}")), Ok(()));
        // The shortest digest docker takes: 32 hex digits.
        assert_eq!(
            check("redis@sha256:0123456789abcdef0123456789abcdef"),
            Ok(())
        );
        assert_eq!(check(&format!("redis:7@{DIGEST}")), Ok(()));
    }

    #[test]
    fn what_docker_refuses() {
        for bad in [
            "",
            "ng inx",
            "-nginx",
            "--privileged",
            "Nginx",
            "nginx:",
            "nginx:!",
            "a//b",
            "redis@sha256",
            "redis@sha256:abc123",
            "_app",
            "app_",
            "a..b",
            "a___b",
            "exa$mple.com/app",
            "host:port/app",
            "app\n",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        assert!(check(&format!("{}/x", "a".repeat(300))).is_err());
    }
}
