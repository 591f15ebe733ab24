//! What each action's script says about itself: its summary and what
//! `--dry-run` assumes of the engine.

use stackc_ir::ast::Action;

/// What an action's script says about itself.
pub(super) struct Meaning {
    pub(super) summary: &'static str,
    /// What `--dry-run` assumes of the engine, in words.
    pub(super) dry_run_assumes: &'static str,
    pub(super) dry_run_exists: bool,
    pub(super) dry_status: &'static str,
}

impl Meaning {
    pub(super) fn of(action: Action) -> Self {
        let (summary, dry_run_assumes, dry_run_exists, dry_status) = match action {
            Action::Up => (
                "Create what is missing, recreate what changed, and start the stack in dependency order; keep what runs unchanged.",
                "an empty engine",
                false,
                "",
            ),
            Action::Create => (
                "Create what is missing and recreate what changed, without starting anything.",
                "an empty engine",
                false,
                "",
            ),
            Action::Down => (
                "Stop and remove the stack's containers and networks; volumes and images are kept.",
                "the running stack",
                true,
                "running",
            ),
            Action::Start => (
                "Start the stack's existing containers in dependency order.",
                "the stack created and stopped",
                true,
                "created",
            ),
            Action::Stop => (
                "Stop the stack's running containers, dependents first.",
                "the running stack",
                true,
                "running",
            ),
            Action::Restart => (
                "Restart the stack's containers in dependency order (jobs are not run again).",
                "the running stack",
                true,
                "running",
            ),
            Action::Pull => (
                "Pull the images the stack runs (not the ones it builds).",
                "an empty engine",
                false,
                "",
            ),
            Action::Build => (
                "Build the stack's images, whether or not they exist.",
                "an empty engine",
                false,
                "",
            ),
            Action::Ps => (
                "Print a table of the stack's containers: state, health, and whether each runs its current definition.",
                "an empty engine (it prints no command: ps only reads)",
                false,
                "",
            ),
            Action::Purge => (
                "Remove everything of the stack: containers, networks, volumes (their data is lost) and built images. Needs --yes.",
                "the running stack",
                true,
                "running",
            ),
            Action::Run => (
                "Bring up what one service depends on, run the service once in a fresh container, remove it; exit with its status.",
                "an empty engine",
                false,
                "",
            ),
            Action::Backup => (
                "Archive the stack's named volumes into backups/<volume>/<UTC time>.tar (with a .sha256), stopping the containers that mount each meanwhile.",
                "the running stack",
                true,
                "running",
            ),
            Action::Restore => (
                "Restore the stack's named volumes from their newest archive in backups/<volume>/ (or --archive NAME), after checking its checksum; refuses a volume in use, or not empty without --force.",
                "a stopped stack with empty volumes",
                false,
                "",
            ),
        };
        Self {
            summary,
            dry_run_assumes,
            dry_run_exists,
            dry_status,
        }
    }
}
