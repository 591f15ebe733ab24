//! The whole pipeline on arbitrary bytes, through the driver the binary
//! uses: frontend → passes → every target with every action and format.
//! Any panic is a crash; diagnostics are answers.
//!
//! And what issue 11 promises, checked on every stack that compiles: no
//! generated script and no `argv --format shell` line holds a character a
//! terminal would obey (every value from the stack is quoted or shown),
//! `argv --format shell` is one command per line, and no output holds a
//! secret's value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stackc_backends::Layout;
use stackc_driver::{Compilation, Request};
use stackc_ir::target::{Format, Target};

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
    let Ok(compilation) = Compilation::of_source(source, &[]) else {
        return;
    };
    let (stack, _) = compilation.whole();
    let layout = Layout {
        source_name: "stack.toml".to_owned(),
        project_dir_from_output: ".".to_owned(),
        project_dir: "/srv/stack".to_owned(),
        home: Some("/home/o'$`\nwner".to_owned()),
        // Every parameter fixed on even lengths, none on odd ones; a
        // secret's value is marked, to be looked for in every output.
        param_values: if data.len().is_multiple_of(2) {
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
    for request in stackc_driver::requests(compilation.selected().0) {
        let Ok(lowered) = compilation.lower(&request) else {
            continue;
        };
        let Ok(text) = stackc_driver::render(&lowered, &request, &layout) else {
            continue;
        };
        let what = format!("{:?} {:?} {:?}", request.target, request.action, request.format);
        assert!(!text.contains(SECRET), "a secret in {what}");
        let shell = request.format == Some(Format::Shell);
        if request.target == Target::Bash || shell {
            assert!(!obeyed_by_a_terminal(&text), "raw control in {what}");
        }
        if shell {
            let json = Request {
                format: Some(Format::Json),
                ..request.clone()
            };
            if let Ok(json) = stackc_driver::render(&lowered, &json, &layout) {
                assert_eq!(json.lines().count(), text.lines().count(), "one command per line");
            }
        }
    }
});
