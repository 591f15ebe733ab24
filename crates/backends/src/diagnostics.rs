//! The codes of the diagnostics the backends report, and one constructor
//! per message (bash reports its own). A message is lowercase with names in
//! backticks; each has a help line that says how to get an output.

use std::fmt;

use stackc_ir::Diag;
use stackc_ir::stack::Spanned;

/// The code of a backend diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// A bug of stackc: an output that could not be written.
    Internal,
    /// An action whose commands are not fixed at compile time.
    ArgvArchive,
    /// A value given for a parameter that is not one of its `choices`.
    ParamNotAChoice,
    /// A parameter without a value where the output fixes it.
    ParamWithoutValue,
    /// An image reference that the parameters' values make invalid.
    InvalidImage,
    /// `exec` commands compose would run on every start.
    ComposeExecInitial,
    /// A parameter default compose interpolation cannot hold.
    ComposeParamDefault,
    /// A key without a Kubernetes counterpart.
    KubeUnsupported,
    /// A name Kubernetes rejects.
    KubeName,
    /// A bind mount with no meaning on a cluster, or one that cannot be
    /// mapped as asked.
    KubeBindMount,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "stackc::internal",
            Self::ArgvArchive => "stackc::argv-archive",
            Self::ParamNotAChoice => "stackc::param-not-a-choice",
            Self::ParamWithoutValue => "stackc::param-without-value",
            Self::InvalidImage => "stackc::invalid-image",
            Self::ComposeExecInitial => "stackc::compose-exec-initial",
            Self::ComposeParamDefault => "stackc::compose-param-default",
            Self::KubeUnsupported => "stackc::kube-unsupported",
            Self::KubeName => "stackc::kube-name",
            Self::KubeBindMount => "stackc::kube-bind-mount",
        }
    }
}

fn diag(code: Code, message: String) -> Diag {
    Diag::new(code.as_str(), message)
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

/// The image of the block at `path` (`services.web`), completed by the
/// parameters' values, is no image reference.
pub(crate) fn invalid_image(path: &str, value: &str, why: &str) -> Diag {
    diag(
        Code::InvalidImage,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_namespaced() {
        let codes = [
            Code::Internal,
            Code::ArgvArchive,
            Code::ParamNotAChoice,
            Code::ParamWithoutValue,
            Code::InvalidImage,
            Code::ComposeExecInitial,
            Code::ComposeParamDefault,
            Code::KubeUnsupported,
            Code::KubeName,
            Code::KubeBindMount,
        ];
        for (i, code) in codes.iter().enumerate() {
            assert!(code.as_str().starts_with("stackc::"), "{code:?}");
            assert!(
                codes[..i]
                    .iter()
                    .all(|other| other.as_str() != code.as_str()),
                "{code:?}"
            );
        }
    }
}
