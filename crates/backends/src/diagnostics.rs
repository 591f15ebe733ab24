//! The codes of the diagnostics the backends report, and one constructor
//! per message (bash reports its own). A message is lowercase with names in
//! backticks; each has a help line that says how to get an output.

use std::fmt;

use stackc_ir::Diag;
use stackc_ir::stack::Spanned;

stackc_ir::codes! {
    /// A bug of stackc: an output that could not be written.
    Internal = "stackc::internal",
    /// An action whose commands are not fixed at compile time.
    ArgvArchive = "stackc::argv-archive",
    ArgvFiles = "stackc::argv-files",
    ArgvStdin = "stackc::argv-stdin",
    ResolvedValue = "stackc::resolved-value",
    /// A value given for a parameter that is not one of its `choices`.
    ParamNotAChoice = "stackc::param-not-a-choice",
    /// A parameter without a value where the output fixes it.
    ParamWithoutValue = "stackc::param-without-value",
    /// `exec` commands compose would run on every start.
    ComposeExecInitial = "stackc::compose-exec-initial",
    /// A parameter default compose interpolation cannot hold.
    ComposeParamDefault = "stackc::compose-param-default",
    /// A key without a Kubernetes counterpart.
    KubeUnsupported = "stackc::kube-unsupported",
    /// A name Kubernetes rejects.
    KubeName = "stackc::kube-name",
    /// A bind mount with no meaning on a cluster, or one that cannot be
    /// mapped as asked.
    KubeBindMount = "stackc::kube-bind-mount",
    /// A secret or config that cannot be a file of a pod as asked.
    KubeFile = "stackc::kube-file",
    /// A key or a dependency Docker Swarm cannot honour.
    SwarmUnsupported = "stackc::swarm-unsupported",
}

fn diag(code: impl Into<&'static str>, message: String) -> Diag {
    Diag::new(code, message)
}

/// Where a problem is: the span of a value, with the label shown on it.
pub(crate) type At = Spanned<String>;

/// The label `text` on the span of `of`.
pub(crate) fn at<T>(of: &Spanned<T>, text: impl Into<String>) -> At {
    Spanned::new(text.into(), of.span)
}

/// An output that a serializer could not write (`what`: `compose`, …).
pub(crate) fn serialization(what: &str, error: impl fmt::Display) -> Diag {
    diag(Code::Internal, format!("{what} serialization: {error}"))
}

// ---------------------------------------------------------------------------
// Parameters fixed at compile time (argv, kube).

/// A given value outside the parameter's `choices`; a secret's value is not
/// shown.
pub(crate) fn param_not_a_choice(
    name: &str,
    value: &str,
    secret: bool,
    choices: &[String],
) -> Diag {
    let shown = if secret {
        "the given value".to_owned()
    } else {
        format!("`{value}`")
    };
    diag(
        Code::ParamNotAChoice,
        format!("parameter `{name}`: {shown} is not one of its choices"),
    )
    .help(format!(
        "give one of {}",
        choices
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// A parameter with neither a given value nor a default, for `backend`
/// (`argv`, `kube`), labelled where it is declared when that is known.
/// A `~/…` host path fixed at compile time without an absolute `$HOME`.
pub(crate) fn home_without_value(backend: &str) -> Diag {
    diag(
        Code::ParamWithoutValue,
        "a host path under `~` needs the home directory, and HOME is not an absolute path".to_owned(),
    )
    .help(format!(
        "the {backend} backend fixes host paths at compile time: run it with HOME set to the home directory of the machine that will run docker"
    ))
}

pub(crate) fn param_without_value(
    name: &str,
    backend: &str,
    declared: Option<&Spanned<String>>,
) -> Diag {
    let mut out = diag(
        Code::ParamWithoutValue,
        format!("parameter `{name}` has no value and no default"),
    );
    if let Some(declared) = declared {
        out = out.label(declared.span, "declared here");
    }
    out.help(format!(
        "the {backend} backend fixes parameters at compile time: give one with `--set {name}=VALUE` or in the environment"
    ))
}

// ---------------------------------------------------------------------------
// argv

/// `backup` and `restore`, whose commands are found at run time.
pub(crate) fn argv_archive(action: &str) -> Diag {
    diag(
        Code::ArgvArchive,
        format!("`{action}` is not a fixed list of docker commands"),
    )
    .help("its commands depend on the archives and the engine at run time: use `stackc bash --action backup` (or `restore`)")
}

/// A service that reads secrets or configs, in argv output.
pub(crate) fn argv_files<T>(service: &str, key: &str, grant: &Spanned<T>) -> Diag {
    diag(
        Code::ArgvFiles,
        format!("service `{service}` reads {key}, which no docker argument vector can give it"),
    )
    .label(grant.span, "copied into the container from a stream")
    .help("use `stackc bash` (its script copies the content in with `docker cp -` before the container starts) or `stackc compose`; argv holds command lines only, and a secret never goes on one")
}

/// A port a parameter completes that is no port once the values are
/// fixed (argv, kube).
pub(crate) fn resolved_port<T>(what: &str, text: &str, at: Option<&Spanned<T>>) -> Diag {
    let diag = diag(
        Code::ResolvedValue,
        format!(
            "a port of {what} is `{}` with the parameters' values, which is not `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`",
            stackc_ir::text::shown(text)
        ),
    )
    .help("give the parameters values that make a port mapping, e.g. `HTTP_PORT=8080` for `\"${HTTP_PORT}:80\"`");
    match at {
        Some(at) => diag.label(at.span, "completed by parameters"),
        None => diag,
    }
}

/// A value parameters complete that lacks its field's form once the values
/// are fixed (argv).
pub(crate) fn resolved_value(place: &str, check: stackc_ir::check::ValueCheck, text: &str) -> Diag {
    use stackc_ir::check::ValueCheck;
    let what = match check {
        ValueCheck::Port => format!("a port of `{place}`"),
        ValueCheck::Restart
        | ValueCheck::Rule(_)
        | ValueCheck::Ip(_)
        | ValueCheck::Duration
        | ValueCheck::Bool => place.to_owned(),
    };
    diag(
        Code::ResolvedValue,
        format!(
            "{what} is `{}` with the parameters' values, which is not {}",
            stackc_ir::text::shown(text),
            check.expected()
        ),
    )
    .help("give the parameters values that make one (`--set NAME=VALUE`, or their defaults)")
}

/// A build whose Dockerfile is inline, in argv output.
pub(crate) fn argv_stdin(path: &str, build: Option<&stackc_ir::stack::Build>) -> Diag {
    let diag = diag(
        Code::ArgvStdin,
        format!("`{path}` reads its Dockerfile (`dockerfile_inline`) on standard input, which no argument vector carries"),
    )
    .help("use `stackc bash` (its script gives the Dockerfile on `docker build --file=-`'s standard input) or `stackc compose`, or write the Dockerfile in a file and name it with `dockerfile`");
    match build {
        Some(build) => diag.label(build.span, "built from an inline Dockerfile"),
        None => diag,
    }
}

/// The image of the block at `path` (`services.web`), completed by the
/// parameters' values, is no image reference.
pub(crate) fn invalid_image(path: &str, value: &str, why: &str) -> Diag {
    diag(
        stackc_ir::diagnostic::Code::InvalidImage,
        format!(
            "the image of `{path}` is `{}` with the parameters' values, which is not an image reference ({why})",
            stackc_ir::text::shown(value)
        ),
    )
    .help("give the parameters values that make a reference such as `nginx:1.27` or `ghcr.io/owner/app:v1`")
}

// ---------------------------------------------------------------------------
// compose

/// `exec_policy = "initial"`, which compose's `post_start` cannot express.
pub(crate) fn compose_exec_initial<T>(service: &str, first: &Spanned<T>) -> Diag {
    diag(
        Code::ComposeExecInitial,
        format!("compose cannot run the `exec` commands of `{service}` only when its container is created"),
    )
    .label(first.span, "run once, after creation")
    .help(format!(
        "compose's `post_start` hooks run on every start: set `exec_policy = \"always\"` on `{service}` to use compose, or use the bash or argv backend"
    ))
}

/// A default holding `what` (`` `}` `` or a line break), which
/// `${NAME:-default}` cannot hold.
pub(crate) fn compose_param_default(name: &Spanned<String>, what: &str) -> Diag {
    let param = &name.value;
    diag(
        Code::ComposeParamDefault,
        format!(
            "the default of parameter `{param}` contains {what}, which compose interpolation cannot express"
        ),
    )
    .label(name.span, "parameter declared here")
    .help(format!(
        "remove {what} from the default of `{param}` and give that value at run time (`{param}=…` in the environment or `.env`), or use the bash backend"
    ))
}

// ---------------------------------------------------------------------------
// kube

/// `key` of `what` (e.g. service `web`) has no Kubernetes counterpart.
pub(crate) fn kube_unsupported(what: &str, key: &str, at: At, help: impl Into<String>) -> Diag {
    diag(
        Code::KubeUnsupported,
        format!("`{key}` of {what} has no Kubernetes counterpart"),
    )
    .label(at.span, at.value)
    .help(help)
}

/// The stack's name, which every object carries as a label value.
pub(crate) fn kube_stack_name(name: &Spanned<String>) -> Diag {
    diag(
        Code::KubeName,
        format!(
            "stack name `{}` is not a valid Kubernetes label value",
            name.value
        ),
    )
    .label(name.span, "used as the `app.kubernetes.io/part-of` label")
    .help("use at most 63 characters that start and end with a letter or digit")
}

/// The name of `what`, which names a Kubernetes `object` (`Service`, …).
pub(crate) fn kube_object_name(what: &str, name: &Spanned<String>, object: &str) -> Diag {
    diag(
        Code::KubeName,
        format!("the name of {what} is not a valid Kubernetes {object} name"),
    )
    .label(name.span, "declared here")
    .help(format!(
        "rename `{}`: lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit, at most 63 characters",
        name.value
    ))
}

/// A `hostname` (resolved) that is no pod hostname.
pub(crate) fn kube_hostname(what: &str, value: &str, service: &Spanned<String>) -> Diag {
    diag(
        Code::KubeName,
        format!("the `hostname` of {what}, `{value}`, is not a valid pod hostname"),
    )
    .label(service.span, "in this service")
    .help("use lowercase letters, digits and `-` (at most 63 characters), or remove `hostname`")
}

/// The init container `name` that waits for the dependency `service`.
pub(crate) fn kube_wait_name(name: &str, service: &Spanned<String>) -> Diag {
    diag(
        Code::KubeName,
        format!(
            "the init container `{name}` that waits for `{}` has too long a name",
            service.value
        ),
    )
    .label(service.span, "this dependency")
    .help("shorten the service's name to at most 54 characters")
}

/// An environment variable name the Kubernetes `version` rejects.
pub(crate) fn kube_env_name<T>(key: &str, version: &str, value: &Spanned<T>) -> Diag {
    diag(
        Code::KubeName,
        format!("environment variable `{key}` has a name Kubernetes {version} rejects"),
    )
    .label(value.span, "its value")
    .help("use letters, digits, `_`, `-` and `.`, not starting with a digit")
}

/// A label key of `what` that is no annotation key.
pub(crate) fn kube_annotation_key(key: &str, what: &str, name: &Spanned<String>) -> Diag {
    diag(
        Code::KubeName,
        format!("label `{key}` of {what} is not a valid Kubernetes annotation key"),
    )
    .label(name.span, "declared here")
    .help("use `[prefix/]name` with a DNS prefix and a name of at most 63 letters, digits, `-`, `_` and `.`")
}

/// A bind mount, without `--bind-as`.
pub(crate) fn kube_bind_mount<T>(
    source: &str,
    target: &str,
    what: &str,
    mount: &Spanned<T>,
) -> Diag {
    diag(
        Code::KubeBindMount,
        format!("bind mount `{source}:{target}` of {what} has no meaning on a cluster"),
    )
    .label(mount.span, "a host path")
    .help("use a named volume, or map bind mounts with `stackc kube --bind-as config-map` (a file's content, read-only) or `--bind-as host-path` (the path on the node that runs the pod)")
}

/// A writable bind mount, which a config map cannot be.
pub(crate) fn kube_bind_writable<T>(path: &str, what: &str, mount: &Spanned<T>) -> Diag {
    diag(
        Code::KubeBindMount,
        format!("bind mount of `{path}` in {what} is writable, but a ConfigMap is read-only"),
    )
    .label(mount.span, "a host path")
    .help("add `:ro` (or `read_only = true`) to the mount, or use `--bind-as host-path`")
}

/// A bind-mounted file that cannot be a config map, and `why`.
pub(crate) fn kube_bind_unreadable<T>(
    path: &str,
    what: &str,
    why: &str,
    mount: &Spanned<T>,
) -> Diag {
    diag(
        Code::KubeBindMount,
        format!("cannot make a ConfigMap of `{path}` for {what}: {why}"),
    )
    .label(mount.span, "a host path")
    .help("a ConfigMap holds one UTF-8 file of at most 1 MB; use a volume or `--bind-as host-path` for the rest")
}

/// A config whose file cannot be a `ConfigMap`'s content.
pub(crate) fn kube_config_unreadable<T>(
    config: &str,
    path: &str,
    why: &str,
    source: &Spanned<T>,
) -> Diag {
    diag(
        Code::KubeFile,
        format!("cannot make a ConfigMap of config `{config}` from `{path}`: {why}"),
    )
    .label(source.span, "read at compile time")
    .help("a ConfigMap holds at most 1 MB: mount a larger file from a volume")
}

/// A config whose content reads a secret parameter: a `ConfigMap` is not
/// secret.
pub(crate) fn kube_config_secret<G, S>(
    config: &str,
    what: &str,
    grant: &Spanned<G>,
    source: &Spanned<S>,
) -> Diag {
    diag(
        Code::KubeFile,
        format!("config `{config}` of {what} reads a secret parameter, which kube never writes into a manifest"),
    )
    .label(source.span, "content from a secret parameter")
    .label(grant.span, "mounted here")
    .help("make it a `[secrets.NAME]` (read from the Secret the deployer creates), or give the config no secret")
}

/// A secret whose key Kubernetes rejects (`kind`: `secret`).
pub(crate) fn kube_file_key<T>(key: &str, kind: &str, what: &str, grant: &Spanned<T>) -> Diag {
    diag(
        Code::KubeFile,
        format!("the {kind} `{key}` of {what} cannot be a key of a Kubernetes Secret"),
    )
    .label(grant.span, "mounted here")
    .help("a key holds letters, digits, `-`, `_` and `.`: rename the secret (or its parameter)")
}

// ---------------------------------------------------------------------------
// Docker Swarm.

/// `key` of `what` (e.g. a service), which a swarm cannot honour.
pub(crate) fn swarm_unsupported(what: &str, key: &str, at: At, help: impl Into<String>) -> Diag {
    diag(
        Code::SwarmUnsupported,
        format!("`{key}` of {what} has no Docker Swarm counterpart"),
    )
    .label(at.span, at.value)
    .help(help)
}
