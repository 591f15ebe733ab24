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
