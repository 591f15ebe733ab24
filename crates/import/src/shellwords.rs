//! Compose's splitting of a string `command` or `entrypoint` into words
//! (go-shellwords without environment expansion): blanks separate words,
//! `'…'` and `"…"` quote, a backslash escapes the next character (not in
//! single quotes). Operators such as `&&`, `|`, `;`, `>` or `` ` `` have no
//! meaning there, so a string that holds one outside quotes is refused.

/// The words of `text`, or why it is refused.
pub fn split(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut single = false;
    let mut double = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if single {
            if c == '\'' {
                single = false;
            } else {
                word.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                let next = chars
                    .next()
                    .ok_or_else(|| "the command ends with a backslash".to_owned())?;
                word.push(next);
                in_word = true;
            }
            '"' => {
                double = !double;
                in_word = true;
            }
            '\'' if !double => {
                single = true;
                in_word = true;
            }
            c if double => word.push(c),
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            ';' | '&' | '|' | '<' | '>' | '`' | '(' | ')' => {
                return Err(format!(
                    "the command string holds the shell operator `{c}`, which compose does not run through a shell; write the command as a list (e.g. `[\"sh\", \"-c\", \"…\"]`)"
                ));
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if single || double {
        return Err("the command string has an unclosed quote".to_owned());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_like_compose() {
        assert_eq!(split("a  b\tc").unwrap(), ["a", "b", "c"]);
        assert_eq!(
            split(r#"sh -c "echo 'hi' \"x\"""#).unwrap(),
            ["sh", "-c", "echo 'hi' \"x\""]
        );
        assert_eq!(split("a\\ b ''").unwrap(), ["a b", ""]);
        assert!(split("a && b").is_err());
        assert!(split("'a").is_err());
    }
}
