# Maintained by the template: change it through a template release (docs/updating.md).
"""How the model does for each group of rows (fairlearn's MetricFrame).

Numeric columns with many values are cut into quantile bins; missing values form their
own group. A group smaller than `min_size` is flagged: its number is too noisy to judge.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame

from ..data.tables import as_text
from .bootstrap import Statistic, confidence_intervals, described


def default_slice_columns(features: pd.DataFrame) -> list[str]:
    """Every categorical column with 2-10 values; failing that, the first numeric column."""
    categorical = [
        str(column)
        for column in features.columns
        if not pd.api.types.is_numeric_dtype(features[column])
        and 2 <= features[column].nunique() <= 10
    ]
    numeric = [str(c) for c in features.select_dtypes("number").columns]
    return categorical or numeric[:1]


def slice_groups(column: pd.Series, bins: int) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) and column.nunique() > bins:
        quantiles = pd.qcut(column, q=bins, duplicates="drop")
        labels = [
            f"Q{i + 1} ({interval.left:.4g}, {interval.right:.4g}]"
            for i, interval in enumerate(quantiles.cat.categories)
        ]
        groups = quantiles.cat.rename_categories(labels).astype(str)
        return groups.where(column.notna(), "missing")
    return as_text(column)


def within(statistic: Callable, positions: np.ndarray) -> Statistic:
    """`statistic` on resamples of one group: `idx` indexes the group's own positions."""
    return lambda idx: statistic(positions[idx])


def slice_report(
    frame: pd.DataFrame,
    y_true: pd.Series,
    y_pred: np.ndarray,
    *,
    column: str,
    metric: str,
    score: Callable,
    statistic: Callable,
    counts: Callable,
    bins: int,
    min_size: int,
    resamples: int,
    seed: int,
) -> dict:
    """`score(y_true, y_pred)` gives the group's metric; `statistic(indices)` the same
    metric vectorised over bootstrap resamples of positions in the whole test split;
    `counts(y_true, y_pred)` its (right, rows) when it is a rate (for an exact interval),
    else None."""
    groups = slice_groups(frame[column].reset_index(drop=True), bins)
    y_true = pd.Series(np.asarray(y_true))
    result = MetricFrame(
        metrics={metric: score, "size": lambda t, p: len(t)},
        y_true=y_true,
        y_pred=np.asarray(y_pred),
        sensitive_features=groups.rename(column),
    )
    rows = []
    for name, values in result.by_group.iterrows():
        positions = np.flatnonzero(groups.to_numpy() == name)
        bounds = confidence_intervals(
            {metric: within(statistic, positions)},
            len(positions),
            resamples=resamples,
            seed=seed,
        )[metric]
        group = y_true.iloc[positions], np.asarray(y_pred)[positions]
        rows.append(
            {
                "group": str(name),
                "size": int(values["size"]),
                "value": float(values[metric]),
                **described(bounds, len(positions), counts(*group)),
                "too_small": bool(values["size"] < min_size),
            }
        )
    return {
        "column": column,
        "metric": metric,
        "groups": rows,
        "largest_gap": float(result.difference()[metric]),
    }
