//! The help lines of the passes for an unknown name: "did you mean …?"
//! (the one rule of `stackc_ir::suggest`), else what exists.

use stackc_ir::suggest::closest;

/// A help line: the suggestion, else the list of what exists.
pub fn help<'a>(
    what: &str,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    if let Some(best) = closest(name, candidates.clone()) {
        return format!("did you mean `{best}`?");
    }
    let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
    if all.is_empty() {
        format!("this stack declares no {what}")
    } else {
        format!("declared {what}: {}", all.join(", "))
    }
}

/// A help line for an undeclared name that could also be declared:
/// "did you mean `x`? If not, declare it: …", else "declare it: …".
pub fn or_declare<'a>(
    what: &str,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    declaration: &str,
) -> String {
    match closest(name, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`? If not, declare it: {declaration}"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            if all.is_empty() {
                format!("declare it: {declaration}")
            } else {
                format!(
                    "declare it: {declaration}; declared {what}: {}",
                    all.join(", ")
                )
            }
        }
    }
}
