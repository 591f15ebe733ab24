//! Compose interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`,
//! `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
//! `${VAR+alt}` and `$$`, split into literal text and variable uses.

/// A piece of a compose string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Lit(String),
    Var { name: String, op: Op },
}

/// What a `${VAR…}` does when the variable is unset or empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `$VAR`, `${VAR}`: empty when unset.
    Plain,
    /// `${VAR:-text}` (`unset_only` for `${VAR-text}`).
    Default { text: String, unset_only: bool },
    /// `${VAR:?text}` (`unset_only` for `${VAR?text}`).
    Required { text: String, unset_only: bool },
    /// `${VAR:+text}` (`unset_only` for `${VAR+text}`).
    Alternative { text: String, unset_only: bool },
}

impl Op {
    /// Whether stack.toml can write it at the use, with a fallback of its
    /// own (`${VAR}` as `${VAR-}`).
    pub fn has_word(&self) -> bool {
        !matches!(self, Op::Required { .. })
    }
}

/// Split `text` into pieces; `Err` says what is malformed.
pub fn parse(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        lit.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(tail) = rest.strip_prefix('$') {
            lit.push('$');
            rest = tail;
            continue;
        }
        if let Some(inner) = rest.strip_prefix('{') {
            let end = closing_brace(inner)
                .ok_or_else(|| format!("`${{` without a closing `}}` in {text:?}"))?;
            let body = &inner[..end];
            rest = &inner[end + 1..];
            let name_len = body
                .char_indices()
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(body.len(), |(i, _)| i);
            let (name, modifier) = body.split_at(name_len);
            if !is_var_name(name) {
                return Err(format!("`${{{body}}}` is not a variable reference"));
            }
            let op = match modifier {
                "" => Op::Plain,
                m => op(m).ok_or_else(|| format!("unknown modifier in `${{{body}}}`"))?,
            };
            flush(&mut pieces, &mut lit);
            pieces.push(Piece::Var {
                name: name.to_owned(),
                op,
            });
            continue;
        }
        let name_len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        let name = &rest[..name_len];
        if !is_var_name(name) {
            // Compose keeps a `$` that starts no variable (`$(`, `$1`, a
            // trailing `$`) as it is.
            lit.push('$');
            continue;
        }
        flush(&mut pieces, &mut lit);
        pieces.push(Piece::Var {
            name: name.to_owned(),
            op: Op::Plain,
        });
        rest = &rest[name_len..];
    }
    lit.push_str(rest);
    flush(&mut pieces, &mut lit);
    Ok(pieces)
}

fn flush(pieces: &mut Vec<Piece>, lit: &mut String) {
    if !lit.is_empty() {
        pieces.push(Piece::Lit(std::mem::take(lit)));
    }
}

fn op(modifier: &str) -> Option<Op> {
    let (unset_only, m) = match modifier.strip_prefix(':') {
        Some(m) => (false, m),
        None => (true, modifier),
    };
    let mut chars = m.chars();
    let kind = chars.next()?;
    let text = chars.as_str().to_owned();
    match kind {
        '-' => Some(Op::Default { text, unset_only }),
        '?' => Some(Op::Required { text, unset_only }),
        '+' => Some(Op::Alternative { text, unset_only }),
        _ => None,
    }
}

/// The index of the `}` that closes a `${`, counting nested `${…}`.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0_usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Compose's variable names: `[_A-Za-z][_A-Za-z0-9]*`.
fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Piece {
        Piece::Lit(text.to_owned())
    }

    fn var(name: &str, op: Op) -> Piece {
        Piece::Var {
            name: name.to_owned(),
            op,
        }
    }

    #[test]
    fn splits_every_form() {
        assert_eq!(parse("a$$b").unwrap(), vec![lit("a$b")]);
        assert_eq!(
            parse("x$VAR/y").unwrap(),
            vec![lit("x"), var("VAR", Op::Plain), lit("/y")]
        );
        assert_eq!(
            parse("${A:-d e}${B?oops}").unwrap(),
            vec![
                var(
                    "A",
                    Op::Default {
                        text: "d e".into(),
                        unset_only: false
                    }
                ),
                var(
                    "B",
                    Op::Required {
                        text: "oops".into(),
                        unset_only: true
                    }
                ),
            ]
        );
        assert_eq!(
            parse("${A:-${B}}").unwrap(),
            vec![var(
                "A",
                Op::Default {
                    text: "${B}".into(),
                    unset_only: false
                }
            )]
        );
        assert!(parse("${A").is_err());
        // A `$` that starts no variable stays, as compose keeps it.
        assert_eq!(
            parse("$1 $(x) $").unwrap(),
            vec![Piece::Lit("$1 $(x) $".into())]
        );
        assert!(parse("${A:x}").is_err());
    }
}
