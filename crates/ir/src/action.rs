//! The actions a generated script (or argv) performs on a stack: one list,
//! from which the command line, `[outputs]`, the help texts and the JSON
//! Schema derive.

/// What a generated script does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create what is missing, recreate what changed, and start everything
    /// in dependency order.
    Up,
    /// Stop and remove the containers and networks (volumes survive).
    Down,
    /// Like `up`, without starting anything.
    Create,
    /// Start the existing containers in dependency order.
    Start,
    /// Stop the running containers, dependents first.
    Stop,
    /// Restart the containers in dependency order.
    Restart,
    /// Pull the images the stack runs (not the ones it builds).
    Pull,
    /// Build the stack's images, whether or not they exist.
    Build,
    /// A table of the stack's containers.
    Ps,
    /// `down`, then remove the stack's volumes and built images.
    Purge,
    /// Start one service's dependencies, run the service once in a fresh
    /// container (attached, its exit status the script's), remove it.
    Run,
    /// Archive each named volume into `backups/<volume>/<UTC time>.tar`.
    Backup,
    /// Restore each named volume from its newest (or a named) archive.
    Restore,
}

impl Action {
    /// Every action: first the [`Self::FIXED`] ones, then `backup` and
    /// `restore`.
    pub const ALL: [Self; 13] = [
        Self::Up,
        Self::Down,
        Self::Create,
        Self::Start,
        Self::Stop,
        Self::Restart,
        Self::Pull,
        Self::Build,
        Self::Ps,
        Self::Purge,
        Self::Run,
        Self::Backup,
        Self::Restore,
    ];

    /// The actions whose docker commands are known at compile time (all
    /// but `backup` and `restore`, the last two of [`Self::ALL`], which
    /// depend on the archives and the engine when they run): the ones
    /// `stackc argv` can print.
    pub const FIXED: &'static [Self] = Self::ALL.split_at(Self::ALL.len() - 2).0;

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// What the action does, in one line (for help texts).
    pub fn summary(self) -> &'static str {
        match self {
            Self::Up => {
                "Create what is missing, recreate what changed, start everything in dependency order"
            }
            Self::Down => "Stop and remove containers and networks (volumes and images survive)",
            Self::Create => "Like up, without starting anything",
            Self::Start => "Start the existing containers in dependency order",
            Self::Stop => "Stop the running containers, dependents first",
            Self::Restart => "Restart the containers in dependency order",
            Self::Pull => "Pull the images the stack runs",
            Self::Build => "Build the stack's images unconditionally",
            Self::Ps => "A table of the containers: state, health, current definition or not",
            Self::Purge => {
                "Down, then remove volumes (and their data) and built images; the script needs --yes"
            }
            Self::Run => {
                "Bring up one service's dependencies, run the service once in a fresh container, remove it (needs --service)"
            }
            Self::Backup => "Archive the named volumes into backups/<volume>/<UTC time>.tar",
            Self::Restore => "Restore the named volumes from their archives",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Create => "create",
            Self::Start => "start",
            Self::Stop => "stop",
            Self::Restart => "restart",
            Self::Pull => "pull",
            Self::Build => "build",
            Self::Ps => "ps",
            Self::Purge => "purge",
            Self::Run => "run",
            Self::Backup => "backup",
            Self::Restore => "restore",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn fixed_actions_are_all_but_backup_and_restore() {
        let rest: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| !Action::FIXED.contains(a))
            .collect();
        assert_eq!(rest, [Action::Backup, Action::Restore]);
    }
}
