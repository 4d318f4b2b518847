//! Opt-in: the HTML report rendered by a real browser. With `THESIS_BROWSER_TEST=1` (as
//! `scripts/check-report-in-browser` sets it, after installing Debian's `chromium`), runs the
//! bundled data, renders `index.html` with headless Chromium to a PNG, and checks that the page and
//! its embedded charts were drawn. Without it, the test says it skipped.

use crate::common::Scratch;
use resvg::tiny_skia::Pixmap;
use std::process::Command;

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 5000;

#[test]
fn the_report_renders_in_headless_chromium() {
    if std::env::var_os("THESIS_BROWSER_TEST").is_none() {
        eprintln!("skipped: set THESIS_BROWSER_TEST=1 (scripts/check-report-in-browser does)");
        return;
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let scratch = Scratch::new();
    scratch.run(&["run"]).assert_success();
    let page = scratch.path("reports/index.html");
    let shot = scratch.path("page.png");
    let status = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!(
            "--user-data-dir={}",
            scratch.path("profile").display()
        ))
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|error| panic!("cannot start {chromium}: {error}"));
    assert!(
        status.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pixmap = Pixmap::load_png(&shot).expect("chromium wrote a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (WIDTH, HEIGHT));
    let pixels = pixmap.pixels();
    let near = |pixel: &resvg::tiny_skia::PremultipliedColorU8, (r, g, b): (u8, u8, u8)| {
        pixel.red().abs_diff(r) < 12
            && pixel.green().abs_diff(g) < 12
            && pixel.blue().abs_diff(b) < 12
    };
    let text = pixels
        .iter()
        .filter(|p| p.red() < 90 && p.green() < 90 && p.blue() < 90)
        .count();
    assert!(
        text > 20_000,
        "only {text} dark pixels: the page has almost no text"
    );
    // Okabe–Ito blue and orange appear only in the embedded chart images.
    for colour in [(0, 114, 178), (230, 159, 0)] {
        let count = pixels.iter().filter(|p| near(p, colour)).count();
        assert!(
            count > 2_000,
            "only {count} pixels of {colour:?}: the charts did not render"
        );
    }
}
