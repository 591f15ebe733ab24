//! The naming rules of stack.toml, in one place: the frontend checks names
//! with them, the import converts with them, and the JSON Schema states
//! them as patterns.

/// What a name names, with its rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Stack,
    Service,
    Network,
    Volume,
    Container,
    /// A profile (`profiles = ["dev"]`).
    Profile,
    /// A runtime parameter (`[params.NAME]`, `${NAME}`).
    Param,
    /// `[secrets.NAME]`
    Secret,
    /// `[configs.NAME]`
    Config,
}

impl NameKind {
    /// What the name is, in words.
    pub fn what(self) -> &'static str {
        match self {
            Self::Stack => "stack name",
            Self::Service => "service name",
            Self::Network => "network name",
            Self::Volume => "volume name",
            Self::Container => "container name",
            Self::Profile => "profile name",
            Self::Param => "parameter name",
            Self::Secret => "secret name",
            Self::Config => "config name",
        }
    }

    /// The rule, as a help line states it.
    pub fn rule(self) -> &'static str {
        match self {
            Self::Stack => {
                "start with a lowercase letter or digit, then use only lowercase letters, digits, `_` and `-`"
            }
            Self::Service => {
                "start with a letter or digit, then use only letters, digits, `_`, `-` and `.` (a `.` between two letters or digits, as in `web.v2`), and not start with `images.` or `volumes.` (the helper services of stackc's compose output)"
            }
            Self::Profile => {
                "start with a letter or digit, then use only letters, digits, `_`, `.` and `-` (e.g. `dev`)"
            }
            Self::Network | Self::Volume | Self::Container | Self::Secret | Self::Config => {
                "start with a letter or digit, then use only letters, digits, `_`, `.` and `-`"
            }
            Self::Param => {
                "start with an ASCII letter or `_`, then use only ASCII letters, digits and `_` (not `_` alone)"
            }
        }
    }

    /// The rule as an anchored regular expression (for the JSON Schema).
    pub const fn pattern(self) -> &'static str {
        match self {
            Self::Stack => "^[a-z0-9][a-z0-9_-]*$",
            Self::Service => {
                "^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?)*[A-Za-z0-9_-]*$"
            }
            Self::Network
            | Self::Volume
            | Self::Container
            | Self::Profile
            | Self::Secret
            | Self::Config => "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
            Self::Param => "^([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*$",
        }
    }

    /// Whether `name` follows the rule.
    pub fn is_valid(self, name: &str) -> bool {
        let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        match self {
            Self::Stack => matches(name, lower_or_digit, |c| {
                lower_or_digit(c) || c == '_' || c == '-'
            }),
            // Capitals and dots as compose allows them; the project (stack)
            // name and image names stay lowercase. A dot between two
            // letters or digits keeps each derived name valid: the image
            // `<stack>-<service>` (a dot separates parts of a repository
            // path) and the DNS name on the networks (no empty label).
            Self::Service => {
                matches(
                    name,
                    |c| c.is_ascii_alphanumeric(),
                    |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
                ) && !HELPER_PREFIXES.iter().any(|p| name.starts_with(p))
                    && name
                        .split('.')
                        .skip(1)
                        .all(|part| part.starts_with(|c: char| c.is_ascii_alphanumeric()))
                    && name
                        .split('.')
                        .rev()
                        .skip(1)
                        .all(|part| part.ends_with(|c: char| c.is_ascii_alphanumeric()))
            }
            // Docker's rule for volume and network names.
            Self::Network
            | Self::Volume
            | Self::Container
            | Self::Profile
            | Self::Secret
            | Self::Config => matches(
                name,
                |c| c.is_ascii_alphanumeric(),
                |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'),
            ),
            // As compose: a letter or `_` first; `_` alone is bash's last
            // argument.
            Self::Param => {
                name != "_"
                    && matches(
                        name,
                        |c| c.is_ascii_alphabetic() || c == '_',
                        |c| c.is_ascii_alphanumeric() || c == '_',
                    )
            }
        }
    }
}

/// The prefixes of the helper services stackc's compose output adds
/// (`crate::engine_names::image_service`, `volume_init_service`).
const HELPER_PREFIXES: &[&str] = &["images.", "volumes."];

fn matches(name: &str, first: impl Fn(char) -> bool, rest: impl Fn(char) -> bool) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(first) && chars.all(rest)
}

/// Compose's project name for a directory name: lowercased, only
/// `[a-z0-9_-]` kept, leading `_` and `-` dropped.
pub fn project_name(dir_name: &str) -> String {
    let kept: String = dir_name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
        .collect();
    kept.trim_start_matches(['_', '-']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(NameKind::Stack.is_valid("my-app_2"));
        assert!(!NameKind::Stack.is_valid("My-app"));
        assert!(!NameKind::Stack.is_valid("-app"));
        assert!(NameKind::Service.is_valid("web.v2") && NameKind::Service.is_valid("Web.1"));
        for bad in [
            "web.",
            ".web",
            "a..b",
            "a_.b",
            "a.-b",
            "images.x",
            "volumes.data",
        ] {
            assert!(!NameKind::Service.is_valid(bad), "{bad}");
        }
        assert!(NameKind::Network.is_valid("front.net"));
        assert!(NameKind::Volume.is_valid("staticVol") && !NameKind::Volume.is_valid("_v"));
        assert!(!NameKind::Volume.is_valid(""));
        assert!(NameKind::Container.is_valid("Web.1"));
        assert!(!NameKind::Container.is_valid("_web"));
        assert!(NameKind::Param.is_valid("Db_2") && NameKind::Param.is_valid("_x"));
        assert!(!NameKind::Param.is_valid("_") && !NameKind::Param.is_valid("2x"));
        assert_eq!(project_name("My App.v2"), "myappv2");
        assert_eq!(project_name("_x"), "x");
    }
}
