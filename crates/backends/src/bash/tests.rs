//! Unit tests of the bash backend's pieces. Whole scripts are compared by
//! the snapshots of `tests/outputs/fixtures.rs` and run by `tests/scripts/differential.rs`,
//! `tests/scripts/shell.rs` and `tests/engine/`.

use stackc_ir::ast::{Escape, Piece, Word};

use super::schedule::{function_name, wait_name};
use super::words::{Cmd, word_expr};
use crate::docker;

#[test]
fn function_names_are_identifiers_and_never_shared() {
    for (service, function) in [
        ("web", "_sc_service_web"),
        ("web_app", "_sc_service_web__app"),
        ("web-app", "_sc_service_web_2dapp"),
        ("é", "_sc_service__c3_a9"),
    ] {
        assert_eq!(function_name(service), function);
    }
    assert_ne!(function_name("a-"), function_name("a_2d"));
}

#[test]
fn a_wait_is_told_from_a_service_by_its_prefix() {
    assert_eq!(wait_name("db"), "_sc_healthy_db");
    assert_eq!(wait_name("web-app"), "_sc_healthy_web_2dapp");
    assert!(!function_name("healthy_db").starts_with("_sc_healthy_"));
}

#[test]
fn a_word_is_one_bash_word() {
    let word = Word(vec![
        Piece::Lit("it's ".to_owned()),
        Piece::Param {
            name: "TAG".to_owned(),
            escape: Escape::None,
        },
        Piece::Lit(",".to_owned()),
        Piece::ProjectDir {
            escape: Escape::Csv,
        },
    ]);
    assert_eq!(word_expr(&word), r#"'it'\''s '"${TAG}","${_sc_csv_root}""#);
    assert_eq!(word_expr(&Word::default()), "''");
    assert_eq!(word_expr(&Word::lit("")), "''");
}

#[test]
fn a_short_command_is_one_line_a_long_one_an_argument_a_line() {
    let short = Cmd::new(&docker::stop("web", Some(&Word::lit("3"))));
    assert_eq!(short.to_string(), "_sc_run docker stop --time=3 web");
    let status = Cmd::keeping_status(&docker::start_named("web", false));
    assert_eq!(status.to_string(), "_sc_run_status docker start web");
    let command = ["sh", "-c", "echo hi"].map(Word::lit).to_vec();
    let long = Cmd::all(&docker::exec("web", &[command])).remove(0);
    assert_eq!(
        long.to_string(),
        "_sc_run docker exec web \\\n  sh \\\n  -c \\\n  'echo hi'"
    );
}

/// `Runtime::of` scans the plan a chunk of blocks at a time and merges the
/// chunks' findings: the result must be that of one scan in order, for a
/// plan whose references with fallbacks, optional env files and
/// converted values first appear in many different chunks.
#[test]
fn the_runtime_of_a_plan_scanned_in_chunks_is_that_of_one_scan() {
    use std::fmt::Write as _;

    use super::runtime::Runtime;

    let mut source = String::from("[stack]\nname = \"chunks\"\n\n");
    for p in 0..12 {
        let _ = writeln!(source, "[params.P{p}]\ndefault = \"{p}\"\n");
    }
    source.push_str("[params.PORT]\ndefault = \"8080\"\n\n[params.GRACE]\ndefault = \"10s\"\n\n");
    for i in 0..700 {
        let (a, b, c) = ((i * 7) % 12, (i * 5 + 3) % 12, i % 12);
        let _ = writeln!(source, "[services.s{i}]\nimage = \"app:${{P{c}}}\"");
        let _ = writeln!(
            source,
            "environment = {{ X = \"${{P{a}:-${{P{b}:-fallback-{}}}}}\" }}",
            i % 9
        );
        if i % 97 == 13 {
            let _ = writeln!(source, "ports = [\"${{PORT}}:80\"]");
        }
        if i % 89 == 5 {
            let _ = writeln!(
                source,
                "env_file = [{{ path = \"opt-{}.env\", required = false }}]",
                i % 4
            );
        }
        if i % 101 == 7 {
            let _ = writeln!(source, "volumes = [\"./data-${{P{c}}}:/data\"]");
        }
        if i % 103 == 11 {
            let _ = writeln!(source, "stop_grace_period = \"${{GRACE}}\"");
        }
        source.push('\n');
    }
    let stack = stackc_frontend::parse(&source).unwrap();
    let analyzed = stackc_passes::analyze(&stack).unwrap();
    let plan = stackc_passes::lower(&stack, &analyzed, stackc_ir::ast::Action::Up);
    assert!(plan.blocks.len() > 500);
    let mut whole = Runtime::default();
    for op in plan.blocks.iter().flat_map(|b| &b.ops) {
        whole.op(op);
    }
    assert!(whole.expansions.len() > 20 && whole.optional_files.len() == 4);
    assert!(
        !whole.converts.is_empty() && whole.root,
        "{:?} {}",
        whole.converts,
        whole.root
    );
    assert_eq!(Runtime::of(&plan), whole);
}
