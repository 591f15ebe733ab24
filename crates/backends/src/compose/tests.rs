//! Unit tests of the compose backend's small functions; whole stacks are
//! fixtures (`fixtures/compose/`, tests/outputs/compose.rs).

use stackc_ir::stack::{Param, Spanned};

use super::interpolation::interpolation;

fn param(default: Option<&str>, secret: bool) -> Param {
    Param {
        name: Spanned::new("P".to_owned(), (0, 1)),
        default: default.map(str::to_owned),
        description: None,
        secret,
        choices: Vec::new(),
        keep_empty: false,
    }
}

#[test]
fn a_default_is_interpolated_with_its_dollars_doubled() {
    assert_eq!(
        interpolation("P", Some(&param(Some("1.$0"), false))),
        Ok("${P:-1.$$0}".to_owned())
    );
    assert_eq!(
        interpolation("P", Some(&param(None, false))),
        Ok("${P:?parameter P is required}".to_owned())
    );
}

/// The frontend refuses a secret with a default; compose would not write
/// it anyway.
#[test]
fn a_secret_default_is_never_written() {
    assert_eq!(
        interpolation("P", Some(&param(Some("hunter2"), true))),
        Ok("${P:?parameter P is required}".to_owned())
    );
}

#[test]
fn an_undeclared_parameter_is_required() {
    assert_eq!(
        interpolation("X", None),
        Ok("${X:?parameter X is required}".to_owned())
    );
}

#[test]
fn a_default_compose_cannot_hold_is_refused() {
    assert_eq!(
        interpolation("P", Some(&param(Some("a}b"), false))),
        Err("`}`")
    );
    assert_eq!(
        interpolation("P", Some(&param(Some("a\r\nb"), false))),
        Err("a line break")
    );
    assert_eq!(
        interpolation("P", Some(&param(Some("a\nb}"), false))),
        Err("`}`")
    );
}
