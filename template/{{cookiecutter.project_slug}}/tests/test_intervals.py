"""Intervals say what the test split can tell: a group without an error gets an exact
binomial interval, a metric the bootstrap cannot vary says so, and no number is rounded
onto a perfect score it did not reach."""

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.evaluation.bootstrap import confidence_intervals, described
from {{ cookiecutter.package_name }}.evaluation.metrics import METRICS, Sample, rate_counts, statistics
from {{ cookiecutter.package_name }}.evaluation.slices import slice_report
from {{ cookiecutter.package_name }}.reporting.markdown import interval, number, signed


def test_a_slice_without_errors_gets_an_exact_interval_not_a_point():
    """As the default card's `Q1 ... 30 rows 1.000 (1.000 – 1.000)`: 30 rows all right."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"group": ["a"] * 30 + ["b"] * 30})
    y_true = rng.choice(["no", "yes"], size=60)
    y_pred = y_true.copy()
    y_pred[30:36] = np.where(y_true[30:36] == "no", "yes", "no")
    accuracy = METRICS["accuracy"]
    report = slice_report(
        frame,
        pd.Series(y_true),
        y_pred,
        column="group",
        metric="accuracy",
        score=lambda t, p: accuracy.score(Sample(t, p)),
        statistic=statistics(Sample(y_true, y_pred, classes=["no", "yes"]), ["accuracy"])[
            "accuracy"
        ],
        counts=lambda t, p: rate_counts(accuracy, Sample(t, p)),
        bins=4,
        min_size=20,
        resamples=200,
        seed=0,
    )
    perfect, flawed = report["groups"]
    assert perfect["value"] == 1.0
    assert perfect["ci_method"] == "exact_binomial"
    # Clopper-Pearson with no failure: the lower bound solves p**30 = 0.025.
    assert perfect["ci_low"] == pytest.approx(0.025 ** (1 / 30))
    assert perfect["ci_high"] == 1.0
    assert interval(perfect) == "0.884 – 1.000 (exact binomial, 30 of 30 right)"
    assert flawed["ci_method"] == "bootstrap"
    assert flawed["ci_low"] < flawed["value"] == 0.8 < flawed["ci_high"]


def test_a_metric_no_resample_can_change_says_too_few_errors():
    """As every metric `1.000 – 1.000` of a model that separates the classes perfectly."""
    y = np.array([0, 1] * 25)
    probabilities = np.column_stack([1 - y, y]) * 0.8 + 0.1
    sample = Sample(y, y, probabilities, [0, 1])
    bounds = confidence_intervals(statistics(sample, ["roc_auc"]), 50, resamples=200, seed=0)
    assert bounds["roc_auc"] == (1.0, 1.0)
    result = {"value": 1.0, **described(bounds["roc_auc"], 50)}
    assert result["ci_method"] == "none"
    assert interval(result) == "too few errors to estimate at n=50"


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (0.996, 2, "0.996"),  # not the "AUC = 1.00" of scikit-learn's ROC legend
        (0.995, 3, "0.995"),
        (0.9996, 3, "0.9996"),
        (1 - 1e-9, 3, "< 1"),
        (1.0, 3, "1.000"),
        (0.98245, 3, "0.982"),
        (0.0004, 3, "0.0004"),
        (-0.0004, 3, "-0.0004"),
        (None, 3, "n/a"),
        (float("nan"), 3, "n/a"),
    ],
)
def test_no_number_is_rounded_onto_a_whole_one_it_is_not(value, decimals, shown):
    assert number(value, decimals) == shown


def test_a_change_shows_its_sign():
    assert [signed(0.012), signed(-0.004), signed(0.0)] == ["+0.012", "-0.004", "0.000"]
