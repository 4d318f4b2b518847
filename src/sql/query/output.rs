//! The ranking and the columns of `scores.csv`, and the quadrant.

use super::Query;
use crate::thesis::Method;
use std::fmt::Write as _;

impl Query<'_> {
    /// The ranking and the columns of `scores.csv`, in its order.
    pub(super) fn finish(self) -> String {
        let id = self.ident("id");
        let order = format!(
            "__class, __total_key IS NULL, __total_key DESC, {}",
            self.dialect.binary_collation(&id)
        );
        let mut columns = vec![
            format!(
                "ROW_NUMBER() OVER (ORDER BY {order}) AS {}",
                self.ident("rank")
            ),
            id.clone(),
            self.ident("name"),
            self.ident("category"),
            format!("__total AS {}", self.ident("total")),
            format!("{} AS {}", self.quadrant(), self.ident("quadrant")),
        ];
        let criteria = &self.thesis.criteria;
        for (j, criterion) in criteria.iter().enumerate() {
            let column = self.ident(&format!("{}_score", criterion.id));
            columns.push(format!("__score_{j} AS {column}"));
        }
        for (j, criterion) in criteria.iter().enumerate() {
            let column = self.ident(&format!("{}_contribution", criterion.id));
            columns.push(format!("__share_{j} AS {column}"));
        }
        for (j, criterion) in criteria.iter().enumerate() {
            let column = self.ident(&format!("{}_raw", criterion.id));
            columns.push(format!("__raw_{j} AS {column}"));
        }
        for (j, criterion) in criteria.iter().enumerate() {
            let fired: Vec<String> = match &criterion.method {
                Method::Rules { rules, .. } => (rules.iter().enumerate())
                    .map(|(k, rule)| {
                        format!(
                            "(CASE WHEN COALESCE(__rule_{j}_{k}, FALSE) THEN {} END)",
                            self.dialect.text(&rule.id)
                        )
                    })
                    .collect(),
                Method::Formula { .. } => Vec::new(),
            };
            let column = self.ident(&format!("{}_rules", criterion.id));
            columns.push(format!("{} AS {column}", self.dialect.join_present(&fired)));
        }
        for (j, criterion) in criteria.iter().enumerate() {
            if let Method::Formula { terms, .. } = &criterion.method {
                for (t, term) in terms.iter().enumerate() {
                    let column = self.ident(&format!("{}_{}_score", criterion.id, term.field));
                    columns.push(format!("__term_{j}_{t} AS {column}"));
                }
            }
        }
        let lacking: Vec<String> = (criteria.iter().enumerate())
            .map(|(j, criterion)| {
                format!(
                    "(CASE WHEN __raw_{j} IS NULL THEN {} END)",
                    self.dialect.text(&criterion.id)
                )
            })
            .collect();
        columns.push(format!(
            "{} AS {}",
            self.dialect.join_present(&lacking),
            self.ident("insufficient_evidence")
        ));
        let mut query = String::from("WITH\n");
        let steps: Vec<String> = (self.steps.iter())
            .map(|(name, select)| format!("{name} AS (\n  {select}\n)"))
            .collect();
        query.push_str(&steps.join(",\n"));
        let _ = write!(
            query,
            "\nSELECT {}\nFROM classed\nORDER BY {}",
            columns.join(",\n  "),
            self.ident("rank")
        );
        query.push('\n');
        query
    }

    /// The quadrant's corner of the company's two axis scores; a score on a threshold counts as
    /// high. Empty without a quadrant or without both scores.
    fn quadrant(&self) -> String {
        let Some(quadrant) = &self.thesis.quadrant else {
            return format!("CAST(NULL AS {})", self.dialect.text_type());
        };
        let x = format!("__score_{}", quadrant.x);
        let y = format!("__score_{}", quadrant.y);
        let high_x = format!("{x} >= {}", self.number(quadrant.x_threshold));
        let high_y = format!("{y} >= {}", self.number(quadrant.y_threshold));
        format!(
            "(CASE WHEN {x} IS NULL OR {y} IS NULL THEN NULL \
             WHEN {high_x} AND {high_y} THEN {} WHEN {high_y} THEN {} \
             WHEN {high_x} THEN {} ELSE {} END)",
            self.dialect.text(&quadrant.top_right),
            self.dialect.text(&quadrant.top_left),
            self.dialect.text(&quadrant.bottom_right),
            self.dialect.text(&quadrant.bottom_left),
        )
    }
}
