"""Runs the SQL `thesis sql` emits on real engines and compares with the native scores.csv.

usage: sql_differential.py THESIS_BINARY UNIVERSE_DIR ENGINE...   (engines: sqlite, duckdb,
postgres, spark; postgres connects to THESIS_PG_DSN; spark starts pyspark in local mode)

Each engine gets the company and category files as tables of text (as a CSV loader often makes
them) and, for DuckDB, also as its own typed CSV reading; every row of the result must equal the
native scores.csv: the same ids in the same order, text equal, numbers equal to the six decimals
scores.csv prints.
"""
import csv
import subprocess
import sys
import tempfile


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def native_scores(binary, universe, out):
    subprocess.run(
        [binary, "score", "--companies", f"{universe}/companies.csv",
         "--categories", f"{universe}/categories.csv", "--thesis", f"{universe}/thesis.toml",
         "--format", "csv", "--charts", "none", "--samples", "0", "--csv-dialect", "plain",
         "--out", out, "-q"],
        check=True)
    return read_csv(f"{out}/scores.csv")


def query(binary, universe, dialect):
    return subprocess.run(
        [binary, "sql", "--dialect", dialect, "--thesis", f"{universe}/thesis.toml"],
        check=True, capture_output=True, text=True).stdout


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6f}"
    return str(value)


def compare(engine, header, expected, got_header, got_rows):
    if [h.lower() for h in got_header] != [h.lower() for h in header]:
        sys.exit(f"{engine}: columns differ:\n  {got_header}\n  {header}")
    if len(got_rows) != len(expected):
        sys.exit(f"{engine}: {len(got_rows)} rows, scores.csv has {len(expected)}")
    for number, (want, row) in enumerate(zip(expected, got_rows), start=1):
        got = [cell(value) for value in row]
        for column, (a, b) in enumerate(zip(want, got)):
            if a == b:
                continue
            try:
                if abs(float(a) - float(b)) <= 1.5e-6:
                    continue
            except ValueError:
                pass
            sys.exit(f"{engine}: row {number}, column {header[column]}: scores.csv has {a!r}, "
                     f"the query gave {b!r}\n  want {want}\n  got  {got}")
    print(f"{engine}: {len(got_rows)} rows equal to scores.csv")


def text_tables(universe):
    tables = {}
    for name in ("companies", "categories"):
        tables[name] = read_csv(f"{universe}/{name}.csv")
    return tables


def run_sqlite(binary, universe, header, expected):
    import sqlite3
    db = sqlite3.connect(":memory:")
    for name, (columns, rows) in text_tables(universe).items():
        quoted = ", ".join(f'"{c}" TEXT' for c in columns)
        db.execute(f'CREATE TABLE "{name}" ({quoted})')
        marks = ", ".join("?" for _ in columns)
        db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    cursor = db.execute(query(binary, universe, "sqlite"))
    got_header = [d[0] for d in cursor.description]
    compare("sqlite", header, expected, got_header, cursor.fetchall())


def run_duckdb(binary, universe, header, expected):
    import duckdb
    sql = query(binary, universe, "duckdb")
    for typing in ("text", "detected"):
        db = duckdb.connect()
        for name in ("companies", "categories"):
            all_text = "true" if typing == "text" else "false"
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{universe}/{name}.csv', "
                       f"header = true, all_varchar = {all_text})")
        result = db.execute(sql)
        got_header = [d[0] for d in result.description]
        compare(f"duckdb ({typing} columns)", header, expected, got_header, result.fetchall())


def run_postgres(binary, universe, header, expected):
    import os
    import psycopg
    sql = query(binary, universe, "postgres")
    with psycopg.connect(os.environ["THESIS_PG_DSN"], autocommit=True) as db:
        for name, (columns, rows) in text_tables(universe).items():
            db.execute(f'DROP TABLE IF EXISTS "{name}"')
            quoted = ", ".join(f'"{c}" TEXT' for c in columns)
            db.execute(f'CREATE TABLE "{name}" ({quoted})')
            marks = ", ".join(f'"{c}"' for c in columns)
            with db.cursor().copy(f'COPY "{name}" ({marks}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        cursor = db.execute(sql)
        got_header = [d.name for d in cursor.description]
        compare("postgres", header, expected, got_header, cursor.fetchall())


SPARK = None


def run_spark(binary, universe, header, expected):
    global SPARK
    from pyspark.sql import SparkSession
    if SPARK is None:
        SPARK = (SparkSession.builder.master("local[2]").appName("thesis-sql")
                 .config("spark.ui.enabled", "false")
                 .config("spark.sql.shuffle.partitions", "2")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.driver.bindAddress", "127.0.0.1")
                 .getOrCreate())
        SPARK.sparkContext.setLogLevel("ERROR")
    for name in ("companies", "categories"):
        frame = SPARK.read.csv(f"{universe}/{name}.csv", header=True, inferSchema=False,
                               multiLine=True, escape='"', encoding="UTF-8")
        frame.createOrReplaceTempView(name)
    result = SPARK.sql(query(binary, universe, "spark"))
    rows = [tuple(row) for row in result.collect()]
    compare("spark", header, expected, result.columns, rows)


def main():
    binary, universe, engines = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as out:
        header, expected = native_scores(binary, universe, out + "/scores")
    for engine in engines:
        {"sqlite": run_sqlite, "duckdb": run_duckdb, "postgres": run_postgres,
         "spark": run_spark}[engine](binary, universe, header, expected)


if __name__ == "__main__":
    main()
