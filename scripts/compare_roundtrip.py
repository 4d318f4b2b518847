"""Compares a scores.csv written by thesis with what LibreOffice Calc made of it (or of the matching
scores.xlsx), saved as flat ODF (.fods), where every cell states its type. A number in our file
must be a float cell with the same value; text must be a string cell with the same characters;
an empty cell must stay empty; the rows must all be there. Only the first sheet is compared.

Usage: compare_roundtrip.py ORIGINAL.csv DELIMITER ROUNDTRIP.fods [--sheet-text]
--sheet-text: the round trip comes from the workbook, where text is stored as typed, without the
CSV's leading ' that keeps a formula-like text from running, and where the rank, total and
contributions are the workbook's own formulas (their values must still be the file's); any other
cell that became a formula is a failure."""

import csv
import sys
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
FORMULA_STARTS = tuple("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def q(prefix, name):
    return f"{{{NS[prefix]}}}{name}"


def cell_text(cell):
    """The cell's text, its paragraphs joined by line breaks; spaces kept."""
    lines = []
    for paragraph in cell.findall("text:p", NS):
        parts = []
        for node in paragraph.iter():
            if node.tag == q("text", "s"):
                parts.append(" " * int(node.get(q("text", "c"), "1")))
            elif node.tag == q("text", "tab"):
                parts.append("\t")
            if node is not paragraph and node.tail:
                parts.append(node.tail)
            elif node is paragraph and node.text:
                parts.append(node.text)
        lines.append("".join(parts))
    return "\n".join(lines)


def read_fods(path):
    """Rows of (type, value) for the first sheet: type float, string, boolean or empty."""
    sheet = ET.parse(path).getroot().find(".//table:table", NS)
    rows = []
    for row in sheet.iter(q("table", "table-row")):
        cells = []
        for cell in row:
            if cell.tag not in (q("table", "table-cell"), q("table", "covered-table-cell")):
                continue
            repeat = int(cell.get(q("table", "number-columns-repeated"), "1"))
            kind = cell.get(q("office", "value-type"), "empty")
            if kind == "float":
                value = float(cell.get(q("office", "value")))
            elif kind == "boolean":
                value = cell.get(q("office", "boolean-value"))
            else:
                value = cell_text(cell)
            formula = cell.get(q("table", "formula")) is not None
            cells.extend([(kind, value, formula)] * min(repeat, 1000))
        while cells and cells[-1] == ("empty", "", False):
            cells.pop()
        repeat = int(row.get(q("table", "number-rows-repeated"), "1"))
        rows.extend([cells] * min(repeat, 1000))
    while rows and not rows[-1]:
        rows.pop()
    return rows


def number(text, decimal_comma):
    try:
        return float(text.replace(",", ".") if decimal_comma else text)
    except ValueError:
        return None


def main():
    original_path, delimiter, roundtrip_path = sys.argv[1:4]
    from_workbook = "--sheet-text" in sys.argv[4:]
    decimal_comma = delimiter == ";"
    with open(original_path, encoding="utf-8-sig", newline="") as handle:
        original = list(csv.reader(handle, delimiter=delimiter))
    roundtrip = read_fods(roundtrip_path)
    problems = []
    if len(original) != len(roundtrip):
        problems.append(f"{len(original)} rows became {len(roundtrip)}")
    header = original[0]
    for line, (ours, theirs) in enumerate(zip(original, roundtrip), start=1):
        theirs = theirs + [("empty", "", False)] * (len(ours) - len(theirs))
        if len(ours) != len(theirs):
            problems.append(f"row {line}: {len(ours)} cells became {len(theirs)}")
            continue
        for column, (text, (kind, value, formula)) in enumerate(zip(ours, theirs)):
            where = f"row {line}, column {header[column]}"
            expected = number(text, decimal_comma) if line > 1 else None
            if from_workbook and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
                text = text[1:]
            # The workbook's own formulas: the rank, total and contributions follow its weights.
            computed = from_workbook and line > 1 and (
                header[column] in ("rank", "total") or header[column].endswith("_contribution"))
            if formula and not computed:
                problems.append(f"{where}: {text!r} became a formula")
            elif formula and text == "":
                if value != "":
                    problems.append(f"{where}: an empty cell's formula gave {kind} {value!r}")
            elif text == "":
                if kind != "empty":
                    problems.append(f"{where}: an empty cell became {kind} {value!r}")
            elif expected is not None:
                if kind != "float" or abs(value - expected) > 1e-9:
                    problems.append(f"{where}: the number {text} became {kind} {value!r}")
            elif kind != "string" or value != text:
                problems.append(f"{where}: the text {text!r} became {kind} {value!r}")
    label = f"{original_path} -> {roundtrip_path}"
    if problems:
        print(f"FAIL {label}:", *problems[:20], sep="\n  ")
        sys.exit(1)
    cells = sum(len(row) for row in original)
    print(f"ok   {label}: {len(original)} rows, {cells} cells, types and values kept")


main()
