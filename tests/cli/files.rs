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

/// The `docker create` words of `out` (`up.sh --dry-run`'s output, or
/// `stackc argv --format shell`'s), as bash reads them back.
fn create_words(out: &str) -> Vec<String> {
    let line = out
        .lines()
        .find(|l| l.starts_with("docker create "))
        .unwrap_or_else(|| panic!("no docker create in {out}"));
    let split = std::process::Command::new("bash")
        .args(["-c", "eval \"set -- $1\"; printf '%s\\0' \"$@\"", "-", line])
        .output()
        .unwrap();
    String::from_utf8(split.stdout)
        .unwrap()
        .split('\0')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The `--env-file` values and the config hash of a `docker create`.
fn env_files_and_hash(words: &[String]) -> (Vec<String>, String) {
    let files = words
        .iter()
        .filter_map(|w| w.strip_prefix("--env-file="))
        .map(str::to_owned)
        .collect();
    let hash = words
        .iter()
        .find_map(|w| w.strip_prefix("--label=io.stackc.config-hash="))
        .expect("a config hash")
        .to_owned();
    (files, hash)
}

/// An `env_file` with `required = false` may be missing: the stack
/// compiles; the script passes `/dev/null` while the file is missing and
/// the file once it exists (the same script, not recompiled), with another
/// config hash; `stackc argv` gives the same words for the files as they
/// are when it compiles; compose gets the long form. A required file that
/// is missing is still an error, and so is an optional one that is a
/// directory.
#[test]
fn an_optional_env_file_is_passed_when_it_exists() {
    let dir = tempdir("files-optional-env-file");
    write(&dir, "app.env", "A=1\n");
    let stack = write(
        &dir,
        "stack.toml",
        "[stack]\nname = \"env\"\n\n[services.web]\nimage = \"nginx:1.27\"\nenv_file = [\"app.env\", { path = \"local.env\", required = false }]\n",
    );
    let up = dir.join("up.sh");
    Test::new(&["bash"]).file(&stack).out(&up).ok();
    crate::support::shellcheck(&up, &[]);
    let path = std::env::var("PATH").unwrap();
    let dry = || {
        let ran = Test::bash(&up, &["--dry-run"])
            .env_clear()
            .env("PATH", &path)
            .ok();
        create_words(&ran.stdout)
    };
    let argv = || {
        create_words(
            &Test::new(&["argv", "--format", "shell"])
                .file(&stack)
                .env_clear()
                .ok()
                .stdout,
        )
    };

    let (files, missing_hash) = env_files_and_hash(&dry());
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].ends_with("/app.env"), "{files:?}");
    assert_eq!(files[1], "/dev/null");
    assert_eq!(env_files_and_hash(&argv()).0[1], "/dev/null");

    write(&dir, "local.env", "B=2\n");
    let (files, present_hash) = env_files_and_hash(&dry());
    assert!(files[1].ends_with("/local.env"), "{files:?}");
    assert!(std::path::Path::new(&files[1]).is_file(), "{files:?}");
    assert_ne!(present_hash, missing_hash, "the file's presence is hashed");
    let (argv_files, _) = env_files_and_hash(&argv());
    assert!(argv_files[1].ends_with("/local.env"), "{argv_files:?}");

    let compose = Test::new(&["compose"]).file(&stack).ok().stdout;
    assert!(compose.contains("required: false"), "{compose}");

    std::fs::remove_file(dir.join("local.env")).unwrap();
    assert_eq!(
        env_files_and_hash(&dry()).1,
        missing_hash,
        "{}",
        up.display()
    );

    // Required and missing, or optional and a directory: errors.
    std::fs::create_dir(dir.join("local.env")).unwrap();
    std::fs::remove_file(dir.join("app.env")).unwrap();
    let out = Test::new(&["check"]).file(&stack).exits(1);
    assert!(out.stderr.contains("`app.env`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("a directory, not a file"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("2 errors"), "{}", out.stderr);
}
