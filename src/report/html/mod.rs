//! `index.html`: the report a person reads. One self-contained file that needs no network and no
//! JavaScript: the thesis (lenses, weights, rules and their reasons), the charts as embedded PNGs,
//! the score table by rank and each company's explanation.

use super::backtest_text as words;
use super::caveats::{look_ahead_note, tie_note};
use super::chart::{RenderedChart, escape_xml as escape};
use super::diff::{RunDiff, diff_html};
use super::{Exporter, ScoreTable, format_number};
use crate::article::Evidence;
use crate::model::Dataset;
use crate::scoring::{Explanation, Item, RuleOutcome, Scoreboard};
use crate::stats::{Backtest, Sensitivity, WeightPrior};
use crate::thesis::{LateFact, Method, Otherwise, Thesis};
use base64::Engine;
use std::fmt::Write as _;
use std::io::Write;

mod explanations;

/// Past this many companies, the score table and the explanations stop and say so.
pub const MOST_ROWS: usize = 1000;
const MOST_EXPLANATIONS: usize = 300;
/// Companies outside the scope named by the report; the count says how many more.
const MOST_OUTSIDE: usize = 200;

pub struct HtmlReport<'a> {
    pub thesis: &'a Thesis,
    pub data: &'a Dataset,
    pub scores: &'a Scoreboard,
    pub table: &'a ScoreTable,
    pub charts: &'a [RenderedChart],
    pub sensitivity: Option<&'a Sensitivity>,
    pub backtest: Option<&'a Backtest>,
    /// The article's sentences on each company and rule, quoted under the explanations.
    pub evidence: Option<&'a Evidence>,
    /// The input files, as the run names them.
    pub inputs: Vec<String>,
    /// The values dated after the thesis that were read, when look-ahead was allowed.
    pub look_ahead: Option<&'a [LateFact]>,
    /// The scores table the scores were read back from, when they were not worked out from the
    /// companies' values: the report then has no explanations, which need those values.
    pub read_back_from: Option<&'a str>,
    /// What changed since a previous run, when one was given.
    pub since: Option<&'a RunDiff>,
}

pub(super) const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;\
margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222;line-height:1.45}\
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}\
th,td{border-bottom:1px solid #e4e4e4;padding:.25rem .6rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.85rem;background:#f5f5f2;padding:0 .2rem}\
figure{margin:1rem 0 2rem}figure img{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#666;font-size:.9rem}.muted{color:#666}.fired{color:#0b6e4f}.undecided{color:#a15c00}\
section.company{border-top:1px solid #eee;padding-top:.4rem}\
blockquote{margin:.3rem 0 .5rem 1rem;padding-left:.6rem;border-left:3px solid #ddd;color:#444;font-size:.9rem}\
blockquote p{margin:.15rem 0}span.s{color:#888;font-variant-numeric:tabular-nums;margin-right:.4rem}\
p.warning{background:#fff3cd;border:1px solid #e0b000;padding:.5rem .8rem}\
p.disclosure,p.tie{background:#f3f6fa;border-left:3px solid #6b8bb3;padding:.4rem .8rem}";

impl Exporter for HtmlReport<'_> {
    fn file_name(&self) -> String {
        "index.html".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.render().as_bytes())
    }
}

impl HtmlReport<'_> {
    pub fn render(&self) -> String {
        let thesis = self.thesis;
        let mut html = String::new();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} — thesis report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            escape(&thesis.name)
        );
        let _ = writeln!(html, "<h1>{}</h1>", escape(&thesis.name));
        let _ = writeln!(
            html,
            "<p class=\"muted\">Thesis as of {}. {} companies read, {} ranked. Written by {} {} from {}.</p>",
            escape(&thesis.as_of),
            self.data.len(),
            self.scores.ranking.len(),
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION"),
            escape(&self.inputs.join(", "))
        );
        let _ = writeln!(html, "<p>{}</p>", escape(&thesis.description));
        if let Some(table) = self.read_back_from {
            let _ = writeln!(
                html,
                "<p class=\"disclosure\">Drawn from the scores table {}, scored elsewhere (by \
                 <code>thesis score</code> or the SQL of <code>thesis sql</code>): the statistics \
                 start from its scores, and the explanations, which need each company's values, are \
                 left to <code>thesis explain</code> on the company data.</p>",
                escape(table)
            );
        }
        if let Some(note) = look_ahead_note(thesis, self.data, self.look_ahead) {
            let _ = writeln!(
                html,
                "<p class=\"warning\"><strong>{}</strong></p>",
                escape(&note)
            );
        }
        for disclosure in &thesis.disclosures {
            let _ = writeln!(
                html,
                "<p class=\"disclosure\"><strong>Disclosure:</strong> {}</p>",
                escape(disclosure)
            );
        }
        if let Some(note) = tie_note(thesis, self.data, self.scores) {
            let _ = writeln!(html, "<p class=\"tie\">{}</p>", escape(&note));
        }
        if let Some(evidence) = self.evidence {
            let _ = writeln!(
                html,
                "<p class=\"muted\">Sentences quoted from {} ({} sentences), numbered from 1 after the byline.</p>",
                escape(&evidence.file),
                evidence.article.sentences.len()
            );
        }
        self.render_thesis(&mut html);
        self.render_charts(&mut html);
        self.render_scores(&mut html);
        if let Some(diff) = self.since {
            html.push_str(&diff_html(diff));
        }
        if let Some(sensitivity) = self.sensitivity {
            self.render_sensitivity(&mut html, sensitivity);
        }
        if let Some(backtest) = self.backtest {
            self.render_backtest(&mut html, backtest);
        }
        if self.read_back_from.is_none() {
            self.render_explanations(&mut html);
        }
        html.push_str("</body>\n</html>\n");
        html
    }

    fn render_thesis(&self, html: &mut String) {
        let thesis = self.thesis;
        html.push_str("<h2 id=\"thesis\">The thesis</h2>\n");
        let aggregation = format!(
            "Aggregation: {}; criteria normalized {} unless they say otherwise.",
            thesis.aggregation, thesis.normalization
        );
        let _ = writeln!(html, "<p>{}</p>", escape(&aggregation));
        if let Some(scope) = &thesis.scope {
            let _ = writeln!(
                html,
                "<p>Ranked: companies where <code>{}</code>; the others are shown for context.</p>",
                escape(&scope.source)
            );
        }
        html.push_str(
            "<table><thead><tr><th>Lens</th><th>From → to</th><th>Weight</th><th>How</th><th>No evidence</th></tr></thead><tbody>\n",
        );
        for (criterion, weight) in thesis.criteria.iter().zip(thesis.normalized_weights()) {
            let how = match &criterion.method {
                Method::Rules { hit_policy, rules } => {
                    format!("{} rules, hit policy {hit_policy}", rules.len())
                }
                Method::Formula {
                    normalization,
                    terms,
                } => format!(
                    "formula of {} {normalization}-normalized signals",
                    terms.len()
                ),
            };
            let otherwise = match criterion.otherwise {
                Otherwise::Value(value) => format!("counts as {value}"),
                Otherwise::InsufficientEvidence => "insufficient evidence".to_string(),
            };
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{} → {}</td><td class=\"n\">{:.0}%</td><td>{}</td><td>{}</td></tr>",
                escape(&criterion.label),
                escape(&criterion.poles[0]),
                escape(&criterion.poles[1]),
                weight * 100.0,
                escape(&how),
                escape(&otherwise)
            );
        }
        html.push_str("</tbody></table>\n");
        for criterion in &thesis.criteria {
            let _ = writeln!(html, "<h3>{}</h3>", escape(&criterion.label));
            match &criterion.method {
                Method::Rules { rules, .. } => {
                    html.push_str("<table><thead><tr><th>Rule</th><th>When</th><th>Points</th><th>Why</th></tr></thead><tbody>\n");
                    for rule in rules {
                        let _ = writeln!(
                            html,
                            "<tr><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td></tr>",
                            escape(&rule.id),
                            escape(&rule.condition.source),
                            rule.points_label(),
                            escape(&rule.reason)
                        );
                    }
                    html.push_str("</tbody></table>\n");
                }
                Method::Formula { terms, .. } => {
                    html.push_str(
                        "<table><thead><tr><th>Signal</th><th>Weight</th></tr></thead><tbody>\n",
                    );
                    for term in terms {
                        let _ = writeln!(
                            html,
                            "<tr><td><code>{}</code></td><td class=\"n\">{}</td></tr>",
                            escape(&term.field),
                            term.weight
                        );
                    }
                    html.push_str("</tbody></table>\n");
                }
            }
        }
    }

    fn render_charts(&self, html: &mut String) {
        if self.charts.is_empty() {
            return;
        }
        html.push_str("<h2 id=\"charts\">Charts</h2>\n");
        for chart in self.charts {
            let Some(png) = &chart.png else { continue };
            let _ = writeln!(
                html,
                "<figure id=\"chart-{}\"><img src=\"data:image/png;base64,{}\" alt=\"{}\">\
                 <figcaption>{}</figcaption></figure>",
                escape(&chart.name),
                base64::engine::general_purpose::STANDARD.encode(png),
                escape(&chart.description),
                escape(&chart.title)
            );
        }
    }

    fn render_scores(&self, html: &mut String) {
        let thesis = self.thesis;
        html.push_str("<h2 id=\"scores\">Scores</h2>\n<table><thead><tr><th>Rank</th><th>Company</th><th>Category</th><th>Total</th><th>Quadrant</th>");
        for criterion in &thesis.criteria {
            let _ = write!(html, "<th>{}</th>", escape(&criterion.label));
        }
        html.push_str("</tr></thead><tbody>\n");
        let number = |value: Option<f64>| value.map_or_else(|| "—".to_string(), format_number);
        for row in self.table.rows.iter().take(MOST_ROWS) {
            let _ = write!(
                html,
                "<tr><td class=\"n\">{}</td><td><a href=\"#c-{}\">{}</a></td><td>{}</td><td class=\"n\">{}</td><td>{}</td>",
                row.rank,
                escape(&row.id),
                escape(&row.name),
                escape(&row.category),
                number(row.total),
                escape(row.quadrant.as_deref().unwrap_or(""))
            );
            for cells in &row.criteria {
                let _ = write!(html, "<td class=\"n\">{}</td>", number(cells.score));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>\n");
        if self.scores.ranking.len() > MOST_ROWS {
            let _ = writeln!(
                html,
                "<p class=\"muted\">The first {MOST_ROWS} of {} ranked companies; scores.csv has them all.</p>",
                self.scores.ranking.len()
            );
        }
        let outside: Vec<usize> = (0..self.data.len())
            .filter(|&index| !self.scores.evaluations.in_scope(index))
            .collect();
        if !outside.is_empty() {
            let names: Vec<String> = (outside.iter().take(MOST_OUTSIDE))
                .map(|&index| escape(self.data.name(index)))
                .collect();
            let more = match outside.len().saturating_sub(MOST_OUTSIDE) {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            let _ = writeln!(
                html,
                "<p class=\"muted\">Outside the thesis scope, not ranked: {}{more}.</p>",
                names.join(", ")
            );
        }
    }

    fn render_sensitivity(&self, html: &mut String, sensitivity: &Sensitivity) {
        let options = &sensitivity.options;
        let name = |company: usize| escape(self.data.name(company));
        let prior = match (&options.partners, options.prior) {
            (Some(_), _) => format!(
                "drawn from {}",
                escape(&super::sensitivity_text::partners_prior(
                    self.thesis,
                    sensitivity
                ))
            ),
            (None, WeightPrior::Dirichlet { concentration }) => format!(
                "drawn from a Dirichlet distribution centred on the thesis weights (concentration {concentration})"
            ),
            (None, WeightPrior::Uniform) => {
                "drawn uniformly from every possible weighting".to_string()
            }
            (None, WeightPrior::Fixed) => "held at the thesis weights".to_string(),
        };
        let _ = writeln!(
            html,
            "<h2 id=\"sensitivity\">How much of the ranking is the weights?</h2>\n\
             <p>{} samples of the lens weights, {prior}, seed {}{}. Rank percentiles are nearest-rank.</p>",
            options.samples,
            options.seed,
            super::sensitivity_text::ranged_note(sensitivity.ranged_rules)
        );
        let partners = super::sensitivity_text::partner_firsts(self.thesis, self.data, sensitivity);
        if !partners.is_empty() {
            html.push_str("<p>Each partner's own weights:</p>\n<ul>\n");
            for line in partners {
                let _ = writeln!(html, "<li>{}</li>", escape(&line));
            }
            html.push_str("</ul>\n");
        }
        if let Some(first) = &sensitivity.first_place {
            let leaders: Vec<String> = first.leaders.iter().map(|&c| name(c)).collect();
            let lead = match leaders.as_slice() {
                [only] => format!("{only} ranks first at the thesis weights."),
                many => format!(
                    "{} tie for first at the thesis weights (the tie is broken by id).",
                    many.join(", ")
                ),
            };
            let _ = writeln!(html, "<p>{lead}</p>\n<ul>");
            for (criterion, change) in self.thesis.criteria.iter().zip(&first.changes) {
                let text = match change {
                    Some(change) => format!(
                        "moving its weight from {:.3} to {:.3} puts {} first",
                        change.from,
                        change.to,
                        name(change.new_leader)
                    ),
                    None => "no weight from 0 to 1 changes who is first".to_string(),
                };
                let _ = writeln!(html, "<li>{}: {text}</li>", escape(&criterion.label));
            }
            html.push_str("</ul>\n");
        }
        let _ = writeln!(
            html,
            "<table><thead><tr><th>Rank</th><th>Company</th><th>5th–95th percentile rank</th>\
             <th>Median rank</th><th>Ranked first</th><th>In the top {}</th></tr></thead><tbody>",
            options.top_k
        );
        for company in sensitivity.companies.iter().take(MOST_ROWS) {
            let _ = writeln!(
                html,
                "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}–{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{:.1}%</td><td class=\"n\">{:.1}%</td></tr>",
                company.rank,
                name(company.company),
                company.p5,
                company.p95,
                company.p50,
                company.first * 100.0,
                company.top_k * 100.0
            );
        }
        html.push_str("</tbody></table>\n");
    }

    fn render_backtest(&self, html: &mut String, backtest: &Backtest) {
        let _ = writeln!(
            html,
            "<h2 id=\"backtest\">Would the thesis have worked?</h2>\n<p>{}</p>",
            escape(&words::headline(self.thesis, backtest))
        );
        if let Some(caution) = words::caution(backtest) {
            let _ = writeln!(html, "<p><strong>{}</strong></p>", escape(&caution));
        }
        html.push_str(
            "<table><thead><tr><th>Statistic</th><th>Value</th><th>Interval</th><th>p</th>\
             <th>Reading</th></tr></thead><tbody>\n",
        );
        for row in words::statistic_rows(backtest) {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                escape(&row.name),
                row.value,
                row.interval,
                escape(&row.p_value),
                escape(&row.reading)
            );
        }
        let _ = writeln!(
            html,
            "</tbody></table>\n<p class=\"muted\">{}</p>",
            escape(&words::method(backtest))
        );
        for sentence in words::axis_sentences(self.thesis, backtest) {
            let _ = writeln!(html, "<p>{}</p>", escape(&sentence));
        }
        if !backtest.quadrants.is_empty() {
            html.push_str(
                "<table><thead><tr><th>Quadrant</th><th>Companies</th><th>Successes</th>\
                 <th>Mean outcome level</th></tr></thead><tbody>\n",
            );
            for quadrant in &backtest.quadrants {
                let _ = writeln!(
                    html,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(&quadrant.name),
                    quadrant.companies,
                    quadrant.successes,
                    quadrant
                        .mean_level
                        .map_or("n/a".to_string(), |level| format!("{level:.2}"))
                );
            }
            html.push_str("</tbody></table>\n");
        }
        for line in words::left_out(self.data, backtest) {
            let _ = writeln!(html, "<p class=\"muted\">Left out ({})</p>", escape(&line));
        }
    }
}
