//! `explore.html`: written beside `index.html` with the charts, offline by its
//! Content-Security-Policy, a range input per lens, the ranking table the page fills, and the
//! companies it carries as data. The page's behaviour in a browser is checked by
//! `scripts/explore_in_browser.py` (run by CI).

use crate::common::Scratch;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The JSON block the page's script reads.
fn page_data(html: &str) -> serde_json::Value {
    let start = html.find("id=\"thesis-data\">").expect("the data block") + 17;
    let end = start + html[start..].find("</script>").expect("its end");
    serde_json::from_str(&html[start..end]).expect("JSON")
}

#[test]
fn the_page_is_offline_and_carries_every_ranked_company_of_a_small_run() {
    let scratch = Scratch::new();
    let args = ["run", "--out", "out", "--charts", "svg", "--samples", "0"];
    scratch.run(&args).assert_success();
    let html = scratch.read("out/explore.html");
    let policy_start = html.find("Content-Security-Policy\" content=\"").unwrap() + 34;
    let policy = &html[policy_start..policy_start + html[policy_start..].find('"').unwrap()];
    assert!(
        policy.starts_with("default-src 'none'; script-src 'sha256-"),
        "{policy}"
    );
    // The script allowed is the one on the page, and nothing is loaded from anywhere.
    let script_start = html.find("<script>").unwrap() + 8;
    let script =
        &html[script_start..script_start + html[script_start..].find("</script>").unwrap()];
    let digest =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    assert!(
        policy.contains(&format!("script-src 'sha256-{digest}'")),
        "{policy}"
    );
    for forbidden in [
        "src=\"http",
        "href=\"http",
        "<link",
        "<img",
        "<iframe",
        "fetch(",
    ] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    for lens in ["painkiller", "standalone", "momentum"] {
        assert!(html.contains(&format!(
            "<input type=\"range\" id=\"w-{lens}\" name=\"{lens}\""
        )));
    }
    assert!(html.contains("<table id=\"ranking\">"));
    let data = page_data(&html);
    let scores = scratch.read("out/scores.csv");
    let ranked = scores.lines().count() - 1;
    let companies = data["companies"].as_array().unwrap();
    assert_eq!(companies.len(), ranked, "every ranked company is carried");
    assert_eq!(companies[0]["id"], "docker");
    assert_eq!(companies[0]["rank"], 1);
    assert!(companies[0]["e"]["o"].as_str().unwrap().contains('F'));
    assert!(html.contains(&format!("This page carries all {ranked} ranked companies")));
}

#[test]
fn a_page_drawn_from_a_scores_table_says_the_explanations_are_elsewhere() {
    let scratch = Scratch::new();
    let args = [
        "run",
        "--out",
        "native",
        "--charts",
        "svg",
        "--samples",
        "0",
    ];
    scratch.run(&args).assert_success();
    let report = [
        "report",
        "--scores",
        "native/scores.csv",
        "--out",
        "out",
        "--charts",
        "svg",
    ];
    scratch.run(&report).assert_success();
    let native = page_data(&scratch.read("native/explore.html"));
    let read_back = page_data(&scratch.read("out/explore.html"));
    let ids = |data: &serde_json::Value| -> Vec<String> {
        (data["companies"].as_array().unwrap().iter())
            .map(|company| company["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&read_back), ids(&native));
    assert!(read_back["companies"][0]["e"].is_null());
    assert!(
        read_back["unexplained"]
            .as_str()
            .unwrap()
            .contains("thesis explain")
    );
}

#[test]
fn no_charts_means_no_explorable_page() {
    let scratch = Scratch::new();
    let args = ["run", "--out", "out", "--charts", "none", "--samples", "0"];
    scratch.run(&args).assert_success();
    assert!(!scratch.files("out").contains(&"explore.html".to_string()));
}
