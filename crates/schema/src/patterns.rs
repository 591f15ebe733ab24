//! The regular expressions of the format, as the frontend checks it; the
//! naming rules come from `stackc_ir::names`.

use stackc_ir::names::NameKind;

/// A stack name.
pub const STACK_NAME: &str = NameKind::Stack.pattern();
/// A service name.
pub const SERVICE_NAME: &str = NameKind::Service.pattern();
/// A network or volume name.
pub const RESOURCE_NAME: &str = NameKind::Network.pattern();
/// A parameter name.
pub const PARAM_NAME: &str = NameKind::Param.pattern();
/// A container name.
pub const CONTAINER_NAME: &str = NameKind::Container.pattern();
/// A link, `SERVICE` or `SERVICE:ALIAS` (the service checked against the
/// stack).
pub const LINK: &str = "^[A-Za-z0-9][A-Za-z0-9_.-]*(:[A-Za-z0-9][A-Za-z0-9_.-]*)?$";
/// Text with `${NAME}` references (with a fallback of their own,
/// `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`, nested
/// two deep: stackc takes any depth) and `$$`; no other `$`.
pub const TEMPLATE: &str = r"^([^$]|\$\$|\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$|\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$)*)?\})*)?\})*$";
/// Text that references at least one parameter (a value stackc checks
/// once the parameters are known).
pub const PARAMETERIZED: &str = r"^([^$]|\$\$)*\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$|\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$)*)?\})*)?\}([^$]|\$\$|\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$|\$\{([A-Za-z]|_[A-Za-z0-9_])[A-Za-z0-9_]*(:?[-+]([^$}]|\$\$)*)?\})*)?\})*$";
/// A Go duration: `30s`, `1m30s`, `1.5s`, `500ms`, or `0`.
pub const DURATION: &str = r"^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";
/// Compose's short port syntax `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`.
pub const PORT: &str = r"^((\[[0-9A-Fa-f:.]+\]|[0-9]{1,3}(\.[0-9]{1,3}){3}):([0-9]+(-[0-9]+)?)?:|[0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(/(tcp|udp|sctp))?$";
/// A port or a range of ports.
pub const PORT_RANGE: &str = "^[0-9]+(-[0-9]+)?$";
/// Compose's short mount syntax `SOURCE:TARGET[:MODE]` or `TARGET`, the
/// mode a comma-separated list of `ro`, `rw`, `nocopy`, a propagation, `z`/`Z` and
/// a consistency.
pub const MOUNT: &str = "^([^:~][^:]*:|~(/[^:]*)?:)?/[^:]*(:(ro|rw|nocopy|rprivate|private|rshared|shared|rslave|slave|consistent|cached|delegated|z|Z)(,(ro|rw|nocopy|rprivate|private|rshared|shared|rslave|slave|consistent|cached|delegated|z|Z))*)?$";
/// An absolute path in the container.
pub const ABSOLUTE: &str = "^/";
/// A `KEY=VALUE` entry.
pub const KEY_VALUE: &str = "^[^=]+=";
/// A host name of `extra_hosts`.
pub const HOST_NAME: &str = "^[A-Za-z0-9._-]+$";
/// An `extra_hosts` entry `host:ip` or `host=ip`.
pub const HOST_ENTRY: &str = "^[A-Za-z0-9._-]+[:=].+$";
/// `on-failure:N`.
pub const ON_FAILURE_N: &str = "^on-failure:[0-9]+$";
/// A profile name, as compose spells them.
pub const PROFILE: &str = NameKind::Profile.pattern();
/// A volume's `owner`: numeric `UID` or `UID:GID`.
pub const OWNER: &str = r"^\d+(:\d+)?$";
/// A volume's `mode`: octal.
pub const MODE: &str = "^0?[0-7]{3,4}$";
