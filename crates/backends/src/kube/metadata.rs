//! The metadata of the objects: names, the labels that tie them to the
//! stack and select a service's pods, and the stack's labels as
//! annotations.

use indexmap::IndexMap;
use stackc_ir::stack::Spanned;
use stackc_ir::template::Template;

use super::Lower;
use super::names;
use super::objects::{LabelSelector, Metadata, Requirement};
use crate::diagnostics;

/// The label that names a pod's service.
pub(super) const NAME_LABEL: &str = "app.kubernetes.io/name";
/// The label that names the stack of every object.
pub(super) const PART_OF_LABEL: &str = "app.kubernetes.io/part-of";
/// The label that says stackc wrote an object.
pub(super) const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";

impl Lower<'_> {
    /// An object named `name` with the stack's labels.
    pub(super) fn metadata(&self, name: String) -> Metadata {
        Metadata {
            name,
            labels: self.common_labels(),
            annotations: IndexMap::new(),
        }
    }

    fn common_labels(&self) -> IndexMap<String, String> {
        IndexMap::from([
            (PART_OF_LABEL.to_owned(), self.stack.name.value.clone()),
            (MANAGED_BY_LABEL.to_owned(), "stackc".to_owned()),
        ])
    }

    /// The labels that select the pods of `service`.
    pub(super) fn selector_labels(&self, service: &str) -> IndexMap<String, String> {
        IndexMap::from([
            (PART_OF_LABEL.to_owned(), self.stack.name.value.clone()),
            (NAME_LABEL.to_owned(), service.to_owned()),
        ])
    }

    /// A selector of the stack's pods whose service is one of `names`.
    pub(super) fn members(&self, names: Vec<String>) -> LabelSelector {
        LabelSelector {
            match_labels: IndexMap::from([(
                PART_OF_LABEL.to_owned(),
                self.stack.name.value.clone(),
            )]),
            match_expressions: vec![Requirement {
                key: NAME_LABEL,
                operator: "In",
                values: names,
            }],
        }
    }

    /// Docker labels are free-form metadata: annotations, whose keys must
    /// be Kubernetes qualified names.
    pub(super) fn annotations(
        &mut self,
        labels: &IndexMap<String, Template>,
        what: &str,
        name: &Spanned<String>,
    ) -> IndexMap<String, String> {
        let mut out = IndexMap::new();
        for (key, value) in labels {
            if !names::is_qualified_name(key) {
                self.diags
                    .push(diagnostics::kube_annotation_key(key, what, name));
            }
            let value = self.resolve(value);
            out.insert(key.clone(), value);
        }
        out
    }
}
