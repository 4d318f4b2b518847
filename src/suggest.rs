//! "Did you mean" suggestions: the known names closest to a misspelt one.

/// Up to `limit` candidates close to `wanted`, closest first (ties in the candidates' order).
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(order, candidate)| {
            let lower = candidate.to_lowercase();
            let similarity = if lower.contains(&wanted) || wanted.contains(&lower) {
                1.0
            } else {
                strsim::jaro_winkler(&wanted, &lower)
            };
            (similarity, order, candidate)
        })
        .filter(|(similarity, _, _)| *similarity >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, candidate)| candidate)
        .collect()
}

/// ` (did you mean "x"?)` for the closest candidate, or `otherwise` when none is close.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match closest(wanted, candidates, 1).first() {
        Some(suggestion) => format!(" (did you mean \"{suggestion}\"?)"),
        None => otherwise.to_string(),
    }
}

/// The hint for a field a thesis reads but does not declare.
pub fn unknown_field_hint(wanted: &str, schema: &crate::io::Schema) -> String {
    let names = schema.fields().iter().map(|field| field.name.as_str());
    did_you_mean(
        wanted,
        names,
        " (declare it under [fields] or [category_fields])",
    )
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_misspellings_and_ignores_unrelated_names() {
        let names = ["funding_musd", "function", "role", "public_company"];
        assert_eq!(closest("fundng_musd", names, 1), ["funding_musd"]);
        assert_eq!(closest("ROLE", names, 3), ["role"]);
        assert_eq!(closest("public", names, 3), ["public_company"]);
        assert!(closest("zzz", names, 3).is_empty());
    }
}
