//! A large stack is parsed, lowered and written a chunk of services at a
//! time on every core (`stackc_ir::parallel`): every output, message and
//! exit status must be the same bytes on one thread as on several.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::{Ran, Test, tempdir, write};

/// Enough services that every parallel part runs on threads (from
/// `stackc_ir::parallel::MIN_PARALLEL`, 1,000 items), each thread taking
/// many chunks.
const SERVICES: usize = 2400;

/// A stack of `SERVICES` services of every shape the lowering treats apart:
/// dependency chains (`healthy`, `started`, `completed`),
/// healthchecks, replicas with rolling updates, one-shot jobs, parameters,
/// volumes, ports and networks; `extra` is appended to service `i` for
/// each `(i, text)`.
fn stack(extra: &[(usize, &str)]) -> String {
    let mut out = String::from(
        "[stack]\nname = \"threads\"\n\n[params.TAG]\ndefault = \"1.0\"\n\n\
         [networks.front]\n\n[volumes.data]\n\n",
    );
    for i in 0..SERVICES {
        let _ = writeln!(out, "[services.svc-{i:05}]");
        let _ = writeln!(
            out,
            "image = \"registry.example.com/app-{}:${{TAG}}\"",
            i % 7
        );
        let _ = writeln!(
            out,
            "command = [\"serve\", \"--name\", \"svc-{i:05}\", \"it's $$HOME\"]"
        );
        if i % 5 == 0 {
            let _ = writeln!(out, "networks = [\"front\"]");
        }
        if i % 9 == 0 {
            let _ = writeln!(out, "volumes = [\"data:/data\"]");
        }
        if i % 11 == 0 && i % 13 != 3 {
            let _ = writeln!(out, "ports = [\"127.0.0.1:{}:80\"]", 20000 + i);
        }
        if i % 17 == 5 {
            let _ = writeln!(out, "run = \"once\"");
        } else if i % 13 == 3 {
            let _ = writeln!(out, "replicas = 3\nupdate = {{ parallelism = 2 }}");
        }
        if i > 0 {
            let parent = (i - 1) / 2;
            let condition = if (parent % 17) == 5 {
                "completed"
            } else if parent % 3 == 1 {
                "healthy"
            } else {
                "started"
            };
            let _ = writeln!(out, "depends_on = {{ svc-{parent:05} = \"{condition}\" }}");
        }
        for (at, text) in extra {
            if *at == i {
                let _ = writeln!(out, "{text}");
            }
        }
        if i % 3 == 1 {
            let _ = writeln!(
                out,
                "[services.svc-{i:05}.healthcheck]\ntest = [\"CMD\", \"true\"]\ninterval = \"2s\""
            );
        }
        out.push('\n');
    }
    out
}

fn run(file: &Path, threads: &str, args: &[&str]) -> Ran {
    Test::new(args)
        .file(file)
        .env("STACKC_THREADS", threads)
        .run()
}

/// Each command's stdout, stderr and exit status with `STACKC_THREADS=1`
/// and `=4`.
fn same_on_any_number_of_threads(file: &Path, commands: &[&[&str]]) {
    for args in commands {
        let one = run(file, "1", args);
        let four = run(file, "4", args);
        assert_eq!(one.code, four.code, "{args:?}: exit status");
        assert!(one.stdout == four.stdout, "{args:?}: stdout differs");
        assert_eq!(one.stderr, four.stderr, "{args:?}: stderr");
    }
}

#[test]
fn every_output_is_the_same_on_one_thread_and_on_four() {
    let dir = tempdir("threads-same");
    let file = write(&dir, "stack.toml", &stack(&[]));
    let up = run(&file, "4", &["bash"]);
    assert_eq!(up.code, Some(0), "{}", up.stderr);
    // The script has every service's function, in the plan's order.
    let at = |name: &str| {
        up.stdout
            .find(&format!("_sc_service_svc_2d{name}() {{"))
            .unwrap()
    };
    assert!(at("00000") < at("01199") && at("01199") < at("02399"));
    same_on_any_number_of_threads(
        &file,
        &[
            &["check"],
            &["bash"],
            &["bash", "--action", "down"],
            &["bash", "--action", "stop"],
            &["bash", "--action", "ps"],
            &["bash", "--action", "run", "--service", "svc-02398"],
            &["argv"],
            &["compose"],
            &["kube"],
            &["swarm"],
            &["graph"],
        ],
    );
}

#[test]
fn errors_in_every_range_are_reported_in_order_on_any_number_of_threads() {
    let dir = tempdir("threads-errors");
    let text = stack(&[
        (7, "imagee = \"typo\""),
        (1300, "restart = \"sometimes\""),
        (2399, "stop_grace_period = \"soon\""),
    ]);
    let file = write(&dir, "stack.toml", &text);
    let one = run(&file, "1", &["check"]);
    assert_eq!(one.code, Some(1), "{}", one.stderr);
    let line = |needle: &str| {
        let at = one
            .stderr
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {}", one.stderr));
        one.stderr[..at].lines().count()
    };
    // Each error names its service's key, in the order of the file.
    assert!(line("imagee") < line("sometimes") && line("sometimes") < line("soon"));
    same_on_any_number_of_threads(&file, &[&["check"], &["bash"]]);
}

#[test]
fn a_service_defined_twice_in_another_range_is_toml_s_error_on_any_number_of_threads() {
    let dir = tempdir("threads-twice");
    let mut text = stack(&[]);
    text.push_str("[services.svc-00010]\nimage = \"again\"\n");
    let file = write(&dir, "stack.toml", &text);
    let one = run(&file, "1", &["check"]);
    assert_eq!(one.code, Some(1));
    assert!(one.stderr.contains("svc-00010"), "{}", one.stderr);
    same_on_any_number_of_threads(&file, &[&["check"]]);
}

#[test]
fn a_parameter_refused_in_every_range_is_reported_once_on_any_number_of_threads() {
    let dir = tempdir("threads-refused");
    let uses = "labels = { x = \"${NODEFAULT}\", y = \"${BRACE}\" }";
    let text = stack(&[(7, uses), (1300, uses), (2399, uses)]).replacen(
        "[params.TAG]\n",
        "[params.NODEFAULT]\n\n[params.BRACE]\ndefault = \"a}b\"\n\n[params.TAG]\n",
        1,
    );
    let file = write(&dir, "stack.toml", &text);
    // Compose cannot hold the default's `}`; kube has no value for the
    // parameter without a default. Each is said once, whichever chunks
    // of services read it.
    for (command, needle) in [
        ("compose", "the default of parameter `BRACE`"),
        ("kube", "parameter `NODEFAULT` has no value"),
    ] {
        let one = run(&file, "1", &[command]);
        assert_eq!(one.code, Some(1), "{command}: {}", one.stderr);
        assert_eq!(
            one.stderr.matches(needle).count(),
            1,
            "{command}: {}",
            one.stderr
        );
        same_on_any_number_of_threads(&file, &[&[command]]);
    }
}

/// `STACKC_THREADS` that is not a positive number is ignored (the cores
/// are counted), never an error: the outputs are those of one thread.
#[test]
fn a_thread_count_that_is_not_a_positive_number_is_ignored() {
    let dir = tempdir("threads-bad-count");
    let file = write(&dir, "stack.toml", &stack(&[]));
    for args in [&["argv"][..], &["compose"], &["bash"]] {
        let one = run(&file, "1", args);
        assert_eq!(one.code, Some(0), "{args:?}: {}", one.stderr);
        for bad in ["0", "abc", "-2", "", "4x", "99999999999999999999999"] {
            let ran = run(&file, bad, args);
            assert_eq!(
                ran.code,
                Some(0),
                "{args:?} STACKC_THREADS={bad:?}: {}",
                ran.stderr
            );
            assert!(
                ran.stdout == one.stdout,
                "{args:?} STACKC_THREADS={bad:?}: stdout differs"
            );
            assert_eq!(ran.stderr, one.stderr, "{args:?} STACKC_THREADS={bad:?}");
        }
    }
}

/// `stackc argv` writes its commands as it makes them when they surely
/// resolve; when one of the last services reads a parameter without a
/// value, nothing is written, to standard output or to `-o`'s file, and
/// the parameter is named once. Given a value, the commands are written,
/// the same on any number of threads.
#[test]
fn argv_writes_nothing_when_a_late_service_cannot_be_resolved() {
    let dir = tempdir("threads-argv-refused");
    let uses = "environment = { TOKEN = \"${TOKEN}\" }";
    let text =
        stack(&[(2399, uses)]).replacen("[params.TAG]\n", "[params.TOKEN]\n\n[params.TAG]\n", 1);
    let file = write(&dir, "stack.toml", &text);
    for threads in ["1", "4"] {
        let refused = run(&file, threads, &["argv"]);
        assert_eq!(refused.code, Some(1), "{}", refused.stderr);
        assert!(
            refused.stdout.is_empty(),
            "{} bytes written",
            refused.stdout.len()
        );
        assert_eq!(
            refused.stderr.matches("`TOKEN`").count(),
            1,
            "{}",
            refused.stderr
        );
        let out = dir.join("argv.jsonl");
        let to_file = run(&file, threads, &["argv", "-o", out.to_str().unwrap()]);
        assert_eq!(to_file.code, Some(1));
        assert!(!out.exists(), "-o wrote a file");
    }
    let given = |threads: &str| {
        Test::new(&["argv"])
            .file(&file)
            .env("STACKC_THREADS", threads)
            .env("TOKEN", "it's \"$HOME\"")
            .ok()
            .stdout
    };
    let one = given("1");
    assert!(
        one.lines().count() > SERVICES,
        "{} lines",
        one.lines().count()
    );
    assert!(
        one.contains(r#""--env=TOKEN=it's \"$HOME\"""#),
        "TOKEN's value"
    );
    assert!(one == given("4"), "argv differs on four threads");
}
