//! The whole pipeline on arbitrary bytes: frontend → passes → lower (every
//! action) → every backend. Any panic is a crash; diagnostics are answers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stackc_backends::argv::{Argv, Format};
use stackc_backends::bash::Bash;
use stackc_backends::compose::Compose;
use stackc_backends::kube::Kube;
use stackc_backends::{Backend, Input, Layout};
use stackc_ir::ast::Action;

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
        // Every parameter fixed on even lengths, none on odd ones.
        param_values: if data.len() % 2 == 0 {
            stack
                .params
                .keys()
                .map(|k| (k.clone(), format!("v'$`\n{k}")))
                .collect()
        } else {
            indexmap::IndexMap::new()
        },
    };
    for action in Action::ALL {
        let plan = stackc_passes::lower(&stack, &analyzed, action);
        let input = Input {
            stack: &stack,
            plan: &plan,
            layout: &layout,
        };
        let _ = Bash.render(&input);
        for format in [Format::Json, Format::Shell, Format::Nul] {
            let _ = Argv { format }.render(&input);
        }
        if action == Action::Up {
            let _ = Compose.render(&input);
            let _ = Kube::default().render(&input);
        }
    }
});
