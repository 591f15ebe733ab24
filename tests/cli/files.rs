//! Stack files that cannot be read (issue 4): a directory, a missing file,
//! a path through a file, non-UTF-8 bytes, a 100 MB file, an endless
//! device. Each is a usage or I/O error: exit 2, a clear message on stderr,
//! quickly and in bounded memory, and no output file created or truncated.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{Test, tempdir, write};

/// Run every output command on `stack`: each exits 2 with `message` on
/// stderr, within `limit`, and leaves `-o` files alone.
fn refused(stack: &Path, message: &str, limit: Duration) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = tempdir(&format!(
        "files-out-{}",
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let existing = write(&dir, "existing.sh", "keep me\n");
    let fresh = dir.join("fresh.yaml");
    let runs: [&[&str]; 6] = [
        &["check"],
        &["bash", "-o", existing.to_str().unwrap()],
        &["compose", "-o", fresh.to_str().unwrap()],
        &["argv", "--format", "nul"],
        &["argv", "--format", "shell"],
        &["graph"],
    ];
    for args in runs {
        let started = Instant::now();
        let out = Test::new(args).file(stack).env_clear().exits(2);
        let took = started.elapsed();
        let stderr = &out.stderr;
        assert!(
            stderr.contains(message),
            "{args:?}: the message says {message:?}:\n{stderr}"
        );
        assert!(stderr.starts_with("stackc: error: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(took < limit, "{args:?} took {took:?}");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me\n");
        assert!(!fresh.exists(), "{args:?} created {}", fresh.display());
    }
}

const QUICK: Duration = Duration::from_secs(5);

#[test]
fn a_directory() {
    let dir = tempdir("files-dir");
    refused(&dir, "is a directory", QUICK);
}

#[test]
fn a_missing_file() {
    let dir = tempdir("files-missing");
    refused(&dir.join("stack.toml"), "no such file", QUICK);
}

#[test]
fn a_path_through_a_file() {
    // Root reads any file whatever its mode, so "unreadable" is tested with
    // a path that cannot be opened by anyone.
    let dir = tempdir("files-notdir");
    let file = write(&dir, "stack.toml", "[stack]\nname = \"x\"\n");
    refused(&file.join("stack.toml"), "cannot read", QUICK);
}

#[test]
fn non_utf8_bytes() {
    let dir = tempdir("files-utf8");
    for (name, bytes) in [
        ("latin1.toml", &b"[stack]\nname = \"caf\xe9\"\n"[..]),
        ("binary.toml", &b"\xff\xfe\x00\x01\x80"[..]),
        ("in-key.toml", &b"[stack]\nna\xc3me = \"x\"\n"[..]),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        refused(&path, "not UTF-8", QUICK);
    }
}

#[test]
fn a_100_mb_file_is_refused_quickly() {
    let dir = tempdir("files-huge");
    let path = dir.join("stack.toml");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: 100 MB of NULs without writing them.
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    refused(&path, "more than a stack file may be", QUICK);
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_under_is_read() {
    let dir = tempdir("files-limit");
    let over = dir.join("over.toml");
    std::fs::write(&over, " ".repeat(8 * 1024 * 1024 + 1)).unwrap();
    refused(&over, "more than a stack file may be", QUICK);
    // Under the limit: read and parsed (it is a valid stack padded with a
    // comment).
    let under = dir.join("under.toml");
    let mut text = String::from("[stack]\nname = \"big\"\n[services.a]\nimage = \"x:1\"\n#");
    text.push_str(&"x".repeat(7 * 1024 * 1024));
    text.push('\n');
    std::fs::write(&under, text).unwrap();
    Test::new(&["check"]).file(&under).env_clear().ok();
}

#[test]
fn an_endless_device_is_refused_in_bounded_memory() {
    refused(
        Path::new("/dev/zero"),
        "more than a stack file may be",
        QUICK,
    );
}

/// An `env_file` is read relative to the stack file's directory, whatever
/// the working directory: present, the stack compiles; missing or a
/// directory, every command exits 1 naming it, and writes nothing.
#[test]
fn env_files_are_checked_relative_to_the_stack() {
    let dir = tempdir("files-env-file");
    std::fs::create_dir_all(dir.join("conf")).unwrap();
    write(&dir, "conf/app.env", "A=1\n");
    let stack = write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"env\"\n\n[services.web]\nimage = \"nginx:1.27\"\nenv_file = [\"conf/app.env\", \"./conf/missing.env\", \"conf\"]\n",
    );
    let existing = write(&dir, "up.sh", "keep me\n");
    let elsewhere = tempdir("files-env-file-cwd");
    for args in [
        &["check"][..],
        &["bash", "-o", existing.to_str().unwrap()],
        &["argv"],
        &["compose"],
    ] {
        let out = Test::new(args)
            .file(&stack)
            .dir(&elsewhere)
            .env_clear()
            .exits(1);
        let stderr = &out.stderr;
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(stderr.contains("stackc::env-file"), "{stderr}");
        assert!(stderr.contains("./conf/missing.env"), "{stderr}");
        assert!(stderr.contains("a directory, not a file"), "{stderr}");
        assert!(!stderr.contains("`conf/app.env`"), "{stderr}");
        assert!(stderr.contains("2 errors"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me\n");

    write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"env\"\n\n[services.web]\nimage = \"nginx:1.27\"\nenv_file = \"conf/app.env\"\n",
    );
    Test::new(&["check"])
        .file(&stack)
        .dir(&elsewhere)
        .env_clear()
        .ok();
}
