"""Runs the end-to-end comparison of `scripts/bench` and writes BENCHMARKS.md.

Every tool scores the same generated universe and writes scores.csv. The tools are run in turn,
RUNS rounds of one run each, under `/usr/bin/time -v`, and each one's median wall time and largest
peak memory are kept. thesis, polars and
pandas must write byte-identical files, or the run stops, and so must thesis reading the companies
as Parquet (converted once by DuckDB). DuckDB runs the query `thesis sql
--dialect duckdb` emits and must give the same rows (numbers to the six decimals scores.csv
prints). The csv-crate floor writes the same columns without scoring.
"""

import csv
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "bench"
THESIS = ROOT / "target" / "release" / "thesis"
FLOOR = ROOT / "target" / "release" / "examples" / "csv_floor"
PYTHON = sys.executable
SCRIPTS = ROOT / "benches" / "python"
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000 100000 1000000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PANDAS_MAX = int(os.environ.get("BENCH_PANDAS_MAX", "1000000"))
# The universe of the large row (thesis from CSV against thesis from Parquet), 0 to skip it.
LARGE = int(os.environ.get("BENCH_LARGE", "10000000"))


def run_once(command):
    """Wall seconds and peak resident megabytes of one run of `command`."""
    result = subprocess.run(["/usr/bin/time", "-v", *map(str, command)], capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    parts = [float(part) for part in wall.group(1).split(":")]
    return sum(part * 60 ** index for index, part in enumerate(reversed(parts))), int(
        peak.group(1)) / 1024


def measure(commands):
    """Median wall seconds and largest peak resident megabytes of each command over RUNS rounds.
    Each round runs every command once, in turn, so that a slow spell of the machine falls on all
    of them rather than on the runs of one."""
    times = {name: [] for name in commands}
    peaks = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            wall, peak = run_once(command)
            times[name].append(wall)
            peaks[name].append(peak)
    return {name: (statistics.median(times[name]), max(peaks[name])) for name in commands}


def universe(size):
    folder = WORK / f"universe-{size}"
    if not (folder / "companies.csv").exists():
        subprocess.run([THESIS, "generate", "--companies", str(size), "--seed", "1", "--out", folder],
                       check=True, capture_output=True)
    return folder


def as_parquet(companies):
    """The companies as Parquet, converted once by DuckDB (types detected) and kept."""
    parquet = companies.with_suffix(".parquet")
    if not parquet.exists():
        import duckdb
        duckdb.sql(f"COPY (SELECT * FROM read_csv('{companies}', header = true)) "
                   f"TO '{parquet}' (FORMAT parquet)")
    return parquet


def thesis_score(folder, companies, out):
    return [THESIS, "score", "-q", "--companies", companies, "--categories",
            folder / "categories.csv", "--thesis", folder / "thesis.toml", "--out", out,
            "--format", "csv", "--charts", "none", "--samples", "0", "--csv-dialect", "plain"]


# The universes `thesis fit` is timed on (with planted outcomes), 0 or empty to skip.
FIT_SIZES = [int(size) for size in os.environ.get("BENCH_FIT_SIZES", "100000 1000000").split()]


def fit_rows():
    """`thesis fit` with its defaults (nested 5-fold and out-of-time validation, 200 bootstrap
    refits, 999 permutations) on universes with planted outcomes, generated once and kept."""
    rows = []
    for size in FIT_SIZES:
        folder = WORK / f"universe-outcomes-{size}"
        if not (folder / "outcomes.csv").exists():
            subprocess.run([THESIS, "generate", "--companies", str(size), "--seed", "1",
                            "--outcomes", "--out", folder], check=True, capture_output=True)
        command = [THESIS, "fit", "-q", "--companies", folder / "companies.csv",
                   "--categories", folder / "categories.csv", "--thesis", folder / "thesis.toml",
                   "--outcomes", folder / "outcomes.csv", "--out", WORK / f"fit-{size}"]
        wall, peak = measure({"fit": command})["fit"]
        print(f"{size:>9,} fit     {wall:8.2f} s {peak:8.0f} MB", flush=True)
        rows.append((size, wall, peak))
    return rows


def large_row():
    """thesis from CSV and from Parquet on the large universe, which is generated and converted
    once and kept (the seconds each took the first time, and the disk it takes, are reported)."""
    folder = WORK / f"universe-{LARGE}"
    made = {}
    for step, make in [("generate", lambda: universe(LARGE)),
                       ("convert", lambda: as_parquet(folder / "companies.csv"))]:
        started = time.monotonic()
        existed = (folder / ("companies.csv" if step == "generate" else "companies.parquet")).exists()
        make()
        made[step] = None if existed else time.monotonic() - started
    out = WORK / f"out-{LARGE}"
    results = measure({
        "thesis": thesis_score(folder, folder / "companies.csv", out / "thesis"),
        "thesis-parquet": thesis_score(folder, folder / "companies.parquet", out / "thesis-parquet"),
    })
    for tool, (wall, peak) in results.items():
        print(f"{LARGE:>9,} {tool:<7} {wall:8.2f} s {peak:8.0f} MB", flush=True)
    if (out / "thesis-parquet" / "scores.csv").read_bytes() != (
            out / "thesis" / "scores.csv").read_bytes():
        sys.exit(f"thesis wrote a different scores.csv from Parquet at {LARGE} companies")
    disk = sum(path.stat().st_size for path in folder.iterdir()) / 2 ** 30
    return results, made, disk


def main():
    rows = []
    for size in SIZES:
        folder = universe(size)
        companies, categories = folder / "companies.csv", folder / "categories.csv"
        out = WORK / f"out-{size}"
        out.mkdir(parents=True, exist_ok=True)
        tools = {
            "thesis": thesis_score(folder, companies, out / "thesis"),
            "floor": [FLOOR, companies, out / "floor.csv"],
            "polars": [PYTHON, SCRIPTS / "thesis_polars.py", companies, categories,
                       out / "polars.csv"],
        }
        query = out / "query.sql"
        query.write_bytes(subprocess.run(
            [THESIS, "sql", "--dialect", "duckdb", "--thesis", folder / "thesis.toml"],
            check=True, capture_output=True).stdout)
        tools["duckdb"] = [PYTHON, SCRIPTS / "thesis_duckdb.py", query, companies, categories,
                           out / "duckdb.csv"]
        tools["thesis-parquet"] = thesis_score(folder, as_parquet(companies),
                                               out / "thesis-parquet")
        if size <= PANDAS_MAX:
            tools["pandas"] = [PYTHON, SCRIPTS / "thesis_pandas.py", companies, categories,
                               out / "pandas.csv"]
        results = measure(tools)
        for tool, (wall, peak) in results.items():
            print(f"{size:>9,} {tool:<7} {wall:8.2f} s {peak:8.0f} MB", flush=True)
        ours = (out / "thesis" / "scores.csv").read_bytes()
        for tool in ["polars", "pandas"]:
            if tool in results and (out / f"{tool}.csv").read_bytes() != ours:
                sys.exit(f"{tool} wrote a different scores.csv at {size} companies")
        same_rows(out / "thesis" / "scores.csv", out / "duckdb.csv", size)
        if (out / "thesis-parquet" / "scores.csv").read_bytes() != ours:
            sys.exit(f"thesis wrote a different scores.csv from Parquet at {size} companies")
        rows.append((size, companies.stat().st_size / 2 ** 20, results))
    # What a user runs: `thesis score` with its defaults (charts, report, explore page, 10,000
    # weight samples) at the largest size, against the bare pass measured above.
    size, _, _ = rows[-1]
    folder = universe(size)
    default = measure({"default": [
        THESIS, "score", "-q", "--companies", folder / "companies.csv",
        "--categories", folder / "categories.csv", "--thesis", folder / "thesis.toml",
        "--out", WORK / f"out-{size}" / "default"]})["default"]
    print(f"{size:>9,} default {default[0]:8.2f} s {default[1]:8.0f} MB", flush=True)
    manifest = json.loads((WORK / f"out-{size}" / "default" / "run.json").read_text())
    default = (*default, find_key(manifest, "sensitivity")["samples"])
    small = universe(10000)
    sensitivity = measure({"sensitivity": [
        THESIS, "sensitivity", "--companies", small / "companies.csv",
        "--categories", small / "categories.csv", "--thesis", small / "thesis.toml",
        "--samples", "10000"]})["sensitivity"]
    write_report(rows, sensitivity, large_row() if LARGE else None, fit_rows(), default)


def same_rows(ours, theirs, size):
    """Stops the run unless DuckDB's rows are scores.csv's, numbers to six decimals."""
    def normalized(cell):
        if cell.lstrip("-").isdigit():
            return cell
        try:
            return f"{float(cell):.6f}"
        except ValueError:
            return cell

    def rows(path):
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                yield [normalized(cell) for cell in row]

    for line, (a, b) in enumerate(zip(rows(ours), rows(theirs), strict=True), start=1):
        if a != b:
            sys.exit(f"duckdb gave different rows at {size} companies, line {line}:\n{a}\n{b}")


def ratio(results, tool):
    """thesis's time over the tool's; NaN when the tool's time is below what `time` resolves."""
    if tool not in results:
        return None
    theirs = results[tool][0]
    return results["thesis"][0] / theirs if theirs > 0 else float("nan")


def find_key(tree, key):
    """The first value under `key` anywhere in a JSON tree."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        tree = list(tree.values())
    if isinstance(tree, list):
        for item in tree:
            found = find_key(item, key)
            if found is not None:
                return found
    return None


def write_report(rows, sensitivity, large, fits, default):
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench` (do not edit by hand). Each figure is the median of "
        f"{RUNS} runs on this machine, the tools taking turns ({os.cpu_count()} cores); peak memory is the largest "
        "maximum resident set size `/usr/bin/time -v` reported. Inputs are `thesis generate "
        "--companies N --seed 1`; thesis, polars and pandas wrote byte-identical `scores.csv` files.",
        "",
        "DuckDB runs the query `thesis sql --dialect duckdb` emits on the same CSV files (its own "
        "reader, types detected) and gave the same rows.",
        "",
        "| companies | input MB | thesis s | floor s | polars s | pandas s | DuckDB s | thesis / floor "
        "| thesis / polars | thesis / DuckDB | pandas / thesis | thesis peak MB | DuckDB peak MB "
        "| peak / input |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, input_mb, results in rows:
        pandas = results.get("pandas")
        lines.append(
            f"| {size:,} | {input_mb:.0f} | {results['thesis'][0]:.2f} | {results['floor'][0]:.2f} "
            f"| {results['polars'][0]:.2f} | {pandas[0] if pandas else float('nan'):.2f} "
            f"| {results['duckdb'][0]:.2f} "
            f"| {ratio(results, 'floor'):.2f} | {ratio(results, 'polars'):.2f} "
            f"| {ratio(results, 'duckdb'):.2f} "
            f"| {1 / ratio(results, 'pandas') if pandas else float('nan'):.1f} "
            f"| {results['thesis'][1]:.0f} | {results['duckdb'][1]:.0f} "
            f"| {results['thesis'][1] / input_mb:.2f} |")
    lines += [
        "",
        "The same companies as Parquet (written by DuckDB from the CSV, types detected), read by "
        "`thesis score --companies companies.parquet`; the same `scores.csv` as from the CSV.",
        "",
        "| companies | Parquet MB | thesis from CSV s | thesis from Parquet s | Parquet / CSV "
        "| peak from CSV MB | peak from Parquet MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, input_mb, results in rows:
        parquet_mb = (universe(size) / "companies.parquet").stat().st_size / 2 ** 20
        csv_time, csv_peak = results["thesis"]
        parquet_time, parquet_peak = results["thesis-parquet"]
        lines.append(
            f"| {size:,} | {parquet_mb:.1f} | {csv_time:.2f} | {parquet_time:.2f} "
            f"| {parquet_time / csv_time:.2f} | {csv_peak:.0f} | {parquet_peak:.0f} |")
    if large:
        results, made, disk = large
        parquet_mb = (WORK / f"universe-{LARGE}" / "companies.parquet").stat().st_size / 2 ** 20
        csv_time, csv_peak = results["thesis"]
        parquet_time, parquet_peak = results["thesis-parquet"]
        lines.append(
            f"| {LARGE:,} | {parquet_mb:.1f} | {csv_time:.2f} | {parquet_time:.2f} "
            f"| {parquet_time / csv_time:.2f} | {csv_peak:.0f} | {parquet_peak:.0f} |")
        how = ("an earlier run made it" if None in made.values() else
               f"generating it took {made['generate']:.0f} s, converting it to Parquet "
               f"{made['convert']:.0f} s")
        bare_time = rows[-1][2]["thesis"][0]
        large_mb = (WORK / f"universe-{LARGE}" / "companies.csv").stat().st_size / 2 ** 20
        growth = csv_time / bare_time
        met = lambda ok: "met" if ok else "**not met**"
        lines += [
            "",
            f"The {LARGE:,}-company universe is generated once and kept in `target/bench` "
            f"({disk:.1f} GiB with its Parquet copy); {how}. The bare pass at {LARGE:,} takes "
            f"{growth:.1f} times its time at {rows[-1][0]:,} (target at most 11: {met(growth <= 11)}) "
            f"and peaks at {csv_peak / large_mb:.2f} times its input of {large_mb:,.0f} MB "
            f"(target at most 1.5: {met(csv_peak / large_mb <= 1.5)}).",
        ]
    size, input_mb, results = rows[-1]
    pandas = ratio(results, "pandas")
    targets = [
        ("thesis / floor at most 1.3", ratio(results, "floor") <= 1.3),
        ("thesis / polars at most 0.5", ratio(results, "polars") <= 0.5),
        ("thesis / DuckDB at most 0.35", ratio(results, "duckdb") <= 0.35),
        ("pandas / thesis at least 10", pandas is not None and 1 / pandas >= 10),
        ("peak / input at most 1.5", results["thesis"][1] / input_mb <= 1.5),
    ]
    verdict = lambda met: "met" if met else "**not met**"
    lines += [
        "",
        f"Targets at {size:,} companies: "
        + "; ".join(f"{target}: {verdict(met)}" for target, met in targets) + ".",
        "",
        f"Sensitivity, 10,000 weight samples × 10,000 companies (`thesis sensitivity`, end to end): "
        f"{sensitivity[0]:.2f} s, peak {sensitivity[1]:.0f} MB (target: at most 2 s: "
        f"{verdict(sensitivity[0] <= 2.0)}).",
        "",
    ]
    bare, input_mb = results["thesis"], rows[-1][1]
    lines += [
        f"Default `thesis score` at {size:,} companies (charts, report, explore page, weight "
        f"samples, all by default): {default[0]:.2f} s, {default[0] / bare[0]:.1f} times the bare "
        f"pass (target at most 2: {verdict(default[0] <= 2 * bare[0])}); peak {default[1]:.0f} MB, "
        f"{default[1] / input_mb:.1f} times the input (target at most 2: "
        f"{verdict(default[1] <= 2 * input_mb)}). "
        + ("It drew all 10,000 weight samples." if default[2] >= 10000 else
           f"It drew {default[2]:,} weight samples of the 10,000 asked for: the sampling keeps "
           "at most 100,000,000 ranks."),
        "",
    ]
    if fits:
        lines += [
            "`thesis fit` with its defaults on `thesis generate --companies N --seed 1 --outcomes`: "
            "the strength chosen by 5-fold cross-validation, nested 5-fold and out-of-time "
            "validation, 200 bootstrap refits and 999 paired permutations.",
            "",
            "| companies | fit s | peak MB |",
            "|---:|---:|---:|",
        ]
        lines += [f"| {size:,} | {wall:.2f} | {peak:.0f} |" for size, wall, peak in fits]
        lines.append("")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
