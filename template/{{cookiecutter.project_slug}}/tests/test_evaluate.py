"""The evaluation report: metrics mean what they say, the report follows its schema, and
the quality gate stops a model no better than the baseline."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyRegressor

from {{ cookiecutter.package_name }}.evaluation.evaluate import headline, validate
from {{ cookiecutter.package_name }}.evaluation.gate import gate_checks
from {{ cookiecutter.package_name }}.evaluation.metrics import Sample, scores
from {{ cookiecutter.package_name }}.modeling.pipeline import build_baseline


def test_perfect_binary_classifier_scores_one():
    y = np.array([0, 1, 1, 0, 1])
    probabilities = np.column_stack([1 - y, y]).astype(float) * 0.98 + 0.01
    values = scores(Sample(y, y, probabilities, classes=[0, 1]), "classification")
    assert values["accuracy"] == values["roc_auc"] == values["pr_auc"] == 1.0
    assert values["log_loss"] < 0.05
    assert values["brier"] < 0.001


def test_multiclass_metrics_have_one_vs_rest_auc():
    y = np.array(["a", "b", "c", "a", "b", "c"])
    probabilities = np.full((6, 3), 1 / 3)
    predicted = Sample(y, np.array(["a"] * 6), probabilities, ["a", "b", "c"])
    values = scores(predicted, "classification")
    assert values["accuracy"] == 1 / 3
    assert values["roc_auc"] == 0.5


def test_regression_metrics():
    values = scores(Sample([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]), "regression")
    assert values == pytest.approx({"r2": -1.0, "mae": 2 / 3, "rmse": np.sqrt(4 / 3)})


def test_report_follows_its_schema_and_passes_the_gate(report):
    validate(report)
    main = report["metrics"][report["main_metric"]]
    assert main["ci_low"] <= main["value"] <= main["ci_high"]
    assert main["lift"] > 0
    assert report["slices"], "slices were chosen automatically"
    assert report["gate"]["passed"], report["gate"]["checks"]


def test_a_model_no_better_than_the_baseline_fails_the_gate(evaluate_model):
    report = evaluate_model(lambda params, _: build_baseline(params.data.task))
    failed = [check for check in report["gate"]["checks"] if not check["passed"]]
    trivial = ["balanced_accuracy_lift", "one_class_share"]
    expected = ["beats_baseline"] + (trivial if report["task"] == "classification" else [])
    assert [check["name"] for check in failed] == expected
    assert "vs baseline" in failed[0]["detail"]
    tried = report["gate"]["advice"]
    assert "`train." in tried, "it names what to try in params.yaml"
    assert f"`train.model: {report['model']['family']}`" not in tried, "not the model it has"


# datasets' mtcars: the seven test cars' mpg, as a ridge regression predicted them, and the
# training mean (the baseline). Better on five cars, far better on the two extremes.
MTCARS_MPG = [19.7, 10.4, 19.2, 32.4, 22.8, 19.2, 15.0]
MTCARS_PREDICTED = [19.2, 11.0, 16.0, 27.3, 25.2, 19.3, 12.9]


def test_a_model_better_on_a_small_split_clears_the_baseline_by_its_paired_lift():
    features = pd.DataFrame({"wt": range(len(MTCARS_MPG))})
    baseline = DummyRegressor(strategy="constant", constant=20.168).fit(features, MTCARS_MPG)
    ev = SimpleNamespace(main_metric="r2", ci_resamples=1000, seed=42)
    predicted = Sample(np.array(MTCARS_MPG), np.array(MTCARS_PREDICTED))
    metrics = headline(predicted, baseline, features, "regression", ev)
    r2 = metrics["r2"]
    assert r2["ci_low"] < r2["baseline"], "its own interval reaches below the baseline"
    assert 0 < r2["lift_ci_low"] < r2["lift"] < r2["lift_ci_high"]
    report = {"main_metric": "r2", "metrics": metrics, "leakage": {"passed": True, "findings": []}}
    (check,) = [c for c in gate_checks(report, {}) if c.name == "beats_baseline"]
    assert check.passed, check.detail
    assert "lift 95% CI" in check.detail
    assert "lift_ci_low" not in metrics["mae"], "only the main metric's lift has an interval"


def test_a_slice_gap_over_the_limit_fails_the_gate(report):
    gap = {"column": "colour", "metric": "accuracy", "groups": [], "largest_gap": 0.3}
    report = {**report, "slices": [gap]}
    (check,) = [c for c in gate_checks(report, {"max_slice_gap": 0.1}) if c.name == "slice_gap"]
    assert not check.passed
    assert check.detail == "accuracy gap 0.300 across colour, limit 0.1"
    (relaxed,) = [c for c in gate_checks(report, {"max_slice_gap": 0.5}) if c.name == "slice_gap"]
    assert relaxed.passed
