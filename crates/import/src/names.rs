//! stackc's name rules for what an import names: the stack, services,
//! networks and volumes; and compose's default project name.

/// `[a-z0-9][a-z0-9_-]*`: a stack or a service.
pub fn is_stack_name(name: &str) -> bool {
    rule(name, |c| c == '_' || c == '-')
}

/// Services follow the stack's rule.
pub fn is_service_name(name: &str) -> bool {
    is_stack_name(name)
}

/// `[a-z0-9][a-z0-9_.-]*`: a network or a volume.
pub fn is_resource_name(name: &str) -> bool {
    rule(name, |c| matches!(c, '_' | '.' | '-'))
}

fn rule(name: &str, extra: impl Fn(char) -> bool) -> bool {
    let base = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut chars = name.chars();
    chars.next().is_some_and(base) && chars.all(|c| base(c) || extra(c))
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
    fn rules_and_project_names() {
        assert!(is_stack_name("my-app_2"));
        assert!(!is_service_name("Web"));
        assert!(!is_service_name("web.1"));
        assert!(is_resource_name("front.net"));
        assert_eq!(project_name("My App.v2"), "myappv2");
        assert_eq!(project_name("_x"), "x");
    }
}
