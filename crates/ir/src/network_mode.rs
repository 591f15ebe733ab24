//! `network_mode`: whose network stack a container uses.

use crate::spanned::Spanned;

/// `network_mode`: whose network stack a container uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkMode {
    /// The host's.
    Host,
    /// None: only a loopback interface.
    None,
    /// Docker's default `bridge` network.
    Bridge,
    /// That of the first container of another service of the stack (which
    /// starts first; this one is recreated when it is).
    Service(Spanned<String>),
    /// That of a container outside the stack, by name.
    Container(String),
}

impl NetworkMode {
    /// As compose writes it.
    pub fn compose(&self) -> String {
        match self {
            Self::Host => "host".to_owned(),
            Self::None => "none".to_owned(),
            Self::Bridge => "bridge".to_owned(),
            Self::Service(name) => format!("service:{}", name.value),
            Self::Container(name) => format!("container:{name}"),
        }
    }
}
