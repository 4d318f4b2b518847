"""The synthetic thesis (src/synthetic/thesis.toml) written as a polars script, the way a data team
would write it: read companies.csv and categories.csv, evaluate the rules, normalize, weight, rank and
write scores.csv with the columns and number format of `thesis score --csv-dialect plain`.

usage: thesis_polars.py COMPANIES CATEGORIES OUT_CSV
"""

import sys

import polars as pl

from synthetic_thesis import COLUMNS, CONVENIENCE, PRODUCTION_PATH, TERMS, WEIGHTS


def rules():
    c = pl.col
    return {
        "painkiller": [
            ("pk-production-path", c("product_type").is_in(PRODUCTION_PATH), 2.0),
            ("pk-security-gap", (c("product_type") == "security") & (c("sells_to") == "security"), 1.0),
            ("pk-stated-need", c("buyer_need") >= 3.0, 1.0),
            ("pk-buyers-pay", c("commercial_offering") == True, 1.0),  # noqa: E712
            ("vit-developer-convenience", c("product_type").is_in(CONVENIENCE), -2.0),
            ("vit-free-for-developers", (c("sells_to") == "developers") & c("open_source")
             & ~c("commercial_offering").fill_null(False), -1.0),
        ],
        "standalone": [
            ("ti-already-acquired", c("acquired_by").is_not_null(), -3.0),
            ("ti-inside-a-vendor", c("parent").is_not_null(), -2.0),
            ("ti-platform-builds-here", c("platform_moves") >= 2.0, -1.0),
            ("sa-independent-category", c("independent_outlook") > 0.0, 2.0),
            ("sa-well-funded", c("funding_musd") >= 20.0, 1.0),
            ("sa-scaled-team", c("headcount").is_not_null() & (c("headcount") >= 100.0)
             & c("founded").is_not_null() & (c("founded") <= 2012.0), 1.0),
            ("sa-public-company", c("public_company") == True, 2.0),  # noqa: E712
        ],
    }


def min_max(expr):
    low, high = expr.min(), expr.max()
    return pl.when(high > low).then((expr - low) / (high - low)).otherwise(0.5)


def main(companies_path, categories_path, out_path):
    numbers = {name: pl.Float64 for name in ["acquired_year", "funding_musd", "headcount", "founded"]}
    companies = pl.scan_csv(companies_path, schema_overrides=numbers)
    categories = pl.scan_csv(categories_path, schema_overrides={name: pl.Float64 for name, _ in TERMS}
                             | {"independent_outlook": pl.Float64, "platform_moves": pl.Float64})
    frame = companies.join(categories, on="category", how="left").filter(pl.col("role") != "precedent")

    columns = []
    for criterion, criterion_rules in rules().items():
        fired = [condition.fill_null(False) for _, condition, _ in criterion_rules]
        columns.append(pl.sum_horizontal([pl.when(f).then(points).otherwise(0.0)
                                          for f, (_, _, points) in zip(fired, criterion_rules)])
                       .alias(f"{criterion}_raw"))
        joined = pl.concat_str([pl.when(f).then(pl.lit(rule)) for f, (rule, _, _) in
                                zip(fired, criterion_rules)], separator=";", ignore_nulls=True)
        columns.append(pl.when(joined != "").then(joined).alias(f"{criterion}_rules"))
    frame = frame.with_columns(columns)
    frame = frame.with_columns([min_max(pl.col(field)).alias(f"momentum_{field}_score")
                                for field, _ in TERMS])
    frame = frame.with_columns(
        (pl.sum_horizontal([pl.col(f"momentum_{field}_score") * weight for field, weight in TERMS],
                           ignore_nulls=False) / sum(w for _, w in TERMS)).alias("momentum_raw"),
        pl.lit(None, dtype=pl.String).alias("momentum_rules"))
    frame = frame.with_columns([min_max(pl.col(f"{c}_raw")).alias(f"{c}_score") for c in WEIGHTS])
    available = sum(pl.when(pl.col(f"{c}_score").is_not_null()).then(w).otherwise(0.0)
                    for c, w in WEIGHTS.items())
    frame = frame.with_columns([(pl.col(f"{c}_score") * w / available).alias(f"{c}_contribution")
                                for c, w in WEIGHTS.items()])
    frame = frame.with_columns(
        pl.sum_horizontal([pl.col(f"{c}_contribution") for c in WEIGHTS]).alias("total"),
        pl.when(pl.col("standalone_score") >= 0.5)
        .then(pl.when(pl.col("painkiller_score") >= 0.5).then(pl.lit("Standalone painkiller"))
              .otherwise(pl.lit("Standalone vitamin")))
        .otherwise(pl.when(pl.col("painkiller_score") >= 0.5).then(pl.lit("Tuck-in painkiller"))
                   .otherwise(pl.lit("Tuck-in vitamin"))).alias("quadrant"),
        pl.when(pl.col("momentum_score").is_null()).then(pl.lit("momentum"))
        .alias("insufficient_evidence"),
    )
    frame = frame.sort([pl.col("momentum_score").is_null(),
                        (pl.col("total") * 1e9).round(mode="half_away_from_zero"), pl.col("id")],
                       descending=[False, True, False])
    frame = frame.with_row_index("rank", offset=1)
    frame.select(COLUMNS).sink_csv(out_path, float_precision=6, float_scientific=False)


if __name__ == "__main__":
    main(*sys.argv[1:4])
