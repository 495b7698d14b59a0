# Maintained by the template: change it through a template release (docs/updating.md).
"""Metrics on held-out data, computed with scikit-learn, as plain floats (JSON-ready)."""

from collections.abc import Collection

import numpy as np
from sklearn import metrics
from sklearn.preprocessing import label_binarize

# Whether a larger value is better, for every headline metric.
HIGHER_IS_BETTER = {
    "accuracy": True,
    "balanced_accuracy": True,
    "precision_macro": True,
    "recall_macro": True,
    "f1_macro": True,
    "roc_auc": True,
    "pr_auc": True,
    "log_loss": False,
    "brier": False,
    "mae": False,
    "rmse": False,
    "r2": True,
}


def classification_metrics(
    y_true: Collection, y_pred: Collection, probabilities: np.ndarray, classes: Collection
) -> dict[str, float]:
    """The headline metrics. `probabilities` has one column per entry of
    `classes` (the model's `classes_`); ROC and PR AUC are one-vs-rest when multiclass."""
    classes = list(classes)
    binary = len(classes) == 2
    scores = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
        "precision_macro": metrics.precision_score(
            y_true, y_pred, average="macro", labels=classes, zero_division=0
        ),
        "recall_macro": metrics.recall_score(
            y_true, y_pred, average="macro", labels=classes, zero_division=0
        ),
        "f1_macro": metrics.f1_score(
            y_true, y_pred, average="macro", labels=classes, zero_division=0
        ),
        "log_loss": metrics.log_loss(y_true, probabilities, labels=classes),
    }
    if binary:
        positive = np.asarray(y_true) == classes[1]
        scores["brier"] = metrics.brier_score_loss(positive, probabilities[:, 1])
    else:
        scores["brier"] = metrics.brier_score_loss(y_true, probabilities, labels=classes)
    if len(set(y_true)) == len(classes):  # AUCs need every class in the sample
        if binary:
            scores["roc_auc"] = metrics.roc_auc_score(positive, probabilities[:, 1])
            scores["pr_auc"] = metrics.average_precision_score(positive, probabilities[:, 1])
        else:
            scores["roc_auc"] = metrics.roc_auc_score(
                y_true, probabilities, multi_class="ovr", labels=classes
            )
            scores["pr_auc"] = metrics.average_precision_score(
                label_binarize(y_true, classes=classes), probabilities, average="macro"
            )
    return {name: float(value) for name, value in scores.items()}


def score_model(model, features, y_true: Collection, task: str) -> dict[str, float]:
    """Every metric of `model` on `features`: the same numbers wherever a model is scored."""
    y_pred = model.predict(features)
    if task == "classification":
        return classification_metrics(y_true, y_pred, model.predict_proba(features), model.classes_)
    return regression_metrics(y_true, y_pred)


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


def regression_metrics(y_true: Collection, y_pred: Collection) -> dict[str, float]:
    return {
        "r2": float(metrics.r2_score(y_true, y_pred)),
        "mae": float(metrics.mean_absolute_error(y_true, y_pred)),
        "rmse": float(metrics.root_mean_squared_error(y_true, y_pred)),
    }


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
