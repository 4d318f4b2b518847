"""The synthetic thesis (src/synthetic/thesis.toml) written as a pandas script, vectorized with numpy
the way a data team would write it, producing the same scores.csv as `thesis score --csv-dialect plain`.

usage: thesis_pandas.py COMPANIES CATEGORIES OUT_CSV
"""

import sys

import numpy as np
import pandas as pd

from synthetic_thesis import COLUMNS, CONVENIENCE, PRODUCTION_PATH, TERMS, WEIGHTS


def rules(f):
    product, sells_to = f["product_type"], f["sells_to"]
    commercial = f["commercial_offering"]
    return {
        "painkiller": [
            ("pk-production-path", product.isin(PRODUCTION_PATH), 2.0),
            ("pk-security-gap", (product == "security") & (sells_to == "security"), 1.0),
            ("pk-stated-need", f["buyer_need"] >= 3.0, 1.0),
            ("pk-buyers-pay", commercial == "true", 1.0),
            ("vit-developer-convenience", product.isin(CONVENIENCE), -2.0),
            ("vit-free-for-developers", (sells_to == "developers") & (f["open_source"] == "true")
             & (commercial != "true"), -1.0),
        ],
        "standalone": [
            ("ti-already-acquired", f["acquired_by"].notna(), -3.0),
            ("ti-inside-a-vendor", f["parent"].notna(), -2.0),
            ("ti-platform-builds-here", f["platform_moves"] >= 2.0, -1.0),
            ("sa-independent-category", f["independent_outlook"] > 0.0, 2.0),
            ("sa-well-funded", f["funding_musd"] >= 20.0, 1.0),
            ("sa-scaled-team", (f["headcount"] >= 100.0) & (f["founded"] <= 2012.0), 1.0),
            ("sa-public-company", f["public_company"] == "true", 2.0),
        ],
    }


def min_max(values):
    low, high = values.min(), values.max()
    if high > low:
        return (values - low) / (high - low)
    return values.where(values.isna(), 0.5)


def joined(fired, names):
    """Ids of the rules that fired, ';'-joined; missing when none did."""
    text = pd.Series("", index=fired[0].index, dtype=object)
    for mask, name in zip(fired, names):
        text = text.where(~mask, text + np.where(text == "", "", ";") + name)
    return text.where(text != "", None)


def main(companies_path, categories_path, out_path):
    text = {name: str for name in ["open_source", "commercial_offering", "public_company"]}
    companies = pd.read_csv(companies_path, dtype=text, keep_default_na=False, na_values=[""])
    categories = pd.read_csv(categories_path, keep_default_na=False, na_values=[""])
    frame = companies.merge(categories, on="category", how="left")
    frame = frame[frame["role"] != "precedent"].reset_index(drop=True)

    for criterion, criterion_rules in rules(frame).items():
        fired = [condition.fillna(False).astype(bool) for _, condition, _ in criterion_rules]
        frame[f"{criterion}_raw"] = sum(np.where(mask, points, 0.0)
                                        for mask, (_, _, points) in zip(fired, criterion_rules))
        frame[f"{criterion}_rules"] = joined(fired, [rule for rule, _, _ in criterion_rules])
    for field, _ in TERMS:
        frame[f"momentum_{field}_score"] = min_max(frame[field].astype(float))
    frame["momentum_raw"] = sum(frame[f"momentum_{field}_score"] * weight
                                for field, weight in TERMS) / sum(w for _, w in TERMS)
    frame["momentum_rules"] = None
    for criterion in WEIGHTS:
        frame[f"{criterion}_score"] = min_max(frame[f"{criterion}_raw"])
    available = sum(np.where(frame[f"{c}_score"].notna(), w, 0.0) for c, w in WEIGHTS.items())
    for criterion, weight in WEIGHTS.items():
        frame[f"{criterion}_contribution"] = frame[f"{criterion}_score"] * weight / available
    frame["total"] = sum(frame[f"{c}_contribution"].fillna(0.0) for c in WEIGHTS)
    standalone = frame["standalone_score"] >= 0.5
    painkiller = frame["painkiller_score"] >= 0.5
    frame["quadrant"] = np.select(
        [standalone & painkiller, ~standalone & painkiller, standalone & ~painkiller],
        ["Standalone painkiller", "Tuck-in painkiller", "Standalone vitamin"], "Tuck-in vitamin")
    lacks = frame["momentum_score"].isna()
    frame["insufficient_evidence"] = np.where(lacks, "momentum", None)
    scaled = frame["total"] * 1e9
    frame["_key"] = -np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    frame["_lacks"] = lacks
    frame = frame.sort_values(["_lacks", "_key", "id"], kind="stable")
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    frame[COLUMNS].to_csv(out_path, index=False, float_format="%.6f")


if __name__ == "__main__":
    main(*sys.argv[1:4])
