//! The header of one file in a POSIX ustar archive, as far as the scripts
//! write one: a secret's or config's path, mode and owner, fixed at compile
//! time, and its size, known when the script runs. The scripts stream the
//! archive into `docker cp -`, so that the content reaches the container
//! without a command line or a temporary file.
//!
//! A path is split into ustar's `prefix` (at most 155 bytes) and `name`
//! (at most 100 bytes) at a `/`; the checksum is the sum of the header's
//! bytes with the checksum field read as eight spaces: [`Header::sum`]
//! covers every field but the size, which the script adds.

/// The largest ID the 7 octal digits of a ustar `uid` or `gid` field hold.
pub const MAX_ID: u32 = 0o7_777_777;

/// The fixed fields of a header, as the script writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub prefix: String,
    pub name: String,
    /// 7 octal digits each.
    pub mode: String,
    pub uid: String,
    pub gid: String,
    /// The checksum of every byte of the header but the size field's.
    pub sum: u32,
}

/// The header of the file at `path` (absolute, its segments neither
/// empty nor `.` or `..`); `None` when ustar cannot hold the path or an ID.
pub fn header(path: &str, mode: u32, uid: u32, gid: u32) -> Option<Header> {
    let relative = path.strip_prefix('/')?;
    let (prefix, name) = split(relative)?;
    if uid > MAX_ID || gid > MAX_ID || mode > 0o7777 {
        return None;
    }
    let mode = format!("{mode:07o}");
    let uid = format!("{uid:07o}");
    let gid = format!("{gid:07o}");
    let bytes_sum = |text: &str| text.bytes().map(u32::from).sum::<u32>();
    // mtime `00000000000`, typeflag `0`, magic `ustar`, version `00`, and
    // the checksum field as eight spaces.
    let fixed = bytes_sum("00000000000") + bytes_sum("0") + bytes_sum("ustar00") + 8 * 32;
    let sum = bytes_sum(prefix)
        + bytes_sum(name)
        + bytes_sum(&mode)
        + bytes_sum(&uid)
        + bytes_sum(&gid)
        + fixed;
    Some(Header {
        prefix: prefix.to_owned(),
        name: name.to_owned(),
        mode,
        uid,
        gid,
        sum,
    })
}

/// `path` (relative) as ustar's `prefix` and `name`: the whole path as the
/// name when it fits, else split at the last `/` that fits both.
fn split(path: &str) -> Option<(&str, &str)> {
    if path.is_empty() || path.contains('\0') {
        return None;
    }
    if path.len() <= 100 {
        return Some(("", path));
    }
    path.char_indices()
        .filter(|&(_, c)| c == '/')
        .map(|(at, _)| (&path[..at], &path[at + 1..]))
        .rfind(|(prefix, name)| prefix.len() <= 155 && !name.is_empty() && name.len() <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_paths_are_the_name_and_long_ones_split_at_a_slash() {
        let h = header("/run/secrets/db", 0o400, 999, 0).unwrap();
        assert_eq!((h.prefix.as_str(), h.name.as_str()), ("", "run/secrets/db"));
        assert_eq!((h.mode.as_str(), h.uid.as_str()), ("0000400", "0001747"));
        let long = format!("/{}/{}", "a".repeat(120), "b".repeat(90));
        let h = header(&long, 0o444, 0, 0).unwrap();
        assert_eq!(h.prefix, "a".repeat(120));
        assert_eq!(h.name, "b".repeat(90));
        // A segment longer than 100 bytes at the end does not fit.
        assert!(header(&format!("/x/{}", "c".repeat(101)), 0o444, 0, 0).is_none());
        assert!(header("/x", 0o444, MAX_ID + 1, 0).is_none());
    }
}
