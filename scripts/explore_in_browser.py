"""explore.html driven in headless Chromium (Debian's, through Playwright from PyPI): under several
weight vectors, given in the link or set with the sliders, the page's ranking is `thesis score`'s
run with those weights, company for company; reset returns to the thesis; a click shows the
company's explanation; and no request leaves the page. Then the same at scale, on a generated
universe, for the top 1,000 the page shows.

usage: explore_in_browser.py THESIS_BINARY CHROMIUM WORK_DIR [COMPANIES_AT_SCALE]
"""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

THESIS, CHROMIUM, WORK = sys.argv[1], sys.argv[2], Path(sys.argv[3])
AT_SCALE = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000
ROOT = Path(__file__).resolve().parents[1]


def thesis(*args):
    return subprocess.run([THESIS, *map(str, args)], check=True, capture_output=True).stdout


def with_weights(thesis_file, weights, target):
    """The thesis file with each lens's weight replaced (lenses in file order)."""
    text = thesis_file.read_text(encoding="utf-8")
    values = iter(weights)
    text = re.sub(r"(?m)^weight = .*$", lambda _: f"weight = {next(values)!r}", text)
    target.write_text(text, encoding="utf-8")
    return target


def engine_ranking(folder, weights, count=None):
    """The ids `thesis score` ranks, best first, with these weights."""
    changed = with_weights(folder / "thesis.toml", weights, folder / "weighted.toml")
    table = thesis("score", "-q", "--companies", folder / "companies.csv", "--categories",
                   folder / "categories.csv", "--thesis", changed, "--out", "-",
                   "--csv-dialect", "plain").decode("utf-8")
    rows = csv.DictReader(io.StringIO(table))
    ids = [row["id"] for row in rows]
    return ids[:count] if count else ids


def lens_ids(folder):
    text = (folder / "thesis.toml").read_text(encoding="utf-8")
    return re.findall(r'(?m)^\[\[criteria\]\]\s*\nid = "([^"]+)"', text)


def page_ranking(page):
    return page.eval_on_selector_all("#ranking tbody tr", "rows => rows.map(r => r.dataset.id)")


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def check_bundled(browser, requests):
    folder = WORK / "bundled"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ["companies.csv", "categories.csv", "thesis.toml"]:
        (folder / name).write_bytes((ROOT / "data" / name).read_bytes())
    thesis("score", "-q", "--companies", folder / "companies.csv", "--categories",
           folder / "categories.csv", "--thesis", folder / "thesis.toml", "--out", folder / "out",
           "--charts", "svg", "--samples", "0", "--format", "csv")
    url = (folder / "out" / "explore.html").as_uri()
    lenses = lens_ids(folder)
    page = browser.new_page()
    page.on("request", lambda request: requests.append(request.url))
    vectors = [[0.4, 0.35, 0.25], [0.1, 0.1, 0.8], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0],
               [0.2, 0.7, 0.1], [3.0, 1.0, 1.0], [0.333, 0.333, 0.334]]
    for weights in vectors:
        fragment = ",".join(f"{lens}:{weight!r}" for lens, weight in zip(lenses, weights))
        open_page(page, f"{url}#w={fragment}")
        expected = engine_ranking(folder, weights)
        got = page_ranking(page)
        assert got == expected, f"weights {weights}: page {got[:8]}… engine {expected[:8]}…"
    print(f"bundled: the page ranks as thesis score under {len(vectors)} weight vectors given in "
          f"the link ({len(expected)} companies each)")

    open_page(page, url)
    assert page_ranking(page) == engine_ranking(folder, [0.4, 0.35, 0.25])
    for lens, value in [(lenses[0], "0.9"), (lenses[2], "0.05")]:
        page.locator(f'input[type=range][name="{lens}"]').fill(value)
    weights = [0.9, 0.35, 0.05]
    assert page_ranking(page) == engine_ranking(folder, weights), "after moving two sliders"
    fragment = page.evaluate("location.hash")
    assert fragment == f"#w={lenses[0]}:0.9,{lenses[1]}:0.35,{lenses[2]}:0.05", fragment
    # The link as moved reopens the same what-if in a fresh page.
    other = browser.new_page()
    other.on("request", lambda request: requests.append(request.url))
    open_page(other, url + fragment)
    assert page_ranking(other) == page_ranking(page), "the mailed link shows the same ranking"
    other.close()
    page.click("#reset")
    assert page.evaluate("location.hash") == ""
    assert page_ranking(page) == engine_ranking(folder, [0.4, 0.35, 0.25]), "after reset"
    moves = page.eval_on_selector_all("#ranking tbody tr td:nth-child(2)",
                                      "cells => cells.map(c => c.textContent)")
    assert set(moves) == {"="}, "no company moves at the thesis weights"
    print("bundled: two sliders moved re-rank as thesis score, the link holds the weights and "
          "reopens them, reset returns to the thesis")

    scores = list(csv.DictReader(io.StringIO(
        (folder / "out" / "scores.csv").read_text(encoding="utf-8-sig"))))
    first = scores[0]
    page.click(f'#ranking tbody tr[data-id="{first["id"]}"]')
    explanation = page.inner_text("#explanation")
    fired = [rule for lens in lenses for rule in first[f"{lens}_rules"].split(";") if rule]
    for rule in fired:
        assert f"{rule} fired" in explanation, f"{rule} not shown as fired:\n{explanation}"
    assert page.locator("#quadrant svg circle").count() > 0, "the quadrant is drawn"
    print(f"bundled: clicking {first['name']} shows the {len(fired)} rules that fired for it")

    # TOPSIS: the page works out distances to the ideal and anti-ideal as the engine does.
    topsis = WORK / "topsis"
    topsis.mkdir(exist_ok=True)
    for name in ["companies.csv", "categories.csv"]:
        (topsis / name).write_bytes((folder / name).read_bytes())
    text = (folder / "thesis.toml").read_text(encoding="utf-8")
    (topsis / "thesis.toml").write_text(
        text.replace('aggregation = "weighted-sum"', 'aggregation = "topsis"', 1), encoding="utf-8")
    thesis("score", "-q", "--companies", topsis / "companies.csv", "--categories",
           topsis / "categories.csv", "--thesis", topsis / "thesis.toml", "--out", topsis / "out",
           "--charts", "svg", "--samples", "0", "--format", "csv")
    topsis_vectors = [[0.4, 0.35, 0.25], [0.1, 0.1, 0.8], [0.7, 0.0, 0.3]]
    for weights in topsis_vectors:
        fragment = ",".join(f"{lens}:{weight!r}" for lens, weight in zip(lenses, weights))
        open_page(page, f"{(topsis / 'out' / 'explore.html').as_uri()}#w={fragment}")
        expected = engine_ranking(topsis, weights)
        assert page_ranking(page) == expected, f"TOPSIS, weights {weights}"
    print(f"bundled under TOPSIS: the page ranks as thesis score under {len(topsis_vectors)} "
          "weight vectors")
    page.close()


def check_at_scale(browser, requests):
    folder = WORK / "at-scale"
    thesis("generate", "--companies", AT_SCALE, "--seed", 7, "--out", folder)
    thesis("score", "-q", "--companies", folder / "companies.csv", "--categories",
           folder / "categories.csv", "--thesis", folder / "thesis.toml", "--out", folder / "out",
           "--charts", "svg", "--samples", "0", "--format", "csv")
    page_file = folder / "out" / "explore.html"
    url = page_file.as_uri()
    lenses = lens_ids(folder)
    text = (folder / "thesis.toml").read_text(encoding="utf-8")
    base = [float(value) for value in re.findall(r"(?m)^weight = (.*)$", text)]
    page = browser.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(120_000)
    open_page(page, url)
    carried = re.search(r"carries the ([\d,]+) of ([\d,]+) ranked", page.inner_text("body"))
    assert carried, "the page says how many companies it carries"
    vectors = [base, [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.3, 0.5],
               [0.6, 0.05, 0.35]]
    for weights in vectors:
        fragment = ",".join(f"{lens}:{weight!r}" for lens, weight in zip(lenses, weights))
        open_page(page, f"{url}#w={fragment}")
        expected = engine_ranking(folder, weights, 1000)
        got = page_ranking(page)
        assert got == expected, f"weights {weights}: first difference at " \
            f"{next(i for i, (a, b) in enumerate(zip(got, expected)) if a != b)}"
    size = page_file.stat().st_size / 2 ** 20
    print(f"{AT_SCALE:,} companies: the page ({size:.1f} MB) carries {carried.group(1)} of "
          f"{carried.group(2)} ranked, and its top 1,000 is thesis score's under "
          f"{len(vectors)} weight vectors")
    page.close()


def main():
    requests = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        check_bundled(browser, requests)
        check_at_scale(browser, requests)
        browser.close()
    outside = [url for url in requests if not url.startswith("file://")]
    pages = {url.split("#")[0] for url in requests}
    assert not outside, f"requests left the page: {outside}"
    assert all(url.endswith("explore.html") for url in pages), f"other files were read: {pages}"
    print(f"no request left the pages ({len(requests)} requests, each the page itself)")


if __name__ == "__main__":
    main()
