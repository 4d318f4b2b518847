//! Charts and the HTML report: what the files hold, end to end through the binary, and the label
//! layout checked on the bundled data and on a synthetic universe of 500 companies.

use crate::common::Scratch;
use resvg::tiny_skia::Pixmap;
use resvg::usvg::roxmltree;
use thesis::io::bundled_inputs;
use thesis::pipeline;
use thesis::report::chart::{self, ChartOptions, MAX_POINTS, QuadrantChart, RankingChart};
use thesis::report::{CriterionCells, ScoreRow, ScoreTable};

const CHARTS: [&str; 4] = ["quadrant", "ranking", "momentum", "sensitivity"];

fn texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .map(|node| node.text().unwrap_or("").trim().to_string())
        .collect()
}

fn ranked_names(scores_csv: &str) -> Vec<String> {
    csv::Reader::from_reader(scores_csv.as_bytes())
        .records()
        .map(|record| record.unwrap()[2].to_string())
        .collect()
}

/// Asserts the PNG has the size and is a drawing, not a blank page.
fn assert_drawn_png(bytes: &[u8], width: u32, height: u32) {
    let pixmap = Pixmap::decode_png(bytes).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (width, height));
    let pixels = pixmap.pixels();
    let inked = pixels
        .iter()
        .filter(|pixel| pixel.red() < 200 || pixel.green() < 200 || pixel.blue() < 200)
        .count();
    assert!(inked * 50 > pixels.len(), "only {inked} inked pixels");
    let mut colours: Vec<u32> = pixels
        .iter()
        .map(|p| u32::from_be_bytes([0, p.red(), p.green(), p.blue()]))
        .collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 20, "{} colours", colours.len());
}

#[test]
fn run_draws_every_chart_as_svg_and_png() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    for name in CHARTS {
        let svg = scratch.read(&format!("reports/{name}.svg"));
        let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = document.root_element();
        assert_eq!(root.attribute("width"), Some("1200"));
        let title = root.children().find(|node| node.has_tag_name("title"));
        let desc = root.children().find(|node| node.has_tag_name("desc"));
        assert!(
            title
                .and_then(|n| n.text())
                .is_some_and(|t| t.contains("mid-2015")),
            "{name}"
        );
        assert!(
            desc.and_then(|n| n.text()).is_some_and(|t| t.len() > 60),
            "{name}"
        );
        assert!(!texts(&svg).is_empty(), "{name} has real text");
        let png = std::fs::read(scratch.path(&format!("reports/{name}.png"))).unwrap();
        assert_drawn_png(&png, 1200, 900);
    }
}

#[test]
fn the_quadrant_and_the_ranking_name_every_company_once() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    let names = ranked_names(&scratch.read("reports/scores.csv"));
    assert_eq!(names.len(), 24);
    let quadrant = texts(&scratch.read("reports/quadrant.svg"));
    for name in &names {
        let count = quadrant.iter().filter(|text| *text == name).count();
        assert_eq!(count, 1, "{name} is labelled {count} times in the quadrant");
    }
    let ranking = texts(&scratch.read("reports/ranking.svg"));
    for (rank, name) in names.iter().enumerate() {
        let label = format!("{}. {name}", rank + 1);
        assert!(
            ranking
                .iter()
                .any(|text| text.trim_end_matches(" *") == label),
            "{label} missing from the ranking"
        );
    }
    let momentum = texts(&scratch.read("reports/momentum.svg"));
    for category in ["Management", "Storage", "Security", "Developer Tools"] {
        assert!(momentum.iter().any(|text| text == category), "{category}");
    }
}

#[test]
fn quadrant_shows_poles_corners_and_legends() {
    let scratch = Scratch::new();
    scratch.run(&["run", "--charts", "svg"]).assert_success();
    let quadrant = texts(&scratch.read("reports/quadrant.svg"));
    for expected in [
        "← Tuck-in",
        "Standalone →",
        "← Vitamin",
        "Painkiller →",
        "Standalone painkiller",
        "Tuck-in painkiller",
        "Standalone vitamin",
        "Tuck-in vitamin",
        "Category",
        "Bubble area",
        "Category momentum",
    ] {
        assert!(quadrant.iter().any(|text| text == expected), "{expected}");
    }
    // Every bundled company has evidence on both axes; in the small fixture, Delta has none on pain.
    let small = Scratch::with_fixture("small");
    let args = ["score", "--out", "out", "--charts", "svg", "--samples", "0"];
    small.run_with_inputs(&args).assert_success();
    let small_quadrant = texts(&small.read("out/quadrant.svg"));
    for expected in ["Not placed", "Delta"] {
        assert!(
            small_quadrant.iter().any(|text| text == expected),
            "{expected}"
        );
    }
    assert_eq!(
        scratch.files("reports"),
        [
            "backtest.csv",
            "backtest.svg",
            "backtest_statistics.csv",
            "explore.html",
            "index.html",
            "momentum.svg",
            "quadrant.svg",
            "ranking.svg",
            "run.json",
            "scores.csv",
            "scores.xlsx",
            "sensitivity.csv",
            "sensitivity.svg"
        ]
    );
}

#[test]
fn size_title_and_formats_are_options() {
    let scratch = Scratch::new();
    scratch
        .run(&[
            "run", "--size", "800x600", "--title", "Q3 memo", "--charts", "png",
        ])
        .assert_success();
    let png = std::fs::read(scratch.path("reports/quadrant.png")).unwrap();
    assert_drawn_png(&png, 800, 600);
    assert!(!scratch.path("reports/quadrant.svg").exists());
    scratch
        .run(&[
            "run", "--out", "svg", "--title", "Q3 memo", "--charts", "svg",
        ])
        .assert_success();
    let svg = scratch.read("svg/ranking.svg");
    assert!(svg.contains("<title>Q3 memo: ranking</title>"), "{svg}");
    scratch
        .run(&[
            "run",
            "--out",
            "none",
            "--charts",
            "none",
            "--samples",
            "0",
            "--no-backtest",
        ])
        .assert_success();
    assert_eq!(
        scratch.files("none"),
        ["index.html", "run.json", "scores.csv", "scores.xlsx"]
    );
    let html = scratch.read("none/index.html");
    assert!(!html.contains("<img"));
    assert!(!html.contains("id=\"sensitivity\""));
    assert!(!html.contains("id=\"backtest\""));
}

#[test]
fn bad_chart_options_are_usage_errors() {
    let scratch = Scratch::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--size", "1200by900"],
            "expected WIDTHxHEIGHT in pixels, such as 1200x900, found \"1200by900\"",
        ),
        (
            &["--size", "100x100"],
            "100x100 is outside 480x360 to 8000x8000",
        ),
        (
            &["--charts", "png,none"],
            "--charts none cannot be combined with a format",
        ),
        (
            &["--charts", "gif"],
            "invalid value 'gif' for '--charts <FORMATS>'",
        ),
    ];
    for (args, message) in cases {
        let outcome = scratch.run(&[&["run"], *args].concat());
        assert_eq!(outcome.code, 2, "{args:?}");
        assert!(
            outcome.stderr.contains(message),
            "{args:?}: {}",
            outcome.stderr
        );
    }
    assert!(
        !scratch.path("reports").exists(),
        "nothing is written on a usage error"
    );
}

#[test]
fn chart_redraws_the_same_files_from_scores_csv_alone() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    let outcome = scratch.run(&["chart", "--out", "redrawn"]);
    outcome.assert_success();
    assert_eq!(
        scratch.files("redrawn"),
        [
            "momentum.png",
            "momentum.svg",
            "quadrant.png",
            "quadrant.svg",
            "ranking.png",
            "ranking.svg"
        ]
    );
    for file in scratch.files("redrawn") {
        let bytes = |dir: &str| std::fs::read(scratch.path(&format!("{dir}/{file}"))).unwrap();
        assert!(
            bytes("reports") == bytes("redrawn"),
            "{file} differs when redrawn"
        );
    }
}

#[test]
fn chart_refuses_scores_written_for_another_thesis() {
    let scratch = Scratch::with_fixture("small");
    scratch.score().assert_success();
    scratch
        .run(&["chart", "--scores", "out/scores.csv", "--out", "charts"])
        .assert_error(
            3,
            "out/scores.csv: line 1: expected the column `painkiller_score` here, found `pain_score`: \
             the file was not written for this thesis",
        );
    assert!(!scratch.path("charts").exists());
    scratch
        .edit("out/scores.csv", ",0.833333,", ",high,")
        .run(&[
            "chart",
            "--scores",
            "out/scores.csv",
            "--thesis",
            "thesis.toml",
        ])
        .assert_error(
            3,
            "out/scores.csv: line 2, column total: expected a number, found \"high\"",
        );
    scratch
        .run(&["chart", "--scores", "missing.csv"])
        .assert_error(
            1,
            "cannot read missing.csv: No such file or directory (os error 2)",
        );
}

#[test]
fn the_report_is_one_offline_file_with_every_company() {
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    let html = scratch.read("reports/index.html");
    for forbidden in [
        "http://", "https://", "src=\"//", "<script", "<link", "@import", "url(",
    ] {
        assert!(!html.contains(forbidden), "the report contains {forbidden}");
    }
    assert_eq!(html.matches("<img src=\"data:image/png;base64,").count(), 5);
    for name in ranked_names(&scratch.read("reports/scores.csv")) {
        let escaped = name.replace('&', "&amp;");
        assert!(
            html.contains(&format!("{escaped}</a>")),
            "{name} missing from the table"
        );
        assert!(
            html.contains(&format!(". {escaped}</h3>")),
            "{name} has no explanation"
        );
    }
    for expected in [
        "Painkiller vs vitamin",
        "pk-production-path",
        "runs where containerized applications go into production",
        "Outside the thesis scope, not ranked: ",
        "VMware",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
}

/// The bundled data, scored, as the score table the charts draw.
fn bundled_table() -> (thesis::thesis::Thesis, ScoreTable) {
    let loaded = pipeline::load(&bundled_inputs()).unwrap();
    let scores = thesis::scoring::score(&loaded.thesis, &loaded.data);
    let table = ScoreTable::new(&loaded.thesis, &loaded.data, &scores);
    (loaded.thesis, table)
}

/// A universe of `count` companies with scores spread by a fixed pseudo-random sequence.
fn synthetic_table(count: usize) -> ScoreTable {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64 / 10_000.0
    };
    let template = bundled_table().1;
    let rows = (0..count)
        .map(|index| {
            let criteria = template
                .criteria
                .iter()
                .map(|columns| CriterionCells {
                    score: Some(next()),
                    contribution: Some(next() / 3.0),
                    raw: Some(next()),
                    rules: Vec::new(),
                    terms: columns.terms.iter().map(|_| Some(next())).collect(),
                })
                .collect();
            ScoreRow {
                rank: index + 1,
                id: format!("company-{index}"),
                name: format!("Synthetic Company Number {index}"),
                category: format!("Category {}", index % 12),
                total: Some(1.0 - index as f64 / count as f64),
                quadrant: Some("Standalone painkiller".to_string()),
                criteria,
                insufficient: Vec::new(),
            }
        })
        .collect();
    ScoreTable {
        criteria: template.criteria,
        rows,
    }
}

fn assert_labels_clear(chart: &QuadrantChart, size: (u32, u32)) {
    let layout = chart.layout(size);
    for (i, (point, a)) in layout.labels.iter().enumerate() {
        let name = &chart.points()[*point].name;
        assert!(
            layout.plot.contains(&a.rect),
            "{name}: label leaves the plot"
        );
        for (other, b) in &layout.labels[i + 1..] {
            assert!(
                !a.rect.intersects(&b.rect),
                "{name} overlaps {}",
                chart.points()[*other].name
            );
        }
        let labelled = layout
            .bubbles
            .iter()
            .enumerate()
            .filter(|(k, _)| chart.points()[*k].labelled);
        for (k, bubble) in labelled {
            assert!(
                !a.rect.intersects_circle(bubble),
                "{name} covers the bubble of {}",
                chart.points()[k].name
            );
        }
        for corner in &layout.corners {
            assert!(!a.rect.intersects(corner), "{name} covers a quadrant name");
        }
    }
}

#[test]
fn bundled_quadrant_labels_clear_each_other_and_every_bubble() {
    let (thesis, table) = bundled_table();
    let chart = QuadrantChart::new(&thesis, &table, &ChartOptions::default()).unwrap();
    assert_eq!(chart.points().len() + chart.unplaced().len(), 24);
    assert!(chart.points().iter().all(|point| point.labelled));
    for size in [(1200, 900), (800, 600), (1600, 1000)] {
        assert_labels_clear(&chart, size);
    }
}

#[test]
fn five_hundred_companies_stay_legible() {
    let (thesis, _) = bundled_table();
    let table = synthetic_table(500);
    let options = ChartOptions {
        label: vec!["company-321".to_string()],
        ..ChartOptions::default()
    };
    let quadrant = QuadrantChart::new(&thesis, &table, &options).unwrap();
    let labelled: Vec<&str> = quadrant
        .points()
        .iter()
        .filter(|point| point.labelled)
        .map(|point| point.name.as_str())
        .collect();
    assert_eq!(labelled.len(), 41);
    assert!(labelled.contains(&"Synthetic Company Number 321"));
    assert_labels_clear(&quadrant, (1200, 900));
    let ranking = RankingChart::new(&thesis, &table, &options);
    let shown = ranking.rows_shown(900);
    assert!(shown > 20 && shown < 500, "{shown} rows");
    let rendered = chart::render(&ranking, (1200, 900), false).unwrap();
    let texts = texts(&rendered.svg);
    assert!(texts.contains(&format!("… and {} more companies", 500 - shown)));
    assert!(texts.contains(&"1. Synthetic Company Number 0".to_string()));
}

#[test]
fn five_companies_draw_too() {
    let (thesis, _) = bundled_table();
    let table = synthetic_table(5);
    for chart in chart::charts_for(&thesis, &table, &ChartOptions::default()) {
        let rendered = chart::render(chart.as_ref(), (640, 480), true).unwrap();
        assert_drawn_png(rendered.png.as_ref().unwrap(), 640, 480);
    }
}

#[test]
fn past_the_point_limit_companies_are_counted_in_a_density_grid() {
    let (thesis, _) = bundled_table();
    let count = 3 * MAX_POINTS;
    let table = synthetic_table(count);
    // Only the one company asked for is labelled, which keeps label placement (tested above) cheap.
    let options = ChartOptions {
        label: vec![format!("company-{}", count - 1)],
        label_top: 0,
        ..ChartOptions::default()
    };
    let quadrant = QuadrantChart::new(&thesis, &table, &options).unwrap();
    assert_eq!(quadrant.points().len(), MAX_POINTS + 1);
    let last = quadrant.points().last().unwrap();
    assert_eq!(last.name, format!("Synthetic Company Number {}", count - 1));
    assert!(last.labelled);
    let layout = quadrant.layout((1200, 900));
    assert_eq!(layout.density.total(), (count - MAX_POINTS - 1) as u64);
    let rendered = chart::render(&quadrant, (1200, 900), false).unwrap();
    assert!(
        rendered.svg.len() < 2_000_000,
        "{} bytes",
        rendered.svg.len()
    );
    assert!(
        rendered
            .description
            .starts_with(&format!("{count} companies placed"))
    );
    let texts = texts(&rendered.svg);
    assert!(texts.contains(&format!("{} more as shaded cells", count - MAX_POINTS - 1)));
}
