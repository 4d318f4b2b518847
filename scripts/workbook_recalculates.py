"""scores.xlsx recalculating in LibreOffice Calc, headless: a weight changed in the Weights sheet
(with openpyxl, which keeps the formulas and drops their cached values, so Calc works every one out
on opening), the workbook opened in Calc and saved as flat ODF, and its Scores sheet compared with
`thesis score` run with that weight: every company's rank, and its total and contributions to the
millionth (the sheet works from the six decimals scores.csv prints).

usage: workbook_recalculates.py THESIS_BINARY WORK_DIR
"""

import csv
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl

THESIS, WORK = sys.argv[1], Path(sys.argv[2])
ROOT = Path(__file__).resolve().parents[1]
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}


def run(*args):
    return subprocess.run([*map(str, args)], check=True, capture_output=True).stdout


def calc_rows(fods, sheet_name):
    """The sheet's rows as Calc computed them: numbers as floats, text as text."""
    root = ET.parse(fods).getroot()
    sheet = root.find(f".//table:table[@table:name='{sheet_name}']", NS)
    rows = []
    for row in sheet.findall("table:table-row", NS):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            value = cell.get(f"{{{NS['office']}}}value")
            text = value if value is not None else "".join(cell.itertext()).strip()
            cells += [text] * min(repeat, 64)
        rows.append(cells)
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if any(row)]


def engine(weights):
    """scores.csv of `thesis score` with the lens weights given, by id."""
    text = (ROOT / "data" / "thesis.toml").read_text(encoding="utf-8")
    values = iter(weights)
    text = re.sub(r"(?m)^weight = .*$", lambda _: f"weight = {next(values)!r}", text)
    changed = WORK / "weighted.toml"
    changed.write_text(text, encoding="utf-8")
    table = run(THESIS, "score", "-q", "--thesis", changed, "--out", "-", "--csv-dialect", "plain")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(table.decode("utf-8")))}


def main():
    out = WORK / "run"
    run(THESIS, "run", "-q", "--charts", "none", "--samples", "0", "--out", out)
    lenses = ["painkiller", "standalone", "momentum"]
    thesis_weights = [0.4, 0.35, 0.25]
    cases = [[0.1, 0.35, 0.25], [0.4, 0.35, 0.9], [0.4, 0.0, 0.25], [0.05, 0.05, 0.9],
             [1.0, 1.0, 1.0]]
    for case, weights in enumerate(cases):
        book = openpyxl.load_workbook(out / "scores.xlsx")
        sheet = book["Weights"]
        assert [sheet.cell(1, 2 + j).value for j in range(3)] == lenses
        assert [sheet.cell(2, 2 + j).value for j in range(3)] == thesis_weights
        for j, weight in enumerate(weights):
            sheet.cell(2, 2 + j).value = weight
        changed = WORK / f"changed-{case}.xlsx"
        book.save(changed)
        run("soffice", "--headless", "--norestore",
            f"-env:UserInstallation=file://{WORK}/profile", "--convert-to", "fods",
            "--outdir", WORK, changed)
        calc = calc_rows(WORK / f"changed-{case}.fods", "Scores")
        expected = engine(weights)
        assert len(calc) == len(expected), f"{len(calc)} rows, {len(expected)} expected"
        for row in calc:
            want = expected[row["id"]]
            assert int(float(row["rank"])) == int(want["rank"]), \
                f"weights {weights}: {row['id']} ranks {row['rank']} in Calc, {want['rank']} in thesis"
            for column in ["total"] + [f"{lens}_contribution" for lens in lenses]:
                got, should = row[column], want[column]
                if should == "":
                    assert got == "", f"{row['id']} {column}: {got!r} for an empty cell"
                else:
                    assert abs(float(got) - float(should)) <= 1.5e-6, \
                        f"weights {weights}: {row['id']} {column} {got} in Calc, {should} in thesis"
        print(f"weights {weights}: Calc re-ranks the {len(calc)} companies as thesis score does")
    print("scores.xlsx recalculates in LibreOffice: ranks, totals and contributions follow the "
          "Weights sheet")


if __name__ == "__main__":
    main()
