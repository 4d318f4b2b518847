"""thesis fit against statsmodels and SciPy on generated universes.

For each universe, `thesis fit --strength 0` (no shrinkage) must give the weights of statsmodels'
OrderedModel (logit link) fitted to the same companies: the slopes rescaled to sum to one, within
1e-4 (scores.csv carries six decimals). The thesis row of fit_validation.csv, whose weights are not
fitted, must equal SciPy's Spearman rho of the thesis totals against the outcome levels and the AUC
from SciPy's Mann-Whitney U, over the same companies.

usage: fit_reference.py THESIS_BINARY WORKDIR
"""

import csv
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
from scipy.stats import mannwhitneyu, spearmanr
from statsmodels.miscmodels.ordinal_model import OrderedModel

CASES = [
    ("1", "normal", "painkiller:0.6,standalone:0.1,momentum:0.3"),
    ("2", "logistic", ""),
    ("3", "uniform", "painkiller:0.2,standalone:0.5,momentum:0.3"),
]


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def run(*args):
    subprocess.run([str(a) for a in args], check=True, stdout=subprocess.DEVNULL)


def check(thesis, work, seed, noise, weights):
    universe = work / f"universe-{seed}"
    generate = [thesis, "generate", "-q", "--companies", "3000", "--seed", seed, "--outcomes",
                "--noise", noise, "--out", universe]
    if weights:
        generate += ["--planted-weights", weights]
    run(*generate)
    inputs = ["--companies", universe / "companies.csv", "--categories",
              universe / "categories.csv", "--thesis", universe / "thesis.toml"]
    run(thesis, "score", "-q", *inputs, "--format", "csv", "--charts", "none", "--samples", "0",
        "--no-backtest", "--out", universe / "scores")
    run(thesis, "fit", "-q", *inputs, "--outcomes", universe / "outcomes.csv", "--strength", "0",
        "--resamples", "0", "--permutations", "0", "--cohort", "none", "--charts", "none",
        "--out", universe / "fit")

    spec = tomllib.loads((universe / "thesis.toml").read_text())
    lenses = [criterion["id"] for criterion in spec["criteria"]]
    scale = spec["backtest"]["outcomes"]
    thesis_weights = np.array([criterion["weight"] for criterion in spec["criteria"]])
    thesis_weights = thesis_weights / thesis_weights.sum()
    outcomes = {row["id"]: row for row in rows(universe / "outcomes.csv")
                if row["final"] == "true"}
    X, levels, success = [], [], []
    for row in rows(universe / "scores" / "scores.csv"):
        # A company without evidence on some lens is not in the sample (its column names the lenses).
        if row["insufficient_evidence"] or row["id"] not in outcomes:
            continue
        event = outcomes[row["id"]]["event"]
        X.append([float(row[f"{lens}_score"]) for lens in lenses])
        levels.append(scale[event]["level"])
        success.append(scale[event]["success"])
    X, levels, success = np.array(X), np.array(levels), np.array(success)
    categories = np.searchsorted(np.unique(levels), levels)

    model = OrderedModel(categories, X, distr="logit").fit(method="bfgs", disp=False, maxiter=5000)
    slopes = np.asarray(model.params[: len(lenses)])
    expected = slopes / slopes.sum()
    fitted = {row["criterion"]: float(row["weight"]) for row in rows(universe / "fit" / "fit.csv")}
    got = np.array([fitted[lens] for lens in lenses])
    worst = np.abs(got - expected).max()

    validation = rows(universe / "fit" / "fit_validation.csv")
    thesis_row = next(r for r in validation if r["validation"] == "5-fold" and r["weighting"] == "thesis")
    totals = X @ thesis_weights
    rho = spearmanr(totals, levels).statistic
    u = mannwhitneyu(totals[success], totals[~success]).statistic
    auc = u / (success.sum() * (~success).sum())
    failures = []
    if worst > 1e-4:
        failures.append(f"weights {got} against statsmodels {expected}")
    if int(thesis_row["companies"]) != len(levels):
        failures.append(f"sample {thesis_row['companies']} against {len(levels)}")
    if abs(float(thesis_row["spearman_rho"]) - rho) > 2e-6:
        failures.append(f"thesis rho {thesis_row['spearman_rho']} against SciPy {rho}")
    if abs(float(thesis_row["roc_auc"]) - auc) > 2e-6:
        failures.append(f"thesis AUC {thesis_row['roc_auc']} against SciPy {auc}")
    print(f"seed {seed}, {noise} noise, {len(levels)} companies: weights {np.round(got, 6)}, "
          f"statsmodels {np.round(expected, 6)} (largest difference {worst:.1e}); thesis rho "
          f"{rho:.6f}, AUC {auc:.6f}: {'ok' if not failures else 'FAILED'}")
    return failures


def main():
    thesis, work = sys.argv[1], Path(sys.argv[2])
    failures = []
    for case in CASES:
        failures += check(thesis, work, *case)
    for failure in failures:
        print("mismatch:", failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
