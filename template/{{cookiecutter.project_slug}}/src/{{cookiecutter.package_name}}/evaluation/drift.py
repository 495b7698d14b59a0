# Maintained by the template: change it through a template release (docs/updating.md).
"""Stage `drift`: has the data moved? Compares a current batch with the training data,
feature by feature: Kolmogorov-Smirnov (numeric) or chi-squared (categorical) tests and
the population stability index (PSI).

    python -m {{ cookiecutter.package_name }} drift                    # test split vs train
    python -m {{ cookiecutter.package_name }} drift --current new.csv  # a new batch vs train

A new batch has the raw data's columns (as data/raw/dataset.csv; the target may be missing):
it is held to the data schema first, so a broken file fails with the column and the rule.

With many features some tests come out "significant" by chance, so the p-value limit
is divided by the number of features (Bonferroni).
"""

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..config import (
    DRIFT_FILE,
    DRIFT_SUMMARY,
    TEST_DATA,
    TRAIN_DATA,
    DataParams,
    load_params,
)
from ..data.tables import as_text, read_split

log = logging.getLogger(__name__)
EPS = 1e-4  # keeps PSI finite when a bin is empty on one side


def psi(reference: np.ndarray, current: np.ndarray) -> float:
    reference, current = np.clip(reference, EPS, None), np.clip(current, EPS, None)
    return float(np.sum((current - reference) * np.log(current / reference)))


def numeric_drift(reference: pd.Series, current: pd.Series) -> dict:
    reference, current = reference.dropna(), current.dropna()
    # PSI grows with the number of bins on small samples even without drift, so use
    # about 25 rows per bin of the smaller sample, between 2 and 10 bins.
    bins = int(np.clip(min(len(reference), len(current)) // 25, 2, 10))
    test = stats.ks_2samp(reference, current)
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    shares = [
        np.histogram(values, edges)[0] / max(len(values), 1) for values in (reference, current)
    ]
    return {
        "test": "ks",
        "statistic": float(test.statistic),
        "p_value": float(test.pvalue),
        "psi": psi(*shares),
    }


def categorical_drift(reference: pd.Series, current: pd.Series) -> dict:
    reference, current = as_text(reference), as_text(current)
    categories = sorted(set(reference) | set(current))
    counts = np.array(
        [[(values == c).sum() for c in categories] for values in (reference, current)]
    )
    if len(categories) < 2:
        statistic, p_value = 0.0, 1.0
    else:
        statistic, p_value, *_ = stats.chi2_contingency(counts + 1)  # +1: no empty cells
    shares = counts / counts.sum(axis=1, keepdims=True)
    return {
        "test": "chi2",
        "statistic": float(statistic),
        "p_value": float(p_value),
        "psi": psi(shares[0], shares[1]),
    }


def drift_report(
    reference: pd.DataFrame, current: pd.DataFrame, *, p_value: float, psi_limit: float
) -> dict:
    missing = sorted(set(reference.columns) - set(current.columns))
    if missing:
        raise ValueError(f"the current batch lacks column(s): {', '.join(missing)}")
    corrected = p_value / max(len(reference.columns), 1)
    features = []
    for column in reference.columns:
        check = (
            numeric_drift if pd.api.types.is_numeric_dtype(reference[column]) else categorical_drift
        )
        result = check(reference[column], current[column])
        result["drifted"] = result["p_value"] < corrected or result["psi"] > psi_limit
        features.append({"feature": str(column), **result})
    return {
        "reference_rows": len(reference),
        "current_rows": len(current),
        "p_value_limit": corrected,
        "psi_limit": psi_limit,
        "drifted": [f["feature"] for f in features if f["drifted"]],
        "features": features,
    }


def markdown_summary(report: dict, current_name: str) -> str:
    lines = [
        f"# Drift: {current_name} against the training data",
        "",
        f"{len(report['drifted'])} of {len(report['features'])} features drifted "
        f"(p < {report['p_value_limit']:.2g} after Bonferroni, or PSI > {report['psi_limit']}).",
        "",
        "| feature | test | p-value | PSI | drifted |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in report["features"]:
        mark = "**yes**" if f["drifted"] else "no"
        lines.append(
            f"| {f['feature']} | {f['test']} | {f['p_value']:.3g} | {f['psi']:.3f} | {mark} |"
        )
    return "\n".join(lines) + "\n"


def load_batch(path: Path, data: DataParams) -> pd.DataFrame:
    """A new batch in the raw data's format: held to the data schema, then given the
    columns `prepare` gave the training data."""
    from ..data.validate import DataContractError, check_batch
    from ..scoring.records import model_inputs

    frame = pd.read_csv(path)
    try:
        check_batch(frame, data)
    except DataContractError as error:
        log.error("%s breaks the data schema, so it cannot be compared:\n%s", path, error)
        raise SystemExit(1) from error
    return model_inputs(frame)


def main(current: Path | None = None) -> None:
    params = load_params()
    target = params.data.target
    reference = read_split(TRAIN_DATA).drop(columns=[target])
    batch = read_split(TEST_DATA) if current is None else load_batch(current, params.data)
    report = drift_report(
        reference,
        batch.drop(columns=[target], errors="ignore"),
        p_value=params.drift.p_value,
        psi_limit=params.drift.psi,
    )
    report["current"] = str(current or TEST_DATA)
    DRIFT_FILE.parent.mkdir(parents=True, exist_ok=True)
    DRIFT_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    DRIFT_SUMMARY.write_text(markdown_summary(report, report["current"]), encoding="utf-8")
    log.info(
        "%d feature(s) drifted: %s", len(report["drifted"]), ", ".join(report["drifted"]) or "none"
    )
