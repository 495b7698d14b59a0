"""The security stage's measurements, on synthetic data with known answers."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from {{ cookiecutter.package_name }}.evaluation.gate import gate_checks
from {{ cookiecutter.package_name }}.evaluation.security import (
    evasion,
    membership_inference,
    personal_data,
    poisoning,
)


def test_zero_perturbation_flips_nothing_and_larger_ones_flip_more(report):
    rows = report["security"]["evasion"]
    assert rows[0] == {"size": 0.0, "changed": 0.0}
    assert rows[-1]["changed"] >= rows[1]["changed"]


def test_a_forest_on_two_threads_is_not_moved_by_a_zero_perturbation():
    """Its threads add the trees up in whichever order they finish, so two predictions of
    the same rows differ in the last bits (seen on ISLR Hitters with random_forest)."""
    rng = np.random.default_rng(0)
    features = pd.DataFrame(rng.normal(size=(300, 3)), columns=list("abc"))
    target = 3 * features["a"] + rng.normal(size=300)
    forest = RandomForestRegressor(n_estimators=100, n_jobs=2, random_state=0)
    rows = evasion(forest.fit(features, target), features, "regression", [0.0, 0.1], seed=0)
    assert rows[0]["changed"] == 0.0
    assert rows[1]["changed"] > 0.0


@pytest.fixture
def noisy_labels(project_like):
    """Labels that are mostly noise: only memorising them fits the training rows."""
    _, _, params = project_like
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(300, 4)), columns=list("abcd"))
    frame["target"] = np.where(frame["a"] + rng.normal(scale=3, size=300) > 0, "yes", "no")
    params = dataclasses.replace(
        params, data=dataclasses.replace(params.data, task="classification", target="target")
    )
    return frame.iloc[:150], frame.iloc[150:], params


def test_an_overfit_model_leaks_membership_more_than_a_regularised_one(noisy_labels):
    train, test, params = noisy_labels
    features, target = train.drop(columns=["target"]), train["target"]
    overfit = DecisionTreeClassifier(random_state=0).fit(features, target)
    regularised = LogisticRegression(C=0.01).fit(features, target)
    leaky = membership_inference(overfit, train, test, params, seed=0)["attack_auc"]
    safe = membership_inference(regularised, train, test, params, seed=0)["attack_auc"]
    assert leaky > 0.7
    assert abs(safe - 0.5) < 0.1
    assert leaky > safe + 0.2


def test_flipping_more_labels_degrades_the_metric(project_like):
    train, test, params = project_like
    fractions = [0.0, 0.2, 0.45]
    curves = [poisoning(train, test, params, fractions, seed) for seed in range(3)]
    mean = [np.mean([curve[i]["value"] for curve in curves]) for i in range(len(fractions))]
    assert mean[0] > mean[1] > mean[2], mean


def test_a_personal_data_feature_fails_the_gate_unless_allowed_with_a_reason(report, tiny_frame):
    features = tiny_frame.assign(contact=[f"s{i}@example.org" for i in range(len(tiny_frame))])
    flagged = personal_data(features, allowed={})
    assert flagged["passed"] is False
    assert flagged["flagged"] == ["`contact` looks like e-mail addresses (100% of values)"]
    checks = gate_checks(
        {**report, "security": {**report["security"], "personal_data": flagged}}, {}
    )
    (check,) = [c for c in checks if c.name == "no_personal_data"]
    assert not check.passed
    allowed = personal_data(features, allowed={"contact": "needed to link records"})
    assert allowed["passed"] is True
