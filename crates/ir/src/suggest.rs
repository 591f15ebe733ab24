//! "Did you mean …?": the one rule for suggesting a near name, for keys,
//! references and choices alike.

/// The candidate closest to `name`, if it is close enough to be a typo:
/// similar by Jaro-Winkler, or a few edits away (a swap counts as one).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let max_edits = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, candidate)| {
            *score >= 0.8 || strsim::damerau_levenshtein(name, candidate) <= max_edits
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// `` `a`, `b`, `c` ``
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(closest("imag", ["image", "build"]), Some("image"));
        assert_eq!(closest("replica", ["image", "replicas"]), Some("replicas"));
        assert_eq!(closest("TGA", ["TAG", "DB_PASSWORD"]), Some("TAG"));
        assert_eq!(closest("zzz", ["image", "build"]), None);
        assert_eq!(closest("x", ["name"]), None);
    }
}
