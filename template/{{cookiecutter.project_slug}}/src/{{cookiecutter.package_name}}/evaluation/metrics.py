# Maintained by the template: change it through a template release (docs/updating.md).
"""The headline metrics, one table (METRICS) that every consumer reads.

Each entry gives the metric's value with scikit-learn, whether higher is better, the same
metric vectorised over bootstrap resamples (scikit-learn's functions cost milliseconds
per call, far too slow for thousands of resamples) and its cross-validation scorer.
evaluate, ablation, security and the quality gate all read it: adding a metric is one
entry. tests/test_bootstrap.py checks each vectorised statistic against scikit-learn.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
from sklearn import metrics
from sklearn.preprocessing import label_binarize

from ..config import ParamsError


def _tally(idx: np.ndarray, codes: np.ndarray, n_codes: int, *weights: np.ndarray):
    """For each resample (a row of `idx`: positions of the rows it drew), how many of its
    rows carry each code 0..n_codes-1, then the sum of each of `weights` over them: arrays
    of shape (resamples, n_codes), counted in one pass instead of sorting each resample."""
    flat = idx.reshape(-1, idx.shape[-1])
    keys = (np.arange(len(flat))[:, None] * n_codes + codes[flat]).ravel()
    size = len(flat) * n_codes
    return [
        np.bincount(keys, None if w is None else w[flat].ravel(), size).reshape(len(flat), -1)
        for w in (None, *weights)
    ]


class Sample:
    """Rows a model predicted, as the metrics read them: the truth, the predictions and,
    for classification, one probability column per entry of `classes` (`classes_`);
    regression has no classes and no probabilities (empty)."""

    def __init__(self, y_true, y_pred, probabilities=None, classes: Collection = ()):
        self.y_true, self.y_pred = np.asarray(y_true), np.asarray(y_pred)
        self.probabilities = np.asarray([] if probabilities is None else probabilities, float)
        self.classes = list(classes)
        self._confusion: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def positive(self) -> np.ndarray:
        """Binary targets: whether each row is of the second class."""
        return self.y_true == self.classes[1]

    @cached_property
    def codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Truth and prediction as class codes 0..k-1 (-1: a label not in `classes`)."""
        code = {label: i for i, label in enumerate(self.classes)}
        return (
            np.array([code[label] for label in self.y_true]),
            np.array([code.get(label, -1) for label in self.y_pred]),
        )

    @cached_property
    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """Truth and prediction as numbers (regression)."""
        return self.y_true.astype(float), self.y_pred.astype(float)

    # What the statistics below read row by row, computed once for every resample.
    @cached_property
    def right(self) -> np.ndarray:
        """Whether each row is predicted right."""
        return self.y_true == self.y_pred

    @cached_property
    def row_losses(self) -> dict[str, np.ndarray]:
        """Each row's share of the mean losses: a resample's loss is their mean over it."""
        if not self.classes:
            truth, predicted = self.values
            return {"mae": np.abs(truth - predicted), "squared": (truth - predicted) ** 2}
        truth = self.codes[0]
        chosen = self.probabilities[np.arange(len(truth)), truth]
        eps = np.finfo(float).eps
        if len(self.classes) == 2:
            brier = (self.probabilities[:, 1] - truth) ** 2
        else:
            brier = ((self.probabilities - np.eye(len(self.classes))[truth]) ** 2).sum(axis=1)
        return {"log_loss": -np.log(np.clip(chosen, eps, 1 - eps)), "brier": brier}

    @cached_property
    def levels(self) -> list[tuple[np.ndarray, int]]:
        """For each probability column, each row's rank among the column's distinct
        values (0: the lowest) and how many there are."""
        ranked = [np.unique(column, return_inverse=True) for column in self.probabilities.T]
        return [(inverse.ravel(), len(distinct)) for distinct, inverse in ranked]

    def confusion(self, idx: np.ndarray) -> np.ndarray:
        """(truth, prediction) counts of each resample, (..., k, k + 1): the last column
        holds predictions outside `classes`. The four per-class metrics of one batch of
        resamples read the same counts, made once."""
        if self._confusion is not None and self._confusion[0] is idx:
            return self._confusion[1]
        truth, predicted = self.codes
        k = len(self.classes)
        pairs = truth * (k + 1) + np.where(predicted < 0, k, predicted)
        (counts,) = _tally(idx, pairs, k * (k + 1))
        confusion = counts.reshape(*idx.shape[:-1], k, k + 1)
        self._confusion = (idx, confusion)
        return confusion


# The vectorised statistics: each takes a Sample and index arrays of shape (resamples, n)
# and returns one value per resample.


def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float = 0.0) -> np.ndarray:
    """Per-class ratio, `empty` where the denominator is zero (scikit-learn's zero_division
    for precision, recall and F1; balanced accuracy skips classes absent from a resample)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, empty)


def _per_class(s: Sample, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True positives, predicted and actual counts of each class, per resample."""
    confusion = s.confusion(idx)
    inside = confusion[..., :-1]
    return inside.diagonal(axis1=-2, axis2=-1), inside.sum(axis=-2), confusion.sum(axis=-1)


def _per_level(idx: np.ndarray, levels: np.ndarray, n_levels: int, positive: np.ndarray):
    """Positive and negative rows of each resample at each score level, (resamples, levels)
    each."""
    rows, positives = _tally(idx, levels, n_levels, positive)
    return positives, rows - positives


def _auc(positives: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """ROC AUC per resample as the Mann-Whitney U statistic (ties count half), from its
    rows per score level, lowest first."""
    below = np.cumsum(negatives, axis=-1) - negatives
    n_pos, n_neg = positives.sum(axis=-1), negatives.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (positives * (below + negatives / 2)).sum(axis=-1) / (n_pos * n_neg)


def _average_precision(positives: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """Average precision per resample, as scikit-learn computes it: the mean, over
    positives, of the precision among rows scoring at least as high (tied scores enter
    together), from its rows per score level, lowest first."""
    hits = np.cumsum(positives[:, ::-1], axis=-1)[:, ::-1]
    at_or_above = hits + np.cumsum(negatives[:, ::-1], axis=-1)[:, ::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(at_or_above > 0, hits / at_or_above, 0.0)
        return (positives * precision).sum(axis=-1) / positives.sum(axis=-1)


def _one_vs_rest(curve: Callable, s: Sample, idx: np.ndarray) -> np.ndarray:
    """`curve` for the positive class (binary), else its mean over each class against the rest."""
    truth = s.codes[0]
    columns = [1] if len(s.classes) == 2 else range(len(s.classes))
    values = [curve(*_per_level(idx, *s.levels[c], truth == c)) for c in columns]
    return np.mean(values, axis=0).reshape(idx.shape[:-1])


def _accuracy(s: Sample, idx: np.ndarray) -> np.ndarray:
    return s.right[idx].mean(axis=-1)


def _balanced_accuracy(s: Sample, idx: np.ndarray) -> np.ndarray:
    tp, _, actual = _per_class(s, idx)
    return np.nanmean(_ratio(tp, actual, empty=np.nan), axis=-1)


def _precision_macro(s: Sample, idx: np.ndarray) -> np.ndarray:
    tp, chosen, _ = _per_class(s, idx)
    return _ratio(tp, chosen).mean(axis=-1)


def _recall_macro(s: Sample, idx: np.ndarray) -> np.ndarray:
    tp, _, actual = _per_class(s, idx)
    return _ratio(tp, actual).mean(axis=-1)


def _f1_macro(s: Sample, idx: np.ndarray) -> np.ndarray:
    tp, chosen, actual = _per_class(s, idx)
    return _ratio(2 * tp, chosen + actual).mean(axis=-1)


def _log_loss(s: Sample, idx: np.ndarray) -> np.ndarray:
    return s.row_losses["log_loss"][idx].mean(axis=-1)


def _brier(s: Sample, idx: np.ndarray) -> np.ndarray:
    return s.row_losses["brier"][idx].mean(axis=-1)


def _mae(s: Sample, idx: np.ndarray) -> np.ndarray:
    return s.row_losses["mae"][idx].mean(axis=-1)


def _rmse(s: Sample, idx: np.ndarray) -> np.ndarray:
    return np.sqrt(s.row_losses["squared"][idx].mean(axis=-1))


def _r2(s: Sample, idx: np.ndarray) -> np.ndarray:
    truth, predicted = s.values[0][idx], s.values[1][idx]
    residual = ((truth - predicted) ** 2).sum(axis=-1)
    total = ((truth - truth.mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - residual / total


def _brier_score(s: Sample) -> float:
    if len(s.classes) == 2:
        return metrics.brier_score_loss(s.positive, s.probabilities[:, 1])
    return metrics.brier_score_loss(s.y_true, s.probabilities, labels=s.classes)


def _roc_auc_score(s: Sample) -> float:
    if len(s.classes) == 2:
        return metrics.roc_auc_score(s.positive, s.probabilities[:, 1])
    return metrics.roc_auc_score(s.y_true, s.probabilities, multi_class="ovr", labels=s.classes)


def _pr_auc_score(s: Sample) -> float:
    if len(s.classes) == 2:
        return metrics.average_precision_score(s.positive, s.probabilities[:, 1])
    return metrics.average_precision_score(
        label_binarize(s.y_true, classes=s.classes), s.probabilities, average="macro"
    )


def _macro(function: Callable) -> Callable[[Sample], float]:
    """A per-class scikit-learn metric averaged over `classes` (absent ones count as 0)."""

    def score(s: Sample) -> float:
        return function(s.y_true, s.y_pred, average="macro", labels=s.classes, zero_division=0)

    return score


@dataclass(frozen=True)
class Metric:
    """One headline metric, as each consumer needs it."""

    name: str
    task: str
    higher_is_better: bool
    score: Callable[[Sample], float]  # scikit-learn's value on the whole sample
    statistic: Callable[[Sample, np.ndarray], np.ndarray]  # the same, vectorised
    scorer: str  # cross_val_score's name for it ("neg_": negated, turned back)
    multiclass_scorer: str | None = None  # when more than two classes need another
    needs_every_class: bool = False  # undefined unless every class is in the sample
    # A rate of right rows: (right, rows), for an exact interval where the bootstrap's fails.
    counts: Callable[[Sample], tuple[int, int]] | None = None

    def cv_scorer(self, n_classes: int) -> str:
        return self.multiclass_scorer if n_classes > 2 and self.multiclass_scorer else self.scorer


CLASSIFICATION, REGRESSION = "classification", "regression"

METRICS = {
    metric.name: metric
    for metric in (
        Metric(
            "accuracy",
            CLASSIFICATION,
            higher_is_better=True,
            score=lambda s: metrics.accuracy_score(s.y_true, s.y_pred),
            statistic=_accuracy,
            scorer="accuracy",
            counts=lambda s: (int((s.y_true == s.y_pred).sum()), len(s.y_true)),
        ),
        Metric(
            "balanced_accuracy",
            CLASSIFICATION,
            higher_is_better=True,
            score=lambda s: metrics.balanced_accuracy_score(s.y_true, s.y_pred),
            statistic=_balanced_accuracy,
            scorer="balanced_accuracy",
        ),
        Metric(
            "precision_macro",
            CLASSIFICATION,
            higher_is_better=True,
            score=_macro(metrics.precision_score),
            statistic=_precision_macro,
            scorer="precision_macro",
        ),
        Metric(
            "recall_macro",
            CLASSIFICATION,
            higher_is_better=True,
            score=_macro(metrics.recall_score),
            statistic=_recall_macro,
            scorer="recall_macro",
        ),
        Metric(
            "f1_macro",
            CLASSIFICATION,
            higher_is_better=True,
            score=_macro(metrics.f1_score),
            statistic=_f1_macro,
            scorer="f1_macro",
        ),
        Metric(
            "roc_auc",
            CLASSIFICATION,
            higher_is_better=True,
            score=_roc_auc_score,
            statistic=partial(_one_vs_rest, _auc),
            scorer="roc_auc",
            multiclass_scorer="roc_auc_ovr",
            needs_every_class=True,
        ),
        Metric(
            "pr_auc",
            CLASSIFICATION,
            higher_is_better=True,
            score=_pr_auc_score,
            statistic=partial(_one_vs_rest, _average_precision),
            scorer="average_precision",
            needs_every_class=True,
        ),
        Metric(
            "log_loss",
            CLASSIFICATION,
            higher_is_better=False,
            score=lambda s: metrics.log_loss(s.y_true, s.probabilities, labels=s.classes),
            statistic=_log_loss,
            scorer="neg_log_loss",
        ),
        Metric(
            "brier",
            CLASSIFICATION,
            higher_is_better=False,
            score=_brier_score,
            statistic=_brier,
            scorer="neg_brier_score",
        ),
        Metric(
            "mae",
            REGRESSION,
            higher_is_better=False,
            score=lambda s: metrics.mean_absolute_error(s.y_true, s.y_pred),
            statistic=_mae,
            scorer="neg_mean_absolute_error",
        ),
        Metric(
            "rmse",
            REGRESSION,
            higher_is_better=False,
            score=lambda s: metrics.root_mean_squared_error(s.y_true, s.y_pred),
            statistic=_rmse,
            scorer="neg_root_mean_squared_error",
        ),
        Metric(
            "r2",
            REGRESSION,
            higher_is_better=True,
            score=lambda s: metrics.r2_score(s.y_true, s.y_pred),
            statistic=_r2,
            scorer="r2",
        ),
    )
}


def predict_sample(model, features, y_true: Collection, task: str) -> Sample:
    """What `model` predicts for `features`, with the truth."""
    y_pred = model.predict(features)
    if task == CLASSIFICATION:
        return Sample(y_true, y_pred, model.predict_proba(features), model.classes_)
    return Sample(y_true, y_pred)


def scores(s: Sample, task: str) -> dict[str, float]:
    """Every metric of `task` that the sample defines (AUCs need every class in it)."""
    every_class = not s.classes or len(set(s.y_true)) == len(s.classes)
    return {
        metric.name: float(metric.score(s))
        for metric in METRICS.values()
        if metric.task == task and (every_class or not metric.needs_every_class)
    }


def statistics(s: Sample, names: Sequence[str]) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """The named metrics vectorised over resamples of `s`: what confidence_intervals takes."""
    return {name: partial(METRICS[name].statistic, s) for name in names}


def rate_counts(metric: Metric, s: Sample) -> tuple[int, int] | None:
    """(right rows, rows) of a metric that is a rate, else None."""
    return metric.counts(s) if metric.counts else None


def score_model(model, features, y_true: Collection, task: str) -> dict[str, float]:
    """Every metric of `model` on `features`: the same numbers wherever a model is scored."""
    return scores(predict_sample(model, features, y_true, task), task)


def main_score(model, features, y_true: Collection, task: str, metric: str) -> float:
    """`score_model(...)[metric]`, or one message when the test split cannot define it."""
    scored = score_model(model, features, y_true, task)
    if metric not in scored:
        raise ParamsError(
            f"evaluate.main_metric {metric!r} is undefined on this test split (ROC and PR "
            "AUC need every class in it; a group or time split can leave one out): set "
            f"evaluate.main_metric to one of {', '.join(sorted(scored))}, or prepare.split "
            "to another split"
        )
    return scored[metric]


def per_class_metrics(
    y_true: Collection, y_pred: Collection, classes: Collection
) -> dict[str, dict]:
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=list(classes), zero_division=0
    )
    return {
        str(label): {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(classes)
    }


def confusion(y_true: Collection, y_pred: Collection, classes: Collection) -> dict:
    matrix = metrics.confusion_matrix(y_true, y_pred, labels=list(classes))
    return {"labels": [str(label) for label in classes], "matrix": matrix.tolist()}


def residual_summary(y_true: Collection, y_pred: Collection) -> dict[str, float]:
    residuals = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    quantiles = np.quantile(residuals, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {
        "mean": float(residuals.mean()),
        "std": float(residuals.std()),
        **{
            f"q{int(q * 100):02d}": float(v)
            for q, v in zip([0.05, 0.25, 0.5, 0.75, 0.95], quantiles, strict=True)
        },
    }
