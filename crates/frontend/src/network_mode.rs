//! `network_mode`: `host`, `none`, `bridge`, `service:NAME` (another
//! service of the stack) or `container:NAME` (a container outside it).

use stackc_ir::names::NameKind;
use stackc_ir::stack::{NetworkMode, Spanned};

use crate::decode::{Decoder, Value, span_of};
use crate::diagnostics::{self, Code};

pub(crate) fn decode(
    d: &mut Decoder<'_>,
    path: &str,
    value: &Value<'_>,
) -> Option<Spanned<NetworkMode>> {
    let text = d.str(path, value)?;
    let span = span_of(value);
    let mode = match text {
        "host" => Some(NetworkMode::Host),
        "none" => Some(NetworkMode::None),
        "bridge" => Some(NetworkMode::Bridge),
        _ => match text.split_once(':') {
            Some(("service", name)) if NameKind::Service.is_valid(name) => {
                // The name's span: after `service:` in the string.
                let name_span = d.sub_span(value, "service:".len(), name.len());
                Some(NetworkMode::Service(Spanned::new(
                    name.to_owned(),
                    name_span,
                )))
            }
            Some(("container", name)) if NameKind::Container.is_valid(name) => {
                Some(NetworkMode::Container(name.to_owned()))
            }
            _ => None,
        },
    };
    if mode.is_none() {
        d.push(diagnostics::invalid_value(
            Code::InvalidNetworkOption,
            path,
            text,
            span,
            "write `host`, `none`, `bridge`, `service:NAME` (a service of the stack) or `container:NAME`",
        ));
    }
    mode.map(|mode| Spanned::new(mode, span))
}
