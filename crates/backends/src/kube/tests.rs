//! Unit tests of the kube backend's small functions; whole stacks are
//! fixtures (`fixtures/valid/`, `fixtures/kube/`, tests/outputs/kube.rs).

use super::names::{
    bind_config_map, is_config_key, is_dns_label, is_env_name, is_label_value, is_qualified_name,
    is_subdomain, secret_name,
};
use super::params::expansion_escape;

#[test]
fn dollars_are_doubled_against_expansion() {
    assert_eq!(expansion_escape("a$(B)$$c$"), "a$$(B)$$$$c$$");
}

#[test]
fn names() {
    assert!(is_dns_label("db"));
    assert!(!is_dns_label("my_db"));
    assert!(!is_dns_label("1db"));
    assert!(!is_dns_label("db-"));
    assert!(is_subdomain("cache.v1"));
    assert!(!is_subdomain("cache_v1"));
    assert!(is_qualified_name("com.example.team"));
    assert!(is_qualified_name("example.com/team"));
    assert!(!is_qualified_name("a b"));
    assert!(is_env_name("DATABASE_URL"));
    assert!(!is_env_name("1X"));
    assert!(!is_label_value("web-"));
    assert!(is_config_key("nginx.conf") && !is_config_key(".."));
}

#[test]
fn names_of_added_objects() {
    assert_eq!(secret_name("my_app"), "my-app-params");
    assert_eq!(bind_config_map("proxy", 2), "proxy-bind-2");
}
