//! `links`: a service's legacy links to other services of the stack.

use crate::spanned::Spanned;

/// One entry of `links`: `"SERVICE"` or `"SERVICE:ALIAS"`, as compose.
///
/// Compose's semantics: the linked service starts first, and each of its
/// containers is given to docker's `--link` under the alias (the service's
/// name without one), `SERVICE-N` and `PROJECT-SERVICE-N` (N: the number of
/// the linking container), as compose writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The linked service, with the span of the whole entry.
    pub service: Spanned<String>,
    /// The name it is reached by; `None`: the service's name.
    pub alias: Option<Spanned<String>>,
}

impl Link {
    /// The name the linked containers are reached by.
    pub fn alias(&self) -> &str {
        self.alias
            .as_ref()
            .map_or(&self.service.value, |a| &a.value)
    }

    /// As compose writes it: `SERVICE` or `SERVICE:ALIAS`.
    pub fn compose(&self) -> String {
        match &self.alias {
            Some(alias) => format!("{}:{}", self.service.value, alias.value),
            None => self.service.value.clone(),
        }
    }
}
