//! `fit.html`: the fit as a page a partner reads without the terminal — the verdict first, the
//! weights with their intervals beside the thesis's, the chart, and each validation's comparison.

use super::super::Exporter;
use super::super::chart::{RenderedChart, escape_xml as escape};
use super::super::html::STYLE;
use super::fit_sentences;
use crate::stats::Fit;
use crate::thesis::Thesis;
use base64::Engine;
use std::fmt::Write as _;
use std::io::Write;

pub struct FitPage<'a> {
    pub thesis: &'a Thesis,
    pub fit: &'a Fit,
    /// The outcomes file, as the run names it.
    pub outcomes: &'a str,
    /// The weights chart, when charts were drawn.
    pub chart: Option<&'a RenderedChart>,
}

impl Exporter for FitPage<'_> {
    fn file_name(&self) -> String {
        "fit.html".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.render().as_bytes())
    }
}

fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_string(), |value| format!("{value:.3}"))
}

impl FitPage<'_> {
    pub fn render(&self) -> String {
        let (thesis, fit) = (self.thesis, self.fit);
        let mut html = String::new();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} — fitted weights</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>{}</h1>\n<h2 id=\"fit\">Weights learned from outcomes</h2>\n",
            escape(&thesis.name),
            escape(&thesis.name)
        );
        for sentence in fit_sentences(thesis, fit, self.outcomes) {
            let class = if sentence.caution {
                " class=\"warning\""
            } else {
                ""
            };
            let _ = writeln!(html, "<p{class}>{}</p>", escape(&sentence.text));
        }
        let coverage = (fit.options.confidence * 100.0).round();
        let _ = writeln!(
            html,
            "<table><thead><tr><th>Lens</th><th>Fitted weight</th><th>{coverage}% interval</th>\
             <th>Thesis weight</th></tr></thead><tbody>"
        );
        for lens in &fit.weights {
            let interval = lens.interval.map_or_else(
                || "n/a".to_string(),
                |(low, high)| format!("{low:.3} – {high:.3}"),
            );
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"n\">{:.3}</td><td class=\"n\">{interval}</td>\
                 <td class=\"n\">{:.3}</td></tr>",
                escape(&thesis.criteria[lens.criterion].label),
                lens.weight,
                lens.thesis
            );
        }
        html.push_str("</tbody></table>\n");
        if let Some(chart) = self.chart {
            let image = match &chart.png {
                Some(png) => format!(
                    "<img src=\"data:image/png;base64,{}\" alt=\"{}\">",
                    base64::engine::general_purpose::STANDARD.encode(png),
                    escape(&chart.description)
                ),
                None => chart.svg.clone(),
            };
            let _ = writeln!(
                html,
                "<figure id=\"chart-{}\">{image}<figcaption>{}</figcaption></figure>",
                escape(&chart.name),
                escape(&chart.title)
            );
        }
        for validation in &fit.validations {
            let _ = writeln!(
                html,
                "<table><thead><tr><th>Weights, held out</th><th>Rank correlation</th>\
                 <th>ROC AUC</th></tr></thead><tbody>"
            );
            for judged in &validation.judged {
                let _ = writeln!(
                    html,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    escape(&judged.label),
                    cell(judged.spearman),
                    cell(judged.auc)
                );
            }
            html.push_str("</tbody></table>\n");
        }
        html.push_str(
            "<p class=\"muted\">fit.toml holds the thesis with these weights. To see what they \
             change in the ranking: <code>thesis run --thesis fit.toml --out NEW</code>, then \
             <code>thesis diff OLD NEW</code>.</p>\n</body>\n</html>\n",
        );
        html
    }
}
