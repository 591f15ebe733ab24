//! Names that already mean something, and which a stack therefore may not
//! give to its own things: the one list, used by the frontend, the import,
//! the passes and the JSON Schema.
//!
//! - **Variables** that bash, the generated scripts, the docker client (a
//!   Go program) or the C library read from the environment. A parameter is
//!   a variable of the generated script, and a secret reaches docker as a
//!   variable of the docker client's environment: given one of these names,
//!   it would change how the script or docker itself runs, or read bash's
//!   value instead of the environment's (`SRANDOM`, `EPOCHREALTIME`).
//! - **Labels** under the prefixes compose and stackc use to find and
//!   judge their own resources (`com.docker.compose.project` decides which
//!   project a container belongs to, and so which project's orphan removal
//!   deletes it).

/// Variables read by bash (its manual's "Shell Variables"), by the
/// programs the scripts run (coreutils, the docker client), and by the
/// dynamic loader and the C library.
pub const VARIABLES: &[&str] = &[
    // bash
    "auto_resume",
    "CDPATH",
    "CHILD_MAX",
    "COLUMNS",
    "COPROC",
    "DIRSTACK",
    "EMACS",
    "ENV",
    "EPOCHREALTIME",
    "EPOCHSECONDS",
    "EUID",
    "EXECIGNORE",
    "FCEDIT",
    "FIGNORE",
    "FUNCNAME",
    "FUNCNEST",
    "GLOBIGNORE",
    "GLOBSORT",
    "GROUPS",
    "histchars",
    "HISTCMD",
    "HISTCONTROL",
    "HISTFILE",
    "HISTFILESIZE",
    "HISTIGNORE",
    "HISTSIZE",
    "HISTTIMEFORMAT",
    "HOME",
    "HOSTFILE",
    "HOSTNAME",
    "HOSTTYPE",
    "IFS",
    "IGNOREEOF",
    "INPUTRC",
    "INSIDE_EMACS",
    "LINENO",
    "LINES",
    "MACHTYPE",
    "MAIL",
    "MAILCHECK",
    "MAILPATH",
    "MAPFILE",
    "OLDPWD",
    "OPTARG",
    "OPTERR",
    "OPTIND",
    "OSTYPE",
    "PATH",
    "PIPESTATUS",
    "POSIXLY_CORRECT",
    "PPID",
    "PROMPT_COMMAND",
    "PROMPT_DIRTRIM",
    "PS0",
    "PS1",
    "PS2",
    "PS3",
    "PS4",
    "PWD",
    "RANDOM",
    "REPLY",
    "SECONDS",
    "SHELL",
    "SHELLOPTS",
    "SHLVL",
    "SRANDOM",
    "TERM",
    "TEXTDOMAIN",
    "TEXTDOMAINDIR",
    "TIMEFORMAT",
    "TMOUT",
    "TMPDIR",
    "UID",
    // the login and the locale
    "LANG",
    "LANGUAGE",
    "LOGNAME",
    // Not `TZ`: the time zone that stacks pass to their containers
    // (`TZ=${TZ}`, in very many compose files). A parameter is a shell
    // variable the script does not export, and the scripts format no time
    // but with `date -u`.
    "USER",
    // the docker client: proxies and the Go runtime
    "ALL_PROXY",
    "all_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "NO_PROXY",
    "no_proxy",
    "GODEBUG",
    "GOGC",
    "GOMAXPROCS",
    "GOMEMLIMIT",
    "GOTRACEBACK",
    "SSL_CERT_DIR",
    "SSL_CERT_FILE",
    // the C library
    "GCONV_PATH",
    "GLIBC_TUNABLES",
    "HOSTALIASES",
    "LOCALDOMAIN",
    "LOCPATH",
    "NLSPATH",
    "RES_OPTIONS",
];

/// Prefixes of reserved variables: bash's own (`BASH_VERSION`, `BASHOPTS`,
/// `COMP_WORDS`, `READLINE_LINE`), the docker client's, compose's, the
/// scripts' knobs (`STACKC_JOBS`) and internals (`_sc_…`), the locale's,
/// and the loader's and allocator's.
pub const VARIABLE_PREFIXES: &[&str] = &[
    "BASH",
    "COMP_",
    "READLINE_",
    "DOCKER_",
    "COMPOSE_",
    "STACKC_",
    "_sc_",
    "LC_",
    "LD_",
    "MALLOC_",
];

/// Whether `name` is a reserved variable.
pub fn is_reserved_variable(name: &str) -> bool {
    VARIABLES.contains(&name) || VARIABLE_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether `name` is a shell identifier: an ASCII letter or `_`, then ASCII
/// letters, digits and `_` (the only names bash can assign).
pub fn is_shell_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The reserved variables as one anchored regular expression (for the
/// JSON Schema).
pub fn variable_pattern() -> String {
    format!(
        "^({})$|^({})",
        VARIABLES.join("|"),
        VARIABLE_PREFIXES.join("|")
    )
}

/// Label prefixes compose and stackc keep for themselves.
pub const LABEL_PREFIXES: &[&str] = &["com.docker.compose.", "io.stackc."];

/// The reserved prefix `key` starts with, if any.
pub fn reserved_label(key: &str) -> Option<&'static str> {
    LABEL_PREFIXES
        .iter()
        .copied()
        .find(|prefix| key.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names() {
        for name in [
            "PATH",
            "BASH_ENV",
            "BASHOPTS",
            "SRANDOM",
            "EPOCHREALTIME",
            "FUNCNEST",
            "SHELLOPTS",
            "POSIXLY_CORRECT",
            "DOCKER_HOST",
            "HTTPS_PROXY",
            "https_proxy",
            "UID",
            "_sc_dry_run",
            "STACKC_JOBS",
            "LD_PRELOAD",
            "LC_ALL",
        ] {
            assert!(is_reserved_variable(name), "{name}");
        }
        for name in ["DB_PASSWORD", "Path", "APP_TAG", "uid"] {
            assert!(!is_reserved_variable(name), "{name}");
        }
        assert_eq!(
            reserved_label("com.docker.compose.project"),
            Some("com.docker.compose.")
        );
        assert_eq!(reserved_label("io.stackc.config-hash"), Some("io.stackc."));
        assert_eq!(reserved_label("com.example.team"), None);
        assert!(is_shell_identifier("_x1") && !is_shell_identifier("1x"));
        assert!(!is_shell_identifier("a-b") && !is_shell_identifier(""));
    }
}
