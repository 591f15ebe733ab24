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

/// The compose file of `source` written in parts (as `stackc compose`
/// writes it) and whole (as it is written when something is reported);
/// `None` when the stack does not compile.
fn both_ways(source: &str) -> Option<(Result<String, ()>, Result<String, ()>)> {
    use stackc_ir::ast::{Action, Plan};

    use crate::text::Text;
    use crate::yaml::{self, MultiLine};
    use crate::{Input, Layout};

    let stack = stackc_frontend::parse(source).ok()?;
    let analyzed = stackc_passes::analyze(&stack).ok()?;
    let plan = Plan {
        stack: stack.name.value.clone(),
        action: Action::Up,
        params: Vec::new(),
        blocks: Vec::new(),
    };
    let layout = Layout {
        source_name: "stack.toml".to_owned(),
        project_dir_from_output: ".".to_owned(),
        ..Layout::default()
    };
    let input = Input {
        stack: &stack,
        analyzed: &analyzed,
        plan: &plan,
        layout: &layout,
    };
    let mut parts = Text::new();
    let parts = super::written_in_parts(&input, &mut parts).map(|()| parts.into_string());
    let whole = super::lowered(&input)
        .map_err(drop)
        .and_then(|file| yaml::to_string(&file, MultiLine::Quoted, "compose").map_err(drop));
    Some((parts, whole))
}

/// A stack of `n` services of varied shapes, some with a parameter whose
/// default compose cannot hold when `refused`.
fn many(n: usize, refused: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("[stack]\nname = \"parts\"\n\n[params.TAG]\n");
    out.push_str(if refused {
        "default = \"a}b\"\n\n"
    } else {
        "default = \"1.$0\"\n\n"
    });
    out.push_str(
        "[images.base]\nbuild = { context = \".\" }\n\n[volumes.data]\n\n[networks.front]\n\n",
    );
    for i in 0..n {
        let _ = writeln!(out, "[services.s{i}]");
        if i % 4 == 0 {
            let _ = writeln!(out, "image = \"base\"");
        } else {
            let _ = writeln!(out, "image = \"app:${{TAG}}\"");
        }
        let _ = writeln!(
            out,
            "command = [\"run\", \"it's \\\"{i}\\\"\\n$$HOME\", \"ü\"]"
        );
        if i % 3 == 0 {
            let _ = writeln!(out, "volumes = [\"data:/data\"]\nnetworks = [\"front\"]");
        }
        if i > 0 && i % 5 == 0 {
            let _ = writeln!(out, "depends_on = {{ s{} = \"started\" }}", i - 1);
        }
        if i % 7 == 1 {
            let _ = writeln!(out, "environment = {{ A = \"${{TAG}}\", B = \"\" }}");
        }
    }
    out
}

/// `stackc compose` writes the file a chunk of services at a time; the
/// bytes must be those of the whole file written at once, for every
/// fixture that compiles and for stacks of more services than a chunk.
#[test]
fn the_file_written_in_parts_is_the_file_written_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut compared = 0;
    for dir in ["compose", "engine", "kube", "swarm", "overlay"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            if let Some((parts, whole)) = both_ways(&source) {
                assert_eq!(parts, whole, "{}", path.display());
                compared += 1;
            }
        }
    }
    assert!(compared >= 30, "only {compared} fixtures compiled");
    for n in [
        0,
        1,
        super::SERVICES_PER_CHUNK,
        3 * super::SERVICES_PER_CHUNK + 5,
    ] {
        let (parts, whole) = both_ways(&many(n, false)).unwrap();
        assert!(
            whole
                .as_ref()
                .is_ok_and(|w| w.contains("\n  images.base:\n"))
        );
        assert_eq!(parts, whole, "{n} services");
    }
    // A parameter compose cannot hold, read by services in several
    // chunks: the parts are refused, so that the whole file's lowering
    // reports it (once).
    let (parts, whole) = both_ways(&many(3 * super::SERVICES_PER_CHUNK, true)).unwrap();
    assert_eq!((parts, whole), (Err(()), Err(())));
}
