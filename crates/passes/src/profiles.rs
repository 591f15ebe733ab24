//! Select the services of the chosen profiles (`--profile`), before
//! resolve: a service without `profiles` is always in; a service with
//! profiles is in when one of them is chosen. The selected stack has no
//! profiles left (every service in it runs), so the backends need not know
//! about them.

use stackc_ir::Stack;
use stackc_ir::diagnostic::{Diag, Diagnostics};

use crate::diagnostics::Code;
use crate::suggest;

/// The stack with only the services of `chosen` (and those without
/// profiles). A selected service that depends on, or takes volumes from, a
/// service left out is an error naming both and the profile to enable; so
/// is a chosen profile that no service lists.
pub fn select(stack: &Stack, chosen: &[String]) -> Result<Stack, Diagnostics> {
    let mut diags = Diagnostics::default();
    let declared: Vec<&str> = stack
        .services
        .values()
        .flat_map(|s| s.profiles.iter().map(|p| p.value.as_str()))
        .fold(Vec::new(), |mut all, p| {
            if !all.contains(&p) {
                all.push(p);
            }
            all
        });
    for profile in chosen {
        if !declared.contains(&profile.as_str()) {
            diags.push(
                Diag::new(
                    Code::UnknownProfile,
                    format!("`--profile {profile}`: no service is in the profile `{profile}`"),
                )
                .help(suggest::help("profiles", profile, declared.iter().copied())),
            );
        }
    }

    let selected = |service: &stackc_ir::stack::Service| {
        service.profiles.is_empty() || service.profiles.iter().any(|p| chosen.contains(&p.value))
    };
    for service in stack.services.values().filter(|s| selected(s)) {
        let optional = |name: &str| {
            service
                .depends_on
                .iter()
                .any(|d| !d.required && d.service.value == name)
        };
        for (target, verb) in service.needs() {
            if verb == "depends on" && optional(&target.value) {
                continue; // `required = false`: it starts without it
            }
            let Some(other) = stack.services.get(target.value.as_str()) else {
                continue; // undeclared: reported by resolve
            };
            if selected(other) {
                continue;
            }
            let profiles: Vec<String> = other
                .profiles
                .iter()
                .map(|p| format!("`{}`", p.value))
                .collect();
            let first = &other.profiles[0].value;
            diags.push(
                Diag::new(
                    Code::ProfileDependency,
                    format!(
                        "service `{}` {verb} `{}`, which is only in the profile{} {}",
                        service.name.value,
                        other.name.value,
                        if profiles.len() == 1 { "" } else { "s" },
                        profiles.join(", ")
                    ),
                )
                .label(target.span, "not selected")
                .label(other.profiles[0].span, format!("`{}` is in `{first}`", other.name.value))
                .help(format!(
                    "enable the profile: `--profile {first}`, or give `{}` the same profiles as `{}`",
                    service.name.value, other.name.value
                )),
            );
        }
    }

    let mut out = stack.clone();
    for service in stack.services.values().filter(|s| !selected(s)) {
        out.unselected
            .extend(crate::lower::container_names(stack, service));
    }
    out.services.retain(|_, service| selected(service));
    let kept: Vec<String> = out.services.keys().cloned().collect();
    for service in out.services.values_mut() {
        service.profiles.clear();
        // A dependency that is not required and left out is dropped.
        service
            .depends_on
            .retain(|d| d.required || kept.contains(&d.service.value));
    }
    diags.into_result(out)
}
