"""What the polars and pandas scripts share of the synthetic thesis (src/synthetic/thesis.toml):
the product-type lists its rules test, the lens weights, the momentum formula's terms and the column
order of scores.csv."""

PRODUCTION_PATH = ["os", "orchestration", "storage", "networking", "security", "monitoring",
                   "container-engine", "container-management", "database"]
CONVENIENCE = ["dev-ui", "ci", "dev-environment"]
WEIGHTS = {"painkiller": 0.4, "standalone": 0.35, "momentum": 0.25}
TERMS = [("startups_count", 0.3), ("vc_raised_musd", 0.3), ("buyer_need", 0.2),
         ("precedent_exits", 0.2)]
COLUMNS = (["rank", "id", "name", "category", "total", "quadrant"]
           + [f"{c}_{part}" for part in ["score", "contribution", "raw", "rules"] for c in WEIGHTS]
           + [f"momentum_{field}_score" for field, _ in TERMS] + ["insufficient_evidence"])
