//! The command line as a user meets it: exit codes, `-o`, `--check`,
//! errors that write nothing, the argv formats.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::{Test, parse_nul, stack_in, stackc, tempdir, tool, write};

fn webapp() -> PathBuf {
    crate::support::root().join("fixtures/valid/webapp.toml")
}

#[test]
fn check_accepts_a_valid_stack() {
    let out = Test::new(&["check"]).file(&webapp()).ok();
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("ok (4 services"));
}

#[test]
fn default_stack_file_is_stack_toml_in_the_current_directory() {
    let (dir, _) = stack_in(
        "cli-default",
        "[stack]\nname = \"d\"\n[services.a]\nimage = \"busybox\"\n",
    );
    Test::new(&["check"]).dir(&dir).ok();
}

#[test]
fn output_is_written_atomically_and_only_when_valid() {
    let dir = tempdir("cli-output");
    let up = dir.join("up.sh");
    Test::new(&["bash"]).file(&webapp()).out(&up).ok();
    let script = std::fs::read_to_string(&up).unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    assert!(script.contains("\nset -euo pipefail\n"));
    assert_eq!(
        std::fs::metadata(&up).unwrap().permissions().mode() & 0o111,
        0o111,
        "the script is executable"
    );

    // An invalid stack exits 1 and leaves the existing output untouched.
    let bad = write(
        &dir,
        "bad.toml",
        "[stack]\nname = \"x\"\n[services.a]\nimage = \"busybox\"\ndepends_on = [\"b\"]\n",
    );
    Test::new(&["bash"]).file(&bad).out(&up).exits(1);
    assert_eq!(
        std::fs::read_to_string(&up).unwrap(),
        script,
        "the old up.sh is intact"
    );
    let fresh = dir.join("never.sh");
    Test::new(&["bash"]).file(&bad).out(&fresh).exits(1);
    assert!(
        !fresh.exists(),
        "no output file is created for an invalid stack"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().ends_with(".tmp")),
        "{leftovers:?}"
    );
}

#[test]
fn check_flag_reports_stale_outputs_with_a_diff() {
    let dir = tempdir("cli-check");
    let up = dir.join("up.sh");
    let bash = || Test::new(&["bash"]).file(&webapp());
    // Missing: stale.
    bash().out(&up).arg("--check").exits(1);
    assert!(!up.exists(), "--check writes nothing");
    // Fresh: ok.
    bash().out(&up).ok();
    bash().out(&up).arg("--check").ok();
    // Edited by hand: stale, with a unified diff naming the changed line.
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, text.replace("set -euo pipefail", "set -eu")).unwrap();
    let diff = bash().out(&up).arg("--check").exits(1).stdout;
    assert!(diff.contains("-set -eu\n+set -euo pipefail\n"), "{diff}");
    assert!(diff.contains("@@"), "{diff}");
    // --check needs -o.
    bash().arg("--check").exits(2);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempdir("cli-io");
    for (stack, args, message) in [
        (dir.join("nope.toml"), &["check"][..], "no such file"),
        (dir.clone(), &["check"], "is a directory"),
        (
            webapp(),
            &["argv", "--set", "NOPE=1"],
            "declares no parameter `NOPE`",
        ),
    ] {
        let out = Test::new(args).file(&stack).exits(2);
        assert!(out.stderr.contains(message), "{}", out.stderr);
    }
    Test::new(&["frobnicate"]).exits(2);
    // `-o` on a directory, with or without the trailing slash.
    for target in [format!("{}/", dir.display()), dir.display().to_string()] {
        let stderr = Test::new(&["bash"])
            .file(&webapp())
            .out(Path::new(&target))
            .exits(2)
            .stderr;
        assert!(
            stderr.contains("is a directory: give the path of a file to write"),
            "{stderr}"
        );
    }
}

#[test]
fn argv_formats_decode_to_the_same_commands() {
    let quoting = crate::support::root().join("fixtures/valid/quoting.toml");
    let hostile = "it's \"2\" $x\nline two\u{1b}[2J\u{9b}\t\\";
    let set = format!("GREETING={hostile}");
    let argv = |format: &str| {
        Test::new(&["argv", "--set", &set, "--format", format])
            .file(&quoting)
            .ok()
            .stdout
    };
    let json = argv("json");
    let from_json: Vec<Vec<String>> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(from_json.iter().all(|c| c[0] == "docker"));
    assert!(from_json.iter().flatten().any(|a| a == hostile));

    assert_eq!(parse_nul(argv("nul").as_bytes()), from_json);

    // bash reads the shell format back as the same argv, one command per
    // line whatever the arguments hold, and no control character reaches
    // the terminal.
    let shell = argv("shell");
    assert_eq!(shell.lines().count(), from_json.len(), "{shell}");
    assert!(
        !shell.chars().any(|c| c.is_control() && c != '\n'),
        "{shell:?}"
    );
    let script = format!("docker() {{ printf '%s\\0' \"$(($# + 1))\" docker \"$@\"; }}\n{shell}");
    let out = Test::program(&tool("bash"), &["-c", &script]).ok();
    assert_eq!(parse_nul(out.stdout.as_bytes()), from_json);

    // A secret never appears; its variable is passed by name.
    let json = Test::new(&["argv"]).file(&webapp()).ok().stdout;
    assert!(json.lines().any(|l| l.contains("\"--env=DATABASE_URL\"")));
    assert!(!json.contains("DB_PASSWORD"));
}

#[test]
fn argv_needs_a_value_for_required_parameters() {
    let (_, stack) = stack_in(
        "cli-required",
        "[stack]\nname = \"r\"\n[params.TAG]\n[services.a]\nimage = \"app:${TAG}\"\n",
    );
    let argv = |args: &[&str]| Test::new(&["argv"]).file(&stack).args(args);
    let out = argv(&[]).env_remove("TAG").exits(1);
    assert!(out.stderr.contains("--set TAG=VALUE"));
    let out = argv(&[]).env("TAG", "from-env").ok();
    assert!(out.stdout.contains("app:from-env"));
    let out = argv(&["--set", "TAG=from-set"]).env("TAG", "from-env").ok();
    assert!(out.stdout.contains("app:from-set"));
}

#[test]
fn graph_renders_with_graphviz() {
    let dot = Test::new(&["graph"]).file(&webapp()).ok().stdout;
    let svg = Test::program(&tool("dot"), &["-Tsvg"]).stdin(dot).ok();
    assert!(svg.stdout.contains("<svg"));
    let mermaid = Test::new(&["graph", "--format", "mermaid"])
        .file(&webapp())
        .ok()
        .stdout;
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("-->|healthy|"));
}

#[test]
fn completions_load_in_bash_and_name_every_subcommand() {
    let bash = Test::new(&["completions", "bash"]).ok().stdout;
    let out = Test::program(
        &tool("bash"),
        &["-c", &format!("{bash}\ncomplete -p stackc")],
    )
    .ok();
    assert!(
        out.stdout.contains("_stackc"),
        "bash registers the completion"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = Test::new(&["completions", shell]).ok().stdout;
        for sub in ["check", "bash", "argv", "compose", "graph"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    Test::new(&["completions", "powershell-7"]).exits(2);
}

/// `stackc man --dir` installs one page per command; each renders without
/// a warning under groff and man, keeps its examples preformatted, says
/// what its exit status means, and refers only to pages that exist.
#[test]
fn manual_pages_one_per_command_render_cleanly() {
    let dir = tempdir("man");
    Test::new(&["man", "--dir"]).arg(&dir).ok();
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = [
        "stackc",
        "stackc-argv",
        "stackc-bash",
        "stackc-check",
        "stackc-completions",
        "stackc-compose",
        "stackc-diff",
        "stackc-generate",
        "stackc-graph",
        "stackc-import",
        "stackc-kube",
        "stackc-man",
        "stackc-schema",
        "stackc-swarm",
    ]
    .iter()
    .map(|p| format!("{p}.1"))
    .collect();
    expected.sort();
    assert_eq!(pages, expected);
    for page in &pages {
        let path = dir.join(page);
        let roff = std::fs::read_to_string(&path).unwrap();
        let groff = Test::program(&tool("groff"), &["-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .ok();
        assert!(
            groff.stderr.is_empty(),
            "groff warns about {page}:\n{}",
            groff.stderr
        );
        let man = Test::program(&tool("man"), &["-l", "-Tutf8"])
            .arg(&path)
            .env("MANWIDTH", "80")
            .ok();
        assert!(man.stderr.is_empty(), "man -l {page}:\n{}", man.stderr);
        // Without a terminal, man shows bold as overstrikes (`N\bN`).
        let mut text = String::new();
        for c in man.stdout.chars() {
            if c == '\u{8}' {
                text.pop();
            } else {
                text.push(c);
            }
        }
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "EXAMPLES",
            "EXIT STATUS",
            "SEE ALSO",
        ] {
            assert!(text.contains(section), "{page} has no {section}:\n{text}");
        }
        assert!(
            roff.contains(".nf\nstackc"),
            "{page}: examples are preformatted"
        );
        // Every page it refers to (`stackc\-bash(1)`) exists.
        let plain = roff
            .replace("\\fB", " ")
            .replace("\\fR", "")
            .replace("\\-", "-");
        let mut references = 0;
        let parts: Vec<&str> = plain.split("(1)").collect();
        for before in &parts[..parts.len() - 1] {
            let name = before.rsplit([' ', '\n', '(']).next().unwrap();
            if !name.starts_with("stackc") {
                continue;
            }
            let file = format!("{name}.1");
            assert!(
                pages.contains(&file),
                "{page} refers to {file}, which is not installed"
            );
            references += 1;
        }
        assert!(references >= 1, "{page} refers to no other page");
    }
    // One page alone, on standard output.
    let bash = Test::new(&["man", "bash"]).ok().stdout;
    assert!(bash.contains(".TH STACKC-BASH 1"), "{bash}");
    assert!(bash.contains("\\-\\-action"));
}

/// Every command's help ends with examples and the exit status.
#[test]
fn every_help_shows_examples_and_exit_status() {
    for sub in [
        "check",
        "bash",
        "argv",
        "compose",
        "kube",
        "graph",
        "generate",
        "diff",
        "import",
        "schema",
        "completions",
        "man",
    ] {
        let help = Test::new(&[sub, "--help"]).ok().stdout;
        assert!(
            help.contains("Examples:\n  stackc") || help.contains("Examples:\n  cat"),
            "`stackc {sub} --help` shows no example:\n{help}"
        );
        assert!(
            help.contains("Exit status:\n  0  success"),
            "{sub}:\n{help}"
        );
    }
}

/// Options are offered only where they mean something: the stack options
/// are refused by a command that reads no stack, and `argv` offers no
/// action it cannot print.
#[test]
fn options_only_where_they_mean_something() {
    for args in [
        &["-f", "/nonexistent.toml", "schema"][..],
        &["--profile", "dev", "completions", "bash"],
        &["-f", "x.toml", "man"],
        &["-f", "x.toml", "import", "compose.yaml"],
    ] {
        let stderr = Test::new(args).exits(2).stderr;
        assert!(stderr.contains("reads no stack file"), "{args:?}: {stderr}");
    }
    for args in [
        &["schema", "-f", "x.toml"][..],
        &["import", "--profile", "dev"],
    ] {
        Test::new(args).exits(2);
    }
    // The stack options go before or after a command that reads a stack.
    let webapp = webapp();
    Test::new(&[]).file(&webapp).arg("check").ok();
    Test::new(&["check"]).file(&webapp).ok();
    Test::new(&[])
        .file(&webapp)
        .arg("check")
        .file(&webapp)
        .exits(2);
    // `import` names what is missing without pointing at --file.
    let stderr = Test::new(&["import", "/nonexistent/compose.yaml"])
        .exits(2)
        .stderr;
    assert!(
        stderr.contains("no such file") && !stderr.contains("--file"),
        "{stderr}"
    );
}

/// The graph shown in README.md is the bundled example's current graph
/// (regenerate with `stackc -f fixtures/valid/webapp.toml graph -o
/// docs/webapp.dot && dot -Tsvg docs/webapp.dot -o docs/webapp.svg`).
#[test]
fn readme_graph_is_current() {
    let dot = Test::new(&["graph"]).file(&webapp()).ok().stdout;
    let committed =
        std::fs::read_to_string(crate::support::root().join("docs/webapp.dot")).unwrap();
    assert_eq!(dot, committed, "docs/webapp.dot is stale");
    let svg = std::fs::read_to_string(crate::support::root().join("docs/webapp.svg")).unwrap();
    assert!(
        svg.contains("<svg") && svg.contains("network back"),
        "docs/webapp.svg is the rendered graph"
    );
}

#[test]
fn argv_refuses_a_parameter_value_outside_its_choices() {
    let argv = |set: &str| Test::new(&["argv", "--set", set]).file(&webapp());
    let stderr = argv("LOG_LEVEL=loud").exits(1).stderr;
    assert!(
        stderr.contains("parameter `LOG_LEVEL`: `loud` is not one of its choices"),
        "{stderr}"
    );
    assert!(stderr.contains("`debug`, `info`, `warn`"), "{stderr}");
    argv("LOG_LEVEL=warn").ok();
}

/// `argv` does not offer the actions whose commands depend on the engine
/// at run time.
#[test]
fn argv_refuses_backup_and_restore() {
    for action in ["backup", "restore"] {
        let stderr = Test::new(&["argv", "--action", action])
            .file(&webapp())
            .exits(2)
            .stderr;
        assert!(
            stderr.contains(&format!("invalid value '{action}'")),
            "{stderr}"
        );
        assert!(stderr.contains("possible values: up, down"), "{stderr}");
    }
}

/// `-o` never replaces what is not a regular output: a FIFO (or a device)
/// is written to, the stack file and the files it reads are refused, an
/// existing file keeps its mode.
#[test]
fn output_writes_into_a_fifo_and_never_replaces_an_input() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let (dir, stack) = stack_in(
        "cli-output-kinds",
        "[stack]\nname = \"k\"\n[services.web]\nimage = \"busybox:stable\"\nenv_file = \"web.env\"\n",
    );
    write(&dir, "web.env", "A=1\n");
    let original = std::fs::read_to_string(&stack).unwrap();
    let bash = |out: &Path| Test::new(&["bash"]).file(&stack).out(out);
    for target in ["stack.toml", "web.env"] {
        let out = bash(&dir.join(target)).exits(2);
        assert!(out.stderr.contains("is an input of the stack"));
    }
    assert_eq!(std::fs::read_to_string(&stack).unwrap(), original);
    assert_eq!(
        std::fs::read_to_string(dir.join("web.env")).unwrap(),
        "A=1\n"
    );

    // A FIFO: the script arrives through it, and it stays a FIFO.
    let fifo = dir.join("pipe");
    Test::program(Path::new("mkfifo"), &[]).arg(&fifo).ok();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    bash(&fifo).ok();
    let text = reader.join().unwrap();
    assert!(text.starts_with("#!/usr/bin/env bash\n"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    // /dev/null is written to, not replaced (as root, a rename would).
    bash(Path::new("/dev/null")).ok();
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // An existing output keeps its mode.
    let out = write(&dir, "up.sh", "old\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
    bash(&out).ok();
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

/// A reader that stops early (`| head`) ends stackc quietly: no panic, the
/// exit status it would have had.
#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempdir("cli-closed-pipe");
    let stale = write(&dir, "up.sh", "stale\n");
    let webapp = webapp();
    let webapp = webapp.to_str().unwrap();
    for (args, status) in [
        (vec!["-f", webapp, "bash"], 0),
        (
            vec![
                "-f",
                webapp,
                "bash",
                "-o",
                stale.to_str().unwrap(),
                "--check",
            ],
            1,
        ),
        (vec!["-f", webapp, "argv", "--format", "shell"], 0),
        (vec!["man"], 0),
    ] {
        let mut child = stackc(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}
