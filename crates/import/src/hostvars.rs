//! Host paths that start with the variables compose users write for the
//! home and working directories: `${HOME}/x` is stackc's `~/x` (the home
//! of whoever runs the stack, as `$HOME` is), `${PWD}/x` is `./x` (the
//! project directory, where compose is run from). stackc takes neither
//! variable as a parameter: the shell sets both.

/// `text` with a leading `${HOME}`, `$HOME`, `${PWD}` or `$PWD` (followed by
/// `/`, `:` or nothing) written as stackc writes those directories; `None`
/// when it starts with none of them.
pub fn rewrite(text: &str) -> Option<String> {
    for (var, dir) in [("HOME", "~"), ("PWD", ".")] {
        for form in [format!("${{{var}}}"), format!("${var}")] {
            let Some(rest) = text.strip_prefix(&form) else {
                continue;
            };
            if rest.is_empty() || rest.starts_with(['/', ':']) {
                return Some(format!("{dir}{rest}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn only_a_whole_leading_variable_is_rewritten() {
        assert_eq!(
            rewrite("${PWD}/conf:/etc/x:ro").as_deref(),
            Some("./conf:/etc/x:ro")
        );
        assert_eq!(rewrite("$HOME/.cache:/c").as_deref(), Some("~/.cache:/c"));
        assert_eq!(rewrite("${HOME}").as_deref(), Some("~"));
        assert_eq!(rewrite("$PWD:/src").as_deref(), Some(".:/src"));
        assert_eq!(rewrite("$PWDX/a:/b"), None);
        assert_eq!(rewrite("${HOMEDIR}/a:/b"), None);
        assert_eq!(rewrite("/srv/${PWD}:/b"), None);
    }
}
