//! Values that parameters complete (a port, `"${HTTP_PORT}:80"`; a restart
//! policy): checked with the parameters' defaults now, when every one has a
//! default (the script checks the values it runs with). A port is not
//! spread over replicas, whose host ports stackc gives from a literal
//! range; a job's policy is `no`.

use crate::diagnostics::Code;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::stack::Stack;

pub fn check(stack: &Stack, diags: &mut Diagnostics) {
    restarts(stack, diags);
    flags(stack, diags);
    addresses(stack, diags);
    durations(stack, diags);
    for service in stack.services.values() {
        let name = &service.name.value;
        for port in &service.port_templates {
            if service.replicas.value > 1 {
                diags.push(
                    Diag::new(
                        Code::TemplatedValue,
                        format!(
                            "service `{name}` has {} replicas, which cannot share a port that parameters complete",
                            service.replicas.value
                        ),
                    )
                    .label(port.span, "completed by parameters")
                    .label(service.replicas.span, "several containers")
                    .help("write the ports literally: a host range as long as `replicas` gives each replica one host port"),
                );
            }
            let defaults: Option<Vec<(&str, &str)>> = port
                .value
                .bare_params()
                .map(|p| {
                    let default = stack.params.get(p)?.default.as_deref()?;
                    Some((p, default))
                })
                .collect();
            let Some(defaults) = defaults else {
                continue;
            };
            let text = port.value.render(|p| {
                defaults
                    .iter()
                    .find(|(name, _)| *name == p)
                    .map_or_else(String::new, |(_, v)| (*v).to_owned())
            });
            if stackc_ir::port::parse_short(&text).is_err() {
                diags.push(
                    Diag::new(
                        Code::TemplatedValue,
                        format!(
                            "a port of service `{name}` is `{}` with the parameters' defaults, which is not `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`",
                            stackc_ir::text::shown(&text)
                        ),
                    )
                    .label(port.span, "completed by parameters")
                    .help("give the parameters defaults that make a port mapping, e.g. `default = \"8080\"` for `\"${HTTP_PORT}:80\"`"),
                );
            }
        }
    }
}

/// With its defaults (and each fallback as when nothing is given),
/// `template`; `None` when a parameter it needs has none.
fn with_defaults(stack: &Stack, template: &stackc_ir::Template) -> Option<String> {
    let defaults: Vec<(&str, &str)> = template
        .bare_params()
        .map(|p| Some((p, stack.params.get(p)?.default.as_deref()?)))
        .collect::<Option<_>>()?;
    Some(template.render(|p| {
        defaults
            .iter()
            .find(|(name, _)| *name == p)
            .map_or_else(String::new, |(_, v)| (*v).to_owned())
    }))
}

fn restarts(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(restart) = &service.restart_template else {
            continue;
        };
        let name = &service.name.value;
        if let Some(run) = service.run_once {
            diags.push(
                Diag::new(
                    Code::JobRestart,
                    format!("job `{name}` runs once, but its `restart` is a parameter"),
                )
                .label(restart.span, "restarts the job, unless it is `no`")
                .label(run, "runs once")
                .help("remove `restart` (a job is never restarted)"),
            );
        }
        let Some(text) = with_defaults(stack, &restart.value) else {
            continue;
        };
        if stackc_ir::stack::Restart::parse(&text).is_none() {
            diags.push(
                Diag::new(
                    Code::TemplatedValue,
                    format!(
                        "the restart policy of service `{name}` is `{}` with the parameters' defaults",
                        stackc_ir::text::shown(&text)
                    ),
                )
                .label(restart.span, "completed by parameters")
                .help("give the parameter a default among `no`, `always`, `unless-stopped`, `on-failure[:N]`"),
            );
        }
    }
}

/// The keys of [`stackc_ir::flags::FLAGS`] with a rule whose value
/// parameters complete: with the defaults, each must follow the rule.
fn flags(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        for set in &service.flags {
            for (at, check, value) in stackc_ir::check::flag_values(set) {
                let Some(text) = with_defaults(stack, value) else {
                    continue;
                };
                if !check.accepts(&text) {
                    diags.push(
                        Diag::new(
                            Code::TemplatedValue,
                            format!(
                                "`services.{}.{at}` is `{}` with the parameters' defaults, which is not {}",
                                service.name.value,
                                stackc_ir::text::shown(&text),
                                check.expected()
                            ),
                        )
                        .label(set.span, "completed by parameters")
                        .help(format!(
                            "give the parameters defaults that make one: {}",
                            check.help()
                        )),
                    );
                }
            }
        }
    }
}

/// The addresses parameters complete (a network's `ipam` pools, a
/// service's fixed addresses): with the defaults, each must be one.
fn addresses(stack: &Stack, diags: &mut Diagnostics) {
    use stackc_ir::check::Ip;
    use stackc_ir::stack::Spanned;
    let mut found: Vec<(String, &Spanned<stackc_ir::Template>, Ip)> = Vec::new();
    for (key, network) in &stack.networks {
        let pools = network.options.ipam.iter().flat_map(|ipam| &ipam.config);
        for (i, pool) in pools.enumerate() {
            let fields = [
                ("subnet", &pool.subnet, Ip::Cidr),
                ("ip_range", &pool.ip_range, Ip::Cidr),
                ("gateway", &pool.gateway, Ip::Any),
            ];
            for (field, value, which) in fields {
                if let Some(value) = value {
                    found.push((
                        format!("networks.{key}.ipam.config[{i}].{field}"),
                        value,
                        which,
                    ));
                }
            }
        }
    }
    for service in stack.services.values() {
        for (network, attach) in &service.attachments {
            let fields = [
                ("ipv4_address", &attach.value.ipv4_address, Ip::V4),
                ("ipv6_address", &attach.value.ipv6_address, Ip::V6),
            ];
            for (field, value, which) in fields {
                if let Some(value) = value {
                    let place =
                        format!("services.{}.networks.{network}.{field}", service.name.value);
                    found.push((place, value, which));
                }
            }
        }
    }
    let hosts: Vec<(String, Spanned<stackc_ir::Template>)> = stack
        .services
        .values()
        .flat_map(|service| {
            let span = service.extra_hosts_span.unwrap_or(service.name.span);
            service.extra_hosts.iter().filter_map(move |(host, ip)| {
                let template = stackc_ir::Template::parse(ip).ok()?;
                let place = format!("services.{}.extra_hosts.\"{host}\"", service.name.value);
                Some((place, Spanned::new(template, span)))
            })
        })
        .collect();
    let hosts = hosts.iter().map(|(place, t)| (place.clone(), t, Ip::Host));
    for (place, value, which) in found.into_iter().chain(hosts) {
        if value.value.as_literal().is_some() {
            continue;
        }
        let Some(text) = with_defaults(stack, &value.value) else {
            continue;
        };
        if !which.accepts(&text) {
            diags.push(
                Diag::new(
                    Code::TemplatedValue,
                    format!(
                        "`{place}` is `{}` with the parameters' defaults, which is not {}",
                        stackc_ir::text::shown(&text),
                        which.expected()
                    ),
                )
                .label(value.span, "completed by parameters")
                .help("give the parameters defaults that make one"),
            );
        }
    }
}

/// A healthcheck's timings parameters complete: with the defaults, each
/// must be a duration.
fn durations(stack: &Stack, diags: &mut Diagnostics) {
    for service in stack.services.values() {
        let Some(health) = &service.healthcheck else {
            continue;
        };
        let h = &health.value;
        let fields = [
            ("interval", &h.interval),
            ("timeout", &h.timeout),
            ("start_period", &h.start_period),
            ("start_interval", &h.start_interval),
        ];
        for (field, duration) in fields {
            let Some(template) = duration.as_ref().and_then(|d| d.template.as_ref()) else {
                continue;
            };
            let Some(text) = with_defaults(stack, template) else {
                continue;
            };
            if !stackc_ir::duration::accepts(&text) {
                diags.push(
                    Diag::new(
                        Code::TemplatedValue,
                        format!(
                            "`services.{}.healthcheck.{field}` is `{}` with the parameters' defaults, which is not a duration",
                            service.name.value,
                            stackc_ir::text::shown(&text),
                        ),
                    )
                    .label(health.span, "completed by parameters")
                    .help("give the parameters defaults that make a duration, e.g. `30s` or `1m30s`"),
                );
            }
        }
        let retries = h.retries.as_ref().filter(|r| r.as_literal().is_none());
        let Some(text) = retries.and_then(|r| with_defaults(stack, r)) else {
            continue;
        };
        if !stackc_ir::stack::RETRIES.accepts(&text) {
            diags.push(
                Diag::new(
                    Code::TemplatedValue,
                    format!(
                        "`services.{}.healthcheck.retries` is `{}` with the parameters' defaults, which is not {}",
                        service.name.value,
                        stackc_ir::text::shown(&text),
                        stackc_ir::stack::RETRIES.expected(),
                    ),
                )
                .label(health.span, "completed by parameters")
                .help("give the parameters defaults that make a whole number, e.g. `3`"),
            );
        }
    }
}
