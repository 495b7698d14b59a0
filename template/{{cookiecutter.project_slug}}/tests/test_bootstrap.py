"""The vectorised bootstrap metrics equal scikit-learn's, and each interval holds its estimate."""

import numpy as np
import pytest

from {{ cookiecutter.package_name }}.evaluation.bootstrap import (
    classification_statistics,
    confidence_intervals,
    regression_statistics,
)
from {{ cookiecutter.package_name }}.evaluation.metrics import classification_metrics, regression_metrics


@pytest.mark.parametrize("tied", [False, True], ids=["distinct-scores", "tied-scores"])
@pytest.mark.parametrize("classes", [["no", "yes"], ["a", "b", "c"]])
def test_classification_statistics_match_scikit_learn(classes, tied):
    rng = np.random.default_rng(3)
    probabilities = rng.dirichlet(np.ones(len(classes)), size=200)
    if tied:  # as a forest's vote shares are: many rows share a score
        probabilities = np.round(probabilities, 1)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
    y_true = rng.choice(classes, size=200)
    y_pred = np.asarray(classes)[probabilities.argmax(axis=1)]
    expected = classification_metrics(y_true, y_pred, probabilities, classes)
    everything = np.arange(200)[None, :]
    statistics = classification_statistics(y_true, y_pred, probabilities, classes)
    for name, statistic in statistics.items():
        assert statistic(everything)[0] == pytest.approx(expected[name]), name


def test_regression_statistics_match_scikit_learn():
    rng = np.random.default_rng(4)
    y_true = rng.normal(size=100)
    y_pred = y_true + rng.normal(scale=0.5, size=100)
    expected = regression_metrics(y_true, y_pred)
    for name, statistic in regression_statistics(y_true, y_pred).items():
        assert statistic(np.arange(100)[None, :])[0] == pytest.approx(expected[name]), name


def test_each_interval_contains_its_point_estimate():
    rng = np.random.default_rng(5)
    y_true = rng.choice([0, 1], size=150)
    probabilities = np.clip(y_true * 0.3 + rng.random(150) * 0.7, 0, 1)  # overlapping
    probabilities = np.column_stack([1 - probabilities, probabilities])
    y_pred = probabilities.argmax(axis=1)
    statistics = classification_statistics(y_true, y_pred, probabilities, [0, 1])
    values = classification_metrics(y_true, y_pred, probabilities, [0, 1])
    intervals = confidence_intervals(statistics, 150, resamples=500, seed=0)
    for name, (low, high) in intervals.items():
        assert low <= values[name] <= high, name
        assert low < high, name


def test_intervals_are_reproducible_with_a_seed():
    statistics = regression_statistics(np.arange(50.0), np.arange(50.0) + 1)
    first = confidence_intervals(statistics, 50, resamples=200, seed=1)
    assert confidence_intervals(statistics, 50, resamples=200, seed=1) == first
