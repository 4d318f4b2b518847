//! A run's differences as words: the summary `thesis diff` prints, `diff.csv`, and the report's
//! "since the last run" section.

use super::{CompanyChange, RunDiff};
use crate::report::chart::escape_xml as escape;
use crate::report::format_number;
use crate::report::sheet::{Cell, Column, Sheet, Style};
use std::fmt::Write as _;

/// `diff.csv`: one row per company of either run, the new run's order first.
pub fn diff_sheet(diff: &RunDiff) -> Sheet {
    let top = diff.options.top;
    let columns = [
        ("id", Style::Text),
        ("name", Style::Text),
        ("old_rank", Style::Integer),
        ("new_rank", Style::Integer),
        ("moved", Style::Text),
        ("old_total", Style::Score),
        ("new_total", Style::Score),
        ("top_k", Style::Text),
        ("why", Style::Text),
    ];
    let rank = |rank: Option<usize>| rank.map_or(Cell::Empty, |rank| Cell::Integer(rank as u64));
    let rows = (diff.companies.iter())
        .map(|company| {
            let places = match company.places() {
                Some(places) if places > 0 => Cell::text(format!("up {places}")),
                Some(places) if places < 0 => Cell::text(format!("down {}", -places)),
                _ => Cell::Empty,
            };
            vec![
                Cell::text(&company.id),
                Cell::text(&company.name),
                rank(company.old_rank),
                rank(company.new_rank),
                places,
                Cell::number(company.old_total),
                Cell::number(company.new_total),
                Cell::text(top_k(company, top)),
                Cell::text(company.why.join("; ")),
            ]
        })
        .collect();
    Sheet {
        name: "diff",
        title: "Since last run",
        columns: columns
            .iter()
            .map(|&(header, style)| Column::new(header, style))
            .collect(),
        rows,
    }
}

fn top_k(company: &CompanyChange, top: usize) -> &'static str {
    match (company.entered_top(top), company.left_top(top)) {
        (true, _) => "entered",
        (_, true) => "left",
        _ if company.new_rank.is_some_and(|rank| rank <= top) => "stayed",
        _ => "",
    }
}

/// The lists a partner reads: entered and left the top k, moved by n places or more, each with
/// why.
fn sections(diff: &RunDiff) -> Vec<(String, Vec<&CompanyChange>)> {
    let (top, moved) = (diff.options.top, diff.options.moved);
    let entered = diff
        .companies
        .iter()
        .filter(|c| c.entered_top(top))
        .collect();
    let left = diff.companies.iter().filter(|c| c.left_top(top)).collect();
    let movers = (diff.companies.iter())
        .filter(|c| c.moved(moved) && !c.entered_top(top) && !c.left_top(top))
        .collect();
    vec![
        (format!("Entered the top {top}"), entered),
        (format!("Left the top {top}"), left),
        (format!("Moved {moved} places or more"), movers),
    ]
}

fn rank_move(company: &CompanyChange) -> String {
    let rank = |rank: Option<usize>| rank.map_or_else(|| "unranked".to_string(), |r| r.to_string());
    format!("{} → {}", rank(company.old_rank), rank(company.new_rank))
}

/// The summary `thesis diff` prints.
pub fn diff_summary(diff: &RunDiff) -> String {
    let mut text = String::new();
    let both = diff
        .companies
        .iter()
        .filter(|c| c.old_rank.is_some() && c.new_rank.is_some())
        .count();
    let new = diff
        .companies
        .iter()
        .filter(|c| c.old_rank.is_none())
        .count();
    let gone = diff
        .companies
        .iter()
        .filter(|c| c.new_rank.is_none())
        .count();
    let _ = writeln!(
        text,
        "{} → {}: {both} companies ranked in both, {new} new, {gone} no longer ranked.",
        diff.old, diff.new
    );
    match diff.thesis.is_empty() {
        true => text.push_str("The thesis: unchanged.\n"),
        false => {
            let _ = writeln!(text, "The thesis: {}.", diff.thesis.join("; "));
        }
    }
    for (title, companies) in sections(diff) {
        match companies.is_empty() {
            true => {
                let _ = writeln!(text, "{title}: none");
            }
            false => {
                let _ = writeln!(text, "{title}:");
            }
        }
        for company in companies {
            let _ = writeln!(
                text,
                "  {} ({}), {}: {}",
                company.name,
                company.id,
                rank_move(company),
                if company.why.is_empty() {
                    "nothing changed".to_string()
                } else {
                    company.why.join("; ")
                }
            );
        }
    }
    text
}

/// The report's section on what changed since the last run.
pub fn diff_html(diff: &RunDiff) -> String {
    let mut html = String::from("<h2 id=\"since\">Since the last run</h2>\n");
    let _ = writeln!(
        html,
        "<p>Compared with {}. The thesis: {}.</p>",
        escape(&diff.old),
        escape(&if diff.thesis.is_empty() {
            "unchanged".to_string()
        } else {
            diff.thesis.join("; ")
        })
    );
    for (title, companies) in sections(diff) {
        let _ = writeln!(html, "<h3>{}</h3>", escape(&title));
        if companies.is_empty() {
            html.push_str("<p class=\"muted\">None.</p>\n");
            continue;
        }
        html.push_str("<table><thead><tr><th>Company</th><th>Rank</th><th>Total</th><th>Why</th></tr></thead><tbody>\n");
        for company in companies {
            let total =
                |total: Option<f64>| total.map_or_else(|| "none".to_string(), format_number);
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{} → {}</td><td>{}</td></tr>",
                escape(&company.name),
                escape(&rank_move(company)),
                total(company.old_total),
                total(company.new_total),
                escape(&company.why.join("; "))
            );
        }
        html.push_str("</tbody></table>\n");
    }
    html
}
