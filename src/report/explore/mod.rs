//! `explore.html`: one page, offline, where a reader moves the lens weights and the ranking, the
//! quadrant and each company's move against the thesis weights follow at once, ranked in the page
//! as the engine ranks (its script states the engine's rules). The page carries the companies some
//! weights could put in the top N ([`crate::stats::reachable`]) with their explanations from the
//! one explanation model; its Content-Security-Policy allows its own script and style and nothing
//! else, so it makes no request.

use super::Exporter;
use super::chart::escape_xml as escape;
use crate::model::Dataset;
use crate::scoring::{Explanation, Item, RuleOutcome, Scoreboard};
use crate::thesis::{Aggregation, Criterion, Method, Thesis};
use base64::Engine;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;

const SCRIPT: &str = include_str!("explore.js");
const STYLE: &str = include_str!("explore.css");

/// How many companies the page's ranking shows and carries candidates for, by default.
pub const EXPLORE_TOP: usize = 1000;

pub struct ExplorePage<'a> {
    pub thesis: &'a Thesis,
    pub data: &'a Dataset,
    pub scores: &'a Scoreboard,
    /// The ranking positions the page carries, in ranking order.
    pub carried: &'a [usize],
    /// The N of the top N the page shows and carries every candidate for.
    pub top: usize,
    /// Whether each company's explanation can be built: not when the scores were read back from
    /// a table, without the companies' values.
    pub explained: bool,
}

impl Exporter for ExplorePage<'_> {
    fn file_name(&self) -> String {
        "explore.html".to_string()
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.render().as_bytes())
    }
}

/// What the page's script reads, as JSON.
#[derive(Serialize)]
struct PageData<'a> {
    aggregation: &'static str,
    criteria: Vec<CriterionData<'a>>,
    topsis: Option<TopsisData>,
    quadrant: Option<QuadrantData<'a>>,
    top: usize,
    /// Why a company has no explanation, when none has.
    unexplained: &'static str,
    /// The fields the explanations read, which each company's values follow.
    fields: Vec<&'a str>,
    companies: Vec<CompanyData<'a>>,
}

#[derive(Serialize)]
struct CriterionData<'a> {
    id: &'a str,
    label: &'a str,
    /// The thesis's weight, as written (the page rescales, as the engine does).
    weight: f64,
    rules: Vec<RuleData<'a>>,
    /// A formula's fields, as indices into the page's fields.
    terms: Vec<usize>,
}

#[derive(Serialize)]
struct RuleData<'a> {
    id: &'a str,
    points: String,
    reason: &'a str,
    /// The fields the rule reads, as indices into the page's fields.
    reads: Vec<usize>,
}

/// The column norms and extremes of the raw values of every ranked company, which TOPSIS's ideal
/// and anti-ideal depend on whatever the weights.
#[derive(Serialize)]
struct TopsisData {
    norms: Vec<f64>,
    max: Vec<Option<f64>>,
    min: Vec<Option<f64>>,
}

#[derive(Serialize)]
struct QuadrantData<'a> {
    x: usize,
    y: usize,
    x_threshold: f64,
    y_threshold: f64,
    top_left: &'a str,
    top_right: &'a str,
    bottom_left: &'a str,
    bottom_right: &'a str,
}

#[derive(Serialize)]
struct CompanyData<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    /// The rank at the thesis weights.
    rank: usize,
    /// The place of the id among the carried ids in byte order: the page's last tie-breaker.
    o: usize,
    /// Lens scores.
    s: Vec<Option<f64>>,
    /// Lens raw values.
    r: Vec<Option<f64>>,
    /// The explanation, compacted against the criteria's rules and the page's fields.
    e: Option<ExplanationData>,
}

#[derive(Serialize)]
struct ExplanationData {
    /// Each rule's outcome, over every lens's rules in order: `F` fired, `N` did not, `U` could
    /// not be decided.
    o: String,
    /// The company's value of each of the page's fields, as the explanation shows it.
    v: Vec<String>,
    /// The formula terms' normalized values, over every formula lens in order.
    t: Vec<Option<f64>>,
    /// Why each undecided rule could not be decided, in rule order.
    u: Vec<String>,
}

impl ExplorePage<'_> {
    pub fn render(&self) -> String {
        let thesis = self.thesis;
        let data = serde_json::to_string(&self.page_data())
            .unwrap_or_default()
            .replace('<', "\\u003c");
        let hash = |text: &str| {
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        };
        let policy = format!(
            "default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; \
             form-action 'none'; base-uri 'none'",
            hash(SCRIPT),
            hash(STYLE)
        );
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} — explore the weights</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>{}</h1>\n",
            escape(&thesis.name),
            escape(&thesis.name)
        );
        html.push_str(&self.intro());
        html.push_str("<form id=\"weights\">\n");
        // Sliders reach twice the largest weight, so a thesis weighing in whole numbers (2, 1, 1)
        // can be moved either way; the weights are rescaled whatever their scale.
        let heaviest = (thesis.criteria.iter()).fold(0.0_f64, |most, c| most.max(c.weight));
        let most = (2.0 * heaviest).max(1.0);
        for criterion in &thesis.criteria {
            let id = escape(&criterion.id);
            let _ = writeln!(
                html,
                "<label for=\"w-{id}\">{}</label> <input type=\"range\" id=\"w-{id}\" \
                 name=\"{id}\" min=\"0\" max=\"{most}\" step=\"{}\" value=\"{}\"> \
                 <output for=\"w-{id}\"></output><br>",
                escape(&criterion.label),
                most / 100.0,
                criterion.weight
            );
        }
        html.push_str(
            "<button type=\"button\" id=\"reset\">Back to the thesis weights</button> \
             <span id=\"status\" class=\"muted\"></span>\n</form>\n\
             <div id=\"quadrant\"></div>\n<div class=\"columns\">\n<table id=\"ranking\"><thead><tr>\
             <th>Rank</th><th>Move</th><th>Company</th><th>Category</th><th>Total</th><th>Quadrant</th>",
        );
        for criterion in &thesis.criteria {
            let _ = write!(html, "<th>{}</th>", escape(&criterion.label));
        }
        html.push_str(
            "</tr></thead><tbody></tbody></table>\n<section id=\"explanation\">\
             <p class=\"muted\">Click a company for its explanation.</p></section>\n</div>\n",
        );
        let _ = write!(
            html,
            "<script type=\"application/json\" id=\"thesis-data\">{data}</script>\n\
             <script>{SCRIPT}</script>\n</body>\n</html>\n"
        );
        html
    }

    fn intro(&self) -> String {
        let ranked = self.scores.ranking.len();
        let carried = self.carried.len();
        let scope = if carried == ranked {
            format!("all {ranked} ranked companies")
        } else {
            format!(
                "the {carried} of {ranked} ranked companies that some weights could put in the \
                 top {}: each of the others is beaten by at least {} of these whatever the weights",
                self.top, self.top
            )
        };
        format!(
            "<p>Move a lens's weight and the ranking, the quadrant and each company's move against \
             the thesis weights follow; the weights are rescaled to sum to one and companies are \
             ranked as <code>thesis score</code> ranks them. The link in the address bar holds the \
             weights, to be sent to someone else. This page carries {}, and shows the first {}.</p>\n",
            escape(&scope),
            self.top.min(carried)
        )
    }

    fn page_data(&self) -> PageData<'_> {
        let (thesis, data, scores) = (self.thesis, self.data, self.scores);
        let mut by_id: Vec<usize> = (0..self.carried.len()).collect();
        let company_at = |index: usize| scores.ranking[self.carried[index]].company();
        by_id.sort_by(|&a, &b| data.id(company_at(a)).cmp(data.id(company_at(b))));
        let mut order = vec![0; by_id.len()];
        for (place, &index) in by_id.iter().enumerate() {
            order[index] = place;
        }
        let fields = fields_read(thesis, data);
        let companies = (self.carried.par_iter().zip(order))
            .map(|(&position, o)| {
                let entry = &scores.ranking[position];
                let company = entry.company();
                let criteria = scores.criteria(entry);
                CompanyData {
                    id: data.id(company),
                    name: data.name(company),
                    category: data.category(company),
                    rank: entry.rank(),
                    o,
                    s: criteria.iter().map(|criterion| criterion.score).collect(),
                    r: criteria.iter().map(|criterion| criterion.raw).collect(),
                    e: self.explained.then(|| {
                        let explanation =
                            Explanation::of(thesis, data, scores, company, Some(&criteria));
                        compact(&explanation, &fields)
                    }),
                }
            })
            .collect();
        PageData {
            aggregation: match thesis.aggregation {
                Aggregation::WeightedSum => "weighted-sum",
                Aggregation::Topsis => "topsis",
            },
            criteria: (thesis.criteria.iter())
                .map(|criterion| criterion_data(criterion, &fields))
                .collect(),
            topsis: (thesis.aggregation == Aggregation::Topsis).then(|| self.topsis_data()),
            quadrant: thesis.quadrant.as_ref().map(|quadrant| QuadrantData {
                x: quadrant.x,
                y: quadrant.y,
                x_threshold: quadrant.x_threshold,
                y_threshold: quadrant.y_threshold,
                top_left: &quadrant.top_left,
                top_right: &quadrant.top_right,
                bottom_left: &quadrant.bottom_left,
                bottom_right: &quadrant.bottom_right,
            }),
            top: self.top,
            unexplained: "These scores were read back from a scores table, without the companies' \
                          values: run `thesis explain` on the company data for the rules and values.",
            fields: fields.iter().map(|&(_, name)| name).collect(),
            companies,
        }
    }

    fn topsis_data(&self) -> TopsisData {
        let scores = self.scores;
        let count = self.thesis.criteria.len();
        let mut data = TopsisData {
            norms: vec![0.0; count],
            max: vec![None; count],
            min: vec![None; count],
        };
        let evaluations = &scores.evaluations;
        for j in 0..count {
            // In file order, as scoring sums the norms, so that they agree to the bit.
            let raw = (0..evaluations.len())
                .filter(|&company| evaluations.in_scope(company))
                .filter_map(|company| evaluations.raw(company, j));
            data.norms[j] = raw.clone().map(|value| value * value).sum::<f64>().sqrt();
            data.max[j] = raw.clone().reduce(f64::max);
            data.min[j] = raw.reduce(f64::min);
        }
        data
    }
}

/// The fields the rules, formulas and scope read (the key fields, shown beside each company, left
/// out), by schema index and name, in schema order.
fn fields_read<'a>(thesis: &'a Thesis, data: &'a Dataset) -> Vec<(usize, &'a str)> {
    let schema = data.schema.fields();
    (thesis.fields_read().into_iter())
        .filter(|&index| index < schema.len())
        .map(|index| (index, schema[index].name.as_str()))
        .collect()
}

fn criterion_data<'a>(criterion: &'a Criterion, fields: &[(usize, &str)]) -> CriterionData<'a> {
    let place = |index: usize| fields.iter().position(|&(field, _)| field == index);
    let (rules, terms) = match &criterion.method {
        Method::Rules { rules, .. } => (rules.as_slice(), &[][..]),
        Method::Formula { terms, .. } => (&[][..], terms.as_slice()),
    };
    CriterionData {
        id: &criterion.id,
        label: &criterion.label,
        weight: criterion.weight,
        rules: (rules.iter())
            .map(|rule| RuleData {
                id: &rule.id,
                points: rule.points_label(),
                reason: &rule.reason,
                reads: (rule.condition.reads.iter())
                    .filter_map(|&index| place(index))
                    .collect(),
            })
            .collect(),
        terms: terms.iter().filter_map(|term| place(term.index)).collect(),
    }
}

/// One company's explanation from the one explanation model, compacted: its rules' outcomes, its
/// values of the page's fields, its formula terms' normalized values and why undecided rules could
/// not be decided.
fn compact(explanation: &Explanation<'_>, fields: &[(usize, &str)]) -> ExplanationData {
    let mut data = ExplanationData {
        o: String::new(),
        v: vec![String::new(); fields.len()],
        t: Vec::new(),
        u: Vec::new(),
    };
    for item in explanation.lenses.iter().flat_map(|lens| &lens.items) {
        let reads = match item {
            Item::Rule(rule) => {
                data.o.push(match rule.outcome {
                    RuleOutcome::Fired => 'F',
                    RuleOutcome::NotFired => 'N',
                    RuleOutcome::Undecided => 'U',
                });
                data.u.extend(rule.undecided.clone());
                rule.reads.iter().collect::<Vec<_>>()
            }
            Item::Term(term) => {
                data.t.push(term.score);
                vec![&term.read]
            }
        };
        for read in reads {
            if let Some(place) = fields.iter().position(|&(_, name)| name == read.field) {
                data.v[place].clone_from(&read.value);
            }
        }
    }
    data
}
