//! The report's explanations: for each of the first companies, its lenses and the rules that fired
//! or could not be decided, read from the one explanation model, with the article's sentences when
//! given.

use super::*;

impl HtmlReport<'_> {
    pub(super) fn render_explanations(&self, html: &mut String) {
        html.push_str("<h2 id=\"explanations\">Why each company scored as it did</h2>\n");
        for (row, ranked) in self
            .table
            .rows
            .iter()
            .zip(&self.scores.ranking)
            .take(MOST_EXPLANATIONS)
        {
            let explanation =
                Explanation::of(self.thesis, self.data, self.scores, ranked.company(), None);
            let _ = writeln!(
                html,
                "<section class=\"company\" id=\"c-{}\"><h3>{}. {}</h3>\n<p class=\"muted\">{} · total {} · {}</p>\n<ul>",
                escape(&row.id),
                row.rank,
                escape(&row.name),
                escape(&row.category),
                row.total.map_or_else(|| "none".to_string(), format_number),
                escape(row.quadrant.as_deref().unwrap_or("not placed"))
            );
            if let Some(evidence) = self.evidence {
                let named = evidence.for_company(ranked.company());
                if !named.is_empty() {
                    let _ = writeln!(
                        html,
                        "<p class=\"muted\">The article names it in {} sentence{}:</p>{}",
                        named.len(),
                        if named.len() == 1 { "" } else { "s" },
                        quotes(evidence, named)
                    );
                }
            }
            for (lens, cells) in explanation.lenses.iter().zip(&row.criteria) {
                let criterion = lens.criterion;
                let score = match cells.score {
                    Some(score) => format!(
                        "score {}, contributes {}",
                        format_number(score),
                        cells
                            .contribution
                            .map_or_else(|| "—".to_string(), format_number)
                    ),
                    None => "insufficient evidence: left out of the total".to_string(),
                };
                let _ = write!(
                    html,
                    "<li><strong>{}</strong>: {}",
                    escape(&criterion.label),
                    score
                );
                if let Method::Rules { .. } = &criterion.method {
                    let mut lines = String::new();
                    for item in &lens.items {
                        let Item::Rule(explained) = item else {
                            continue;
                        };
                        let rule = explained.rule;
                        match (explained.outcome, &explained.undecided) {
                            (RuleOutcome::Fired, _) => {
                                let cited = (self.evidence)
                                    .map(|evidence| quotes(evidence, evidence.for_rule(&rule.id)))
                                    .unwrap_or_default();
                                let _ = write!(
                                    lines,
                                    "<li class=\"fired\">{:+} <code>{}</code>: {}{cited}</li>",
                                    rule.points,
                                    escape(&rule.id),
                                    escape(&rule.reason)
                                );
                            }
                            (RuleOutcome::Undecided, Some(reason)) => {
                                let _ = write!(
                                    lines,
                                    "<li class=\"undecided\">? <code>{}</code>: undecided, {}</li>",
                                    escape(&rule.id),
                                    escape(reason)
                                );
                            }
                            _ => {}
                        }
                    }
                    if lines.is_empty() {
                        lines.push_str("<li class=\"muted\">no rule fired</li>");
                    }
                    let _ = write!(html, "<ul>{lines}</ul>");
                }
                html.push_str("</li>\n");
            }
            html.push_str("</ul></section>\n");
        }
        if self.scores.ranking.len() > MOST_EXPLANATIONS {
            let _ = writeln!(
                html,
                "<p class=\"muted\">Explanations for the first {MOST_EXPLANATIONS} companies; <code>thesis explain ID</code> gives any other.</p>"
            );
        }
    }
}

/// The sentences `numbers` of the article, quoted with their numbers; nothing for none.
fn quotes(evidence: &Evidence, numbers: &[usize]) -> String {
    if numbers.is_empty() {
        return String::new();
    }
    let mut html = String::from("<blockquote>");
    for &number in numbers {
        let _ = write!(
            html,
            "<p><span class=\"s\">s.{number}</span>{}</p>",
            escape(evidence.quote(number))
        );
    }
    html.push_str("</blockquote>");
    html
}
