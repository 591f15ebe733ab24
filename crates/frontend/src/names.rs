//! The naming rules of stacks, services, networks, volumes, containers and
//! parameters.

use miette::SourceSpan;

use crate::decode::Decoder;
use crate::diagnostics;

/// What a name names, with its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameKind {
    Stack,
    Service,
    Network,
    Volume,
    Container,
}

impl NameKind {
    pub(crate) fn what(self) -> &'static str {
        match self {
            Self::Stack => "stack name",
            Self::Service => "service name",
            Self::Network => "network name",
            Self::Volume => "volume name",
            Self::Container => "container name",
        }
    }

    /// The rule, as the help line states it.
    pub(crate) fn rule(self) -> &'static str {
        match self {
            Self::Stack | Self::Service => {
                "start with a lowercase letter or digit, then use only lowercase letters, digits, `_` and `-`"
            }
            Self::Network | Self::Volume => {
                "start with a lowercase letter or digit, then use only lowercase letters, digits, `_`, `.` and `-`"
            }
            Self::Container => {
                "start with a letter or digit, then use only letters, digits, `_`, `.` and `-`"
            }
        }
    }

    pub(crate) fn is_valid(self, name: &str) -> bool {
        let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        match self {
            Self::Stack | Self::Service => matches(name, lower_or_digit, |c| {
                lower_or_digit(c) || c == '_' || c == '-'
            }),
            Self::Network | Self::Volume => matches(name, lower_or_digit, |c| {
                lower_or_digit(c) || matches!(c, '_' | '.' | '-')
            }),
            Self::Container => matches(
                name,
                |c| c.is_ascii_alphanumeric(),
                |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'),
            ),
        }
    }
}

fn matches(name: &str, first: impl Fn(char) -> bool, rest: impl Fn(char) -> bool) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(first) && chars.all(rest)
}

/// Report `name` unless it follows the rule of `kind`.
pub(crate) fn check(d: &mut Decoder<'_>, kind: NameKind, name: &str, span: SourceSpan) -> bool {
    let valid = kind.is_valid(name);
    if !valid {
        d.push(diagnostics::invalid_name(kind, name, span));
    }
    valid
}

/// Whether a parameter may not be called `name`: bash, the scripts, the
/// docker client or the C library read a variable of that name
/// ([`stackc_ir::reserved`]).
pub(crate) fn is_reserved_param(name: &str) -> bool {
    stackc_ir::reserved::is_reserved_variable(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(NameKind::Stack.is_valid("my-app_2"));
        assert!(!NameKind::Stack.is_valid("My-app"));
        assert!(!NameKind::Stack.is_valid("-app"));
        assert!(!NameKind::Service.is_valid("web.1"));
        assert!(NameKind::Network.is_valid("front.net"));
        assert!(!NameKind::Volume.is_valid(""));
        assert!(NameKind::Container.is_valid("Web.1"));
        assert!(!NameKind::Container.is_valid("_web"));
    }

    #[test]
    fn reserved_params() {
        assert!(is_reserved_param("PATH"));
        assert!(is_reserved_param("BASH_ENV"));
        assert!(is_reserved_param("DOCKER_HOST"));
        assert!(is_reserved_param("LC_ALL"));
        assert!(!is_reserved_param("Path"));
        assert!(!is_reserved_param("DB_PASSWORD"));
    }
}
