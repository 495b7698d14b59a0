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
from .bootstrap import COLLAPSED, Statistic, confidence_intervals, described, exact_binomial


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


def group_intervals(
    statistics: dict[str, Statistic], rows: int, *, resamples: int, seed: int
) -> dict[str, tuple[float | None, float | None]]:
    """`confidence_intervals` for one group; a group of one row has none to give."""
    if rows < 2:
        return {name: (None, None) for name in statistics}
    return dict(confidence_intervals(statistics, rows, resamples=resamples, seed=seed).items())


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
        low, high = group_intervals(
            {metric: within(statistic, positions)},
            len(positions),
            resamples=resamples,
            seed=seed,
        )[metric]
        value = float(values[metric])
        group = y_true.iloc[positions], np.asarray(y_pred)[positions]
        # One row has no bootstrap interval: as a collapsed one, it gets the exact one.
        bounds = (value, value) if low is None or high is None else (low, high)
        rows.append(
            {
                "group": str(name),
                "size": int(values["size"]),
                "value": value,
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


# A per-group metric as a mean: (values, rows it is taken over) from truth and prediction.
Rate = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def group_rates(task: str, positive) -> dict[str, Rate]:
    """For two classes, the rates demographic parity and equalized odds compare; for more
    classes the error rate; for regression the absolute error."""
    if task == "regression":
        return {
            "mean_absolute_error": lambda t, p: (np.abs(t.astype(float) - p), np.ones(len(t), bool))
        }
    if positive is None:
        return {"error_rate": lambda t, p: (t != p, np.ones(len(t), bool))}
    return {
        "selection_rate": lambda t, p: (p == positive, np.ones(len(t), bool)),
        "false_positive_rate": lambda t, p: (p == positive, t != positive),
        "false_negative_rate": lambda t, p: (p != positive, t == positive),
    }


def mean_over(values: np.ndarray, rows: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """The mean of `values` over `rows`, for each resample in `idx` (NaN: no such row)."""
    taken, counted = values[idx].astype(float) * rows[idx], rows[idx].sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counted > 0, taken.sum(axis=-1) / counted, np.nan)


def over_rows(values: np.ndarray, rows: np.ndarray) -> Statistic:
    return lambda idx: mean_over(values, rows, idx)


def group_value(rate: Rate) -> Callable[[np.ndarray, np.ndarray], float]:
    """The rate as a MetricFrame metric: its value on one group's rows."""
    return lambda t, p: float(over_rows(*rate(t, p))(np.arange(len(t))))


def rate_bounds(
    bounds: tuple[float | None, float | None], values: np.ndarray, rows: np.ndarray
) -> tuple[float | None, float | None]:
    """A rate's bootstrap bounds, or once they collapse (no false negative among a group's
    positives: every resample gives 0) the exact binomial interval of its counts."""
    low, high = bounds
    if low is None or high is None or high - low > COLLAPSED or not rows.any():
        return bounds
    return exact_binomial(int(values[rows].sum()), int(rows.sum()))


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def fairness_report(
    groups: pd.Series,
    y_true,
    y_pred,
    *,
    task: str,
    positive,
    min_size: int,
    resamples: int,
    seed: int,
) -> dict:
    """Per group of one sensitive attribute: each rate of `group_rates` (fairlearn's
    MetricFrame) with a 95% bootstrap interval, and the largest gap between groups; for
    two classes also the demographic-parity and equalized-odds differences.

    The intervals resample each group's rows with the vectorised rates, as the slices
    do: MetricFrame's own `n_boot` recomputes every group in Python, about 25 s per
    column for 1000 resamples of 1000 rows."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    groups = groups.reset_index(drop=True)
    rates = group_rates(task, positive)
    frame = MetricFrame(
        metrics={
            **{name: group_value(rate) for name, rate in rates.items()},
            "size": lambda t, p: len(t),
        },
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=groups,
    )
    rows = []
    for name, values in frame.by_group.iterrows():
        positions = np.flatnonzero(groups.to_numpy() == name)
        # Each rate's (values, rows it is taken over) on this group, for both intervals.
        group = y_true[positions], y_pred[positions]
        taken = {metric: rate(*group) for metric, rate in rates.items()}
        statistics = {metric: over_rows(*over) for metric, over in taken.items()}
        intervals = group_intervals(statistics, len(positions), resamples=resamples, seed=seed)
        if task != "regression":
            for metric, over in taken.items():
                intervals[metric] = rate_bounds(intervals[metric], *over)
        rows.append(
            {
                "group": str(name),
                "size": int(values["size"]),
                "too_small": bool(values["size"] < min_size),
                **{
                    metric: {
                        "value": _number(values[metric]),
                        "ci_low": _number(intervals[metric][0]),
                        "ci_high": _number(intervals[metric][1]),
                    }
                    for metric in rates
                },
            }
        )
    gaps = {metric: _number(frame.difference()[metric]) for metric in rates}
    if "selection_rate" in gaps:
        # As fairlearn defines them: demographic_parity_difference is the selection-rate
        # gap; equalized_odds_difference the larger of the true-positive (1 - false-negative) and
        # false-positive rate gaps.
        gaps["demographic_parity_difference"] = gaps["selection_rate"]
        odds = [
            gap
            for gap in (gaps["false_positive_rate"], gaps["false_negative_rate"])
            if gap is not None
        ]
        gaps["equalized_odds_difference"] = max(odds, default=None)
    return {"metrics": list(rates), "groups": rows, "gaps": gaps}
