//! The names stackc gives what it creates, in one place: the engine's
//! networks, volumes, containers and images (the names compose gives the
//! same objects, so that the scripts and compose manage one project), and
//! the helper services of a compose file.

/// The label docker compose marks a project's objects with; the scripts
/// set it too.
pub const PROJECT_LABEL: &str = "com.docker.compose.project";

/// `<stack>_<key>`: a network or volume the stack creates, as compose
/// names it (see [`crate::Stack::network_name`]).
pub fn scoped(stack: &str, key: &str) -> String {
    format!("{stack}_{key}")
}

/// The container of replica `number` (from 1) of a service without a
/// `container_name`: `<stack>-<service>-<number>`.
pub fn container(stack: &str, service: &str, number: u32) -> String {
    format!("{stack}-{service}-{number}")
}

/// The one-off container of `run`: `<stack>-<service>-run`.
pub fn run_container(stack: &str, service: &str) -> String {
    format!("{stack}-{service}-run")
}

/// The tag of an image the stack builds without a tag of its own
/// (`[images.NAME]`, or a service's `build` without `image`):
/// `<stack>-<name>`.
pub fn built_image(stack: &str, name: &str) -> String {
    // An image's repository is lowercase (a service may be `serviceA`).
    format!("{stack}-{}", name.to_ascii_lowercase())
}

/// The compose service that builds `[images.NAME]`: `images.NAME`.
pub fn image_service(image: &str) -> String {
    format!("images.{image}")
}

/// The compose service that applies a volume's `owner` and `mode`:
/// `volumes.NAME`.
pub fn volume_init_service(volume: &str) -> String {
    format!("volumes.{volume}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(container("shop", "app", 2), "shop-app-2");
        assert_eq!(run_container("shop", "app"), "shop-app-run");
        assert_eq!(built_image("shop", "base"), "shop-base");
        assert_eq!(image_service("base"), "images.base");
        assert_eq!(volume_init_service("data"), "volumes.data");
        assert_eq!(scoped("shop", "back"), "shop_back");
    }
}
