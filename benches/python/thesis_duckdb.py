"""The thesis scored by DuckDB, running the query `thesis sql --dialect duckdb` emits.

usage: thesis_duckdb.py QUERY.sql COMPANIES.csv CATEGORIES.csv OUT.csv

The two CSV files become the tables `companies` and `categories` (views over DuckDB's own CSV
reader, which detects the types); the query's rows are written to OUT.csv as DuckDB writes CSV.
"""
import sys

import duckdb


def main():
    query_file, companies, categories, out = sys.argv[1:5]
    query = open(query_file, encoding="utf-8").read()
    db = duckdb.connect()
    db.execute(f"CREATE VIEW companies AS SELECT * FROM read_csv('{companies}', header = true)")
    db.execute(f"CREATE VIEW categories AS SELECT * FROM read_csv('{categories}', header = true)")
    db.execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


if __name__ == "__main__":
    main()
