//! `[services.NAME]`: one service and its fields.

use crate::raw::DeValue;
use indexmap::IndexMap;
use miette::SourceSpan;
use stackc_ir::Template;
use stackc_ir::flags::Flags;
use stackc_ir::stack::{Build, ExecPolicy, PullPolicy, Ref, Restart, Service, Spanned};

use crate::decode::{Decoder, Key, Value, entries, span_of};
use crate::diagnostics::Code;
use crate::template::{Part, Use};
use crate::{depends, diagnostics, healthcheck, mount, port};
use stackc_ir::names::NameKind;

/// The keys of a service that have a decoder of their own.
pub(crate) const SERVICE_KEYS: &[&str] = &[
    "exec",
    "exec_policy",
    "pre_stop",
    "image",
    "build",
    "command",
    "entrypoint",
    "environment",
    "env_file",
    "label_file",
    "ports",
    "volumes",
    "networks",
    "depends_on",
    "healthcheck",
    "logging",
    "gpus",
    "blkio_config",
    "restart",
    "labels",
    "user",
    "working_dir",
    "hostname",
    "container_name",
    "extra_hosts",
    "pull",
    "run",
    "replicas",
    "profiles",
    "volumes_from",
    "links",
    "external_links",
    "attach",
    "secrets",
    "configs",
    "network_mode",
    "update",
];
/// Every key of a service: [`SERVICE_KEYS`] and the keys of
/// [`stackc_ir::flags::FLAGS`].
pub(crate) fn service_keys() -> Vec<&'static str> {
    SERVICE_KEYS
        .iter()
        .copied()
        .chain(stackc_ir::flags::keys())
        .collect()
}

pub(crate) const BUILD_KEYS: &[&str] = &[
    "context",
    "dockerfile",
    "args",
    "target",
    "dockerfile_inline",
    "labels",
    "network",
    "shm_size",
    "extra_hosts",
    "tags",
    "cache_from",
    "no_cache",
    "pull",
    "entitlements",
    "privileged",
    "secrets",
    "platforms",
    "ssh",
];

/// The `[services]` table.
pub(crate) fn decode_all(d: &mut Decoder<'_>, value: &Value<'_>) -> IndexMap<String, Service> {
    let mut out = IndexMap::new();
    for (name, path, key, value) in d.table_entries("services", value) {
        let mut service = decode(d, name, &path, span_of(key), value);
        service.shrink_to_fit();
        out.insert(name.to_owned(), service);
    }
    out
}

/// One `[services.NAME]`, its name's key `key`: the name and the service.
pub(crate) fn decode_one(
    d: &mut Decoder<'_>,
    key: &Key<'_>,
    value: &Value<'_>,
) -> (String, Service) {
    let name: &str = key.get_ref();
    let path = format!("services.{name}");
    let mut service = decode(d, name, &path, span_of(key), value);
    service.shrink_to_fit();
    (name.to_owned(), service)
}

/// `[services.NAME]` at `path`, its name's key at `key_span`.
fn decode(
    d: &mut Decoder<'_>,
    name: &str,
    path: &str,
    key_span: SourceSpan,
    value: &Value<'_>,
) -> Service {
    d.name(NameKind::Service, name, key_span);
    let mut s = empty(name, key_span);
    let Some(table) = d.table(path, value) else {
        return s;
    };
    let mut image_typo = false;
    for (field, p, key, value) in entries(path, table) {
        let p = p.as_str();
        match field {
            "image" => s.image = image(d, p, value),
            "build" => s.build = build(d, p, value).map(Box::new),
            "command" | "entrypoint" => {
                let list = command(d, field, p, value);
                if field == "command" {
                    s.command = list;
                } else {
                    s.entrypoint = list;
                }
            }
            "environment" => (s.environment, s.pass_env) = environment(d, p, value),
            "env_file" => s.env_file = crate::env_file::decode(d, p, value),
            "label_file" => s.label_file = files(d, p, value),
            "ports" => (s.ports, s.port_templates) = port::decode_list(d, p, value),
            "volumes" => s.volumes = mount::decode_list(d, p, value),
            "networks" => (s.networks, s.attachments) = crate::attach::decode(d, p, value),
            "depends_on" => s.depends_on = depends::decode(d, p, value),
            "healthcheck" => s.healthcheck = healthcheck::decode(d, p, value),
            "logging" => s.logging = crate::logging::decode(d, p, value).map(Box::new),
            "gpus" => s.gpus = crate::gpus::decode(d, p, value),
            "blkio_config" => s.blkio = crate::blkio::decode(d, p, value).map(Box::new),
            "restart" => (s.restart, s.restart_template) = restart(d, p, value),
            "labels" => s.labels = d.labels(p, value),
            "user" => s.user = d.template(p, value, Use::Other),
            "working_dir" => s.working_dir = d.template(p, value, Use::Other),
            "hostname" => s.hostname = d.template(p, value, Use::Other),
            "container_name" => s.container_name = container_name(d, p, value),
            "extra_hosts" => {
                s.extra_hosts = crate::hosts::extra_hosts(d, p, value, true);
                s.extra_hosts_span = Some(span_of(value));
            }
            "pull" => s.pull = pull(d, p, value).unwrap_or_default(),
            "run" => s.run_once = run(d, p, value),
            "exec" => s.exec = exec(d, field, p, value),
            "pre_stop" => s.pre_stop = exec(d, field, p, value),
            "exec_policy" => set(&mut s.exec_policy, exec_policy(d, p, value)),
            "replicas" => set(&mut s.replicas, replicas(d, p, value)),
            "profiles" => s.profiles = crate::profiles::profiles(d, p, value),
            "volumes_from" => s.volumes_from = crate::profiles::volumes_from(d, p, value),
            "links" => s.links = crate::profiles::links(d, p, value),
            "external_links" => s.external_links = crate::profiles::external_links(d, p, value),
            "attach" => s.attach = d.bool(p, value),
            "secrets" => s.secrets = crate::files::grants(d, crate::files::Kind::Secret, p, value),
            "configs" => s.configs = crate::files::grants(d, crate::files::Kind::Config, p, value),
            "network_mode" => s.network_mode = crate::network_mode::decode(d, p, value),
            "update" => s.update = crate::update::decode(d, p, value).map(Box::new),
            _ => {
                if let Some(flag) = stackc_ir::flags::find(field) {
                    crate::flags::decode(d, &mut s.flags, flag, p, value);
                } else if let Some("image" | "build") = d.unknown_key(path, key, &service_keys()) {
                    // A misspelt `image`: one error is enough.
                    image_typo = true;
                }
            }
        }
    }
    if !table.contains_key("image") && !table.contains_key("build") && !image_typo {
        d.push(diagnostics::missing_image(name, key_span));
    }
    pull_build_needs_build(d, path, table, &s);
    s
}

/// A service with nothing but its name: every key at its default.
fn empty(name: &str, key_span: SourceSpan) -> Service {
    Service {
        name: Spanned::new(name.to_owned(), key_span),
        image: None,
        build: None,
        command: None,
        entrypoint: None,
        environment: IndexMap::new(),
        pass_env: Vec::new(),
        env_file: Vec::new(),
        label_file: Vec::new(),
        ports: Vec::new(),
        port_templates: Vec::new(),
        volumes: Vec::new(),
        networks: Vec::new(),
        attachments: IndexMap::new(),
        depends_on: Vec::new(),
        healthcheck: None,
        logging: None,
        gpus: None,
        blkio: None,
        restart: None,
        restart_template: None,
        labels: IndexMap::new(),
        user: None,
        working_dir: None,
        hostname: None,
        container_name: None,
        flags: Flags::default(),
        extra_hosts: Vec::new(),
        extra_hosts_span: None,
        pull: PullPolicy::Missing,
        run_once: None,
        exec: Vec::new(),
        pre_stop: Vec::new(),
        exec_policy: Spanned::new(ExecPolicy::Initial, key_span),
        replicas: Spanned::new(1, key_span),
        profiles: Vec::new(),
        volumes_from: Vec::new(),
        links: Vec::new(),
        external_links: Vec::new(),
        attach: None,
        secrets: Vec::new(),
        configs: Vec::new(),
        network_mode: None,
        update: None,
    }
}

/// `pull = "build"` builds the service's own image: it needs a `build`.
fn pull_build_needs_build(
    d: &mut Decoder<'_>,
    path: &str,
    table: &crate::raw::DeTable<'_>,
    s: &Service,
) {
    if s.pull == PullPolicy::Build
        && !table.contains_key("build")
        && let Some(value) = table.get("pull")
    {
        d.push(diagnostics::invalid_value(
            Code::InvalidPull,
            &format!("{path}.pull"),
            "build",
            span_of(value),
            "`pull = \"build\"` builds the service's image on every `up`: give the service a `build`, or pull its image (`missing`, `always`)",
        ));
    }
}

fn image(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<Template>> {
    let template = d.template(path, value, Use::Other)?;
    if let Some(text) = template.as_literal()
        && let Err(why) = stackc_ir::reference::check(text)
    {
        d.push(diagnostics::invalid_image(path, text, span_of(value), why));
        return None;
    }
    Some(Spanned::new(template, span_of(value)))
}

pub(crate) fn build(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Build> {
    let span = span_of(value);
    match value.get_ref() {
        DeValue::String(_) => {
            let context = build_context(d, path, value)?;
            Some(Build {
                context,
                dockerfile: None,
                args: IndexMap::new(),
                target: None,
                span,
                from: Vec::new(),
                options: stackc_ir::stack::BuildOptions::default(),
            })
        }
        DeValue::Table(table) => {
            let mut options = stackc_ir::stack::BuildOptions::default();
            let mut context = None;
            let mut dockerfile = None;
            let mut args = IndexMap::new();
            let mut target = None;
            let mut ok = true;
            for (field, p, key, value) in entries(path, table) {
                match field {
                    "context" => {
                        context = build_context(d, &p, value);
                        ok &= context.is_some();
                    }
                    "dockerfile" => {
                        dockerfile = dockerfile_path(d, &p, value);
                        ok &= dockerfile.is_some();
                    }
                    "args" => args = build_args(d, &p, value),
                    // A stage name; parameters may complete it, as compose
                    // interpolates it.
                    "target" => {
                        target = dockerfile_path(d, &p, value);
                        ok &= target.is_some();
                    }
                    _ if crate::build_options::key(d, &mut options, field, &p, value, &mut ok) => {}
                    _ => {
                        d.unknown_key(path, key, BUILD_KEYS);
                        ok = false;
                    }
                }
            }
            // With the Dockerfile inline, the context may be left out: the
            // stack's directory, as compose takes it.
            if options.inline.is_some() && context.is_none() && ok {
                context = Some(Spanned::new(".".to_owned(), span));
            }
            if !table.contains_key("context") && !table.contains_key("dockerfile_inline") {
                d.push(diagnostics::missing_key(
                    "context",
                    path,
                    span,
                    "context = \"./app\"",
                ));
                return None;
            }
            if let (Some(_), Some(key)) = (&options.inline, table.get("dockerfile")) {
                d.push(diagnostics::invalid_value(
                    Code::InvalidBuild,
                    &format!("{path}.dockerfile"),
                    key.get_ref().as_str().unwrap_or_default(),
                    span_of(key),
                    "keep `dockerfile` (a file) or `dockerfile_inline` (the text), not both",
                ));
                return None;
            }
            Some(Build {
                context: context?,
                dockerfile,
                args,
                target,
                span,
                from: Vec::new(),
                options,
            })
            .filter(|_| ok)
        }
        _ => {
            d.wrong_type(path, "a string or a table", value);
            None
        }
    }
}

fn build_context(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let context = Spanned::new(d.path(path, value)?, span_of(value));
    if context.value.is_empty() {
        d.push(diagnostics::invalid_value(
            Code::InvalidBuild,
            path,
            "",
            context.span,
            "write the build directory, relative to stack.toml, e.g. `\"./app\"`",
        ));
        return None;
    }
    Some(context)
}

/// `label_file`: a path or a list of paths (no parameter, no
/// line break).
fn files(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Vec<Spanned<String>> {
    let items: Vec<(String, &Value<'_>)> = match value.get_ref() {
        DeValue::String(_) => vec![(path.to_owned(), value)],
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (crate::decode::item_path(path, i), item))
            .collect(),
        _ => {
            d.wrong_type(path, "a string or an array of strings", value);
            return Vec::new();
        }
    };
    items
        .into_iter()
        .filter_map(|(path, item)| {
            d.path(&path, item)
                .map(|file| Spanned::new(file, span_of(item)))
        })
        .collect()
}

fn build_args(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> IndexMap<String, Template> {
    let mut out = IndexMap::new();
    for (name, arg_path, key, value) in d.table_entries(path, value) {
        if name.is_empty() || name.contains(['=', '\0']) {
            d.push(diagnostics::invalid_value(
                Code::InvalidBuild,
                path,
                name,
                span_of(key),
                "a build argument name must be non-empty and contain no `=`",
            ));
            continue;
        }
        if let Some(template) = d.scalar_template(&arg_path, value, Use::Other) {
            out.insert(name.to_owned(), template);
        }
    }
    out
}

/// `command` / `entrypoint`: an array of templates; a string is rejected
/// with the split form as a suggestion.
fn command(d: &mut Decoder<'_>, key: &str, path: &str, value: &Value<'_>) -> Option<Vec<Template>> {
    match value.get_ref() {
        DeValue::String(text) => {
            let words: Vec<String> = text.split_whitespace().map(toml_string).collect();
            let suggestion = format!("[{}]", words.join(", "));
            d.push(diagnostics::command_string(
                key,
                path,
                span_of(value),
                &suggestion,
            ));
            None
        }
        DeValue::Array(_) => d.templates(path, value, Use::Other),
        _ => {
            d.wrong_type(path, "an array of strings", value);
            None
        }
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `environment`: a table `NAME = "value"`, or compose's list form, where
/// `"NAME=value"` sets a value and `"NAME"` passes the variable through
/// from the environment docker runs in.
fn environment(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> (IndexMap<String, Spanned<Template>>, Vec<Ref>) {
    let mut out = IndexMap::new();
    let mut pass = Vec::new();
    let Some(items) = value.get_ref().as_array() else {
        for (name, var_path, key, value) in d.table_entries(path, value) {
            if name.is_empty() || name.contains(['=', '\0']) {
                d.push(diagnostics::invalid_env_key(path, name, span_of(key)));
                continue;
            }
            if let Some(template) = d.scalar_template(&var_path, value, Use::Environment) {
                out.insert(name.to_owned(), Spanned::new(template, span_of(value)));
            }
        }
        return (out, pass);
    };
    let mut seen: IndexMap<String, SourceSpan> = IndexMap::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = crate::decode::item_path(path, i);
        let Some(text) = d.str(&item_path, item) else {
            continue;
        };
        let (name, rest) = match text.split_once('=') {
            Some((name, rest)) => (name, Some(rest)),
            None => (text, None),
        };
        if name.is_empty() {
            d.push(diagnostics::invalid_env_key(path, text, span_of(item)));
            continue;
        }
        if let Some(&earlier) = seen.get(name) {
            d.push(diagnostics::duplicate(
                "variable",
                name,
                path,
                span_of(item),
                earlier,
            ));
            continue;
        }
        seen.insert(name.to_owned(), span_of(item));
        match rest {
            Some(rest) => {
                let part = Part::at(item, name.len() + 1, rest);
                if let Some(template) = d.template_in(&item_path, part, Use::Environment) {
                    out.insert(name.to_owned(), Spanned::new(template, span_of(item)));
                }
            }
            None if !stackc_ir::reserved::is_shell_identifier(name) || name.starts_with("_sc_") => {
                d.push(diagnostics::invalid_pass_env(path, name, span_of(item)));
            }
            None => pass.push(Spanned::new(name.to_owned(), span_of(item))),
        }
    }
    (out, pass)
}

/// `build.dockerfile`: a path on one line; parameters may complete it.
fn dockerfile_path(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Template> {
    let text = d.str(path, value)?;
    d.no_line_break(path, crate::template::Part::at(value, 0, text))?;
    d.template(path, value, Use::Other)
}

/// `restart`: a policy, or one that parameters complete (`"${POLICY}"`).
fn restart(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> (Option<Spanned<Restart>>, Option<Spanned<Template>>) {
    if value.get_ref().as_str().is_some_and(|t| t.contains("${")) {
        let template = d.template(path, value, Use::Other);
        return (None, template.map(|t| Spanned::new(t, span_of(value))));
    }
    (literal_restart(d, path, value), None)
}

fn literal_restart(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<Restart>> {
    let text = d.str(path, value)?;
    let restart = Restart::parse(text);
    if restart.is_none() {
        d.push(diagnostics::invalid_restart(text, span_of(value)));
    }
    restart.map(|restart| Spanned::new(restart, span_of(value)))
}

fn container_name(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<String>> {
    let name = d.spanned_string(path, value)?;
    d.name(NameKind::Container, &name.value, name.span)
        .then_some(name)
}

fn pull(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<PullPolicy> {
    let text = d.str(path, value)?;
    match text {
        "missing" => Some(PullPolicy::Missing),
        "always" => Some(PullPolicy::Always),
        "never" => Some(PullPolicy::Never),
        "build" => Some(PullPolicy::Build),
        _ => {
            d.push(diagnostics::invalid_choice(
                Code::InvalidPull,
                path,
                text,
                span_of(value),
                "`missing` (the default), `always`, `never` or `build` (with a `build`)",
            ));
            None
        }
    }
}

fn run(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<miette::SourceSpan> {
    let text = d.str(path, value)?;
    if text == "once" {
        Some(span_of(value))
    } else {
        d.push(diagnostics::invalid_choice(
            Code::InvalidRun,
            path,
            text,
            span_of(value),
            "`\"once\"` (a one-shot job that runs to completion); leave `run` out for a long-running service",
        ));
        None
    }
}

/// `exec = [["cmd", "arg"], …]`: a list of commands, each a non-empty list.
/// `exec` or `pre_stop` (`key`): commands, each a list of arguments.
fn exec(
    d: &mut Decoder<'_>,
    key: &str,
    path: &str,
    value: &Value<'_>,
) -> Vec<Spanned<Vec<Template>>> {
    d.list(path, value, |d, item_path, item| {
        if let DeValue::String(text) = item.get_ref() {
            let words: Vec<String> = text.split_whitespace().map(|w| format!("{w:?}")).collect();
            d.push(diagnostics::invalid_value(
                Code::CommandString,
                item_path,
                text,
                span_of(item),
                &format!(
                    "each `{key}` item is a command as a list, one string per argument, e.g. `[{}]`; to run a shell, write `[\"sh\", \"-c\", \"…\"]`",
                    words.join(", ")
                ),
            ));
            return None;
        }
        let command = d.templates(item_path, item, Use::Other)?;
        if command.is_empty() {
            d.push(diagnostics::invalid_value(
                Code::InvalidExec,
                item_path,
                "[]",
                span_of(item),
                &format!("each `{key}` item is a command with its arguments, e.g. `[\"migrate\", \"--yes\"]`"),
            ));
            return None;
        }
        Some(command)
    })
}

/// `exec_policy = "initial" | "always"`.
/// `slot` takes `value` when there is one (a default stays otherwise).
fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// `replicas`: 0 (declared, not run) to 1000.
fn replicas(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<u32>> {
    let n = d
        .int(path, value, 0, 1000)
        .and_then(|n| u32::try_from(n).ok())?;
    Some(Spanned::new(n, span_of(value)))
}

fn exec_policy(d: &mut Decoder<'_>, path: &str, value: &Value<'_>) -> Option<Spanned<ExecPolicy>> {
    let text = d.str(path, value)?;
    let policy = match text {
        "initial" => ExecPolicy::Initial,
        "always" => ExecPolicy::Always,
        other => {
            d.push(diagnostics::invalid_choice(
                Code::InvalidExecPolicy,
                path,
                other,
                span_of(value),
                "`initial` (when the container is created) or `always` (every time it is started)",
            ));
            return None;
        }
    };
    Some(Spanned::new(policy, span_of(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings() {
        assert_eq!(toml_string("a\"b\\c"), r#""a\"b\\c""#);
    }
}
