"""Headline metrics on held-out data, as plain floats (JSON- and MLflow-ready)."""

from collections.abc import Sequence

import numpy as np
from sklearn import metrics


def classification_metrics(
    y_true: Sequence, y_pred: Sequence, probabilities: np.ndarray, classes: Sequence
) -> dict[str, float]:
    """Accuracy-type metrics plus probability-based ones (ROC AUC, log loss).

    `probabilities` has one column per entry of `classes` (the model's `classes_`).
    """
    scores = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
        "f1_macro": metrics.f1_score(y_true, y_pred, average="macro"),
        "log_loss": metrics.log_loss(y_true, probabilities, labels=classes),
    }
    if len(classes) == 2:
        scores["roc_auc"] = metrics.roc_auc_score(y_true, probabilities[:, 1])
    elif len(set(y_true)) == len(classes):
        scores["roc_auc"] = metrics.roc_auc_score(
            y_true, probabilities, multi_class="ovr", labels=classes
        )
    return {name: float(value) for name, value in scores.items()}


def regression_metrics(y_true: Sequence, y_pred: Sequence) -> dict[str, float]:
    return {
        "r2": float(metrics.r2_score(y_true, y_pred)),
        "mae": float(metrics.mean_absolute_error(y_true, y_pred)),
        "rmse": float(metrics.root_mean_squared_error(y_true, y_pred)),
    }
