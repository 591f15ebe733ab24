//! An ordered YAML tree: the compose lowering read back from its JSON
//! text with every map in the order compose writes it, for the swarm
//! backend to rewrite.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A YAML value whose maps keep their order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// A YAML mapping, in order.
pub(super) type Map = IndexMap<String, Node>;

impl Node {
    pub(super) fn str(text: impl Into<String>) -> Self {
        Self::Str(text.into())
    }

    pub(super) fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Self::Map(map) => Some(map),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The map at `key` of `map`, made if missing (or not a map).
    pub(super) fn entry<'m>(map: &'m mut Map, key: &str) -> &'m mut Map {
        let node = map
            .entry(key.to_owned())
            .or_insert_with(|| Self::Map(Map::new()));
        if !matches!(node, Self::Map(_)) {
            *node = Self::Map(Map::new());
        }
        match node {
            Self::Map(inner) => inner,
            _ => unreachable!("just made a map"),
        }
    }
}
