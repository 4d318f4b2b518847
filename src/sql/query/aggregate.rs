//! Combining the lens scores into a total: the weighted sum over the lenses with evidence, or
//! TOPSIS over the raw values; then each company's evidence class and total key.

use super::Query;

impl Query<'_> {
    /// The weight of the lenses with a score, each lens's share of the total, and the total.
    pub(super) fn weighted_sum(&mut self) {
        let weights = self.thesis.normalized_weights();
        let available: Vec<String> = (weights.iter().enumerate())
            .map(|(j, weight)| {
                format!(
                    "(CASE WHEN __score_{j} IS NOT NULL THEN {} ELSE 0.0 END)",
                    self.number(*weight)
                )
            })
            .collect();
        self.step(
            "available",
            format!(
                "SELECT scores.*, {} AS __available\n  FROM scores",
                available.join(" + ")
            ),
        );
        let shares: Vec<String> = (weights.iter().enumerate())
            .map(|(j, weight)| {
                format!(
                    "(CASE WHEN __available > 0 THEN __score_{j} * {} / __available END) AS __share_{j}",
                    self.number(*weight)
                )
            })
            .collect();
        self.step(
            "shares",
            format!(
                "SELECT available.*, {}\n  FROM available",
                shares.join(",\n    ")
            ),
        );
        let total: Vec<String> = (0..weights.len())
            .map(|j| format!("COALESCE(__share_{j}, 0.0)"))
            .collect();
        let lacks: Vec<String> = (0..weights.len())
            .map(|j| format!("__raw_{j} IS NULL"))
            .collect();
        self.step(
            "totals",
            format!(
                "SELECT shares.*,\n    (CASE WHEN __available > 0 THEN {} END) AS __total,\n    \
                 ({}) AS __lacks\n  FROM shares",
                total.join(" + "),
                lacks.join(" OR ")
            ),
        );
    }

    /// TOPSIS over the raw values, as `scoring::topsis` computes it: each lens's raw values divided
    /// by their Euclidean norm over the ranked companies and weighted; the distances to the best
    /// and worst of each lens over the lenses the company has; closeness `to worst ÷ (to best + to
    /// worst)`, 0.5 when both are zero. Lenses get no share of a TOPSIS total.
    pub(super) fn topsis(&mut self) {
        let weights = self.thesis.normalized_weights();
        let lenses = 0..weights.len();
        let norms: Vec<String> = (lenses.clone())
            .map(|j| format!("SQRT(SUM(__raw_{j} * __raw_{j}) OVER ()) AS __norm_{j}"))
            .collect();
        self.step(
            "topsis_norms",
            format!(
                "SELECT scores.*, {}
  FROM scores",
                norms.join(",\n    ")
            ),
        );
        let weighted: Vec<String> = (weights.iter().enumerate())
            .map(|(j, weight)| {
                format!(
                    "(CASE WHEN __raw_{j} IS NULL THEN NULL WHEN __norm_{j} > 0 \
                     THEN {} * __raw_{j} / __norm_{j} ELSE 0.0 END) AS __weighted_{j}",
                    self.number(*weight)
                )
            })
            .collect();
        self.step(
            "topsis_weighted",
            format!(
                "SELECT topsis_norms.*, {}
  FROM topsis_norms",
                weighted.join(",\n    ")
            ),
        );
        let extremes: Vec<String> = (lenses.clone())
            .map(|j| {
                format!(
                    "MAX(__weighted_{j}) OVER () AS __best_{j}, MIN(__weighted_{j}) OVER () AS __worst_{j}"
                )
            })
            .collect();
        self.step(
            "topsis_extremes",
            format!(
                "SELECT topsis_weighted.*, {}
  FROM topsis_weighted",
                extremes.join(",\n    ")
            ),
        );
        let squares = |to: &str| -> String {
            let terms: Vec<String> = (lenses.clone())
                .map(|j| {
                    format!(
                        "COALESCE((__weighted_{j} - __{to}_{j}) * (__weighted_{j} - __{to}_{j}), 0.0)"
                    )
                })
                .collect();
            format!("SQRT({})", terms.join(" + "))
        };
        let present: Vec<String> = (lenses.clone())
            .map(|j| format!("__weighted_{j} IS NOT NULL"))
            .collect();
        self.step(
            "topsis_distances",
            format!(
                "SELECT topsis_extremes.*,
    {} AS __to_best,
    {} AS __to_worst,
    \
                 ({}) AS __present
  FROM topsis_extremes",
                squares("best"),
                squares("worst"),
                present.join(" OR ")
            ),
        );
        let no_shares: Vec<String> = (lenses.clone())
            .map(|j| {
                format!(
                    "CAST(NULL AS {}) AS __share_{j}",
                    self.dialect.double_type()
                )
            })
            .collect();
        let lacks: Vec<String> = lenses.map(|j| format!("__raw_{j} IS NULL")).collect();
        self.step(
            "totals",
            format!(
                "SELECT topsis_distances.*, {},
    (CASE WHEN NOT __present THEN NULL \
                 WHEN __to_best + __to_worst > 0 THEN __to_worst / (__to_best + __to_worst) \
                 ELSE 0.5 END) AS __total,
    ({}) AS __lacks
  FROM topsis_distances",
                no_shares.join(", "),
                lacks.join(" OR ")
            ),
        );
    }

    /// Each company's evidence class and total key, for the ranking.
    pub(super) fn classed(&mut self) {
        let key = self.dialect.total_key("__total");
        self.step(
            "classed",
            format!(
                "SELECT totals.*,\n    (CASE WHEN NOT __lacks THEN 0 WHEN __total IS NOT NULL THEN 1 \
                 ELSE 2 END) AS __class,\n    {key} AS __total_key\n  FROM totals"
            ),
        );
    }
}
