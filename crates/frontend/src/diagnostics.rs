//! One constructor per message the frontend reports. Messages are lowercase
//! with names in backticks; every diagnostic has a primary label and a help
//! line that says how to fix the problem.

use miette::SourceSpan;
use stackc_ir::Diag;
use stackc_ir::template::{TemplateError, TemplateErrorKind};

use stackc_ir::names::NameKind;

stackc_ir::codes! {
    CommandString = "stackc::command-string",
    DefaultNotAChoice = "stackc::default-not-a-choice",
    Duplicate = "stackc::duplicate",
    EnvFile = "stackc::env-file",
    ExternalConflict = "stackc::external-conflict",
    HomePath = "stackc::home-path",
    InvalidBuild = "stackc::invalid-build",
    InvalidChoices = "stackc::invalid-choices",
    InvalidDuration = "stackc::invalid-duration",
    InvalidEnvKey = "stackc::invalid-env-key",
    InvalidExec = "stackc::invalid-exec",
    InvalidGpus = "stackc::invalid-gpus",
    InvalidBlkio = "stackc::invalid-blkio",
    InvalidExecPolicy = "stackc::invalid-exec-policy",
    InvalidExtraHost = "stackc::invalid-extra-host",
    InvalidFile = "stackc::invalid-file",
    InvalidHealthcheck = "stackc::invalid-healthcheck",
    InvalidHostIp = "stackc::invalid-host-ip",
    InvalidLabel = "stackc::invalid-label",
    InvalidMode = "stackc::invalid-mode",
    InvalidMountMode = "stackc::invalid-mount-mode",
    InvalidMountOption = "stackc::invalid-mount-option",
    InvalidMountType = "stackc::invalid-mount-type",
    InvalidName = "stackc::invalid-name",
    InvalidNetworkOption = "stackc::invalid-network-option",
    InvalidOutput = "stackc::invalid-output",
    InvalidOwner = "stackc::invalid-owner",
    InvalidProfile = "stackc::invalid-profile",
    InvalidPull = "stackc::invalid-pull",
    InvalidReference = "stackc::invalid-reference",
    InvalidRestart = "stackc::invalid-restart",
    InvalidRun = "stackc::invalid-run",
    InvalidUpdate = "stackc::invalid-update",
    LabelFile = "stackc::label-file",
    LineBreakInPath = "stackc::line-break-in-path",
    MalformedMount = "stackc::malformed-mount",
    MalformedPort = "stackc::malformed-port",
    MissingImage = "stackc::missing-image",
    MissingInitImage = "stackc::missing-init-image",
    MissingKey = "stackc::missing-key",
    MountOption = "stackc::mount-option",
    NoParameterHere = "stackc::no-parameter-here",
    NulByte = "stackc::nul-byte",
    OutOfRange = "stackc::out-of-range",
    PortOutOfRange = "stackc::port-out-of-range",
    PortRangeMismatch = "stackc::port-range-mismatch",
    RelativeTarget = "stackc::relative-target",
    ReservedLabel = "stackc::reserved-label",
    ReservedParam = "stackc::reserved-param",
    SecretDefault = "stackc::secret-default",
    SecretOutsideEnvironment = "stackc::secret-outside-environment",
    SecretFallback = "stackc::secret-fallback",
    StrayDollar = "stackc::stray-dollar",
    Syntax = "stackc::syntax",
    UndeclaredParam = "stackc::undeclared-param",
    UnknownCondition = "stackc::unknown-condition",
    UnknownKey = "stackc::unknown-key",
    UnknownProtocol = "stackc::unknown-protocol",
    UnterminatedReference = "stackc::unterminated-reference",
    WrongType = "stackc::wrong-type",
}

/// A TOML syntax error; `text` is the source under its span.
pub(crate) fn syntax(message: &str, text: &str, span: SourceSpan) -> Diag {
    let first = message.lines().next().unwrap_or_default().trim();
    let mut chars = first.chars();
    let mut message = match (chars.next(), chars.next()) {
        // "Unclosed table" → "unclosed table"; "TOML …" stays.
        (Some(c), Some(d)) if c.is_uppercase() && !d.is_uppercase() => {
            format!("{}{}", c.to_lowercase(), &first[c.len_utf8()..])
        }
        _ => first.to_owned(),
    };
    let help = if message == "duplicate key" {
        if !text.is_empty() {
            message = format!("duplicate key `{text}`");
        }
        "a key can be defined only once per table; remove or rename one of them"
    } else if message.contains("escape") || message.contains("unicode") {
        "in a \"…\" string a `\\` starts an escape (`\\n`, `\\t`, `\\\"`, `\\\\`, `\\u00e9`); write `\\\\` for a backslash, or use a literal string in single quotes, e.g. 'C:\\Users'"
    } else {
        "fix the TOML syntax here (see https://toml.io)"
    };
    Diag::new(Code::Syntax, message)
        .label(span, "here")
        .help(help)
}

/// `text` as a message shows it: control characters (a newline, a tab, a
/// NUL) escaped, so that one message stays on its lines and shows what the
/// file holds.
pub(crate) fn shown(text: &str) -> String {
    stackc_ir::text::shown(text)
}

/// A key at the top level of stack.toml that is not one of its tables;
/// `tables` lists them (`[stack]`, `[params.NAME]`, …).
pub(crate) fn unknown_top_level(
    key: &str,
    span: SourceSpan,
    best: Option<&str>,
    tables: &str,
) -> Diag {
    let tables = format!("the top-level tables are {tables}");
    let help = match (
        crate::compose_keys::help(crate::compose_keys::Table::Top, key),
        best,
    ) {
        (Some(instead), _) => format!("`{}` is a compose key: {instead}; {tables}", shown(key)),
        (None, Some(best)) => format!(
            "did you mean `{best}`? {}{}",
            tables[..1].to_uppercase(),
            &tables[1..]
        ),
        (None, None) => tables,
    };
    Diag::new(
        Code::UnknownKey,
        format!("unknown top-level key `{}`", shown(key)),
    )
    .label(span, "not a table of stack.toml")
    .help(help)
}

/// A compose key that stack.toml does not have in this table; `help`
/// says what stack.toml says instead.
pub(crate) fn compose_key(key: &str, table: &str, span: SourceSpan, help: String) -> Diag {
    Diag::new(
        Code::UnknownKey,
        format!(
            "{} is a compose key, not a key of stack.toml",
            key_in(&shown(key), table)
        ),
    )
    .label(span, "a compose key")
    .help(help)
}

/// A key that means nothing in its table.
pub(crate) fn unknown_key(key: &str, table: &str, span: SourceSpan, help: String) -> Diag {
    Diag::new(
        Code::UnknownKey,
        format!("unknown key {}", key_in(&shown(key), table)),
    )
    .label(span, "unknown key")
    .help(help)
}

/// `key` in backticks, and the table it is in unless that is the top
/// level (`table` empty).
fn key_in(key: &str, table: &str) -> String {
    if table.is_empty() {
        format!("`{key}`")
    } else {
        format!("`{key}` in `{table}`")
    }
}

/// A value of the wrong TOML type. `expected` and `found` carry their article.
pub(crate) fn wrong_type(path: &str, expected: &str, found: &str, span: SourceSpan) -> Diag {
    // An example with the key itself, unless the value is an array item.
    let key = path.rsplit('.').next().unwrap_or(path);
    let help = if key.ends_with(']') {
        format!("write `{path}` as {expected}")
    } else {
        match expected {
            "an integer" => format!("write a whole number without quotes, e.g. `{key} = 2`"),
            "a boolean" => format!("write `{key} = true` or `{key} = false`"),
            "a string" => format!("write the value in quotes, e.g. `{key} = \"…\"`"),
            _ => format!("write `{path}` as {expected}"),
        }
    };
    Diag::new(
        Code::WrongType,
        format!("`{path}` must be {expected}, found {found}"),
    )
    .label(span, format!("expected {expected}"))
    .help(help)
}

/// A required key that is absent.
pub(crate) fn missing_key(key: &str, table: &str, span: SourceSpan, example: &str) -> Diag {
    Diag::new(Code::MissingKey, format!("missing {}", key_in(key, table)))
        .label(span, format!("`{key}` is required here"))
        .help(format!("add it, e.g. `{example}`"))
}

/// A file without `[stack]`.
pub(crate) fn missing_stack(span: SourceSpan) -> Diag {
    Diag::new(Code::MissingKey, "missing the `[stack]` table")
        .label(span, "`[stack]` is required")
        .help("add `[stack]` with `name = \"my-app\"` at the top of stack.toml")
}

/// A string with a NUL byte.
pub(crate) fn nul_byte(path: &str, span: SourceSpan) -> Diag {
    Diag::new(Code::NulByte, format!("`{path}` contains a NUL byte"))
        .label(span, "NUL byte")
        .help("remove it: no command line, environment or file name can hold a NUL byte")
}

/// A name that breaks its naming rule.
pub(crate) fn invalid_name(kind: NameKind, name: &str, span: SourceSpan) -> Diag {
    if name.is_empty() {
        return Diag::new(Code::InvalidName, format!("empty {}", kind.what()))
            .label(span, "empty name")
            .help(format!(
                "give it a name: a {} must {}",
                kind.what(),
                kind.rule()
            ));
    }
    let name = &shown(name);
    Diag::new(
        Code::InvalidName,
        format!("invalid {} `{name}`", kind.what()),
    )
    .label(span, format!("invalid {}", kind.what()))
    .help(format!("a {} must {}", kind.what(), kind.rule()))
}

/// A parameter name that is not `[A-Za-z][A-Za-z0-9_]*`.
pub(crate) fn invalid_param_name(name: &str, span: SourceSpan) -> Diag {
    let name = &shown(name);
    Diag::new(
        Code::InvalidName,
        format!("invalid parameter name `{name}`"),
    )
    .label(span, "invalid parameter name")
    .help("a parameter name must start with an ASCII letter, then use only ASCII letters, digits and `_`")
}

/// A parameter named like a variable the shell or docker reads.
pub(crate) fn reserved_param(name: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::ReservedParam,
        format!("the parameter name `{name}` is reserved"),
    )
    .label(span, "read by the shell or by docker")
    .help(format!(
        "pick another name, e.g. `APP_{name}`: the generated script reads parameters from its environment, where `{name}` already means something to the shell or to docker"
    ))
}

/// `secret = true` with a `default`.
pub(crate) fn secret_default(name: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::SecretDefault,
        format!("the secret parameter `{name}` has a `default`"),
    )
    .label(span, "a secret cannot have a default")
    .help("remove the `default`: a secret must come from the environment when the script runs, never from stack.toml")
}

/// `external = true` with settings the stack would have to apply.
pub(crate) fn external_conflict(path: &str, key: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::ExternalConflict,
        format!("`{path}` is external but sets `{key}`"),
    )
    .label(span, "not allowed with `external = true`")
    .help(format!(
        "remove `{key}`: an external resource exists outside the stack and is never created by it"
    ))
}

/// An `image` that cannot be an image reference.
pub(crate) fn invalid_image(path: &str, image: &str, span: SourceSpan, why: &str) -> Diag {
    let message = if image.is_empty() {
        format!("empty image reference in `{path}`")
    } else {
        format!("invalid image reference `{}` in `{path}`", shown(image))
    };
    Diag::new(stackc_ir::diagnostic::Code::InvalidImage, message)
    .label(span, why.to_owned())
    .help("write an image reference such as `nginx`, `nginx:1.27`, `ghcr.io/owner/app:v1` or `redis@sha256:…`")
}

/// A service with neither `image` nor `build`.
pub(crate) fn missing_image(service: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::MissingImage,
        format!("service `{service}` has neither `image` nor `build`"),
    )
    .label(span, "nothing to run")
    .help(format!(
        "add `image = \"…\"` to `[services.{service}]`, or `build = \"./dir\"` to build one"
    ))
}

/// `command = "npm start"`: a string where a list is required.
pub(crate) fn command_string(key: &str, path: &str, span: SourceSpan, suggestion: &str) -> Diag {
    Diag::new(
        Code::CommandString,
        format!("write `{key}` as a list"),
    )
    .label(span, "a string here is ambiguous")
    .help(format!(
        "`{path}` takes one string per argument, e.g. `{key} = {suggestion}`; to run a shell, write `{key} = [\"sh\", \"-c\", \"…\"]`"
    ))
}

/// An environment variable name docker cannot pass.
pub(crate) fn invalid_env_key(path: &str, key: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidEnvKey,
        format!("invalid environment variable name `{key}` in `{path}`"),
    )
    .label(span, "invalid variable name")
    .help("a variable name must be non-empty and contain no `=` and no NUL byte")
}

/// A variable passed through from the environment whose name the script
/// cannot read.
pub(crate) fn invalid_pass_env(path: &str, name: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidEnvKey,
        format!(
            "`{}` in `{path}` cannot be passed through from the environment",
            shown(name)
        ),
        )
    .label(span, "passed through")
    .help("a variable passed through is named like a shell variable (letters, digits and `_`, not starting with a digit or `_sc_`); to set a value, write `NAME=value`")
}

/// An entry of a table of names and values (`sysctls`) that is not
/// `NAME=VALUE`.
pub(crate) fn invalid_pair(path: &str, entry: &str, span: SourceSpan) -> Diag {
    Diag::new(
        stackc_ir::diagnostic::Code::InvalidValue,
        format!("`{}` in `{path}` is not `NAME=VALUE`", shown(entry)),
    )
    .label(span, "not NAME=VALUE")
    .help("write each entry as `\"NAME=VALUE\"`, or the table as `NAME = \"VALUE\"`")
}

/// A label key that cannot be passed as `--label KEY=VALUE`.
pub(crate) fn invalid_label_key(path: &str, key: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidLabel,
        format!("invalid label key `{key}` in `{path}`"),
    )
    .label(span, "invalid label key")
    .help("a label key must be non-empty and contain no `=`; write labels as `key = \"value\"` or `\"key=value\"`")
}

/// A label under a prefix compose or stackc keeps for itself.
pub(crate) fn reserved_label(path: &str, key: &str, prefix: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::ReservedLabel,
        format!("the label `{}` in `{path}` is reserved", shown(key)),
    )
    .label(span, format!("`{prefix}` labels are set by stackc"))
    .help(format!(
        "compose and stackc find and judge their own resources by the `{prefix}` labels (a wrong project label makes another project remove it as an orphan): use a prefix of your own, e.g. `com.example.`"
    ))
}

/// The same key or name twice in one list.
pub(crate) fn duplicate(
    what: &str,
    name: &str,
    path: &str,
    span: SourceSpan,
    first: SourceSpan,
) -> Diag {
    Diag::new(
        Code::Duplicate,
        format!("duplicate {what} `{name}` in `{path}`"),
    )
    .label(span, "listed again here")
    .label(first, "first listed here")
    .help("remove one of them")
}

const PORT_FORMS: &str = "write a port as `\"8080:80\"`, `\"127.0.0.1:8080:80/udp\"`, `\"[::1]:8080:80\"`, `\"9000-9001:9000-9001\"`, a container port `80`, or a table `{ target = 80, published = 8080 }`";

/// A port string that is not compose short syntax.
pub(crate) fn malformed_port(text: &str, span: SourceSpan) -> Diag {
    let text = &shown(text);
    Diag::new(Code::MalformedPort, format!("malformed port `{text}`"))
        .label(span, "not a port mapping")
        .help(PORT_FORMS)
}

/// A port number outside `1..=65535`.
pub(crate) fn port_out_of_range(port: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::PortOutOfRange,
        format!("port `{port}` is out of range"),
    )
    .label(span, "not in 1..=65535")
    .help("a port is a number from 1 to 65535, or a range `start-end` of such numbers")
}

/// Host and container ranges of different lengths.
pub(crate) fn port_range_mismatch(published: &str, target: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::PortRangeMismatch,
        format!("the host ports `{published}` and the container ports `{target}` differ in length"),
    )
    .label(span, "ranges of different lengths")
    .help("publish as many host ports as container ports, e.g. `\"9000-9001:8000-8001\"`")
}

/// A host IP that is not an IPv4 or IPv6 address.
pub(crate) fn invalid_host_ip(ip: &str, span: SourceSpan) -> Diag {
    let ip = &shown(ip);
    Diag::new(Code::InvalidHostIp, format!("invalid host address `{ip}`"))
        .label(span, "not an IP address")
        .help("write an IPv4 address like `127.0.0.1`, or an IPv6 address in brackets like `[::1]`")
}

/// A protocol other than tcp, udp and sctp.
pub(crate) fn unknown_protocol(protocol: &str, span: SourceSpan) -> Diag {
    let protocol = &shown(protocol);
    Diag::new(
        Code::UnknownProtocol,
        format!("unknown protocol `{protocol}`"),
    )
    .label(span, "unknown protocol")
    .help("the protocol is `tcp` (the default), `udp` or `sctp`")
}

/// A mount string that is not `SRC:DST[:ro|:rw]` or `DST`.
pub(crate) fn malformed_mount(text: &str, span: SourceSpan, help: &str) -> Diag {
    let text = &shown(text);
    Diag::new(Code::MalformedMount, format!("malformed mount `{text}`"))
        .label(span, "not a mount")
        .help(help.to_owned())
}

/// A bind mount from `~`.
pub(crate) fn home_path(source: &str, span: SourceSpan) -> Diag {
    let source = &shown(source);
    Diag::new(
        Code::HomePath,
        format!("the mount source `{source}` names another user's home"),
    )
    .label(span, "`~NAME` is not expanded")
    .help("write `~/…` (the home of whoever runs the stack), an absolute path, or a path relative to stack.toml such as `./data`")
}

/// A mount target that is not an absolute path.
pub(crate) fn relative_target(target: &str, span: SourceSpan) -> Diag {
    if target.contains("${") {
        return Diag::new(
            Code::RelativeTarget,
            format!(
                "the mount target `{}` uses a parameter, which a target cannot",
                shown(target)
            ),
        )
        .label(span, "a path inside the container")
        .help("write the path from `/`: a mount is known by its target (an overlay replaces the mount at the same target, and two mounts at one target are refused), so it is written, not given");
    }
    let target = &shown(target);
    Diag::new(
        Code::RelativeTarget,
        format!("the mount target `{target}` is not an absolute path"),
    )
    .label(span, "must start with `/`")
    .help("write the path inside the container from `/`, e.g. `data:/var/lib/data`")
}

/// A mount mode other than `ro` and `rw`.
pub(crate) fn invalid_mount_mode(mode: &str, span: SourceSpan) -> Diag {
    let mode = &shown(mode);
    Diag::new(
        Code::InvalidMountMode,
        format!("unknown mount mode `{mode}`"),
    )
    .label(span, "unknown mode")
    .help(
        "the mode is a comma-separated list of `ro` or `rw` (the default), `nocopy` (a volume), a propagation (a bind: `rprivate`, `private`, `rshared`, `shared`, `rslave`, `slave`), an SELinux relabeling (a bind: `z` shared, `Z` private) and a consistency (`consistent`, `cached`, `delegated`)",
    )
}

/// A mount option that does not apply to this type of mount.
pub(crate) fn mount_option(path: &str, key: &str, kind: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::MountOption,
        format!("`{key}` does not apply to a {kind} mount in `{path}`"),
    )
    .label(span, format!("not allowed for `type = \"{kind}\"`"))
    .help(format!("remove `{key}`, or change `type`"))
}

/// An unknown `depends_on` condition.
pub(crate) fn unknown_condition(condition: &str, span: SourceSpan) -> Diag {
    let condition = &shown(condition);
    Diag::new(
        Code::UnknownCondition,
        format!("unknown dependency condition `{condition}`"),
    )
    .label(span, "unknown condition")
    .help("the condition is `started`, `healthy` or `completed`")
}

/// A healthcheck `test` of the wrong shape.
pub(crate) fn invalid_healthcheck(path: &str, span: SourceSpan, why: &str) -> Diag {
    Diag::new(
        Code::InvalidHealthcheck,
        format!("invalid healthcheck test in `{path}`"),
    )
    .label(span, why.to_owned())
    .help("write `test = \"curl -f http://localhost/\"` (run by a shell), `test = [\"CMD\", \"prog\", \"arg\"]`, `test = [\"CMD-SHELL\", \"cmd\"]` or `test = [\"NONE\"]`")
}

/// An unknown `restart` policy.
pub(crate) fn invalid_restart(text: &str, span: SourceSpan) -> Diag {
    let text = &shown(text);
    Diag::new(
        Code::InvalidRestart,
        format!("unknown restart policy `{text}`"),
    )
    .label(span, "unknown policy")
    .help("the policy is `no`, `always`, `on-failure`, `on-failure:N` (N retries) or `unless-stopped`")
}

/// A duration that is not Go syntax.
pub(crate) fn invalid_duration(path: &str, text: &str, span: SourceSpan) -> Diag {
    let text = &shown(text);
    Diag::new(
        Code::InvalidDuration,
        format!("invalid duration `{text}` in `{path}`"),
    )
    .label(span, "not a duration")
    .help("write numbers with units `ns`, `us`, `ms`, `s`, `m` or `h`, e.g. `\"30s\"`, `\"1m30s\"` or `\"1.5s\"`")
}

/// A duration written as a bare number.
pub(crate) fn duration_number(path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::InvalidDuration,
        format!("`{path}` must be a duration string, found a number"),
    )
    .label(span, "no unit")
    .help("write the duration with its unit as a string, e.g. `\"30s\"`")
}

/// An integer outside the range of its field.
pub(crate) fn out_of_range(
    path: &str,
    value: &str,
    span: SourceSpan,
    min: i128,
    max: i128,
) -> Diag {
    let message = if value.starts_with('-') && min >= 0 {
        format!("`{path}` must not be negative, found `{value}`")
    } else {
        format!("`{path}` is out of range, found `{value}`")
    };
    Diag::new(Code::OutOfRange, message)
        .label(span, format!("not in {min}..={max}"))
        .help(format!("write a whole number from {min} to {max}"))
}

/// A `$` a template cannot parse.
pub(crate) fn template(path: &str, err: &TemplateError, span: SourceSpan) -> Diag {
    match &err.kind {
        TemplateErrorKind::StrayDollar => {
            Diag::new(Code::StrayDollar, format!("stray `$` in `{path}`"))
                .label(span, "stray `$`")
                .help("write `$$` for a literal `$`, or `${NAME}` to use the parameter `NAME`")
        }
        TemplateErrorKind::Unterminated => Diag::new(
            Code::UnterminatedReference,
            format!("unterminated `${{` in `{path}`"),
        )
        .label(span, "no closing `}`")
        .help("close the reference as `${NAME}`, or write `$$` for a literal `$`"),
        TemplateErrorKind::BadName(name) => Diag::new(
            Code::InvalidReference,
            format!("invalid parameter reference `${{{name}}}` in `{path}`"),
        )
        .label(span, "not a parameter name")
        .help("write `${NAME}`, or with a fallback `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`; a parameter name starts with an ASCII letter, then uses only ASCII letters, digits and `_`; write `$$` for a literal `$`"),
    }
}

/// `${NAME}` in a field that takes no parameter.
pub(crate) fn no_parameter_here(path: &str, name: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::NoParameterHere,
        format!("`{path}` takes no parameter, but uses `${{{name}}}`"),
    )
    .label(span, "not substituted here")
    .help("write the value itself; a literal `$` is written `$$`")
}

/// A carriage return or a line feed in a path.
pub(crate) fn line_break_in_path(path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::LineBreakInPath,
        format!("`{path}` holds a line break"),
    )
    .label(span, "a carriage return or line feed")
    .help("a path is one line: remove the line break (a TOML `\"\"\"` string keeps the newline after its last line)")
}

/// `${NAME}` with no `[params.NAME]`.
pub(crate) fn undeclared_param(name: &str, span: SourceSpan, suggestion: Option<&str>) -> Diag {
    let help = match suggestion {
        Some(best) => format!("did you mean `{best}`? If not, declare it: `[params.{name}]`"),
        None => format!("declare it: `[params.{name}]`"),
    };
    Diag::new(
        Code::UndeclaredParam,
        format!("undeclared parameter `{name}`"),
    )
    .label(span, "not declared in `[params]`")
    .help(help)
}

/// A secret parameter used outside `environment`.
pub(crate) fn secret_outside_environment(name: &str, path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::SecretOutsideEnvironment,
        format!("the secret parameter `{name}` is used in `{path}`"),
    )
    .label(span, "secret used here")
    .help("secrets are only passed through docker's environment; use it in a `services.*.environment` value, or make the parameter not secret")
}

/// A secret parameter referenced with a fallback of its own.
pub(crate) fn secret_with_fallback(name: &str, path: &str, span: SourceSpan) -> Diag {
    Diag::new(
        Code::SecretFallback,
        format!("the secret parameter `{name}` has a fallback in `{path}`"),
    )
    .label(span, "fallback here")
    .help(format!(
        "a secret is required where it is used: write `${{{name}}}`"
    ))
}

/// A value outside a fixed set of words.
pub(crate) fn invalid_choice(
    code: impl Into<&'static str>,
    path: &str,
    value: &str,
    span: SourceSpan,
    choices: &str,
) -> Diag {
    Diag::new(code, format!("invalid value `{value}` for `{path}`"))
        .label(span, "not allowed here")
        .help(format!("`{path}` is one of {choices}"))
}

/// A string that does not have the form a field requires.
pub(crate) fn invalid_value(
    code: impl Into<&'static str>,
    path: &str,
    value: &str,
    span: SourceSpan,
    help: &str,
) -> Diag {
    let message = if value.is_empty() {
        format!("an empty value for `{path}`")
    } else {
        format!("invalid value `{}` for `{path}`", shown(value))
    };
    Diag::new(code, message)
        .label(span, "invalid value")
        .help(help.to_owned())
}

/// A short-syntax mount source that is neither a path nor a volume name.
pub(crate) fn invalid_mount_source(source: &str, span: SourceSpan) -> Diag {
    let source = &shown(source);
    Diag::new(Code::InvalidName, format!("invalid volume name `{source}`"))
        .label(span, "neither a volume name nor a path")
        .help(format!(
            "a volume name must {}; a bind mount source starts with `/`, `./` or `../`",
            NameKind::Volume.rule()
        ))
}

/// An `env_file` that is missing, a directory, or unreadable.
pub(crate) fn env_file(file: &str, span: SourceSpan, why: &str) -> Diag {
    let file = shown(file);
    Diag::new(
        Code::EnvFile,
        format!("cannot read the env_file `{file}`"),
    )
    .label(span, why.to_owned())
    .help("an env_file is read by docker when the container is created, relative to the directory of stack.toml; create it (it may be empty) or remove it from `env_file`")
}

/// A `label_file` that is missing, a directory, or unreadable.
pub(crate) fn label_file(file: &str, span: SourceSpan, why: &str) -> Diag {
    let file = shown(file);
    Diag::new(
        Code::LabelFile,
        format!("cannot read the label_file `{file}`"),
    )
    .label(span, why.to_owned())
    .help("a label_file is read by docker when the container is created, relative to the directory of stack.toml; create it (it may be empty) or remove it from `label_file`")
}

/// A build context that is the host's root or a kernel pseudo filesystem.
pub(crate) fn host_wide_context(context: &str, span: SourceSpan, place: &str) -> Diag {
    let context = shown(context);
    Diag::new(
        Code::InvalidBuild,
        format!("the build context `{context}` is {place}"),
    )
    .label(span, "not a directory of build inputs")
    .help("docker sends every file of the context to the daemon, and stackc hashes them to decide when to rebuild; point `context` at the directory that holds the Dockerfile and what it copies, e.g. `\"./app\"`")
}
