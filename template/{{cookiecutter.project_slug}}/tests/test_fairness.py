"""Sensitive attributes found by name and by values, the model's error rates per group
(checked against fairlearn's own definitions), and a gate that refuses a model no better
than a trivial rule."""

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

from {{ cookiecutter.package_name }}.data.sensitive import find_sensitive
from {{ cookiecutter.package_name }}.evaluation.gate import GateCheck, advice, gate_checks
from {{ cookiecutter.package_name }}.evaluation.slices import fairness_report
from {{ cookiecutter.package_name }}.reporting.model_card import fairness_paragraphs


def test_protected_characteristics_are_found_by_name_and_by_values(tiny_frame):
    # As in carData's Arrests: `colour` holds skin colour there, paint colour here.
    frame = tiny_frame.assign(
        skin=["Black", "White", "White"] * 20,
        Sex=["Male", "Female"] * 30,
        age=range(60),
        citizen=["Yes", "No", "Yes"] * 20,
        MaritalStatus=["Married", "Single", "Divorced"] * 20,
        member=["Yes", "No"] * 30,
    ).rename(columns={"skin": "colour", "colour": "paint"})
    found = {s.column: (s.characteristic, s.found_by) for s in find_sensitive(frame)}
    assert found == {
        "colour": ("race, colour or ethnicity", "values"),
        "Sex": ("sex or gender", "name"),
        "age": ("age", "name"),
        "citizen": ("nationality or citizenship", "name"),
        "MaritalStatus": ("marital status", "name"),
    }
    assert not find_sensitive(tiny_frame), "red/green/blue `colour` is not about people"


# Real tables' names for a characteristic, each read off a dataset of R's.
REAL_NAMES = {
    "afam": "race, colour or ethnicity",  # HMDA's mortgages: is the applicant African American
    "black": "race, colour or ethnicity",  # MASS Boston: the share of Black residents
    "whitemom": "race, colour or ethnicity",  # openintro ncbirths
    "single": "marital status",  # HMDA's mortgages
    "maritl": "marital status",  # ISLR Wage: "1. Never Married", "2. Married", ...
    "foreign": "nationality or citizenship",  # SwissLabor
    "Âge (years)": "age",  # carData TitanicSurvival as a spreadsheet exports it
    "male": "sex or gender",  # Guns (US states): the share of young men
}


def test_real_tables_names_for_a_characteristic_are_found():
    frame = pd.DataFrame({name: ["yes", "no"] * 30 for name in REAL_NAMES})
    found = {s.column: s.characteristic for s in find_sensitive(frame)}
    assert found == REAL_NAMES
    skinfold = pd.DataFrame({"skin": [23.0, 33.0, 41.0] * 20})  # MASS Pima.tr, in mm
    assert not find_sensitive(skinfold)


@pytest.fixture
def arrests_like():
    """A majority-class model on imbalanced data: it answers "Yes" for nearly every row,
    and less often for one group."""
    rng = np.random.default_rng(1)
    size = 600
    groups = pd.Series(rng.choice(["Black", "White"], size=size, p=[0.3, 0.7]))
    y_true = np.where(rng.random(size) < 0.83, "Yes", "No")
    y_pred = np.where(rng.random(size) < np.where(groups == "Black", 0.9, 0.99), "Yes", "No")
    return groups, y_true, y_pred


def test_group_rates_match_fairlearn_and_carry_intervals(arrests_like):
    groups, y_true, y_pred = arrests_like
    result = fairness_report(
        groups, y_true, y_pred, task="classification", positive="Yes", min_size=20,
        resamples=300, seed=0,
    )  # fmt: skip
    assert result["metrics"] == ["selection_rate", "false_positive_rate", "false_negative_rate"]
    black = next(g for g in result["groups"] if g["group"] == "Black")
    among_black = (groups == "Black").to_numpy()
    assert black["size"] == among_black.sum()
    assert black["selection_rate"]["value"] == pytest.approx((y_pred[among_black] == "Yes").mean())
    for group in result["groups"]:
        for metric in result["metrics"]:
            rate = group[metric]
            assert rate["ci_low"] <= rate["value"] <= rate["ci_high"], (group["group"], metric)
            assert rate["ci_low"] < rate["ci_high"]
    yes_true, yes_pred = y_true == "Yes", y_pred == "Yes"
    gaps = result["gaps"]
    assert gaps["demographic_parity_difference"] == pytest.approx(
        demographic_parity_difference(yes_true, yes_pred, sensitive_features=groups)
    )
    assert gaps["equalized_odds_difference"] == pytest.approx(
        equalized_odds_difference(yes_true, yes_pred, sensitive_features=groups)
    )


def test_a_rate_with_no_error_in_a_group_gets_an_exact_interval_not_a_point():
    """As HMDA's African American applicants with class_weight balanced: every
    denied one is predicted denied, so each resample's false-negative rate is 0."""
    groups = pd.Series(["yes"] * 62 + ["no"] * 414)
    y_true = np.array(["yes"] * 14 + ["no"] * 48 + ["yes"] * 42 + ["no"] * 372)
    y_pred = np.array(["yes"] * 14 + ["yes"] * 33 + ["no"] * 15 + ["yes"] * 23 + ["no"] * 391)
    result = fairness_report(
        groups, y_true, y_pred, task="classification", positive="yes", min_size=20,
        resamples=300, seed=0,
    )  # fmt: skip
    missed = next(g for g in result["groups"] if g["group"] == "yes")["false_negative_rate"]
    assert missed["value"] == missed["ci_low"] == 0.0
    assert missed["ci_high"] == pytest.approx(1 - 0.025 ** (1 / 14)), "Clopper-Pearson, 0 of 14"


def test_regression_and_multiclass_get_the_error_per_group():
    groups = pd.Series(["a", "a", "b", "b"] * 10)
    regression = fairness_report(
        groups, np.arange(40.0), np.arange(40.0) + np.tile([0, 0, 1, 3], 10),
        task="regression", positive=None, min_size=5, resamples=100, seed=0,
    )  # fmt: skip
    assert regression["gaps"] == {"mean_absolute_error": pytest.approx(2.0)}
    multiclass = fairness_report(
        groups, np.array(list("xyzx") * 10), np.array(list("xyxx") * 10),
        task="classification", positive=None, min_size=5, resamples=100, seed=0,
    )  # fmt: skip
    assert [g["error_rate"]["value"] for g in multiclass["groups"]] == [0.0, 0.5]


def test_a_group_of_one_row_has_no_interval_rather_than_an_error():
    groups = pd.Series(["a"] * 30 + ["b"])
    y = np.array(["Yes", "No"] * 15 + ["Yes"])
    result = fairness_report(
        groups, y, y, task="classification", positive="Yes", min_size=5, resamples=100, seed=0
    )
    lone = result["groups"][1]
    assert (lone["size"], lone["too_small"]) == (1, True)
    assert lone["selection_rate"] == {"value": 1.0, "ci_low": None, "ci_high": None}


def majority_report(**model) -> dict:
    """The evaluation of a carData Arrests model as it was seen: ROC AUC clears the
    baseline, yet it predicts "Yes" for 1,023 of 1,046 test rows."""
    return {
        "task": "classification",
        "main_metric": "roc_auc",
        "metrics": {
            "roc_auc": {
                "value": 0.722,
                "ci_low": 0.673,
                "ci_high": 0.762,
                "baseline": 0.5,
                "lift_ci_low": 0.173,
                "lift_ci_high": 0.262,
                "higher_is_better": True,
            },
            "balanced_accuracy": {
                "value": 0.520,
                "ci_low": 0.505,
                "ci_high": 0.536,
                "baseline": 0.5,
                "higher_is_better": True,
            },
        },  # fmt: skip
        "model": {"class_weight": None, "resampling": "none", "threshold": None, **model},
        "class_distribution": {"test": {"No": 179, "Yes": 867}},
        "confusion_matrix": {"labels": ["No", "Yes"], "matrix": [[10, 169], [13, 854]]},
        "slices": [],
        "leakage": {"passed": True, "findings": []},
    }


GATE = {"beat_baseline": True, "min_balanced_accuracy_lift": 0.05, "max_one_class_share": 0.95}


def test_a_majority_class_model_fails_the_gate_with_the_knobs_to_try():
    report = majority_report()
    checks = {c.name: c for c in gate_checks(report, GATE)}
    assert checks["beats_baseline"].passed, "ROC AUC alone would let it through"
    assert not checks["balanced_accuracy_lift"].passed
    assert not checks["one_class_share"].passed
    assert checks["one_class_share"].detail == (
        "predicts `Yes` for 97.8% of test rows (82.9% are), limit 95%"
    )
    text = advice(report, list(checks.values()), GATE)
    assert text is not None
    for knob in ("train.class_weight: balanced", "train.threshold.tune: true", "train.resampling"):
        assert knob in text
    # Knobs already tried are not suggested again.
    tried = majority_report(class_weight="balanced")
    assert "class_weight" not in str(advice(tried, gate_checks(tried, GATE), GATE))


def test_overconfident_probabilities_get_the_next_recalibration_to_try():
    """As ggplot2's mpg with hist_gradient_boosting: seven classes in 234 cars, ECE 0.35
    (0.05 with sigmoid calibration)."""

    def advised(calibration: str, passed: bool = False) -> str | None:
        report = {"task": "classification", "metrics": {}, "model": {"calibration": calibration}}
        return advice(report, [GateCheck("calibration", passed, "ECE = 0.350, limit 0.2")], GATE)

    assert "`train.calibration: sigmoid`" in str(advised("none"))
    assert "`train.calibration: isotonic`" in str(advised("sigmoid"))
    assert "another `train.model`" in str(advised("isotonic"))
    assert advised("none", passed=True) is None


def test_a_model_that_tells_the_classes_apart_passes_without_advice():
    report = majority_report()
    report["metrics"]["balanced_accuracy"]["value"] = 0.68
    report["confusion_matrix"]["matrix"] = [[120, 59], [250, 617]]
    checks = gate_checks(report, GATE)
    assert all(c.passed for c in checks), checks
    assert advice(report, checks, GATE) is None
    # A class that truly fills 97% of rows may be predicted for 97% of them.
    report["confusion_matrix"]["matrix"] = [[20, 10], [5, 1011]]
    assert all(c.passed for c in gate_checks(report, GATE))


def test_max_slice_gap_limits_any_per_group_metric_by_name():
    report = majority_report()
    report["fairness"] = [
        {"column": "colour", "gaps": {"false_negative_rate": 0.12, "selection_rate": 0.03}}
    ]
    limits = {"false_negative_rate": 0.1, "selection_rate": 0.05, "accuracy": 0.1}
    checks = [c for c in gate_checks(report, {"max_slice_gap": limits}) if c.name == "slice_gap"]
    assert [(c.passed, c.detail) for c in checks] == [
        (False, "false_negative_rate gap 0.120 across colour, limit 0.1"),
        (True, "selection_rate gap 0.030 across colour, limit 0.05"),
        (False, "accuracy: not measured (measured: false_negative_rate, selection_rate)"),
    ]


def test_the_card_says_which_sensitive_attributes_the_model_uses(arrests_like):
    groups, y_true, y_pred = arrests_like
    frame = pd.DataFrame({"colour": groups, "sex": "Male", "religion": "Hindu"})
    measured = fairness_report(
        groups, y_true, y_pred, task="classification", positive="Yes", min_size=20,
        resamples=100, seed=0,
    )  # fmt: skip
    report = {
        "fairness": [
            {"column": "colour", "characteristic": "race, colour or ethnicity",
             "found_by": "values", "positive_label": "Yes", **measured}
        ]
    }  # fmt: skip
    text = "\n\n".join(fairness_paragraphs(report, find_sensitive(frame)))
    assert "as features: `colour`: race, colour or ethnicity (by its values)." in text
    assert "not used by the model: `sex`: sex or gender (by its name); `religion`" in text
    assert "demographic-parity difference" in text and "equalized-odds difference" in text
    assert "| group | rows | selection rate (95% CI) | false-positive rate (95% CI) |" in text
    assert "No column looks like a protected characteristic" in fairness_paragraphs({}, [])[0]
