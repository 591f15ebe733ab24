//! The whole pipeline on arbitrary bytes: frontend → passes → lower (every
//! action) → every backend. Any panic is a crash; diagnostics are answers.
//!
//! And what issue 11 promises, checked on every stack that compiles: no
//! generated script and no `argv --format shell` line holds a character a
//! terminal would obey (every value from the stack is quoted or shown),
//! `argv --format shell` is one command per line, and no output holds a
//! secret's value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stackc_backends::argv::{Argv, Format};
use stackc_backends::bash::Bash;
use stackc_backends::compose::Compose;
use stackc_backends::kube::Kube;
use stackc_backends::{Backend, Input, Layout};
use stackc_ir::ast::Action;

/// Marks a secret's value.
const SECRET: &str = "SECRET-MARK-";

/// Whether `text` holds a character a terminal would obey, but the line
/// feed.
fn obeyed_by_a_terminal(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\n' && stackc_ir::text::is_unsafe(c))
}

fuzz_target!(|data: &[u8]| {
    // The binary refuses non-UTF-8 before parsing.
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // No env_file check: it reads the file system (parse_file's only addition).
    let Ok(stack) = stackc_frontend::parse(source) else {
        return;
    };
    let Ok(analyzed) = stackc_passes::analyze(&stack) else {
        return;
    };
    let _ = stackc_backends::graph::dot(&stack.name.value, &analyzed.graph);
    let _ = stackc_backends::graph::mermaid(&analyzed.graph);
    let layout = Layout {
        source_name: "stack.toml".to_owned(),
        project_dir_from_output: ".".to_owned(),
        project_dir: "/srv/stack".to_owned(),
        // Every parameter fixed on even lengths, none on odd ones; a
        // secret's value is marked, to be looked for in every output.
        param_values: if data.len() % 2 == 0 {
            stack
                .params
                .iter()
                .map(|(k, p)| {
                    let value = if p.secret {
                        format!("{SECRET}{k}")
                    } else {
                        format!("v'$`\n{k}")
                    };
                    (k.clone(), value)
                })
                .collect()
        } else {
            indexmap::IndexMap::new()
        },
    };
    for action in Action::ALL {
        let plan = stackc_passes::lower(&stack, &analyzed, action);
        let input = Input {
            stack: &stack,
            analyzed: &analyzed,
            plan: &plan,
            layout: &layout,
        };
        if let Ok(script) = Bash.render(&input) {
            assert!(!obeyed_by_a_terminal(&script), "raw control in the {action:?} script");
            assert!(!script.contains(SECRET), "a secret in the {action:?} script");
        }
        let json = Argv {
            format: Format::Json,
        }
        .render(&input);
        if let (Ok(json), Ok(shell)) = (
            &json,
            Argv {
                format: Format::Shell,
            }
            .render(&input),
        ) {
            assert_eq!(json.lines().count(), shell.lines().count(), "one command per line");
            assert!(!obeyed_by_a_terminal(&shell), "raw control in argv --format shell");
            assert!(!json.contains(SECRET) && !shell.contains(SECRET), "a secret in argv");
        }
        let _ = Argv { format: Format::Nul }.render(&input);
        if action == Action::Up {
            if let Ok(yaml) = Compose.render(&input) {
                assert!(!yaml.contains(SECRET), "a secret in compose");
            }
            if let Ok(yaml) = Kube::default().render(&input) {
                assert!(!yaml.contains(SECRET), "a secret in kube");
            }
        }
    }
});
