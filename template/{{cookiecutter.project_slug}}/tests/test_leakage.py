"""Each kind of leak is flagged, naming the rows or column; a clean split passes."""

import numpy as np
import pandas as pd
import pytest

from {{ cookiecutter.package_name }}.evaluation import leakage
from {{ cookiecutter.package_name }}.evaluation.leakage import check_leakage, shared_rows


@pytest.fixture
def clean(tiny_frame) -> pd.DataFrame:
    """Distinct rows whose features say nothing about the label (unlike `numeric`)."""
    unrelated = np.random.default_rng(11).normal(size=len(tiny_frame))
    return tiny_frame[["colour", "label"]].assign(unrelated=unrelated)


def check(frame: pd.DataFrame, test: pd.DataFrame | None = None) -> dict:
    test = frame.iloc[40:] if test is None else test
    return check_leakage(frame.iloc[:40], test, "label", "classification", 0.98, seed=0)


def finding(report: dict, kind: str) -> dict:
    return next(f for f in report["findings"] if f["check"] == kind)


def test_clean_split_passes(clean):
    report = check(clean)
    assert report["passed"], report["findings"]


def test_rows_shared_by_train_and_test_are_flagged(clean):
    report = check(clean, pd.concat([clean.iloc[40:], clean.iloc[:3]], ignore_index=True))
    assert finding(report, "shared_rows")["rows"] == [20, 21, 22]
    assert not report["passed"]


def test_a_copy_of_the_target_is_flagged(clean):
    report = check(clean.assign(outcome=clean["label"]))
    assert "'outcome'" in finding(report, "target_copy")["detail"]


def test_a_near_perfect_single_feature_is_flagged(clean, tiny_frame):
    report = check(clean.assign(leak=tiny_frame["numeric"] * 10))
    assert finding(report, "single_feature_predictor")["columns"] == ["leak"]
    assert report["single_feature_scores"]["leak"] >= 0.98


def test_a_leak_is_found_in_a_table_sorted_by_it():
    """As R ships MASS birthwt (`low` is `bwt` < 2500): rows by class, then by the leaking
    column. Folds taken in file order trained on no row near the boundary and scored the
    leak 0.86 there; shuffled folds see the whole range."""
    rng = np.random.default_rng(0)
    weight = rng.normal(3000, 700, size=200).round()
    weight = weight[np.abs(weight - 2500) > 25][:150]  # birthwt: 2495 g at most, then 2523
    frame = pd.DataFrame(
        {
            "weight": weight,
            "noise": rng.normal(size=150),
            "label": np.where(weight < 2500, "low", "normal"),
        }
    ).sort_values(["label", "weight"], ignore_index=True)
    report = check_leakage(frame, frame.iloc[:10], "label", "classification", 0.98, seed=0)
    assert finding(report, "single_feature_predictor")["columns"] == ["weight"]


def test_a_large_training_split_is_checked_on_a_sample_that_still_finds_the_leak(
    clean, tiny_frame, monkeypatch
):
    """Past SINGLE_FEATURE_ROWS training rows, the trees fit on a seeded sample of them."""
    monkeypatch.setattr(leakage, "SINGLE_FEATURE_ROWS", 30)
    report = check(clean.assign(leak=tiny_frame["numeric"] * 10))
    assert report["single_feature_rows"] == 30
    assert finding(report, "single_feature_predictor")["columns"] == ["leak"]
    assert check(clean)["passed"]


def test_equal_rows_on_both_sides_of_a_split_by_time_or_group_are_no_leak(clean):
    test = pd.concat([clean.iloc[40:], clean.iloc[:3]], ignore_index=True)
    for by in ("time", "group"):
        report = check_leakage(
            clean.iloc[:40], test, "label", "classification", 0.98, 0, {"by": by, "column": "c"}
        )
        assert report["passed"], report["findings"]


@pytest.mark.parametrize(
    ("split", "kind", "words"),
    [
        (
            {"by": "group", "column": "firm", "shared_groups": 2},
            "shared_entities",
            "2 firm value(s) are in both training and test",
        ),
        (
            {
                "by": "time",
                "column": "date",
                "train_period": ["2024-01-01", "2024-03-01"],
                "shared_periods": 4,
            },
            "test_not_after_training",
            "4 test row(s) are not after the last training date (2024-03-01)",
        ),
    ],
)
def test_a_split_sharing_an_entity_or_a_period_is_a_leak(clean, split, kind, words):
    report = check_leakage(
        clean.iloc[:40], clean.iloc[40:], "label", "classification", 0.98, 0, split
    )
    assert words in finding(report, kind)["detail"]
    assert not report["passed"]


def test_shared_rows_are_found_by_value_whatever_the_dtype():
    train = pd.DataFrame({"n": [1, 2, 3], "c": ["a", "b", None]})
    test = pd.DataFrame({"n": [3.0, 2.5, 1.0], "c": [None, "b", "a"]})
    assert shared_rows(train, test) == [0, 2]
