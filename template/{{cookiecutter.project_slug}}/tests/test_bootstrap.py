"""The vectorised bootstrap metrics equal scikit-learn's, each interval holds its estimate,
and every metric of the table can be cross-validated."""

import numpy as np
import pytest
from sklearn.metrics import get_scorer_names

from {{ cookiecutter.package_name }}.evaluation.bootstrap import confidence_intervals
from {{ cookiecutter.package_name }}.evaluation.metrics import METRICS, Sample, scores, statistics


def match_scikit_learn(sample: Sample, task: str) -> None:
    """On the whole sample and on resamples of it (rows drawn again, ties among copies):
    each statistic's value for a resample is scikit-learn's on that resample's rows."""
    expected = scores(sample, task)
    assert sorted(expected) == sorted(name for name, m in METRICS.items() if m.task == task)
    rows = len(sample.y_true)
    idx = np.vstack([np.arange(rows), np.random.default_rng(0).integers(0, rows, (3, rows))])
    probabilities = sample.probabilities if sample.classes else np.zeros((rows, 0))
    resampled = [
        Sample(sample.y_true[i], sample.y_pred[i], probabilities[i], sample.classes) for i in idx
    ]
    for name, statistic in statistics(sample, list(expected)).items():
        values = statistic(idx)
        for value, rows_drawn in zip(values, resampled, strict=True):
            assert value == pytest.approx(scores(rows_drawn, task)[name]), name


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
    match_scikit_learn(Sample(y_true, y_pred, probabilities, classes), "classification")


def test_regression_statistics_match_scikit_learn():
    rng = np.random.default_rng(4)
    y_true = rng.normal(size=100)
    y_pred = y_true + rng.normal(scale=0.5, size=100)
    match_scikit_learn(Sample(y_true, y_pred), "regression")


def test_each_interval_contains_its_point_estimate():
    rng = np.random.default_rng(5)
    y_true = rng.choice([0, 1], size=150)
    probabilities = np.clip(y_true * 0.3 + rng.random(150) * 0.7, 0, 1)  # overlapping
    probabilities = np.column_stack([1 - probabilities, probabilities])
    sample = Sample(y_true, probabilities.argmax(axis=1), probabilities, [0, 1])
    values = scores(sample, "classification")
    intervals = confidence_intervals(statistics(sample, list(values)), 150, resamples=500, seed=0)
    for name, (low, high) in intervals.items():
        assert low <= values[name] <= high, name
        assert low < high, name


def test_intervals_are_reproducible_with_a_seed():
    sample = Sample(np.arange(50.0), np.arange(50.0) + 1)
    statistic = statistics(sample, ["mae", "r2"])
    first = confidence_intervals(statistic, 50, resamples=200, seed=1)
    assert confidence_intervals(statistic, 50, resamples=200, seed=1) == first


def test_every_metric_has_a_cross_validation_scorer():
    known = set(get_scorer_names())
    for metric in METRICS.values():
        assert {metric.cv_scorer(2), metric.cv_scorer(3)} <= known, metric.name
