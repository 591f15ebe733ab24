//! A service that runs on a `platform` and builds its image for
//! `build.platforms` must build that platform, as compose requires
//! (`service "web" build configuration does not support platform: …`).

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::flags::FlagValue;
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(build) = &service.build else {
            continue;
        };
        let platforms = &build.options.platforms;
        let Some(set) = service.flags.get("platform") else {
            continue;
        };
        // A platform a parameter gives is checked by the script.
        let FlagValue::Value(template) = &set.value else {
            continue;
        };
        let Some(platform) = template.as_literal() else {
            continue;
        };
        if platforms.is_empty() || platforms.iter().any(|p| p.value == platform) {
            continue;
        }
        let listed: Vec<String> = platforms.iter().map(|p| format!("`{}`", p.value)).collect();
        diags.push(
            Diag::new(
                Code::PlatformNotBuilt,
                format!(
                    "service `{}` runs on `{platform}`, which its `build.platforms` does not list",
                    service.name.value
                ),
            )
            .label(set.span, "runs on this platform")
            .label(build.span, "builds for others")
            .help(format!(
                "add `{platform}` to `build.platforms` ({}), or run on one of them",
                listed.join(", ")
            )),
        );
    }
}
