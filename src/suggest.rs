//! "Did you mean" suggestions: the known names closest to a misspelt one.

/// Positions, in `candidates`, of up to `limit` candidates close to `wanted`, closest first (ties in
/// the candidates' order).
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<usize> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, usize)> = candidates
        .into_iter()
        .enumerate()
        .map(|(order, candidate)| {
            let lower = candidate.to_lowercase();
            let similarity = if lower.contains(&wanted) || wanted.contains(&lower) {
                1.0
            } else {
                strsim::jaro_winkler(&wanted, &lower)
            };
            (similarity, order)
        })
        .filter(|(similarity, _)| *similarity >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, order)| order)
        .collect()
}

/// ` (did you mean "x"?)` for the closest candidate, or `otherwise` when none is close.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match closest(wanted, candidates.iter().copied(), 1).first() {
        Some(&position) => format!(" (did you mean \"{}\"?)", candidates[position]),
        None => otherwise.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_misspellings_and_ignores_unrelated_names() {
        let names = ["funding_musd", "function", "role", "public_company"];
        let found = |wanted: &str, limit: usize| -> Vec<&str> {
            closest(wanted, names, limit)
                .into_iter()
                .map(|position| names[position])
                .collect()
        };
        assert_eq!(found("fundng_musd", 1), ["funding_musd"]);
        assert_eq!(found("ROLE", 3), ["role"]);
        assert_eq!(found("public", 3), ["public_company"]);
        assert!(found("zzz", 3).is_empty());
    }
}
