//! A container's environment: values with their parameters fixed, and
//! secret parameters read from the Secret `<stack>-params`.

use indexmap::IndexMap;
use stackc_ir::stack::Spanned;
use stackc_ir::template::{Part, Template};

use super::objects::{EnvSource, EnvVar, KeyRef};
use super::params::expansion_escape;
use super::{KUBERNETES_VERSION, Lower, names};
use crate::diagnostics;

impl Lower<'_> {
    /// Environment variables in declaration order. A value that is exactly
    /// one secret parameter reads it from the Secret; a value that embeds
    /// secrets reads each into a `STACKC_SECRET_<NAME>` variable listed
    /// first, and refers to it with Kubernetes' `$(NAME)` expansion.
    pub(super) fn environment(
        &mut self,
        environment: &IndexMap<String, Spanned<Template>>,
    ) -> Vec<EnvVar> {
        let secret_name = names::secret_name(&self.stack.name.value);
        let mut helpers: Vec<String> = Vec::new();
        let mut vars = Vec::new();
        for (key, value) in environment {
            if !names::is_env_name(key) {
                self.diags
                    .push(diagnostics::kube_env_name(key, KUBERNETES_VERSION, value));
            }
            if let [Part::Param(param)] = value.value.parts()
                && self.is_secret(param)
            {
                vars.push(EnvVar {
                    name: key.clone(),
                    value: None,
                    value_from: Some(EnvSource {
                        secret_key_ref: KeyRef {
                            name: secret_name.clone(),
                            key: param.clone(),
                        },
                    }),
                });
                continue;
            }
            let mut text = String::new();
            for part in value.value.parts() {
                match part {
                    Part::Lit(lit) => text.push_str(&expansion_escape(lit)),
                    Part::Param(param) if self.is_secret(param) => {
                        if !helpers.contains(param) {
                            helpers.push(param.clone());
                        }
                        text.push_str(&format!("$(STACKC_SECRET_{param})"));
                    }
                    Part::Param(param) => {
                        let value = self.param(param);
                        text.push_str(&expansion_escape(&value));
                    }
                    // A secret takes no fallback (the frontend refuses it).
                    Part::Expand(expansion) => {
                        let value = self.expansion(expansion);
                        text.push_str(&expansion_escape(&value));
                    }
                }
            }
            vars.push(EnvVar {
                name: key.clone(),
                value: Some(text),
                value_from: None,
            });
        }
        let mut out: Vec<EnvVar> = helpers
            .into_iter()
            .map(|param| EnvVar {
                name: format!("STACKC_SECRET_{param}"),
                value: None,
                value_from: Some(EnvSource {
                    secret_key_ref: KeyRef {
                        name: secret_name.clone(),
                        key: param,
                    },
                }),
            })
            .collect();
        out.extend(vars);
        out
    }

    fn is_secret(&self, param: &str) -> bool {
        self.stack.params.get(param).is_some_and(|p| p.secret)
    }
}
