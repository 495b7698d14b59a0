"""Evaluation reports the expected metrics, with values that mean what they say."""

import numpy as np
import pytest

from {{ cookiecutter.package_name }}.metrics import classification_metrics, regression_metrics


def test_perfect_binary_classifier_scores_one():
    y = np.array([0, 1, 1, 0, 1])
    probabilities = np.column_stack([1 - y, y]).astype(float) * 0.98 + 0.01
    scores = classification_metrics(y, y, probabilities, classes=[0, 1])
    assert set(scores) == {"accuracy", "balanced_accuracy", "f1_macro", "log_loss", "roc_auc"}
    assert scores["accuracy"] == scores["roc_auc"] == 1.0
    assert scores["log_loss"] < 0.05


def test_multiclass_metrics_have_one_vs_rest_auc():
    y = np.array(["a", "b", "c", "a", "b", "c"])
    probabilities = np.full((6, 3), 1 / 3)
    scores = classification_metrics(y, np.array(["a"] * 6), probabilities, ["a", "b", "c"])
    assert scores["accuracy"] == 1 / 3
    assert scores["roc_auc"] == 0.5


def test_regression_metrics():
    scores = regression_metrics([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    assert scores == pytest.approx({"r2": -1.0, "mae": 2 / 3, "rmse": np.sqrt(4 / 3)})
