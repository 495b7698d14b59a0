# Maintained by the template: change it through a template release (docs/updating.md).
"""95% bootstrap confidence intervals for the headline metrics.

`scipy.stats.bootstrap` resamples the test rows; each metric below is computed for all
resamples at once with numpy (scikit-learn's functions cost milliseconds per call, far
too slow for thousands of resamples). tests/test_bootstrap.py checks that every one of
them equals scikit-learn's on the full sample.
"""

from collections.abc import Callable, Collection

import numpy as np
from scipy import stats

# Each takes index arrays of shape (resamples, n) and returns one value per resample.
Statistic = Callable[[np.ndarray], np.ndarray]


def _auc(positive: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """ROC AUC per row as the Mann-Whitney U statistic (ties count half)."""
    ranks = stats.rankdata(scores, axis=-1)
    n_pos = positive.sum(axis=-1)
    n_neg = positive.shape[-1] - n_pos
    with np.errstate(invalid="ignore", divide="ignore"):
        return ((ranks * positive).sum(axis=-1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def _average_precision(positive: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Average precision per row, as scikit-learn computes it: the mean, over positives,
    of the precision among rows scoring at least as high (tied scores enter together)."""
    at_or_above = stats.rankdata(-scores, method="max", axis=-1).astype(int)
    order = np.argsort(-scores, axis=-1, kind="stable")
    true_positives = np.cumsum(np.take_along_axis(positive, order, axis=-1), axis=-1)
    hits_at_or_above = np.take_along_axis(true_positives, at_or_above - 1, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (positive * hits_at_or_above / at_or_above).sum(axis=-1) / positive.sum(axis=-1)


def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float = 0.0) -> np.ndarray:
    """Per-class ratio, `empty` where the denominator is zero (scikit-learn's zero_division
    for precision, recall and F1; balanced accuracy skips classes absent from a resample)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, empty)


def classification_statistics(
    y_true: Collection, y_pred: Collection, probabilities: np.ndarray, classes: Collection
) -> dict[str, Statistic]:
    codes = {label: code for code, label in enumerate(classes)}
    truth = np.array([codes[label] for label in y_true])
    predicted = np.array([codes.get(label, -1) for label in y_pred])
    probabilities = np.asarray(probabilities, dtype=float)
    eps = np.finfo(float).eps
    k = len(classes)

    def per_class(idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        t, p = truth[idx][..., None], predicted[idx][..., None]
        labels = np.arange(k)
        tp = ((t == labels) & (p == labels)).sum(axis=-2)
        return tp, (p == labels).sum(axis=-2), (t == labels).sum(axis=-2)

    def accuracy(idx):
        return (truth[idx] == predicted[idx]).mean(axis=-1)

    def recall_macro(idx):
        tp, _, actual = per_class(idx)
        return _ratio(tp, actual).mean(axis=-1)

    def balanced_accuracy(idx):
        tp, _, actual = per_class(idx)
        return np.nanmean(_ratio(tp, actual, empty=np.nan), axis=-1)

    def precision_macro(idx):
        tp, chosen, _ = per_class(idx)
        return _ratio(tp, chosen).mean(axis=-1)

    def f1_macro(idx):
        tp, chosen, actual = per_class(idx)
        return _ratio(2 * tp, chosen + actual).mean(axis=-1)

    def log_loss(idx):
        chosen = np.take_along_axis(probabilities[idx], truth[idx][..., None], axis=-1)[..., 0]
        return -np.log(np.clip(chosen, eps, 1 - eps)).mean(axis=-1)

    def brier(idx):
        if k == 2:
            return ((probabilities[idx][..., 1] - truth[idx]) ** 2).mean(axis=-1)
        onehot = np.eye(k)[truth[idx]]
        return ((probabilities[idx] - onehot) ** 2).sum(axis=-1).mean(axis=-1)

    def one_vs_rest(curve: Callable, idx: np.ndarray) -> np.ndarray:
        if k == 2:
            return curve(truth[idx] == 1, probabilities[idx][..., 1])
        return np.mean(
            [curve(truth[idx] == c, probabilities[idx][..., c]) for c in range(k)], axis=0
        )

    def roc_auc(idx):
        return one_vs_rest(_auc, idx)

    def pr_auc(idx):
        return one_vs_rest(_average_precision, idx)

    return {
        "accuracy": accuracy,
        "balanced_accuracy": balanced_accuracy,
        "precision_macro": precision_macro,
        "recall_macro": recall_macro,
        "f1_macro": f1_macro,
        "roc_auc": roc_auc,
        "pr_auc": pr_auc,
        "log_loss": log_loss,
        "brier": brier,
    }


def regression_statistics(y_true: Collection, y_pred: Collection) -> dict[str, Statistic]:
    truth, predicted = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)

    def mae(idx):
        return np.abs(truth[idx] - predicted[idx]).mean(axis=-1)

    def rmse(idx):
        return np.sqrt(((truth[idx] - predicted[idx]) ** 2).mean(axis=-1))

    def r2(idx):
        residual = ((truth[idx] - predicted[idx]) ** 2).sum(axis=-1)
        total = ((truth[idx] - truth[idx].mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return 1 - residual / total

    return {"mae": mae, "rmse": rmse, "r2": r2}


def confidence_intervals(
    statistics: dict[str, Statistic],
    n_rows: int,
    *,
    resamples: int,
    seed: int,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Percentile intervals; resamples where a metric is undefined (one class only) are
    left out rather than failing the whole interval."""
    names = list(statistics)

    def all_metrics(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        idx = np.moveaxis(idx, axis, -1).astype(int)
        return np.stack([statistics[name](idx) for name in names])

    result = stats.bootstrap(
        (np.arange(n_rows),),
        all_metrics,
        vectorized=True,
        n_resamples=resamples,
        batch=200,
        method="percentile",
        random_state=np.random.default_rng(seed),
    )
    tail = (1 - level) / 2 * 100
    bounds = np.nanpercentile(result.bootstrap_distribution, [tail, 100 - tail], axis=-1)
    return {name: (float(bounds[0, i]), float(bounds[1, i])) for i, name in enumerate(names)}
